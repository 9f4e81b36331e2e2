"""RunOnClick (issue 11): nothing is computed when the page opens; a click computes from the form's
current values and shows the results below the button; a choice the computation cannot use is said
in words, and the page keeps working. Driven headless: set ``.value``, call ``.click()``."""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go

from ctie_helpers.errors import UserError
from ctie_helpers.widgets import RunOnClick


def _texts(widget: RunOnClick) -> list[str]:
    return [o["data"].get("text/plain", "") for o in widget.output.outputs]


def test_nothing_runs_until_the_click_then_the_form_values_are_used():
    calls = []

    def compute(n, word):
        calls.append((n, word))
        return n * 3

    run = RunOnClick("Run the simulation", compute, lambda r: f"<p>result {r}</p>",
                     inputs={"n": w.IntText(value=2), "word": w.Text(value="a")})
    assert calls == [] and run.output.outputs == () and run.result is None
    assert "Nothing computed yet" in run.status.value
    run.inputs["n"].value = 7
    run.inputs["word"].value = "b"
    run.click()
    assert calls == [(7, "b")] and run.result == 21
    assert _texts(run) == ["<p>result 21</p>"]
    assert "✓ Done" in run.status.value and not run.button.disabled
    # the form and the button are ordinary controls in page order, so a keyboard reaches them
    assert run.children[:3] == (run.inputs["n"], run.inputs["word"], run.button)
    assert run.button.description == "Run the simulation"


def test_tables_and_figures_are_shown_in_order_each_figure_with_its_text_alternative():
    import pandas as pd

    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    fig.update_layout(meta={"alt": "Bar chart of two things: highest b (2), lowest a (1)."})
    run = RunOnClick("Go", lambda: [pd.DataFrame({"x": [41]}), fig])
    run.click()
    kinds = [sorted(o["data"]) for o in run.output.outputs]
    assert "text/html" in kinds[0] and "41" in run.output.outputs[0]["data"]["text/html"]
    assert "application/vnd.plotly.v1+json" in kinds[1]
    assert "highest b (2), lowest a (1)" in run.output.outputs[2]["data"]["text/html"]
    assert len(run.output.outputs) == 3


def test_a_choice_the_computation_cannot_use_is_explained_and_a_new_click_works():
    def compute(n):
        if n < 1:
            raise UserError("the number of samples must be at least 1")
        return n

    run = RunOnClick("Run", compute, inputs={"n": w.IntText(value=0)})
    run.click()
    assert "✗ Could not compute: the number of samples must be at least 1" in run.status.value
    assert run.output.outputs == () and run.result is None and not run.button.disabled
    run.inputs["n"].value = 4
    run.click()
    assert run.result == 4 and "✓ Done" in run.status.value
