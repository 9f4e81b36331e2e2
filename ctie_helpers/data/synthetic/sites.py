"""Site / location assessment by key informants, two rounds around a crisis shock.

One simulation feeds two datasets, so they agree by construction: each site has a latent *true* state for five
community-level CT proxies in each round; two to four key informants (KIs) report on it with errors and "don't
know"; the site-level value in ``sites_assessment`` is the KI consensus (see :func:`consensus`), and the
individual answers are ``key_informants``.

Planted on purpose: recruiters offering jobs become markedly more common after the shock in exactly two
districts (:data:`RECRUITER_RISE_DISTRICTS`); elsewhere the share of sites stays roughly flat.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ctie_helpers.data.geography import site_list

__all__ = ["INDICATORS", "RECRUITER_RISE_DISTRICTS", "consensus", "simulate_sites"]

#: The five KI questions, in column order (0/1 answers, NA = "don't know").
INDICATORS = (
    "recruiters_reported",
    "children_working_outside",
    "armed_group_presence",
    "protection_mechanism_functioning",
    "safety_concerns_women_girls",
)

#: Districts (admin2) where recruiter reports rise after the shock: Ulvarro and Palmerrow.
RECRUITER_RISE_DISTRICTS = ("XA0203", "XA0402")

KI_ROLES = (
    "site_manager",
    "community_leader",
    "teacher",
    "health_worker",
    "womens_group_rep",
    "youth_rep",
    "cp_caseworker",
)
_ROLE_P = np.array([0.18, 0.24, 0.12, 0.12, 0.12, 0.10, 0.12])

# Median population by site type (round 1): camps are large, collective centres small.
_POP_MEDIAN = {"camp": 2500, "collective_centre": 400, "informal_settlement": 900, "host_community": 1800}

_P_DONT_KNOW = 0.04
# KIs under-report sensitive issues more often than they raise false alarms; hearsay is noisier both ways.
_P_YES_IF_TRUE = {"direct": 0.90, "hearsay": 0.78}
_P_YES_IF_FALSE = {"direct": 0.03, "hearsay": 0.08}


def consensus(answers: pd.Series | np.ndarray) -> int:
    """Site consensus of KI answers: 1 when at least half of the KIs who answered said yes.

    "Don't know" (NA) answers are left out. A tie counts as yes: for protection risks the precautionary
    reading is the one a response acts on. Returns 0 when nobody answered.
    """
    values = pd.Series(answers, dtype="Float64").dropna()
    if values.empty:
        return 0
    return int(2 * values.sum() >= len(values))


def _round1_probabilities(sites: pd.DataFrame) -> dict[str, np.ndarray]:
    st = sites["site_type"].to_numpy(dtype=object)
    informal = st == "informal_settlement"
    camp = st == "camp"
    host = st == "host_community"
    conflict_province = sites["admin1_pcode"].to_numpy(dtype=object) == "XA03"
    return {
        "recruiters_reported": np.where(informal, 0.20, 0.14),
        "children_working_outside": np.where(informal, 0.32, 0.22),
        "armed_group_presence": np.where(conflict_province, 0.35, 0.07),
        "protection_mechanism_functioning": np.select([camp, host], [0.70, 0.40], 0.55),
        "safety_concerns_women_girls": np.where(camp | informal, 0.45, 0.28),
    }


def _round2_probabilities(sites: pd.DataFrame, p1: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    hot = sites["admin2_pcode"].isin(RECRUITER_RISE_DISTRICTS).to_numpy()
    return {
        "recruiters_reported": np.where(hot, 0.68, p1["recruiters_reported"]),
        "children_working_outside": p1["children_working_outside"] + 0.08,
        "armed_group_presence": p1["armed_group_presence"] + 0.03,
        "protection_mechanism_functioning": p1["protection_mechanism_functioning"] - 0.08,
        "safety_concerns_women_girls": p1["safety_concerns_women_girls"] + 0.05,
    }


def _next_state(rng: np.random.Generator, state: np.ndarray, p1: np.ndarray, p2: np.ndarray) -> np.ndarray:
    """Round-2 truth: sites mostly keep their state (10% drop out), and enough switch on to reach ``p2``."""
    drop = 0.10
    gain = np.clip((p2 - p1 * (1 - drop)) / (1 - p1), 0.0, 1.0)
    u = rng.random(state.shape)
    return np.where(state == 1, u >= drop, u < gain).astype(np.int8)


def _population(rng: np.random.Generator, sites: pd.DataFrame) -> dict[int, dict[str, Any]]:
    n = len(sites)
    median = sites["site_type"].map(_POP_MEDIAN).to_numpy(dtype=float)
    total1 = np.maximum(150, np.round(median * rng.lognormal(0.0, 0.6, n))).astype(np.int64)
    # The shock displaces people into sites: most grow, a few shrink as families move on.
    total2 = np.maximum(150, np.round(total1 * rng.lognormal(0.13, 0.15, n))).astype(np.int64)
    out = {}
    for r, total in ((1, total1), (2, total2)):
        female = rng.binomial(total, 0.52)
        children = rng.binomial(total, 0.46)
        uasc = rng.binomial(children, 0.010 if r == 1 else 0.018)
        docs1 = rng.beta(2.0, 8.0, n) * 100
        out[r] = {
            "pop_total": total,
            "pop_female": female,
            "pop_male": total - female,
            "pop_children": children,
            "uasc_count": uasc,
            "pct_without_documents": docs1,
        }
    # Documents are lost in flight: round 2 keeps each site's level and adds 3-9 points.
    out[2]["pct_without_documents"] = np.clip(out[1]["pct_without_documents"] + rng.uniform(3, 9, n), 0, 100)
    return out


def _interview(rng: np.random.Generator, truth: dict[str, np.ndarray]) -> pd.DataFrame:
    """Two to four KIs per site answer each question; returns one row per KI (site index ``site``)."""
    n_sites = len(truth[INDICATORS[0]])
    n_ki = rng.choice([2, 3, 4], size=n_sites, p=[0.20, 0.45, 0.35])
    site = np.repeat(np.arange(n_sites), n_ki)
    k = len(site)
    role_idx = rng.choice(len(KI_ROLES), size=k, p=_ROLE_P)
    role = np.array(KI_ROLES, dtype=object)[role_idx]
    female = np.where(role == "womens_group_rep", True, rng.random(k) < 0.42)
    knowledge = np.where(rng.random(k) < 0.70, "direct", "hearsay")
    direct = knowledge == "direct"
    p_yes_true = np.where(direct, _P_YES_IF_TRUE["direct"], _P_YES_IF_TRUE["hearsay"])
    p_yes_false = np.where(direct, _P_YES_IF_FALSE["direct"], _P_YES_IF_FALSE["hearsay"])
    ki = pd.DataFrame(
        {
            "site": site,
            "ki_no": np.concatenate([np.arange(1, m + 1) for m in n_ki]),
            "ki_role": role,
            "ki_sex": np.where(female, "female", "male"),
            "knowledge_source": knowledge,
        }
    )
    first = ki["ki_no"].to_numpy() == 1
    for name in INDICATORS:
        true = truth[name][site]
        said_yes = (rng.random(k) < np.where(true == 1, p_yes_true, p_yes_false)).astype(float)
        answer = said_yes.copy()
        dk = rng.random(k) < _P_DONT_KNOW
        answer[dk] = np.nan
        # A site where every KI said "don't know" would have no consensus: the first KI then answers.
        all_dk = pd.Series(dk).groupby(site).transform("all").to_numpy()
        answer[all_dk & first] = said_yes[all_dk & first]
        ki[name] = pd.array(answer, dtype="Float64").astype("Int8")
    return ki


def simulate_sites(seed: int, scale: float = 1.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate both rounds of the assessment.

    Returns
    -------
    (sites, kis)
        ``sites``: one row per site and round with location, population and the KI consensus columns;
        ``kis``: one row per key informant with their answers. Both sorted by round then site P-code.
    """
    rng = np.random.default_rng(seed)
    frame = site_list(scale)
    p1 = _round1_probabilities(frame)
    p2 = _round2_probabilities(frame, p1)
    truth1 = {k: (rng.random(len(frame)) < p).astype(np.int8) for k, p in p1.items()}
    truth2 = {k: _next_state(rng, truth1[k], p1[k], p2[k]) for k in INDICATORS}
    pops = _population(rng, frame)

    site_rows, ki_rows = [], []
    for rnd, truth in ((1, truth1), (2, truth2)):
        ki = _interview(rng, truth)
        grouped = ki.groupby("site", sort=True)
        site_df = frame.copy()
        site_df.insert(0, "round", rnd)
        for col, values in pops[rnd].items():
            site_df[col] = values
        site_df["ki_count"] = grouped.size().to_numpy()
        agree = np.zeros(len(frame))
        for name in INDICATORS:
            yes = grouped[name].sum().to_numpy()
            answered = grouped[name].count().to_numpy()
            cons = (2 * yes >= answered).astype(np.int8)
            site_df[name] = cons
            agree += np.where(cons == 1, yes, answered - yes) / answered
        site_df["ki_agreement"] = np.round(agree / len(INDICATORS), 2)
        site_rows.append(site_df)

        ki.insert(0, "round", rnd)
        for col in ("site_pcode", "admin1_pcode", "admin2_pcode"):
            ki[col] = frame[col].to_numpy()[ki["site"].to_numpy()]
        ki_rows.append(ki)

    sites = pd.concat(site_rows, ignore_index=True)
    kis = pd.concat(ki_rows, ignore_index=True)
    kis["ki_id"] = kis["site_pcode"] + "-R" + kis["round"].astype(str) + "-K" + kis["ki_no"].astype(str)
    return sites, kis.drop(columns=["site", "ki_no"])
