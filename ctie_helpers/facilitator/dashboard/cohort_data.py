"""Read a cohort's hand-ins into tables: answers from sidecars, scores from grades CSVs, the roster.

Three sources, any of them optional, because a facilitator has different things at different times:

- a **submissions folder**: ``<trainee>/<session>/`` (nbgrader's layout, also trainees' live folders on a
  hub) and/or ``<trainee>.zip`` (``ctie submit``), or one sub-folder per session of those
  (``build/handins/<session>/`` from ``ctie collect``). The answers sidecars inside are read, never run;
- the **grades CSVs** ``<session>.csv`` written by ``ctie grade`` (authoritative for graded items);
- a **roster CSV**, to list who has not handed in.

Graded keys come from the source notebooks' hidden tests (:mod:`ctie_helpers.facilitator.course` parses them
with :mod:`ast`), so the dashboard can tell a wrong answer from a right one without nbgrader.
"""

from __future__ import annotations

import csv
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ctie_helpers.errors import BadValueError
from ctie_helpers.facilitator.course import Course, GradedItem
from ctie_helpers.facilitator.submissions import find_submissions
from ctie_helpers.grading.store import SUFFIX, SidecarError, iter_answers, read_sidecar
from ctie_helpers.grading.submit import trainee_id

__all__ = ["ANSWER_COLUMNS", "SCORE_COLUMNS", "Cohort", "load_cohort", "read_grades", "read_roster"]

ANSWER_COLUMNS = ["trainee", "session", "notebook", "exercise_id", "kind", "graded", "value", "status",
                  "attempts"]
SCORE_COLUMNS = ["trainee", "session", "exercise_id", "score", "points"]
_ROSTER_ID = ("trainee", "username", "user", "student_id", "student", "login", "id")
_COPY = re.compile(r"(-Copy\d+| \(\d+\))$")  # JupyterLab's "-Copy1" and browsers' " (1)" suffixes


@dataclass
class Cohort:
    """Everything the dashboard shows, read once.

    Attributes
    ----------
    items : every graded item per session: ``session, notebook, exercise_id, kind, key, points, options``.
    answers : one row per trainee and answered exercise (:data:`ANSWER_COLUMNS`), from the sidecars.
    scores : one row per trainee and graded item with a score (:data:`SCORE_COLUMNS`), from grades CSVs.
    handed_in : session -> trainees with a hand-in (a folder, a zip, or a row in the grades CSV).
    roster : ``trainee`` (normalised id) and any other roster columns, or ``None``.
    problems : what could not be read, one sentence each (shown under the dashboard).
    """

    items: pd.DataFrame
    answers: pd.DataFrame
    scores: pd.DataFrame
    handed_in: dict[str, set[str]]
    roster: pd.DataFrame | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def sessions(self) -> list[str]:
        """Sessions that have graded items or hand-ins, sorted."""
        return sorted(set(self.items["session"]) | {s for s, t in self.handed_in.items() if t})


def _items(course: Course, sessions: list[str]) -> tuple[pd.DataFrame, dict[str, list[GradedItem]],
                                                         dict[str, set[str]], list[str]]:
    rows: list[dict[str, Any]] = []
    by_session: dict[str, list[GradedItem]] = {}
    stems: dict[str, set[str]] = {}
    problems: list[str] = []
    for session in sessions:
        try:
            notebooks = course.source_notebooks(session)
        except (OSError, ValueError) as exc:  # a broken source notebook must not hide the other sessions
            problems.append(f"{session}: source notebooks could not be read ({exc})")
            continue
        by_session[session] = [i for nb in notebooks for i in nb.items]
        rows += [dict(session=session, notebook=i.notebook, exercise_id=i.exercise_id, kind=i.kind, key=i.key,
                      points=i.points, options=i.options) for i in by_session[session]]
        stems[session] = {nb.stem for nb in notebooks}
    cols = ["session", "notebook", "exercise_id", "kind", "key", "points", "options"]
    return pd.DataFrame(rows, columns=cols), by_session, stems, problems


def _belongs(folder: Path, stems: set[str], ids: set[str]) -> bool:
    """Whether a hand-in folder holds this session's work (a zip for another session does not)."""
    for nb in folder.glob("*.ipynb"):
        if _COPY.sub("", nb.stem) in stems:
            return True
    for side in folder.glob(f"*{SUFFIX}"):
        if side.name[: -len(SUFFIX)] in stems:
            return True
        try:
            if ids & set(read_sidecar(side)["answers"]):
                return True
        except (SidecarError, OSError):
            continue
    return False


def _read_folder(trainee: str, session: str, folder: Path, problems: list[str]) -> list[dict[str, Any]]:
    rows = []
    sidecars = sorted(folder.glob(f"*{SUFFIX}"))
    for _side, stem, answers in iter_answers(sidecars, problems, label=lambda _p: f"{trainee} ({session})"):
        for ex_id, rec in answers.items():
            rows.append(dict(trainee=trainee, session=session, notebook=stem,
                             exercise_id=ex_id, kind=rec.get("kind"), graded=bool(rec.get("graded")),
                             value=rec.get("value"), status=rec.get("status"),
                             attempts=int(rec.get("attempts", 0) or 0)))
    return rows


def _submissions(folder: Path, sessions: list[str], by_session: dict[str, list[GradedItem]],
                 stems: dict[str, set[str]], handed_in: dict[str, set[str]],
                 problems: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="ctie-dashboard-") as staging:
        for session in sessions:
            # build/handins/<session>/<trainee>.zip (ctie collect) or <trainee>/<session>/ (nbgrader)
            where = folder / session if (folder / session).is_dir() else folder
            ids = {i.exercise_id for i in by_session.get(session, [])}
            for sub in find_submissions(where, session, Path(staging) / session):
                if sub.problem:
                    # An unreadable zip names no session: it counts as a hand-in only in a per-session folder.
                    if where != folder:
                        handed_in[session].add(sub.trainee)
                        problems.append(f"{sub.trainee} ({session}): {sub.problem}")
                    elif f"{sub.trainee}: {sub.problem}" not in problems:
                        problems.append(f"{sub.trainee}: {sub.problem}")
                    continue
                if sub.folder is None or not _belongs(sub.folder, stems.get(session, set()), ids):
                    continue
                handed_in[session].add(sub.trainee)
                rows += _read_folder(sub.trainee, session, sub.folder, problems)
    return rows


def read_grades(path: Path, session: str, items: list[GradedItem]) -> tuple[pd.DataFrame, set[str]]:
    """Scores from one ``ctie grade`` CSV as a long table, and every trainee listed in it.

    A failed row (``status`` starting ``failed``) counts as handed in but has no scores.
    """
    points = {i.exercise_id: i.points for i in items}
    rows, trainees = [], set()
    with open(path, newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            who = (rec.get("trainee") or "").strip()
            if not who:
                continue
            trainees.add(who)
            if (rec.get("status") or "").startswith("failed"):
                continue
            for ex_id, top in points.items():
                raw = (rec.get(ex_id) or "").strip()
                if raw:
                    rows.append(dict(trainee=who, session=session, exercise_id=ex_id, score=float(raw), points=top))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS), trainees


def read_roster(path: str | Path) -> pd.DataFrame:
    """The cohort's roster: a ``trainee`` column of normalised ids plus the file's other columns.

    The id column is the first of ``trainee, username, user, student_id, student, login, id`` present
    (case-insensitive), else the first column. Ids go through the same
    :func:`~ctie_helpers.grading.submit.trainee_id` as hand-ins, so ``Ana Pérez`` matches ``Ana_P_rez.zip``.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if df.empty and not len(df.columns):
        raise BadValueError(f"{Path(path).name}: the roster is empty")
    lower = {str(c).strip().lower(): c for c in df.columns}
    col = next((lower[c] for c in _ROSTER_ID if c in lower), df.columns[0])
    df = df[df[col].str.strip() != ""].copy()
    ids = []
    for n, raw in enumerate(df[col], start=2):
        try:
            ids.append(trainee_id(raw))
        except ValueError as exc:
            raise BadValueError(f"{Path(path).name}, row {n}, column {col!r}: {exc}") from None
    rest = df.drop(columns=[col])
    out = pd.concat([pd.DataFrame({"trainee": ids}, index=df.index), rest], axis=1).drop_duplicates("trainee")
    return out.reset_index(drop=True)


def load_cohort(root: str | Path | None = None, *, submissions: str | Path | None = None,
                grades: str | Path | None = None, roster: str | Path | None = None,
                sessions: list[str] | None = None) -> Cohort:
    """Read a cohort from whichever of its sources exist.

    Parameters
    ----------
    root
        The course root (``nbgrader_config.py`` and ``notebooks/``); default: found as ``ctie grade`` does.
    submissions
        A folder of hand-ins (module docstring). Skipped when ``None`` or missing.
    grades
        A folder of ``<session>.csv`` gradebooks (``build/grades``). Skipped when ``None`` or missing.
    roster
        A roster CSV. Skipped when ``None``.
    sessions
        Sessions to read (default: every session of the course that has graded items).

    Raises
    ------
    FileNotFoundError
        If a folder or file that was named explicitly does not exist.
    """
    course = Course.at(root) if root is not None else Course.find()
    sessions = sessions or course.graded_sessions()
    items, by_session, stems, problems = _items(course, sessions)
    handed_in: dict[str, set[str]] = {s: set() for s in sessions}
    answers: list[dict[str, Any]] = []
    if submissions is not None:
        folder = Path(submissions)
        if not folder.is_dir():
            raise FileNotFoundError(f"no submissions folder {folder}")
        answers = _submissions(folder, sessions, by_session, stems, handed_in, problems)
    scores = [pd.DataFrame(columns=SCORE_COLUMNS)]
    if grades is not None:
        gdir = Path(grades)
        if not gdir.is_dir():
            raise FileNotFoundError(f"no grades folder {gdir}")
        for session in sessions:
            if (gdir / f"{session}.csv").is_file():
                got, who = read_grades(gdir / f"{session}.csv", session, by_session.get(session, []))
                scores.append(got)
                handed_in[session] |= who
    answer_df = pd.DataFrame(answers, columns=ANSWER_COLUMNS).astype({"graded": bool, "attempts": int})
    score_df = pd.concat([s for s in scores if not s.empty] or scores, ignore_index=True)
    return Cohort(items=items, answers=answer_df, scores=score_df, handed_in=handed_in,
                  roster=read_roster(roster) if roster is not None else None, problems=problems)
