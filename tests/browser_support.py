"""Real Voilà and real Chromium for the browser tests (STACK_NOTES 5 and 9).

- :class:`VoilaServer` serves notebooks with the very command ``ctie app`` uses
  (:func:`ctie_helpers.apps.server.voila_command`) on a free loopback port, from a private folder made by
  :func:`~ctie_helpers.apps.server.private_root` under the test's own temporary folder, and stops Voilà
  and its kernels (process group) at the end.
- :func:`launch_chromium` starts Debian's ``/usr/bin/chromium`` headless through Playwright (no
  ``playwright install``).
- :class:`NetworkGuard` routes every request of a page: loopback requests go through, anything else is
  aborted and listed, so a test proves the page needed nothing from outside the machine.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import requests

from ctie_helpers.apps.server import private_root, voila_command, voila_env
from tests.packaging_support import stop_group

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "NetworkGuard", "VoilaServer", "chromium", "free_port", "launch_chromium"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
LOOPBACK = {"127.0.0.1"}
#: Schemes that never touch the network: downloads offered as data: URLs, blobs made by the page.
LOCAL_SCHEMES = {"data", "blob", "about"}


def free_port() -> int:
    """A port on 127.0.0.1 that the OS says is free now (each xdist worker gets its own)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """Voilà serving ``notebooks`` from a private folder under ``parent``; a context manager.

    With one notebook it is served at ``/`` (as ``ctie app`` does); with several, the folder is served
    and each notebook is at ``/voila/render/<name>``.
    """

    def __init__(self, notebooks: list[Path], parent: Path, *, preheat: bool = False, timeout: float = 120,
                 cull_idle: int = 60, cull_interval: int = 10):
        self.notebooks, self.parent, self.preheat, self.timeout = list(notebooks), Path(parent), preheat, timeout
        self.cull = (cull_idle, cull_interval)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.root: Path | None = None
        self.proc: subprocess.Popen | None = None
        self.log_path = self.parent / "voila.log"

    def url(self, notebook: str) -> str:
        return f"{self.base}/" if len(self.notebooks) == 1 else f"{self.base}/voila/render/{notebook}"

    def __enter__(self) -> VoilaServer:
        self.root = private_root(self.notebooks, parent=self.parent)
        target = self.root / self.notebooks[0].name if len(self.notebooks) == 1 else self.root
        cmd = voila_command(target, self.port, preheat=self.preheat, cull_idle=self.cull[0],
                            cull_interval=self.cull[1])
        cmd.append(f"--Voila.connection_dir_root={self.parent}")
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=voila_env(), stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voilà exited with {self.proc.returncode}:\n{self.log()}")
            try:
                # Any HTTP answer means the server listens; a page view would start a kernel, so ask for
                # a static file that does not exist (404) instead.
                requests.get(f"{self.base}/voila/static/ctie-readiness-probe", timeout=2)
                return self
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError(f"Voilà did not answer within {self.timeout:.0f} s:\n{self.log()}")
            time.sleep(0.3)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            stop_group(self.proc, timeout=30)  # Voilà shuts its kernels down on SIGTERM
        if getattr(self, "_log", None):
            self._log.close()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Playwright with headless Debian Chromium for the ``with`` block; closed after it, even on failure."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


def launch_chromium(playwright):
    """Headless Debian Chromium (never Playwright's own download)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium (./workbook test does it)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--headless", *CHROMIUM_ARGS])


class NetworkGuard:
    """Let a page reach 127.0.0.1 only; record every request, and the ones blocked."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.websockets: list[str] = []
        self.page_errors: list[str] = []
        page.route("**/*", self._route)
        page.on("websocket", lambda ws: self.websockets.append(ws.url))
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        parsed = urlparse(url)
        if parsed.scheme in LOCAL_SCHEMES or parsed.hostname in LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")

    @property
    def off_machine(self) -> list[str]:
        """Every request or websocket that was addressed outside 127.0.0.1."""
        ws = [u for u in self.websockets if urlparse(u).hostname not in LOOPBACK]
        return self.blocked + ws
