"""The safeguards gate: the one function every export path calls (reports, CSV downloads, app tables).

``gate(df)`` returns a table that is safe for its context and a log of everything it did:

1. direct identifiers (names, phones, e-mails, ID numbers, birth dates, GPS, addresses, free text) are
   dropped, each with its reason; in microdata, record keys (case id, respondent id) are dropped too
   (pseudonymise them and pass ``keep_columns`` to keep a linkage key);
2. count tables get primary and complementary suppression; derived columns (percentages, rates) are
   withheld on rows with a hidden count, since a percentage of a hidden count gives it away;
3. microdata gets a k-anonymity and global-risk report over its quasi-identifiers, and, unless
   ``enforce_k=False``, local suppression of quasi-identifier values until every group has k records.

Thresholds follow the context: ``"public"`` (tables 5, k 5), ``"partners"`` (tables 5, k 3, brief 10.2.3)
and ``"case_data"`` (11 for both: cautious choices of ours; the number echoes CTDC's k = 11, which is a
record-level k-anonymity rule for released records, not a threshold for table cells). A file recognised as a case-management export is
gated as case data unless the caller sets ``threshold``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pandas as pd

from ctie_helpers.errors import BadValueError, UserError
from ctie_helpers.io import atomic_open
from ctie_helpers.safeguards.censored import is_censored_label
from ctie_helpers.safeguards.formulas import neutralise_formulas
from ctie_helpers.safeguards.pii import PiiReport, detect_pii
from ctie_helpers.safeguards.risk import GlobalRisk, KAnonymityReport, global_risk, k_anonymity
from ctie_helpers.safeguards.sharing import Sensitivity, sensitivity_level
from ctie_helpers.safeguards.suppress import suppress_table
from ctie_helpers.safeguards.tables import count_grid, detect_kind, merge_censored_companions
from ctie_helpers.safeguards.vocab import PLACE_WORDS, matches, normalise_name

__all__ = ["CONTEXTS", "DisclosureError", "GateResult", "gate", "safe_to_csv"]

#: context -> (table threshold, k for microdata)
CONTEXTS: dict[str, tuple[int, int]] = {"public": (5, 5), "partners": (5, 3), "case_data": (11, 11)}


class DisclosureError(UserError, RuntimeError):
    """The caller asked for the table unchanged (or a write), but it is not safe to release as it is.

    A user error: the user's table needs suppression or fewer identifiers before it can leave.
    """


@dataclass
class GateResult:
    """What the gate lets out, and what it did.

    Attributes
    ----------
    table : the safe table (a new DataFrame; the input is never modified).
    kind : ``"table"`` or ``"microdata"``.
    log : one sentence per action, for reports (:meth:`report`).
    blocked_columns : column -> why it was dropped.
    suppressed_cells : ``(row label, column, "primary" | "complementary")`` for each hidden count.
    threshold : the threshold (tables) or k (microdata) applied.
    context : the context whose thresholds were used.
    pii : the full detection report on the input.
    k_report, risk : k-anonymity and global risk of the *released* microdata (``None`` for tables).
    sensitivity : level and sharing recommendation for the input as it came in.
    """

    table: pd.DataFrame
    kind: str
    log: list[str]
    blocked_columns: dict[str, str]
    suppressed_cells: list[tuple]
    threshold: int
    context: str
    pii: PiiReport
    k_report: KAnonymityReport | None = None
    risk: GlobalRisk | None = None
    sensitivity: Sensitivity | None = None
    records_changed: int = 0
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the released table differs from the input in content."""
        return bool(self.changes)

    @property
    def safe(self) -> bool:
        """True when the released table meets the context's rules (always, unless ``enforce_k=False``)."""
        return self.k_report is None or self.k_report.satisfied

    def report(self) -> str:
        """Plain-text account of the gate, to print under a table in a report."""
        head = f"Safeguards gate ({self.kind}, context {self.context}, threshold {self.threshold}):"
        return "\n".join([head] + [f"- {line}" for line in self.log])


def _flatten(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Labels in the index become columns, and multi-level column names are joined, so one path fits all."""
    work = df
    index_cols: list[str] = []
    if not isinstance(df.index, pd.RangeIndex):
        names = [n if n is not None else f"level_{i}" for i, n in enumerate(df.index.names)]
        work = df.rename_axis(names).reset_index()
        index_cols = [str(n) for n in names]
    else:
        work = df.copy()
    if isinstance(work.columns, pd.MultiIndex):
        work.columns = [" | ".join(str(p) for p in c if str(p) != "") for c in work.columns]
    work.columns = [str(c) for c in work.columns]
    return work, index_cols


def _local_suppression(df: pd.DataFrame, qi: list[str], k: int) -> tuple[pd.DataFrame, int, int]:
    """Blank quasi-identifier values of records in groups smaller than ``k``; drop what still stands out.

    Columns with the most categories are blanked first (they split groups the most), as sdcMicro's
    ``localSuppression`` does with an importance order. Returns the table, values blanked, rows dropped.
    """
    out = df.copy()
    blanked = 0
    for c in sorted(qi, key=lambda col: out[col].nunique(), reverse=True):
        sizes = out.groupby(qi, dropna=False, observed=True)[qi[0]].transform("size")
        small = sizes < k
        if not small.any():
            break
        blanked += int((small & out[c].notna()).sum())
        out[c] = out[c].mask(small)
    sizes = out.groupby(qi, dropna=False, observed=True)[qi[0]].transform("size") if len(out) else out.index
    small = sizes < k if len(out) else pd.Series(False, index=out.index)
    return out[~small], blanked, int(small.sum())


def gate(df: pd.DataFrame, kind: str = "auto", threshold: int | None = None,
         quasi_identifiers: list[str] | None = None, context: str = "public", *,
         count_cols: list[str] | None = None, keep_columns: tuple[str, ...] | list[str] = (),
         zeros: str = "sampling", enforce_k: bool = True, round_to: int | None = None, rounding: str = "down",
         require_unchanged: bool = False) -> GateResult:
    """Make ``df`` safe to release, and record how.

    Parameters
    ----------
    df : pandas.DataFrame
        A count table (labels in columns or in the index) or microdata. Never modified.
    kind : ``"auto"``, ``"table"`` or ``"microdata"``
    threshold : int, optional
        Smallest publishable count (tables) or k (microdata). Default from ``context``.
    quasi_identifiers : list of str, optional
        Microdata key variables; default: the columns named like age, sex, location, nationality...
    context : ``"public"``, ``"partners"`` or ``"case_data"``
    count_cols : list of str, optional
        The count columns of a table (default: detected).
    keep_columns : columns the caller vouches for (e.g. an already pseudonymised case code).
    zeros, round_to, rounding : passed to :func:`~ctie_helpers.safeguards.suppress.suppress_table`.
    enforce_k : bool
        Apply local suppression so microdata reaches k-anonymity (default True).
    require_unchanged : bool
        Raise :class:`DisclosureError` instead of changing anything.
    """
    if context not in CONTEXTS:
        raise BadValueError(f"context must be one of {', '.join(CONTEXTS)}, got {context!r}")
    work, index_cols = _flatten(df)
    work, merged = merge_censored_companions(work)
    pii = detect_pii(work)
    log: list[str] = [f"Censored cells of '{c}' (flagged by the loader) kept hidden." for c in merged]
    changes: list[str] = []
    if threshold is None and pii.case_management and context != "case_data":
        log.append(f"Recognised as case-management data ({', '.join(pii.case_signals)}): "
                   "case-data thresholds apply (11 for cells and k; CTDC's k = 11 is a record-level rule).")
        context = "case_data"
    blocked: dict[str, str] = {}
    for f in pii.findings:
        if f.column in keep_columns:
            continue
        if f.direct:
            blocked[f.column] = f"direct identifier: {f.kind.replace('_', ' ')} (by {f.evidence})"
    work = work.drop(columns=[c for c in blocked if c in work.columns])  # not a Kobo meta column already out
    if kind == "auto":
        kind = detect_kind(work)
    if kind not in ("table", "microdata"):
        raise BadValueError(f"kind must be 'auto', 'table' or 'microdata', got {kind!r}")
    if kind == "microdata":
        for f in pii.findings:
            if f.kind == "record_id" and f.column in work.columns and f.column not in keep_columns:
                blocked[f.column] = "record key (linkage): pseudonymise it and pass keep_columns to keep it"
                work = work.drop(columns=[f.column])
    for col, why in blocked.items():
        log.append(f"Dropped column '{col}': {why}.")
        changes.append(f"column {col!r} dropped ({why})")
    table_threshold, k_default = CONTEXTS[context]
    limit = threshold if threshold is not None else (table_threshold if kind == "table" else k_default)
    result = GateResult(table=work, kind=kind, log=log, blocked_columns=blocked, suppressed_cells=[],
                        threshold=limit, context=context, pii=pii, changes=changes)
    disclosive = 0
    if kind == "table":
        disclosive = _gate_table(result, work, count_cols, zeros, round_to, rounding, index_cols)
    else:
        _gate_microdata(result, work, quasi_identifiers, limit, enforce_k)
    quasi = [c for c in (quasi_identifiers or pii.quasi_identifiers) if c in df.columns or c in work.columns]
    result.sensitivity = sensitivity_level(
        kind=kind, direct_identifiers=pii.direct_columns, case_management=pii.case_management,
        sensitive_attributes=list(pii.sensitive), quasi_identifiers=quasi, disclosive_cells=disclosive,
        k_satisfied=None if result.k_report is None else result.k_report.satisfied,
        risk_flagged=None if result.risk is None else result.risk.flagged)
    if require_unchanged and result.changed:
        raise DisclosureError("the table cannot be released unchanged: " + "; ".join(result.changes))
    return result


def _gate_table(result: GateResult, work: pd.DataFrame, count_cols: list[str] | None, zeros: str,
                round_to: int | None, rounding: str, index_cols: list[str]) -> int:
    """Suppress the count columns of ``work`` in place of ``result.table``; return the small cells found."""
    grid, counts, derived = count_grid(work, count_cols)
    st = suppress_table(grid, result.threshold, zeros=zeros, round_to=round_to, rounding=rounding)
    out = work.copy()
    for c in counts:
        out[c] = st.published[c].to_numpy()
    hidden_rows = st.suppressed.any(axis=1).to_numpy()
    for c in derived:
        if hidden_rows.any():
            out[c] = out[c].astype(object).where(~hidden_rows, "")
            result.log.append(f"Withheld '{c}' on {int(hidden_rows.sum())} row(s) with a hidden count.")
    result.suppressed_cells = st.suppressed_cells()
    result.log.extend(st.log)
    already = _already(grid)
    if len(result.suppressed_cells) > already:
        result.changes.append(f"{len(result.suppressed_cells) - already} count cell(s) suppressed")
    if round_to:
        result.changes.append(f"counts rounded to base {round_to}")
    present = [c for c in index_cols if c in out.columns]
    if present and present == index_cols:
        out = out.set_index(present)
        out.index.names = [None if n.startswith("level_") else n for n in out.index.names]
    result.table = out
    return int(st.primary.to_numpy().sum()) - already


def _already(grid: pd.DataFrame) -> int:
    """Cells already censored in the input (``"<5"``): hidden, but not a change the gate made."""
    return int(grid.map(is_censored_label).to_numpy().sum())


def _gate_microdata(result: GateResult, work: pd.DataFrame, quasi_identifiers: list[str] | None, k: int,
                    enforce_k: bool) -> None:
    qi = [c for c in (quasi_identifiers if quasi_identifiers is not None else result.pii.quasi_identifiers)
          if c in work.columns]
    if quasi_identifiers is not None and len(qi) < len(quasi_identifiers):
        gone = sorted(set(quasi_identifiers) - set(qi))
        result.log.append(f"Quasi-identifiers not in the released table (dropped or absent): {', '.join(gone)}.")
    if not qi:
        result.log.append("No quasi-identifiers named or recognised: k-anonymity not assessed.")
        return
    if quasi_identifiers is None:
        if all(matches(normalise_name(c), PLACE_WORDS + ("pcode", "round")) for c in qi):
            # Rows about sites or districts (a site assessment) are not people: a unique site is no risk.
            result.log.append(f"Only place attributes recognised ({', '.join(qi)}): the rows look like places, "
                              "not people, so k-anonymity is not assessed; name quasi-identifiers to assess it.")
            return
        result.log.append(f"Quasi-identifiers recognised by name: {', '.join(qi)}.")
    before = k_anonymity(work, qi, k)
    risk_before = global_risk(work, qi)
    result.log.append(f"Before: {before.summary()}.")
    result.log.append(f"Before: {risk_before.summary()}.")
    result.k_report, result.risk = before, risk_before  # unchanged unless local suppression runs below
    if not before.satisfied and enforce_k:
        work, blanked, dropped = _local_suppression(work, qi, k)
        result.log.append(f"Local suppression: {blanked} quasi-identifier value(s) blanked, {dropped} record(s) "
                          f"withheld, so every combination is shared by at least {k} records.")
        result.changes.append(f"{blanked} values blanked and {dropped} records withheld for {k}-anonymity")
        result.records_changed = blanked + dropped
        # a million rows take a second per pass: the released table is measured again only when it changed
        result.k_report = k_anonymity(work, qi, k)
        result.risk = global_risk(work, qi)
    if result.k_report is not before:
        result.log.append(f"Released: {result.k_report.summary()}; {result.risk.summary()}.")
    result.table = work


def safe_to_csv(df: pd.DataFrame, path: str | os.PathLike, *, encoding: str = "utf-8",
                **gate_opts) -> GateResult:
    """Gate ``df`` and write only the gated table to ``path``, atomically (:func:`ctie_helpers.io.atomic_open`).

    Text cells that a spreadsheet would run as formulas are neutralised (:mod:`.formulas`).
    Nothing is written when the gate finds the table unsafe (:class:`DisclosureError`), and a failed
    write leaves neither a half-written file nor the temporary file behind.
    """
    result = gate(df, **gate_opts)
    if not result.safe:
        raise DisclosureError(f"not written to {path}: {result.k_report.summary() if result.k_report else ''}")
    keep_index = not isinstance(result.table.index, pd.RangeIndex)
    with atomic_open(path, encoding=encoding) as fh:
        neutralise_formulas(result.table).to_csv(fh, index=keep_index)
    return result
