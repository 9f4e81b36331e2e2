"""Session 2, notebook ``01_ethics_and_pim``: ethical concerns (2.1) and Protection Information Management:
definition, process and matrix (2.2).

PIM definition, Process and Matrix names are the PIM Initiative's, read from :mod:`ctie_helpers.content.pim`; the
red lines are adapted from IOM practice (domain brief 4.4), in our own words.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import pim
from ctie_helpers.widgets import MultiSelect, OrderSteps, SingleChoice, SortIntoBins

__all__ = ["s2_ethics_risks", "s2_red_lines_practice", "s2_red_lines", "s2_pim_process_practice",
           "s2_pim_process", "s2_matrix_practice", "s2_pim_matrix", "s2_add_ct_question_practice", "s2_add_ct_question"]


def _matrix_names() -> list[str]:
    """The eight PIM Matrix category names (from the content registry)."""

    return [c.name for c in pim.matrix()]


def _process_names() -> list[str]:
    """The four PIM Process steps, in the registry's order (the widget shuffles them)."""

    return [s.name for s in pim.process()]


# --------------------------------------------------------------------------------------------
# 2.1 Ethical concerns on CT information management
# --------------------------------------------------------------------------------------------

def s2_ethics_risks(**kw: Any):
    """Practice: the main risk of asking about trafficking in a general survey."""
    return SingleChoice(
        "s2_ethics_risks",
        "An enumerator in Camp Rilo asks every household: 'Has anyone in this family been trafficked?' "
        "What is the most serious problem?",
        options=["The answers will be hard to code",
                 "It can expose respondents to traffickers and to stigma, and no one is ready to help those who say yes",
                 "The question is too long"],
        key="It can expose respondents to traffickers and to stigma, and no one is ready to help those who say yes",
        explanation=("Direct questions about trafficking can put people at risk, re-traumatise them and raise "
                     "expectations no service can meet. Ask about risks and context instead, and refer safely."),
        **kw)


RED_LINE_PRACTICE = [  # key-informant interviews, other practices than the graded item's
    "Asking informants to point out the tents of families whose children left for work",
    "Keeping a list of the people informants suspect of recruiting",
    "Pressing a boy who says he was forced to work for his story, with no case worker to call",
    "Asking informants how often, in the past month, they heard of job offers from outside the camp",
    "Giving every informant a card with the hotline number and where to get help",
]


def s2_red_lines_practice(**kw: Any):
    """Practice: do-no-harm red lines in key-informant interviews (before the graded ``s2_red_lines``)."""
    return MultiSelect(
        "s2_red_lines_practice", "A team plans key-informant interviews in Camp Rilo. Tick every practice that "
        "crosses a do-no-harm red line for counter-trafficking data.",
        options=RED_LINE_PRACTICE, key=RED_LINE_PRACTICE[:3],
        explanation="Names and exact places of suspected victims or perpetrators, and individual questions with no "
                    "referral pathway, put people at risk; aggregate questions and referral information do not.",
        **kw)


RED_LINE_OPTIONS = [
    "Asking 'were you trafficked?' in a household survey",
    "Writing down the names of suspected traffickers in a site assessment",
    "Recording the exact GPS location of a presumed victim's shelter in a shared sheet",
    "Asking individual follow-up questions where no referral pathway exists",
    "Asking key informants whether recruiters have visited the site recently",
    "Publishing the share of sites reporting recruiters, by district",
    "Training enumerators to give out the number of the protection hotline",
]


def s2_red_lines(**kw: Any):
    """Graded: which planned practices cross a do-no-harm red line (adapted from IOM practice)."""
    return MultiSelect(
        "s2_red_lines", "Graded. A team plans a rapid assessment in eastern Ardania. Tick every practice that "
        "crosses a do-no-harm red line for counter-trafficking data.",
        options=RED_LINE_OPTIONS, graded=True, points=2, **kw)


# --------------------------------------------------------------------------------------------
# 2.2 Protection information management: definition, process, matrix
# --------------------------------------------------------------------------------------------

LIFE_CYCLE = [  # a parallel sequence: the data life cycle named in the PIM definition (PIM Fact Sheet, 2016)
    "Collect the data",
    "Process and analyse them",
    "Store and share them safely",
    "Use them to decide protection action",
]


def s2_pim_process_practice(**kw: Any):
    """Practice: put the data life cycle in order (a parallel sequence), before ``s2_pim_process``."""
    return OrderSteps(
        "s2_pim_process_practice", "The PIM definition follows data through their whole life cycle. Put its "
        "stages in order.",
        steps=[LIFE_CYCLE[i] for i in (3, 1, 0, 2)], key=LIFE_CYCLE,
        explanation="Data are collected, processed and analysed, stored and shared, then used; PIM applies its "
                    "principles at every stage (PIM Fact Sheet, 2016; CTiE IM Guide, ch. 3.2).", **kw)


def s2_pim_process(**kw: Any):
    """Graded: the four PIM Process steps in order."""
    return OrderSteps(
        "s2_pim_process", "Graded. Put the four steps of the PIM Process in order.",
        steps=[_process_names()[i] for i in (2, 0, 3, 1)], graded=True, points=2, **kw)


MATRIX_PRACTICE = {
    "DTM mobility tracking counts of displaced people by site": "Population data",
    "Individual files of assisted victims, from identification to case closure": "Case management",
}


def s2_matrix_practice(**kw: Any):
    """Practice: two systems into their PIM Matrix category."""
    return SortIntoBins(
        "s2_matrix_practice", "Sort each system into its PIM Matrix category.",
        items=list(MATRIX_PRACTICE), bins=_matrix_names(), key=MATRIX_PRACTICE,
        explanation="Counts of people in places are population data; individual service files are case management.",
        noun="systems", **kw)


MATRIX_ITEMS = [
    "A one-off protection assessment after the floods, with a module on coping strategies",
    "Monthly key-informant network reporting abductions and forced recruitment over time",
    "Tracking how many referrals to CT services were completed against the plan",
    "Checkpoint and road-security incident reports shared with humanitarian convoys",
    "School attendance records kept by the education cluster",
    "A hotline and feedback desk where people ask questions and report concerns",
    "Registration data on households and their members in a camp",
    "Case files of presumed victims assisted by IOM",
]


def s2_pim_matrix(**kw: Any):
    """Graded: sort eight IM systems into the PIM Matrix categories."""
    return SortIntoBins(
        "s2_pim_matrix", "Graded. Sort each information-management system into its PIM Matrix category.",
        items=MATRIX_ITEMS, bins=_matrix_names(), graded=True, points=4, noun="systems", **kw)


def s2_add_ct_question_practice(**kw: Any):
    """Practice: which existing system a one-off CT question belongs in (before ``s2_add_ct_question``)."""
    return SingleChoice(
        "s2_add_ct_question_practice",
        "After the floods, the CT working group wants a one-off picture of whether families expect to send "
        "children away for work. Which existing system should the question be added to?",
        options=_matrix_names(), key="Protection needs assessment",
        explanation="A one-off snapshot of protection risks is what a needs assessment is for; add the question "
                    "there instead of starting a new survey.", **kw)


def s2_add_ct_question(**kw: Any):
    """Graded: which existing system a CT question belongs in."""
    return SingleChoice(
        "s2_add_ct_question",
        "Graded. The CT working group wants to know, every month, whether reports of children leaving "
        "sites for work are rising. Which existing system should the question be added to?",
        options=_matrix_names(), graded=True, points=1, **kw)
