"""(9) Course mode (issue 11) in headless Chromium: page speed, 10 trainees at once, page weight.

- **speed**: every course page (the map and each session notebook), served as ``ctie course`` serves it
  (:func:`ctie_helpers.course.server.course_command`), with the preheated pool and without it: request ->
  first text (a rendered Markdown or HTML output) and -> first interactive widget, each the moment the page
  first shows it, taken in the page on every animation frame (:func:`benchmarks.voila_server.watch`; until
  2026-12-07 these were the moments Playwright's ``wait_for_selector`` noticed, up to 0.5 s later). Targets:
  medians < 1 s and < 1.5 s. Before each preheated visit the server's kernels are let go quiet, so the page
  meets a ready spare, as a trainee who reads for a minute does (a page is closed as a trainee closes a
  tab, so its kernel is shut down and never counted as a spare: :func:`benchmarks.voila_server.leave`).
  With the pool, twice: a **cold
  browser** (each page in a new browser context: a trainee's first page of a visit, nothing cached) and
  a **warm browser** (one context walking the pages in course order, as a trainee navigates: the
  widget-manager bundles come from its cache; primed by one visit to the last page, not counted), in
  the same tab (a trainee's "next" link: the previous page is unloaded first, its kernel asked to shut
  down) and in a new tab of that browser (the cache alone). The JupyterLab path is "open the
  notebook and run all cells": its kernel share is the ``notebooks`` benchmark's time for the same
  notebook (read from this README's ``notebooks`` block, so it is a lower bound: Lab's own page load is
  not in it); the ratio is that median over the course page median.
- **trainees**: 10 trainees open 10 different session pages at once on one preheated server; each must
  show an interactive widget within 15 s (the moment taken in the page, as above), and no error box nor any widget the page could not display
  ("Error displaying widget: model not found"; a screenshot of each failed page goes to ``build/bench/``). Twice: **from the course map** (each trainee
  has the map open in a browser context first, not timed, as a class does before the facilitator says
  "open session 1"; once the map's spares are refilled they all follow a link at once) and **cold
  browsers** (each page in a new context: nothing cached), which also reports kernel RSS (psutil) per
  trainee. Beside the browser-side figure, the server-side one: until the last message of every page's
  kernel passed the server (each connected kernel's ``last_activity`` from ``/api/kernels/ID``, read once
  all pages are interactive; the widgets' state replies are the last), and the CPU seconds spent
  meanwhile by the browsers (this process's children but the server), the server with its kernels, and
  the rest of the machine (psutil): 10 headless Chromium contexts run on the same 2 cores as the server
  here, which a class's laptops would not.
- **weight**: bytes on the wire (Chrome DevTools ``encodedDataLength``, kernel websocket frames excluded)
  for the course map, one notebook page and one page with charts (the only kind that fetches plotly.js,
  once a chart is near the screen: its first chart is scrolled into view),
  first visit and repeat visit in the same browser (its cache).
  Every request's host is recorded and the benchmark fails if any is not 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
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
    leave,
    page_times,
    page_times_in,
    quiet,
    seen_at,
    serve_course,
    watch,
)

NAME = "course"
#: Parts to run (comma-separated ``CTIE_BENCH_COURSE``, default all): a subset on a busy shared machine.
PARTS = ("speed", "cold", "trainees", "weight")
TITLE = "course mode: page speed with and without preheat, 10 trainees at once, page weight"

TEXT = "#rendered_cells .jp-RenderedMarkdown, #rendered_cells .jp-RenderedHTMLCommon"
ERROR_BOX = "text=There was an error when executing cell"
#: What the widget manager writes in place of a widget whose model it could not get from the kernel.
WIDGET_LOST = "text=Error displaying widget"
HOME = "START_HERE.ipynb"
QUICK_PAGE = "session1_tip_basics/01_definitions.ipynb"
#: A page that draws charts at page load (two): plotly.js is fetched when the trainee comes near one
#: (ctie_helpers.plots.lazy), so the weight of this page is taken with its first chart scrolled into view.
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


def spares(pages: list[str]) -> int:
    """How many spare kernels course mode's pool keeps for ``pages`` (what :func:`quiet` waits for)."""
    from ctie_helpers.course.pool import HOME_POOL_SIZE, POOL_SIZE

    return sum(HOME_POOL_SIZE if rel == HOME else POOL_SIZE for rel in pages)


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


def _speed_figures(mode: str, times: list[tuple[float, float]], failed: list[str], n: int,
                   targets: bool) -> list[Figure]:
    texts, widgets = [t for t, _ in times], [w for _, w in times]
    mt, mw = median(texts), median(widgets)
    note = (f"{len(times)} of {n} pages; max {max(widgets):.2f} s" if widgets else "no page") + (
        f"; failed: {'; '.join(failed[:3])}" if failed else "")
    return [
        Figure(f"first text, median over course pages, {mode}", mt, "s", "< 1 s" if targets else "",
               (mt is not None and mt < 1 and not failed) if targets else None, note=note),
        Figure(f"first interactive widget, median over course pages, {mode}", mw, "s",
               "< 1.5 s" if targets else "", (mw is not None and mw < 1.5 and not failed) if targets else None),
    ]


def speed(browser, root: Path, pages: list[str], preheat: bool) -> tuple[list[Figure], list[tuple[float, float]]]:
    """Every page once per browser kind: a new context each (cold) and, with the pool, one context in turn (warm:
    its one tab, then a new tab)."""
    kinds = ["cold browser", "warm browser, next page in the same tab", "warm browser, new tab"] if preheat else [
        "cold browser"]
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
    failed: dict[str, list[str]] = {k: [] for k in kinds}
    with serve_course(root, preheat=preheat, ready_timeout=300) as (url, proc):
        walker = browser.new_context() if preheat else None
        try:
            if walker is not None:  # one earlier page in this browser: what a trainee's second page meets
                tab = walker.new_page()
                quiet(proc.pid, timeout=240, expect=spares(pages))
                with contextlib.suppress(Exception):
                    page_times_in(tab, url + "voila/render/" + pages[-1], 120, TEXT)
            # Every spare back, beside the kernel of the page the walker's tab holds: without that one counted, a
            # visit could start while its page's spare was still waiting to be refilled (it met the cold path).
            ready = spares(pages) + (1 if walker is not None else 0)
            for rel in pages:
                for kind in kinds:
                    if preheat and quiet(proc.pid, timeout=240, expect=ready) >= 240:
                        # A spare lost for good (its kernel died at start: ports taken by another spare starting
                        # at the same moment, five times) is not refilled until its page is visited: wait for
                        # what is there from now on, rather than 240 s before every visit.
                        ready = min(ready, len(kernel_processes(proc.pid)))
                    try:
                        if kind == "cold browser":
                            t = visit(browser, url + "voila/render/" + rel)
                        elif kind.endswith("same tab"):
                            t = page_times_in(tab, url + "voila/render/" + rel, 120, TEXT)
                        else:
                            fresh_tab = walker.new_page()
                            try:
                                t = page_times_in(fresh_tab, url + "voila/render/" + rel, 120, TEXT)
                            finally:
                                leave(fresh_tab)  # its kernel shut down, as when a trainee closes a tab
                        times[kind].append(t)
                    except Exception as exc:  # noqa: BLE001 - a page that never became usable is a finding
                        failed[kind].append(f"{rel}: {type(exc).__name__}")
        finally:
            if walker is not None:
                walker.close()
    mode = "preheated" if preheat else "cold (no pool)"
    figures = []
    for kind in kinds:
        label = f"{mode}, {kind}" if preheat else mode
        # the targets are for the preheated course; the cold path is the comparison
        figures += _speed_figures(label, times[kind], failed[kind], len(pages), targets=preheat)
    return figures, times["cold browser"]


def _kernel_ids(server_pid: int) -> list[str]:
    """The ids of the server's kernels, from their connection files' names on their command lines."""
    ids = []
    for k in kernel_processes(server_pid):
        with contextlib.suppress(Exception):
            for arg in k.cmdline():
                m = re.search(r"kernel-([0-9a-f-]{36})\.json$", arg)
                if m:
                    ids.append(m.group(1))
    return ids


def _last_messages(url: str, server_pid: int) -> list[float]:
    """Epoch seconds of the last message through the server of every kernel a page is connected to."""
    import datetime
    import urllib.request

    found = []
    for kernel_id in _kernel_ids(server_pid):
        try:
            with urllib.request.urlopen(f"{url}api/kernels/{kernel_id}", timeout=10) as answer:
                model = json.loads(answer.read())
        except Exception:  # noqa: BLE001 - a kernel just shut down
            continue
        if model.get("connections"):
            found.append(datetime.datetime.fromisoformat(model["last_activity"].replace("Z", "+00:00")).timestamp())
    return found


def _cpu_seconds(procs) -> dict[tuple[int, float], float]:
    """User + system CPU seconds of each live process in ``procs``, keyed by (pid, start time)."""
    out = {}
    for p in procs:
        with contextlib.suppress(Exception):
            t = p.cpu_times()
            out[(p.pid, p.create_time())] = t.user + t.system
    return out


def _cpu_split(server_pid: int) -> dict[str, float]:
    """CPU seconds so far: this process's children except the server (the browsers), the server with its
    kernels, and the whole machine (busy time of every core)."""
    import psutil

    server = psutil.Process(server_pid)
    server_tree = [server, *server.children(recursive=True)]
    mine = {p.pid for p in server_tree}
    browsers = [p for p in psutil.Process(os.getpid()).children(recursive=True) if p.pid not in mine]
    busy = psutil.cpu_times()
    return {"browsers": _cpu_seconds(browsers), "server": _cpu_seconds(server_tree),
            "machine": busy.user + busy.system + getattr(busy, "nice", 0.0) + getattr(busy, "irq", 0.0)
            + getattr(busy, "softirq", 0.0), "bench": sum(os.times()[:2])}


def _cpu_used(before: dict, after: dict) -> dict[str, float]:
    used = {k: sum(v - before[k].get(key, 0.0) for key, v in after[k].items()) for k in ("browsers", "server")}
    used["bench"] = after["bench"] - before["bench"]
    used["rest of the machine"] = after["machine"] - before["machine"] - sum(used.values())
    return used


def trainees(browser, root: Path, pages: list[str], n: int, timeout_s: float = 60,
             from_map: bool = True) -> list[Figure]:
    """``n`` trainees open ``n`` different pages at once on one preheated server.

    ``from_map``: each trainee has the course map open first (not timed), as a class does before the
    facilitator says "open session 1", and goes to the page in that tab; else each is a new browser (cold).
    """
    chosen = (pages * n)[:n]
    kind = "from the course map" if from_map else "cold browsers"
    with serve_course(root, preheat=True, ready_timeout=300) as (url, proc):
        quiet(proc.pid, timeout=300, expect=spares([HOME, *pages]))
        opened = []
        for rel in chosen:
            context = browser.new_context()
            page = context.new_page()
            _listen(page)
            watch(page, [INTERACTIVE])
            if from_map:
                page.goto(url + "voila/render/" + HOME, timeout=timeout_s * 1000)
                page.wait_for_selector(INTERACTIVE, state="visible", timeout=timeout_s * 1000)
            opened.append((rel, context, page))
        if from_map:  # the map's spares are refilled, its visits' kernels idle: a class reading the map
            quiet(proc.pid, timeout=300, expect=spares([HOME, *pages]) + len(opened))
        preheated = len(kernel_processes(proc.pid))
        cpu_before = _cpu_split(proc.pid)
        t, t_epoch = time.perf_counter(), time.time()
        for rel, _, page in opened:
            page.goto(url + "voila/render/" + rel, wait_until="commit", timeout=timeout_s * 1000)
        errors, ready = [], []
        for rel, _, page in opened:
            try:  # one deadline for all: a page that never gets there does not delay the others' times
                left = max(0.1, t + timeout_s - time.perf_counter())
                ready.append(seen_at(page, INTERACTIVE, left) - t_epoch)  # in the page: not when this loop looked
                if page.locator(ERROR_BOX).count():
                    errors.append(f"{rel}: Voilà error box")
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{rel}: {type(exc).__name__}" + _what_the_page_said(page, rel))
        all_ready = max(ready) if ready else None
        cpu = _cpu_used(cpu_before, _cpu_split(proc.pid))  # before the 3 s below: the rush only
        waited = time.perf_counter() - t
        time.sleep(3)  # also lets a widget that is lost say so (once the page's widget state has been fetched)
        for rel, _, page in opened:
            lost = page.locator(WIDGET_LOST).count()
            if lost:
                errors.append(f"{rel}: {lost} widgets not displayed (model not found)" + _what_the_page_said(page, rel))
        last = [m - t_epoch for m in _last_messages(url, proc.pid)]
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
    cpu_note = ", ".join(f"{k} {v:.0f} s" for k, v in cpu.items())
    figures = [
        Figure(f"{n} trainees at once, {kind}: time until all interactive (browser side)", all_ready, "s",
               "< 15 s", ok, note=("; ".join(errors[:3]) or f"all {n} interactive, no error box")
               + f"; median page {median(ready) or 0:.1f} s"),
        Figure(f"{n} trainees at once, {kind}: until every page's kernel sent its last message (server side)",
               max(last) if last else None, "s",
               note=f"{len(last)} connected kernels' last_activity; median {median(last) or 0:.1f} s; information"),
        Figure(f"{n} trainees at once, {kind}: CPU seconds used by the browsers", cpu["browsers"], "s",
               note=f"in the {waited:.0f} s until all were interactive (2 cores: {2 * waited:.0f} CPU s); "
               + cpu_note),
        Figure(f"{n} trainees at once, {kind}: CPU seconds used by the server and its kernels", cpu["server"], "s",
               note="spares' refills included"),
        Figure(f"{n} trainees at once, {kind}: sessions with errors",
               float(len({e.split(":", 1)[0] for e in errors})), "", "0", not errors),
    ]
    if not from_map:
        figures.append(Figure("kernel RSS per trainee (median over the server's kernels)", per, "MB",
                              note=f"{len(rss)} kernels after the visits ({preheated} spares before), "
                              f"total {sum(rss.values()):,.0f} MB"))
    return figures


def _listen(page) -> None:
    """Keep ``page``'s console errors and failed requests, for :func:`_what_the_page_said`."""
    page.ctie_said = []
    page.on("console", lambda m: m.type == "error" and page.ctie_said.append(m.text[:160]))
    page.on("pageerror", lambda e: page.ctie_said.append(f"uncaught: {str(e)[:160]}"))
    page.on("requestfailed", lambda r: page.ctie_said.append(f"failed request {r.url[-60:]}"))


def _what_the_page_said(page, rel: str) -> str:
    """A failed visit's console errors, and a screenshot under ``build/bench/`` (path in the note)."""
    shot = REPO / "build" / "bench" / (rel.replace("/", "__") + ".png")
    with contextlib.suppress(Exception):
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=False)
    said = [line.splitlines()[0] for line in getattr(page, "ctie_said", []) if line.strip()]
    last = said[-1] if said else "no console error"  # the last is nearest the failure (a table cell: one line)
    return f" ({last[:100]}; {shot.relative_to(REPO)})"


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
                if rel == CHART_PAGE:  # its charts drawn: plotly.js comes once a chart is near the screen
                    page.locator(".ctie-chart").first.scroll_into_view_if_needed(timeout=180_000)
                    page.wait_for_selector(".ctie-chart.js-plotly-plot .main-svg", timeout=180_000)

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

    parts = [p for p in os.environ.get("CTIE_BENCH_COURSE", ",".join(PARTS)).split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"CTIE_BENCH_COURSE: unknown part(s) {sorted(unknown)}; choose from {', '.join(PARTS)}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="ctie-bench-course-") as tmp, sync_playwright() as p:
        root = course_copy(Path(tmp) / "notebooks", [QUICK_PAGE] if quick else None)
        pages = [QUICK_PAGE] if quick else course_pages(root)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--headless", *CHROMIUM_ARGS])
        try:
            if "speed" in parts:
                hot, hot_times = speed(browser, root, pages, preheat=True)
                figures += hot
            if "cold" in parts:
                figures += speed(browser, root, pages, preheat=False)[0]
            lab = lab_baseline([p for p in pages if p != HOME])
            course_widget = median([w for _, w in hot_times]) if "speed" in parts else None
            if lab and course_widget:
                figures.append(Figure("JupyterLab path: run all cells, median over the same notebooks (baseline)",
                                      lab, "s", note="the notebooks block of this README: kernel time only, "
                                      "a lower bound for Lab"))
                figures.append(Figure("course page (preheated, cold browser) first widget vs JupyterLab run-all",
                                      course_widget, "s", baseline=lab, note="ratio = Lab / course"))
            if "trainees" in parts:
                session_pages = [p for p in pages if p != HOME]
                figures += trainees(browser, root, session_pages, 2 if quick else 10)
                figures += trainees(browser, root, session_pages, 2 if quick else 10, from_map=False)
            if "weight" in parts:
                figures += weight(browser, root, QUICK_PAGE)
        finally:
            browser.close()
    if set(parts) != set(PARTS):
        figures.append(Figure("parts of this benchmark run", None, "",
                              note=f"only {', '.join(parts)} (CTIE_BENCH_COURSE); the others not re-measured"))
    return figures
