"""Session 2, notebook ``02_pim_principles``: the eight PIM principles: which fix does each broken plan need?
(2.3-2.10).

Principle names are the PIM Initiative's, read from :mod:`ctie_helpers.content.pim`; the broken plans are
fictional and set in Ardania.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.content import pim
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets import MatchPairs, SingleChoice

__all__ = ["s2_fix_practice", "s2_fix_people_centred", "s2_fix_do_no_harm", "s2_fix_defined_purpose", "s2_fix_consent", "s2_fix_data_responsibility", "s2_fix_competency", "s2_fix_impartiality", "s2_fix_coordination", "s2_principle_practice", "s2_principle_match"]


def _principle_names() -> list[str]:
    """The eight PIM principle names in published order (from the content registry)."""

    return [p.name for p in pim.principles()]


# --------------------------------------------------------------------------------------------
# 2.3-2.10 The eight principles: which fix does each broken plan need?
# --------------------------------------------------------------------------------------------

FIXES: dict[str, tuple[str, str, list[str]]] = {
    # exercise id: (principle, the broken plan, options for the fix). One key and three distractors
    # drawn from real misconceptions, alike in length and form, so that neither gives the key away.
    "s2_fix_people_centred": (
        "People-centred and inclusive",
        "An assessment of trafficking risks in Camp Rilo interviews only male community leaders, in "
        "Ardanian, at the camp office during working hours.",
        ["Keep the leaders as respondents, and ask them to report the views of women and minority groups "
         "as well",
         "Also hear women, adolescents, minority-language speakers and people with disabilities, where "
         "and when suits them",
         "Interview more community leaders across every block of the camp, so that the sample is larger "
         "and representative",
         "Translate the questionnaire into the minority languages, and keep the leaders as the only "
         "people interviewed"]),
    "s2_fix_do_no_harm": (
        "Do no harm",
        "A team plans to ask women in a host town, at their front doors and in front of neighbours, "
        "whether they were sexually exploited during the journey.",
        ["Ask the same question, but only after each woman has given her verbal consent to it at her "
         "front door",
         "Keep the question but record no names, so that the answers cannot later be traced back to any "
         "of the women",
         "Ask only the women who seem distressed, since they are the ones most likely to have been "
         "exploited",
         "Assess the risks first, then ask about risks indirectly and in private, only where safe "
         "referral exists"]),
    "s2_fix_defined_purpose": (
        "Defined purpose",
        "A partner adds 40 questions on religion, income and political views to a flow-monitoring survey "
        "'in case they are useful later'.",
        ["Keep only the questions that answer a stated information need linked to a protection decision",
         "Keep the questions but make them optional, so that respondents can skip any they do not want to"
         " answer",
         "Keep the questions, since collecting more data now saves the cost of running a second survey "
         "later",
         "Keep the questions but anonymise the answers, so that collecting them carries no further risk "
         "to anyone"]),
    "s2_fix_consent": (
        "Informed consent and confidentiality",
        "Interviewers start recording as soon as a survivor sits down, and tell her afterwards that the "
        "recording will be shared with the police.",
        ["Ask her to sign a consent form at the end, once she knows everything the interview has covered",
         "Keep the recording, but delete it as soon as the police have listened to it and taken their "
         "notes",
         "Before starting, explain purpose, use and sharing and her right to refuse or stop; record only "
         "if she agrees",
         "Ask her husband or a relative for permission before the interview starts, so that a responsible"
         " adult agreed"]),
    "s2_fix_data_responsibility": (
        "Data responsibility, protection and security",
        "Case lists with names and phone numbers of presumed victims are e-mailed between agencies as "
        "open spreadsheets.",
        ["Protect each spreadsheet with a password, and send the password to the same recipients in a "
         "separate e-mail",
         "Remove the names but keep the phone numbers and locations, so that partners can still follow up"
         " each case",
         "Send the lists through an encrypted messaging app instead of e-mail, to any partner agency that"
         " asks to see them",
         "Share only what a data-sharing agreement allows, through an encrypted channel, with named case "
         "workers only"]),
    "s2_fix_competency": (
        "Competency and capacity",
        "Volunteers with no training on trafficking or safe referral are sent to run interviews with "
        "presumed victims next week.",
        ["Give each volunteer a detailed printed questionnaire, so that every interview follows the same "
         "fixed script",
         "Train and supervise the interviewers on CT, ethics and safe referral first, or use qualified "
         "staff instead",
         "Pair each volunteer with a local leader who knows the presumed victims personally and can "
         "introduce them",
         "Send the volunteers as planned, since some data on presumed victims now is better than no data "
         "at all"]),
    "s2_fix_impartiality": (
        "Impartiality",
        "A report on exploitation in Ardania only uses data from districts held by one side of the "
        "conflict, because a donor asked for it.",
        ["Cover all affected areas and groups according to need, and state any gaps in coverage and their"
         " reasons",
         "Publish the report as planned, and state in the methods section that the donor chose which "
         "districts to cover",
         "Publish two separate reports, one for the districts held by each side, so that neither side is "
         "favoured",
         "Give every district held by either side an equal weight in the analysis, so that both sides "
         "count the same"]),
    "s2_fix_coordination": (
        "Coordination and collaboration",
        "Three agencies each run their own household survey with CT questions in the same camps in the "
        "same month.",
        ["Run the three surveys in different weeks of the month, so that no household is ever visited "
         "twice on the same day",
         "Let each agency survey a different camp with its own questions, and compare the three reports "
         "afterwards",
         "Agree in the protection cluster on one joint assessment, shared questions and a protocol for "
         "sharing results",
         "Let the largest agency run one survey alone, and send the raw household-level answers to the "
         "other two"]),
}


FIX_PRACTICE_OPTIONS = {
    "wait": "Keep the promise, and ask each caller to wait until a place in the shelter comes free",
    "services": "Find out which services can really help, and tell callers only what is truly on offer",
    "anonymous": "Let callers stay anonymous, so that no agency can be blamed if no help ever arrives",
    "close": "Close the hotline, since any contact with possible victims carries too much risk",
}


def s2_fix_practice(**kw: Any):
    """Practice: which fix a broken plan needs (before the eight graded ``s2_fix_*`` items)."""
    return SingleChoice(
        "s2_fix_practice",
        "The plan: A new hotline in Camp Rilo promises every caller a safe place in a shelter, but the only "
        "shelter is full. What would fix it?",
        options=FIX_PRACTICE_OPTIONS, key="services",
        explanation="Ask which principle the plan breaks (here: do no harm), then pick the change that removes the "
                    "harm rather than hiding it or stopping the work.", **kw)


def _fix(exercise_id: str, **kw: Any):
    _principle, plan, options = FIXES[exercise_id]
    return SingleChoice(exercise_id, _("Graded. The plan: %(plan)s What would fix it?") % {"plan": _(plan)},
                        options=options, graded=True, points=1, **kw)


def s2_fix_people_centred(**kw: Any):
    """Graded (2.3): the fix for a plan that is not people-centred and inclusive."""
    return _fix("s2_fix_people_centred", **kw)


def s2_fix_do_no_harm(**kw: Any):
    """Graded (2.4): the fix for a plan that could do harm."""
    return _fix("s2_fix_do_no_harm", **kw)


def s2_fix_defined_purpose(**kw: Any):
    """Graded (2.5): the fix for a collection without a defined purpose."""
    return _fix("s2_fix_defined_purpose", **kw)


def s2_fix_consent(**kw: Any):
    """Graded (2.6): the fix for missing informed consent and confidentiality."""
    return _fix("s2_fix_consent", **kw)


def s2_fix_data_responsibility(**kw: Any):
    """Graded (2.7): the fix for unsafe data handling."""
    return _fix("s2_fix_data_responsibility", **kw)


def s2_fix_competency(**kw: Any):
    """Graded (2.8): the fix for missing competency and capacity."""
    return _fix("s2_fix_competency", **kw)


def s2_fix_impartiality(**kw: Any):
    """Graded (2.9): the fix for a partial analysis."""
    return _fix("s2_fix_impartiality", **kw)


def s2_fix_coordination(**kw: Any):
    """Graded (2.10): the fix for duplicated collection."""
    return _fix("s2_fix_coordination", **kw)


PRINCIPLE_PRACTICE = {
    "A survey is translated only into the majority language": "People-centred and inclusive",
    "A hotline promises callers help that no agency can give": "Do no harm",
    "A list of presumed victims is kept on an unencrypted laptop": "Data responsibility, protection and security",
}


def s2_principle_practice(**kw: Any):
    """Practice: which principle does each plan break (three plans)."""
    return MatchPairs(
        "s2_principle_practice", "Which principle does each plan break?",
        left=list(PRINCIPLE_PRACTICE), right=_principle_names(), key=PRINCIPLE_PRACTICE,
        explanation=("Language excludes people; a promise without a service harms; an unencrypted list "
                     "breaks data protection and security."),
        noun="plans", **kw)


PRINCIPLE_MATCH_LEFT = [
    "Only men are asked about risks facing women and girls",
    "Interviewers push survivors to relive traumatic events, with no support available afterwards",
    "A survey collects phone numbers 'just in case'",
    "Children are interviewed without anyone explaining what the interview is for",
    "Survey data with exact locations are kept in a public shared folder",
    "An untrained intern designs the CT questionnaire alone",
    "The analysis only reports on the ethnic group the lead agency usually serves",
    "Two agencies keep separate victim lists and never agree how to refer between them",
]


def s2_principle_match(**kw: Any):
    """Graded (2.3-2.10): which principle does each plan break."""
    return MatchPairs(
        "s2_principle_match", "Graded. Which PIM principle does each plan break most directly?",
        left=PRINCIPLE_MATCH_LEFT, right=_principle_names(), graded=True, points=4, noun="plans", **kw)
