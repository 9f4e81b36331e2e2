"""The course's notebooks in reading order, read from the folder (never a list kept by hand).

Titles come from the notebooks themselves and minutes from the timing declarations (content/data/timing.json), so the course site, the course map and the
facilitator guides (:mod:`ctie_helpers.facilitator.guides`) all show the same ones. It lives in
``content/`` (which imports nothing but ``paths``) so that the facilitator's side can read it without
importing course mode, whose servers import the facilitator's tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ctie_helpers.content.timing import notebook_minutes
from ctie_helpers.paths import SESSIONS

__all__ = ["OPTIONAL_LABEL", "Page", "minutes", "notebook_title", "optional_sections", "pages"]

#: How the course marks a statistics-heavy lab that the session's graded total does not need (issue 12).
OPTIONAL_LABEL = "optional: for analysts"


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook (its title), read without a kernel."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return path.stem
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


@dataclass(frozen=True)
class Page:
    """One session notebook: its session folder, file stem, title, declared minutes (None if undeclared) and
    the headings of its optional labs (curriculum data, ``optional_labs``)."""

    session: str
    stem: str
    title: str
    minutes: int | None
    optional: tuple[str, ...] = ()


def optional_sections(session: str, stem: str) -> tuple[str, ...]:
    """The headings of the labs of one notebook that the curriculum marks optional (for analysts)."""
    # deferred: saves <1 ms at import of ctie_helpers.content.outline (under 20 ms, loaded machine: may move up)
    from ctie_helpers.content.agenda import optional_labs

    if session not in SESSIONS:
        return ()
    return tuple(lab.section for lab in optional_labs(SESSIONS.index(session) + 1) if lab.notebook == stem)


def minutes(path: Path) -> int | None:
    """The minutes declared for a notebook (reading, exercises and discussion) in the content data, else None.

    The declarations live in ``ctie_helpers/content/data/timing.json``, where ``tests/test_timing.py``
    checks them against the notebook's text and items.
    """
    declared = notebook_minutes(Path(path).parent.name, Path(path).stem)
    return round(declared.total) if declared else None


def pages(root: Path) -> list[Page]:
    """Every session notebook (``<session>/NN_topic.ipynb``) under ``root``, in course order."""
    out = []
    for session in SESSIONS:
        for nb in sorted((Path(root) / session).glob("[0-9][0-9]_*.ipynb")):
            out.append(Page(session, nb.stem, notebook_title(nb), minutes(nb), optional_sections(session, nb.stem)))
    return out
