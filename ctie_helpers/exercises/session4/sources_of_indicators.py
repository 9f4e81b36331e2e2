"""Session 4, notebook ``02_sources_of_indicators``: examples of sources of different indicators (4.4).

Indicators come from the registry in :mod:`ctie_helpers.content`; PIM Matrix systems from
:mod:`ctie_helpers.content.pim`.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import matrix
from ctie_helpers.widgets import MatchPairs, MultiSelect

from .registry import _ind_label

__all__ = ["s4_source_practice", "s4_indicator_sources", "s4_secondary_practice", "s4_secondary_only"]


# --------------------------------------------------------------------------------------------
# 4.4 Examples of sources of different indicators
# --------------------------------------------------------------------------------------------
SOURCES_IDS = ["IND-02", "IND-15", "IND-21", "IND-23", "IND-16"]


def _pim_options() -> dict[str, str]:

    return {c.key: c.name for c in matrix()}


#: Practice: three indicators the graded item does not use, each with one PIM Matrix system in the registry.
SOURCE_PRACTICE_KEY = {"IND-03": "population_data", "IND-24": "response_monitoring", "IND-18": "sectoral_systems"}


def s4_source_practice(**kw: Any) -> MatchPairs:
    """Practice: match three indicators to the PIM Matrix system that yields them."""
    return MatchPairs(
        "s4_source_practice",
        "Practice. Match each indicator (adapted from IOM practice) to the PIM Matrix system that yields it.",
        left={i: _ind_label(i) for i in SOURCE_PRACTICE_KEY}, right=_pim_options(), key=SOURCE_PRACTICE_KEY,
        explanation="Ask which existing system already counts this, and how often: population data for "
                    "movements, response monitoring for what the response delivers, other sectors' and "
                    "authorities' systems for national figures.",
        **kw)


def s4_indicator_sources(**kw: Any) -> MatchPairs:
    """Graded: match five indicators to the PIM Matrix system that yields them."""
    return MatchPairs(
        "s4_indicator_sources", "Graded. Match each indicator to the PIM Matrix system that yields it.",
        left={i: _ind_label(i) for i in SOURCES_IDS}, right=_pim_options(), graded=True, points=3, **kw)


SECONDARY_OPTIONS = ["IND-16", "IND-19", "IND-20", "IND-06", "IND-03", "IND-11"]


#: Practice options, none of them in the graded item; only IND-18 is published (UNODC country profiles).
SECONDARY_PRACTICE_OPTIONS = ["IND-04", "IND-18", "IND-22", "IND-14"]


def s4_secondary_practice(**kw: Any) -> MultiSelect:
    """Practice: which indicators published secondary sources alone can fill."""
    return MultiSelect(
        "s4_secondary_practice",
        "Practice. Which of these indicators (adapted from IOM practice) can an analyst fill from published "
        "secondary sources alone, with no new contact with affected people?",
        options={i: _ind_label(i) for i in SECONDARY_PRACTICE_OPTIONS}, key=["IND-18"],
        explanation="Figures that governments and international bodies already publish can be read from their "
                    "reports; shares of people, households or sites in this crisis need the response's own data.",
        **kw)


def s4_secondary_only(**kw: Any) -> MultiSelect:
    """Graded: which indicators can come from secondary sources alone."""
    return MultiSelect(
        "s4_secondary_only",
        "Graded. Which of these indicators can an analyst fill from published secondary sources alone, with "
        "no new contact with affected people?",
        options={i: _ind_label(i) for i in SECONDARY_OPTIONS}, graded=True, points=2, **kw)
