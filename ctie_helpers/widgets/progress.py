"""The progress view on START_HERE.ipynb: per session, exercises attempted and passed."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pandas as pd

from ctie_helpers.grading.progress import progress, progress_summary
from ctie_helpers.i18n.catalog import gettext
from ctie_helpers.widgets.base import esc

__all__ = ["progress_html", "progress_view"]

_WIDTH = 10


def _bar(done: int, total: int) -> str:
    # Text bars (not colour) so the numbers read the same in any theme and to a screen reader.
    filled = round(_WIDTH * done / total) if total else 0
    return f'<span aria-hidden="true" style="font-family:monospace">{"█" * filled}{"░" * (_WIDTH - filled)}</span>'


def _session_title(session: str) -> str:
    if not session:
        return gettext("Other notebooks")
    head, _, rest = session.partition("_")
    number = head.removeprefix("session")
    if not number.isdigit():
        return session.replace("_", " ")
    return gettext("Session %(n)s: %(topic)s") % {"n": number, "topic": rest.replace("_", " ")}


def _mark(row: pd.Series) -> str:
    if row["passed"]:
        return gettext("✓ saved") if row["graded"] else gettext("✓ passed")
    return gettext("… tried, not right yet") if row["attempted"] else gettext("– not started")


def progress_html(df: pd.DataFrame) -> str:
    """HTML for a progress table (from :func:`~ctie_helpers.grading.progress.progress`)."""
    if df.empty:
        return "<p>" + esc(gettext("No exercises found yet. Open a session notebook to start.")) + "</p>"
    heads = [esc(gettext(h)) for h in ("Session", "Attempted", "Passed")]
    parts = ['<table style="border-collapse:collapse;max-width:100%"><thead><tr>'
             f'<th style="text-align:left;padding-right:1em">{heads[0]}</th><th style="text-align:left">{heads[1]}</th>'
             f'<th style="text-align:left">{heads[2]}</th></tr></thead><tbody>']
    of = gettext("%(done)s of %(total)s")
    for _, s in progress_summary(df).iterrows():
        n = s["exercises"]
        parts.append(f'<tr><td style="padding-right:1em">{esc(_session_title(s["session"]))}</td>'
                     f'<td>{_bar(s["attempted"], n)} {of % {"done": s["attempted"], "total": n}}</td>'
                     f'<td>{_bar(s["passed"], n)} {of % {"done": s["passed"], "total": n}}</td></tr>')
    parts.append("</tbody></table>")
    for problem in df.attrs.get("problems", []):
        parts.append("<p>" + esc(gettext("⚠ An answers file could not be read: %(problem)s. Tell your facilitator.")
                                 % {"problem": problem}) + "</p>")
    return "".join(parts)


def _details(df: pd.DataFrame) -> w.Accordion:
    panes, titles = [], []
    graded = ", " + esc(gettext("graded"))
    for session, group in df.groupby("session", sort=True):
        lines = "".join(f"<li><code>{esc(r['exercise_id'])}</code> ({esc(r['notebook'])}"
                        f"{graded if r['graded'] else ''}): {_mark(r)}</li>"
                        for _, r in group.iterrows())
        panes.append(w.HTML(f"<ul>{lines}</ul>"))
        titles.append(_session_title(str(session)))
    acc = w.Accordion(children=panes, titles=tuple(titles))
    acc.selected_index = None
    return acc


def progress_view(root: str | Path | None = None) -> w.VBox:
    """A compact progress table with a Refresh button and per-exercise details per session.

    Parameters
    ----------
    root
        The notebooks folder (default: the workbook's ``notebooks/``).
    """
    table = w.HTML()
    holder = w.VBox()
    refresh = w.Button(description=gettext("Refresh"), tooltip=gettext("Read the answers files again"),
                       layout=w.Layout(width="auto"))

    def update(_: object = None) -> None:
        df = progress(root)
        table.value = progress_html(df)
        holder.children = [_details(df)] if not df.empty else []

    refresh.on_click(update)
    update()
    box = w.VBox([table, refresh, holder], layout=w.Layout(width="100%", max_width="48em"))
    box.refresh = update
    return box
