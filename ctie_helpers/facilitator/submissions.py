"""Find every trainee's hand-in for one session: nbgrader folders and ``ctie submit`` zips alike.

``DIR/<trainee>/<session>/`` is nbgrader's submitted layout; ``DIR/<trainee>.zip`` holds
``<session>/...`` (from ``ctie submit``). A hand-in that cannot be used (an unreadable zip, a zip
without notebooks) still becomes a :class:`Submission` with a ``problem``, so the trainee gets a row
and a reason instead of vanishing from the gradebook.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ctie_helpers.grading.submit import trainee_id

__all__ = ["Submission", "find_submissions"]


@dataclass
class Submission:
    """One trainee's hand-in: the folder holding the session's files, or the reason there is none."""

    trainee: str
    folder: Path | None
    origin: str  # what the facilitator will recognise: the folder or zip it came from
    notes: list[str] = field(default_factory=list)
    problem: str | None = None


def _safe_extract(zpath: Path, dest: Path) -> None:
    """Extract ``zpath`` into ``dest``, refusing members that would land outside it (zip-slip)."""
    with zipfile.ZipFile(zpath) as zf:
        for info in zf.infolist():
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if info.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise ValueError(f"unsafe path inside the zip: {info.filename!r}")
        zf.extractall(dest)


def _notebook_folder(root: Path, session: str) -> tuple[Path | None, str | None]:
    """The folder with the session's notebooks inside an unpacked zip, and a note if it was guessed."""
    exact = [p for p in root.rglob(session) if p.is_dir() and any(p.glob("*.ipynb"))]
    if exact:
        return exact[0], None
    folders = sorted({p.parent for p in root.rglob("*.ipynb") if "__MACOSX" not in p.parts
                      and ".ipynb_checkpoints" not in p.parts})
    if not folders:
        return None, None
    where = folders[0].relative_to(root)
    return folders[0], f"the zip has no {session}/ folder; used the notebooks in {where or 'its top level'}"


def _from_zip(zpath: Path, session: str, staging: Path) -> Submission:
    who = trainee_id(zpath.stem)
    sub = Submission(who, None, zpath.name)
    dest = staging / who
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    try:
        _safe_extract(zpath, dest)
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        sub.problem = f"{zpath.name} is not a readable zip ({exc})"
        return sub
    folder, note = _notebook_folder(dest, session)
    if folder is None:
        sub.problem = f"{zpath.name} holds no notebooks"
        return sub
    sub.folder = folder
    if note:
        sub.notes.append(note)
    return sub


def find_submissions(directory: Path, session: str, staging: Path) -> list[Submission]:
    """Every hand-in for ``session`` in ``directory``, sorted by trainee id.

    Parameters
    ----------
    directory
        Holds ``<trainee>/<session>/`` folders and/or ``<trainee>.zip`` files.
    session
        The session (nbgrader assignment id).
    staging
        Where zips are unpacked (emptied per trainee first). The hand-ins themselves are never changed.
    """
    found: dict[str, Submission] = {}
    if not directory.is_dir():
        raise FileNotFoundError(f"no submissions folder {directory}")
    for entry in sorted(directory.iterdir()):
        if entry.is_dir() and not entry.name.startswith("."):
            if (entry / session).is_dir():
                sub = Submission(trainee_id(entry.name), entry / session, f"{entry.name}/{session}/")
            elif any(entry.glob("*.ipynb")):
                sub = Submission(trainee_id(entry.name), entry, f"{entry.name}/",
                                 notes=[f"notebooks were directly in {entry.name}/, not in {entry.name}/{session}/"])
            else:
                continue  # a trainee folder for another session
        elif entry.is_file() and entry.suffix.lower() == ".zip":
            sub = _from_zip(entry, session, staging)
        else:
            continue
        if sub.trainee in found:
            kept = found[sub.trainee]
            kept.notes.append(f"a second hand-in {sub.origin} was ignored (used {kept.origin})")
            continue
        found[sub.trainee] = sub
    return [found[k] for k in sorted(found)]
