"""``ctie start --lab`` really serves JupyterLab on 127.0.0.1 with START_HERE.ipynb open-able, then stops;
plain ``ctie start`` opens course mode."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ctie_helpers.commands._serve import free_port
from tests.packaging_support import stop_group

pytestmark = pytest.mark.slow


def test_start_serves_start_here(tmp_path):
    port, token = free_port(0), "ctie-test-token"
    ctie = Path(sys.executable).parent / "ctie"
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen([str(ctie), "start", "--lab", "--port", str(port), "--token", token],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "lab.log").read_text()
            try:
                r = requests.get(f"{base}/api/status", params={"token": token}, timeout=2)
                if r.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
            time.sleep(0.5)
        page = requests.get(f"{base}/lab/tree/notebooks/START_HERE.ipynb", params={"token": token}, timeout=10)
        assert page.status_code == 200 and "JupyterLab" in page.text
        nb = requests.get(f"{base}/api/contents/notebooks/START_HERE.ipynb", params={"token": token}, timeout=10)
        assert nb.status_code == 200 and nb.json()["type"] == "notebook"
        # Without the token nothing is served: the workbook is not open to other local users.
        assert requests.get(f"{base}/api/contents/notebooks", timeout=5).status_code == 403
        printed = (tmp_path / "lab.log").read_text()
        assert f"http://127.0.0.1:{port}/lab/tree/notebooks/START_HERE.ipynb?token={token}" in printed
    finally:
        stop_group(proc)


def test_start_opens_course_mode_by_default():
    ctie = Path(sys.executable).parent / "ctie"
    res = subprocess.run([str(ctie), "start", "--dry-run", "--port", "8931"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "http://127.0.0.1:8931/voila/render/START_HERE.ipynb" in res.stdout
    assert "--template=ctie-course" in res.stdout and "--Voila.ip=127.0.0.1" in res.stdout
    assert "preheat_kernel=True" in res.stdout  # a spare kernel per page, by default
    light = subprocess.run([str(ctie), "start", "--dry-run", "--port", "8931", "--no-preheat"], capture_output=True,
                           text=True)
    assert light.returncode == 0 and "--template=ctie-course" in light.stdout and "preheat" not in light.stdout
    lab = subprocess.run([str(ctie), "start", "--lab", "--dry-run", "--port", "8932"], capture_output=True, text=True)
    assert "http://127.0.0.1:8932/lab/tree/notebooks/START_HERE.ipynb?token=" in lab.stdout
