"""Move a worker's autograded notebooks and HTML feedback into the course's ``build/`` folders.

Feedback is what trainees receive, so it is checked on the way out: a page that still shows a
hidden-test region (it would reveal graded keys) is withheld and reported, never published.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ctie_helpers.facilitator.course import Course
from ctie_helpers.io import atomic_write

__all__ = ["HIDDEN_MARKERS", "leaks_hidden_tests", "publish_feedback"]

HIDDEN_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


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
            # Owner-only: graded notebooks and feedback hold a trainee's answers and scores.
            copied.append(atomic_write(dest / f.name, f.read_bytes(), private=True))
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
