"""Session 4: the indicator registry as the notebooks show it (labels and the registry table), used by
``01_indicators_and_questions`` and ``02_sources_of_indicators``.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["registry_table"]


def _ind_label(ind_id: str) -> str:
    from ctie_helpers.content import indicator

    return f"{ind_id} {indicator(ind_id).name}"


def registry_table(level: str | None = None) -> pd.DataFrame:
    """The indicator registry: id, name, level(s), category(ies), PIM systems, synthetic dataset."""
    from ctie_helpers.content import indicators

    rows = [{"id": i.id, "indicator": i.name, "level": ", ".join(i.levels), "category": ", ".join(i.categories),
             "PIM systems": ", ".join(i.pim_categories), "computed here from": i.dataset or "(secondary only)"}
            for i in indicators() if level is None or level in i.levels]
    return pd.DataFrame(rows).set_index("id")
