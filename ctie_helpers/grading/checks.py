"""The checks shared by the widgets (practice feedback) and the nbgrader test cells (grades).

``check(kind, answer, key, **options)`` returns a :class:`CheckResult`. The widget "Check" button and
:func:`ctie_helpers.grading.grade` call the same function, so practice feedback and grades agree.

Canonical JSON answer forms (what widgets store as ``.value`` and in the sidecar; keys use the same form):

========== ======================================== ==========================================
kind       answer                                   key / rule
========== ======================================== ==========================================
choice     ``"option"``                             ``"option"`` (or a list of accepted options)
multi      ``["a", "c"]``                           ``["a", "c"]``; score = (right picks - wrong
                                                    picks) / len(key), floored at 0
bins       ``{"item": "bin", ...}`` (unsorted       ``{"item": "bin"}``; fraction of key items in
           items absent or ``null``)                their right bin
order      ``["step b", "step a", null, ...]``:     ``["step a", "step b", ...]``; fraction of the
           list index = position, ``null`` = empty  key's neighbouring pairs whose two steps are
           slot                                     placed in the right relative order (see below)
match      ``{"left": "right", ...}``               ``{"left": "right"}``; fraction of pairs right
numeric    ``12.5`` (a number; numeric strings      ``12.5``; right within ``abs_tol`` or
           such as ``"1,250"`` are accepted)        ``rel_tol`` (default: exact to 1e-9)
table      ``{"row": {"col": value}}``              same shape; cell-wise: numbers within the
                                                    tolerance, text compared ignoring case/spaces
text       ``"free text"``                          none: graded by hand (``score`` is ``None``)
========== ======================================== ==========================================

The **order** rule: for a key ``[s1, s2, ..., sn]`` the n-1 neighbouring pairs (s1, s2), (s2, s3), ...
each earn credit when both steps are placed and s_i comes before s_i+1. Moving one step to a wrong
place costs one or two pairs instead of shifting every later position, and full credit means the
whole order is right (the pairs chain).

Hints never contain the key. By default they only count ("2 of 5 statements are in the wrong
group"); with ``reveal_where=True`` (practice items) they also name where to look again (a group
label, a row, too high/too low), never the right answer itself.

Options common to all kinds: ``reveal_where`` (bool, default False) and ``noun`` (plural word for
the items in hints, e.g. ``"statements"``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ctie_helpers.i18n.catalog import N_, ngettext
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.i18n.choice import current_language

__all__ = ["KINDS", "CheckResult", "check", "parse_number", "same_text"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes
    ----------
    score
        Share of credit from 0 to 1; ``None`` for items graded by hand (kind ``text``).
    correct
        True only for a fully right answer.
    n_right, n_total
        Parts right out of parts checked (items, pairs, cells; 1 of 1 for single answers).
    hints
        Plain-language hints that never contain the key.
    """

    score: float | None
    correct: bool
    n_right: int
    n_total: int
    hints: list[str] = field(default_factory=list)

    @property
    def autogradable(self) -> bool:
        """False for answers that a person grades (free text)."""
        return self.score is not None


def _plural(n: int, noun: str) -> str:
    # English only: a translated noun keeps the plural form the widget gave it (no rule fits every language)
    if current_language() != "en":
        return noun
    return noun if n != 1 or not noun.endswith("s") else noun[:-1]


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, dict, tuple)) and len(value) == 0
    )


def same_text(a: Any, b: Any) -> bool:
    """True if two texts match ignoring case, surrounding spaces and repeated inner spaces."""
    norm = lambda s: " ".join(str(s).split()).casefold()  # noqa: E731
    return norm(a) == norm(b)


_NUM_CLEAN = re.compile(r"[\s,\u00a0\u202f]")


def parse_number(value: Any) -> float | None:
    """Read a number from a trainee's answer: ``12.5``, ``"1,250"``, ``" 45 % "``; else ``None``.

    A comma before exactly three final digits is a thousands separator (``"1,250"``), otherwise a
    decimal comma (``"12,5"``); a trailing unit word or ``%`` is ignored.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    m = re.match(r"^\s*([-+]?[\d\s,\u00a0\u202f]*\.?\d+(?:[eE][-+]?\d+)?)\s*[^\d\s]*\s*$", value)
    if not m:
        return None
    digits = m.group(1)
    # "12,5" is a decimal comma (common in French and Spanish); "1,250" is a thousands separator.
    if "." not in digits and "," in digits and not re.search(r",\d{3}$", digits.strip()):
        head, _, tail = digits.rpartition(",")
        digits = f"{head}.{tail}"
    try:
        out = float(_NUM_CLEAN.sub("", digits))
    except ValueError:
        return None
    return out if math.isfinite(out) else None


def _close(answer: float, key: float, abs_tol: float, rel_tol: float) -> bool:
    return math.isclose(answer, key, rel_tol=max(rel_tol, 1e-9), abs_tol=abs_tol)


def _summary(n_right: int, n_total: int) -> tuple[float, bool]:
    score = n_right / n_total if n_total else 0.0
    return score, n_total > 0 and n_right == n_total


def check_choice(answer: Any, key: Any, **options: Any) -> CheckResult:
    """One option picked; ``key`` is the right option or a list of accepted ones."""
    accepted = list(key) if isinstance(key, (list, tuple, set)) else [key]
    if _is_blank(answer):
        return CheckResult(0.0, False, 0, 1, [_("No option is picked yet.")])
    ok = any(answer == a or (isinstance(answer, str) and same_text(answer, a)) for a in accepted)
    return CheckResult(float(ok), ok, int(ok), 1, [] if ok else [_("That option is not the best answer. Read the question again.")])


def check_multi(answer: Any, key: Any, *, noun: str = "options", **options: Any) -> CheckResult:
    """Several options picked: (right picks - wrong picks) / number of right options, floored at 0."""
    keyset = set(key)
    picked = set(answer) if isinstance(answer, (list, tuple, set)) else set()
    if not picked:
        return CheckResult(0.0, False, 0, len(keyset), [_("No %(noun)s are ticked yet.") % {"noun": noun}])
    right, wrong = len(picked & keyset), len(picked - keyset)
    missed = len(keyset - picked)
    score = max(0.0, (right - wrong) / len(keyset)) if keyset else float(not picked)
    hints = []
    if wrong:
        hints.append(ngettext("%(n)s ticked %(noun)s should not be ticked.",
                              "%(n)s ticked %(noun)s should not be ticked.", wrong) % {
            "n": wrong, "noun": _plural(wrong, noun)})
    if missed:
        hints.append(ngettext("%(n)s right %(noun)s is not ticked yet.", "%(n)s right %(noun)s are not ticked yet.",
                              missed) % {"n": missed, "noun": _plural(missed, noun)})
    ok = not wrong and not missed
    return CheckResult(score, ok, right, len(keyset), hints)


def _check_mapping(answer: Any, key: Mapping[str, Any], *, noun: str, wrong_phrase: Callable[[int], str],
                   where_phrase: str, reveal_where: bool) -> CheckResult:
    given = answer if isinstance(answer, Mapping) else {}
    unplaced = [k for k in key if _is_blank(given.get(k))]
    wrong = [k for k in key if k not in unplaced and not same_text(given[k], key[k])]
    n_total = len(key)
    n_right = n_total - len(unplaced) - len(wrong)
    hints = []
    if wrong:
        hints.append(wrong_phrase(len(wrong)) % {"n": len(wrong), "total": n_total, "noun": noun})
        if reveal_where:
            labels = sorted({_(str(given[k])) for k in wrong})  # the group or item as the trainee saw it
            hints.append(_(where_phrase) % {"where": ", ".join(f"'{x}'" for x in labels)})
    if unplaced:
        hints.append(ngettext("%(n)s of %(total)s %(noun)s is not answered yet.",
                              "%(n)s of %(total)s %(noun)s are not answered yet.", len(unplaced)) % {
            "n": len(unplaced), "total": n_total, "noun": noun})
    score, ok = _summary(n_right, n_total)
    return CheckResult(score, ok, n_right, n_total, hints)


def check_bins(answer: Any, key: Mapping[str, Any], *, noun: str = "items", reveal_where: bool = False,
               **options: Any) -> CheckResult:
    """Items sorted into bins: the fraction of key items placed in their right bin."""
    return _check_mapping(answer, key, noun=noun, wrong_phrase=lambda n: ngettext(
        "%(n)s of %(total)s %(noun)s is in the wrong group.", "%(n)s of %(total)s %(noun)s are in the wrong group.", n),
        where_phrase=N_("Look again at what you put in %(where)s."), reveal_where=reveal_where)


def check_match(answer: Any, key: Mapping[str, Any], *, noun: str = "pairs", reveal_where: bool = False,
                **options: Any) -> CheckResult:
    """Left items matched to right items: the fraction of pairs right."""
    return _check_mapping(answer, key, noun=noun, wrong_phrase=lambda n: ngettext(
        "%(n)s of %(total)s %(noun)s is not matched right.", "%(n)s of %(total)s %(noun)s are not matched right.", n),
        where_phrase=N_("Look again at the items you matched with %(where)s."), reveal_where=reveal_where)


def check_order(answer: Any, key: Sequence[str], *, noun: str = "steps", reveal_where: bool = False,
                **options: Any) -> CheckResult:
    """Steps in order: the fraction of the key's neighbouring pairs kept in the right relative order."""
    seq = list(answer) if isinstance(answer, (list, tuple)) else []
    pos = {step: i for i, step in enumerate(seq) if step is not None}
    key = list(key)
    if len(key) < 2:
        ok = len(key) == 1 and key[0] in pos
        return CheckResult(float(ok), ok, int(ok), 1, [] if ok else [_("No %(noun)s are placed yet.") % {"noun": noun}])
    pairs = list(zip(key, key[1:], strict=False))
    good = [a in pos and b in pos and pos[a] < pos[b] for a, b in pairs]
    swapped = [(a, b) for a, b in pairs if a in pos and b in pos and pos[a] > pos[b]]
    n_right, n_total = sum(good), len(pairs)
    unplaced = [s for s in key if s not in pos]
    hints = []
    if unplaced:
        hints.append(ngettext("%(n)s of %(total)s %(noun)s has no place yet.",
                              "%(n)s of %(total)s %(noun)s have no place yet.", len(unplaced)) % {
            "n": len(unplaced), "total": len(key), "noun": noun})
    if swapped:
        hints.append(ngettext("%(n)s of %(total)s pairs of neighbouring %(noun)s is the wrong way round.",
                              "%(n)s of %(total)s pairs of neighbouring %(noun)s are the wrong way round.",
                              len(swapped)) % {"n": len(swapped), "total": n_total, "noun": noun})
        if reveal_where:
            first = min(min(pos[a], pos[b]) for a, b in swapped)
            hints.append(_("Start by looking again at place %(n)s.") % {"n": first + 1})
    score, ok = _summary(n_right, n_total)
    ok = ok and not unplaced
    return CheckResult(score, ok, n_right, n_total, hints)


def check_numeric(answer: Any, key: Any, *, abs_tol: float = 0.0, rel_tol: float = 0.0, unit: str = "",
                  reveal_where: bool = False, **options: Any) -> CheckResult:
    """One number, right within ``abs_tol`` or ``rel_tol`` (a share: 0.01 = 1 %)."""
    value, target = parse_number(answer), float(key)
    if value is None:
        hint = (_("No number is entered yet.") if _is_blank(answer)
                else _("That is not a number. Type digits only, e.g. 12.5."))
        return CheckResult(0.0, False, 0, 1, [hint])
    if _close(value, target, abs_tol, rel_tol):
        return CheckResult(1.0, True, 1, 1, [])
    hints = [_("That number is not right yet.")]
    if target and (_close(value * 100, target, abs_tol, rel_tol) or _close(value / 100, target, abs_tol, rel_tol)):
        hints.append(_("Check the scale: is the answer a percentage or a proportion?"))
    elif unit:
        hints.append(_("Check that the number is in %(unit)s.") % {"unit": unit})
    if reveal_where:
        hints.append(_("Your number is too high.") if value > target else _("Your number is too low."))
    return CheckResult(0.0, False, 0, 1, hints)


def check_table(answer: Any, key: Mapping[str, Mapping[str, Any]], *, abs_tol: float = 0.0, rel_tol: float = 0.0,
                reveal_where: bool = False, **options: Any) -> CheckResult:
    """A small table: cell by cell, numbers within the tolerance, text ignoring case and spaces."""
    given = answer if isinstance(answer, Mapping) else {}
    wrong_rows: list[str] = []
    n_right = n_total = blank = 0
    for row, cols in key.items():
        got_row = found if isinstance(found := given.get(row), Mapping) else {}
        for col, want in cols.items():
            n_total += 1
            got = got_row.get(col)
            if _is_blank(got):
                blank += 1
                continue
            if isinstance(want, (int, float)) and not isinstance(want, bool):
                num = parse_number(got)
                ok = num is not None and _close(num, float(want), abs_tol, rel_tol)
            else:
                ok = same_text(got, want)
            n_right += ok
            if not ok and row not in wrong_rows:
                wrong_rows.append(str(row))
    hints = []
    n_wrong = n_total - n_right - blank
    if n_wrong:
        hints.append(ngettext("%(n)s of %(total)s cells is not right yet.", "%(n)s of %(total)s cells are not right yet.",
                              n_wrong) % {"n": n_wrong, "total": n_total})
        if reveal_where:
            rows = ", ".join(f"'{_(r)}'" for r in wrong_rows)
            hints.append(ngettext("Look again at the row %(rows)s.", "Look again at the rows %(rows)s.",
                                  len(wrong_rows)) % {"rows": rows})
    if blank:
        hints.append(ngettext("%(n)s of %(total)s cells is empty.", "%(n)s of %(total)s cells are empty.", blank) % {
            "n": blank, "total": n_total})
    score, ok = _summary(n_right, n_total)
    return CheckResult(score, ok, n_right, n_total, hints)


def check_text(answer: Any, key: Any = None, *, min_words: int = 0, **options: Any) -> CheckResult:
    """Free text is graded by hand: ``score`` is ``None``; hints only say whether it is long enough."""
    words = len(str(answer).split()) if isinstance(answer, str) else 0
    if words == 0:
        return CheckResult(None, False, 0, 1, [_("Nothing is written yet.")])
    if words < min_words:
        return CheckResult(None, False, 0, 1, [_("Your answer has %(n)s words; aim for at least %(min)s.") % {"n": words, "min": min_words}])
    return CheckResult(None, False, 1, 1, [_("Your answer (%(n)s words) is saved for the facilitator to read.") % {"n": words}])


_CHECKS: dict[str, Callable[..., CheckResult]] = {
    "choice": check_choice,
    "multi": check_multi,
    "bins": check_bins,
    "order": check_order,
    "match": check_match,
    "numeric": check_numeric,
    "table": check_table,
    "text": check_text,
}
KINDS = tuple(_CHECKS)


def check(kind: str, answer: Any, key: Any, **options: Any) -> CheckResult:
    """Check ``answer`` against ``key`` with the rule for ``kind`` (see the module docstring).

    Parameters
    ----------
    kind
        One of :data:`KINDS`.
    answer
        The trainee's answer in the canonical form of ``kind``; any other shape scores 0, it never raises.
    key
        The right answer in the same form.
    **options
        ``reveal_where``, ``noun``; ``abs_tol``/``rel_tol``/``unit`` (numeric, table); ``min_words`` (text).

    Returns
    -------
    CheckResult

    Raises
    ------
    ValueError
        If ``kind`` is unknown (a bug in the exercise, not in the trainee's answer).
    """
    try:
        fn = _CHECKS[kind]
    except KeyError:
        raise ValueError(f"unknown check kind {kind!r}; expected one of {', '.join(KINDS)}") from None
    return fn(answer, key, **options)
