"""``grade()`` for nbgrader test cells and ``answer()`` for trainees who prefer typing code.

A graded test cell is always::

    from ctie_helpers.grading import grade
    ### BEGIN HIDDEN TESTS
    grade("s1_amp_elements", "bins", key={"recruitment": "Act"}, points=3)
    ### END HIDDEN TESTS

nbgrader runs it in a fresh kernel after the notebook's first cell opened the sidecar, and takes the
returned float as partial credit. Two nbgrader rules shape this module: a test cell with any stderr
output scores 0, so nothing here writes to stderr (warnings are captured and reported on stdout);
and an exception scores 0 with a traceback the trainee cannot act on, so a broken *answer* prints a
sentence and returns 0.0. A broken *key* (unknown kind, negative points) still raises, because
``nbgrader validate`` on the source notebook must catch it.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from typing import Any

from ctie_helpers.grading.checks import KINDS, check
from ctie_helpers.grading.explained import WrongPart, feedback_lines
from ctie_helpers.grading.store import AnswerStore, current_store
from ctie_helpers.i18n import _
from ctie_helpers.i18n.choice import language_override

__all__ = ["answer", "grade"]


def _describe(exercise_id: str, kind: str, result: Any, earned: float, points: float) -> str:
    if kind == "text":
        return _("%(id)s: free-text answer saved; the facilitator grades it by hand.") % {"id": exercise_id}
    parts = (" " + _("(%(right)s of %(total)s parts right)") % {"right": result.n_right, "total": result.n_total}
             if result.n_total > 1 else "")
    verdict = (_("full marks") if result.correct
               else _("%(earned)s of %(points)s points") % {"earned": f"{earned:g}", "points": f"{points:g}"})
    hint = f" {result.hints[0]}" if result.hints and not result.correct else ""
    return f"{exercise_id}: {verdict}{parts}.{hint}"


def grade(exercise_id: str, kind: str, key: Any, points: float, *, store: AnswerStore | None = None,
          **options: Any) -> float:
    """Grade the saved answer of one exercise and return the points earned.

    Parameters
    ----------
    exercise_id
        The ``s<N>_<slug>`` id (also the nbgrader ``grade_id`` of the calling cell).
    kind
        The check kind, one of :data:`ctie_helpers.grading.checks.KINDS`.
    key
        The right answer in the canonical form of ``kind``.
    points
        The item's maximum points.
    store
        The answers to read; default: the store the notebook's first cell opened.
    **options
        Passed to :func:`~ctie_helpers.grading.checks.check` (e.g. ``abs_tol=0.5``). Hints stay
        count-only unless ``reveal_where=True`` is passed.

    Returns
    -------
    float
        ``round(score * points, 2)``; 0.0 for a missing or unreadable answer and for free text.

    Notes
    -----
    Prints one summary line to stdout (more when the answers file had to be repaired), then, for a
    choice, multi-select, sorting, matching, order or numeric item that is not fully right, one line per wrong part
    with the trainee's answer, the right answer and its explanation (:mod:`.explained`); with
    ``CTIE_FEEDBACK_REVEAL=0`` (``ctie grade --no-reveal``) the right answers and explanations are left out.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown check kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not points >= 0:
        raise ValueError(f"points must be zero or more, not {points!r}")
    captured = io.StringIO()
    # Why both: warnings go through sys.stderr, and so does anything a library prints there.
    with warnings.catch_warnings(), contextlib.redirect_stderr(captured):
        warnings.simplefilter("ignore")
        return _grade_quietly(exercise_id, kind, key, float(points), store, options)


def _grade_quietly(exercise_id: str, kind: str, key: Any, points: float, store: AnswerStore | None,
                   options: dict[str, Any]) -> float:
    store = store if store is not None else current_store()
    if store is None:
        print(f"No answers file is open, so {exercise_id} cannot be graded: run the notebook's first cell.")
        return 0.0
    try:
        store.refresh()
        record = store.get(exercise_id)
    except Exception as exc:  # noqa: BLE001 - an unreadable file must cost this item, not the cell
        print(f"{exercise_id}: the answers file could not be read ({exc}).")
        return 0.0
    for problem in store.problems:
        print(f"Note: {problem}.")
    # The feedback a trainee reads is in the language their answers were given in (the page records it).
    with language_override(store.language):
        return _describe_and_explain(exercise_id, kind, key, points, store, record, options)


def _describe_and_explain(exercise_id: str, kind: str, key: Any, points: float, store: AnswerStore,
                          record: dict[str, Any] | None, options: dict[str, Any]) -> float:
    if record is None or record.get("value") is None:
        print(_("No answer saved for %(id)s") % {"id": exercise_id})
        return 0.0
    try:
        result = check(kind, record["value"], key, **options)
    except Exception as exc:  # noqa: BLE001 - a strangely shaped answer scores 0 with a reason
        print(f"{exercise_id}: the saved answer could not be checked ({type(exc).__name__}); 0 points.")
        return 0.0
    earned = 0.0 if result.score is None else round(result.score * points, 2)
    print(_describe(exercise_id, kind, result, earned, points))
    if result.score is not None and not result.correct:
        # What was wrong and why, for the feedback page (keys only with reveal; see grading.explained).
        # Table cells have tolerances: the hint says which.
        parts: list[WrongPart] | None = [] if kind == "table" else None
        for line in feedback_lines(exercise_id, kind, record["value"], key, parts=parts, lang=store.language):
            print(line)
    return earned


def answer(exercise_id: str, value: Any, kind: str, *, store: AnswerStore | None = None) -> None:
    """Save an answer from code, exactly as the exercise's widget would.

    Parameters
    ----------
    exercise_id
        The ``s<N>_<slug>`` id shown under the exercise.
    value
        The answer in the canonical form of ``kind`` (see :mod:`ctie_helpers.grading.checks`).
    kind
        The exercise's check kind; it must match the widget's.
    store
        Default: the store the notebook's first cell opened.

    Raises
    ------
    RuntimeError
        If no answers file is open.
    ValueError
        If ``kind`` is unknown, differs from what the widget saved, or ``value`` is not JSON.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    store = store if store is not None else current_store()
    if store is None:
        raise RuntimeError("No answers file is open: run the notebook's first cell, then try again.")
    old = store.get(exercise_id)
    if old is not None and old.get("kind") != kind:
        raise ValueError(f"{exercise_id} is a {old['kind']!r} exercise, not {kind!r}")
    try:
        store.set(exercise_id, value, kind)
    except TypeError as exc:
        raise ValueError(f"that answer cannot be saved: {exc}") from None
    print(f"Saved your answer for {exercise_id}.")
