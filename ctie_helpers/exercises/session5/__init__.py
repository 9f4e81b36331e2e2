"""Exercise factories and notebook helpers of session 5: research methods.

One function per exercise id (``s5_<slug>``), in teaching order (agenda points 5.1-5.8). Practice items carry
their key; graded items carry none (DEVELOPERS.md). Methods content is standard practice (domain brief 9),
written in our own words; scenarios are fictional and set in Ardania. Sample sizes come from
:mod:`ctie_helpers.analysis.sampling` (one stated convention: FPC, then DEFF, then non-response, rounded up once).

One module per notebook of ``notebooks/session5_methods/`` (house style: modules under about 300
lines, one job each); this package only re-exports them, so ``ex.<name>`` works as before:

- :mod:`.methods_and_sources`: ``01_methods_and_sources`` (5.1-5.2);
- :mod:`.sampling`: ``02_sampling`` (5.3);
- :mod:`.collecting_data`: ``03_collecting_data`` (5.4-5.7);
- :mod:`.questionnaire_design`: ``04_questionnaire_design`` (5.8);
- :mod:`.readings`: the further-reading table every notebook ends with.
"""

# Every name the single-file module had stays reachable as ``ex.<name>``: notebooks and tests use
# the tables, lab helpers and keys too, not only the factories listed in __all__.
from .collecting_data import (  # noqa: F401
    FGD_OPTIONS,
    INTERVIEW_LEFT,
    INTERVIEW_RIGHT,
    OBS_ITEMS,
    TECH_LEFT,
    TECH_RIGHT,
    s5_fgd_plan,
    s5_interview_types,
    s5_observation,
    s5_techniques,
)
from .methods_and_sources import (  # noqa: F401
    QQ_ITEMS,
    SOURCE_STEPS,
    s5_mixed_practice,
    s5_qual_or_quant,
    s5_source_order,
    s5_victims_practice,
)
from .questionnaire_design import (  # noqa: F401
    LINT_LEFT,
    ORDER_STEPS,
    export_xlsform,
    lint_report,
    questionnaire_editor,
    s5_lint_rules,
    s5_question_order,
    starter_questions,
)
from .readings import (  # noqa: F401
    further_reading,
)
from .sampling import (  # noqa: F401
    BIAS_OPTIONS,
    calculator,
    design_comparison,
    rds_comparison,
    s5_biased_designs,
    s5_deff,
    s5_n_finite,
    s5_n_infinite,
    s5_n_practice,
    s5_rds_weight,
    sample_size_steps,
)

__all__ = [
    "s5_mixed_practice", "s5_qual_or_quant", "s5_victims_practice", "s5_source_order",
    "s5_n_practice", "s5_n_infinite", "s5_n_finite", "s5_deff", "s5_biased_designs", "s5_rds_weight",
    "s5_observation", "s5_interview_types", "s5_fgd_plan", "s5_techniques",
    "s5_lint_rules", "s5_question_order",
    "sample_size_steps", "calculator", "design_comparison", "rds_comparison", "starter_questions", "lint_report", "questionnaire_editor",
    "export_xlsform", "further_reading",
]
