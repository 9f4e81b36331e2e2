"""Session 5, notebook ``04_questionnaire_design``: survey questionnaire and survey design (5.8).

The lint rules and the XLSForm export keep the notebook cells short.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ctie_helpers.widgets import MatchPairs, OrderSteps

__all__ = ["s5_lint_rules", "s5_question_order", "starter_questions", "lint_report", "export_xlsform"]


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


def questionnaire_editor():
    """The draft of :func:`starter_questions` in the questionnaire builder: the trainee selects a question,
    rewrites it in the form, sees the linter's findings update, and builds the XLSForm, all without code."""
    from ctie_helpers.apps.questionnaire import QuestionnaireBuilder

    return QuestionnaireBuilder(starter_questions(), title="Ardania household survey (training)")
