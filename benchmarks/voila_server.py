"""Start a Voilà server the way ``ctie app`` (or ``ctie course``) does, for the browser benchmarks; stop it by PID.

Uses :func:`ctie_helpers.apps.server.voila_command` (loopback, hidden code, culling) with a preheated
kernel, i.e. ``ctie app NAME --preheat`` (``ctie app`` itself no longer preheats by default since 3e3176d:
pass ``preheat=False`` to :func:`serve` to measure that). HOME and the Jupyter folders point at a
temporary folder, as in the tests (STACK_NOTES 9: Chromium and Voilà otherwise write into ``~``).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
#: Anything a trainee can click or type into: the first one visible means the app is interactive.
INTERACTIVE = (".jupyter-widgets select, .jupyter-widgets button, .jupyter-widgets input, "
               ".jupyter-widgets textarea")

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "INTERACTIVE", "app_notebook", "free_port", "hermetic_env",
           "kernel_processes", "leave", "page_times", "page_times_in", "quiet", "seen_at", "serve", "serve_course",
           "watch"]

# When an element matching each selector is first visible in the page (laid out with a size and not
# visibility:hidden, as Playwright's "visible"), looked for on every animation frame from the document's
# start: the moment is taken in the frame that paints it, or later if the page's main thread is busy (then
# the trainee could not use it either). Playwright's wait_for_selector is not used for the figures: it looks
# with a backoff of 0, 20, 50, 100, 100 ms and then every 500 ms (Playwright 1.65,
# retryWithProgressAndBackoff), which added up to half a second to a figure (first widget of session 1
# page 1: 1.46 s by Playwright, visible at 1.03 s by this watch, 2026-12-07).
_WATCH = """(() => {
  const wanted = %s, seen = window.__ctieSeen = window.__ctieSeen || {};
  const visible = (sel) => {
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden') { return true; }
    }
    return false;
  };
  const look = () => {
    let left = 0;
    for (const sel of wanted) {
      if (seen[sel] !== undefined) { continue; }
      if (visible(sel)) { seen[sel] = performance.timeOrigin + performance.now(); } else { left += 1; }
    }
    if (left) { requestAnimationFrame(look); }
  };
  requestAnimationFrame(look);
})();"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hermetic_env(home: Path) -> dict[str, str]:
    from ctie_helpers.apps.server import voila_env

    env = voila_env()
    for key, sub in (("HOME", ""), ("JUPYTER_CONFIG_DIR", "jcfg"), ("JUPYTER_DATA_DIR", "jdata"),
                     ("JUPYTER_RUNTIME_DIR", "jrun"), ("IPYTHONDIR", "ipy")):
        env[key] = str(home / sub) if sub else str(home)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")])
    return env


def app_notebook(folder: Path, name: str, source: str) -> Path:
    """A thin app notebook ``app_<name>.ipynb`` holding ``source`` (the catalog's one cell)."""
    nb = new_notebook(cells=[new_code_cell(source)])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    path = folder / f"app_{name}.ipynb"
    nbformat.write(nb, str(path))
    return path


@contextlib.contextmanager
def serve(notebook: Path, *, preheat: bool = True, ready_timeout: float = 120) -> Iterator[tuple[str, subprocess.Popen]]:
    """Serve one notebook at ``http://127.0.0.1:PORT/``; yield (url, process); stop it afterwards."""
    from ctie_helpers.apps.server import voila_command

    with tempfile.TemporaryDirectory(prefix="ctie-bench-voila-") as home_name:
        home, port = Path(home_name), free_port()
        cmd = voila_command(notebook, port, preheat=preheat)
        with _running(cmd, notebook.parent, hermetic_env(home), port, home, ready_timeout) as proc:
            if preheat:  # let the preheated kernel run the notebook before the first request
                time.sleep(3)
            yield f"http://127.0.0.1:{port}/", proc


#: Set to a folder to keep every benchmark server's log there (one file per server).
KEEP_LOGS_ENV = "CTIE_BENCH_LOGS"


@contextlib.contextmanager
def serve_course(root: Path, *, preheat: bool = True, ready_timeout: float = 120) -> Iterator[tuple[str, subprocess.Popen]]:
    """Serve the course folder ``root`` as ``ctie course`` does; yield (base URL, process); stop it afterwards.

    With ``preheat`` the caller should wait for :func:`quiet` before measuring: the spare kernels run
    every page's notebook first.
    """
    from ctie_helpers.course.server import config_folder, course_command, course_env

    with tempfile.TemporaryDirectory(prefix="ctie-bench-course-") as home_name:
        home, port = Path(home_name), free_port()
        env = hermetic_env(home)
        # the course templates and plotly.js on JUPYTER_PATH; lazy charts in kernels; the course folder named
        # for the page filter (its language), as `ctie course` does
        env = course_env(env, root=root)
        folder = config_folder(home)
        with _running(course_command(root, port, preheat=preheat), folder, env, port, home, ready_timeout) as proc:
            yield f"http://127.0.0.1:{port}/", proc


@contextlib.contextmanager
def _running(cmd: list[str], cwd: Path, env: dict[str, str], port: int, home: Path,
             ready_timeout: float) -> Iterator[subprocess.Popen]:
    """Run a Voilà ``cmd`` until its port answers; stop it and its kernels (by PID) afterwards."""
    log = open(home / "voila.log", "w+", encoding="utf-8")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"voila exited ({proc.returncode}): {log.read()[-800:]}")
            with contextlib.suppress(OSError):
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            if time.monotonic() > deadline:
                raise TimeoutError("voila did not start")
            time.sleep(0.2)
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=5).read()
        yield proc
    finally:
        kernels = _children(proc.pid)  # kernels run in their own sessions: stop them by PID too
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)  # the server and its kernels: its own process group, started here
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            proc.wait()
        for child in kernels:
            with contextlib.suppress(Exception):
                child.terminate()
                child.wait(5)
        log.close()
        keep = os.environ.get(KEEP_LOGS_ENV)
        if keep:  # the server's log outlives its temporary folder: what a failed visit's reader needs
            Path(keep).mkdir(parents=True, exist_ok=True)
            (Path(keep) / f"voila-{time.strftime('%H%M%S')}-{port}.log").write_bytes((home / "voila.log").read_bytes())


def page_times(browser, url: str, timeout_s: float = 90, text: str | None = None) -> tuple[float | None, float]:
    """Seconds from request to the first ``text`` element (None without ``text``) and to the first control."""
    context = browser.new_context()
    try:
        page = context.new_page()
        times = page_times_in(page, url, timeout_s, text)
        leave(page)
        return times
    finally:
        context.close()


def leave(page, timeout_s: float = 5) -> None:
    """Close ``page`` as a trainee closes a tab: its ``beforeunload`` runs, so Voilà's page asks the server to shut
    its kernel down. (Playwright's plain ``close`` skips it: the kernel then lingered until the culler, 15
    minutes, and :func:`quiet` counted it as a spare that was not there.)"""
    page.close(run_before_unload=True)  # returns at once: the page closes after its handlers ran
    deadline = time.monotonic() + timeout_s
    while not page.is_closed() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # the shutdown beacon leaves the browser after the page is gone: do not close the context on it


def page_times_in(page, url: str, timeout_s: float = 90, text: str | None = None) -> tuple[float | None, float]:
    """:func:`page_times` in an open tab ``page``, whose browser context keeps its cache (a trainee's next page)."""
    watch(page, [text, INTERACTIVE] if text else [INTERACTIVE])
    t = time.time()
    page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    first_text = seen_at(page, text, timeout_s) - t if text else None
    return first_text, seen_at(page, INTERACTIVE, timeout_s) - t


def watch(page, selectors: list[str]) -> None:
    """From ``page``'s next document on, note when each of ``selectors`` is first visible (:func:`seen_at`)."""
    watched = page.__dict__.setdefault("_ctie_watched", set())
    new = [s for s in selectors if s not in watched]
    if new:
        page.add_init_script(_WATCH % json.dumps(new))
        watched.update(new)


def seen_at(page, selector: str, timeout_s: float = 90) -> float:
    """Epoch seconds (the wall clock, as :func:`time.time`) when ``selector`` was first visible in ``page``'s
    current document; waits for it. ``page`` must be :func:`watch`-ed for it before the document loaded."""
    found = page.wait_for_function("s => window.__ctieSeen && window.__ctieSeen[s]", arg=selector,
                                   timeout=timeout_s * 1000)
    return float(found.json_value()) / 1000


def quiet(pid: int, timeout: float = 300, threshold: float = 10.0, expect: int = 0, settle: int = 3) -> float:
    """Wait until server ``pid`` has at least ``expect`` kernels and they use under ``threshold`` % CPU together
    for ``settle`` samples in a row (2 s each, same kernels): its spares are done; seconds waited.

    One quiet sample is not enough: a pool fills in waves, so the first spares may sit idle while the
    next are still being spawned (2026-12: a 10-trainee run began with all 22 spares still preheating,
    which took half the server's CPU during the "rush").
    """
    import psutil

    t = time.monotonic()
    calm, seen = 0, None
    while time.monotonic() - t < timeout:
        procs = kernel_processes(pid)
        with contextlib.suppress(psutil.Error):
            for k in procs:
                k.cpu_percent(None)
        time.sleep(2)
        busy = 0.0
        for k in procs:
            with contextlib.suppress(psutil.Error):
                busy += k.cpu_percent(None)
        pids = {k.pid for k in procs}
        calm = calm + 1 if procs and len(procs) >= expect and busy < threshold and pids == seen else 0
        seen = pids
        if calm >= settle:
            break
    return time.monotonic() - t


def _children(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def kernel_processes(pid: int) -> list:
    """The ipykernel processes started by the Voilà server ``pid``."""
    return [c for c in _children(pid) if "ipykernel" in " ".join(_cmdline(c))]


def _cmdline(proc) -> list[str]:
    try:
        return proc.cmdline()
    except Exception:  # noqa: BLE001 - a process that just exited has no command line
        return []
