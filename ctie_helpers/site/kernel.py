"""What the course site's build runs first in each notebook's kernel: every output drawn for a static page.

:func:`static_display` registers IPython display formatters for the kernel's lifetime, so the notebook's
own cells run unchanged: an exercise widget displays as its printed question
(:func:`ctie_helpers.widgets.static.to_markdown`), any other widget as the HTML it holds, and a plotly
figure as a ``div`` that draws with the one local plotly.js the site ships (never a CDN).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["static_display", "widget_markdown"]

_INTERACTIVE = "<p><em>(An interactive control: open this page in the workbook's course mode to use it.)</em></p>"


def widget_markdown(widget: Any, *, answers: bool = False, keys: dict[str, Any] | None = None) -> str:
    """A widget as Markdown: exercises as questions, containers by their children, HTML widgets as their HTML."""
    # deferred: saves 107 ms at import of ctie_helpers.site.kernel
    import ipywidgets as w

    # deferred: saves 122 ms at import of ctie_helpers.site.kernel
    from ctie_helpers.widgets.base import ExerciseBase

    # deferred: saves 123 ms at import of ctie_helpers.site.kernel
    from ctie_helpers.widgets.static import to_markdown

    if isinstance(widget, ExerciseBase):
        return to_markdown(widget, answers=answers, key=(keys or {}).get(widget.exercise_id))
    if isinstance(widget, w.Box):
        parts = [widget_markdown(c, answers=answers, keys=keys) for c in widget.children]
        return "\n\n".join(p for p in parts if p)
    if isinstance(widget, w.HTML | w.HTMLMath):
        return f"<div>{widget.value}</div>" if widget.value else ""
    if isinstance(widget, w.Output):
        return ""
    return _INTERACTIVE


def static_display(answers: bool = False, keys_file: str | None = None) -> None:
    """Make this kernel display widgets and plotly figures for a static page (see the module docstring).

    Parameters
    ----------
    answers
        Print exercises with their answers (the facilitator's build).
    keys_file
        A JSON file ``{exercise id: key}`` with the graded items' keys, read by the build from the
        hidden tests of the source notebooks (facilitator's build only).
    """
    # deferred: saves 112 ms at import of ctie_helpers.site.kernel
    import ipywidgets as w

    # deferred: saves 25 ms at import of ctie_helpers.site.kernel
    import plotly.graph_objects as go

    # deferred: saves 41 ms at import of ctie_helpers.site.kernel
    import plotly.io as pio

    # deferred: saves 50 ms at import of ctie_helpers.site.kernel
    from IPython import get_ipython

    # deferred: saves 32 ms at import of ctie_helpers.site.kernel
    from ctie_helpers.plots import alt

    # deferred: saves 28 ms at import of ctie_helpers.site.kernel
    from ctie_helpers.report.figures import bundle

    keys = json.loads(Path(keys_file).read_text(encoding="utf-8")) if keys_file else {}
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.mimebundle_formatter
    formatter.for_type(w.Widget, lambda obj, *_, **__: {
        "text/markdown": widget_markdown(obj, answers=answers, keys=keys), "text/plain": ""})
    def static(fig: go.Figure) -> dict[str, Any]:
        return {k: v for k, v in bundle(fig).items() if k != "application/vnd.plotly.v1+json"}

    formatter.for_type(go.Figure, lambda fig, *_, **__: static(fig))
    alt.static_bundle = static  # charts shown with their caption (plots.alt.show) take the same path
    # fig.show() goes through plotly's renderers, not the display formatters.
    pio.renderers["ctie_static"] = _renderer(static)
    pio.renderers.default = "ctie_static"


def _renderer(static: Any) -> Any:
    # deferred: saves 31 ms at import of ctie_helpers.site.kernel
    import plotly.graph_objects as go

    # deferred: saves 276 ms at import of ctie_helpers.site.kernel
    from plotly.io._base_renderers import MimetypeRenderer

    class StaticRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict: Any) -> dict[str, Any]:
            return static(go.Figure(fig_dict))

    return StaticRenderer()
