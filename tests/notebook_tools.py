"""Reading the course notebooks for the consistency and execution tests (no kernel needed to read)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ctie_helpers.paths import SESSIONS

# SESSIONS is re-exported: the canonical five folder names, for the tests that import it from here.
__all__ = ["APP_RE", "NAME_RE", "NOTEBOOKS", "REPO", "SESSIONS", "GradedCell", "all_notebooks", "app_notebooks",
           "graded_cells", "session_notebooks"]

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
NAME_RE = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")


APP_RE = re.compile(r"^app_[a-z0-9_]+\.ipynb$")


def session_notebooks(session: str) -> list[Path]:
    """The teaching notebooks of a session (``NN_topic.ipynb``), without its Voilà app notebooks."""
    return sorted(p for p in (NOTEBOOKS / session).glob("*.ipynb") if not APP_RE.match(p.name))


def app_notebooks() -> list[Path]:
    """Thin Voilà app notebooks (``app_<name>.ipynb``) kept in the session they belong to."""
    return sorted(p for p in NOTEBOOKS.glob("session*/app_*.ipynb"))


def all_notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


@dataclass(frozen=True)
class GradedCell:
    notebook: Path
    grade_id: str
    points: float
    call_id: str | None
    kind: str | None
    key: object


def graded_cells(nb_path: Path) -> list[GradedCell]:
    """Every autograded test cell with its hidden ``grade(...)`` call parsed (ids, kind, literal key)."""
    nb = nbformat.read(nb_path, as_version=4)
    out = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("grade") and not meta.get("solution") and cell.cell_type == "code"):
            continue
        call_id = kind = key = None
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "grade":
                call_id = ast.literal_eval(node.args[0])
                kind = ast.literal_eval(node.args[1]) if len(node.args) > 1 else None
                kwargs = {k.arg: k.value for k in node.keywords}
                key = ast.literal_eval(kwargs["key"]) if "key" in kwargs else None
        out.append(GradedCell(nb_path, meta["grade_id"], float(meta.get("points", 0)), call_id, kind, key))
    return out
