"""The benchmark scripts must keep running (figures are never asserted: timings are not tests).

Imports every benchmark module, runs the cheapest two in ``--quick`` mode through the real runner, and
checks the README writer keeps the blocks of benchmarks that were not re-run.
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
