"""Session 2, notebook ``04_sharing_triage``: data-sharing request triage (2.10).

The sensitivity levels follow the IASC/OCHA data-responsibility guidance (adapted, domain brief 10), read from
:mod:`ctie_helpers.content.data_responsibility`.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import SingleChoice, SortIntoBins

__all__ = ["s2_triage_practice", "s2_triage_sensitivity_practice", "s2_sharing_triage_practice", "s2_triage_sensitivity",
           "s2_sharing_triage"]


# --------------------------------------------------------------------------------------------
# 2.10 Data-sharing request triage (IASC/OCHA sensitivity levels, adapted)
# --------------------------------------------------------------------------------------------

def _sensitivity_names() -> list[str]:
    """The four sensitivity levels, lowest first (IASC/OCHA practice, content registry)."""
    # deferred: saves 13 ms at import of ctie_helpers.exercises.session2.sharing_triage
    from ctie_helpers.content import data_responsibility

    return [lvl.name for lvl in data_responsibility.sensitivity_levels()]


DECISIONS = [
    "Share publicly",
    "Share with partners under a data-sharing agreement",
    "Share only an aggregated, suppressed version",
    "Share only with the mandated case worker, with the person's consent",
    "Do not share",
]


def s2_triage_practice(**kw: Any):
    """Practice: the sharing decision for one request."""
    return SingleChoice(
        "s2_triage_practice",
        "The cluster website asks for the map of CT service points with their opening hours. What do you decide?",
        options=DECISIONS, key="Share publicly",
        explanation="Service information is meant to reach people: low sensitivity, share widely.", **kw)


TRIAGE_PRACTICE = [  # other requests than the graded items', one per step-1 level above Low
    "A partner asks for the share of households in each site that took on new debt, by district",
    "A researcher asks for the sites where informants report forced labour, with counts of 1 or 2 per site",
    "A local official asks for the file of a presumed victim who has not agreed to share it",
]


def s2_triage_sensitivity_practice(**kw: Any):
    """Practice: step 1 of the triage on three other requests (before ``s2_triage_sensitivity``)."""
    levels = _sensitivity_names()
    return SortIntoBins(
        "s2_triage_sensitivity_practice", "Step 1 of the triage: how sensitive are the data each request asks for?",
        items=TRIAGE_PRACTICE, bins=levels, key=dict(zip(TRIAGE_PRACTICE, levels[1:], strict=True)),
        explanation="Ask what a leak could do: expose groups (moderate), put people at serious risk (high), or "
                    "lead to violence or re-trafficking of one person (severe).", noun="requests", **kw)


def s2_sharing_triage_practice(**kw: Any):
    """Practice: step 2 of the triage on the same three requests (before ``s2_sharing_triage``)."""
    return SortIntoBins(
        "s2_sharing_triage_practice", "Step 2 of the triage: what do you decide for each request?",
        items=TRIAGE_PRACTICE, bins=DECISIONS, key=dict(zip(TRIAGE_PRACTICE, DECISIONS[1:3] + DECISIONS[4:], strict=True)),
        explanation="The decision follows the sensitivity and the person's consent: an agreement for moderate data, "
                    "aggregates with small counts hidden for high, and no sharing of a file without consent.",
        noun="requests", **kw)


TRIAGE_REQUESTS = [
    "A donor asks for the case files (names, stories) of victims assisted in 2024",
    "The protection cluster asks for the number of sites where KIs report recruiters, by district",
    "A journalist asks for the villages where armed groups recruited children, with counts of 1 to 4 per village",
    "The cluster website asks for the national total of people assisted in 2024, rounded to the nearest 10",
    "A referral partner asks for the file of one presumed victim who agreed to be referred to them",
]


def s2_triage_sensitivity(**kw: Any):
    """Graded: the sensitivity level of the data behind each request (IASC/OCHA levels)."""
    return SortIntoBins(
        "s2_triage_sensitivity", "Graded. Step 1 of the triage: how sensitive are the data each request asks for?",
        items=TRIAGE_REQUESTS, bins=_sensitivity_names(), graded=True, noun="requests", points=3, **kw)


def s2_sharing_triage(**kw: Any):
    """Graded: the sharing decision for each request."""
    return SortIntoBins(
        "s2_sharing_triage", "Graded. Step 2 of the triage: what do you decide for each request?",
        items=TRIAGE_REQUESTS, bins=DECISIONS, graded=True, noun="requests", points=3, **kw)
