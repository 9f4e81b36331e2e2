"""Course-wide rules the house plan sets for every notebook (ARCHITECTURE 4, 7).

A session folder that has no notebooks yet is skipped with that reason; once a session has notebooks,
every rule applies to all of them.
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from tests.notebook_tools import (
    NAME_RE,
    NOTEBOOKS,
    SESSIONS,
    all_notebooks,
    app_notebooks,
    graded_cells,
    session_notebooks,
)


def _need(session: str):
    nbs = session_notebooks(session)
    if not nbs:
        pytest.skip(f"{session} has no notebooks yet")
    return nbs


def test_the_five_session_folders_exist():
    missing = [s for s in SESSIONS if not (NOTEBOOKS / s).is_dir()]
    assert not missing, f"missing session folders: {missing}"
    assert (NOTEBOOKS / "START_HERE.ipynb").is_file()


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text())  # also proves the file is valid JSON
    dirty = [i for i, c in enumerate(nb["cells"]) if c.get("outputs") or c.get("execution_count")]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts (strip them)"
    nbformat.validate(nbformat.reads(path.read_text(), as_version=4))


def test_no_python_twins_in_notebooks():
    """nbgrader releases every file in a session folder: a .py twin would ship the solutions."""
    twins = [p for p in NOTEBOOKS.rglob("*.py")]
    assert not twins, twins


@pytest.mark.parametrize("session", SESSIONS)
def test_notebook_names_and_setup_cell(session):
    for path in _need(session):
        assert NAME_RE.match(path.name), f"{path.name}: expected NN_<topic>.ipynb"
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code, f"{path.name} has no code cell"
        setup = code[0]
        assert f'open_sidecar("{path.stem}")' in setup.source, f"{path.name}: first code cell must open its sidecar"
        meta = setup.metadata.get("nbgrader", {})
        assert meta.get("locked") and meta.get("grade_id") == f"setup_{path.stem}", path.name
        assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name


@pytest.mark.parametrize("session", SESSIONS)
def test_one_id_names_every_piece(session):
    """grade_id == the id in the hidden grade() call == an exercise factory of that session."""
    import importlib

    nbs = _need(session)
    n = int(re.match(r"session(\d)", session).group(1))
    module = importlib.import_module(f"ctie_helpers.exercises.session{n}")
    seen: dict[str, str] = {}
    for path in nbs:
        for cell in graded_cells(path):
            assert re.fullmatch(rf"s{n}_[a-z0-9_]+", cell.grade_id), f"{path.name}: bad id {cell.grade_id}"
            assert cell.call_id == cell.grade_id, f"{path.name}: grade_id {cell.grade_id} calls grade({cell.call_id!r})"
            assert cell.points > 0, f"{cell.grade_id}: no points"
            assert cell.key is not None, f"{cell.grade_id}: hidden test has no literal key"
            assert callable(getattr(module, cell.grade_id, None)), f"no factory {module.__name__}.{cell.grade_id}"
            assert cell.grade_id not in seen, f"{cell.grade_id} graded twice ({seen[cell.grade_id]}, {path.name})"
            seen[cell.grade_id] = path.name
    assert seen, f"{session} has notebooks but no graded items"


@pytest.mark.parametrize("path", app_notebooks(), ids=lambda p: p.name)
def test_app_notebooks_are_thin(path):
    """A Voilà app notebook only calls its builder: all logic stays in ctie_helpers.apps."""
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert len(code) <= 2 and all(len(src.splitlines()) <= 4 for src in code), path.name
    assert any("ctie_helpers.apps" in src and "build_" in src for src in code), path.name
    assert not any(c.metadata.get("nbgrader", {}).get("grade") for c in nb.cells), "apps are not graded"


@pytest.mark.parametrize("session", SESSIONS)
def test_every_agenda_point_has_a_section_and_a_graded_item(session):
    """Issues 4 and 5, "Done means": the curriculum map names, for every agenda point, a notebook whose
    section is tagged with the point, and at least one of its exercises is graded in that session."""
    from ctie_helpers import content

    nbs = _need(session)
    n = SESSIONS.index(session) + 1
    graded = {c.grade_id for path in nbs for c in graded_cells(path)}
    tagged: dict[str, set[str]] = {}
    for path in nbs:
        for cell in nbformat.read(path, as_version=4).cells:
            for point in cell.metadata.get("ctie", {}).get("agenda", []):
                tagged.setdefault(point, set()).add(path.stem)
    for point in content.session(n).points:
        assert point.notebook and point.section and point.exercises, f"{point.id} is not mapped"
        assert (NOTEBOOKS / session / f"{point.notebook}.ipynb").is_file(), f"{point.id}: no {point.notebook}"
        assert point.notebook in tagged.get(point.id, set()), \
            f"{point.id}: no heading in {point.notebook} tagged {{'ctie': {{'agenda': ['{point.id}']}}}}"
        assert set(point.exercises) & graded, f"{point.id}: none of {point.exercises} is graded"


def _exercise_room_strays(package_dir, n: int) -> list[str]:
    """What breaks "``exercises/`` holds one factory per exercise id and nothing else" in ``session<n>/``.

    The rule, per module (read with :mod:`ast`, so nothing has to import):

    - a public function or class (name without a leading ``_``) is a factory, named ``s<n>_<slug>``;
    - a public module-level value (a key, an option or item list) is data a factory uses: reachable from a
      factory's body through the module's own top-level names (directly, or through a private helper or
      another value);
    - everything else (tables, labs, readings, analysis glue) belongs in ``ctie_helpers.lessons.session<n>``.
    """
    import ast

    strays = []
    for path in sorted((package_dir / f"session{n}").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defs: dict[str, ast.AST] = {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defs[node.name] = node
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                defs.update({t.id: node for t in targets if isinstance(t, ast.Name) and t.id != "__all__"})
        refs = {k: {x.id for x in ast.walk(v) if isinstance(x, ast.Name)} & set(defs) for k, v in defs.items()}
        factories = [k for k in defs if re.fullmatch(rf"s{n}_[a-z0-9_]+", k)]
        reached, todo = set(), list(factories)
        while todo:
            for name in refs[todo.pop()] - reached:
                reached.add(name)
                todo.append(name)
        for name, node in defs.items():
            if name.startswith("_") or name in factories:
                continue
            where = f"{path.parent.name}/{path.name}: {name}"
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                strays.append(f"{where} is a public callable but not a factory s{n}_<slug>")
            elif name not in reached:
                strays.append(f"{where} is data no factory uses")
    return strays


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_exercises_hold_only_factories_and_their_data(n):
    """Issue 17: ``exercises/`` is what it says; what notebooks show between exercises is in ``lessons/``."""
    import importlib
    from pathlib import Path

    package = importlib.import_module(f"ctie_helpers.exercises.session{n}")
    strays = _exercise_room_strays(Path(package.__file__).parents[1], n)
    assert not strays, f"move to ctie_helpers.lessons.session{n} (or make private):\n" + "\n".join(strays)
    # The package re-exports nothing else: each public name is a factory or a value the rule above allows.
    exported = [k for k, v in vars(package).items()
                if not k.startswith("_") and not isinstance(v, type(package)) and k != "annotations"]
    strays = [k for k in exported if callable(getattr(package, k)) and not k.startswith(f"s{n}_")]
    assert not strays, f"ctie_helpers.exercises.session{n} exports non-factories: {strays}"


def test_exercise_room_rule_catches_a_table_and_unused_data(tmp_path):
    """The rule above fails on a table helper and on a value no factory uses (it can fail)."""
    (tmp_path / "session9").mkdir()
    (tmp_path / "session9" / "topic.py").write_text(
        "KEY = {'a': 1}\nUNUSED = [1]\n_OPTS = ['x']\n\n"
        "def _opts():\n    return _OPTS\n\n"
        "def s9_item():\n    return KEY, _opts()\n\n"
        "def some_table():\n    return KEY\n", encoding="utf-8")
    found = _exercise_room_strays(tmp_path, 9)
    assert found == ["session9/topic.py: UNUSED is data no factory uses",
                     "session9/topic.py: some_table is a public callable but not a factory s9_<slug>"]
