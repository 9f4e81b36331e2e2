"""Preheated pools in a real browser: a page served from a long-idle spare shows its widgets.

The widget loss this guards against (cause in :mod:`ctie_helpers.apps.pool`): a spare idle for longer
than the culler's timeout was shut down by the culler after a page took it and before the page's
websocket connected, so the page's text showed but its widgets stayed at "Loading widget..." for ever.
Here the timeout is 8 s, the culler runs every second, the spare has been idle for over 9 s when the
page takes it, and the browser's first request to the kernel is held back 2 s (a trainee's slow laptop):
without the fix the culler always wins; with it the page has 8 s to connect. Once for course mode
(``ctie course``), once for a mini-app (``ctie app indicators --preheat``). And a spare whose kernel died
after running its page is not handed out (the server restarts such a kernel blank): the page gets a new one.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
import requests

from ctie_helpers.apps.catalog import notebook_path
from tests.browser_support import VoilaServer, chromium, free_port
from tests.packaging_support import stop_group

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CULL_IDLE, CULL_INTERVAL = 8, 1
#: Seconds the browser's first request to the kernel is held back: well inside CULL_IDLE.
SLOW_LAPTOP = 2


def _probe_course(root: Path) -> None:
    """A course folder with one page: a slider (no NN_ name, so no navigation bar and no hand-in panel)."""
    root.mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Probe page"),
        nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(description='probe')"),
    ])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, str(root / "probe.ipynb"))


def _spare(base: str, conn_root: Path, timeout: float = 90, idle_for: float = CULL_IDLE + 1) -> str:
    """The id of the probe page's spare kernel, once it has run the page and been idle for over ``idle_for`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for f in conn_root.rglob("kernel-*.json"):
            kernel_id = f.stem.removeprefix("kernel-")
            answer = requests.get(f"{base}/api/kernels/{kernel_id}", timeout=5)
            if answer.status_code != 200:
                continue
            model = answer.json()
            idle_since = time.time() - _epoch(model["last_activity"])
            if model["execution_state"] == "idle" and idle_since > idle_for:
                return kernel_id
        time.sleep(0.5)
    raise AssertionError(f"no spare kernel became idle within {timeout:.0f} s")


def _epoch(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def _slow_laptop(page):
    """``page``, whose JavaScript reaches the kernel :data:`SLOW_LAPTOP` seconds late."""

    def hold_back(route):
        time.sleep(SLOW_LAPTOP)
        route.continue_()

    page.route("**/api/kernels/*", hold_back)
    return page


def _require_widget(page, selector: str, log_path: Path) -> None:
    """Wait for the widget ``selector``; failing, say what the culler did (from the server's log)."""
    try:
        page.wait_for_selector(selector, state="visible", timeout=20_000)
    except Exception:  # noqa: BLE001 - say why, from the server's log
        culled = [line for line in log_path.read_text().splitlines() if "Culling" in line]
        pytest.fail(f"the page's widget never showed; culler: {json.dumps(culled)}")


@contextlib.contextmanager
def _course_server(tmp_path: Path, **cull):
    """``ctie course`` with its pool on the probe course: (base URL, connection-file folder, log path)."""
    from ctie_helpers.course.server import config_folder, course_command, course_env

    root, conn = tmp_path / "course", tmp_path / "conn"
    _probe_course(root)
    conn.mkdir()
    port = free_port()
    cmd = course_command(root, port, preheat=True, **cull)
    cmd.append(f"--Voila.connection_dir_root={conn}")
    env = course_env()
    for key, sub in (("HOME", "home"), ("JUPYTER_DATA_DIR", "jdata"), ("JUPYTER_RUNTIME_DIR", "jrun"),
                     ("IPYTHONDIR", "ipy"), ("JUPYTER_CONFIG_DIR", "jcfg")):
        env[key] = str(tmp_path / sub)
    log_path = tmp_path / "voila.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=config_folder(tmp_path), env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            yield f"http://127.0.0.1:{port}", conn, log_path
        finally:
            if proc.poll() is None:
                stop_group(proc, timeout=30)


def test_page_from_long_idle_spare_shows_its_widgets(tmp_path):
    with _course_server(tmp_path, cull_idle=CULL_IDLE, cull_interval=CULL_INTERVAL) as (base, conn, log_path):
        kernel_id = _spare(base, conn)
        with chromium() as browser:
            page = _slow_laptop(browser.new_page())
            page.goto(f"{base}/voila/render/probe.ipynb", timeout=60_000)
            page.wait_for_selector("text=Probe page", timeout=30_000)
            _require_widget(page, ".widget-slider", log_path)
            assert f"Using pre-heated kernel: {kernel_id}" in log_path.read_text()


def test_a_spare_whose_kernel_died_is_replaced_and_its_page_shows_its_widgets(tmp_path):
    """A spare's kernel killed after it ran its page (as when one loses its port at start-up): the server
    restarts it blank, so the page must get a new spare, not that one, and show its slider."""
    import psutil

    with _course_server(tmp_path) as (base, conn, log_path):
        kernel_id = _spare(base, conn, idle_for=1)
        victim = next(p for p in psutil.process_iter(["cmdline"])
                      if any(f"kernel-{kernel_id}.json" in arg for arg in p.info["cmdline"] or []))
        victim.kill()
        deadline = time.monotonic() + 30
        while "restarting kernel" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"{base}/voila/render/probe.ipynb", timeout=60_000)
            page.wait_for_selector("text=Probe page", timeout=30_000)
            _require_widget(page, ".widget-slider", log_path)
        log = log_path.read_text()
        assert f"Spare kernel {kernel_id} for probe.ipynb died or was restarted after its notebook ran: replaced" in log
        assert f"Using pre-heated kernel: {kernel_id}" not in log


def test_app_page_from_long_idle_spare_shows_its_widgets(tmp_path):
    """``ctie app --preheat`` (the command of :func:`~ctie_helpers.apps.server.voila_command`): the indicator
    dashboard, served from a spare idle past the cull timeout to a slow laptop, shows its app."""
    with VoilaServer([notebook_path("indicators")], tmp_path, preheat=True, cull_idle=CULL_IDLE,
                     cull_interval=CULL_INTERVAL) as server:
        kernel_id = _spare(server.base, tmp_path)
        with chromium() as browser:
            page = _slow_laptop(browser.new_page())
            page.goto(server.url("app_indicators.ipynb"), timeout=60_000)
            _require_widget(page, ".ctie-app", server.log_path)
        assert f"Using pre-heated kernel: {kernel_id}" in server.log()
