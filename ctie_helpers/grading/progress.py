"""Progress across the course, read from the answers sidecars (and the notebooks, for unanswered items).

``progress()`` lists every exercise per session and notebook with whether it was attempted and
passed. An exercise counts as *passed* when its last check was correct (practice items), or when it
has an answer (graded items, whose correctness is only known after submission, and free text).
Exercises nobody has touched yet are found in the notebooks themselves: calls such as
``ex.s1_amp_elements()``, graded test cells ``grade("s1_...")`` and nbgrader ``grade_id`` metadata.

Reading never changes a file: a sidecar that cannot be read is listed in ``df.attrs["problems"]``
(the store moves it aside only when the notebook itself opens it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctie_helpers.grading.store import SUFFIX, iter_answers
from ctie_helpers.paths import NOTEBOOKS_DIR

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "progress", "progress_summary"]

COLUMNS = ["session", "notebook", "exercise_id", "kind", "graded", "attempted", "passed", "attempts",
           "status", "updated"]
_FACTORY = re.compile(r"\bex\.(s\d+_\w+)\s*\(")
_GRADE = re.compile(r"\bgrade\(\s*[\"'](s\d+_\w+)[\"']")
_ID = re.compile(r"^s\d+_\w+$")


def _skip(path: Path) -> bool:
    return any(part.startswith(".") for part in path.parts)  # .ipynb_checkpoints, hidden folders


def _place(path: Path, root: Path, notebook: str) -> tuple[str, str]:
    rel = path.relative_to(root)
    return (rel.parts[0] if len(rel.parts) > 1 else "", notebook)


def _exercises_in_notebook(path: Path) -> dict[str, bool]:
    """Exercise ids a notebook uses, in order, each with whether it is graded."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb.get("cells", [])
    except (OSError, ValueError, AttributeError):
        return {}
    found: dict[str, bool] = {}
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else str(src)
        for ex_id in _FACTORY.findall(src):
            found.setdefault(ex_id, False)
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        graded_ids = set(_GRADE.findall(src))
        if meta.get("grade") and _ID.match(str(meta.get("grade_id", ""))):
            graded_ids.add(str(meta["grade_id"]))
        for ex_id in graded_ids:
            found[ex_id] = True
    return found


def _passed(rec: dict[str, Any], graded: bool, attempted: bool, exercise_id: str = "") -> bool:
    # deferred: saves 22 ms at import of ctie_helpers.grading.progress
    from ctie_helpers.content.knowledge_checks import parse_check_id

    if graded or rec.get("kind") == "text":
        return attempted
    if parse_check_id(exercise_id) is not None:  # a knowledge check is done once submitted: nothing to pass
        return bool(rec.get("attempts"))
    return rec.get("status") == "correct"


def progress(root: str | Path | None = None) -> pd.DataFrame:
    """One row per exercise found under ``root``.

    Parameters
    ----------
    root
        The notebooks folder (default: the workbook's ``notebooks/``). Sessions are its sub-folders.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``attrs["problems"]`` lists sidecars that could not be read.
    """
    # deferred: saves 1382 ms at import of ctie_helpers.grading.progress
    import pandas as pd  # here, not at the top: the package imports this module on every notebook start

    if root is None:
        root = NOTEBOOKS_DIR
    root = Path(root)
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    problems: list[str] = []
    for nb_path in sorted(p for p in root.rglob("*.ipynb") if not _skip(p.relative_to(root))):
        session, notebook = _place(nb_path, root, nb_path.stem)
        for ex_id, graded in _exercises_in_notebook(nb_path).items():
            rows[(session, notebook, ex_id)] = dict(
                session=session, notebook=notebook, exercise_id=ex_id, kind=None, graded=graded,
                attempted=False, passed=False, attempts=0, status=None, updated=None)
    sidecars = sorted(p for p in root.rglob(f"*{SUFFIX}") if not _skip(p.relative_to(root)))
    for side, stem, answers in iter_answers(sidecars, problems, label=lambda p: str(p.relative_to(root))):
        session, notebook = _place(side, root, stem)
        for ex_id, rec in answers.items():
            row = rows.setdefault((session, notebook, ex_id), dict(session=session, notebook=notebook,
                                                                   exercise_id=ex_id, graded=False))
            graded = bool(rec.get("graded")) or bool(row.get("graded"))
            attempted = rec.get("value") is not None or int(rec.get("attempts", 0)) > 0
            row.update(kind=rec.get("kind"), graded=graded, attempted=attempted,
                       passed=_passed(rec, graded, rec.get("value") is not None, ex_id),
                       attempts=int(rec.get("attempts", 0)), status=rec.get("status"), updated=rec.get("updated"))
    df = pd.DataFrame(list(rows.values()), columns=COLUMNS)
    df = df.sort_values(["session", "notebook", "exercise_id"], kind="stable").reset_index(drop=True)
    df = df.astype({"graded": bool, "attempted": bool, "passed": bool, "attempts": int})
    df.attrs["problems"] = problems
    return df


def progress_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Counts per session: ``exercises``, ``attempted``, ``passed`` (from :func:`progress`)."""
    # deferred: saves 830 ms at import of ctie_helpers.grading.progress
    import pandas as pd
    if df.empty:
        return pd.DataFrame(columns=["session", "exercises", "attempted", "passed"])
    out = df.groupby("session", sort=True).agg(exercises=("exercise_id", "size"), attempted=("attempted", "sum"),
                                               passed=("passed", "sum"))
    return out.reset_index().astype({"exercises": int, "attempted": int, "passed": int})
