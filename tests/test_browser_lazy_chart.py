"""Course mode's charts wait for the page's widgets, and for the trainee to come near a chart, before
fetching plotly.js (issue 11), in headless Chromium.

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


def _open(page, widget_after_ms: int | None, text_above_px: int = 0) -> list[str]:
    """Open a page holding one lazy chart (and a widget shown ``widget_after_ms`` after load), below
    ``text_above_px`` pixels of text; the plotly.js requests, as they come."""
    chart = lazy.lazy_chart_html({"data": [], "layout": {"height": 200}}, "Chart: probe.", PATH)
    if text_above_px:
        chart = f'<p id="reading" style="height:{text_above_px}px;margin:0">Text to read first.</p>{chart}'
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


def test_a_chart_below_the_screen_waits_until_the_trainee_scrolls_near_it():
    """Compiling plotly.js freezes the page for most of a second: a chart far down the page (here under 3000 px
    of text, the screen 720 px high) must not take that from the controls the trainee uses first."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        asked = _open(page, widget_after_ms=100, text_above_px=3000)
        page.wait_for_function("window.widgetAt !== undefined")
        page.wait_for_timeout(1500)  # settled: the idle fetch would have run by now if it were due
        assert asked == [] and page.inner_text(".ctie-chart") == "Chart: probe."
        page.mouse.wheel(0, 3000 - 720 - lazy.NEAR_PX + 50)  # the chart's top edge now within NEAR_PX
        page.wait_for_selector(".ctie-chart .main-svg", timeout=10_000)
        assert asked == [BASE + PATH]


def test_a_chart_within_near_px_of_the_screen_is_drawn_without_scrolling():
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        asked = _open(page, widget_after_ms=100, text_above_px=720 + lazy.NEAR_PX - 40)
        page.wait_for_selector(".ctie-chart .main-svg", timeout=10_000)
        assert asked == [BASE + PATH]
        assert page.evaluate("window.scrollY") == 0
