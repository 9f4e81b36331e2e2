"""Session 4 exercises: every factory builds; practice items accept their key and reject a wrong answer;
graded items save to the sidecar, never reveal the key, and the notebooks' hidden keys fit the widgets."""

from __future__ import annotations

import ast
import inspect

import pytest

from ctie_helpers.exercises import session4 as mod
from ctie_helpers.grading import AnswerStore, grade
from ctie_helpers.widgets import GRADED_MESSAGE
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session4_indicators"
FACTORIES = [n for n in mod.__all__ if n.startswith("s4_")]
GRADED = {c.grade_id: c for nb in session_notebooks(SESSION) for c in graded_cells(nb)}


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


def _run_grade(grade_id, store):
    """Evaluate the hidden grade(...) call of the notebook cell itself, against ``store``."""
    import nbformat

    for nb in session_notebooks(SESSION):
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


@pytest.mark.parametrize("name", FACTORIES)
def test_factory_builds(name, store):
    w = getattr(mod, name)(store=store)
    assert w.exercise_id == name and w.kind


@pytest.mark.parametrize("name", [n for n in FACTORIES if n not in GRADED])
def test_practice_accepts_key_rejects_wrong(name, store):
    w = getattr(mod, name)(store=store)
    assert not w.graded and w.key is not None
    # A choice item may accept several options: any of them is a right answer.
    w.value = w.key[0] if w.kind == "choice" and isinstance(w.key, list) else w.key
    w.check_button.click()
    assert "Correct" in w.feedback.value
    if w.kind == "choice":
        accepted = w.key if isinstance(w.key, list) else [w.key]
        w.value = next(o for o, _ in w.options if o not in accepted)
    elif w.kind == "multi":
        w.value = [w.key[0], *[o for o, _ in w.options if o not in w.key][:1]]
    else:
        w.value = _wrong(w.key)
    w.check_button.click()
    assert "Not quite" in w.feedback.value or "Correct" not in w.feedback.value


@pytest.mark.parametrize("grade_id", sorted(GRADED))
def test_graded_key_fits_widget_and_scores_full(grade_id, store):
    cell = GRADED[grade_id]
    w = getattr(mod, grade_id)(store=store)
    assert w.graded and w.key is None and w.kind == cell.kind
    w.value = cell.key
    assert w.value == cell.key, "the hidden key has a shape the widget cannot show"
    w.check_button.click()
    assert GRADED_MESSAGE in w.feedback.value
    assert "Correct" not in w.feedback.value and "Not quite" not in w.feedback.value
    assert store.get(grade_id)["value"] == cell.key
    assert _run_grade(grade_id, store) == cell.points


@pytest.mark.parametrize("grade_id", sorted(GRADED))
def test_graded_wrong_answer_scores_less(grade_id, store):
    cell = GRADED[grade_id]
    w = getattr(mod, grade_id)(store=store)
    w.value = _wrong(cell.key) if cell.kind != "multi" else cell.key[:1]
    assert _run_grade(grade_id, store) < cell.points


def test_every_graded_factory_is_used_in_a_notebook():
    graded = {n for n in FACTORIES if "graded=True" in inspect.getsource(getattr(mod, n))}
    assert graded == set(GRADED)


def test_graded_cells_parse():
    for nb in session_notebooks(SESSION):
        for cell in graded_cells(nb):
            assert cell.key is not None and cell.call_id == cell.grade_id




def test_keys_follow_the_registry_and_data():
    from ctie_helpers.content import indicator
    from ctie_helpers.methods.evidence import cell_label

    assert GRADED["s4_indicator_cells"].key == {
        i: cell_label(indicator(i).levels[0], indicator(i).categories[0]) for i in mod.CELLS_IDS}
    assert GRADED["s4_indicator_sources"].key == {i: indicator(i).pim_categories[0] for i in mod.SOURCES_IDS}
    assert all(len(indicator(i).pim_categories) == 1 for i in mod.SOURCES_IDS)
    n_yes, n = mod._round2_recruiters()
    assert GRADED["s4_compute_by_hand"].key == round(100 * n_yes / n, 1)


def test_planted_rise_is_found_by_the_analysis():

    found = sorted(mod.rise_districts()["admin2_pcode"])
    assert found == sorted(GRADED["s4_planted_rise"].key)
    assert set(found) <= set(mod.RISE_OPTIONS)


def test_weighted_estimate_has_interval_and_deff():
    est = mod.household_estimates("IND-05").iloc[0]
    assert est["95% CI low"] < est["estimate %"] < est["95% CI high"] and est["deff"] > 1.5
    assert abs(est["estimate %"] - GRADED["s4_debt_estimate"].key) < 0.05
    by_age = mod.household_estimates("IND-05", by="hh_head_age_group")
    assert set(by_age["hh_head_age_group"]) <= {"under 18", "18-29", "30-59", "60+"}


def test_gate_suppresses_every_small_cell():
    raw = mod.small_cell_table()
    released = mod.safe_table(raw).table
    values = released.set_index(released.columns[0]) if "admin2_pcode" in released.columns else released
    small = (raw > 0) & (raw < 5)
    assert small.values.any()
    for (row, col), is_small in small.stack().items():
        if is_small:
            assert str(values.loc[row, col]) in ("<5", "x"), (row, col, values.loc[row, col])


def test_draft_question_reports_findings_and_clean():
    bad = mod.draft_question({"name": "q", "label": "Are children from this site being exploited?",
                              "choices": ["Yes", "No"], "indicator": "IND-11"})
    assert len(bad) >= 2
    good = mod.draft_question({"name": "q", "indicator": "IND-11",
                               "label": "In the last 3 months, have children from this site gone to work outside it?",
                               "choices": ["Yes", "No", "Don't know", "Prefer not to answer"]})
    assert list(good.columns) == ["result"]


def test_plots_build():
    from ctie_helpers.plots.session4 import estimate_bars, indicator_cells_heatmap, rounds_chart

    assert int(mod.indicator_cell_counts().counts.values.sum()) >= 25
    assert indicator_cells_heatmap(mod.indicator_cell_counts()).data[0].type == "heatmap"
    assert len(rounds_chart(mod.site_changes()).data) == 2
    fig = estimate_bars(mod.household_estimates(by="hh_head_sex"), "hh_head_sex", "t")
    assert fig.data[0].error_y.array is not None
