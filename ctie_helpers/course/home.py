"""The course home page (START_HERE.ipynb): the map of sessions, your progress, and handing in a session.

Everything here is built from the curriculum registry and the notebooks on disk, so the home page never
lists a notebook that does not exist or misses one that does.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from ctie_helpers.content.outline import notebook_title
from ctie_helpers.paths import NOTEBOOKS_DIR, SESSIONS

__all__ = ["course_map", "notebook_title", "submit_panel"]  # notebook_title: from outline, kept for callers


def course_map(root: Path | None = None, *, course_mode: bool | None = None) -> w.HTML:
    """One block per session: its title and Guide chapters, its notebooks (as links) and the agenda points.

    Links are relative to ``root`` (the folder of START_HERE.ipynb), so they open in JupyterLab,
    in the classic notebook and on JupyterHub alike. A session whose feedback the facilitator has released
    (see :mod:`ctie_helpers.course.feedback`) gets a "Your feedback" line linking each page; ``course_mode``
    picks course mode's links to it (detected when not given).
    """
    from ctie_helpers.content import sessions
    from ctie_helpers.content.outline import minutes
    from ctie_helpers.content.timing import session_minutes
    from ctie_helpers.course.feedback import feedback_links

    root = Path(root) if root else Path.cwd()
    if not any((root / s).is_dir() for s in SESSIONS):
        root = NOTEBOOKS_DIR
    done = _progress_by_notebook(root)
    parts = []
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
            items.append(f'<li><a href="{sess.folder}/{nb.name}">{html.escape(notebook_title(nb))}</a>'
                         + (f" · about {mins} minutes" if mins else "")
                         + (f" · {status[0]} of {status[1]} exercises done" if status else "")
                         + (f" <small>(agenda {ids})</small>" if ids else "") + "</li>")
        for app in apps:
            items.append(f'<li>Mini-app: <a href="{sess.folder}/{app.name}">{html.escape(notebook_title(app))}</a></li>')
        if not items:
            items.append("<li><em>Not available in this copy of the workbook.</em></li>")
        chapters = ", ".join(map(str, sess.chapters))
        declared = session_minutes(sess.folder)
        agenda = "".join(f"<li>{p.id} {html.escape(p.title)}</li>" for p in sess.points)
        parts.append(
            f"<h3>Session {sess.number}: {html.escape(sess.title)}</h3>"
            f"<p><small>Guide chapter(s) {chapters} · about {declared.total:.0f} minutes: reading "
            f"{declared.reading:.0f}, exercises {declared.exercises:.0f}, discussion in the live session "
            f"{declared.discussion:.0f}</small></p>"
            f"<ul>{''.join(items)}</ul>"
            + feedback_links(root, sess.folder, {nb.stem: notebook_title(nb) for nb in notebooks}, course_mode)
            + f"<details><summary>Agenda points</summary><ul>{agenda}</ul></details>"
        )
    return w.HTML("".join(parts))


def _progress_by_notebook(root: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(session, notebook) -> (exercises passed or answered, exercises) from the answers files."""
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
    from ctie_helpers.grading.submit import BrokenNotebookError, pack_submission

    root = Path(root) if root else Path.cwd()
    fixed = bool(session)
    choices = [(s.replace("_", " "), s) for s in SESSIONS if (root / s).is_dir()]
    if fixed:
        choices = [(str(session).replace("_", " "), str(session))]
    session = w.Dropdown(options=choices, value=choices[0][1] if choices else None, description="Session:",
                         layout=w.Layout(display="none") if fixed else w.Layout())
    # On JupyterHub the hub user name is the trainee id the facilitator's roster uses.
    name = w.Text(value=os.environ.get("JUPYTERHUB_USER", ""),
                  placeholder="your name, as the facilitator knows you", description="Your name:")
    button = w.Button(description="Hand in this session" if fixed else "Make my submission file",
                      button_style="primary", icon="")
    message = w.HTML()

    def _pack(_):
        if not name.value.strip():
            message.value = "<b>Type your name first.</b>"
            return
        try:
            out = root / "submissions" / session.value
            out.mkdir(parents=True, exist_ok=True)
            result = pack_submission(root / session.value, session.value, trainee=name.value,
                                     out=out / f"{_safe(name.value)}.zip")
        except (BrokenNotebookError, FileNotFoundError, ValueError) as exc:
            message.value = f"<b>Not packed:</b> {html.escape(str(exc))}"
            return
        warn = "".join(f"<li>{html.escape(x)}</li>" for x in result.warnings)
        rel = result.zip_path.relative_to(root) if result.zip_path.is_relative_to(root) else result.zip_path
        message.value = (f"✓ Saved <code>{html.escape(str(rel))}</code> with {len(result.files)} files. "
                         "Send this file to your facilitator." + (f"<ul>{warn}</ul>" if warn else ""))

    button.on_click(_pack)
    panel = w.VBox([session, name, button, message])
    panel.session, panel.name_box, panel.button, panel.message = session, name, button, message
    return panel


def _safe(name: str) -> str:
    from ctie_helpers.grading.submit import trainee_id

    return trainee_id(name)
