"""Honest timing: the minutes each notebook declares for reading, exercises and live discussion.

The declarations and the minutes per item kind live in ``data/timing.json``; ``tests/test_timing.py``
recomputes reading and exercise minutes from the notebooks (words of Markdown at ``words_per_minute``,
plus the declared minutes per item kind) and checks each session's total and discussion against
``session_rule``. The course map shows these declared minutes, so a trainee sees what the test checked.

Examples
--------
>>> from ctie_helpers.content.timing import session_minutes
>>> session_minutes("session1_tip_basics").total >= 110
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ctie_helpers.content._base import check_keys, fail, load_json
from ctie_helpers.paths import SESSIONS

__all__ = ["Minutes", "notebook_minutes", "session_minutes", "timing"]

FILE = "timing.json"
_PARTS = ("reading", "exercises", "discussion")


@dataclass(frozen=True)
class Minutes:
    """Declared minutes of a notebook, or their sum over a session."""

    reading: float
    exercises: float
    discussion: float

    @property
    def total(self) -> float:
        return self.reading + self.exercises + self.discussion


@cache
def timing() -> dict[str, Any]:
    """The validated contents of ``timing.json`` (rates, per-kind minutes, rule, declarations)."""
    raw = check_keys(load_json(FILE), ("about", "words_per_minute", "tolerance_minutes", "session_rule",
                                       "item_minutes", "part_minutes", "display_minutes", "labs", "notebooks"),
                     file=FILE, entry="top level")
    for key, value in raw["notebooks"].items():
        session, _, stem = key.partition("/")
        if session not in SESSIONS or not stem:
            raise fail(FILE, key, "expected '<session folder>/<notebook stem>'")
        check_keys(value, _PARTS, file=FILE, entry=key)
        if any(not isinstance(value[p], (int, float)) or value[p] < 0 for p in _PARTS):
            raise fail(FILE, key, "minutes must be numbers of at least 0")
    check_keys(raw["session_rule"], ("min_total", "max_total", "min_discussion"), file=FILE, entry="session_rule")
    return dict(raw)


def notebook_minutes(session: str, stem: str) -> Minutes | None:
    """The declared minutes of ``<session>/<stem>.ipynb``, or None if it declares none."""
    found = timing()["notebooks"].get(f"{session}/{stem}")
    return Minutes(*(float(found[p]) for p in _PARTS)) if found else None


def session_minutes(session: str) -> Minutes:
    """The declared minutes of a session: the sum over its notebooks."""
    rows = [v for k, v in timing()["notebooks"].items() if k.partition("/")[0] == session]
    return Minutes(*(float(sum(r[p] for r in rows)) for p in _PARTS))
