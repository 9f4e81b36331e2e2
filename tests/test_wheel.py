"""Issue 16: ``pip install ctie-workbook`` from the built wheel, no clone, then ``ctie init`` + ``ctie course``.

One wheel is built per module (about 30 s: every session is released with nbgrader at build time).
"""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
import requests

from ctie_helpers.commands._serve import free_port
from tests.graded_text import graded_whys
from tests.packaging_support import REPO, clean_copy, offline_env, stop_group, uv

pytestmark = pytest.mark.slow

SESSIONS = ["session1_tip_basics", "session2_pim", "session3_framework", "session4_indicators",
            "session5_methods"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = clean_copy(tmp_path_factory.mktemp("src"))
    out = src / "dist"
    # Build isolation as a user's `uv build` does it, from the local cache; the build env gets nbgrader
    # at the locked version, because the build releases the sessions with it.
    res = subprocess.run([uv(), "build", "--wheel", "--build-constraint", str(REPO / "requirements" / "lock.txt"),
                          "-o", str(out), str(src)], env=offline_env(), capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    return next(out.glob("ctie_workbook-*.whl"))


def test_wheel_carries_the_released_course_and_no_graded_keys(wheel):
    zf = zipfile.ZipFile(wheel)
    names = zf.namelist()
    course = "ctie_helpers/_course/"
    assert course + "notebooks/START_HERE.ipynb" in names
    for session in SESSIONS:
        source = sorted(p.name for p in (REPO / "notebooks" / session).glob("*.ipynb"))
        shipped = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith(f"{course}notebooks/{session}/"))
        assert shipped == source, session
    for csv in (REPO / "data" / "synthetic").glob("*.csv"):
        assert f"{course}data/synthetic/{csv.name}" in names
        assert f"{course}data/synthetic/{csv.stem}.md" in names, f"data card of {csv.name} missing"
    # The trainee's version: facilitator tools stay out, and no graded key (hidden tests) or solution
    # region is in any notebook a trainee can unzip.
    assert not any(n.startswith(f"{course}notebooks/facilitator") for n in names)
    assert not any(n.endswith(".answers.json") for n in names)
    for name in (n for n in names if n.startswith(course) and n.endswith(".ipynb")):
        text = zf.read(name).decode()
        assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, name
    # Graded items' explanations give keys away in every language: neither the facilitator's file nor its
    # French and Spanish catalogs, nor any of their text, is in the wheel (issue 14).
    assert not [n for n in names if "graded_explanations" in n]
    shipped_text = " ".join(zf.read(n).decode("utf-8", errors="replace") for n in names
                            if n.endswith((".po", ".json", ".ipynb", ".py", ".md")))
    whys = graded_whys(REPO / "notebooks")
    leaked = [w for lang in ("en", "fr", "es") for w in whys[lang] if w in shipped_text]
    assert whys["fr"] and not leaked, leaked[:3]
    # What `ctie report` and `ctie app` need outside the repo (the CDN-free Voilà template among them).
    assert any(n.endswith(".j2") for n in names), "Voilà template missing from the wheel"
    assert any(n.startswith("ctie_helpers/templates/") and n.endswith(".ipynb") for n in names)
    assert any(n.startswith("ctie_helpers/apps/notebooks/app_") for n in names)
    assert any(n.startswith("ctie_helpers/content/data/") and n.endswith(".json") for n in names)


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> requests.Response:
    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            r = requests.get(url, timeout=30)
            if r.status_code == 200:
                return r
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, f"{url} did not answer within {timeout} s:\n{log.read_text()}"
        time.sleep(0.5)


def test_pip_install_then_init_then_course_page(wheel, tmp_path):
    env = offline_env()
    venv = tmp_path / "venv"
    subprocess.run([uv(), "venv", "-q", "--python", sys.executable, str(venv)], env=env, check=True)
    py, ctie = venv / "bin" / "python", venv / "bin" / "ctie"
    res = subprocess.run([uv(), "pip", "install", "-q", "--python", str(py), "-c",
                          str(REPO / "requirements" / "lock-runtime.txt"), str(wheel)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    # The installed package is the wheel's, not this worktree's.
    where = subprocess.run([str(py), "-c", "import ctie_helpers; print(ctie_helpers.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert str(venv) in where

    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    shown = subprocess.run([str(ctie), "--version"], env=env, capture_output=True, text=True, check=True).stdout
    assert shown.strip() == f"ctie {version}"

    # Outside any working folder there is no course to serve, and ctie says what to do.
    lost = subprocess.run([str(ctie), "course", "--dry-run"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert lost.returncode == 2 and "ctie init DIR" in lost.stderr

    res = subprocess.run([str(ctie), "init", "mycourse"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    work = tmp_path / "mycourse"
    assert (work / "notebooks" / "START_HERE.ipynb").is_file()
    assert (work / "data" / "synthetic" / "household_survey.md").is_file()
    again = subprocess.run([str(ctie), "init", "mycourse"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert again.returncode == 2 and "not empty" in again.stderr

    # Inside the working folder (or any folder below it) ctie serves that copy: answers are saved there.
    dry = subprocess.run([str(ctie), "course", "--dry-run"], cwd=work / "notebooks" / "session2_pim", env=env,
                         capture_output=True, text=True)
    assert dry.returncode == 0 and f" {work / 'notebooks'} " in dry.stdout, dry.stdout + dry.stderr

    port = free_port(0)
    log = tmp_path / "course.log"
    with log.open("w") as fh:
        proc = subprocess.Popen([str(ctie), "course", "--no-browser", "--port", str(port)], cwd=work, env=env,
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        home = _wait_for(f"http://127.0.0.1:{port}/voila/render/START_HERE.ipynb", proc, log)
        assert "Information Management" in home.text and "session1_tip_basics" in home.text
        page = _wait_for(f"http://127.0.0.1:{port}/voila/render/session1_tip_basics/01_definitions.ipynb",
                         proc, log)
        assert "Traceback" not in page.text
    finally:
        stop_group(proc)
