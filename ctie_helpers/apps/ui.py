"""Shared pieces of every mini-app: page header, sections, status messages, tables and downloads.

The apps run in Voilà with tracebacks hidden, so nothing may escape a callback: :func:`guard` turns any
exception into a friendly message in the app's :class:`Status` line (the input's own message when it was
written for people, e.g. an :class:`~ctie_helpers.data.errors.InputFileError` naming file, row and
column) and writes the traceback to the server's log, where a maintainer can find it. The app stays usable.
"""

from __future__ import annotations

import base64
import functools
import html
import sys
import traceback
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ctie_helpers.errors import UserError
from ctie_helpers.i18n.catalog import gettext as _

__all__ = ["FOREIGN_USER_ERRORS", "FigureSlot", "Status", "download_link", "guard", "header", "is_user_error", "note", "replace_figure", "section",
           "table_html", "translate_labels"]

_STYLE = """<style>
.ctie-app {max-width: 1100px; font-family: var(--jp-ui-font-family, sans-serif);}
.ctie-app h2 {margin: 0 0 4px 0; color: #0d47a1;}
.ctie-app h3 {margin: 12px 0 4px 0; font-size: 1.05em; color: #263238;}
.ctie-app table.ctie-table {border-collapse: collapse; font-size: 0.9em; margin: 4px 0;}
.ctie-app table.ctie-table th, .ctie-app table.ctie-table td {border: 1px solid #cfd8dc; padding: 3px 8px;
  text-align: left;}
.ctie-app table.ctie-table th {background: #eceff1;}
.ctie-status-info {color: #1b5e20;} .ctie-status-warn {color: #e65100;} .ctie-status-error {color: #b71c1c;}
.ctie-status-info::before {content: "ℹ ";} .ctie-status-warn::before {content: "⚠ ";}
.ctie-status-error::before {content: "✗ ";}
.ctie-app .ctie-note {color: #546e7a; font-size: 0.88em;}
.ctie-app .ctie-big {font-size: 1.8em; font-weight: bold; color: #0d47a1;}
</style>"""


#: Third-party exceptions whose message is about the user's input: pyxform's ``PyXFormError`` (the form
#: the user built). Matched by class name, so this module need not import pyxform (slow to import).
FOREIGN_USER_ERRORS: tuple[str, ...] = ("PyXFormError",)


def is_user_error(exc: BaseException) -> bool:
    """True for a :class:`~ctie_helpers.errors.UserError` (a bad file, option or answer) and pyxform's
    ``PyXFormError``; anything else, a plain ``ValueError`` or ``KeyError`` included, is a bug."""
    return isinstance(exc, UserError) or any(cls.__name__ in FOREIGN_USER_ERRORS for cls in type(exc).__mro__)


class Status(widgets.HTML):
    """One line under the controls: what just happened, or what went wrong and what to do."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind, self.message = "", ""

    def show(self, message: str, kind: str = "info") -> None:
        """Show ``message`` (plain text, escaped) as ``"info"``, ``"warn"`` or ``"error"``."""
        self.kind = kind
        self.message = message
        self.value = f'<div class="ctie-status-{kind}" role="status">{html.escape(_(message))}</div>'

    def clear(self) -> None:
        self.kind, self.message, self.value = "", "", ""


def guard(status: Status) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a callback so that no exception leaves it; the app shows a message instead.

    A user error (:func:`is_user_error`) shows its own message; anything else is a bug: the app says so,
    and the traceback goes to the server log (``sys.__stderr__``: the terminal that runs ``ctie app``).
    """

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the app must survive anything a callback raises
                if is_user_error(exc):
                    status.show(f"Could not do that: {exc}", "error")
                    return None
                print(f"[ctie app] unexpected error in {fn.__qualname__}:\n{traceback.format_exc()}",
                      file=sys.__stderr__, flush=True)
                status.show("Something unexpected went wrong: this is a bug in the workbook, not a problem "
                            "with your input; please report it. The app is still running: try another choice; "
                            "technical details were written to the log of the window running 'ctie app'.",
                            "error")
            return None

        return inner

    return wrap


def header(title: str, intro: str) -> widgets.HTML:
    """The app's title and a one-paragraph explanation (``intro`` may hold simple trusted HTML)."""
    return widgets.HTML(f"{_STYLE}<h2>{html.escape(_(title))}</h2><p>{_(intro)}</p>")


def section(title: str, *children: widgets.Widget) -> widgets.VBox:
    """A titled block of widgets, its title and its controls' labels in the language in force."""
    for child in children:
        translate_labels(child)
    return widgets.VBox([widgets.HTML(f"<h3>{html.escape(_(title))}</h3>"), *children])


def translate_labels(widget: Any) -> Any:
    """Show ``widget``'s (and its children's) label, placeholder and tooltip in the language in force.

    Apps write them in English (extracted by keyword, ``babel.cfg``). Option *values* are never touched:
    they are what the app computes with.
    """
    for attr in ("description", "placeholder", "tooltip"):
        text = getattr(widget, attr, None)
        if isinstance(text, str) and text:
            setattr(widget, attr, _(text))
    for child in getattr(widget, "children", ()) or ():
        translate_labels(child)
    return widget


def note(text: str) -> widgets.HTML:
    """Small grey explanatory text (``text`` may hold simple trusted HTML)."""
    return widgets.HTML(f'<div class="ctie-note">{_(text)}</div>')


def table_html(df: pd.DataFrame, caption: str | None = None, max_rows: int = 60, index: bool = False) -> str:
    """Render a table as escaped HTML (values from uploaded files are never interpreted as markup)."""
    shown = df.head(max_rows)
    body = shown.to_html(index=index, escape=True, na_rep="", border=0, classes="ctie-table")
    more = ('<div class="ctie-note">' + html.escape(_("%(rows)s more rows not shown.") % {"rows": len(df) - max_rows})
            + "</div>" if len(df) > max_rows else "")
    cap = f'<div class="ctie-note">{html.escape(_(caption))}</div>' if caption else ""
    return f"{cap}{body}{more}"


def download_link(data: bytes, filename: str, label: str, mime: str = "text/csv") -> str:
    """An HTML link that saves ``data`` as ``filename`` in the browser.

    The bytes travel inside the page as a ``data:`` URL: no file is written on the server and no request
    leaves the machine, which keeps downloads working offline and inside Voilà's empty file allow-list.
    """
    b64 = base64.b64encode(data).decode("ascii")
    return (f'<a class="ctie-download" download="{html.escape(filename)}" '
            f'href="data:{mime};base64,{b64}" style="font-weight:bold">{html.escape(label)}</a> '
            f'<span class="ctie-note">({len(data):,} bytes)</span>')


class FigureSlot(widgets.Output):
    """A place on the page for one plotly chart; :meth:`show` replaces the chart.

    The chart travels as plotly's own mimebundle (``application/vnd.plotly.v1+json``, the
    ``plotly_mimetype`` renderer), drawn by the jupyterlab-plotly extension that Voilà serves from the
    installed package: offline, and only the figure's JSON crosses the websocket. Two alternatives failed
    here: a ``go.FigureWidget`` mutated before Voilà's page connects came up empty, and a fresh
    FigureWidget per update ships plotly's 4.8 MB bundle as widget state each time (anywidget then gave
    up initialising after 2 s on a busy machine). ``figure`` is the ``go.Figure`` shown last; its text
    alternative is shown under it (:func:`ctie_helpers.plots.alt.figure_outputs`).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.figure = None

    def show(self, fig: Any) -> None:
        from ctie_helpers.plots.alt import figure_outputs

        self.figure = fig
        self.outputs = tuple(figure_outputs(fig))  # the chart, then its text alternative


def replace_figure(target: Any, fig: Any) -> None:
    """Show the plotly figure ``fig`` in the ``go.FigureWidget`` ``target`` (traces and layout replaced).

    Only for a FigureWidget already displayed in a live page; before that, use :class:`FigureSlot`.
    """
    target.data = ()
    target.add_traces(list(fig.data))
    target.layout = fig.layout
