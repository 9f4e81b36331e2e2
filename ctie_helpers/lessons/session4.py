"""What the notebooks of session 4 show between exercises: tables, readings, lab and analysis helpers.

The exercise factories (``s4_<slug>``) and the data they need live in
:mod:`ctie_helpers.exercises.session4`; a notebook imports both::

    from ctie_helpers.exercises import session4 as ex
    from ctie_helpers.lessons import session4 as lesson
"""

from __future__ import annotations

import html

import pandas as pd

from ctie_helpers.analysis.indicators import flag_changes
from ctie_helpers.content import PROVENANCE_ADAPTED, indicator, indicators
from ctie_helpers.content.reading import reading_table
from ctie_helpers.data import load
from ctie_helpers.i18n import current_language, normalize
from ctie_helpers.i18n.catalog import gettext as _

__all__ = ["REGISTRY_CAPTION", "registry_frame", "registry_table", "indicator_cell_counts", "draft_question", "household_estimates", "age_groups", "site_changes", "rise_districts", "small_cell_table", "safe_table", "further_reading",
           "DRAFT_QUESTION", "question_editor", "site_columns", "parameters_form", "disaggregation_run"]


# ----------------------------------------------------------------------------------------------------
# the indicator registry as notebooks 01 and 02 show it
# ----------------------------------------------------------------------------------------------------

#: Shown with every indicator table: the Guide's chapter 6 list could not be retrieved, so the registry is a
#: reconstruction and must say so (domain brief 6.1).
REGISTRY_CAPTION = (f"Illustrative CTiE indicators, {PROVENANCE_ADAPTED}: the Guide's own chapter 6 list could "
                    "not be retrieved, so this is a reconstruction, not a quote from the Guide.")


def registry_frame(level: str | None = None) -> pd.DataFrame:
    """The indicator registry: id, name, level(s), category(ies), PIM systems, synthetic dataset."""

    rows = [{"id": i.id, "indicator": i.name, "level": ", ".join(i.levels), "category": ", ".join(i.categories),
             "PIM systems": ", ".join(i.pim_categories), "computed here from": i.dataset or "(secondary only)"}
            for i in indicators() if level is None or level in i.levels]
    frame = pd.DataFrame(rows).set_index("id")
    frame.attrs["caption"] = REGISTRY_CAPTION
    return frame


def registry_table(level: str | None = None, columns: list[str] | None = None):
    """The registry as shown to trainees: :func:`registry_frame` (``columns`` of it) with its provenance caption.

    Returns a pandas ``Styler``, which a notebook displays as a table with :data:`REGISTRY_CAPTION` above it;
    use :func:`registry_frame` for the plain DataFrame.
    """
    # deferred: saves <1 ms at import of ctie_helpers.lessons.session4 (the display-only translation of tables)
    from ctie_helpers.lessons._display import translated_frame

    frame = registry_frame(level)
    if columns is not None:
        frame = frame[list(columns)]
    frame = translated_frame(frame)  # a Styler is drawn as it is: translate what it shows (display only)
    # REGISTRY_CAPTION in the language in force (PROVENANCE_ADAPTED written out: a msgid is a literal)
    caption_text = _("Illustrative CTiE indicators, adapted from IOM practice: the Guide's own chapter 6 list could "
                     "not be retrieved, so this is a reconstruction, not a quote from the Guide.")
    try:
        # deferred: only to learn whether pandas' Styler can render (it needs jinja2)
        import jinja2  # noqa: F401
    except ImportError:  # the offline edition's browser has no jinja2: the same table and caption, as HTML
        # deferred: saves <1 ms at import of ctie_helpers.lessons.session4 (only the offline edition gets here)
        from IPython.display import HTML

        caption = f"<caption>{html.escape(caption_text)}</caption>"
        return HTML(frame.to_html().replace(">", ">" + caption, 1))
    return frame.style.set_caption(caption_text)


# ----------------------------------------------------------------------------------------------------
# ``01_indicators_and_questions``: indicator or question? (4.1-4.3)
# ----------------------------------------------------------------------------------------------------

def draft_question(question: dict) -> pd.DataFrame:
    """Lint a draft question (a dict with name, label, type, choices, indicator) and list what to fix."""
    # deferred: saves 36 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.methods.questionnaire import findings_table, lint_question

    table = findings_table(lint_question(question))
    if table.empty:
        return pd.DataFrame({"result": ["No problem found by the linter. Now test it with colleagues."]})
    return table


def indicator_cell_counts():
    """How many indicators sit in each framework cell (an indicator with two levels counts in both)."""
    # deferred: saves 63 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.methods.evidence import evidence_matrix

    rows = [{"excerpt_id": i.id, "level": lv, "category": c} for i in indicators() for lv in i.levels
            for c in i.categories]
    return evidence_matrix(pd.DataFrame(rows))


# ----------------------------------------------------------------------------------------------------
# ``03_indicator_analysis``: primary and secondary analysis with the indicators (4.5).
# ----------------------------------------------------------------------------------------------------

def household_estimates(indicator_id: str = "IND-05", by: str | None = None) -> pd.DataFrame:
    """Weighted, design-based estimate of a household indicator (%), overall or by a column.

    Uses the survey design (strata = province, clusters = sites, weights), so the interval and the design
    effect are honest about clustering. Percentages rounded to one decimal.
    """
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.analysis.indicators import compute_indicator

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
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.analysis.indicators import compare_rounds

    # deferred: saves 0 ms at import of ctie_helpers.lessons.session4
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
    # deferred: saves 0 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.data.geography import admin2_name

    out = flag_changes(load("sites_assessment"), column, by="admin2_pcode", adjust="bonferroni")
    out.insert(1, "district", out["admin2_pcode"].map(admin2_name))
    return out[["admin2_pcode", "district", "p_before", "p_after", "change", "n_before", "n_after"]]


def small_cell_table(column: str = "member_lost_contact") -> pd.DataFrame:
    """Count of surveyed households with ``column`` = 1, by district and displacement status (raw, unsafe)."""

    h = load("household_survey")
    sub = h[h[column] == 1]
    return pd.crosstab(sub["admin2_pcode"], sub["displacement_status"]).rename_axis(columns=None)


def safe_table(table: pd.DataFrame):
    """Pass a count table through the safeguards gate (public context); returns the gate's result."""
    # deferred: saves 86 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.safeguards.gate import gate

    return gate(table, kind="table", context="public")


# ----------------------------------------------------------------------------------------------------
# the further-reading table that closes every notebook of the session
# ----------------------------------------------------------------------------------------------------

def further_reading():
    """The further-reading catalogue entries for session 4 (title, year, publisher, summary)."""
    return reading_table(4)


# --- forms that replace code editing (course mode: no answer needs Python) -------------------------------

#: The draft question the trainee improves (a leading, jargon-laden wording the linter flags).
DRAFT_QUESTION = {"name": "children_work_outside", "label": "Are children from this site being exploited?",
                  "type": "select_one", "choices": ("Yes", "No"), "indicator": "IND-11"}
#: The same draft in each language (the linter reads the trainee's language, so the draft is written in it).
DRAFT_QUESTIONS = {
    "en": DRAFT_QUESTION,
    "fr": {**DRAFT_QUESTION, "label": "Les enfants de ce site sont-ils exploités ?", "choices": ("Oui", "Non")},
    "es": {**DRAFT_QUESTION, "label": "¿Los niños de este sitio son explotados?", "choices": ("Sí", "No")},
}


def question_editor(lang: str | None = None):
    """The draft question in the questionnaire builder's form: the trainee rewrites the wording, the
    options and the indicator in text boxes and drop-downs, and the linter's findings update on "Add or update".
    The draft and the linter are in ``lang`` (default: the trainee's language)."""
    # deferred: saves 1653 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.apps.questionnaire import QuestionnaireBuilder

    lang = normalize(lang or current_language())
    return QuestionnaireBuilder([dict(DRAFT_QUESTIONS[lang])], title="My draft question", lang=lang)


def site_columns() -> list[str]:
    """The yes/no (0/1) columns of the site assessment that the site analysis can follow over rounds."""

    sites = load("sites_assessment")
    return [c for c in sites.columns if len(sites[c].dropna()) and set(sites[c].dropna().unique()) <= {0, 1}]


def parameters_form(indicator_id: str = "IND-05", column: str = "recruiters_reported"):
    """The analysis parameters as a form: a household indicator and a site question in two drop-downs; on
    "Compute the estimates", the weighted estimate with its interval and the site change for the chosen pair."""
    # deferred: saves 272 ms at import of ctie_helpers.lessons.session4
    import ipywidgets as w

    # deferred: saves <1 ms at import of ctie_helpers.lessons.session4 (under 20 ms, loaded machine: may move up)
    from ctie_helpers.content import indicators

    # deferred: saves 117 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.widgets import RunOnClick

    household = [(f"{i.id} {_(i.name)}", i.id) for i in indicators()
                 if i.dataset == "household_survey" and i.aggregation == "weighted_proportion"]
    ind = w.Dropdown(options=household, value=indicator_id, description="Household indicator:",
                     style={"description_width": "initial"}, layout=w.Layout(width="42em"))
    col = w.Dropdown(options=site_columns(), value=column, description="Site question:",
                     style={"description_width": "initial"})
    return RunOnClick("Compute the estimates",
                      lambda indicator_id, column: [household_estimates(indicator_id), site_changes(column, by=None)],
                      inputs={"indicator_id": ind, "column": col},
                      intro="Choose an indicator and a site question; the weighted estimate with its 95% interval "
                            "and the change between rounds are computed when you click.")


def disaggregation_run(indicator_id: str = "IND-05"):
    """The household indicator disaggregated behind a button: on click, by sex of the head of household (a
    chart with its text alternative), by age group and by province (tables), each with its 95% interval."""
    # deferred: saves 8 ms at import of ctie_helpers.lessons.session4 (under 20 ms, loaded machine: may move up)
    from ctie_helpers.plots.session4 import estimate_bars

    # deferred: saves 112 ms at import of ctie_helpers.lessons.session4
    from ctie_helpers.widgets import RunOnClick

    def compute() -> list:
        return [household_estimates(indicator_id, by=by) for by in ("hh_head_sex", "hh_head_age_group", "admin1_pcode")]

    def render(tables: list) -> list:
        by_sex, by_age, by_province = tables
        return [estimate_bars(by_sex, "hh_head_sex", f"{indicator_id} by sex of the head of household"),
                "<p><b>By age group of the head of household:</b></p>", by_age,
                "<p><b>By province:</b></p>", by_province]

    return RunOnClick("Disaggregate the estimate", compute, render,
                      intro=_("Computes %(indicator)s with its 95%% interval for each group, using the survey "
                              "design.") % {"indicator": indicator_id})
