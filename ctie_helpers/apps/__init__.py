"""Voilà mini-apps: each ``build_<app>()`` returns the root widget of one small analysis tool.

=================  ==========================================  ===========================
``build_...``      App                                         Notebook (session folder)
=================  ==========================================  ===========================
``indicators``     indicator dashboard (chart + gated table)   session4_indicators
``evidence``       evidence matrix / secondary data review     session3_framework
``sampling``       sample size with DEFF, allocation           session5_methods
``questionnaire``  linter + XLSForm (checked by pyxform)       session5_methods
``safety``         data-sharing safety check of a file         session2_pim
``mse``            population-size (MSE) lab                   session1_tip_basics
``dashboard``      cohort dashboard (facilitators only)        facilitator
``grading``        free-text grading (facilitators only)       facilitator
=================  ==========================================  ===========================

``ctie app NAME`` serves one of them with Voilà on 127.0.0.1 (:mod:`ctie_helpers.apps.server`).
Builders are imported on first use, so importing this package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_BUILDERS = {
    "build_indicators": "indicators",
    "build_evidence": "evidence",
    "build_sampling": "sampling",
    "build_questionnaire": "questionnaire",
    "build_safety": "safety",
    "build_mse": "mse",
    "build_dashboard": "dashboard",  # the facilitators' cohort dashboard (notebooks/facilitator/)
    "build_grading": "grading",  # the facilitators' free-text grading app (notebooks/facilitator/)
}

__all__ = sorted(_BUILDERS)


def __getattr__(name: str) -> Any:
    if name in _BUILDERS:
        return getattr(importlib.import_module(f"{__name__}.{_BUILDERS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
