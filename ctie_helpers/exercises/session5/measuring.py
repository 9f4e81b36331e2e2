"""Session 5: what measures learning across the session (issue 12, "Measuring learning").

- ``s5_check_before``: the knowledge check at the top of ``01_methods_and_sources`` (saved, no feedback);
- ``s5_reflection``: the discussion item graded by hand, near the end of ``04_questionnaire_design``;
- ``s5_check_after``: the parallel check at the end of ``04_questionnaire_design`` (explained feedback).

Items, keys and rubrics are content data (``content/data/knowledge_checks/session5.json``,
``content/data/reflections.json``); the checks are not graded, the reflection is.
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.exercises._measuring import knowledge_check, reflection
from ctie_helpers.widgets import ChoiceSet, FreeText

__all__ = ["s5_check_after", "s5_check_before", "s5_reflection"]


def s5_check_before(**kw: Any) -> ChoiceSet:
    """Opening knowledge check: five questions, submitted once, answers saved without feedback."""
    return knowledge_check(5, "before", **kw)


def s5_reflection(**kw: Any) -> FreeText:
    """Graded by hand: the session's discussion item, with its rubric."""
    return reflection("s5_reflection", **kw)


def s5_check_after(**kw: Any) -> ChoiceSet:
    """Closing knowledge check: the same five constructs, different items, explained after submission."""
    return knowledge_check(5, "after", **kw)
