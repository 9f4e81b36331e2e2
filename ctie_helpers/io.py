"""The one way the workbook writes a file: atomically, with permissions chosen on purpose.

Every write goes to a temporary file in the target's own folder (so the final rename never crosses a
file system), is flushed and fsynced, given its permissions, then renamed over the target with
``os.replace`` (atomic on POSIX and Windows). A reader sees the old file or the new one, never half of
one; a failure at any point (a full disk, an exception inside a streaming writer, Ctrl-C) removes the
temporary file and leaves the old file as it was.

Permissions, for a shared machine (a course server where facilitators share a group):

- by default a file gets what any new file would get, ``0666`` less the user's umask (``0644`` under
  umask 022, ``0664`` under 002), so a colleague can read a data file or a report as usual;
- ``private=True`` gives ``0600`` (owner only) whatever the umask. Use it on purpose for every file that
  holds trainees' names, answers or scores: answer sidecars, hand-in zips, gradebooks, manual-grading
  sheets, feedback.

Only the standard library is imported: the answer sidecar writes through this module inside a trainee's
kernel, where start-up time counts.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["PRIVATE_MODE", "atomic_open", "atomic_write", "file_mode", "folder_mode", "umask"]

#: Owner read/write only: for files that hold trainees' names, answers or scores.
PRIVATE_MODE = 0o600


def umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux ``/proc``).

    Elsewhere it is read by setting and restoring it (``os.umask`` has no read-only form), which is
    not thread-safe but is what every Python program does.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode(private: bool = False) -> int:
    """The mode a new file gets: ``0600`` when ``private``, else ``0666`` less the umask."""
    return PRIVATE_MODE if private else 0o666 & ~umask()


def folder_mode() -> int:
    """The mode a new folder gets: ``0777`` less the umask."""
    return 0o777 & ~umask()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", *, private: bool = False, parents: bool = False,
                encoding: str = "utf-8", newline: str | None = "") -> Iterator[IO[Any]]:
    """Open a temporary file that replaces ``path`` when the ``with`` block ends without an exception.

    For streaming writers (``zipfile.ZipFile(fh, "w")``, ``DataFrame.to_csv(fh)``, ``csv.writer(fh)``).

    Parameters
    ----------
    path : the file to write (replaced only on success).
    mode : ``"w"`` (text) or ``"wb"`` (bytes).
    private : ``True`` for owner-only ``0600`` (trainees' names, answers, scores); default follows the umask.
    parents : create missing parent folders (default: a missing folder is an ``OSError``, as for ``open``).
    encoding, newline : for text mode; ``newline=""`` writes line endings exactly as given.

    Examples
    --------
    >>> with atomic_open(tmp / "out.csv") as fh:           # doctest: +SKIP
    ...     df.to_csv(fh, index=False)
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes a whole file: mode must be 'w' or 'wb', not {mode!r}")
    target = Path(path)
    if parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with (os.fdopen(fd, "wb") if mode == "wb" else
              os.fdopen(fd, "w", encoding=encoding, newline=newline)) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(fh.fileno() if os.chmod in os.supports_fd else tmp, file_mode(private))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(target.parent)


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, private: bool = False,
                 parents: bool = False, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text or bytes) to ``path`` atomically; see :func:`atomic_open`. Returns the path."""
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w", private=private, parents=parents,
                     encoding=encoding) as fh:
        fh.write(data)
    return Path(path)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder, and it is optional.
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
