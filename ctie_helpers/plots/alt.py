"""Every chart's text alternative, and the one way a chart is shown with it.

A builder in :mod:`ctie_helpers.plots` writes one or two sentences about what its chart shows, from the
same values it plots, into ``fig.layout.meta["alt"]`` (:func:`with_alt`); :func:`extremes` and
:func:`number` keep those sentences alike across builders. :func:`figure_outputs` is the one place that
turns a figure into what a page shows: the chart (plotly's own mimebundle, offline) followed by its text
alternative as a visible caption, so a trainee who cannot see the chart reads the same facts.
Notebooks call :func:`show`; the apps' :class:`~ctie_helpers.apps.ui.FigureSlot` and the course's
:class:`~ctie_helpers.widgets.run.RunOnClick` put :func:`figure_outputs` into an ``Output`` widget.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.i18n.choice import current_language
from ctie_helpers.i18n.formats import format_number
from ctie_helpers.plots.lazy import lazy_chart_html, lazy_plotly_path

__all__ = ["alt_text", "caption_html", "count_grid_text", "extremes", "figure_outputs", "number", "show",
           "translated_figure", "with_alt"]


def number(v: float, unit: str = "") -> str:
    """``v`` as people read it: thousands separated, at most one decimal (none for large values)."""
    v = float(v)
    return format_number(v, decimals=0 if abs(v) >= 100 or v == int(v) else 1) + unit


def _finite(pairs: Iterable[tuple[Any, Any]]) -> list[tuple[str, float]]:
    out = []
    for label, v in pairs:
        try:
            f = float(v)
        except (TypeError, ValueError):
            continue
        if not math.isnan(f):
            out.append((str(label), f))
    return out


def extremes(labels: Sequence[Any], values: Sequence[Any], unit: str = "",
             high: str | None = None, low: str | None = None) -> str:
    """``"highest A (v), lowest B (w)"`` over the finite values (first label wins a tie); missing skipped.

    In the language in force; ``high`` and ``low`` (default "highest", "lowest") are the caller's words,
    already translated."""
    pairs = _finite(zip(labels, values, strict=True))
    if not pairs:
        return _("no values shown")
    if len(pairs) == 1:
        return _("only %(label)s (%(value)s)") % {"label": pairs[0][0], "value": number(pairs[0][1], unit)}
    hi = max(pairs, key=lambda p: p[1])
    lo = min(pairs, key=lambda p: p[1])
    if hi[1] == lo[1]:
        return _("all %(n)s at %(value)s") % {"n": len(pairs), "value": number(hi[1], unit)}
    return _("%(high)s %(high_label)s (%(high_value)s), %(low)s %(low_label)s (%(low_value)s)") % {
        "high": high or _("highest"), "high_label": hi[0], "high_value": number(hi[1], unit),
        "low": low or _("lowest"), "low_label": lo[0], "low_value": number(lo[1], unit)}


def count_grid_text(counts: Any, lnames: Mapping[str, str], cnames: Mapping[str, str], noun: str) -> str:
    """A level × category count heatmap in words: the total, the fullest cell and the empty cells (gaps)."""
    cells = [(f"{lnames[lv]} × {cnames[c]}", int(counts.loc[lv, c])) for lv in counts.index for c in counts.columns]
    gaps = [name for name, n in cells if n == 0]
    top = max(cells, key=lambda p: p[1]) if cells else ("none", 0)
    return (f"Heatmap of {sum(n for _, n in cells)} {noun} over {len(cells)} level × category cells: most in "
            f"{top[0]} ({top[1]}); {len(gaps)} cell{'s' if len(gaps) != 1 else ''} with none"
            + (f" ({', '.join(gaps[:4])}{', …' if len(gaps) > 4 else ''})." if gaps else "."))


def with_alt(fig: go.Figure, text: str) -> go.Figure:
    """Store ``text`` as ``fig``'s text alternative (``layout.meta["alt"]``), keeping other meta keys."""
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(meta={**meta, "alt": " ".join(text.split())})
    return fig


def alt_text(fig: go.Figure) -> str:
    """The figure's text alternative, or a plain fallback naming its title (never empty)."""
    meta = fig.layout.meta
    if isinstance(meta, dict) and str(meta.get("alt", "")).strip():
        return str(meta["alt"])
    title = fig.layout.title.text or _("a chart")
    return _("Chart: %(title)s.") % {"title": title}


def caption_html(fig: go.Figure) -> str:
    """The visible caption shown under a chart: its text alternative, marked as the chart's description."""
    return ('<p class="ctie-chart-alt" role="note" style="margin:0.2em 0 1em;font-size:0.95em">'
            "<b>" + html.escape(_("What this chart shows:")) + f"</b> {html.escape(alt_text(fig))}</p>")


def translated_figure(fig: go.Figure, lang: str | None = None) -> go.Figure:
    """A copy of ``fig`` whose title, axis titles, legend title, trace names and annotations are in ``lang``.

    Builders write English (extracted by keyword, ``babel.cfg``); a text with no translation stays English.
    The figure given is not changed, and in English it is returned as it is.
    """
    code = lang or current_language()
    if code == "en":
        return fig
    out = go.Figure(fig)

    def tr(text: Any) -> Any:
        return _(text, code) if isinstance(text, str) and text else text

    layout = out.layout
    layout.title.text = tr(layout.title.text)
    layout.legend.title.text = tr(layout.legend.title.text)
    for axis in [*out.select_xaxes(), *out.select_yaxes()]:
        axis.title.text = tr(axis.title.text)
    for trace in out.data:
        if getattr(trace, "name", None):
            trace.name = tr(trace.name)
    for note in layout.annotations or ():
        note.text = tr(note.text)
    return out


#: Set by the static course site's kernel (:mod:`ctie_helpers.site.kernel`): a static HTML page cannot run
#: plotly's mimetype renderer, so the site swaps in its own bundle (a div drawn by the page's local plotly.js).
static_bundle: Callable[[go.Figure], dict[str, Any]] | None = None


def figure_outputs(fig: go.Figure) -> list[dict[str, Any]]:
    """The chart and its caption as two ``display_data`` outputs (for an ``Output`` widget or a notebook).

    The chart is plotly's own mimebundle (``application/vnd.plotly.v1+json``, drawn offline by the plotly
    extension), built from :func:`plotly.io.to_json` rather than through ``plotly.io.renderers``: importing
    the renderers imports nbformat and jsonschema, whose URI-syntax grammars took 5 to 12 s to compile on
    this machine, on the first chart of every kernel. Under course mode the bundle also holds HTML that draws
    the chart with plotly.js loaded on the page's first chart (:mod:`ctie_helpers.plots.lazy`).
    """
    # deferred: saves 2 ms at import of ctie_helpers.plots.alt (under 20 ms, loaded machine: may move up)
    import json

    # deferred: saves 4 ms at import of ctie_helpers.plots.alt (under 20 ms, loaded machine: may move up)
    import plotly.io as pio

    fig = translated_figure(fig)
    spec = json.loads(pio.to_json(fig, validate=False, remove_uids=False))
    if any(t.type in ("choropleth", "scattergeo") for t in fig.data):
        # deferred: saves 379 ms at import of ctie_helpers.plots.alt
        from ctie_helpers.plots.maps import OFFLINE_TOPOJSON_URL

        # a map: plotly.js would fetch its world topojson from the CDN (see plots.maps)
        spec["config"] = {"topojsonURL": OFFLINE_TOPOJSON_URL}
    bundle = {"application/vnd.plotly.v1+json": spec, "text/plain": f"<chart: {alt_text(fig)}>"}
    plotly_js = lazy_plotly_path()
    if plotly_js:  # course mode: its pages draw the chart from this HTML, without plotly's extension
        bundle["text/html"] = lazy_chart_html(spec, alt_text(fig), plotly_js)
    if static_bundle is not None:
        bundle = static_bundle(fig)
    caption = {"text/html": caption_html(fig), "text/plain": alt_text(fig)}
    return [{"output_type": "display_data", "data": bundle, "metadata": {}},
            {"output_type": "display_data", "data": caption, "metadata": {}}]


def show(fig: go.Figure) -> None:
    """Display ``fig`` in a notebook or course page with its text alternative under it."""
    # deferred: saves 75 ms at import of ctie_helpers.plots.alt
    from IPython.display import display

    for out in figure_outputs(fig):
        display(out["data"], raw=True)
