"""The questionnaire linter: each rule fires on a known bad question and stays quiet on a good one."""

from __future__ import annotations

import pytest

from ctie_helpers.methods.questionnaire import RULES, Question, findings_table, lint, lint_question

GOOD_OPTIONS = ("Yes", "No", "Don't know", "Prefer not to answer")
GOOD = Question(
    "recruiters_offered_jobs",
    "In the last 3 months, have people come to this site offering jobs in the city or abroad?",
    "select_one", GOOD_OPTIONS, "IND-10",
)

# rule id -> a question that breaks exactly that rule (otherwise well formed)
BAD = {
    "Q01": Question("paid_threat", "In the last 3 months, were you paid late and threatened at work?",
                    "select_one", GOOD_OPTIONS, "IND-03"),
    "Q02": Question("agree", "Don't you agree that recruiters in this site are a danger?",
                    "select_one", GOOD_OPTIONS, "IND-10"),
    "Q03": Question("never_not", "Is it true that children here do not never work outside the site?",
                    "select_one", GOOD_OPTIONS, "IND-11"),
    "Q04": Question("trafficked", "In the last 3 months, were you trafficked?",
                    "select_one", GOOD_OPTIONS, "IND-03"),
    "Q05": Question("left_work", "Has any member of your household left to work elsewhere?",
                    "select_one", GOOD_OPTIONS, "IND-06"),
    "Q06": Question("school", "In the last month, did all school-age children in the household attend school?",
                    "select_one", ("Yes", "No"), "IND-25"),
    "Q07": Question("recruiter_phone", "What is the phone number of the person who offered the job?",
                    "text", (), "IND-10"),
    "Q08": Question("favourite_food", "What food do people in this site like to cook?", "text", (), None),
    "Q09": Question("debt_amount", "How much debt does the household have?", "integer", (), "IND-05"),
}


def test_good_question_passes():
    assert lint_question(GOOD) == []


@pytest.mark.parametrize("rule_id", sorted(BAD))
def test_each_rule_flags_its_bad_question(rule_id):
    ids = [f.rule_id for f in lint_question(BAD[rule_id])]
    assert ids == [rule_id], f"{BAD[rule_id].label!r} gave {ids}"


def test_every_rule_has_a_bad_example():
    assert set(RULES) == set(BAD)


def test_finding_names_rule_question_and_explains():
    (finding,) = lint_question(BAD["Q04"])
    assert finding.question == "trafficked" and finding.rule == "jargon or legal label"
    assert "trafficked" in finding.explanation and len(finding.explanation) > 40


def test_gps_question_is_identifying():
    q = Question("where", "Location of the household", "geopoint", (), "IND-01")
    assert "Q07" in [f.rule_id for f in lint_question(q)]


def test_notes_are_not_orphans():
    assert lint_question({"name": "thanks", "label": "Thank you for your time.", "type": "note"}) == []


def test_lint_accepts_dicts_and_flags_duplicates():
    found = lint([GOOD, dict(name=GOOD.name, label=GOOD.label, choices=GOOD_OPTIONS, indicator="IND-10")])
    assert [f.rule_id for f in found] == ["Q00"]


def test_unknown_field_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown question field"):
        lint_question({"name": "x", "label": "y", "answers": ["a"]})


def test_findings_table_has_one_row_per_finding():
    table = findings_table(lint(BAD.values()))
    assert len(table) == len(BAD) and list(table.columns) == ["question", "rule", "why it matters"]
