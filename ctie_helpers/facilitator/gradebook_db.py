"""One gradebook for several facilitators grading at once: nbgrader on PostgreSQL through ``db_url``.

The workbook's default gradebook is SQLite (``build/gradebook.db``: nothing to install). When several
facilitators grade the same cohort at the same time into one gradebook, SQLite's single writer makes
them fail with "database is locked"; a PostgreSQL server takes concurrent writers. nbgrader needs
nothing but its ``db_url`` for that, which every call here passes on nbgrader's command line
(``--CourseDirectory.db_url=...``), so the course's ``nbgrader_config.py`` stays unchanged.
``ctie grade --db-url URL`` (or ``$CTIE_GRADEBOOK_URL``) records into such a shared gradebook, while its
parallel workers keep grading in private SQLite copies of ``build/gradebook.db``.

Three races in nbgrader 0.9's own code (``Gradebook.__init__``, ``SaveCells``,
``Autograde.init_assignment``: each checks, then inserts) decide the order of work:

1. ``Gradebook()`` creates the schema and the course row on first open: two first opens collide.
2. ``generate_assignment`` records the session's cells: two registrations of one session collide.
3. ``autograde`` creates each student on first sight: two batches with the same trainee (different
   sessions) collide on the student's primary key and one submission is dropped.

So :func:`prepare_gradebook` does those writes once, one after another (schema, course, sessions,
roster), and only then do the batches of :func:`autograde_batch` run concurrently; each then writes
only its own submissions' rows, and PostgreSQL's row locks serialise the rest.

Processes that cannot be ordered that way (two facilitators' ``ctie grade`` runs) instead run each
race-prone write through :func:`with_retry`: the loser of a race tries again and finds the winner's row.

The URL comes from ``--db-url`` or ``$CTIE_GRADEBOOK_URL``, e.g.
``postgresql+psycopg2://ctie:<password>@db.example.org:5432/ctie_grades`` (psycopg2-binary is in the
workbook's dev requirements).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ctie_helpers.facilitator.course import COURSE_ID, Course, nbgrader_env
from ctie_helpers.facilitator.submissions import find_submissions

__all__ = ["ENV_DB", "BatchRun", "autograde_batch", "display_url", "gradebook_scores", "gradebook_url",
           "has_assignment", "is_shared", "prepare_gradebook", "with_retry"]

ENV_DB = "CTIE_GRADEBOOK_URL"
T = TypeVar("T")


@dataclass
class BatchRun:
    """One ``nbgrader autograde`` batch: which trainees, its exit code and the end of its log."""

    session: str
    trainees: list[str]
    returncode: int
    log_tail: str
    seconds: float


def gradebook_url(course: Course, override: str | None = None) -> str:
    """``override``, else ``$CTIE_GRADEBOOK_URL``, else the course's own SQLite gradebook."""
    return override or os.environ.get(ENV_DB) or f"sqlite:///{course.gradebook}"


def is_shared(course: Course, db_url: str) -> bool:
    """True when ``db_url`` is not the course's own SQLite file (workers then still grade in SQLite copies)."""
    return db_url != f"sqlite:///{course.gradebook}"


def display_url(db_url: str) -> str:
    """``db_url`` with its password masked, for messages and logs."""
    # deferred: saves 819 ms at import of ctie_helpers.facilitator.gradebook_db
    from sqlalchemy.engine import make_url

    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL must not leak through an error message either
        return db_url.split("@")[-1]


def with_retry(action: Callable[[], T], *, attempts: int = 6, delay: float = 0.2) -> T:
    """Run ``action`` again when it loses one of nbgrader's check-then-insert races.

    Two processes that open a new gradebook, or add the same student, at the same moment: one wins,
    the other gets ``IntegrityError`` (or nbgrader's ``InvalidEntry`` wrapping it, or
    ``ProgrammingError`` "relation already exists" while creating tables). Running the same action again
    then finds the winner's row. ``action`` must open its own database session each time.

    Raises
    ------
    Exception
        The last error, after ``attempts`` tries, or at once for any other error.
    """
    # deferred: saves 3249 ms at import of ctie_helpers.facilitator.gradebook_db
    from nbgrader.api import InvalidEntry

    # deferred: saves 1181 ms at import of ctie_helpers.facilitator.gradebook_db
    from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

    for attempt in range(1, attempts + 1):
        try:
            return action()
        except (IntegrityError, InvalidEntry, OperationalError, ProgrammingError):
            if attempt == attempts:
                raise
            time.sleep(delay * attempt)  # back off a little more each time: the winner is committing
    raise AssertionError("unreachable")


def has_assignment(db_url: str, session: str) -> bool:
    """Whether the gradebook at ``db_url`` knows ``session``; a new database gets its schema here."""
    # deferred: saves 21214 ms at import of ctie_helpers.facilitator.gradebook_db
    from nbgrader.api import Gradebook, MissingEntry

    def look() -> bool:
        with Gradebook(db_url, COURSE_ID) as gb:
            try:
                gb.find_assignment(session)
            except MissingEntry:
                return False
            return True

    return with_retry(look)


def _nbgrader(course: Course, db_url: str, *args: str, timeout: float) -> subprocess.CompletedProcess:
    # Root and db_url on the command line: nbgrader trusts the cwd otherwise (STACK_NOTES P2).
    cmd = ["nbgrader", *args, f"--CourseDirectory.root={course.root}", f"--CourseDirectory.db_url={db_url}"]
    return subprocess.run(cmd, cwd=course.root, env=nbgrader_env(), capture_output=True, text=True,
                          timeout=timeout)


def _tail(proc: subprocess.CompletedProcess, n: int = 15) -> str:
    return "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-n:])


def prepare_gradebook(course: Course, db_url: str, sessions: list[str], trainees: list[str], *,
                      timeout: float = 600) -> None:
    """Create the schema, the course, each session's cells and the roster, one write at a time.

    Parameters
    ----------
    course
        The course root; each session is (re)released with ``nbgrader generate_assignment``, which is
        what records its graded cells in the gradebook at ``db_url``.
    db_url
        The shared gradebook, e.g. a ``postgresql+psycopg2://`` URL.
    sessions, trainees
        Every session and trainee id the concurrent batches will grade.

    Raises
    ------
    RuntimeError
        If nbgrader cannot register a session (the end of its log is in the message).
    """
    # deferred: saves 11688 ms at import of ctie_helpers.facilitator.gradebook_db
    from nbgrader.api import Gradebook

    with Gradebook(db_url, COURSE_ID):
        pass  # race 1: schema and course row
    for session in sessions:  # race 2: one registration per session, in turn
        proc = _nbgrader(course, db_url, "generate_assignment", session, "--force", timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment {session} failed:\n{_tail(proc)}")
    with Gradebook(db_url, COURSE_ID) as gb:  # race 3: the roster
        for trainee in trainees:
            gb.update_or_create_student(trainee)


def autograde_batch(course: Course, session: str, db_url: str, submissions: Path, work: Path, *,
                    timeout: float = 900) -> BatchRun:
    """Autograde every hand-in in ``submissions`` into the gradebook at ``db_url``.

    Safe to run at the same time as other batches (other sessions or other trainees) once
    :func:`prepare_gradebook` has run.

    Parameters
    ----------
    submissions
        ``<trainee>.zip`` files and/or ``<trainee>/<session>/`` folders, as for ``ctie grade``.
    work
        A folder private to this batch: hand-ins are staged and autograded there, so concurrent
        batches never share a file.
    """
    shutil.rmtree(work, ignore_errors=True)
    staged = work / "submitted"
    trainees = []
    for sub in find_submissions(submissions, session, work / "_unzipped"):
        if sub.folder is None:
            continue  # unreadable zip: ctie grade reports these; there is nothing to autograde
        shutil.copytree(sub.folder, staged / sub.trainee / session,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__MACOSX"))
        trainees.append(sub.trainee)
    start = time.perf_counter()
    proc = _nbgrader(course, db_url, "autograde", session, "--force",
                     f"--CourseDirectory.submitted_directory={staged}",
                     f"--CourseDirectory.autograded_directory={work / 'autograded'}", timeout=timeout)
    return BatchRun(session, trainees, proc.returncode, _tail(proc), time.perf_counter() - start)


def gradebook_scores(db_url: str, session: str) -> dict[str, dict[str, float | None]]:
    """Every submission of ``session`` in the gradebook: ``{trainee: {grade_id: score}}``.

    A score is ``None`` when the cell has a grade row but no score (not autograded, no manual score).
    """
    # deferred: saves 8039 ms at import of ctie_helpers.facilitator.gradebook_db
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, float | None]] = {}
    with Gradebook(db_url, COURSE_ID) as gb:
        for sub in gb.find_assignment(session).submissions:
            out[sub.student.id] = {g.name: (None if g.score is None else float(g.score))
                                   for nb in sub.notebooks for g in nb.grades}
    return out
