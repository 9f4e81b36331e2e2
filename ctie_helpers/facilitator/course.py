"""The course as the facilitator's tools see it: folders, sessions and the graded items in the source.

A *course root* is any folder holding ``nbgrader_config.py`` and ``notebooks/<session>/*.ipynb``: the
workbook itself, or a copy (the tests use a small fixture course). Everything generated goes under
``<root>/build/``. Graded items are read from the source notebooks' hidden tests, whose
``grade("<id>", "<kind>", key=<literal>, points=<n>)`` call is parsed with :mod:`ast` (never run), so
the tools know every item's id, kind, key and points without importing exercise code.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from ctie_helpers.content.explanations import GRADED_EXPLANATIONS_FILE, Explanation, read_explanations_file
from ctie_helpers.paths import REPO_ROOT

__all__ = [
    "Course",
    "GradedItem",
    "SourceNotebook",
    "COURSE_ID",
    "graded_explanations",
    "graded_items",
    "item_prompts",
    "load_nbgrader_config",
    "nbgrader_env",
    "read_source_notebook",
]

# nbgrader's course id: the course row every gradebook (SQLite or shared) files scores under.
# nbgrader_config.py reads it from here, so the config and the code that opens a gradebook agree.
COURSE_ID = "ctie"


@dataclass(frozen=True)
class GradedItem:
    """One graded test cell: its exercise id (= nbgrader ``grade_id``), check kind, key and points."""

    exercise_id: str
    kind: str
    key: Any
    points: float
    notebook: str  # the source notebook's stem
    options: dict[str, Any] = field(default_factory=dict, hash=False)  # extra check() options, e.g. abs_tol


@dataclass
class SourceNotebook:
    """A source notebook with the nbgrader ids it carries, for matching and repairing hand-ins."""

    path: Path
    stem: str
    items: list[GradedItem] = field(default_factory=list)
    grade_ids: list[str] = field(default_factory=list)  # every nbgrader cell id, in notebook order


def nbgrader_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for nbgrader subprocesses: this interpreter's bin folder first on PATH.

    nbgrader shells out to ``alembic`` and finds Jupyter tools on PATH (STACK_NOTES P1): without the
    venv's bin first, generate_assignment fails and autograde then reports a missing assignment.
    """
    env = dict(os.environ if base is None else base)
    bindir = str(Path(sys.executable).parent)
    parts = env.get("PATH", "").split(os.pathsep)
    if not parts or parts[0] != bindir:
        env["PATH"] = os.pathsep.join([bindir, *[p for p in parts if p]])
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def load_nbgrader_config(root: Path) -> Config:
    """The course's ``nbgrader_config.py``, executed as nbgrader executes it (traitlets' file loader).

    Parameters
    ----------
    root
        The course root, the folder holding ``nbgrader_config.py``.

    Returns
    -------
    traitlets.config.Config
        The configuration; sections nbgrader reads are attributes, e.g. ``config.Execute.timeout``.
    """
    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


_PARAMS = ("exercise_id", "kind", "key", "points")


def _parse_grade_call(source: str, notebook: str) -> GradedItem | None:
    """The ``grade(...)`` call in a test cell's source, or ``None`` when the cell has none.

    Arguments are bound like ``grade(exercise_id, kind, key, points, **options)``; every one must be
    a literal (DEVELOPERS.md), which :func:`ast.literal_eval` enforces.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name != "grade":
            continue
        bound = {param: ast.literal_eval(arg) for param, arg in zip(_PARAMS, node.args, strict=False)}
        options: dict[str, Any] = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise ValueError("grade() in a test cell must not use **kwargs: keys are read as literals")
            target = bound if kw.arg in _PARAMS else options
            target[kw.arg] = ast.literal_eval(kw.value)
        options.pop("store", None)
        missing = [p for p in _PARAMS if p not in bound]
        if missing:
            raise ValueError(f"grade() call lacks {', '.join(missing)}")
        return GradedItem(str(bound["exercise_id"]), str(bound["kind"]), bound["key"], float(bound["points"]),
                          notebook, options)
    return None


def read_source_notebook(path: Path) -> SourceNotebook:
    """Read a source notebook and the graded items of its test cells.

    Raises
    ------
    ValueError
        If a graded test cell's ``grade_id`` differs from the exercise id its ``grade()`` call names
        (DEVELOPERS.md: they are one id), or a code grade cell has no parsable ``grade()`` call.
    """
    nb = nbformat.read(str(path), as_version=4)
    out = SourceNotebook(path=path, stem=path.stem)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if not gid:
            continue
        out.grade_ids.append(gid)
        if not meta.get("grade") or meta.get("solution") or cell.cell_type != "code":
            continue
        item = _parse_grade_call(cell.source, path.stem)
        if item is None:
            raise ValueError(f"{path.name}: graded cell {gid!r} has no grade(\"<id>\", \"<kind>\", key=..., points=...) call")
        if item.exercise_id != gid:
            raise ValueError(f"{path.name}: cell grade_id {gid!r} but grade() names {item.exercise_id!r}")
        out.items.append(item)
    return out


@dataclass(frozen=True)
class Course:
    """Folders of one course root (the workbook or a copy of it)."""

    root: Path

    @classmethod
    def at(cls, root: str | os.PathLike[str] | None = None) -> Course:
        """The course at ``root``, or found as described in :meth:`find` when ``root`` is ``None``.

        Raises
        ------
        FileNotFoundError
            If the folder has no ``nbgrader_config.py``.
        """
        course = cls(Path(root).resolve()) if root is not None else cls.find()
        if not (course.root / "nbgrader_config.py").is_file():
            raise FileNotFoundError(f"{course.root} has no nbgrader_config.py: not a course root")
        return course

    @classmethod
    def find(cls, cwd: Path | None = None) -> Course:
        """``$CTIE_ROOT`` if set; else the current folder or its nearest parent holding both
        ``nbgrader_config.py`` and ``notebooks/``; else the workbook this package belongs to."""
        if os.environ.get("CTIE_ROOT"):
            return cls(Path(os.environ["CTIE_ROOT"]).resolve())
        here = (cwd or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "nbgrader_config.py").is_file() and (folder / "notebooks").is_dir():
                return cls(folder)

        return cls(Path(REPO_ROOT).resolve())

    @property
    def source(self) -> Path:
        return self.root / "notebooks"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def release_dir(self, session: str) -> Path:
        return self.build / "release" / session

    @property
    def submitted(self) -> Path:
        return self.build / "submitted"

    @property
    def autograded(self) -> Path:
        return self.build / "autograded"

    @property
    def feedback(self) -> Path:
        return self.build / "feedback"

    @property
    def grades(self) -> Path:
        return self.build / "grades"

    @property
    def gradebook(self) -> Path:
        return self.build / "gradebook.db"

    def sessions(self) -> list[str]:
        """Every session folder in the source: ``notebooks/session*/`` holding notebooks.

        Other folders of ``notebooks/`` (e.g. facilitator tools) are not assignments and are never released.
        """
        if not self.source.is_dir():
            return []
        return sorted(
            p.name for p in self.source.iterdir()
            if p.is_dir() and p.name.startswith("session") and any(p.glob("*.ipynb"))
        )

    def source_notebooks(self, session: str) -> list[SourceNotebook]:
        """The session's source notebooks in teaching (file name) order, with their graded items."""
        folder = self.source / session
        if not folder.is_dir():
            raise FileNotFoundError(f"no session folder {folder}")
        return [read_source_notebook(p) for p in sorted(folder.glob("*.ipynb"))]

    def graded_sessions(self) -> list[str]:
        """Sessions with at least one graded item."""
        return [s for s in self.sessions() if graded_items(self, s)]


def graded_items(course: Course, session: str) -> list[GradedItem]:
    """All graded items of a session, in notebook and cell order."""
    return [item for nb in course.source_notebooks(session) for item in nb.items]


def graded_explanations(course: Course, session: str) -> Mapping[str, Mapping[str, Explanation]]:
    """The session's graded items' explanations, from the facilitator-side file beside its source
    notebooks (never in the package or the release; empty when the file is absent)."""
    m = re.match(r"session(\d+)", session)
    if not m:
        return {}
    return read_explanations_file(course.source / session / GRADED_EXPLANATIONS_FILE, int(m.group(1)))


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def item_prompts(path: Path) -> dict[str, str]:
    """The question each exercise asks, read from a source notebook (parsed, never run).

    A widget call ``Widget("<id>", "<prompt>", ...)`` (or ``prompt="..."``) gives the prompt; failing
    that, the graded test cell's docstring (e.g. ``s1_x: what it is (2 points)``). Items built by
    an exercise factory (``ex.s1_x()``) keep their prompt in Python code and get the docstring.
    """
    nb = nbformat.read(str(path), as_version=4)
    widgets: dict[str, str] = {}
    docs: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        doc = ast.get_docstring(tree) if gid else None
        if doc:
            docs[gid] = doc.strip()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _call_name(node) in ("grade", "answer", "open_sidecar"):
                continue
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args[:2]]
            prompt = next((k.value.value for k in node.keywords
                           if k.arg == "prompt" and isinstance(k.value, ast.Constant)), None)
            if len(args) > 1 and prompt is None:
                prompt = args[1]
            if args and isinstance(args[0], str) and isinstance(prompt, str):
                widgets.setdefault(args[0], prompt)
    return {**docs, **widgets}
