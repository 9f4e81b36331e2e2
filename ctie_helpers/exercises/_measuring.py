"""Builders of every session's knowledge checks, reflection item and its practice warm-up. Each session
package names its four factories by their exercise ids (``s1_check_before = _measuring.check_factory(1, "before")``), so
one grep finds every piece.

The checks and rubrics are content data (:mod:`ctie_helpers.content.knowledge_checks`,
:mod:`ctie_helpers.content.reflections`); the builders only turn them into widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ctie_helpers.content import knowledge_checks as kc
from ctie_helpers.content.reflections import Criterion
from ctie_helpers.content.reflections import reflection as _reflection
from ctie_helpers.i18n import format_number
from ctie_helpers.i18n.catalog import gettext, ngettext
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


def rubric_line(criterion: Criterion, lang: str | None = None) -> str:
    """The line a trainee reads above the answer box, in ``lang`` (default: the language in force).

    Here, where the rubric is shown, not in the content room: content data stays free of the catalogs
    (the i18n room reads content, so content must not read i18n).
    """
    line = ngettext("%(points)s point: %(criterion)s", "%(points)s points: %(criterion)s",
                    1 if criterion.points == 1 else 2, lang)
    return line % {"points": format_number(criterion.points, lang), "criterion": gettext(criterion.criterion, lang)}


def reflection(exercise_id: str, **kw: Any) -> FreeText:
    """A hand-graded discussion item: its prompt, rubric and points from content data."""
    item = _reflection(exercise_id)
    return FreeText(exercise_id, item.prompt, rubric=[rubric_line(c) for c in item.rubric], min_words=item.min_words,
                    graded=True, points=item.points, **kw)


def reflection_practice(exercise_id: str, **kw: Any) -> FreeText:
    """The practice warm-up before a reflection: same construct, another scenario, then its model answer.

    Its id is the reflection's with ``_practice``; the graded rubric's criteria are shown above the box
    (they are shown on the graded item too), and "Check" shows the warm-up's own model answer.
    """
    item = _reflection(exercise_id)
    if item.practice is None:
        raise KeyError(f"reflections.json: {exercise_id} has no practice warm-up")
    return FreeText(f"{exercise_id}_practice", item.practice.prompt, rubric=[c.criterion for c in item.rubric],
                    min_words=item.practice.min_words, model_answer=item.practice.shown_answer, **kw)


def check_factory(session: int, when: str) -> Callable[..., ChoiceSet]:
    """The factory of a session's opening (``before``) or closing (``after``) check, named by its exercise id."""
    def factory(**kw: Any) -> ChoiceSet:
        return knowledge_check(session, when, **kw)

    factory.__name__ = factory.__qualname__ = kc.check_id(session, when)
    factory.__doc__ = (f"Session {session} {'opening' if when == 'before' else 'closing'} knowledge check: five "
                       f"questions submitted once, {'saved without feedback' if when == 'before' else 'then explained'}.")
    return factory


def reflection_factory(session: int) -> Callable[..., FreeText]:
    """The factory of a session's hand-graded reflection item, ``s<N>_reflection``."""
    exercise_id = f"s{session}_reflection"

    def factory(**kw: Any) -> FreeText:
        return reflection(exercise_id, **kw)

    factory.__name__ = factory.__qualname__ = exercise_id
    factory.__doc__ = f"Graded by hand: session {session}'s discussion item, with its rubric (content/reflections.json)."
    return factory


def reflection_practice_factory(session: int) -> Callable[..., FreeText]:
    """The factory of the practice warm-up before a session's reflection, ``s<N>_reflection_practice``."""
    exercise_id = f"s{session}_reflection"

    def factory(**kw: Any) -> FreeText:
        return reflection_practice(exercise_id, **kw)

    factory.__name__ = factory.__qualname__ = f"{exercise_id}_practice"
    factory.__doc__ = (f"Practice: the warm-up before session {session}'s reflection, with a model answer to "
                       f"compare with (content/reflections.json).")
    return factory
