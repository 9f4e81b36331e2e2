"""The free-text grading app, headless: on the sheet a real ``ctie grade`` run of the fixture course wrote.

One module fixture releases the fixture session, hands in two simulated trainees (``blank``: no answers;
``perfect``: a written reflection) and grades them with the real pipeline, which leaves
``build/grades/session0_fixture_manual.csv``. Each test works on its own copy of that course. The app is
driven as the facilitator would: set the score box, click Save / Next, read the sheet; then ``ctie grade``
runs again and must merge the app's score into the gradebook CSV.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from ctie_helpers.apps.grading import GradingApp, build_grading
from ctie_helpers.facilitator.batch import grade_session
from ctie_helpers.facilitator.course import Course
from ctie_helpers.facilitator.release import release_session
from ctie_helpers.facilitator.simulated_trainees import make_cohort
from tests.fixtures.course.course_copy import FIXTURE_SESSION, REPO, copy_course

pytestmark = pytest.mark.slow

S = FIXTURE_SESSION
ITEM = "s0_reflection"  # the fixture's one free-text item, worth 2 points
TRAINEES = ["blank", "perfect"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """A course folder after one real ``ctie grade`` run (with its hand-ins in ``handins/``)."""
    base = tmp_path_factory.mktemp("graded")
    course = Course.at(copy_course(base / "course"))
    release_session(course, S)
    make_cohort(course, S, course.root / "handins", TRAINEES)
    result = grade_session(course, S, course.root / "handins", jobs=2, progress=False)
    assert [r.trainee for r in result.rows] == TRAINEES, result.summary
    return course.root


@pytest.fixture
def course(graded, tmp_path) -> Course:
    """A private copy of the graded course: tests never share a writable path."""
    return Course.at(shutil.copytree(graded, tmp_path / "course", symlinks=True))


def _sheet(course: Course) -> dict[str, dict[str, str]]:
    with (course.grades / f"{S}_manual.csv").open(newline="", encoding="utf-8") as fh:
        return {r["trainee"]: r for r in csv.DictReader(fh) if r["item"] == ITEM}


def _go_to(app: GradingApp, trainee: str) -> None:
    app.index = next(k for k, e in enumerate(app.entries) if e.trainee == trainee)
    app._show()


def test_opens_the_sheet_with_question_rubric_and_the_first_answer_to_grade(course):
    app = build_grading(root=course.root)
    assert app.session.value == S and [e.trainee for e in app.entries] == TRAINEES
    assert app.status.kind == "info" and "2 still to grade" in app.status.message
    assert "why collect less data in an emergency?" in app.card.value  # the widget's prompt, from the source
    assert "names a risk to people" in app.card.value  # the rubric
    assert "blank" in app.card.value and "No answer handed in" in app.answer.value
    assert app.score.description == "Score (of 2)" and app.score.value == ""
    app.next_button.click()
    assert app.current.trainee == "perfect" and "Collecting less data" in app.answer.value
    assert "2 of 2 answer(s) still to grade" in app.progress.value
    for name in TRAINEES:  # the progress table counts; it names nobody
        assert name not in app.progress.value
    app.blind.value = True
    assert "perfect" not in app.card.value and "answer 2 of 2" in app.card.value


def test_every_save_is_written_at_once_and_restored_on_rebuild(course, monkeypatch):
    app = build_grading(S, root=course.root)
    _go_to(app, "perfect")
    app.score.value, app.comment.value = "1.5", "Names a risk; say what the data are for."
    app.save_button.click()
    assert app.status.kind == "info" and "Saved 1.5 of 2" in app.status.message
    row = _sheet(course)["perfect"]
    assert (row["score"], row["comment"]) == ("1.5", "Names a risk; say what the data are for.")
    assert row["answer"].startswith("Collecting less data")  # the answer column is never touched
    assert not [p.name for p in course.grades.iterdir() if p.suffix == ".tmp"]

    app.prev_button.click()
    assert app.current.trainee == "blank"
    app.score.value = "0"
    app.next_button.click()  # moving on saves what was typed
    assert _sheet(course)["blank"]["score"] == "0" and app.current.trainee == "perfect"

    # A crash in the middle of the next save: the sheet on disk keeps both earlier scores.
    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    app.score.value = "2"
    app.save_button.click()
    assert app.status.kind == "error"
    monkeypatch.undo()
    assert {t: r["score"] for t, r in _sheet(course).items()} == {"blank": "0", "perfect": "1.5"}
    assert not [p.name for p in course.grades.iterdir() if p.suffix == ".tmp"]

    again = build_grading(S, root=course.root)
    assert "Every answer is graded" in again.progress.value
    _go_to(again, "perfect")
    assert (again.score.value, again.comment.value) == ("1.5", "Names a risk; say what the data are for.")


def test_a_score_above_the_items_points_is_refused_and_keeps_you_there(course):
    app = build_grading(S, root=course.root)
    before = (course.grades / f"{S}_manual.csv").read_bytes()
    for typed, why in (("3", "outside 0..2"), ("-1", "outside 0..2"), ("lots", "not a number")):
        app.score.value = typed
        app.save_button.click()
        assert app.status.kind == "error" and why in app.status.message, app.status.message
    app.next_button.click()  # a refused score is not carried along either
    assert app.current.trainee == "blank" and app.status.kind == "error"
    assert (course.grades / f"{S}_manual.csv").read_bytes() == before


def test_ctie_grade_merges_the_apps_scores_into_the_gradebook(course):
    app = build_grading(S, root=course.root)
    _go_to(app, "perfect")
    app.score.value, app.comment.value = "2", "Both points covered."
    app.next_ungraded.click()  # saves, then goes to the one still to grade (wrapping round)
    assert app.current.trainee == "blank"
    app.score.value = "0"
    app.save_button.click()
    assert "Every answer is graded" in app.progress.value

    result = grade_session(course, S, course.root / "handins", jobs=2, progress=False)
    with (course.grades / f"{S}.csv").open(newline="", encoding="utf-8") as fh:
        rows = {r["trainee"]: r for r in csv.DictReader(fh)}
    assert rows["perfect"][ITEM] == "2" and rows["blank"][ITEM] == "0", rows
    assert rows["perfect"]["total"] == rows["perfect"]["max_total"] == "10", rows  # full marks now
    assert "still to grade" not in result.summary, result.summary
    kept = _sheet(course)["perfect"]
    assert (kept["score"], kept["comment"]) == ("2", "Both points covered."), "ctie grade must keep the comment"


def test_a_course_without_a_sheet_says_what_to_run(tmp_path):
    app = build_grading(root=copy_course(tmp_path / "course"))
    assert app.status.kind == "warn" and "ctie grade" in app.status.message
    assert app.entries == [] and app.session.options == ()
    app.save_button.click()
    assert app.status.kind == "warn"
    bad = build_grading(root=tmp_path)  # not a course folder
    assert bad.status.kind == "error" and "nbgrader_config.py" in bad.status.message


def test_ctie_app_grading_serves_the_thin_facilitator_notebook(course, monkeypatch):
    from ctie_helpers.apps.catalog import APPS, notebook_path
    from ctie_helpers.commands.app import add_arguments

    spec = APPS["grading"]
    path = notebook_path("grading")
    assert path == REPO / "notebooks" / "facilitator" / "app_grading.ipynb" and spec.session == "facilitator"
    assert not spec.packaged and "facilitator" not in Course.at(REPO).sessions()  # never released to trainees
    code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert len(code) == 1 and code[0].endswith("build_grading()"), code
    monkeypatch.setenv("CTIE_ROOT", str(course.root))  # how a facilitator points the app at a course copy
    scope: dict = {}
    exec(compile(code[0], str(path), "exec"), scope)  # noqa: S102 - the notebook's own cell, as Voilà runs it
    shown = eval("build_grading()", scope)  # noqa: S307
    assert isinstance(shown, GradingApp) and [e.trainee for e in shown.entries] == TRAINEES
    import argparse

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args(["grading"]).name == "grading"
