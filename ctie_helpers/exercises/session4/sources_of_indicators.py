"""Session 4, notebook ``02_sources_of_indicators``: examples of sources of different indicators (4.4).

Indicators come from the registry in :mod:`ctie_helpers.content`; PIM Matrix systems from
:mod:`ctie_helpers.content.pim`.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import matrix
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets import MatchPairs, MultiSelect, SingleChoice

from .registry import _ind_label

__all__ = ["s4_source_practice", "s4_indicator_sources", "s4_secondary_only"]


# --------------------------------------------------------------------------------------------
# 4.4 Examples of sources of different indicators
# --------------------------------------------------------------------------------------------
SOURCES_IDS = ["IND-02", "IND-15", "IND-21", "IND-23", "IND-16"]


def _pim_options() -> dict[str, str]:

    return {c.key: c.name for c in matrix()}


def s4_source_practice(**kw: Any) -> SingleChoice:
    """Practice: which PIM Matrix system yields IND-06."""
    opts = _pim_options()
    return SingleChoice(
        "s4_source_practice",
        _("'%(indicator)s': which PIM Matrix system is the most likely first source?") % {
            "indicator": _ind_label("IND-06")},
        options=opts, key=["protection_needs_assessment", "protection_monitoring"],
        explanation="A household needs assessment (MSNA protection module) can ask it once; protection "
                    "monitoring can follow it over time. Case management would only see the few families who "
                    "come forward.",
        **kw)


def s4_indicator_sources(**kw: Any) -> MatchPairs:
    """Graded: match five indicators to the PIM Matrix system that yields them."""
    return MatchPairs(
        "s4_indicator_sources", "Graded. Match each indicator to the PIM Matrix system that yields it.",
        left={i: _ind_label(i) for i in SOURCES_IDS}, right=_pim_options(), graded=True, points=3, **kw)


SECONDARY_OPTIONS = ["IND-16", "IND-19", "IND-20", "IND-06", "IND-03", "IND-11"]


def s4_secondary_only(**kw: Any) -> MultiSelect:
    """Graded: which indicators can come from secondary sources alone."""
    return MultiSelect(
        "s4_secondary_only",
        "Graded. Which of these indicators can an analyst fill from published secondary sources alone, with "
        "no new contact with affected people?",
        options={i: _ind_label(i) for i in SECONDARY_OPTIONS}, graded=True, points=2, **kw)
