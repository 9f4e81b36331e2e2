"""Session 2 exercises: every factory builds, practice items teach, graded items never reveal their key,
and the hidden keys in the session notebooks fit their widgets (so the two cannot drift apart)."""

from __future__ import annotations

import pytest

from ctie_helpers.exercises import session2 as ex
from ctie_helpers.grading import AnswerStore, check
from tests.notebook_tools import graded_cells, session_notebooks
from tests.test_exercises_session1 import (
    assert_graded_never_reveals,
    assert_key_fits_widget,
    assert_practice_teaches,
    wrong_answer,
)

SESSION = "session2_pim"
FACTORIES = {name: getattr(ex, name) for name in ex.__all__}
GRADED = [c for nb in session_notebooks(SESSION) for c in graded_cells(nb)]

PRACTICE_ANSWERS = {
    "s2_ethics_risks": "It can expose respondents to traffickers and to stigma, and no one is ready to help those who say yes",
    "s2_pim_definition": ("Principled, systematic and collaborative handling of data through its whole life cycle, "
                          "so that protection action is evidence-informed"),
    "s2_matrix_practice": ex.MATRIX_PRACTICE,
    "s2_principle_practice": ex.PRINCIPLE_PRACTICE,
    "s2_recover_cell": 3,
    "s2_dp_epsilon": "They spread out more: more privacy, less accuracy",
    "s2_triage_practice": "Share publicly",
}


@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "01_test.answers.json")


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_every_factory_builds(name, store):
    widget = FACTORIES[name](store=store)
    assert widget.exercise_id == name
    assert widget.graded == (widget.key is None), f"{name}: graded items carry no key, practice items do"


@pytest.mark.parametrize("name", sorted(n for n in FACTORIES if not FACTORIES[n]().graded))
def test_practice_accepts_right_and_rejects_wrong(name, store):
    assert name in PRACTICE_ANSWERS, f"add the right answer of {name} to PRACTICE_ANSWERS"
    assert_practice_teaches(FACTORIES[name](store=store), PRACTICE_ANSWERS[name], store)


@pytest.mark.parametrize("cell", GRADED, ids=lambda c: c.grade_id)
def test_graded_saves_and_never_reveals_key(cell, store):
    widget = FACTORIES[cell.grade_id](store=store)
    assert widget.graded and widget.key is None
    assert widget.points == cell.points, f"{cell.grade_id}: widget says {widget.points} points, test cell {cell.points}"
    assert_graded_never_reveals(widget, cell.key, store)


@pytest.mark.parametrize("cell", GRADED, ids=lambda c: c.grade_id)
def test_hidden_key_fits_its_widget(cell):
    widget = FACTORIES[cell.grade_id]()
    assert cell.kind == widget.kind, f"{cell.grade_id}: grade() uses {cell.kind!r}, widget is {widget.kind!r}"
    assert_key_fits_widget(widget, cell.key)
    assert check(cell.kind, cell.key, cell.key).correct
    assert not check(cell.kind, wrong_answer(widget, cell.key), cell.key).correct


def test_every_agenda_point_has_a_graded_item():
    from ctie_helpers.content import agenda

    graded_ids = {c.grade_id for c in GRADED}
    for point in agenda.session(2).points:
        assert point.notebook and point.section, f"{point.id} has no notebook section in the curriculum map"
        assert set(point.exercises) & graded_ids, f"{point.id} has no graded item"
        assert set(point.exercises) <= set(FACTORIES), f"{point.id} names an exercise with no factory"


def test_each_principle_has_its_fix_exercise():
    """One graded 'what would fix it' item per principle, in published order (agenda points 2.3-2.10)."""
    assert [p for p, _plan, _opts in ex.FIXES.values()] == ex.principle_names()


def test_unique_records_key_matches_the_data():
    from ctie_helpers.data import load

    (cell,) = [c for c in GRADED if c.grade_id == "s2_unique_records"]
    report = ex.k_report(load("case_records"), k=11)
    assert cell.key == ex.unique_count(report) > 0
    assert not report.satisfied  # the lab needs something to find


def test_suppression_hides_small_cells_with_complements():
    from ctie_helpers.data import load

    safe = ex.suppress(ex.citizenship_by_gender(load("case_records")), threshold=11)
    assert safe.primary.to_numpy().any() and safe.complementary.to_numpy().any()


def test_dp_release_spreads_more_for_smaller_epsilon():
    import numpy as np

    rng = np.random.default_rng(0)
    spread = {eps: np.std([ex.dp_release(100, eps, rng) for _ in range(400)]) for eps in (0.1, 5.0)}
    assert spread[0.1] > 10 * spread[5.0]
