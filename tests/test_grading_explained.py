"""Graded feedback that teaches (issue 12): after grading, each wrong part is listed with the
trainee's answer, the right answer and its explanation; with reveal off (``ctie grade --no-reveal``)
no right answer and no explanation appear. Expected texts are the session 1 content data and keys
written out here by hand."""

from __future__ import annotations

import pytest

from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_FILE, read_explanations_file
from ctie_helpers.grading import AnswerStore, grade
from ctie_helpers.grading.explained import GRADED_EXPLANATIONS_ENV, REVEAL_ENV, wrong_parts
from tests.fixtures.course.course_copy import REPO

# The graded items' explanations are the facilitator's file beside the source notebooks; ctie grade
# names it to the grading kernels in CTIE_GRADED_EXPLANATIONS, as the fixture below does.
GRADED_FILE = REPO / "notebooks" / "session1_tip_basics" / GRADED_EXPLANATIONS_FILE


def for_exercise(exercise_id):
    return read_explanations_file(GRADED_FILE, 1)[exercise_id]


@pytest.fixture(autouse=True)
def graded_file(monkeypatch):
    monkeypatch.setenv(GRADED_EXPLANATIONS_ENV, str(GRADED_FILE))

KIDNEY = "Removing a kidney from a man to sell it"
HARBOUR = "Harbouring girls in a rented house near the port"
PAYING = "Paying a father so that he lets his daughter go"
KEY = {KIDNEY: "Purpose", HARBOUR: "Act", PAYING: "Means"}


@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "nb.answers.json")


def _graded(store, capsys, answer, key=KEY, kind="bins", eid="s1_amp_elements"):
    store.set(eid, answer, kind, graded=True)
    points = grade(eid, kind, key=key, points=3, store=store)
    return points, capsys.readouterr()


def test_each_wrong_part_named_with_answer_right_answer_and_why(store, capsys):
    points, out = _graded(store, capsys, {KIDNEY: "Act", HARBOUR: "Act", PAYING: "Purpose"})
    assert points == 1.0 and out.err == ""
    lines = out.out.splitlines()
    assert f"  ✗ {KIDNEY}: your answer Act; right answer Purpose. Why: " in out.out
    assert f"  ✗ {PAYING}: your answer Purpose; right answer Means. Why: " in out.out
    assert for_exercise("s1_amp_elements")[KIDNEY].why in out.out
    assert for_exercise("s1_amp_elements")[PAYING].source in out.out
    assert not any(HARBOUR in line for line in lines), "a right part is listed as wrong"


def test_no_reveal_names_wrong_parts_but_no_key_or_explanation(store, capsys, monkeypatch):
    monkeypatch.setenv(REVEAL_ENV, "0")
    points, out = _graded(store, capsys, {KIDNEY: "Act", HARBOUR: "Act", PAYING: "Purpose"})
    assert points == 1.0
    assert f"  ✗ {KIDNEY}: your answer Act" in out.out
    assert "Means" not in out.out and "right answer" not in out.out and "Why" not in out.out
    assert for_exercise("s1_amp_elements")[KIDNEY].why not in out.out


def test_choice_lists_the_chosen_and_the_right_option(store, capsys):
    right = "Smuggling at first, then trafficking once he was held and made to work"
    chosen = "Smuggling only, because he agreed to the trip and paid the fee himself"
    _, out = _graded(store, capsys, chosen, key=right, kind="choice", eid="s1_ts_case")
    assert f"You chose “{chosen}”; the right answer is “{right}”" in out.out
    assert for_exercise("s1_ts_case")[chosen].why in out.out and for_exercise("s1_ts_case")[right].why in out.out


def test_full_marks_list_nothing(store, capsys):
    _, out = _graded(store, capsys, dict(KEY))
    assert out.out.strip() == "s1_amp_elements: full marks (3 of 3 parts right)."


def test_wrong_parts_of_a_multi_select():
    parts = wrong_parts("multi", ["a", "x"], ["a", "b"])
    assert [(p.part, p.given, p.right) for p in parts] == [("x", "ticked", "not ticked"),
                                                           ("b", "not ticked", "ticked")]


def test_without_the_facilitator_file_graded_feedback_has_no_explanation(store, capsys, monkeypatch, tmp_path):
    """A trainee's kernel has neither the variable nor the file: the package alone explains no graded item."""
    monkeypatch.delenv(GRADED_EXPLANATIONS_ENV)
    monkeypatch.chdir(tmp_path)
    points, out = _graded(store, capsys, {KIDNEY: "Act", HARBOUR: "Act", PAYING: "Purpose"})
    assert points == 1.0 and f"  ✗ {KIDNEY}: your answer Act; right answer Purpose" in out.out
    assert "Why:" not in out.out and for_exercise("s1_amp_elements")[KIDNEY].why not in out.out


def test_the_source_session_folder_is_found_without_the_variable(store, capsys, monkeypatch):
    """A facilitator running a source notebook by hand: its kernel's folder holds the file."""
    monkeypatch.delenv(GRADED_EXPLANATIONS_ENV)
    monkeypatch.chdir(GRADED_FILE.parent)
    _, out = _graded(store, capsys, {KIDNEY: "Act", HARBOUR: "Act", PAYING: "Means"})
    assert for_exercise("s1_amp_elements")[KIDNEY].why in out.out
