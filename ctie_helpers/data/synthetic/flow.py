"""``flow_monitoring``: ~5,000 flow-monitoring survey interviews with the DTM CT module (brief 6.3).

Twelve monthly rounds in 2023 at flow-monitoring points in Ardania. Each respondent answers whether, on this
journey, they worked without the expected pay, were forced to work, were offered an arranged marriage, were held
against their will by someone other than the authorities, and (only in the rounds that asked it, April to
September) were offered money for blood, organs or body parts. ``any_yes`` is 1 when any answered question is 1.

Planted on purpose: ``any_yes`` is about 10% overall and rises with journey length and on irregular routes
(a logistic model with log journey days and an irregular-route term shared by every question).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctie_helpers.data.geography import COUNTRIES
from ctie_helpers.data.synthetic.schema import Column, coerce

__all__ = ["AGE_GROUPS", "COLUMNS", "DEFAULT_SEED", "KEY", "ORGANS_ASKED_MONTHS", "flow_monitoring"]

DEFAULT_SEED = 63
KEY = ("respondent_id",)
_BASE_ROWS = 5000

#: Months (2023) whose questionnaire included the organs/blood question.
ORGANS_ASKED_MONTHS = (4, 5, 6, 7, 8, 9)
AGE_GROUPS = ("14-17", "18-24", "25-34", "35-44", "45-59", "60+")
_AGE_EDGES = (14, 18, 25, 35, 45, 60, 200)

_NATIONALITY_P = {"XAR": 0.46, "XBR": 0.20, "XCA": 0.15, "XDN": 0.12, "XEL": 0.05, "XFN": 0.015, "XGV": 0.005}

# Intercept per question on the logit scale; all share the journey and route terms (and a person effect).
_QUESTIONS = {
    "fm_worked_unpaid": -5.6,
    "fm_forced_work": -6.2,
    "fm_offered_marriage": -6.6,
    "fm_held_against_will": -6.3,
    "fm_organs_offer": -7.4,
}
_B_LOG_DAYS = 0.55
_B_IRREGULAR = 1.0

_BIN = (0, 1)
COLUMNS: tuple[Column, ...] = (
    Column("respondent_id", "string", "#respondee+id", "interview id FM-<round>-<n> (no names)"),
    Column("interview_date", "date", "#date+interview", "date of the interview (2023)"),
    Column("sex", "string", "#respondee+sex", "respondent's sex", allowed=("female", "male")),
    Column("age", "Int8", "#respondee+age", "age in years", minimum=14, maximum=80),
    Column("age_group", "string", "#respondee+age+group", "age band", allowed=AGE_GROUPS),
    Column("nationality", "string", "#respondee+nationality+code", "nationality (fictional ISO3-style code)",
           allowed=tuple(_NATIONALITY_P)),
    Column("route_type", "string", "#route+type", "regular or irregular route", allowed=("regular", "irregular")),
    Column("journey_days", "Int16", "#indicator+journey+days", "days since the journey began", minimum=1, maximum=720),
    Column("fm_worked_unpaid", "Int8", "#indicator+fm+unpaid", "worked without the expected payment", allowed=_BIN),
    Column("fm_forced_work", "Int8", "#indicator+fm+forced_work", "forced to work against their will", allowed=_BIN),
    Column("fm_offered_marriage", "Int8", "#indicator+fm+marriage",
           "approached with an offer of arranged marriage", allowed=_BIN),
    Column("fm_held_against_will", "Int8", "#indicator+fm+held",
           "held against their will by non-authorities", allowed=_BIN),
    Column("fm_organs_offer", "Int8", "#indicator+fm+organs",
           "offered cash for blood/organs; blank = not asked that round", allowed=_BIN, nullable=True),
    Column("any_yes", "Int8", "#affected+fm+exploitation+any", "1 = yes to at least one CT question (IND-03)", allowed=_BIN),
    Column("round", "Int8", "#date+round", "monthly survey round (1 = January 2023)", minimum=1, maximum=12),
)

assert set(_NATIONALITY_P) <= set(COUNTRIES)


def flow_monitoring(seed: int = DEFAULT_SEED, scale: float = 1.0) -> pd.DataFrame:
    """Generate ``round(5000 * scale)`` interviews, in interview order (round, date, id)."""
    rng = np.random.default_rng(seed)
    n = max(12, int(round(_BASE_ROWS * scale)))
    month = rng.integers(1, 13, n)
    days_in_month = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    day = 1 + np.floor(rng.random(n) * days_in_month[month - 1]).astype(int)
    by_date = np.lexsort((day, month))  # ids then run in interview order
    month, day = month[by_date], day[by_date]
    dates = pd.to_datetime(pd.DataFrame({"year": 2023, "month": month, "day": day}))

    male = rng.random(n) < 0.64
    age = np.clip(np.round(rng.gamma(4.0, 4.5, n) + 14), 14, 80).astype(int)
    age_group = np.array(AGE_GROUPS, dtype=object)[np.searchsorted(_AGE_EDGES, age, side="right") - 1]
    codes = list(_NATIONALITY_P)
    nationality = rng.choice(codes, size=n, p=np.array(list(_NATIONALITY_P.values())))
    # Neighbours' citizens more often cross irregularly than Ardanians moving inside the region.
    irregular = rng.random(n) < np.where(nationality == "XAR", 0.25, 0.50)
    days = np.clip(np.round(rng.lognormal(np.where(irregular, 3.1, 2.2), 0.9, n)), 1, 720).astype(int)

    person = rng.normal(0, 0.8, n)  # respondents open to talking say yes to several questions
    linear = _B_LOG_DAYS * np.log(days) + _B_IRREGULAR * irregular + person
    answers = {}
    for question, intercept in _QUESTIONS.items():
        shift = np.where(male, 0.3, -0.2) if question == "fm_forced_work" else 0.0
        if question == "fm_offered_marriage":
            shift = np.where(male, -0.6, 0.6)
        p = 1 / (1 + np.exp(-(intercept + linear + shift)))
        answers[question] = (rng.random(n) < p).astype(float)
    asked = np.isin(month, ORGANS_ASKED_MONTHS)
    answers["fm_organs_offer"][~asked] = np.nan
    any_yes = np.nanmax(np.column_stack(list(answers.values())), axis=1)

    per_round = pd.Series(month).groupby(month).cumcount().to_numpy() + 1
    df = pd.DataFrame({
        "respondent_id": [f"FM-{m:02d}-{k:05d}" for m, k in zip(month, per_round, strict=True)],
        "interview_date": dates,
        "sex": np.where(male, "male", "female"),
        "age": age,
        "age_group": age_group,
        "nationality": nationality,
        "route_type": np.where(irregular, "irregular", "regular"),
        "journey_days": days,
        **{q: pd.array(a, dtype="Float64").astype("Int8") for q, a in answers.items()},
        "any_yes": any_yes.astype(np.int8),
        "round": month,
    })
    return coerce(df, COLUMNS)
