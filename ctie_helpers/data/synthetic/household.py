"""``household_survey``: an MSNA-like two-stage cluster sample with a CT module, ~3,000 households.

Design: five strata (the provinces). Stage 1 selects 30 sites per stratum with probability proportional to
size (the round-2 population of the site assessment, the latest frame an analyst would have), certainty units
taken out first; stage 2 selects 20 households per site by simple random sampling. The design weight is the
inverse of the overall selection probability, so the weights of a stratum sum (about) to its households.

Planted on purpose: binary indicators share a cluster effect. Each site's prevalence is drawn from a Beta
distribution with ``a + b = 1/ICC - 1`` (ICC = 0.10 on the binary scale), tied across indicators by a
common site "deprivation" score, so a one-way ANOVA estimate of the ICC is near 0.1 and the design effect of
20 interviews per cluster is about 1 + 19 x 0.1 = 2.9.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctie_helpers.data.geography import ADMIN1, ADMIN2
from ctie_helpers.data.synthetic import site_assessment
from ctie_helpers.data.synthetic.schema import Column, coerce

__all__ = ["CLUSTERS_PER_STRATUM", "COLUMNS", "DEFAULT_SEED", "HOUSEHOLDS_PER_CLUSTER", "KEY", "PLANTED_ICC",
           "household_survey"]

DEFAULT_SEED = 4242
KEY = ("hh_id",)
CLUSTERS_PER_STRATUM = 30
HOUSEHOLDS_PER_CLUSTER = 20
PLANTED_ICC = 0.10
_PERSONS_PER_HOUSEHOLD = 5.5

# Mean prevalence of each cluster-correlated indicator, and how strongly it follows site deprivation.
_INDICATORS: dict[str, tuple[float, float]] = {
    "debt_cannot_repay": (0.38, 0.8),
    "member_lost_contact": (0.09, 0.6),
    "child_marriage_coping": (0.07, 0.6),
    "crisis_coping": (0.30, 0.8),
    "children_out_of_school": (0.33, 0.5),
    "aware_reporting": (0.42, -0.6),
    "no_id_documents": (0.18, 0.6),
}

_BIN = (0, 1)
COLUMNS: tuple[Column, ...] = (
    Column("hh_id", "string", "#household+id", "household id: <site>-H<nn> (no names, no addresses)"),
    Column("stratum", "string", "#adm1+code+stratum", "sampling stratum (the province)",
           allowed=tuple(a.pcode for a in ADMIN1)),
    Column("cluster_id", "string", "#loc+code+cluster", "primary sampling unit = site P-code"),
    Column("admin1_pcode", "string", "#adm1+code", "province P-code", allowed=tuple(a.pcode for a in ADMIN1)),
    Column("admin2_pcode", "string", "#adm2+code", "district P-code", allowed=tuple(a.pcode for a in ADMIN2)),
    Column("weight", "float64", "#meta+weight", "design weight = 1 / (P(site) x P(household | site))",
           minimum=1, decimals=3),
    Column("hh_head_sex", "string", "#respondent+head+sex", "sex of the household head", allowed=("female", "male")),
    Column("hh_head_age", "Int8", "#respondent+head+age", "age of the household head in years", minimum=14, maximum=90),
    Column("hh_size", "Int8", "#household+size", "people in the household", minimum=1, maximum=16),
    Column("displacement_status", "string", "#population+status", "displacement status of the household",
           allowed=("idp", "host", "returnee")),
    Column("female_headed", "Int8", "#affected+hh+head+f", "1 = female-headed (IND-09)", allowed=_BIN),
    Column("child_headed", "Int8", "#affected+hh+head+children", "1 = head under 18 (IND-09)", allowed=_BIN),
    Column("debt_cannot_repay", "Int8", "#affected+hh+debt+unpayable", "1 = debt the household cannot repay (IND-05)", allowed=_BIN),
    Column("member_lost_contact", "Int8", "#affected+hh+member+lost_contact",
           "1 = a member left for work in the last 3 months and contact is lost (IND-06)", allowed=_BIN),
    Column("child_marriage_coping", "Int8", "#affected+hh+coping+child_marriage",
           "1 = child or early marriage used as a coping strategy (IND-07)", allowed=_BIN),
    Column("crisis_coping", "Int8", "#affected+hh+coping+crisis",
           "1 = crisis or emergency livelihood coping strategies (IND-08)", allowed=_BIN),
    Column("children_out_of_school", "Int8", "#affected+hh+children+out_of_school",
           "1 = a school-age child is out of school (IND-25); blank = no school-age children", allowed=_BIN,
           nullable=True),
    Column("aware_reporting", "Int8", "#affected+hh+aware+reporting", "1 = respondent knows where to report exploitation (IND-04)",
           allowed=_BIN),
    Column("no_id_documents", "Int8", "#affected+hh+documents+none", "1 = a member has no valid identity document (IND-01)",
           allowed=_BIN),
)


def _pps_select(rng: np.random.Generator, size: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Select ``m`` units with probability proportional to ``size``; return (indices, inclusion probabilities).

    Units whose expected hits reach 1 are certainty units (probability 1); the rest are drawn by systematic
    PPS from a random order, which gives each exactly its inclusion probability ``m' * size / total'``.
    """
    n = len(size)
    prob = np.zeros(n)
    certain = np.zeros(n, dtype=bool)
    m_left = min(m, n)
    while True:
        rest = ~certain
        p = m_left * size / size[rest].sum()
        new = rest & (p >= 1)
        if not new.any():
            break
        certain |= new
        m_left = m - int(certain.sum())
    prob[certain] = 1.0
    rest_idx = np.flatnonzero(~certain)
    chosen = list(np.flatnonzero(certain))
    if m_left > 0:
        order = rng.permutation(rest_idx)
        cum = np.cumsum(size[order])
        step = cum[-1] / m_left
        points = rng.uniform(0, step) + step * np.arange(m_left)
        chosen += list(order[np.searchsorted(cum, points, side="right")])
        prob[rest_idx] = m_left * size[rest_idx] / size[rest_idx].sum()
    chosen_arr = np.sort(np.array(chosen, dtype=int))
    return chosen_arr, prob[chosen_arr]


def _frame(scale: float) -> pd.DataFrame:
    sites = site_assessment.sites_assessment(site_assessment.DEFAULT_SEED, scale)
    frame = sites[sites["round"] == 2][["site_pcode", "admin1_pcode", "admin2_pcode", "pop_total"]]
    frame = frame.reset_index(drop=True)
    frame["households"] = np.maximum(
        HOUSEHOLDS_PER_CLUSTER, np.round(frame["pop_total"].to_numpy() / _PERSONS_PER_HOUSEHOLD)
    ).astype(int)
    return frame


def household_survey(seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """Generate the household survey: ``5 x round(30 * scale)`` clusters x 20 households."""
    # Only generating needs it; a course page that loads the committed data (data.load imports this module
    # through the registry) does not, and the offline edition's browser would otherwise download scipy
    # (20 MB) for any page reading data. Not scipy.stats: its import alone takes seconds.
    # deferred: saves 1550 ms at import of ctie_helpers.data.synthetic.household (1.5-2.2 s, loaded machine)
    from scipy import special

    rng = np.random.default_rng(seed)
    frame = _frame(scale)
    m = max(2, int(round(CLUSTERS_PER_STRATUM * scale)))
    ab = 1.0 / PLANTED_ICC - 1.0
    clusters = []
    for stratum in ADMIN1:
        sub = frame[frame["admin1_pcode"] == stratum.pcode].reset_index(drop=True)
        idx, p_site = _pps_select(rng, sub["households"].to_numpy(dtype=float), m)
        chosen = sub.iloc[idx].assign(stratum=stratum.pcode, p_site=p_site)
        clusters.append(chosen)
    cl = pd.concat(clusters, ignore_index=True)
    k = HOUSEHOLDS_PER_CLUSTER
    c = len(cl)
    weight = np.round(1.0 / (cl["p_site"].to_numpy() * k / cl["households"].to_numpy()), 3)
    df = pd.DataFrame({
        "hh_id": [f"{site}-H{j:02d}" for site in cl["site_pcode"] for j in range(1, k + 1)],
        "stratum": np.repeat(cl["stratum"].to_numpy(dtype=object), k),
        "cluster_id": np.repeat(cl["site_pcode"].to_numpy(dtype=object), k),
        "admin1_pcode": np.repeat(cl["admin1_pcode"].to_numpy(dtype=object), k),
        "admin2_pcode": np.repeat(cl["admin2_pcode"].to_numpy(dtype=object), k),
        "weight": np.repeat(weight, k),
    })
    # Site deprivation ties the indicators together; each gets its own Beta draw via a Gaussian copula.
    deprivation = rng.normal(size=c)
    for name, (mean, loading) in _INDICATORS.items():
        z = loading * deprivation + np.sqrt(1 - loading**2) * rng.normal(size=c)
        p_cluster = special.betaincinv(mean * ab, (1 - mean) * ab, special.ndtr(z))  # Beta quantile of Phi(z)
        df[name] = (rng.random((c, k)) < p_cluster[:, None]).astype(np.int8).ravel()
    n = len(df)
    female = rng.random(n) < 0.31
    age = np.clip(np.round(rng.normal(41, 13, n)), 18, 85)
    child_head = rng.random(n) < 0.012
    age = np.where(child_head, rng.integers(14, 18, n), age)
    size = np.clip(rng.poisson(4.6, n) + 1, 1, 16)
    df["hh_head_sex"] = np.where(female, "female", "male")
    df["hh_head_age"] = age.astype(int)
    df["hh_size"] = size
    df["displacement_status"] = rng.choice(["idp", "host", "returnee"], size=n, p=[0.62, 0.28, 0.10])
    df["female_headed"] = female.astype(np.int8)
    df["child_headed"] = child_head.astype(np.int8)
    # Households without school-age children were not asked the schooling question.
    no_school_age = rng.random(n) < np.where(size <= 2, 0.75, 0.12)
    df["children_out_of_school"] = pd.array(df["children_out_of_school"], dtype="Int8")
    df.loc[no_school_age, "children_out_of_school"] = pd.NA
    return coerce(df, COLUMNS)
