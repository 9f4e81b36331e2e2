"""Session 4: indicator labels ("IND-05 <name>") shared by the factories of ``01_indicators_and_questions`` and
``02_sources_of_indicators``. The registry table the notebooks show is :func:`ctie_helpers.lessons.session4.registry_table`.
"""

from __future__ import annotations

from ctie_helpers.content import indicator
from ctie_helpers.i18n.catalog import gettext as _

__all__: list[str] = []


def _ind_label(ind_id: str) -> str:

    name = _(indicator(ind_id).name)  # shown in prompts and labels, never an answer id
    return f"{ind_id} {name}"
