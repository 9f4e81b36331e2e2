"""Session 3 exercises: every factory builds; practice items accept their key and reject a wrong answer;
graded items save to the sidecar, never reveal the key, and the notebooks' hidden keys fit the widgets."""

from __future__ import annotations

import ast
import inspect

import pytest

from ctie_helpers.content import framework
from ctie_helpers.exercises import session3 as mod
from ctie_helpers.grading import AnswerStore, grade
from ctie_helpers.widgets import GRADED_MESSAGE
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session3_framework"
FACTORIES = [n for n in mod.__all__ if n.startswith("s3_")]
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


def test_level_key_matches_factor_bank():
    names = {lv.key: lv.name for lv in framework.levels()}
    key = GRADED["s3_factor_levels"].key
    assert key == {t: names[framework.factor(t).level] for t in mod.FACTOR_LEVEL_ITEMS}


def test_risk_protective_items_are_one_sided_in_the_bank():
    assert all(framework.factor(t).valence in ("risk", "protective") for t in mod.RISK_PROTECTIVE_ITEMS)


def test_pathway_key_is_the_framework_order():
    assert GRADED["s3_pathway_order"].key == [s.key for s in framework.pathway()]


def test_notebook_test_cells_are_valid_python():
    import nbformat

    for nb in session_notebooks(SESSION):
        for cell in nbformat.read(nb, as_version=4).cells:
            if cell.cell_type == "code":
                ast.parse(cell.source.replace("# NBVAL_IGNORE_OUTPUT", ""))


def test_tagging_keys_match_the_dataset_reference_tags():
    from ctie_helpers.data import load
    from ctie_helpers.methods.evidence import cell_label

    df = load("secondary_sources").set_index("excerpt_id")
    key = GRADED["s3_tag_excerpts"].key
    assert key == {e: cell_label(df.loc[e, "level"], df.loc[e, "category"]) for e in mod.TAG_GRADED_IDS}
    assert GRADED["s3_tag_indicators"].key == {e: df.loc[e, "indicator_ids"] for e in mod.TAG_INDICATOR_IDS}


def test_gap_reading_key_is_the_only_level_without_protective_evidence():
    counts = mod.review_matrix().counts["protective"]
    assert list(counts[counts == 0].index) == [GRADED["s3_gap_reading"].key]


def test_my_matrix_handles_blank_and_partial_answers():
    assert int(mod.my_matrix(None).counts.values.sum()) == 0
    m = mod.my_matrix({"SRC-002": "Community × Risk factors", "SRC-004": None})
    assert m.counts.loc["community", "risk"] == 1 and m.reliability.loc["community", "risk"] == 3


def test_rings_figure_places_trainee_factors():
    from ctie_helpers.plots.session3 import ecological_rings, evidence_heatmap, pathway_chain

    fig = ecological_rings(GRADED["s3_factor_levels"].key)
    placed = [t.hovertext for t in fig.data]
    assert len(placed) == len(mod.FACTOR_LEVEL_ITEMS) and "Household debt (Household/family)" in placed
    assert len(ecological_rings({}).data) == 12  # examples from the bank before any answer
    assert len(pathway_chain().layout.shapes) == 9
    assert evidence_heatmap(mod.review_matrix()).data[0].type == "heatmap"
