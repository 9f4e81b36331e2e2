"""Builders shared by every session's knowledge checks and reflection item (the factories are in
``session<N>/measuring.py``, one per exercise id).

The checks and rubrics are content data (:mod:`ctie_helpers.content.knowledge_checks`,
:mod:`ctie_helpers.content.reflections`); the builders only turn them into widgets.
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import knowledge_checks as kc
from ctie_helpers.content.reflections import reflection as _reflection
from ctie_helpers.widgets import ChoiceSet, FreeText

_PROMPTS = {
    "before": "Before you start: five questions on what this session teaches. Answer all five, then submit "
              "once. Nobody expects you to know the answers yet.",
    "after": "Closing check: five questions on the same topics as the opening check, asked differently. "
             "Answer all five, then submit once to see why each answer is right or a tempting mistake.",
}


def knowledge_check(session: int, when: str, **kw: Any) -> ChoiceSet:
    """The ``before`` (no feedback) or ``after`` (explained feedback) check of a session."""
    constructs = kc.constructs(session)
    items = [(c.id, c.item(when)) for c in constructs]
    return ChoiceSet(
        kc.check_id(session, when), _PROMPTS[when],
        [(cid, item.question, dict(item.options)) for cid, item in items],
        key={cid: item.key for cid, item in items}, reveal=when == "after",
        part_explanations={f"{cid}/{oid}": str(why) for cid, item in items for oid, why in item.why.items()},
        **kw)


def reflection(exercise_id: str, **kw: Any) -> FreeText:
    """A hand-graded discussion item: its prompt, rubric and points from content data."""
    item = _reflection(exercise_id)
    return FreeText(exercise_id, item.prompt, rubric=[str(c) for c in item.rubric], min_words=item.min_words,
                    graded=True, points=item.points, **kw)
