"""Where the workbook's own files are: the repository root, the notebooks, the bundled data.

``CTIE_ROOT`` overrides the root, for a workbook installed as a package and run from another folder
(``ctie report`` and ``ctie app`` work from anywhere; they fall back to the copies shipped in the package).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _find_root() -> Path:
    env = os.environ.get("CTIE_ROOT")
    if env:
        return Path(env).resolve()
    # An editable install (the README's commands) keeps the package inside the repository.
    return PACKAGE_DIR.parent


REPO_ROOT = _find_root()
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
