"""Exercise factories of session 4: CTiE indicators.

One function per exercise id (``s4_<slug>``), in teaching order (agenda points 4.1-4.5). Practice items carry
their key; graded items carry none (DEVELOPERS.md). Indicators come from the registry in
:mod:`ctie_helpers.content` (IND-01..25, *adapted from IOM practice*: the Guide's own chapter 6 list was not
available).

One module per notebook of ``notebooks/session4_indicators/`` (house style: modules under about 300
lines, one job each); this package re-exports them as ``ex.<name>``:

- :mod:`.indicators_and_questions`: ``01_indicators_and_questions`` (4.1-4.3);
- :mod:`.sources_of_indicators`: ``02_sources_of_indicators`` (4.4);
- :mod:`.indicator_analysis`: ``03_indicator_analysis`` (4.5);
- :mod:`.registry`: indicator labels shared by the factories of several notebooks;
- here: ``s4_check_before`` (top of the first notebook), ``s4_reflection_practice``, ``s4_reflection`` and
  ``s4_check_after``
  (end of the last), built from content data by :mod:`ctie_helpers.exercises._measuring`.
"""

# Factories, and the keys, options and items they use (tests read those too); what a notebook shows
# between exercises lives in ctie_helpers.lessons.session<N>.
from ctie_helpers.exercises import _measuring

from .indicator_analysis import (  # noqa: F401
    PS_ITEMS,
    PS_PRACTICE_ITEMS,
    RISE_OPTIONS,
    SUPPRESSION_PRACTICE_OPTIONS,
    s4_debt_estimate,
    s4_deff_meaning,
    s4_planted_rise,
    s4_primary_secondary,
    s4_ps_practice,
    s4_suppression,
    s4_suppression_practice,
)
from .indicators_and_questions import (  # noqa: F401
    ANATOMY_PARTS,
    ANATOMY_PRACTICE_PARTS,
    CELL_PRACTICE_DISTRACTORS,
    CELL_PRACTICE_KEY,
    CELLS_DISTRACTORS,
    CELLS_IDS,
    GOOD_OPTIONS,
    IQ_BINS,
    IQ_ITEMS,
    IQ_PRACTICE_KEY,
    _round2_recruiters,
    s4_anatomy_practice,
    s4_cell_practice,
    s4_compute_by_hand,
    s4_compute_practice,
    s4_good_indicator,
    s4_ind_or_q_practice,
    s4_indicator_anatomy,
    s4_indicator_cells,
    s4_indicator_or_question,
)
from .sources_of_indicators import (  # noqa: F401
    SECONDARY_OPTIONS,
    SECONDARY_PRACTICE_OPTIONS,
    SOURCE_PRACTICE_KEY,
    SOURCES_IDS,
    s4_indicator_sources,
    s4_secondary_only,
    s4_secondary_practice,
    s4_source_practice,
)

# Measuring learning: the session's opening and closing knowledge checks and its reflection item.
s4_check_before = _measuring.check_factory(4, "before")
s4_reflection_practice = _measuring.reflection_practice_factory(4)
s4_reflection = _measuring.reflection_factory(4)
s4_check_after = _measuring.check_factory(4, "after")

__all__ = [
    "s4_check_before", "s4_ind_or_q_practice", "s4_indicator_or_question", "s4_cell_practice", "s4_indicator_cells",
    "s4_good_indicator", "s4_anatomy_practice", "s4_indicator_anatomy", "s4_compute_practice", "s4_compute_by_hand",
    "s4_source_practice", "s4_indicator_sources", "s4_secondary_practice", "s4_secondary_only", "s4_ps_practice",
    "s4_primary_secondary", "s4_deff_meaning", "s4_debt_estimate", "s4_planted_rise", "s4_suppression_practice",
    "s4_suppression",
    "s4_reflection_practice", "s4_reflection", "s4_check_after",
]
