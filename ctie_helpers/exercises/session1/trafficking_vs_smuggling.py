"""Session 1, notebook ``02_trafficking_vs_smuggling``: trafficking or smuggling? (1.3, domain brief 2.3).

Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import SingleChoice, SortIntoBins

__all__ = ["s1_ts_practice", "s1_ts_sorter", "s1_ts_case_practice", "s1_ts_case"]


# --------------------------------------------------------------------------------------------
# 1.3 Trafficking or smuggling? (brief 2.3)
# --------------------------------------------------------------------------------------------

TS_BINS = ["Migrant smuggling", "Trafficking in persons", "Both"]

TS_PRACTICE_KEY = {
    "The profit is the fee paid for crossing the border": "Migrant smuggling",
    "The relationship continues after arrival, through control and exploitation": "Trafficking in persons",
    "Criminal networks may be involved": "Both",
}


def s1_ts_practice(**kw: Any):
    """Practice: three statements into smuggling, trafficking or both."""
    return SortIntoBins(
        "s1_ts_practice", "Which crime does each statement describe?",
        items=list(TS_PRACTICE_KEY), bins=TS_BINS, key=TS_PRACTICE_KEY,
        explanation=("Smuggling earns from the movement and ends on arrival; trafficking earns from "
                     "exploiting the person and continues. Both can involve organised criminal groups."),
        noun="statements", **kw)


TS_GRADED_ITEMS = [
    "Always involves crossing an international border irregularly",
    "Can happen entirely inside one country",
    "The person agreed to the movement and the agreement was not obtained by improper means",
    "Consent is irrelevant once force, deception or another means was used",
    "Mainly an offence against the State's border and migration laws",
    "A serious violation of the rights of the person, who is a victim",
    "The people moved may face dangers on the journey",
    "Profit comes from exploiting the person's labour or body",
]


def s1_ts_sorter(**kw: Any):
    """Graded: eight statements into smuggling, trafficking or both."""
    return SortIntoBins(
        "s1_ts_sorter", "Graded. Which crime does each statement describe?",
        items=TS_GRADED_ITEMS, bins=TS_BINS, graded=True, points=4, noun="statements", **kw)


TS_CASE_PRACTICE_OPTIONS = [  # the key is not the longest option (issue 12, fair items)
    "Trafficking, though no border was crossed: she was deceived and is held for her work",
    "Smuggling, since the recruiter arranged her travel and she now pays him back in work",
    "Neither: she moved freely inside her own country and accepted the job herself",
    "A labour dispute only, because she agreed to the job and the travel debt is real",
]


def s1_ts_case_practice(**kw: Any):
    """Practice: a domestic case with deception and debt, before the graded ``s1_ts_case``."""
    return SingleChoice(
        "s1_ts_case_practice",
        "Mira, 19, answered an advert for hotel work in the Ardanian capital. The recruiter drove her there, "
        "kept her identity card, and now makes her clean rooms without pay 'until the travel cost is repaid'. "
        "How should a case worker describe her situation?",
        options=TS_CASE_PRACTICE_OPTIONS, key=TS_CASE_PRACTICE_OPTIONS[0],
        explanation=("Trafficking needs an Act, a Means and an exploitative Purpose, not a border; smuggling "
                     "always involves an irregular border crossing."), **kw)


TS_CASE_OPTIONS = [
    "Smuggling only, because he agreed to the trip and paid the fee himself",
    "Smuggling at first, then trafficking once he was held and made to work",
    "Neither: he is an irregular migrant working off an ordinary debt",
    "Trafficking from the first contact, since any paid border crossing is trafficking",
]


def s1_ts_case(**kw: Any):
    """Graded: a smuggling journey that turns into trafficking."""
    return SingleChoice(
        "s1_ts_case",
        "Graded. Pavel, 26, from Borvia, paid a smuggler to take him across Ardania to the coast. "
        "Half-way, the group was locked in a compound and he was made to work on a building site "
        "'to pay for the rest of the trip'. How should a case worker describe his situation?",
        options=TS_CASE_OPTIONS, graded=True, points=1, **kw)
