"""Exercise factories of session 2: ethical concerns and safeguards, Protection Information Management.

One function per exercise id (``s2_<slug>``), in teaching order. Practice items carry their key here;
graded items carry none (the key lives only in the hidden test cell of the source notebook).

Principle and PIM Matrix names are the PIM Initiative's and are read from
:mod:`ctie_helpers.content.pim`; scenarios are fictional and set in the synthetic Republic of Ardania.
The do-no-harm red lines and the sharing triage are adapted from IOM practice and the IASC/OCHA
data-responsibility guidance (domain brief 4.4, 10), in our own words.
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import (
    MatchPairs,
    MultiSelect,
    NumericAnswer,
    OrderSteps,
    SingleChoice,
    SortIntoBins,
)

__all__ = [
    "s2_ethics_risks", "s2_red_lines", "s2_pim_definition", "s2_pim_process", "s2_matrix_practice",
    "s2_pim_matrix", "s2_add_ct_question", "s2_fix_people_centred", "s2_fix_do_no_harm",
    "s2_fix_defined_purpose", "s2_fix_consent", "s2_fix_data_responsibility", "s2_fix_competency",
    "s2_fix_impartiality", "s2_fix_coordination", "s2_principle_practice", "s2_principle_match",
    "s2_unique_records", "s2_why_k11", "s2_recover_cell", "s2_complementary", "s2_dp_epsilon",
    "s2_dp_repeat", "s2_triage_practice", "s2_triage_sensitivity", "s2_sharing_triage",
]


def principle_names() -> list[str]:
    """The eight PIM principle names in published order (from the content registry)."""
    from ctie_helpers.content import pim

    return [p.name for p in pim.principles()]


def matrix_names() -> list[str]:
    """The eight PIM Matrix category names (from the content registry)."""
    from ctie_helpers.content import pim

    return [c.name for c in pim.matrix()]


def process_names() -> list[str]:
    """The four PIM Process steps, in the registry's order (the widget shuffles them)."""
    from ctie_helpers.content import pim

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

def s2_pim_definition(**kw: Any):
    """Practice: what PIM covers."""
    return SingleChoice(
        "s2_pim_definition", "Which description fits Protection Information Management best?",
        options=["A database software for protection cases",
                 "Principled, systematic and collaborative handling of data through its whole life cycle, "
                 "so that protection action is evidence-informed",
                 "The analysis step that comes after data collection"],
        key=("Principled, systematic and collaborative handling of data through its whole life cycle, "
             "so that protection action is evidence-informed"),
        explanation="PIM covers collection, processing, analysis, storage, sharing and use, with principles throughout.",
        **kw)


def s2_pim_process(**kw: Any):
    """Graded: the four PIM Process steps in order."""
    return OrderSteps(
        "s2_pim_process", "Graded. Put the four steps of the PIM Process in order.",
        steps=[process_names()[i] for i in (2, 0, 3, 1)], graded=True, points=2, **kw)


MATRIX_PRACTICE = {
    "DTM mobility tracking counts of displaced people by site": "Population data",
    "Individual files of assisted victims, from identification to case closure": "Case management",
}


def s2_matrix_practice(**kw: Any):
    """Practice: two systems into their PIM Matrix category."""
    return SortIntoBins(
        "s2_matrix_practice", "Sort each system into its PIM Matrix category.",
        items=list(MATRIX_PRACTICE), bins=matrix_names(), key=MATRIX_PRACTICE,
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
        items=MATRIX_ITEMS, bins=matrix_names(), graded=True, points=4, noun="systems", **kw)


def s2_add_ct_question(**kw: Any):
    """Graded: which existing system a CT question belongs in."""
    return SingleChoice(
        "s2_add_ct_question",
        "Graded. The CT working group wants to know, every month, whether reports of children leaving "
        "sites for work are rising. Which existing system should the question be added to?",
        options=matrix_names(), graded=True, points=1, **kw)


# --------------------------------------------------------------------------------------------
# 2.3-2.10 The eight principles: which fix does each broken plan need?
# --------------------------------------------------------------------------------------------

FIXES: dict[str, tuple[str, str, list[str]]] = {
    # exercise id: (principle, the broken plan, options for the fix)
    "s2_fix_people_centred": (
        "People-centred and inclusive",
        "An assessment of trafficking risks in Camp Rilo interviews only male community leaders, in Ardanian, "
        "at the camp office during working hours.",
        ["Add more male leaders to the sample",
         "Involve women, adolescents, minority-language speakers and people with disabilities, at times and "
         "places that suit them, with their input on the questions",
         "Replace the interviews with satellite images"]),
    "s2_fix_do_no_harm": (
        "Do no harm",
        "A team plans to ask women in a host town, at their front doors and in front of neighbours, whether "
        "they were sexually exploited during the journey.",
        ["Ask the same question more politely",
         "Run a risk assessment first; ask about risks in private, indirectly, and only where safe referral exists",
         "Only ask women who look distressed"]),
    "s2_fix_defined_purpose": (
        "Defined purpose",
        "A partner adds 40 questions on religion, income and political views to a flow-monitoring survey "
        "'in case they are useful later'.",
        ["Keep the questions but make them optional",
         "Keep only questions that answer a stated information need linked to a protection decision",
         "Move the questions to the end of the survey"]),
    "s2_fix_consent": (
        "Informed consent and confidentiality",
        "Interviewers start recording as soon as a survivor sits down, and tell her afterwards that the "
        "recording will be shared with the police.",
        ["Explain purpose, use, sharing and the right to refuse or stop before starting, and only record with her agreement",
         "Delete the recording after the police have listened to it",
         "Let her sign a form at the end of the interview"]),
    "s2_fix_data_responsibility": (
        "Data responsibility, protection and security",
        "Case lists with names and phone numbers of presumed victims are e-mailed between agencies as "
        "open spreadsheets.",
        ["Add a password hint in the e-mail",
         "Share only what a data-sharing agreement allows, through an encrypted channel, with access limited "
         "to named case workers",
         "Send the spreadsheets by instant messaging instead"]),
    "s2_fix_competency": (
        "Competency and capacity",
        "Volunteers with no training on trafficking or safe referral are sent to run interviews with "
        "presumed victims next week.",
        ["Give each volunteer a printed questionnaire",
         "Train and supervise interviewers on CT, ethics and referral first, or use qualified staff",
         "Ask the volunteers to interview in pairs"]),
    "s2_fix_impartiality": (
        "Impartiality",
        "A report on exploitation in Ardania only uses data from districts held by one side of the conflict, "
        "because a donor asked for it.",
        ["Cover all affected areas and groups by need, and state any gaps and their reasons",
         "Add a footnote thanking the donor",
         "Publish two reports, one per side"]),
    "s2_fix_coordination": (
        "Coordination and collaboration",
        "Three agencies each run their own household survey with CT questions in the same camps in the same month.",
        ["Run the three surveys on different days",
         "Agree through the protection cluster on one assessment, shared questions and a protocol for sharing results",
         "Let the biggest agency publish first"]),
}


def _fix(exercise_id: str, **kw: Any):
    _principle, plan, options = FIXES[exercise_id]
    return SingleChoice(exercise_id, f"Graded. The plan: {plan} What would fix it?", options=options, graded=True,
                        points=1, **kw)


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
        left=list(PRINCIPLE_PRACTICE), right=principle_names(), key=PRINCIPLE_PRACTICE,
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
        left=PRINCIPLE_MATCH_LEFT, right=principle_names(), graded=True, points=4, noun="plans", **kw)


# --------------------------------------------------------------------------------------------
# 2.7 Data responsibility in practice on case_records (brief 7.1, 10)
# --------------------------------------------------------------------------------------------

def s2_unique_records(**kw: Any):
    """Graded: how many records are unique on the four quasi-identifiers (read from the table)."""
    return NumericAnswer(
        "s2_unique_records",
        "Graded. Read the k-anonymity summary above: how many case records are unique (k = 1) on "
        "age band, gender, citizenship and year of registration?",
        graded=True, points=2, unit="records", **kw)


WHY_K11_OPTIONS = [
    "Because 11 is the number of CTDC contributors",
    "To make each released combination of quasi-identifiers shared by at least 11 people, so no one "
    "can be singled out from a small group",
    "Because the law requires it in every country",
    "To round every count to a multiple of 11",
]


def s2_why_k11(**kw: Any):
    """Graded: why CTDC used k = 11 for its public dataset."""
    return SingleChoice(
        "s2_why_k11", "Graded. CTDC's public k-anonymised dataset (2017-2020) used k = 11. Why?",
        options=WHY_K11_OPTIONS, graded=True, points=1, **kw)


def s2_recover_cell(**kw: Any):
    """Practice: recover a suppressed cell from a published total."""
    return NumericAnswer(
        "s2_recover_cell",
        "A table shows, for district XA0102, Women = 17, Men = <5 (suppressed), Total = 20. How many men "
        "are there?",
        key=3, unit="men",
        explanation=("20 - 17 = 3: one suppressed cell next to a published total is no protection. "
                     "That is why a second (complementary) cell must be suppressed too."),
        **kw)


COMPLEMENTARY_OPTIONS = [
    "To make the table look balanced",
    "So that the suppressed small cell cannot be worked out from the row and column totals",
    "Because every table must have at least two missing values",
    "To hide the largest numbers",
]


def s2_complementary(**kw: Any):
    """Graded: why complementary suppression is needed."""
    return SingleChoice(
        "s2_complementary", "Graded. Why does suppress_table also hide some cells that are not small?",
        options=COMPLEMENTARY_OPTIONS, graded=True, points=1, **kw)


def s2_dp_epsilon(**kw: Any):
    """Practice: what a smaller epsilon does."""
    return SingleChoice(
        "s2_dp_epsilon", "In the chart above, what happens to the noisy counts when epsilon gets smaller?",
        options=["They spread out more: more privacy, less accuracy",
                 "They get closer to the true count: more privacy and more accuracy",
                 "Nothing changes"],
        key="They spread out more: more privacy, less accuracy",
        explanation="Epsilon is the privacy budget: a smaller budget means more noise.", **kw)


DP_REPEAT_OPTIONS = [
    "Nothing: each release is private on its own",
    "The privacy losses add up: the total budget is the sum of the epsilons spent",
    "The releases cancel each other's noise, so privacy improves",
]


def s2_dp_repeat(**kw: Any):
    """Graded: repeated releases and the privacy budget."""
    return SingleChoice(
        "s2_dp_repeat",
        "Graded. The same noisy count is released every month with epsilon = 0.5. What happens to privacy over a year?",
        options=DP_REPEAT_OPTIONS, graded=True, points=1, **kw)


# --------------------------------------------------------------------------------------------
# 2.10 Data-sharing request triage (IASC/OCHA sensitivity levels, adapted)
# --------------------------------------------------------------------------------------------

def sensitivity_names() -> list[str]:
    """The four sensitivity levels, lowest first (IASC/OCHA practice, content registry)."""
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
        items=TRIAGE_REQUESTS, bins=sensitivity_names(), graded=True, noun="requests", points=3, **kw)


def s2_sharing_triage(**kw: Any):
    """Graded: the sharing decision for each request."""
    return SortIntoBins(
        "s2_sharing_triage", "Graded. Step 2 of the triage: what do you decide for each request?",
        items=TRIAGE_REQUESTS, bins=DECISIONS, graded=True, noun="requests", points=3, **kw)


def further_reading():
    """The further-reading catalogue entries for session 2, as a table (title, year, publisher, summary)."""
    from ctie_helpers.content import reading

    frame = reading.readings_frame()
    rows = frame[frame["sessions"].apply(lambda s: 2 in s)]
    return rows[["title", "year", "publisher", "summary"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Tables shown in the notebooks (read from the content registries)
# --------------------------------------------------------------------------------------------

def principles_table():
    """The eight PIM principles with a one-line paraphrase and one practical safeguard each."""
    from ctie_helpers.content import pim

    return pim.principles_frame()[["number", "name", "paraphrase", "safeguard", "agenda_point"]].set_index("number")


def matrix_table():
    """The PIM Matrix categories, what each does, and the CT data it can yield."""
    from ctie_helpers.content import pim

    return pim.matrix_frame()[["name", "description", "ct_data"]].set_index("name")


def process_table():
    """The four PIM Process steps in order."""
    from ctie_helpers.content import pim

    return pim.process_frame() if hasattr(pim, "process_frame") else __import__("pandas").DataFrame(
        [{"step": s.order, "name": s.name, "what happens": s.description} for s in pim.process()]).set_index("step")


def red_lines():
    """Do-no-harm red lines for CT data (adapted from IOM practice), as a one-column table."""
    import pandas as pd

    from ctie_helpers.content import data_responsibility

    lines = data_responsibility.ct_red_lines()
    return pd.DataFrame({f"red line ({lines.source})": list(lines.items)})


def sensitivity_table():
    """The four sensitivity levels and the default sharing rule of each (IASC/OCHA practice)."""
    import pandas as pd

    from ctie_helpers.content import data_responsibility

    return pd.DataFrame([{"level": s.name, "meaning": s.description, "default sharing": s.sharing_label}
                         for s in data_responsibility.sensitivity_levels()]).set_index("level")


def pim_definition():
    """The PIM definition with its source, as Markdown."""
    from IPython.display import Markdown

    from ctie_helpers.content import pim

    d = pim.pim_definition()
    return Markdown(f"> {d.text}\n>\n> *{d.source}*")


def safeguard(number: int):
    """One practical safeguard for principle ``number`` (1-8), as Markdown."""
    from IPython.display import Markdown

    from ctie_helpers.content import pim

    p = pim.principle(number)
    return Markdown(f"**Safeguard in practice ({p.name}):** {p.safeguard}")


# --------------------------------------------------------------------------------------------
# Lab helpers for section 2.7 (thin wrappers over ctie_helpers.safeguards, so the cells stay short)
# --------------------------------------------------------------------------------------------

#: The quasi-identifiers of the lab: the combination the issue names (age band, gender, citizenship, year).
CASE_QI = ["ageBroad", "gender", "citizenship", "yearOfRegistration"]


def k_report(cases, k: int = 11, quasi_identifiers: list[str] | None = None):
    """k-anonymity of ``cases`` over :data:`CASE_QI` (blanks count as their own value, as an attacker would see them)."""
    from ctie_helpers.safeguards import k_anonymity

    return k_anonymity(cases, list(quasi_identifiers or CASE_QI), k=k)


def unique_count(report) -> int:
    """Records alone in their quasi-identifier group (k = 1)."""
    sizes = report.group_sizes["size"]
    return int((sizes == 1).sum())


def citizenship_by_gender(cases):
    """Cross-table of citizenship by gender with totals; blanks shown as 'not reported'."""
    import pandas as pd

    return pd.crosstab(cases["citizenship"].fillna("not reported"), cases["gender"].fillna("not reported"),
                       margins=True, margins_name="Total")


def suppress(table, threshold: int = 11):
    """Primary and complementary suppression of ``table`` (see :func:`ctie_helpers.safeguards.suppress_table`)."""
    from ctie_helpers.safeguards import suppress_table

    return suppress_table(table, threshold=threshold)


def dp_release(true_count: int, epsilon: float, rng=None) -> float:
    """One differentially private release of a count, via :func:`ctie_helpers.safeguards.dp_count`."""
    from ctie_helpers.safeguards import dp_count

    return dp_count(true_count, epsilon, rng=rng)
