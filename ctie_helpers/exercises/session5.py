"""Exercise factories and notebook helpers of session 5: research methods.

One function per exercise id (``s5_<slug>``), in teaching order (agenda points 5.1-5.8). Practice items carry
their key; graded items carry none (DEVELOPERS.md). Methods content is standard practice (domain brief 9),
written in our own words; scenarios are fictional and set in Ardania. Sample sizes come from
:mod:`ctie_helpers.analysis.sampling` (one stated convention: FPC, then DEFF, then non-response, rounded up once).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ctie_helpers.widgets import (
    MatchPairs,
    MultiSelect,
    NumericAnswer,
    OrderSteps,
    SingleChoice,
    SortIntoBins,
)

__all__ = [
    "s5_mixed_practice", "s5_qual_or_quant", "s5_victims_practice", "s5_source_order",
    "s5_n_practice", "s5_n_infinite", "s5_n_finite", "s5_deff", "s5_biased_designs", "s5_rds_weight",
    "s5_observation", "s5_interview_types", "s5_fgd_plan", "s5_techniques",
    "s5_lint_rules", "s5_question_order",
    "sample_size_steps", "calculator", "design_comparison", "rds_comparison", "starter_questions", "lint_report",
    "export_xlsform", "further_reading",
]

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
    """Practice: never interview victims for an assessment."""
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
                    "what safer sources cannot give (WHO Ethical and Safety Recommendations for Interviewing "
                    "Trafficked Women, 2003).",
        **kw)


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


# --------------------------------------------------------------------------------------------
# 5.3 Selection of respondents: sampling
# --------------------------------------------------------------------------------------------


def s5_n_practice(**kw: Any) -> NumericAnswer:
    """Practice: sample size for ±10% (brief 9.3: 97)."""
    return NumericAnswer(
        "s5_n_practice",
        "Use the calculator: how many respondents for p = 0.5, a margin of ±10% and 95% confidence, in a large "
        "population?", key=97, unit="respondents",
        explanation="n0 = 1.96² × 0.5 × 0.5 / 0.10² = 96.04, rounded up to 97. Halving the margin multiplies the "
                    "sample size by four.",
        **kw)


def s5_n_infinite(**kw: Any) -> NumericAnswer:
    """Graded: p = 0.5, ±5%, 95%, infinite population."""
    return NumericAnswer(
        "s5_n_infinite",
        "Graded. How many respondents for p = 0.5, a margin of ±5% and 95% confidence, in a very large population?",
        unit="respondents", graded=True, points=1, **kw)


def s5_n_finite(**kw: Any) -> NumericAnswer:
    """Graded: the same with N = 1,000."""
    return NumericAnswer(
        "s5_n_finite",
        "Graded. The same survey, but the site has only 1,000 households (N = 1,000). How many households?",
        unit="households", graded=True, points=1, **kw)


def s5_deff(**kw: Any) -> NumericAnswer:
    """Graded: DEFF for 10 interviews per cluster and ICC 0.1."""
    return NumericAnswer(
        "s5_deff",
        "Graded. A cluster survey takes 10 interviews per site; the intra-cluster correlation is 0.10. What is the "
        "design effect?", graded=True, points=1, **kw)


BIAS_OPTIONS = {"simple_random": "Simple random sample", "stratified": "Stratified random sample",
                "cluster": "Two-stage cluster sample", "convenience": "Convenience sample (easiest to reach)",
                "snowball": "Snowball sample (respondents refer peers)"}


def s5_biased_designs(**kw: Any) -> MultiSelect:
    """Graded: which designs were biased in the simulator."""
    return MultiSelect(
        "s5_biased_designs",
        "Graded. In the simulator, which designs gave estimates that were wrong on average (biased), "
        "however many times they were repeated?",
        options=BIAS_OPTIONS, graded=True, points=2, noun="designs", **kw)


def s5_rds_weight(**kw: Any) -> SingleChoice:
    """Graded: what RDS weights by (quiz bank 27)."""
    return SingleChoice(
        "s5_rds_weight",
        "Graded. Respondent-driven sampling corrects its estimate by weighting each respondent by…",
        options={"degree": "the inverse of their reported network size (number of contacts)",
                 "wave": "the wave in which they were recruited",
                 "coupons": "the number of coupons they handed out",
                 "age": "their age"},
        graded=True, points=1, **kw)


# --------------------------------------------------------------------------------------------
# 5.4-5.7 Observation, interviews, focus groups, techniques beyond questions
# --------------------------------------------------------------------------------------------
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
        items=OBS_ITEMS, bins=["Record", "Do not record"], graded=True, points=3, noun="items", **kw)


INTERVIEW_LEFT = {
    "structured": "500 site key informants answer the same closed questions in the same order",
    "semi": "12 caseworkers are asked about recruitment patterns with a topic guide and follow-up prompts",
    "indepth": "A researcher spends two hours with a labour-rights lawyer exploring how debt bondage cases unfold",
}
INTERVIEW_RIGHT = {"structured": "Structured interview", "semi": "Semi-structured interview",
                   "indepth": "In-depth interview", "group": "Group interview"}


def s5_interview_types(**kw: Any) -> MatchPairs:
    """Graded: match scenarios to interview types."""
    return MatchPairs(
        "s5_interview_types", "Graded. Match each scenario to the type of interview it describes.",
        left=INTERVIEW_LEFT, right=INTERVIEW_RIGHT, graded=True, points=2, **kw)


FGD_OPTIONS = {
    "size": "6 to 8 participants of the same sex and similar age",
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


# --------------------------------------------------------------------------------------------
# 5.8 Survey questionnaire and survey design
# --------------------------------------------------------------------------------------------
LINT_LEFT = {
    "q1": "Were you paid late and threatened by your employer?",
    "q2": "Don't you agree that brokers are criminals?",
    "q3": "In the last 3 months, were you smuggled?",
    "q4": "Has anyone in your household left to work elsewhere?",
    "q5": "What is the phone number of the person who offered the job?",
}


def _rule_names() -> dict[str, str]:
    from ctie_helpers.methods.questionnaire import RULES

    keep = ("Q01", "Q02", "Q04", "Q05", "Q07", "Q03")
    return {k: f"{k} {RULES[k][0]}" for k in keep}


def s5_lint_rules(**kw: Any) -> MatchPairs:
    """Graded: match each flawed question to its main problem (the linter's rules)."""
    return MatchPairs(
        "s5_lint_rules", "Graded. Match each question to its main problem.",
        left=LINT_LEFT, right=_rule_names(), graded=True, points=3, **kw)


ORDER_STEPS = {
    "consent": "Introduction and consent script",
    "context": "Interview context (is the respondent alone?) and general questions about the household",
    "specific": "Specific questions: livelihoods, debt, coping",
    "sensitive": "Sensitive questions: members who left and lost contact, offers received",
    "close": "Closing: thanks and information on where to get help",
}


def s5_question_order(**kw: Any) -> OrderSteps:
    """Graded: order the parts of a questionnaire."""
    shown = ["sensitive", "consent", "close", "specific", "context"]
    return OrderSteps(
        "s5_question_order", "Graded. Put the parts of a household questionnaire in order.",
        steps={k: ORDER_STEPS[k] for k in shown}, graded=True, points=2, noun="parts", **kw)


# --------------------------------------------------------------------------------------------
# Helpers for the notebooks
# --------------------------------------------------------------------------------------------


def sample_size_steps(p: float = 0.5, margin: float = 0.05, confidence: float = 0.95, population: int | None = None,
                      deff: float = 1.0, nonresponse: float = 0.0) -> pd.DataFrame:
    """Every step of the sample-size calculation, with the final n in the last row's ``rounded_up``."""
    from ctie_helpers.analysis.sampling import sample_size

    steps = sample_size(p, margin, confidence, population, deff, nonresponse).steps
    steps["value"] = steps["value"].round(2)
    return steps


def calculator():
    """A small sample-size calculator: sliders for each input, the steps table updating below them."""
    import ipywidgets as w
    from IPython.display import display

    style = {"description_width": "14em"}
    layout = w.Layout(width="32em")
    controls = {
        "p": w.FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05, description="Expected proportion p",
                           style=style, layout=layout),
        "margin": w.FloatSlider(value=0.05, min=0.02, max=0.15, step=0.01, description="Margin of error (±)",
                                style=style, layout=layout),
        "confidence": w.Dropdown(options=[0.90, 0.95, 0.99], value=0.95, description="Confidence", style=style),
        "population": w.IntText(value=0, description="Population N (0 = very large)", style=style),
        "deff": w.FloatSlider(value=1.0, min=1.0, max=4.0, step=0.1, description="Design effect", style=style,
                              layout=layout),
        "nonresponse": w.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.05, description="Non-response rate",
                                     style=style, layout=layout),
    }
    out = w.Output()

    def update(_change=None) -> None:
        args = {k: c.value for k, c in controls.items()}
        args["population"] = args["population"] if args["population"] and args["population"] > 0 else None
        out.clear_output(wait=True)
        with out:
            try:
                display(sample_size_steps(**args))
            except ValueError as exc:  # e.g. a population smaller than 1: say why, do not crash the widget
                print(f"Cannot compute: {exc}")

    for c in controls.values():
        c.observe(update, names="value")
    update()
    return w.VBox([*controls.values(), out])


def design_comparison(reps: int = 300, n: int = 400, seed: int = 0) -> pd.DataFrame:
    """Repeat five sampling designs on the synthetic population; bias, spread and RMSE in % points."""
    from ctie_helpers.analysis.simulate import compare_designs, make_population

    table = compare_designs(make_population(seed=seed), n=n, reps=reps, seed=seed)
    for col in ("truth", "mean_estimate", "bias", "sd", "rmse"):
        table[col] = (100 * table[col]).round(1)
    return table


def rds_comparison(reps: int = 40, seed: int = 0) -> pd.DataFrame:
    """Naive share vs RDS-II estimate over repeated RDS samples on one network (in %)."""
    from ctie_helpers.analysis.rds import compare_rds, make_network

    return (100 * compare_rds(make_network(seed=seed), reps=reps, seed=seed)).round(1)


def starter_questions() -> list[dict]:
    """A draft household questionnaire with typical mistakes, for the trainee to fix."""
    yn = ["Yes", "No"]
    full = ["Yes", "No", "Don't know", "Prefer not to answer"]
    return [
        {"name": "hh_size", "label": "How many people live in this household?", "type": "integer",
         "indicator": "IND-09"},
        {"name": "debt", "label": "Does your household owe money that it cannot pay back and is it threatened?",
         "type": "select_one", "choices": yn, "indicator": "IND-05"},
        {"name": "member_left", "label": "Has any member of your household left to work elsewhere and lost contact?",
         "type": "select_one", "choices": full, "indicator": "IND-06"},
        {"name": "trafficked", "label": "Was anyone in your household trafficked?", "type": "select_one",
         "choices": yn},
        {"name": "recruiter", "label": "What is the name of the person who offered the job?", "type": "text",
         "indicator": "IND-10"},
        {"name": "aware", "label": "In the last 3 months, have you heard where to report abuse or unfair treatment at work?",
         "type": "select_one", "choices": full, "indicator": "IND-04"},
    ]


def lint_report(questions: list[dict]) -> pd.DataFrame:
    """The linter's findings for a questionnaire (one row per finding), or a one-line all-clear."""
    from ctie_helpers.methods.questionnaire import findings_table, lint

    table = findings_table(lint(questions))
    if table.empty:
        return pd.DataFrame({"result": [f"No problem found in {len(questions)} questions."]})
    return table


def export_xlsform(questions: list[dict], path: str = "my_questionnaire.xlsx") -> pd.DataFrame:
    """Write the XLSForm, convert it with pyxform as KoboToolbox would, and report the outcome."""
    from ctie_helpers.methods.xlsform import build_xlsform, convert

    build_xlsform(questions, path, form_title="Ardania household survey (training)", form_id="ardania_hh_training")
    xform, warnings = convert(path)
    rows = [("file", path), ("questions", str(len(questions))), ("pyxform", "converted without errors"),
            ("XForm size", f"{len(xform):,} characters"), ("warnings", "; ".join(warnings) or "none")]
    return pd.DataFrame(rows, columns=["item", "result"]).set_index("item")


def further_reading() -> pd.DataFrame:
    """The further-reading catalogue entries for session 5 (title, year, publisher, summary)."""
    from ctie_helpers.content import reading

    frame = reading.readings_frame()
    rows = frame[frame["sessions"].apply(lambda s: 5 in s)]
    return rows[["title", "year", "publisher", "summary"]].reset_index(drop=True)
