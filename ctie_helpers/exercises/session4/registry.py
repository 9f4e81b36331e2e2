"""Session 4: indicator labels ("IND-05 <name>") shared by the factories of ``01_indicators_and_questions`` and
``02_sources_of_indicators``. The registry table the notebooks show is :func:`ctie_helpers.lessons.session4.registry_table`.
"""

from __future__ import annotations

from ctie_helpers.content import indicator

__all__: list[str] = []


def _ind_label(ind_id: str) -> str:

    return f"{ind_id} {indicator(ind_id).name}"
