"""Session 4: the indicator registry as the notebooks show it (labels and the registry table), used by
``01_indicators_and_questions`` and ``02_sources_of_indicators``.
"""

from __future__ import annotations

import pandas as pd

from ctie_helpers.content import PROVENANCE_ADAPTED

__all__ = ["REGISTRY_CAPTION", "registry_frame", "registry_table"]

#: Shown with every indicator table: the Guide's chapter 6 list could not be retrieved, so the registry is a
#: reconstruction and must say so (domain brief 6.1).
REGISTRY_CAPTION = (f"Illustrative CTiE indicators, {PROVENANCE_ADAPTED}: the Guide's own chapter 6 list could "
                    "not be retrieved, so this is a reconstruction, not a quote from the Guide.")


def _ind_label(ind_id: str) -> str:
    from ctie_helpers.content import indicator

    return f"{ind_id} {indicator(ind_id).name}"


def registry_frame(level: str | None = None) -> pd.DataFrame:
    """The indicator registry: id, name, level(s), category(ies), PIM systems, synthetic dataset."""
    from ctie_helpers.content import indicators

    rows = [{"id": i.id, "indicator": i.name, "level": ", ".join(i.levels), "category": ", ".join(i.categories),
             "PIM systems": ", ".join(i.pim_categories), "computed here from": i.dataset or "(secondary only)"}
            for i in indicators() if level is None or level in i.levels]
    frame = pd.DataFrame(rows).set_index("id")
    frame.attrs["caption"] = REGISTRY_CAPTION
    return frame


def registry_table(level: str | None = None, columns: list[str] | None = None):
    """The registry as shown to trainees: :func:`registry_frame` (``columns`` of it) with its provenance caption.

    Returns a pandas ``Styler``, which a notebook displays as a table with :data:`REGISTRY_CAPTION` above it;
    use :func:`registry_frame` for the plain DataFrame.
    """
    frame = registry_frame(level)
    if columns is not None:
        frame = frame[list(columns)]
    return frame.style.set_caption(REGISTRY_CAPTION)
