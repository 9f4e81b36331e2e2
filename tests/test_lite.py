"""The offline edition (``ctie lite build``): the Pyodide sources are checked against the official lock, and
a trainee answers an item in headless Chromium on the built site, downloads the hand-in, and ``ctie grade``
grades it; a page drawing charts from the synthetic data draws them; no request leaves 127.0.0.1.

The Pyodide pieces are fetched once into ``.tools/lite/`` by ``./workbook test`` (``ensure_lite``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ctie_helpers.lite.pyodide_dist import PyodideDist, PyodideSourceError, closure

REPO = Path(__file__).resolve().parent.parent
#: ``CTIE_LITE_TOOLS`` names another copy of the pieces (a worktree whose ``.tools`` is shared and lacks them).
TOOLS = Path(os.environ.get("CTIE_LITE_TOOLS") or REPO / ".tools" / "lite")
CTIE = Path(sys.executable).parent / "ctie"
SESSION1 = "session1_tip_basics"


def _lock(packages: dict) -> dict:
    return {"info": {"version": "0.27.7"}, "packages": packages}


def _fake_source(tmp_path: Path, wheel_bytes: bytes, recorded: bytes) -> Path:
    src = tmp_path / "pyodide"
    src.mkdir()
    for name in ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"):
        (src / name).write_bytes(b"runtime")
    entry = {"file_name": "demo-1.0-py3-none-any.whl", "sha256": hashlib.sha256(recorded).hexdigest(),
             "depends": [], "imports": ["demo"]}
    (src / "pyodide-lock.json").write_text(json.dumps(_lock({"demo": entry})))
    (src / "nested").mkdir()
    (src / "nested" / "demo-1.0-py3-none-any.whl").write_bytes(wheel_bytes)
    return src


def test_a_wheel_matching_the_lock_is_taken(tmp_path):
    dist = PyodideDist.open([_fake_source(tmp_path, b"official", b"official")])
    assert dist.wheel("demo") == ("demo-1.0-py3-none-any.whl", b"official")


def test_a_wheel_whose_sha256_differs_from_the_lock_is_refused(tmp_path):
    dist = PyodideDist.open([_fake_source(tmp_path, b"rebuilt elsewhere", b"official")])
    with pytest.raises(PyodideSourceError, match="differs from the official lock"):
        dist.wheel("demo")


@pytest.mark.parametrize("kind", ["tar.bz2", "whl"])
def test_an_archive_or_a_package_is_a_source_too(tmp_path, kind):
    """The official release is a .tar.bz2; a PyPI package carrying the wheels is a .whl (a zip)."""
    import shutil
    import tarfile

    src = _fake_source(tmp_path, b"official", b"official")
    packed = tmp_path / f"pyodide-0.27.7.{kind}"
    if kind == "whl":
        shutil.make_archive(str(tmp_path / "pkg"), "zip", src)
        (tmp_path / "pkg.zip").rename(packed)
    else:
        with tarfile.open(packed, "w:bz2") as tf:
            tf.add(src, arcname="pyodide")
    assert PyodideDist.open([packed]).wheel("demo") == ("demo-1.0-py3-none-any.whl", b"official")


def test_a_source_without_the_runtime_is_refused_by_name(tmp_path):
    src = _fake_source(tmp_path, b"x", b"x")
    (src / "pyodide.asm.wasm").unlink()
    with pytest.raises(PyodideSourceError, match=r"pyodide\.asm\.wasm"):
        PyodideDist.open([src])


def test_closure_follows_dependencies_across_spellings():
    # The lock's keys are "prompt-toolkit"; ipython's depends list says "prompt_toolkit".
    lock = _lock({"ipython": {"depends": ["prompt_toolkit", "traitlets"]}, "prompt-toolkit": {"depends": ["wcwidth"]},
                  "traitlets": {"depends": []}, "wcwidth": {"depends": []}})
    assert closure(lock, ["ipython"]) == ["ipython", "prompt-toolkit", "traitlets", "wcwidth"]


# --- the whole chain in a browser --------------------------------------------------------------------

#: The edition's pages: a page with graded items, and one that loads the synthetic service lists and draws
#: charts from them (a chart page and a data page in one; the build loads plotly for it alone).
PAGES = ("01_definitions", "03_global_estimates")


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """Session 1's two pages built once for the module's browser tests: (course root, site folder)."""
    from tests.fixtures.course.course_copy import copy_course

    assert (TOOLS / ".complete").is_file(), "Pyodide pieces missing: ./workbook test fetches them into .tools/lite"
    tmp = tmp_path_factory.mktemp("lite")
    course = copy_course(tmp / "course", SESSION1)
    site = tmp / "site"
    env = {k: v for k, v in os.environ.items() if k != "CTIE_ROOT"}
    args = [a for stem in PAGES for a in ("--notebook", str(course / "notebooks" / SESSION1 / f"{stem}.ipynb"))]
    sources = [a for src in [TOOLS / "pyodide", *sorted(TOOLS.glob("*.whl"))] for a in ("--pyodide", str(src))]
    res = subprocess.run([str(CTIE), "lite", "build", "--out", str(site), "--root", str(course), *args, *sources,
                          "--wheels", str(TOOLS / "wheels")],
                         env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    return course, site


def _guarded_context(browser, off_machine: list[str]):
    """A browser context whose every request off 127.0.0.1 is recorded and refused (the kernel's requests come
    from a web worker, so the route is on the context, not the page)."""

    def guard(route):
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob", "about") or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            off_machine.append(route.request.url)
            route.abort("internetdisconnected")

    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.route("**/*", guard)
    return context


@contextlib.contextmanager
def _opened(site: Path, timeout_ms: int):
    """The site served on 127.0.0.1 and a fresh headless Chromium page: (base URL, page, off-machine requests)."""
    from playwright.sync_api import sync_playwright

    from ctie_helpers.commands._serve import static_server
    from tests.browser_support import launch_chromium

    server = static_server(site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    off_machine: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = _guarded_context(browser, off_machine).new_page()
            page.set_default_timeout(timeout_ms)
            page.on("request", lambda r: None if urlparse(r.url).hostname in (None, "127.0.0.1")
                    or urlparse(r.url).scheme in ("data", "blob") else off_machine.append(r.url))
            yield f"http://127.0.0.1:{server.server_address[1]}", page, off_machine
            browser.close()
    finally:
        server.shutdown()


@pytest.mark.slow
@pytest.mark.browser
def test_a_chart_page_reads_the_synthetic_data_and_draws_offline(edition):
    """Session 1's global-estimates page loads ``service_lists`` from the edition's own files and draws its
    charts with plotly in the browser; the navigation bar links the rendered pages and the course map."""
    from playwright.sync_api import expect

    _course, site = edition
    # Charts are drawn by the site's one plotly.js (plots.lazy), not by plotly's JupyterLab extension.
    assert not (site / "extensions" / "jupyterlab-plotly").exists()
    ver = next(line.split("==")[1].strip() for line in (REPO / "requirements" / "lock.txt").read_text().splitlines()
               if line.startswith("plotly=="))
    assert sorted(p.name for p in (site / "static" / "plotly").iterdir()) == [f"plotly-{ver}.min.js",
                                                                             f"plotly-{ver}.min.js.gz"]
    with _opened(site, 240_000) as (base, page, off_machine):
        plotly_js: list[str] = []
        page.on("request", lambda r: plotly_js.append(r.url) if "/static/plotly/" in r.url else None)
        page.goto(f"{base}/voici/render/{SESSION1}/03_global_estimates.html")
        page.locator(".ctie-chart").first.scroll_into_view_if_needed()  # plotly.js comes for a chart in sight
        # The page's last chart is drawn from the synthetic service lists (capture histories of lists
        # A to D); plotly draws a chart as an SVG inside .js-plotly-plot.
        page.locator(".js-plotly-plot .main-svg").nth(1).wait_for(state="visible")  # the page's timeout
        nav = page.locator("nav.ctie-nav").first
        expect(nav.get_by_role("link", name="Course map")).to_have_attribute("href", "../../../index.html")
        expect(nav.locator("a[rel=prev]")).to_have_attribute("href", "01_definitions.html")
        assert len(plotly_js) == 1, plotly_js  # once for the page's charts, cacheable (version in name)
        # The service lists' table (list_a ... count columns) came from files/data/synthetic/.
        expect(page.locator(".jp-OutputArea-output table", has_text="list_a").first).to_be_visible()
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.all_inner_texts()
        page.goto(f"{base}/index.html")  # the course map lists the edition's pages, nothing else
        hrefs = [a.get_attribute("href") for a in page.get_by_role("link").all()]
        assert hrefs == [f"voici/render/{SESSION1}/{stem}.html" for stem in PAGES], hrefs
    assert off_machine == [], off_machine


@pytest.mark.slow
@pytest.mark.browser
def test_the_capture_history_chart_is_drawn_offline(edition):
    """The chart drawn from the synthetic service lists (capture histories of lists A to D) on session 1's
    global-estimates page: its text alternative formats numbers, which in English needs no Babel (the edition
    ships none; it was not drawn while the formatting imported Babel)."""
    from playwright.sync_api import expect

    _course, site = edition
    with _opened(site, 240_000) as (base, page, off_machine):
        page.goto(f"{base}/voici/render/{SESSION1}/03_global_estimates.html")
        page.locator(".ctie-chart").first.scroll_into_view_if_needed()  # plotly.js comes for a chart in sight
        page.locator(".js-plotly-plot .main-svg").first.wait_for(state="visible")
        expect(page.locator(".js-plotly-plot", has_text="Who was seen by which list")).to_be_visible(timeout=120_000)
    assert off_machine == [], off_machine


#: The graded items this trainee answers, and the points ctie grade must give, worked out by hand from the
#: item's key in the source notebook (all nine statements in their right group: 3 of 3 points; the right
#: option of a 1-point item); every other item of session 1 is unanswered and scores 0.
RIGHT_LEGAL = "Yes: the void consent was to exploitation; an interview needs her informed consent"
EXPECTED = {"s1_amp_elements": 3.0, "s1_legal_vs_research": 1.0}


@pytest.mark.slow
@pytest.mark.browser
def test_trainee_answers_offline_and_the_handin_grades(edition, tmp_path):
    from playwright.sync_api import expect

    from tests.test_browser_course import AMP, Trainee

    course, site = edition
    env = {k: v for k, v in os.environ.items() if k != "CTIE_ROOT"}
    # The site keeps no graded key: the pages and the hand-in copies are the student versions.
    for page in [*site.rglob("*.ipynb"), *site.rglob("*.html")]:
        assert "BEGIN HIDDEN TESTS" not in page.read_text(encoding="utf-8"), page

    with _opened(site, 120_000) as (base, page, off_machine):
        page.goto(f"{base}/voici/render/{SESSION1}/01_definitions.html")
        page.wait_for_selector(".ctie-exercise", timeout=240_000)
        assert page.locator(".jp-CodeMirrorEditor, .cm-editor").count() == 0  # code-free, as course mode
        trainee = Trainee(page)  # the course walk-through's helper, in English
        box = trainee.exercise("s1_amp_elements")
        for statement, group in AMP.items():
            trainee.choose(box, statement, group)
        trainee.save(box)
        box = trainee.exercise("s1_legal_vs_research")
        box.get_by_role("radio", name=RIGHT_LEGAL).check()
        trainee.save(box)
        page.locator(".widget-text", has_text="Your name:").locator("input").fill("ana")
        page.get_by_role("button", name="Hand in this session").click()
        link = page.locator("a.ctie-handin")
        expect(link).to_be_visible(timeout=60_000)
        with page.expect_download() as download:
            link.click()
        subs = tmp_path / "submissions"
        subs.mkdir()
        zip_path = subs / download.value.suggested_filename
        download.value.save_as(zip_path)
    assert off_machine == [], off_machine
    assert zip_path.name == "ana.zip"
    names = zipfile.ZipFile(zip_path).namelist()
    # Both pages' notebooks; the answer file of the page the trainee answered (the other was never opened).
    assert sorted(names) == sorted(f"{SESSION1}/{n}" for n in ("01_definitions.ipynb", "01_definitions.answers.json",
                                                                "03_global_estimates.ipynb", "timestamp.txt"))
    start = time.monotonic()
    res = subprocess.run([str(CTIE), "grade", SESSION1, "--root", str(course), "--submissions", str(subs), "--quiet"],
                         cwd=course, env=env, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stdout + res.stderr
    with (course / "build" / "grades" / f"{SESSION1}.csv").open(encoding="utf-8") as fh:
        row = {r["trainee"]: r for r in csv.DictReader(fh)}["ana"]
    # A two-page edition hands in two notebooks: ctie grade uses the release version of the session's four
    # other notebooks (a repair, named in its summary) and grades every answer.
    assert row["status"] == "repaired", (row, res.stdout, time.monotonic() - start)
    summary = (course / "build" / "grades" / f"{SESSION1}_summary.txt").read_text(encoding="utf-8")
    assert "02_trafficking_vs_smuggling.ipynb: missing; the release version was used" in summary, summary
    assert "01_definitions" not in summary, summary
    got = {k: float(row[k] or 0) for k in row if k.startswith("s1_")}
    assert got == {k: EXPECTED.get(k, 0.0) for k in got}, row


# --- what the build ships ------------------------------------------------------------------------------


def _source_with_narwhals(tmp_path: Path, official: bytes, *, carries_it: bool) -> Path:
    """A fake Pyodide source whose lock has traitlets (every site ships it) and narwhals."""
    tmp_path.mkdir()
    src = _fake_source(tmp_path, b"official", b"official")
    lock = json.loads((src / "pyodide-lock.json").read_text())
    lock["packages"]["traitlets"] = {**lock["packages"]["demo"], "imports": ["traitlets"]}
    lock["packages"]["narwhals"] = {"version": "1.41.0", "depends": [], "imports": ["narwhals"],
                                    "file_name": "narwhals-1.41.0-py3-none-any.whl",
                                    "sha256": hashlib.sha256(official).hexdigest()}
    (src / "pyodide-lock.json").write_text(json.dumps(lock))
    if carries_it:
        (src / "narwhals-1.41.0-py3-none-any.whl").write_bytes(official)
    return src


@pytest.mark.parametrize("carries_it", [True, False])
def test_narwhals_is_the_official_wheel_and_pypis_build_of_it_is_refused(tmp_path, monkeypatch, carries_it):
    """The issue's trap: the lock's narwhals differs from PyPI's file of the same version. With the official file
    in a source, the official file ships; without it, PyPI's file of that version is refused by name."""
    from ctie_helpers.lite import build

    monkeypatch.setattr(build, "KERNEL_PACKAGES", ())
    monkeypatch.setattr(build, "COURSE_PACKAGES", ())
    monkeypatch.setattr(build, "_CHART_OFFICIAL", ())
    monkeypatch.setattr(build, "PURE_WHEELS", {})
    monkeypatch.setattr(build, "_pinned_versions", lambda: {"narwhals": "1.41.0"})
    src = _source_with_narwhals(tmp_path / "src", b"pyodide's", carries_it=carries_it)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / "narwhals-1.41.0-py3-none-any.whl").write_bytes(b"pypi's")  # same name, other bytes
    project = tmp_path / "ctie_workbook-1.0-py3-none-any.whl"
    with zipfile.ZipFile(project, "w") as zf:
        zf.writestr("ctie_helpers/__init__.py", "")
    dist = PyodideDist.open([src])
    site = tmp_path / "site"
    if carries_it:
        packages, notes = build._write_pyodide(site, dist, project, wheels, True, tmp_path / "spare")
        assert "narwhals" in packages and notes == []
        assert (site / "static/pyodide/narwhals-1.41.0-py3-none-any.whl").read_bytes() == b"pyodide's"
    else:
        with pytest.raises(build.LiteBuildError, match="not the official file"):
            build._write_pyodide(site, dist, project, wheels, True, tmp_path / "spare")


def test_chart_pages_are_those_drawing_with_plotly(tmp_path):
    """Pages calling the plots modules or a lesson helper whose chart comes from them (read off the lessons'
    source by hand: session 1's MSE lab, session 2's noise demo, session 4's disaggregation, session 5's two
    simulations) load plotly; a page of tables and exercises does not."""
    from ctie_helpers.lite.build import _chart_helpers, _draws_charts

    helpers = _chart_helpers()
    assert {"mse_lab_run", "dp_demo", "disaggregation_run", "designs_run", "rds_run"} <= helpers
    assert "elements_table" not in helpers and "further_reading" not in helpers

    def page(*sources):
        return {"cells": [{"cell_type": "code", "source": s} for s in sources]}

    assert _draws_charts(page("lesson.mse_lab_run(lists)"), helpers)
    assert _draws_charts(page("from ctie_helpers.plots import session1 as plots"), helpers)
    assert not _draws_charts(page("lesson.elements_table()", "ex.s1_amp_elements()"), helpers)


def test_a_run_button_showing_a_table_never_imports_plotly():
    """RunOnClick tells figures from tables without importing plotly (10 MB in the offline edition)."""
    code = ("import sys, pandas as pd\nfrom ctie_helpers.widgets.run import to_outputs\n"
            "out = to_outputs(pd.DataFrame({'a': [1]}))\nprint('plotly' in sys.modules, out[0]['data'].keys() >= {'text/html'})")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert res.stdout.split() == ["False", "True"], res.stdout + res.stderr


def test_shipped_wheels_leave_out_what_the_browser_never_reads(tmp_path):
    """plotly's JupyterLab extension (under plotly/ and the wheel's .data folder), plotly.js and its widget
    bundle are left out of the wheel the edition ships; its dist-info stays, RECORD without the left-out lines."""
    from ctie_helpers.lite.build import _BROWSER_NEVER_READS, _slim_wheel

    members = {"plotly/__init__.py": "x = 1\n", "plotly/package_data/templates/plotly.json": "{}",
               "plotly/package_data/plotly.min.js": "js", "plotly/package_data/widgetbundle.js": "js",
               "plotly/labextension/static/0.js": "js",
               "plotly-7.1.0.data/data/share/jupyter/labextensions/jupyterlab-plotly/package.json": "{}",
               "plotly-7.1.0.dist-info/METADATA": "Name: plotly\n"}
    record = "".join(f"{name},sha256=x,1\n" for name in members) + "plotly-7.1.0.dist-info/RECORD,,\n"
    source = tmp_path / "src" / "plotly-7.1.0-py3-none-any.whl"
    source.parent.mkdir()
    with zipfile.ZipFile(source, "w") as zf:
        for name, text in {**members, "plotly-7.1.0.dist-info/RECORD": record}.items():
            zf.writestr(name, text)
    (tmp_path / "site").mkdir()
    out = _slim_wheel(source, tmp_path / "site", _BROWSER_NEVER_READS["plotly"])
    kept = ["plotly/__init__.py", "plotly/package_data/templates/plotly.json", "plotly-7.1.0.dist-info/METADATA"]
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == sorted([*kept, "plotly-7.1.0.dist-info/RECORD"])
        assert zf.read("plotly/__init__.py") == b"x = 1\n"
        assert zf.read("plotly-7.1.0.dist-info/RECORD").decode().splitlines() == [
            *(f"{name},sha256=x,1" for name in kept), "plotly-7.1.0.dist-info/RECORD,,"]


def test_a_chart_page_names_the_sites_plotly_js_and_a_text_page_does_not():
    """A chart page's first cell loads plotly and names plotly.js for the lazy charts (plots.lazy), as a path
    under the page's Voilà base URL (``<site>/voila/``, so ``../static/plotly/...``); other pages do neither."""
    from ctie_helpers.lite.build import _site_notebook
    from ctie_helpers.plots.lazy import LAZY_PLOTLY_ENV

    released = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": "lesson.mse_lab_run(lists)"}]}
    path = "../static/plotly/plotly-7.1.0.min.js?v=7.1.0"
    chart = "".join(_site_notebook(released, "03_x", SESSION1, ["03_x"], path)["cells"][0]["source"])
    text = "".join(_site_notebook(released, "03_x", SESSION1, ["03_x"], None)["cells"][0]["source"])
    assert f"os.environ[{LAZY_PLOTLY_ENV!r}] = {path!r}" in chart and "loadPackage(['plotly'])" in chart
    assert LAZY_PLOTLY_ENV not in text and "loadPackage" not in text


def test_archives_get_a_gzip_copy_only_when_gzip_shrinks_them(tmp_path):
    """A barely compressed archive (Pyodide's openssl zip is stored: 2.0 MB, 0.8 MB gzipped) is also written
    as NAME.gz, which unpacks to the very bytes (the lock's sha256); an archive of random bytes gets no copy."""
    import gzip

    from ctie_helpers.lite.build import _gzip_copies

    stored = tmp_path / "openssl-1.1.1w.zip"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("lib/libssl.so", b"ELF text " * 20_000)
    noise = tmp_path / "noise-1.0-py3-none-any.whl"
    with zipfile.ZipFile(noise, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("noise/data.bin", os.urandom(50_000))
    _gzip_copies(tmp_path)
    assert gzip.decompress((tmp_path / "openssl-1.1.1w.zip.gz").read_bytes()) == stored.read_bytes()
    assert not (tmp_path / "noise-1.0-py3-none-any.whl.gz").exists()
