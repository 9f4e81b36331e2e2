"""Session 2 exercises: what is particular to this session's content (keys that follow the data,
the registries and the analysis functions). The contract every exercise keeps (builds, practice
feedback, graded items never revealing the key, hidden keys fitting their widgets) is tested for all
sessions in tests/test_exercise_contract.py."""

from __future__ import annotations

from ctie_helpers.exercises import session2 as ex
from ctie_helpers.lessons import session2 as lesson
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session2_pim"
FACTORIES = {name: getattr(ex, name) for name in ex.__all__}
GRADED = [c for nb in session_notebooks(SESSION) for c in graded_cells(nb)]

PRACTICE_ANSWERS = {
    "s2_ethics_risks": "It can expose respondents to traffickers and to stigma, and no one is ready to help those who say yes",
    "s2_matrix_practice": ex.MATRIX_PRACTICE,
    "s2_principle_practice": ex.PRINCIPLE_PRACTICE,
    "s2_dp_epsilon": "They spread out more: more privacy, less accuracy",
    "s2_triage_practice": "Share publicly",
}


def test_each_principle_has_its_fix_exercise():
    """One graded 'what would fix it' item per principle, in published order (agenda points 2.3-2.10)."""
    from ctie_helpers.content import pim

    assert [p for p, _plan, _opts in ex.FIXES.values()] == [p.name for p in pim.principles()]


def test_unique_records_key_matches_the_data():
    from ctie_helpers.data import load

    (cell,) = [c for c in GRADED if c.grade_id == "s2_unique_records"]
    report = lesson.k_report(load("case_records"), k=11)
    assert cell.key == lesson.unique_count(report) > 0
    assert not report.satisfied  # the lab needs something to find


def test_suppression_hides_small_cells_with_complements():
    from ctie_helpers.data import load

    safe = lesson.suppress(lesson.citizenship_by_gender(load("case_records")), threshold=11)
    assert safe.primary.to_numpy().any() and safe.complementary.to_numpy().any()


def test_dp_release_spreads_more_for_smaller_epsilon():
    import numpy as np

    rng = np.random.default_rng(0)
    spread = {eps: np.std([lesson.dp_release(100, eps, rng) for _ in range(400)]) for eps in (0.1, 5.0)}
    assert spread[0.1] > 10 * spread[5.0]


def test_dp_demo_simulates_on_click():
    from ctie_helpers.data import load

    report = lesson.k_report(load("case_records"), k=11)
    demo = lesson.dp_demo(report, epsilons=(0.5, 5.0), draws=50)
    assert demo.output.outputs == ()
    demo.click()
    assert [t.name for t in demo.result.data] == ["ε = 0.5", "ε = 5"]
    assert f"true count of {lesson.unique_count(report):,}" in demo.output.outputs[1]["data"]["text/plain"]
