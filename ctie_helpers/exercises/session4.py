"""Exercise factories and notebook tables of session 4: CTiE indicators.

One function per exercise id (``s4_<slug>``), in teaching order (agenda points 4.1-4.5). Practice items carry
their key; graded items carry none (DEVELOPERS.md). Indicators come from the registry in
:mod:`ctie_helpers.content` (IND-01..25, *adapted from IOM practice*: the Guide's own chapter 6 list was not
available). The analysis helpers at the end keep the analysis notebook thin, so it can run as a Voilà app.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ctie_helpers.widgets import MatchPairs, MultiSelect, NumericAnswer, SingleChoice, SortIntoBins

__all__ = [
    "s4_ind_or_q_practice", "s4_indicator_or_question", "s4_cell_practice", "s4_indicator_cells",
    "s4_good_indicator", "s4_indicator_anatomy", "s4_compute_by_hand", "s4_source_practice",
    "s4_indicator_sources", "s4_secondary_only", "s4_primary_secondary", "s4_deff_meaning",
    "s4_debt_estimate", "s4_planted_rise", "s4_suppression",
    "registry_table", "indicator_cell_counts", "household_estimates", "site_changes", "rise_districts",
    "small_cell_table", "safe_table", "draft_question", "further_reading",
]

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


IQ_ITEMS = {
    "a": "Number of service points offering counter-trafficking assistance per 10,000 people",
    "b": "In the last 3 months, has any member of this household left to work elsewhere and lost contact?",
    "c": "% of children aged 6-17 not attending school",
    "d": "Is there a group in this site that helps people who face abuse or exploitation?",
    "e": "% of migrants reporting at least one exploitation indicator during the journey",
    "f": "During your journey, did you work without receiving the pay you expected?",
    "g": "Trend in calls to the hotline that mention job offers ending in exploitation",
    "h": "How many children in this household aged 6-17 went to school last week?",
}


def s4_indicator_or_question(**kw: Any) -> SortIntoBins:
    """Graded: sort eight statements into indicators and questions."""
    return SortIntoBins(
        "s4_indicator_or_question", "Graded. Is each statement an indicator or a question?",
        items=IQ_ITEMS, bins=IQ_BINS, graded=True, points=4, noun="statements", **kw)


def draft_question(question: dict) -> pd.DataFrame:
    """Lint a draft question (a dict with name, label, type, choices, indicator) and list what to fix."""
    from ctie_helpers.methods.questionnaire import findings_table, lint_question

    table = findings_table(lint_question(question))
    if table.empty:
        return pd.DataFrame({"result": ["No problem found by the linter. Now test it with colleagues."]})
    return table


# --------------------------------------------------------------------------------------------
# 4.2 Indicators and the analysis framework
# --------------------------------------------------------------------------------------------
CELLS_IDS = ["IND-01", "IND-06", "IND-10", "IND-13", "IND-20", "IND-23"]
CELLS_DISTRACTORS = [("household", "risk"), ("structural", "manifestation")]


def _ind_label(ind_id: str) -> str:
    from ctie_helpers.content import indicator

    return f"{ind_id} {indicator(ind_id).name}"


def _cell_options() -> list[str]:
    from ctie_helpers.content import indicator
    from ctie_helpers.methods.evidence import cell_label

    cells = {cell_label(indicator(i).levels[0], indicator(i).categories[0]) for i in CELLS_IDS}
    cells |= {cell_label(lv, c) for lv, c in CELLS_DISTRACTORS}
    return sorted(cells)


def s4_cell_practice(**kw: Any) -> SingleChoice:
    """Practice: the framework cell of IND-14 (safety concerns for women and girls)."""
    from ctie_helpers.methods.evidence import cell_label

    opts = [cell_label("community", "risk"), cell_label("individual", "risk"), cell_label("community", "manifestation"),
            cell_label("structural", "response")]
    return SingleChoice(
        "s4_cell_practice", f"In which cell of the framework does '{_ind_label('IND-14')}' sit?",
        options=opts, key=opts[0],
        explanation="Unsafe paths to latrines and poor lighting are features of the site (community level) that "
                    "raise exposure to abuse and exploitation: a risk factor, not yet a sign of trafficking itself.",
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
    from ctie_helpers.content import indicator

    ind = indicator("IND-10")
    return {
        "num": ind.numerator,
        "den": ind.denominator,
        "unit": ind.unit,
        "dis": ", ".join(ind.disaggregation),
        "src": ind.sources[0],
        "name": "Names of recruiters reported by key informants",
    }


def s4_indicator_anatomy(**kw: Any) -> MatchPairs:
    """Graded: match the parts of IND-10's definition."""
    return MatchPairs(
        "s4_indicator_anatomy",
        f"Graded. Match each part of the definition of '{_ind_label('IND-10')}' to its content.",
        left={p: p.capitalize() for p in ANATOMY_PARTS}, right=_anatomy_options(), graded=True, points=2, **kw)


def s4_compute_by_hand(**kw: Any) -> NumericAnswer:
    """Graded: compute IND-10 for round 2 from a count."""
    n_yes, n_sites = _round2_recruiters()
    return NumericAnswer(
        "s4_compute_by_hand",
        f"Graded. In round 2, key informants in {n_yes} of the {n_sites} assessed sites reported recruiters "
        "offering jobs. What is IND-10 for round 2, in %? (one decimal)",
        unit="%", abs_tol=0.1, graded=True, points=1, **kw)


def _round2_recruiters() -> tuple[int, int]:
    from ctie_helpers.data import load

    s = load("sites_assessment")
    r2 = s[s["round"] == 2]
    return int(r2["recruiters_reported"].sum()), int(r2["recruiters_reported"].notna().sum())


# --------------------------------------------------------------------------------------------
# 4.4 Examples of sources of different indicators
# --------------------------------------------------------------------------------------------
SOURCES_IDS = ["IND-02", "IND-15", "IND-21", "IND-23", "IND-16"]


def _pim_options() -> dict[str, str]:
    from ctie_helpers.content import matrix

    return {c.key: c.name for c in matrix()}


def s4_source_practice(**kw: Any) -> SingleChoice:
    """Practice: which PIM Matrix system yields IND-06."""
    opts = _pim_options()
    return SingleChoice(
        "s4_source_practice",
        f"'{_ind_label('IND-06')}': which PIM Matrix system is the most likely first source?",
        options=opts, key=["protection_needs_assessment", "protection_monitoring"],
        explanation="A household needs assessment (MSNA protection module) can ask it once; protection "
                    "monitoring can follow it over time. Case management would only see the few families who "
                    "come forward.",
        **kw)


def s4_indicator_sources(**kw: Any) -> MatchPairs:
    """Graded: match five indicators to the PIM Matrix system that yields them."""
    return MatchPairs(
        "s4_indicator_sources", "Graded. Match each indicator to the PIM Matrix system that yields it.",
        left={i: _ind_label(i) for i in SOURCES_IDS}, right=_pim_options(), graded=True, points=3, **kw)


SECONDARY_OPTIONS = ["IND-16", "IND-19", "IND-20", "IND-06", "IND-03", "IND-11"]


def s4_secondary_only(**kw: Any) -> MultiSelect:
    """Graded: which indicators can come from secondary sources alone."""
    return MultiSelect(
        "s4_secondary_only",
        "Graded. Which of these indicators can an analyst fill from published secondary sources alone, with "
        "no new contact with affected people?",
        options={i: _ind_label(i) for i in SECONDARY_OPTIONS}, graded=True, points=2, **kw)


# --------------------------------------------------------------------------------------------
# 4.5 Primary and secondary analysis with the indicators
# --------------------------------------------------------------------------------------------
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
    """Graded: read the weighted national estimate of IND-05."""
    return NumericAnswer(
        "s4_debt_estimate",
        "Graded. From the weighted table, what is the national estimate of IND-05 (households with debt they "
        "cannot repay), in %? (one decimal)",
        unit="%", abs_tol=0.5, graded=True, points=2, **kw)


RISE_OPTIONS = ["XA0101", "XA0203", "XA0301", "XA0402", "XA0501", "XA0202"]


def s4_planted_rise(**kw: Any) -> MultiSelect:
    """Graded: which districts show a significant rise in recruiter reports between the rounds."""
    from ctie_helpers.data.geography import admin2_name

    return MultiSelect(
        "s4_planted_rise",
        "Graded. In which districts did the share of sites reporting recruiters rise significantly between "
        "round 1 and round 2?",
        options={p: f"{admin2_name(p)} ({p})" for p in RISE_OPTIONS}, graded=True, points=2, **kw)


def s4_suppression(**kw: Any) -> SingleChoice:
    """Graded: why the gate hides some cells."""
    return SingleChoice(
        "s4_suppression",
        "Graded. Why does the safeguards gate hide some counts in the table above before it can be shared?",
        options={
            "small": "Counts below the threshold could point to identifiable households or children; other cells are "
                     "hidden too so the small ones cannot be worked out from the totals",
            "wrong": "Those counts were computed wrongly",
            "zero": "Those districts have no households",
            "space": "To make the table shorter",
        },
        graded=True, points=1, **kw)


# --------------------------------------------------------------------------------------------
# Tables for the notebooks (the analysis notebook doubles as the indicator dashboard)
# --------------------------------------------------------------------------------------------


def registry_table(level: str | None = None) -> pd.DataFrame:
    """The indicator registry: id, name, level(s), category(ies), PIM systems, synthetic dataset."""
    from ctie_helpers.content import indicators

    rows = [{"id": i.id, "indicator": i.name, "level": ", ".join(i.levels), "category": ", ".join(i.categories),
             "PIM systems": ", ".join(i.pim_categories), "computed here from": i.dataset or "(secondary only)"}
            for i in indicators() if level is None or level in i.levels]
    return pd.DataFrame(rows).set_index("id")


def indicator_cell_counts():
    """How many indicators sit in each framework cell (an indicator with two levels counts in both)."""
    from ctie_helpers.content import indicators
    from ctie_helpers.methods.evidence import evidence_matrix

    rows = [{"excerpt_id": i.id, "level": lv, "category": c} for i in indicators() for lv in i.levels
            for c in i.categories]
    return evidence_matrix(pd.DataFrame(rows))


def household_estimates(indicator_id: str = "IND-05", by: str | None = None) -> pd.DataFrame:
    """Weighted, design-based estimate of a household indicator (%), overall or by a column.

    Uses the survey design (strata = province, clusters = sites, weights), so the interval and the design
    effect are honest about clustering. Percentages rounded to one decimal.
    """
    from ctie_helpers.analysis.indicators import compute_indicator
    from ctie_helpers.content import indicator
    from ctie_helpers.data import load

    h = load("household_survey")
    by_col = by
    if by == "hh_head_age_group":
        h = h.assign(hh_head_age_group=age_groups(h["hh_head_age"]))
    # The registry says "weighted_proportion"; the estimator calls it a proportion with weights.
    out = compute_indicator(h, indicator(indicator_id), "proportion", weight="weight", by=by_col,
                            cluster="cluster_id", strata="stratum")
    for col in ("value", "lower", "upper"):
        out[col] = (100 * out[col]).round(1)
    out["deff"] = out["deff"].round(1)
    keep = ([by_col] if by_col else []) + ["indicator", "value", "lower", "upper", "deff", "n"]
    return out[keep].rename(columns={"value": "estimate %", "lower": "95% CI low", "upper": "95% CI high"})


def age_groups(age: pd.Series) -> pd.Series:
    """Head-of-household age in groups: under 18 (child-headed), 18-29, 30-59, 60+."""
    return pd.cut(age.astype(float), [0, 17, 29, 59, 200], labels=["under 18", "18-29", "30-59", "60+"]).astype(str)


def site_changes(column: str = "recruiters_reported", by: str | None = "admin2_pcode") -> pd.DataFrame:
    """Share of sites (%) before and after the shock, per area, with the change and its interval."""
    from ctie_helpers.analysis.indicators import compare_rounds
    from ctie_helpers.data import load
    from ctie_helpers.data.geography import admin1_name, admin2_name

    out = compare_rounds(load("sites_assessment"), column, by=by)
    if by == "admin2_pcode":
        out.insert(1, "district", out["admin2_pcode"].map(admin2_name))
    elif by == "admin1_pcode":
        out.insert(1, "province", out["admin1_pcode"].map(admin1_name))
    for col in ("p_before", "p_after", "change", "lower", "upper"):
        out[col] = (100 * out[col]).round(1)
    return out.drop(columns=["p_value"])


def rise_districts(column: str = "recruiters_reported") -> pd.DataFrame:
    """Districts with a significant rise after the shock (Bonferroni-adjusted across districts)."""
    from ctie_helpers.analysis.indicators import flag_changes
    from ctie_helpers.data import load
    from ctie_helpers.data.geography import admin2_name

    out = flag_changes(load("sites_assessment"), column, by="admin2_pcode", adjust="bonferroni")
    out.insert(1, "district", out["admin2_pcode"].map(admin2_name))
    return out[["admin2_pcode", "district", "p_before", "p_after", "change", "n_before", "n_after"]]


def small_cell_table(column: str = "member_lost_contact") -> pd.DataFrame:
    """Count of surveyed households with ``column`` = 1, by district and displacement status (raw, unsafe)."""
    from ctie_helpers.data import load

    h = load("household_survey")
    sub = h[h[column] == 1]
    return pd.crosstab(sub["admin2_pcode"], sub["displacement_status"]).rename_axis(columns=None)


def safe_table(table: pd.DataFrame):
    """Pass a count table through the safeguards gate (public context); returns the gate's result."""
    from ctie_helpers.safeguards.gate import gate

    return gate(table, kind="table", context="public")


def further_reading() -> pd.DataFrame:
    """The further-reading catalogue entries for session 4 (title, year, publisher, summary)."""
    from ctie_helpers.content import reading

    frame = reading.readings_frame()
    rows = frame[frame["sessions"].apply(lambda s: 4 in s)]
    return rows[["title", "year", "publisher", "summary"]].reset_index(drop=True)
