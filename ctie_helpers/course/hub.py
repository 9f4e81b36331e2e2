"""Course mode inside a JupyterHub user server: Voilà's server extension with the course template and filter.

On the hub there is no ``ctie course`` process: the trainee's single-user server (jupyter-server, with
JupyterLab at ``/lab``) also serves the course pages at ``/user/<name>/voila/render/<notebook>``, through
Voilà's server extension (enabled in every environment that has Voilà). What makes those pages course mode
is the same as for ``ctie course``: the ``ctie-course`` template, the ``ctie_course`` filter
(:func:`ctie_helpers.course.page.course_notebook`) and the apps' hardening, all taken from
:mod:`ctie_helpers.course.server` and :mod:`ctie_helpers.apps.server`, never written out again here.

How they reach the server: the hub's ``Spawner.cmd`` runs the provisioning wrapper, which becomes
``python -m ctie_helpers.course.hub -- jupyterhub-singleuser``, which becomes the server in the environment
of :func:`singleuser_env` (two small steps, so that the facilitator's package never imports course mode): the course templates on
``JUPYTER_PATH`` and :data:`HUB_CONFIG_DIR` on ``JUPYTER_CONFIG_PATH``, whose ``jupyter_server_config.py``
calls :func:`configure`. The hub's ``Spawner.default_url`` is ``/`` + :data:`~ctie_helpers.course.server.HOME_PATH`,
so a trainee who logs in lands on the course map.

The wire is course mode's too (:mod:`ctie_helpers.course.wire`, :func:`wiring_the_server`): gzip and compressed
websocket frames through jupyter-server's own ``tornado_settings`` (it builds its Tornado application with
them, so they take effect, unlike Voilà's), ``?lang=`` remembered, and a left page's kernel shut down
(:mod:`ctie_helpers.course.leave`), by the same hooks on Voilà's page handler that ``ctie course`` installs,
and the widget manager served with a patient ``get_model`` (:mod:`ctie_helpers.course.late_models`).
Not carried over: the immutable caching of labextension files (the server extension's routes are built
by Voilà's extension loader, not by the ``Voila`` application :func:`~ctie_helpers.course.wire.caching` wraps).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from ctie_helpers.apps.server import HARDENING
from ctie_helpers.course.late_models import serving_patient
from ctie_helpers.course.server import COURSE_TEMPLATE, course_config, course_env
from ctie_helpers.course.wire import WIRE_SETTINGS, wiring_pages

__all__ = ["HUB_CONFIG_DIR", "configure", "main", "server_config", "singleuser_env",
           "wiring_the_server"]

#: A Jupyter config folder whose ``jupyter_server_config.py`` applies :func:`configure`.
HUB_CONFIG_DIR = Path(__file__).resolve().parent / "share" / "hub"


def server_config() -> dict[str, dict[str, Any]]:
    """The jupyter-server config sections for course mode: Voilà's settings and the exporter's filter."""
    config = course_config()
    voila = {**config["VoilaConfiguration"], **HARDENING, "template": COURSE_TEMPLATE}
    return {**config, "VoilaConfiguration": voila}


def configure(c: Any) -> None:
    """Apply :func:`server_config` and :func:`wiring_the_server` to a traitlets config ``c`` (the ``c`` of a
    ``jupyter_server_config.py``)."""
    for section, values in server_config().items():
        for name, value in values.items():
            setattr(c[section], name, value)
    wiring_the_server(c)


def wiring_the_server(c: Any) -> None:
    """Course mode's wire in a single-user server configured by ``c`` (see the module docstring)."""
    # deferred: saves 2300 ms at import of ctie_helpers.course.hub (Voilà and jupyter_server)
    import voila.server_extension as extension

    wiring_pages(extension.TornadoVoilaHandler)  # the class the server extension routes pages to
    # Its labextensions route serves the widget manager: with get_model made patient (course/late_models.py).
    # The extension is loaded after this config file runs, and looks the handler up by this module-level name.
    extension.FileFindHandler = serving_patient(extension.FileFindHandler)
    c.ServerApp.tornado_settings = {**dict(c.ServerApp.get("tornado_settings", {})), **WIRE_SETTINGS}
    # jupyter-server overwrites tornado_settings' websocket compression with its own trait: set that one.
    c.ServerApp.websocket_compression_options = WIRE_SETTINGS["websocket_compression_options"]


def singleuser_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a single-user server in course mode (see the module docstring).

    ``JUPYTER_CONFIG_PATH`` gets :data:`HUB_CONFIG_DIR` first: a later folder on it (or the user's own
    ``~/.jupyter``) may still add settings, while the course's are loaded.
    """
    # The hub keeps plotly's JupyterLab extension (Lab is in the same server): charts need no HTML copy there.
    env = course_env(base, lazy_charts=False)
    paths = [str(HUB_CONFIG_DIR), *[p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    return env


def main(argv: list[str] | None = None) -> int:
    """``python -m ctie_helpers.course.hub -- CMD ARGS...``: become ``CMD`` in the environment of :func:`singleuser_env`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[argv.index("--") + 1:] if "--" in argv else []
    if not command:
        print("usage: python -m ctie_helpers.course.hub -- jupyterhub-singleuser [ARGS...]", file=sys.stderr)
        return 2
    sys.stderr.flush()
    os.execvpe(command[0], command, singleuser_env())  # only returns by raising
    return 0  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover - exercised as a subprocess by the hub test
    sys.exit(main())
