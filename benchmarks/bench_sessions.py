"""(6) Memory per Voilà app session, and 10 concurrent sessions on the 2-core machine without errors.

The indicator dashboard (the heaviest app: plotly, the data loaders, the safeguards gate) is served as
``ctie app indicators --preheat`` serves it. Memory is the resident set (psutil RSS) of each kernel the server
started, read after the page became interactive. Then 10 browser contexts open the app at once; each
must show an interactive control and no Voilà error box, and the server's kernels are counted and
measured again.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure
from benchmarks.voila_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    INTERACTIVE,
    app_notebook,
    kernel_processes,
    serve,
)

NAME = "sessions"
TITLE = "memory per Voilà session and 10 concurrent sessions"

ERROR_BOX = "text=There was an error when executing cell"


def _rss_mb(procs) -> list[float]:
    out = []
    for k in procs:
        try:
            out.append(k.memory_info().rss / 2**20)
        except Exception:  # noqa: BLE001 - a kernel culled in between
            continue
    return out


def _open(browser, url: str, timeout_ms: int):
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    return context, page


def run(quick: bool = False) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    from ctie_helpers.apps.catalog import APPS

    n = 3 if quick else 10
    timeout_ms = 180_000
    with tempfile.TemporaryDirectory(prefix="ctie-bench-sessions-") as tmp_name, sync_playwright() as p:
        nb = app_notebook(Path(tmp_name), "indicators", APPS["indicators"].source)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--headless", *CHROMIUM_ARGS])
        try:
            with serve(nb) as (url, proc):
                idle = _rss_mb(kernel_processes(proc.pid))  # the preheated kernel, app already built
                context, page = _open(browser, url, timeout_ms)
                page.wait_for_selector(INTERACTIVE, state="visible", timeout=timeout_ms)
                time.sleep(3)
                one = _rss_mb(kernel_processes(proc.pid))
                context.close()
                t = time.perf_counter()
                opened = [_open(browser, url, timeout_ms) for _ in range(n)]
                errors = []
                for i, (_, page) in enumerate(opened):
                    try:
                        page.wait_for_selector(INTERACTIVE, state="visible", timeout=timeout_ms)
                        if page.locator(ERROR_BOX).count():
                            errors.append(f"session {i + 1}: Voilà error box")
                    except Exception as exc:  # noqa: BLE001 - a session that never became usable
                        errors.append(f"session {i + 1}: {type(exc).__name__}")
                all_ready = time.perf_counter() - t
                time.sleep(2)
                many = _rss_mb(kernel_processes(proc.pid))
                for context, _ in opened:
                    context.close()
        finally:
            browser.close()
    per = max(one) if one else None
    total = sum(many)
    return [
        Figure("kernel RSS of one app session (indicator dashboard)", per, "MB",
               note=f"preheated kernel before any visitor: {max(idle) if idle else 0:.0f} MB"),
        Figure(f"{n} concurrent sessions: sessions with errors", float(len(errors)), "", "0", not errors,
               note="; ".join(errors[:3]) or f"all {n} interactive"),
        Figure(f"{n} concurrent sessions: time until all interactive", all_ready, "s"),
        Figure(f"{n} concurrent sessions: kernels' total RSS", total, "MB",
               note=f"{len(many)} kernels (incl. the preheated spare), median "
                    f"{statistics.median(many) if many else 0:.0f} MB each"),
    ]
