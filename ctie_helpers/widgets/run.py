"""A computation that runs when the trainee clicks, not when the page opens.

Simulations and estimates take a second or more each; run on page load, they hold up every course page
(issue 11: a page shows its first widget in under 1.5 s). :class:`RunOnClick` shows a short form (the
inputs given, if any) and a button; the computation runs on click and its results appear below the
button. Results are put into the ``Output`` widget as ready-made outputs (``.outputs``), not printed into
it, so the widget works the same in a kernel, in Voilà and in a plain pytest process.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from ctie_helpers.i18n.catalog import gettext

__all__ = ["RunOnClick", "to_outputs"]

_STATUS = '<div role="status" aria-live="polite" style="margin:0.3em 0">{}</div>'


def to_outputs(shown: Any) -> list[dict[str, Any]]:
    """``display_data`` outputs for what :class:`RunOnClick` shows: a figure (with its text alternative), a
    string (HTML), any object IPython can display (tables, Stylers, widgets), or a list of these in order."""
    # A figure exists only once plotly is imported: a page without charts never loads plotly (the offline
    # edition's browser would download 10 MB for nothing).
    graph_objs = sys.modules.get("plotly.graph_objs")

    if shown is None:
        return []
    if isinstance(shown, list | tuple):
        return [out for item in shown for out in to_outputs(item)]
    if graph_objs is not None and isinstance(shown, graph_objs.Figure):
        # deferred: saves 17 ms at import of ctie_helpers.widgets.run (under 20 ms, loaded machine: may move up)
        from ctie_helpers.plots.alt import figure_outputs

        return figure_outputs(shown)
    if isinstance(shown, str):
        data: dict[str, Any] = {"text/html": shown, "text/plain": shown}
    else:
        # deferred: saves <1 ms at import of ctie_helpers.widgets.run (under 20 ms, loaded machine: may move up)
        from IPython.core.formatters import DisplayFormatter

        data, _meta = DisplayFormatter().format(shown)
    return [{"output_type": "display_data", "data": data, "metadata": {}}]


class RunOnClick(w.VBox):
    """A button (and optional form) whose computation runs on click, with the results shown below it.

    Parameters
    ----------
    label
        The button's text, saying what a click does (e.g. ``"Run the simulation"``).
    compute
        Called on click with one keyword argument per input (its current ``.value``); returns a result.
    render
        Turns the result into what is shown: a figure, a table, an HTML string or a list of these
        (default: the result itself). Figures are shown with their text alternative.
    inputs
        ``{argument name: input widget}``, shown above the button in that order.
    intro
        One sentence above the form saying what will be computed and about how long it takes.

    Attributes
    ----------
    button, output, status
        The button, the ``Output`` the results go to, and the HTML line that says what happened.
    result
        What ``compute`` returned on the last successful run (``None`` before the first click).
    """

    def __init__(self, label: str, compute: Callable[..., Any], render: Callable[[Any], Any] | None = None, *,
                 inputs: Mapping[str, w.ValueWidget] | None = None, intro: str = "") -> None:
        self.compute = compute
        self.render = render
        self.inputs = dict(inputs or {})
        self.result: Any = None
        label, intro = gettext(label), gettext(intro) if intro else intro  # the caller's English, shown translated
        self.button = w.Button(description=label, tooltip=label, icon="play", button_style="primary",
                               layout=w.Layout(width="auto", min_width="12em"))
        self.status = w.HTML(_STATUS.format(html.escape(gettext("Nothing computed yet: click %(button)s.")).replace(
            "%(button)s", f"<b>{html.escape(label)}</b>")))
        self.output = w.Output()
        head: list[w.Widget] = [w.HTML(f"<p>{html.escape(intro)}</p>")] if intro else []
        super().__init__(children=[*head, *self.inputs.values(), self.button, self.status, self.output],
                         layout=w.Layout(width="100%", margin="0.5em 0"))
        self.add_class("ctie-run-on-click")
        self.button.on_click(self._run)

    def click(self) -> None:
        """Run the computation as a click on the button does."""
        self.button.click()

    def _run(self, _button: Any = None) -> None:
        # deferred: saves <1 ms at import of ctie_helpers.widgets.run (under 20 ms, loaded machine: may move up)
        from ctie_helpers.errors import UserError

        kwargs = {name: widget.value for name, widget in self.inputs.items()}
        self.button.disabled = True
        self.status.value = _STATUS.format(html.escape(gettext("⏳ Computing…")))
        try:
            result = self.compute(**kwargs)
            outputs = to_outputs(self.render(result) if self.render else result)
        except (UserError, ValueError) as exc:  # a choice the computation cannot use: say why, keep the page
            self.status.value = _STATUS.format(html.escape(gettext("✗ Could not compute: %(error)s") % {"error": exc}))
            return
        finally:
            self.button.disabled = False
        self.result = result
        self.output.outputs = tuple(outputs)
        self.status.value = _STATUS.format(html.escape(
            gettext("✓ Done: the results are below. Change a choice and click again to recompute.") if self.inputs
            else gettext("✓ Done: the results are below.")))

