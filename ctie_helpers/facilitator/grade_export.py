"""Grades out to a learning platform: a Moodle or a Canvas gradebook CSV, one column per session.

Read from the gradebook CSVs ``ctie grade`` writes (``build/grades/<session>.csv``: ``trainee``, one
column per item, ``total``, ``max_total``, ``status``; :mod:`ctie_helpers.facilitator.grade_sheets`). A
session's grade is its ``total``; a trainee whose hand-in failed to grade, or who handed nothing in for a
session, gets an empty cell (not a zero: the platform then shows "no grade" rather than a fail).

Layouts, as the platforms document their CSV import:

* **Moodle** (Grades > Import > CSV file): one identifier column the facilitator maps on the preview page
  ("Map from" ``username``, "Map to" username), then one column per grade item, each mapped to an
  existing grade item or a new one. We write ``username`` (the trainee id ``ctie grade`` used, which a
  JupyterHub course takes from the login) and one column per session named ``Session N: <title>``.
* **Canvas** (Grades > Import): the columns of a Canvas gradebook export, ``Student``, ``ID``,
  ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment named ``Title (id)``,
  and a second row ``Points Possible`` holding each assignment's maximum. We fill ``Student`` and
  ``SIS Login ID`` with the trainee id and leave the Canvas-internal ``ID``, ``SIS User ID`` and
  ``Section`` empty (Canvas matches a student by any one of them); the id in parentheses is the session
  folder, so a first import creates one assignment per session.

Both files hold names and scores: written atomically, owner-only (``private=True``), with every text cell
made formula-safe (:mod:`ctie_helpers.safeguards.formulas`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ctie_helpers.content.agenda import sessions as course_sessions
from ctie_helpers.errors import BadValueError, UserError
from ctie_helpers.io import atomic_write
from ctie_helpers.paths import SESSIONS
from ctie_helpers.safeguards.formulas import neutralise_cell, restore_cell

__all__ = ["CANVAS_FIXED", "CANVAS_POINTS", "FORMATS", "SessionGrades", "export_csv", "read_gradebooks",
           "write_export"]

FORMATS = ("moodle", "canvas")

#: The identity columns every Canvas gradebook export starts with, in this order.
CANVAS_FIXED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")

#: First cell of the row under the Canvas header that holds each assignment's maximum points. Canvas's own
#: exports write it with leading spaces ("    Points Possible"); its importer
#: (``lib/gradebook_importer.rb``, ``if row[0] =~ /Points Possible/``) matches the words anywhere in the
#: first cell, so the plain form is read the same way.
CANVAS_POINTS = "Points Possible"

MOODLE_ID = "username"


@dataclass(frozen=True)
class SessionGrades:
    """One session's column: its folder, number, title, maximum points and each trainee's total."""

    session: str
    number: int
    title: str
    max_points: float
    totals: dict[str, float | None]


def _number(text: str, where: str) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise BadValueError(f"{where}: {text!r} is not a number") from None


def _read_one(path: Path, number: int, session: str, title: str) -> SessionGrades:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("trainee", "total", "max_total") if c not in (reader.fieldnames or [])]
        if missing:
            raise BadValueError(f"{path}: not a gradebook written by ctie grade (no column {', '.join(missing)})")
        totals: dict[str, float | None] = {}
        maxima: set[float] = set()
        for i, row in enumerate(reader, start=2):  # row 1 is the header, as a spreadsheet numbers it
            trainee = restore_cell(row["trainee"] or "").strip()
            if not trainee:
                raise BadValueError(f"{path}, row {i}, column trainee: empty trainee id")
            top = _number(row["max_total"], f"{path}, row {i}, column max_total")
            if top is not None:
                maxima.add(top)
            failed = (row.get("status") or "").startswith("failed")
            totals[trainee] = None if failed else _number(row["total"], f"{path}, row {i}, column total")
    if len(maxima) > 1:
        raise BadValueError(f"{path}, column max_total: rows disagree ({', '.join(f'{m:g}' for m in sorted(maxima))})")
    return SessionGrades(session, number, title, maxima.pop() if maxima else 0.0, totals)


def read_gradebooks(grades_dir: Path) -> list[SessionGrades]:
    """Every session's gradebook found in ``grades_dir``, in course order.

    Raises
    ------
    UserError
        If the folder holds no session gradebook (run ``ctie grade SESSION`` first), or one is malformed
        (:class:`BadValueError`, naming file, row and column).
    """
    grades_dir = Path(grades_dir)
    titles = {s.folder: s.title for s in course_sessions()}
    out = []
    for number, session in enumerate(SESSIONS, start=1):
        path = grades_dir / f"{session}.csv"
        if path.is_file():
            out.append(_read_one(path, number, session, titles[session]))
    if not out:
        raise UserError(f"no session gradebook in {grades_dir}: run `ctie grade SESSION` first")
    return out


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def export_csv(columns: list[SessionGrades], fmt: str) -> str:
    """The platform's CSV text for ``columns`` (one per session), trainees in sorted order."""
    if fmt not in FORMATS:
        raise BadValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    trainees = sorted({t for col in columns for t in col.totals})
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")  # RFC 4180 line ends, which both importers read
    if fmt == "moodle":
        out.writerow([MOODLE_ID, *(neutralise_cell(f"Session {c.number}: {c.title}") for c in columns)])
        for t in trainees:
            out.writerow([neutralise_cell(t), *(_fmt(c.totals.get(t)) for c in columns)])
    else:
        out.writerow([*CANVAS_FIXED, *(neutralise_cell(f"Session {c.number}: {c.title} ({c.session})")
                                       for c in columns)])
        out.writerow([CANVAS_POINTS, "", "", "", "", *(_fmt(c.max_points) for c in columns)])
        for t in trainees:
            cell = neutralise_cell(t)
            out.writerow([cell, "", "", cell, "", *(_fmt(c.totals.get(t)) for c in columns)])
    return buf.getvalue()


def write_export(grades_dir: Path, fmt: str, out: Path | None = None) -> Path:
    """Write the ``fmt`` export of the gradebooks in ``grades_dir`` to ``out`` (default
    ``<grades_dir>/export_<fmt>.csv``), atomically and owner-only; return the path written."""
    text = export_csv(read_gradebooks(grades_dir), fmt)
    target = Path(out) if out is not None else Path(grades_dir) / f"export_{fmt}.csv"
    atomic_write(target, text, private=True, parents=True)
    return target
