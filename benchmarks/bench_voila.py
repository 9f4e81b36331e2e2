"""(2) Voilà apps in headless Chromium: request -> first interactive widget (median < 3 s), and
control -> chart update (median < 150 ms on the default data, < 500 ms on a 1-million-row household file).

Each app of :data:`ctie_helpers.apps.catalog.APPS` (the facilitator dashboard included) is served alone, as
``ctie app NAME --preheat`` serves it. A page load is timed from ``goto`` to the first visible
control. The update is timed from choosing another "Admin area" in the indicator dashboard until the
drawn chart's title names that area, i.e. including the round trip to the kernel, the
computation, the safeguards gate and the redraw. The million-row case serves a notebook that hands the
cached frame to ``build_indicators()`` (through its per-dataset frame cache, see the README) before display.
In-kernel update times (control set in Python -> figure replaced, no browser) are given for information.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import CACHE, Figure, household, median
from benchmarks.voila_server import CHROMIUM, CHROMIUM_ARGS, app_notebook, page_times, serve

NAME = "voila"
TITLE = "Voilà apps: first widget and control-to-chart update"

AREA = ".widget-dropdown:has(label:text-is('Admin area')) select"
# The chart's title names the chosen area, so the update is done when the drawn title shows the new one.
_TITLE_SHOWS = "(label) => Array.from(document.querySelectorAll('.gtitle')).some(t => t.textContent.includes(label))"


def big_notebook(folder: Path, rows: int) -> Path:
    path = CACHE / f"household_{rows}.pkl"
    household(rows)  # make sure the cache exists before the kernel reads it
    source = ("import pandas as pd\nfrom ctie_helpers.apps import build_indicators\napp = build_indicators()\n"
              f"app._frames['household_survey'] = pd.read_pickle({str(path)!r})\n"
              "app.dataset.value = 'household_survey'\napp")
    return app_notebook(folder, "indicators_big", source)


def first_widget(browser, url: str, timeout_s: float = 90) -> float:
    return page_times(browser, url, timeout_s)[1]


def updates(browser, url: str, n: int, timeout_s: float = 180) -> list[float]:
    """Times (s) from choosing another admin area to the chart's next redraw, ``n`` times."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout_s * 1000)
        select = page.locator(AREA)
        select.wait_for(state="visible", timeout=timeout_s * 1000)
        # ipywidgets writes option labels with non-breaking spaces; the chart title has plain ones.
        labels = [t.replace("\xa0", " ").strip() for t in select.locator("option").all_text_contents()]
        page.wait_for_timeout(500)  # let the first render settle
        out = []
        for i in range(n):
            label = labels[(i + 1) % len(labels)]
            t = time.perf_counter()
            select.select_option(index=(i + 1) % len(labels))
            page.wait_for_function(_TITLE_SHOWS, arg=label, timeout=timeout_s * 1000)
            out.append(time.perf_counter() - t)
            page.wait_for_timeout(200)
        return out
    finally:
        context.close()


def in_kernel(rows: int | None, n: int) -> list[float]:
    """Control -> figure replaced inside Python (no browser): the kernel's share of an update."""
    from ctie_helpers.apps import build_indicators

    app = build_indicators()
    if rows:
        app._frames["household_survey"] = household(rows)
        app.dataset.value = "household_survey"
    areas = [v for _, v in app.area.options]
    out = []
    for i in range(n):
        t = time.perf_counter()
        app.area.value = areas[(i + 1) % len(areas)]
        out.append(time.perf_counter() - t)
    if app.status.kind == "error":
        raise RuntimeError(f"indicator dashboard: {app.status.message}")
    return out


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:150]}"


def _apps() -> dict[str, str]:
    from ctie_helpers.apps.catalog import APPS

    return {name: spec.source for name, spec in APPS.items()}  # includes the facilitators' dashboard


def run(quick: bool = False) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    reps, n_updates = (1, 5) if quick else (3, 15)
    rows = 30_000 if quick else 1_000_000
    figures: list[Figure] = []
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ctie-bench-apps-") as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--headless", *CHROMIUM_ARGS])
        apps = _apps()
        for name in (["indicators", "mse"] if quick else list(apps)):
            nb = app_notebook(tmp, name, apps[name])
            times: list[float] = []
            try:
                with serve(nb) as (url, _):
                    for _ in range(reps):
                        times.append(first_widget(browser, url))
                        time.sleep(4)  # the preheated pool refills before the next visitor
                    if name == "indicators":
                        try:
                            ups = updates(browser, url, n_updates)
                        except Exception as exc:  # noqa: BLE001
                            figures.append(Figure("control -> chart, default data (browser)", None, "ms",
                                                  "< 150 ms", False, note=_why(exc)))
            except Exception as exc:  # noqa: BLE001 - one app failing is a finding; measure the rest
                figures.append(Figure(f"first widget: {name}", None, "s", "< 3 s", False, note=_why(exc)))
                continue
            loads += times
            figures.append(Figure(f"first widget: {name}", median(times), "s", note=f"median of {reps}; "
                                  f"runs {', '.join(f'{t:.2f}' for t in times)} s"))
        m = median(loads)
        figures.insert(0, Figure("first interactive widget, median over apps and runs", m, "s", "< 3 s",
                                 None if m is None else m < 3))
        if "ups" in locals():
            mu = statistics.median(ups) * 1000
            figures.append(Figure("control -> chart, default data (browser)", mu, "ms", "< 150 ms", mu < 150,
                                  note=f"median of {len(ups)}; max {max(ups) * 1000:.0f} ms"))
        try:
            with serve(big_notebook(tmp, rows), ready_timeout=300) as (url, _):
                time.sleep(10 if not quick else 2)  # the preheated kernel loads the big frame first
                big = updates(browser, url, n_updates, timeout_s=300)
            mb = statistics.median(big) * 1000
            figures.append(Figure(f"control -> chart, {rows:,} household rows (browser)", mb, "ms", "< 500 ms",
                                  mb < 500, note=f"median of {len(big)}; max {max(big) * 1000:.0f} ms"))
        except Exception as exc:  # noqa: BLE001
            figures.append(Figure(f"control -> chart, {rows:,} household rows (browser)", None, "ms", "< 500 ms",
                                  False, note=_why(exc)))
        browser.close()
    for label, size in (("default data", None), (f"{rows:,} household rows", rows)):
        k = statistics.median(in_kernel(size, n_updates)) * 1000
        figures.append(Figure(f"control -> figure in the kernel, {label}", k, "ms", note="no browser; information"))
    return figures
