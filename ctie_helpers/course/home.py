"""The course home page (START_HERE.ipynb): the map of sessions, your progress, and handing in a session.

Everything here is built from the curriculum registry and the notebooks on disk, so the home page never
lists a notebook that does not exist or misses one that does.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from ctie_helpers.content.outline import minutes, notebook_title, optional_sections
from ctie_helpers.content.timing import session_minutes
from ctie_helpers.course.address import remember_address_language
from ctie_helpers.course.feedback import _in_course_mode, feedback_links
from ctie_helpers.course.page import HOME, table_label
from ctie_helpers.i18n import (
    _,
    current_language,
    format_number,
    language_names,
    ngettext,
    normalize,
)
from ctie_helpers.paths import NOTEBOOKS_DIR, SESSIONS

__all__ = ["course_map", "language_switch", "notebook_title", "submit_panel"]  # notebook_title: from outline, kept for callers


def _title(notebook: Path, lang: str) -> str:
    """A page's title in ``lang`` (its first text cell's translation), else its English title."""
    if lang == "en":
        return notebook_title(notebook)
    # deferred: the notebook catalogs need Babel's reader, loaded only for a translated page
    from ctie_helpers.i18n.notebooks import translated_title

    return translated_title(notebook, lang) or notebook_title(notebook)


def course_map(root: Path | None = None, *, course_mode: bool | None = None, lang: str | None = None) -> w.HTML:
    """One block per session: its title and Guide chapters, its notebooks (as links) and the agenda points.

    Links are relative to ``root`` (the folder of START_HERE.ipynb), so they open in JupyterLab,
    in the classic notebook and on JupyterHub alike. A session whose feedback the facilitator has released
    (see :mod:`ctie_helpers.course.feedback`) gets a "Your feedback" line linking each page; ``course_mode``
    picks course mode's links to it (detected when not given). The labels are in ``lang`` (default: the
    language in force for ``root``, see :mod:`ctie_helpers.i18n.choice`); in course mode a ``?lang=fr`` in the
    page's address is remembered for the trainee first, and the map starts with the language switch.
    Session, notebook and agenda titles are shown in ``lang`` where translated (the notebooks' catalogs and
    the curriculum's strings in the interface catalog), else in English.
    """
    # deferred: saves 28 ms at import of ctie_helpers.course.home
    from ctie_helpers.content import sessions

    root = Path(root) if root else Path.cwd()
    if not any((root / s).is_dir() for s in SESSIONS):
        root = NOTEBOOKS_DIR
    course_mode = _in_course_mode() if course_mode is None else course_mode
    if course_mode and lang is None:
        lang = _language_from_address(root)
    lang = normalize(lang) if lang else current_language(root)

    def num(x: float) -> str:
        return format_number(round(x), lang)

    done = _progress_by_notebook(root)
    parts = [language_switch(lang)] if course_mode else []
    for sess in sessions():
        folder = root / sess.folder
        notebooks = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
        apps = sorted(folder.glob("app_*.ipynb"))
        points: dict[str | None, list[str]] = {}
        for p in sess.points:
            points.setdefault(p.notebook, []).append(p.id)
        items = []
        for nb in notebooks:
            ids = ", ".join(points.get(nb.stem, []))
            mins = minutes(nb)
            status = done.get((sess.folder, nb.stem))
            # the lab headings are curriculum text (ctie_json extracts them): shown in the page's language
            labs = "; ".join(_(lab, lang) for lab in optional_sections(sess.folder, nb.stem))
            items.append(
                f'<li><a href="{sess.folder}/{nb.name}">{html.escape(_title(nb, lang))}</a>'
                + (" · " + ngettext("about %(n)s minute", "about %(n)s minutes", mins, lang) % {"n": num(mins)}
                   if mins else "")
                + (" · " + ngettext("%(done)s of %(n)s exercise done", "%(done)s of %(n)s exercises done",
                                    status[1], lang) % {"done": num(status[0]), "n": num(status[1])}
                   if status else "")
                + (" <small>(" + html.escape(_("agenda %(ids)s", lang) % {"ids": ids}) + ")</small>" if ids else "")
                + ("<br><small>" + html.escape(_("Lab optional: for analysts (not graded): %(labs)s", lang)
                                               % {"labs": labs}) + "</small>" if labs else "")
                + "</li>")
        for app in apps:
            items.append("<li>" + html.escape(_("Mini-app:", lang))
                         + f' <a href="{sess.folder}/{app.name}">{html.escape(_title(app, lang))}</a></li>')
        if not items:
            items.append("<li><em>" + html.escape(_("Not available in this copy of the workbook.", lang)) + "</em></li>")
        chapters = ", ".join(map(str, sess.chapters))
        declared = session_minutes(sess.folder)
        agenda = "".join(f"<li>{p.id} {html.escape(_(p.title, lang))}</li>" for p in sess.points)
        timing = _("Guide chapter(s) %(chapters)s · about %(total)s minutes: reading %(reading)s, exercises "
                   "%(exercises)s, discussion in the live session %(discussion)s", lang) % {
            "chapters": chapters, "total": num(declared.total), "reading": num(declared.reading),
            "exercises": num(declared.exercises), "discussion": num(declared.discussion)}
        heading = _("Session %(number)s: %(title)s", lang) % {"number": sess.number, "title": _(sess.title, lang)}
        parts.append(
            f"<h3>{html.escape(heading)}</h3>"
            f"<p><small>{html.escape(timing)}</small></p>"
            f"<ul>{''.join(items)}</ul>"
            + feedback_links(root, sess.folder, {nb.stem: notebook_title(nb) for nb in notebooks}, course_mode,
                             lang=lang)
            + "<details><summary>" + html.escape(_("Agenda points", lang)) + f"</summary><ul>{agenda}</ul></details>"
        )
    return w.HTML("".join(parts))


def language_switch(lang: str) -> str:
    """Links to this page in each language (``START_HERE.ipynb?lang=fr``): following one remembers the choice.

    Each language is named in its own words; the one in force is shown, not linked.
    """
    links = []
    for code, name in language_names().items():
        if code == lang:
            links.append(f'<strong lang="{code}" aria-current="true">{name}</strong>')
        else:
            links.append(f'<a href="{HOME}.ipynb?lang={code}" target="_self" lang="{code}" hreflang="{code}">{name}</a>')
    label = html.escape(_("Language", lang), quote=True)
    return f'<nav class="ctie-lang" lang="{lang}" aria-label="{label}"{table_label(lang)}>{" · ".join(links)}</nav>'


def _language_from_address(root: Path) -> str | None:
    """In course mode: the ``lang`` of the page's address (``?lang=fr``), remembered in the course folder.

    Read from the kernel's ``QUERY_STRING`` (set by Voilà for a kernel started for the request). A preheated
    spare has none and does not wait for one (Voilà's ``get_query_string`` would, holding the whole map back
    until the trainee asks for the page): ``ctie course``'s server has already remembered the address's
    language before handing a spare out (:mod:`ctie_helpers.course.address`), so the remembered choice is it.
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        return None
    # deferred: saves <1 ms at import of ctie_helpers.course.home (under 20 ms, loaded machine: may move up)
    from urllib.parse import parse_qs

    given = parse_qs(os.environ.get("QUERY_STRING", "")).get("lang")
    wanted = given[0] if given else None
    return remember_address_language(wanted, root)


def _progress_by_notebook(root: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(session, notebook) -> (exercises passed or answered, exercises) from the answers files."""
    # deferred: saves 15 ms at import of ctie_helpers.course.home
    from ctie_helpers.grading.progress import progress

    df = progress(root)
    if df.empty:
        return {}
    counts = df.groupby(["session", "notebook"])["passed"].agg(["sum", "size"])
    return {key: (int(row["sum"]), int(row["size"])) for key, row in counts.iterrows()}


def submit_panel(root: Path | None = None, session: str | None = None) -> w.VBox:
    """Pick a session, type your name, click: your notebooks and answers are packed into one zip.

    For trainees without JupyterHub, who e-mail or upload the file; on JupyterHub the facilitator's
    ``ctie collect`` picks it up. The zip is written to ``submissions/<session>/<name>.zip`` under
    ``root`` (the folder of START_HERE.ipynb); a broken notebook is named, not packed. With ``session``,
    the panel hands in that session only (course mode's page foot) and shows no session list.
    """
    # deferred: saves 2248 ms at import of ctie_helpers.course.home
    from ctie_helpers.grading.submit import BrokenNotebookError, pack_submission

    root = Path(root) if root else Path.cwd()
    fixed = bool(session)
    choices = [(s.replace("_", " "), s) for s in SESSIONS if (root / s).is_dir()]
    if fixed:
        choices = [(str(session).replace("_", " "), str(session))]
    session = w.Dropdown(options=choices, value=choices[0][1] if choices else None, description=_("Session:"),
                         layout=w.Layout(display="none") if fixed else w.Layout())
    # On JupyterHub the hub user name is the trainee id the facilitator's roster uses.
    name = w.Text(value=os.environ.get("JUPYTERHUB_USER", ""),
                  placeholder=_("your name, as the facilitator knows you"), description=_("Your name:"))
    button = w.Button(description=_("Hand in this session") if fixed else _("Make my submission file"),
                      button_style="primary", icon="")
    message = w.HTML()

    def _pack(_click):
        if not name.value.strip():
            message.value = "<b>" + html.escape(_("Type your name first.")) + "</b>"
            return
        try:
            out = root / "submissions" / session.value
            out.mkdir(parents=True, exist_ok=True)
            result = pack_submission(root / session.value, session.value, trainee=name.value,
                                     out=out / f"{_safe(name.value)}.zip")
        except (BrokenNotebookError, FileNotFoundError, ValueError) as exc:
            message.value = "<b>" + html.escape(_("Not packed:")) + f"</b> {html.escape(str(exc))}"
            return
        warn = "".join(f"<li>{html.escape(x)}</li>" for x in result.warnings)
        rel = result.zip_path.relative_to(root) if result.zip_path.is_relative_to(root) else result.zip_path
        saved = ngettext("✓ Saved %(file)s with %(n)s file.", "✓ Saved %(file)s with %(n)s files.", len(result.files))
        message.value = (html.escape(saved) % {"file": f"<code>{html.escape(str(rel))}</code>",
                                               "n": format_number(len(result.files))} + " "
                         + html.escape(_("Send this file to your facilitator.")) + (f"<ul>{warn}</ul>" if warn else ""))

    button.on_click(_pack)
    panel = w.VBox([session, name, button, message])
    panel.session, panel.name_box, panel.button, panel.message = session, name, button, message
    return panel


def _safe(name: str) -> str:
    # deferred: saves 2021 ms at import of ctie_helpers.course.home
    from ctie_helpers.grading.submit import trainee_id

    return trainee_id(name)
