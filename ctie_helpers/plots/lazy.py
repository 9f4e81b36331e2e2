"""A chart as HTML that fetches the local plotly.js only when a chart is shown (course mode's low bandwidth).

Course mode's pages do not load JupyterLab's plotly extension (4.8 MB of JavaScript, on every page, even a
page with no chart: benchmarks/README.md, "course"). Instead, when the kernel runs under course mode,
:data:`LAZY_PLOTLY_ENV` holds the path of plotly.js under the page's Voilà base URL (set by
:func:`ctie_helpers.course.server.course_env`), and every chart carries this HTML beside plotly's own
mimebundle. Where the plotly extension is loaded (JupyterLab, the apps) it ranks above HTML and draws the
chart as before; on a course page the HTML draws it: the first chart of the page adds one ``<script>`` for
plotly.js (served by the same server, cacheable), later charts reuse it. That script is added once the page
has settled (its first widget is shown, or :data:`WAIT_MS` after the page has loaded, on a page whose widgets
never show) and a chart has come within :data:`NEAR_PX` of the screen, not while the widget manager is
still loading, nor for a chart the trainee has not scrolled to. Compiling plotly.js blocks the page for
about 0.7 s (measured 2026-12-07, this machine: a 0.70-0.78 s long task): with the widget manager, the chart
page's first widget came after a median 5.3 s instead of 3.0 s (2026-12-06, load 5-7); right after the first
widget, it still held up the controls of the six pages with charts further down (their first control
usable at 1.9-2.1 s against 1.2-1.6 s without, 2026-12-07, idle). Until then, or if plotly.js cannot be
loaded, the chart's text alternative stands in its place.
"""

from __future__ import annotations

import html
import json
import os
from typing import Any

__all__ = ["LAZY_PLOTLY_ENV", "NEAR_PX", "WAIT_MS", "lazy_chart_html", "lazy_plotly_path"]

#: Milliseconds after the page's load event when plotly.js may be fetched anyway, if no widget has shown by then.
WAIT_MS = 5000
#: How close (pixels below the screen's bottom edge) a chart must come before plotly.js is fetched for it.
NEAR_PX = 100
#: The environment variable naming plotly.js's path under the Voilà base URL (``templates/.../plotly.min.js``).
LAZY_PLOTLY_ENV = "CTIE_LAZY_PLOTLY"

# Runs as the output is shown (Voilà's outputs are trusted): the script's two previous siblings are the
# figure's JSON and the chart's div. One promise per page loads plotly.js once; a page with no chart never
# asks for it. The base URL is the one Voilà's page carries on <body> (also under JupyterHub's /user/NAME/).
# plotly.js is fetched when both hold: the page has settled (its first widget is shown, or WAIT_MS after the
# load event on a page whose widgets never show) and one of the page's charts has come within NEAR_PX of the
# screen (one IntersectionObserver watches every chart, including those drawn later on a click). Compiling
# plotly.js (3.5 MB) blocks the page for about 0.7 s: fetched with the widget manager, it delayed the page's
# controls; fetched as soon as the first widget showed, it still froze the controls the trainee was about to
# use, on pages whose charts are further down (benchmarks/README.md, "course").
_LOADER = """(function () {
  var me = document.currentScript, spec = JSON.parse(me.previousElementSibling.textContent);
  var div = me.previousElementSibling.previousElementSibling, w = window, d = document;
  if (!w.ctiePlotly) {
    var settled = false, near = false, asked = false, seen = null, go = function () {};
    w.ctiePlotly = new Promise(function (ok, fail) {
      if (w.Plotly) { ok(w.Plotly); return; }
      var base = d.body && d.body.getAttribute('data-base-url');
      if (!base) { fail(new Error('no Voila base URL')); return; }
      function fetch() {
        var s = d.createElement('script');
        s.src = base + %s;
        s.onload = function () { w.Plotly ? ok(w.Plotly) : fail(new Error('plotly.js did not load')); };
        s.onerror = function () { fail(new Error('plotly.js did not load')); };
        d.head.appendChild(s);
      }
      go = function () {
        if (asked || !settled || !near) { return; }
        asked = true;
        (w.requestIdleCallback || function (f) { setTimeout(f, 0); })(fetch, {timeout: 1000});
      };
      function settle() {
        if (settled) { return; }
        settled = true;
        if (seen) { seen.disconnect(); }
        go();
      }
      if (d.querySelector('.jupyter-widgets')) { settle(); return; }
      if (w.MutationObserver) {
        seen = new MutationObserver(function () { if (d.querySelector('.jupyter-widgets')) { settle(); } });
        seen.observe(d.documentElement, {childList: true, subtree: true});
      }
      var later = function () { setTimeout(settle, %d); };
      d.readyState === 'complete' ? later() : w.addEventListener('load', later);
    });
    w.ctieNear = w.IntersectionObserver ? new IntersectionObserver(function (entries, watch) {
      if (entries.some(function (e) { return e.isIntersecting; })) { near = true; watch.disconnect(); go(); }
    }, {rootMargin: '0px 0px %dpx 0px'}) : null;
    if (!w.ctieNear) { near = true; go(); }
  }
  if (w.ctieNear) { w.ctieNear.observe(div); }
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
            f"<script>{_LOADER % (json.dumps(path), WAIT_MS, NEAR_PX)}</script>")
