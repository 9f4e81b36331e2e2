"""A questionnaire linter for CTiE data collection (dos and don'ts adapted from IOM practice).

Each rule is a small function that looks at one question and returns a :class:`Finding` or ``None``.
The rules are heuristics on wording: they catch the common mistakes a reviewer would circle in red
(double-barrelled, leading, legal jargon, no recall period, no "don't know"...), not every mistake.
A clean lint is a start for cognitive testing and piloting, never a replacement for them.

Examples
--------
>>> from ctie_helpers.methods.questionnaire import Question, lint
>>> [f.rule_id for f in lint([Question("q1", "Were you trafficked?", "select_one", ("Yes", "No"))])]
['Q04', 'Q05', 'Q06', 'Q08']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from ctie_helpers.errors import BadValueError

__all__ = ["RULES", "Finding", "Question", "as_question", "lint", "lint_question", "findings_table"]

SELECT_TYPES = ("select_one", "select_multiple")


@dataclass(frozen=True)
class Question:
    """One question of a draft questionnaire.

    Parameters
    ----------
    name : str
        Short machine name (becomes the XLSForm ``name``), e.g. ``"recruiters_seen"``.
    label : str
        The wording read to the respondent.
    type : str
        XLSForm type without the list name: ``select_one``, ``select_multiple``, ``integer``,
        ``decimal``, ``text``, ``date`` or ``note``.
    choices : tuple of str
        Answer options (labels) for select questions.
    indicator : str or None
        The indicator id (e.g. ``"IND-10"``) the question feeds; ``None`` means an orphan question.
    """

    name: str
    label: str
    type: str = "select_one"
    choices: tuple[str, ...] = field(default=())
    indicator: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem the linter found: which rule, which question, and why it matters."""

    rule_id: str
    rule: str
    question: str
    label: str
    explanation: str


def as_question(item: Question | Mapping) -> Question:
    """Accept a :class:`Question` or a plain dict (what a trainee types in a cell)."""
    if isinstance(item, Question):
        return item
    known = {"name", "label", "type", "choices", "indicator"}
    extra = set(item) - known
    if extra:
        raise BadValueError(f"Unknown question field(s) {sorted(extra)}; use {sorted(known)}.")
    if "name" not in item or "label" not in item:
        raise BadValueError(f"A question needs at least a 'name' and a 'label': {dict(item)!r}")
    return Question(
        name=str(item["name"]),
        label=str(item["label"]),
        type=str(item.get("type", "select_one")),
        choices=tuple(str(c) for c in item.get("choices", ()) or ()),
        indicator=item.get("indicator") or None,
    )


# --- word lists (lower case). Kept short and explainable: trainees read the explanation, not the regex.
_LEADING = re.compile(
    r"^(don't|do not|wouldn't|would not|isn't|is not|aren't|shouldn't|should not|can't)\s+you\b"
    r"|^(isn't|is not|aren't|wasn't) it\b|\bdo(n't)? you agree\b|\bwouldn't you say\b"
    r"|\b(obviously|surely|of course|clearly|everyone knows|terrible|evil|criminal|shameful|dangerous)\b"
)
_NEGATIONS = re.compile(r"\b(not|no|never|none|nobody|nothing|neither|nor|without)\b|n't\b")
_JARGON = re.compile(
    r"\b(traffick\w*|smuggl\w*|victims?|slave\w*|servitude|debt bondage|exploit\w*|perpetrators?"
    r"|forced labou?r|forced marriage|coerc\w*|modern slavery|nrm|tip)\b"
)
_RECALL = re.compile(
    r"\b(in|during|over|within) the (last|past|previous)\b|\bsince\b|\b(last|past) (\d+ )?"
    r"(day|week|month|year)s?\b|\b\d+\s*(day|week|month|year)s?\b|\btoday\b|\byesterday\b"
    r"|\bthis (week|month|year)\b|\bduring (the|your) journey\b"
)
_EVENT_START = re.compile(
    r"(^|,\s*)(did|have|has|had|were|was|how often|how many times)\b"
)
_IDENTIFYING = re.compile(
    r"\b(names?|full name|surname|phone|telephone|mobile number|whatsapp|e-?mail|address|gps|coordinates"
    r"|exact location|exactly where|where exactly|house number|id number|passport number)\b"
)
_DONT_KNOW = re.compile(r"\b(don'?t|do not) know\b|\bunsure\b|\bnot sure\b")
_NO_ANSWER = re.compile(r"\bprefer not\b|\brefuse[sd]?\b|\bdeclined?\b|\bno answer\b")
_NEEDS_UNIT = re.compile(r"\b(age|old|money|amount|pay|paid|income|debt|cost|price|salary|wage)\b")
_UNIT = re.compile(r"\b(years?|months?|days?|weeks?|local currency|xar|usd|dollars?|euros?|in \w+ currency)\b")
# A yes/no question: an auxiliary verb opens the sentence or the clause after a lead-in ("In the last month, did...").
_AUX = re.compile(r"(^|,\s*)(are|is|was|were|did|do|does|have|has|had|can|could|will|would)\b")


def _rule_double_barrelled(q: Question) -> str | None:
    text = q.label.lower()
    if text.count("?") > 1:
        return "It contains more than one question mark: ask each question separately."
    if _AUX.search(text) and re.search(r"\b(and|as well as)\b", text):
        return ("A yes/no question joined by 'and' asks two things at once: a 'yes' to one part "
                "and 'no' to the other has no correct answer. Split it into two questions.")
    return None


def _rule_leading(q: Question) -> str | None:
    if _LEADING.search(q.label.lower()):
        return ("The wording suggests the answer or carries a judgement. Respondents tend to agree with "
                "the interviewer; use neutral words and let every answer be equally easy to give.")
    return None


def _rule_double_negative(q: Question) -> str | None:
    if len(_NEGATIONS.findall(q.label.lower())) >= 2:
        return ("Two negatives in one question ('not... never') make 'yes' and 'no' ambiguous, and they "
                "translate badly. Rephrase positively.")
    return None


def _rule_jargon(q: Question) -> str | None:
    hit = _JARGON.search(q.label.lower())
    if hit:
        return (f"'{hit.group(0)}' is a legal or technical label. Respondents do not share its legal meaning, "
                "may feel accused or stigmatised, and answers become unreliable. Ask about concrete "
                "experiences (e.g. 'worked without receiving the pay you were promised').")
    return None


def _rule_recall(q: Question) -> str | None:
    text = q.label.lower()
    if q.type == "note" or not _EVENT_START.search(text):
        return None
    if _RECALL.search(text):
        return None
    return ("The question asks about events but gives no time frame. Add a defined recall period "
            "(e.g. 'In the last 3 months, ...') so answers are comparable between respondents and rounds.")


def _rule_dont_know(q: Question) -> str | None:
    if q.type not in SELECT_TYPES:
        return None
    options = " | ".join(q.choices).lower()
    missing = []
    if not _DONT_KNOW.search(options):
        missing.append("'Don't know'")
    if not _NO_ANSWER.search(options):
        missing.append("'Prefer not to answer'")
    if missing:
        return (f"The options lack {' and '.join(missing)}. Without them people who do not know, or do not "
                "want to say, are pushed into a false 'no' (or 'yes'), and refusal cannot be respected.")
    return None


def _rule_identifying(q: Question) -> str | None:
    if q.type in ("geopoint", "geotrace", "geoshape"):
        return "A GPS point locates the respondent exactly. Record the site p-code instead."
    hit = _IDENTIFYING.search(q.label.lower())
    if hit:
        return (f"It asks for '{hit.group(0)}': names, phone numbers or exact locations of victims, "
                "recruiters or respondents can put people in danger and are never needed for an assessment. "
                "Ask about patterns in the community, and record the site p-code at most.")
    return None


def _rule_orphan(q: Question) -> str | None:
    if q.type == "note" or q.indicator:
        return None
    return ("The question feeds no indicator. A question without a defined purpose adds risk and "
            "interview time for nothing (PIM principle: defined purpose). Map it to an indicator or drop it.")


def _rule_units(q: Question) -> str | None:
    text = q.label.lower()
    if q.type in ("integer", "decimal") and _NEEDS_UNIT.search(text) and not _UNIT.search(text):
        return ("A number about age or money needs a unit (years, months, currency); otherwise answers mix "
                "units and cannot be analysed.")
    return None


#: rule id -> (short name, check function). The ids are stable: exercises and tests refer to them.
RULES: dict[str, tuple[str, Callable[[Question], str | None]]] = {
    "Q01": ("double-barrelled", _rule_double_barrelled),
    "Q02": ("leading or loaded", _rule_leading),
    "Q03": ("double negative", _rule_double_negative),
    "Q04": ("jargon or legal label", _rule_jargon),
    "Q05": ("no recall period", _rule_recall),
    "Q06": ("no 'don't know' / 'prefer not to answer'", _rule_dont_know),
    "Q07": ("asks for identifying information", _rule_identifying),
    "Q08": ("feeds no indicator", _rule_orphan),
    "Q09": ("number without a unit", _rule_units),
}


def lint_question(question: Question | Mapping) -> list[Finding]:
    """Run every rule on one question and return its findings (empty list = no problem found)."""
    q = as_question(question)
    found = []
    for rule_id, (rule, check) in RULES.items():
        why = check(q)
        if why:
            found.append(Finding(rule_id, rule, q.name, q.label, why))
    return found


def lint(questions: Iterable[Question | Mapping]) -> list[Finding]:
    """Lint a whole questionnaire; also flags duplicate question names (XLSForm needs unique names)."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for item in questions:
        q = as_question(item)
        if q.name in seen:
            findings.append(Finding("Q00", "duplicate name", q.name, q.label,
                                    "Two questions share this name; each needs its own."))
        seen.add(q.name)
        findings.extend(lint_question(q))
    return findings


def findings_table(findings: Iterable[Finding]) -> pd.DataFrame:
    """The findings as a table for display (one row per finding)."""
    rows = [{"question": f.question, "rule": f"{f.rule_id} {f.rule}", "why it matters": f.explanation}
            for f in findings]
    return pd.DataFrame(rows, columns=["question", "rule", "why it matters"])
