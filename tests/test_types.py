"""The package type-checks clean under mypy (configured in pyproject.toml's ``[tool.mypy]``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # about 10 s with a cold cache
def test_mypy_is_clean(tmp_path):
    # A cache of its own per run: parallel runs (xdist, several worktrees) never share or corrupt one.
    out = subprocess.run([sys.executable, "-m", "mypy", "ctie_helpers", "--cache-dir", str(tmp_path / "mypy-cache")],
                         cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
