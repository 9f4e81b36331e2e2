"""Exercise factories of session 5: research methods.

One function per exercise id (``s5_<slug>``), in teaching order (agenda points 5.1-5.8). Practice items carry
their key; graded items carry none (DEVELOPERS.md). Methods content is standard practice (domain brief 9),
written in our own words; scenarios are fictional and set in Ardania. Sample sizes come from
:mod:`ctie_helpers.analysis.sampling` (one stated convention: FPC, then DEFF, then non-response, rounded up once).

One module per notebook of ``notebooks/session5_methods/`` (house style: modules under about 300
lines, one job each); this package re-exports them as ``ex.<name>``:

- :mod:`.methods_and_sources`: ``01_methods_and_sources`` (5.1-5.2);
- :mod:`.sampling`: ``02_sampling`` (5.3);
- :mod:`.collecting_data`: ``03_collecting_data`` (5.4-5.7);
- :mod:`.questionnaire_design`: ``04_questionnaire_design`` (5.8);
- here: ``s5_check_before`` (top of the first notebook), ``s5_reflection_practice``, ``s5_reflection`` and
  ``s5_check_after``
  (end of the last), built from content data by :mod:`ctie_helpers.exercises._measuring`.
"""

# Factories, and the keys, options and items they use (tests read those too); what a notebook shows
# between exercises lives in ctie_helpers.lessons.session<N>.
from ctie_helpers.exercises import _measuring

from .collecting_data import (  # noqa: F401
    FGD_OPTIONS,
    INTERVIEW_LEFT,
    INTERVIEW_RIGHT,
    OBS_BINS,
    OBS_ITEMS,
    OBS_PRACTICE_KEY,
    TECH_LEFT,
    TECH_RIGHT,
    s5_fgd_plan,
    s5_fgd_practice,
    s5_interview_practice,
    s5_interview_types,
    s5_observation,
    s5_observation_practice,
    s5_technique_practice,
    s5_techniques,
)
from .methods_and_sources import (  # noqa: F401
    QQ_ITEMS,
    SOURCE_STEPS,
    s5_mixed_practice,
    s5_qual_or_quant,
    s5_qual_quant_practice,
    s5_source_order,
    s5_source_order_practice,
    s5_victims_practice,
)
from .questionnaire_design import (  # noqa: F401
    LINT_LEFT,
    LINT_PRACTICE_LEFT,
    ORDER_STEPS,
    s5_lint_practice,
    s5_lint_rules,
    s5_order_practice,
    s5_question_order,
)
from .sampling import (  # noqa: F401
    BIAS_OPTIONS,
    s5_biased_designs,
    s5_deff,
    s5_design_practice,
    s5_n_finite,
    s5_n_infinite,
    s5_n_practice,
    s5_rds_practice,
    s5_rds_weight,
)

# Measuring learning: the session's opening and closing knowledge checks and its reflection item.
s5_check_before = _measuring.check_factory(5, "before")
s5_reflection_practice = _measuring.reflection_practice_factory(5)
s5_reflection = _measuring.reflection_factory(5)
s5_check_after = _measuring.check_factory(5, "after")

__all__ = [
    "s5_check_before", "s5_mixed_practice", "s5_qual_quant_practice", "s5_qual_or_quant", "s5_victims_practice",
    "s5_source_order_practice", "s5_source_order",
    "s5_n_practice", "s5_n_infinite", "s5_n_finite", "s5_deff", "s5_design_practice", "s5_biased_designs",
    "s5_rds_practice", "s5_rds_weight",
    "s5_observation_practice", "s5_observation", "s5_interview_practice", "s5_interview_types",
    "s5_fgd_practice", "s5_fgd_plan", "s5_technique_practice", "s5_techniques",
    "s5_lint_practice", "s5_lint_rules", "s5_order_practice", "s5_question_order",
    "s5_reflection_practice", "s5_reflection", "s5_check_after",
]
