"""Session 1 exercises: what is particular to this session's content (keys that follow the data,
the registries and the analysis functions). The contract every exercise keeps (builds, practice
feedback, graded items never revealing the key, hidden keys fitting their widgets) is tested for all
sessions in tests/test_exercise_contract.py."""

from __future__ import annotations

import pytest

from ctie_helpers.lessons import session1 as lesson
from tests.notebook_tools import graded_cells, session_notebooks

SESSION = "session1_tip_basics"
GRADED = [c for nb in session_notebooks(SESSION) for c in graded_cells(nb)]


def test_lincoln_petersen_key_matches_the_data():
    """The hidden key of s1_lp_service_lists is computed from the committed service_lists table."""
    from ctie_helpers.analysis import lincoln_petersen
    from ctie_helpers.data import load

    counts = lesson.two_list_counts(load("service_lists")).iloc[:, 0].tolist()
    (cell,) = [c for c in GRADED if c.grade_id == "s1_lp_service_lists"]
    assert cell.key == pytest.approx(lincoln_petersen(*counts), abs=0.05)


def test_mse_lab_contains_the_true_population():
    from ctie_helpers.data import load
    from ctie_helpers.data.synthetic.service_lists import true_population

    results = lesson.mse_lab(load("service_lists"))
    full = results["all 4 lists, AIC"]
    assert full.lower <= true_population() <= full.upper
    # every list shares one latent visibility: the stepwise model (one interaction) stays below the truth,
    # as the notebook tells trainees; AIC keeps more interactions and covers it
    stepwise = results["all 4 lists, stepwise (SparseMSE)"]
    assert stepwise.model == "list_a:list_b" and stepwise.upper < true_population()
    # the planted A->B dependence drags the two-list estimate below the people actually seen
    assert results["A + B (two lists, A refers to B)"].estimate < full.observed


def test_mse_lab_runs_on_click():
    from ctie_helpers.data import load
    from ctie_helpers.data.synthetic.service_lists import true_population

    lab = lesson.mse_lab_run(load("service_lists"))
    assert lab.output.outputs == ()
    lab.click()
    table, _chart, caption, _head, models = (o["data"]["text/plain"] for o in lab.output.outputs)
    assert "A + B (two lists, A refers to B)" in table and "stepwise" in table
    # as test_mse_lab_contains_the_true_population finds: only the AIC interval of the four covers the truth
    assert f"The true size is {true_population():,}; 1 of 4 intervals include it." in caption
    assert "list_a:list_b" in models
