"""Colour is never the only carrier of meaning, and every control can be used from the keyboard (issue 11).

Feedback is read with its colours stripped: right, wrong, unfinished and saved must still differ in words
and marks. Every control on the course's exercise and lesson widgets must be a standard ipywidgets input
(a native button, select, radio, checkbox, text box or slider, which a keyboard reaches with Tab and
operates with Enter, Space or the arrow keys), and every button must have a name.
"""

from __future__ import annotations

import importlib
import re

import ipywidgets as w
import pytest

from ctie_helpers.grading.store import AnswerStore
from ctie_helpers.paths import SESSIONS
from ctie_helpers.widgets import MultiSelect, SingleChoice

OPTIONS = {"a": "Act", "b": "Means", "c": "Purpose"}


def _plain(feedback_html: str) -> str:
    """What the feedback says with every colour gone: styles and tags removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r'style="[^"]*"', "", feedback_html)).split())


def test_right_wrong_unfinished_and_saved_differ_without_colour(tmp_path):
    store = AnswerStore(tmp_path / "nb.answers.json")
    practice = MultiSelect("s0_pick", "Pick two", OPTIONS, key=["a", "b"], store=store, shuffle=False)
    practice.check_button.click()
    unanswered = _plain(practice.feedback.value)
    practice.value = ["a"]
    practice.check_button.click()
    wrong = _plain(practice.feedback.value)
    practice.value = ["a", "b"]
    practice.check_button.click()
    right = _plain(practice.feedback.value)
    graded = SingleChoice("s0_graded", "Pick one", OPTIONS, graded=True, store=store)
    graded.value = "a"
    graded.check_button.click()
    saved = _plain(graded.feedback.value)
    assert right.startswith("✓ Correct.")
    assert wrong.startswith("✗ Not quite yet.")
    assert unanswered.startswith("⚠ Nothing is answered yet.")
    assert saved.startswith("ℹ Saved.")


def test_app_status_lines_carry_a_mark_for_each_colour():
    from ctie_helpers.apps import ui

    for kind in re.findall(r"\.ctie-status-(\w+) \{color", ui._STYLE):
        assert re.search(rf'\.ctie-status-{kind}::before \{{content: "[ℹ⚠✗] ";\}}', ui._STYLE), kind


KEYBOARD = (w.Button, w.Dropdown, w.RadioButtons, w.Checkbox, w.Text, w.Textarea, w.IntText, w.FloatText,
            w.BoundedIntText, w.BoundedFloatText, w.IntSlider, w.FloatSlider, w.Select, w.SelectMultiple,
            w.ToggleButtons, w.Accordion, w.Tab, w.Combobox, w.FileUpload)
STATIC = (w.HTML, w.HTMLMath, w.Label, w.Box, w.Output, w.Image)


def _leaves(widget: w.Widget) -> list[w.Widget]:
    out = [widget]
    for child in getattr(widget, "children", ()):
        out += _leaves(child)
    return out


def _exercise_widgets(store: AnswerStore) -> list[tuple[str, w.Widget]]:
    out = []
    for n, _session in enumerate(SESSIONS, start=1):
        mod = importlib.import_module(f"ctie_helpers.exercises.session{n}")
        out += [(name, getattr(mod, name)(store=store)) for name in mod.__all__ if name.startswith(f"s{n}_")]
    return out


def _lesson_forms() -> list[tuple[str, w.Widget]]:
    from ctie_helpers.data import load
    from ctie_helpers.lessons import session1, session2, session4, session5

    return [("mse_lab_run", session1.mse_lab_run(load("service_lists"))),
            ("dp_demo", session2.dp_demo(session2.k_report(load("case_records")))),
            ("parameters_form", session4.parameters_form()), ("disaggregation_run", session4.disaggregation_run()),
            ("designs_run", session5.designs_run()), ("rds_run", session5.rds_run()),
            ("calculator", session5.calculator())]


@pytest.mark.parametrize("source", ["exercises", "lessons"])
def test_every_control_is_a_keyboard_operable_input_and_every_button_is_named(source, tmp_path):
    store = AnswerStore(tmp_path / "nb.answers.json")
    built = _exercise_widgets(store) if source == "exercises" else _lesson_forms()
    assert built
    for name, widget in built:
        for leaf in _leaves(widget):
            assert isinstance(leaf, KEYBOARD + STATIC), f"{name}: {type(leaf).__name__} is not a known keyboard control"
            if isinstance(leaf, w.Button):
                assert leaf.description.strip(), f"{name}: a button without a name"
            if isinstance(leaf, w.HTML):
                assert "onclick" not in leaf.value.lower(), f"{name}: a mouse-only click handler in HTML"
