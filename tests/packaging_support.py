"""Shared by the packaging tests: a clean copy of the repository and uv run offline from its cache."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def clean_copy(dest: Path) -> Path:
    """Copy the files git would commit (tracked, plus new files not ignored) to ``dest``.

    What a fresh clone holds, as Binder and a wheel build see it: no .venv, no build/, no answers.
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, text=True, check=True).stdout
    for rel in filter(None, listed.split("\0")):
        if (REPO / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, dest / rel)
    return dest


def uv() -> str:
    """The uv executable beside this interpreter (``./workbook`` installs it there), else on PATH."""
    exe = Path(sys.executable).parent / "uv"
    found = str(exe) if exe.is_file() else shutil.which("uv")
    if not found:
        pytest.skip("uv is not installed")
    return found


def offline_env() -> dict[str, str]:
    """The environment for uv and the installed ``ctie``: the user's uv cache (conftest moved HOME
    to a temporary folder), no network, and nothing of the worktree on the import path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CTIE_ROOT", "VIRTUAL_ENV")}
    real_home = pwd.getpwuid(os.getuid()).pw_dir
    cache = os.environ.get("UV_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(real_home, ".cache"), "uv")
    env.update(UV_CACHE_DIR=cache, UV_OFFLINE="1", UV_NO_PROGRESS="1")
    return env


def stop_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a server started with ``start_new_session=True`` and everything it started (kernels)."""
    import signal

    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
