"""Certificates of completion: one PDF per trainee who completed all five sessions at or above a threshold.

Read from the gradebook CSVs ``ctie grade`` writes (``build/grades/<session>.csv``, see
:mod:`ctie_helpers.facilitator.grade_sheets`): a session counts as completed when its row is not
``failed`` and ``total / max_total`` is at least the threshold. The certificate shows the trainee's
name, the course and the five sessions, and nothing else personal (no scores). Files are written
owner-only (0600) by :func:`ctie_helpers.pdf.html_to_pdf`.

The gradebook knows trainees by their hand-in name (on the hub, the login, e.g. ``learner-4711``). A
roster (``--names FILE``: a CSV with columns ``trainee`` and ``name``) gives the name as the facilitator
typed it for the certificate; without one, the gradebook's name is printed as it stands.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
from pathlib import Path

from ctie_helpers.errors import BadValueError, UserError
from ctie_helpers.facilitator.course import Course
from ctie_helpers.paths import SESSIONS
from ctie_helpers.safeguards.formulas import restore_cell

__all__ = ["COURSE_TITLE", "TITLE", "certificate_html", "completed", "read_names", "write_certificates"]

TITLE = "Certificate of completion"
COURSE_TITLE = "Counter-Trafficking in Emergencies: Information Management"


def _pct(row: dict[str, str], path: Path, line: int) -> float | None:
    if (row.get("status") or "").startswith("failed") or not (row.get("total") or "").strip():
        return None
    try:
        total, most = float(row["total"]), float(row["max_total"])
    except (KeyError, ValueError) as exc:
        raise UserError(f"{path}, row {line}: total/max_total are not numbers ({exc})") from exc
    return 100.0 * total / most if most > 0 else None


def completed(course: Course, threshold: float) -> list[str]:
    """Trainees (as named in the gradebook) at or above ``threshold`` percent in every session, in order.

    Raises
    ------
    UserError
        If a session has no gradebook CSV yet (run ``ctie grade`` first) or a row cannot be read.
    """
    if not 0 <= threshold <= 100:
        raise BadValueError(f"--threshold {threshold:g}: give a percentage between 0 and 100")
    passed: dict[str, int] = {}
    order: list[str] = []
    for session in SESSIONS:
        path = course.grades / f"{session}.csv"
        if not path.is_file():
            raise UserError(f"{path} is missing: grade {session} first (ctie grade {session})")
        with path.open(newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                name = restore_cell(row.get("trainee") or "")
                pct = _pct(row, path, line)
                if name and pct is not None and pct >= threshold:
                    passed[name] = passed.get(name, 0) + 1
                    if name not in order:
                        order.append(name)
    return [n for n in order if passed[n] == len(SESSIONS)]


def certificate_html(name: str, date: dt.date | None = None) -> str:
    """The certificate page: title, name, course, the five sessions, the date of issue."""
    # deferred: saves <1 ms at import of ctie_helpers.facilitator.certificates (under 20 ms, loaded machine: may move up)
    from ctie_helpers.content import sessions

    items = "".join(f"<li>Session {s.number}: {html.escape(s.title)}</li>" for s in sessions())
    when = (date or dt.date.today()).isoformat()
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Certificate</title><style>'
            "@page { size: A4 landscape; margin: 18mm; } body { font-family: serif; text-align: center; }"
            "h1 { font-size: 34pt; margin-top: 10mm; } .name { font-size: 28pt; font-weight: bold; margin: 8mm 0; }"
            "ul { list-style: none; padding: 0; font-size: 13pt; }</style></head><body>"
            f"<h1>{TITLE}</h1><p>This certifies that</p><p class=\"name\">{html.escape(name)}</p>"
            f"<p>has completed the five sessions of the course<br><b>{COURSE_TITLE}</b></p><ul>{items}</ul>"
            f"<p>Issued on {when}</p></body></html>")


def read_names(path: str | Path) -> dict[str, str]:
    """The roster: gradebook name -> name as the facilitator typed it, from a CSV with ``trainee,name``.

    Raises
    ------
    UserError
        If the file cannot be read, lacks a column, or has an empty or repeated cell (file, row, column named).
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
            columns = set(rows[0]) if rows else set()
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UserError(f"{path}: cannot read the roster ({exc})") from exc
    for column in ("trainee", "name"):
        if column not in columns:
            raise UserError(f"{path}: no column '{column}' (the roster needs columns trainee,name)")
    names: dict[str, str] = {}
    for line, row in enumerate(rows, start=2):
        trainee, name = (row["trainee"] or "").strip(), (row["name"] or "").strip()
        for column, value in (("trainee", trainee), ("name", name)):
            if not value:
                raise UserError(f"{path}, row {line}, column {column}: empty")
        if trainee in names:
            raise UserError(f"{path}, row {line}, column trainee: {trainee!r} appears twice")
        names[trainee] = name
    return names


def write_certificates(course: Course, threshold: float, out: Path | None = None,
                       names: dict[str, str] | None = None) -> list[Path]:
    """Write one private PDF per trainee :func:`completed` returns, into ``out`` (default ``build/certificates``).

    With ``names`` (see :func:`read_names`) every certified trainee must be in it: a certificate never
    carries a login where the facilitator meant to print a name.
    """
    # deferred: saves 11 ms at import of ctie_helpers.facilitator.certificates (under 20 ms, loaded machine: may move up)
    from ctie_helpers.grading.submit import trainee_id

    # deferred: saves <1 ms at import of ctie_helpers.facilitator.certificates (under 20 ms, loaded machine: may move up)
    from ctie_helpers.pdf import html_to_pdf

    certified = completed(course, threshold)
    if names is not None:
        missing = [t for t in certified if t not in names]
        if missing:
            raise UserError(f"the roster has no name for {', '.join(missing)}: add them (columns trainee,name)")
    out = Path(out) if out else course.build / "certificates"
    return [html_to_pdf(certificate_html(names[t] if names else t), out / f"{trainee_id(t)}.pdf", private=True)
            for t in certified]
