"""Answers and grading: the sidecar store, the shared checks, ``grade()`` for nbgrader test cells.

The core names below are imported eagerly: they are cheap (no pandas, no nbgrader), and two of them,
``grade`` and ``progress``, share their module's name, so only an eager binding guarantees that
``from ctie_helpers.grading import grade`` gives the function even after something imported the
module. (To reach such a module, e.g. to monkeypatch it, use
``sys.modules["ctie_helpers.grading.grade"]``: ``import ctie_helpers.grading.grade as m`` returns
the function.)

Heavier modules of this package (the facilitator's release/repair/autograde/feedback) are imported
lazily: add ``"name": "module"`` to ``_LAZY`` to publish a name without slowing a notebook's first cell.
"""

from __future__ import annotations

import importlib
from typing import Any

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

# The facilitator's modules publish names here ("name": "module"); list them in __all__ too.
_LAZY: dict[str, str] = {}

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
