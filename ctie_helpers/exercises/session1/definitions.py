"""Session 1, notebook ``01_definitions``: the Palermo definition (1.1) and consent vs assent (1.2).

Legal content paraphrases the Palermo Protocol, Art. 3 (UN, 2000) in our own words; the consent rules
follow data-collection ethics (domain brief 2.2). Practice items carry their key; graded items carry none
(DEVELOPERS.md). Scenarios are fictional and set in Ardania.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets import SingleChoice, SortIntoBins

__all__ = ["s1_amp_practice", "s1_amp_elements", "s1_consent_irrelevant", "s1_case_walkthrough", "s1_case_classifier", "s1_research_consent", "s1_consent_assent", "s1_legal_vs_research"]


YES_NO = ["Yes", "No"]
AMP_BINS = ["Act", "Means", "Purpose"]

# --------------------------------------------------------------------------------------------
# 1.1 The Palermo definition (UN Trafficking Protocol, 2000, Art. 3), paraphrased
# --------------------------------------------------------------------------------------------

AMP_PRACTICE_KEY = {
    "Recruiting workers in a displacement camp": "Act",
    "Threatening to report a person to the police": "Means",
    "Making a person work without pay and without the freedom to leave": "Purpose",
}


def s1_amp_practice(**kw: Any):
    """Practice: sort three statements (one per element) into Act, Means and Purpose (Palermo Protocol, Art. 3)."""
    return SortIntoBins(
        "s1_amp_practice",
        "Sort each statement into the element of the definition it belongs to.",
        items=list(AMP_PRACTICE_KEY), bins=AMP_BINS, key=AMP_PRACTICE_KEY,
        explanation=("The Act is what is done to the person (recruit, transport, transfer, harbour, receive); "
                     "the Means is how their will is overcome (force, threats, deception, abuse of vulnerability...); "
                     "the Purpose is why: exploitation, which need not have happened yet."),
        noun="statements", **kw)


AMP_GRADED_ITEMS = [  # mixed on purpose: a list grouped by element would give the answers away
    "Harbouring girls in a rented house near the port",
    "Taking a person's identity card to stop them leaving",
    "Putting men to forced labour on a fishing boat",
    "Receiving a group of young men at a construction site",
    "Removing a kidney from a man to sell it",
    "Abusing the fact that a widow has no income and no documents",
    "Transferring a worker from one employer to another",
    "Exploiting women in prostitution in a brothel",
    "Paying a father so that he lets his daughter go",
]


def s1_amp_elements(**kw: Any):
    """Graded: sort nine statements into Act, Means and Purpose."""
    return SortIntoBins(
        "s1_amp_elements",
        "Graded. Sort each statement into Act, Means or Purpose.",
        items=AMP_GRADED_ITEMS, bins=AMP_BINS, graded=True, points=3, noun="statements", **kw)


def s1_consent_irrelevant(**kw: Any):
    """Practice: an adult who agreed to travel but was deceived: is her consent a defence?"""
    return SingleChoice(
        "s1_consent_irrelevant",
        "Mira, 24, agreed to travel to a factory job. On arrival she was told she owed a large debt and "
        "could not leave until it was paid. The recruiter says: 'She agreed to come.' Does her agreement "
        "matter for deciding whether this is trafficking?",
        options=["Yes: she agreed, so it cannot be trafficking",
                 "No: once a Means such as deception was used, her consent is irrelevant",
                 "Only if she signed a written contract"],
        key="No: once a Means such as deception was used, her consent is irrelevant",
        explanation=("Art. 3(b): where any of the Means was used, the person's consent to the intended "
                     "exploitation does not matter. She was deceived about the conditions."),
        **kw)


ELEMENT_QUESTIONS = ["Act", "Means", "Purpose", "Trafficking under Art. 3?"]


def _case_items(cases: list[str]) -> dict[str, str]:
    """One dropdown row per case and question: ``{"A: Act": "Case A - Act present?", ...}``.

    Ids are short (``"<case letter>: <question>"``) so that keys in hidden tests stay readable.
    """
    out = {}
    for case in cases:
        letter = case.split(".", 1)[0]
        for q in ELEMENT_QUESTIONS:
            label = _(q) if q.endswith("?") else _("%(element)s present?") % {"element": _(q)}
            out[f"{letter}: {q}"] = _("Case %(letter)s - %(question)s") % {"letter": letter, "question": label}
    return out


def _cases_html(cases: list[str], intro: str) -> str:
    """The prompt of a classifier: the instruction and the cases as a list (escaped)."""

    return f"{escape(_(intro))}<ol style='list-style:none;padding-left:0.5em'>" + "".join(
        f"<li>{escape(_(c))}</li>" for c in cases) + "</ol>"


CASE_PRACTICE = [
    "P. Jon, 30, is recruited with a false job offer, then forced to work unpaid on a farm.",
    "Q. Lea, 15, is sent by her aunt to a city household where she works 14 hours a day unpaid and may "
    "not leave. Nobody used force or lies: treat this as no Means.",
]
CASE_PRACTICE_KEY = {
    "P: Act": "Yes", "P: Means": "Yes", "P: Purpose": "Yes", "P: Trafficking under Art. 3?": "Yes",
    "Q: Act": "Yes", "Q: Means": "No", "Q: Purpose": "Yes", "Q: Trafficking under Art. 3?": "Yes",
}


def s1_case_walkthrough(**kw: Any):
    """Practice: decide element by element for two cases (one adult, one child)."""
    return SortIntoBins(
        "s1_case_walkthrough",
        _cases_html(CASE_PRACTICE, "For each case, decide whether each element is present, then whether "
                                  "the case meets the definition."),
        items=_case_items(CASE_PRACTICE), bins=YES_NO, key=CASE_PRACTICE_KEY, prompt_is_html=True,
        explanation=("P: an adult case needs all three elements, and all three are present. Q: Lea is a "
                     "child, so Act + Purpose is enough even with no Means."),
        noun="answers", **kw)


CASES_GRADED = [
    "A. Tomas, 35, answers a job advert, travels freely to a mine and is paid the agreed wage, though the work is hard.",
    "B. Sara, 17, is moved by a neighbour to a town where she is made to sell sex; no force or lies were used.",
    "C. Dan, 28, a smuggler's client, is held in a warehouse on the way and forced to work until his family pays a 'debt'.",
    "D. Ruth, 22, is promised a nursing job abroad; on arrival her passport is taken and she must clean houses without pay.",
    "E. Kofi, 40, is beaten and unpaid by his employer; nobody recruited, moved, harboured or received him.",
]


def s1_case_classifier(**kw: Any):
    """Graded: the scenario classifier, element by element, adult and child variants."""
    return SortIntoBins(
        "s1_case_classifier",
        _cases_html(CASES_GRADED, "Graded. For each case, decide whether the Act, the Means and the Purpose "
                                 "are present, and whether the case meets the Art. 3 definition."),
        items=_case_items(CASES_GRADED), bins=YES_NO, graded=True, prompt_is_html=True, noun="answers",
        points=5, **kw)


# --------------------------------------------------------------------------------------------
# 1.2 Consent, and consent vs assent (data-collection ethics, brief 2.2)
# --------------------------------------------------------------------------------------------

CONSENT_BINS = [
    "Informed consent of the person",
    "Child's assent plus a parent's or guardian's consent",
    "Child's assent plus a best-interests procedure with a child-protection actor",
]

RESEARCH_CONSENT_KEY = {
    "A 35-year-old returnee is invited to a key-informant interview": "Informed consent of the person",
    "A 12-year-old whose mother is with her at the site is invited to a group activity":
        "Child's assent plus a parent's or guardian's consent",
    "A 14-year-old was sent to work by the uncle who is her guardian and who took her wages":
        "Child's assent plus a best-interests procedure with a child-protection actor",
}


def s1_research_consent(**kw: Any):
    """Practice: whose agreement is needed before an interview."""
    return SortIntoBins(
        "s1_research_consent",
        "Before an interview, whose agreement do you need? Sort each situation.",
        items=list(RESEARCH_CONSENT_KEY), bins=CONSENT_BINS, key=RESEARCH_CONSENT_KEY,
        explanation=("Adults give their own informed consent. A child gives assent in words they understand, "
                     "in addition to a guardian's consent; when the guardian may be involved in the "
                     "exploitation, a child-protection actor runs a best-interests procedure instead."),
        noun="situations", **kw)


CONSENT_GRADED_ITEMS = [
    "A 19-year-old woman in a transit centre is asked to join a survey",
    "A 9-year-old boy living with both parents in a camp is asked about school",
    "A 16-year-old girl says her father arranged her 'marriage' and took the bride price",
    "A 45-year-old fisherman identified as a presumed victim is asked to tell his story",
    "A 13-year-old unaccompanied boy whose only adult contact is the recruiter who brought him",
    "A 10-year-old girl whose grandmother, her guardian, is present and not suspected of any harm",
]


def s1_consent_assent(**kw: Any):
    """Graded: sort six interview situations by whose agreement is needed."""
    return SortIntoBins(
        "s1_consent_assent",
        "Graded. Before an interview, whose agreement do you need? Sort each situation.",
        items=CONSENT_GRADED_ITEMS, bins=CONSENT_BINS, graded=True, points=3, noun="situations", **kw)


LEGAL_VS_RESEARCH_OPTIONS = [
    "No: she agreed to the job at the start, and that agreement carries over to the interview",
    "No: her consent is void in law, so the NGO may interview her without asking",
    "Yes: the void consent was to exploitation; an interview needs her informed consent",
    "Only if the police or the courts have asked for her testimony first",
]


def s1_legal_vs_research(**kw: Any):
    """Graded: legal consent (Art. 3(b)) versus research consent."""
    return SingleChoice(
        "s1_legal_vs_research",
        "Graded. Mira (from the practice above) is now assisted by an NGO in Ardania, which wants to "
        "interview her for a protection report. Do you need her informed consent for the interview?",
        options=LEGAL_VS_RESEARCH_OPTIONS, graded=True, points=1, **kw)
