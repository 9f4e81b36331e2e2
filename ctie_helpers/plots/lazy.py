"""A chart as HTML that fetches the local plotly.js only when a chart is shown (course mode's low bandwidth).

Course mode's pages do not load JupyterLab's plotly extension (4.8 MB of JavaScript, on every page, even a
page with no chart: benchmarks/README.md, "course"). Instead, when the kernel runs under course mode,
:data:`LAZY_PLOTLY_ENV` holds the path of plotly.js under the page's Voilà base URL (set by
:func:`ctie_helpers.course.server.course_env`), and every chart carries this HTML beside plotly's own
mimebundle. Where the plotly extension is loaded (JupyterLab, the apps) it ranks above HTML and draws the
chart as before; on a course page the HTML draws it: the first chart of the page adds one ``<script>`` for
plotly.js (served by the same server, cacheable), later charts reuse it. Until then, or if plotly.js cannot
be loaded, the chart's text alternative stands in its place.
"""

from __future__ import annotations

import html
import json
import os
from typing import Any

__all__ = ["LAZY_PLOTLY_ENV", "lazy_chart_html", "lazy_plotly_path"]

#: The environment variable naming plotly.js's path under the Voilà base URL (``templates/.../plotly.min.js``).
LAZY_PLOTLY_ENV = "CTIE_LAZY_PLOTLY"

# Runs as the output is shown (Voilà's outputs are trusted): the script's two previous siblings are the
# figure's JSON and the chart's div. One promise per page loads plotly.js once; a page with no chart never
# asks for it. The base URL is the one Voilà's page carries on <body> (also under JupyterHub's /user/NAME/).
_LOADER = """(function () {
  var me = document.currentScript, spec = JSON.parse(me.previousElementSibling.textContent);
  var div = me.previousElementSibling.previousElementSibling, w = window;
  if (!w.ctiePlotly) {
    w.ctiePlotly = new Promise(function (ok, fail) {
      if (w.Plotly) { ok(w.Plotly); return; }
      var base = document.body && document.body.getAttribute('data-base-url');
      if (!base) { fail(new Error('no Voila base URL')); return; }
      var s = document.createElement('script');
      s.src = base + %s;
      s.onload = function () { w.Plotly ? ok(w.Plotly) : fail(new Error('plotly.js did not load')); };
      s.onerror = function () { fail(new Error('plotly.js did not load')); };
      document.head.appendChild(s);
    });
  }
  w.ctiePlotly.then(function (P) {
    div.textContent = '';
    return P.newPlot(div, spec.data || [], spec.layout || {}, spec.config || {});
  }).catch(function () { div.style.height = 'auto'; });
})();"""


def lazy_plotly_path() -> str | None:
    """plotly.js's path under the Voilà base URL when this kernel runs under course mode, else None."""
    return os.environ.get(LAZY_PLOTLY_ENV) or None


def lazy_chart_html(spec: dict[str, Any], alt: str, path: str) -> str:
    """The chart ``spec`` (plotly's JSON: data, layout, config) as HTML that loads plotly.js from ``path``.

    Parameters
    ----------
    spec : dict
        The figure as :func:`plotly.io.to_json` gives it, with ``config`` added if any.
    alt : str
        The chart's text alternative, shown in the chart's place until the chart is drawn (or if it cannot be).
    path : str
        plotly.js's path under the page's Voilà base URL (:data:`LAZY_PLOTLY_ENV`).
    """
    height = ((spec.get("layout") or {}).get("height")) or 450
    spec = {**spec, "config": {"displaylogo": False, "responsive": True, **(spec.get("config") or {})}}
    # "</" inside a script element would end it: JSON allows the escaped form.
    data = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return (f'<div class="ctie-chart" style="height:{int(height)}px;width:100%">'
            f"<p>{html.escape(alt)}</p></div>"
            f'<script type="application/json">{data}</script>'
            f"<script>{_LOADER % json.dumps(path)}</script>")
