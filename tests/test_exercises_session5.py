"""Session 5 exercises: what is particular to this session's content (keys that follow the data,
the registries and the analysis functions). The contract every exercise keeps (builds, practice
feedback, graded items never revealing the key, hidden keys fitting their widgets) is tested for all
sessions in tests/test_exercise_contract.py."""

from __future__ import annotations

from ctie_helpers.exercises import session5 as mod
from ctie_helpers.lessons import session5 as lesson
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session5_methods"
FACTORIES = [n for n in mod.__all__ if n.startswith("s5_")]
GRADED = {c.grade_id: c for nb in session_notebooks(SESSION) for c in graded_cells(nb)}


def test_sample_size_keys_come_from_the_sampling_module():
    from ctie_helpers.analysis.sampling import design_effect, sample_size

    assert GRADED["s5_n_infinite"].key == sample_size(p=0.5, margin=0.05).n == 385
    assert GRADED["s5_n_finite"].key == sample_size(p=0.5, margin=0.05, population=1000).n == 278
    assert mod.s5_deff(store=None).key == round(design_effect(10, 0.10), 10) == 1.9  # practice: optional lab
    steps = lesson.sample_size_steps(population=2000, deff=2, nonresponse=0.10)
    assert list(steps["rounded_up"]) == [385, 323, 645, 717]


def test_lint_rules_key_matches_the_linter():
    from ctie_helpers.methods.questionnaire import lint_question

    for qid, rule in GRADED["s5_lint_rules"].key.items():
        found = [f.rule_id for f in lint_question({"name": qid, "label": mod.LINT_LEFT[qid], "type": "text",
                                                   "indicator": "IND-01"})]
        assert found[0] == rule, (qid, found)
    for qid, rule in mod.s5_lint_practice(store=None).key.items():  # the practice item agrees with the linter too
        found = [f.rule_id for f in lint_question({"name": qid, "label": mod.LINT_PRACTICE_LEFT[qid], "type": "text",
                                                   "indicator": "IND-01"})]
        assert found[0] == rule, (qid, found)


def test_biased_designs_key_matches_the_simulator():
    table = lesson.design_comparison(reps=100)
    biased = set(table.loc[table["bias"].abs() > 3.0, "design"])  # % points; probability designs stay < 1
    assert biased == set(GRADED["s5_biased_designs"].key)


def test_starter_and_fixed_questionnaires_convert_with_pyxform(tmp_path):
    questions = lesson.starter_questions()
    assert len(lesson.lint_report(questions)) >= 5
    report = lesson.export_xlsform(questions, str(tmp_path / "form.xlsx"))
    assert report.loc["pyxform", "result"] == "converted without errors"
    from pyxform.xls2xform import convert

    assert "ardania_hh_training" in convert(str(tmp_path / "form.xlsx")).xform


def test_calculator_updates_its_table():
    import ipywidgets as w

    calc = lesson.calculator()
    controls, out = calc.children[:-1], calc.children[-1]
    assert len(controls) == 6 and isinstance(out, w.Output)
    controls[3].value = 1000  # population; outside a kernel the table goes to stdout, it must not raise
    controls[1].value = 0.02


def test_plots_build():
    from ctie_helpers.plots.session5 import designs_chart, rds_chart, sample_size_curve

    assert len(sample_size_curve().data) == 5
    assert len(designs_chart(lesson.design_comparison(reps=50)).data) == 5
    assert len(rds_chart(lesson.rds_comparison(reps=5)).data) == 2


def test_each_graded_item_of_collecting_data_is_preceded_by_practice():
    """Issue 12: every graded skill has a practice item before it; 03_collecting_data had none."""
    import re

    import nbformat

    nb_path = next(p for p in session_notebooks(SESSION) if p.name == "03_collecting_data.ipynb")
    shown = [m.group(1) for c in nbformat.read(nb_path, as_version=4).cells if c.cell_type == "code"
             for m in [re.fullmatch(r"ex\.(s5_\w+)\(\)", c.source.strip())] if m]
    graded = {c.grade_id for c in graded_cells(nb_path)}
    assert graded and graded <= set(shown), "every graded item of the notebook has its widget cell"
    for i, name in enumerate(shown):
        if name in graded:
            before = [getattr(mod, n)(store=None) for n in shown[:i] if n not in graded]
            assert before and all(w.key is not None for w in before), f"{name}: no practice item before it"
    first = next(n for n in shown if n in graded)
    practice = getattr(mod, shown[0])(store=None)
    assert practice.kind == getattr(mod, first)(store=None).kind  # the same skill: sorting checklist items
    assert not set(practice.key) & set(mod.OBS_ITEMS.values()), "practice must not give graded statements away"


def test_the_simulations_run_on_click_with_the_form_values():
    designs = lesson.designs_run()
    assert designs.output.outputs == () and designs.result is None  # the page opens without simulating
    designs.inputs["reps"].value = 50
    designs.inputs["n"].value = 200
    designs.click()
    assert designs.result["estimates"].map(len).tolist() == [50] * 5
    table, chart, caption = designs.output.outputs
    assert "estimates" not in table["data"]["text/plain"] and "application/vnd.plotly.v1+json" in chart["data"]
    # the designs the graded key calls biased are the ones the text alternative names furthest off
    furthest = caption["data"]["text/plain"].split("furthest from the truth ")[1]
    assert furthest.split(" (")[0].lower() in GRADED["s5_biased_designs"].key
    rds = lesson.rds_run()
    assert rds.output.outputs == ()
    rds.inputs["reps"].value = 10
    rds.click()
    assert len(rds.result) == 10 and "RDS-II estimate" in rds.output.outputs[1]["data"]["text/plain"]
