"""Student versions of sessions, built by the real ``nbgrader generate_assignment``.

The release is what trainees open: solutions replaced by stubs, hidden tests (and with them every
graded key) removed, no answer sidecars, no graded items' explanations. After nbgrader runs, the release is checked for exactly those
three things, because a leaked key or an instructor's sidecar would hand trainees the answers.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_CATALOGS, GRADED_EXPLANATIONS_FILE
from ctie_helpers.errors import UserError
from ctie_helpers.facilitator.course import Course, nbgrader_env
from ctie_helpers.facilitator.gradebook_db import display_url
from ctie_helpers.grading.store import SUFFIX as SIDECAR_SUFFIX

__all__ = ["ReleaseError", "ReleaseResult", "release_session", "release_sessions", "nbgrader_command"]

LEAK_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS", "### BEGIN SOLUTION", "### END SOLUTION")


class ReleaseError(UserError, RuntimeError):
    """nbgrader could not build a session's student version, or the result leaks answers.

    A user error (the user here is the facilitator): an unknown session, or source notebooks that
    nbgrader rejects or that leave answers in the release; the message says which.
    """


@dataclass
class ReleaseResult:
    """One released session: where it went, its notebooks, and how long nbgrader took."""

    session: str
    folder: Path
    notebooks: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def nbgrader_command(course: Course, *args: str) -> list[str]:
    """An ``nbgrader`` command line for ``course`` with its root given explicitly (STACK_NOTES P2).

    The executable is looked up on :func:`nbgrader_env`'s PATH (this environment's bin first), so the
    venv's nbgrader runs even when the venv is not activated.
    """
    exe = shutil.which("nbgrader", path=nbgrader_env()["PATH"]) or "nbgrader"
    return [exe, *args, f"--CourseDirectory.root={course.root}"]


def _check_release(folder: Path) -> list[Path]:
    """Raise if the released folder holds a sidecar, the graded explanations (or their translations) or any
    solution/hidden-test region."""
    sidecars = sorted([*folder.rglob(f"*{SIDECAR_SUFFIX}"), *folder.rglob(GRADED_EXPLANATIONS_FILE),
                       *folder.rglob(GRADED_EXPLANATIONS_CATALOGS)])
    if sidecars:
        raise ReleaseError(f"the release leaks answer files: {', '.join(p.name for p in sidecars)}")
    notebooks = sorted(folder.glob("*.ipynb"))
    for nb in notebooks:
        text = nb.read_text(encoding="utf-8")
        for marker in LEAK_MARKERS:
            if marker in text:
                raise ReleaseError(f"{nb.name}: the release still contains {marker!r}")
    return notebooks


def release_session(course: Course, session: str, *, db_url: str | None = None,
                    timeout: float = 600) -> ReleaseResult:
    """Run ``nbgrader generate_assignment SESSION --force`` and check the result.

    Parameters
    ----------
    course
        The course root (its ``nbgrader_config.py`` sets ``notebooks/`` as source, ``build/release/``
        as output).
    session
        The session folder name, which is nbgrader's assignment id.
    db_url
        The gradebook to record the session's graded cells in (default: the config's
        ``build/gradebook.db``), e.g. a shared PostgreSQL gradebook.
    timeout
        Seconds before nbgrader is given up on.

    Returns
    -------
    ReleaseResult

    Raises
    ------
    ReleaseError
        If nbgrader fails (the end of its log is in the message) or the release leaks answers.
    """
    if not (course.source / session).is_dir():
        known = ", ".join(course.sessions()) or "none"
        raise ReleaseError(f"no session {session!r} in {course.source} (sessions: {known})")
    course.build.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    # cwd = the course root, so nbgrader also finds nbgrader_config.py (STACK_NOTES P2).
    extra = [f"--CourseDirectory.db_url={db_url}"] if db_url else []
    proc = subprocess.run(
        nbgrader_command(course, "generate_assignment", session, "--force", *extra),
        cwd=course.root, env=nbgrader_env(), capture_output=True, text=True, timeout=timeout,
    )
    seconds = time.perf_counter() - start
    folder = course.release_dir(session)
    if proc.returncode != 0 or not folder.is_dir():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        if db_url:  # never print a gradebook password
            tail = tail.replace(db_url, display_url(db_url))
        raise ReleaseError(f"nbgrader generate_assignment {session} failed (exit {proc.returncode}):\n{tail}")
    return ReleaseResult(session, folder, _check_release(folder), seconds)


def release_sessions(course: Course, sessions: list[str] | None = None) -> list[ReleaseResult]:
    """Release each of ``sessions`` (default: every session in the source), one after another.

    Sequential on purpose: every run writes the one course gradebook, and SQLite serialises writers.
    """
    return [release_session(course, s) for s in (sessions or course.sessions())]
