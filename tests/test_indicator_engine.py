"""One indicator engine (issue 15): every registry rule by hand, and report = dashboard on a weighted file.

Each expected value is worked out in the comment beside it from the rows of the test's own table, never
from the package.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from ctie_helpers.analysis import compute_indicator
from ctie_helpers.content import indicator

# Six households; the design weight differs from row to row, so a weighted and an unweighted share differ.
SIX = pd.DataFrame({
    "admin1_pcode": ["XA01", "XA01", "XA01", "XA02", "XA02", "XA02"],
    "weight": [1.0, 2.0, 3.0, 1.0, 2.0, 1.0],
    "debt_cannot_repay": [1, 0, 1, 0, 1, 0],
    "recruiters_reported": [1, 1, 0, 0, 0, 1],
    "uasc_count": [1, 0, 3, 2, 0, 0],
    "pop_total": [10, 50, 20, 40, 30, 30],
})


def test_weighted_proportion_uses_the_design_weight():
    out = compute_indicator(SIX, indicator("IND-05"))
    # yes rows carry weights 1, 3 and 2 out of 1+2+3+1+2+1 = 10 -> 6/10 (unweighted it would be 3/6)
    assert out.loc[0, "value"] == pytest.approx(0.6)
    assert out.loc[0, "n_with"] == 3 and out.loc[0, "n"] == 6  # the gate counts households, unweighted
    by = compute_indicator(SIX, indicator("IND-05"), by="admin1_pcode").set_index("admin1_pcode")["value"]
    # XA01: (1 + 3) / (1 + 2 + 3) = 4/6; XA02: 2 / (1 + 2 + 1) = 2/4
    assert by.to_dict() == pytest.approx({"XA01": 4 / 6, "XA02": 0.5})


def test_proportion_is_never_weighted_even_when_the_file_has_a_weight():
    out = compute_indicator(SIX, indicator("IND-10"), by="admin1_pcode").set_index("admin1_pcode")
    # XA01: 1, 1, 0 -> 2/3 (weighted it would be 3/6); XA02: 0, 0, 1 -> 1/3 (weighted 1/4)
    assert out["value"].to_dict() == pytest.approx({"XA01": 2 / 3, "XA02": 1 / 3})
    with pytest.raises(ValueError, match="IND-10 is an unweighted proportion"):
        compute_indicator(SIX, indicator("IND-10"), weight="weight")


def test_proportion_with_a_denominator_column_is_a_ratio_of_sums():
    out = compute_indicator(SIX, indicator("IND-02"), by="admin1_pcode").set_index("admin1_pcode")
    # XA01: (1 + 0 + 3) / (10 + 50 + 20) = 4/80 = 0.05, while the mean of the row shares would be
    # (0.1 + 0 + 0.15) / 3 = 0.0833; XA02: 2 / 100 = 0.02
    assert out["value"].to_dict() == pytest.approx({"XA01": 0.05, "XA02": 0.02})
    assert (out.loc["XA01", "numerator"], out.loc["XA01", "denominator"]) == (4, 80)


def test_count_of_a_column_and_of_rows():
    total = compute_indicator(SIX, indicator("IND-20"), by="admin1_pcode").set_index("admin1_pcode")["value"]
    assert total.to_dict() == {"XA01": 80, "XA02": 100}  # 10 + 50 + 20; 40 + 30 + 30
    cases = pd.DataFrame({"gender": ["Female", "Male", "Female", "Female", None]})
    rows = compute_indicator(cases, indicator("IND-21"), by="gender").set_index("gender")["value"]
    assert rows.to_dict() == {"Female": 3, "Male": 1}  # IND-21 names no column: records are counted


def test_rate_takes_its_multiplier_from_the_unit_and_mean():
    rate = SimpleNamespace(id="R", aggregation="rate", columns=("uasc_count",), denominator_column="pop_total",
                           unit="per 1,000 population")
    out = compute_indicator(SIX, rate)
    # 1000 × (1 + 0 + 3 + 2 + 0 + 0) / (10 + 50 + 20 + 40 + 30 + 30) = 1000 × 6 / 180 = 33.33
    assert out.loc[0, "value"] == pytest.approx(1000 * 6 / 180)
    per10k = SimpleNamespace(**{**vars(rate), "unit": "per 10,000"})
    assert compute_indicator(SIX, per10k).loc[0, "value"] == pytest.approx(10000 * 6 / 180)
    mean = SimpleNamespace(id="M", aggregation="mean", columns=("pop_total",))
    assert compute_indicator(SIX, mean).loc[0, "value"] == pytest.approx(180 / 6)  # 30, unweighted


def test_weighted_indicator_without_its_weight_is_refused_naming_it():
    with pytest.raises(ValueError, match="IND-05 is a weighted proportion.*'weight'"):
        compute_indicator(SIX.drop(columns="weight"), indicator("IND-05"))


def test_design_columns_are_used_unless_they_group():
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"cluster_id": np.repeat(np.arange(20), 10), "stratum": np.repeat(np.arange(20) % 2, 10),
                       "weight": rng.uniform(0.5, 2, 200), "debt_cannot_repay": (rng.random(200) < 0.4).astype(int)})
    design = compute_indicator(df, indicator("IND-05"))
    explicit = compute_indicator(df, "debt_cannot_repay", "proportion", weight="weight", cluster="cluster_id",
                                 strata="stratum")
    np.testing.assert_allclose(design[["value", "lower", "upper", "deff"]], explicit[["value", "lower", "upper", "deff"]])


# --- the report and the dashboard agree ----------------------------------------------------------------------

def _weighted_file(path) -> pd.DataFrame:
    """80 households in two provinces, unequal weights; one unweighted (site-style) indicator column too."""
    rng = np.random.default_rng(15)
    n = 80
    df = pd.DataFrame({
        "hh_id": [f"H{i:03d}" for i in range(n)],
        "admin1_pcode": np.where(np.arange(n) < 40, "XA01", "XA02"),
        "weight": np.round(rng.choice([0.5, 1.0, 3.0], n), 2),
        "debt_cannot_repay": (rng.random(n) < 0.4).astype(int),
        "member_lost_contact": (rng.random(n) < 0.5).astype(int),
        # A registry 'proportion' (IND-10): the report used to weight it because the file has a weight.
        "recruiters_reported": (rng.random(n) < 0.5).astype(int),
    })
    df.to_csv(path, index=False)
    return df


@pytest.mark.slow
def test_report_and_dashboard_give_the_same_figures_on_a_weighted_file(tmp_path):
    from ctie_helpers.apps.indicator_data import ADMIN, compute
    from ctie_helpers.data.geography import admin1_name
    from ctie_helpers.report.runner import run_report

    df = _weighted_file(tmp_path / "survey.csv")
    result = run_report(tmp_path / "survey.csv", "indicators", tmp_path / "out")
    raw = pd.read_csv(result.out_dir / "tables" / "indicators_by_admin1.csv", dtype=str, header=None,
                      keep_default_na=False)
    report = raw.iloc[2:].set_axis(list(raw.iloc[0]), axis=1)  # row 2 is the HXL row
    compared = 0
    for ind_id, col, weighted in (("IND-05", "debt_cannot_repay", True), ("IND-06", "member_lost_contact", True),
                                  ("IND-10", "recruiters_reported", False)):
        dash = compute(df, indicator(ind_id), ADMIN).table.set_index("area")["percent"]
        rows = report[report["indicator"] == ind_id].set_index("admin1_pcode")["percent"]
        for code, part in df.groupby("admin1_pcode"):
            w = part["weight"] if weighted else pd.Series(1.0, index=part.index)
            expected = round(100 * (w * part[col]).sum() / w.sum(), 1)  # Σ w·y / Σ w, by hand
            assert float(rows[code]) == pytest.approx(expected, abs=1e-9), (ind_id, code)
            assert float(dash[admin1_name(code)]) == pytest.approx(expected, abs=1e-9), (ind_id, code)
            compared += 1
    assert compared == 6
