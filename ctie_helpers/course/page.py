"""The ``ctie_course`` Jinja filter: a notebook as a trainee sees it in course mode.

Registered in the course server's config (``VoilaExporter.filters``) and applied by the
``ctie-course`` template before the kernel starts, so removed cells are never executed.
"""

from __future__ import annotations

import copy
import re
from typing import Any

__all__ = ["HOME", "LAB_ONLY_TAG", "course_notebook", "is_grading_cell"]

#: The course map's notebook (the home page).
HOME = "START_HERE"
#: Cells tagged with it are shown in JupyterLab only (e.g. "press Shift+Enter").
LAB_ONLY_TAG = "lab-only"
_NBVAL = re.compile(r"^[ \t]*#\s*NBVAL_\w+[^\n]*\n?", re.MULTILINE)


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def is_grading_cell(cell: Any) -> bool:
    """True for an nbgrader test cell (``grade: true`` without a solution) or any cell holding hidden tests."""
    meta = (cell.get("metadata") or {}).get("nbgrader") or {}
    if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
        return True
    return "BEGIN HIDDEN TESTS" in _source(cell)


def _code(source: str) -> Any:
    # Imported here: the offline edition's Pyodide kernel imports this package (its hand-in panel) and has
    # no nbformat.
    import nbformat

    return nbformat.v4.new_code_cell(source, metadata={"ctie": {"course": True}})


def course_notebook(nb: Any, name: str) -> Any:
    """A copy of ``nb`` ready for course mode (the notebook on disk is not touched).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook Voilà is about to run.
    name : str
        Its file stem (``resources.metadata.name`` in the template), e.g. ``"01_definitions"``.

    Returns
    -------
    nbformat.NotebookNode
        Without grading test cells, lab-only cells and ``# NBVAL_...`` lines; with a navigation bar
        first and, for a session notebook (``NN_topic``), the navigation and the hand-in panel last.
    """
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        if is_grading_cell(cell) or LAB_ONLY_TAG in (cell.get("metadata") or {}).get("tags", []):
            continue
        if cell.get("cell_type") == "code":
            cell["source"] = _NBVAL.sub("", _source(cell))
        cells.append(cell)
    if re.match(r"^\d\d_", name):
        call = f"from ctie_helpers.course.nav import %s\n%s({name!r})"
        cells.insert(0, _code(call % ("nav_bar", "nav_bar")))
        cells.append(_code(call % ("page_footer", "page_footer")))
    out.cells = cells
    return out
