"""Find a table's header under banner rows, join multi-row headers, read an HXL row, and type the columns.

Used by :mod:`ctie_helpers.data.loaders`. Every step is vectorised per column (a million-row household
file loads in seconds) and every decision is logged in plain language for the report.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ctie_helpers.data.errors import InputFileError

__all__ = ["Structure", "find_structure", "type_columns", "source_row", "NA_TOKENS"]

NA_TOKENS = {"", "na", "n/a", "nan", "null", "none", "-", "--", "..", "…", "#n/a"}
HXL_CELL = re.compile(r"^#[A-Za-z][A-Za-z0-9_]*(\s*\+\s*[A-Za-z][A-Za-z0-9_]*)*$")
NUMBER_LIKE = re.compile(r"^\s*[<≤]?\s*[-+]?[\d.,\s\u00a0\u202f]*\d%?\s*$")
CENSORED = r"^\s*(?:<=?|≤|&lt;)\s*(\d+(?:[.,]\d+)?)\s*$"
# anything _as_number could read: a number in any of the formats below, or a "<5" marker
NUMBER_OR_CENSORED = re.compile(r"^\s*(?:<=?|≤|&lt;)?\s*[-+]?[\d.,\s\u00a0\u202f]*\d\.?(?:[eE][-+]?\d+)?\s*$")
DATE_LIKE = re.compile(r"^\d{1,4}[-/. ]\w{1,9}[-/. ]\d{2,4}(T[\d:]+)?$")
THOUSANDS_COMMA = r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"
THOUSANDS_SPACE = r"^[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$"
THOUSANDS_DOT = r"^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"
DECIMAL_COMMA = r"^[-+]?\d+,\d+$"
PLAIN = r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%Y",
                "%d %b %Y", "%d %B %Y")


@dataclass
class Structure:
    header_row: int          # 0-based index of the (first) header row in the file
    data_start: int          # 0-based index of the first data row
    columns: list[str]
    hxl: dict[str, str] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    first_row: int = 0       # file row number (1-based) of the first data row
    dropped_rows: list[int] = field(default_factory=list)  # file rows dropped as empty


def _filled(row: list[str]) -> list[str]:
    return [c.strip() for c in row if c and c.strip()]


def _is_hxl(row: list[str]) -> bool:
    cells = _filled(row)
    return bool(cells) and all(HXL_CELL.match(c) for c in cells) and len(cells) >= 1


def _numeric_share(cells: list[str]) -> float:
    return sum(bool(NUMBER_LIKE.match(c)) for c in cells) / len(cells) if cells else 0.0


def find_structure(rows: list[list[str]], path: Path, sheet: str | None) -> Structure:
    """Locate header, header continuation and HXL rows in the first rows of a file."""
    nonempty = [i for i, r in enumerate(rows) if _filled(r)]
    if not nonempty:
        raise InputFileError(path, "the file is empty" if sheet is None else "the sheet is empty", sheet=sheet)
    widths = sorted(len(_filled(rows[i])) for i in nonempty)
    typical = widths[len(widths) * 3 // 4]  # upper quartile: banner rows are narrow, data rows wide
    header = None
    for i in nonempty:
        cells = _filled(rows[i])
        if _is_hxl(rows[i]):
            header = i  # a file whose first real row is the HXL row: the tags name the columns
            break
        if len(cells) >= max(2, math.ceil(typical / 2)) and _numeric_share(cells) <= 0.4:
            header = i
            break
    if header is None:
        raise InputFileError(path, f"no header row found in the first {len(rows)} rows", sheet=sheet,
                             hint="The first row of the table should name its columns")
    log = []
    if header > 0:
        log.append(f"skipped {header} row(s) above the header (titles or notes); header is row {header + 1}")
    parts = [[c.strip() for c in rows[header]]]
    nxt = header + 1
    # A second header row: text only, right under the first, and the first has gaps (merged cells).
    while nxt < len(rows) and len(parts) < 3:
        row = rows[nxt]
        cells = _filled(row)
        top = parts[0]
        top_gaps = any(not c for c in top[: max((i for i, c in enumerate(top) if c), default=0)])
        after = nxt + 1
        while after < len(rows) and (_is_hxl(rows[after]) or not _filled(rows[after])):
            after += 1  # the HXL row sits between the header rows and the data
        if (cells and not _is_hxl(row) and _numeric_share(cells) == 0 and top_gaps
                and after < len(rows) and _numeric_share(_filled(rows[after])) > 0):
            parts.append([c.strip() for c in row])
            nxt += 1
        else:
            break
    def last_filled(row: list[str]) -> int:
        return max((j + 1 for j, c in enumerate(row) if c and c.strip()), default=0)

    # Columns run to the last named header cell, or further when sample data rows do (unnamed columns).
    width = max([last_filled(p) for p in parts] + [last_filled(r) for r in rows[nxt:nxt + 50]])
    parts = [(p + [""] * width)[:width] for p in parts]
    if len(parts) > 1:
        log.append(f"joined {len(parts)} header rows (rows {header + 1}-{header + len(parts)})")
        filled_top, last = [], ""
        for c in parts[0]:  # merged cells: the label spans the blank cells to its right
            last = c or last
            filled_top.append(last)
        parts[0] = filled_top
    names = [" ".join(p[j] for p in parts if p[j]).strip() for j in range(width)]
    hxl: dict[int, str] = {}  # column position -> tag; keyed by column name below
    hxl_row = None
    if _is_hxl(rows[header]):
        hxl_row = header
    elif nxt < len(rows) and _is_hxl(rows[nxt]):
        hxl_row = nxt
        nxt += 1
    if hxl_row is not None:
        tags = [(c.strip() if j < len(rows[hxl_row]) else "") for j, c in
                enumerate((rows[hxl_row] + [""] * width)[:width])]
        if hxl_row == header:
            names = [t for t in tags]
        hxl = {j: t for j, t in enumerate(tags) if t}
        log.append(f"HXL hashtag row found (row {hxl_row + 1}): {len(hxl)} tagged column(s)")
    names = _unique_names(names, log)
    return Structure(header, nxt, names, {names[j]: t for j, t in hxl.items()}, log)


def _unique_names(names: list[str], log: list[str]) -> list[str]:
    out: list[str] = []
    for j, name in enumerate(names):
        base = " ".join(name.split()) or f"column_{j + 1}"
        if not name.strip():
            log.append(f"column {j + 1} has no name: called it '{base}'")
        candidate, k = base, 2
        while candidate in out:
            candidate, k = f"{base} ({k})", k + 1
        if candidate != base:
            log.append(f"duplicated column name '{base}': the later one is called '{candidate}'")
        out.append(candidate)
    return out


def type_columns(raw: pd.DataFrame, struct: Structure, path: Path, sheet: str | None, *, first_row: int,
                 decimal_comma: bool, log: list[str]) -> pd.DataFrame:
    """Turn the text body into typed columns (numbers, censored counts, dates, text).

    Every text step runs on a column's *distinct* values (``pandas.factorize``), weighted by how often each
    occurs, and the result is spread back to the rows: a million-row survey has a few thousand distinct
    values per column, so typing takes a second rather than a minute. Shares, counts and the file rows
    named in the log are those of the rows, as before; a value logged as unreadable is shown with the
    first row where it occurs.
    """
    raw.columns = struct.columns
    # Columns the CSV parser already read as plain numbers (every cell a number or blank) need no text
    # work: they are only given the nullable dtype below. Every other column is typed from its text.
    numeric = {c: raw[c].to_numpy() for c in struct.columns if raw[c].dtype.kind in "if"}
    factors = {c: pd.factorize(raw[c].to_numpy(dtype=object)) for c in struct.columns if c not in numeric}
    uniq_text = {c: pd.Series(u, dtype=object).astype(str).str.strip() for c, (_, u) in factors.items()}
    uniq_na = {c: (t.str.casefold().isin(NA_TOKENS) | t.isna()).to_numpy() for c, t in uniq_text.items()}
    # a row is missing in a column when its value is a missing-value marker (code -1: a NaN cell)
    row_na = {c: np.where(codes >= 0, uniq_na[c][np.maximum(codes, 0)], True) for c, (codes, _) in factors.items()}
    row_na.update({c: np.isnan(v) if v.dtype.kind == "f" else np.zeros(len(v), dtype=bool)
                   for c, v in numeric.items()})
    empty_rows = np.logical_and.reduce(list(row_na.values())) if row_na else np.zeros(len(raw), dtype=bool)
    if empty_rows.any():
        log.append(f"dropped {int(empty_rows.sum())} empty row(s)")
    struct.dropped_rows = [first_row + int(i) for i in empty_rows.nonzero()[0]]
    struct.first_row = first_row
    kept_rows = np.arange(first_row, first_row + len(raw))[~empty_rows]
    out: dict[str, pd.Series] = {}
    for col in struct.columns:
        if col in numeric:
            values = numeric[col][~empty_rows] if empty_rows.any() else numeric[col]
            if np.isnan(values).all() if values.dtype.kind == "f" else not len(values):
                log.append(f"column '{col}' is empty: dropped")
                continue
            whole = values.dtype.kind == "i" or bool((np.where(np.isnan(values), 0, values) % 1 == 0).all())
            out[col] = pd.Series(pd.array(values, dtype="Int64" if whole else "Float64"))
            continue
        codes = factors[col][0][~empty_rows]
        codes = np.where((codes >= 0) & ~uniq_na[col][np.maximum(codes, 0)], codes, -1)  # -1: missing
        n_uniq = len(uniq_na[col])
        weights = np.bincount(codes[codes >= 0], minlength=n_uniq)
        present = weights > 0
        if not present.any():
            log.append(f"column '{col}' is empty: dropped")
            continue
        # the distinct values actually present, indexed by their code, with their first file row and count
        s = uniq_text[col][present]
        # factorize numbers values in order of first appearance, so a value's first row is where the
        # running maximum of the codes reaches it (one pass, no sort)
        running = np.maximum.accumulate(codes)
        pos = np.flatnonzero(np.diff(running, prepend=-1) > 0)
        first = np.full(n_uniq, -1)
        first[codes[pos]] = kept_rows[pos]
        rows_no = pd.Series(first[present], index=s.index)
        w = pd.Series(weights[present], index=s.index)

        def spread(values: pd.Series, codes: np.ndarray = codes, n: int = n_uniq) -> pd.Series:
            """Distinct-value results back onto the rows (missing where the row is missing)."""
            return pd.Series(values.reindex(range(n)).array.take(codes, allow_fill=True))

        # clean numeric columns skip the regex work below; a column whose first values are not all numbers
        # (identifiers, names) cannot be one, and is not converted whole to find out
        fast = pd.to_numeric(s.iloc[:1000], errors="coerce")
        if fast.notna().all() and len(s) > 1000:
            fast = pd.to_numeric(s, errors="coerce")
        if fast.notna().all():
            out[col] = spread(fast.astype("Int64") if (fast % 1 == 0).all() else fast.astype("Float64"))
            continue
        typed = _as_number(s, col, rows_no, decimal_comma, log, w)
        if typed is not None:
            out[col] = spread(typed[0])
            if typed[1] is not None:
                out[f"{col}_censored"] = spread(typed[1])
            continue
        dates = _as_dates(s, col, rows_no, log, w)
        out[col] = spread(dates if dates is not None else s.astype("string"))
    return pd.DataFrame(out)


SAMPLE_LIMIT = 2000  # distinct values above which a column is first tested on a sample of its rows


def _mostly(values: pd.Series, weights: pd.Series, pattern: re.Pattern) -> bool:
    """Could 95% of the rows match ``pattern``? Tested on a fixed random sample of 2,000 rows when the column
    has more distinct values than that (identifiers, free text), so such a column is turned down in one cheap
    pass instead of a dozen full ones. A column that is 95% numbers (or dates) shows under 80% in a sample
    of 2,000 with a probability below 1e-100 (binomial tail); the full test then still decides."""
    if len(values) <= SAMPLE_LIMIT:
        return True
    w = weights[values.index].to_numpy(dtype=float)
    pick = np.random.default_rng(0).choice(len(values), size=SAMPLE_LIMIT, p=w / w.sum())
    return bool(values.iloc[pick].str.match(pattern).mean() >= 0.8)


def _as_number(s: pd.Series, col: str, rows_no: pd.Series, decimal_comma: bool, log: list[str],
               weights: pd.Series):
    """``s``: distinct non-missing values; ``weights``: how many rows hold each; ``rows_no``: first row of each."""
    values = s.dropna()
    if values.empty or not _mostly(values, weights, NUMBER_OR_CENSORED):
        return None
    cens = values.str.extract(CENSORED, expand=False)
    is_cens = cens.notna()
    rest = values[~is_cens]
    m_tc, m_ts, m_td = (rest.str.match(THOUSANDS_COMMA), rest.str.match(THOUSANDS_SPACE),
                        rest.str.match(THOUSANDS_DOT))
    # Semicolon files come from locales that write 1.234,5: dots are thousands, commas decimals,
    # unless a value such as 2.5 shows the column uses decimal points after all.
    dot_decimal = rest.str.match(r"^[-+]?\d*\.(?:\d{1,2}|\d{4,})$").any() or m_tc.any()
    european = (decimal_comma and not dot_decimal) | (m_td & rest.str.contains(",", regex=False))
    cleaned = rest.where(~(european & (m_td | rest.str.match(DECIMAL_COMMA))),
                         rest.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    cleaned = cleaned.where(~(m_tc & ~european), rest.str.replace(",", "", regex=False))
    cleaned = cleaned.where(~m_ts, rest.str.replace(r"[ \u00a0\u202f]", "", regex=True).str.replace(",", "."))
    if not isinstance(european, bool):
        european = bool((european & rest.str.contains(",", regex=False)).any())
    comma_dec = european
    number = pd.to_numeric(cleaned.where(cleaned.str.match(PLAIN)), errors="coerce")
    ok = number.notna()
    n_rest, n_ok = int(weights[rest.index].sum()), int(weights[ok[ok].index].sum())
    n_cens = int(weights[is_cens[is_cens].index].sum())
    if n_rest and n_ok / n_rest < 0.95 or (n_rest == 0 and not n_cens):
        return None
    if not n_ok and not n_cens:
        return None
    bad = rest[~ok]
    if len(bad):
        where = ", ".join(f"row {rows_no[i]}: '{v}'" for i, v in bad.head(5).items())
        log.append(f"column '{col}': {int(weights[bad.index].sum())} value(s) are not numbers and were left "
                   f"missing ({where})")
    if (m_tc | m_ts | m_td).any():
        log.append(f"column '{col}': thousands separators removed")
    if comma_dec:
        log.append(f"column '{col}': decimal commas read as decimal points")
    full = pd.Series(pd.NA, index=s.index, dtype="Float64")
    full.loc[number.index] = number.astype("Float64")
    if (full.dropna() % 1 == 0).all():
        full = full.astype("Int64")
    censored = None
    if n_cens:
        censored = pd.Series(False, index=s.index, dtype="boolean")
        censored.loc[cens[is_cens].index] = True
        log.append(f"column '{col}': {n_cens} small-count marker(s) such as '{values[is_cens].iloc[0]}' "
                   f"kept as missing and flagged in '{col}_censored' (not zero)")
    return full, censored


def _as_dates(s: pd.Series, col: str, rows_no: pd.Series, log: list[str], weights: pd.Series):
    values = s.dropna()
    if len(values) == 0 or not _mostly(values, weights, DATE_LIKE):
        return None
    looks = values.str.match(r"^\d{1,4}[-/. ]\w{1,9}[-/. ]\d{2,4}(T[\d:]+)?$")
    w = weights[values.index]
    if len(values) == 0 or w[looks].sum() / w.sum() < 0.95:
        return None
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    used = []
    # Day-first unless a value proves month-first: humanitarian exports are rarely US-formatted.
    month_first = values.str.extract(r"^(\d{1,2})/(\d{1,2})/\d{4}$").astype(float)
    formats = list(DATE_FORMATS)
    if (month_first[1] > 12).any() and not (month_first[0] > 12).any():
        formats.remove("%d/%m/%Y")
    else:
        formats.remove("%m/%d/%Y")
    for fmt in formats:
        todo = parsed.isna()
        if not todo.any():
            break
        attempt = pd.to_datetime(values[todo], format=fmt, errors="coerce")
        if attempt.notna().any():
            used.append(fmt)
            parsed.loc[attempt.index] = parsed.loc[attempt.index].fillna(attempt)
    if w[parsed.notna()].sum() / w.sum() < 0.95:
        return None
    bad = values[parsed.isna()]
    msg = f"column '{col}': dates read in {len(used)} format(s) ({', '.join(used)})"
    if len(bad):
        msg += "; unreadable left missing: " + ", ".join(f"row {rows_no[i]}: '{v}'" for i, v in bad.head(5).items())
    log.append(msg)
    full = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    full.loc[parsed.index] = parsed
    return full


def source_row(df: pd.DataFrame, position: int) -> int | None:
    """The file row number (as a spreadsheet shows it) of the ``position``-th row of a loaded table."""
    src = df.attrs.get("source", {})
    if "first_row" not in src:
        return None
    row = src["first_row"] + position
    for dropped in src.get("dropped_rows", []):  # sorted ascending
        if dropped <= row:
            row += 1
    return row
