"""Where the workbook's own files are: the course root, its notebooks, the bundled data.

The course root is found in this order:

1. ``CTIE_ROOT``, when set (a facilitator's copy, a hub image, the tests);
2. the current folder or its nearest parent holding :data:`MARKER`, the file ``ctie init`` writes into
   a working folder made from an installed wheel (so ``ctie course`` run inside it serves that copy);
3. the repository this package sits in (a clone with an editable install, the README's commands).

An installed wheel outside any working folder has no course root: ``NOTEBOOKS_DIR`` then does not
exist and the commands that need it say to run ``ctie init DIR`` (``ctie report`` and ``ctie app``
work from anywhere; they fall back to the copies shipped in the package).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MARKER = ".ctie-course.json"
"""The file ``ctie init`` writes at the top of a working folder; its presence makes the folder a course root."""
PACKAGED_COURSE = PACKAGE_DIR / "_course"
"""The trainee's course inside a wheel (written at wheel build time, never committed)."""


def find_root(cwd: Path | None = None) -> Path:
    """The course root for a process started in ``cwd`` (default: the current folder); see the module doc."""
    env = os.environ.get("CTIE_ROOT")
    if env:
        return Path(env).resolve()
    try:
        here = (cwd or Path.cwd()).resolve()
    except OSError:  # the current folder was deleted under us
        here = None
    if here is not None:
        for folder in (here, *here.parents):
            if (folder / MARKER).is_file():
                return folder
    # An editable install (the README's commands) keeps the package inside the repository.
    return PACKAGE_DIR.parent


REPO_ROOT = find_root()
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DATA_DIR = REPO_ROOT / "data" / "synthetic"
BUILD_DIR = REPO_ROOT / "build"
SESSIONS = (
    "session1_tip_basics",
    "session2_pim",
    "session3_framework",
    "session4_indicators",
    "session5_methods",
)
