"""A questionnaire linter for CTiE data collection (dos and don'ts adapted from IOM practice).

Each rule is a small function that looks at one question and returns a :class:`Finding` or ``None``.
The rules are heuristics on wording: they catch the common mistakes a reviewer would circle in red
(double-barrelled, leading, legal jargon, no recall period, no "don't know"...), not every mistake.
A clean lint is a start for cognitive testing and piloting, never a replacement for them.

The rules read English, French and Spanish questions (``lang=``, default the language in force); the
wording each looks for is in :mod:`ctie_helpers.methods.question_patterns`.

Examples
--------
>>> from ctie_helpers.methods.questionnaire import Question, lint
>>> [f.rule_id for f in lint([Question("q1", "Were you trafficked?", "select_one", ("Yes", "No"))], lang="en")]
['Q04', 'Q05', 'Q06', 'Q08']
>>> [f.rule_id for f in lint([Question("q1", "Avez-vous été victime de traite ?", "select_one",
...                                     ("Oui", "Non", "Ne sait pas", "Préfère ne pas répondre"))], lang="fr")]
['Q04', 'Q05', 'Q08']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from ctie_helpers.errors import BadValueError
from ctie_helpers.i18n import N_, _, current_language
from ctie_helpers.methods.question_patterns import Patterns, patterns

__all__ = ["RULES", "Finding", "Question", "as_question", "lint", "lint_question", "findings_table", "rule_names"]

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


# The wording each rule looks for, per language: ctie_helpers/methods/question_patterns.py.
# The explanations are English marked for translation: N_() here, _() when a finding is made (display time).

_Check = Callable[[Question, Patterns], str | None]


def _rule_double_barrelled(q: Question, p: Patterns) -> str | None:
    text = p.prepare(q.label)
    if text.count("?") > 1:
        return _("It contains more than one question mark: ask each question separately.")
    if p.yes_no.search(text) and p.conjunction.search(text):
        return _("A yes/no question joined by 'and' asks two things at once: a 'yes' to one part "
                 "and 'no' to the other has no correct answer. Split it into two questions.")
    return None


def _rule_leading(q: Question, p: Patterns) -> str | None:
    if p.leading.search(p.prepare(q.label)):
        return _("The wording suggests the answer or carries a judgement. Respondents tend to agree with "
                 "the interviewer; use neutral words and let every answer be equally easy to give.")
    return None


def _negations(text: str, p: Patterns) -> int:
    """How many negations ``text`` holds; a concord word ("nunca" after "no") is part of the first one."""
    heads = list(p.negation.finditer(text))
    count = len(heads)
    if p.concord is not None:
        first = heads[0].start() if heads else len(text)
        count += sum(1 for m in p.concord.finditer(text) if m.start() < first)
    return count


def _rule_double_negative(q: Question, p: Patterns) -> str | None:
    if _negations(p.prepare(q.label), p) >= 2:
        return _("Two negatives in one question ('not... never') make 'yes' and 'no' ambiguous, and they "
                 "translate badly. Rephrase positively.")
    return None


def _rule_jargon(q: Question, p: Patterns) -> str | None:
    hit = p.jargon.search(p.prepare(q.label))
    if hit:
        return _("'%(word)s' is a legal or technical label. Respondents do not share its legal meaning, "
                 "may feel accused or stigmatised, and answers become unreliable. Ask about concrete "
                 "experiences (e.g. 'worked without receiving the pay you were promised').") % {"word": hit.group(0)}
    return None


def _rule_recall(q: Question, p: Patterns) -> str | None:
    text = p.prepare(q.label)
    if q.type == "note" or not p.event_start.search(text):
        return None
    if p.recall.search(text):
        return None
    return _("The question asks about events but gives no time frame. Add a defined recall period "
             "(e.g. 'In the last 3 months, ...') so answers are comparable between respondents and rounds.")


def _rule_dont_know(q: Question, p: Patterns) -> str | None:
    if q.type not in SELECT_TYPES:
        return None
    options = p.prepare(" | ".join(q.choices))
    no_dont_know, no_refusal = not p.dont_know.search(options), not p.no_answer.search(options)
    if no_dont_know and no_refusal:
        lack = _("The options lack 'Don't know' and 'Prefer not to answer'.")
    elif no_dont_know:
        lack = _("The options lack 'Don't know'.")
    elif no_refusal:
        lack = _("The options lack 'Prefer not to answer'.")
    else:
        return None
    return lack + " " + _("Without them people who do not know, or do not want to say, are pushed into a "
                          "false 'no' (or 'yes'), and refusal cannot be respected.")


def _rule_identifying(q: Question, p: Patterns) -> str | None:
    if q.type in ("geopoint", "geotrace", "geoshape"):
        return _("A GPS point locates the respondent exactly. Record the site p-code instead.")
    hit = p.identifying.search(p.prepare(q.label))
    if hit:
        return _("It asks for '%(word)s': names, phone numbers or exact locations of victims, recruiters or "
                 "respondents can put people in danger and are never needed for an assessment. Ask about "
                 "patterns in the community, and record the site p-code at most.") % {"word": hit.group(0)}
    return None


def _rule_orphan(q: Question, p: Patterns) -> str | None:
    if q.type == "note" or q.indicator:
        return None
    return _("The question feeds no indicator. A question without a defined purpose adds risk and "
             "interview time for nothing (PIM principle: defined purpose). Map it to an indicator or drop it.")


def _rule_units(q: Question, p: Patterns) -> str | None:
    text = p.prepare(q.label)
    if q.type in ("integer", "decimal") and p.needs_unit.search(text) and not p.unit.search(text):
        return _("A number about age or money needs a unit (years, months, currency); otherwise answers mix "
                 "units and cannot be analysed.")
    return None


#: rule id -> (short name, check function). The ids are stable: exercises and tests refer to them. The
#: names are English (marked N_ for the catalogs); a finding carries its name translated.
RULES: dict[str, tuple[str, _Check]] = {
    "Q01": (N_("double-barrelled"), _rule_double_barrelled),
    "Q02": (N_("leading or loaded"), _rule_leading),
    "Q03": (N_("double negative"), _rule_double_negative),
    "Q04": (N_("jargon or legal label"), _rule_jargon),
    "Q05": (N_("no recall period"), _rule_recall),
    "Q06": (N_("no 'don't know' / 'prefer not to answer'"), _rule_dont_know),
    "Q07": (N_("asks for identifying information"), _rule_identifying),
    "Q08": (N_("feeds no indicator"), _rule_orphan),
    "Q09": (N_("number without a unit"), _rule_units),
}
_DUPLICATE = N_("duplicate name")


def rule_names() -> dict[str, str]:
    """Rule id -> short name in the language in force (what a notebook lists: ``Q01 double-barrelled``...)."""
    return {rule_id: _(name) for rule_id, (name, _check) in RULES.items()}


def lint_question(question: Question | Mapping, lang: str | None = None) -> list[Finding]:
    """Run every rule on one question and return its findings (empty list = no problem found).

    Parameters
    ----------
    question : Question or dict
        The question.
    lang : str, optional
        The language the question is written in: ``"en"``, ``"fr"`` or ``"es"`` (default: the language in
        force, :func:`ctie_helpers.i18n.current_language`). It chooses the wording the rules look for; the
        explanations are in the language in force.
    """
    q = as_question(question)
    p = patterns(lang or current_language())
    found = []
    for rule_id, (rule, check) in RULES.items():
        why = check(q, p)
        if why:
            found.append(Finding(rule_id, _(rule), q.name, q.label, why))
    return found


def lint(questions: Iterable[Question | Mapping], lang: str | None = None) -> list[Finding]:
    """Lint a whole questionnaire written in ``lang`` (see :func:`lint_question`); also flags duplicate
    question names (XLSForm needs unique names)."""
    p = patterns(lang or current_language())
    findings: list[Finding] = []
    seen: set[str] = set()
    for item in questions:
        q = as_question(item)
        if q.name in seen:
            findings.append(Finding("Q00", _(_DUPLICATE), q.name, q.label,
                                    _("Two questions share this name; each needs its own.")))
        seen.add(q.name)
        findings.extend(lint_question(q, p.lang))
    return findings


_COLUMNS = (N_("question"), N_("rule"), N_("why it matters"))


def findings_table(findings: Iterable[Finding]) -> pd.DataFrame:
    """The findings as a table for display (one row per finding), its headings in the language in force."""
    question, rule, why = (_(c) for c in _COLUMNS)
    rows = [{question: f.question, rule: f"{f.rule_id} {f.rule}", why: f.explanation} for f in findings]
    return pd.DataFrame(rows, columns=[question, rule, why])
