"""What course mode adds to a session page: the navigation bar and, at the foot, the session's hand-in.

Both run in the page's kernel, whose working folder is the notebook's session folder, so links are
relative (``02_topic.ipynb``, ``../session2_pim/01_topic.ipynb``, ``../START_HERE.ipynb``) and work
under any URL prefix (``/voila/render/`` on a laptop, ``/user/<name>/voila/render/`` on JupyterHub).
"""

from __future__ import annotations

import html
from pathlib import Path

from IPython.display import HTML, display

from ctie_helpers.content.outline import Page, pages
from ctie_helpers.course.page import HOME, table_label
from ctie_helpers.i18n import _, current_language

__all__ = ["nav_bar", "nav_html", "page_footer"]


#: JupyterLab's HTML renderer (which Voilà uses for outputs) opens every absolute-looking link in a new tab
#: unless the link names its target; a course page's links must stay in the trainee's one tab.
_SAME_TAB = ' target="_self"'


def _href(page: Page, here: str, suffix: str) -> str:
    return f"{page.stem}{suffix}" if page.session == here else f"../{page.session}/{page.stem}{suffix}"


def _page_title(folder: Path, page, lang: str) -> str:
    """``page``'s title in ``lang`` (from its notebook's catalog), else its English title."""
    if lang == "en":
        return page.title
    # deferred: the notebook catalogs need Babel's reader, loaded only for a translated page
    from ctie_helpers.i18n.notebooks import translated_title

    return translated_title(folder.parent / page.session / f"{page.stem}.ipynb", lang) or page.title


def nav_html(stem: str, folder: Path | None = None, *, suffix: str = ".ipynb", home: str | None = None) -> str:
    """The bar: back to the course map, previous and next notebook (across sessions), as HTML links.

    In the language in force for the course folder; the bar carries it (``lang``) and the label course
    mode's page script gives scrollable tables (``data-table-label``), so that script speaks it too.
    The offline edition (``ctie lite build``) links its rendered pages (``suffix=".html"``) and its own
    course map (``home``) instead of the notebooks and ``START_HERE``.
    """
    folder = Path(folder) if folder else Path.cwd()
    lang = current_language(folder)
    here = folder.name
    order = pages(folder.parent)
    index = next((i for i, p in enumerate(order) if p.session == here and p.stem == stem), None)
    home = home or f"../{HOME}.ipynb"
    links = [f'<a href="{home}"{_SAME_TAB}>' + html.escape(_("Course map", lang)) + "</a>"]
    if index is not None and index > 0:
        prev = order[index - 1]
        links.append(f'<a href="{_href(prev, here, suffix)}" rel="prev"{_SAME_TAB}>'
                     + html.escape(_("Previous: %(title)s", lang) % {"title": _page_title(folder, prev, lang)}) + "</a>")
    if index is not None and index + 1 < len(order):
        nxt = order[index + 1]
        links.append(f'<a href="{_href(nxt, here, suffix)}" rel="next"{_SAME_TAB}>'
                     + html.escape(_("Next: %(title)s", lang) % {"title": _page_title(folder, nxt, lang)}) + "</a>")
    label = html.escape(_("Course pages", lang), quote=True)
    return f'<nav class="ctie-nav" lang="{lang}" aria-label="{label}"{table_label(lang)}>{" ".join(links)}</nav>'


def nav_bar(stem: str) -> None:
    """Display the navigation bar (the first cell course mode adds to a session page)."""
    display(HTML(nav_html(stem)))


def page_footer(stem: str) -> None:
    """Display the navigation again and the panel that hands in this page's session."""
    # deferred: saves 54 ms at import of ctie_helpers.course.nav
    from ctie_helpers.course.home import submit_panel

    folder = Path.cwd()
    display(HTML("<h2>" + html.escape(_("Hand in this session")) + "</h2><p>"
                 + html.escape(_("When you have answered the exercises of every page of this session, type your "
                                 "name and click the button. Your answers are packed into one file for your "
                                 "facilitator; you can hand in again later, the newest file counts.")) + "</p>"))
    display(submit_panel(folder.parent, session=folder.name))
    display(HTML(nav_html(stem, folder)))
