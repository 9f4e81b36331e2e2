"""Aggregated secondary data through ``ctie report`` (issue 15): a DTM-shaped baseline, one row per location.

The file is written here with the column names a DTM mobility-tracking baseline uses; a mapping file says
which count columns make each registry ratio (IND-28's children are two age groups, summed). Expected
figures are worked out by hand in the comments: by area they are ratios of summed counts, which differ
from the mean of the locations' shares.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from ctie_helpers.cli import main

pytestmark = pytest.mark.slow

ROWS = [  # neighbourhood, admin1, admin2, total, no permit, at workplace, age 0-4, age 5-17, arrived < 3 months
    ("Neighbourhood A", "XA01", "XA0101", 100, 50, 20, 5, 15, 10),
    ("Neighbourhood B", "XA01", "XA0101", 300, 30, 60, 10, 20, 90),
    ("Neighbourhood C", "XA01", "XA0102", 200, 40, 10, 20, 20, 40),
    ("Neighbourhood D", "XA02", "XA0201", 50, 3, 10, 5, 5, 10),
    # the smallest other cells: where the gate's complementary suppression falls, not on XA01
    ("Neighbourhood E", "XA03", "XA0301", 60, 6, 12, 6, 6, 12),
]
HEADER = ["Neighbourhood", "Admin1 pcode", "Admin2 pcode", "Total migrants", "No residence or work permit",
          "Shelter: workplace", "Migrants 0-4", "Migrants 5-17", "Arrived less than 3 months ago"]


@pytest.fixture(scope="module")
def dtm_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("dtm")
    src = base / "dtm_baseline.csv"
    pd.DataFrame(ROWS, columns=HEADER).to_csv(src, index=False)
    mapping = base / "dtm_mapping.json"
    mapping.write_text(json.dumps({"schema": 1, "columns": {"admin1_pcode": "Admin1 pcode",
                                                             "admin2_pcode": "Admin2 pcode"},
                                   "ratios": {
                                       "IND-26": {"numerator": "No residence or work permit",
                                                  "denominator": "Total migrants"},
                                       "IND-27": {"numerator": "Shelter: workplace", "denominator": "Total migrants"},
                                       "IND-28": {"numerator": ["Migrants 0-4", "Migrants 5-17"],
                                                  "denominator": "Total migrants"},
                                       "IND-29": {"numerator": "Arrived less than 3 months ago",
                                                  "denominator": "Total migrants"}}}), encoding="utf-8")
    before = src.read_bytes()
    rc = main(["report", "--input", str(src), "--template", "indicators", "--mapping", str(mapping),
               "--out", str(base / "report")])
    assert rc == 0
    assert src.read_bytes() == before  # the input is only read
    return base / "report"


def _table(out: Path, name: str) -> pd.DataFrame:
    raw = pd.read_csv(out / "tables" / f"{name}.csv", dtype=str, keep_default_na=False, header=None)
    return raw.iloc[2:].set_axis(list(raw.iloc[0]), axis=1).reset_index(drop=True)  # row 2: HXL


def test_location_counts_give_ratio_indicators_by_admin2_as_ratios_of_sums(dtm_run):
    t = _table(dtm_run, "indicators_by_admin2").set_index(["indicator", "admin2_pcode"])
    # IND-26 in XA0101: (50 + 30) / (100 + 300) = 80/400 = 20% (the mean of the two shares, 50% and 10%,
    # would be 30%)
    row = t.loc[("IND-26", "XA0101")]
    assert (row["with_attribute"], row["total"], float(row["percent"])) == ("80", "400", 20.0)
    # IND-28 in XA0101: children 0-4 and 5-17 summed: (5 + 15 + 10 + 20) / 400 = 50/400 = 12.5%
    # (mean of shares (20% + 10%) / 2 = 15%)
    assert float(t.loc[("IND-28", "XA0101"), "percent"]) == 12.5
    # IND-29 in XA0101: (10 + 90) / 400 = 25% (mean of shares (10% + 30%) / 2 = 20%)
    assert float(t.loc[("IND-29", "XA0101"), "percent"]) == 25.0
    # IND-27 in XA0102 (one location): 10 / 200 = 5%
    assert float(t.loc[("IND-27", "XA0102"), "percent"]) == 5.0


def test_admin1_and_overall_figures_sum_counts_too(dtm_run):
    a1 = _table(dtm_run, "indicators_by_admin1").set_index(["indicator", "admin1_pcode"])
    # IND-26 in XA01: (50 + 30 + 40) / (100 + 300 + 200) = 120/600 = 20%
    assert float(a1.loc[("IND-26", "XA01"), "percent"]) == 20.0
    levels = _table(dtm_run, "indicators_by_level").set_index("indicator")
    # IND-27 overall: (20 + 60 + 10 + 10 + 12) / (100 + 300 + 200 + 50 + 60) = 112/710 = 15.77%
    # (two decimals for people ratios)
    assert float(levels.loc["IND-27", "percent"]) == pytest.approx(15.77)
    assert levels.loc["IND-27", "unit"] == "people"


def test_small_counts_are_suppressed_by_the_gate(dtm_run):
    t = _table(dtm_run, "indicators_by_admin2").set_index(["indicator", "admin2_pcode"])
    row = t.loc[("IND-26", "XA0201")]  # 3 migrants without a permit in one district: a small cell
    assert row["with_attribute"] == "<5" and row["percent"] == ""
    html = (dtm_run / "report.html").read_text(encoding="utf-8")
    assert "IND-26" in html and "adapted from IOM practice" in html
    assert json.loads((dtm_run / "mapping.json").read_text())["ratios"]["IND-28"]["numerator"] == [
        "Migrants 0-4", "Migrants 5-17"]


def test_a_ratio_for_an_indicator_of_0_1_rows_is_refused(tmp_path):
    from ctie_helpers.data.errors import InputFileError
    from ctie_helpers.data.mapping import map_columns

    df = pd.DataFrame(ROWS, columns=HEADER)
    with pytest.raises(InputFileError, match="IND-10 as a ratio.*0/1 rows"):
        map_columns(df, _mapping(tmp_path, {"IND-10": {
            "numerator": "Total migrants", "denominator": "Total migrants"}}))
    with pytest.raises(InputFileError, match="'Migrants 18\\+', which the file does not have"):
        map_columns(df, _mapping(tmp_path, {"IND-28": {"numerator": "Migrants 18+", "denominator": "Total migrants"}}))


def test_a_numerator_above_its_denominator_is_named(tmp_path):
    from ctie_helpers.data.errors import InputFileError
    from ctie_helpers.data.mapping import check_values, map_columns

    bad = pd.DataFrame(ROWS, columns=HEADER)
    bad.loc[2, "No residence or work permit"] = 250  # 250 of 200 migrants
    mapped, _ = map_columns(bad, _mapping(tmp_path, {"IND-26": {"numerator": "No residence or work permit",
                                                                "denominator": "Total migrants"}}))
    with pytest.raises(InputFileError, match="No residence or work permit.*migrants_total"):
        check_values(mapped)


def _mapping(folder: Path, ratios: dict) -> Path:
    path = folder / "mapping.json"
    path.write_text(json.dumps({"schema": 1, "columns": {}, "ratios": ratios}), encoding="utf-8")
    return path
