"""``service_lists``: four agency lists of identified persons, as a capture-history table with a known answer.

A closed population of ``TRUE_POPULATION`` (1,200 at scale 1) potential victims in Ardania is drawn once.
Four agencies each list some of them: A (CT case management), B (shelter/safe house), C (police
referrals), D (hotline). Capture probabilities are heterogeneous: a person's visibility (lognormal on the
logit scale) raises every list's chance at once, and children and people in sexual exploitation are more
visible to some lists than to others. B depends positively on A: agency A refers its cases to the shelter, so a
person on A is far more likely to be on B. Only the aggregated table is published: one row per observed
history (``0000`` cannot be observed and is absent), with its count.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ctie_helpers.data.synthetic.schema import Column, coerce

__all__ = ["BASE_CAPTURE", "COLUMNS", "DEFAULT_SEED", "KEY", "LISTS", "TRUE_POPULATION", "service_lists",
           "true_population"]

DEFAULT_SEED = 1200
TRUE_POPULATION = 1200
LISTS = ("list_a", "list_b", "list_c", "list_d")
KEY = LISTS
#: Capture probability of an average person on each list, before heterogeneity and the A->B referral.
BASE_CAPTURE = {"list_a": 0.25, "list_b": 0.12, "list_c": 0.15, "list_d": 0.10}
#: Odds ratio of being on B for people on A (the planted positive dependence).
REFERRAL_ODDS_RATIO = 6.0
_VISIBILITY_SD = 0.9

_AGENCY = {"list_a": "CT case management agency", "list_b": "shelter / safe house",
           "list_c": "police referrals", "list_d": "hotline"}
COLUMNS: tuple[Column, ...] = (
    *(Column(name, "Int8", f"#indicator+list+{name[-1]}", f"1 = on list {name[-1].upper()} ({_AGENCY[name]})",
             allowed=(0, 1)) for name in LISTS),
    Column("count", "Int64", "#affected+num", "people with this capture history", minimum=0),
)


def true_population(scale: float = 1.0) -> int:
    """The size of the population the lists were drawn from (what MSE tries to estimate)."""
    return max(50, int(round(TRUE_POPULATION * scale)))


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def service_lists(seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """Generate the capture-history table: all 15 observable histories (a count may be 0), in binary order."""
    rng = np.random.default_rng(seed)
    n = true_population(scale)
    visibility = rng.normal(0, _VISIBILITY_SD, n)
    child = rng.random(n) < 0.35
    sexual = rng.random(n) < 0.40
    shift = {
        "list_a": np.zeros(n),
        "list_b": np.where(child, 0.4, 0.0),  # shelters take children first
        "list_c": np.where(sexual, 0.5, -0.2),  # police raids find sexual exploitation more than labour
        "list_d": np.where(child, -0.8, 0.2),  # children rarely call hotlines
    }
    on: dict[str, np.ndarray] = {}
    for name in LISTS:
        logit = _logit(BASE_CAPTURE[name]) + visibility + shift[name]
        if name == "list_b":
            logit = logit + np.log(REFERRAL_ODDS_RATIO) * on["list_a"]
        on[name] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int8)
    seen = pd.DataFrame(on)
    counts = seen.value_counts().to_dict()
    rows = [(*h, counts.get(h, 0)) for h in itertools.product((0, 1), repeat=len(LISTS)) if any(h)]
    table = pd.DataFrame(rows, columns=[*LISTS, "count"])
    table.attrs["true_population"] = n
    out = coerce(table, COLUMNS)
    out.attrs["true_population"] = n
    return out
