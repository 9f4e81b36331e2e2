"""KoboToolbox / ODK exports as analysts receive them (issue 15): meta columns dropped, group paths removed,
select_multiple options as 0/1, yes/no as 1/0, labels mapped back with the XLSForm, then the registry.

The fixture is a six-household Kobo export of the household survey (DEVELOPERS.md columns) written by
hand below, so every expected value is read off the table, not computed by the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import openpyxl
import pytest

from ctie_helpers.data import load_table, map_columns
from ctie_helpers.data.errors import InputFileError

META = ["start", "end", "deviceid", "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
        "_submitted_by", "__version__", "_tags", "_index", "meta/instanceID"]
QUESTIONS = ["hh_id", "location/admin1_pcode", "location/admin2_pcode", "location/cluster_id", "design/stratum",
             "design/weight", "household/hh_head_sex", "household/hh_head_age", "household/hh_size",
             "household/displacement_status", "household/female_headed", "household/child_headed",
             "protection/debt_cannot_repay", "protection/member_lost_contact", "protection/aware_reporting",
             "protection/no_id_documents", "protection/children_out_of_school",
             "protection/coping", "protection/coping/child_marriage", "protection/coping/crisis",
             "protection/coping/none"]
#           hh    adm1    adm2      cluster       str wt   sex age size status female child debt lost aware noid school coping                   cm cr none
ROWS = [
    ["H001", "XA01", "XA0101", "XA0101S001", "A", 1.5, "female", 34, 5, "idp", "yes", "no", "yes", "no", "yes",
     "no", "yes", "child_marriage crisis", 1, 1, 0],
    ["H002", "XA01", "XA0101", "XA0101S001", "A", 1.5, "male", 41, 3, "host", "no", "no", "no", "no", "yes",
     "no", "no", "none", 0, 0, 1],
    ["H003", "XA01", "XA0102", "XA0102S002", "A", 2.0, "female", 16, 2, "idp", "yes", "yes", "yes", "yes", "no",
     "yes", "yes", "crisis", 0, 1, 0],
    ["H004", "XA02", "XA0201", "XA0201S001", "B", 0.5, "male", 55, 7, "returnee", "no", "no", "no", "no", "no",
     "no", "no", "none", 0, 0, 1],
    ["H005", "XA02", "XA0201", "XA0201S001", "B", 0.5, "female", 29, 4, "idp", "yes", "no", "yes", "no", "no",
     "yes", "no", "child_marriage", 1, 0, 0],
    ["H006", "XA02", "XA0202", "XA0202S003", "B", 1.0, "male", 38, 6, "host", "no", "no", "no", "no", "yes",
     "no", "no", "none", 0, 0, 1],
]
HOUSEHOLD_INDICATORS = ["IND-01", "IND-04", "IND-05", "IND-06", "IND-09", "IND-25"]


def _meta(i: int) -> list:
    return ["2026-03-01T09:00:00", "2026-03-01T09:40:00", f"collect:abc{i}", 1000 + i,
            f"6f1c2d3e-0000-4000-8000-00000000000{i}", "2026-03-01T10:00:00", "validation_status_approved", "",
            "submitted_via_web",
            "enumerator_7", "vAbCdEf", "", i, f"uuid:6f1c2d3e-0000-4000-8000-00000000000{i}"]


def _kobo_csv(tmp_path: Path, headers: list[str] | None = None, rows: list[list] | None = None) -> Path:
    """Kobo's CSV export: ';' between columns, every value quoted."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(META[:4] + (headers or QUESTIONS) + META[4:])
    for i, row in enumerate(rows or ROWS, start=1):
        m = _meta(i)
        w.writerow(m[:4] + row + m[4:])
    path = tmp_path / "household_survey_kobo.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _kobo_xlsx(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Household survey"
    ws.append(META[:4] + QUESTIONS + META[4:])
    for i, row in enumerate(ROWS, start=1):
        m = _meta(i)
        ws.append(m[:4] + row + m[4:])
    path = tmp_path / "household_survey_kobo.xlsx"
    wb.save(path)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("writer", [_kobo_csv, _kobo_xlsx])
def test_kobo_export_is_prepared_and_maps_to_the_registry(tmp_path, writer):
    path = writer(tmp_path)
    before = _sha(path)
    df = load_table(path)
    assert _sha(path) == before
    for meta in META:
        assert meta not in df.columns
    # _notes and _tags are empty in this export: the loader drops empty columns before the Kobo step
    assert set(df.attrs["source"]["meta_columns"]) == set(META) - {"_notes", "_tags"}
    assert "_submitted_by" in df.attrs["source"]["personal_meta"] and "deviceid" in df.attrs["source"]["personal_meta"]
    assert list(df.columns[:6]) == ["hh_id", "admin1_pcode", "admin2_pcode", "cluster_id", "stratum", "weight"]
    # yes/no answers as 1/0 (read off ROWS); select_multiple options as 0/1, the answer-list column gone
    assert df["debt_cannot_repay"].tolist() == [1, 0, 1, 0, 1, 0]
    assert df["female_headed"].tolist() == [1, 0, 1, 0, 1, 0]
    assert df["coping/child_marriage"].tolist() == [1, 0, 0, 0, 1, 0]
    assert df["coping/crisis"].tolist() == [1, 0, 1, 0, 0, 0]
    assert "coping" not in df.columns
    log = " | ".join(df.attrs["cleaning_log"])
    assert "12 submission meta column(s) dropped" in log and "group paths removed" in log
    assert "select_multiple question(s) coping" in log and "yes/no answers read as 1/0" in log
    mapped, mapping = map_columns(df, indicators=HOUSEHOLD_INDICATORS)
    assert mapping.columns["debt_cannot_repay"] == "debt_cannot_repay" and mapping.columns["weight"] == "weight"
    # options map like any column once named: IND-07/IND-08 through a mapping
    mapped, mapping = map_columns(df, {"child_marriage_coping": "coping/child_marriage",
                                       "crisis_coping": "coping/crisis"}, indicators=["IND-07", "IND-08"])
    assert mapped["crisis_coping"].tolist() == [1, 0, 1, 0, 0, 0]


def test_kobo_indicator_value_matches_the_hand_computed_one(tmp_path):
    """IND-05 (weighted share with debts they cannot repay): (1.5 + 2.0 + 0.5) / 7.0 = 4/7."""
    from ctie_helpers.analysis.indicators import compute_indicator

    df, _ = map_columns(load_table(_kobo_csv(tmp_path)), indicators=["IND-05"])
    res = compute_indicator(df, "debt_cannot_repay", "proportion", weight="weight")
    assert res["value"].iloc[0] == pytest.approx(4 / 7)


@pytest.mark.parametrize("sep", ["-", ":"])
def test_odk_central_separators(tmp_path, sep):
    headers = [h.replace("/", sep, 1) if h.count("/") >= 1 and not h.startswith("protection/coping/") else h
               for h in QUESTIONS]
    headers = [h.replace("protection/coping/", f"protection{sep}coping/") for h in headers]
    path = _kobo_csv(tmp_path, headers=headers)
    text = path.read_text(encoding="utf-8").replace('"meta/instanceID"', f'"meta{sep}instanceID"')
    path.write_text(text, encoding="utf-8")
    df = load_table(path)
    assert "debt_cannot_repay" in df.columns and "hh_head_age" in df.columns
    assert f"meta{sep}instanceID" not in df.columns and "coping/crisis" in df.columns
    map_columns(df, indicators=HOUSEHOLD_INDICATORS)


def _xlsform(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)"])
    for row in (["start", "start", ""], ["begin_group", "household", "Household"],
                ["select_one sex", "hh_head_sex", "Sex of the head of household"],
                ["integer", "hh_size", "How many people live in this household?"], ["end_group", "", ""],
                ["begin_group", "protection", "Protection"],
                ["select_one yn", "debt_cannot_repay", "Does the household have debts it cannot repay?"],
                ["select_multiple coping", "coping", "What did the household do to cope?"],
                ["end_group", "", ""], ["calculate", "weight", ""]):
        survey.append(row)
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)"])
    for row in (["sex", "female", "Female"], ["sex", "male", "Male"], ["yn", "yes", "Yes"], ["yn", "no", "No"],
                ["coping", "child_marriage", "Married a child early"], ["coping", "crisis", "Sold productive assets"],
                ["coping", "none", "None of these"]):
        choices.append(row)
    path = tmp_path / "household_form.xlsx"
    wb.save(path)
    return path


def test_labels_export_mapped_back_with_the_xlsform(tmp_path):
    """Kobo 'labels' export: headers and answers are the form's labels; the XLSForm gives the names back."""
    form = _xlsform(tmp_path)
    rows = [["2026-03-01", "uuid-1", "Female", 5, "Yes", "Married a child early Sold productive assets", 1, 1, 0,
             1.5],
            ["2026-03-01", "uuid-2", "Male", 3, "No", "None of these", 0, 0, 1, 1.5]]
    headers = ["start", "_uuid", "Household/Sex of the head of household",
               "Household/How many people live in this household?",
               "Protection/Does the household have debts it cannot repay?",
               "Protection/What did the household do to cope?",
               "Protection/What did the household do to cope?/Married a child early",
               "Protection/What did the household do to cope?/Sold productive assets",
               "Protection/What did the household do to cope?/None of these", "weight"]
    path = tmp_path / "labels.xlsx"
    wb = openpyxl.Workbook()
    for row in [headers, *rows]:
        wb.active.append(row)
    wb.save(path)
    df = load_table(path, xlsform=form)
    assert list(df.columns) == ["hh_head_sex", "hh_size", "debt_cannot_repay", "coping/child_marriage",
                                "coping/crisis", "coping/none", "weight"]
    assert df["hh_head_sex"].tolist() == ["female", "male"]
    assert df["debt_cannot_repay"].tolist() == [1, 0]
    assert df["coping/crisis"].tolist() == [1, 0]
    assert any("choice names: hh_head_sex" in m for m in df.attrs["cleaning_log"])


def test_a_missing_or_broken_xlsform_names_the_file(tmp_path):
    path = _kobo_csv(tmp_path)
    with pytest.raises(InputFileError, match=r"nope.xlsx: XLSForm not found"):
        load_table(path, xlsform=tmp_path / "nope.xlsx")
    bad = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "settings"
    wb.save(bad)
    with pytest.raises(InputFileError, match=r"bad.xlsx: has no 'survey' sheet"):
        load_table(path, xlsform=bad)


def test_ordinary_files_are_left_alone(tmp_path):
    """start/end/key columns alone do not make a Kobo export; nothing is dropped or renamed."""
    path = tmp_path / "plain.csv"
    path.write_text("start,end,key,admin1/region\n2026-01-01,2026-01-02,a,yes\n2026-01-03,2026-01-04,b,no\n")
    df = load_table(path)
    assert list(df.columns) == ["start", "end", "key", "admin1/region"] and "kobo" not in df.attrs


def test_check_still_reports_personal_meta_columns(tmp_path, capsys):
    """Meta columns leave the analysis, not the safeguards: an enumerator account and device ids are personal."""
    from ctie_helpers.cli import main

    path = _kobo_csv(tmp_path)
    assert main(["check", str(path), "--json"]) == 1
    import json

    report = json.loads(capsys.readouterr().out)
    flagged = {f["column"] for f in report["findings"] if f["direct"]}
    assert {"_submitted_by", "deviceid"} <= flagged
    assert "enumerator_7" not in json.dumps(report)


def test_ctie_report_reads_a_kobo_export_with_its_xlsform(tmp_path, capsys):
    """`ctie report --xlsform` hands the form to the loader: a names export plus its form gives a report,
    and a form that does not exist stops with exit 2, naming it, before anything is written."""
    from ctie_helpers.cli import main

    path = _kobo_csv(tmp_path)
    out = tmp_path / "report"
    assert main(["report", "--input", str(path), "--template", "indicators", "--out", str(out),
                 "--xlsform", str(tmp_path / "nope.xlsx")]) == 2
    assert "nope.xlsx: XLSForm not found" in capsys.readouterr().err and not out.exists()
    assert main(["report", "--input", str(path), "--template", "indicators", "--out", str(out),
                 "--xlsform", str(_xlsform(tmp_path))]) == 0
    log = (out / "cleaning_log.txt").read_text(encoding="utf-8")
    assert "Kobo" in log or "KoboToolbox" in log, log
    assert (out / "report.html").is_file()
