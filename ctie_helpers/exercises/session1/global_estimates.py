"""Session 1, notebook ``03_global_estimates``: global estimates, research gaps and methodological
challenges (1.4, domain brief 3), with the helpers of the multiple-systems-estimation lab on
``service_lists``.

Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MatchPairs, MultiSelect, NumericAnswer, SingleChoice

__all__ = ["s1_figure_concepts_practice", "s1_figure_concepts", "s1_detection_trend", "s1_lp_textbook", "s1_lp_service_lists", "s1_list_dependence", "s1_mse_assumptions"]


# --------------------------------------------------------------------------------------------
# 1.4 Global estimates, research gaps and methodological challenges (brief 3)
# --------------------------------------------------------------------------------------------

FIGURE_PRACTICE_LEFT = [  # three other figures than the graded item's, same three concepts
    "27.6 million people in forced labour on a given day in 2021 (ILO, Walk Free, IOM 2022)",
    "About 50,000 victims detected in 2018 in 148 countries (UNODC GLOTiP 2020)",
    "Case records of identified victims from IOM, Polaris and other agencies, pooled since 2002 (CTDC)",
]
FIGURE_PRACTICE_KEY = {
    FIGURE_PRACTICE_LEFT[0]: "A prevalence estimate from national surveys and modelling",
    FIGURE_PRACTICE_LEFT[1]: "Official detections reported by governments",
    FIGURE_PRACTICE_LEFT[2]: "Identified and assisted cases pooled from agencies' case files",
}


def s1_figure_concepts_practice(**kw: Any):
    """Practice: match three other headline figures to what they measure (before ``s1_figure_concepts``)."""
    return MatchPairs(
        "s1_figure_concepts_practice", "Match each figure to what it measures.",
        left=FIGURE_PRACTICE_LEFT, right=sorted(FIGURE_PRACTICE_KEY.values()), key=FIGURE_PRACTICE_KEY,
        explanation="Ask who counted and how: a survey-based estimate, a government's detections, or agencies' "
                    "own case files.", **kw)


FIGURE_LEFT = [
    "49.6 million people in modern slavery on a given day in 2021 (ILO, Walk Free, IOM 2022)",
    "69,627 victims detected by national authorities in 2022 (UNODC 2024)",
    "Over 206,000 victim case records, registered 2002-2022 (CTDC Global Synthetic Dataset, 2024)",
]
FIGURE_CONCEPTS = [  # not in the order of FIGURE_LEFT: a diagonal match gives the answers away
    "Official detections reported by governments",
    "Identified and assisted cases pooled from agencies' case files",
    "A prevalence estimate from national surveys and modelling",
]


def s1_figure_concepts(**kw: Any):
    """Graded: match each headline figure to the concept it measures."""
    return MatchPairs(
        "s1_figure_concepts", "Graded. Match each headline figure to what it measures.",
        left=FIGURE_LEFT, right=FIGURE_CONCEPTS, graded=True, points=3, **kw)


def s1_detection_trend(**kw: Any):
    """Practice: the 2020 dip in detections."""
    return SingleChoice(
        "s1_detection_trend",
        "UNODC reported that detected victims fell by 11% in 2020 (GLOTiP 2022). Which reading is the safest?",
        options=["Trafficking fell by 11% in 2020",
                 "Detection fell, at least partly because COVID-19 restrictions reduced identification work",
                 "The data are wrong and should be ignored"],
        key="Detection fell, at least partly because COVID-19 restrictions reduced identification work",
        explanation=("A change in detections mixes a real change with a change in the effort to detect. "
                     "2020 is the textbook example."),
        **kw)


def s1_lp_textbook(**kw: Any):
    """Practice: the textbook two-list example (brief 12, item 30)."""
    return NumericAnswer(
        "s1_lp_textbook",
        "A shelter lists 400 people, the police list 300, and 60 people are on both lists. "
        "What is the Lincoln-Petersen estimate of the total number of victims?",
        key=2000, unit="people",
        explanation="N = n1 x n2 / m = 400 x 300 / 60 = 2,000: about 1,360 more than the 640 seen by either list.",
        **kw)


def s1_lp_service_lists(**kw: Any):
    """Graded: Lincoln-Petersen from the first two lists of ``service_lists``."""
    return NumericAnswer(
        "s1_lp_service_lists",
        "Graded. Using the counts shown above for list A, list B and their overlap, compute the "
        "Lincoln-Petersen estimate (round to the nearest whole person).",
        graded=True, points=2, unit="people", **kw)


DEPENDENCE_OPTIONS = [
    "Too low: shared referrals make the overlap look larger than chance would give",
    "Too high: shared referrals make the overlap look smaller than chance would give",
    "Unchanged: with only two lists, dependence cancels out of the estimate",
]


def s1_list_dependence(**kw: Any):
    """Practice in the optional log-linear MSE lab: what positive dependence between two lists does."""
    return SingleChoice(
        "s1_list_dependence",
        "Agency A refers most of its cases to the shelter (list B), so the two lists are "
        "positively dependent. What does that do to the two-list estimate from A and B?",
        options=DEPENDENCE_OPTIONS, key=DEPENDENCE_OPTIONS[0],
        explanation="Shared referrals put the same people on both lists more often than chance would, so the overlap "
                    "m is too large and N = nA x nB / m too small.", **kw)


MSE_ASSUMPTION_OPTIONS = [
    "The population does not change much during the period the lists cover",
    "The same person can be matched correctly across lists",
    "Every victim has the same chance of being on every list, or differences are modelled",
    "Dependence between lists is modelled, for example with interactions",
    "Each list is a random sample of all victims",
    "The lists must all come from the same agency",
]


def s1_mse_assumptions(**kw: Any):
    """Practice in the optional log-linear MSE lab: the assumptions MSE relies on (brief 3.4)."""
    return MultiSelect(
        "s1_mse_assumptions", "Tick every assumption that multiple systems estimation relies on.",
        options=MSE_ASSUMPTION_OPTIONS, key=MSE_ASSUMPTION_OPTIONS[:4],
        explanation="MSE needs a closed population, correct matching, and equal catchability and independence of "
                    "lists unless the model accounts for them; the lists need not be random samples.", **kw)
