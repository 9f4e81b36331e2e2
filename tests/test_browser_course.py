"""Course mode in a real browser: a trainee who cannot code works through session 1 and hands in; every
session page renders code-free, with a widget, accessible (axe-core) and offline.

The server is ``ctie course`` itself, started as a subprocess on a free port over a temporary copy of
the course. Screenshots go to build/screenshots/course/.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.browser_support import NetworkGuard, free_port, launch_chromium
from tests.fixtures.course.course_copy import copy_course
from tests.notebook_tools import NOTEBOOKS, SESSIONS, session_notebooks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "build" / "screenshots" / "course"
AXE = REPO / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CTIE = Path(sys.executable).parent / "ctie"
SESSION1 = "session1_tip_basics"
#: What no trainee may see: code editors, code cells' input areas, grading machinery.
CODE_SELECTORS = [".jp-CodeMirrorEditor", ".cm-editor", ".CodeMirror", ".jp-InputArea-editor", "textarea.jp-Code"]
FORBIDDEN_TEXT = re.compile(r"NBVAL|HIDDEN TESTS|from ctie_helpers|import grade|Traceback|open_sidecar")


class CourseServer:
    """``ctie course --root ROOT`` on a free loopback port; stops Voilà and its kernels at the end."""

    def __init__(self, root: Path, log: Path, timeout: float = 180):
        self.root, self.log_path, self.timeout = root, log, timeout
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> CourseServer:
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen([str(CTIE), "course", "--root", str(self.root), "--no-browser",
                                      "--port", str(self.port)], stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while True:
            assert self.proc.poll() is None, self.log()
            try:
                requests.get(f"{self.base}/voila/static/ctie-readiness-probe", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, f"ctie course did not answer:\n{self.log()}"
                time.sleep(0.3)
        printed = self.log()
        assert f"http://127.0.0.1:{self.port}/voila/render/START_HERE.ipynb" in printed, printed
        return self

    def url(self, rel: str) -> str:
        return f"{self.base}/voila/render/{rel}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def all_sessions(tmp_path_factory):
    """One course server per xdist worker over a copy of the whole course."""
    root = tmp_path_factory.mktemp("course") / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns("*.answers.json", ".ipynb_checkpoints",
                                                                   "submissions", "facilitator"))
    with CourseServer(root, root.parent / "voila.log") as server:
        yield server


def open_page(page, url: str) -> None:
    """Go to a course page and wait until Voilà has run it and the widgets are drawn."""
    page.goto(url, timeout=300_000)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=300_000)
    page.wait_for_selector(".jupyter-widgets, .widget-box", timeout=120_000)


def assert_code_free(page, where: str) -> None:
    for sel in CODE_SELECTORS:
        assert page.locator(sel).count() == 0, f"{where}: a code editor ({sel}) is shown"
    inputs = page.locator(".jp-InputArea .jp-InputArea-editor, .jp-CodeCell .jp-InputArea:visible")
    assert inputs.count() == 0, f"{where}: a code cell's input is shown"
    text = page.inner_text("body")
    found = FORBIDDEN_TEXT.search(text)
    assert not found, f"{where}: the page shows {found.group(0)!r}"
    errors = page.locator('[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText.jp-mod-error')
    assert errors.count() == 0, f"{where}: an error output is shown: {errors.first.inner_text()}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# --- the trainee ------------------------------------------------------------------------------------

def choose(page, statement: str, option: str) -> None:
    """Pick ``option`` in the drop-down of the row that shows ``statement`` (a sorting item)."""
    row = page.locator(".widget-hbox", has_text=statement).filter(has=page.locator("select")).last
    row.locator("select").select_option(label=option)


# The trainee's answers to 01_definitions, typed here by hand from the course text (not from check()).
AMP = {  # all nine right
    "Harbouring girls in a rented house near the port": "Act",
    "Receiving a group of young men at a construction site": "Act",
    "Transferring a worker from one employer to another": "Act",
    "Taking a person's identity card to stop them leaving": "Means",
    "Abusing the fact that a widow has no income and no documents": "Means",
    "Paying a father so that he lets his daughter go": "Means",
    "Forced labour on a fishing boat": "Purpose",
    "Removal of a kidney": "Purpose",
    "Sexual exploitation in a brothel": "Purpose",
}
RIGHT_LEGAL = "Yes: her 'consent' to the exploitation is void in law"
#: Points ctie grade must give this trainee, item by item: s1_amp_elements all right (3 of 3);
#: s1_legal_vs_research a wrong option (0 of 1); everything else left unanswered (0).
EXPECTED = {"s1_amp_elements": 3.0, "s1_legal_vs_research": 0.0, "s1_case_classifier": 0.0,
            "s1_consent_assent": 0.0}


def test_trainee_works_through_session1_and_hands_in(browser, tmp_path):
    course = copy_course(tmp_path / "course", SESSION1)
    root = course / "notebooks"
    shutil.copy(NOTEBOOKS / "START_HERE.ipynb", root / "START_HERE.ipynb")
    pages = session_notebooks(SESSION1)
    with CourseServer(root, tmp_path / "voila.log") as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(120_000)
        guard = NetworkGuard(page)
        open_page(page, server.url("START_HERE.ipynb"))
        assert_code_free(page, "course map")
        assert page.locator(f'a[href="{SESSION1}/01_definitions.ipynb"]').count() == 1
        shot(page, "00_course_map")
        page.click(f'a[href="{SESSION1}/01_definitions.ipynb"]')  # the trainee follows the map's link
        page.wait_for_selector("#rendered_cells", state="visible", timeout=300_000)
        page.wait_for_selector(".widget-box", timeout=120_000)
        for n, nb in enumerate(pages):
            where = f"{SESSION1}/{nb.name}"
            assert page.url.endswith(where), page.url
            assert_code_free(page, where)
            assert page.locator('nav.ctie-nav a[href="../START_HERE.ipynb"]').count() == 2
            if nb.stem == "01_definitions":
                for statement, group in AMP.items():
                    choose(page, statement, group)
                legal = page.locator(".widget-radio-box", has_text=RIGHT_LEGAL)
                legal.locator("label").filter(has_not_text=RIGHT_LEGAL).first.click()  # a wrong option
                for button in page.get_by_role("button", name="Check").all():
                    button.click()
                page.wait_for_timeout(1500)
            shot(page, f"{n + 1:02d}_{nb.stem}")
            if n + 1 < len(pages):
                page.locator("nav.ctie-nav a[rel=next]").first.click()
                page.wait_for_selector("#rendered_cells", state="visible", timeout=300_000)
                page.wait_for_selector(".widget-box", timeout=120_000)
        # The hand-in at the foot of the last page of the session.
        page.locator(".widget-text", has_text="Your name:").locator("input").fill("ana")
        page.get_by_role("button", name="Hand in this session").click()
        page.wait_for_selector("text=Saved", timeout=60_000)
        shot(page, "99_handed_in")
        assert guard.off_machine == [], guard.off_machine
    zip_path = root / "submissions" / SESSION1 / "ana.zip"
    assert zip_path.is_file(), server.log()
    env = {k: v for k, v in os.environ.items() if k != "CTIE_ROOT"}
    for cmd in (["release", SESSION1], ["grade", SESSION1, "--submissions", str(zip_path.parent), "--quiet"]):
        res = subprocess.run([str(CTIE), *cmd], cwd=course, env=env, capture_output=True, text=True, timeout=900)
        assert res.returncode == 0, res.stdout + res.stderr
    with (course / "build" / "grades" / f"{SESSION1}.csv").open(encoding="utf-8") as fh:
        row = {r["trainee"]: r for r in csv.DictReader(fh)}["ana"]
    assert row["status"] == "graded", row
    for item, points in EXPECTED.items():
        assert float(row[item]) == points, (item, row)
    assert float(row["total"]) == 3.0, row


# --- every page: renders, a widget, accessible, offline ------------------------------------------

PAGES = [f"{s}/{nb.name}" for s in SESSIONS for nb in session_notebooks(s)]


@pytest.mark.parametrize("rel", PAGES)
def test_course_page_renders_accessible_and_offline(browser, all_sessions, rel):
    assert AXE.is_file(), "axe-core missing: ./workbook test installs it into .tools/axe"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(120_000)
    guard = NetworkGuard(page)
    try:
        open_page(page, all_sessions.url(rel))
        assert_code_free(page, rel)
        assert page.locator(".widget-box, .jupyter-widgets").count() > 0
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{rel}: {bad}"
        assert guard.off_machine == [], guard.off_machine
        shot(page, rel.replace("/", "__").removesuffix(".ipynb"))
    finally:
        page.close()
