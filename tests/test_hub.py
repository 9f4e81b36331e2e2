"""A cohort on a real JupyterHub, configured by the shipped deploy/jupyterhub_config.py.

The integration test (marker ``hub``) starts JupyterHub + configurable-http-proxy on 127.0.0.1, logs in
two trainees and a facilitator, checks each trainee got their own copy of the released session,
that one trainee cannot reach the other's server, has each trainee answer (through the sidecar API)
and hand in (``pack_submission``) from a kernel in their own server, and has the facilitator collect
(``ctie collect``) and grade (``ctie grade``) from a kernel in theirs; then it stops everything and
checks the ports are free. The fast tests above it pin the provisioning and collection rules.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from ctie_helpers.facilitator.course import Course
from ctie_helpers.facilitator.handins import collect_handins
from ctie_helpers.facilitator.provision import provision_home, publish_release
from ctie_helpers.facilitator.release import release_session
from ctie_helpers.facilitator.simulated_trainees import partial_answer, perfect_answer
from tests.fixtures.course.course_copy import FIXTURE_SESSION, REPO, copy_course
from tests.fixtures.course.expected import ALL_PARTIAL, FIXTURE_EXPECTED
from tests.hub_support import CHP, Hub, HubUser
from tests.test_course_late_models import PATIENT_MARK, patient_chunk_name

S = FIXTURE_SESSION


# --- provisioning and collection rules (fast) -------------------------------------------------
def _release(tmp_path: Path) -> Path:
    rel = tmp_path / "release"
    (rel / S / ".ipynb_checkpoints").mkdir(parents=True)
    (rel / S / "01_basics.ipynb").write_text('{"release": 1}')
    (rel / S / "02_more.ipynb").write_text('{"release": 2}')
    (rel / S / "01_basics.answers.json").write_text("{}")  # must never reach a trainee
    (rel / S / ".ipynb_checkpoints" / "01_basics-checkpoint.ipynb").write_text("{}")
    (rel / "START_HERE.ipynb").write_text('{"home": 1}')
    return rel


def test_provision_copies_once_and_never_overwrites(tmp_path):
    rel, home = _release(tmp_path), tmp_path / "home"
    first = provision_home(home, rel)
    assert sorted(first.copied) == ["START_HERE.ipynb", f"{S}/01_basics.ipynb", f"{S}/02_more.ipynb"]
    assert not (home / S / "01_basics.answers.json").exists() and not (home / S / ".ipynb_checkpoints").exists()
    (home / S / "01_basics.ipynb").write_text('{"trainee": "my work"}')
    (home / S / "02_more.ipynb").unlink()
    (rel / S / "01_basics.ipynb").write_text('{"release": "fixed later"}')
    second = provision_home(home, rel)
    assert second.copied == [f"{S}/02_more.ipynb"], "a deleted notebook comes back fresh"
    assert (home / S / "01_basics.ipynb").read_text() == '{"trainee": "my work"}', "trainee work overwritten"
    assert f"{S}/01_basics.ipynb" in second.kept and not second.problems
    assert provision_home(home, rel).copied == []


def test_provision_wrapper_copies_then_becomes_the_server(tmp_path):
    rel, home = _release(tmp_path), tmp_path / "home"
    cmd = [sys.executable, "-m", "ctie_helpers.facilitator.provision", "--home", str(home), "--",
           sys.executable, "-c", "import os; print('server started in', os.getpid())"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env={**os.environ, "CTIE_RELEASE_DIR": str(rel)})
    assert proc.returncode == 0, proc.stderr
    assert "server started in" in proc.stdout and "3 files copied" in proc.stderr
    assert (home / S / "02_more.ipynb").read_text() == '{"release": 2}'
    # A missing release must not stop the server from starting.
    proc = subprocess.run([*cmd[:3], "--home", str(home), "--release", str(tmp_path / "nowhere"), *cmd[5:]],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "server started in" in proc.stdout and "no released notebooks" in proc.stderr


def _zip(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{S}/01_basics.ipynb", text)


def test_collect_names_hand_ins_by_owner_and_refuses_symlinks(tmp_path):
    homes, out = tmp_path / "homes", tmp_path / "out"
    _zip(homes / "alice" / "submissions" / S / "old.zip", "alice old")
    _zip(homes / "alice" / "submissions" / S / "new.zip", "alice new")
    os.utime(homes / "alice" / "submissions" / S / "old.zip", (1, 1))
    _zip(homes / "bob" / "submissions" / S / "alice.zip", "bob's work")  # named after someone else
    (homes / "carol" / "submissions" / S).mkdir(parents=True)
    (homes / "carol" / "submissions" / S / "carol.zip").symlink_to(homes / "alice" / "submissions" / S / "new.zip")
    (homes / "mallory").mkdir()
    (homes / "mallory" / "submissions").symlink_to(homes / "alice" / "submissions")
    (homes / "dave").mkdir()
    _zip(homes / "fac" / "submissions" / S / "fac.zip", "facilitator test")
    report = collect_handins(homes, S, out, exclude=("fac",))
    by = {h.trainee: h for h in report.handins}
    assert sorted(by) == ["alice", "bob", "carol", "dave", "mallory"]
    assert [h.trainee for h in report.collected] == ["alice", "bob"]
    with zipfile.ZipFile(out / "alice.zip") as zf:
        assert zf.read(f"{S}/01_basics.ipynb") == b"alice new" and by["alice"].others == 1
    with zipfile.ZipFile(out / "bob.zip") as zf:
        assert zf.read(f"{S}/01_basics.ipynb") == b"bob's work", "bob's hand-in must be filed as bob"
    assert "no .zip" in by["carol"].problem  # the symlinked zip is not even a candidate
    assert "symlink" in by["mallory"].problem and "does not exist" in by["dave"].problem
    assert sorted(p.name for p in out.glob("*.zip")) == ["alice.zip", "bob.zip"]
    assert "MISSING   dave" in (out / f"_collect_{S}.txt").read_text()


# --- the cohort on a real hub -------------------------------------------------------------------
TRAINEE_CODE = """
import json, os
from pathlib import Path
from ctie_helpers.grading import answer, open_sidecar
from ctie_helpers.grading.submit import pack_submission
folder = Path.cwd()  # the session folder: the kernel was started for a notebook in it
assert folder == Path.home() / {session!r}, folder
for stem, answers in json.loads({answers!r}).items():
    open_sidecar(stem)  # what the notebook's first cell does
    for exercise_id, (value, kind) in answers.items():
        answer(exercise_id, value, kind)
res = pack_submission(folder, {session!r}, trainee=os.environ["JUPYTERHUB_USER"],
                      out=Path.home() / "submissions" / {session!r} / {zip_name!r})
print("PACKED", json.dumps(res.files))
"""

FACILITATOR_CODE = """
import argparse, subprocess, sys
from ctie_helpers.commands import collect
parser = argparse.ArgumentParser()
collect.add_arguments(parser)
assert collect.run(parser.parse_args([{session!r}, "--homes", {homes!r}, "--exclude", "facilitator",
                                      "--out", {out!r}])) == 0
graded = subprocess.run([sys.executable, "-m", "ctie_helpers.cli", "grade", {session!r}, "--root", {root!r},
                         "--submissions", {out!r}, "--quiet", "--jobs", "2"], capture_output=True, text=True)
print(graded.stdout)
print("GRADE EXIT", graded.returncode, graded.stderr[-2000:] if graded.returncode else "")
"""


def _answers(course: Course, choose) -> dict[str, dict[str, list]]:
    """Answers per notebook for ``run_code``: ``choose(item)`` for every graded item."""
    answers: dict[str, dict[str, list]] = {}
    for nb in course.source_notebooks(S):
        for item in nb.items:
            answers.setdefault(nb.stem, {})[item.exercise_id] = [choose(item), item.kind]
    return answers


# Autograded points each trainee must get, worked out by hand (tests/fixtures/course/expected.py): alice
# answers every item with the key, bob gives partial_answer for every item.
HUB_EXPECTED = {"alice": FIXTURE_EXPECTED["perfect"], "bob": ALL_PARTIAL}


def _assert_course_mode(user: HubUser) -> None:
    """Logged in, the trainee lands on course mode: the course map, then a session page, never JupyterLab."""
    user_path = f"/user/{user.name}/"
    # A trainee lands on the course map without ever opening Lab: no XSRF cookie from Lab's pages.
    for cookie in [c for c in user.http.cookies if c.name == "_xsrf" and c.path.startswith(user_path)]:
        user.http.cookies.clear(cookie.domain, cookie.path, cookie.name)
    r = user.http.get(f"{user.base}/", timeout=180)  # the hub's default_url, as after login
    assert r.status_code == 200, f"HTTP {r.status_code} at {r.url}"
    assert r.url == f"{user.base}/voila/render/START_HERE.ipynb", r.url
    # Course mode's wire on the hub too: the page came gzipped, and leaving it frees its kernel (Voilà's
    # beacon posts the _xsrf cookie's value, which the course page must have set).
    assert r.headers.get("Content-Encoding") == "gzip", dict(r.headers)
    xsrf = next((c.value for c in user.http.cookies if c.name == "_xsrf" and c.path.startswith(user_path)), None)
    assert xsrf, "the course map set no _xsrf cookie: leaving a page could not free its kernel"
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', r.text).group(1)
    left = user.http.post(f"{user.base}/voila/api/shutdown/{kernel}", data={"_xsrf": xsrf}, timeout=60)
    assert left.status_code == 204, f"leaving the page: HTTP {left.status_code}"
    assert user.api("GET", f"/kernels/{kernel}").status_code == 404, "the left page's kernel still runs"
    page = r.text
    # The widget manager that loses late models under load comes with course mode's fix (course/late_models.py).
    chunk = user.http.get(f"{user.base}/voila/labextensions/@jupyter-widgets/jupyterlab-manager/static/{patient_chunk_name()}",
                          timeout=60)
    assert chunk.status_code == 200 and PATIENT_MARK in chunk.content, chunk.status_code
    # START_HERE through the ctie_course filter: its course text is there, its lab-only cell is not, and
    # the course map cell ran in the trainee's kernel without error.
    assert "How to use the pages" in page and "In JupyterLab" not in page, page[:2000]
    assert "ctie-nav" in page, "not the ctie-course template"
    assert '"appName": "JupyterLab"' not in page and "Traceback" not in page
    r = user.http.get(f"{user.base}/voila/render/{S}/01_basics.ipynb", timeout=180)
    assert r.status_code == 200, r.url
    page = r.text
    # A session page: the navigation cell course mode adds ran, and no grading machinery or code shows.
    (user.hub.workdir / "course_page.html").write_text(page, encoding="utf-8")  # for a failure's reader
    # The bar is an output of the kernel, so it is in the page as JSON (quotes escaped): not the CSS comment.
    assert 'class=\\"ctie-nav\\" lang=\\"en\\" aria-label=\\"Course pages\\"' in page, "no navigation bar on the session page"
    assert 'href=\\"../START_HERE.ipynb\\"' in page, "no link back to the course map"
    for hidden in ("BEGIN HIDDEN TESTS", "from ctie_helpers.grading import grade", "NBVAL", "open_sidecar("):
        assert hidden not in page, f"{hidden!r} on the course page"
    # JupyterLab stays one URL away.
    r = user.http.get(f"{user.base}/lab", timeout=60)
    assert r.status_code == 200 and "JupyterLab" in r.text


@pytest.mark.hub
@pytest.mark.slow
def test_cohort_on_jupyterhub(tmp_path):
    if not CHP.exists():
        pytest.fail(f"configurable-http-proxy missing at {CHP}: run ./workbook test (it installs it with npm)")
    t0 = time.perf_counter()
    course = Course.at(copy_course(tmp_path / "course"))
    (course.source / "START_HERE.ipynb").write_bytes((REPO / "notebooks" / "START_HERE.ipynb").read_bytes())
    release_session(course, S)
    release = tmp_path / "release"
    assert publish_release(course, release) == [S]
    homes, password = tmp_path / "homes", "cohort-test-pw"
    hub = Hub(tmp_path / "hub", {"CTIE_HUB_AUTH": "dummy", "CTIE_HUB_PASSWORD": password,
                                 "CTIE_HUB_HOMES": str(homes), "CTIE_RELEASE_DIR": str(release),
                                 "CTIE_FACILITATORS": "facilitator"})
    (tmp_path / "hub").mkdir()
    timings: dict[str, float] = {"release": time.perf_counter() - t0}
    try:
        hub.start()
        timings["hub up"] = time.perf_counter() - t0
        alice, bob, fac = (HubUser(hub, n, password) for n in ("alice", "bob", "facilitator"))
        for user in (alice, bob, fac):
            user.login()
        for user in (alice, bob, fac):
            user.wait_ready()
        hub.remember_children()
        timings["3 servers up"] = time.perf_counter() - t0

        # Each trainee has their own copy of the released session, made by the provisioning wrapper.
        for user in (alice, bob):
            r = user.api("GET", f"/contents/{S}")
            assert r.status_code == 200, r.text
            assert sorted(x["name"] for x in r.json()["content"]) == ["01_basics.ipynb", "02_more.ipynb"]
            assert (homes / user.name / S / "01_basics.ipynb").read_bytes() == \
                (release / S / "01_basics.ipynb").read_bytes()
        _assert_course_mode(alice)
        timings["course mode"] = time.perf_counter() - t0
        # Isolation: a trainee cannot use another's server, nor list the hub's users.
        assert alice.api("GET", "/status").status_code == 200
        for path in ("/status", f"/contents/{S}"):
            assert alice.api("GET", path, owner="bob").status_code == 403
        assert alice.hub_api("GET", "/users").status_code == 403
        assert fac.hub_api("GET", "/users").status_code == 200, "the facilitator is not a hub admin"

        # Each trainee answers through the sidecar API and hands in from a kernel in their own server.
        a_answers, b_answers = _answers(course, perfect_answer), _answers(course, partial_answer)
        for user, answers, zip_name in ((alice, a_answers, "alice.zip"), (bob, b_answers, "alice.zip")):
            code = TRAINEE_CODE.format(session=S, answers=json.dumps(answers), zip_name=zip_name)
            out = user.run_code(textwrap.dedent(code), notebook=f"{S}/01_basics.ipynb")
            assert "PACKED" in out and f"{S}/01_basics.answers.json" in out, out
        assert (homes / "bob" / S / "01_basics.answers.json").exists()
        assert json.loads((homes / "alice" / S / "01_basics.answers.json").read_text())["answers"] != \
            json.loads((homes / "bob" / S / "01_basics.answers.json").read_text())["answers"]
        timings["handed in"] = time.perf_counter() - t0

        # The facilitator collects (bob's zip is named alice.zip: it must still be filed as bob) and grades.
        handins = course.build / "handins" / S
        code = FACILITATOR_CODE.format(session=S, homes=str(homes), out=str(handins), root=str(course.root))
        out = fac.run_code(textwrap.dedent(code), timeout=600)
        assert "GRADE EXIT 0" in out, out
        timings["graded"] = time.perf_counter() - t0
        assert sorted(p.name for p in handins.glob("*.zip")) == ["alice.zip", "bob.zip"]
        with open(course.grades / f"{S}.csv", newline="", encoding="utf-8") as fh:
            rows = {r["trainee"]: r for r in csv.DictReader(fh)}
        assert sorted(rows) == ["alice", "bob"], f"rows {sorted(rows)}\n{out}"
        auto = [i for nb in course.source_notebooks(S) for i in nb.items if i.kind != "text"]
        assert sorted(i.exercise_id for i in auto) == sorted(HUB_EXPECTED["alice"]), "hand-worked table outdated"
        for name, want in HUB_EXPECTED.items():
            got = {i.exercise_id: float(rows[name][i.exercise_id] or 0) for i in auto}
            assert rows[name]["status"] == "graded" and got == want, f"{name}: {rows[name]}\n{out}"
        assert (course.feedback / "bob" / S / "01_basics.html").exists()
    except BaseException:
        print(hub.tail(80))
        raise
    finally:
        still_open = hub.stop()
    assert not still_open, f"ports still open after stopping the hub: {still_open}"
    timings["stopped"] = time.perf_counter() - t0
    print("\nhub cohort test:", ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
