"""Course mode inside a Jupyter server: what Binder (repo2docker) opens on, through Voilà's server extension.

Binder reaches only the Jupyter server it starts, so course mode cannot be the separate loopback Voilà
of ``ctie course`` there. Instead the Jupyter server's own Voilà extension (``/voila/render/...``) gets
course mode's settings (template ``ctie-course``, sources stripped, tracebacks hidden, the apps' file
lists, the ``ctie_course`` filter) and its ``default_url`` points at the course map of a working folder
made by ``ctie init``, the trainee's version of the course.

Called from ``.binder/postBuild`` and ``.binder/start``::

    python -m ctie_helpers.course.binder setup HOME   # ctie init HOME/course + the server's config file
    python -m ctie_helpers.course.binder jupyter-path # JUPYTER_PATH with course mode's templates first
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ctie_helpers.course.server import HOME_PATH, course_config, course_env
from ctie_helpers.io import atomic_write

__all__ = ["COURSE_FOLDER", "CONFIG_NAME", "main", "server_config", "setup"]

#: The working folder under the server's root (the Binder user's home).
COURSE_FOLDER = "course"
#: The user's server config file: extension apps (`jupyter notebook`, `jupyter lab`) read their
#: default_url from it, not from ``jupyter_server_config.d/`` (which only enables extensions; measured).
CONFIG_NAME = "jupyter_server_config.json"


def server_config(course_dir: str = COURSE_FOLDER) -> dict:
    """Jupyter server config: Voilà's extension in course mode, landing on ``course_dir``'s course map.

    ``course_dir`` is relative to the server's root folder.
    """
    config = course_config()
    config["VoilaConfiguration"] = {
        **config["VoilaConfiguration"],
        "template": "ctie-course", "theme": "light", "strip_sources": True, "show_tracebacks": False,
        "allow_template_override": "NO", "allow_theme_override": "NO",
    }
    page = HOME_PATH.replace("voila/render/", f"voila/render/{course_dir}/notebooks/", 1)
    # `jupyter notebook` (repo2docker's default command) and `jupyter lab` / jupyterhub-singleuser (Binder's)
    # each set the server's default_url from their own trait, so all three are set.
    for app in ("ServerApp", "JupyterNotebookApp", "LabApp"):
        config[app] = {"default_url": f"/{page}"}
    return config


def setup(home: Path, config_dir: Path | None = None) -> Path:
    """Make ``home/course`` (unless it exists) and add course mode to the server config; return its path.

    ``config_dir``: the Jupyter config folder (default: the user's, ``~/.jupyter`` or
    ``$JUPYTER_CONFIG_DIR``). Settings already in its ``jupyter_server_config.json`` are kept.
    """
    # deferred: saves 3 ms at import of ctie_helpers.course.binder (under 20 ms, loaded machine: may move up)
    from jupyter_core.paths import jupyter_config_dir

    # deferred: saves 1 ms at import of ctie_helpers.course.binder (under 20 ms, loaded machine: may move up)
    from ctie_helpers.course.workfolder import init_course

    course = home / COURSE_FOLDER
    if not course.exists():
        init_course(course)
    target = Path(config_dir or jupyter_config_dir()) / CONFIG_NAME
    config = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
    for section, values in server_config().items():
        config[section] = {**config.get(section, {}), **values}
    atomic_write(target, json.dumps(config, indent=2) + "\n", parents=True)
    return target


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["setup"] and len(args) == 2:
        print(f"course mode configured in {setup(Path(args[1]).resolve())}")
        return 0
    if args == ["jupyter-path"]:
        print(course_env(dict(os.environ), lazy_charts=False)["JUPYTER_PATH"])  # Binder keeps plotly's extension
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
