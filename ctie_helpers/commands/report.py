"""``ctie report``: run an analysis template on your own file and write an HTML report.

Exit codes: 0 the report folder was written; 2 the input cannot be used (file, sheet, row or column
named) or ``--out`` cannot be used, and nothing was written; 1 the template failed for another reason,
with a friendly message (the traceback only with ``--debug``), and nothing was written.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from ctie_helpers.errors import UserError

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    # deferred: saves 73 ms at import of ctie_helpers.commands.report
    from ctie_helpers.report.templates import TEMPLATES

    p.add_argument("--input", required=True, metavar="FILE", help="your CSV or XLSX file (never modified)")
    p.add_argument("--sheet", default=None, metavar="NAME", help="XLSX sheet name (default: the first sheet)")
    p.add_argument("--xlsform", default=None, metavar="FILE",
                   help="the XLSForm behind a KoboToolbox/ODK export: its labels are read back to question names")
    p.add_argument("--mapping", default=None, metavar="FILE",
                   help="a mapping.json from an earlier report, to read this file's columns the same way")
    p.add_argument("--template", required=True, choices=sorted(TEMPLATES),
                   help="; ".join(f"{t.name}: {t.description}" for t in TEMPLATES.values()))
    p.add_argument("--out", required=True, metavar="DIR",
                   help="report folder to create (a previous report folder there is replaced)")
    p.add_argument("--title", default=None, help="report title")
    p.add_argument("--boundaries", default=None, metavar="FILE",
                   help="admin boundaries (GeoJSON, e.g. an OCHA COD file): the indicators report then draws a "
                        "map by admin area, offline")
    p.add_argument("--lang", default=None, choices=("en", "fr", "es"),
                   help="language of the report's text and figures (default: CTIE_LANG, your saved choice, or en)")
    p.add_argument("--debug", action="store_true", help="show the full traceback when something fails")


def run(args: argparse.Namespace) -> int:
    # deferred: saves 153 ms at import of ctie_helpers.commands.report
    from ctie_helpers.report.runner import run_report

    try:
        result = run_report(args.input, args.template, args.out, sheet=args.sheet, mapping=args.mapping,
                            title=args.title, boundaries=args.boundaries, xlsform=args.xlsform,
                            lang=args.lang)
    except UserError as exc:  # the file, an option or the output folder: the user can put it right
        if args.debug:
            traceback.print_exc()
        print(f"ctie report: {exc}\nNothing was written.", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - any other failure: a message, not a traceback
        if args.debug:
            traceback.print_exc()
        print(f"ctie report: the report could not be made ({type(exc).__name__}: {exc}). Nothing was written "
              f"to {args.out}. Run again with --debug to see the details.", file=sys.stderr)
        return 1
    print(f"ctie report: wrote {result.out_dir} in {result.seconds:.0f} s")
    print(f"  report:       {result.html}")
    for t in result.tables:
        print(f"  table:        {t}")
    print(f"  mapping:      {result.mapping}   (reuse with --mapping)")
    print(f"  cleaning log: {result.cleaning_log}")
    return 0
