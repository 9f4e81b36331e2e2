"""The cohort's learning gain per session, from the opening and closing knowledge checks.

Each session opens with ``s<N>_check_before`` and closes with ``s<N>_check_after`` (five questions each,
keys in :mod:`ctie_helpers.content.knowledge_checks`). A check counts once it was submitted (``attempts``
at least 1 in the sidecar); its score is the number of questions right, 0 to 5. The gain compares the
same trainees: only those who handed in the session and submitted both checks.

:func:`learning_gain` gives exact figures; :func:`publish_gain` is what the dashboard shows: the number
of trainees goes through the same small-cell rule as every other dashboard count (1 to ``threshold - 1``
shows as ``"<threshold"``), and the means and gain of a group that small are not shown at all, since a
mean of one or two people is their own score.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ctie_helpers.content.knowledge_checks import check_key, parse_check_id, sessions_with_checks
from ctie_helpers.facilitator.dashboard.cohort_data import Cohort
from ctie_helpers.facilitator.dashboard.summary import DEFAULT_THRESHOLD
from ctie_helpers.safeguards import suppress_table

__all__ = ["GAIN_COLUMNS", "check_scores", "learning_gain", "publish_gain"]

GAIN_COLUMNS = ["session", "n", "mean_before", "mean_after", "gain"]


def _score(value: Any, key: dict[str, str]) -> int:
    answers = value if isinstance(value, dict) else {}
    return sum(answers.get(construct) == right for construct, right in key.items())


def check_scores(cohort: Cohort) -> pd.DataFrame:
    """One row per trainee, session and submitted check of a trainee who handed the session in.

    Returns
    -------
    pandas.DataFrame
        ``trainee, session, when, score`` (questions right, 0 to 5).
    """
    rows = []
    keys: dict[tuple[int, str], dict[str, str]] = {}
    known = set(sessions_with_checks())
    for a in cohort.answers.itertuples(index=False):
        parsed = parse_check_id(str(a.exercise_id))
        if parsed is None or parsed[0] not in known or a.attempts < 1 or a.trainee not in cohort.handed_in.get(a.session, set()):
            continue
        if parsed not in keys:
            keys[parsed] = check_key(*parsed)
        rows.append(dict(trainee=a.trainee, session=a.session, when=parsed[1], score=_score(a.value, keys[parsed])))
    return pd.DataFrame(rows, columns=["trainee", "session", "when", "score"]).drop_duplicates(
        ["trainee", "session", "when"], keep="last")


def learning_gain(cohort: Cohort) -> pd.DataFrame:
    """Exact before/after means per session over the trainees who submitted both checks.

    Returns
    -------
    pandas.DataFrame
        :data:`GAIN_COLUMNS`, one row per session of the cohort; ``n`` is the number of trainees with both
        checks; the means (questions right out of 5) and ``gain = mean_after - mean_before`` are missing
        when ``n`` is 0.
    """
    scores = check_scores(cohort)
    wide = scores.pivot_table(index=["session", "trainee"], columns="when", values="score", aggfunc="last")
    rows = []
    for session in cohort.sessions:
        both = (wide.loc[session].dropna(subset=["before", "after"])
                if session in wide.index.get_level_values(0) and {"before", "after"} <= set(wide.columns)
                else pd.DataFrame(columns=["before", "after"]))
        n = len(both)
        before = float(both["before"].mean()) if n else float("nan")
        after = float(both["after"].mean()) if n else float("nan")
        rows.append(dict(session=session, n=n, mean_before=before, mean_after=after, gain=after - before))
    return pd.DataFrame(rows, columns=GAIN_COLUMNS).astype({"n": int})


def publish_gain(gain: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """:func:`learning_gain` as it may be shown: ``n`` under the threshold as ``"<threshold"`` and the means
    and gain of such a group left blank; means and gain rounded to two decimals."""
    if gain.empty:
        return pd.DataFrame(columns=GAIN_COLUMNS)
    out = gain[["session"]].copy()
    n = suppress_table(gain[["n"]].astype("int64"), threshold, secondary=False).published["n"]
    out["n"] = pd.Series([v if isinstance(v, str) else int(v) for v in n], index=gain.index, dtype=object)
    big = gain["n"] >= threshold
    for col in ("mean_before", "mean_after", "gain"):
        out[col] = pd.Series([round(float(v), 2) if ok else "" for v, ok in zip(gain[col], big, strict=True)],
                             index=gain.index, dtype=object)
    return out[GAIN_COLUMNS]
