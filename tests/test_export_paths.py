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
