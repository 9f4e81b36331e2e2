"""Session 4, notebook ``03_indicator_analysis``: primary and secondary analysis with the indicators (4.5).

The analysis helpers keep the notebook thin, so it can run as a Voilà app (it doubles as the indicator
dashboard).
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ctie_helpers.widgets import MultiSelect, NumericAnswer, SingleChoice, SortIntoBins

__all__ = [
    "s4_primary_secondary", "s4_deff_meaning", "s4_debt_estimate", "s4_planted_rise", "s4_suppression",
    "household_estimates", "age_groups", "site_changes", "rise_districts", "small_cell_table", "safe_table",
]


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
    # The registry's rule ("weighted_proportion") decides: design weight, strata and clusters.
    out = compute_indicator(h, indicator(indicator_id), by=by_col)
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


def site_columns() -> list[str]:
    """The yes/no (0/1) columns of the site assessment that the site analysis can follow over rounds."""
    from ctie_helpers.data import load

    sites = load("sites_assessment")
    return [c for c in sites.columns if len(sites[c].dropna()) and set(sites[c].dropna().unique()) <= {0, 1}]


def parameters_form(indicator_id: str = "IND-05", column: str = "recruiters_reported"):
    """The analysis parameters as a form: a household indicator and a site question in two drop-downs,
    and the overall estimate and the site change for the chosen pair, recomputed when a choice changes."""
    import ipywidgets as w
    from IPython.display import display

    from ctie_helpers.content import indicators

    household = [(f"{i.id} {i.name}", i.id) for i in indicators()
                 if i.dataset == "household_survey" and i.aggregation == "weighted_proportion"]
    ind = w.Dropdown(options=household, value=indicator_id, description="Household indicator:",
                     style={"description_width": "initial"}, layout=w.Layout(width="42em"))
    col = w.Dropdown(options=site_columns(), value=column, description="Site question:",
                     style={"description_width": "initial"})
    out = w.Output()

    def show(_change=None) -> None:
        out.clear_output(wait=True)
        with out:
            display(household_estimates(ind.value))
            display(site_changes(col.value, by=None))

    ind.observe(show, names="value")
    col.observe(show, names="value")
    show()
    return w.VBox([ind, col, out])
