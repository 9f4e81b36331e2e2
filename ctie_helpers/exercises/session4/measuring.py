"""Session 4: what measures learning across the session (issue 12, "Measuring learning").

- ``s4_check_before``: the knowledge check at the top of ``01_indicators_and_questions`` (saved, no feedback);
- ``s4_reflection``: the discussion item graded by hand, near the end of ``03_indicator_analysis``;
- ``s4_check_after``: the parallel check at the end of ``03_indicator_analysis`` (explained feedback).

Items, keys and rubrics are content data (``content/data/knowledge_checks/session4.json``,
``content/data/reflections.json``); the checks are not graded, the reflection is.
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.exercises._measuring import knowledge_check, reflection
from ctie_helpers.widgets import ChoiceSet, FreeText

__all__ = ["s4_check_after", "s4_check_before", "s4_reflection"]


def s4_check_before(**kw: Any) -> ChoiceSet:
    """Opening knowledge check: five questions, submitted once, answers saved without feedback."""
    return knowledge_check(4, "before", **kw)


def s4_reflection(**kw: Any) -> FreeText:
    """Graded by hand: the session's discussion item, with its rubric."""
    return reflection("s4_reflection", **kw)


def s4_check_after(**kw: Any) -> ChoiceSet:
    """Closing knowledge check: the same five constructs, different items, explained after submission."""
    return knowledge_check(4, "after", **kw)
