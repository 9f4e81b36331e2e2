"""Build an XLSForm (the spreadsheet KoboToolbox and ODK import) from a list of draft questions.

The form always opens with a consent script and a consent question; every trainee question sits in a
group shown only after consent is given, so nobody is asked anything without agreeing first.
``convert`` runs the real ``pyxform`` converter, the same one KoboToolbox uses, and returns its XForm.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ctie_helpers.errors import BadValueError
from ctie_helpers.io import atomic_write
from ctie_helpers.methods.questionnaire import SELECT_TYPES, Question, as_question

__all__ = ["CONSENT_TEXT", "SUPPORTED_TYPES", "choice_name", "xlsform_sheets", "build_xlsform", "convert"]

SUPPORTED_TYPES = ("select_one", "select_multiple", "integer", "decimal", "text", "date", "note")

CONSENT_TEXT = (
    "Hello. We are collecting information about the situation in this site to plan assistance. "
    "Taking part is voluntary; you can stop or skip any question at any time, and this will not "
    "affect any help you receive. We will not write down your name. The interview takes about 20 minutes."
)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def choice_name(label: str) -> str:
    """A valid XML name for an answer option: ``"Don't know"`` -> ``"dont_know"``."""
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower().replace("'", "")).strip("_")
    if not slug:
        slug = "option"
    return slug if slug[0].isalpha() else f"o_{slug}"


def _check(q: Question) -> None:
    """Fail early with a message a trainee can act on (pyxform's own errors are harder to read)."""
    if not _NAME.match(q.name):
        raise BadValueError(f"Question name {q.name!r} must start with a letter and use only letters, "
                         "digits and '_' (e.g. 'recruiters_seen').")
    if q.type not in SUPPORTED_TYPES:
        raise BadValueError(f"Question {q.name!r}: type {q.type!r} is not supported here; use one of "
                         f"{', '.join(SUPPORTED_TYPES)}.")
    if q.type in SELECT_TYPES and not q.choices:
        raise BadValueError(f"Question {q.name!r} is a {q.type} question but has no choices.")
    if not q.label.strip():
        raise BadValueError(f"Question {q.name!r} has an empty label.")


def xlsform_sheets(questions: Iterable[Question | Mapping], form_title: str = "CTiE site assessment",
                   form_id: str = "ctie_assessment", version: str = "1") -> dict[str, list[list[str]]]:
    """The three XLSForm sheets as lists of rows (header row first).

    Parameters
    ----------
    questions : iterable of Question or dict
        The draft questions, in interview order.
    form_title, form_id, version : str
        Written to the ``settings`` sheet.

    Returns
    -------
    dict
        ``{"survey": rows, "choices": rows, "settings": rows}``.
    """
    qs = [as_question(q) for q in questions]
    names = [q.name for q in qs]
    reserved = {"consent_intro", "consent", "main"}
    clash = sorted({n for n in names if names.count(n) > 1} | (set(names) & reserved))
    if clash:
        raise BadValueError(f"Question names must be unique and not one of {sorted(reserved)}: {clash}")
    for q in qs:
        _check(q)

    survey = [["type", "name", "label", "required", "relevant", "hint"],
              ["note", "consent_intro", CONSENT_TEXT, "", "", ""],
              ["select_one yes_no", "consent", "Do you agree to take part?", "yes", "", ""],
              ["begin_group", "main", "Questions", "", "${consent} = 'yes'", ""]]
    choices = [["list_name", "name", "label"], ["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]
    for q in qs:
        if q.type in SELECT_TYPES:
            list_name = f"{q.name}_opts"
            seen: set[str] = set()
            for label in q.choices:
                name = choice_name(label)
                while name in seen:  # two labels with the same slug still need distinct names
                    name += "_x"
                seen.add(name)
                choices.append([list_name, name, label])
            qtype = f"{q.type} {list_name}"
        else:
            qtype = q.type
        # Select questions are required because "Don't know" and "Prefer not to answer" are answers;
        # other types stay optional so the consent promise "skip any question" holds.
        required = "yes" if q.type in SELECT_TYPES else ""
        hint = f"Feeds {q.indicator}" if q.indicator else ""
        survey.append([qtype, q.name, q.label, required, "", hint])
    survey.append(["end_group", "", "", "", "", ""])
    settings = [["form_title", "form_id", "version"], [form_title, form_id, version]]
    return {"survey": survey, "choices": choices, "settings": settings}


def build_xlsform(questions: Iterable[Question | Mapping], path: str | Path | None = None,
                  **settings: str) -> bytes:
    """Write the XLSForm workbook and return its bytes.

    Parameters
    ----------
    questions : iterable of Question or dict
        The draft questions.
    path : str or Path, optional
        Where to save the ``.xlsx``; written to a temporary name first, then moved, so a half-written
        file never replaces a good one.
    **settings
        ``form_title``, ``form_id``, ``version`` for the settings sheet.
    """
    # The offline edition's questionnaire pages build forms but write no workbook: no openpyxl download there.
    # deferred: saves openpyxl (not in the offline edition) at import of ctie_helpers.methods.xlsform
    from openpyxl import Workbook

    sheets = xlsform_sheets(questions, **settings)
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    # openpyxl stores text starting with "=" as a formula; typed as a string it stays the
                    # exact text pyxform must read, and no spreadsheet runs it (safeguards.formulas).
                    cell.data_type = "s"

    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        atomic_write(path, data)
    return data


def convert(xlsform: bytes | str | Path) -> tuple[str, list[str]]:
    """Convert an XLSForm with pyxform; return ``(xform_xml, warnings)``.

    Raises pyxform's own error (a ``PyXFormError``) when the form is invalid.
    """
    # deferred: saves 1021 ms at import of ctie_helpers.methods.xlsform
    from pyxform.xls2xform import convert as _convert  # heavy import, only when used

    source = io.BytesIO(xlsform) if isinstance(xlsform, bytes) else str(xlsform)
    warnings: list[str] = []
    result = _convert(xlsform=source, warnings=warnings, file_type=".xlsx")
    return result.xform, list(result.warnings)
