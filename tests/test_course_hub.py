"""Course mode inside a JupyterHub user server (ctie_helpers/course/hub.py); the real hub is tests/test_hub.py."""

from __future__ import annotations

import os
import re

from traitlets.config import PyFileConfigLoader

from ctie_helpers.course.feedback import FEEDBACK_FILES
from ctie_helpers.course.hub import HUB_CONFIG_DIR, singleuser_env
from ctie_helpers.course.server import HOME_PATH
from tests.hub_support import HUB_CONFIG


def test_the_config_file_the_server_finds_sets_course_mode():
    """What jupyter-server reads from JUPYTER_CONFIG_PATH: the course template and filter, code hidden."""
    config = PyFileConfigLoader("jupyter_server_config.py", path=str(HUB_CONFIG_DIR)).load_config()
    voila = config.VoilaConfiguration
    assert voila.template == "ctie-course"
    assert config.VoilaExporter.filters == {"ctie_course": "ctie_helpers.course.page.course_notebook"}
    assert voila.strip_sources is True and voila.show_tracebacks is False
    # /voila/files/ serves the trainee's released feedback pages and nothing else (course.feedback).
    assert voila.allow_template_override == "NO" and voila.file_allowlist == [FEEDBACK_FILES]
    assert "@jupyter/nbgrader" in voila.extension_denylist


def test_singleuser_env_adds_the_course_folders_and_keeps_the_users():
    env = singleuser_env({"JUPYTER_CONFIG_PATH": "/etc/site", "JUPYTER_PATH": "/opt/share", "HOME": "/h"})
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(HUB_CONFIG_DIR), "/etc/site"]
    paths = env["JUPYTER_PATH"].split(os.pathsep)
    assert paths[-1] == "/opt/share" and env["HOME"] == "/h"
    assert any(os.path.isfile(os.path.join(p, "voila", "templates", "ctie-course", "index.html.j2")) for p in paths)
    assert any(os.path.isfile(os.path.join(p, "voila", "templates", "ctie", "index.html.j2")) for p in paths)


def test_the_hub_lands_on_the_course_home():
    """deploy/jupyterhub_config.py writes the home's path out (the hub's Python may lack the workbook)."""
    found = re.search(r'^c\.Spawner\.default_url = "([^"]+)"', HUB_CONFIG.read_text(encoding="utf-8"), re.MULTILINE)
    assert found and found.group(1) == "/" + HOME_PATH == "/voila/render/START_HERE.ipynb"


def test_the_wrapper_becomes_the_server_in_the_course_environment():
    import subprocess
    import sys

    code = "import os; print(os.environ['JUPYTER_CONFIG_PATH'].split(os.pathsep)[0])"
    out = subprocess.run([sys.executable, "-m", "ctie_helpers.course.hub", "--", sys.executable, "-c", code],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == str(HUB_CONFIG_DIR), out.stderr
    assert subprocess.run([sys.executable, "-m", "ctie_helpers.course.hub"], capture_output=True,
                          timeout=60).returncode == 2
