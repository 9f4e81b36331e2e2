"""Move a worker's autograded notebooks and HTML feedback into the course's ``build/`` folders, and
release that feedback to trainees when the facilitator decides.

Feedback is what trainees receive, so it is checked on the way out: a page that still shows a
hidden-test region (it would reveal graded keys) is withheld and reported, never published.

Releasing (:func:`release_feedback`, ``ctie feedback release SESSION``) copies ``build/feedback/<trainee>/
<session>/`` to ``<dest>/<trainee>/<session>/``: one owner-only folder per trainee. Run as root on The
Littlest JupyterHub, each trainee's folder is handed to that trainee's account; their server copies it
into their own ``feedback/<session>/`` when it starts (``provision``), so no root process ever writes
inside a trainee's home. Nothing reaches a trainee before this step: ``ctie grade`` alone releases nothing.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ctie_helpers.errors import BadValueError
from ctie_helpers.facilitator.course import Course
from ctie_helpers.io import atomic_write

__all__ = ["HIDDEN_MARKERS", "ReleaseReport", "leaks_hidden_tests", "offline_page", "publish_feedback",
           "release_feedback"]

HIDDEN_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
# nbgrader's feedback template calls nbconvert's mathjax() macro, whose script comes from cdnjs: a trainee
# on a poor connection waits for it, and course mode promises no request off the machine. Feedback pages
# hold no maths, so the remote script (and any other remote script or stylesheet) is dropped.
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)


def offline_page(text: str) -> str:
    """``text`` (an HTML page) without scripts or stylesheets loaded from another machine."""
    return _REMOTE_LINK.sub("", _REMOTE_SCRIPT.sub("", text))


def leaks_hidden_tests(html_file: Path) -> bool:
    """True if a feedback page still contains a hidden-test region."""
    text = html_file.read_text(encoding="utf-8", errors="replace")
    return any(marker in text for marker in HIDDEN_MARKERS)


def _replace_tree(src: Path, dest: Path, pattern: str = "*") -> list[Path]:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    copied = []
    for f in sorted(src.glob(pattern)):
        if f.is_file():
            data = f.read_bytes()
            if f.suffix == ".html":
                data = offline_page(data.decode("utf-8", errors="replace")).encode("utf-8")
            # Owner-only: graded notebooks and feedback hold a trainee's answers and scores.
            copied.append(atomic_write(dest / f.name, data, private=True))
    return copied


def publish_feedback(course: Course, session: str, trainee: str, workdir: Path,
                     feedback_error: str | None = None) -> list[str]:
    """Copy ``trainee``'s autograded notebooks and feedback pages from ``workdir`` into ``build/``.

    Returns
    -------
    list[str]
        Summary lines for anything that went wrong (missing or withheld feedback).
    """
    lines: list[str] = []
    graded = workdir / "autograded" / trainee / session
    if graded.is_dir():
        _replace_tree(graded, course.autograded / trainee / session)
    pages = workdir / "feedback" / trainee / session
    if feedback_error or not pages.is_dir():
        lines.append(feedback_error or "no feedback was generated")
        return lines
    for page in _replace_tree(pages, course.feedback / trainee / session, "*.html"):
        if leaks_hidden_tests(page):
            page.unlink()
            lines.append(f"feedback {page.name} withheld: it showed hidden tests")
    return lines


@dataclass
class ReleaseReport:
    """What :func:`release_feedback` did: trainees released, and problems worth a facilitator's eye."""

    released: dict[str, int] = field(default_factory=dict)  # trainee -> number of pages
    problems: list[str] = field(default_factory=list)

    def summary(self, session: str) -> str:
        pages = sum(self.released.values())
        text = f"released {session} feedback to {len(self.released)} trainees ({pages} pages)\n"
        return text + "".join(f"  problem: {p}\n" for p in self.problems)


def _owner(account: str) -> tuple[int, int] | None:
    import pwd  # deferred: POSIX only, and only a root release needs it

    try:
        entry = pwd.getpwnam(account)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def release_feedback(course: Course, session: str, dest: str | os.PathLike[str], *,
                     account_prefix: str = "") -> ReleaseReport:
    """Release ``session``'s graded feedback: one owner-only folder per trainee under ``dest``.

    Parameters
    ----------
    course
        The course whose ``ctie grade`` wrote ``build/feedback/<trainee>/<session>/``.
    session
        The session folder name, e.g. ``"session1_tip_basics"``.
    dest
        The release folder (e.g. ``/srv/ctie/feedback``, the value of ``$CTIE_FEEDBACK_DIR`` on the hub).
        It is made traversable but not listable (0711), so a trainee reaches only their own folder.
    account_prefix
        When run as root, trainee ``t`` 's folder is given to the account ``account_prefix + t``
        (The Littlest JupyterHub: ``jupyter-``).

    Returns
    -------
    ReleaseReport

    Raises
    ------
    BadValueError
        If ``session`` has no graded feedback yet.
    """
    dest = Path(dest)
    trainees = sorted(p.parent.name for p in course.feedback.glob(f"*/{session}") if p.is_dir())
    if not trainees:
        raise BadValueError(f"no graded feedback for {session} in {course.feedback}: run `ctie grade {session}` first")
    dest.mkdir(parents=True, exist_ok=True)
    dest.chmod(0o711)
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    report = ReleaseReport()
    for trainee in trainees:
        pages = [p for p in sorted((course.feedback / trainee / session).glob("*.html")) if not leaks_hidden_tests(p)]
        if not pages:
            report.problems.append(f"{trainee}: no feedback page to release")
            continue
        owner = _owner(account_prefix + trainee) if as_root else None
        if as_root and owner is None:
            report.problems.append(f"{trainee}: no account {account_prefix + trainee!r}; not released")
            continue
        home = dest / trainee
        home.mkdir(mode=0o700, exist_ok=True)
        home.chmod(0o700)
        staging = home / f".{session}.new"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        for page in pages:
            atomic_write(staging / page.name, page.read_bytes(), private=True)
        old = home / f".{session}.old"
        shutil.rmtree(old, ignore_errors=True)
        if (home / session).exists():
            os.replace(home / session, old)
        os.replace(staging, home / session)  # a starting server sees the old or the new pages, never half
        shutil.rmtree(old, ignore_errors=True)
        if owner is not None:
            for path in [home, *home.rglob("*")]:
                os.chown(path, *owner)
        report.released[trainee] = len(pages)
    return report
