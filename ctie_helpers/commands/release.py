"""``ctie release [SESSION...]``: build the student versions with ``nbgrader generate_assignment``."""

from __future__ import annotations

import argparse
import sys

from ctie_helpers.facilitator.course import Course
from ctie_helpers.facilitator.release import ReleaseError, release_session

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("sessions", nargs="*", metavar="SESSION",
                   help="session folders under notebooks/ (default: every session)")
    p.add_argument("--root", default=None,
                   help="course folder holding nbgrader_config.py and notebooks/ (default: this workbook)")


def run(args: argparse.Namespace) -> int:
    try:
        course = Course.at(args.root)
    except FileNotFoundError as exc:
        print(f"ctie release: {exc}", file=sys.stderr)
        return 2
    sessions = args.sessions or course.sessions()
    if not sessions:
        print(f"ctie release: no session folders with notebooks in {course.source}", file=sys.stderr)
        return 2
    failed = 0
    for session in sessions:
        try:
            res = release_session(course, session)
        except ReleaseError as exc:
            print(f"ctie release: {exc}", file=sys.stderr)
            failed += 1
            continue
        where = res.folder.relative_to(course.root)
        print(f"released {session} -> {where}/ ({len(res.notebooks)} notebooks, {res.seconds:.1f} s): "
              "solutions and hidden tests removed, no answer files")
    return 1 if failed else 0
