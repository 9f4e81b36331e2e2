"""Exercise factories of session 1: trafficking in persons in emergencies and the role of CTiE IM.

One function per exercise id (``s1_<slug>``), in teaching order. Each returns a configured widget
from :mod:`ctie_helpers.widgets`:

- *practice* items carry their key here and give full feedback with an explanation;
- *graded* items carry **no key**: their key lives only in the hidden test cell of the source
  notebook (DEVELOPERS.md), which the student release strips.

Scenarios are fictional and set in the synthetic Republic of Ardania. Legal content paraphrases the
Palermo Protocol, Art. 3 (UN, 2000) in our own words; the crisis typology and the data-type table are
adapted from IOM practice (domain brief 1.4, 2.4), not quoted from the Guide.

One module per notebook of ``notebooks/session1_tip_basics/`` (house style: modules under about 300
lines, one job each); this package re-exports them as ``ex.<name>``:

- :mod:`.definitions`: ``01_definitions`` (1.1 the Palermo definition, 1.2 consent and assent);
- :mod:`.trafficking_vs_smuggling`: ``02_trafficking_vs_smuggling`` (1.3);
- :mod:`.global_estimates`: ``03_global_estimates`` (1.4, with the multiple-systems-estimation lab);
- :mod:`.tip_in_emergencies`: ``04_tip_in_emergencies`` (1.5);
- :mod:`.ctie_im`: ``05_ctie_im`` (1.6-1.8);
- here: ``s1_check_before`` (top of the first notebook), ``s1_reflection_practice``, ``s1_reflection`` and
  ``s1_check_after``
  (end of the last), built from content data by :mod:`ctie_helpers.exercises._measuring`.
"""

# Factories, and the keys, options and items they use (tests read those too); what a notebook shows
# between exercises lives in ctie_helpers.lessons.session<N>.
from ctie_helpers.exercises import _measuring

from .ctie_im import (  # noqa: F401
    DATA_TYPE_ITEMS,
    IM_PURPOSE_OPTIONS,
    _hpc,
    s1_data_sensitivity,
    s1_data_sensitivity_practice,
    s1_data_types,
    s1_data_types_practice,
    s1_dii,
    s1_hpc_ct_feed,
    s1_hpc_order,
    s1_hpc_order_practice,
    s1_im_purpose,
    s1_im_purpose_practice,
)
from .definitions import (  # noqa: F401
    AMP_BINS,
    AMP_GRADED_ITEMS,
    AMP_PRACTICE_KEY,
    CASE_PRACTICE,
    CASE_PRACTICE_KEY,
    CASES_GRADED,
    CONSENT_BINS,
    CONSENT_GRADED_ITEMS,
    ELEMENT_QUESTIONS,
    LEGAL_VS_RESEARCH_OPTIONS,
    RESEARCH_CONSENT_KEY,
    YES_NO,
    s1_amp_elements,
    s1_amp_practice,
    s1_case_classifier,
    s1_case_walkthrough,
    s1_consent_assent,
    s1_consent_irrelevant,
    s1_legal_vs_research,
    s1_research_consent,
)
from .global_estimates import (  # noqa: F401
    DEPENDENCE_OPTIONS,
    FIGURE_CONCEPTS,
    FIGURE_LEFT,
    MSE_ASSUMPTION_OPTIONS,
    s1_detection_trend,
    s1_figure_concepts,
    s1_figure_concepts_practice,
    s1_list_dependence,
    s1_lp_service_lists,
    s1_lp_textbook,
    s1_mse_assumptions,
)
from .tip_in_emergencies import (  # noqa: F401
    CRISIS_MECHANISM_KEY,
    CRISIS_MECHANISM_OPTIONS,
    CRISIS_TYPOLOGY_ITEMS,
    s1_crisis_mechanisms,
    s1_crisis_typology,
    s1_crisis_typology_practice,
)
from .trafficking_vs_smuggling import (  # noqa: F401
    TS_BINS,
    TS_CASE_OPTIONS,
    TS_GRADED_ITEMS,
    TS_PRACTICE_KEY,
    s1_ts_case,
    s1_ts_case_practice,
    s1_ts_practice,
    s1_ts_sorter,
)

# Measuring learning: the session's opening and closing knowledge checks and its reflection item.
s1_check_before = _measuring.check_factory(1, "before")
s1_reflection_practice = _measuring.reflection_practice_factory(1)
s1_reflection = _measuring.reflection_factory(1)
s1_check_after = _measuring.check_factory(1, "after")

__all__ = [
    "s1_check_before", "s1_amp_practice", "s1_amp_elements", "s1_consent_irrelevant",
    "s1_case_walkthrough", "s1_case_classifier", "s1_research_consent", "s1_consent_assent",
    "s1_legal_vs_research", "s1_ts_practice", "s1_ts_sorter", "s1_ts_case_practice", "s1_ts_case",
    "s1_figure_concepts_practice", "s1_figure_concepts", "s1_detection_trend", "s1_lp_textbook", "s1_lp_service_lists",
    "s1_list_dependence", "s1_mse_assumptions", "s1_crisis_mechanisms", "s1_crisis_typology_practice", "s1_crisis_typology",
    "s1_hpc_order_practice", "s1_hpc_order", "s1_hpc_ct_feed", "s1_im_purpose_practice", "s1_im_purpose",
    "s1_data_types_practice", "s1_data_types", "s1_data_sensitivity_practice", "s1_data_sensitivity", "s1_dii",
    "s1_reflection_practice", "s1_reflection", "s1_check_after",
]
