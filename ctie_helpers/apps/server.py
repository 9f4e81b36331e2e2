"""The Voilà command line that serves the mini-apps, hardened as the data-responsibility issue asks.

Measured facts behind each flag are in ``../shared/design/STACK_NOTES.md`` sections 5 and 9:

- loopback only (``127.0.0.1``), a fixed port with no retries (the printed URL is the real one);
- code hidden (``strip_sources``), tracebacks hidden (the apps show friendly messages themselves);
- an empty file allow-list and a deny-everything list: ``/voila/files/`` serves nothing, and only the
  app's own notebook is rendered (a single notebook is served at ``/``; no tree, no contents API);
- a private root: the notebook is copied into a fresh temporary folder (mode 0700) that is the server's
  root and the kernel's working folder, deleted when the server stops, so no other file of the workbook
  is reachable and nothing an app might write lands beside the course notebooks;
- the nbgrader, notebook and Voilà-preview labextensions are deny-listed (they throw in Voilà's page);
- the ``ctie`` template: Voilà's ``lab`` template minus its Font Awesome CDN stylesheets;
- template and theme cannot be switched from the URL;
- idle kernels are culled (one kernel per page view, about 135 MB each, is otherwise never freed);
- no preheated kernel by default: a spare kernel per app (about 135 MB) for an analyst who opens one page.
  ``preheat=True`` (``ctie app --preheat``) turns it on: measured here (2 loaded cores, sampling app), the
  first widget came in 7-11 s instead of 25-30 s. Voilà then runs as ``python -m ctie_helpers.apps.pool``,
  which restarts a spare's idle clock when a page takes it: plain Voilà left in 2 of 6 runs a page without
  its widgets, because a spare idle longer than ``cull_idle_timeout`` was culled between the page taking it
  and the page's websocket connecting (cause and fix: :mod:`ctie_helpers.apps.pool`; course mode's pool,
  :mod:`ctie_helpers.course.pool`, builds on it).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ctie_helpers.paths import PACKAGE_DIR

__all__ = ["EXTENSION_DENYLIST", "HARDENING", "TEMPLATE_ROOT", "VOILA_CONFIG", "private_root", "voila_command", "voila_env"]

#: Labextensions that throw in Voilà 0.5.13's page or are of no use there (STACK_NOTES 5).
EXTENSION_DENYLIST = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension",
                      "@voila-dashboards/jupyterlab-preview"]
#: A Jupyter data folder holding ``voila/templates/ctie``; put on ``JUPYTER_PATH``.
TEMPLATE_ROOT = PACKAGE_DIR / "apps" / "share"
#: List-valued settings go in ``voila.json`` in the server's root (its working folder, which Voilà searches
#: for config): traitlets deprecates lists on the command line, and an empty allow-list cannot be written there.
VOILA_CONFIG = {"VoilaConfiguration": {"file_allowlist": [], "file_denylist": [".*"],
                                       "extension_denylist": EXTENSION_DENYLIST}}
#: The settings that hide code and tracebacks and pin template and theme, for every Voilà we run: the command
#: line of :func:`voila_command` and course mode inside a JupyterHub user server (``course/hub.py``).
HARDENING = {"theme": "light", "allow_template_override": "NO", "allow_theme_override": "NO",
             "strip_sources": True, "show_tracebacks": False}
CULL_IDLE_SECONDS = 900
CULL_INTERVAL_SECONDS = 60


def _template() -> str:
    # A wheel built without the .j2 file would lack the template: fall back to Voilà's own.
    return "ctie" if (TEMPLATE_ROOT / "voila" / "templates" / "ctie" / "index.html.j2").is_file() else "lab"


def voila_command(target: str | os.PathLike, port: int, *, preheat: bool = False, open_browser: bool = False,
                  cull_idle: int = CULL_IDLE_SECONDS, cull_interval: int = CULL_INTERVAL_SECONDS,
                  token: str | None = None, template: str | None = None) -> list[str]:
    """The ``voila`` command serving ``target`` (one notebook, or a folder of app notebooks in tests).

    Run it with the folder made by :func:`private_root` as working folder (its ``voila.json`` holds the
    file allow/deny lists and the extension deny-list) and the environment of :func:`voila_env`.

    Parameters
    ----------
    target : path
        A notebook (served at ``/``) or a folder (notebooks at ``/voila/render/<name>``).
    port : int
        Port on 127.0.0.1; Voilà fails rather than silently moving to another one.
    preheat : bool
        Keep one kernel per notebook started and the notebook already run, for a faster first page
        (off by default: see the module docstring); Voilà then runs through :mod:`ctie_helpers.apps.pool`.
    open_browser : bool
        Ask Voilà to open the page in the desktop browser.
    cull_idle, cull_interval : int
        Seconds after which an idle kernel is shut down, and how often to check.
    token : str, optional
        Require this token (``?token=...`` in the URL). Default: none, as for a desktop app on loopback.
    template : str, optional
        Another Voilà template on ``JUPYTER_PATH`` (course mode's ``ctie-course``); default ``ctie``.
    """
    cmd = [
        sys.executable, "-m", "voila", str(target),
        "--Voila.ip=127.0.0.1", f"--Voila.port={int(port)}", "--Voila.port_retries=0",
        f"--Voila.open_browser={open_browser}",
        f"--template={template or _template()}",
        *(f"--VoilaConfiguration.{name}={value}" for name, value in HARDENING.items()),
        f"--MappingKernelManager.cull_idle_timeout={int(cull_idle)}",
        f"--MappingKernelManager.cull_interval={int(cull_interval)}",
    ]
    if preheat:
        cmd[1:3] = ["-m", "ctie_helpers.apps.pool"]  # Voilà whose taken spares are not culled before use
        cmd += ["--VoilaConfiguration.preheat_kernel=True", "--VoilaConfiguration.default_pool_size=1"]
    if token:
        cmd.append(f"--Voila.token={token}")
    return cmd


def voila_env(base: dict[str, str] | None = None, extra_roots: tuple[Path, ...] = ()) -> dict[str, str]:
    """The environment for Voilà: the ``ctie`` template's folder (after ``extra_roots``) first on ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    paths = [*map(str, extra_roots), str(TEMPLATE_ROOT),
             *[p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def private_root(notebooks: list[Path], parent: str | os.PathLike | None = None) -> Path:
    """A new temporary folder (mode 0700) holding copies of ``notebooks`` and ``voila.json``.

    The caller runs Voilà in it and deletes it afterwards. ``parent``: where to create it (default: the
    system's temporary folder).
    """
    root = Path(tempfile.mkdtemp(prefix="ctie-app-", dir=parent))
    for nb in notebooks:
        shutil.copy2(nb, root / nb.name)
    (root / "voila.json").write_text(json.dumps(VOILA_CONFIG, indent=2), encoding="utf-8")
    return root
