"""Session 5, notebook ``02_sampling``: selection of respondents: sampling (5.3).

Sample sizes come from :mod:`ctie_helpers.analysis.sampling` (one stated convention: FPC, then DEFF, then
non-response, rounded up once).
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from ctie_helpers.widgets import MultiSelect, NumericAnswer, SingleChoice

__all__ = ["s5_n_practice", "s5_n_infinite", "s5_n_finite", "s5_deff", "s5_design_practice", "s5_biased_designs",
           "s5_rds_practice", "s5_rds_weight"]


# --------------------------------------------------------------------------------------------
# 5.3 Selection of respondents: sampling
# --------------------------------------------------------------------------------------------


def s5_n_practice(**kw: Any) -> NumericAnswer:
    """Practice: sample size for ±10% (brief 9.3: 97)."""
    return NumericAnswer(
        "s5_n_practice",
        "Use the calculator: how many respondents for p = 0.5, a margin of ±10% and 95% confidence, in a large "
        "population?", key=97, unit="respondents",
        explanation="n0 = 1.96² × 0.5 × 0.5 / 0.10² = 96.04, rounded up to 97. Halving the margin multiplies the "
                    "sample size by four.",
        **kw)


def s5_n_infinite(**kw: Any) -> NumericAnswer:
    """Graded: p = 0.5, ±5%, 95%, infinite population."""
    return NumericAnswer(
        "s5_n_infinite",
        "Graded. How many respondents for p = 0.5, a margin of ±5% and 95% confidence, in a very large population?",
        unit="respondents", graded=True, points=1, **kw)


def s5_n_finite(**kw: Any) -> NumericAnswer:
    """Graded: the same with N = 1,000."""
    return NumericAnswer(
        "s5_n_finite",
        "Graded. The same survey, but the site has only 1,000 households (N = 1,000). How many households?",
        unit="households", graded=True, points=1, **kw)


def s5_deff(**kw: Any) -> NumericAnswer:
    """Practice in the optional design-effect lab: DEFF for 10 interviews per cluster and ICC 0.1."""
    return NumericAnswer(
        "s5_deff",
        "A cluster survey takes 10 interviews per site; the intra-cluster correlation is 0.10. What is the "
        "design effect?", key=1.9, abs_tol=0.01,
        explanation="DEFF = 1 + (m - 1) x ICC = 1 + 9 x 0.10 = 1.9.", **kw)


DESIGN_PRACTICE_OPTIONS = {
    "list": "Drawing households at random from a full list of the site's shelters",
    "door": "Interviewing whoever opens the door nearest the site entrance",
    "twostage": "Choosing sites at random, then households at random within each chosen site",
    "volunteer": "Inviting anyone who wants to take part to come to the community centre",
    "systematic": "Taking every 10th shelter along a route that passes all shelters, from a random start",
}


def s5_design_practice(**kw: Any) -> MultiSelect:
    """Practice: which designs give every household a known chance (before the graded ``s5_biased_designs``)."""
    return MultiSelect(
        "s5_design_practice",
        "Which designs give every household in the sites a known, non-zero chance of being chosen?",
        options=DESIGN_PRACTICE_OPTIONS, key=["list", "twostage", "systematic"], noun="designs",
        explanation="Only probability designs let you weight answers back to the whole population; a design that "
                    "picks the easiest or the most willing people is biased however large it is.", **kw)


BIAS_OPTIONS = {"simple_random": "Simple random sample", "stratified": "Stratified random sample",
                "cluster": "Two-stage cluster sample", "convenience": "Convenience sample (easiest to reach)",
                "snowball": "Snowball sample (respondents refer peers)"}


def s5_biased_designs(**kw: Any) -> MultiSelect:
    """Graded: which designs were biased in the simulator."""
    return MultiSelect(
        "s5_biased_designs",
        "Graded. In the simulator, which designs gave estimates that were wrong on average (biased), "
        "however many times they were repeated?",
        options=BIAS_OPTIONS, graded=True, points=2, noun="designs", **kw)


def s5_rds_practice(**kw: Any) -> SingleChoice:
    """Practice: why RDS corrects for network size (before the graded ``s5_rds_weight``)."""
    return SingleChoice(
        "s5_rds_practice",
        "In respondent-driven sampling, people who know many others in the hidden population need a correction. Why?",
        options={"more": "They are more likely to be handed a coupon, so without a correction they count too much",
                 "fewer": "They are less likely to be handed a coupon, so without a correction they count too little",
                 "honest": "They tend to give less honest answers than people with few contacts",
                 "none": "They need none: a chain of referrals is a random sample by design"},
        key="more",
        explanation="Recruitment runs along social ties, so well-connected people reach the sample more often; RDS "
                    "estimates correct for it.", **kw)


def s5_rds_weight(**kw: Any) -> SingleChoice:
    """Graded: what RDS weights by (quiz bank 27)."""
    return SingleChoice(
        "s5_rds_weight",
        "Graded. Respondent-driven sampling corrects its estimate by weighting each respondent by…",
        options={"degree": "one over the number of people they know in the hidden population",
                 "contacts": "the number of people they know in the hidden population",
                 "wave": "the recruitment wave they came in, so that later waves count for more",
                 "coupons": "the number of peers they recruited with their coupons"},
        graded=True, points=1, **kw)
