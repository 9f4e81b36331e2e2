"""Indicators: hand-checked tables, composite and weighted forms, round comparison, planted change."""

from __future__ import annotations

import tracemalloc
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from ctie_helpers.analysis.indicators import compare_rounds, compute_indicator, flag_changes
from ctie_helpers.analysis.sampling import wilson_interval
from ctie_helpers.analysis.survey import by_group

HH = pd.DataFrame(
    {
        "admin1_pcode": ["XA01", "XA01", "XA01", "XA01", "XA02", "XA02", "XA02"],
        "hh_head_sex": ["f", "m", "f", "m", "f", "f", "m"],
        "weight": [1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 2.0],
        "debt_cannot_repay": [1, 0, 1, 0, 1, 0, 0],
        "fm_forced_work": [0, 0, np.nan, 1, 0, np.nan, np.nan],
        "fm_held_against_will": [1, 0, np.nan, 0, 0, 1, np.nan],
        "uasc_count": [2, 0, 1, 3, 0, 4, 1],
        "pop_children": [20, 10, 10, 20, 10, 40, 30],
        "hh_size": [4, 6, 5, 3, 7, 2, 5],
    }
)


def test_unweighted_proportion_by_area_is_hand_checked():
    out = compute_indicator(HH, "debt_cannot_repay", "proportion", by="admin1_pcode")
    assert list(out.columns) == ["admin1_pcode", "indicator", "aggregation", "value", "numerator",
                                 "denominator", "n", "lower", "upper", "n_with"]
    a, b = out.set_index("admin1_pcode").loc["XA01"], out.set_index("admin1_pcode").loc["XA02"]
    assert (a["value"], a["numerator"], a["denominator"], a["n"]) == (0.5, 2, 4, 4)
    assert b["value"] == pytest.approx(1 / 3) and b["n"] == 3
    assert (a["lower"], a["upper"]) == pytest.approx(wilson_interval(2, 4))


def test_weighted_proportion_two_way_disaggregation():
    out = compute_indicator(HH, "debt_cannot_repay", "proportion", weight="weight",
                            by=["admin1_pcode", "hh_head_sex"]).set_index(["admin1_pcode", "hh_head_sex"])
    assert out.loc[("XA02", "f"), "value"] == pytest.approx(3 / 4)  # weights 3 (yes) and 1 (no)
    assert out.loc[("XA01", "m"), "value"] == 0.0
    assert out.loc[("XA02", "f"), "denominator"] == 4.0
    assert len(out) == 4


def test_composite_any_yes_ignores_rows_never_asked():
    out = compute_indicator(HH, ["fm_forced_work", "fm_held_against_will"], "proportion")
    # any yes by row: 1, 0, NaN, 1, 0, 1, NaN -> 3 of 5
    assert out.loc[0, "value"] == pytest.approx(0.6) and out.loc[0, "n"] == 5
    assert out.loc[0, "indicator"] == "fm_forced_work+fm_held_against_will"


def test_rate_count_and_mean():
    rate = compute_indicator(HH, ["uasc_count", "pop_children"], "rate", by="admin1_pcode", per=100)
    r = rate.set_index("admin1_pcode")
    assert r.loc["XA01", "value"] == pytest.approx(100 * 6 / 60)
    assert r.loc["XA02", "value"] == pytest.approx(100 * 5 / 80)
    # linearised SE of a ratio by hand for XA01: e = y − R x
    y, x = np.array([2, 0, 1, 3]), np.array([20, 10, 10, 20])
    se = np.sqrt(4 / 3 * np.sum((y - 0.1 * x) ** 2)) / 60
    assert r.loc["XA01", "upper"] == pytest.approx(100 * (0.1 + 1.959963984540054 * se))
    count = compute_indicator(HH, "uasc_count", "count", weight="weight")
    assert count.loc[0, "value"] == 2 + 0 + 1 + 3 + 0 + 4 + 2 and np.isnan(count.loc[0, "lower"])
    mean = compute_indicator(HH, "hh_size", "mean")
    assert mean.loc[0, "value"] == pytest.approx(32 / 7)
    sd = HH["hh_size"].std(ddof=1)
    assert mean.loc[0, "upper"] - mean.loc[0, "value"] == pytest.approx(1.959963984540054 * sd / np.sqrt(7))


def test_indicator_object_from_the_registry_is_accepted():
    ind = SimpleNamespace(id="IND-05", columns=["debt_cannot_repay"], aggregation="percent", dataset="household_survey")
    out = compute_indicator(HH, ind, by="admin1_pcode")
    assert set(out["indicator"]) == {"IND-05"} and set(out["aggregation"]) == {"proportion"}
    assert out["value"].tolist() == pytest.approx([0.5, 1 / 3])


def test_design_based_proportion_matches_survey_module():
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"cluster_id": np.repeat(np.arange(40), 12), "stratum": np.repeat(np.arange(40) % 4, 12),
                       "weight": rng.uniform(0.5, 2.0, 480), "admin1_pcode": rng.choice(["XA01", "XA02"], 480),
                       "debt_cannot_repay": (rng.random(480) < 0.3).astype(int)})
    out = compute_indicator(df, "debt_cannot_repay", "proportion", weight="weight", by="admin1_pcode",
                            cluster="cluster_id", strata="stratum")
    ref = by_group(df, "debt_cannot_repay", by="admin1_pcode")
    np.testing.assert_allclose(out["value"], ref["estimate"])
    np.testing.assert_allclose(out[["lower", "upper"]], ref[["lower", "upper"]])
    assert "deff" in out.columns


def test_compare_rounds_reproduces_newcombe_example():
    # Newcombe (1998), example (a): 56/70 vs 48/80, method 10 interval 0.0524 to 0.3339.
    df = pd.DataFrame({"round": [1] * 80 + [2] * 70, "y": [1] * 48 + [0] * 32 + [1] * 56 + [0] * 14})
    out = compare_rounds(df, "y")
    assert out.loc[0, "change"] == pytest.approx(0.2)
    assert (out.loc[0, "lower"], out.loc[0, "upper"]) == pytest.approx((0.0524, 0.3339), abs=1e-4)
    assert bool(out.loc[0, "significant"]) and out.loc[0, "p_value"] < 0.05


def planted_sites(seed=4):
    rng = np.random.default_rng(seed)
    districts = [f"XA01{d:02d}" for d in range(1, 13)]
    rows = []
    for rnd in (1, 2):
        for d in districts:
            p = 0.65 if rnd == 2 and d in ("XA0103", "XA0109") else 0.15
            rows.append(pd.DataFrame({"round": rnd, "admin2_pcode": d,
                                      "recruiters_reported": (rng.random(60) < p).astype(int)}))
    return pd.concat(rows, ignore_index=True)


def test_flag_changes_finds_the_planted_rise():
    df = planted_sites()
    flagged = flag_changes(df, "recruiters_reported", by="admin2_pcode", adjust="bonferroni")
    assert set(flagged["admin2_pcode"]) == {"XA0103", "XA0109"}
    assert (flagged["change"] > 0.3).all()
    unadjusted = flag_changes(df, "recruiters_reported", by="admin2_pcode")
    assert {"XA0103", "XA0109"} <= set(unadjusted["admin2_pcode"])
    assert flag_changes(df, "recruiters_reported", by="admin2_pcode", direction="decrease",
                        adjust="bonferroni").empty


def test_small_areas_are_not_flagged():
    df = planted_sites()
    assert flag_changes(df, "recruiters_reported", by="admin2_pcode", min_n=61).empty


def test_million_row_household_file_stays_under_three_times_its_size():
    # Shaped like household_survey as read from CSV: ids and codes as text, 0/1 answers as int64.
    rng = np.random.default_rng(0)
    n = 1_000_000
    answers = ["female_headed", "child_headed", "debt_cannot_repay", "member_lost_contact",
               "child_marriage_coping", "crisis_coping", "children_out_of_school", "aware_reporting",
               "no_id_documents"]
    df = pd.DataFrame({"hh_id": np.char.add("H", np.arange(n).astype(str)).astype(object),
                       "admin1_pcode": rng.choice(["XA01", "XA02", "XA03"], n).astype(object),
                       "cluster_id": rng.integers(0, 2000, n), "weight": rng.uniform(0.5, 2.0, n),
                       "hh_size": rng.integers(1, 12, n), **{c: (rng.random(n) < 0.3).astype(np.int64) for c in answers}})
    size = df.memory_usage(deep=True).sum()
    tracemalloc.start()
    out = compute_indicator(df, "debt_cannot_repay", "proportion", weight="weight", by="admin1_pcode")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 0.5 * size  # issue 8 allows 3x; a handful of float arrays is far less
    yes = df["debt_cannot_repay"] == 1
    expected = (df["weight"][yes].groupby(df["admin1_pcode"][yes]).sum()
                / df["weight"].groupby(df["admin1_pcode"]).sum())
    np.testing.assert_allclose(out["value"], expected.to_numpy())


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: compute_indicator(HH, "nope", "proportion"), r"\['nope'\] not found"),
        (lambda: compute_indicator(HH, "hh_size", "proportion"), "must hold 0/1 .* row 0"),
        (lambda: compute_indicator(HH, "hh_size", "median"), "aggregation must be"),
        (lambda: compute_indicator(HH, "hh_size", None), "aggregation is required"),
        (lambda: compute_indicator(HH, "uasc_count", "rate"), "takes two columns"),
        (lambda: compute_indicator(HH.assign(weight=0.0), "hh_size", "mean", weight="weight"), "positive"),
        (lambda: compare_rounds(HH.assign(round=1), "debt_cannot_repay"), "two different rounds"),
        (lambda: flag_changes(planted_sites(), "recruiters_reported", by="admin2_pcode", direction="up"),
         "direction must be"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_registry_weighted_proportion_uses_the_design_weight():
    """The registry names survey indicators 'weighted_proportion': computed with the 'weight' column."""
    import pandas as pd
    import pytest

    from ctie_helpers.analysis.indicators import compute_indicator

    df = pd.DataFrame({"debt_cannot_repay": [1, 0, 0, 1], "weight": [3.0, 1.0, 1.0, 1.0]})
    out = compute_indicator(df, "debt_cannot_repay", "weighted_proportion")
    assert out["value"].iloc[0] == pytest.approx(4 / 6)
    with pytest.raises(ValueError, match="needs a weight column"):
        compute_indicator(df.drop(columns="weight"), "debt_cannot_repay", "weighted_proportion")
