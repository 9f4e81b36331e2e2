"""Session 5, notebook ``01_methods_and_sources``: qualitative and quantitative methods (5.1) and selection of
sources (5.2).

Methods content is standard practice (domain brief 9), in our own words; scenarios are set in Ardania.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import OrderSteps, SingleChoice, SortIntoBins

__all__ = ["s5_mixed_practice", "s5_qual_quant_practice", "s5_qual_or_quant", "s5_victims_practice",
           "s5_source_order_practice", "s5_source_order"]


# --------------------------------------------------------------------------------------------
# 5.1 Qualitative and quantitative methods
# --------------------------------------------------------------------------------------------


def s5_mixed_practice(**kw: Any) -> SingleChoice:
    """Practice: why CTiE assessments mix methods."""
    return SingleChoice(
        "s5_mixed_practice",
        "The Ardania team wants to know how recruiters approach families in displacement sites, and how many sites "
        "are affected. Which approach fits best?",
        options={
            "survey": "A household survey only",
            "mixed": "Key informant interviews and focus groups to understand how recruitment works, then a site "
                     "assessment to measure how widespread it is",
            "cases": "Reading individual victim case files",
            "none": "No data: recruiters are illegal so nothing can be learnt",
        },
        key="mixed",
        explanation="Qualitative methods explain how and why and help word good questions; quantitative methods "
                    "measure how many and where. CTiE work usually needs both, starting from secondary data.",
        **kw)


QQ_PRACTICE_KEY = {
    "A tally of how many of 200 sites report children working in the market": "Quantitative",
    "Open conversations with four teachers about why boys leave school for the fishing boats": "Qualitative",
    "A discussion with community leaders on what a fair job offer abroad looks like": "Qualitative",
    "A phone survey of 1,500 randomly chosen households, reported as percentages": "Quantitative",
}


def s5_qual_quant_practice(**kw: Any) -> SortIntoBins:
    """Practice: qualitative or quantitative (before the graded ``s5_qual_or_quant``)."""
    return SortIntoBins(
        "s5_qual_quant_practice", "Is each activity mainly qualitative or quantitative?",
        items=list(QQ_PRACTICE_KEY), bins=["Qualitative", "Quantitative"], key=QQ_PRACTICE_KEY, noun="activities",
        explanation="Qualitative work asks open questions of a few people to explain how and why; quantitative "
                    "work counts many comparable answers to say how many and where.", **kw)


QQ_ITEMS = {
    "kii": "Semi-structured interviews with 12 site managers about how recruitment happens",
    "survey": "A household survey of 3,000 households with weighted estimates",
    "fgd": "Focus groups with adolescent girls about what makes a job offer trustworthy",
    "site": "A site assessment recording yes/no answers from key informants in 500 sites",
    "obs": "Unstructured notes from walking through a market where day labourers are hired",
    "fms": "Counting the share of migrants at a transit point who report unpaid work",
}


def s5_qual_or_quant(**kw: Any) -> SortIntoBins:
    """Graded: qualitative or quantitative."""
    return SortIntoBins(
        "s5_qual_or_quant", "Graded. Is each activity mainly qualitative or quantitative?",
        items=QQ_ITEMS, bins=["Qualitative", "Quantitative"], graded=True, points=3, noun="activities", **kw)


# --------------------------------------------------------------------------------------------
# 5.2 Selection of sources
# --------------------------------------------------------------------------------------------


def s5_victims_practice(**kw: Any) -> SingleChoice:
    """Practice: reach conclusions without contacting victims (CTiE IM Guide); WHO 2003 says how, if one must."""
    return SingleChoice(
        "s5_victims_practice",
        "A donor asks the Ardania team to interview trafficking survivors in a shelter for a needs assessment. "
        "What is the best response?",
        options={
            "yes": "Agree, and send enumerators to the shelter next week",
            "no": "Decline: use secondary data, aggregated case data and key informants such as caseworkers; "
                  "survivors are interviewed only by trained staff, for their own assistance, with referral in place",
            "phone": "Interview them by phone to save time",
            "anon": "Interview them, but without writing down their names",
        },
        key="no",
        explanation="Interviewing victims for an assessment risks re-traumatisation and exposure, and rarely adds "
                    "what safer sources cannot give: the CTiE IM Guide (IOM, 2020) prefers reaching conclusions "
                    "without contacting victims. When an interview must happen, for the person's assistance, the "
                    "WHO Ethical and Safety Recommendations for Interviewing Trafficked Women (2003) say how to "
                    "do it safely.",
        **kw)


SOURCE_PRACTICE_STEPS = {
    "report": "A published UNODC country profile on trafficking in the region",
    "dashboard": "The response's protection monitoring dashboard (aggregated)",
    "teacher": "A school teacher in the site, as a key informant",
    "survivors": "Survivors staying in the shelter, only through their trained caseworker",
}


def s5_source_order_practice(**kw: Any) -> OrderSteps:
    """Practice: order four sources from least to most risk (before the graded ``s5_source_order``)."""
    return OrderSteps(
        "s5_source_order_practice",
        "Boys are said to be recruited for fishing boats in Ulvarro. Order these sources from the one to use first "
        "(least risk) to the one to use last.",
        steps={k: SOURCE_PRACTICE_STEPS[k] for k in ("teacher", "survivors", "report", "dashboard")},
        key=["report", "dashboard", "teacher", "survivors"], noun="sources",
        explanation="Start with what is already published, then what the response already collects, then people who "
                    "know the community; affected individuals come last, only when nothing safer answers the "
                    "question (CTiE IM Guide, ch. 7).", **kw)


SOURCE_STEPS = {
    "secondary": "Secondary data: published reports and datasets",
    "systems": "Existing systems of the response (DTM, protection monitoring, aggregated case data)",
    "ki": "Key informants: site managers, teachers, health workers, caseworkers",
    "community": "Community members, asked about community patterns (focus groups, household surveys)",
    "individuals": "Affected individuals, only by trained staff with a referral pathway",
}


def s5_source_order(**kw: Any) -> OrderSteps:
    """Graded: order sources from least to most risky."""
    shown = ["ki", "individuals", "secondary", "community", "systems"]
    return OrderSteps(
        "s5_source_order", "Graded. Order the sources from the one to use first (least risk) to the one to use last.",
        steps={k: SOURCE_STEPS[k] for k in shown}, graded=True, points=2, noun="sources", **kw)
