"""``ctie grade``'s pipeline: collect, repair, autograde in parallel, feedback, gradebook, summary.

Every trainee found in the submissions folder ends in exactly one row of the gradebook CSV, with
status ``graded``, ``repaired`` or ``failed: <reason>``, and the summary lists each repair and failure
by name. The hand-ins are never modified: repairs happen on copies in ``build/.work/``.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SQLAlchemyError

from ctie_helpers.facilitator.autograde import Job, JobResult, run_jobs
from ctie_helpers.facilitator.course import (
    COURSE_ID,
    Course,
    GradedItem,
    SourceNotebook,
    load_nbgrader_config,
)
from ctie_helpers.facilitator.feedback import publish_feedback
from ctie_helpers.facilitator.grade_sheets import (
    ManualEntry,
    Row,
    manual_lock,
    merge_manual,
    read_manual,
    record_in_gradebook,
    write_atomic,
    write_grades,
    write_manual,
)
from ctie_helpers.facilitator.gradebook_db import display_url, gradebook_url, has_assignment, is_shared
from ctie_helpers.facilitator.release import ReleaseError, release_session
from ctie_helpers.facilitator.repair import RepairReport, repair_submission
from ctie_helpers.facilitator.submissions import Submission, find_submissions
from ctie_helpers.grading.store import SUFFIX as SIDECAR_SUFFIX
from ctie_helpers.grading.store import SidecarError, read_sidecar

__all__ = ["BatchResult", "grade_session"]


@dataclass
class BatchResult:
    """The outcome of one ``ctie grade`` run."""

    session: str
    rows: list[Row] = field(default_factory=list)
    csv: Path | None = None
    manual_csv: Path | None = None
    summary: str = ""
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # run-level notes (release rebuilt, manual sheet)


def _execute_timeout(course: Course) -> float:
    cfg = load_nbgrader_config(course.root)
    return float(cfg.Execute.get("timeout", 30) or 30)


def _ensure_release(course: Course, session: str, db_url: str | None = None) -> str | None:
    """Release the session if its student version or gradebook entry is missing; say why if so.

    The workers always grade in copies of the course's SQLite gradebook, so the session must be there;
    with a shared ``db_url`` it must be registered in that gradebook too (where the scores go).
    """

    note = None
    if course.release_dir(session).is_dir() and course.gradebook.exists():
        try:
            with Gradebook(f"sqlite:///{course.gradebook}", COURSE_ID) as gb:
                gb.find_assignment(session)
        except MissingEntry:
            pass
        else:
            # autograde runs the hidden tests stored in the gradebook at release time, not today's source
            released = min(p.stat().st_mtime for p in course.release_dir(session).glob("*.ipynb"))
            newer = [p.name for p in (course.source / session).glob("*.ipynb") if p.stat().st_mtime > released]
            if newer:
                note = (f"source changed since the release ({', '.join(sorted(newer))}): graded with the released "
                        f"tests; run `ctie release {session}` before the next hand-out")
            return _ensure_registered(course, session, db_url, note)
    release_session(course, session)
    note = f"{session} had not been released: ran `ctie release {session}` first"
    return _ensure_registered(course, session, db_url, note)


def _ensure_registered(course: Course, session: str, db_url: str | None, note: str | None) -> str | None:
    """Register the session in the shared gradebook ``db_url`` unless it is there already."""

    if not db_url or not is_shared(course, db_url):
        return note
    try:
        if has_assignment(db_url, session):
            return note
    except (ImportError, SQLAlchemyError) as exc:  # no driver, server down, wrong password...
        first = (str(exc).replace(db_url, display_url(db_url)).strip().splitlines() or [type(exc).__name__])[0]
        raise ValueError(f"cannot open the gradebook {display_url(db_url)}: {first}") from None
    try:
        release_session(course, session, db_url=db_url)
    except ReleaseError:
        # Another facilitator registering the same session at the same moment wins the race; fine.
        if not has_assignment(db_url, session):
            raise
    done = f"{session} registered in the shared gradebook {display_url(db_url)}"
    return f"{note}; {done}" if note else done


def _text_answer(folder: Path, item: GradedItem) -> str:
    try:
        rec = read_sidecar(folder / f"{item.notebook}{SIDECAR_SUFFIX}")["answers"].get(item.exercise_id)
    except (FileNotFoundError, SidecarError):
        return ""
    value = (rec or {}).get("value")
    return "" if value is None else str(value)


def _prepare(sub: Submission, course: Course, session: str, sources: list[SourceNotebook],
             work: Path) -> tuple[Path, RepairReport]:
    """Copy the hand-in into a private course root, repair the copy there, return the root."""
    workdir = work / sub.trainee
    shutil.rmtree(workdir, ignore_errors=True)
    target = workdir / "submitted" / sub.trainee / session
    # The caller skips hand-ins with a problem, and only those lack a folder.
    shutil.copytree(sub.folder, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__MACOSX"))  # type: ignore[arg-type]
    shutil.copyfile(course.gradebook, workdir / "gradebook.db")
    return workdir, repair_submission(target, sources, course.release_dir(session))


RETRIED = "retried once on its own after: "


def _retry_alone(results: list[JobResult], pending: list[Job], subs: list[Submission], rows: dict[str, Row],
                 course: Course, session: str, sources: list[SourceNotebook], work: Path) -> list[JobResult]:
    """Grade once more, one at a time, each hand-in whose grading (not its content) failed.

    A time limit hit or a crashed worker says more about a loaded machine than about the hand-in; alone,
    with the machine to itself, it usually goes through. The work folder is prepared afresh from the
    hand-in (the failed attempt may have left it half-written); the repair lines of the first attempt stand.
    """
    by_trainee = {s.trainee: s for s in subs}
    jobs = {j.trainee: j for j in pending}
    out = []
    for res in results:
        if res.error and res.retryable:
            rows[res.trainee].lines.append(RETRIED + res.error)
            job = jobs[res.trainee]
            try:
                _prepare(by_trainee[res.trainee], course, session, sources, work)
                (res,) = run_jobs([job], course.root, session, work / "_logs", workers=1, progress=False)
            except Exception as exc:  # noqa: BLE001 - the first failure is already recorded
                res = JobResult(job.trainee, error=f"retry failed: {type(exc).__name__}: {exc}")
        out.append(res)
    return out


def _summary(result: BatchResult, items: list[GradedItem], jobs: int) -> str:
    counts = {k: sum(r.status.split(":")[0] == k for r in result.rows) for k in ("graded", "repaired", "failed")}
    top = sum(i.points for i in items)
    retried = sum(any(line.startswith(RETRIED) for line in r.lines) for r in result.rows)
    lines = [f"ctie grade {result.session}: {len(result.rows)} submissions: "
             f"{counts['graded'] + counts['repaired']} graded ({counts['repaired']} after repairs), "
             f"{counts['failed']} failed, {retried} retried ({result.seconds:.0f} s, {jobs} workers)"]
    for row in result.rows:
        state = row.status.split(":")[0].upper()
        got = [v for v in row.scores.values() if v is not None]
        score = "-" if state == "FAILED" else f"{sum(got):g} / {top:g}"
        lines.append(f"{state:<9}{row.trainee:<24}{score}")
        lines.extend(f"    - {line}" for line in row.lines)
    lines.extend(f"NOTE     {p}" for p in result.problems)
    if result.csv:
        lines.append(f"grades: {result.csv}")
    if result.manual_csv:
        lines.append(f"free-text answers to grade by hand: {result.manual_csv} (fill in 'score', run again)")
    return "\n".join(lines) + "\n"


def grade_session(course: Course, session: str, submissions: Path | None = None, *, jobs: int | None = None,
                  progress: bool = True, db_url: str | None = None) -> BatchResult:
    """Grade every hand-in of ``session`` found in ``submissions`` (default ``build/submitted``).

    ``db_url`` is the gradebook the scores are recorded in (nbgrader's formgrader and export read it):
    default ``$CTIE_GRADEBOOK_URL``, else ``build/gradebook.db``. A shared PostgreSQL gradebook lets
    several facilitators grade at once; the parallel workers still grade in private SQLite copies.

    Returns
    -------
    BatchResult
        Rows in trainee order; the CSVs, feedback and summary are written under ``build/``.

    Raises
    ------
    FileNotFoundError, ReleaseError
        Only when the batch cannot run at all (no such session, no submissions folder, release fails).
    """
    start = time.perf_counter()
    result = BatchResult(session)
    sources = course.source_notebooks(session)  # raises for an unknown session
    items = [i for nb in sources for i in nb.items]
    handins = submissions or course.submitted
    if not handins.is_dir():
        raise FileNotFoundError(f"no submissions folder {handins}")
    db_url = gradebook_url(course, db_url)
    note = _ensure_release(course, session, db_url)
    if note:
        result.problems.append(note)
    work = course.build / ".work" / session
    subs = find_submissions(handins, session, work / "_unzipped")
    jobs = max(1, jobs or os.cpu_count() or 1)
    n_code = sum(1 for nb in sources for c in nbformat.read(str(nb.path), as_version=4).cells if c.cell_type == "code")
    # Worst case is an uninterruptible loop: every later cell waits its timeout plus the iopub grace.
    limit = n_code * (_execute_timeout(course) + 6) + 180
    rows: dict[str, Row] = {}
    pending: list[Job] = []
    prepared: dict[str, Path] = {}
    for sub in subs:
        row = rows[sub.trainee] = Row(sub.trainee, {i.exercise_id: None for i in items})
        row.lines.extend(sub.notes)
        if sub.problem:
            row.status = f"failed: {sub.problem}"
            row.lines.append(sub.problem)
            continue
        try:
            workdir, report = _prepare(sub, course, session, sources, work)
        except Exception as exc:  # noqa: BLE001 - a hand-in that breaks the repair fails alone
            row.status = f"failed: could not repair ({type(exc).__name__}: {exc})"
            row.lines.append(row.status[len("failed: "):])
            continue
        row.lines.extend(report.repairs + report.notes)
        row.status = "repaired" if report.repairs else "graded"
        prepared[sub.trainee] = workdir
        pending.append(Job(sub.trainee, workdir, limit))
    graded: dict[str, dict[str, float | None]] = {}
    results = run_jobs(pending, course.root, session, work / "_logs", workers=jobs, progress=progress)
    results = _retry_alone(results, pending, subs, rows, course, session, sources, work)
    for res in results:
        row = rows[res.trainee]
        if res.error:
            row.status = f"failed: {res.error}"
            row.lines.append(res.error)
            continue
        graded[res.trainee] = res.auto_scores
        for item in items:
            row.scores[item.exercise_id] = res.scores.get(item.exercise_id)
        row.lines.extend(publish_feedback(course, session, res.trainee, prepared[res.trainee], res.feedback_error))
    try:
        record_in_gradebook(db_url, session, graded)
    except Exception as exc:  # noqa: BLE001 - the CSV is the record; the formgrader copy is a convenience
        # str(exc) of a database error can quote the URL: mask its password
        message = str(exc).replace(db_url, display_url(db_url)).splitlines()[0] if str(exc) else type(exc).__name__
        result.problems.append(f"could not record the scores in the gradebook {display_url(db_url)}: {message}")
    _manual(course, session, items, rows, prepared, result)
    result.rows = [rows[k] for k in sorted(rows)]
    result.csv = course.grades / f"{session}.csv"
    write_grades(result.csv, items, result.rows)
    for trainee, workdir in prepared.items():
        if not rows[trainee].status.startswith("failed"):
            shutil.rmtree(workdir, ignore_errors=True)  # failed ones stay, with result.json, for a post-mortem
    result.seconds = time.perf_counter() - start
    result.summary = _summary(result, items, jobs)
    write_atomic(course.grades / f"{session}_summary.txt", result.summary)
    return result


def _manual(course: Course, session: str, items: list[GradedItem], rows: dict[str, Row],
            prepared: dict[str, Path], result: BatchResult) -> None:
    """Collect free-text answers into the hand-grading sheet and merge the scores already there."""
    text_items = [i for i in items if i.kind == "text"]
    if not text_items:
        return
    path = course.grades / f"{session}_manual.csv"
    entries = []
    for trainee in sorted(rows):
        folder = prepared.get(trainee)
        for item in text_items:
            answer = _text_answer(folder / "submitted" / trainee / session, item) if folder else ""
            rubric = item.key if isinstance(item.key, str) else str(item.key or "")
            entries.append(ManualEntry(trainee, item.exercise_id, answer, rubric))
    with manual_lock(path):  # the grading app may save a score meanwhile: read, merge and write as one step
        scores, problems = merge_manual(entries, read_manual(path), {i.exercise_id: i.points for i in text_items})
        write_manual(path, entries)
    for trainee, row in rows.items():
        for item in text_items:
            # nbgrader scores free text 0 (grade() returns 0.0); only the facilitator's score counts.
            row.scores[item.exercise_id] = scores.get((trainee, item.exercise_id))
    result.problems.extend(problems)
    waiting = sum(1 for e in entries if not e.score)
    if waiting:
        result.problems.append(f"{waiting} free-text answers still to grade by hand (`ctie app grading`)")
    result.manual_csv = path
