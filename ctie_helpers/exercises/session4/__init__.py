"""Exercise factories and notebook tables of session 4: CTiE indicators.

One function per exercise id (``s4_<slug>``), in teaching order (agenda points 4.1-4.5). Practice items carry
their key; graded items carry none (DEVELOPERS.md). Indicators come from the registry in
:mod:`ctie_helpers.content` (IND-01..25, *adapted from IOM practice*: the Guide's own chapter 6 list was not
available). The analysis helpers at the end keep the analysis notebook thin, so it can run as a Voilà app.

One module per notebook of ``notebooks/session4_indicators/`` (house style: modules under about 300
lines, one job each); this package only re-exports them, so ``ex.<name>`` works as before:

- :mod:`.indicators_and_questions`: ``01_indicators_and_questions`` (4.1-4.3);
- :mod:`.sources_of_indicators`: ``02_sources_of_indicators`` (4.4);
- :mod:`.indicator_analysis`: ``03_indicator_analysis`` (4.5, the dashboard helpers);
- :mod:`.registry`: shared by several notebooks (the indicator registry's labels and table);
- :mod:`.readings`: the further-reading table every notebook ends with.
"""

# Every name the single-file module had stays reachable as ``ex.<name>``: notebooks and tests use
# the tables, lab helpers and keys too, not only the factories listed in __all__.
from .indicator_analysis import (  # noqa: F401
    PS_ITEMS,
    RISE_OPTIONS,
    age_groups,
    household_estimates,
    parameters_form,
    rise_districts,
    s4_debt_estimate,
    s4_deff_meaning,
    s4_planted_rise,
    s4_primary_secondary,
    s4_suppression,
    safe_table,
    site_changes,
    small_cell_table,
)
from .indicators_and_questions import (  # noqa: F401
    ANATOMY_PARTS,
    CELLS_DISTRACTORS,
    CELLS_IDS,
    DRAFT_QUESTION,
    GOOD_OPTIONS,
    IQ_BINS,
    IQ_ITEMS,
    IQ_PRACTICE_KEY,
    _round2_recruiters,
    draft_question,
    indicator_cell_counts,
    question_editor,
    s4_cell_practice,
    s4_compute_by_hand,
    s4_good_indicator,
    s4_ind_or_q_practice,
    s4_indicator_anatomy,
    s4_indicator_cells,
    s4_indicator_or_question,
)
from .readings import (  # noqa: F401
    further_reading,
)
from .registry import (  # noqa: F401
    REGISTRY_CAPTION,
    registry_frame,
    registry_table,
)
from .sources_of_indicators import (  # noqa: F401
    SECONDARY_OPTIONS,
    SOURCES_IDS,
    s4_indicator_sources,
    s4_secondary_only,
    s4_source_practice,
)

__all__ = [
    "s4_ind_or_q_practice", "s4_indicator_or_question", "s4_cell_practice", "s4_indicator_cells",
    "s4_good_indicator", "s4_indicator_anatomy", "s4_compute_by_hand", "s4_source_practice",
    "s4_indicator_sources", "s4_secondary_only", "s4_primary_secondary", "s4_deff_meaning",
    "s4_debt_estimate", "s4_planted_rise", "s4_suppression",
    "registry_table", "indicator_cell_counts", "household_estimates", "site_changes", "rise_districts",
    "parameters_form", "question_editor",
    "small_cell_table", "safe_table", "draft_question", "further_reading",
]
