"""Simulated trainees built from a session's source notebooks, each with the grade it must end with.

Used by the round-trip test (fixture course and every real session with graded items) and handy
for a facilitator rehearsing ``ctie grade`` before a course. Answers come from the hidden tests'
literal keys (parsed, never run) and are deterministic: the same session always gives the same
hand-ins. ``SimTrainee.expected_total`` comes from the same ``check()`` that ``grade()`` uses, so it
is a rehearsal aid, not evidence that grading is right: the round-trip test compares each trainee's
scores with points worked out by hand (tests/test_facilitator_batch_roundtrip.py), which is why
:func:`partial_answer` must stay deterministic.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell

from ctie_helpers.facilitator.course import Course, GradedItem, SourceNotebook
from ctie_helpers.grading.checks import check
from ctie_helpers.grading.store import SUFFIX as SIDECAR_SUFFIX
from ctie_helpers.grading.store import AnswerStore
from ctie_helpers.grading.submit import pack_submission

__all__ = ["SCENARIOS", "SimTrainee", "expected_points", "make_cohort", "partial_answer", "perfect_answer"]

LOOP = "while True:\n    pass"
# The inner loop keeps the interrupt inside the try block, whose bare except swallows it; a body of
# just `pass` lets most interrupts land on the outer `while` line and escape.
STUBBORN_LOOP = ("while True:\n    try:\n        while True:\n            pass\n"
                 "    except:  # swallows KeyboardInterrupt\n        pass")


@dataclass
class SimTrainee:
    """A simulated hand-in and what ``ctie grade`` must make of it."""

    name: str
    expected_total: float | None  # autograded points (free text excluded); None = must fail
    status: str  # "graded", "repaired" or "failed"
    line: str = ""  # a phrase that must appear in its summary lines
    lost: list[str] = field(default_factory=list)  # item ids that must score 0


def perfect_answer(item: GradedItem) -> Any:
    """The answer that earns full marks: the key in its canonical answer form."""
    if item.kind == "choice" and isinstance(item.key, list):
        return item.key[0]  # a list key means "any of these options"
    if item.kind == "text":
        return "Collecting less data protects people and keeps the purpose clear."
    return item.key


def partial_answer(item: GradedItem) -> Any:
    """A well-formed answer that is partly (or wholly) wrong, the same every time (the round-trip test's
    hand-worked points depend on it): a choice gets a text that is no option, a number key + 1000 +
    10 * |key|, a multi-select drops the key's last option, an order swaps its first two steps, bins and
    match put the first statement with another statement's answer."""
    key = perfect_answer(item)
    if isinstance(key, dict) and key:
        first = next(iter(key))
        others = [v for v in key.values() if v != key[first]]
        wrong = others[0] if others else (f"{key[first]} (wrong)" if isinstance(key[first], str) else None)
        if isinstance(key[first], dict):  # table: one wrong cell
            inner = dict(key[first])
            col = next(iter(inner))
            inner[col] = (inner[col] + 1000) if isinstance(inner[col], int | float) else f"{inner[col]} (wrong)"
            wrong = inner
        return {**key, first: wrong}
    if isinstance(key, list) and len(key) > 1:
        return key[:-1] if item.kind == "multi" else [key[1], key[0], *key[2:]]
    if isinstance(key, int | float) and not isinstance(key, bool):
        return key + 1000 + abs(key) * 10
    return "an answer that is not the key"


def expected_points(item: GradedItem, answer: Any) -> float:
    """What ``grade()`` returns for ``answer``: ``round(score * points, 2)``, 0 for free text."""
    if answer is None or item.kind == "text":
        return 0.0
    result = check(item.kind, answer, item.key, **item.options)
    return 0.0 if result.score is None else round(result.score * item.points, 2)


def _write_sidecars(folder: Path, sources: list[SourceNotebook], answers: dict[str, Any]) -> None:
    for src in sources:
        store = AnswerStore(folder / f"{src.stem}{SIDECAR_SUFFIX}", notebook=src.stem)
        for item in src.items:
            if answers.get(item.exercise_id) is not None:
                store.set(item.exercise_id, answers[item.exercise_id], item.kind, graded=True, status="saved")


def _edit(folder: Path, stem: str, change: Callable[[nbformat.NotebookNode], None]) -> None:
    path = folder / f"{stem}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    change(nb)
    nbformat.write(nb, str(path))


def _gid(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


@dataclass
class _Cohort:
    """What every scenario needs: the session's notebooks, answers and where hand-ins go."""

    course: Course
    session: str
    dest: Path
    sources: list[SourceNotebook]
    perfect: dict[str, Any]
    partial: dict[str, Any]
    full: float
    part_total: float

    @property
    def auto(self) -> list[GradedItem]:
        return [i for s in self.sources for i in s.items if i.kind != "text"]

    @property
    def owner(self) -> SourceNotebook:
        """The first notebook with an autograded item: the one tampering scenarios act on."""
        return next(s for s in self.sources if any(i.kind != "text" for i in s.items))

    def hand_in(self, name: str, answers: dict[str, Any] | None) -> Path:
        folder = self.dest / name / self.session
        folder.mkdir(parents=True)
        release = self.course.release_dir(self.session)
        for src in self.sources:
            shutil.copyfile(release / f"{src.stem}.ipynb", folder / f"{src.stem}.ipynb")
        if answers is not None:
            _write_sidecars(folder, self.sources, answers)
        return folder

    def total(self, answers: dict[str, Any], lost: Collection[str] = ()) -> float:
        return round(sum(expected_points(i, answers.get(i.exercise_id)) for i in self.auto
                         if i.exercise_id not in lost), 2)


def _perfect(c: _Cohort) -> SimTrainee:
    c.hand_in("perfect", c.perfect)
    return SimTrainee("perfect", c.full, "graded")


def _blank(c: _Cohort) -> SimTrainee:
    c.hand_in("blank", None)
    return SimTrainee("blank", 0.0, "graded", "no answers file")


def _partly_wrong(c: _Cohort) -> SimTrainee:
    c.hand_in("partly_wrong", c.partial)
    return SimTrainee("partly_wrong", c.part_total, "graded")


def _raises(c: _Cohort) -> SimTrainee:
    _edit(c.hand_in("raises", c.perfect), c.sources[0].stem,
          lambda nb: nb.cells.insert(2, new_code_cell('raise RuntimeError("my code broke")')))
    return SimTrainee("raises", c.full, "graded")


def _before_last_test(c: _Cohort, name: str, code: str) -> list[str]:
    """Hand in perfect answers with ``code`` just before the last autograded test cell of the last
    notebook that has one; return the ids of that notebook's autograded items from there on."""
    last = [s for s in c.sources if any(i.kind != "text" for i in s.items)][-1]
    target = [i for i in last.items if i.kind != "text"][-1].exercise_id

    def change(nb: nbformat.NotebookNode) -> None:
        idx = next(k for k, cell in enumerate(nb.cells) if _gid(cell) == target)
        nb.cells.insert(idx, new_code_cell(code))
    _edit(c.hand_in(name, c.perfect), last.stem, change)
    after = last.grade_ids[last.grade_ids.index(target):]
    return [i.exercise_id for i in last.items if i.exercise_id in after and i.kind != "text"]


def _infinite_loop(c: _Cohort) -> SimTrainee:
    _before_last_test(c, "infinite_loop", LOOP)  # interrupted after the timeout: only that cell is lost
    return SimTrainee("infinite_loop", c.full, "graded")


def _stubborn_loop(c: _Cohort) -> SimTrainee:
    lost = _before_last_test(c, "stubborn_loop", STUBBORN_LOOP)  # every later cell is lost (P3)
    return SimTrainee("stubborn_loop", c.total(c.perfect, lost), "graded", lost=lost)


def _tampered(c: _Cohort) -> SimTrainee:
    def tamper(nb: nbformat.NotebookNode) -> None:
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade"):
                cell.source = "pass"  # unrepaired, an output-less test cell earns full points
    folder = c.hand_in("tampered", c.partial)
    for src in c.sources:
        _edit(folder, src.stem, tamper)
    return SimTrainee("tampered", c.part_total, "repaired", "restored (checksum differed)")


def _target(c: _Cohort) -> str:
    return next(i for i in c.owner.items if i.kind != "text").exercise_id


def _deleted_cell(c: _Cohort) -> SimTrainee:
    target = _target(c)
    _edit(c.hand_in("deleted_cell", c.perfect), c.owner.stem,
          lambda nb: nb.cells.remove(next(cell for cell in nb.cells if _gid(cell) == target)))
    return SimTrainee("deleted_cell", c.full, "repaired", f"deleted graded cell {target} restored")


def _duplicated_cell(c: _Cohort) -> SimTrainee:
    target = _target(c)

    def duplicate(nb: nbformat.NotebookNode) -> None:
        idx = next(k for k, cell in enumerate(nb.cells) if _gid(cell) == target)
        copy = nbformat.from_dict(json.loads(json.dumps(nb.cells[idx])))
        copy.id = f"{copy.get('id', 'cell')}-copy"  # Jupyter gives a pasted cell a new id too
        nb.cells.insert(idx + 1, copy)
    _edit(c.hand_in("duplicated_cell", c.perfect), c.owner.stem, duplicate)
    return SimTrainee("duplicated_cell", c.full, "repaired", f"duplicated cell {target} removed")


def _corrupt_sidecar(c: _Cohort) -> SimTrainee:
    folder = c.hand_in("corrupt_sidecar", c.perfect)
    (folder / f"{c.owner.stem}{SIDECAR_SUFFIX}").write_text('{"schema": 1, "answers": {"s', encoding="utf-8")
    lost = [i.exercise_id for i in c.owner.items if i.kind != "text"]
    return SimTrainee("corrupt_sidecar", c.total(c.perfect, lost), "repaired", "corrupt answers file", lost)


def _renamed(c: _Cohort) -> SimTrainee:
    folder = c.hand_in("renamed", c.perfect)
    (folder / f"{c.owner.stem}.ipynb").rename(folder / f"{c.owner.stem}-Copy1.ipynb")
    return SimTrainee("renamed", c.full, "repaired", "renamed notebook matched")


def _not_json(c: _Cohort) -> SimTrainee:
    path = c.hand_in("not_json", c.perfect) / f"{c.owner.stem}.ipynb"
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")  # cut off mid-file
    return SimTrainee("not_json", c.full, "repaired", "not valid JSON")


def _zipped(c: _Cohort) -> SimTrainee:
    folder = c.hand_in("zipped", c.perfect)
    pack_submission(folder, c.session, trainee="zipped", out=c.dest / "zipped.zip")
    shutil.rmtree(c.dest / "zipped")
    return SimTrainee("zipped", c.full, "graded")


def _bad_zip(c: _Cohort) -> SimTrainee:
    (c.dest / "bad_zip.zip").write_bytes(b"this is not a zip file")
    return SimTrainee("bad_zip", None, "failed", "not a readable zip")


SCENARIOS: dict[str, Callable[[_Cohort], SimTrainee]] = {
    "perfect": _perfect, "blank": _blank, "partly_wrong": _partly_wrong, "raises": _raises,
    "infinite_loop": _infinite_loop, "stubborn_loop": _stubborn_loop, "tampered": _tampered,
    "deleted_cell": _deleted_cell, "duplicated_cell": _duplicated_cell, "corrupt_sidecar": _corrupt_sidecar,
    "renamed": _renamed, "not_json": _not_json, "zipped": _zipped, "bad_zip": _bad_zip,
}


def make_cohort(course: Course, session: str, dest: Path, scenarios: list[str] | None = None) -> list[SimTrainee]:
    """Write simulated hand-ins for ``session`` into ``dest`` (nbgrader layout, plus zips).

    Parameters
    ----------
    course, session
        A released session (``build/release/<session>/`` exists) with autograded items.
    dest
        An empty folder: the ``--submissions`` folder for ``ctie grade``.
    scenarios
        Names from :data:`SCENARIOS` (default: all), one trainee each, named after the scenario.

    Returns
    -------
    list[SimTrainee]
        Each trainee with the total, status and summary phrase ``ctie grade`` must produce.
    """
    sources = course.source_notebooks(session)
    items = [i for s in sources for i in s.items]
    if not any(i.kind != "text" for i in items):
        raise ValueError(f"{session} has no autograded items to simulate")
    perfect = {i.exercise_id: perfect_answer(i) for i in items}
    partial = {i.exercise_id: (perfect[i.exercise_id] if k % 2 == 0 else partial_answer(i))
               for k, i in enumerate(items)}
    c = _Cohort(course, session, dest, sources, perfect, partial, 0.0, 0.0)
    c.full, c.part_total = c.total(perfect), c.total(partial)
    for item in c.auto:  # the simulation itself must be right before it can test anything
        got = expected_points(item, perfect[item.exercise_id])
        if got != round(item.points, 2):
            raise ValueError(f"{item.exercise_id}: the perfect answer scores {got}, not {item.points}")
    dest.mkdir(parents=True, exist_ok=True)
    return [SCENARIOS[name](c) for name in (scenarios or list(SCENARIOS))]
