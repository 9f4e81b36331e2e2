"""map_columns matches a real export to the indicator registry; check_values rejects impossible values."""

from __future__ import annotations

import json

import pytest

from ctie_helpers.data.errors import InputFileError
from ctie_helpers.data.loaders import load_table
from ctie_helpers.data.mapping import ColumnMapping, MappingError, check_values, map_columns, targets

HXL_SURVEY = (
    "MSNA Ardania 2026 — household module (synthetic)\n"
    "Cluster,Weight,Debt?,Lost contact,Sex of head\n"
    "#loc+code,#meta+weight,#affected+hh+debt+unpayable+num,#affected+hh+member+lost_contact,#x\n"
    "XA0101S001,1.5,1,0,F\n"
    "XA0101S001,1.5,0,0,M\n"
    "XA0102S003,2.0,1,1,F\n"
)


@pytest.fixture
def survey(tmp_path):
    path = tmp_path / "msna.csv"
    path.write_text(HXL_SURVEY)
    return load_table(path)


def test_registry_targets_include_indicator_columns_and_their_tags():
    t = targets()
    assert "#affected+hh+debt+unpayable" in t["debt_cannot_repay"]
    assert "weight" in t and "admin2_pcode" in t


def test_hxl_first_then_names(survey):
    df, mapping = map_columns(survey)
    # HXL: the file's tag has an extra "+num" attribute, still a match (attributes are a superset)
    assert mapping.columns["debt_cannot_repay"] == "Debt?" and mapping.matched_by["debt_cannot_repay"] == "hxl"
    assert mapping.columns["member_lost_contact"] == "Lost contact"
    # names and synonyms: "Weight" -> weight, "Cluster" -> cluster_id, "Sex of head" -> hh_head_sex
    assert mapping.columns["weight"] == "Weight" and mapping.matched_by["weight"] == "name"
    assert mapping.columns["cluster_id"] == "Cluster"
    assert mapping.columns["hh_head_sex"] == "Sex of head"
    assert df["debt_cannot_repay"].tolist() == [1, 0, 1]
    assert any("'Debt?' used as 'debt_cannot_repay' (matched by hxl)" in m for m in df.attrs["cleaning_log"])


def test_missing_columns_are_listed_per_indicator(survey):
    with pytest.raises(MappingError) as exc:
        map_columns(survey, indicators=["IND-05", "IND-07"])
    assert set(exc.value.missing) == {"IND-07"}
    assert "child_marriage_coping" in str(exc.value) and "msna.csv" in str(exc.value)
    assert "#affected+hh+coping+child_marriage" in str(exc.value)


def test_mapping_file_saved_and_reused(survey, tmp_path):
    target = tmp_path / "msna.mapping.json"
    _, first = map_columns(survey, {"child_marriage_coping": "Sex of head"}, save_to=target)
    saved = json.loads(target.read_text())
    assert saved["columns"]["child_marriage_coping"] == "Sex of head"
    df, again = map_columns(survey, target, indicators=["IND-07"])
    assert again.columns == first.columns and again.matched_by["child_marriage_coping"] == "file"
    assert "child_marriage_coping" in df.columns
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_mapping_naming_an_absent_column_is_a_clear_error(survey, tmp_path):
    with pytest.raises(InputFileError, match=r"no such column"):
        map_columns(survey, {"weight": "Poids"})
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputFileError, match=r"bad.json: is not a valid mapping file"):
        ColumnMapping.load(bad)


@pytest.mark.parametrize(
    "header,row,match",
    [
        ("site_pcode,pop_total", "XA0101S001,-4", r"row 4, column 'pop_total': impossible value -4.*negative"),
        ("hh_id,hh_head_age", "7,130", r"row 4, column 'hh_head_age': impossible value 130"),
        ("hh_id,debt_cannot_repay", "7,2", r"row 4, column 'debt_cannot_repay': impossible value 2"),
        ("hh_id,weight", "7,0", r"row 4, column 'weight'.*positive"),
    ],
)
def test_impossible_values_name_row_and_column(tmp_path, header, row, match):
    path = tmp_path / "vals.csv"
    good = header.split(",")[0] == "site_pcode" and "XA0101S002,10" or "1,1"
    path.write_text(f"{header}\n{good}\n\n{row}\n")
    df, _ = map_columns(load_table(path))
    with pytest.raises(InputFileError, match=match):
        check_values(df)


def test_check_values_passes_clean_data(survey):
    df, _ = map_columns(survey)
    check_values(df)
