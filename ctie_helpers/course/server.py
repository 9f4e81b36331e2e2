"""The course-mode Voilà server: :func:`ctie_helpers.apps.server.voila_command` over the course folder.

What differs from a mini-app: the root is the trainee's course folder itself, not a private copy, because
the pages write the trainee's answers beside the notebooks (the sidecars that ``ctie submit`` packs and
``ctie grade`` reads), and ``/voila/files/`` serves the trainee's released feedback pages (and nothing
else). Everything else is the apps' hardening: loopback only, no retries, code and tracebacks hidden, no
template or theme switch from the URL. Voilà's config (the file lists and the ``ctie_course`` filter) goes in a private folder that is the server's
working folder, so nothing is written into the course folder.

Kernels are preheated by default (one spare per course page, :mod:`ctie_helpers.course.pool`; ``ctie course
--no-preheat`` turns it off): Voilà runs through ``python -m ctie_helpers.course.pool``, which replaces a spare
older than the trainee's latest answers and keeps the culler off a spare a page has just taken (the cause of
the preheated pages that never showed their widgets). The cost is memory: one spare per page and three for the map
are 22 kernels of about 106-150 MB (2.3-3.3 GB) on a full course; a laptop short of memory uses ``--no-preheat``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ctie_helpers.apps.server import (
    CULL_IDLE_SECONDS,
    CULL_INTERVAL_SECONDS,
    VOILA_CONFIG,
    voila_command,
    voila_env,
)
from ctie_helpers.course.feedback import FEEDBACK_FILES
from ctie_helpers.course.page import COURSE_ROOT_ENV
from ctie_helpers.course.pool import POOL_SIZE, pool_config
from ctie_helpers.course.wire import PLOTLY_EXTENSION, UNUSED_EXTENSIONS, assets_root, plotly_js_path
from ctie_helpers.plots.lazy import LAZY_PLOTLY_ENV

__all__ = ["COURSE_TEMPLATE", "COURSE_TEMPLATE_ROOT", "HOME_PATH", "course_command", "course_config",
           "course_env", "config_folder"]

#: A Jupyter data folder holding ``voila/templates/ctie-course``.
COURSE_TEMPLATE_ROOT = Path(__file__).resolve().parent / "share"
COURSE_TEMPLATE = "ctie-course"
#: The course map's URL path under the server.
HOME_PATH = "voila/render/START_HERE.ipynb"
FILTER = "ctie_helpers.course.page.course_notebook"


def course_config() -> dict:
    """Voilà's config for course mode: the apps' lists, the ``ctie_course`` template filter and the kernel
    pool's settings (used when preheating is on).

    One difference in the lists: ``/voila/files/`` serves the trainee's released feedback pages
    (``feedback/<session>/NN_topic.html``, :data:`~ctie_helpers.course.feedback.FEEDBACK_FILES`) and nothing
    else; no hidden file or folder, even if a name matched.
    """
    files = {"file_allowlist": [FEEDBACK_FILES], "file_denylist": [r"(.*/)?\..*"],
             "extension_denylist": [*VOILA_CONFIG["VoilaConfiguration"]["extension_denylist"], *UNUSED_EXTENSIONS]}
    return {"VoilaConfiguration": {**VOILA_CONFIG["VoilaConfiguration"], **files},
            "VoilaExporter": {"filters": {"ctie_course": FILTER}}, **pool_config()}


def config_folder(parent: str | os.PathLike | None = None) -> Path:
    """A new private folder (mode 0700) holding course mode's ``voila.json``; the caller deletes it.

    For ``ctie course`` only, plotly's JupyterLab extension is deny-listed too: its pages draw charts with
    plotly.js fetched on a page's first chart (:mod:`ctie_helpers.course.wire`, whose kernels get
    :data:`~ctie_helpers.plots.lazy.LAZY_PLOTLY_ENV` from :func:`course_env`).
    """
    folder = Path(tempfile.mkdtemp(prefix="ctie-course-", dir=parent))
    config = course_config()
    config["VoilaConfiguration"]["extension_denylist"].append(PLOTLY_EXTENSION)
    (folder / "voila.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return folder


def course_command(root: str | os.PathLike, port: int, *, open_browser: bool = False,
                   preheat: bool = True, cull_idle: int = CULL_IDLE_SECONDS,
                   cull_interval: int = CULL_INTERVAL_SECONDS) -> list[str]:
    """The ``voila`` command serving the course folder ``root`` on 127.0.0.1:``port`` in course mode.

    Run it with :func:`config_folder` as working folder and the environment of :func:`course_env`.
    ``preheat`` keeps a spare kernel per page (faster pages, about 2.5 GB more memory); ``cull_idle`` and
    ``cull_interval`` (seconds; shorter in tests) are passed to :func:`~ctie_helpers.apps.server.voila_command` (tests).
    """
    cmd = voila_command(Path(root).resolve(), port, open_browser=open_browser, template=COURSE_TEMPLATE,
                        preheat=preheat, cull_idle=cull_idle, cull_interval=cull_interval)
    cmd[1:3] = ["-m", "ctie_helpers.course.wire"]  # Voilà with compressed responses
    if preheat:
        cmd[1:3] = ["-m", "ctie_helpers.course.pool"]  # Voilà with the fresh-pool kernel manager
        cmd = [c.replace("default_pool_size=1", f"default_pool_size={POOL_SIZE}") for c in cmd]
    return cmd


def course_env(base: dict[str, str] | None = None, root: str | os.PathLike | None = None,
               lazy_charts: bool = True) -> dict[str, str]:
    """The environment for course mode: both template folders on ``JUPYTER_PATH``.

    With ``root``, the course folder is named in ``CTIE_COURSE_ROOT`` (Voilà runs in its private config
    folder, and the ``ctie_course`` filter reads the trainee's language choice from the course folder).
    With ``lazy_charts`` (``ctie course``, whose config deny-lists plotly's extension) also plotly.js's folder,
    and :data:`~ctie_helpers.plots.lazy.LAZY_PLOTLY_ENV` for its kernels (charts that load plotly.js on demand).
    """
    if not lazy_charts:
        env = voila_env(base, extra_roots=(COURSE_TEMPLATE_ROOT,))
    else:
        env = voila_env(base, extra_roots=(COURSE_TEMPLATE_ROOT, assets_root()))
        env[LAZY_PLOTLY_ENV] = plotly_js_path()
    if root is not None:
        env[COURSE_ROOT_ENV] = str(Path(root).resolve())
    return env
