"""The trainee's side of a hand-in without JupyterHub: one zip with a session's notebooks and answers.

The zip is ``<trainee>.zip`` holding ``<session>/NN_topic.ipynb``, ``<session>/NN_topic.answers.json``
and ``<session>/timestamp.txt`` (nbgrader's submission time format), ready for e-mail or upload;
``ctie grade`` accepts a folder of them. Every notebook is checked to be readable JSON first, because
a broken file found by the facilitator a week later is a lost exercise: the trainee learns now which
file is broken, while they can still fix it.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ctie_helpers.errors import UserError
from ctie_helpers.grading.store import SUFFIX as SIDECAR_SUFFIX
from ctie_helpers.grading.store import SidecarError, read_sidecar
from ctie_helpers.io import atomic_open

__all__ = ["BrokenNotebookError", "SubmitResult", "check_notebook", "pack_submission", "trainee_id"]

_ID_BAD = re.compile(r"[^A-Za-z0-9_.-]+")


class BrokenNotebookError(UserError, ValueError):
    """A notebook that cannot be handed in as it is; the message names the file and what is wrong.

    A user error: the trainee's notebook file is damaged.
    """


@dataclass
class SubmitResult:
    """What was packed: the zip, the files inside it, and warnings for the trainee."""

    zip_path: Path
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def trainee_id(name: str | None = None) -> str:
    """A file-name-safe trainee id from ``name`` (default: the operating-system user name).

    Runs of characters other than letters, digits, ``_``, ``.`` and ``-`` become one ``_``, so
    ``"Ana Pérez"`` becomes ``"Ana_P_rez"``: stable, and safe as an nbgrader student id and a file name.
    """
    raw = name if name is not None else getpass.getuser()
    clean = _ID_BAD.sub("_", raw.strip()).strip("._")
    if not clean:
        raise ValueError(f"{raw!r} cannot be used as a trainee name: use letters or digits")
    return clean


def check_notebook(path: Path) -> None:
    """Raise :class:`BrokenNotebookError` naming ``path`` if it is not a readable notebook."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BrokenNotebookError(f"{path.name} cannot be read: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BrokenNotebookError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    try:
        # deferred: saves 986 ms at import of ctie_helpers.grading.submit
        import nbformat
    except ImportError:
        # The offline edition's Pyodide has no nbformat (its jsonschema needs wheels Pyodide's sources lack);
        # there the notebook is the site's own student version, so the outline of a notebook is enough.
        if not (isinstance(data, dict) and isinstance(data.get("cells"), list) and "nbformat" in data):
            raise BrokenNotebookError(f"{path.name} is JSON but not a Jupyter notebook (no cells)") from None
        return
    try:
        nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises several types for a wrong shape
        raise BrokenNotebookError(f"{path.name} is JSON but not a Jupyter notebook ({exc})") from exc


def _sidecar_warning(path: Path) -> str | None:

    try:
        read_sidecar(path)
    except SidecarError as exc:
        return f"{exc}: the answers in this file cannot be graded; answer those exercises again and re-submit"
    return None


def pack_submission(
    folder: str | os.PathLike[str],
    session: str,
    *,
    trainee: str | None = None,
    out: str | os.PathLike[str] | None = None,
) -> SubmitResult:
    """Pack a session folder's notebooks and answer files into ``<trainee>.zip``.

    Parameters
    ----------
    folder
        The trainee's working copy of the session (holding ``NN_topic.ipynb`` files).
    session
        The session id, used as the folder name inside the zip.
    trainee
        The trainee's name (default: the operating-system user).
    out
        The zip to write (default: ``<trainee>.zip`` in the current folder). Written atomically.

    Returns
    -------
    SubmitResult

    Raises
    ------
    FileNotFoundError
        If ``folder`` holds no notebook.
    BrokenNotebookError
        If a notebook is not valid JSON or not a notebook; nothing is written then.
    """
    src = Path(folder)
    who = trainee_id(trainee)
    notebooks = sorted(p for p in src.glob("*.ipynb") if p.is_file())
    if not notebooks:
        raise FileNotFoundError(f"no notebooks (*.ipynb) in {src}")
    for nb in notebooks:
        check_notebook(nb)  # before writing anything: a half-made zip helps nobody
    sidecars = sorted(src.glob(f"*{SIDECAR_SUFFIX}"))
    result = SubmitResult(Path(out) if out else Path.cwd() / f"{who}.zip")
    for sc in sidecars:
        problem = _sidecar_warning(sc)
        if problem:
            result.warnings.append(problem)
    answered = {p.name[: -len(SIDECAR_SUFFIX)] for p in sidecars}
    for nb in notebooks:
        if nb.stem not in answered:
            result.warnings.append(f"{nb.name} has no answers file yet: its exercises are not answered")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    # Owner-only: the hand-in holds the trainee's name and answers.
    with atomic_open(result.zip_path, "wb", private=True, parents=True) as fh, \
            zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in [*notebooks, *sidecars]:
            arc = f"{session}/{path.name}"
            zf.write(path, arc)
            result.files.append(arc)
        zf.writestr(f"{session}/timestamp.txt", stamp + "\n")
        result.files.append(f"{session}/timestamp.txt")
    return result
