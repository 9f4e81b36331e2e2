"""``ctie collect SESSION``: gather trainees' hand-in zips from their JupyterHub folders for ``ctie grade``.

Exit status 0 when the collection ran (trainees without a hand-in are listed, not an error), 2 when it
could not run (no such users' folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("session", metavar="SESSION", help="the session whose hand-ins to collect")
    p.add_argument("--homes", default="/home", metavar="DIR",
                   help="folder with one folder per user (default: /home; on Kubernetes the hand-in volume)")
    p.add_argument("--subdir", default="submissions", metavar="PATH",
                   help="where hand-ins are inside a user's folder (default: submissions; '' for a hand-in volume)")
    p.add_argument("--prefix", default="", metavar="TEXT",
                   help="strip this from folder names to get user names; others are skipped (TLJH: jupyter-)")
    p.add_argument("--exclude", action="append", default=[], metavar="USER",
                   help="a user who is not a trainee, e.g. a facilitator (repeatable)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="where to put <trainee>.zip (default: build/handins/SESSION/ of the course)")
    p.add_argument("--root", default=None, help="course folder for the default --out (default: this workbook)")


def run(args: argparse.Namespace) -> int:
    # deferred: saves 31083 ms at import of ctie_helpers.commands.collect
    from ctie_helpers.facilitator.handins import collect_handins

    if args.out:
        out = Path(args.out)
    else:
        # deferred: saves 29604 ms at import of ctie_helpers.commands.collect
        from ctie_helpers.facilitator.course import Course

        out = Course.at(args.root).build / "handins" / args.session
    try:
        report = collect_handins(args.homes, args.session, out, subdir=args.subdir, prefix=args.prefix,
                                 exclude=tuple(args.exclude))
    except (FileNotFoundError, ValueError) as exc:
        print(f"ctie collect: cannot run: {exc}", file=sys.stderr)
        return 2
    print(report.summary(), end="")
    print(f"next: ctie grade {args.session} --submissions {out}")
    return 0
