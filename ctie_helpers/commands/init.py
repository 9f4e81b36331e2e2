"""``ctie init DIR``: copy the trainee's course into a new working folder, then serve it from there.

From a wheel the course is the one the wheel carries. In a clone (no course inside the package) it is
built on the spot from the repository's sessions, as the wheel build does (``ctie release``; about half a
minute).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

__all__ = ["add_arguments", "run"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="the working folder to create (new, or an empty folder)")


def run(args: argparse.Namespace) -> int:
    # deferred: saves 6 ms at import of ctie_helpers.commands.init (under 20 ms, loaded machine: may move up)
    from ctie_helpers.course.workfolder import init_course

    # deferred: saves <1 ms at import of ctie_helpers.commands.init (under 20 ms, loaded machine: may move up)
    from ctie_helpers.errors import UserError

    # deferred: saves <1 ms at import of ctie_helpers.commands.init (under 20 ms, loaded machine: may move up)
    from ctie_helpers.paths import PACKAGE_DIR, PACKAGED_COURSE

    try:
        if PACKAGED_COURSE.is_dir():
            dest = init_course(args.dir)
        else:
            dest = _init_from_repository(Path(args.dir), PACKAGE_DIR.parent)
    except UserError as exc:
        print(f"ctie init: {exc}", file=sys.stderr)
        return 2
    print(f"The course is in {dest}. To open it:\n    cd {dest}\n    ctie course")
    return 0


def _init_from_repository(dest: Path, repo: Path) -> Path:
    # deferred: saves 6 ms at import of ctie_helpers.commands.init (under 20 ms, loaded machine: may move up)
    from ctie_helpers.course.workfolder import InitError, check_destination, init_course

    # deferred: saves 30 ms at import of ctie_helpers.commands.init
    from ctie_helpers.facilitator.provision import bundle_course

    if not (repo / "nbgrader_config.py").is_file():
        raise InitError(f"this install carries no course and {repo} is not the workbook's repository")
    check_destination(dest.resolve())  # say so before half a minute of releasing, not after
    print("ctie init: building the trainee's version of the course (ctie release) ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="ctie-init-") as tmp:
        bundle_course(repo, tmp)
        return init_course(dest, tmp)
