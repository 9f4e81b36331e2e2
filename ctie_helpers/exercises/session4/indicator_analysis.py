"""Session 4, notebook ``03_indicator_analysis``: primary and secondary analysis with the indicators (4.5).

The analysis helpers keep the notebook thin, so it can run as a Voilà app (it doubles as the indicator
dashboard).
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MultiSelect, NumericAnswer, SingleChoice, SortIntoBins

__all__ = ["s4_ps_practice", "s4_primary_secondary", "s4_deff_meaning", "s4_debt_estimate", "s4_planted_rise",
           "s4_suppression_practice", "s4_suppression"]


# --------------------------------------------------------------------------------------------
# 4.5 Primary and secondary analysis with the indicators
# --------------------------------------------------------------------------------------------
#: Practice activities, none of them in the graded item.
PS_PRACTICE_ITEMS = {
    "hotline": "Reading last quarter's hotline call logs, kept by the feedback team, for mentions of job offers",
    "walk": "Walking the site at night with a women's group to map unlit paths and latrines",
    "report": "Re-reading the published report of last year's household survey for its debt figures",
}


def s4_ps_practice(**kw: Any) -> SortIntoBins:
    """Practice: primary or secondary analysis, three activities."""
    return SortIntoBins(
        "s4_ps_practice",
        "Practice. Is each activity primary analysis (new data collected for the question) or secondary analysis "
        "(existing data re-used)?",
        items=PS_PRACTICE_ITEMS, bins=["Primary", "Secondary"],
        key={"hotline": "Secondary", "walk": "Primary", "report": "Secondary"}, noun="activities",
        explanation="Ask whether the data existed before the question was asked: re-using it is secondary "
                    "analysis, even when the data is internal; collecting it now is primary.",
        **kw)


PS_ITEMS = {
    "dtm_reuse": "Re-analysing last month's DTM site assessment by district",
    "glotip": "Reading the UNODC global report's country profile for detected victims",
    "msna_new": "Adding three CT questions to the next household survey and analysing the answers",
    "fgd": "Running focus groups with women in two sites and coding the notes",
    "ctdc": "Comparing aggregate case numbers published by the counter-trafficking working group",
    "flow": "Interviewing migrants at a transit point with the flow-monitoring CT module",
}


def s4_primary_secondary(**kw: Any) -> SortIntoBins:
    """Graded: primary or secondary analysis."""
    return SortIntoBins(
        "s4_primary_secondary",
        "Graded. Is each activity primary analysis (new data collected for the question) or secondary analysis "
        "(existing data re-used)?",
        items=PS_ITEMS, bins=["Primary", "Secondary"], graded=True, points=3, noun="activities", **kw)


def s4_deff_meaning(**kw: Any) -> SingleChoice:
    """Practice: what a design effect of about 4 means."""
    return SingleChoice(
        "s4_deff_meaning",
        "The household estimate above shows a design effect (deff) of about 4. What does that mean?",
        options={
            "wider": "Households in the same site answer alike, so the 3,000 interviews carry about as much "
                     "information as 750 independent ones: the interval is about twice as wide",
            "wrong": "The estimate is four times too high",
            "four": "Four households were interviewed in each site",
            "none": "Nothing: the design effect only matters for qualitative data",
        },
        key="wider",
        explanation="deff = variance under the cluster design / variance of a simple random sample of the same size. "
                    "Effective sample size = n / deff; the interval widens by √deff (√4 = 2).",
        **kw)


def s4_debt_estimate(**kw: Any) -> NumericAnswer:
    """Practice in the optional weighted-estimates lab: read the weighted national estimate of IND-05."""
    return NumericAnswer(
        "s4_debt_estimate",
        "From the weighted table, what is the national estimate of IND-05 (households with debt they "
        "cannot repay), in %? (one decimal)",
        unit="%", abs_tol=0.5, key=38.9,
        explanation="Read the 'estimate %' column of the national row: the weighted share, not the raw share of "
                    "interviewed households.", **kw)


RISE_OPTIONS = ["XA0101", "XA0203", "XA0301", "XA0402", "XA0501", "XA0202"]


def s4_planted_rise(**kw: Any) -> MultiSelect:
    """Practice in the optional Bonferroni lab: which districts show a significant rise between the rounds."""
    # deferred: saves 2 ms at import of ctie_helpers.exercises.session4.indicator_analysis
    from ctie_helpers.data.geography import admin2_name

    return MultiSelect(
        "s4_planted_rise",
        "In which districts did the share of sites reporting recruiters rise significantly between "
        "round 1 and round 2?",
        options={p: f"{admin2_name(p)} ({p})" for p in RISE_OPTIONS}, key=["XA0203", "XA0402"],
        explanation="Only the districts whose rise stays significant after the Bonferroni correction count: with "
                    "many districts tested, some rise by chance alone.", **kw)


#: Practice: a made-up district table whose one small count is already hidden.
SUPPRESSION_PRACTICE_OPTIONS = {
    "subtract": "Otherwise the hidden count can be worked out from the total and the cells still shown",
    "rule": "The rule is to hide two cells in every table, whatever the table shows",
    "look": "A table with a single hidden cell looks unfinished, so readers would distrust the rest",
    "consent": "The households counted in a second district did not agree to have their numbers shared",
}


def s4_suppression_practice(**kw: Any) -> SingleChoice:
    """Practice: why a second cell is hidden (complementary suppression), on a made-up table."""
    return SingleChoice(
        "s4_suppression_practice",
        "Practice. A made-up table counts households with a member who left for work and lost contact: Lakeshore "
        "14, Riverside 2, Hilltop 9, total 25. Riverside's 2 is hidden. Why must one more cell be hidden before "
        "the table is shared?",
        options=SUPPRESSION_PRACTICE_OPTIONS, key="subtract",
        explanation="Hiding a small count is not enough when the total is shown: 25 - 14 - 9 gives it back. "
                    "A second cell (or the total) is hidden too, which is called complementary suppression.",
        **kw)


def s4_suppression(**kw: Any) -> SingleChoice:
    """Graded: why the gate hides some cells."""
    return SingleChoice(
        "s4_suppression",
        "Graded. Why does the safeguards gate hide some counts in the table above before it can be shared?",
        options={
            "small": "Small counts could single out the households behind them, so the gate hides them and the "
                     "other cells that would let them be worked out",
            "reliable": "Small counts are statistically unreliable, so the gate hides them along with the cells "
                        "that share their wide margin of error",
            "consent": "The households in those cells did not consent to sharing, so the gate removes their "
                       "answers and hides the cells that still contain them",
            "sensitive": "Any count about people who lost contact is too sensitive to publish, so the gate keeps "
                         "only the cells that carry no risk",
        },
        graded=True, points=1, **kw)
