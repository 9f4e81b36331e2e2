"""Give every trainee their own copy of the released sessions when their Jupyter server starts.

Two halves:

- :func:`publish_release` (facilitator, once per release): copy ``build/release/<session>/`` and the
  course home ``START_HERE.ipynb`` into one folder every trainee can read, e.g. ``/srv/ctie/release``
  on The Littlest JupyterHub or ``/opt/ctie/release`` inside a Zero to JupyterHub image.
- :func:`provision_home` (runs *as the trainee*, at every server start): copy each released file
  that is missing from the trainee's home. It never overwrites or deletes: a file that exists is the
  trainee's work and stays as it is; a notebook the trainee deleted comes back fresh (the same rule as
  nbgitpuller). Files are created with ``O_EXCL``, so even two starts racing cannot clobber each other.
- :func:`bundle_course` (wheel build time): the same release, plus the synthetic data and their data
  cards, laid out as a course root for ``ctie init`` to copy (the wheel carries it, see ``setup.py``).

The same start also copies the trainee's released feedback (:func:`receive_feedback`): the
facilitator's ``ctie feedback release SESSION --to $CTIE_FEEDBACK_DIR`` leaves one owner-only folder per
trainee there; this copies ``<that folder>/<user>/<session>/*.html`` into ``feedback/<session>/`` in the
home, where the course map links it. Feedback pages are the facilitator's, not the trainee's work, so a
regraded page replaces the older one.

Running as the trainee (not in the hub's ``pre_spawn_hook``) is deliberate: the copies are then owned
by the trainee on every spawner (systemd users on TLJH, uid 1000 in a Kubernetes pod), and no root
process ever writes inside a trainee's home, where a planted symlink could redirect the write.

Command line (the spawner's command wrapper on TLJH and Z2JH alike; then the
facilitator's publishing step)::

    python -m ctie_helpers.facilitator.provision [--release DIR] [--home DIR] [-- CMD ARGS...]
    python -m ctie_helpers.facilitator.provision publish [--root COURSE] --release DIR [SESSION...]

With a command after ``--`` the process then becomes that command (``os.execvp``), so
``c.Spawner.cmd = [python, -m, ctie_helpers.facilitator.provision, --, jupyterhub-singleuser]`` provisions
and starts the server in one step. A provisioning error is printed and the server starts anyway: a
trainee with an incomplete copy can still work and ask for help; one with no server cannot.
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ctie_helpers.grading.store import SUFFIX as SIDECAR_SUFFIX  # stdlib only, cheap at server start
from ctie_helpers.io import atomic_write

if TYPE_CHECKING:  # the server-start path must not import nbformat & co.: it runs before every spawn
    from ctie_helpers.facilitator.course import Course

__all__ = ["ENV_FEEDBACK", "ENV_RELEASE", "ProvisionReport", "bundle_course", "main", "provision_home",
           "publish_release", "receive_feedback"]

ENV_RELEASE = "CTIE_RELEASE_DIR"
ENV_FEEDBACK = "CTIE_FEEDBACK_DIR"
#: The folder, in a trainee's course folder, that released feedback goes into (the course map links it).
FEEDBACK_FOLDER = "feedback"
HOME_PAGE = "START_HERE.ipynb"
# Never handed to trainees: answer files (the release must not carry them) and editor debris.
_SKIP_NAMES = {".ipynb_checkpoints", "__pycache__", ".git"}


@dataclass
class ProvisionReport:
    """What one provisioning run did, relative paths under the trainee's home."""

    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already there: the trainee's own version stays
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"ctie provision: {len(self.copied)} files copied, {len(self.kept)} kept as they were"
        return text + "".join(f"\n  problem: {p}" for p in self.problems)


def _skipped(path: Path) -> bool:
    return path.name in _SKIP_NAMES or path.name.endswith(SIDECAR_SUFFIX) or path.name.startswith(".")


def publish_release(course: Course, dest: str | os.PathLike[str], sessions: list[str] | None = None) -> list[str]:
    """Copy the released sessions (and ``START_HERE.ipynb``) to ``dest``, replacing older copies.

    Parameters
    ----------
    course
        A course root whose sessions were released (``ctie release``).
    dest
        The folder trainees' servers read from (made readable by all: files 0644, folders 0755).
    sessions
        Default: every session that has a release.

    Returns
    -------
    list[str]
        The sessions published.

    Raises
    ------
    FileNotFoundError
        If a requested session has no release yet.
    """
    dest = Path(dest)
    release_root = course.build / "release"
    names = sessions or sorted(p.name for p in release_root.glob("*") if p.is_dir())
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        src = course.release_dir(name)
        if not src.is_dir():
            raise FileNotFoundError(f"{name} has no release in {src}: run `ctie release {name}` first")
        staging = dest / f".{name}.new"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(src, staging, ignore=lambda _d, files: [f for f in files if _skipped(Path(f))])
        old = dest / f".{name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if (dest / name).exists():
            os.replace(dest / name, old)
        os.replace(staging, dest / name)  # a starting server sees the old or the new release, never half
        shutil.rmtree(old, ignore_errors=True)
    home_page = course.source / HOME_PAGE
    if home_page.is_file():
        atomic_write(dest / HOME_PAGE, home_page.read_bytes())
    for path in [dest, *dest.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return names


def bundle_course(root: str | os.PathLike[str], dest: str | os.PathLike[str]) -> list[str]:
    """Lay out the trainee's course in ``dest``: ``notebooks/`` (released) and ``data/synthetic/``.

    The trainee's version is the release, not the source: graded keys live only in the source's hidden
    tests, and a wheel anyone can unzip must not carry them. Every session is released afresh
    (``ctie release``: nbgrader's own stripping, checked for leaks) in a scratch copy of the course, so
    neither the course's ``build/`` nor its gradebook is touched.

    Parameters
    ----------
    root
        The course root to release from (the repository: ``nbgrader_config.py``, ``notebooks/``,
        ``data/synthetic/``).
    dest
        A new or empty folder; receives ``notebooks/`` and ``data/synthetic/`` (CSV files and their
        ``.md`` data cards).

    Returns
    -------
    list[str]
        The sessions bundled.
    """
    # deferred: saves <1 ms at import of ctie_helpers.facilitator.provision (under 20 ms, loaded machine: may move up)
    import tempfile

    # deferred: saves 1134 ms at import of ctie_helpers.facilitator.provision
    from ctie_helpers.facilitator.course import Course

    # deferred: saves 1062 ms at import of ctie_helpers.facilitator.provision
    from ctie_helpers.facilitator.release import release_sessions

    root, dest = Path(root), Path(dest)
    with tempfile.TemporaryDirectory(prefix="ctie-bundle-") as tmp:
        scratch = Path(tmp)
        shutil.copytree(root / "notebooks", scratch / "notebooks",
                        ignore=lambda _d, files: [f for f in files if _skipped(Path(f))])
        shutil.copy2(root / "nbgrader_config.py", scratch / "nbgrader_config.py")
        course = Course.at(scratch)
        sessions = [r.session for r in release_sessions(course)]
        publish_release(course, dest / "notebooks", sessions)
    data_dest = dest / "data" / "synthetic"
    data_dest.mkdir(parents=True, exist_ok=True)
    for path in sorted((root / "data" / "synthetic").glob("*")):
        if path.suffix in (".csv", ".md"):
            shutil.copy2(path, data_dest / path.name)
    return sessions


def _copy_new(src: Path, dst: Path) -> bool:
    """Copy ``src`` to ``dst`` only if ``dst`` does not exist; return whether it was copied."""
    try:
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)
    except BaseException:
        dst.unlink(missing_ok=True)  # never leave a half file that a later start would "keep"
        raise
    return True


def provision_home(home: str | os.PathLike[str], release: str | os.PathLike[str]) -> ProvisionReport:
    """Copy every released file missing from ``home``; keep every file already there.

    Parameters
    ----------
    home
        The trainee's home (the Jupyter root folder); ``START_HERE.ipynb`` and one folder per session
        go directly in it, where the course home page expects them.
    release
        A folder made by :func:`publish_release`.

    Returns
    -------
    ProvisionReport
    """
    home, release = Path(home), Path(release)
    report = ProvisionReport()
    if not release.is_dir():
        report.problems.append(f"no released notebooks at {release}")
        return report
    for src in sorted(release.rglob("*")):
        rel = src.relative_to(release)
        if any(_skipped(Path(part)) for part in rel.parts) or not src.is_file():
            continue
        dst = home / rel
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            (report.copied if _copy_new(src, dst) else report.kept).append(str(rel))
        except OSError as exc:  # one unwritable file must not stop the rest of the copy
            report.problems.append(f"{rel}: {exc.strerror or exc}")
    return report


def receive_feedback(home: str | os.PathLike[str], released: str | os.PathLike[str], user: str) -> ProvisionReport:
    """Copy ``user``'s released feedback pages from ``released/<user>/`` into ``home/feedback/``.

    Parameters
    ----------
    home
        The trainee's home (course folder).
    released
        The folder ``ctie feedback release`` wrote (``$CTIE_FEEDBACK_DIR``).
    user
        The trainee's hub name (``$JUPYTERHUB_USER``), the name ``ctie collect`` gave the hand-in.

    Returns
    -------
    ProvisionReport
        Pages copied; a missing folder for the user is not a problem (nothing released yet).
    """
    report = ProvisionReport()
    mine = Path(released) / user
    if not user or "/" in user or user.startswith(".") or not mine.is_dir():
        return report
    for src in sorted(mine.glob("session[1-5]_*/*.html")):
        rel = Path(FEEDBACK_FOLDER) / src.parent.name / src.name
        try:
            (Path(home) / rel).parent.mkdir(parents=True, exist_ok=True)
            atomic_write(Path(home) / rel, src.read_bytes(), private=True)
            report.copied.append(str(rel))
        except OSError as exc:
            report.problems.append(f"{rel}: {exc.strerror or exc}")
    return report


def _publish_main(argv: list[str]) -> int:
    # deferred: saves 9914 ms at import of ctie_helpers.facilitator.provision
    from ctie_helpers.facilitator.course import Course

    parser = argparse.ArgumentParser(prog="python -m ctie_helpers.facilitator.provision publish",
                                     description="copy released sessions to the folder trainees' servers read")
    parser.add_argument("sessions", nargs="*", metavar="SESSION", help="default: every released session")
    parser.add_argument("--release", default=os.environ.get(ENV_RELEASE), help=f"default: ${ENV_RELEASE}")
    parser.add_argument("--root", default=None, help="the course root (default: this workbook)")
    args = parser.parse_args(argv)
    if not args.release:
        parser.error(f"give --release DIR or set ${ENV_RELEASE}")
    try:
        names = publish_release(Course.at(args.root), args.release, args.sessions or None)
    except FileNotFoundError as exc:
        print(f"ctie publish: {exc}", file=sys.stderr)
        return 2
    print(f"published {', '.join(names) or 'nothing'} to {args.release}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Provision ``--home`` (default ``$HOME``) from ``--release`` (default ``$CTIE_RELEASE_DIR``),
    then become the command after ``--`` if one is given. ``publish ...`` runs :func:`publish_release`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["publish"]:
        return _publish_main(argv[1:])
    command: list[str] = []
    if "--" in argv:
        k = argv.index("--")
        argv, command = argv[:k], argv[k + 1:]
    parser = argparse.ArgumentParser(prog="python -m ctie_helpers.facilitator.provision", description=main.__doc__)
    parser.add_argument("--release", default=os.environ.get(ENV_RELEASE), help=f"default: ${ENV_RELEASE}")
    parser.add_argument("--home", default=os.environ.get("HOME") or str(Path.home()), help="default: $HOME")
    parser.add_argument("--feedback", default=os.environ.get(ENV_FEEDBACK), help=f"default: ${ENV_FEEDBACK}")
    args = parser.parse_args(argv)
    if args.release:
        try:
            report = provision_home(args.home, args.release)
            print(report.summary(), file=sys.stderr)
        except Exception as exc:  # noqa: BLE001 - the server must start even if the copy failed
            print(f"ctie provision: failed ({type(exc).__name__}: {exc}); starting without it", file=sys.stderr)
    else:
        print(f"ctie provision: no release folder given (--release or ${ENV_RELEASE}); nothing copied",
              file=sys.stderr)
    if args.feedback:
        try:
            user = os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
            got = receive_feedback(args.home, args.feedback, user)
            print(f"ctie provision: {len(got.copied)} feedback pages"
                  + "".join(f"\n  problem: {p}" for p in got.problems), file=sys.stderr)
        except Exception as exc:  # noqa: BLE001 - the server must start even if the copy failed
            print(f"ctie provision: feedback not copied ({type(exc).__name__}: {exc})", file=sys.stderr)
    if command:
        sys.stderr.flush()
        os.execvp(command[0], command)  # only returns by raising
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised as a subprocess by the hub test
    sys.exit(main())
