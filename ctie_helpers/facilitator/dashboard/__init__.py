"""The facilitator's cohort dashboard: who attempted and passed what, common mistakes, who has not handed in.

Pure functions (tested without a kernel) in :mod:`.cohort_data` (reading hand-ins, grades CSVs, a roster),
:mod:`.mistakes` (what is wrong in one answer), :mod:`.summary` (counts, and the suppressed versions
that are shown) and :mod:`.gain` (before/after knowledge-check scores per session, suppressed alike). The Voilà app that shows them is :mod:`ctie_helpers.apps.dashboard`; its notebook lives
in ``notebooks/facilitator/``, outside every session, so it is never released to trainees.
"""

from ctie_helpers.facilitator.dashboard.cohort_data import Cohort, load_cohort, read_grades, read_roster
from ctie_helpers.facilitator.dashboard.gain import learning_gain, publish_gain
from ctie_helpers.facilitator.dashboard.mistakes import mistakes
from ctie_helpers.facilitator.dashboard.summary import (
    cohort_summary,
    common_wrong_answers,
    not_submitted,
    publish_summary,
    publish_wrong_answers,
)

__all__ = ["Cohort", "cohort_summary", "common_wrong_answers", "learning_gain", "load_cohort", "mistakes", "not_submitted",
           "publish_gain", "publish_summary", "publish_wrong_answers", "read_grades", "read_roster"]
