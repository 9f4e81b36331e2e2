"""The discussion and reflection items graded by hand, with their rubrics, as content data.

``data/reflections.json``::

    {"about": "...",
     "reflections": {
        "s1_reflection": {"prompt": "...", "min_words": 40,
                          "rubric": [{"criterion": "Names ...", "points": 1}, ...],
                          "practice": {"prompt": "Warm-up ...", "min_words": 20,
                                       "model_answer": "...", "source": "CTiE IM Guide, ch. 4"}}}}

``practice`` is the warm-up shown before the graded item: the same construct on a different scenario,
written and then compared with its model answer (``s<N>_reflection_practice``, built by
:mod:`ctie_helpers.exercises._measuring`). It never restates the graded prompt's answer.

Each rubric has 3 or 4 criteria with whole or half points. The trainee sees the criteria above the answer
box (:class:`~ctie_helpers.widgets.FreeText`); the hidden test cell of the notebook carries the same
rubric as its key (:func:`rubric_text`), which ``ctie grade`` copies into the hand-grading sheet and the
grading app shows beside each answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from ctie_helpers.content._base import check_keys, fail, load_json

__all__ = ["Criterion", "Practice", "Reflection", "reflection", "reflections", "rubric_text"]

_FILE = "reflections.json"


@dataclass(frozen=True)
class Criterion:
    """One thing a good answer does, and the points it earns."""

    criterion: str
    points: float

    def __str__(self) -> str:
        return f"{self.points:g} point{'s' if self.points != 1 else ''}: {self.criterion}"


@dataclass(frozen=True)
class Practice:
    """The practice warm-up before a reflection: a prompt, and a model answer with its source."""

    prompt: str
    min_words: int
    model_answer: str
    source: str

    @property
    def shown_answer(self) -> str:
        """The model answer as the trainee sees it after "Check", with its source."""
        return f"{self.model_answer} ({self.source})"


@dataclass(frozen=True)
class Reflection:
    """A hand-graded discussion or reflection item."""

    exercise_id: str
    prompt: str
    min_words: int
    rubric: tuple[Criterion, ...]
    practice: Practice | None = None

    @property
    def points(self) -> float:
        """The item's points: the sum of its criteria."""
        return sum(c.points for c in self.rubric)


@cache
def reflections() -> Mapping[str, Reflection]:
    """Every reflection item by exercise id, validated (3-4 criteria, positive points, ids ``s<N>_...``)."""
    raw = check_keys(load_json(_FILE), ("reflections",), ("about",), file=_FILE, entry="top level")
    out: dict[str, Reflection] = {}
    for ex_id, rec in raw["reflections"].items():
        check_keys(rec, ("prompt", "min_words", "rubric"), ("practice",), file=_FILE, entry=ex_id)
        if not re.fullmatch(r"s\d+_[a-z0-9_]+", ex_id):
            raise fail(_FILE, ex_id, "expected an exercise id s<N>_<slug>")
        crit = rec["rubric"]
        if not isinstance(crit, list) or not 3 <= len(crit) <= 4:
            raise fail(_FILE, ex_id, "the rubric needs 3 or 4 criteria")
        rubric = []
        for n, c in enumerate(crit, start=1):
            check_keys(c, ("criterion", "points"), file=_FILE, entry=f"{ex_id} / criterion {n}")
            points = c["points"]
            if not isinstance(points, (int, float)) or points <= 0 or (2 * points) % 1:
                raise fail(_FILE, f"{ex_id} / criterion {n}", "points must be a positive whole or half number")
            if not str(c["criterion"]).strip():
                raise fail(_FILE, f"{ex_id} / criterion {n}", "the criterion is empty")
            rubric.append(Criterion(str(c["criterion"]).strip(), float(points)))
        out[ex_id] = Reflection(ex_id, str(rec["prompt"]).strip(), int(rec["min_words"]), tuple(rubric),
                                _practice(rec.get("practice"), ex_id))
    return MappingProxyType(out)


def _practice(rec: object, ex_id: str) -> Practice | None:
    """The warm-up of one reflection, validated; None if the reflection has none."""
    if rec is None:
        return None
    entry = f"{ex_id} / practice"
    keys = ("prompt", "min_words", "model_answer", "source")
    rec = check_keys(rec, keys, file=_FILE, entry=entry)
    texts = {k: str(rec[k]).strip() for k in keys if k != "min_words"}
    empty = [k for k, v in texts.items() if not v]
    if empty:
        raise fail(_FILE, entry, f"{', '.join(empty)} must be filled in")
    if not isinstance(rec["min_words"], int) or rec["min_words"] < 1:
        raise fail(_FILE, entry, "min_words must be a whole number of at least 1")
    return Practice(texts["prompt"], rec["min_words"], texts["model_answer"], texts["source"])


def reflection(exercise_id: str) -> Reflection:
    """One reflection item; ``KeyError`` naming the file for an unknown id."""
    try:
        return reflections()[exercise_id]
    except KeyError:
        raise KeyError(f"{_FILE}: no reflection {exercise_id!r}") from None


def rubric_text(exercise_id: str) -> str:
    """The rubric as one line, the key of the item's hidden test: ``"1 point: ...; 2 points: ..."``."""
    return "; ".join(str(c) for c in reflection(exercise_id).rubric)
