"""The facilitator's outputs of a grading run: the gradebook CSV, free-text answers, the summary.

``build/grades/<session>.csv`` has one row per trainee: ``trainee``, one column per graded item id,
``total``, ``max_total``, ``status``. Free-text items (kind ``text``) are graded by hand in
``build/grades/<session>_manual.csv`` (``trainee, item, answer, rubric, score, comment``), by typing
into its ``score`` column or in the grading app (``ctie app grading``); scores and comments given there
survive the next run and the scores are merged into the gradebook CSV. Every file is written
atomically, and the sheet's read-change-write steps hold a lock (:func:`manual_lock`), so the app
saving a score while ``ctie grade`` rewrites the sheet loses neither.
"""

from __future__ import annotations

import contextlib
import csv
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ctie_helpers.facilitator.course import COURSE_ID, GradedItem
from ctie_helpers.io import atomic_write
from ctie_helpers.safeguards.formulas import neutralise_cell, restore_cell

__all__ = ["ManualEntry", "Row", "manual_lock", "merge_manual", "parse_score", "record_in_gradebook", "read_manual",
           "save_manual_score", "write_atomic", "write_grades", "write_manual"]

MANUAL_COLUMNS = ["trainee", "item", "answer", "rubric", "score", "comment"]


@dataclass
class Row:
    """One trainee's line: scores by item id (``None`` = no score), status and the reasons behind it."""

    trainee: str
    scores: dict[str, float | None] = field(default_factory=dict)
    status: str = "graded"
    lines: list[str] = field(default_factory=list)  # repairs, notes and failures, for the summary


@dataclass
class ManualEntry:
    """One free-text answer waiting for (or holding) the facilitator's score."""

    trainee: str
    item: str
    answer: str
    rubric: str
    score: str = ""
    comment: str = ""  # the facilitator's note for the trainee (optional)


def write_atomic(path: Path, text: str) -> None:
    """Write a grading file: :func:`ctie_helpers.io.atomic_write`, owner-only (0600) on purpose, because
    gradebooks, manual sheets and summaries hold trainees' names, answers and scores."""
    atomic_write(path, text, private=True, parents=True)


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def write_grades(path: Path, items: list[GradedItem], rows: list[Row]) -> None:
    """Write the gradebook CSV; ``total`` sums the scores present, ``max_total`` every item's points."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    ids = [i.exercise_id for i in items]
    out.writerow(["trainee", *ids, "total", "max_total", "status"])
    max_total = sum(i.points for i in items)
    for row in rows:
        values = [row.scores.get(i) for i in ids]
        failed = row.status.startswith("failed")
        total = None if failed else round(sum(v for v in values if v is not None), 2)
        out.writerow([neutralise_cell(row.trainee), *map(_fmt, values), _fmt(total), _fmt(max_total),
                      neutralise_cell(row.status)])
    write_atomic(path, buf.getvalue())


def read_manual(path: Path) -> dict[tuple[str, str], ManualEntry]:
    """The facilitator's free-text sheet, keyed by (trainee, item); empty if there is none yet."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:  # -sig: a sheet saved by Excel starts with a BOM
        reader = csv.DictReader(fh)
        return {
            (r.get("trainee") or "", r.get("item") or ""): ManualEntry(
                restore_cell(r.get("trainee") or ""), restore_cell(r.get("item") or ""),
                restore_cell(r.get("answer") or ""), restore_cell(r.get("rubric") or ""),
                (r.get("score") or "").strip(), restore_cell(r.get("comment") or ""))
            for r in reader
        }


def write_manual(path: Path, entries: list[ManualEntry]) -> None:
    """Write the free-text sheet (sorted by trainee, then item)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(MANUAL_COLUMNS)
    for e in sorted(entries, key=lambda e: (e.trainee, e.item)):
        # Answers and comments are free text: a spreadsheet must not run them (read_manual undoes the quote).
        out.writerow([*map(neutralise_cell, [e.trainee, e.item, e.answer, e.rubric]), e.score, neutralise_cell(e.comment)])
    write_atomic(path, buf.getvalue())


@contextlib.contextmanager
def manual_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the sheet ``path`` (a ``.<name>.lock`` file beside it) for one
    read-change-write step. Where ``fcntl`` is missing (Windows), the step runs unlocked."""
    try:
        # deferred: optional, the code falls back when it is missing
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "a", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def parse_score(text: str, points: float) -> float | None:
    """A typed score as a number within ``0..points``; ``None`` for an empty box (not graded yet).

    Raises
    ------
    ValueError
        With a message for the facilitator: not a number, or outside ``0..points``.
    """
    text = text.strip().replace(",", ".")  # "1,5" as typed on a French or Spanish keyboard
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"the score {text!r} is not a number") from None
    if not 0 <= value <= points:  # NaN fails this too
        raise ValueError(f"the score {value:g} is outside 0..{points:g}, the points this item is worth")
    return value


def save_manual_score(path: Path, entry: ManualEntry, score: float | None, comment: str) -> ManualEntry:
    """Set one answer's score and comment in the sheet at ``path``, keeping every other line as it is now.

    The sheet is read again under :func:`manual_lock` just before writing, so rows that ``ctie grade`` or
    someone else changed since the caller read it are not overwritten. An entry missing from the sheet
    (it was rewritten without it) is added back rather than lost.

    Returns
    -------
    ManualEntry
        The entry as saved.
    """
    with manual_lock(path):
        sheet = read_manual(path)
        saved = sheet.get((entry.trainee, entry.item)) or ManualEntry(entry.trainee, entry.item, entry.answer,
                                                                       entry.rubric)
        saved.score = "" if score is None else f"{score:g}"
        saved.comment = comment.strip()
        sheet[(saved.trainee, saved.item)] = saved
        write_manual(path, list(sheet.values()))
    return saved


def merge_manual(new: list[ManualEntry], old: dict[tuple[str, str], ManualEntry],
                 points: dict[str, float]) -> tuple[dict[tuple[str, str], float], list[str]]:
    """Carry the facilitator's scores from ``old`` into ``new`` and return the valid ones.

    Parameters
    ----------
    new
        This run's free-text answers (their ``score`` is filled in place from ``old``).
    old
        The sheet as the facilitator left it.
    points
        Maximum points per free-text item.

    Returns
    -------
    scores, problems
        Valid scores by (trainee, item); and one line per score that was kept but not used (not a
        number, out of range) or whose answer changed since it was scored.
    """
    scores: dict[tuple[str, str], float] = {}
    problems: list[str] = []
    for e in new:
        prev = old.get((e.trainee, e.item))
        if prev is not None:
            e.comment = prev.comment
        if prev is None or not prev.score:
            continue
        e.score = prev.score  # the facilitator's work is never thrown away
        if prev.answer != e.answer:
            problems.append(f"{e.trainee}/{e.item}: the answer changed since it was scored; check the score")
        try:
            value = float(prev.score)
        except ValueError:
            problems.append(f"{e.trainee}/{e.item}: score {prev.score!r} is not a number; not counted")
            continue
        top = points.get(e.item, 0.0)
        if not 0 <= value <= top:
            problems.append(f"{e.trainee}/{e.item}: score {value:g} is outside 0..{top:g}; not counted")
            continue
        scores[(e.trainee, e.item)] = value
    return scores, problems


def record_in_gradebook(db_url: str | Path, session: str, auto_scores: dict[str, dict[str, float | None]]) -> None:
    """Write each trainee's autograde scores into the course's nbgrader gradebook.

    Workers grade in private copies of the gradebook (SQLite takes one writer at a time); this puts
    the results where nbgrader's formgrader and ``nbgrader export`` look, one short transaction per
    trainee. Manual scores already given in the formgrader are left alone.

    Parameters
    ----------
    db_url
        The gradebook's URL: ``sqlite:///.../build/gradebook.db`` or a shared (PostgreSQL) one; a
        ``Path`` means that SQLite file. The session must have been released into it.
    session
        The assignment id.
    auto_scores
        ``{trainee: {grade_id: auto score}}`` from the workers.

    Notes
    -----
    Another facilitator's run may create the same student (or open a new database) at the same
    moment; nbgrader checks, then inserts, so one of the two inserts fails. The batch then resumes at
    that trainee in a fresh session (:func:`ctie_helpers.facilitator.gradebook_db.with_retry`), which finds the
    other run's row.
    """

    # deferred: saves 3759 ms at import of ctie_helpers.facilitator.grade_sheets
    from nbgrader.api import Gradebook

    # deferred: saves 1614 ms at import of ctie_helpers.facilitator.grade_sheets
    from sqlalchemy.exc import SAWarning

    # deferred: saves 45 ms at import of ctie_helpers.facilitator.grade_sheets
    from ctie_helpers.facilitator.gradebook_db import with_retry

    url = f"sqlite:///{db_url}" if isinstance(db_url, Path) else db_url
    pending = list(auto_scores.items())

    def record_pending() -> None:
        # One connection for the whole batch; after a lost race, with_retry calls this again and it
        # resumes at the trainee that failed (the ones before it are committed and popped).
        # nbgrader's own update_or_create_submission always emits "not in session" SAWarnings (STACK_NOTES 4)
        with warnings.catch_warnings(), Gradebook(url, COURSE_ID) as gb:
            warnings.simplefilter("ignore", SAWarning)
            while pending:
                trainee, scores = pending[0]
                try:
                    gb.update_or_create_student(trainee)
                    submission = gb.update_or_create_submission(session, trainee)
                    for nb in submission.notebooks:
                        for grade in nb.grades:
                            if grade.name in scores:
                                grade.auto_score = scores[grade.name]
                                grade.needs_manual_grade = False
                    gb.db.commit()
                except BaseException:
                    gb.db.rollback()  # leave no half-written trainee behind for the retry to trip over
                    raise
                pending.pop(0)

    with_retry(record_pending)
