"""``ctie feedback release SESSION``: hand a graded session's feedback to its trainees.

``ctie grade`` writes feedback for the facilitator only (``build/feedback/``); trainees see nothing until
this command releases it. On the hub, run it as root with ``--to`` the folder named by
``$CTIE_FEEDBACK_DIR`` in the hub's configuration: each trainee's server copies their own pages into their
``feedback/`` folder at its next start, and the course map links them. Without root (a laptop course),
the folder holds one owner-only folder per trainee to send them.

Exit status 0 when released, 2 when there was nothing to release or no destination.
"""

from __future__ import annotations

import argparse
import os
import sys

from ctie_helpers.errors import UserError

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    rel = sub.add_parser("release", help="release a graded session's feedback to its trainees")
    rel.add_argument("session", metavar="SESSION", help="the graded session, e.g. session1_tip_basics")
    rel.add_argument("--to", default=os.environ.get("CTIE_FEEDBACK_DIR"), metavar="DIR",
                     help="the release folder (default: $CTIE_FEEDBACK_DIR)")
    rel.add_argument("--account-prefix", default="", metavar="TEXT",
                     help="as root, trainee T's folder is given to account TEXT+T (TLJH: jupyter-)")
    rel.add_argument("--root", default=None, help="the course folder (default: this workbook)")


def run(args: argparse.Namespace) -> int:
    # deferred: saves 1020 ms at import of ctie_helpers.commands.feedback
    from ctie_helpers.facilitator.course import Course

    # deferred: saves 1101 ms at import of ctie_helpers.commands.feedback
    from ctie_helpers.facilitator.feedback import release_feedback

    if not args.to:
        print("ctie feedback: give --to DIR or set $CTIE_FEEDBACK_DIR", file=sys.stderr)
        return 2
    try:
        report = release_feedback(Course.at(args.root), args.session, args.to, account_prefix=args.account_prefix)
    except UserError as exc:
        print(f"ctie feedback: {exc}", file=sys.stderr)
        return 2
    print(report.summary(args.session), end="")
    return 0
