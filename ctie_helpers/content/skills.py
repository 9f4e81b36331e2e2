"""Which practice items train the skill that each graded item measures (issue 12: every graded skill
has a practice item before it).

``data/skills.json``::

    {"about": "...", "graded": {"s5_fgd_plan": ["s5_fgd_practice"], ...}}

A graded exercise id names one or more practice exercise ids of its session. Several graded items may
share a practice item when they exercise the same skill with the same widget kind (the eight
``s2_fix_*`` items share ``s2_fix_practice``). That each named item is practice, of the same kind, and
comes earlier in the session's teaching order is checked against the notebooks by the test suite
(``tests/test_practice_before_graded.py``), which reads the graded items from nbgrader metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from ctie_helpers.content._base import check_keys, fail, load_json
from ctie_helpers.content.agenda import EXERCISE_ID

__all__ = ["practice_for", "skill_map"]

_FILE = "skills.json"


@cache
def skill_map() -> Mapping[str, tuple[str, ...]]:
    """``{graded exercise id: (practice exercise ids, ...)}``, validated.

    Raises
    ------
    ValueError
        Naming the file and the graded id, for an id that is not ``s<N>_<slug>``, an empty list or a
        practice item of another session.
    """
    raw = check_keys(load_json(_FILE), ("graded",), ("about",), file=_FILE, entry="top level")
    out: dict[str, tuple[str, ...]] = {}
    for graded, practice in raw["graded"].items():
        m = EXERCISE_ID.match(graded)
        if m is None:
            raise fail(_FILE, graded, "not an exercise id s<N>_<slug>")
        if not isinstance(practice, list) or not practice:
            raise fail(_FILE, graded, "expected a non-empty list of practice exercise ids")
        for pid in practice:
            pm = EXERCISE_ID.match(pid) if isinstance(pid, str) else None
            if pm is None or pm.group(1) != m.group(1):
                raise fail(_FILE, graded, f"{pid!r} is not an exercise id of session {m.group(1)}")
        out[graded] = tuple(practice)
    return MappingProxyType(out)


def practice_for(graded_id: str) -> tuple[str, ...]:
    """The practice items that train ``graded_id``'s skill (empty when none is named)."""
    return skill_map().get(graded_id, ())
