"""Gated tables: the only kind of table a report shows, charts or writes to CSV.

A report table goes through :func:`ctie_helpers.safeguards.gate` once, where it is built, as one logical
table (an indicator by area, a capture-history table): complementary suppression is only meaningful
within a table whose rows and columns add up. :func:`gated` returns a :class:`Published` table; the CSV
writer and the chart builders accept nothing else, so an ungated table cannot leave a report by mistake.
CSV files carry an HXL hashtag row under the header, so they can be read back by HXL-aware tools
(and by ``ctie report`` itself).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ctie_helpers.io import atomic_open
from ctie_helpers.safeguards import gate
from ctie_helpers.safeguards.formulas import neutralise_cell
from ctie_helpers.safeguards.suppress import is_hidden

__all__ = ["Published", "gated", "combine", "write_csv", "hxl_row", "is_hidden"]

#: Report columns -> HXL hashtags (columns not here get a tag from :func:`hxl_row`'s fallbacks).
REPORT_HXL: dict[str, str] = {
    "round": "#date+round",
    "admin1_pcode": "#adm1+code", "admin1_name": "#adm1+name",
    "admin2_pcode": "#adm2+code", "admin2_name": "#adm2+name",
    "level": "#indicator+level", "category": "#indicator+category",
    "indicator": "#indicator+code", "indicator_name": "#indicator+name", "unit": "#meta+unit",
    "method": "#meta+method", "dimension": "#meta+dimension", "group": "#meta+group",
    "with_attribute": "#indicator+num+yes", "without_attribute": "#indicator+num+no",
    "total": "#indicator+num+total",
    "percent": "#indicator+pct", "percent_low": "#indicator+pct+ci_low", "percent_high": "#indicator+pct+ci_high",
    "deff": "#indicator+deff", "n_eff": "#indicator+num+effective",
    "with_before": "#indicator+num+yes+before", "without_before": "#indicator+num+no+before",
    "with_after": "#indicator+num+yes+after", "without_after": "#indicator+num+no+after",
    "pct_before": "#indicator+pct+before", "pct_after": "#indicator+pct+after",
    "pct_change": "#indicator+pct+change", "pct_change_low": "#indicator+pct+change+ci_low",
    "pct_change_high": "#indicator+pct+change+ci_high", "flag": "#indicator+flag",
    "count": "#affected+num", "model": "#meta+model", "chosen": "#meta+chosen", "admissible": "#meta+admissible",
    "n_params": "#meta+num+params", "aic": "#meta+aic", "deviance": "#meta+deviance",
    "estimate": "#affected+num+est", "estimate_low": "#affected+num+est+ci_low",
    "estimate_high": "#affected+num+est+ci_high", "observed": "#affected+num+observed",
    "unobserved": "#affected+num+unobserved", "reason": "#meta+note",
}


@dataclass(frozen=True)
class Published:
    """A table that passed the safeguards gate, with what the gate did and the HXL tag of each column."""

    name: str
    table: pd.DataFrame
    count_cols: tuple[str, ...]
    gate_log: tuple[str, ...] = ()
    hxl: Mapping[str, str] = field(default_factory=dict)

    @property
    def n_hidden(self) -> int:
        """Count cells shown as ``<5`` or ``x``."""
        return int(sum(self.table[c].map(is_hidden).sum() for c in self.count_cols if c in self.table))



def gated(table: pd.DataFrame, name: str, count_cols: Sequence[str], *,
          hxl: Mapping[str, str] | None = None, threshold: int | None = None,
          withhold: Sequence[str] = (), keep: Sequence[str] = ()) -> Published:
    """Pass one logical table through the gate (kind ``"table"``) and return it as :class:`Published`.

    Parameters
    ----------
    table : DataFrame
        Label columns, the ``count_cols`` (whole numbers; blanks allowed) and derived columns (named like
        percentages, so the gate withholds them on a row with a hidden count).
    name : str
        The table's name (the CSV file stem when written on its own).
    count_cols : sequence of str
        The counts to suppress; a column named ``total`` is the row margin.
    hxl : mapping, optional
        Extra column -> hashtag entries (e.g. the analyst's own tags for disaggregation columns).
    threshold : int, optional
        Smallest publishable count (default: the gate's, 5).
    withhold : sequence of str
        Further statistics to blank on a row with a hidden count, beyond those the gate recognises by
        name (a design effect or effective sample size would let a reader work the hidden count out).
    keep : sequence of str
        Label columns the report wrote itself (a model formula, an indicator name): vouched for, so the
        gate's free-text detector does not drop them. Never a column taken from the analyst's file.
    """
    counts = [c for c in count_cols if c in table.columns]
    if table.empty:
        return Published(name, table.reset_index(drop=True), tuple(counts), (), dict(hxl or {}))
    work = table.reset_index(drop=True)
    for c in counts:  # whole numbers: the gate suppresses counts, and a count is never 12.0
        work[c] = pd.array(work[c].round(), dtype="Int64") if pd.api.types.is_numeric_dtype(work[c]) else work[c]
    result = gate(work, kind="table", count_cols=counts, threshold=threshold, keep_columns=tuple(keep))
    if result.blocked_columns:  # a label column that looks like personal data must not sit in a report
        counts = [c for c in counts if c not in result.blocked_columns]
    out = result.table.reset_index(drop=True)
    log = list(result.log)
    extra = [c for c in withhold if c in out.columns]
    if extra and counts:
        hidden = out[counts].apply(lambda col: col.map(is_hidden)).any(axis=1)
        if hidden.any():
            for c in extra:
                out[c] = out[c].astype(object).where(~hidden, "")
            log.append(f"Withheld {', '.join(repr(c) for c in extra)} on {int(hidden.sum())} row(s) with a hidden count.")
    return Published(name, out, tuple(counts), tuple(log), dict(hxl or {}))


def combine(parts: Sequence[Published], name: str) -> Published:
    """Stack gated tables (each gated on its own) into one long table for one CSV file."""
    parts = [p for p in parts if not p.table.empty]
    if not parts:
        return Published(name, pd.DataFrame(), ())
    table = pd.concat([p.table.astype(object) for p in parts], ignore_index=True)
    counts = tuple(dict.fromkeys(c for p in parts for c in p.count_cols))
    hxl: dict[str, str] = {}
    for p in parts:
        hxl.update(p.hxl)
    log = tuple(dict.fromkeys(line for p in parts for line in p.gate_log))
    return Published(name, table, counts, log, hxl)


def hxl_row(columns: Sequence[str], extra: Mapping[str, str] | None = None) -> list[str]:
    """The hashtag of each column: the table's own, the report's, else ``#meta+<column>``."""
    tags = {**REPORT_HXL, **(extra or {})}
    out = []
    for c in columns:
        tag = tags.get(c)
        if tag is None:
            attr = re.sub(r"[^a-z0-9_]+", "_", str(c).casefold()).strip("_") or "value"
            tag = f"#meta+{attr if attr[0].isalpha() else 'c' + attr}"
        out.append(tag)
    return out


def write_csv(published: Published, folder: str | os.PathLike, name: str | None = None) -> Path:
    """Write a gated table as ``<folder>/<name>.csv`` with an HXL row, atomically.

    Raises
    ------
    TypeError
        When given anything but a :class:`Published` table (nothing ungated is ever written).
    """
    if not isinstance(published, Published):
        raise TypeError("write_csv takes a gated table (report.publish.gated), not a "
                        f"{type(published).__name__}: every exported table passes the safeguards gate")
    target = Path(folder) / f"{name or published.name}.csv"
    table = published.table
    with atomic_open(target) as fh:
        writer = csv.writer(fh)
        writer.writerow([neutralise_cell(str(c)) for c in table.columns])
        writer.writerow(hxl_row([str(c) for c in table.columns], published.hxl))
        for row in table.itertuples(index=False):  # text that a spreadsheet would run gets a quote in front
            writer.writerow(["" if _blank(v) else neutralise_cell(v) for v in row])
    return target


def _blank(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
