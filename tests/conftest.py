"""Shared fixtures: every test runs hermetically (its own HOME and Jupyter folders, no network)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True, scope="session")
def _hermetic_home(tmp_path_factory):
    """Point HOME and the Jupyter/IPython folders at a temporary folder for the whole session.

    Voilà, JupyterLab, kernels and Chromium otherwise write into the real home (STACK_NOTES 9).
    The venv's bin goes first on PATH: nbgrader shells out to ``alembic`` (STACK_NOTES P1).
    """
    home = tmp_path_factory.mktemp("home")
    saved = dict(os.environ)
    os.environ.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / ".local/share/jupyter/runtime"),
        IPYTHONDIR=str(home / ".ipython"),
        MPLCONFIGDIR=str(home / ".mpl"),
        PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    yield home
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def english(monkeypatch, tmp_path):
    """Start from English: no language chosen in this process, no CTIE_LANG, a user config folder of its own."""
    from ctie_helpers import i18n

    i18n.set_language(None)
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    yield
    i18n.set_language(None)


@pytest.fixture
def repo_root() -> Path:
    return REPO


def pytest_collection_modifyitems(config, items):
    """Test ids must be stable across processes: pytest-xdist compares them between workers.

    An id holding a memory address (a lambda or object repr) differs per process and breaks the
    parallel run with an obscure "Different tests were collected" error; say it plainly instead.
    """
    import re

    unstable = [item.nodeid for item in items if re.search(r" at 0x[0-9a-f]+", item.nodeid)]
    if unstable:
        raise pytest.UsageError("unstable test ids (give parametrize an ids= function): " + unstable[0])
