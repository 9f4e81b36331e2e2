"""Formula-safe writing: no text cell the workbook writes can run as a spreadsheet formula.

A CSV opened in Excel, LibreOffice or Google Sheets runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)`` sends data away, ``=cmd|...`` once ran programs), and a leading
tab or carriage return can hide such a cell. Free text typed by a respondent, a trainee or a partner
reaches our exports, so, as the OWASP guidance on CSV injection advises, every text cell that starts with
one of those characters is written with a single quote in front (the spreadsheet then shows it as text).

Only text is touched: numbers stored as numbers (``-5``) are written as they are, and so is text that
is just a number (``"-5"``, ``"+3.5"``), which a spreadsheet reads as that number and never runs. Column
names are text cells too and get the same treatment.

For XLSX written with openpyxl the rule is different: there a string that starts with ``=`` becomes a
formula unless its cell is typed as a string, so the XLSX writers type every text cell as a string;
the text itself is kept exact (an XLSForm's labels must reach pyxform unchanged).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["TRIGGERS", "csv_text", "neutralise_cell", "neutralise_formulas", "restore_cell"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise_cell(value: Any) -> Any:
    """``value`` with a single quote in front if it is text a spreadsheet would run; anything else as is."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """Undo :func:`neutralise_cell` on text read back from a sheet the workbook wrote (the manual-grading
    sheet), so a trainee's answer compares equal to itself after a round trip."""
    if value.startswith("'") and value[1:].startswith(TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value[1:]):
        return value[1:]
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and column names cannot run as formulas (numbers untouched)."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or isinstance(s.dtype, pd.StringDtype) or isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).map(neutralise_cell)
    out.columns = [neutralise_cell(c) for c in out.columns]
    if not isinstance(out.index, pd.RangeIndex) and out.index.dtype == object:
        out.index = out.index.map(neutralise_cell)
    return out


def csv_text(df: pd.DataFrame, *, index: bool = False) -> str:
    """``df`` as CSV text with formulas neutralised: for downloads built in memory (the apps)."""
    return neutralise_formulas(df).to_csv(index=index)
