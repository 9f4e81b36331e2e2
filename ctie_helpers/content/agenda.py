"""The curriculum map: the 37 agenda points of the five sessions and the notebooks that teach them.

Titles and chapters live in ``data/curriculum.json`` (verbatim from the course brief; not for editing).
Each session's teaching map (``notebook``, ``section``, ``exercises``) lives in
``data/curriculum_session<N>.json`` so that a session author touches only their own file. Its
``optional_labs`` list names the statistics-heavy labs marked "optional: for analysts" (issue 12):
their exercises are practice, so a session's graded total never needs them.

Examples
--------
>>> from ctie_helpers.content import agenda_point
>>> agenda_point("1.3").title
'Difference between trafficking and smuggling'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ctie_helpers.content._base import as_frame, check_keys, fail, load_json
from ctie_helpers.paths import SESSIONS

__all__ = [
    "EXERCISE_ID",
    "POINTS_PER_SESSION",
    "AgendaPoint",
    "OptionalLab",
    "Session",
    "agenda_point",
    "curriculum",
    "curriculum_frame",
    "optional_labs",
    "session",
    "sessions",
    "unmapped",
]

#: How many agenda points each session has (course brief): 37 in all.
POINTS_PER_SESSION = {1: 8, 2: 10, 3: 6, 4: 5, 5: 8}

#: One exercise id names factory, sidecar key, grade_id and tests (DEVELOPERS.md).
EXERCISE_ID = re.compile(r"^s([1-5])_[a-z0-9]+(?:_[a-z0-9]+)*$")
_NOTEBOOK = re.compile(r"^\d{2}_[a-z0-9]+(?:_[a-z0-9]+)*$")
_FILE = "curriculum.json"


@dataclass(frozen=True)
class Session:
    """One 2-hour session: number, title, Guide chapters and nbgrader assignment folder."""

    number: int
    title: str
    chapters: tuple[int, ...]
    folder: str

    @property
    def points(self) -> tuple[AgendaPoint, ...]:
        """The session's agenda points in teaching order."""
        return tuple(p for p in curriculum() if p.session == self.number)


@dataclass(frozen=True)
class AgendaPoint:
    """One agenda point: its id, verbatim title, Guide chapters, and where it is taught.

    ``notebook`` is the notebook stem inside the session folder (``"01_definitions"``), ``section``
    the heading inside it, ``exercises`` the exercise ids (``s<N>_<slug>``) that practise it.
    """

    id: str
    session: int
    number: int
    title: str
    chapters: tuple[int, ...]
    guide_sections: tuple[str, ...]
    group: str | None
    notebook: str | None
    section: str | None
    exercises: tuple[str, ...]

    @property
    def notebook_path(self) -> str | None:
        """Path of the teaching notebook relative to ``notebooks/``, if one is assigned."""
        if self.notebook is None:
            return None
        return f"{SESSIONS[self.session - 1]}/{self.notebook}.ipynb"


@dataclass(frozen=True)
class OptionalLab:
    """A statistics-heavy lab marked "optional: for analysts": its exercises are practice, never graded.

    ``section`` is the lab's heading in the notebook (without the ``#`` marks), ``topic`` what it teaches.
    """

    session: int
    notebook: str
    section: str
    topic: str
    exercises: tuple[str, ...]


@cache
def optional_labs(n: int | None = None) -> tuple[OptionalLab, ...]:
    """The optional labs of session ``n`` (default: every session), in teaching order."""
    out = []
    for number in (n,) if n is not None else range(1, len(SESSIONS) + 1):
        file = f"curriculum_session{number}.json"
        for i, rec in enumerate(load_json(file).get("optional_labs", []), start=1):
            check_keys(rec, ("notebook", "section", "topic", "exercises"), file=file, entry=f"optional lab #{i}")
            if not _NOTEBOOK.match(str(rec["notebook"])) or not str(rec["section"]).strip():
                raise fail(file, f"optional lab #{i}", "needs a notebook stem and the lab's section heading")
            bad = [e for e in rec["exercises"] if not str(e).startswith(f"s{number}_")]
            if bad:
                raise fail(file, f"optional lab #{i}", f"exercise ids of another session: {bad}")
            out.append(OptionalLab(number, rec["notebook"], rec["section"], rec["topic"], tuple(rec["exercises"])))
    return tuple(out)


@cache
def _sessions() -> tuple[Session, ...]:
    raw = load_json(_FILE)
    check_keys(raw, ("sessions", "points"), ("about",), file=_FILE, entry="top level")
    out = []
    for i, rec in enumerate(raw["sessions"], start=1):
        check_keys(rec, ("number", "title", "chapters"), file=_FILE, entry=f"session #{i}")
        if rec["number"] != i:
            raise fail(_FILE, f"session #{i}", f"number {rec['number']!r} out of order")
        out.append(Session(i, rec["title"], tuple(rec["chapters"]), SESSIONS[i - 1]))
    if len(out) != 5:
        raise fail(_FILE, "sessions", f"expected 5 sessions, found {len(out)}")
    return tuple(out)


def _teaching(n: int) -> dict[str, dict]:
    """Read and check one session's teaching map, keyed by agenda point id."""
    file = f"curriculum_session{n}.json"
    raw = check_keys(load_json(file), ("session", "points"), ("about", "optional_labs"), file=file,
                     entry="top level")
    if raw["session"] != n:
        raise fail(file, "session", f"says {raw['session']!r}, expected {n}")
    out: dict[str, dict] = {}
    for rec in raw["points"]:
        entry = rec.get("id", "?") if isinstance(rec, dict) else "?"
        check_keys(rec, ("id", "notebook", "section", "exercises"), file=file, entry=entry)
        if entry in out:
            raise fail(file, entry, "listed twice")
        nb, sec, exs = rec["notebook"], rec["section"], rec["exercises"]
        if nb is not None and not (isinstance(nb, str) and _NOTEBOOK.match(nb)):
            raise fail(file, entry, f"notebook {nb!r} is not a notebook stem like '01_definitions'")
        if sec is not None and not (isinstance(sec, str) and sec.strip()):
            raise fail(file, entry, "section must be a non-empty string or null")
        if not isinstance(exs, list):
            raise fail(file, entry, "exercises must be a list of exercise ids")
        for ex in exs:
            m = EXERCISE_ID.match(ex) if isinstance(ex, str) else None
            if m is None:
                raise fail(file, entry, f"exercise id {ex!r} does not match s<N>_<slug>")
            if int(m.group(1)) != n:
                raise fail(file, entry, f"exercise id {ex!r} belongs to session {m.group(1)}, not {n}")
        if len(set(exs)) != len(exs):
            raise fail(file, entry, "an exercise id is listed twice")
        out[entry] = rec
    return out


@cache
def curriculum() -> tuple[AgendaPoint, ...]:
    """All 37 agenda points in teaching order, validated.

    Raises
    ------
    ValueError
        Naming the file and the entry, if ids are duplicated or out of sequence, a session has the
        wrong number of points, a teaching map does not match, or an exercise id is malformed.
    """
    raw = load_json(_FILE)
    sessions = {s.number: s for s in _sessions()}
    teaching = {n: _teaching(n) for n in sessions}
    points: list[AgendaPoint] = []
    seen: dict[int, int] = {n: 0 for n in sessions}
    for rec in raw["points"]:
        entry = rec.get("id", "?") if isinstance(rec, dict) else "?"
        check_keys(rec, ("id", "title", "chapters", "guide_sections"), ("group",), file=_FILE, entry=entry)
        m = re.fullmatch(r"([1-5])\.(\d+)", str(entry))
        if m is None:
            raise fail(_FILE, entry, "id must look like '<session>.<number>'")
        n, k = int(m.group(1)), int(m.group(2))
        if k != seen[n] + 1:
            raise fail(_FILE, entry, f"expected id {n}.{seen[n] + 1} (ids are unique and sequential per session)")
        seen[n] = k
        if not set(rec["chapters"]) <= set(sessions[n].chapters):
            raise fail(_FILE, entry, f"chapters {rec['chapters']} are not among session {n}'s {sessions[n].chapters}")
        t = teaching[n].get(entry)
        if t is None:
            raise fail(f"curriculum_session{n}.json", entry, "agenda point missing from the teaching map")
        points.append(
            AgendaPoint(
                id=entry, session=n, number=k, title=rec["title"], chapters=tuple(rec["chapters"]),
                guide_sections=tuple(rec["guide_sections"]), group=rec.get("group"),
                notebook=t["notebook"], section=t["section"], exercises=tuple(t["exercises"]),
            )
        )
    for n, count in POINTS_PER_SESSION.items():
        if seen[n] != count:
            raise fail(_FILE, f"session {n}", f"has {seen[n]} agenda points, expected {count}")
        extra = set(teaching[n]) - {p.id for p in points if p.session == n}
        if extra:
            raise fail(f"curriculum_session{n}.json", ", ".join(sorted(extra)), "not an agenda point of this session")
    return tuple(points)


def agenda_point(point_id: str) -> AgendaPoint:
    """Look up one agenda point by id (``"2.7"``); ``KeyError`` names unknown ids."""
    for p in curriculum():
        if p.id == point_id:
            return p
    raise KeyError(f"no agenda point {point_id!r} (ids run 1.1-1.8, 2.1-2.10, 3.1-3.6, 4.1-4.5, 5.1-5.8)")


def sessions() -> tuple[Session, ...]:
    """The five sessions in order."""
    curriculum()  # validate the whole map before handing out any part of it
    return _sessions()


def session(n: int) -> Session:
    """Session ``n`` (1-5)."""
    if n not in POINTS_PER_SESSION:
        raise KeyError(f"no session {n!r}; sessions are numbered 1-5")
    return sessions()[n - 1]


def unmapped() -> tuple[AgendaPoint, ...]:
    """Agenda points that still lack a notebook, a section or an exercise (for the consistency tests)."""
    return tuple(p for p in curriculum() if not (p.notebook and p.section and p.exercises))


def curriculum_frame():
    """The curriculum map as a pandas DataFrame (pandas imported only now)."""
    return as_frame(curriculum())
