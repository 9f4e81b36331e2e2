"""The exercise contract, for every session: each factory builds; practice items accept their key and
reject a wrong answer; graded items save to the sidecar, never reveal the key, and the notebook's own
hidden ``grade(...)`` call gives full points for the key and fewer for a wrong answer, so the widget and
the hidden key cannot drift apart (DEVELOPERS.md, "Exercise ids and the grading contract").
"""

from __future__ import annotations

import ast
import importlib

import nbformat
import pytest

from ctie_helpers.content.knowledge_checks import parse_check_id
from ctie_helpers.grading import AnswerStore, grade
from ctie_helpers.paths import SESSIONS
from ctie_helpers.widgets import GRADED_MESSAGE
from tests.notebook_tools import graded_cells, session_notebooks


def _module(session: str):
    return importlib.import_module(f"ctie_helpers.exercises.session{SESSIONS.index(session) + 1}")


def _factories(session: str) -> list[str]:
    n = SESSIONS.index(session) + 1
    return [name for name in _module(session).__all__ if name.startswith(f"s{n}_")]


GRADED = {s: {c.grade_id: c for nb in session_notebooks(s) for c in graded_cells(nb)} for s in SESSIONS}
FACTORY_CASES = [(s, f) for s in SESSIONS for f in _factories(s)]
# Knowledge checks are submitted once and never say "Correct": tests/test_knowledge_checks.py holds their contract.
PRACTICE_CASES = [(s, f) for s, f in FACTORY_CASES if f not in GRADED[s] and parse_check_id(f) is None]
GRADED_CASES = [(s, g) for s in SESSIONS for g in sorted(GRADED[s])]


def _wrong(value):
    """A wrong answer of the same shape: the first part changed to something else."""
    if isinstance(value, str):
        return "__wrong__"
    if isinstance(value, list):
        return list(reversed(value)) if len(value) > 1 else ["__wrong__"]
    if isinstance(value, dict):
        first = next(iter(value))
        return {**value, first: "__wrong__"}
    return -1


def _run_grade(session: str, grade_id: str, store: AnswerStore) -> float:
    """Evaluate the hidden grade(...) call of the notebook cell itself, against ``store``."""
    for nb in session_notebooks(session):
        for cell in nbformat.read(nb, as_version=4).cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                for node in ast.walk(ast.parse(cell.source)):
                    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "grade":
                        node.keywords.append(ast.keyword("store", ast.Name("store", ast.Load())))
                        expr = ast.fix_missing_locations(ast.Expression(node))
                        return eval(compile(expr, grade_id, "eval"), {"grade": grade, "store": store})
    raise AssertionError(f"no graded cell {grade_id}")


@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "nb.answers.json")


@pytest.mark.parametrize("session,name", FACTORY_CASES, ids=lambda v: v)
def test_factory_builds(session, name, store):
    w = getattr(_module(session), name)(store=store)
    assert w.exercise_id == name and w.kind


@pytest.mark.parametrize("session,name", PRACTICE_CASES, ids=lambda v: v)
def test_practice_accepts_key_rejects_wrong(session, name, store):
    w = getattr(_module(session), name)(store=store)
    assert not w.graded and w.key is not None
    if w.kind == "text":
        pytest.skip("free text is read by a person, not checked against a key")
    # A choice item may accept several options: any of them is a right answer.
    w.value = w.key[0] if w.kind == "choice" and isinstance(w.key, list) else w.key
    w.check_button.click()
    assert "Correct" in w.feedback.value
    if w.kind == "choice":
        accepted = w.key if isinstance(w.key, list) else [w.key]
        w.value = next(o for o, _ in w.options if o not in accepted)
    elif w.kind == "multi":
        w.value = [w.key[0], *[o for o, _ in w.options if o not in w.key][:1]]
    elif w.kind == "numeric":
        w.value = float(w.key) * 3 + 7
    else:
        w.value = _wrong(w.key)
    w.check_button.click()
    assert "Correct" not in w.feedback.value


@pytest.mark.parametrize("session,grade_id", GRADED_CASES, ids=lambda v: v)
def test_graded_key_fits_widget_and_scores_full(session, grade_id, store):
    cell = GRADED[session][grade_id]
    w = getattr(_module(session), grade_id)(store=store)
    assert w.graded and w.key is None and w.kind == cell.kind
    w.value = cell.key
    assert w.value == cell.key, "the hidden key has a shape the widget cannot show"
    w.check_button.click()
    assert GRADED_MESSAGE in w.feedback.value
    assert "Correct" not in w.feedback.value and "Not quite" not in w.feedback.value
    assert store.get(grade_id)["value"] == cell.key
    # Free text scores 0 in nbgrader: the facilitator's score from the grading app replaces it.
    assert _run_grade(session, grade_id, store) == (0.0 if cell.kind == "text" else cell.points)


@pytest.mark.parametrize("session,grade_id", GRADED_CASES, ids=lambda v: v)
def test_graded_wrong_answer_scores_less(session, grade_id, store):
    cell = GRADED[session][grade_id]
    w = getattr(_module(session), grade_id)(store=store)
    if cell.kind == "multi":
        w.value = cell.key[:1]
    elif cell.kind == "numeric":
        w.value = float(cell.key) * 3 + 7
    else:
        w.value = _wrong(cell.key)
    assert _run_grade(session, grade_id, store) < cell.points


@pytest.mark.parametrize("session", SESSIONS)
def test_every_graded_factory_is_used_in_a_notebook(session, store):
    """A graded widget without a graded test cell would save answers nobody grades (and vice versa)."""
    mod = _module(session)
    graded = {n for n in _factories(session) if getattr(mod, n)(store=store).graded}
    assert graded == set(GRADED[session])
