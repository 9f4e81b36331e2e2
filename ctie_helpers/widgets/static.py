"""An exercise widget as a printed question: Markdown built from the widget's own data.

A static page (the course site, a PDF handout) runs no widget JavaScript, so an exercise is shown as
its prompt and its options, statements, groups or table as text, and, only when asked (the
facilitator's build), the answer. The text comes from the same attributes the widget shows, so the
printed question never disagrees with the interactive one. Options are listed in authoring order
(``shuffle`` only matters when a trainee clicks).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ctie_helpers.widgets.base import ExerciseBase

__all__ = ["to_markdown"]


def _t(text: Any) -> str:
    """Plain text safe inside Markdown (HTML escaped, Markdown's emphasis and table markers kept literal)."""
    return html.escape(str(text)).replace("*", "\\*").replace("_", "\\_").replace("|", "\\|")


def _accepted(key: Any) -> set[str]:
    return {str(k) for k in key} if isinstance(key, list | tuple | set) else {str(key)}


def _options(widget: Any, key: Any, show: bool) -> list[str]:
    right = _accepted(key) if show and key is not None else set()
    mark = (lambda oid: " ✓ **(answer)**" if oid in right else "") if show else (lambda oid: "")
    box = "○" if widget.kind == "choice" else "☐"
    return [f"- {box} {_t(label)}{mark(oid)}" for oid, label in widget.options]


def _pairs(head: str, rows: list[tuple[str, str]], key: Any, show: bool, names: Mapping[str, str]) -> list[str]:
    """``head``, then one line per row: its label and, when shown, the name of the answer its key gives."""
    key = key if isinstance(key, Mapping) else {}
    return [head, ""] + [f"- {_t(label)} → " + (f"**{_t(names.get(key[rid], key[rid]))}**" if show and rid in key
                                                  else "______") for rid, label in rows]


def _bins(widget: Any, key: Any, show: bool) -> list[str]:
    groups = ", ".join("**" + _t(b) + "**" for b in widget.bin_labels)
    return _pairs(f"Groups: {groups}", widget.items, key, show, {})


def _match(widget: Any, key: Any, show: bool) -> list[str]:
    choices = "; ".join(_t(label) for _, label in widget.right)
    return _pairs(f"Choose from: {choices}", widget.left, key, show, dict(widget.right))


def _order(widget: Any, key: Any, show: bool) -> list[str]:
    labels = dict(widget.steps)
    if show and isinstance(key, list):
        return ["Right order:", ""] + [f"{i}. {_t(labels.get(str(s), s))}" for i, s in enumerate(key, 1)]
    return ["Put these steps in order:", ""] + [f"- {_t(label)} (place ___)" for _, label in widget.steps]


def _numeric(widget: Any, key: Any, show: bool) -> list[str]:
    unit = f" {_t(widget.unit)}" if getattr(widget, "unit", "") else ""
    return [f"Answer: **{_t(key)}**{unit}" if show and key is not None else f"Answer: ______{unit}"]


def _table(widget: Any, key: Any, show: bool) -> list[str]:
    given = getattr(widget, "given", {}) or {}
    key = key if isinstance(key, Mapping) else {}
    head = ["", *widget.columns]
    lines = ["| " + " | ".join(_t(h) for h in head) + " |", "|" + "---|" * len(head)]
    for row in widget.rows:
        cells = []
        for col in widget.columns:
            fixed = given.get((row, col))
            value = fixed if fixed is not None else ((key.get(row) or {}).get(col) if show else None)
            cells.append(_t(value) if value is not None else "")
        lines.append("| " + " | ".join([_t(row), *cells]) + " |")
    return lines


def _text(widget: Any, key: Any, show: bool) -> list[str]:
    lines = ["Write your answer (a few sentences)."]
    if widget.rubric:
        lines += ["", "A good answer covers:", ""] + [f"- {_t(r)}" for r in widget.rubric]
    return lines


def _questions(widget: Any, key: Any, show: bool) -> list[str]:
    """A knowledge check (:class:`~ctie_helpers.widgets.quiz.ChoiceSet`): its questions, each with its options."""
    key = key if isinstance(key, Mapping) else {}
    lines: list[str] = []
    for n, (qid, text, options) in enumerate(widget.questions, start=1):
        lines += [f"{n}. {_t(text)}", ""]
        lines += [f"    - ○ {_t(label)}" + (" ✓ **(answer)**" if show and key.get(qid) == oid else "")
                  for oid, label in options]
        lines.append("")
    return lines


_BODY = {"choice": _options, "multi": _options, "bins": _bins, "match": _match, "order": _order,
         "numeric": _numeric, "table": _table, "text": _text}


def to_markdown(widget: ExerciseBase, *, answers: bool = False, key: Any = None) -> str:
    """The exercise as a question in Markdown; with ``answers``, its answer and explanation too.

    Parameters
    ----------
    widget
        An exercise widget (any component of :mod:`ctie_helpers.widgets`).
    answers
        Show the answer (a facilitator's page). Without it nothing in the text reveals the key.
    key
        The answer of a graded item (read from its hidden test by the caller); a practice item's own
        ``key`` is used when this is ``None``.

    Returns
    -------
    str
        Markdown: the prompt (with a graded item's points), the body for its kind, the exercise id.
    """
    key = widget.key if key is None else key
    # The prompt as the widget shows it (its first child), already escaped unless the author wrote HTML.
    prompt = str(getattr(widget.children[0], "value", "")) if widget.children else _t(widget.prompt)
    lines = [f'<div class="ctie-prompt">{prompt}</div>', ""]
    # A knowledge check is scored like a matching item (kind "match") but shows questions, not pairs.
    body = _questions if hasattr(widget, "questions") else _BODY.get(widget.kind, lambda *_: [])
    lines += body(widget, key, answers)
    if answers and widget.explanation:
        lines += ["", f"*{getattr(widget, 'explanation_label', 'Why:')}* {_t(widget.explanation)}"]
    lines += ["", f"<small>Exercise id: <code>{html.escape(widget.exercise_id)}</code></small>"]
    return "\n".join(lines)
