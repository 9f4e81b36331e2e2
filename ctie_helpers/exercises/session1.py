"""Exercise factories of session 1: trafficking in persons in emergencies and the role of CTiE IM.

One function per exercise id (``s1_<slug>``), in teaching order. Each returns a configured widget
from :mod:`ctie_helpers.widgets`:

- *practice* items carry their key here and give full feedback with an explanation;
- *graded* items carry **no key**: their key lives only in the hidden test cell of the source
  notebook (DEVELOPERS.md), which the student release strips.

Scenarios are fictional and set in the synthetic Republic of Ardania. Legal content paraphrases the
Palermo Protocol, Art. 3 (UN, 2000) in our own words; the crisis typology and the data-type table are
adapted from IOM practice (domain brief 1.4, 2.4), not quoted from the Guide.
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
    "s1_amp_practice", "s1_amp_elements", "s1_child_element", "s1_consent_irrelevant",
    "s1_case_walkthrough", "s1_case_classifier", "s1_research_consent", "s1_consent_assent",
    "s1_legal_vs_research", "s1_ts_practice", "s1_ts_sorter", "s1_ts_case", "s1_which_number",
    "s1_figure_concepts", "s1_detection_trend", "s1_lp_textbook", "s1_lp_service_lists",
    "s1_list_dependence", "s1_mse_assumptions", "s1_crisis_mechanisms", "s1_crisis_typology",
    "s1_ct_integration", "s1_hpc_order", "s1_hpc_ct_feed", "s1_im_purpose", "s1_collect_less",
    "s1_data_types", "s1_data_sensitivity", "s1_dii",
]

YES_NO = ["Yes", "No"]
AMP_BINS = ["Act", "Means", "Purpose"]

# --------------------------------------------------------------------------------------------
# 1.1 The Palermo definition (UN Trafficking Protocol, 2000, Art. 3), paraphrased
# --------------------------------------------------------------------------------------------

AMP_PRACTICE_KEY = {
    "Recruiting workers in a displacement camp": "Act",
    "Driving people across the district line to a farm": "Act",
    "Lying about the wage and the kind of work": "Means",
    "Threatening to report a person to the police": "Means",
    "Making a person work without pay and without the freedom to leave": "Purpose",
    "Selling sexual services of another person for profit": "Purpose",
}


def s1_amp_practice(**kw: Any):
    """Practice: sort six statements into Act, Means and Purpose (Palermo Protocol, Art. 3)."""
    return SortIntoBins(
        "s1_amp_practice",
        "Sort each statement into the element of the definition it belongs to.",
        items=list(AMP_PRACTICE_KEY), bins=AMP_BINS, key=AMP_PRACTICE_KEY,
        explanation=("The Act is what is done to the person (recruit, transport, transfer, harbour, receive); "
                     "the Means is how their will is overcome (force, threats, deception, abuse of vulnerability...); "
                     "the Purpose is why: exploitation, which need not have happened yet."),
        noun="statements", **kw)


AMP_GRADED_ITEMS = [
    "Harbouring girls in a rented house near the port",
    "Receiving a group of young men at a construction site",
    "Transferring a worker from one employer to another",
    "Taking a person's identity card to stop them leaving",
    "Abusing the fact that a widow has no income and no documents",
    "Paying a father so that he lets his daughter go",
    "Forced labour on a fishing boat",
    "Removal of a kidney",
    "Sexual exploitation in a brothel",
]


def s1_amp_elements(**kw: Any):
    """Graded: sort nine statements into Act, Means and Purpose."""
    return SortIntoBins(
        "s1_amp_elements",
        "Graded. Sort each statement into Act, Means or Purpose.",
        items=AMP_GRADED_ITEMS, bins=AMP_BINS, graded=True, points=3, noun="statements", **kw)


def s1_child_element(**kw: Any):
    """Practice: which element need not be shown when the person is 16."""
    return SingleChoice(
        "s1_child_element",
        "Ana is 16. A man recruited her in Port Velan and she now works in a bar where she is sexually "
        "exploited. Which element does NOT need to be shown for this to be trafficking?",
        options=["The Act", "The Means", "The Purpose", "None: all three are always needed"],
        key="The Means",
        explanation=("For a child (anyone under 18) the Act and the exploitative Purpose are enough: "
                     "no Means has to be shown (Palermo Protocol, Art. 3(c) and (d))."),
        **kw)


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


def case_items(cases: list[str]) -> dict[str, str]:
    """One dropdown row per case and question: ``{"A: Act": "Case A - Act present?", ...}``.

    Ids are short (``"<case letter>: <question>"``) so that keys in hidden tests stay readable.
    """
    out = {}
    for case in cases:
        letter = case.split(".", 1)[0]
        for q in ELEMENT_QUESTIONS:
            label = q if q.endswith("?") else f"{q} present?"
            out[f"{letter}: {q}"] = f"Case {letter} - {label}"
    return out


def cases_html(cases: list[str], intro: str) -> str:
    """The prompt of a classifier: the instruction and the cases as a list (escaped)."""
    from html import escape

    return f"{escape(intro)}<ol style='list-style:none;padding-left:0.5em'>" + "".join(
        f"<li>{escape(c)}</li>" for c in cases) + "</ol>"


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
        cases_html(CASE_PRACTICE, "For each case, decide whether each element is present, then whether "
                                  "the case meets the definition."),
        items=case_items(CASE_PRACTICE), bins=YES_NO, key=CASE_PRACTICE_KEY, prompt_is_html=True,
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
        cases_html(CASES_GRADED, "Graded. For each case, decide whether the Act, the Means and the Purpose "
                                 "are present, and whether the case meets the Art. 3 definition."),
        items=case_items(CASES_GRADED), bins=YES_NO, graded=True, prompt_is_html=True, noun="answers",
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
    "No: she already agreed to the work, so her agreement covers the interview too",
    "No: her consent is legally void, so nobody can consent for her",
    "Yes: her 'consent' to the exploitation is void in law, but an interview still needs her informed consent",
    "Only if the police ask for the interview",
]


def s1_legal_vs_research(**kw: Any):
    """Graded: legal consent (Art. 3(b)) versus research consent."""
    return SingleChoice(
        "s1_legal_vs_research",
        "Graded. Mira (from the practice above) is now assisted by an NGO in Ardania, which wants to "
        "interview her for a protection report. Do you need her informed consent for the interview?",
        options=LEGAL_VS_RESEARCH_OPTIONS, graded=True, points=1, **kw)


# --------------------------------------------------------------------------------------------
# 1.3 Trafficking or smuggling? (brief 2.3)
# --------------------------------------------------------------------------------------------

TS_BINS = ["Migrant smuggling", "Trafficking in persons", "Both"]

TS_PRACTICE_KEY = {
    "The profit is the fee paid for crossing the border": "Migrant smuggling",
    "The relationship continues after arrival, through control and exploitation": "Trafficking in persons",
    "Criminal networks may be involved": "Both",
}


def s1_ts_practice(**kw: Any):
    """Practice: three statements into smuggling, trafficking or both."""
    return SortIntoBins(
        "s1_ts_practice", "Which crime does each statement describe?",
        items=list(TS_PRACTICE_KEY), bins=TS_BINS, key=TS_PRACTICE_KEY,
        explanation=("Smuggling earns from the movement and ends on arrival; trafficking earns from "
                     "exploiting the person and continues. Both can involve organised criminal groups."),
        noun="statements", **kw)


TS_GRADED_ITEMS = [
    "Always involves crossing an international border irregularly",
    "Can happen entirely inside one country",
    "The person agreed to the movement and the agreement was not obtained by improper means",
    "Consent is irrelevant once force, deception or another means was used",
    "Mainly an offence against the State's border and migration laws",
    "A serious violation of the rights of the person, who is a victim",
    "The people moved may face dangers on the journey",
    "Profit comes from exploiting the person's labour or body",
]


def s1_ts_sorter(**kw: Any):
    """Graded: eight statements into smuggling, trafficking or both."""
    return SortIntoBins(
        "s1_ts_sorter", "Graded. Which crime does each statement describe?",
        items=TS_GRADED_ITEMS, bins=TS_BINS, graded=True, points=4, noun="statements", **kw)


TS_CASE_OPTIONS = [
    "It is smuggling only: he paid to be moved",
    "It began as smuggling and became trafficking when he was held and forced to work",
    "It is neither: he is an irregular migrant",
    "It was trafficking from the first contact, because he crossed a border",
]


def s1_ts_case(**kw: Any):
    """Graded: a smuggling journey that turns into trafficking."""
    return SingleChoice(
        "s1_ts_case",
        "Graded. Pavel, 26, from Borvia, paid a smuggler to take him across Ardania to the coast. "
        "Half-way, the group was locked in a compound and he was made to work on a building site "
        "'to pay for the rest of the trip'. How should a case worker describe his situation?",
        options=TS_CASE_OPTIONS, graded=True, points=1, **kw)


# --------------------------------------------------------------------------------------------
# 1.4 Global estimates, research gaps and methodological challenges (brief 3)
# --------------------------------------------------------------------------------------------

def s1_which_number(**kw: Any):
    """Practice: what does the UNODC figure count?"""
    return SingleChoice(
        "s1_which_number",
        "UNODC's Global Report (2024) counts 69,627 victims detected in 2022. What does this number measure?",
        options=["How many people were trafficked in the world in 2022",
                 "How many victims national authorities detected and reported in 2022",
                 "How many victims received IOM assistance since 2002"],
        key="How many victims national authorities detected and reported in 2022",
        explanation=("Detections depend on how hard authorities look and how easily victims come forward: "
                     "they are a floor, not a prevalence estimate."),
        **kw)


FIGURE_LEFT = [
    "49.6 million people in modern slavery on a given day in 2021 (ILO, Walk Free, IOM 2022)",
    "69,627 victims detected by national authorities in 2022 (UNODC 2024)",
    "Over 206,000 victim case records, registered 2002-2022 (CTDC Global Synthetic Dataset, 2024)",
]
FIGURE_CONCEPTS = [
    "A prevalence estimate from national surveys and modelling",
    "Official detections reported by governments",
    "Identified and assisted cases pooled from agencies' case files",
]


def s1_figure_concepts(**kw: Any):
    """Graded: match each headline figure to the concept it measures."""
    return MatchPairs(
        "s1_figure_concepts", "Graded. Match each headline figure to what it measures.",
        left=FIGURE_LEFT, right=FIGURE_CONCEPTS, graded=True, points=3, **kw)


def s1_detection_trend(**kw: Any):
    """Practice: the 2020 dip in detections."""
    return SingleChoice(
        "s1_detection_trend",
        "UNODC reported that detected victims fell by 11% in 2020 (GLOTiP 2022). Which reading is the safest?",
        options=["Trafficking fell by 11% in 2020",
                 "Detection fell, at least partly because COVID-19 restrictions reduced identification work",
                 "The data are wrong and should be ignored"],
        key="Detection fell, at least partly because COVID-19 restrictions reduced identification work",
        explanation=("A change in detections mixes a real change with a change in the effort to detect. "
                     "2020 is the textbook example."),
        **kw)


def s1_lp_textbook(**kw: Any):
    """Practice: the textbook two-list example (brief 12, item 30)."""
    return NumericAnswer(
        "s1_lp_textbook",
        "A shelter lists 400 people, the police list 300, and 60 people are on both lists. "
        "What is the Lincoln-Petersen estimate of the total number of victims?",
        key=2000, unit="people",
        explanation="N = n1 x n2 / m = 400 x 300 / 60 = 2,000: about 1,360 more than the 640 seen by either list.",
        **kw)


def s1_lp_service_lists(**kw: Any):
    """Graded: Lincoln-Petersen from the first two lists of ``service_lists``."""
    return NumericAnswer(
        "s1_lp_service_lists",
        "Graded. Using the counts shown above for list A, list B and their overlap, compute the "
        "Lincoln-Petersen estimate (round to the nearest whole person).",
        graded=True, points=2, unit="people", **kw)


DEPENDENCE_OPTIONS = [
    "Too low: people on one list are more likely to be on the other, so the overlap looks too big",
    "Too high: the overlap looks too small",
    "Unchanged: dependence does not matter for two lists",
]


def s1_list_dependence(**kw: Any):
    """Graded: what positive dependence between two lists does to the estimate."""
    return SingleChoice(
        "s1_list_dependence",
        "Graded. Agency A refers most of its cases to the shelter (list B), so the two lists are "
        "positively dependent. What does that do to the two-list estimate from A and B?",
        options=DEPENDENCE_OPTIONS, graded=True, points=1, **kw)


MSE_ASSUMPTION_OPTIONS = [
    "The population does not change much during the period the lists cover",
    "The same person can be matched correctly across lists",
    "Every victim has the same chance of being on every list, or differences are modelled",
    "Dependence between lists is modelled, for example with interactions",
    "Each list is a random sample of all victims",
    "The lists must all come from the same agency",
]


def s1_mse_assumptions(**kw: Any):
    """Graded: which assumptions multiple systems estimation relies on (brief 3.4)."""
    return MultiSelect(
        "s1_mse_assumptions", "Graded. Tick every assumption that multiple systems estimation relies on.",
        options=MSE_ASSUMPTION_OPTIONS, graded=True, points=2, **kw)


# --------------------------------------------------------------------------------------------
# 1.5 Trafficking in persons in emergencies (adapted from IOM practice, brief 2.4)
# --------------------------------------------------------------------------------------------

CRISIS_MECHANISM_OPTIONS = [
    "Loss of livelihoods and savings",
    "Families separated during flight",
    "Lost identity documents",
    "Police and courts stop working in the area",
    "More humanitarian funding arrives",
    "Schools close",
]
CRISIS_MECHANISM_KEY = [o for o in CRISIS_MECHANISM_OPTIONS if o != "More humanitarian funding arrives"]


def s1_crisis_mechanisms(**kw: Any):
    """Practice: which crisis effects raise the risk of trafficking."""
    return MultiSelect(
        "s1_crisis_mechanisms", "After floods hit eastern Ardania, which of these raise the risk of trafficking?",
        options=CRISIS_MECHANISM_OPTIONS, key=CRISIS_MECHANISM_KEY,
        explanation=("Each ticked item either pushes people to take risky offers or removes a protection. "
                     "Funding is not a risk mechanism in itself (though aid diversion can be)."),
        **kw)


def crisis_types() -> list[str]:
    """The five types of crisis-related trafficking (content registry, adapted from IOM practice)."""
    from ctie_helpers.content import crisis

    return [t.name for t in crisis.typology()]
CRISIS_TYPOLOGY_ITEMS = [
    "An armed group takes boys from a village to serve as fighters",
    "Families in Camp Rilo marry off daughters young to cope with debt",
    "Borvian workers trapped in Ardania when fighting starts are held for ransom",
    "Brokers who already sent domestic workers abroad recruit far more after the floods",
    "A contractor rebuilding bridges brings in workers who cannot leave until 'fees' are repaid",
    "A commander keeps abducted women as 'wives'",
    "Displaced teenagers in a host town are offered 'jobs' that turn into forced begging",
    "Migrants held in a detention centre are sold to farm owners",
]


def s1_crisis_typology(**kw: Any):
    """Graded: sort Ardanian scenarios into the crisis typology (adapted from IOM practice)."""
    return SortIntoBins(
        "s1_crisis_typology", "Graded. Sort each Ardanian scenario into the type of crisis-related trafficking.",
        items=CRISIS_TYPOLOGY_ITEMS, bins=crisis_types(), graded=True, points=4, noun="scenarios", **kw)


def s1_ct_integration(**kw: Any):
    """Practice: how counter-trafficking fits into a response."""
    return SingleChoice(
        "s1_ct_integration",
        "The response in eastern Ardania runs site assessments, protection monitoring and case management. "
        "Where should the first counter-trafficking questions go?",
        options=["Into a new, separate trafficking survey run by the CT team",
                 "Into the systems that already run, adapted with a few CT questions and safe referral",
                 "Nowhere until a national trafficking prevalence survey has been done"],
        key="Into the systems that already run, adapted with a few CT questions and safe referral",
        explanation=("The Guide's central idea: plug CT into the IM systems humanitarians already run "
                     "instead of building parallel ones."),
        **kw)


# --------------------------------------------------------------------------------------------
# 1.6-1.8 IM in emergencies, the purpose of CTiE IM, data types (brief 1.3, 1.4)
# --------------------------------------------------------------------------------------------

def hpc_steps() -> list[str]:
    """The humanitarian programme cycle steps in order (content registry, adapted from IOM practice)."""
    from ctie_helpers.content import data_types

    return [h.step for h in data_types.hpc_steps()]


def s1_hpc_order(**kw: Any):
    """Graded: put the humanitarian programme cycle in order."""
    return OrderSteps(
        "s1_hpc_order", "Graded. Put the steps of the humanitarian programme cycle in order, starting with the first.",
        steps=[hpc_steps()[i] for i in (3, 0, 4, 2, 1)], graded=True, points=2, **kw)




def _hpc():
    from ctie_helpers.content import data_types

    return data_types.hpc_steps()


def s1_hpc_ct_feed(**kw: Any):
    """Practice: what CT IM contributes at each step of the cycle."""
    return MatchPairs(
        "s1_hpc_ct_feed", "Match each step of the cycle with what CT information management brings to it.",
        left=[h.step for h in _hpc()], right=[h.ct_contribution for h in reversed(_hpc())],
        key={h.step: h.ct_contribution for h in _hpc()},
        explanation="CT IM feeds every step; it is not a one-off assessment.", **kw)


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


def s1_collect_less(**kw: Any):
    """Practice: the guiding stance on individual data."""
    return SingleChoice(
        "s1_collect_less",
        "A site assessment team in Ardania wants to add 'names of children who left for work'. "
        "There is no child-protection service in the area yet. What fits the CTiE IM stance?",
        options=["Collect the names now, in case a service opens later",
                 "Ask an aggregate question instead (how many children, roughly) and map referral options",
                 "Ask the children directly whether they were trafficked"],
        key="Ask an aggregate question instead (how many children, roughly) and map referral options",
        explanation=("Collect less, aggregate early, and never collect individual case data unless a "
                     "service or referral pathway exists."),
        **kw)


def data_type_names() -> list[str]:
    """The six CTiE data types (content registry, adapted from IOM practice)."""
    from ctie_helpers.content import data_types

    return [d.name for d in data_types.data_types()]


def sensitivity_names() -> list[str]:
    """The four sensitivity levels, lowest first (IASC/OCHA practice, content registry)."""
    from ctie_helpers.content import data_responsibility

    return [lvl.name for lvl in data_responsibility.sensitivity_levels()]
DATA_TYPE_ITEMS = [
    "Number of people displaced by the floods, by district",
    "Share of households with debts they cannot repay",
    "Flow-monitoring answers on being held against one's will",
    "Profile and means of control for each assisted victim",
    "Map of shelters and legal-aid points with opening hours",
    "Prosecutions and convictions for trafficking in 2024",
    "Exchange rate and food prices since the crisis",
    "Share of displaced people without identity documents, by site",
]


def s1_data_types(**kw: Any):
    """Graded: sort examples into the CTiE data types (adapted from IOM practice)."""
    return SortIntoBins(
        "s1_data_types", "Graded. Sort each piece of information into its CTiE data type.",
        items=DATA_TYPE_ITEMS, bins=data_type_names(), graded=True, points=3, noun="pieces of information", **kw)




def s1_data_sensitivity(**kw: Any):
    """Graded: the usual sensitivity of each data type."""
    return MatchPairs(
        "s1_data_sensitivity", "Graded. Match each data type with its usual sensitivity.",
        left=[data_type_names()[i] for i in (4, 1, 2, 3)], right=sensitivity_names(), graded=True, points=2, **kw)


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


# --------------------------------------------------------------------------------------------
# Lab helpers for section 1.4 (the multiple-systems-estimation lab on ``service_lists``)
# --------------------------------------------------------------------------------------------

def two_list_counts(table, a: str = "list_a", b: str = "list_b", count: str = "count"):
    """The three numbers a two-list estimate needs: people on ``a``, on ``b``, and on both.

    Returns a one-column DataFrame so the notebook displays it as a small table.
    """
    import pandas as pd

    on_a, on_b = table[a] == 1, table[b] == 1
    n_a, n_b = int(table.loc[on_a, count].sum()), int(table.loc[on_b, count].sum())
    both = int(table.loc[on_a & on_b, count].sum())
    name = f"lists {a.removeprefix('list_').upper()} and {b.removeprefix('list_').upper()}"
    return pd.DataFrame({name: [n_a, n_b, both]},
                        index=[f"people on {a}", f"people on {b}", "people on both (the overlap)"])


def collapse(table, lists: list[str], count: str = "count"):
    """The capture-history table seen by ``lists`` only (other lists ignored, all-zero row dropped)."""
    sub = table.groupby(list(lists), as_index=False)[count].sum()
    return sub[sub[list(lists)].sum(axis=1) > 0].reset_index(drop=True)


def mse_lab(table, count: str = "count") -> dict:
    """Estimates for the lab chart: two lists with and without dependence, then every list together.

    Returns ``{label: PopulationEstimate}``; the labels say which lists were used.
    """
    from ctie_helpers.analysis import estimate_population

    lists = [c for c in table.columns if c.startswith("list_")]
    out = {
        "A + B (two lists, A refers to B)": estimate_population(collapse(table, ["list_a", "list_b"], count), count=count),
        "A + C (two lists)": estimate_population(collapse(table, ["list_a", "list_c"], count), count=count),
        f"all {len(lists)} lists, log-linear model": estimate_population(table, count=count),
    }
    return out


def further_reading():
    """The further-reading catalogue entries for session 1, as a table (title, year, publisher, summary)."""
    from ctie_helpers.content import reading

    frame = reading.readings_frame()
    rows = frame[frame["sessions"].apply(lambda s: 1 in s)]
    return rows[["title", "year", "publisher", "summary"]].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Tables shown in the notebooks (read from the content registries, never retyped in a notebook)
# --------------------------------------------------------------------------------------------

def elements_table():
    """Act, Means, Purpose with what each covers (Palermo Protocol Art. 3, paraphrased)."""
    import pandas as pd

    from ctie_helpers.content import legal

    rows = [legal.element(k) for k in legal.ELEMENTS]
    return pd.DataFrame({"element": [r.key.capitalize() for r in rows], "asks": [r.question for r in rows],
                         "covers (at a minimum)": ["; ".join(r.items) for r in rows]}).set_index("element")


def criteria_table():
    """Adult vs child: which element combinations amount to trafficking."""
    import pandas as pd

    from ctie_helpers.content import legal

    yn = {True: "yes", False: "no", None: "-"}
    return pd.DataFrame([{"victim": c.victim, "act": yn[c.act], "means": yn[c.means], "purpose": yn[c.purpose],
                          "trafficking?": yn[c.trafficking], "note": c.note} for c in legal.criteria()])


def consent_table():
    """Consent, assent, and research vs legal consent, in our own words."""
    import pandas as pd

    from ctie_helpers.content import legal

    return pd.Series(legal.consent_assent(), name="what it means").to_frame()


def comparison_table():
    """Trafficking vs migrant smuggling, dimension by dimension."""
    import pandas as pd

    from ctie_helpers.content import legal

    return pd.DataFrame([{"dimension": c.dimension, "migrant smuggling": c.smuggling,
                          "trafficking in persons": c.trafficking} for c in legal.comparison()]).set_index("dimension")


def challenges_table():
    """The methodological challenges of measuring trafficking (content registry)."""
    from ctie_helpers.content import challenges
    from ctie_helpers.content._base import as_frame

    return as_frame(challenges.challenges()).drop(columns=["key", "confidence"]).set_index("title")


def crisis_table():
    """The typology of crisis-related trafficking (adapted from IOM practice)."""
    from ctie_helpers.content import crisis
    from ctie_helpers.content._base import as_frame

    return as_frame(crisis.typology()).drop(columns=["key"]).set_index("number")


def data_types_table():
    """The six CTiE data types with unit, sources and sensitivity (adapted from IOM practice)."""
    from ctie_helpers.content import data_types

    return data_types.data_types_frame().drop(columns=["key"]).set_index("name")


def hpc_table():
    """The humanitarian programme cycle and what CTiE IM brings to each step (adapted from IOM practice)."""
    import pandas as pd

    return pd.DataFrame([{"step": h.order, "programme cycle": h.step, "what CTiE IM contributes": h.ct_contribution}
                         for h in _hpc()]).set_index("step")
