"""Course mode without a browser: the page rewrite, the navigation, the server command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from ctie_helpers.course.feedback import FEEDBACK_FILES
from ctie_helpers.course.nav import nav_html
from ctie_helpers.course.page import course_notebook
from ctie_helpers.course.server import course_command, course_config
from tests.notebook_tools import NOTEBOOKS

DEFINITIONS = NOTEBOOKS / "session1_tip_basics" / "01_definitions.ipynb"


def test_course_page_drops_the_graded_test_cells_and_adds_navigation():
    nb = nbformat.read(DEFINITIONS, as_version=4)
    before = DEFINITIONS.read_bytes()
    page = course_notebook(nb, "01_definitions")
    sources = ["".join(c.source) for c in page.cells]
    # 01_definitions has 28 cells (the practice s1_child_element was folded into the case walkthrough when
    # session 1 was brought under 125 minutes), four of them graded test cells (s1_amp_elements,
    # s1_case_classifier, s1_consent_assent, s1_legal_vs_research); course mode adds a navigation cell and a
    # footer cell.
    assert len(page.cells) == 28 - 4 + 2
    assert not any("HIDDEN TESTS" in s or "import grade" in s for s in sources)
    assert sources[0].endswith("nav_bar('01_definitions')")
    assert sources[-1].endswith("page_footer('01_definitions')")
    assert len(nb.cells) == 28 and DEFINITIONS.read_bytes() == before  # the notebook itself is untouched


def test_course_page_strips_nbval_markers_and_lab_only_cells():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("# NBVAL_IGNORE_OUTPUT\nshow()"),
        nbformat.v4.new_markdown_cell("Press Shift+Enter", metadata={"tags": ["lab-only"]}),
        nbformat.v4.new_markdown_cell("Read this"),
    ])
    page = course_notebook(nb, "START_HERE")
    assert [c.source for c in page.cells] == ["show()", "Read this"]  # no navigation on the map itself


#: How each language names the key a JupyterLab user presses and a code cell (the catalogs' wording).
_LAB_WORDS = {"en": ("Shift+Enter", "code cell"), "fr": ("Maj+Entrée", "cellule de code"),
              "es": ("Mayús+Intro", "celda de código")}


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_no_course_page_asks_the_trainee_to_run_a_cell(lang):
    """A course-mode page runs itself: "press Shift+Enter" would send a trainee looking for a cell, in any
    language (the French and Spanish pages are translated before the JupyterLab sentence is taken out)."""
    asked = []
    key, cell_word = _LAB_WORDS[lang]
    for path in sorted(NOTEBOOKS.glob("session*/[0-9][0-9]_*.ipynb")) + [NOTEBOOKS / "START_HERE.ipynb"]:
        page = course_notebook(nbformat.read(path, as_version=4), path.stem, lang=lang)
        for cell in page.cells:
            text = "".join(cell.source)
            if cell.cell_type == "markdown" and (key in text or cell_word in text.lower()):
                asked.append(f"{path.parent.name}/{path.name}: {text.strip()[:80]!r}")
    assert not asked, "\n".join(asked)
    page = course_notebook(nbformat.read(DEFINITIONS, as_version=4), "01_definitions", lang=lang)
    expected = {"en": "**How this notebook works.** Read, and answer the exercises by clicking.",
                "fr": "**Fonctionnement de ce notebook.** Lisez",
                "es": "Lea"}[lang]
    assert expected in "".join(page.cells[1].source)


def test_navigation_crosses_session_boundaries():
    last_of_1 = nav_html("05_ctie_im", NOTEBOOKS / "session1_tip_basics")
    assert 'href="../START_HERE.ipynb"' in last_of_1
    assert 'href="04_tip_in_emergencies.ipynb" rel="prev"' in last_of_1
    assert 'href="../session2_pim/01_ethics_and_pim.ipynb" rel="next"' in last_of_1
    first = nav_html("01_definitions", NOTEBOOKS / "session1_tip_basics")
    assert 'rel="prev"' not in first and 'href="02_trafficking_vs_smuggling.ipynb" rel="next"' in first
    last = nav_html("04_questionnaire_design", NOTEBOOKS / "session5_methods")
    assert 'rel="next"' not in last


def test_course_server_is_hardened_like_the_apps():
    cmd = course_command(NOTEBOOKS, 8899)
    assert "--Voila.ip=127.0.0.1" in cmd and "--Voila.port_retries=0" in cmd
    assert "--VoilaConfiguration.strip_sources=True" in cmd and "--template=ctie-course" in cmd
    config = course_config()
    # /voila/files/ serves released feedback pages only (tests/test_course_feedback.py serves one)
    assert config["VoilaConfiguration"]["file_allowlist"] == [FEEDBACK_FILES]
    assert config["VoilaExporter"]["filters"]["ctie_course"] == "ctie_helpers.course.page.course_notebook"


def test_ctie_course_refuses_a_folder_without_the_course_map(tmp_path):
    res = subprocess.run([sys.executable, "-m", "ctie_helpers.cli", "course", "--root", str(tmp_path),
                          "--dry-run"], capture_output=True, text=True)
    assert res.returncode == 2 and "START_HERE.ipynb" in res.stderr
    res = subprocess.run([sys.executable, "-m", "ctie_helpers.cli", "course", "--root", str(NOTEBOOKS),
                          "--dry-run", "--port", "8899"], capture_output=True, text=True)
    assert res.returncode == 0 and "voila" in res.stdout and str(NOTEBOOKS.resolve()) in res.stdout
    assert "ctie_helpers.course.pool" in res.stdout and "preheat_kernel=True" in res.stdout  # preheats by default
    res = subprocess.run([sys.executable, "-m", "ctie_helpers.cli", "course", "--root", str(NOTEBOOKS),
                          "--dry-run", "--port", "8899", "--no-preheat"], capture_output=True, text=True)
    assert res.returncode == 0 and "preheat_kernel" not in res.stdout and "course.pool" not in res.stdout


# --- the preheated pool: spares never older than the trainee's answers --------------------------------


class _FakePool:
    """Just what :func:`fresh_pool` uses of Voilà's pooling kernel manager."""

    def __init__(self, root, pools):
        import logging

        self.root_dir, self._pools, self.log = str(root), pools, logging.getLogger("test")
        self.shut, self.filled = [], []
        self.pids: dict[str, int] = {}  # kernel id -> its process now (absent: gone from the map)

    def __contains__(self, kernel_id):
        return kernel_id in self.pids or not kernel_id.startswith("k")  # "k..." ids are tracked in pids

    def get_kernel(self, kernel_id):
        from types import SimpleNamespace

        return SimpleNamespace(provisioner=SimpleNamespace(pid=self.pids.get(kernel_id, 0)))

    async def shutdown_kernel(self, kernel_id):
        self.shut.append(kernel_id)

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        self.filled.append(notebook_name)


def _spare(kernel_id, started):
    import asyncio

    task = asyncio.get_event_loop().create_future()
    task.set_result({"kernel_id": kernel_id, "ctie_started": started})
    return task


def _sidecar(path, mtime):
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}", encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_a_spare_kernel_older_than_the_trainees_answers_is_replaced_not_used(tmp_path):
    import asyncio

    from ctie_helpers.course.pool import fresh_pool

    page, other, home = "s1/01_a.ipynb", "s2/01_b.ipynb", "START_HERE.ipynb"
    _sidecar(tmp_path / "s1" / "01_a.answers.json", 1000.0)  # answered on page s1/01_a at t=1000
    _sidecar(tmp_path / "s2" / "01_b.answers.json", 500.0)

    async def scenario():
        pools = {page: [_spare("old", 900.0)], other: [_spare("fresh", 600.0)], home: [_spare("map", 900.0)]}
        km = fresh_pool(_FakePool)(tmp_path, pools)
        sizes = {nb: km.get_pool_size(nb) for nb in (page, other, home)}
        await asyncio.sleep(0)  # let the shutdowns run
        return km, sizes

    km, sizes = asyncio.run(scenario())
    # s1/01_a's spare (900) predates its sidecar (1000); s2's spare (600) is newer than s2's answers (500);
    # the map shows every session's progress, so s1's answers (1000) make its spare (900) stale too.
    assert sizes == {page: 0, other: 1, home: 0}
    assert sorted(km.shut) == ["map", "old"] and sorted(km.filled) == [home, page]


def test_a_spare_that_failed_died_or_was_restarted_is_replaced_not_used(tmp_path):
    import asyncio

    from ctie_helpers.course.pool import fresh_pool

    pages = ["a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb"]

    def spare(kernel_id, pid):
        task = _spare(kernel_id, 2e9)
        task.result()["ctie_pid"] = pid
        return task

    async def scenario():
        failed = asyncio.get_event_loop().create_future()
        failed.set_exception(RuntimeError("Kernel died before replying to kernel_info"))
        pools = {"a.ipynb": [failed], "b.ipynb": [spare("k-gone", 11)], "c.ipynb": [spare("k-restarted", 12)],
                 "d.ipynb": [spare("k-fine", 13)]}
        km = fresh_pool(_FakePool)(tmp_path, pools)
        km.pids = {"k-restarted": 99, "k-fine": 13}  # k-gone left the map; k-restarted has a new process
        sizes = {nb: km.get_pool_size(nb) for nb in pages}
        await asyncio.sleep(0)
        return km, sizes

    km, sizes = asyncio.run(scenario())
    assert sizes == {"a.ipynb": 0, "b.ipynb": 0, "c.ipynb": 0, "d.ipynb": 1}
    assert km.shut == ["k-restarted"]  # the one still in the map is shut down; the gone one needs nothing
    assert sorted(km.filled) == ["a.ipynb", "b.ipynb", "c.ipynb"]


def test_a_refill_still_waiting_out_its_delay_is_not_offered_but_a_starting_one_is(tmp_path):
    """A second visitor of a page whose spare was just taken gets a kernel at once, not a wait for the fill
    delay; a refill whose kernel is already starting is worth waiting for; Voilà takes a ready spare first."""
    import asyncio

    from ctie_helpers.course.pool import fresh_pool

    class Base(_FakePool):
        async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
            return {"kernel_id": notebook_path}

        _kernels = {}

        async def get_rendered_notebook(self, notebook_name, **kwargs):
            return "task", [], (await self._pools[notebook_name].pop(0))["kernel_id"]

    async def scenario():
        km = fresh_pool(Base)(tmp_path, {})
        gate = asyncio.Event()

        async def refill(name, delayed):
            if delayed:
                await gate.wait()  # Voilà's wait_before(fill_delay, ...)
            return await km._initialize(name)

        loop = asyncio.get_running_loop()
        km._pools = {"a.ipynb": [loop.create_task(refill("a.ipynb", True))],
                     "b.ipynb": [loop.create_task(refill("b.ipynb", False))]}
        await asyncio.sleep(0)
        sizes = (km.get_pool_size("a.ipynb"), km.get_pool_size("b.ipynb"))
        km._pools["a.ipynb"].append(_spare("ready", 2e9))  # a ready spare behind a delayed refill: taken first
        taken = await km.get_rendered_notebook("a.ipynb")
        waiting = km.get_pool_size("a.ipynb")
        gate.set()  # the fill delay is over: the refill's kernel starts
        await asyncio.sleep(0)
        return sizes, taken, waiting, km.get_pool_size("a.ipynb")

    sizes, taken, waiting, started = asyncio.run(scenario())
    assert sizes == (0, 1) and taken == ("task", [], "ready") and (waiting, started) == (0, 1)


def test_refills_wait_for_the_rush_to_end_and_run_one_at_a_time(tmp_path, monkeypatch):
    """When a class opens its pages together, no spare's replacement runs its notebook during the rush
    (measured: 33.8 s to all interactive with them, 19.9 s without), and replacements never run two at a
    time; a stale spare's replacement, which a visitor is waiting for, starts at once."""
    import asyncio
    import time

    from ctie_helpers.course import pool as course_pool

    monkeypatch.setattr(course_pool, "CALM_SECONDS", 0.3)
    started: dict[str, float] = {}
    renders: dict[str, asyncio.Future] = {}

    class Base(_FakePool):
        def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
            self.filled.append((notebook_name, kwargs))

        async def _initialize(self, notebook_path, kernel_id=None, **kwargs):
            assert "ctie_refill" not in kwargs  # Voilà's own _initialize never sees the mark
            started[notebook_path] = time.monotonic()
            renders[notebook_path] = asyncio.get_running_loop().create_future()
            return {"kernel_id": notebook_path, "task": renders[notebook_path]}

    async def scenario():
        km = course_pool.fresh_pool(Base)(tmp_path, {})
        km.fill_if_needed(delay=None, notebook_name="a.ipynb")  # Voilà's refill after a take
        km.fill_if_needed(delay=0, notebook_name="c.ipynb")  # a stale spare's replacement
        marks = [kwargs.get("ctie_refill", False) for _, kwargs in km.filled]
        loop = asyncio.get_running_loop()
        first = loop.create_task(km._initialize("a.ipynb", None, ctie_refill=True))
        second = loop.create_task(km._initialize("b.ipynb", None, ctie_refill=True))
        t0 = time.monotonic()
        while time.monotonic() - t0 < 0.6:  # trainees keep arriving for 0.6 s
            km.get_pool_size("other.ipynb")
            last_visit = time.monotonic()
            if "c.ipynb" not in started:
                await km._initialize("c.ipynb")  # not a refill: no wait
            await asyncio.sleep(0.05)
        await first
        await asyncio.sleep(0.5)
        second_before_first_ran = "b.ipynb" in started
        renders["a.ipynb"].set_result(None)  # a's notebook has run: b's turn
        await second
        return marks, t0, last_visit, second_before_first_ran

    marks, t0, last_visit, second_early = asyncio.run(scenario())
    assert marks == [True, False]
    assert started["c.ipynb"] - t0 < 0.1
    assert started["a.ipynb"] >= last_visit + 0.3  # not before the rush was over
    assert not second_early and started["b.ipynb"] > started["a.ipynb"]


def test_the_course_map_keeps_more_spares_than_a_page():
    """Every trainee of a class opens the map first: it keeps 3 spares, a session page 1."""
    from ctie_helpers.course.pool import pool_config

    pools = pool_config()["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {"default": {"pool_size": 1}, "START_HERE.ipynb": {"pool_size": 3}}


def test_a_spare_taken_by_a_page_counts_as_kernel_activity(tmp_path):
    """The widget-loss fix: a spare idle since its preheat run must not be culled before its page connects."""
    import asyncio
    import datetime
    import types

    from ctie_helpers.course.pool import fresh_pool

    long_ago = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    kernel = types.SimpleNamespace(last_activity=long_ago)

    class Base(_FakePool):
        async def get_rendered_notebook(self, notebook_name, **kwargs):
            return "task", ["<p>cells</p>"], "k1"

    km = fresh_pool(Base)(tmp_path, {})
    km._kernels = {"k1": kernel}
    before = datetime.datetime.now(datetime.UTC)
    assert asyncio.run(km.get_rendered_notebook("s1/01_a.ipynb")) == ("task", ["<p>cells</p>"], "k1")
    assert kernel.last_activity >= before  # the culler's idle clock restarts when the page takes the kernel


def test_course_mode_preheats_course_pages_only():
    import re

    from ctie_helpers.course.pool import PREHEAT_DENYLIST

    cmd = course_command(NOTEBOOKS, 8899)  # the default since the pool keeps pages' widgets
    assert cmd[1:3] == ["-m", "ctie_helpers.course.pool"] and "--VoilaConfiguration.preheat_kernel=True" in cmd
    assert "--VoilaConfiguration.default_pool_size=1" in cmd
    # `ctie course --no-preheat` (20 spares are about 2.5 GB on a trainee's laptop) turns it off.
    assert "preheat_kernel" not in " ".join(course_command(NOTEBOOKS, 8899, preheat=False))
    assert course_config()["VoilaKernelManager"]["preheat_denylist"] == PREHEAT_DENYLIST

    def denied(name):  # as voila_kernel_manager._notebook_filter tests a pattern
        return any(p in name or re.match(p, name) for p in PREHEAT_DENYLIST)

    assert not denied("START_HERE.ipynb") and not denied("session1_tip_basics/01_definitions.ipynb")
    assert denied("session1_tip_basics/app_mse.ipynb") and denied("facilitator/dashboard.ipynb")


def test_ctie_course_sends_plotly_js_only_on_demand_and_compresses(tmp_path):
    """Page weight (issue 11): JupyterLab's plotly extension is off for ``ctie course`` (not for the hub,
    whose JupyterLab shares the config), plotly.js is a cacheable static file of the course template, the
    same bytes as plotly's own, and the server is launched through the compressing wrapper."""
    import inspect
    import json
    from importlib.metadata import version

    import plotly

    from ctie_helpers.course.hub import server_config, singleuser_env
    from ctie_helpers.course.pool import main as pool_main
    from ctie_helpers.course.server import config_folder, course_env
    from ctie_helpers.course.wire import assets_root, compressing
    from ctie_helpers.plots.lazy import LAZY_PLOTLY_ENV

    denied = json.loads((config_folder(tmp_path) / "voila.json").read_text())["VoilaConfiguration"]["extension_denylist"]
    assert {"jupyterlab-plotly", "anywidget", "@jupyter/nbgrader"} <= set(denied)
    assert "jupyterlab-plotly" not in server_config()["VoilaConfiguration"]["extension_denylist"]
    assert course_command(NOTEBOOKS, 8899, preheat=False)[1:3] == ["-m", "ctie_helpers.course.wire"]
    # the default, preheated, goes through the pool's launcher, which installs the same wire before Voilà runs
    assert course_command(NOTEBOOKS, 8899)[1:3] == ["-m", "ctie_helpers.course.pool"]
    assert "wired(voila.app)" in inspect.getsource(pool_main)

    ver = version("plotly")
    env = course_env({"JUPYTER_PATH": ""})
    assert env[LAZY_PLOTLY_ENV] == f"templates/ctie-course/static/plotly-{ver}.min.js?v={ver}"
    assert LAZY_PLOTLY_ENV not in singleuser_env({"JUPYTER_PATH": ""})
    served = assets_root(tmp_path) / "voila" / "templates" / "ctie-course" / "static" / f"plotly-{ver}.min.js"
    assert assets_root(tmp_path) == tmp_path / "ctie-course-assets"  # made once, found again
    original = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert served.read_bytes() == original.read_bytes() and not served.is_symlink()

    class App:
        def init_settings(self):
            return {"base_url": "/"}

    assert compressing(App)().init_settings() == {"base_url": "/", "compress_response": True,
                                                  "websocket_compression_options": {}}
