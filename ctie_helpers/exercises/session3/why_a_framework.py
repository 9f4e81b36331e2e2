"""Session 3, notebook ``01_why_a_framework``: data usage and a systematic approach to IM (3.1), from
standardisation to localisation (3.2), a common analysis framework and the actors (3.3).

Scenarios are fictional and set in Ardania.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MatchPairs, MultiSelect, OrderSteps, SingleChoice, SortIntoBins

__all__ = [
    "s3_usage_practice", "s3_im_cycle", "s3_localise_practice", "s3_standard_or_local", "s3_actor_data",
    "s3_joint_analysis",
]


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


#: Listed mixed, not grouped by answer (no three in a row belong together).
STANDARD_OR_LOCAL_ITEMS = {
    "levels": "The four levels and five categories of the analysis framework",
    "language": "The language and wording of each question",
    "definition": "The numerator and denominator of each indicator",
    "options": "Answer options that name local livelihoods and local lenders",
    "ki": "Which key informants to interview in each site (teachers, site managers, women's group leaders)",
    "disagg": "Disaggregation by sex and age group",
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
