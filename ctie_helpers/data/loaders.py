"""Read an analyst's own table (CSV or XLSX) as it comes out of real systems, and say what was done to it.

Real exports from DTM, UNODC, MSNA and protection-monitoring systems arrive with banner rows above the
header, two header rows, an HXL hashtag row, thousands separators, ``<5`` markers for suppressed small
counts, semicolons, Latin-1 or UTF-16 text, and sheet names with stray spaces. :func:`load_table` copes
with all of these, never writes to the file, and records every decision in ``df.attrs["cleaning_log"]``
so the report can show it. What it cannot use raises :class:`InputFileError` naming file, sheet, row and
column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import python_calamine as pc

from ctie_helpers.data.errors import InputFileError
from ctie_helpers.data.kobo import is_export as is_kobo_export
from ctie_helpers.data.kobo import prepare_export as prepare_kobo_export
from ctie_helpers.data.structure import find_structure, type_columns

__all__ = ["load_table", "list_sheets", "InputFileError"]

SAMPLE_ROWS = 60
DELIMITERS = (",", ";", "\t", "|")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and legacy .xls are OLE2 containers


def load_table(path: str | Path, sheet: str | None = None, *, xlsform: str | Path | None = None) -> pd.DataFrame:
    """Load a CSV or XLSX file into a typed DataFrame.

    Parameters
    ----------
    path : str or Path
        The file. ``.xlsx``/``.xlsm`` are read as Excel workbooks, anything else as delimited text.
    sheet : str, optional
        Excel sheet name; matched ignoring case and stray spaces. Default: the first sheet.
    xlsform : str or Path, optional
        The XLSForm of a KoboToolbox/ODK export: headers and answers exported as labels are turned back
        into question and choice names. An export is recognised by its meta columns (``_uuid``,
        ``meta/instanceID``...) with or without it, and prepared by :func:`ctie_helpers.data.kobo.prepare_export`
        (meta columns dropped, group paths removed, select_multiple options as 0/1, yes/no as 1/0).

    Returns
    -------
    pandas.DataFrame
        Numeric columns as nullable numbers, ``<5``-style markers turned into missing values flagged in a
        companion boolean column ``<column>_censored``, dates parsed. ``df.attrs`` holds
        ``cleaning_log`` (list of sentences), ``hxl`` (column -> hashtag) and ``source`` (file, sheet,
        encoding, delimiter, header row).

    Raises
    ------
    InputFileError
        The file is missing, empty, unreadable, encrypted, or has no header or no data rows.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(path, "file not found", hint="Check the path and the file name")
    if path.is_dir():
        raise InputFileError(path, "is a folder, not a file")
    log: list[str] = []
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheet_name, cells = _read_xlsx(path, sheet, log)
        rows = cells.iloc[:SAMPLE_ROWS].to_numpy().tolist()
        source: dict[str, Any] = {"file": str(path), "sheet": sheet_name, "encoding": None, "delimiter": None}
    elif suffix == ".xls":
        raise InputFileError(path, "is an old-style .xls workbook", hint="Save it as .xlsx or CSV and try again")
    else:
        if sheet is not None:
            log.append(f"sheet '{sheet}' ignored: {path.name} is a text file, not a workbook")
        sheet_name = None
        text, encoding = _decode(path, log)
        delimiter = _sniff_delimiter(text, path)
        if delimiter != ",":
            log.append(f"columns are separated by {_DELIM_NAMES[delimiter]}")
        rows = _text_rows(text, delimiter, limit=SAMPLE_ROWS)
        source = {"file": str(path), "sheet": None, "encoding": encoding, "delimiter": delimiter}

    struct = find_structure(rows[:SAMPLE_ROWS], path, sheet_name)
    width = len(struct.columns)
    if suffix in (".xlsx", ".xlsm"):
        body_frame = cells.iloc[struct.data_start:].reset_index(drop=True)
        if body_frame.shape[1] > width:
            extra = body_frame.iloc[:, width:].apply(lambda c: c.str.strip().ne("")).any(axis=1)
            if extra.any():
                raise InputFileError(path, f"has more values than header columns ({int(extra.sum())} rows affected)",
                                     sheet=sheet_name, row=struct.data_start + int(extra.to_numpy().argmax()) + 1,
                                     hint="Check for values to the right of the table")
            body_frame = body_frame.iloc[:, :width]
        for j in range(body_frame.shape[1], width):
            body_frame[j] = ""
        body_frame.columns = range(width)
    else:
        body_frame = _read_body(text, delimiter, struct.data_start, width, path)
    # stops at the first column holding a value (usually the first): no full pass over a big file
    if not (body_frame.shape[0] and any(_has_value(body_frame[c]) for c in body_frame.columns)):
        raise InputFileError(path, "has a header but no data rows", sheet=sheet_name, row=struct.data_start,
                             hint="Check that the data were exported, not only the column names")
    df = type_columns(body_frame, struct, path, sheet_name, first_row=struct.data_start + 1,
                      decimal_comma=source.get("delimiter") == ";", log=log)
    if df.empty or df.shape[1] == 0:
        raise InputFileError(path, "has no usable values below its header", sheet=sheet_name,
                             row=struct.data_start + 1, hint="Every data row is empty or a missing-value marker")
    source.update(header_row=struct.header_row + 1, first_row=struct.first_row, dropped_rows=struct.dropped_rows)
    log[:0] = struct.log
    df.attrs = {"cleaning_log": log, "hxl": struct.hxl, "source": source}
    if xlsform is not None or is_kobo_export(list(df.columns)):
        df = prepare_kobo_export(df, xlsform)
    return df


def list_sheets(path: str | Path) -> list[str]:
    """The sheet names of an XLSX workbook, in order."""
    with _open_workbook(Path(path)) as book:
        return list(book.sheet_names)


# --- text files ---------------------------------------------------------------------------------------

_DELIM_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _decode(path: Path, log: list[str]) -> tuple[str, str]:
    """Decode the file: UTF-8 (with or without BOM), UTF-16 (Excel's 'Unicode text'), else Latin-1.

    A file that is mostly UTF-8 with a few Latin-1 lines (two exports pasted together) is decoded line by
    line, and the lines read as Latin-1 are logged, rather than turning every accent into mojibake.
    """
    raw = path.read_bytes()
    if not raw.strip(b"\x00 \t\r\n\xef\xbb\xbf\xff\xfe"):
        raise InputFileError(path, "the file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        log.append("text encoding: UTF-16 (Excel 'Unicode text')")
        return raw.decode("utf-16"), "utf-16"
    if raw.startswith(OLE_MAGIC) or raw.startswith(b"PK\x03\x04"):
        raise InputFileError(path, "looks like an Excel workbook, not a text file",
                             hint="Give it the .xlsx extension, or export the sheet as CSV")
    if b"\x00" in raw[:4096]:
        raise InputFileError(path, "is not a text file (it contains binary data)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return raw.decode("utf-8"), encoding
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    latin_rows: list[int] = []
    has_utf8 = False
    decoded = []
    for i, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
            has_utf8 = has_utf8 or any(ord(ch) > 127 for ch in text)
        except UnicodeDecodeError:
            text = line.decode("cp1252", errors="replace")
            latin_rows.append(i)
        decoded.append(text)
    if not has_utf8:
        log.append("text encoding: Latin-1 (Windows-1252)")
        return raw.decode("cp1252", errors="replace"), "cp1252"
    shown = ", ".join(map(str, latin_rows[:5])) + (" …" if len(latin_rows) > 5 else "")
    log.append(f"mixed text encodings: {len(latin_rows)} row(s) read as Latin-1 (rows {shown}), the rest as UTF-8")
    return "\n".join(decoded), "mixed utf-8/cp1252"


def _sniff_delimiter(text: str, path: Path) -> str:
    """Pick the delimiter that splits the most sample lines into the same number (>1) of fields."""
    sample = [ln for ln in _head_lines(text, SAMPLE_ROWS * 2) if ln.strip()][:SAMPLE_ROWS]
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        widths = [c for c in counts if c > 1]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode), mode)
        if score > best_score:
            best, best_score = delim, score
    if best_score == (0, 0) and len(sample) > 1:
        return ","  # a single-column file: no delimiter in use
    return best


def _head_lines(text: str, n: int) -> list[str]:
    """``text.splitlines()[:n]`` without splitting a whole million-line file to look at its first lines."""
    size = 8192
    while True:
        lines = text[:size].splitlines()
        if len(lines) > n or size >= len(text):  # line n is complete when another one starts after it
            return lines[:n]
        size *= 4


def _text_rows(text: str, delimiter: str, limit: int) -> list[list[str]]:
    """The first ``limit`` lines split into cells, one record per physical line (for structure finding)."""
    lines = _head_lines(text, limit)
    return [next(csv.reader([ln], delimiter=delimiter), []) for ln in lines]


def _has_value(column: pd.Series) -> bool:
    """Does the column hold at least one non-blank cell? Stops at the first one found."""
    if column.dtype.kind in "if":  # numbers read by the parser: blank cells are NaN
        return bool(column.notna().any())
    cells = column.to_numpy(dtype=object)
    return any(v.strip() for v in cells[cells != ""] if isinstance(v, str))


def _read_body(text: str, delimiter: str, start: int, width: int, path: Path) -> pd.DataFrame:
    """Read the data rows with pandas' C parser: a million-row file takes seconds, not minutes.

    The parser types a column itself only when every cell of it is a plain number (int64 or float64 come
    back; blank lines and short rows give NaN, which is a missing value anyway); every other column comes
    back as the cells' text, for :func:`type_columns` to read carefully (missing-value markers, ``<5``,
    thousands separators, dates). ``keep_default_na=False`` keeps "NA", "-" and the like as text, and
    ``low_memory=False`` decides each column's type on the whole column, never on a chunk of it, so a text
    column never holds numbers parsed from its first chunk. A column the parser turns into anything else
    (``TRUE``/``FALSE`` into booleans, integers beyond int64) is read again as text.
    """
    options = dict(sep=delimiter, header=None, skiprows=start, keep_default_na=False, skip_blank_lines=False,
                   engine="c", index_col=False)
    try:
        body = pd.read_csv(io.StringIO(text), low_memory=False, **options)
        other = [c for c in body.columns
                 if body[c].dtype.kind not in "if" and not pd.api.types.is_string_dtype(body[c].dtype)]
        if other:
            again = pd.read_csv(io.StringIO(text), usecols=other, dtype=str, **options)
            for c in other:
                body[c] = again[c]
    except pd.errors.EmptyDataError:
        return pd.DataFrame(columns=range(width), dtype=object)
    except pd.errors.ParserError as exc:

        m = re.search(r"line (\d+), saw (\d+)", str(exc))
        row = int(m.group(1)) if m else None  # pandas counts the skipped lines too
        raise InputFileError(path, "has more values than header columns" if m else f"cannot be split into columns ({exc})",
                             row=row, hint="Check for a stray delimiter or an unclosed quote") from None
    text_cols = [c for c in body.columns if body[c].dtype.kind not in "if"]
    body[text_cols] = body[text_cols].fillna("")
    if body.shape[1] > width:  # the first data line itself is wider than the header
        extra = body.iloc[:, width:].apply(lambda c: c.astype(str).str.strip().ne("") & c.notna()).any(axis=1)
        if extra.any():
            raise InputFileError(path, f"has more values than header columns ({int(extra.sum())} rows affected)",
                                 row=start + int(extra.to_numpy().argmax()) + 1,
                                 hint="Check for a stray delimiter or a missing header")
        body = body.iloc[:, :width]
    body.columns = range(body.shape[1])
    for j in range(body.shape[1], width):
        body[j] = ""
    return body


# --- workbooks ----------------------------------------------------------------------------------------
#
# Workbooks are read with python-calamine through pandas (``engine="calamine"``). openpyxl's read-only mode
# believes the sheet's ``<dimension ref=...>`` record, which exports from statistical systems often leave
# stale (``A1`` on a sheet of 58,000 rows), and then sees a one-cell sheet; calamine reads the cells that
# are there, and is several times faster. openpyxl is not used to read analysts' files at all: it stays in
# the package only to *write* workbooks (calamine cannot write), e.g. ``methods/xlsform.py``.

def _calamine_errors() -> tuple[type[BaseException], ...]:

    return (pc.CalamineError, pc.PasswordError, pc.XmlError, pc.ZipError, zipfile.BadZipFile, KeyError,
            OSError, ValueError)


def _open_workbook(path: Path) -> pd.ExcelFile:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_MAGIC):
        raise InputFileError(path, "is password-protected (encrypted) or an old .xls workbook",
                             hint="Remove the password in Excel (File > Info > Protect Workbook) and save as .xlsx")
    if not head:
        raise InputFileError(path, "the file is empty")
    try:
        return pd.ExcelFile(path, engine="calamine")
    except _calamine_errors() as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: BaseException, sheet: str | None = None) -> InputFileError:
    return InputFileError(path, f"is not a readable Excel workbook ({type(exc).__name__})", sheet=sheet,
                          hint="The file may be corrupt or only partly downloaded; export it again")


def _read_xlsx(path: Path, sheet: str | None, log: list[str]) -> tuple[str, pd.DataFrame]:
    """The chosen sheet as a frame of cell texts, one frame row per sheet row from row 1 (blank rows kept)."""
    with _open_workbook(path) as book:
        names = book.sheet_names
        if not names:
            raise InputFileError(path, "has no worksheets")
        if sheet is None:
            name = names[0]
            if len(names) > 1:
                log.append(f"read the first sheet '{name}' of {len(names)} ({', '.join(names)})")
        else:
            wanted = " ".join(sheet.split()).casefold()
            matches = [n for n in names if " ".join(n.split()).casefold() == wanted]
            if not matches:
                raise InputFileError(path, f"has no sheet named '{sheet}'",
                                     hint="Sheets in this file: " + ", ".join(f"'{n}'" for n in names))
            name = matches[0]
            if name != sheet:
                log.append(f"sheet '{sheet}' matched '{name}' (ignoring case and spaces)")
        try:
            # header=None and na_filter=False: every cell as read, blank rows kept, so frame row i is sheet
            # row i + 1 and the structure finder sees banner rows exactly as the analyst does.
            cells = pd.read_excel(book, sheet_name=name, header=None, dtype=object, na_filter=False)
        except _calamine_errors() as exc:
            raise _unreadable(path, exc, sheet=name) from None
    text = pd.DataFrame({j: _column_text(cells[c]) for j, c in enumerate(cells.columns)}, dtype=object)
    if text.empty:
        raise InputFileError(path, "the sheet is empty", sheet=name)
    return name, text


def _column_text(column: pd.Series) -> list[str]:
    """A column of Excel cells as text (text columns pass through; numbers and dates converted per cell)."""
    if pd.api.types.infer_dtype(column, skipna=False) == "string":
        return column.tolist()
    return [_cell_text(v) for v in column.tolist()]


def _cell_text(value: object) -> str:
    """Excel cells to text, so workbooks and CSV files go through one typing step."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell
            return ""
        if value.is_integer():
            return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
