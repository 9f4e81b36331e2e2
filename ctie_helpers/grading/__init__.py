"""Answers and grading: the sidecar store, the shared checks, ``grade()`` for nbgrader test cells.

The core names below are imported eagerly: they are cheap (no pandas, no nbgrader), and two of them,
``grade`` and ``progress``, share their module's name, so only an eager binding guarantees that
``from ctie_helpers.grading import grade`` gives the function even after something imported the
module. (To reach such a module, e.g. to monkeypatch it, use
``sys.modules["ctie_helpers.grading.grade"]``: ``import ctie_helpers.grading.grade as m`` returns
the function.)

This package holds only what a trainee's kernel needs; the facilitator's tools (release, autograde,
gradebook, ...) are :mod:`ctie_helpers.facilitator`, which imports this package and never the reverse.
"""

from __future__ import annotations

from ctie_helpers.grading.checks import KINDS, CheckResult, check
from ctie_helpers.grading.grade import answer, grade
from ctie_helpers.grading.progress import progress  # pandas is imported only when progress() runs
from ctie_helpers.grading.store import (
    AnswerStore,
    SidecarError,
    current_store,
    open_sidecar,
    read_sidecar,
    set_current_store,
)

__all__ = [
    "KINDS",
    "AnswerStore",
    "CheckResult",
    "SidecarError",
    "answer",
    "check",
    "current_store",
    "grade",
    "open_sidecar",
    "progress",
    "read_sidecar",
    "set_current_store",
]

