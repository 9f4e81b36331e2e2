"""A real JupyterHub for tests: start it from deploy/jupyterhub_config.py, log users in, run code in
their servers' kernels, and stop everything it started.

The recipe and its traps are STACK_NOTES section 7: two ``_xsrf`` cookies (hub path and user path, so
``cookies.get`` needs ``path=``), the user path's cookie exists only after visiting ``/user/<u>/lab``
(the OAuth round trip), and every request to a user server needs ``X-XSRFToken``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import requests

REPO = Path(__file__).resolve().parents[1]
HUB_CONFIG = REPO / "deploy" / "jupyterhub_config.py"
CHP = REPO / ".tools" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"

__all__ = ["CHP", "HUB_CONFIG", "Hub", "HubUser", "free_port", "port_open"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait(what: str, test, timeout: float, every: float = 0.25):
    end = time.monotonic() + timeout
    while True:
        got = test()
        if got:
            return got
        if time.monotonic() > end:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(every)


class Hub:
    """One JupyterHub process (with its proxy and user servers) on 127.0.0.1."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir = workdir
        self.port, self.api_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "hub.log"
        self.env = {**os.environ, **env, "CTIE_HUB_IP": "127.0.0.1", "CTIE_HUB_PORT": str(self.port),
                    "CTIE_HUB_API_PORT": str(self.api_port), "CTIE_HUB_STATE": str(workdir / "state"),
                    "CTIE_HUB_PROXY": str(CHP), "CTIE_USER_PYTHON": sys.executable}
        self.proc: subprocess.Popen | None = None
        self._seen: dict[int, psutil.Process] = {}  # every process under the hub, for the final sweep

    def start(self, timeout: float = 90) -> None:
        jupyterhub = Path(sys.executable).parent / "jupyterhub"
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([str(jupyterhub), "-f", str(HUB_CONFIG)], cwd=self.workdir, env=self.env,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

        def up() -> bool:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.proc.returncode}:\n{self.tail()}")
            try:  # the proxy answers 404 for /hub/api until the hub has registered its route
                r = requests.get(f"{self.url}/hub/api", timeout=2)
                return r.status_code == 200 and "version" in r.json()
            except (requests.RequestException, ValueError):
                return False

        _wait("the hub API", up, timeout)

    def remember_children(self) -> None:
        """Note every process under the hub now (proxy, user servers, kernels) for :meth:`stop`."""
        if self.proc is None:
            return
        try:
            for p in psutil.Process(self.proc.pid).children(recursive=True):
                self._seen[p.pid] = p
        except psutil.NoSuchProcess:
            pass

    def tail(self, n: int = 40) -> str:
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-n:])

    def stop(self, timeout: float = 30) -> list[int]:
        """SIGTERM the hub (it stops the user servers and the proxy), then kill whatever it left.

        Returns the ports still open afterwards (should be none).
        """
        if self.proc is None:
            return []
        self.remember_children()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        left = [p for p in self._seen.values() if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        for p in left:  # only processes this hub started: its proxy, servers and their kernels
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(left, timeout=10)
        return [port for port in (self.port, self.api_port) if port_open(port)]


class HubUser:
    """One person's browser session on the hub: cookies, XSRF tokens, and their server's API."""

    def __init__(self, hub: Hub, name: str, password: str) -> None:
        self.hub, self.name, self.password = hub, name, password
        self.http = requests.Session()

    @property
    def base(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    def _xsrf(self, path: str) -> str:
        return self.http.cookies.get("_xsrf", path=path) or ""

    def login(self) -> None:
        """Log in; the hub then starts this user's server (login redirects to spawn-pending)."""
        self.http.get(f"{self.hub.url}/hub/login", timeout=30).raise_for_status()
        # Following the redirect matters: JupyterHub 6 sends a new login to /hub/spawn, and it is that
        # request which starts the server (then /hub/spawn-pending/<user> while it starts).
        r = self.http.post(f"{self.hub.url}/hub/login?next=", timeout=120,
                           data={"username": self.name, "password": self.password, "_xsrf": self._xsrf("/hub/")})
        if r.status_code != 200 or "/hub/login" in r.url:
            raise RuntimeError(f"login of {self.name} failed: HTTP {r.status_code} at {r.url}")

    def hub_api(self, method: str, path: str, **kw) -> requests.Response:
        headers = {"X-XSRFToken": self._xsrf("/hub/"), **kw.pop("headers", {})}
        return self.http.request(method, f"{self.hub.url}/hub/api{path}", headers=headers, timeout=30, **kw)

    def wait_ready(self, timeout: float = 150) -> None:
        def ready() -> bool:
            r = self.hub_api("GET", f"/users/{self.name}")
            return r.status_code == 200 and bool(r.json().get("servers", {}).get("", {}).get("ready"))

        _wait(f"{self.name}'s server", ready, timeout, every=0.5)
        # The OAuth round trip sets the user-path cookies; without it every server call is 403.
        r = self.http.get(f"{self.base}/lab", timeout=60)
        r.raise_for_status()

    def api(self, method: str, path: str, *, owner: str | None = None, **kw) -> requests.Response:
        """Call ``/user/<owner>/api<path>`` (default owner: this user) with this user's cookies."""
        owner = owner or self.name
        headers = {"X-XSRFToken": self._xsrf(f"/user/{self.name}/"), **kw.pop("headers", {})}
        return self.http.request(method, f"{self.hub.url}/user/{owner}/api{path}", headers=headers,
                                 timeout=kw.pop("timeout", 30), allow_redirects=False, **kw)

    def run_code(self, code: str, *, notebook: str = "scratch.ipynb", timeout: float = 120) -> str:
        """Run ``code`` in a new kernel of this user's server; return its stdout.

        The kernel is started for ``notebook`` through the sessions API, so its working folder is
        that notebook's folder, as when a trainee runs a cell there. Raises with the traceback if
        the code fails.
        """
        import websocket

        r = self.api("POST", "/sessions", json={"path": notebook, "type": "notebook", "name": "",
                                                "kernel": {"name": "python3"}})
        r.raise_for_status()
        session = r.json()
        kernel = session["kernel"]["id"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies
                           if c.path in ("/", f"/user/{self.name}/", "/hub/") and c.name != "_xsrf")
        xsrf = self._xsrf(f"/user/{self.name}/")
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{self.hub.port}/user/{self.name}/api/kernels/{kernel}/channels?_xsrf={xsrf}",
            header=[f"Cookie: {cookie}; _xsrf={xsrf}", f"X-XSRFToken: {xsrf}"], timeout=timeout)
        try:
            return _execute(ws, code, timeout)
        finally:
            ws.close()
            self.api("DELETE", f"/sessions/{session['id']}")


def _execute(ws, code: str, timeout: float) -> str:
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex, "msg_type": "execute_request",
                   "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    out: list[str] = []
    error: str | None = None
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "error":
            error = "\n".join(content.get("traceback", [])) or f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content["execution_state"] == "idle":
            if error:
                raise RuntimeError(f"the code failed in the kernel:\n{error}\nstdout:\n{''.join(out)}")
            return "".join(out)
    raise TimeoutError(f"the kernel did not finish within {timeout:.0f} s; stdout so far:\n{''.join(out)}")
