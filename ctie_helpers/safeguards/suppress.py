"""Small-cell suppression of count tables: primary, then complementary, then optional rounding.

Primary suppression hides every count from 1 to ``threshold - 1`` (default 5; 11 for case data, a cautious
choice of ours: CTDC's k = 11 is a record-level k-anonymity rule for released records, not a cell threshold,
and is borrowed here only as a size). Complementary (secondary) suppression then hides more cells so that no hidden count
can be worked out by subtraction: a table is a set of equations "cells of a row add up to the row
total", and an equation with exactly one hidden term gives that term away. So every row and column
(margins included) ends with either no hidden cell or at least two.

Totals are assumed known (``margins_known=True``): even when the table carries no total row or column,
the totals are usually published elsewhere (in the report text, in last month's table). A line with a
single inner cell and no total in the table is skipped: its "total" is the cell itself.

Zeros. A *sampling zero* (nobody in this cell this time) is published and may serve as a complementary
cell; a *structural zero* (impossible: pregnant men) is known to everyone, so hiding it protects nothing
and it is never used as a complement; ``zeros="suppress"`` treats zeros as disclosive (a zero can reveal
that *everyone* in a group shares an attribute: attribute disclosure). The Microsoft showcase CTDC used
ignores zeros unless flagged sensitive, which is the default here.

Hierarchical tables (subtotals inside the table) are refused: their extra equations are not modelled.
Suppress each level as its own table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.safeguards.censored import is_censored_label, parse_censored
from ctie_helpers.safeguards.vocab import normalise_name

__all__ = ["TOTAL_LABELS", "SuppressedTable", "find_margins", "is_hidden", "round_counts", "suppress_table"]

#: Labels of total rows/columns (``pandas.crosstab(margins=True)`` uses "All").
TOTAL_LABELS = frozenset({"total", "totals", "all", "grand total", "sum", "total general", "totaux",
                          "ensemble", "todo", "todos", "suma"})


def _is_total(label: object) -> bool:
    parts = label if isinstance(label, tuple) else (label,)
    return any(normalise_name(p) in TOTAL_LABELS for p in parts if p is not None)


def find_margins(table: pd.DataFrame) -> tuple[object | None, object | None]:
    """Return the labels of the total row and total column of ``table`` (``None`` where absent)."""
    rows = [r for r in table.index if _is_total(r)]
    cols = [c for c in table.columns if _is_total(c)]
    if len(rows) > 1 or len(cols) > 1:
        raise BadValueError("several total rows or columns (subtotals): suppress each level as its own table")
    return (rows[0] if rows else None), (cols[0] if cols else None)


def round_counts(values: pd.DataFrame | pd.Series, base: int, method: str = "down"):
    """Round counts to multiples of ``base``: ``"down"`` (CTDC / synthetic-data-showcase) or ``"nearest"``.

    Rounding down never overstates a count; totals of rounded cells no longer add up, which is the point.
    """
    if base < 1:
        raise BadValueError("base must be a positive integer")
    if method == "down":
        return np.floor(values / base) * base
    if method == "nearest":
        return np.floor(values / base + 0.5) * base  # half up, not banker's rounding: what readers expect
    raise BadValueError(f"method must be 'down' or 'nearest', got {method!r}")


@dataclass
class SuppressedTable:
    """Result of :func:`suppress_table`.

    Attributes
    ----------
    published : the table to show: numbers, ``"<5"``-style labels on primary cells, ``"x"`` on
        complementary cells, blanks where the input was blank.
    values : numeric table with suppressed cells missing (for machines: sums over it are lower bounds).
    primary, complementary : boolean masks, same shape as the table.
    threshold : the primary threshold.
    margins : the labels of the total row and column found (or ``None``).
    log : what was done, one sentence per step, ready to print under the table in a report.
    """

    published: pd.DataFrame
    values: pd.DataFrame
    primary: pd.DataFrame
    complementary: pd.DataFrame
    threshold: int
    margins: tuple[object | None, object | None]
    log: list[str] = field(default_factory=list)

    @property
    def suppressed(self) -> pd.DataFrame:
        return self.primary | self.complementary

    @property
    def n_suppressed(self) -> int:
        return int(self.suppressed.to_numpy().sum())

    def suppressed_cells(self) -> list[tuple[object, object, str]]:
        """``(row label, column label, "primary" | "complementary")`` for every hidden cell."""
        out = []
        for kind, mask in (("primary", self.primary), ("complementary", self.complementary)):
            rows, cols = np.nonzero(mask.to_numpy())
            out += [(mask.index[r], mask.columns[c], kind) for r, c in zip(rows, cols, strict=True)]
        return out


def _lines(n_rows: int, n_cols: int, row_margin: int | None, col_margin: int | None,
           margins_known: bool) -> list[list[tuple[int, int]]]:
    """Every equation of the table as the list of its cells present in the table (positions).

    Inner positions exclude the margin row/column; a line whose total is not in the table relies on the
    total being known (``margins_known``) and needs at least two cells to mean anything.
    """
    rows = [r for r in range(n_rows) if r != row_margin]
    cols = [c for c in range(n_cols) if c != col_margin]
    lines = []
    for r in range(n_rows):
        cells = [(r, c) for c in cols] + ([(r, col_margin)] if col_margin is not None else [])
        if col_margin is not None or (margins_known and len(cells) > 1):
            lines.append(cells)
    for c in range(n_cols):
        cells = [(r, c) for r in rows] + ([(row_margin, c)] if row_margin is not None else [])
        if row_margin is not None or (margins_known and len(cells) > 1):
            lines.append(cells)
    return lines


def _complementary(vals: np.ndarray, supp: np.ndarray, eligible: np.ndarray, blank: np.ndarray,
                   lines: list[list[tuple[int, int]]], rm: int | None, cm: int | None) -> tuple[np.ndarray, bool]:
    """Choose complementary cells until no line has exactly one hidden cell; return them and a weak flag.

    First choice, for a hidden inner cell: the cheapest *rectangle* (the cell, one more in its row, one in
    its column, and the corner closing the square), the hypercube method of tau-argus in two dimensions:
    it fixes the cell's row and column without creating new lone hidden cells. Cost, in order: fewest
    zeros (a zero partner can pin a "<5" cell to its exact value), fewest cells newly hidden, smallest sum
    of newly hidden counts. Otherwise (margins, one-column tables) the smallest eligible cell of the line.
    """
    supp = supp.copy()
    comp = np.zeros_like(supp)
    weak = False
    inner_rows = [r for r in range(vals.shape[0]) if r != rm]
    inner_cols = [c for c in range(vals.shape[1]) if c != cm]

    def hide(cell: tuple[int, int]) -> None:
        if not supp[cell]:
            supp[cell] = comp[cell] = True

    def usable(cell: tuple[int, int]) -> bool:
        return bool(supp[cell] or eligible[cell])

    def rect_cost(cells: list[tuple[int, int]]) -> tuple:
        new = [c for c in cells if not supp[c]]
        return (sum(vals[c] == 0 for c in new), len(new), float(sum(vals[c] for c in new)))

    while True:
        bad = next((line for line in lines if sum(supp[c] for c in line) == 1), None)
        if bad is None:
            return comp, weak
        i, j = next(c for c in bad if supp[c])
        best = None
        if i != rm and j != cm:
            for k in inner_cols:
                for m in inner_rows:
                    if k == j or m == i:
                        continue
                    cells = [(i, k), (m, j), (m, k)]
                    if all(usable(c) for c in cells):
                        cost = rect_cost(cells)
                        if best is None or cost < best[0]:
                            best = (cost, cells)
        if best is not None:
            for c in best[1]:
                hide(c)
            continue
        pool = [c for c in bad if not supp[c] and eligible[c]]
        if not pool:  # only structural zeros left: they protect nothing, but the line must not stay lone
            pool = [c for c in bad if not supp[c] and not blank[c]]
            weak = True
        if not pool:
            return comp, True  # cannot happen for a line of two or more real cells; kept as a guard
        hide(min(pool, key=lambda c: (c[0] == rm or c[1] == cm, vals[c] == 0, vals[c], c)))


def suppress_table(crosstab: pd.DataFrame, threshold: int = 5, *, marker: str | None = None,
                   complementary_marker: str = "x", secondary: bool = True, zeros: str = "sampling",
                   margins: str | bool | tuple = "auto", margins_known: bool = True,
                   round_to: int | None = None, rounding: str = "down") -> SuppressedTable:
    """Suppress small counts in a table of counts.

    Parameters
    ----------
    crosstab : pandas.DataFrame
        Counts only (labels in the index). Cells may already hold censored labels such as ``"<5"``
        (kept suppressed). Blank cells are published blank and never used as complements.
    threshold : int
        Counts from 1 to ``threshold - 1`` are primary-suppressed. 5 by default; 11 for case data (our choice;
        CTDC's k = 11 is a record-level rule, not a cell threshold).
    marker : str, optional
        Label of primary cells; default ``"<{threshold}"`` (GLOTiP style).
    complementary_marker : str
        Label of complementary cells (``"x"``): it must not suggest the cell is small.
    secondary : bool
        Apply complementary suppression (default True; turn off only for a table whose totals are
        never published anywhere).
    zeros : ``"sampling"``, ``"structural"`` or ``"suppress"``
        How zeros are treated (module docstring).
    margins : ``"auto"``, False, or ``(row label, column label)``
        Total row/column: found by label ("Total", "All", "Totaux", "Todos"...) by default.
    margins_known : bool
        Assume totals missing from the table are known anyway (default True, the safe assumption).
    round_to, rounding : optional
        Round published counts to a base (``"down"`` like CTDC, or ``"nearest"``) after suppression.

    Returns
    -------
    SuppressedTable

    Examples
    --------
    In a 2 x 2 table with known totals, one small cell hides all four (any published one would give the
    others away by subtraction):

    >>> t = pd.DataFrame({"F": [3, 20], "M": [12, 40]}, index=["a", "b"])
    >>> suppress_table(t).published.to_dict("list")
    {'F': ['<5', 'x'], 'M': ['x', 'x']}
    """
    if zeros not in ("sampling", "structural", "suppress"):
        raise BadValueError(f"zeros must be 'sampling', 'structural' or 'suppress', got {zeros!r}")
    if threshold < 1:
        raise BadValueError("threshold must be at least 1")
    marker = f"<{threshold}" if marker is None else marker
    parsed = {c: parse_censored(crosstab[c]) for c in crosstab.columns}
    vals = np.column_stack([parsed[c]["value"].to_numpy(dtype="float64", na_value=np.nan)
                            for c in crosstab.columns]) if len(crosstab.columns) else np.empty((len(crosstab), 0))
    already = np.column_stack([parsed[c]["censored"].to_numpy() for c in crosstab.columns]) \
        if len(crosstab.columns) else np.zeros((len(crosstab), 0), dtype=bool)
    blank = np.isnan(vals) & ~already
    if (vals[~np.isnan(vals)] < 0).any():
        r, c = np.argwhere(vals < 0)[0]
        raise BadValueError(f"negative count at row {crosstab.index[r]!r}, column {crosstab.columns[c]!r}")
    # Anything other than "auto" or False is the documented (row label, column label) pair.
    row_label, col_label = find_margins(crosstab) if margins == "auto" else (
        (None, None) if margins is False else cast("tuple[object, object]", margins))
    rm = crosstab.index.get_loc(row_label) if row_label is not None else None
    cm = crosstab.columns.get_loc(col_label) if col_label is not None else None
    log: list[str] = []

    primary = already | ((vals > 0) & (vals < threshold))
    if zeros == "suppress":
        primary |= vals == 0
    # the log is read by the trainee: in the language in force, the figures as placeholders
    fields = {"n": int(primary.sum()), "top": threshold - 1, "marker": marker}
    log.append((_("Primary suppression: %(n)s cell(s) with counts from 1 to %(top)s or zero shown as '%(marker)s'")
                if zeros == "suppress" else
                _("Primary suppression: %(n)s cell(s) with counts from 1 to %(top)s shown as '%(marker)s'")) % fields
               + (_(" (%(n)s already censored in the input)") % {"n": int(already.sum())} if already.any() else "")
               + ".")
    supp = primary.copy()
    comp = np.zeros_like(primary)
    if secondary and primary.any():
        eligible = ~blank & ~np.isnan(vals)
        if zeros == "structural":
            eligible &= vals != 0
        lines = _lines(vals.shape[0], vals.shape[1], rm, cm, margins_known)
        comp, weak = _complementary(vals, supp, eligible, blank, lines, rm, cm)
        supp |= comp
        log.append(_("Complementary suppression: %(n)s more cell(s) shown as '%(marker)s' so no hidden count "
                     "can be recovered from row or column totals.") % {"n": int(comp.sum()),
                                                                        "marker": complementary_marker})
        if weak:
            log.append(_("Warning: some hidden cells could only be paired with zeros or blanks; the totals of "
                         "those rows/columns should not be published."))

    numeric = pd.DataFrame(np.where(supp, np.nan, vals), index=crosstab.index, columns=crosstab.columns)
    shown = numeric.copy()
    if round_to:
        shown = round_counts(shown, round_to, rounding)
        log.append(f"Published counts rounded {rounding} to multiples of {round_to}; totals may not add up.")
    published = pd.DataFrame(index=crosstab.index, columns=crosstab.columns, dtype=object)
    for j, c in enumerate(crosstab.columns):
        col: list[object] = []
        for i in range(len(crosstab)):
            original = crosstab.iat[i, j]
            if comp[i, j]:
                col.append(complementary_marker)
            elif primary[i, j]:
                col.append(original.strip() if already[i, j] and is_censored_label(original) else marker)
            elif blank[i, j]:
                col.append("")
            else:
                v = shown.iat[i, j]
                col.append(int(v) if float(v).is_integer() else float(v))
        published[c] = pd.Series(col, index=crosstab.index, dtype=object)
    if zeros == "structural":
        log.append("Zeros treated as structural: published and never used as complementary cells.")
    elif zeros == "sampling":
        log.append("Zeros treated as sampling zeros: published, and usable as complementary cells.")
    return SuppressedTable(published=published, values=shown.astype("Float64"),
                           primary=pd.DataFrame(primary, index=crosstab.index, columns=crosstab.columns),
                           complementary=pd.DataFrame(comp, index=crosstab.index, columns=crosstab.columns),
                           threshold=threshold, margins=(row_label, col_label), log=log)


def is_hidden(value: object) -> bool:
    """True for a published cell the gate suppressed (``"<5"``, ``"<11"``, ``"x"``)."""
    return isinstance(value, str) and (value == "x" or bool(re.fullmatch(r"<\d+", value.strip())))
