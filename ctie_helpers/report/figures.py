"""Showing report charts so they work offline everywhere (the charts are built in :mod:`ctie_helpers.plots.report`).

:func:`show` displays a figure as one output carrying two representations: plotly's own JSON
(``application/vnd.plotly.v1+json``, rendered by the labextension shipped with plotly when the template
is opened in JupyterLab) and an HTML ``div`` + ``Plotly.newPlot`` call without plotly.js, which the HTML
report runs against the single copy of plotly.js embedded from the installed package
(:mod:`ctie_helpers.report.html`). No renderer that loads a CDN is ever used (STACK_NOTES 5). A map's
HTML starts with :data:`~ctie_helpers.plots.maps.OFFLINE_GEO_SCRIPT`, without which plotly.js would fetch
its world topojson from the CDN.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

__all__ = ["bundle", "show"]



def bundle(fig: go.Figure) -> dict[str, object]:
    """``fig`` as a display bundle: plotly's JSON for JupyterLab, a div without plotly.js for a static page."""
    # deferred: saves 1535 ms at import of ctie_helpers.report.figures
    from ctie_helpers.plots.maps import OFFLINE_GEO_SCRIPT

    height = fig.layout.height or 450
    geo = any(t.type in ("choropleth", "scattergeo") for t in fig.data)
    return {
        "application/vnd.plotly.v1+json": json.loads(pio.to_json(fig, validate=False)),
        "text/html": (f"<script>{OFFLINE_GEO_SCRIPT}</script>" if geo else "")
        + fig.to_html(full_html=False, include_plotlyjs=False, default_height=f"{height}px",
                      config={"displaylogo": False, "responsive": True}),
        "text/plain": f"<chart: {fig.layout.title.text or 'figure'}>",
    }


def show(fig: go.Figure) -> None:
    """Display ``fig`` for JupyterLab (plotly mimetype) and for the HTML report (div without plotly.js),
    with its text alternative as a caption under it (:func:`ctie_helpers.plots.alt.caption_html`)."""
    # deferred: saves 54 ms at import of ctie_helpers.report.figures
    from IPython.display import display

    # deferred: saves 3 ms at import of ctie_helpers.report.figures (under 20 ms, loaded machine: may move up)
    from ctie_helpers.plots.alt import alt_text, caption_html

    display(bundle(fig), raw=True)
    display({"text/html": caption_html(fig), "text/plain": alt_text(fig)}, raw=True)
