"""(9) Course mode (issue 11) in headless Chromium: page speed, 10 trainees at once, page weight.

- **speed**: every course page (the map and each session notebook), served as ``ctie course`` serves it
  (:func:`ctie_helpers.course.server.course_command`), with the preheated pool and without it: request ->
  first text (a rendered Markdown or HTML output) and -> first interactive widget. Targets: medians
  < 1 s and < 1.5 s. Before each preheated visit the server's kernels are let go quiet, so the page
  meets a ready spare, as a trainee who reads for a minute does. The JupyterLab path is "open the
  notebook and run all cells": its kernel share is the ``notebooks`` benchmark's time for the same
  notebook (read from this README's ``notebooks`` block, so it is a lower bound: Lab's own page load is
  not in it); the ratio is that median over the course page median.
- **trainees**: 10 browser contexts open 10 different session pages at once on one preheated server;
  each must show an interactive widget and no error box within 15 s; kernel RSS (psutil) per trainee.
- **weight**: bytes on the wire (Chrome DevTools ``encodedDataLength``, kernel websocket frames excluded)
  for the course map, one notebook page and one page with charts (the only kind that fetches plotly.js),
  first visit and repeat visit in the same browser (its cache).
  Every request's host is recorded and the benchmark fails if any is not 127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from benchmarks.common import REPO, Figure, median
from benchmarks.voila_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    INTERACTIVE,
    kernel_processes,
    page_times,
    quiet,
    serve_course,
)

NAME = "course"
TITLE = "course mode: page speed with and without preheat, 10 trainees at once, page weight"

TEXT = "#rendered_cells .jp-RenderedMarkdown, #rendered_cells .jp-RenderedHTMLCommon"
ERROR_BOX = "text=There was an error when executing cell"
HOME = "START_HERE.ipynb"
QUICK_PAGE = "session1_tip_basics/01_definitions.ipynb"
#: A page that draws charts at page load (two): the only kind that fetches plotly.js (ctie_helpers.plots.lazy).
CHART_PAGE = "session1_tip_basics/03_global_estimates.ipynb"


def course_copy(dest: Path, pages: list[str] | None = None) -> Path:
    """A throw-away course folder: the map and the session folders (only ``pages`` if given), no answers."""
    src = REPO / "notebooks"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src / HOME, dest / HOME)
    for session in sorted(p for p in src.glob("session*") if p.is_dir()):
        shutil.copytree(session, dest / session.name,
                        ignore=shutil.ignore_patterns("*.answers.json", ".ipynb_checkpoints", "*.corrupt-*"))
    if pages is not None:
        keep = set(pages)
        for nb in dest.glob("session*/*.ipynb"):
            if nb.relative_to(dest).as_posix() not in keep:
                nb.unlink()
    return dest


def course_pages(root: Path) -> list[str]:
    """The map, then every session notebook ``session*/NN_*.ipynb``, as URL paths under the root."""
    return [HOME] + sorted(p.relative_to(root).as_posix() for p in root.glob("session*/[0-9][0-9]_*.ipynb"))


def visit(browser, url: str, timeout_s: float = 120) -> tuple[float, float]:
    """Seconds from request to first text and to first interactive widget, in a fresh browser context."""
    text, widget = page_times(browser, url, timeout_s, TEXT)
    assert text is not None
    return text, widget


def lab_baseline(pages: list[str]) -> float | None:
    """Median seconds of "run all" for ``pages``, from the README's latest ``notebooks`` block (None if absent)."""
    readme = (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- bench:notebooks -->(.*?)<!-- /bench:notebooks -->", readme, re.S)
    if not block:
        return None
    found = dict(re.findall(r"^\| (session[^|]+\.ipynb) \| ([\d.,]+) s \|", block.group(1), re.M))
    values = [float(found[p].replace(",", "")) for p in pages if p in found]
    return statistics.median(values) if values else None


def speed(browser, root: Path, pages: list[str], preheat: bool) -> tuple[list[Figure], list[tuple[float, float]]]:
    mode = "preheated" if preheat else "cold (no pool)"
    times: list[tuple[float, float]] = []
    failed: list[str] = []
    with serve_course(root, preheat=preheat, ready_timeout=300) as (url, proc):
        for rel in pages:
            if preheat:
                quiet(proc.pid, timeout=240)
            try:
                times.append(visit(browser, url + "voila/render/" + rel))
            except Exception as exc:  # noqa: BLE001 - a page that never became usable is a finding
                failed.append(f"{rel}: {type(exc).__name__}")
    texts, widgets = [t for t, _ in times], [w for _, w in times]
    mt, mw = median(texts), median(widgets)
    target_ok = preheat  # the targets are for the preheated course; the cold path is the comparison
    note = (f"{len(times)} of {len(pages)} pages; max {max(widgets):.2f} s" if widgets else "no page") + (
        f"; failed: {'; '.join(failed[:3])}" if failed else "")
    return [
        Figure(f"first text, median over course pages, {mode}", mt, "s", "< 1 s" if target_ok else "",
               (mt is not None and mt < 1 and not failed) if target_ok else None, note=note),
        Figure(f"first interactive widget, median over course pages, {mode}", mw, "s",
               "< 1.5 s" if target_ok else "", (mw is not None and mw < 1.5 and not failed) if target_ok else None),
    ], times


def trainees(browser, root: Path, pages: list[str], n: int, timeout_s: float = 60) -> list[Figure]:
    """``n`` trainees open ``n`` different pages at once on one preheated server."""
    chosen = (pages * n)[:n]
    with serve_course(root, preheat=True, ready_timeout=300) as (url, proc):
        quiet(proc.pid, timeout=300)
        spares = len(kernel_processes(proc.pid))
        opened = []
        t = time.perf_counter()
        for rel in chosen:
            context = browser.new_context()
            page = context.new_page()
            page.goto(url + "voila/render/" + rel, wait_until="commit", timeout=timeout_s * 1000)
            opened.append((rel, context, page))
        errors, ready = [], []
        for rel, _, page in opened:
            try:
                page.wait_for_selector(INTERACTIVE, state="visible", timeout=timeout_s * 1000)
                ready.append(time.perf_counter() - t)
                if page.locator(ERROR_BOX).count():
                    errors.append(f"{rel}: Voilà error box")
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{rel}: {type(exc).__name__}")
        all_ready = max(ready) if ready else None
        time.sleep(3)
        rss = {}
        for k in kernel_processes(proc.pid):
            try:
                rss[k.pid] = k.memory_info().rss / 2**20
            except Exception:  # noqa: BLE001 - a kernel that just exited
                continue
        for _, context, _ in opened:
            context.close()
    per = statistics.median(rss.values()) if rss else None
    ok = not errors and all_ready is not None and all_ready < 15
    return [
        Figure(f"{n} trainees at once: time until all interactive", all_ready, "s", "< 15 s", ok,
               note="; ".join(errors[:3]) or f"all {n} interactive, no error box"),
        Figure(f"{n} trainees at once: sessions with errors", float(len(errors)), "", "0", not errors),
        Figure("kernel RSS per trainee (median over the server's kernels)", per, "MB",
               note=f"{len(rss)} kernels after the visits ({spares} spares before), total {sum(rss.values()):,.0f} MB"),
    ]


def _wire_bytes(page, action) -> tuple[int, list[str]]:
    """Bytes on the wire while ``action()`` runs, and every non-loopback host asked for."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    total = [0]
    hosts: list[str] = []

    def sent(ev):
        u = urlparse(ev["request"]["url"])
        if u.scheme not in ("data", "blob", "about") and u.hostname != "127.0.0.1":
            hosts.append(ev["request"]["url"])

    def ws(ev):
        if urlparse(ev["url"]).hostname != "127.0.0.1":
            hosts.append(ev["url"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.webSocketCreated", ws)
    cdp.on("Network.loadingFinished", lambda ev: total.__setitem__(0, total[0] + int(ev["encodedDataLength"])))
    action()
    page.wait_for_timeout(1000)  # late requests (fonts, lazily loaded chunks)
    cdp.detach()
    return total[0], hosts


def weight(browser, root: Path, page_rel: str) -> list[Figure]:
    """Bytes for the map and one notebook page: each first in a fresh browser, then again in the same one."""
    figures = []
    off: list[str] = []
    with serve_course(root, preheat=False, ready_timeout=300) as (url, _):
        pages = [("course map", HOME), ("notebook page", page_rel)]
        if (root / CHART_PAGE).is_file():  # not in --quick, whose course copy has one page
            pages.append(("chart page", CHART_PAGE))
        for label, rel in pages:
            context = browser.new_context()  # an empty cache: a trainee's first visit
            page = context.new_page()

            def load(rel=rel, page=page):
                page.goto(url + "voila/render/" + rel, wait_until="commit", timeout=180_000)
                page.wait_for_selector(INTERACTIVE, state="visible", timeout=180_000)
                page.wait_for_load_state("load", timeout=180_000)

            try:
                for visit_name in ("first visit", "repeat visit"):
                    size, hosts = _wire_bytes(page, load)
                    off += hosts
                    figures.append(Figure(f"page weight: {label}, {visit_name}", size / 2**20, "MB",
                                          note=f"{rel}; kernel websocket frames not counted"))
            finally:
                context.close()
    if off:
        raise AssertionError(f"requests left 127.0.0.1: {off[:5]}")
    figures.append(Figure("requests leaving 127.0.0.1", 0.0, "", "0", True, note="every request's host checked"))
    return figures


def run(quick: bool = False) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="ctie-bench-course-") as tmp, sync_playwright() as p:
        root = course_copy(Path(tmp) / "notebooks", [QUICK_PAGE] if quick else None)
        pages = [QUICK_PAGE] if quick else course_pages(root)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--headless", *CHROMIUM_ARGS])
        try:
            hot, hot_times = speed(browser, root, pages, preheat=True)
            cold, _ = speed(browser, root, pages, preheat=False)
            figures += hot + cold
            lab = lab_baseline([p for p in pages if p != HOME])
            course_widget = median([w for _, w in hot_times])
            if lab and course_widget:
                figures.append(Figure("JupyterLab path: run all cells, median over the same notebooks (baseline)",
                                      lab, "s", note="the notebooks block of this README: kernel time only, "
                                      "a lower bound for Lab"))
                figures.append(Figure("course page (preheated) first widget vs JupyterLab run-all",
                                      course_widget, "s", baseline=lab, note="ratio = Lab / course"))
            figures += trainees(browser, root, [p for p in pages if p != HOME], 2 if quick else 10)
            figures += weight(browser, root, QUICK_PAGE)
        finally:
            browser.close()
    return figures
