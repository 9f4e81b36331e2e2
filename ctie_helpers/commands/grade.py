"""``ctie grade SESSION``: repair, autograde (in parallel) and give feedback on a session's hand-ins.

Exit status 0 when the batch ran, even if some submissions failed (the summary lists them with
reasons); 2 only when it could not run at all (unknown session, no submissions folder, release failed).
``--db-url`` (default ``$CTIE_GRADEBOOK_URL``) records the scores in a shared, e.g. PostgreSQL, gradebook
so that several facilitators can grade at once (:mod:`ctie_helpers.facilitator.gradebook_db`). The feedback lists
each part a trainee got wrong with the right answer and why; ``--no-reveal`` keeps right answers and
explanations out of it, for a course that reuses its items.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("session", metavar="SESSION", help="the session (folder under notebooks/) to grade")
    p.add_argument("--submissions", metavar="DIR", default=None,
                   help="folder of <trainee>/<session>/ hand-ins and/or <trainee>.zip files "
                        "(default: build/submitted/)")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="trainees graded at once (default: all cores)")
    p.add_argument("--root", default=None,
                   help="course folder holding nbgrader_config.py and notebooks/ (default: this workbook)")
    p.add_argument("--db-url", metavar="URL", default=None,
                   help="the gradebook the scores are recorded in, for several facilitators grading at once, e.g. "
                        "postgresql+psycopg2://USER:PASSWORD@HOST:5432/DB (default: $CTIE_GRADEBOOK_URL, else "
                        "build/gradebook.db; prefer the variable: a password on the command line is visible to "
                        "other users of the machine)")
    p.add_argument("--no-reveal", action="store_true",
                   help="keep right answers and explanations out of the trainees' feedback (for a course that "
                        "reuses its items); the feedback still names each wrong part and the trainee's answer")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    # Imported here so `ctie --help` stays fast.
    # deferred: saves 12233 ms at import of ctie_helpers.commands.grade
    from ctie_helpers.facilitator.batch import grade_session

    # deferred: saves 6186 ms at import of ctie_helpers.commands.grade
    from ctie_helpers.facilitator.course import Course

    # deferred: saves 6991 ms at import of ctie_helpers.commands.grade
    from ctie_helpers.facilitator.release import ReleaseError

    if args.no_reveal:  # the grading kernels inherit it; grade() reads it (ctie_helpers.grading.explained)
        # deferred: saves 128 ms at import of ctie_helpers.commands.grade
        from ctie_helpers.grading.explained import REVEAL_ENV

        os.environ[REVEAL_ENV] = "0"
    try:
        course = Course.at(args.root)
        subs = Path(args.submissions).resolve() if args.submissions else None
        result = grade_session(course, args.session, subs, jobs=args.jobs, progress=not args.quiet,
                               db_url=args.db_url)
    except (FileNotFoundError, ReleaseError, ValueError) as exc:
        print(f"ctie grade: cannot run: {exc}", file=sys.stderr)
        return 2
    print(result.summary, end="")
    return 0
