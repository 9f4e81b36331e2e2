"""progress(): per session, notebook and exercise, attempted and passed, from sidecars and notebooks."""

from __future__ import annotations

import json

import nbformat
import pytest

from ctie_helpers.grading import progress
from ctie_helpers.grading.progress import progress_summary
from ctie_helpers.grading.store import AnswerStore
from ctie_helpers.widgets.progress import progress_html, progress_view


def _notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture
def course(tmp_path):
    """Two sessions, two notebooks with sidecars, one exercise nobody has touched yet."""
    s1 = tmp_path / "session1_tip_basics"
    graded = nbformat.v4.new_code_cell('from ctie_helpers.grading import grade\ngrade("s1_amp_elements", "bins", key={}, points=3)')
    graded.metadata["nbgrader"] = {"grade": True, "grade_id": "s1_amp_elements", "locked": True, "points": 3,
                                   "schema_version": 3, "solution": False, "task": False}
    _notebook(s1 / "01_definitions.ipynb", [
        nbformat.v4.new_code_cell('from ctie_helpers.grading import open_sidecar\nopen_sidecar("01_definitions")'),
        nbformat.v4.new_code_cell("ex.s1_amp_practice()"),
        nbformat.v4.new_code_cell("ex.s1_amp_elements()"),
        graded,
        nbformat.v4.new_code_cell("ex.s1_child_element()"),
    ])
    a = AnswerStore(s1 / "01_definitions.answers.json")
    a.set("s1_amp_practice", {"x": "Act"}, "bins")
    a.record_attempt("s1_amp_practice", status="correct")
    a.set("s1_amp_elements", {"x": "Means"}, "bins", graded=True)  # graded: answered counts as passed
    s2 = tmp_path / "session2_pim"
    _notebook(s2 / "01_pim.ipynb", [nbformat.v4.new_code_cell("ex.s2_principles()\nex.s2_matrix()")])
    b = AnswerStore(s2 / "01_pim.answers.json")
    b.set("s2_principles", "A", "choice")
    b.record_attempt("s2_principles", status="wrong")
    b.set("s2_matrix", "B", "choice")
    b.record_attempt("s2_matrix", status="correct")
    b.set("s2_matrix", "C", "choice")  # changed after a right check: must be checked again
    b.set("s2_essay", "Some words", "text")  # in the sidecar only (e.g. the cell was deleted)
    # Noise that must be ignored.
    (s2 / ".ipynb_checkpoints").mkdir()
    (s2 / ".ipynb_checkpoints" / "01_pim-checkpoint.ipynb").write_text(json.dumps({"cells": []}))
    (s2 / "01_pim.answers.corrupt-20250101T000000.json").write_text("{old")
    return tmp_path


def test_rows_attempted_and_passed(course):
    df = progress(course)
    got = {r.exercise_id: (r.session, r.notebook, r.graded, r.attempted, r.passed) for r in df.itertuples()}
    assert got == {
        "s1_amp_practice": ("session1_tip_basics", "01_definitions", False, True, True),
        "s1_amp_elements": ("session1_tip_basics", "01_definitions", True, True, True),
        "s1_child_element": ("session1_tip_basics", "01_definitions", False, False, False),
        "s2_principles": ("session2_pim", "01_pim", False, True, False),
        "s2_matrix": ("session2_pim", "01_pim", False, True, False),
        "s2_essay": ("session2_pim", "01_pim", False, True, True),
    }
    assert df.loc[df.exercise_id == "s2_principles", "attempts"].item() == 1
    assert df.attrs["problems"] == []


def test_summary_per_session(course):
    summary = progress_summary(progress(course)).set_index("session")
    assert summary.loc["session1_tip_basics"].tolist() == [3, 2, 2]
    assert summary.loc["session2_pim"].tolist() == [3, 3, 1]


def test_unreadable_sidecar_is_reported_and_left_alone(course):
    bad = course / "session2_pim" / "02_other.answers.json"
    bad.write_text("{not json")
    df = progress(course)
    assert len(df.attrs["problems"]) == 1 and "02_other.answers.json" in df.attrs["problems"][0]
    assert bad.read_text() == "{not json"  # reading progress never moves or rewrites files


def test_empty_folder(tmp_path):
    df = progress(tmp_path)
    assert df.empty and list(df.columns)[:3] == ["session", "notebook", "exercise_id"]
    assert "No exercises found" in progress_html(df)


def test_view_shows_counts_in_text_and_refreshes(course):
    view = progress_view(course)
    table = view.children[0].value
    assert "Session 1: tip basics" in table and "2 of 3" in table and "1 of 3" in table
    AnswerStore(course / "session1_tip_basics" / "01_definitions.answers.json").set("s1_child_element", "X", "choice")
    view.children[1].click()  # Refresh
    assert "3 of 3" in view.children[0].value
    details = view.children[2].children[0]
    assert details.titles == ("Session 1: tip basics", "Session 2: pim")
    assert "✓ passed" in details.children[0].value and "– not started" not in details.children[0].value
