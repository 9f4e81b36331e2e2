"""``ctie init DIR``: a working copy of the trainee's course, for a workbook installed from a wheel.

The copy is a course root (``notebooks/`` with START_HERE and the released sessions, ``data/synthetic/``
with the data cards) plus :data:`ctie_helpers.paths.MARKER`, so every ``ctie`` command started inside it
serves and saves there (:func:`ctie_helpers.paths.find_root`). It is written into a temporary folder
beside ``DIR`` and renamed into place: an interrupted init leaves no half course behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from ctie_helpers.errors import UserError
from ctie_helpers.paths import MARKER, PACKAGED_COURSE

__all__ = ["InitError", "check_destination", "init_course"]


class InitError(UserError):
    """``ctie init`` cannot write the working folder; the message says which folder and why."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_destination(dest: Path) -> None:
    """Raise :class:`InitError` unless ``dest`` is a new or empty folder."""
    if dest.exists() and not dest.is_dir():
        raise InitError(f"{dest} is a file, not a folder: give a new folder name")
    if dest.is_dir() and any(dest.iterdir()):
        raise InitError(f"{dest} is not empty: ctie init copies the course only into a new or empty folder, "
                        "so that nothing of yours is overwritten")


def init_course(dest: str | os.PathLike[str], source: str | os.PathLike[str] = PACKAGED_COURSE,
                *, version: str | None = None) -> Path:
    """Copy the course in ``source`` to the new folder ``dest`` and mark it as a course root.

    Parameters
    ----------
    dest
        A folder that does not exist yet, or an empty one.
    source
        The course to copy (default: the one the wheel carries); it must hold ``notebooks/START_HERE.ipynb``.
    version
        Recorded in the marker file (default: this package's version).

    Returns
    -------
    Path
        ``dest``, resolved.

    Raises
    ------
    InitError
        If ``dest`` is a file or a non-empty folder, or ``source`` holds no course.
    """
    dest, source = Path(dest).resolve(), Path(source)
    if not (source / "notebooks" / "START_HERE.ipynb").is_file():
        raise InitError(f"no course to copy in {source} (this install carries no course: install the "
                        "workbook from its wheel, or run the workbook from its repository with ./workbook start)")
    check_destination(dest)
    if version is None:
        # deferred: saves <1 ms at import of ctie_helpers.course.workfolder (under 20 ms, loaded machine: may move up)
        import ctie_helpers

        version = ctie_helpers.__version__
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".init", dir=dest.parent))
    try:
        shutil.copytree(source, tmp, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.answers.json"))
        (tmp / MARKER).write_text(json.dumps({"ctie_workbook": version, "made_by": "ctie init"}) + "\n",
                                  encoding="utf-8")
        # mkdtemp makes 0700 and the wheel's copies may be read-only: give the trainee an ordinary folder.
        mask = _umask()
        for path in [tmp, *tmp.rglob("*")]:
            path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)
        if dest.is_dir():
            dest.rmdir()  # empty, checked above
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest
