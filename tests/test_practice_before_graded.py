"""Every graded skill has a practice item before it (issue 12, "Fair items").

The skill relation is content data (``content/data/skills.json``): each graded exercise id names the
practice items that train its skill. For every graded item read from the source notebooks' nbgrader
metadata, a named practice item must be a practice item (it has a key, it is not graded), use the same
widget kind, and come earlier in the session's teaching order (the same notebook or an earlier one).
"""

from __future__ import annotations

import importlib
import re

import nbformat
import pytest

from ctie_helpers.content.skills import skill_map
from ctie_helpers.facilitator.course import Course, graded_items
from ctie_helpers.paths import SESSIONS
from tests.fixtures.course.course_copy import REPO


def _teaching_order(session: str) -> dict[str, tuple[int, int]]:
    """Where each exercise's widget is first shown: (notebook number in the session, cell number)."""
    course = Course.at(REPO)
    where: dict[str, tuple[int, int]] = {}
    for k, nb in enumerate(course.source_notebooks(session)):
        for i, cell in enumerate(nbformat.read(nb.path, as_version=4).cells):
            if cell.cell_type == "code":
                for m in re.finditer(r"\bex\.(s\d+_\w+)\(", cell.source):
                    where.setdefault(m.group(1), (k, i))
    return where


@pytest.mark.parametrize("session", SESSIONS)
def test_each_graded_item_has_its_practice_item_before_it(session):
    n = SESSIONS.index(session) + 1
    mod = importlib.import_module(f"ctie_helpers.exercises.session{n}")
    where = _teaching_order(session)
    problems = []
    for item in graded_items(Course.at(REPO), session):
        named = skill_map().get(item.exercise_id, ())
        if not named:
            problems.append(f"{item.exercise_id}: skills.json names no practice item for it")
        graded_at = where.get(item.exercise_id)
        for pid in named:
            w = getattr(mod, pid)(store=None) if hasattr(mod, pid) else None
            if w is None or w.key is None or getattr(w, "graded", False):
                problems.append(f"{item.exercise_id}: {pid} is not a practice item of session {n}")
            elif w.kind != item.kind:
                problems.append(f"{item.exercise_id}: {pid} is a {w.kind} item, the graded one is {item.kind}")
            if pid not in where or graded_at is None or not where[pid] < graded_at:
                problems.append(f"{item.exercise_id}: {pid} is not shown before it in {session}")
    assert not problems, "\n".join(problems)


def test_skill_map_names_only_graded_items():
    graded = {i.exercise_id for s in SESSIONS for i in graded_items(Course.at(REPO), s)}
    stale = sorted(set(skill_map()) - graded)
    assert not stale, f"skills.json maps items that are not graded: {stale}"


def test_session5_collecting_data_practises_every_graded_skill():
    """The issue's first case: 03_collecting_data had no practice item at all."""
    items = [i for i in graded_items(Course.at(REPO), "session5_methods") if i.notebook == "03_collecting_data"]
    assert {i.exercise_id for i in items} == {"s5_observation", "s5_interview_types", "s5_fgd_plan", "s5_techniques"}
    assert all(skill_map()[i.exercise_id] for i in items)
