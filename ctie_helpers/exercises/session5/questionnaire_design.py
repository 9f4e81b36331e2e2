"""Session 5, notebook ``04_questionnaire_design``: survey questionnaire and survey design (5.8).

The lint rules and the XLSForm export keep the notebook cells short.
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MatchPairs, OrderSteps

__all__ = ["s5_lint_practice", "s5_lint_rules", "s5_order_practice", "s5_question_order"]


# --------------------------------------------------------------------------------------------
# 5.8 Survey questionnaire and survey design
# --------------------------------------------------------------------------------------------
LINT_PRACTICE_LEFT = {
    "p1": "Were you paid on time and given days off?",
    "p2": "Have you ever been a victim of debt bondage?",
    "p3": "Has anyone offered you a job in another country?",
}
LINT_PRACTICE_KEY = {"p1": "Q01", "p2": "Q04", "p3": "Q05"}


def s5_lint_practice(**kw: Any) -> MatchPairs:
    """Practice: match each flawed question to its main problem (before the graded ``s5_lint_rules``)."""
    # deferred: saves 229 ms at import of ctie_helpers.exercises.session5.questionnaire_design
    from ctie_helpers.methods.questionnaire import RULES

    return MatchPairs(
        "s5_lint_practice", "Match each question to its main problem.", left=LINT_PRACTICE_LEFT,
        right={k: f"{k} {RULES[k][0]}" for k in ("Q01", "Q04", "Q09", "Q05")}, key=LINT_PRACTICE_KEY,
        explanation="Ask one thing at a time, in everyday words, and say the period you mean (for example, "
                    "'in the last 3 months').", **kw)


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


KI_ORDER_STEPS = {
    "consent": "Introduction, purpose and consent",
    "site": "Easy factual questions about the site",
    "risks": "Questions on recruitment and exploitation in the community",
    "close": "Thanks and where to refer people who need help",
}


def s5_order_practice(**kw: Any) -> OrderSteps:
    """Practice: order the parts of a key informant interview (before the graded ``s5_question_order``)."""
    return OrderSteps(
        "s5_order_practice", "Put the parts of a key informant interview in order.",
        steps={k: KI_ORDER_STEPS[k] for k in ("risks", "close", "site", "consent")},
        key=["consent", "site", "risks", "close"], noun="parts",
        explanation="Consent first; easy questions build trust before sensitive ones; end with thanks and referral "
                    "information, so that no one is left without a way to get help.", **kw)


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
