"""Running a local server for a ``ctie`` command: a free port on 127.0.0.1, whether to open a browser, and a
Voilà child process that cleans its private folder up however it stops. ``ctie app``, ``ctie course`` and
``ctie start`` share these (one owner; the commands themselves only parse and print).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["free_port", "open_browser", "run_until_stopped", "static_server"]


def free_port(preferred: int = 8888) -> int:
    """Return ``preferred`` if it is free on 127.0.0.1, else a free port the OS picks."""
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


def open_browser(no_browser: bool) -> bool:
    # A headless machine (CI, a server reached by SSH) has no browser to open.
    if no_browser:
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("darwin", "win32")


def run_until_stopped(cmd: list[str], env: dict[str, str], folder: Path) -> int:
    """Run Voilà in ``folder`` until it stops (Ctrl+C, SIGTERM), then delete ``folder``; its exit code.

    Voilà runs as a child (not exec) so that the private folder is removed however it stops.
    """
    proc = subprocess.Popen(cmd, env=env, cwd=folder)

    def _stop(signum, _frame):  # SIGTERM from a test or a service manager: stop Voilà, then clean up
        proc.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        while True:
            try:
                return_code = proc.wait()
                break
            except KeyboardInterrupt:  # Ctrl+C reaches Voilà too (same process group); wait for it
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
    # Voilà exits 0 on Ctrl+C/SIGTERM after shutting its kernels down.
    return 0 if return_code in (0, -signal.SIGTERM, -signal.SIGINT, 130) else int(return_code)


def static_server(folder: Path, port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server for a static site (the offline edition) on 127.0.0.1: call ``serve_forever()``.

    It serves ``NAME.gz`` in place of ``NAME`` with ``Content-Encoding: gzip`` when the browser accepts it
    (the site is written precompressed) and gives WebAssembly its MIME type, which browsers require for
    streaming compilation; everything else is Python's plain file server.
    """
    root = Path(folder).resolve()

    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                          ".mjs": "text/javascript", ".js": "text/javascript", ".whl": "application/zip"}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def send_head(self):  # the base class's signature
            path = Path(self.translate_path(self.path))
            gz = path.with_name(path.name + ".gz")
            if path.is_file() and gz.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
                fh = open(gz, "rb")  # noqa: SIM115 - the base class closes it after copying
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(gz.stat().st_size))
                self.end_headers()
                return fh
            return super().send_head()

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
