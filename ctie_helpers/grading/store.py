"""The answer sidecar: every widget answer, saved atomically beside its notebook.

A notebook ``NN_topic.ipynb`` keeps its answers in ``NN_topic.answers.json`` in the same folder::

    {"schema": 1,
     "notebook": "01_definitions",
     "answers": {"s1_amp_elements": {"kind": "bins", "value": {...}, "attempts": 2,
                                     "updated": "2025-01-31T09:12:03+00:00", "status": "correct",
                                     "graded": false}}}

An optional ``"language"`` (``"fr"``) records the language the trainee read the page in when last saving,
so graded feedback can be written in it; answers themselves are the same ids in every language.

``value`` is the answer in the canonical JSON form of its ``kind`` (see :mod:`ctie_helpers.grading.checks`).
``status`` is one of :data:`STATUSES`: ``answered`` (changed since the last check), ``correct``,
``partly`` or ``wrong`` (a practice check), ``saved`` (a graded item checked complete), ``incomplete``
(checked while something was still missing). ``graded`` says whether the item is graded on submission.

Why so careful: nbgrader grades the sidecar, not the live widgets, so this file *is* the trainee's
work. Every write goes to a temporary file in the same folder, is flushed and fsynced, then replaces
the old file in one ``os.replace`` (atomic on POSIX and Windows): a crash mid-write leaves the earlier
answers intact. A sidecar that cannot be read is never overwritten: it is moved aside to
``<name>.corrupt-<timestamp>.json`` with a warning, a fresh store starts, and the move is listed in
:attr:`AnswerStore.problems` so the grader can report it.
"""

from __future__ import annotations

import copy
import json
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ctie_helpers.errors import UserError
from ctie_helpers.i18n.choice import current_language
from ctie_helpers.io import atomic_write

__all__ = [
    "SCHEMA",
    "STATUSES",
    "SUFFIX",
    "AnswerStore",
    "SidecarError",
    "current_store",
    "iter_answers",
    "open_sidecar",
    "read_sidecar",
    "set_current_store",
]

SCHEMA = 1
SUFFIX = ".answers.json"
STATUSES = ("answered", "correct", "partly", "wrong", "saved", "incomplete")

_current: AnswerStore | None = None


class SidecarError(UserError, ValueError):
    """A sidecar file exists but is not a readable schema-1 answers file.

    A user error: the answers file was edited or damaged outside the workbook.
    """


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _validate(data: Any, path: Path) -> dict[str, Any]:
    """Return ``data`` if it has the sidecar shape, else raise :class:`SidecarError` saying why."""
    if not isinstance(data, dict):
        raise SidecarError(f"{path.name}: top level is not a JSON object")
    if data.get("schema") != SCHEMA:
        raise SidecarError(f"{path.name}: schema is {data.get('schema')!r}, expected {SCHEMA}")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise SidecarError(f"{path.name}: 'answers' is not a JSON object")
    for key, rec in answers.items():
        # A half-valid file is treated as corrupt as a whole: keeping the good entries and writing
        # the file back would silently drop the bad ones.
        if not isinstance(rec, dict) or "value" not in rec or "kind" not in rec:
            raise SidecarError(f"{path.name}: answer {key!r} has no kind/value")
    return data


def read_sidecar(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate a sidecar without changing anything on disk.

    Parameters
    ----------
    path
        The ``*.answers.json`` file.

    Returns
    -------
    dict
        The whole sidecar document (``schema``, ``notebook``, ``answers``).

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    SidecarError
        If it exists but is not valid JSON of the sidecar shape (also for unreadable bytes).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise SidecarError(f"{p.name}: cannot be read ({exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SidecarError(f"{p.name}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    return _validate(data, p)


def iter_answers(paths: Iterable[Path], problems: list[str],
                 label: Callable[[Path], str] = str) -> Iterator[tuple[Path, str, dict[str, Any]]]:
    """``(path, notebook stem, answers)`` for every readable sidecar in ``paths``, read without changing them.

    A sidecar that cannot be read is skipped and described in ``problems`` as ``"<label(path)>: <why>"``:
    the progress page and the facilitator's cohort tables report it instead of stopping.
    """
    for path in paths:
        try:
            answers = read_sidecar(path)["answers"]
        except (SidecarError, OSError) as exc:
            problems.append(f"{label(path)}: {exc}")
            continue
        yield path, _notebook_name(path), answers


def _notebook_name(path: Path) -> str:
    name = path.name
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else path.stem


class AnswerStore:
    """One notebook's answers, kept in memory and written through to its JSON sidecar.

    Parameters
    ----------
    path
        The sidecar file, normally ``<notebook stem>.answers.json`` beside the notebook. It need not
        exist yet; it is created on the first write.
    notebook
        The notebook's stem, recorded in the file; default: derived from ``path``.

    Notes
    -----
    Reads notice when another process changed the file (modification time and size), so a grader
    in a fresh kernel and a widget in a running one see the same answers. Records returned by
    :meth:`get` and :meth:`all` are copies: change answers through :meth:`set`.
    """

    def __init__(self, path: str | os.PathLike[str], notebook: str | None = None) -> None:
        self.path = Path(path)
        self.notebook = notebook or _notebook_name(self.path)
        self.problems: list[str] = []
        self._answers: dict[str, dict[str, Any]] = {}
        self._stamp: tuple[int, int] | None = None
        #: The language of the page when the answers were last saved (None in files written before it was kept).
        self.language: str | None = None
        self._load()

    def __repr__(self) -> str:
        return f"AnswerStore({str(self.path)!r}, {len(self._answers)} answers)"

    def _ipython_display_(self) -> None:
        """Show nothing when a notebook's setup cell ends with ``open_sidecar(...)``.

        Without this the page would print the repr: a file path and a count that mean nothing to a trainee
        (and a path is not theirs to see on a hub). ``repr(store)`` and ``print(store)`` still give it.
        """

    # reading -------------------------------------------------------------------------------
    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _load(self) -> None:
        stamp = self._file_stamp()
        if stamp is None:
            self._answers, self._stamp = {}, None
            return
        try:
            data = read_sidecar(self.path)
        except FileNotFoundError:
            self._answers, self._stamp = {}, None
            return
        except SidecarError as exc:
            self._move_aside(str(exc))
            self._answers, self._stamp = {}, None
            return
        self._answers = data["answers"]
        self.language = data.get("language") if isinstance(data.get("language"), str) else None
        self._stamp = stamp

    def _move_aside(self, reason: str) -> None:
        """Rename an unreadable sidecar out of the way, so no later write can overwrite it."""
        base = self.path.name[: -len(".json")] if self.path.name.endswith(".json") else self.path.name
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{base}.corrupt-{stamp}.json")
        n = 1
        while target.exists():  # two corruptions in one second must not overwrite each other
            target = self.path.with_name(f"{base}.corrupt-{stamp}-{n}.json")
            n += 1
        os.replace(self.path, target)  # if even this fails, raise: never write over the evidence
        message = f"{reason}; moved aside to {target.name} and started a fresh answers file"
        self.problems.append(message)
        warnings.warn(f"CTiE answers file: {message}", RuntimeWarning, stacklevel=3)

    def refresh(self) -> None:
        """Reload from disk if the file changed since this store last read or wrote it."""
        if self._file_stamp() != self._stamp:
            self._load()

    def get(self, exercise_id: str) -> dict[str, Any] | None:
        """The saved record for ``exercise_id`` (``kind``, ``value``, ``attempts``, ``updated``,
        ``status``, ``graded``), or ``None`` if nothing was saved."""
        self.refresh()
        rec = self._answers.get(exercise_id)
        return copy.deepcopy(rec) if rec is not None else None

    def value(self, exercise_id: str, default: Any = None) -> Any:
        """Just the saved answer value for ``exercise_id``, or ``default``."""
        rec = self.get(exercise_id)
        return default if rec is None else rec.get("value", default)

    def all(self) -> dict[str, dict[str, Any]]:
        """Every saved record, keyed by exercise id (a deep copy)."""
        self.refresh()
        return copy.deepcopy(self._answers)

    # writing -------------------------------------------------------------------------------
    def set(
        self,
        exercise_id: str,
        value: Any,
        kind: str,
        *,
        graded: bool | None = None,
        status: str = "answered",
    ) -> dict[str, Any]:
        """Save a new answer value and write the sidecar.

        Parameters
        ----------
        exercise_id
            The ``s<N>_<slug>`` id.
        value
            The answer in the canonical JSON form of ``kind``; must be JSON-serialisable.
        kind
            The check kind (``choice``, ``bins``, ...).
        graded
            Whether the item is graded on submission; ``None`` keeps what was saved before.
        status
            One of :data:`STATUSES`; a changed answer is ``answered`` (not checked yet).

        Returns
        -------
        dict
            A copy of the saved record.
        """
        self._require_status(status)
        json.dumps(value)  # fail here, before touching the file, if the value is not JSON
        self.refresh()
        old = self._answers.get(exercise_id, {})
        rec = {
            "kind": kind,
            "value": copy.deepcopy(value),
            "attempts": int(old.get("attempts", 0)),
            "updated": _now(),
            "status": status,
            "graded": bool(old.get("graded", False)) if graded is None else bool(graded),
        }
        self._commit(exercise_id, rec)
        return copy.deepcopy(rec)

    def record_attempt(self, exercise_id: str, *, status: str) -> dict[str, Any]:
        """Count one "Check" click for a saved answer and record its outcome.

        Parameters
        ----------
        exercise_id
            An id that already has a saved record (call :meth:`set` first).
        status
            The outcome: ``correct``, ``partly``, ``wrong`` (practice) or ``saved``/``incomplete`` (graded).

        Returns
        -------
        dict
            A copy of the updated record.

        Raises
        ------
        KeyError
            If nothing was saved for ``exercise_id``.
        """
        self._require_status(status)
        self.refresh()
        if exercise_id not in self._answers:
            raise KeyError(f"no answer saved for {exercise_id}")
        rec = dict(self._answers[exercise_id])
        rec["attempts"] = int(rec.get("attempts", 0)) + 1
        rec["status"] = status
        rec["updated"] = _now()
        self._commit(exercise_id, rec)
        return copy.deepcopy(rec)

    @staticmethod
    def _require_status(status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {status!r}")

    def _commit(self, exercise_id: str, rec: dict[str, Any]) -> None:
        answers = dict(self._answers)
        answers[exercise_id] = rec
        language = current_language(self.path.parent)  # the course folder's choice: the page's language
        self._write({"schema": SCHEMA, "notebook": self.notebook, "language": language, "answers": answers})
        self._answers, self.language = answers, language  # only after the file is safely replaced

    def _write(self, doc: dict[str, Any]) -> None:
        # Owner-only: the sidecar is the trainee's work (atomic_write also fsyncs the file and its folder).
        atomic_write(self.path, json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n", private=True,
                     parents=True)
        self._stamp = self._file_stamp()


def open_sidecar(notebook_stem: str, folder: str | os.PathLike[str] | None = None) -> AnswerStore:
    """Open ``<notebook_stem>.answers.json`` and make it the process-wide default store.

    Parameters
    ----------
    notebook_stem
        The notebook's file name without ``.ipynb``, e.g. ``"01_definitions"``.
    folder
        Where the sidecar lives; default: the current working directory, which is the notebook's
        folder under Jupyter, papermill and nbgrader.

    Returns
    -------
    AnswerStore
        The store that widgets and :func:`~ctie_helpers.grading.grade` use by default.
    """
    stem = notebook_stem[: -len(".ipynb")] if notebook_stem.endswith(".ipynb") else notebook_stem
    base = Path(folder) if folder is not None else Path.cwd()
    store = AnswerStore(base / f"{stem}{SUFFIX}", notebook=stem)
    set_current_store(store)
    return store


def set_current_store(store: AnswerStore | None) -> AnswerStore | None:
    """Make ``store`` the process-wide default (``None`` clears it) and return it."""
    global _current
    _current = store
    return store


def current_store() -> AnswerStore | None:
    """The store set by :func:`open_sidecar`, or ``None`` if no notebook opened one."""
    return _current
