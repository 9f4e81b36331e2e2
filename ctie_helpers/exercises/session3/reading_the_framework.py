"""Session 3, notebook ``02_reading_the_framework``: structure and reading of the framework (3.4) and examples on
the ecological model (3.5).

Levels, categories, the pathway and the factor texts come from :mod:`ctie_helpers.content.framework`, adapted
from IOM practice (DoMV model, IOM 2019).
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import framework
from ctie_helpers.widgets import OrderSteps, SortIntoBins

__all__ = [
    "LEVEL_BINS", "CATEGORY_BINS", "PATHWAY_STEPS", "s3_category_practice", "s3_categories",
    "s3_pathway_practice", "s3_pathway_order", "s3_levels_practice", "s3_factor_levels", "s3_risk_protective",
    "s3_context_dependent",
]


#: The four socio-ecological levels as shown in the sorting widgets (framework order).
LEVEL_BINS = ["Individual", "Household/family", "Community", "Structural"]
#: The five analysis categories as shown in the widgets (framework column order).
CATEGORY_BINS = ["Context & crisis drivers", "Risk factors", "Protective factors & capacities",
                 "TIP manifestations", "Response & service gaps"]


def _pathway_steps() -> dict[str, str]:

    return {s.key: s.name for s in framework.pathway()}


PATHWAY_STEPS = _pathway_steps()


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


#: One fictional person's story, three of its moments (not the pathway's step names); shown order fixed.
PATHWAY_PRACTICE_STEPS = {
    "passport": "The employer keeps Mira's passport and says she must first work off the cost of the trip",
    "debt": "Before the floods, Mira's family already owed a season's rent to their landlord",
    "offer": "At the site gate, a broker offers Mira a restaurant job in the capital",
}


def s3_pathway_practice(**kw: Any) -> OrderSteps:
    """Practice: order three moments of one story along the conceptual pathway."""
    return OrderSteps(
        "s3_pathway_practice",
        "Practice. Put these three moments of Mira's story (fictional) in the order of the conceptual pathway.",
        steps=PATHWAY_PRACTICE_STEPS, key=["debt", "offer", "passport"],
        explanation="The debt was there before the crisis (baseline vulnerability); the broker's offer is "
                    "exposure and the act of recruitment; the confiscated passport and the debt to work off are "
                    "means of control that lead to exploitation (CTiE IM Guide, ch. 5, conceptual pathway).",
        **kw)


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
    "A civil registration system that records every birth, displaced families included",
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


#: The same characteristic pointing both ways in Ardania, and one that nearly always protects.
CONTEXT_ITEMS = {
    "minority": "Belonging to the Vell minority, whom employers in the district turn away",
    "literacy": "Being able to read the job offers and contracts that recruiters hand out",
    "majority": "Belonging to the majority group, which holds most jobs in the district",
}


def s3_context_dependent(**kw: Any) -> SortIntoBins:
    """Practice: risk or protective, where the same characteristic can point both ways by context."""
    return SortIntoBins(
        "s3_context_dependent",
        "Practice. In Ardania, is each characteristic a risk factor or a protective factor for the person "
        "who has it?",
        items=CONTEXT_ITEMS, bins=["Risk factor", "Protective factor"],
        key={"minority": "Risk factor", "literacy": "Protective factor", "majority": "Protective factor"},
        noun="factors",
        explanation="In IOM's Determinants of Migrant Vulnerability model some characteristics (age, sex, "
                    "ethnicity) raise or lower vulnerability depending on the setting; others, like literacy, "
                    "almost always protect. Record the factor and say for whom it is a risk.",
        **kw)
