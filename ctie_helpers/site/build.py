"""``ctie site build``: the course as a static site, built offline from the notebooks.

Why nbconvert with a house template, not Jupyter Book / MyST or Sphinx + myst-nb
-------------------------------------------------------------------------------
Neither is installed, and both would add a large dependency tree for one command. The pages must
also look like course mode: the same cell filter (:func:`ctie_helpers.course.page.course_notebook`
removes test cells, hidden tests, lab-only cells and NBVAL markers; one owner) and the same nbconvert
``lab`` template ``ctie report`` already uses offline. So each notebook is executed with nbclient in
a scratch copy of the course (answers files land there, never in the repo), in a kernel whose first
cell (:func:`ctie_helpers.site.kernel.static_display`) prints exercises as questions and draws charts
with the site's single local copy of plotly.js (``_static/plotly.min.js``, from the installed plotly
package; no CDN, no request off the machine when a page is opened).

The site: ``index.html`` (navigation), ``START_HERE.html`` and one page per session notebook,
``reading.html`` (the further-reading catalogue), ``pages/`` (extra Markdown pages passed by the
caller, e.g. the facilitator guides), ``slides/<session>.html`` and ``handouts/<session>.pdf``.
The facilitator's build (``facilitator=True``) adds every answer, graded items' keys read from the
hidden tests of the source notebooks; the trainees' build shows none.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctie_helpers.errors import UserError
from ctie_helpers.io import atomic_write, folder_mode
from ctie_helpers.paths import NOTEBOOKS_DIR, SESSIONS

__all__ = ["ExtraPage", "SiteResult", "build_site"]

_SETUP = "from ctie_helpers.site.kernel import static_display\nstatic_display(answers={answers}, keys_file={keys!r})"


@dataclass(frozen=True)
class ExtraPage:
    """A page added to the site from Markdown (e.g. a facilitator guide): its title and text."""

    title: str
    markdown: str

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") or "page"


@dataclass
class SiteResult:
    """What a build wrote: the folder and its pages, decks and handouts (paths inside it)."""

    out: Path
    pages: list[Path] = field(default_factory=list)
    slides: list[Path] = field(default_factory=list)
    handouts: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def _nav(prefix: str, extra: str = "") -> str:
    return (f'<nav class="ctie-site" aria-label="Site"><a href="{prefix}index.html">Course site home</a>'
            f'<a href="{prefix}START_HERE.html">Course map</a><a href="{prefix}reading.html">Further reading</a>'
            f"{extra}</nav>")


def _graded_keys(notebooks: Sequence[Path]) -> dict[str, Any]:
    # deferred: saves 1366 ms at import of ctie_helpers.site.build
    from ctie_helpers.facilitator.course import read_source_notebook

    return {item.exercise_id: item.key for nb in notebooks for item in read_source_notebook(nb).items}


def _execute(path: Path, setup: str, timeout: float) -> Any:
    # deferred: saves 1378 ms at import of ctie_helpers.site.build
    import nbclient

    # deferred: saves 1169 ms at import of ctie_helpers.site.build
    import nbformat

    # deferred: saves 3 ms at import of ctie_helpers.site.build (under 20 ms, loaded machine: may move up)
    from ctie_helpers.course.page import course_notebook

    nb = course_notebook(nbformat.read(str(path), as_version=4), path.stem, chrome=False)
    nb.cells.insert(0, nbformat.v4.new_code_cell(setup))
    try:
        nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}}).execute()
    except nbclient.exceptions.CellExecutionError as exc:
        raise UserError(f"{path.name}: a cell failed while building the site:\n{str(exc)[-800:]}") from exc
    nb.cells.pop(0)
    for cell in nb.cells:  # the answers file's repr names the scratch folder: nothing for a reader
        if cell.get("cell_type") == "code" and "open_sidecar(" in cell.get("source", ""):
            cell["outputs"] = []
    return nb


def _reading_page() -> str:
    # deferred: saves 21 ms at import of ctie_helpers.site.build
    from ctie_helpers.content import sessions

    # deferred: saves 20 ms at import of ctie_helpers.site.build
    from ctie_helpers.content.reading import readings_for

    parts = ["<h1>Further reading</h1>"]
    for sess in sessions():
        parts.append(f"<h2>Session {sess.number}: {html.escape(sess.title)}</h2><ul>")
        for r in readings_for(sess.number):
            link = f' <a href="{html.escape(r.url)}">{html.escape(r.url)}</a>' if r.url else ""
            parts.append(f"<li><b>{html.escape(r.title)}</b> ({r.year}{', ' + html.escape(r.publisher) if r.publisher else ''})."
                         f" {html.escape(r.summary)}{link}</li>")
        parts.append("</ul>")
    return "".join(parts)


def build_site(out: str | Path, *, root: str | Path | None = None, facilitator: bool = False,
               extra_pages: Sequence[ExtraPage | tuple[str, str]] = (), sessions: Sequence[str] | None = None,
               handouts: bool = True, timeout: float = 600) -> SiteResult:
    """Build the course site into ``out`` (replaced whole, only once everything built).

    Parameters
    ----------
    out
        The site folder.
    root
        The folder holding ``START_HERE.ipynb`` and the session folders (default: the workbook's).
    facilitator
        Show the answers (practice keys and graded keys from the hidden tests).
    extra_pages
        More pages, as :class:`ExtraPage` or ``(title, markdown)``: listed on the home page under ``pages/``.
    sessions
        The session folders to include (default: all five present).
    handouts
        Print a PDF handout per session (needs Chromium).
    timeout
        Seconds per notebook cell.
    """
    # deferred: saves 28 ms at import of ctie_helpers.site.build
    from ctie_helpers.content import sessions as content_sessions

    # deferred: saves 80 ms at import of ctie_helpers.site.build
    from ctie_helpers.course.nav import nav_html

    # deferred: saves 24 ms at import of ctie_helpers.site.build
    from ctie_helpers.course.outline import pages

    # deferred: saves 4 ms at import of ctie_helpers.site.build (under 20 ms, loaded machine: may move up)
    from ctie_helpers.pdf import html_to_pdf

    # deferred: saves 1209 ms at import of ctie_helpers.site.build
    from ctie_helpers.report.html import plotly_js

    # deferred: saves 1 ms at import of ctie_helpers.site.build (under 20 ms, loaded machine: may move up)
    from ctie_helpers.site.render import markdown_html, notebook_html, rewrite_links, shell

    # deferred: saves 2 ms at import of ctie_helpers.site.build (under 20 ms, loaded machine: may move up)
    from ctie_helpers.site.slides import handout_html, slides_html

    start = time.perf_counter()
    root = Path(root) if root else NOTEBOOKS_DIR
    chosen = [s for s in (sessions or SESSIONS) if (root / s).is_dir()]
    if not chosen:
        raise UserError(f"{root}: no session folders ({', '.join(SESSIONS)}) to build a site from")
    unknown = [s for s in (sessions or ()) if s not in SESSIONS]
    if unknown:
        raise UserError(f"unknown session(s) {', '.join(unknown)}; sessions are {', '.join(SESSIONS)}")
    extras = [p if isinstance(p, ExtraPage) else ExtraPage(*p) for p in extra_pages]
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ctie-site-") as scratch:
        work, stage = Path(scratch) / "course", Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        try:
            result = SiteResult(out)
            work.mkdir()
            for s in chosen:
                (work / s).mkdir()
                for nb in sorted((root / s).glob("[0-9][0-9]_*.ipynb")):
                    shutil.copy2(nb, work / s / nb.name)
            if (root / "START_HERE.ipynb").is_file():
                shutil.copy2(root / "START_HERE.ipynb", work / "START_HERE.ipynb")
            keys = None
            if facilitator:
                keys = str(Path(scratch) / "keys.json")
                atomic_write(keys, json.dumps(_graded_keys(sorted(work.glob("session*/*.ipynb")))), private=True)
            setup = _SETUP.format(answers=facilitator, keys=keys)
            order = pages(work)
            built = {"index.html", "START_HERE.html", "reading.html"} | {f"{p.session}/{p.stem}.html" for p in order}
            atomic_write(stage / "_static" / "plotly.min.js", plotly_js(), parents=True)

            def write(rel: str, text: str) -> Path:
                here = str(Path(rel).parent) if "/" in rel else ""
                path = atomic_write(stage / rel, rewrite_links(text, here, built.__contains__), parents=True)
                result.pages.append(path)
                return path

            executed: dict[str, list[tuple[str, Any]]] = {s: [] for s in chosen}
            if (work / "START_HERE.ipynb").is_file():
                nb = _execute(work / "START_HERE.ipynb", setup, timeout)
                write("START_HERE.html", notebook_html(nb, "Course map", _nav(""), ""))
            else:
                write("START_HERE.html", shell("Course map", "<p>This copy has no course map.</p>", _nav("")))
            for page in order:
                nb = _execute(work / page.session / f"{page.stem}.ipynb", setup, timeout)
                executed[page.session].append((page.title, nb))
                nav = _nav("../", nav_html(page.stem, work / page.session))
                write(f"{page.session}/{page.stem}.html", notebook_html(nb, page.title, nav, "../"))
            write("reading.html", shell("Further reading", _reading_page(), _nav("")))
            for extra in extras:
                write(f"pages/{extra.slug}.html", shell(extra.title, markdown_html(extra.markdown), _nav("../")))
            edition = "Facilitator edition (with answers)" if facilitator else "Trainee edition"
            titles = {sess.folder: f"Session {sess.number}: {sess.title}" for sess in content_sessions()}
            for s in chosen:
                title = titles.get(s, s)
                result.slides.append(atomic_write(stage / "slides" / f"{s}.html",
                                                  slides_html(title, executed[s], _nav("../"), "../"), parents=True))
                if handouts:
                    result.handouts.append(html_to_pdf(handout_html(title, executed[s], edition),
                                                       stage / "handouts" / f"{s}.pdf"))
            links = []
            for s in chosen:
                items = "".join(f'<li><a href="{p.session}/{p.stem}.html">{html.escape(p.title)}</a></li>'
                                for p in order if p.session == s)
                pdf = f' · <a href="handouts/{s}.pdf">printable handout (PDF)</a>' if handouts else ""
                links.append(f"<h2>{html.escape(titles.get(s, s))}</h2><ul>{items}</ul>"
                             f'<p><a href="slides/{s}.html">Slides</a>{pdf}</p>')
            more = "".join(f'<li><a href="pages/{e.slug}.html">{html.escape(e.title)}</a></li>' for e in extras)
            body = (f"<h1>CTiE Workbook: course site</h1><p><em>{edition}.</em> Read every session without a kernel; "
                    'to answer the exercises, open the workbook (<code>ctie start</code>).</p>'
                    '<p><a href="START_HERE.html">Course map</a> · <a href="reading.html">Further reading</a></p>'
                    + "".join(links) + (f"<h2>More pages</h2><ul>{more}</ul>" if more else ""))
            write("index.html", shell("CTiE Workbook course site", body, _nav("")))
            # mkdtemp made the folder owner-only: the trainees' edition follows the umask like any output,
            # the facilitator's (every answer) stays private.
            stage.chmod(0o700 if facilitator else folder_mode())
            old = out.with_name(f".{out.name}.old")
            if out.exists():
                out.rename(old)
            stage.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    result.pages = [out / p.relative_to(stage) for p in result.pages]
    result.slides = [out / p.relative_to(stage) for p in result.slides]
    result.handouts = [out / p.relative_to(stage) for p in result.handouts]
    result.seconds = time.perf_counter() - start
    return result
