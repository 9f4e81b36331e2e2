"""What ``grade()`` adds to a trainee's feedback: each part they got wrong, their answer, the right
answer and why (the explanations of :mod:`ctie_helpers.content.explanations`).

nbgrader puts a test cell's stdout into the feedback HTML, and graded keys live only in the hidden
test cells, so the lines are written when the facilitator grades, never before. A course that reuses
its items keeps keys out of the feedback with ``ctie grade --no-reveal``, which sets
``CTIE_FEEDBACK_REVEAL=0`` for the grading kernels: the lines then name the wrong parts and the
trainee's answers only, with no right answer and no explanation (an explanation would give the key).

Graded items' explanations are not in the package (a trainee could read keys off them): they sit in
the facilitator's ``notebooks/<session>/graded_explanations.json``, whose path ``ctie grade`` gives the
grading kernels in ``CTIE_GRADED_EXPLANATIONS``. Without it (a facilitator running a source notebook by
hand) the file is looked for in the kernel's folder, which is the source session folder. Their French and
Spanish translations are the catalogs beside that file (``graded_explanations.fr.po``,
:mod:`ctie_helpers.i18n.graded`); each trainee's feedback uses the language their answers file records.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctie_helpers.grading.store import current_store
from ctie_helpers.i18n.catalog import N_
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.i18n.choice import current_language

if TYPE_CHECKING:
    from ctie_helpers.content.explanations import Explanation

__all__ = ["GRADED_EXPLANATIONS_ENV", "REVEAL_ENV", "WrongPart", "explanations_for", "feedback_lines",
           "reveal_keys", "wrong_parts"]

#: Set to ``0`` to keep right answers and explanations out of graded feedback.
REVEAL_ENV = "CTIE_FEEDBACK_REVEAL"
#: The path of the session's facilitator-side graded explanations file, for the grading kernels.
GRADED_EXPLANATIONS_ENV = "CTIE_GRADED_EXPLANATIONS"


@dataclass(frozen=True)
class WrongPart:
    """One part of an answer that is wrong: the option, statement or pair, what was given, what is right."""

    part: str
    given: Any
    right: Any


def reveal_keys() -> bool:
    """False when the facilitator asked for feedback without keys (``ctie grade --no-reveal``)."""
    return os.environ.get(REVEAL_ENV, "1").strip().lower() not in ("0", "false", "no")


def explanations_for(exercise_id: str) -> Mapping[str, Any]:
    """An exercise's explanations by part id: the package's (practice items), else the facilitator's
    graded file named by ``CTIE_GRADED_EXPLANATIONS`` (or found in the current folder)."""
    # deferred: saves 20 ms at import of ctie_helpers.grading.explained
    from ctie_helpers.content.explanations import for_exercise, read_explanations_file

    packaged = for_exercise(exercise_id)
    m = re.match(r"s(\d+)_", exercise_id)
    if packaged or not m:
        return packaged
    return read_explanations_file(_graded_file(), int(m.group(1))).get(exercise_id, {})


def _graded_file() -> Path:
    """The facilitator's graded explanations file: ``CTIE_GRADED_EXPLANATIONS``, else the current folder's."""
    # deferred: saves 20 ms at import of ctie_helpers.grading.explained
    from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_FILE

    return Path(os.environ.get(GRADED_EXPLANATIONS_ENV) or GRADED_EXPLANATIONS_FILE)


def _explained(explanation: Explanation, lang: str | None) -> str:
    """``why (source)`` in ``lang``: a graded item's from the facilitator's catalog beside its file, a practice
    item's from the interface catalog (why and source are separate entries there too); English where neither
    has a usable translation."""
    # deferred: saves 150 ms at import of ctie_helpers.grading.explained (Babel, read only to explain a wrong part)
    from ctie_helpers.i18n.graded import translations_for

    code = lang or current_language()
    table = translations_for(_graded_file(), code)
    why = table.get(explanation.why) or _(explanation.why, code)
    source = table.get(explanation.source) or _(explanation.source, code)
    return f"{why} ({source})"


def _feedback_language() -> str | None:
    """The language the trainee answered in (their sidecar's), so a mixed cohort's feedback is each one's own;
    None (the language in force where ``ctie grade`` runs) for a sidecar that does not say."""
    store = current_store()
    return store.language if store is not None else None


def _show(value: Any) -> str:
    if value is None or value == "":
        return N_("(no answer)")  # translated with the line it is shown in
    if isinstance(value, (list, tuple)):
        return " → ".join(_show(v) for v in value)
    return str(value)


def wrong_parts(kind: str, answer: Any, key: Any) -> list[WrongPart]:
    """The parts of ``answer`` that differ from ``key``, in the key's order (empty when all is right)."""
    if kind == "choice":
        accepted = key if isinstance(key, (list, tuple)) else [key]
        return [] if answer in accepted else [WrongPart(str(answer), answer, accepted[0])]
    if kind == "multi":
        ticked, right = set(answer or []), set(key)
        return ([WrongPart(o, "ticked", "not ticked") for o in answer or [] if o not in right]
                + [WrongPart(o, "not ticked", "ticked") for o in key if o not in ticked])
    if kind in ("bins", "match") and isinstance(key, Mapping):
        given = answer if isinstance(answer, Mapping) else {}
        return [WrongPart(p, given.get(p), r) for p, r in key.items() if given.get(p) != r]
    if kind == "table" and isinstance(key, Mapping):
        given = answer if isinstance(answer, Mapping) else {}
        out = []
        for row, cols in key.items():
            got = found if isinstance(found := given.get(row), Mapping) else {}
            out += [WrongPart(f"{row} / {col}", got.get(col), r) for col, r in cols.items() if got.get(col) != r]
        return out
    return [] if answer == key else [WrongPart("your answer", answer, key)]  # order, numeric: one part


def feedback_lines(exercise_id: str, kind: str, answer: Any, key: Any, *, reveal: bool | None = None,
                   parts: list[WrongPart] | None = None, lang: str | None = None) -> list[str]:
    """One line per wrong part: ``✗ <part>: your answer …; right answer …. Why: … (source)``.

    ``parts`` overrides :func:`wrong_parts` (numeric and table answers are right within a tolerance,
    which only the check knows). With ``reveal=False`` the right answer and the explanation are left out.
    ``lang``: the language the answers were given in (default: the current answers file's).
    """
    reveal = reveal_keys() if reveal is None else reveal
    lang = lang or _feedback_language()
    parts = wrong_parts(kind, answer, key) if parts is None else parts
    why = explanations_for(exercise_id) if reveal else {}
    lines = []
    for p in parts:
        # parts and answers are English ids: shown as the trainee saw them, in the language in force
        given, right, part = _(_show(p.given), lang), _(_show(p.right), lang), _(str(p.part), lang)
        if kind == "choice":
            line = "  " + _("✗ You chose “%(given)s”", lang) % {"given": given} + (
                _("; the right answer is “%(right)s”", lang) % {"right": right} if reveal else "")
        elif kind == "multi":
            line = "  " + (_("✗ “%(part)s”: you ticked it", lang) if p.given == "ticked"
                           else _("✗ “%(part)s”: you did not tick it", lang)) % {"part": part}
            if reveal:
                line += (_("; it should be ticked", lang) if p.right == "ticked"
                         else _("; it should not be ticked", lang))
        else:
            line = "  " + _("✗ %(part)s: your answer %(given)s", lang) % {"part": part, "given": given} + (
                _("; right answer %(right)s", lang) % {"right": right} if reveal else "")
        explained = [why.get(p.part), why.get(p.right) if kind == "choice" else None]
        if any(explained):
            line += ". " + _("Why:", lang) + " " + " ".join(_explained(e, lang) for e in explained if e)
        lines.append(line)
    return lines
