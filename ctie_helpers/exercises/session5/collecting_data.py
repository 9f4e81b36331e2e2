"""Session 5, notebook ``03_collecting_data``: observation, interviews, focus groups and techniques beyond
questions (5.4-5.7).

Methods content is standard practice (domain brief 9), in our own words; scenarios are set in Ardania.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MatchPairs, MultiSelect, SortIntoBins

__all__ = ["s5_observation_practice", "s5_observation", "s5_interview_practice", "s5_interview_types",
           "s5_fgd_practice", "s5_fgd_plan", "s5_technique_practice", "s5_techniques"]


# --------------------------------------------------------------------------------------------
# 5.4-5.7 Observation, interviews, focus groups, techniques beyond questions
# --------------------------------------------------------------------------------------------
OBS_BINS = ["Record", "Do not record"]
# Practice before the graded checklist (same skill: conditions, not people); listed not grouped by answer.
OBS_PRACTICE_KEY = {
    "Whether the water point has a working lock and a light": "Record",
    "A photo of the queue at the water point, faces visible": "Do not record",
    "The name of the man who drives the labour van": "Do not record",
    "Whether the shelters housing lone women can be locked from inside": "Record",
}


def s5_observation_practice(**kw: Any) -> SortIntoBins:
    """Practice: what a structured observation checklist may record (before the graded ``s5_observation``)."""
    return SortIntoBins(
        "s5_observation_practice",
        "A structured observation checklist for sites in Ardania: which items may it record?",
        items=list(OBS_PRACTICE_KEY), bins=OBS_BINS, key=OBS_PRACTICE_KEY, noun="items",
        explanation="Observation records conditions that anyone could see (locks, lighting, crowding), never "
                    "people: no names, no faces, no number plates, nothing that could identify or expose someone.",
        **kw)


OBS_ITEMS = {
    "lighting": "Whether the path to the latrines is lit at night",
    "adverts": "Job adverts posted at the site entrance (wording and promised pay, no phone numbers)",
    "photo": "Photographs of girls waiting at the bus stop with a man",
    "plates": "Number plates of cars that collect young men at dawn",
    "crowding": "How crowded the shelters are",
    "children": "Whether school-age children are visibly working in the market during school hours",
    "names": "Names of the families whose sons left with a broker",
}


def s5_observation(**kw: Any) -> SortIntoBins:
    """Graded: what a structured observation checklist may and may not record."""
    return SortIntoBins(
        "s5_observation",
        "Graded. A structured observation checklist for sites in Ardania: which items may it record?",
        items=OBS_ITEMS, bins=OBS_BINS, graded=True, points=3, noun="items", **kw)


INTERVIEW_LEFT = {
    "structured": "500 site key informants answer the same closed questions in the same order",
    "semi": "12 caseworkers are asked about recruitment patterns with a topic guide and follow-up prompts",
    "indepth": "A researcher spends two hours with a labour-rights lawyer exploring how debt bondage cases unfold",
}
INTERVIEW_RIGHT = {"structured": "Structured interview", "semi": "Semi-structured interview",
                   "indepth": "In-depth interview", "group": "Group interview"}


INTERVIEW_PRACTICE_LEFT = {
    "officials": "Every border official answers the same ten questions, read out word for word",
    "cooperative": "Five members of a fishing cooperative answer questions together in one sitting",
    "caseworker": "A caseworker is asked about a few set topics, and the interviewer follows up on what she raises",
}
INTERVIEW_PRACTICE_KEY = {"officials": "structured", "cooperative": "group", "caseworker": "semi"}


def s5_interview_practice(**kw: Any) -> MatchPairs:
    """Practice: match scenarios to interview types (before the graded ``s5_interview_types``)."""
    return MatchPairs(
        "s5_interview_practice", "Match each scenario to the type of interview it describes.",
        left=INTERVIEW_PRACTICE_LEFT, right=INTERVIEW_RIGHT, key=INTERVIEW_PRACTICE_KEY,
        explanation="Structured: the same closed questions for everyone. Semi-structured: a topic guide with "
                    "follow-up. Group: several people answer together.", **kw)


def s5_interview_types(**kw: Any) -> MatchPairs:
    """Graded: match scenarios to interview types."""
    return MatchPairs(
        "s5_interview_types", "Graded. Match each scenario to the type of interview it describes.",
        left=INTERVIEW_LEFT, right=INTERVIEW_RIGHT, graded=True, points=2, **kw)


FGD_PRACTICE_OPTIONS = {
    "leader": "Invite the camp leader to sit in, so that people feel they should speak",
    "private": "Meet in a private place where people passing by cannot hear",
    "record": "Film the session so that nothing is lost in the analysis",
    "plain": "Call the topic 'work and travel' in the invitation, not 'trafficking'",
    "exit": "Tell participants they may skip a question or leave at any time",
}


def s5_fgd_practice(**kw: Any) -> MultiSelect:
    """Practice: what makes a focus group safer (before the graded ``s5_fgd_plan``)."""
    return MultiSelect(
        "s5_fgd_practice", "Which choices make a focus group on recruitment in Ulvarro safer for its participants?",
        options=FGD_PRACTICE_OPTIONS, key=["private", "plain", "exit"], noun="choices",
        explanation="A safe focus group is private, does not label anyone, and lets people stay silent or go; "
                    "authority figures and recordings make people guarded and can expose them.", **kw)


FGD_OPTIONS = {
    "size": "About 6 to 8 participants of the same sex and similar age (a common rule of thumb)",
    "female": "Separate sessions for women and girls, led by a female facilitator and note-taker",
    "third": "Discuss a fictional story about a cousin who got a job offer, not participants' own experiences",
    "referral": "Have referral information ready in case someone discloses harm",
    "confid": "Ask everyone to keep what is said in the group, and explain that this cannot be guaranteed",
    "mixed": "Mix displaced men, host women and adolescents in one large group of 20 to hear all views at once",
    "names": "Ask participants to name neighbours who were trafficked",
    "minors": "Include 14-year-olds without any child-protection safeguards",
}


def s5_fgd_plan(**kw: Any) -> MultiSelect:
    """Graded: good practice for a focus group discussion plan."""
    return MultiSelect(
        "s5_fgd_plan",
        "Graded. You plan focus groups on safe migration in Brennwick district. Which elements belong in the plan?",
        options=FGD_OPTIONS, graded=True, points=3, noun="elements", **kw)


TECH_PRACTICE_LEFT = {
    "roads": "Find which roads and bus stops girls avoid after dark",
    "share": "Estimate the share of households with a member working abroad",
    "worries": "Learn which of five livelihood worries weighs most on families",
}
TECH_PRACTICE_KEY = {"roads": "mapping", "share": "survey", "worries": "ranking"}


def s5_technique_practice(**kw: Any) -> MatchPairs:
    """Practice: match an aim to a technique (before the graded ``s5_techniques``)."""
    return MatchPairs(
        "s5_technique_practice", "Match each aim to the technique that serves it best.",
        left=TECH_PRACTICE_LEFT, right=TECH_RIGHT, key=TECH_PRACTICE_KEY,
        explanation="Places call for a map, priorities for a ranking, and a share of households for a closed "
                    "survey question.", **kw)


TECH_LEFT = {
    "vignette": "Understand what people consider a fair or a suspicious job offer, without asking about themselves",
    "ranking": "Find which risks people in a site worry about most",
    "mapping": "Find where in town people feel unsafe or where recruiters wait",
    "third": "Ask about exploitation without making anyone disclose their own experience",
}
TECH_RIGHT = {"vignette": "Vignette (a short fictional story)", "ranking": "Ranking or pile sorting",
              "mapping": "Participatory mapping", "third": "Third-person framing ('people in this community...')",
              "survey": "Closed survey question"}


def s5_techniques(**kw: Any) -> MatchPairs:
    """Graded: match an aim to a technique beyond direct questions."""
    return MatchPairs(
        "s5_techniques", "Graded. Match each aim to the technique that serves it best.",
        left=TECH_LEFT, right=TECH_RIGHT, graded=True, points=2, **kw)
