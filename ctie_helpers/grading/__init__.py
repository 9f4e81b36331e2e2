"""Answers and grading: the sidecar store, the shared checks, ``grade()`` for nbgrader test cells.

Names are imported lazily (a notebook's first cell imports this package, and the facilitator's
release/repair/autograde modules live here too): add a name to ``_EXPORTS`` to publish it.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    # store.py
    "AnswerStore": "store",
    "SidecarError": "store",
    "current_store": "store",
    "open_sidecar": "store",
    "read_sidecar": "store",
    "set_current_store": "store",
    # checks.py
    "CheckResult": "checks",
    "KINDS": "checks",
    "check": "checks",
    # grade.py
    "answer": "grade",
    "grade": "grade",
}

# Bound eagerly because the function shares its module's name: a lazy lookup would return the
# module once anything imported ``ctie_helpers.grading.progress``. The module imports pandas only
# when called, so this stays cheap.
from ctie_helpers.grading.progress import progress  # noqa: E402

__all__ = sorted([*_EXPORTS, "progress"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
