"""The benchmark scripts must keep running (figures are never asserted: timings are not tests).

Imports every benchmark module, runs the cheapest two in ``--quick`` mode through the real runner, runs the
course benchmark's pieces on one page, and checks the README writer keeps the blocks of benchmarks that
were not re-run.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest

from benchmarks.common import Figure
from benchmarks.report import write_readme
from benchmarks.run import BENCHMARKS, main


@pytest.mark.parametrize("name", list(BENCHMARKS))
def test_every_benchmark_module_imports_and_names_itself(name):
    module = importlib.import_module(BENCHMARKS[name])
    assert module.NAME == name and callable(module.run) and module.TITLE


def test_quick_import_and_indicator_benchmarks_run(capsys, monkeypatch, tmp_path):
    import benchmarks.common as common

    monkeypatch.setattr(common, "CACHE", tmp_path / "cache")  # never touch the repository's build/
    code = main(["--only", "import", "--only", "indicators", "--quick", "--no-write"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "[import]" in out and "[indicators]" in out and "< 0.2 s" in out and ">= 20x" in out
    assert "did not run" not in out


def test_readme_keeps_blocks_of_benchmarks_not_rerun(tmp_path):
    path = tmp_path / "README.md"
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    write_readme({"import": [Figure("a", 0.1, "s", "< 0.2 s", True)]}, started=when, quick=False, machine="m",
                 only=False, path=path)
    write_readme({"grade": [Figure("b", 2.0, "x", ">= 1.8x", True, baseline=None)]}, started=when, quick=True,
                 machine="m", only=True, path=path)
    text = path.read_text(encoding="utf-8")
    assert "| a | 0.100 s | < 0.2 s |  | met |" in text and "| b | 2.00 x | >= 1.8x |" in text
    assert "### notebooks\n\nNot run yet." in text and "`--quick`" in text


@pytest.mark.slow
@pytest.mark.browser
def test_course_benchmark_code_path_runs_on_one_page(tmp_path):
    """The course benchmark's pieces, tiny: one preheated page measured, its bytes counted, hosts checked."""
    from playwright.sync_api import sync_playwright

    from benchmarks.bench_course import (
        HOME,
        QUICK_PAGE,
        _cpu_split,
        _cpu_used,
        _wire_bytes,
        course_copy,
        course_pages,
        visit,
    )
    from benchmarks.voila_server import CHROMIUM, CHROMIUM_ARGS, quiet, serve_course

    root = course_copy(tmp_path / "notebooks", [QUICK_PAGE])
    assert course_pages(root) == [HOME, QUICK_PAGE]
    with sync_playwright() as p, serve_course(root, preheat=True, ready_timeout=120) as (url, proc):
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--headless", *CHROMIUM_ARGS])
        try:
            quiet(proc.pid, timeout=60)
            page_url = url + "voila/render/" + QUICK_PAGE
            before = _cpu_split(proc.pid)
            text, widget = visit(browser, page_url)
            assert 0 < text <= widget
            used = _cpu_used(before, _cpu_split(proc.pid))
            assert used["browsers"] > 0 and used["server"] > 0  # a page visit costs both sides some CPU
            context = browser.new_context()
            page = context.new_page()
            size, off = _wire_bytes(page, lambda: page.goto(page_url, wait_until="domcontentloaded"))
            context.close()
        finally:
            browser.close()
    assert size > 10_000 and off == []  # the page's HTML and scripts came over the wire, all from 127.0.0.1
