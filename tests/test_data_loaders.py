"""load_table on real-world shapes and on broken files (issue 6 loading, issue 7 bad-input matrix).

Every case checks the input file is unchanged (checksum) and, for errors, that the message names the
file and where relevant the sheet, row and column.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ctie_helpers.data.errors import InputFileError
from ctie_helpers.data.loaders import list_sheets, load_table


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load(path: Path, **kw) -> pd.DataFrame:
    before = _sha(path)
    try:
        return load_table(path, **kw)
    finally:
        assert _sha(path) == before, "load_table modified its input"
        assert sorted(p.name for p in path.parent.iterdir()) == sorted(_files[path.parent]), "left files behind"


_files: dict[Path, list[str]] = {}


def _write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    _files[tmp_path] = [p.name for p in tmp_path.iterdir()]
    return path


BANNER = (
    "Ardania displacement tracking — site assessment\n"
    "Round 2 (synthetic example)\n"
    "\n"
    "Province,District,Population,,Households\n"
    ",,Female,Male,\n"
    "#adm1+name,#adm2+name,#affected+f,#affected+m,#household\n"
    'North,Alpha,"1,234",<5,12\n'
    'South,Beta,"2,000",300,n/a\n'
)


def test_banner_rows_two_header_rows_hxl_censored_and_thousands(tmp_path):
    df = _load(_write(tmp_path, "export.csv", BANNER))
    assert list(df.columns) == ["Province", "District", "Population Female", "Population Male",
                                "Population Male_censored", "Households"]
    assert df["Population Female"].tolist() == [1234, 2000]
    # "<5" is missing and flagged, never zero and never a silent NaN
    assert df["Population Male"].isna().tolist() == [True, False]
    assert df["Population Male_censored"].tolist() == [True, False]
    assert df["Population Male"].sum() == 300
    assert df.attrs["hxl"]["Population Female"] == "#affected+f"
    log = " | ".join(df.attrs["cleaning_log"])
    assert "skipped 3 row(s) above the header" in log and "joined 2 header rows" in log
    assert "HXL hashtag row" in log and "small-count marker" in log and "thousands separators" in log


def test_semicolons_latin1_decimal_comma(tmp_path):
    text = "Région;Nombre de cas;Taux\nNord-Est;1.234;2,5\nSud;<5;3,75\n"
    df = _load(_write(tmp_path, "fr.csv", text, "latin-1"))
    assert df["Région"].tolist() == ["Nord-Est", "Sud"]
    assert df["Nombre de cas"].tolist()[0] == 1234 and df["Nombre de cas_censored"].tolist() == [False, True]
    assert df["Taux"].tolist() == [2.5, 3.75]
    assert df.attrs["source"]["encoding"] == "cp1252" and df.attrs["source"]["delimiter"] == ";"


@pytest.mark.parametrize("encoding,bom", [("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_utf16_tabs_and_utf8_bom(tmp_path, encoding, bom):
    text = "Departamento\tPersonas\nNorte\t1 500\nSúr\t20\n"
    df = _load(_write(tmp_path, "es.txt", bom + text.encode(encoding)))
    assert list(df.columns) == ["Departamento", "Personas"]
    assert df["Departamento"].tolist() == ["Norte", "Súr"]
    assert df["Personas"].tolist() == [1500, 20]


def test_mixed_encodings_are_read_line_by_line(tmp_path):
    data = b"name,place\n" + "Amélie,Nord\n".encode() + "Zoë,Sud\n".encode("latin-1")
    df = _load(_write(tmp_path, "mixed.csv", data))
    assert df["name"].tolist() == ["Amélie", "Zoë"]
    assert any("mixed text encodings" in m and "rows 3" in m for m in df.attrs["cleaning_log"])


def test_xlsx_sheet_name_with_trailing_space(tmp_path):
    path = tmp_path / "dtm.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    ws = wb.create_sheet("Sites ")
    ws.append(["Site assessment, round 1"])
    ws.append([])
    ws.append(["admin2", "sites", "pct"])
    ws.append(["XA0101", 12, 0.25])
    ws.append(["XA0102", "<5", 0.5])
    wb.save(path)
    _files[tmp_path] = [p.name for p in tmp_path.iterdir()]
    assert list_sheets(path) == ["Notes", "Sites "]
    df = _load(path, sheet="sites")
    assert df["sites"].tolist()[0] == 12 and df["sites_censored"].tolist() == [False, True]
    assert df["pct"].tolist() == [0.25, 0.5]
    assert df.attrs["source"]["sheet"] == "Sites "
    with pytest.raises(InputFileError, match=r"dtm.xlsx: has no sheet named 'Data'.*'Notes', 'Sites '"):
        _load(path, sheet="Data")


def _with_stale_dimension(src: Path, dst: Path) -> None:
    """Copy a workbook, rewriting every sheet's size record to ``A1`` as some statistical systems export it."""
    import re
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
                assert n == 1, "fixture: the sheet XML has no dimension record to make stale"
            zout.writestr(item, data)


def test_xlsx_with_a_stale_sheet_size_record_loads_every_row(tmp_path):
    """Issue 15: the sheet says it is one cell (A1) but holds 300 rows under a banner; all 300 are read."""
    fresh = tmp_path / "fresh.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["UNODC country data (synthetic export)"])
    ws.append([])
    ws.append(["Iso3_code", "Year", "VALUE"])
    for i in range(300):
        ws.append(["XAR", 2000 + i % 20, i])
    wb.save(fresh)
    path = tmp_path / "stale.xlsx"
    _with_stale_dimension(fresh, path)
    fresh.unlink()
    _files[tmp_path] = [p.name for p in tmp_path.iterdir()]
    # the fixture really is stale: openpyxl's read-only mode believes the record and sees one cell
    ro = openpyxl.load_workbook(path, read_only=True)
    assert [r for r in ro["Data"].iter_rows(values_only=True)] == [("UNODC country data (synthetic export)",)]
    ro.close()
    df = _load(path)
    assert len(df) == 300 and list(df.columns) == ["Iso3_code", "Year", "VALUE"]
    assert df["VALUE"].sum() == 300 * 299 // 2  # 0 + 1 + ... + 299
    assert df.attrs["source"]["header_row"] == 3


def test_xlsx_banner_two_header_rows_hxl_and_censored(tmp_path):
    """The CSV shapes hold in a workbook too: banner, merged two-row header, HXL row, ``<5``, dates."""
    import datetime as dt

    path = tmp_path / "banner.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["Ardania displacement tracking"], ["Round 2 (synthetic example)"], [],
                ["Province", "Population", None, "Date"], [None, "Female", "Male", None],
                ["#adm1+name", "#affected+f", "#affected+m", "#date"],
                ["North", 1234, "<5", dt.datetime(2024, 3, 5)], ["South", 2000, 300, dt.datetime(2024, 3, 17)]):
        ws.append(row)
    wb.save(path)
    _files[tmp_path] = [p.name for p in tmp_path.iterdir()]
    df = _load(path)
    assert list(df.columns) == ["Province", "Population Female", "Population Male", "Population Male_censored",
                                "Date"]
    assert df["Population Female"].tolist() == [1234, 2000]
    assert df["Population Male"].isna().tolist() == [True, False] and df["Population Male_censored"].tolist() == [
        True, False]
    assert df["Date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-03-17"]
    assert df.attrs["hxl"]["Population Male"] == "#affected+m"
    assert df.attrs["source"]["header_row"] == 4


def test_xlsx_values_right_of_the_table_name_sheet_and_row(tmp_path):
    path = tmp_path / "wide.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sites"
    ws.append(["site", "count"])
    for i in range(70):
        ws.append([f"XA0101S{i:03d}", i])
    ws.append(["XA0101S999", 1, None, "stray note"])
    wb.save(path)
    _files[tmp_path] = [p.name for p in tmp_path.iterdir()]
    with pytest.raises(InputFileError, match=r"wide.xlsx, sheet 'Sites', row 72: has more values than header"):
        _load(path)


def test_dates_in_several_formats(tmp_path):
    df = _load(_write(tmp_path, "d.csv", "id,interview_date\n1,2024-03-05\n2,17/03/2024\n3,18.03.2024\n"))
    assert df["interview_date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-03-17", "2024-03-18"]
    assert any("3 format(s)" in m for m in df.attrs["cleaning_log"])


def test_non_numeric_values_in_a_numeric_column_are_logged_with_row(tmp_path):
    rows = "\n".join(f"XA01{i:02d},{i}" for i in range(1, 40))
    df = _load(_write(tmp_path, "n.csv", "area,count\n" + rows + "\nXA0199,unknown\n"))
    assert df["count"].dtype == "Int64" and df["count"].isna().sum() == 1
    assert any("row 41: 'unknown'" in m and "column 'count'" in m for m in df.attrs["cleaning_log"])


def test_duplicated_columns_renamed_and_logged(tmp_path):
    df = _load(_write(tmp_path, "dup.csv", "site,count,count\nA,1,2\n"))
    assert list(df.columns) == ["site", "count", "count (2)"]
    assert any("duplicated column name 'count'" in m for m in df.attrs["cleaning_log"])


@pytest.mark.parametrize(
    "name,data,match",
    [
        ("empty.csv", b"", r"empty.csv: the file is empty"),
        ("blank.csv", b"\n\n  \n", r"blank.csv: the file is empty"),
        ("header.csv", b"site,count\n", r"header.csv, row 1: has a header but no data rows"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, r"locked.xlsx: is password-protected"),
        ("corrupt.xlsx", b"PK\x03\x04 this is not a workbook", r"corrupt.xlsx: is not a readable Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0", r"old.xls: is an old-style .xls workbook"),
        ("binary.csv", b"\x00\x01\x02\x03binary", r"binary.csv: is not a text file"),
        ("wide.csv", b"a,b\n1,2\n" + b"3,4\n" * 60 + b"5,6,7\n", r"wide.csv, row 63: has more values than header"),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path, name, data, match):
    path = _write(tmp_path, name, data)
    with pytest.raises(InputFileError, match=match):
        _load(path)


def test_missing_path(tmp_path):
    with pytest.raises(InputFileError, match=r"nope.csv: file not found"):
        load_table(tmp_path / "nope.csv")


@pytest.mark.slow
def test_a_million_row_file_loads_with_types_and_input_unchanged(tmp_path):
    """Issue 7's bad-input matrix: a 1-million-row export loads (C parser path), typed, not modified."""
    import numpy as np

    n = 1_000_000
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({
        "hh_id": np.arange(n),
        "cluster_id": np.char.add("XA0101S", (rng.integers(1, 500, n)).astype(str)),
        "weight": rng.random(n).round(4) + 0.5,
        "debt_cannot_repay": rng.integers(0, 2, n),
    })
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    _files[tmp_path] = [p.name for p in tmp_path.iterdir()]
    df = _load(path)
    assert len(df) == n
    assert str(df["hh_id"].dtype) == "Int64" and str(df["weight"].dtype) == "Float64"
    assert df["debt_cannot_repay"].sum() == frame["debt_cannot_repay"].sum()
    assert df["cluster_id"].iloc[-1] == frame["cluster_id"].iloc[-1]


# --- folded in from the former safeguards reader (``ctie check`` now reads through load_table) ----------

PHONES = "nom;téléphone;n\nLéa Petit;+33 6 12 34 56 78;3\nJosé Núñez;0612345678;12\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_phone_numbers_and_codes_stay_text_in_every_encoding(tmp_path, encoding):
    """A leading ``+`` or ``0`` is kept (PII detection and pseudonyms need the number as written)."""
    df = _load(_write(tmp_path, "f.csv", PHONES, encoding=encoding))
    assert list(df.columns) == ["nom", "téléphone", "n"]
    assert df["nom"].tolist() == ["Léa Petit", "José Núñez"]
    assert df["téléphone"].tolist() == ["+33 6 12 34 56 78", "0612345678"]
    assert df["n"].tolist() == [3, 12] and str(df["n"].dtype) == "Int64"


def test_sheet_name_tolerates_inner_spaces_and_case_and_a_zip_without_a_workbook_is_refused(tmp_path):
    import zipfile

    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    ws = wb.create_sheet(" Data  2024 ")
    ws.append(["admin1", "count"])
    ws.append(["XA01", 12])
    ws.append(["XA02", 3])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    bad = tmp_path / "corrupt.xlsx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    _files[tmp_path] = [p.name for p in tmp_path.iterdir()]
    df = _load(path, sheet="data 2024")
    assert df.attrs["source"]["sheet"] == " Data  2024 " and df["count"].tolist() == [12, 3]
    with pytest.raises(InputFileError, match=r"corrupt.xlsx: is not a readable Excel workbook"):
        _load(bad)


def test_distinct_value_typing_keeps_row_counts_and_first_rows(tmp_path):
    """Issue 15 (speed): typing works on distinct values; the log still counts rows and names first rows.

    5,000 rows (more distinct values than the 2,000-row sample): a count column with thousands separators,
    three '<5' markers and two 'unknown' entries (rows 4002 and 4502), and a unique id column that stays text.
    """
    lines = ["hh_id,count"]
    for i in range(5000):
        value = f'"{1000 + i:,}"'
        if i in (10, 20, 30):
            value = "<5"
        if i in (4000, 4500):
            value = "unknown"
        lines.append(f"XAR-HH-{i:05d},{value}")
    df = _load(_write(tmp_path, "big.csv", "\n".join(lines) + "\n"))
    assert str(df["hh_id"].dtype) == "string" and df["hh_id"].iloc[4999] == "XAR-HH-04999"
    assert str(df["count"].dtype) == "Int64" and df["count"].iloc[0] == 1000 and df["count"].iloc[4999] == 5999
    assert df["count_censored"].sum() == 3 and df["count"].isna().sum() == 5
    log = " | ".join(df.attrs["cleaning_log"])
    assert "2 value(s) are not numbers" in log and "row 4002: 'unknown'" in log
    assert "3 small-count marker(s)" in log and "thousands separators removed" in log
