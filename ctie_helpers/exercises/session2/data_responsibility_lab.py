"""Session 2, notebook ``03_data_responsibility_lab``: data responsibility in practice on ``case_records`` (2.7,
domain brief 7.1, 10).

The lab helpers are thin wrappers over :mod:`ctie_helpers.safeguards`, so the notebook cells stay short.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import NumericAnswer, SingleChoice

__all__ = ["s2_unique_records_practice", "s2_unique_records", "s2_why_k11_practice", "s2_why_k11",
           "s2_complementary_practice", "s2_complementary", "s2_dp_epsilon", "s2_dp_repeat"]


# --------------------------------------------------------------------------------------------
# 2.7 Data responsibility in practice on case_records (brief 7.1, 10)
# --------------------------------------------------------------------------------------------

def s2_unique_records_practice(**kw: Any):
    """Practice: count the unique records in seven by hand (before the graded ``s2_unique_records``)."""
    return NumericAnswer(
        "s2_unique_records_practice",
        "Seven case records without names, on age band, gender and citizenship: (18-25, F, Ardania), "
        "(18-25, F, Ardania), (26-35, M, Borvia), (18-25, F, Ardania), (26-35, M, Borvia), (36-45, F, Borvia), "
        "(18-25, M, Ardania). How many records are unique (k = 1) on these three?",
        key=2, unit="records",
        explanation="Group identical combinations: three (18-25, F, Ardania), two (26-35, M, Borvia), and two "
                    "combinations seen once, (36-45, F, Borvia) and (18-25, M, Ardania); those two are unique.",
        **kw)


def s2_unique_records(**kw: Any):
    """Graded: how many records are unique on the four quasi-identifiers (read from the table)."""
    return NumericAnswer(
        "s2_unique_records",
        "Graded. Read the k-anonymity summary above: how many case records are unique (k = 1) on "
        "age band, gender, citizenship and year of registration?",
        graded=True, points=2, unit="records", **kw)


WHY_K11_OPTIONS = [
    "So that every cell of any table published from the dataset shows a count of 11 victims or more",
    "So that names and case numbers could stay in the records without any one victim being identifiable",
    "So that each combination of quasi-identifier values in the released records is shared by at least 11"
    " records",
    "So that every count in the dataset is rounded down to a multiple of 11 before the data are released "
    "to the public",
]


WHY_K_PRACTICE = [  # the key is not the longest option (issue 12, fair items)
    "Nothing is wrong: k = 5 is a rule on records' combinations, not on table cells",
    "The release breaks its rule, since every count made from it must be 5 or more",
    "Nothing needs doing: a k-anonymous release is safe for any table made from it",
    "District must have been a quasi-identifier, or its cells could not be this small",
]


def s2_why_k11_practice(**kw: Any):
    """Practice: what k-anonymity does and does not promise (before the graded ``s2_why_k11``)."""
    return SingleChoice(
        "s2_why_k11_practice",
        "A release of case records is k-anonymous with k = 5 on age band, gender and citizenship. A partner "
        "makes a table of citizenship by district from it and finds cells of 2. What does that tell you?",
        options=WHY_K_PRACTICE, key=WHY_K_PRACTICE[0],
        explanation="k-anonymity is a record-level rule on the quasi-identifiers chosen; tables made later "
                    "still need their own small-cell check.", **kw)


def s2_why_k11(**kw: Any):
    """Graded: why CTDC used k = 11 for its public dataset."""
    return SingleChoice(
        "s2_why_k11", "Graded. CTDC's public k-anonymised dataset (2017-2020) used k = 11. Why?",
        options=WHY_K11_OPTIONS, graded=True, points=1, **kw)


COMPLEMENTARY_PRACTICE = [
    "The women's count in the same row, 17",
    "A cell in another district and another column",
    "None: the '<5' sign already protects the men",
    "The count of men in the whole table's total row",
]


def s2_complementary_practice(**kw: Any):
    """Practice: which second cell to hide (before the graded ``s2_complementary``)."""
    return SingleChoice(
        "s2_complementary_practice",
        "Back to district XA0102: Women = 17, Men = <5 (suppressed), Total = 20, and the total stays published. "
        "Which second cell should be hidden so that the men's count cannot be worked out?",
        options=COMPLEMENTARY_PRACTICE, key=COMPLEMENTARY_PRACTICE[0],
        explanation="A hidden cell is safe only if no published total and other cells give it back: hide a "
                    "second cell in the same row.", **kw)


COMPLEMENTARY_OPTIONS = [
    "Because a large cell can identify people too, once it is published next to a row of small cells",
    "So that a hidden small cell cannot be worked out from the published row or column totals",
    "Because the threshold applies to the row and column totals as well as to the cells inside the table",
    "To add uncertainty to the large counts as well, in the same way that differential privacy adds noise",
]


def s2_complementary(**kw: Any):
    """Graded: why complementary suppression is needed."""
    return SingleChoice(
        "s2_complementary", "Graded. Why does suppress_table also hide some cells that are not small?",
        options=COMPLEMENTARY_OPTIONS, graded=True, points=1, **kw)


def s2_dp_epsilon(**kw: Any):
    """Practice: what a smaller epsilon does."""
    return SingleChoice(
        "s2_dp_epsilon", "In the chart above, what happens to the noisy counts when epsilon gets smaller?",
        options=["They spread out more: more privacy, less accuracy",
                 "They get closer to the true count: more privacy and more accuracy",
                 "Nothing changes"],
        key="They spread out more: more privacy, less accuracy",
        explanation="Epsilon is the privacy budget: a smaller budget means more noise.", **kw)


DP_REPEAT_OPTIONS = [
    "Nothing changes: each release is protected by its own noise, so the whole year still costs only 0.5",
    "Privacy improves: fresh random noise every month makes the true count harder and harder to pin down",
    "Privacy is lost only in the months when the true count changes from its value in the month before",
    "Privacy loss accumulates: a year of monthly releases spends a total budget of 12 × 0.5 = 6",
]


def s2_dp_repeat(**kw: Any):
    """Practice in the optional differential-privacy lab: repeated releases and the privacy budget."""
    return SingleChoice(
        "s2_dp_repeat",
        "The same noisy count is released every month with epsilon = 0.5. What happens to privacy over "
        "a year?",
        options=DP_REPEAT_OPTIONS, key=DP_REPEAT_OPTIONS[3],
        explanation="Each release spends its epsilon and the budgets add up: averaging twelve noisy releases "
                    "pins the true count down far better than one.", **kw)
