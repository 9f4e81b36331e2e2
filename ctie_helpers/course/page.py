"""The ``ctie_course`` Jinja filter: a notebook as a trainee sees it in course mode.

Registered in the course server's config (``VoilaExporter.filters``) and applied by the
``ctie-course`` template before the kernel starts, so removed cells are never executed.
"""

from __future__ import annotations

import copy
import html
import os
import re
from typing import Any

__all__ = ["COURSE_ROOT_ENV", "HOME", "LAB_ONLY_TAG", "course_notebook", "is_grading_cell", "table_label"]

#: Names the course folder for the filter (set by ``ctie course``; Voilà's own working folder is elsewhere).
COURSE_ROOT_ENV = "CTIE_COURSE_ROOT"
#: The course map's notebook (the home page).
HOME = "START_HERE"
#: Cells tagged with it are shown in JupyterLab only (e.g. "press Shift+Enter").
LAB_ONLY_TAG = "lab-only"
_NBVAL = re.compile(r"^[ \t]*#\s*NBVAL_\w+[^\n]*\n?", re.MULTILINE)
# Every session notebook opens with "How this notebook works": its first sentence is for JupyterLab
# (a course-mode page runs its cells itself, and a trainee there has no cell to run). The translations are
# applied first, so the sentence is matched in the page's language, as the notebook catalogs word it:
# language -> ((run-the-first-cell sentence, what replaces it), run-all-cells sentence).
_LAB_SENTENCES = {
    "en": ((re.compile(r"Run the first code cell below once \(click it, then press Shift\+Enter\)\.\s*\n>\s*Then read"),
            "Read"),
           re.compile(r"Run the cells from top to bottom \(Shift\+Enter\)\.\s*")),
    "fr": ((re.compile(r"Exécutez une fois la première cellule de code ci-dessous \(cliquez dessus, puis appuyez sur "
                       r"Maj\+Entrée\)\.\s*\n>\s*Ensuite, lisez"), "Lisez"),
           re.compile(r"Exécutez les cellules de haut en bas \(Maj\+Entrée\)\.\s*")),
    "es": ((re.compile(r"Ejecute una vez la primera celda de código de abajo \(haga clic en ella y pulse "
                       r"Mayús\+Intro\)\.\s*\n>\s*Después, lea"), "Lea"),
           re.compile(r"Ejecute las celdas de arriba abajo \(Mayús\+Intro\)\.\s*")),
}


def table_label(lang: str) -> str:
    """The ``data-table-label`` attribute of a page's chrome (navigation bar, language switch): the accessible
    name that the ``ctie-course`` template's page script gives a scrolling table, in the page's language."""
    # deferred: saves 5 ms at import of ctie_helpers.course.page (under 20 ms, loaded machine: may move up)
    from ctie_helpers.i18n import _

    text = html.escape(_("Table (scroll it with the arrow keys)", lang), quote=True)
    return f' data-table-label="{text}"'


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
    # The offline edition's Pyodide kernel imports this package (its hand-in panel) and has no nbformat.
    # deferred: saves about 1000 ms at import of ctie_helpers.course (the hub's server-start wrapper)
    import nbformat

    return nbformat.v4.new_code_cell(source, metadata={"ctie": {"course": True}})


def course_notebook(nb: Any, name: str, chrome: bool = True, lang: str | None = None) -> Any:
    """A copy of ``nb`` ready for course mode (the notebook on disk is not touched).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook Voilà is about to run.
    name : str
        Its file stem (``resources.metadata.name`` in the template), e.g. ``"01_definitions"``.
    chrome : bool
        Add the navigation and hand-in cells (course mode). The static course site passes False: it
        draws its own navigation and has nothing to hand in.
    lang : str, optional
        The language of the text cells (default: the language in force in course mode, read from the
        course folder the server runs in; English for the static site). Each markdown cell is replaced by
        its translation from the notebook's catalog when one exists and is not stale; else English.

    Returns
    -------
    nbformat.NotebookNode
        Without grading test cells, lab-only cells and ``# NBVAL_...`` lines; with a navigation bar
        first and, for a session notebook (``NN_topic``), the navigation and the hand-in panel last.
    """
    out = copy.deepcopy(nb)
    # deferred: saves 3 ms at import of ctie_helpers.course.page (under 20 ms, loaded machine: may move up)
    from ctie_helpers.i18n.choice import current_language, normalize

    code = normalize(lang) if lang else (current_language(os.environ.get(COURSE_ROOT_ENV) or None) if chrome
                                         else "en")
    if code != "en":
        # deferred: the notebook catalogs need Babel's reader, loaded only for a translated page
        from ctie_helpers.i18n.notebooks import translate_markdown

        translate_markdown(out, name, code)
    cells = []
    for cell in out.cells:
        if is_grading_cell(cell) or LAB_ONLY_TAG in (cell.get("metadata") or {}).get("tags", []):
            continue
        if cell.get("cell_type") == "code":
            cell["source"] = _NBVAL.sub("", _source(cell))
        elif cell.get("cell_type") == "markdown":
            (run_first, read), run_all = _LAB_SENTENCES.get(code, _LAB_SENTENCES["en"])
            cell["source"] = run_all.sub("", run_first.sub(read, _source(cell)))
        cells.append(cell)
    if chrome and re.match(r"^\d\d_", name):
        call = f"from ctie_helpers.course.nav import %s\n%s({name!r})"
        cells.insert(0, _code(call % ("nav_bar", "nav_bar")))
        cells.append(_code(call % ("page_footer", "page_footer")))
    out.cells = cells
    return out
