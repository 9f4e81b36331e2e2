"""The prose of the reports: what each table shows and how to read it, in plain words."""

from __future__ import annotations

import pandas as pd

__all__ = ["plan", "latest", "area_label", "rounds", "flags", "survey", "mse_estimate", "LEVELS", "AREAS",
           "DISAGGREGATION", "MSE_HISTORIES", "MSE_MODELS"]

LEVELS = ("Each indicator for the whole file (per round when the file has rounds), grouped by the level of "
          "the socio-ecological model it informs. `with_attribute` / `without_attribute` / `total` count the "
          "units (sites, households, or people for population shares) with and without the attribute; "
          "`percent` is the estimate with its 95% interval (`percent_low`, `percent_high`).")
AREAS = ("The same indicators by province (admin1) and district (admin2). Small areas have wide intervals: "
         "compare them with care, and read hidden cells as 'too few to publish', not as zero.")
DISAGGREGATION = ("Each indicator by the disaggregations the registry lists for it and the file carries "
                  "(`dimension`), one row per `group`.")
MSE_HISTORIES = ("One row per combination of lists (1 = on that list) with the number of people seen by exactly "
                 "that combination. People seen by no list cannot be counted: that is what is estimated below.")
MSE_MODELS = ("Every Poisson log-linear model looked at, from the independence model (step 0) up. At each step "
              "every pair of lists not yet in the model is tested: `p_value` compares the people seen on both "
              "lists with the number the current model expects (Poisson, smaller tail), and the pair with the "
              "smallest p-value is added (`taken`) if it is below 0.02, the stepwise rule of SparseMSE "
              "(Chan, Silverman & Vincent 2019). An interaction lets two lists depend on each other (referrals "
              "between services, shared visibility); `admissible` is False, with the `reason`, where the model's "
              "estimate does not exist or is not identifiable. AIC and BIC are shown for comparison: models "
              "chosen by them can give quite different totals, a sign of how much the estimate rests on the model.")


def plan(p, df: pd.DataFrame) -> str:
    """What the file supports, and what it would take to compute the indicators it does not."""
    lines = [f"## What this file supports\n\n{len(df):,} rows. Indicators computed: "
             + ", ".join(f"**{i.id}** {i.name}" for i in p.indicators) + "."]
    if p.round_col:
        lines.append(f"Rounds: {', '.join(str(r) for r in sorted(df[p.round_col].dropna().unique()))}.")
    if p.weighted:
        design = [f"weights `{p.weight}`"] + ([f"clusters `{p.cluster}`"] if p.cluster else []) + (
            [f"strata `{p.strata}`"] if p.strata else [])
        lines.append("Survey design: " + ", ".join(design) + ".")
    missing = [f"{k} (needs {', '.join(v)})" for k, v in p.skipped.items()]
    if missing:
        lines.append("Not computable from this file: " + "; ".join(missing) + ".")
    return "\n\n".join(lines)


def latest(p, df: pd.DataFrame) -> str:
    return f" (round {max(df[p.round_col].dropna().unique())})" if p.round_col else ""


def area_label(area: str) -> str:
    return {"admin1_pcode": "province (admin1)", "admin2_pcode": "district (admin2)"}.get(area, area)


def rounds(p, df: pd.DataFrame, area: str | None) -> str:
    r = sorted(df[p.round_col].dropna().unique())
    where = f"by {area_label(area)}" if area else "for the whole file"
    return (f"Change in each 0/1 indicator between round {r[0]} and round {r[-1]} {where}, in percentage points, "
            "with a 95% interval for the difference (Newcombe's hybrid score method). `flag` marks a change whose "
            "interval excludes zero after a Bonferroni correction for the number of areas compared, among areas "
            "with at least 5 units in both rounds. Rounds are treated as independent samples, which is "
            "conservative when the same sites were assessed twice.")


def flags(flagged: pd.DataFrame, area: str | None) -> str:
    if flagged.empty:
        return "**No area shows a significant change** between the rounds."
    items = [f"{r['indicator']}: {r['flag']}" + (f" in {r[area]}" if area else "") for _, r in flagged.iterrows()]
    return "**Flagged changes:** " + "; ".join(items) + "."


def survey(summary: dict) -> str:
    design = [f"{summary['units']:,} units"]
    if "n_clusters" in summary:
        design.append(f"{summary['n_clusters']} clusters (`{summary['cluster']}`)")
    if "n_strata" in summary:
        design.append(f"{summary['n_strata']} strata (`{summary['strata']}`)")
    if "sum_of_weights" in summary:
        design.append(f"weights summing to {summary['sum_of_weights']:,}")
    return ("Design-based estimates: " + ", ".join(design) + ". Intervals are linearised (ultimate clusters "
            "within strata, logit scale), as R `survey` and Stata `svy` compute them. `deff` is the design effect "
            "(variance relative to a simple random sample of the same size) and `n_eff` the effective sample "
            "size; the unweighted counts say how many households answered.")


def mse_estimate(est) -> str:
    return (f"**{est.observed:,}** people were seen by at least one of {est.n_lists} lists. The model chosen by "
            f"{est.selection} selection (`{est.model}`) estimates **{est.estimate:,.0f}** people in all (95% interval {est.lower:,.0f} to "
            f"{est.upper:,.0f}), so about {est.estimate - est.observed:,.0f} were seen by no list. The estimate "
            "assumes a closed population and that the model captures how the lists depend on each other; "
            "unmodelled heterogeneity usually biases it downwards.")
