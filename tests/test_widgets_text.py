"""FreeText: rubric shown, answer saved and restored, manual grading (never marked right or wrong)."""

from __future__ import annotations

import json

import pytest

from ctie_helpers.grading import grade
from ctie_helpers.grading.store import AnswerStore
from ctie_helpers.widgets import GRADED_MESSAGE, FreeText

RUBRIC = ["Names the referral pathway", "Says who gives consent"]
MODEL = "A model answer: refer with informed consent through the agreed pathway."
ANSWER = "I would refer her to the shelter through the agreed pathway after asking for her informed consent."


def build(path, **kw):
    return FreeText("s9_text", "How would you refer Ana?", rubric=RUBRIC, min_words=8, explanation=MODEL,
                    store=AnswerStore(path), **kw)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "03_x.answers.json"


def test_rubric_is_shown_and_practice_check_shows_the_model_answer(path):
    w = build(path)
    assert w.kind == "text"
    html = "".join(getattr(c, "value", "") for c in w.children if isinstance(getattr(c, "value", None), str))
    assert all(point in html for point in RUBRIC)
    w.input.value = ANSWER
    w.check_button.click()
    assert "Saved" in w.feedback.value and MODEL in w.feedback.value
    assert "✓" not in w.feedback.value and "✗" not in w.feedback.value  # nothing to mark: a person grades it
    rec = json.loads(path.read_text())["answers"]["s9_text"]
    assert (rec["value"], rec["status"], rec["attempts"], rec["kind"]) == (ANSWER, "saved", 1, "text")


def test_too_short_answer_is_flagged_then_retry(path):
    w = build(path)
    w.input.value = "Refer her."
    w.check_button.click()
    assert "at least 8 words" in w.feedback.value and MODEL not in w.feedback.value
    assert json.loads(path.read_text())["answers"]["s9_text"]["status"] == "incomplete"
    w.input.value = ANSWER
    w.check_button.click()
    assert MODEL in w.feedback.value
    assert json.loads(path.read_text())["answers"]["s9_text"]["attempts"] == 2


def test_restart_restores_the_text(path):
    build(path).input.value = ANSWER
    again = build(path)
    assert again.value == ANSWER and again.input.value == ANSWER


def test_graded_free_text_says_saved_only(path):
    w = build(path, graded=True, points=4)
    w.input.value = ANSWER
    w.check_button.click()
    assert GRADED_MESSAGE in w.feedback.value and MODEL not in w.feedback.value
    rec = json.loads(path.read_text())["answers"]["s9_text"]
    assert rec["graded"] is True and rec["status"] == "saved"
    assert grade("s9_text", "text", key=None, points=4, store=AnswerStore(path)) == 0.0  # graded by hand


def test_practice_model_answer_is_the_key_and_is_shown_after_check(path):
    w = FreeText("s9_text", "How would you refer Ana?", rubric=RUBRIC, min_words=8, model_answer=MODEL,
                 store=AnswerStore(path))
    assert w.key == MODEL and not w.graded
    w.input.value = ANSWER
    w.check_button.click()
    assert f"Model answer:</b> {MODEL}" in w.feedback.value


def test_graded_free_text_refuses_a_model_answer(path):
    with pytest.raises(ValueError, match="model answer out of the widget"):
        build(path, graded=True, model_answer=MODEL)


def test_free_text_refuses_a_key(path):
    with pytest.raises(ValueError, match="no key"):
        build(path, key="anything")


def test_blank_text_is_no_answer(path):
    w = build(path)
    w.input.value = "   "
    assert w.value is None
    w.check_button.click()
    assert "Nothing is answered yet" in w.feedback.value
