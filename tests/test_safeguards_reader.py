"""The tolerant reader behind ``ctie check``: encodings, delimiters, XLSX sheets, and clear errors."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook

from ctie_helpers.safeguards import TableReadError, read_table

ROWS = "nom;téléphone;n\nLéa Petit;+33 6 12 34 56 78;3\nJosé Núñez;0612345678;12\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_and_semicolon(tmp_path, encoding):
    p = tmp_path / "f.csv"
    p.write_bytes(ROWS.encode(encoding))
    df = read_table(p)
    assert list(df.columns) == ["nom", "téléphone", "n"]
    assert df["nom"].tolist() == ["Léa Petit", "José Núñez"]
    assert df["téléphone"].tolist() == ["+33 6 12 34 56 78", "0612345678"]  # text, leading 0 kept
    assert df["n"].tolist() == [3, 12] and str(df["n"].dtype) == "Int64"


def test_mixed_encodings_line_by_line(tmp_path):
    p = tmp_path / "mixed.csv"
    p.write_bytes(b"name,city\n" + "Léa,Orléans\n".encode() + "José,Cádiz\n".encode("cp1252"))
    df = read_table(p)
    assert df["city"].tolist() == ["Orléans", "Cádiz"]
    assert any("mixed encodings" in n and "3" in n for n in df.attrs["read_log"])


def test_tab_delimiter_duplicates_and_header_only(tmp_path):
    p = tmp_path / "t.tsv"
    p.write_text("a\ta\tb\n1\t2\tx\n")
    df = read_table(p)
    assert list(df.columns) == ["a", "a.1", "b"] and any("renamed" in n for n in df.attrs["read_log"])
    h = tmp_path / "h.csv"
    h.write_text("a,b,c\n")
    assert read_table(h).shape == (0, 3)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b"   \n\n", "empty"),
    (b"a,b\n1,2\n3,4,5\n", "row has 3 fields but the header has 2 (row 3)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
])
def test_unreadable_files_named_in_the_error(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(TableReadError, match="bad.csv") as err:
        read_table(p)
    assert message in str(err.value)


def test_missing_file_and_corrupt_xlsx(tmp_path):
    with pytest.raises(TableReadError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    bad = tmp_path / "corrupt.xlsx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(TableReadError, match="corrupt.xlsx: corrupt"):
        read_table(bad)


def test_xlsx_sheet_name_tolerates_spaces_and_case(tmp_path):
    wb = Workbook()
    wb.active.title = "Cover"
    ws = wb.create_sheet(" Data  2024 ")
    ws.append(["admin1", "count"])
    ws.append(["XA01", 12])
    ws.append(["XA02", 3])
    p = tmp_path / "w.xlsx"
    wb.save(p)
    df = read_table(p, sheet="data 2024")
    assert df.attrs["sheet"] == " Data  2024 "
    assert df["count"].tolist() == [12, 3]
    with pytest.raises(TableReadError, match="no sheet named 'Nope'.*Cover"):
        read_table(p, sheet="Nope")


def test_file_is_not_modified(tmp_path):
    p = tmp_path / "f.csv"
    p.write_bytes(ROWS.encode("cp1252"))
    before = p.read_bytes(), p.stat().st_mtime_ns
    read_table(p)
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before
    pd.testing.assert_index_equal(read_table(p).columns, pd.Index(["nom", "téléphone", "n"]))
