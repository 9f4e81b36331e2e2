"""Exercise factories of session 2: ethical concerns and safeguards, Protection Information Management.

One function per exercise id (``s2_<slug>``), in teaching order. Practice items carry their key here;
graded items carry none (the key lives only in the hidden test cell of the source notebook).

Principle and PIM Matrix names are the PIM Initiative's and are read from
:mod:`ctie_helpers.content.pim`; scenarios are fictional and set in the synthetic Republic of Ardania.
The do-no-harm red lines and the sharing triage are adapted from IOM practice and the IASC/OCHA
data-responsibility guidance (domain brief 4.4, 10), in our own words.

One module per notebook of ``notebooks/session2_pim/`` (house style: modules under about 300
lines, one job each); this package re-exports them as ``ex.<name>``:

- :mod:`.ethics_and_pim`: ``01_ethics_and_pim`` (2.1-2.2);
- :mod:`.pim_principles`: ``02_pim_principles`` (2.3-2.10);
- :mod:`.data_responsibility_lab`: ``03_data_responsibility_lab`` (2.7 lab);
- :mod:`.sharing_triage`: ``04_sharing_triage`` (2.10 triage);
- here: ``s2_check_before`` (top of the first notebook), ``s2_reflection_practice``, ``s2_reflection`` and
  ``s2_check_after``
  (end of the last), built from content data by :mod:`ctie_helpers.exercises._measuring`.
"""

# Factories, and the keys, options and items they use (tests read those too); what a notebook shows
# between exercises lives in ctie_helpers.lessons.session<N>.
from ctie_helpers.exercises import _measuring

from .data_responsibility_lab import (  # noqa: F401
    COMPLEMENTARY_OPTIONS,
    DP_REPEAT_OPTIONS,
    WHY_K11_OPTIONS,
    s2_complementary,
    s2_complementary_practice,
    s2_dp_epsilon,
    s2_dp_repeat,
    s2_unique_records,
    s2_unique_records_practice,
    s2_why_k11,
    s2_why_k11_practice,
)
from .ethics_and_pim import (  # noqa: F401
    MATRIX_ITEMS,
    MATRIX_PRACTICE,
    RED_LINE_OPTIONS,
    s2_add_ct_question,
    s2_add_ct_question_practice,
    s2_ethics_risks,
    s2_matrix_practice,
    s2_pim_matrix,
    s2_pim_process,
    s2_pim_process_practice,
    s2_red_lines,
    s2_red_lines_practice,
)
from .pim_principles import (  # noqa: F401
    FIXES,
    PRINCIPLE_MATCH_LEFT,
    PRINCIPLE_PRACTICE,
    s2_fix_competency,
    s2_fix_consent,
    s2_fix_coordination,
    s2_fix_data_responsibility,
    s2_fix_defined_purpose,
    s2_fix_do_no_harm,
    s2_fix_impartiality,
    s2_fix_people_centred,
    s2_fix_practice,
    s2_principle_match,
    s2_principle_practice,
)
from .sharing_triage import (  # noqa: F401
    DECISIONS,
    TRIAGE_REQUESTS,
    s2_sharing_triage,
    s2_sharing_triage_practice,
    s2_triage_practice,
    s2_triage_sensitivity,
    s2_triage_sensitivity_practice,
)

# Measuring learning: the session's opening and closing knowledge checks and its reflection item.
s2_check_before = _measuring.check_factory(2, "before")
s2_reflection_practice = _measuring.reflection_practice_factory(2)
s2_reflection = _measuring.reflection_factory(2)
s2_check_after = _measuring.check_factory(2, "after")

__all__ = [
    "s2_check_before", "s2_ethics_risks", "s2_red_lines_practice", "s2_red_lines",
    "s2_pim_process_practice", "s2_pim_process", "s2_matrix_practice", "s2_pim_matrix", "s2_add_ct_question_practice",
    "s2_add_ct_question", "s2_fix_practice", "s2_fix_people_centred", "s2_fix_do_no_harm",
    "s2_fix_defined_purpose", "s2_fix_consent", "s2_fix_data_responsibility", "s2_fix_competency",
    "s2_fix_impartiality", "s2_fix_coordination", "s2_principle_practice", "s2_principle_match",
    "s2_unique_records_practice", "s2_unique_records", "s2_why_k11_practice", "s2_why_k11",
    "s2_complementary_practice", "s2_complementary", "s2_dp_epsilon",
    "s2_dp_repeat", "s2_triage_practice", "s2_triage_sensitivity_practice", "s2_sharing_triage_practice",
    "s2_triage_sensitivity", "s2_sharing_triage",
    "s2_reflection_practice", "s2_reflection", "s2_check_after",
]
