"""The foot of a page in the offline edition: hand the session in as a download, from the browser.

In the offline edition (``ctie lite build``) the kernel is Pyodide in the trainee's browser: there is no
folder on a server to write the hand-in to. The panel packs the same zip ``ctie submit`` makes, with the
same :func:`~ctie_helpers.grading.submit.pack_submission` (one owner), from the page's answer file and the
student version of the notebook the site carries under ``files/handin/<session>/``, and offers it as a
download link; ``ctie grade`` grades it unchanged.
"""

from __future__ import annotations

import base64
import html
import shutil
import tempfile
from pathlib import Path

import ipywidgets as w

from ctie_helpers.grading.store import SUFFIX, current_store

__all__ = ["HANDIN_DIR", "handin_panel", "site_url"]

#: Where the site keeps the student version (graded keys stripped) of each notebook, under ``files/``.
HANDIN_DIR = "handin"


def site_url() -> str:
    """The site's base URL as the kernel sees it (the kernel runs in a web worker under ``extensions/``)."""
    # deferred: Pyodide-only module, present only in the offline edition's kernel
    import js  # type: ignore[import-not-found]  # Pyodide's bridge to the browser

    return str(js.location.href).split("/extensions/")[0].rstrip("/")


def _fetch_notebook(session: str, stem: str) -> str:
    # deferred: Pyodide-only module, present only in the offline edition's kernel
    from pyodide.http import open_url  # type: ignore[import-not-found]  # sync request, allowed in a worker

    return str(open_url(f"{site_url()}/files/{HANDIN_DIR}/{session}/{stem}.ipynb").read())


def handin_panel(stem: str, session: str, pages: list[str] | None = None) -> w.VBox:
    """Type your name, click: the session's hand-in zip is offered as a download.

    Parameters
    ----------
    stem
        The page's notebook name, e.g. ``"01_definitions"``.
    session
        Its session id, e.g. ``"session1_tip_basics"`` (the folder name inside the zip).
    pages
        The session's pages in this edition (default: this page); each one's notebook and answer file
        (every page's kernel keeps its answers in the same browser-backed folder) go into the zip, as
        ``ctie submit`` packs a session folder.
    """
    # deferred: saves 3 ms at import of ctie_helpers.course.offline (under 20 ms, loaded machine: may move up)
    from ctie_helpers.grading.submit import BrokenNotebookError, pack_submission, trainee_id

    name = w.Text(placeholder="your name, as the facilitator knows you", description="Your name:")
    button = w.Button(description="Hand in this session", button_style="primary")
    message = w.HTML()

    def _pack(_):
        if not name.value.strip():
            message.value = "<b>Type your name first.</b>"
            return
        work = Path(tempfile.mkdtemp(prefix="ctie-handin-"))
        try:
            folder = work / session
            folder.mkdir()
            store = current_store()
            answers = store.path.parent if store is not None else Path.cwd()
            for page in pages or [stem]:
                (folder / f"{page}.ipynb").write_text(_fetch_notebook(session, page), encoding="utf-8")
                sidecar = answers / f"{page}{SUFFIX}"
                if sidecar.is_file():
                    shutil.copyfile(sidecar, folder / sidecar.name)
            who = trainee_id(name.value)
            result = pack_submission(folder, session, trainee=who, out=work / f"{who}.zip")
            data = base64.b64encode(result.zip_path.read_bytes()).decode("ascii")
        except (BrokenNotebookError, OSError, ValueError) as exc:
            message.value = f"<b>Not packed:</b> {html.escape(str(exc))}"
            return
        finally:
            shutil.rmtree(work, ignore_errors=True)
        warn = "".join(f"<li>{html.escape(x)}</li>" for x in result.warnings)
        message.value = (f'<a class="ctie-handin" download="{html.escape(who)}.zip" '
                         f'href="data:application/zip;base64,{data}">Download {html.escape(who)}.zip</a> '
                         "and send this file to your facilitator." + (f"<ul>{warn}</ul>" if warn else ""))

    button.on_click(_pack)
    panel = w.VBox([w.HTML("<h2>Hand in this session</h2><p>When you have answered the exercises, type your "
                           "name and click the button, then download the file and send it to your "
                           "facilitator.</p>"), name, button, message])
    panel.name_box, panel.button, panel.message = name, button, message
    return panel
