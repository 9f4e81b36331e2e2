"""Design-based proportions: hand-computed variance, DEFF under SRS and clustering, domains, ICC."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ctie_helpers.analysis.survey import by_group, icc_anova, weighted_proportion

# Two strata; stratum A has three clusters, stratum B two. Weights differ by cluster.
SMALL = pd.DataFrame(
    {
        "stratum": ["A"] * 7 + ["B"] * 5,
        "cluster_id": ["a1", "a1", "a1", "a2", "a2", "a3", "a3", "b1", "b1", "b1", "b2", "b2"],
        "weight": [2, 2, 2, 3, 3, 1, 1, 4, 4, 4, 5, 5],
        "y": [1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0],
        "sex": ["f", "m", "f", "m", "f", "f", "m", "m", "f", "f", "m", "f"],
    }
)


def hand_variance(df, p, domain=None):
    """Ultimate-cluster variance written out cluster by cluster (an independent check)."""
    inside = np.ones(len(df), bool) if domain is None else domain.to_numpy()
    total_w = df.loc[inside, "weight"].sum()
    var = 0.0
    for _, stratum in df.groupby("stratum"):
        totals = []
        for _, cl in stratum.groupby("cluster_id"):
            mask = inside[cl.index]
            totals.append(float(np.sum(cl["weight"][mask] * (cl["y"][mask] - p))) / total_w)
        totals = np.array(totals)
        nh = len(totals)
        var += nh / (nh - 1) * np.sum((totals - totals.mean()) ** 2)
    return var


def test_weighted_proportion_equals_hand_computation():
    est = weighted_proportion(SMALL, "y")
    p = (2 + 2 + 1 + 1 + 4) / (6 + 6 + 2 + 12 + 10)  # Σwy / Σw = 10/36
    assert est.estimate == pytest.approx(p)
    assert est.se == pytest.approx(np.sqrt(hand_variance(SMALL, p)), rel=1e-12)
    assert est.n == 12
    assert est.deff == pytest.approx(est.se**2 / (p * (1 - p) / 11))
    assert est.n_eff == pytest.approx(12 / est.deff)
    # logit interval by hand
    lz = np.log(p / (1 - p))
    half = 1.959963984540054 * est.se / (p * (1 - p))
    assert est.lower == pytest.approx(1 / (1 + np.exp(-(lz - half))))
    assert est.upper == pytest.approx(1 / (1 + np.exp(-(lz + half))))


def test_domain_estimate_keeps_every_cluster_in_the_variance():
    table = by_group(SMALL, "y", by="sex")
    women = SMALL["sex"].eq("f")
    p_f = np.sum(SMALL.weight[women] * SMALL.y[women]) / SMALL.weight[women].sum()
    row = table.set_index("sex").loc["f"]
    assert row["estimate"] == pytest.approx(p_f)
    assert row["se"] == pytest.approx(np.sqrt(hand_variance(SMALL, p_f, women)), rel=1e-12)
    assert int(row["n"]) == int(women.sum())
    assert list(table.columns[:2]) == ["sex", "estimate"]


def test_srs_has_deff_one_and_matches_binomial_se():
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"y": (rng.random(4000) < 0.3).astype(int)})
    est = weighted_proportion(df, "y", weight=None, cluster=None, strata=None)
    p = df["y"].mean()
    assert est.deff == pytest.approx(1.0, abs=1e-9)
    assert est.se == pytest.approx(np.sqrt(p * (1 - p) / 3999))


def simulate_clustered(rng, n_clusters, m, p, icc):
    # Cluster prevalence ~ Beta with mean p and a + b = 1/icc − 1, so binary responses within a
    # cluster have intraclass correlation icc.
    ab = 1 / icc - 1
    pc = rng.beta(p * ab, (1 - p) * ab, n_clusters)
    y = (rng.random((n_clusters, m)) < pc[:, None]).astype(int).ravel()
    return pd.DataFrame({"y": y, "cluster_id": np.repeat(np.arange(n_clusters), m),
                         "stratum": np.repeat(np.arange(n_clusters) % 5, m), "weight": 1.0})


def test_clustered_sample_has_deff_near_design_effect_formula():
    df = simulate_clustered(np.random.default_rng(5), 3000, 10, 0.3, 0.1)
    est = weighted_proportion(df, "y")
    assert 1.7 < est.deff < 2.1  # 1 + (10 − 1) × 0.1 = 1.9
    assert icc_anova(df, "y", "cluster_id") == pytest.approx(0.1, abs=0.02)
    assert est.n_eff == pytest.approx(len(df) / est.deff)


def test_interval_options_and_edge_cases():
    df = simulate_clustered(np.random.default_rng(9), 60, 10, 0.2, 0.1)
    logit = weighted_proportion(df, "y")
    wald = weighted_proportion(df, "y", interval="wald")
    wilson = weighted_proportion(df, "y", interval="wilson")
    for est in (logit, wald, wilson):
        assert est.lower < est.estimate < est.upper
    assert wald.upper - wald.estimate == pytest.approx(1.959963984540054 * wald.se)
    zero = df.assign(y=0)
    est = weighted_proportion(zero, "y")
    assert est.estimate == 0 and est.lower == 0 and 0 < est.upper < 0.01


def test_missing_values_are_left_out_but_ids_checked():
    df = SMALL.assign(y=SMALL["y"].astype(float))
    df.loc[0, "y"] = np.nan
    est = weighted_proportion(df, "y")
    assert est.n == 11 and est.estimate == pytest.approx(8 / 34)
    with pytest.raises(ValueError, match="column 'y' must hold 0/1 .* row 4"):
        weighted_proportion(SMALL.assign(y=[1, 0, 1, 0, 2, 1, 1, 0, 1, 0, 0, 0]), "y")
    with pytest.raises(ValueError, match="weight column 'weight' must be positive numbers; row 1"):
        weighted_proportion(SMALL.assign(weight=[2, -1, 2, 3, 3, 1, 1, 4, 4, 4, 5, 5]), "y")
    with pytest.raises(ValueError, match=r"\['nope'\] not found"):
        by_group(SMALL, "y", by="nope")
    with pytest.raises(ValueError, match="interval must be"):
        weighted_proportion(SMALL, "y", interval="exact")


def test_icc_anova_known_answer():
    # Two clusters of 3: between MS = 6·(1/3)²·... computed by hand: y = [1,1,1 | 0,0,1]
    df = pd.DataFrame({"y": [1, 1, 1, 0, 0, 1], "c": [1, 1, 1, 2, 2, 2]})
    msb = 3 * ((1 - 2 / 3) ** 2 + (1 / 3 - 2 / 3) ** 2) / 1
    msw = (0 + 2 * (1 / 3) ** 2 + (2 / 3) ** 2) / 4
    assert icc_anova(df, "y", "c") == pytest.approx((msb - msw) / (msb + 2 * msw))
