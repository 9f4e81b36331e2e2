"""Repair one trainee's hand-in before autograde, and say exactly what was repaired.

nbgrader drops or mis-grades a submission whose structure changed: a deleted or duplicated graded
cell, an edited test cell, a renamed notebook, a file that is not JSON. Trainees do all of these by
accident. Each repair here restores the structure from the *release* (the cells the trainee was
given, with nbgrader's checksums), keeps the trainee's own work, and returns one line per repair so
the facilitator's summary names it. Nothing is dropped silently: a notebook that cannot be read is
replaced by its release version (its widget answers live in the sidecar, so they are still graded),
and a corrupt sidecar is moved aside, not deleted.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.utils import compute_checksum

from ctie_helpers.facilitator.course import SourceNotebook
from ctie_helpers.grading.store import SUFFIX as SIDECAR_SUFFIX
from ctie_helpers.grading.store import SidecarError, read_sidecar
from ctie_helpers.grading.submit import BrokenNotebookError, check_notebook

__all__ = ["CORRUPT_SUFFIX", "RepairReport", "repair_submission"]

CORRUPT_SUFFIX = ".answers-corrupt.json"  # no longer matches *.answers.json, so grade() never reads it


@dataclass
class RepairReport:
    """What :func:`repair_submission` changed (``repairs``) and noticed without changing (``notes``)."""

    repairs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lost_items: list[str] = field(default_factory=list)  # exercise ids whose answers were unreadable


def _meta(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _gid(cell: NotebookNode) -> str | None:
    return _meta(cell).get("grade_id")


def _read(path: Path) -> tuple[NotebookNode | None, str | None]:
    try:
        check_notebook(path)
        return nbformat.read(str(path), as_version=4), None
    except BrokenNotebookError as exc:
        return None, str(exc)


def _match_renamed(readable: dict[str, NotebookNode], wanted: dict[str, SourceNotebook],
                   taken: set[str]) -> dict[str, str]:
    """Map each readable, unknown notebook name to the free source stem sharing most grade ids."""
    moves: dict[str, str] = {}
    for name, nb in sorted(readable.items()):
        if Path(name).stem in wanted:
            continue
        ids = {g for g in map(_gid, nb.cells) if g}
        best = max(((len(ids & set(src.grade_ids)), stem) for stem, src in wanted.items() if stem not in taken),
                   default=(0, ""))
        if best[0] > 0:
            moves[name] = best[1]
            taken.add(best[1])
    return moves


def _repair_cells(nb: NotebookNode, release: NotebookNode, name: str, report: RepairReport,
                  source: dict[str, str] | None = None) -> bool:
    """Restore deleted, duplicated and changed nbgrader cells of ``nb`` from ``release``; True if changed.

    ``source`` maps grade ids to the source notebook's cell text: a trainee who worked in the source
    notebooks (a laptop install of the whole workbook) hands in test cells with their hidden tests,
    which is not tampering; nbgrader replaces them with the same text anyway.
    """
    changed = False
    expected = [c for c in release.cells if _gid(c)]
    # duplicates: keep the first cell carrying a grade id, drop later copies
    seen: set[str] = set()
    kept = []
    for cell in nb.cells:
        gid = _gid(cell)
        if gid and gid in seen and gid in {_gid(c) for c in expected}:
            report.repairs.append(f"{name}: duplicated cell {gid} removed")
            changed = True
            continue
        if gid:
            seen.add(gid)
        kept.append(cell)
    nb.cells = kept
    for rel in expected:
        gid = _gid(rel) or ""  # never empty: `expected` holds only cells with a grade id
        meta = _meta(rel)
        idx = next((i for i, c in enumerate(nb.cells) if _gid(c) == gid), None)
        if idx is None:
            nb.cells.insert(_restore_position(nb, release, rel), _clean_copy(rel))
            what = "graded cell" if meta.get("grade") else "locked cell"
            report.repairs.append(f"{name}: deleted {what} {gid} restored from the release")
            changed = True
            continue
        if meta.get("solution") or not (meta.get("grade") or meta.get("locked")):
            continue  # the trainee's own answer cells are theirs to change
        cell = nb.cells[idx]
        want = meta.get("checksum") or compute_checksum(rel)
        as_source = source is not None and cell.source == source.get(gid)
        if cell.cell_type != rel.cell_type or (compute_checksum(cell) != want and not as_source):
            nb.cells[idx] = _clean_copy(rel)
            what = "test cell" if meta.get("grade") else "locked cell"
            report.repairs.append(f"{name}: changed {what} {gid} restored (checksum differed)")
            changed = True
    return changed


def _restore_position(nb: NotebookNode, release: NotebookNode, missing: NotebookNode) -> int:
    """Where a deleted cell goes back: after the trainee's copy of the cell that preceded it in the
    release (prompts and widgets are rarely edited), else before the next nbgrader cell, else last."""
    rel_idx = next(i for i, c in enumerate(release.cells) if c is missing)
    if rel_idx > 0:
        before = release.cells[rel_idx - 1]
        for i in range(len(nb.cells) - 1, -1, -1):
            if nb.cells[i].cell_type == before.cell_type and nb.cells[i].source == before.source:
                return i + 1
    later = {_gid(c) for c in release.cells[rel_idx + 1:] if _gid(c)}
    return next((i for i, c in enumerate(nb.cells) if _gid(c) in later), len(nb.cells))


def _clean_copy(cell: NotebookNode) -> NotebookNode:
    new = nbformat.from_dict(json.loads(json.dumps(cell)))
    if new.cell_type == "code":
        new.outputs = []
        new.execution_count = None
    return new


def _repair_sidecars(folder: Path, sources: list[SourceNotebook], report: RepairReport) -> None:
    for src in sources:
        path = folder / f"{src.stem}{SIDECAR_SUFFIX}"
        if not path.exists():
            if src.items:
                report.notes.append(f"{src.stem}: no answers file, so its {len(src.items)} graded items "
                                    "score 0 unless answered in code")
            continue
        try:
            read_sidecar(path)
        except SidecarError as exc:
            target = path.with_name(f"{src.stem}{CORRUPT_SUFFIX}")
            path.replace(target)
            ids = [i.exercise_id for i in src.items]
            report.lost_items.extend(ids)
            report.repairs.append(f"{path.name}: corrupt answers file ({exc}); moved aside to {target.name}, "
                                  f"its items score 0: {', '.join(ids) or 'none'}")


def repair_submission(folder: Path, sources: list[SourceNotebook], release: Path) -> RepairReport:
    """Repair the submission in ``folder`` in place (give it a copy: the hand-in stays untouched).

    Parameters
    ----------
    folder
        ``<trainee>/<session>/`` with the trainee's notebooks and sidecars.
    sources
        The session's source notebooks (names, grade ids, graded items).
    release
        The session's release folder: the structure every repair restores.

    Returns
    -------
    RepairReport
        One line per repair, plus notes (e.g. an unanswered notebook) that changed nothing.
    """
    report = RepairReport()
    wanted = {s.stem: s for s in sources}
    readable: dict[str, NotebookNode] = {}
    broken: dict[str, str] = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb, problem = _read(path)
        if nb is None:
            broken[path.name] = problem or "unreadable"
        else:
            readable[path.name] = nb
    taken = {Path(n).stem for n in readable if Path(n).stem in wanted}
    for old, stem in _match_renamed(readable, wanted, taken).items():
        target = folder / f"{stem}.ipynb"
        if target.name in broken:
            target.replace(folder / f"{stem}.ipynb.broken")
            report.repairs.append(f"{target.name}: {broken.pop(target.name)}; the readable copy {old} used instead")
        (folder / old).replace(target)
        readable[target.name] = readable.pop(old)
        report.repairs.append(f"{old}: renamed notebook matched to {target.name} by its cell ids")
    for name in sorted(set(readable) - {f"{s}.ipynb" for s in wanted}):
        report.notes.append(f"{name}: extra notebook that matches no session notebook; not graded")
    for stem in wanted:
        name = f"{stem}.ipynb"
        if name in readable:
            continue
        if name in broken:
            (folder / name).replace(folder / f"{name}.broken")
            report.repairs.append(f"{name}: {broken.pop(name)}; replaced by the release version "
                                  f"(kept as {name}.broken); its saved answers are still graded")
        else:
            report.repairs.append(f"{name}: missing; the release version was used, its saved answers are still graded")
        shutil.copyfile(release / name, folder / name)
        readable[name] = nbformat.read(str(folder / name), as_version=4)
    for name in sorted(broken):
        report.notes.append(f"{name}: {broken[name]}; matches no session notebook, not graded")
    for stem in wanted:
        name = f"{stem}.ipynb"
        rel = nbformat.read(str(release / name), as_version=4)
        src = {g: c.source for c in nbformat.read(str(wanted[stem].path), as_version=4).cells if (g := _gid(c))}
        if _repair_cells(readable[name], rel, name, report, src):
            nbformat.write(readable[name], str(folder / name))
    _repair_sidecars(folder, sources, report)
    return report
