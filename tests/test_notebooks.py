"""Every course notebook runs top to bottom on the synthetic data in a fresh kernel.

Each notebook runs in a temporary copy of its session folder, with that folder as the working
directory (as in Jupyter, papermill and nbgrader), so its sidecar lands in the copy, never in the repo.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests.notebook_tools import NOTEBOOKS, all_notebooks

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_notebook_runs_top_to_bottom(path, tmp_path):
    work = tmp_path / path.parent.name
    shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns("*.answers.json", ".ipynb_checkpoints"))
    nb = nbformat.read(work / path.name, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}})
    try:
        client.execute()
    except CellExecutionError as exc:  # the message names the cell and the traceback
        pytest.fail(f"{path.relative_to(NOTEBOOKS)} failed:\n{exc}")
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
