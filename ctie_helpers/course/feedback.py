"""Released feedback on the course map: where a trainee's feedback pages live and how course mode links them.

The contract with the facilitator's side: ``ctie grade`` writes ``build/feedback/<trainee>/<session>/
<notebook>.html``; releasing it to a trainee means copying that folder to ``feedback/<session>/`` in the
trainee's course folder (the folder of START_HERE.ipynb), as nbgrader's own ``feedback`` folder does.
Until that copy exists, the course map shows nothing: feedback (right answers and explanations) never
reaches a trainee before the facilitator releases it.

Course mode's server serves exactly these files at ``/voila/files/`` (:data:`FEEDBACK_FILES`, an allow-list
pattern) and nothing else of the course folder.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from ctie_helpers.facilitator.provision import FEEDBACK_FOLDER  # the server-start copy owns the folder name
from ctie_helpers.i18n import _

__all__ = ["FEEDBACK_FILES", "FEEDBACK_FOLDER", "feedback_links", "released_feedback"]

#: Voilà file allow-list pattern (full match, relative to the course folder) for released feedback pages.
FEEDBACK_FILES = FEEDBACK_FOLDER + r"/session[1-5]_[a-z0-9_]+/[0-9][0-9]_[a-z0-9_]+\.html"


def released_feedback(root: Path, session: str) -> list[Path]:
    """The released feedback pages of ``session`` in the course folder ``root``, in notebook order."""
    folder = Path(root) / FEEDBACK_FOLDER / session
    return sorted(p for p in folder.glob("[0-9][0-9]_*.html") if p.is_file()) if folder.is_dir() else []


def _in_course_mode() -> bool:
    # Voilà sets this in every kernel it runs a page in; JupyterLab never does.
    return "VOILA_KERNEL_ID" in os.environ


def feedback_links(root: Path, session: str, titles: dict[str, str] | None = None,
                   course_mode: bool | None = None, lang: str | None = None) -> str:
    """HTML for the course map: "Your feedback" and a link per released page, or "" before the release.

    Parameters
    ----------
    root : Path
        The course folder (of START_HERE.ipynb).
    session : str
        The session folder, e.g. ``"session1_tip_basics"``.
    titles : dict, optional
        Notebook stem -> title, for the link texts (the stem otherwise).
    course_mode : bool, optional
        Links for course mode's server (``../files/...`` from ``/voila/render/START_HERE.ipynb``) or for
        JupyterLab (relative to the folder); detected from the kernel's environment when not given.
    lang : str, optional
        The language of the label (default: the language in force).
    """
    pages = released_feedback(root, session)
    if not pages:
        return ""
    course_mode = _in_course_mode() if course_mode is None else course_mode
    prefix = "../files/" if course_mode else ""
    titles = titles or {}
    links = ", ".join(
        f'<a href="{prefix}{FEEDBACK_FOLDER}/{session}/{p.name}" target="_blank" rel="noopener">'
        f"{html.escape(titles.get(p.stem, p.stem))}</a>" for p in pages)
    label = html.escape(_("Your feedback:", lang))  # outside the f-string: Python 3.11's extractor skips those
    return f'<p class="ctie-feedback"><strong>{label}</strong> {links}</p>'
