"""Session 5, notebook ``02_sampling``: selection of respondents: sampling (5.3).

Sample sizes come from :mod:`ctie_helpers.analysis.sampling` (one stated convention: FPC, then DEFF, then
non-response, rounded up once).
Practice items carry their key; graded items carry none (DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ctie_helpers.widgets import MultiSelect, NumericAnswer, SingleChoice

__all__ = [
    "s5_n_practice", "s5_n_infinite", "s5_n_finite", "s5_deff", "s5_biased_designs", "s5_rds_weight",
    "sample_size_steps", "calculator", "design_comparison", "rds_comparison",
]


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
    """Graded: DEFF for 10 interviews per cluster and ICC 0.1."""
    return NumericAnswer(
        "s5_deff",
        "Graded. A cluster survey takes 10 interviews per site; the intra-cluster correlation is 0.10. What is the "
        "design effect?", graded=True, points=1, **kw)


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


# --------------------------------------------------------------------------------------------
# Helpers for the notebooks
# --------------------------------------------------------------------------------------------


def sample_size_steps(p: float = 0.5, margin: float = 0.05, confidence: float = 0.95, population: int | None = None,
                      deff: float = 1.0, nonresponse: float = 0.0) -> pd.DataFrame:
    """Every step of the sample-size calculation, with the final n in the last row's ``rounded_up``."""
    from ctie_helpers.analysis.sampling import sample_size

    steps = sample_size(p, margin, confidence, population, deff, nonresponse).steps
    steps["value"] = steps["value"].round(2)
    return steps


def calculator():
    """A small sample-size calculator: sliders for each input, the steps table updating below them."""
    import ipywidgets as w
    from IPython.display import display

    style = {"description_width": "14em"}
    layout = w.Layout(width="32em")
    controls = {
        "p": w.FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05, description="Expected proportion p",
                           style=style, layout=layout),
        "margin": w.FloatSlider(value=0.05, min=0.02, max=0.15, step=0.01, description="Margin of error (±)",
                                style=style, layout=layout),
        "confidence": w.Dropdown(options=[0.90, 0.95, 0.99], value=0.95, description="Confidence", style=style),
        "population": w.IntText(value=0, description="Population N (0 = very large)", style=style),
        "deff": w.FloatSlider(value=1.0, min=1.0, max=4.0, step=0.1, description="Design effect", style=style,
                              layout=layout),
        "nonresponse": w.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.05, description="Non-response rate",
                                     style=style, layout=layout),
    }
    out = w.Output()

    def update(_change=None) -> None:
        args = {k: c.value for k, c in controls.items()}
        args["population"] = args["population"] if args["population"] and args["population"] > 0 else None
        out.clear_output(wait=True)
        with out:
            try:
                display(sample_size_steps(**args))
            except ValueError as exc:  # e.g. a population smaller than 1: say why, do not crash the widget
                print(f"Cannot compute: {exc}")

    for c in controls.values():
        c.observe(update, names="value")
    update()
    return w.VBox([*controls.values(), out])


def design_comparison(reps: int = 300, n: int = 400, seed: int = 0) -> pd.DataFrame:
    """Repeat five sampling designs on the synthetic population; bias, spread and RMSE in % points."""
    from ctie_helpers.analysis.simulate import compare_designs, make_population

    table = compare_designs(make_population(seed=seed), n=n, reps=reps, seed=seed)
    for col in ("truth", "mean_estimate", "bias", "sd", "rmse"):
        table[col] = (100 * table[col]).round(1)
    return table


def rds_comparison(reps: int = 40, seed: int = 0) -> pd.DataFrame:
    """Naive share vs RDS-II estimate over repeated RDS samples on one network (in %)."""
    from ctie_helpers.analysis.rds import compare_rds, make_network

    return (100 * compare_rds(make_network(seed=seed), reps=reps, seed=seed)).round(1)
