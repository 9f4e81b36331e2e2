"""Course mode's charts wait for the page's widgets before fetching plotly.js (issue 11), in headless Chromium.

No server: the page and plotly.js are answered by Playwright's router, plotly.js by a stand-in that records
when it ran and draws a marker. The page's "widget" is an element with the widget manager's class, added
by a timer as the widget manager would add it.
"""

from __future__ import annotations

import pytest

from ctie_helpers.plots import lazy
from tests.browser_support import chromium

pytestmark = [pytest.mark.browser]

BASE = "http://127.0.0.1:9/voila/"
PATH = "templates/ctie-course/static/plotly-9.9.9.min.js?v=9.9.9"
STAND_IN = ("window.plotlyAt = performance.now(); window.Plotly = {newPlot: function (div) {"
            " div.innerHTML = '<svg class=\"main-svg\"></svg>'; return Promise.resolve(); }};")


def _open(page, widget_after_ms: int | None) -> list[str]:
    """Open a page holding one lazy chart (and a widget shown ``widget_after_ms`` after load); plotly requests."""
    chart = lazy.lazy_chart_html({"data": [], "layout": {"height": 200}}, "Chart: probe.", PATH)
    widget = "" if widget_after_ms is None else (
        "<script>window.addEventListener('load', function () { setTimeout(function () {"
        " var w = document.createElement('div'); w.className = 'jupyter-widgets'; document.body.appendChild(w);"
        f" window.widgetAt = performance.now(); }}, {widget_after_ms}); }});</script>")
    html = f'<html><head></head><body data-base-url="{BASE}">{chart}{widget}</body></html>'
    asked: list[str] = []

    def answer(route):
        if "plotly" in route.request.url:
            asked.append(route.request.url)
            route.fulfill(status=200, content_type="text/javascript", body=STAND_IN)
        else:
            route.fulfill(status=200, content_type="text/html", body=html)

    page.route("http://127.0.0.1:9/**", answer)
    page.goto(BASE + "render/probe.ipynb")
    return asked


def test_plotly_js_is_fetched_after_the_first_widget_shows_not_with_the_widget_manager():
    with chromium() as browser:
        page = browser.new_page()
        asked = _open(page, widget_after_ms=1500)
        page.wait_for_timeout(1000)
        assert asked == [] and page.inner_text(".ctie-chart") == "Chart: probe."  # the text stands in meanwhile
        page.wait_for_selector(".ctie-chart .main-svg", timeout=10_000)
        assert asked == [BASE + PATH]
        assert page.evaluate("window.plotlyAt > window.widgetAt")


def test_a_chart_on_a_page_without_widgets_is_still_drawn(monkeypatch):
    monkeypatch.setattr(lazy, "WAIT_MS", 300)
    with chromium() as browser:
        page = browser.new_page()
        asked = _open(page, widget_after_ms=None)
        page.wait_for_selector(".ctie-chart .main-svg", timeout=10_000)
        assert asked == [BASE + PATH]
