"""Session 5, notebook ``04_questionnaire_design``: survey questionnaire and survey design (5.8).

The lint rules and the XLSForm export keep the notebook cells short.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MatchPairs, OrderSteps

__all__ = ["s5_lint_rules", "s5_question_order"]


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
    # deferred: saves 771 ms at import of ctie_helpers.exercises.session5.questionnaire_design
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
