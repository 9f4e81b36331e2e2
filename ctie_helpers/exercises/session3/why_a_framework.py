"""Session 3, notebook ``01_why_a_framework``: data usage and a systematic approach to IM (3.1), from
standardisation to localisation (3.2), a common analysis framework and the actors (3.3).

Scenarios are fictional and set in Ardania.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MatchPairs, MultiSelect, OrderSteps, SingleChoice, SortIntoBins

__all__ = [
    "s3_usage_practice", "s3_cycle_practice", "s3_im_cycle", "s3_localise_practice", "s3_standard_or_local",
    "s3_actor_data", "s3_joint_practice", "s3_joint_analysis",
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


#: Practice steps: one concrete Ardania decision, not the graded item's generic steps (shown order fixed).
CYCLE_PRACTICE_STEPS = {
    "check": "Three months on, the team asks whether girls from the riskiest sites come to the safe space",
    "question": "The district coordinator asks where a new safe space for adolescent girls would help most",
    "read": "The team reads the latest site assessment and the GBV safety audit of the district",
}


def s3_cycle_practice(**kw: Any) -> OrderSteps:
    """Practice: order three moments of one Ardania decision along the systematic approach to IM."""
    return OrderSteps(
        "s3_cycle_practice",
        "Practice. In Lakeshore district, the team works on one decision. Put these three moments in the "
        "order a systematic approach to information management takes them.",
        steps=CYCLE_PRACTICE_STEPS, key=["question", "read", "check"],
        explanation="Start from the decision to inform (where to open the safe space), then read what already "
                    "exists before collecting anything, and close the loop by checking how the analysis was used "
                    "(CTiE IM Guide, ch. 4-5, systematic information management).",
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


#: The standard debt indicator used in Ardania: which of its elements stay standard, which are localised.
LOCALISE_PRACTICE_ITEMS = {
    "period": "The recall period of the debt question (the last six months), the same in every round",
    "enumerators": "Who asks the question: enumerators of the respondent's sex who speak the local dialect",
    "code": "The indicator's code and name in the shared registry, so agencies' results can be pooled",
}


def s3_localise_practice(**kw: Any) -> SortIntoBins:
    """Practice: standard or local, for three elements of one indicator used in Ardania."""
    return SortIntoBins(
        "s3_localise_practice",
        "Practice. The Ardania team uses the standard indicator 'Percentage of households reporting debt they "
        "cannot repay'. For each element, decide whether it stays standard or is adapted locally.",
        items=LOCALISE_PRACTICE_ITEMS, bins=["Keep standard", "Adapt locally"],
        key={"period": "Keep standard", "enumerators": "Adapt locally", "code": "Keep standard"},
        noun="elements",
        explanation="Keep what makes results comparable across rounds and agencies; adapt what makes the "
                    "question understood and safe to ask in this place.",
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


#: Practice options: what three agencies can and cannot expect once they code their data to the same cells.
JOINT_PRACTICE_OPTIONS = {
    "overlap": "They see that two of them assessed the same three sites last month",
    "same_tool": "Every agency must now use one identical questionnaire, in every district",
    "disagree": "Where their figures differ, the difference shows and can be discussed",
    "consent": "Each agency can now skip asking for consent in its own data collection",
    "agree": "Their figures will now always agree with each other, site by site",
}


def s3_joint_practice(**kw: Any) -> MultiSelect:
    """Practice: what a common framework does, and does not do, for three agencies in one district."""
    return MultiSelect(
        "s3_joint_practice",
        "Practice. Three agencies in Lakeshore district now code their aggregated data to the same level × "
        "category cells of the framework. Which of these can they expect?",
        options=JOINT_PRACTICE_OPTIONS, key=["overlap", "disagree"],
        explanation="A common framework puts different data side by side in the same cells: overlaps and "
                    "disagreements show up. It standardises the analysis, not each agency's tools or its duties.",
        **kw)


def s3_joint_analysis(**kw: Any) -> MultiSelect:
    """Graded: benefits of a common analysis framework across actors."""
    return MultiSelect(
        "s3_joint_analysis",
        "Graded. Which of these are benefits of several actors using one common analysis framework?",
        options=JOINT_OPTIONS, graded=True, points=2, **kw)
