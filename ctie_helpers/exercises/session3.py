"""Exercise factories of session 3: the CTiE analysis framework.

One function per exercise id (``s3_<slug>``), in teaching order (agenda points 3.1-3.6). Practice items
carry their key here; graded items carry **no key** (it lives only in the hidden test cell of the source
notebook, DEVELOPERS.md). Factor texts come from the factor bank (:mod:`ctie_helpers.content.framework`),
which is adapted from IOM practice (DoMV model, IOM 2019). Scenarios are fictional, set in Ardania.
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MatchPairs, MultiSelect, OrderSteps, SingleChoice, SortIntoBins

__all__ = [
    "LEVEL_BINS", "CATEGORY_BINS", "PATHWAY_STEPS",
    "s3_usage_practice", "s3_im_cycle", "s3_localise_practice", "s3_standard_or_local",
    "s3_actor_data", "s3_joint_analysis", "s3_category_practice", "s3_categories", "s3_pathway_order",
    "s3_levels_practice", "s3_factor_levels", "s3_risk_protective", "s3_context_dependent",
    "s3_tag_practice", "s3_tag_excerpts", "s3_tag_indicators", "s3_gap_reading",
]

#: The four socio-ecological levels as shown in the sorting widgets (framework order).
LEVEL_BINS = ["Individual", "Household/family", "Community", "Structural"]
#: The five analysis categories as shown in the widgets (framework column order).
CATEGORY_BINS = ["Context & crisis drivers", "Risk factors", "Protective factors & capacities",
                 "TIP manifestations", "Response & service gaps"]


def _pathway_steps() -> dict[str, str]:
    from ctie_helpers.content import framework

    return {s.key: s.name for s in framework.pathway()}


PATHWAY_STEPS = _pathway_steps()

# --------------------------------------------------------------------------------------------
# 3.1 Data usage and a systematic approach to information management
# --------------------------------------------------------------------------------------------


def s3_usage_practice(**kw: Any) -> SingleChoice:
    """Practice: what turns a pile of data into something a manager can act on."""
    return SingleChoice(
        "s3_usage_practice",
        "Key informants in 12 of 40 sites in Lakeshore district report people offering jobs in the capital. "
        "What turns this data into information a programme manager can use?",
        options={
            "more": "Collecting the same data again in more sites",
            "analyse": "Comparing it with other sources and with the previous round, and saying what it means for "
                       "prevention and referral",
            "publish": "Publishing the list of the 12 sites on social media",
            "store": "Storing the data safely until someone asks for it",
        },
        key="analyse",
        explanation="Data becomes information when it is organised, compared and interpreted against a question "
                    "someone must decide on. More data, or data kept in a drawer, does not help a decision; a public "
                    "list of sites could point traffickers and others to vulnerable people.",
        **kw)


IM_CYCLE = {
    "needs": "Agree which decisions the information must inform",
    "review": "Review the data that already exists and find the gaps",
    "collect": "Collect only the data that is still missing",
    "analyse": "Process and analyse it against the framework",
    "share": "Share the analysis with the people who decide",
    "evaluate": "Check how the analysis was used and adjust",
}


def s3_im_cycle(**kw: Any) -> OrderSteps:
    """Graded: order the steps of a systematic approach to CTiE information management."""
    shown = ["analyse", "collect", "needs", "evaluate", "share", "review"]
    return OrderSteps(
        "s3_im_cycle",
        "Graded. Put the steps of a systematic approach to information management in order.",
        steps={k: IM_CYCLE[k] for k in shown}, graded=True, points=2, **kw)


# --------------------------------------------------------------------------------------------
# 3.2 From standardisation to localisation
# --------------------------------------------------------------------------------------------


def s3_localise_practice(**kw: Any) -> SingleChoice:
    """Practice: what may change when a standard indicator is used in Ardania."""
    return SingleChoice(
        "s3_localise_practice",
        "The indicator 'Percentage of households reporting debt they cannot repay' is used in Ardania. "
        "What should the Ardania team adapt?",
        options={
            "definition": "The numerator and denominator, so the figure looks better",
            "wording": "The wording of the question, in the local language, with local examples of debt "
                       "(shop credit, loans from employers)",
            "level": "The framework level, from household to structural",
            "nothing": "Nothing at all: a standard must never change",
        },
        key="wording",
        explanation="Keep what makes results comparable (the definition, the level and category, the "
                    "disaggregation) and localise what makes the question understood: language, local "
                    "examples, answer options that exist in the local economy.",
        **kw)


STANDARD_OR_LOCAL_ITEMS = {
    "levels": "The four levels and five categories of the analysis framework",
    "definition": "The numerator and denominator of each indicator",
    "disagg": "Disaggregation by sex and age group",
    "language": "The language and wording of each question",
    "options": "Answer options that name local livelihoods and local lenders",
    "ki": "Which key informants to interview in each site (teachers, site managers, women's group leaders)",
    "areas": "The admin areas and site codes used for reporting",
    "channels": "How results are shared back with the community",
}


def s3_standard_or_local(**kw: Any) -> SortIntoBins:
    """Graded: which parts of a CTiE information system stay standard, which are localised."""
    return SortIntoBins(
        "s3_standard_or_local",
        "Graded. For each element, decide whether it should stay standard across responses or be adapted "
        "to the local context.",
        items=STANDARD_OR_LOCAL_ITEMS, bins=["Keep standard", "Adapt locally"], graded=True, points=2,
        noun="elements", **kw)


# --------------------------------------------------------------------------------------------
# 3.3 A common analysis framework and the interaction among actors
# --------------------------------------------------------------------------------------------

ACTOR_DATA_KEY = {
    "DTM team": "Site key-informant assessments: population, recruiters seen, children working",
    "Child protection AoR": "Numbers of unaccompanied and separated children",
    "GBV AoR": "Safety audits of lighting and access to latrines",
    "Counter-trafficking working group": "Aggregated numbers of assisted victims by form of exploitation",
    "Education cluster": "School attendance and drop-out by site",
}


def s3_actor_data(**kw: Any) -> MatchPairs:
    """Practice: match each actor in the Ardania response to the data it can bring to a joint analysis."""
    right = sorted(ACTOR_DATA_KEY.values())
    return MatchPairs(
        "s3_actor_data",
        "Match each actor in the Ardania response to the data it can bring to a joint CTiE analysis.",
        left=list(ACTOR_DATA_KEY), right=right, key=ACTOR_DATA_KEY,
        explanation="Each actor already runs its own system. A common framework lets their aggregated data "
                    "land in the same level x category cells, so the analysis can combine them instead of "
                    "asking the same communities the same questions again.",
        **kw)


JOINT_OPTIONS = {
    "combine": "Data from different agencies can be placed side by side and combined",
    "fatigue": "Fewer repeated assessments of the same communities (less assessment fatigue and less risk)",
    "shared": "A shared picture supports joint prioritisation and decisions",
    "gaps": "Gaps across all actors become visible, so new collection targets only what is missing",
    "cases": "Individual case files can be shared freely among all actors",
    "prevalence": "It produces a prevalence estimate of trafficking without any survey",
    "no_protocols": "Data-sharing agreements are no longer needed",
}


def s3_joint_analysis(**kw: Any) -> MultiSelect:
    """Graded: benefits of a common analysis framework across actors."""
    return MultiSelect(
        "s3_joint_analysis",
        "Graded. Which of these are benefits of several actors using one common analysis framework?",
        options=JOINT_OPTIONS, graded=True, points=2, **kw)


# --------------------------------------------------------------------------------------------
# 3.4 Structure and reading of the framework
# --------------------------------------------------------------------------------------------

CATEGORY_PRACTICE_KEY = {
    "Floods displaced 60,000 people in the north in March": "Context & crisis drivers",
    "Many displaced households have debts they cannot repay": "Risk factors",
    "A women's group in the site runs a safe-space and information desk": "Protective factors & capacities",
    "Key informants report young men recruited for 'farm work' who never called home": "TIP manifestations",
    "No organisation in the district can take referrals of adult male victims": "Response & service gaps",
}


def s3_category_practice(**kw: Any) -> SortIntoBins:
    """Practice: sort five pieces of evidence into the five analysis categories."""
    return SortIntoBins(
        "s3_category_practice",
        "Sort each piece of evidence into the analysis category (column of the matrix) it informs.",
        items=list(CATEGORY_PRACTICE_KEY), bins=CATEGORY_BINS, key=CATEGORY_PRACTICE_KEY, noun="statements",
        explanation="Context describes the shock and its conditions; risk and protective factors describe who is "
                    "more or less exposed; manifestations are signs that trafficking is happening; the response "
                    "column records what services exist and where they fall short.",
        **kw)


CATEGORY_ITEMS = {
    "inflation": "Prices of staple food doubled since the border closed",
    "uasc": "One in ten children in the transit site is unaccompanied",
    "hotline": "Most displaced families know the free protection hotline number",
    "held": "Migrants describe being held in a warehouse until relatives paid",
    "shelter": "The only shelter for victims is 300 km from the affected area",
    "cohesion": "Host and displaced communities share markets and schools peacefully",
}


def s3_categories(**kw: Any) -> SortIntoBins:
    """Graded: sort six pieces of evidence into the five analysis categories."""
    return SortIntoBins(
        "s3_categories",
        "Graded. Sort each piece of evidence into the analysis category it informs.",
        items=CATEGORY_ITEMS, bins=CATEGORY_BINS, graded=True, points=3, noun="statements", **kw)


def s3_pathway_order(**kw: Any) -> OrderSteps:
    """Graded: put the steps of the conceptual pathway in order."""
    keys = list(PATHWAY_STEPS)
    shown = [keys[i] for i in (4, 1, 7, 0, 6, 3, 8, 2, 5)]  # a fixed shuffle: same for every trainee
    return OrderSteps(
        "s3_pathway_order",
        "Graded. Put the steps of the conceptual pathway in order, from before the crisis to recovery.",
        steps={k: PATHWAY_STEPS[k] for k in shown}, graded=True, points=3, **kw)


# --------------------------------------------------------------------------------------------
# 3.5 Examples on the ecological model
# --------------------------------------------------------------------------------------------

LEVELS_PRACTICE_KEY = {
    "Lack of identity documents": "Individual",
    "Loss of the main breadwinner": "Household/family",
    "Presence of recruiters or brokers": "Community",
    "Weak rule of law and corruption": "Structural",
}


def s3_levels_practice(**kw: Any) -> SortIntoBins:
    """Practice: place four factors on their socio-ecological level."""
    return SortIntoBins(
        "s3_levels_practice",
        "Place each factor on its level of the socio-ecological model.",
        items=list(LEVELS_PRACTICE_KEY), bins=LEVEL_BINS, key=LEVELS_PRACTICE_KEY, noun="factors",
        explanation="Ask 'whose characteristic is it?': a person's (individual), the household's, the "
                    "site's or neighbourhood's (community), or the country's laws, economy and institutions "
                    "(structural).",
        **kw)


#: Factors of the graded level sort (texts from the factor bank).
FACTOR_LEVEL_ITEMS = [
    "Unaccompanied or separated child",
    "Household debt",
    "Family members acting as recruiters",
    "Poor lighting and unsafe access to WASH facilities",
    "Presence of armed groups",
    "Absent or poorly enforced anti-trafficking law",
    "Knowledge of rights and safe migration",
    "Birth registration",
]


def s3_factor_levels(**kw: Any) -> SortIntoBins:
    """Graded: place eight factors on their level; the notebook then draws them on the rings."""
    return SortIntoBins(
        "s3_factor_levels",
        "Graded. Place each factor on its level of the socio-ecological model.",
        items=FACTOR_LEVEL_ITEMS, bins=LEVEL_BINS, graded=True, points=4, noun="factors", **kw)


RISK_PROTECTIVE_ITEMS = [
    "Household debt",
    "Functioning community-based protection structures",
    "Restrictions on humanitarian access",
    "Valid identity documents",
    "Pressure to send children to work or to marry early",
    "Social cohesion with the host community",
    "Functioning national referral mechanism (NRM) and referral pathways",
    "Isolated or overcrowded site",
]


def s3_risk_protective(**kw: Any) -> SortIntoBins:
    """Graded: risk or protective factor."""
    return SortIntoBins(
        "s3_risk_protective",
        "Graded. Is each factor a risk factor or a protective factor (in the Ardania flood response)?",
        items=RISK_PROTECTIVE_ITEMS, bins=["Risk factor", "Protective factor"], graded=True, points=4,
        noun="factors", **kw)


def s3_context_dependent(**kw: Any) -> SingleChoice:
    """Practice: the same characteristic can be a risk or a protective factor, by context."""
    return SingleChoice(
        "s3_context_dependent",
        "In Ardania, displaced people from the Vell minority face discrimination, while the majority group holds "
        "most jobs. How should 'ethnicity' be recorded in the framework?",
        options={
            "risk": "Always as a risk factor",
            "protective": "Always as a protective factor",
            "context": "As an individual-level factor whose direction depends on the context: a risk for the "
                       "minority here, protective for the majority",
            "ignore": "Not at all: ethnicity is never relevant",
        },
        key="context",
        explanation="In IOM's Determinants of Migrant Vulnerability model some characteristics (age, sex, "
                    "ethnicity, migration history) can raise or lower vulnerability depending on the setting; "
                    "others, like literacy, are almost always protective. Record the factor and say for whom it "
                    "is a risk.",
        **kw)


# --------------------------------------------------------------------------------------------
# 3.6 Using the framework: tagging excerpts of the (synthetic) secondary data review
# --------------------------------------------------------------------------------------------
#: Excerpts of `secondary_sources` used in the lab; each has a single reference cell.
TAG_PRACTICE_IDS = ["SRC-027", "SRC-021", "SRC-033"]
TAG_GRADED_IDS = ["SRC-002", "SRC-004", "SRC-007", "SRC-009", "SRC-012", "SRC-015", "SRC-045", "SRC-017"]
TAG_INDICATOR_IDS = ["SRC-002", "SRC-007", "SRC-015", "SRC-045", "SRC-009"]
TAG_INDICATOR_OPTIONS = ["IND-05", "IND-06", "IND-10", "IND-12", "IND-13", "IND-14", "IND-22"]


def _excerpts(ids: list[str]) -> dict[str, str]:
    from ctie_helpers.data import load

    df = load("secondary_sources").set_index("excerpt_id")
    return {eid: f"{eid} ({df.loc[eid, 'source_type'].replace('_', ' ')}): {df.loc[eid, 'text']}" for eid in ids}


def _reference_cells(ids: list[str]) -> dict[str, str]:
    from ctie_helpers.data import load
    from ctie_helpers.methods.evidence import cell_label

    df = load("secondary_sources").set_index("excerpt_id")
    return {eid: cell_label(df.loc[eid, "level"], df.loc[eid, "category"]) for eid in ids}


def s3_tag_practice(**kw: Any) -> SortIntoBins:
    """Practice: tag three excerpts with their framework cell (level × category)."""
    from ctie_helpers.methods.evidence import cell_labels

    return SortIntoBins(
        "s3_tag_practice",
        "Tag each excerpt with the cell of the framework (level × category) it gives evidence for.",
        items=_excerpts(TAG_PRACTICE_IDS), bins=cell_labels(), key=_reference_cells(TAG_PRACTICE_IDS),
        noun="excerpts",
        explanation="Missing papers are a person's characteristic that raises risk (Individual × Risk); a single "
                    "service point is a gap in the response around the site (Community × Response); a household "
                    "headed by a woman alone or by a child is a household-level risk factor.",
        **kw)


def s3_tag_excerpts(**kw: Any) -> SortIntoBins:
    """Graded: tag eight excerpts with their framework cell; scored by agreement with the reference tags."""
    from ctie_helpers.methods.evidence import cell_labels

    return SortIntoBins(
        "s3_tag_excerpts",
        "Graded. Tag each excerpt with the cell of the framework (level × category) it gives evidence for.",
        items=_excerpts(TAG_GRADED_IDS), bins=cell_labels(), graded=True, points=4, noun="excerpts", **kw)


def s3_tag_indicators(**kw: Any) -> MatchPairs:
    """Graded: match five excerpts to the indicator they inform."""
    from ctie_helpers.content import indicator

    return MatchPairs(
        "s3_tag_indicators",
        "Graded. Match each excerpt to the indicator it gives evidence for.",
        left=_excerpts(TAG_INDICATOR_IDS),
        right={i: f"{i} {indicator(i).name}" for i in TAG_INDICATOR_OPTIONS}, graded=True, points=2, **kw)


def s3_gap_reading(**kw: Any) -> SingleChoice:
    """Graded: read the gap heatmap of the whole review."""
    return SingleChoice(
        "s3_gap_reading",
        "Graded. Look at the heatmap of the whole review. At which level is there no evidence at all on "
        "protective factors and capacities?",
        options={"individual": "Individual", "household": "Household/family", "community": "Community",
                 "structural": "Structural"},
        graded=True, points=1, **kw)


# --------------------------------------------------------------------------------------------
# Tables shown in the notebooks (read from the registries and data, never retyped in a notebook)
# --------------------------------------------------------------------------------------------


def review_excerpts():
    """The secondary data review to tag: id, source, type, date, reliability and text (no reference tags)."""
    from ctie_helpers.data import load

    df = load("secondary_sources")
    return df[["excerpt_id", "source", "source_type", "publication_date", "reliability", "text"]]


def review_matrix():
    """The evidence matrix of the whole review, from the reference tags of all excerpts."""
    from ctie_helpers.data import load
    from ctie_helpers.methods.evidence import evidence_matrix, reference_tags

    return evidence_matrix(reference_tags(load("secondary_sources")))


def my_matrix(answer):
    """The evidence matrix of a trainee's tags (``{excerpt_id: cell label}``), with source reliability."""
    from ctie_helpers.data import load
    from ctie_helpers.methods.evidence import evidence_matrix, tags_from_cells

    rel = load("secondary_sources").set_index("excerpt_id")["reliability"]
    return evidence_matrix(tags_from_cells(answer), reliability=rel)


def further_reading():
    """The further-reading catalogue entries for session 3 (title, year, publisher, summary)."""
    from ctie_helpers.content import reading

    frame = reading.readings_frame()
    rows = frame[frame["sessions"].apply(lambda s: 3 in s)]
    return rows[["title", "year", "publisher", "summary"]].reset_index(drop=True)
