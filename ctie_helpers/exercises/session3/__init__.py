"""Exercise factories of session 3: the CTiE analysis framework.

One function per exercise id (``s3_<slug>``), in teaching order (agenda points 3.1-3.6). Practice items
carry their key here; graded items carry **no key** (it lives only in the hidden test cell of the source
notebook, DEVELOPERS.md). Factor texts come from the factor bank (:mod:`ctie_helpers.content.framework`),
which is adapted from IOM practice (DoMV model, IOM 2019). Scenarios are fictional, set in Ardania.

One module per notebook of ``notebooks/session3_framework/`` (house style: modules under about 300
lines, one job each); this package re-exports them as ``ex.<name>``:

- :mod:`.why_a_framework`: ``01_why_a_framework`` (3.1-3.3);
- :mod:`.reading_the_framework`: ``02_reading_the_framework`` (3.4-3.5);
- :mod:`.using_the_framework`: ``03_using_the_framework`` (3.6);
- here: ``s3_check_before`` (top of the first notebook), ``s3_reflection_practice``, ``s3_reflection`` and
  ``s3_check_after``
  (end of the last), built from content data by :mod:`ctie_helpers.exercises._measuring`.
"""

# Factories, and the keys, options and items they use (tests read those too); what a notebook shows
# between exercises lives in ctie_helpers.lessons.session<N>.
from ctie_helpers.exercises import _measuring

from .reading_the_framework import (  # noqa: F401
    CATEGORY_BINS,
    CATEGORY_ITEMS,
    CATEGORY_PRACTICE_KEY,
    CONTEXT_ITEMS,
    FACTOR_LEVEL_ITEMS,
    LEVEL_BINS,
    LEVELS_PRACTICE_KEY,
    PATHWAY_PRACTICE_STEPS,
    PATHWAY_STEPS,
    RISK_PROTECTIVE_ITEMS,
    s3_categories,
    s3_category_practice,
    s3_context_dependent,
    s3_factor_levels,
    s3_levels_practice,
    s3_pathway_order,
    s3_pathway_practice,
    s3_risk_protective,
)
from .using_the_framework import (  # noqa: F401
    GAP_PRACTICE_OPTIONS,
    INDICATOR_PRACTICE_KEY,
    INDICATOR_PRACTICE_OPTIONS,
    TAG_GRADED_IDS,
    TAG_INDICATOR_IDS,
    TAG_INDICATOR_OPTIONS,
    TAG_PRACTICE_IDS,
    s3_gap_practice,
    s3_gap_reading,
    s3_indicator_practice,
    s3_tag_excerpts,
    s3_tag_indicators,
    s3_tag_practice,
)
from .why_a_framework import (  # noqa: F401
    ACTOR_DATA_KEY,
    CYCLE_PRACTICE_STEPS,
    IM_CYCLE,
    JOINT_OPTIONS,
    JOINT_PRACTICE_OPTIONS,
    LOCALISE_PRACTICE_ITEMS,
    STANDARD_OR_LOCAL_ITEMS,
    s3_actor_data,
    s3_cycle_practice,
    s3_im_cycle,
    s3_joint_analysis,
    s3_joint_practice,
    s3_localise_practice,
    s3_standard_or_local,
    s3_usage_practice,
)

# Measuring learning: the session's opening and closing knowledge checks and its reflection item.
s3_check_before = _measuring.check_factory(3, "before")
s3_reflection_practice = _measuring.reflection_practice_factory(3)
s3_reflection = _measuring.reflection_factory(3)
s3_check_after = _measuring.check_factory(3, "after")

__all__ = [
    "s3_check_before", "LEVEL_BINS", "CATEGORY_BINS", "PATHWAY_STEPS",
    "s3_usage_practice", "s3_cycle_practice", "s3_im_cycle", "s3_localise_practice", "s3_standard_or_local",
    "s3_actor_data", "s3_joint_practice", "s3_joint_analysis", "s3_category_practice", "s3_categories",
    "s3_pathway_practice", "s3_pathway_order", "s3_levels_practice", "s3_factor_levels", "s3_context_dependent",
    "s3_risk_protective", "s3_tag_practice", "s3_tag_excerpts", "s3_indicator_practice", "s3_tag_indicators",
    "s3_gap_practice", "s3_gap_reading",
    "s3_reflection_practice", "s3_reflection", "s3_check_after",
]
