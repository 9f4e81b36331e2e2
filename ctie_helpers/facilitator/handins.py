"""The facilitator collects a session's hand-ins from trainees' own folders, with no shared exchange.

Each trainee hands in by making a zip (the START_HERE submit panel or ``ctie submit``) in
``<their home>/submissions/<session>/``. The facilitator then runs ``ctie collect SESSION --homes /home``
(on The Littlest JupyterHub, as root through ``sudo``), or, on Kubernetes, points ``--homes`` at the
per-user hand-in volume mounted read-only in the facilitator's server (``--subdir ''``: each user's
sub-folder of that volume *is* their ``submissions/`` folder).

Why not nbgrader's exchange: it needs one folder every trainee can write to (mode 777 with the sticky
bit), which does not exist across Kubernetes pods and lets any trainee fill the disk or probe others'
files. Reading from per-user folders needs no shared writable place at all.

The hand-in is named after the **folder's owner** (the hub user name), never after the name typed in
the zip's file name, so trainee A cannot hand in as trainee B. Because the facilitator may run this as
root inside folders the trainees control, every path below a home is opened with ``O_NOFOLLOW`` one
component at a time: a symlink planted as ``submissions``, as the session folder or as the zip is
refused, not followed to another trainee's home or to a system file.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ctie_helpers.facilitator.grade_sheets import write_atomic
from ctie_helpers.grading.submit import trainee_id
from ctie_helpers.io import atomic_write

__all__ = ["CollectReport", "Handin", "collect_handins"]

MAX_ZIP_BYTES = 100 * 1024 * 1024  # far above a session's notebooks + answers; stops a disk-filling "hand-in"
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


@dataclass
class Handin:
    """One trainee's line in the collection: the zip copied, or why there is none."""

    trainee: str
    source: str | None = None  # the zip's path in the trainee's folder
    dest: Path | None = None
    problem: str | None = None
    others: int = 0  # older zips in the same folder, ignored


@dataclass
class CollectReport:
    """The whole collection: one :class:`Handin` per trainee folder seen, sorted by trainee."""

    session: str
    out: Path
    handins: list[Handin] = field(default_factory=list)

    @property
    def collected(self) -> list[Handin]:
        return [h for h in self.handins if h.dest is not None]

    @property
    def missing(self) -> list[Handin]:
        return [h for h in self.handins if h.dest is None]

    def summary(self) -> str:
        lines = [f"ctie collect {self.session}: {len(self.collected)} hand-ins collected into {self.out}, "
                 f"{len(self.missing)} trainees without one"]
        for h in self.handins:
            if h.dest is not None:
                extra = f" ({h.others} older zips ignored)" if h.others else ""
                lines.append(f"COLLECTED {h.trainee:<24}{h.source}{extra}")
            else:
                lines.append(f"MISSING   {h.trainee:<24}{h.problem}")
        return "\n".join(lines) + "\n"


def _open_dir(name: str, parent_fd: int | None) -> int:
    """Open one directory component without following a symlink (raises OSError otherwise)."""
    return os.open(name, _DIR_FLAGS, dir_fd=parent_fd)


def _newest_zip(dir_fd: int) -> tuple[str | None, int]:
    """The most recently modified regular ``*.zip`` in the folder, and how many others there are."""
    zips: list[tuple[float, str]] = []
    with os.scandir(dir_fd) as entries:
        for entry in entries:
            if entry.name.lower().endswith(".zip") and not entry.name.startswith("."):
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode):
                    zips.append((st.st_mtime, entry.name))
    if not zips:
        return None, 0
    zips.sort()
    return zips[-1][1], len(zips) - 1


def _copy_zip(dir_fd: int, name: str, dest: Path) -> None:
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=dir_fd)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if st.st_size > MAX_ZIP_BYTES:
            raise OSError(errno.EFBIG, f"{st.st_size / 1e6:.0f} MB, more than {MAX_ZIP_BYTES // 10**6} MB")
        data = fh.read(MAX_ZIP_BYTES + 1)
    if len(data) > MAX_ZIP_BYTES:  # it grew after the check: the trainee is still writing, or worse
        raise OSError(errno.EFBIG, f"more than {MAX_ZIP_BYTES // 10**6} MB")
    atomic_write(dest, data, private=True)  # the trainee's hand-in: names and answers


def _one(home: Path, user: str, parts: list[str], session: str, out: Path) -> Handin:
    handin = Handin(trainee_id(user))
    fds: list[int] = []
    try:
        try:
            fds.append(_open_dir(str(home), None))
            for part in [*parts, session]:
                fds.append(_open_dir(part, fds[-1]))
        except FileNotFoundError:
            handin.problem = "no hand-in: " + "/".join([*parts, session]) + "/ does not exist"
            return handin
        except OSError as exc:
            reason = "is a symlink (refused)" if exc.errno in (errno.ELOOP, errno.ENOTDIR) else exc.strerror
            handin.problem = f"cannot read {'/'.join([*parts, session])}/: {reason}"
            return handin
        name, others = _newest_zip(fds[-1])
        if name is None:
            handin.problem = f"no hand-in: no .zip in {'/'.join([*parts, session])}/"
            return handin
        handin.source, handin.others = str(home.joinpath(*parts, session, name)), others
        dest = out / f"{handin.trainee}.zip"
        try:
            _copy_zip(fds[-1], name, dest)
        except OSError as exc:
            reason = "is a symlink (refused)" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
            handin.problem = f"{name}: {reason}"
            return handin
        handin.dest = dest
        return handin
    finally:
        for fd in reversed(fds):
            os.close(fd)


def collect_handins(homes: str | os.PathLike[str], session: str, out: str | os.PathLike[str], *,
                    subdir: str = "submissions", prefix: str = "", exclude: tuple[str, ...] = ()) -> CollectReport:
    """Copy each trainee's newest hand-in zip for ``session`` to ``out/<trainee>.zip``.

    Parameters
    ----------
    homes
        The folder holding one folder per user: ``/home`` on TLJH, the hand-in volume on Kubernetes.
    session
        The session (nbgrader assignment id).
    out
        The folder ``ctie grade SESSION --submissions OUT`` reads; created if needed. Zips of earlier
        collections for trainees who now have none are left as they are.
    subdir
        Where hand-ins are inside a user's folder (``""`` when the user's folder is the hand-in folder).
    prefix
        Stripped from folder names to give the hub user name (TLJH homes are ``jupyter-<user>``);
        folders without it are not trainees and are skipped.
    exclude
        Hub user names that are not trainees (the facilitators).

    Returns
    -------
    CollectReport
        Also written to ``out/_collect_<session>.txt``.
    """
    homes, out = Path(homes), Path(out)
    if not homes.is_dir():
        raise FileNotFoundError(f"no folder {homes} with users' folders")
    out.mkdir(parents=True, exist_ok=True)
    parts = [p for p in Path(subdir).parts if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise ValueError(f"--subdir must stay inside the user's folder: {subdir!r}")
    report = CollectReport(session, out)
    skip = {out.resolve()}
    for home in sorted(homes.iterdir()):
        name = home.name
        if name.startswith(".") or home.is_symlink() or not home.is_dir() or home.resolve() in skip:
            continue
        if prefix and not name.startswith(prefix):
            continue
        user = name[len(prefix):]
        if not user or user in exclude:
            continue
        report.handins.append(_one(home, user, parts, session, out))
    report.handins.sort(key=lambda h: h.trainee)
    write_atomic(out / f"_collect_{session}.txt", report.summary())
    return report
