"""What the facilitator sees, as pure functions of a :class:`~.handins.Cohort`: counts, mistakes, absentees.

Raw counts (:func:`cohort_summary`, :func:`common_wrong_answers`) are exact; what is *shown* goes through
:func:`publish_summary` / :func:`publish_wrong_answers`, which apply the safeguards module's small-cell
suppression: a count from 1 to ``threshold - 1`` shows as ``"<5"``, and complementary cells as ``"x"``
so a hidden count cannot be recovered by subtraction from the number of hand-ins.

Who passed: for graded items the grades CSV is authoritative (full points); without it the saved
answer is checked against the hidden-test key with the same :func:`~ctie_helpers.grading.checks.check`
that ``grade()`` runs. A practice item passes when its last check in the notebook was ``correct``.
Free-text items are never "passed" automatically: their ``passed`` is missing unless a score exists.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from ctie_helpers.content.knowledge_checks import parse_check_id
from ctie_helpers.facilitator.dashboard.cohort_data import Cohort
from ctie_helpers.facilitator.dashboard.mistakes import mistakes
from ctie_helpers.grading.checks import check
from ctie_helpers.safeguards import suppress_table

__all__ = ["SUMMARY_COLUMNS", "cohort_summary", "common_wrong_answers", "not_submitted", "publish_summary",
           "publish_wrong_answers"]

SUMMARY_COLUMNS = ["session", "notebook", "exercise_id", "kind", "graded", "handed_in", "attempted", "passed",
                   "not_attempted"]
DEFAULT_THRESHOLD = 5


def _verdicts(cohort: Cohort) -> pd.DataFrame:
    """One row per (trainee, session, exercise) that has an answer or a score: attempted and passed."""
    keys = {(r.session, r.exercise_id): r for r in cohort.items.itertuples(index=False)}
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for a in cohort.answers.itertuples(index=False):
        attempted = a.value is not None
        item = keys.get((a.session, a.exercise_id))
        if item is not None and item.kind == "text":
            passed: bool | None = None
        elif item is not None:
            passed = attempted and _correct(item.kind, a.value, item.key, item.options)
        else:
            passed = a.status == "correct"
        rows[(a.trainee, a.session, a.exercise_id)] = dict(
            trainee=a.trainee, session=a.session, notebook=a.notebook, exercise_id=a.exercise_id,
            kind=a.kind, graded=bool(a.graded) or item is not None, attempted=attempted, passed=passed)
    for s in cohort.scores.itertuples(index=False):
        item = keys.get((s.session, s.exercise_id))
        row = rows.setdefault((s.trainee, s.session, s.exercise_id), dict(
            trainee=s.trainee, session=s.session, notebook=item.notebook if item is not None else "",
            exercise_id=s.exercise_id, kind=item.kind if item is not None else None, graded=True,
            attempted=False, passed=None))
        # Without a sidecar a score above zero is the only sign of an attempt (a lower bound).
        row["attempted"] = bool(row["attempted"]) or s.score > 0
        row["passed"] = bool(s.score >= s.points - 1e-9 and s.points > 0)
    cols = ["trainee", "session", "notebook", "exercise_id", "kind", "graded", "attempted", "passed"]
    return pd.DataFrame(list(rows.values()), columns=cols)


def _correct(kind: str, value: Any, key: Any, options: dict[str, Any] | None) -> bool:
    try:
        return bool(check(kind, value, key, **(options or {})).correct)
    except Exception:  # noqa: BLE001 - a strangely shaped answer is a wrong answer, as grade() scores it
        return False


def cohort_summary(cohort: Cohort) -> pd.DataFrame:
    """Exact counts per session and exercise (graded items first, then practice items seen in sidecars).

    Returns
    -------
    pandas.DataFrame
        :data:`SUMMARY_COLUMNS`. ``handed_in`` counts the session's hand-ins; ``attempted``, ``passed``
        and ``not_attempted`` count among them. ``passed`` is missing for free text without a score.
    """
    verdicts = _verdicts(cohort)
    rows = []
    seen: set[tuple[str, str]] = set()
    listed = [(r.session, r.notebook, r.exercise_id, r.kind, True) for r in cohort.items.itertuples(index=False)]
    # Knowledge checks are not practice items to pass: their before/after scores are in .gain.
    checks = verdicts["exercise_id"].map(lambda x: parse_check_id(str(x)) is not None).astype(bool)
    practice = (verdicts[~verdicts["graded"] & ~checks].drop_duplicates(["session", "exercise_id"])
                .sort_values(["session", "notebook", "exercise_id"]))
    listed += [(r.session, r.notebook, r.exercise_id, r.kind, False) for r in practice.itertuples(index=False)]
    for session, notebook, ex_id, kind, graded in listed:
        if (session, ex_id) in seen:
            continue
        seen.add((session, ex_id))
        who = cohort.handed_in.get(session, set())
        v = verdicts[(verdicts["session"] == session) & (verdicts["exercise_id"] == ex_id)
                     & verdicts["trainee"].isin(who)]
        attempted = int(v["attempted"].sum())
        known = v["passed"].dropna()
        passed = int(known.astype(bool).sum()) if (kind != "text" or len(known)) else pd.NA
        rows.append(dict(session=session, notebook=notebook, exercise_id=ex_id, kind=kind, graded=graded,
                         handed_in=len(who), attempted=attempted, passed=passed,
                         not_attempted=len(who) - attempted))
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return out.astype({"handed_in": "Int64", "attempted": "Int64", "passed": "Int64", "not_attempted": "Int64"})


def _cell(value: Any) -> Any:
    return value if isinstance(value, str) else int(value)


def publish_summary(summary: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """The summary as it may be shown: small counts ``"<threshold"``, complementary cells ``"x"``.

    Each exercise's hand-ins split into three groups that add up to ``handed_in``: passed, attempted but
    not passed, not attempted. Those three are suppressed together with
    :func:`~ctie_helpers.safeguards.suppress_table` (the row total is known, so one hidden group always
    has a hidden partner); ``attempted`` is shown only when it cannot reveal a hidden group. Zeros are
    published and never used as the partner: a zero partner would let the hidden count be subtracted.
    """
    out = summary[["session", "notebook", "exercise_id", "kind", "graded"]].copy()
    shown: dict[str, list[Any]] = {c: [] for c in ("handed_in", "attempted", "passed", "not_attempted")}
    marker = f"<{threshold}"
    for r in summary.itertuples(index=False):
        n, a = int(r.handed_in), int(r.attempted)
        p = None if pd.isna(r.passed) else int(r.passed)
        # Free text has no pass/fail split: its hand-ins split into attempted / not attempted only.
        parts = ({"attempted": a, "not_attempted": n - a} if p is None
                 else {"passed": p, "not_passed": a - p, "not_attempted": n - a})
        if 0 < n < threshold:  # every count is at most n: hide them all
            pub = {k: (marker if v else 0) for k, v in parts.items()}
            pub["attempted"] = marker if a else 0
            shown["handed_in"].append(marker)
        else:
            t = suppress_table(pd.DataFrame({k: [v] for k, v in parts.items()}), threshold, zeros="structural")
            pub = {k: _cell(t.published.iat[0, j]) for j, k in enumerate(parts)}
            if p is not None:  # attempted = n - not_attempted: shown only when that is already public
                na = pub["not_attempted"]
                pub["attempted"] = n - na if isinstance(na, int) else (marker if 0 < a < threshold else "x")
            shown["handed_in"].append(n)
        shown["attempted"].append(pub["attempted"])
        shown["passed"].append("" if p is None else pub["passed"])
        shown["not_attempted"].append(pub["not_attempted"])
    for c, vals in shown.items():
        out[c] = pd.Series(vals, index=out.index, dtype=object)
    return out[SUMMARY_COLUMNS]


def common_wrong_answers(cohort: Cohort, top: int = 3) -> pd.DataFrame:
    """The most frequent mistakes per exercise, exact counts, ``top`` per exercise.

    A mistake is one wrong part of an answer (a statement in the wrong group, an option wrongly picked,
    a wrong number: see :func:`~.mistakes.mistakes`), so two trainees who misplaced the same statement
    count together even if the rest of their answers differ. Graded items are compared with their
    hidden-test key; practice items (key not available here) contribute their whole answer when their
    last check was ``wrong`` or ``partly``. Free text is never listed.

    Returns
    -------
    pandas.DataFrame
        ``session, exercise_id, kind, mistake, count``, most frequent first within each exercise.
    """
    keys = {(r.session, r.exercise_id): r for r in cohort.items.itertuples(index=False)}
    counts: dict[tuple[str, str, str, str], int] = {}
    for a in cohort.answers.itertuples(index=False):
        if (a.value is None or a.kind == "text" or a.trainee not in cohort.handed_in.get(a.session, set())
                or parse_check_id(str(a.exercise_id)) is not None):  # knowledge checks: see .gain
            continue
        item = keys.get((a.session, a.exercise_id))
        if item is not None:
            found = mistakes(item.kind, a.value, item.key)
        elif a.status in ("wrong", "partly"):
            found = [_compact(a.value)]
        else:
            found = []
        for m in dict.fromkeys(found):  # one trainee counts once per mistake
            k = (a.session, a.exercise_id, a.kind, m)
            counts[k] = counts.get(k, 0) + 1
    df = pd.DataFrame([(*k, n) for k, n in counts.items()],
                      columns=["session", "exercise_id", "kind", "mistake", "count"])
    if df.empty:
        return df.astype({"count": int})
    df = df.sort_values(["session", "exercise_id", "count", "mistake"], ascending=[True, True, False, True])
    return df.groupby(["session", "exercise_id"], sort=False).head(top).reset_index(drop=True)


def _compact(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def publish_wrong_answers(wrong: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """``common_wrong_answers`` with counts from 1 to ``threshold - 1`` shown as ``"<threshold"``.

    Each count is a separate fact (mistakes overlap, so they add up to nothing that is published), so
    primary suppression alone is enough here.
    """
    out = wrong.copy()
    if out.empty:
        out["count"] = pd.Series(dtype=object)
        return out
    t = suppress_table(out[["count"]].astype("int64"), threshold, secondary=False)
    out["count"] = t.published["count"].to_numpy()
    return out


def not_submitted(cohort: Cohort) -> pd.DataFrame:
    """Who on the roster has no hand-in, per session, and who handed in without being on the roster.

    Returns
    -------
    pandas.DataFrame
        ``session, trainee, note`` plus the roster's other columns (e.g. a name or an email), one row per
        trainee and session; ``note`` is ``"no hand-in"`` or ``"not on the roster"``. Empty without a roster.
    """
    if cohort.roster is None:
        return pd.DataFrame(columns=["session", "trainee", "note"])
    extra = [c for c in cohort.roster.columns if c != "trainee"]
    listed = set(cohort.roster["trainee"])
    rows = []
    for session in cohort.sessions:
        got = cohort.handed_in.get(session, set())
        missing = cohort.roster[~cohort.roster["trainee"].isin(got)]
        for rec in missing.to_dict("records"):
            rows.append(dict(session=session, note="no hand-in", **rec))
        rows += [dict(session=session, trainee=t, note="not on the roster") for t in sorted(got - listed)]
    df = pd.DataFrame(rows, columns=["session", "trainee", "note", *extra])
    return df.replace({np.nan: ""})
