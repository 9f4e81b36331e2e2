"""Every exercise component, driven headless the way a trainee drives it: set inputs, click Check.

For each component: a right answer is accepted (practice), a wrong one is rejected with a hint, a
retry after a wrong answer succeeds, the sidecar JSON holds the answer, rebuilding the widget on a
new store (a kernel restart) restores it, and graded mode never reveals correctness or the key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from ctie_helpers.grading.store import AnswerStore, set_current_store
from ctie_helpers.widgets import (
    GRADED_MESSAGE,
    ExerciseBase,
    MatchPairs,
    MultiSelect,
    NumericAnswer,
    OrderSteps,
    SingleChoice,
    SortIntoBins,
    TableEntry,
)

EXPLANATION = "Because of Article 3."


@dataclass
class Spec:
    """How to build one component and drive it to a right and to a (complete) wrong answer."""

    name: str
    build: Callable[..., ExerciseBase]
    key: Any
    right: Callable[[Any], None]
    wrong: Callable[[Any], None]
    right_value: Any
    secret: list[str]  # parts of the key that graded feedback must never show


def _set(mapping: dict, values: dict) -> None:
    for k, v in values.items():
        mapping[k].value = v


AMP_ITEMS = {"recruitment": "Recruiting workers in a camp", "deception": "Lying about the wage",
             "labour": "Work without pay or freedom to leave"}
AMP_KEY = {"recruitment": "Act", "deception": "Means", "labour": "Purpose"}
TABLE_KEY = {"Women": {"Count": 120, "Share (%)": 60.0}, "Men": {"Count": 80, "Share (%)": 40.0}}

SPECS = [
    Spec("choice",
         lambda **kw: SingleChoice("s9_choice", "Which element can be skipped for a child?",
                                   ["The Act", "The Means", "The Purpose"], explanation=EXPLANATION, **kw),
         "The Means", lambda w: setattr(w.radio, "value", "The Means"),
         lambda w: setattr(w.radio, "value", "The Act"), "The Means", ["The Means"]),
    Spec("multi",
         lambda **kw: MultiSelect("s9_multi", "Which are Means?", {"a": "Threats", "b": "Deception", "c": "Harbouring"},
                                  explanation=EXPLANATION, **kw),
         ["a", "b"], lambda w: _set(w.checkboxes, {"a": True, "b": True, "c": False}),
         lambda w: _set(w.checkboxes, {"a": True, "b": False, "c": True}), ["a", "b"], ["Threats", "Deception"]),
    Spec("bins",
         lambda **kw: SortIntoBins("s9_bins", "Sort the statements.", AMP_ITEMS, ["Act", "Means", "Purpose"],
                                   explanation=EXPLANATION, noun="statements", **kw),
         AMP_KEY, lambda w: _set(w.bins, AMP_KEY),
         lambda w: _set(w.bins, {"recruitment": "Act", "deception": "Purpose", "labour": "Means"}), AMP_KEY,
         ["Means", "Purpose"]),
    Spec("match",
         lambda **kw: MatchPairs("s9_match", "Match the data type to its example.",
                                 ["Case data", "Survey data"], {"r1": "One record per victim", "r2": "Households"},
                                 explanation=EXPLANATION, **kw),
         {"Case data": "r1", "Survey data": "r2"}, lambda w: _set(w.pairs, {"Case data": "r1", "Survey data": "r2"}),
         lambda w: _set(w.pairs, {"Case data": "r2", "Survey data": "r1"}), {"Case data": "r1", "Survey data": "r2"},
         ["One record per victim", "Households"]),
    Spec("order",
         lambda **kw: OrderSteps("s9_order", "Order the cycle.", ["Plan", "Assess", "Monitor"],
                                 explanation=EXPLANATION, **kw),
         ["Assess", "Plan", "Monitor"], lambda w: _set(w.positions, {"Assess": 1, "Plan": 2, "Monitor": 3}),
         lambda w: _set(w.positions, {"Plan": 1, "Assess": 2, "Monitor": 3}), ["Assess", "Plan", "Monitor"],
         ["Assess", "Place 1"]),
    Spec("numeric",
         lambda **kw: NumericAnswer("s9_numeric", "Lincoln-Petersen estimate?", unit="people", abs_tol=1,
                                    explanation=EXPLANATION, **kw),
         2000, lambda w: setattr(w.input, "value", "2,000"), lambda w: setattr(w.input, "value", "1500"), 2000.0,
         ["2000", "2,000"]),
    Spec("table",
         lambda **kw: TableEntry("s9_table", "Fill in counts and shares.", ["Women", "Men"], ["Count", "Share (%)"],
                                 abs_tol=0.5, explanation=EXPLANATION, **kw),
         TABLE_KEY,
         lambda w: _set(w.cells, {("Women", "Count"): "120", ("Women", "Share (%)"): "60",
                                  ("Men", "Count"): "80", ("Men", "Share (%)"): "40"}),
         lambda w: _set(w.cells, {("Women", "Count"): "120", ("Women", "Share (%)"): "0.6",
                                  ("Men", "Count"): "80", ("Men", "Share (%)"): "0.4"}),
         TABLE_KEY, ["60", "40"]),
]
IDS = [s.name for s in SPECS]


@pytest.fixture(autouse=True)
def _no_default_store():
    set_current_store(None)
    yield
    set_current_store(None)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "01_topic.answers.json"


def saved(path) -> dict:
    return json.loads(path.read_text())["answers"]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_right_answer_is_accepted_with_explanation(spec, path):
    w = spec.build(key=spec.key, store=AnswerStore(path))
    assert w.kind == spec.name
    spec.right(w)
    assert w.value == spec.right_value
    w.check_button.click()
    assert "✓ Correct." in w.feedback.value and EXPLANATION in w.feedback.value
    assert 'role="status"' in w.feedback.value
    rec = saved(path)[w.exercise_id]
    assert rec["kind"] == spec.name and rec["value"] == json.loads(json.dumps(spec.right_value))
    assert (rec["attempts"], rec["status"], rec["graded"]) == (1, "correct", False)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_wrong_answer_is_rejected_with_a_hint_then_retry_succeeds(spec, path):
    w = spec.build(key=spec.key, store=AnswerStore(path))
    spec.wrong(w)
    w.check_button.click()
    assert "✗ Not quite yet." in w.feedback.value and "<li>" in w.feedback.value
    assert "✓" not in w.feedback.value
    assert EXPLANATION not in w.feedback.value  # the first wrong try does not give the answer away
    assert saved(path)[w.exercise_id]["status"] in ("wrong", "partly")
    spec.right(w)
    assert w.feedback.value == ""  # stale feedback is cleared when the answer changes
    assert saved(path)[w.exercise_id]["status"] == "answered"
    w.check_button.click()
    assert "✓ Correct." in w.feedback.value
    rec = saved(path)[w.exercise_id]
    assert (rec["attempts"], rec["status"]) == (2, "correct")
    assert "Checked 2 times" in w.attempts_label.value


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_explanation_after_repeated_wrong_tries(spec, path):
    w = spec.build(key=spec.key, store=AnswerStore(path), explain_after=2)
    spec.wrong(w)
    w.check_button.click()
    w.check_button.click()
    assert "✗" in w.feedback.value and EXPLANATION in w.feedback.value


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_restart_restores_the_answer_and_attempts(spec, path):
    w = spec.build(key=spec.key, store=AnswerStore(path))
    spec.wrong(w)
    w.check_button.click()
    wrong_value = w.value
    rebuilt = spec.build(key=spec.key, store=AnswerStore(path))  # new kernel: new store, same file
    assert rebuilt.value == wrong_value and rebuilt._read() == wrong_value  # the inputs show it too
    assert rebuilt.attempts == 1
    assert saved(path)[w.exercise_id]["attempts"] == 1  # restoring does not write or count anything


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_setting_value_in_code_updates_inputs_and_sidecar(spec, path):
    w = spec.build(key=spec.key, store=AnswerStore(path))
    w.value = spec.right_value
    assert w._read() == spec.right_value
    assert saved(path)[w.exercise_id]["value"] == json.loads(json.dumps(spec.right_value))


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_graded_mode_never_reveals_correctness_or_key(spec, path):
    with pytest.raises(ValueError, match="graded"):
        spec.build(key=spec.key, graded=True, store=AnswerStore(path))
    w = spec.build(graded=True, points=3, store=AnswerStore(path))
    assert w.check_button.description == "Save answer"
    spec.wrong(w)
    w.check_button.click()
    after_wrong = w.feedback.value
    spec.right(w)
    w.check_button.click()
    assert w.feedback.value == after_wrong  # right and wrong look exactly the same
    assert GRADED_MESSAGE in after_wrong
    for leak in ("✓", "✗", "Correct", "right", "wrong", EXPLANATION):
        assert leak not in after_wrong
    rec = saved(path)[w.exercise_id]
    assert (rec["status"], rec["graded"], rec["attempts"]) == ("saved", True, 2)
    assert rec["value"] == json.loads(json.dumps(spec.right_value))


@pytest.mark.parametrize("spec", [s for s in SPECS if s.name in ("bins", "match", "order", "table", "multi")], ids=lambda s: s.name)
def test_graded_incomplete_answer_is_saved_and_flagged(spec, path):
    w = spec.build(graded=True, store=AnswerStore(path))
    spec.right(w)
    first = w._read()
    w.value = None
    assert saved(path)[w.exercise_id]["value"] is None  # clearing is saved too
    # Give only part of the answer: the first input of the right answer.
    part = {"bins": {"recruitment": "Act"}, "match": {"Case data": "r1"}, "order": ["Assess", None, None],
            "table": {"Women": {"Count": 120.0}}, "multi": ["a"]}[spec.name]
    w.value = part
    w.check_button.click()
    if spec.name == "multi":  # one tick is a complete answer for a multi-select
        assert GRADED_MESSAGE in w.feedback.value
    else:
        assert "Not finished yet" in w.feedback.value and "saved" in w.feedback.value
        assert saved(path)[w.exercise_id]["status"] == "incomplete"
    assert first == spec.right_value


def test_empty_check_counts_nothing(path):
    w = SPECS[2].build(key=AMP_KEY, store=AnswerStore(path))
    w.check_button.click()
    assert "Nothing is answered yet" in w.feedback.value and w.attempts == 0 and not path.exists()


def test_architecture_example_sorting_saves_and_scores(path):
    w = SortIntoBins("s1_amp_elements", "Sort.", AMP_ITEMS, ["Act", "Means", "Purpose"], key=AMP_KEY,
                     store=AnswerStore(path))
    w.bins["recruitment"].value = "Act"
    w.check_button.click()
    assert "1 of" in w.feedback.value and AnswerStore(path).get("s1_amp_elements")


def test_practice_hints_never_contain_the_key(path):
    w = SortIntoBins("s9_bins", "Sort.", AMP_ITEMS, ["Act", "Means", "Purpose"], key=AMP_KEY, store=AnswerStore(path))
    _set(w.bins, {"recruitment": "Act", "deception": "Act", "labour": "Act"})
    w.check_button.click()
    # Hints may name the group the trainee used ('Act'), never the right groups.
    assert "Means" not in w.feedback.value and "Purpose" not in w.feedback.value


def test_order_steps_swap_places(path):
    w = OrderSteps("s9_order", "Order.", ["a", "b", "c"], key=["a", "b", "c"], store=AnswerStore(path))
    w.positions["a"].value = 1
    w.positions["b"].value = 1  # b takes place 1, a moves to b's old place (none)
    assert w.value == ["b", None, None] and w.positions["a"].value is None
    w.positions["a"].value = 2
    w.positions["c"].value = 2  # c had no place: a loses place 2
    assert w.value == ["b", "c", None]
    w.positions["a"].value = 3
    w.positions["a"].value = 1  # a and b swap 3 <-> 1
    assert w.value == ["a", "c", "b"] and w.positions["b"].value == 3
    assert saved(path)["s9_order"]["value"] == ["a", "c", "b"]


def test_numeric_text_that_is_not_a_number(path):
    w = NumericAnswer("s9_n", "How many?", unit="%", key=45, store=AnswerStore(path))
    w.input.value = "about forty"
    assert w.value is None and "not a number" in w.note.value
    w.input.value = "45,0"
    assert w.value == 45.0 and w.note.value == ""
    w.input.value = "0.45"
    w.check_button.click()
    assert "percentage or a proportion" in w.feedback.value


def test_table_given_cells_are_locked_and_not_part_of_the_answer(path):
    w = TableEntry("s9_t", "Fill in.", ["A", "B"], ["n", "label"], numeric=["n"], given={("A", "label"): "Shelter"},
                   key={"A": {"n": 3}, "B": {"n": 4, "label": "Police"}}, store=AnswerStore(path))
    assert ("A", "label") not in w.cells
    _set(w.cells, {("A", "n"): "3", ("B", "n"): "4", ("B", "label"): " police "})
    assert w.value == {"A": {"n": 3.0}, "B": {"n": 4.0, "label": "police"}}
    w.check_button.click()
    assert "✓ Correct." in w.feedback.value
    w.cells[("B", "n")].value = "four"  # kept as typed, so the trainee sees it again after a restart
    assert w.value["B"]["n"] == "four"
    assert TableEntry("s9_t", "Fill in.", ["A", "B"], ["n", "label"], numeric=["n"], given={("A", "label"): "Shelter"},
                      graded=True, store=AnswerStore(path)).cells[("B", "n")].value == "four"


def test_multi_ticking_everything_is_not_right(path):
    w = SPECS[1].build(key=["a", "b"], store=AnswerStore(path))
    _set(w.checkboxes, {"a": True, "b": True, "c": True})
    w.check_button.click()
    assert "✗" in w.feedback.value and "1 ticked option should not be ticked." in w.feedback.value


def test_authoring_mistakes_raise(path):
    store = AnswerStore(path)
    with pytest.raises(ValueError, match="key="):
        SingleChoice("s9_x", "Q", ["A", "B"], store=store)
    with pytest.raises(ValueError, match="not one of the options"):
        SingleChoice("s9_x", "Q", ["A", "B"], key="C", store=store)
    with pytest.raises(ValueError):
        SortIntoBins("s9_x", "Q", AMP_ITEMS, ["Act", "Means"], key=AMP_KEY, store=store)
    with pytest.raises(ValueError):
        OrderSteps("s9_x", "Q", ["a", "b"], key=["a", "a"], store=store)


def test_without_an_open_store_the_widget_warns_and_still_checks():
    w = SingleChoice("s9_x", "Q", ["A", "B"], key="A")
    assert "not being saved" in w.feedback.value
    w.radio.value = "A"
    w.check_button.click()
    assert "✓ Correct." in w.feedback.value
    w.radio.value = "B"
    assert "not being saved" in w.feedback.value


def test_default_store_is_the_open_sidecar(path):
    set_current_store(AnswerStore(path))
    w = SingleChoice("s9_x", "Q", ["A", "B"], key="A")
    w.radio.value = "B"
    assert saved(path)["s9_x"]["value"] == "B"


def test_a_failed_save_is_shown_not_raised(path, monkeypatch):
    store = AnswerStore(path)
    w = SingleChoice("s9_x", "Q", ["A", "B"], key="A", store=store)

    def full_disk(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(store, "set", full_disk)
    w.radio.value = "A"
    assert "could not be saved" in w.feedback.value and "No space left" in w.feedback.value


def test_restore_ignores_a_record_of_another_kind_or_unknown_options(path):
    store = AnswerStore(path)
    store.set("s9_x", {"not": "a choice"}, "bins")
    assert SingleChoice("s9_x", "Q", ["A", "B"], key="A", store=AnswerStore(path)).value is None
    store.set("s9_y", "Z", "choice")  # an option removed in a later release of the course
    assert SingleChoice("s9_y", "Q", ["A", "B"], key="A", store=AnswerStore(path)).value is None


def test_prompt_is_escaped_and_points_are_shown(path):
    w = SingleChoice("s9_x", "Is age < 18 a child?", ["Yes", "No"], graded=True, points=2, store=AnswerStore(path))
    prompt = w.children[0].value
    assert "age &lt; 18" in prompt and "2 points, graded" in prompt
    assert "s9_x" in w.children[-1].value
