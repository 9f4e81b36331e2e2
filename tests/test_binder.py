"""Binder: repo2docker accepts ``.binder/``, installs the workbook after copying the repository, and the
Jupyter server it starts lands on course mode.

``jupyter-repo2docker --no-build --debug`` prints the Dockerfile it would build, without Docker.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ctie_helpers.commands._serve import free_port
from ctie_helpers.course.binder import server_config, setup
from ctie_helpers.paths import MARKER
from tests.packaging_support import REPO, clean_copy, stop_group

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory) -> str:
    src = clean_copy(tmp_path_factory.mktemp("repo"))
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"
    res = subprocess.run([str(r2d), "--no-build", "--no-run", "--debug", str(src)], cwd=src,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "FROM " in res.stdout, res.stdout[-2000:]
    return res.stdout


def test_the_environment_is_installed_before_the_repository_is_copied(dockerfile):
    env_copy = dockerfile.index("COPY --chown=0:0 src/.binder/environment.yml")
    env_install = re.search(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "\.binder/environment\.yml"', dockerfile)
    repo_copy = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    assert env_install, "repo2docker did not take .binder/environment.yml"
    assert env_copy < env_install.start() < repo_copy
    # Python as pinned there, not repo2docker's default.
    assert "Python version unspecified" not in dockerfile
    assert "environment-2epy-2d3-2e11-" in dockerfile, "base environment is not Python 3.11"


def test_post_build_installs_the_workbook_after_the_copy(dockerfile):
    repo_copy = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    post_build = dockerfile.index("RUN ./.binder/postBuild")
    assert repo_copy < post_build
    script = (REPO / ".binder" / "postBuild").read_text()
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert "python -m pip install --no-deps --no-build-isolation ." in commands
    assert not any(" -e " in c or c.endswith(" -e") for c in commands)
    assert any("ctie_helpers.course.binder setup" in c for c in commands)


def test_start_script_is_the_entrypoint_and_hands_over_to_the_server(dockerfile):
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/.binder/start"' in dockerfile
    start = (REPO / ".binder" / "start").read_text()
    assert "ctie_helpers.course.binder jupyter-path" in start and start.rstrip().endswith('exec "$@"')


def test_the_server_binder_starts_opens_course_mode(tmp_path):
    """postBuild's configuration, .binder/start, then repo2docker's own command (`jupyter notebook`):
    the server's front page is the course map, rendered by course mode's template with no code."""
    home, config_dir = tmp_path / "home", tmp_path / "home" / ".jupyter"
    course = home / "course"
    # The working folder postBuild's `ctie init` makes (here from the source notebooks: an editable
    # install carries no packaged course; the release is covered by tests/test_wheel.py).
    shutil.copytree(REPO / "notebooks", course / "notebooks", ignore=shutil.ignore_patterns("*.answers.json"))
    shutil.copytree(REPO / "data" / "synthetic", course / "data" / "synthetic")
    (course / MARKER).write_text("{}")
    config_dir.mkdir()
    (config_dir / "jupyter_server_config.json").write_text('{"ServerApp": {"shutdown_no_activity_timeout": 600}}')
    config = setup(home, config_dir=config_dir)
    settings = json.loads(config.read_text())
    assert settings["ServerApp"]["shutdown_no_activity_timeout"] == 600, "an existing setting was lost"
    assert settings["VoilaConfiguration"] == server_config()["VoilaConfiguration"]

    port = free_port(0)
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(config_dir)}
    env.pop("JUPYTER_PATH", None)
    cmd = [str(REPO / ".binder" / "start"), "jupyter", "notebook", "--ip", "127.0.0.1", f"--port={port}",
           "--no-browser", "--IdentityProvider.token=", "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp_path / "server.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, cwd=home, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                front = requests.get(f"http://127.0.0.1:{port}/", timeout=30)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        assert front.status_code == 200, log.read_text()[-2000:]
        assert front.url == f"http://127.0.0.1:{port}/voila/render/course/notebooks/START_HERE.ipynb"
        assert "ctie-nav" in front.text, "not course mode's template"
        assert "open_sidecar" not in front.text and "from ctie_helpers" not in front.text, "code is shown"
    finally:
        stop_group(proc)
