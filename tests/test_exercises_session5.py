"""Session 5 exercises: every factory builds; practice items accept their key and reject a wrong answer;
graded items save to the sidecar, never reveal the key, and the notebooks' hidden keys fit the widgets."""

from __future__ import annotations

import ast
import inspect

import pytest

from ctie_helpers.exercises import session5 as mod
from ctie_helpers.grading import AnswerStore, grade
from ctie_helpers.widgets import GRADED_MESSAGE
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session5_methods"
FACTORIES = [n for n in mod.__all__ if n.startswith("s5_")]
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






def test_sample_size_keys_come_from_the_sampling_module():
    from ctie_helpers.analysis.sampling import design_effect, sample_size

    assert GRADED["s5_n_infinite"].key == sample_size(p=0.5, margin=0.05).n == 385
    assert GRADED["s5_n_finite"].key == sample_size(p=0.5, margin=0.05, population=1000).n == 278
    assert GRADED["s5_deff"].key == round(design_effect(10, 0.10), 10) == 1.9
    steps = mod.sample_size_steps(population=2000, deff=2, nonresponse=0.10)
    assert list(steps["rounded_up"]) == [385, 323, 645, 717]


def test_lint_rules_key_matches_the_linter():
    from ctie_helpers.methods.questionnaire import lint_question

    for qid, rule in GRADED["s5_lint_rules"].key.items():
        found = [f.rule_id for f in lint_question({"name": qid, "label": mod.LINT_LEFT[qid], "type": "text",
                                                   "indicator": "IND-01"})]
        assert found[0] == rule, (qid, found)


def test_biased_designs_key_matches_the_simulator():
    table = mod.design_comparison(reps=100)
    biased = set(table.loc[table["bias"].abs() > 3.0, "design"])  # % points; probability designs stay < 1
    assert biased == set(GRADED["s5_biased_designs"].key)


def test_starter_and_fixed_questionnaires_convert_with_pyxform(tmp_path):
    questions = mod.starter_questions()
    assert len(mod.lint_report(questions)) >= 5
    report = mod.export_xlsform(questions, str(tmp_path / "form.xlsx"))
    assert report.loc["pyxform", "result"] == "converted without errors"
    from pyxform.xls2xform import convert

    assert "ardania_hh_training" in convert(str(tmp_path / "form.xlsx")).xform


def test_calculator_updates_its_table():
    import ipywidgets as w

    calc = mod.calculator()
    controls, out = calc.children[:-1], calc.children[-1]
    assert len(controls) == 6 and isinstance(out, w.Output)
    controls[3].value = 1000  # population; outside a kernel the table goes to stdout, it must not raise
    controls[1].value = 0.02


def test_plots_build():
    from ctie_helpers.plots.session5 import designs_chart, rds_chart, sample_size_curve

    assert len(sample_size_curve().data) == 5
    assert len(designs_chart(mod.design_comparison(reps=50)).data) == 5
    assert len(rds_chart(mod.rds_comparison(reps=5)).data) == 2
