"""Slides and printable handouts of a session, from its executed notebooks (no kernel, no network).

**Slides.** One slide per presentation segment: a Markdown cell that opens with a heading, with the
text, tables and charts that follow it up to the next heading; exercises stay in the notebooks.
reveal.js (nbconvert's slides exporter) was not used: no copy is installed and vendoring one means
a download at build time. The deck is one HTML page of full-screen sections with scroll snapping,
arrow/PageUp/PageDown keys and print-one-slide-per-page CSS: the same result offline with no new
dependency, charts drawn by the site's own plotly.js.

**Handouts.** The session's text and questions (Markdown cells, tables and the printed exercises),
no charts (a printout cannot be hovered), printed to PDF by :mod:`ctie_helpers.pdf`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from ctie_helpers.site.render import markdown_html, shell

__all__ = ["handout_html", "slides_html"]

_DECK_CSS = """
html { scroll-snap-type: y mandatory; }
body { max-width: none; margin: 0; padding: 0; }
section.ctie-slide { scroll-snap-align: start; min-height: 100vh; box-sizing: border-box; padding: 3vh 6vw;
  border-bottom: 1px solid #ccd; font-size: 1.25em; }
section.ctie-slide.ctie-title { display: flex; flex-direction: column; justify-content: center; }
"""
_DECK_JS = """<script>
document.addEventListener('keydown', function (e) {
  var s = Array.from(document.querySelectorAll('section.ctie-slide'));
  var i = s.findIndex(function (x) { return x.getBoundingClientRect().top > -5; });
  if (i < 0) { i = s.length - 1; }
  var next = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1}[e.key];
  if (next && s[i + next]) { e.preventDefault(); s[i + next].scrollIntoView(); }
});
</script>"""


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _outputs(cell: Any, *, charts: bool) -> Iterable[str]:
    """HTML of a code cell's outputs worth showing: tables and questions; charts only when ``charts``."""
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        page = data.get("text/html", "")
        if page:
            if "<script" in page and not charts:
                continue
            yield page
        elif data.get("text/markdown"):
            yield markdown_html(data["text/markdown"])


def _is_question(cell: Any) -> bool:
    return any("ctie-prompt" in o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", []))


def slides_html(title: str, notebooks: Sequence[tuple[str, Any]], nav: str, prefix: str) -> str:
    """The session's deck: a title slide, then one slide per heading of each executed notebook."""
    slides = [f'<section class="ctie-slide ctie-title"><h1>{html.escape(title)}</h1><ul>'
              + "".join(f"<li>{html.escape(t)}</li>" for t, _ in notebooks) + "</ul></section>"]
    for _name, nb in notebooks:
        current: list[str] | None = None
        for cell in nb.cells:
            if cell.get("cell_type") == "markdown" and _source(cell).lstrip().startswith("#"):
                if current:
                    slides.append('<section class="ctie-slide">' + "".join(current) + "</section>")
                current = [markdown_html(_source(cell))]
            elif current is not None and cell.get("cell_type") == "code" and not _is_question(cell):
                current.extend(_outputs(cell, charts=True))
        if current:
            slides.append('<section class="ctie-slide">' + "".join(current) + "</section>")
    head = (f'<style>{_DECK_CSS}</style><script src="{prefix}_static/plotly.min.js"></script>')
    return shell(f"Slides: {title}", "".join(slides) + _DECK_JS, nav, head=head)


def handout_html(title: str, notebooks: Sequence[tuple[str, Any]], note: str = "") -> str:
    """The printable handout: the session's text and questions, one notebook after another."""
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p><em>{html.escape(note)}</em></p>" if note else ""]
    for _name, nb in notebooks:
        for cell in nb.cells:
            if cell.get("cell_type") == "markdown":
                parts.append(markdown_html(_source(cell)))
            elif cell.get("cell_type") == "code":
                parts.extend(_outputs(cell, charts=False))
    return shell(title, "".join(parts))
