"""Session 4, notebook ``01_indicators_and_questions``: indicator or question? (4.1), indicators and the
analysis framework (4.2), explanation of indicators (4.3).

Indicators come from the registry in :mod:`ctie_helpers.content` (adapted from IOM practice).
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import indicator
from ctie_helpers.data import load
from ctie_helpers.i18n.catalog import N_
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets import MatchPairs, MultiSelect, NumericAnswer, SortIntoBins

from .registry import _ind_label

__all__ = ["s4_ind_or_q_practice", "s4_indicator_or_question", "s4_cell_practice", "s4_indicator_cells",
           "s4_good_indicator", "s4_anatomy_practice", "s4_indicator_anatomy", "s4_compute_practice",
           "s4_compute_by_hand"]


# --------------------------------------------------------------------------------------------
# 4.1 Indicator or question?
# --------------------------------------------------------------------------------------------
IQ_BINS = ["Indicator", "Question"]
IQ_PRACTICE_KEY = {
    "% of sites where key informants report recruiters offering jobs in the city": "Indicator",
    "In the last month, have people come to this site offering jobs in the city?": "Question",
    "% of households reporting debt they cannot repay": "Indicator",
    "Does your household currently owe money that it cannot pay back?": "Question",
}


def s4_ind_or_q_practice(**kw: Any) -> SortIntoBins:
    """Practice: indicator or question (quiz bank 22)."""
    return SortIntoBins(
        "s4_ind_or_q_practice", "Is each statement an indicator or a question?",
        items=list(IQ_PRACTICE_KEY), bins=IQ_BINS, key=IQ_PRACTICE_KEY, noun="statements",
        explanation="An indicator is a measure with a numerator and a denominator (a %, a number, a rate) computed "
                    "over many answers; a question is what one respondent or key informant is asked.",
        **kw)


# Written without end punctuation, as a tool's item list shows them: a "?" on the questions alone would
# give the key away (issue 12, fair items). The key is in the notebook's hidden grade() call.
IQ_ITEMS = {
    "a": "Number of service points offering counter-trafficking assistance per 10,000 people",
    "b": "In the last 3 months, has any member of this household left to work elsewhere and lost contact",
    "c": "Tell us whether there is a group in this site that helps people who face abuse or exploitation",
    "d": "% of children aged 6-17 not attending school",
    "e": "% of migrants reporting at least one exploitation indicator during the journey",
    "f": "During your journey, did you work without receiving the pay you expected",
    "g": "Trend in calls to the hotline that mention job offers ending in exploitation",
    "h": "Number of children in this household aged 6-17 who went to school last week",
}


def s4_indicator_or_question(**kw: Any) -> SortIntoBins:
    """Graded: sort eight statements into indicators and questions."""
    return SortIntoBins(
        "s4_indicator_or_question",
        "Graded. Is each statement an indicator or a question? (They are listed without end punctuation, as in "
        "a tool's list of items.)",
        items=IQ_ITEMS, bins=IQ_BINS, graded=True, points=4, noun="statements", **kw)


# --------------------------------------------------------------------------------------------
# 4.2 Indicators and the analysis framework
# --------------------------------------------------------------------------------------------
CELLS_IDS = ["IND-01", "IND-06", "IND-10", "IND-13", "IND-20", "IND-23"]
CELLS_DISTRACTORS = [("household", "risk"), ("structural", "manifestation")]


def _cell_options() -> list[str]:
    # deferred: saves 36 ms at import of ctie_helpers.exercises.session4.indicators_and_questions
    from ctie_helpers.methods.evidence import cell_label

    cells = {cell_label(indicator(i).levels[0], indicator(i).categories[0]) for i in CELLS_IDS}
    cells |= {cell_label(lv, c) for lv, c in CELLS_DISTRACTORS}
    return sorted(cells)


#: Practice: three indicators the graded item does not use, with cells none of its keys use.
CELL_PRACTICE_KEY = {"IND-14": ("community", "risk"), "IND-04": ("individual", "protective"),
                     "IND-18": ("structural", "manifestation")}
CELL_PRACTICE_DISTRACTORS = [("individual", "risk"), ("community", "manifestation")]


def s4_cell_practice(**kw: Any) -> MatchPairs:
    """Practice: match three indicators (IND-14, IND-04, IND-18) to their framework cell."""
    # deferred: saves 23 ms at import of ctie_helpers.exercises.session4.indicators_and_questions
    from ctie_helpers.methods.evidence import cell_label

    cells = sorted({cell_label(lv, c) for lv, c in [*CELL_PRACTICE_KEY.values(), *CELL_PRACTICE_DISTRACTORS]})
    return MatchPairs(
        "s4_cell_practice",
        "Practice. Match each indicator (adapted from IOM practice) to its cell of the analysis framework.",
        left={i: _ind_label(i) for i in CELL_PRACTICE_KEY}, right=cells,
        key={i: cell_label(lv, c) for i, (lv, c) in CELL_PRACTICE_KEY.items()},
        explanation="Ask whose situation the indicator describes (a person, a household, a site, the country) and "
                    "whether it measures exposure, protection, a sign of trafficking or the response.",
        **kw)


def s4_indicator_cells(**kw: Any) -> MatchPairs:
    """Graded: match six indicators to their framework cell."""
    return MatchPairs(
        "s4_indicator_cells", "Graded. Match each indicator to its cell of the analysis framework.",
        left={i: _ind_label(i) for i in CELLS_IDS}, right=_cell_options(), graded=True, points=3, **kw)


# --------------------------------------------------------------------------------------------
# 4.3 Explanation of indicators
# --------------------------------------------------------------------------------------------
GOOD_OPTIONS = {
    "specific": "Specific: it says exactly what is counted, and among whom",
    "measurable": "Measurable: it has a numerator and a denominator that data can fill",
    "safe": "Feasible to collect safely in the crisis",
    "decision": "Relevant to a decision someone will take",
    "time": "Time-bound: it refers to a period or a round",
    "victims": "It counts the exact number of trafficking victims in the area",
    "long": "It needs a long interview with each victim",
}


def s4_good_indicator(**kw: Any) -> MultiSelect:
    """Practice: qualities of a good CTiE indicator."""
    return MultiSelect(
        "s4_good_indicator", "Which of these are qualities of a good CTiE indicator?",
        options=GOOD_OPTIONS, key=["specific", "measurable", "safe", "decision", "time"],
        explanation="Trafficking is hidden: CTiE indicators measure risks and proxies (recruiters seen, debt, "
                    "children working), not 'the number of victims', and they must never require interviewing "
                    "victims for an assessment.",
        **kw)


ANATOMY_PARTS = ["numerator", "denominator", "unit", "disaggregation", "source"]


def _anatomy_options() -> dict[str, str]:

    ind = indicator("IND-10")
    return {
        "num": ind.numerator,
        "den": ind.denominator,
        "unit": ind.unit,
        "dis": ", ".join(ind.disaggregation),
        "src": ind.sources[0],
        "name": N_("Names of recruiters reported by key informants"),
    }


#: Practice anatomy on IND-05 (the graded item uses IND-10): three parts, and two tempting wrong contents.
ANATOMY_PRACTICE_PARTS = ["numerator", "denominator", "disaggregation"]


def _anatomy_practice_options() -> dict[str, str]:

    ind = indicator("IND-05")
    return {
        "num": ind.numerator,
        "den": ind.denominator,
        "dis": ", ".join(ind.disaggregation),
        "question": N_("Does your household currently owe money that it cannot pay back"),
        "population": N_("All households in the country, surveyed or not"),
    }


def s4_anatomy_practice(**kw: Any) -> MatchPairs:
    """Practice: match three parts of IND-05's definition."""
    return MatchPairs(
        "s4_anatomy_practice",
        _("Practice. Match each part of the definition of '%(indicator)s' (adapted from IOM practice) to its "
          "content.") % {"indicator": _ind_label("IND-05")},
        left={p: p.capitalize() for p in ANATOMY_PRACTICE_PARTS}, right=_anatomy_practice_options(),
        key={"numerator": "num", "denominator": "den", "disaggregation": "dis"},
        explanation="The numerator counts who has the condition, the denominator everyone it is measured among, "
                    "and the disaggregation says how the result is split so that differences between groups show.",
        **kw)


def s4_indicator_anatomy(**kw: Any) -> MatchPairs:
    """Graded: match the parts of IND-10's definition."""
    return MatchPairs(
        "s4_indicator_anatomy",
        _("Graded. Match each part of the definition of '%(indicator)s' to its content.") % {
            "indicator": _ind_label("IND-10")},
        left={p: p.capitalize() for p in ANATOMY_PARTS}, right=_anatomy_options(), graded=True, points=2, **kw)


def s4_compute_practice(**kw: Any) -> NumericAnswer:
    """Practice: compute a site indicator from a made-up count (the graded item uses round 2 of the data)."""
    return NumericAnswer(
        "s4_compute_practice",
        "Practice. In a made-up assessment round, key informants in 11 of the 38 assessed sites reported children "
        "working outside the site. What is IND-11 for that round, in %? (one decimal)",
        unit="%", abs_tol=0.1, key=28.9,
        explanation="Numerator over denominator, times 100: 11 / 38 = 0.289, so 28.9%. The denominator is every "
                    "assessed site, not only the sites that reported something (CTiE IM Guide, ch. 6; IND-11 "
                    "adapted from IOM practice).",
        **kw)


def s4_compute_by_hand(**kw: Any) -> NumericAnswer:
    """Graded: compute IND-10 for round 2 from a count."""
    n_yes, n_sites = _round2_recruiters()
    return NumericAnswer(
        "s4_compute_by_hand",
        _("Graded. In round 2, key informants in %(n)s of the %(sites)s assessed sites reported recruiters "
          "offering jobs. What is IND-10 for round 2, in %%? (one decimal)") % {"n": n_yes, "sites": n_sites},
        unit="%", abs_tol=0.1, graded=True, points=1, **kw)


def _round2_recruiters() -> tuple[int, int]:

    s = load("sites_assessment")
    r2 = s[s["round"] == 2]
    return int(r2["recruiters_reported"].sum()), int(r2["recruiters_reported"].notna().sum())
