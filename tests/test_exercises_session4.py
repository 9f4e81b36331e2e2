"""Session 4 exercises: what is particular to this session's content (keys that follow the data,
the registries and the analysis functions). The contract every exercise keeps (builds, practice
feedback, graded items never revealing the key, hidden keys fitting their widgets) is tested for all
sessions in tests/test_exercise_contract.py."""

from __future__ import annotations

from ctie_helpers.exercises import session4 as mod
from ctie_helpers.lessons import session4 as lesson
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session4_indicators"
FACTORIES = [n for n in mod.__all__ if n.startswith("s4_")]
GRADED = {c.grade_id: c for nb in session_notebooks(SESSION) for c in graded_cells(nb)}


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

    found = sorted(lesson.rise_districts()["admin2_pcode"])
    assert found == sorted(mod.s4_planted_rise(store=None).key)  # practice: optional Bonferroni lab
    assert set(found) <= set(mod.RISE_OPTIONS)


def test_weighted_estimate_has_interval_and_deff():
    est = lesson.household_estimates("IND-05").iloc[0]
    assert est["95% CI low"] < est["estimate %"] < est["95% CI high"] and est["deff"] > 1.5
    assert abs(est["estimate %"] - mod.s4_debt_estimate(store=None).key) < 0.05  # practice: optional lab
    by_age = lesson.household_estimates("IND-05", by="hh_head_age_group")
    assert set(by_age["hh_head_age_group"]) <= {"under 18", "18-29", "30-59", "60+"}


def test_gate_suppresses_every_small_cell():
    raw = lesson.small_cell_table()
    released = lesson.safe_table(raw).table
    values = released.set_index(released.columns[0]) if "admin2_pcode" in released.columns else released
    small = (raw > 0) & (raw < 5)
    assert small.values.any()
    for (row, col), is_small in small.stack().items():
        if is_small:
            assert str(values.loc[row, col]) in ("<5", "x"), (row, col, values.loc[row, col])


def test_draft_question_reports_findings_and_clean():
    bad = lesson.draft_question({"name": "q", "label": "Are children from this site being exploited?",
                              "choices": ["Yes", "No"], "indicator": "IND-11"})
    assert len(bad) >= 2
    good = lesson.draft_question({"name": "q", "indicator": "IND-11",
                               "label": "In the last 3 months, have children from this site gone to work outside it?",
                               "choices": ["Yes", "No", "Don't know", "Prefer not to answer"]})
    assert list(good.columns) == ["result"]


def test_plots_build():
    from ctie_helpers.plots.session4 import estimate_bars, indicator_cells_heatmap, rounds_chart

    assert int(lesson.indicator_cell_counts().counts.values.sum()) >= 25
    assert indicator_cells_heatmap(lesson.indicator_cell_counts()).data[0].type == "heatmap"
    assert len(rounds_chart(lesson.site_changes()).data) == 2
    fig = estimate_bars(lesson.household_estimates(by="hh_head_sex"), "hh_head_sex", "t")
    assert fig.data[0].error_y.array is not None


def test_the_parameters_form_computes_on_click_what_the_practice_item_expects():
    form = lesson.parameters_form("IND-05", "recruiters_reported")
    assert form.output.outputs == ()  # nothing computed when the page opens
    form.click()
    estimate = form.output.outputs[0]["data"]["text/plain"]
    # the weighted IND-05 the trainee reads off (s4_debt_estimate: practice in the optional lab)
    assert f"{mod.s4_debt_estimate(store=None).key}" in estimate
    form.inputs["column"].value = "armed_group_presence"
    form.click()
    assert "significant" in form.output.outputs[1]["data"]["text/plain"]
    split = lesson.disaggregation_run("IND-05")
    assert split.output.outputs == ()
    split.click()
    texts = [o["data"]["text/plain"] for o in split.output.outputs]
    assert "IND-05 by sex of the head of household" in texts[1]  # the chart's caption
    assert "under 18" in texts[3] and "XA01" in texts[5]
