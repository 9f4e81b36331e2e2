"""``ctie check FILE``: scan a file for personal data and disclosure risk before sharing it.

Exit codes, so it can run in a pipeline: 0 safe to share (as aggregate or de-identified data), 1 direct
identifiers or disclosive cells present (small counts in a table, or microdata records in groups
smaller than the threshold over its quasi-identifiers), 2 the file cannot be read or an option cannot be
used. The file is read by :func:`ctie_helpers.data.load_table`, the one reader of analysts' files, and
never written; examples of personal data are always masked. A bug is not disguised as an unreadable file:
it stops with its traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from ctie_helpers.errors import UserError

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="CSV, TSV or XLSX file to scan (never modified)")
    p.add_argument("--sheet", default=None, help="XLSX sheet name (default: the first sheet)")
    p.add_argument("--quasi", default=None, metavar="COL,...",
                   help="quasi-identifier columns for k-anonymity (default: recognised by name)")
    p.add_argument("--threshold", type=int, default=None, metavar="N",
                   help="smallest publishable count / k (default 5; 11 for case-management data)")
    p.add_argument("--kind", choices=("auto", "table", "microdata"), default="auto",
                   help="what the file holds (default: detected)")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")


def _table_findings(df, threshold: int) -> tuple[list[dict], int]:
    """Small published counts (row as the spreadsheet shows it, column), and how many hidden cells the
    totals *in the file* would give away (a row with one ``"<5"`` next to its total)."""
    # deferred: saves 586 ms at import of ctie_helpers.commands.check
    from ctie_helpers.safeguards.censored import parse_censored

    # deferred: saves 410 ms at import of ctie_helpers.commands.check
    from ctie_helpers.safeguards.suppress import suppress_table

    # deferred: saves 577 ms at import of ctie_helpers.commands.check
    from ctie_helpers.safeguards.tables import count_grid, merge_censored_companions

    df, _ = merge_censored_companions(df)
    try:
        grid, counts, _ = count_grid(df)
    except UserError:  # no count columns: nothing to look for
        return [], 0
    small = []
    for c in counts:
        v = parse_censored(df[c])["value"]
        rows = [i for i, ok in enumerate(((v > 0) & (v < threshold)).fillna(False).to_numpy()) if ok]
        small += [{"row": i + 2, "column": str(c)} for i in rows]
    try:
        recoverable = int(suppress_table(grid, threshold, margins_known=False).complementary.to_numpy().sum())
    except UserError:  # a grid suppression cannot work on (subtotals): nothing recoverable to report
        recoverable = 0
    return small, recoverable


def run(args: argparse.Namespace) -> int:
    # deferred: saves 870 ms at import of ctie_helpers.commands.check
    from ctie_helpers.data import load_table

    # deferred: saves 1534 ms at import of ctie_helpers.commands.check
    from ctie_helpers.safeguards.gate import gate

    # Only a UserError (here InputFileError: the message names file, sheet, row, column) is "cannot read";
    # anything else is a bug in the workbook and shows as one, with its traceback.
    try:
        df = load_table(args.file, sheet=args.sheet)
    except UserError as exc:
        print(f"ctie check: cannot read {exc}", file=sys.stderr)
        return 2
    quasi = [q.strip() for q in args.quasi.split(",") if q.strip()] if args.quasi else None
    if quasi:
        missing = [q for q in quasi if q not in df.columns]
        if missing:
            print(f"ctie check: {args.file}: --quasi column(s) not in the file: {', '.join(missing)}; "
                  f"columns: {', '.join(map(str, df.columns))}", file=sys.stderr)
            return 2
    try:
        # enforce_k=False: report the risk of the file as it is, do not repair it.
        result = gate(df, kind=args.kind, threshold=args.threshold, quasi_identifiers=quasi, enforce_k=False)
    except UserError as exc:  # e.g. a threshold below 1
        print(f"ctie check: {args.file}: {exc}", file=sys.stderr)
        return 2
    small, recoverable = _table_findings(df, result.threshold) if result.kind == "table" else ([], 0)
    direct = result.pii.direct_columns
    k = result.k_report
    unsafe = bool(direct) or bool(small) or bool(recoverable) or (k is not None and not k.satisfied)
    sens = result.sensitivity
    assert sens is not None  # gate() always assesses the input
    report = {
        "file": str(args.file), "sheet": (df.attrs.get("source") or {}).get("sheet"), "rows": len(df), "columns": len(df.columns),
        "kind": result.kind, "threshold": result.threshold, "context": result.context,
        "read_log": list(df.attrs.get("cleaning_log") or []), **result.pii.to_dict(),
        "small_cells": small, "recoverable_from_totals": recoverable,
        "k_anonymity": None if k is None else {
            "k": k.k, "min_k": k.min_k, "records_below": k.records_below, "share_below": round(k.share_below, 4),
            "groups_below": len(k.offending), "quasi_identifiers": list(k.quasi_identifiers)},
        "global_risk": None if result.risk is None else {
            "risk": round(result.risk.global_risk, 4), "threshold": result.risk.threshold,
            "flagged": result.risk.flagged},
        "sensitivity": sens.level, "recommendation": sens.recommendation,
        "reasons": list(sens.reasons), "safe_to_share": not unsafe,
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    else:
        print(_text(report))
    return 1 if unsafe else 0


def _text(r: dict) -> str:
    lines = [f"ctie check: {r['file']}" + (f" [sheet {r['sheet']}]" if r.get("sheet") else ""),
             f"  {r['rows']} rows x {r['columns']} columns, read as {r['kind']} "
             f"(threshold {r['threshold']}, {r['context']} rules)"]
    lines += [f"  note: {n}" for n in r["read_log"]]
    if r["case_management"]:
        lines.append(f"  case-management export recognised: {', '.join(r['case_signals'])}")
    if r["findings"]:
        lines.append("  Personal data:")
        for f in r["findings"]:
            examples = ", ".join(f["examples"]) if f["examples"] else "no values"
            lines.append(f"    - {f['column']}: {f['kind'].replace('_', ' ')} (by {f['evidence']}, "
                         f"{f['share']:.0%} of values) e.g. {examples} -> {f['action']}")
    else:
        lines.append("  Personal data: none found")
    if r["kind"] == "table":
        lines.append(f"  Small cells (1 to {r['threshold'] - 1}): {len(r['small_cells'])}" + (
            " at " + ", ".join(f"row {c['row']}/{c['column']}" for c in r["small_cells"][:10])
            if r["small_cells"] else ""))
        if r["recoverable_from_totals"]:
            lines.append(f"  Hidden cells recoverable from the totals in the file: another "
                         f"{r['recoverable_from_totals']} cell(s) must be hidden (complementary suppression)")
    elif r["k_anonymity"]:
        k = r["k_anonymity"]
        lines.append(f"  k-anonymity over {', '.join(k['quasi_identifiers'])}: smallest group {k['min_k']}; "
                     f"{k['records_below']} records ({k['share_below']:.1%}) in {k['groups_below']} groups "
                     f"smaller than {k['k']}")
        g = r["global_risk"]
        lines.append(f"  global re-identification risk {g['risk']:.2%} "
                     f"({'above' if g['flagged'] else 'below'} {g['threshold']:.0%})")
    else:
        lines.append("  k-anonymity: no quasi-identifiers recognised (name them with --quasi)")
    lines.append(f"  Sensitivity: {r['sensitivity'].upper()} -> share: {r['recommendation']}")
    lines += [f"    because {why}" for why in r["reasons"]]
    lines.append("  SAFE to share" if r["safe_to_share"] else
                 "  NOT safe to share: remove direct identifiers and suppress small cells "
                 "(ctie_helpers.safeguards.gate) first")
    return "\n".join(lines)
