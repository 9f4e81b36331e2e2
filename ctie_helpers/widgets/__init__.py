"""Generic exercise components built from ipywidgets (no course content here).

Every component takes ``exercise_id``, a prompt and its items, and either ``key=`` (practice) or
``graded=True``; it has ``.value``, ``.kind``, ``.check_button``, ``.feedback`` and saves to the
notebook's answers sidecar as the answer changes. See :mod:`ctie_helpers.widgets.base`.
:class:`RunOnClick` is the odd one out: not an exercise, a computation that runs on click.
"""

from __future__ import annotations

from ctie_helpers.widgets.base import GRADED_MESSAGE, ExerciseBase
from ctie_helpers.widgets.choice import MultiSelect, SingleChoice
from ctie_helpers.widgets.entry import FreeText, NumericAnswer, TableEntry
from ctie_helpers.widgets.quiz import ChoiceSet
from ctie_helpers.widgets.run import RunOnClick
from ctie_helpers.widgets.sorting import MatchPairs, OrderSteps, SortIntoBins

__all__ = [
    "GRADED_MESSAGE",
    "ChoiceSet",
    "ExerciseBase",
    "FreeText",
    "MatchPairs",
    "MultiSelect",
    "NumericAnswer",
    "OrderSteps",
    "RunOnClick",
    "SingleChoice",
    "SortIntoBins",
    "TableEntry",
    "progress_view",
]


def __getattr__(name: str):  # progress_view pulls in pandas: load it only when used
    if name == "progress_view":
        # deferred: saves 628 ms at import of ctie_helpers.widgets
        from ctie_helpers.widgets.progress import progress_view

        return progress_view
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
