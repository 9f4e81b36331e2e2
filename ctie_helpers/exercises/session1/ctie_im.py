"""Session 1, notebook ``05_ctie_im``: IM in emergencies, the purpose of CTiE IM and its data types
(1.6-1.8, domain brief 1.3, 1.4).

The programme cycle, the data types and the sensitivity levels are read from :mod:`ctie_helpers.content`
(adapted from IOM and IASC/OCHA practice). Practice items carry their key; graded items carry none
(DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import data_responsibility
from ctie_helpers.widgets import MatchPairs, MultiSelect, OrderSteps, SingleChoice, SortIntoBins

__all__ = ["s1_hpc_order_practice", "s1_hpc_order", "s1_hpc_ct_feed", "s1_im_purpose_practice", "s1_im_purpose", "s1_data_types", "s1_data_sensitivity_practice", "s1_data_sensitivity", "s1_dii", "s1_data_types_practice"]


# --------------------------------------------------------------------------------------------
# 1.6-1.8 IM in emergencies, the purpose of CTiE IM, data types (brief 1.3, 1.4)
# --------------------------------------------------------------------------------------------

def _hpc_steps() -> list[str]:
    """The humanitarian programme cycle steps in order (content registry, adapted from IOM practice)."""
    # deferred: saves 2 ms at import of ctie_helpers.exercises.session1.ctie_im
    from ctie_helpers.content import data_types

    return [h.step for h in data_types.hpc_steps()]


CASE_STEPS = [  # a parallel sequence: one person's path through case management (PIM Matrix, brief 4.3)
    "Identify a presumed victim",
    "Refer the person, with consent, to a mandated service",
    "Provide assistance such as shelter, health care and legal aid",
    "Close the case after follow-up",
]


def s1_hpc_order_practice(**kw: Any):
    """Practice: put a parallel sequence in order (the case-management path), before ``s1_hpc_order``."""
    return OrderSteps(
        "s1_hpc_order_practice", "Put the steps of one person's path through case management in order, "
        "starting with the first.",
        steps=[CASE_STEPS[i] for i in (2, 0, 3, 1)], key=CASE_STEPS,
        explanation="Case management runs from identification to case closure: no referral before someone is "
                    "identified, and no assistance without a referral the person agreed to (CTiE IM Guide, ch. 3; "
                    "PIM Matrix, case management).", **kw)


def s1_hpc_order(**kw: Any):
    """Graded: put the humanitarian programme cycle in order."""
    return OrderSteps(
        "s1_hpc_order", "Graded. Put the steps of the humanitarian programme cycle in order, starting with the first.",
        steps=[_hpc_steps()[i] for i in (3, 0, 4, 2, 1)], graded=True, points=2, **kw)


def _hpc():
    # deferred: saves 10 ms at import of ctie_helpers.exercises.session1.ctie_im
    from ctie_helpers.content import data_types

    return data_types.hpc_steps()


def s1_hpc_ct_feed(**kw: Any):
    """Practice: what CT IM contributes at each step of the cycle."""
    return MatchPairs(
        "s1_hpc_ct_feed", "Match each step of the cycle with what CT information management brings to it.",
        left=[h.step for h in _hpc()], right=[h.ct_contribution for h in reversed(_hpc())],
        key={h.step: h.ct_contribution for h in _hpc()},
        explanation="CT IM feeds every step; it is not a one-off assessment.", **kw)


IM_PURPOSE_PRACTICE = [  # other statements than the graded item's
    "Showing which sites and groups face most risk, so prevention can be targeted",
    "Helping the cluster build safe referral pathways into its response plan",
    "Keeping a list of everyone who may have been trafficked, in case it is useful later",
    "Checking whether CT services reach the people who need them",
    "Running a separate trafficking survey instead of the assessments that already run",
]


def s1_im_purpose_practice(**kw: Any):
    """Practice: which aims fit the purpose of CTiE IM (before the graded ``s1_im_purpose``)."""
    return MultiSelect(
        "s1_im_purpose_practice", "A CT working group drafts the aims of its information work in the flood "
        "response. Tick every aim that fits the purpose of CTiE information management.",
        options=IM_PURPOSE_PRACTICE, key=[IM_PURPOSE_PRACTICE[i] for i in (0, 1, 3)],
        explanation="CTiE IM gives timely, safe evidence that shapes prevention, protection and coordination, "
                    "through the systems that already run, and collects less.", **kw)


IM_PURPOSE_OPTIONS = [
    "Timely evidence on the risks of trafficking in the crisis",
    "Evidence on where and how trafficking is occurring",
    "Building CT prevention and protection into the response plans",
    "Counting every victim in the country by name",
    "Collecting individual case data even where no service can help",
    "Aggregate evidence for advocacy and coordination",
]


def s1_im_purpose(**kw: Any):
    """Graded: which statements fit the purpose of CTiE IM (adapted from IOM practice)."""
    return MultiSelect(
        "s1_im_purpose", "Graded. Tick every statement that is part of the purpose of CTiE information management.",
        options=IM_PURPOSE_OPTIONS, graded=True, points=2, **kw)


def _data_type_names() -> list[str]:
    """The six CTiE data types (content registry, adapted from IOM practice)."""
    # deferred: saves 10 ms at import of ctie_helpers.exercises.session1.ctie_im
    from ctie_helpers.content import data_types

    return [d.name for d in data_types.data_types()]


def _sensitivity_names() -> list[str]:
    """The four sensitivity levels, lowest first (IASC/OCHA practice, content registry)."""

    return [lvl.name for lvl in data_responsibility.sensitivity_levels()]


DATA_TYPE_PRACTICE = [  # four of the six types, none of the graded examples
    "Key informants' reports of recruiters offering work abroad",
    "Rainfall and river levels in the weeks before the floods",
    "Number of referrals the CT hotline made each month",
    "Share of girls out of school, by site",
]


def s1_data_types_practice(**kw: Any):
    """Practice: sort four examples into the CTiE data types (before the graded ``s1_data_types``)."""
    names = _data_type_names()
    return SortIntoBins(
        "s1_data_types_practice", "Sort each piece of information into its CTiE data type.",
        items=DATA_TYPE_PRACTICE, bins=names,
        key=dict(zip(DATA_TYPE_PRACTICE, [names[2], names[0], names[4], names[1]], strict=True)),
        noun="pieces of information",
        explanation="Ask what the information tells you: what drives the crisis (context), who is more at risk "
                    "(risk factors), whether exploitation is happening (manifestations), or what the response does.",
        **kw)


DATA_TYPE_ITEMS = [  # not in the order of the types: that would give the answers away
    "Share of households with debts they cannot repay",
    "Prosecutions and convictions for trafficking in 2024",
    "Number of people displaced by the floods, by district",
    "Profile and means of control for each assisted victim",
    "Share of displaced people without identity documents, by site",
    "Flow-monitoring answers on being held against one's will",
    "Exchange rate and food prices since the crisis",
    "Map of shelters and legal-aid points with opening hours",
]


def s1_data_types(**kw: Any):
    """Graded: sort examples into the CTiE data types (adapted from IOM practice)."""
    return SortIntoBins(
        "s1_data_types", "Graded. Sort each piece of information into its CTiE data type.",
        items=DATA_TYPE_ITEMS, bins=_data_type_names(), graded=True, points=3, noun="pieces of information", **kw)


SENSITIVITY_PRACTICE = [  # three examples for four levels: one level is left over, so no match by elimination
    "A presumed victim's file with her story and how she was controlled",
    "Names of people under investigation for recruiting workers by deception",
    "Share of households in each site that took on new debt",
]


def s1_data_sensitivity_practice(**kw: Any):
    """Practice: the usual sensitivity of three pieces of information (before ``s1_data_sensitivity``)."""
    levels = _sensitivity_names()
    return MatchPairs(
        "s1_data_sensitivity_practice", "Match each piece of information with its usual sensitivity.",
        left=SENSITIVITY_PRACTICE, right=levels,
        key=dict(zip(SENSITIVITY_PRACTICE, [levels[3], levels[2], levels[1]], strict=True)),
        explanation="Sensitivity grows with the harm a leak could do: from exposing a group in a place to one "
                    "person's story, which could lead to violence or re-trafficking.", **kw)


def s1_data_sensitivity(**kw: Any):
    """Graded: the usual sensitivity of each data type."""
    return MatchPairs(
        "s1_data_sensitivity", "Graded. Match each data type with its usual sensitivity.",
        # Left items not in the order of the levels: a straight diagonal match gives the answers away.
        left=[_data_type_names()[i] for i in (2, 4, 3, 1)], right=_sensitivity_names(), graded=True, points=2,
        **kw)


def s1_dii(**kw: Any):
    """Practice: demographically identifiable information."""
    return SingleChoice(
        "s1_dii",
        "A report shows, with no names, that '12 girls of the Lor minority in Site XA0101S003 were "
        "recruited by one broker'. Can this harm anyone?",
        options=["No: without names the data are anonymous",
                 "Yes: it identifies a group and a place, which can expose the girls and their community",
                 "Only if the report is published online"],
        key="Yes: it identifies a group and a place, which can expose the girls and their community",
        explanation=("Demographically or community identifiable information can endanger a whole group even "
                     "without names; aggregate and coarsen before sharing."),
        **kw)
