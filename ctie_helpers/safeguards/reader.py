"""A small, tolerant CSV/XLSX reader for ``ctie check`` (read-only: the file is never written).

It exists so the safeguards can scan a file before the data loaders are involved; when
``ctie_helpers.data.load_table`` is available, ``ctie check`` prefers it. Everything is read as text
first, so phone numbers keep their leading ``+`` or ``0`` and ID numbers are not turned into floats;
columns whose values are all numbers are then converted.

What it copes with: UTF-8 with or without BOM, UTF-16 (with BOM), Windows-1252/Latin-1, files whose
lines mix UTF-8 and Windows-1252 (each line decoded on its own, noted in the log), comma, semicolon,
tab or pipe delimiters, duplicated column names (renamed ``name.1``), XLSX sheet names with stray
spaces or different case. What it refuses, with a :class:`TableReadError` naming the file (and sheet,
row, column where it applies): a missing or empty file, rows with more fields than the header, a
corrupt or password-protected XLSX, a legacy ``.xls``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd

__all__ = ["TableReadError", "read_table"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and legacy .xls are OLE2 containers


class TableReadError(ValueError):
    """The file cannot be read; ``str()`` names the file and, when known, the sheet, row and column."""

    def __init__(self, message: str, path: str | Path, sheet: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.path, self.sheet, self.row, self.column = str(path), sheet, row, column
        where = [f"sheet '{sheet}'" if sheet else "", f"row {row}" if row else "",
                 f"column '{column}'" if column else ""]
        place = ", ".join(w for w in where if w)
        super().__init__(f"{path}: {message}" + (f" ({place})" if place else ""))


def _decode(raw: bytes, log: list[str]) -> str:
    """Bytes to text: BOMs first, then strict UTF-8, then line by line (UTF-8, else Windows-1252)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        log.append("encoding: UTF-16")
        return raw.decode("utf-16")
    if len(raw) >= 4 and raw[1:4:2] == b"\x00\x00" and raw[0:4:2] != b"\x00\x00":
        log.append("encoding: UTF-16 (little-endian, no BOM)")
        return raw.decode("utf-16-le", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines, legacy = [], []
    for i, line in enumerate(raw.splitlines(keepends=True), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            legacy.append(i)
    if len(legacy) == len(lines):
        log.append("encoding: Windows-1252/Latin-1")
    else:
        shown = ", ".join(map(str, legacy[:5])) + (" ..." if len(legacy) > 5 else "")
        log.append(f"mixed encodings: line(s) {shown} read as Windows-1252, the rest as UTF-8")
    return "".join(lines)


def _delimiter(text: str) -> str:
    sample = "\n".join(text[:65536].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        return max(",;\t|", key=header.count)


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Convert text columns whose non-blank values are all numbers; keep ``+``/leading-zero codes as text."""
    out = {}
    for c in df.columns:
        s = df[c]
        text = s.astype("string").str.strip()
        filled = text[text.notna() & (text != "")]
        sample = filled.iloc[:1000]  # converting a million names to numbers first would take seconds
        if len(filled) and pd.to_numeric(sample, errors="coerce").notna().all() \
                and not filled.str.match(r"^(\+|0\d)").any():
            num = pd.to_numeric(filled, errors="coerce")
            if num.notna().all():
                full = pd.to_numeric(text.where(text != ""), errors="coerce")
                out[c] = full.astype("Int64") if (num == num.round()).all() and num.abs().max() < 2**53 else full
                continue
        out[c] = text.where(text != "", pd.NA)
    return pd.DataFrame(out, index=df.index)


def _dedupe(columns: list[str], log: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, c in enumerate(columns):
        name = c.strip() or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            log.append(f"duplicated column '{name}' renamed '{name}.{seen[name]}'")
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _read_csv(path: Path, raw: bytes, log: list[str]) -> pd.DataFrame:
    text = _decode(raw, log)
    if not text.strip():
        raise TableReadError("the file is empty", path)
    sep = _delimiter(text)
    header = next(csv.reader(io.StringIO(text), delimiter=sep))
    names = _dedupe([h for h in header], log)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, header=0, names=names,
                         skip_blank_lines=True, engine="c")
    except pd.errors.ParserError as exc:
        m = re.search(r"line (\d+), saw (\d+)", str(exc))
        if m:
            raise TableReadError(f"row has {m.group(2)} fields but the header has {len(names)}", path,
                                 row=int(m.group(1))) from None
        raise TableReadError(f"not a readable delimited file ({exc})", path) from None
    return _typed(df)


def _read_xlsx(path: Path, sheet: str | None, log: list[str]) -> pd.DataFrame:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise TableReadError(f"corrupt or unreadable XLSX file ({type(exc).__name__})", path) from None
    try:
        names = wb.sheetnames
        if sheet is None:
            ws = wb[names[0]]
        else:
            wanted = " ".join(sheet.split()).casefold()
            found = [n for n in names if " ".join(n.split()).casefold() == wanted]
            if not found:
                raise TableReadError(f"no sheet named '{sheet}'; sheets: {', '.join(names)}", path, sheet=sheet)
            ws = wb[found[0]]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        title = ws.title
    finally:
        wb.close()
    rows = [r for r in rows if any(v is not None and str(v).strip() != "" for v in r)]
    if not rows:
        raise TableReadError("the sheet is empty", path, sheet=title)
    width = max(len(r) for r in rows)
    header = [("" if v is None else str(v)) for v in rows[0]] + [""] * (width - len(rows[0]))
    names = _dedupe(header, log)
    body = [[("" if v is None else str(v)) for v in r] + [""] * (width - len(r)) for r in rows[1:]]
    df = pd.DataFrame(body, columns=names, dtype=object) if body else pd.DataFrame(columns=names)
    df = _typed(df)
    df.attrs["sheet"] = title
    return df


def read_table(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV/TSV/TXT or XLSX file into a DataFrame without modifying it.

    Parameters
    ----------
    path : path to the file.
    sheet : XLSX sheet name (spaces and case tolerated); default the first sheet.

    Returns
    -------
    pandas.DataFrame
        Numeric columns as ``Int64``/``float64``, others as strings; ``df.attrs["read_log"]`` lists
        what was guessed or repaired (encoding, renamed columns).

    Raises
    ------
    TableReadError
        With the file (and sheet, row, column) named.
    """
    p = Path(path)
    if not p.exists():
        raise TableReadError("no such file", p)
    if p.is_dir():
        raise TableReadError("is a folder, not a file", p)
    log: list[str] = []
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise TableReadError(f"cannot open the file ({exc.strerror})", p) from None
    if not raw.strip():
        raise TableReadError("the file is empty", p)
    if raw.startswith(_OLE2):
        raise TableReadError("password-protected workbook or legacy .xls: save it as an unprotected .xlsx", p)
    if raw.startswith(b"PK\x03\x04") or p.suffix.lower() in (".xlsx", ".xlsm"):
        df = _read_xlsx(p, sheet, log)
    else:
        if sheet:
            log.append(f"--sheet '{sheet}' ignored: not a workbook")
        df = _read_csv(p, raw, log)
    df.attrs["read_log"] = log
    return df
