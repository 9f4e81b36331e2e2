"""The prose of the reports: what each table shows and how to read it, in plain words.

Every sentence is English marked for translation (:mod:`ctie_helpers.i18n`): module constants with ``N_``
and translated where they are shown (``_(LEVELS)``), figures written with the report's language's
separators (:func:`~ctie_helpers.i18n.format_number`).
"""

from __future__ import annotations

import pandas as pd

from ctie_helpers.i18n import N_, _, format_number

__all__ = ["plan", "latest", "area_label", "rounds", "flags", "survey", "mse_estimate", "LEVELS", "AREAS",
           "DISAGGREGATION", "MSE_HISTORIES", "MSE_MODELS"]

LEVELS = N_("Each indicator for the whole file (per round when the file has rounds), grouped by the level of "
            "the socio-ecological model it informs. `with_attribute` / `without_attribute` / `total` count the "
            "units (sites, households, or people for population shares) with and without the attribute; "
            "`percent` is the estimate with its 95% interval (`percent_low`, `percent_high`).")
AREAS = N_("The same indicators by province (admin1) and district (admin2). Small areas have wide intervals: "
           "compare them with care, and read hidden cells as 'too few to publish', not as zero.")
DISAGGREGATION = N_("Each indicator by the disaggregations the registry lists for it and the file carries "
                    "(`dimension`), one row per `group`.")
MSE_HISTORIES = N_("One row per combination of lists (1 = on that list) with the number of people seen by exactly "
                   "that combination. People seen by no list cannot be counted: that is what is estimated below.")
MSE_MODELS = N_("Every Poisson log-linear model looked at, from the independence model (step 0) up. At each step "
                "every pair of lists not yet in the model is tested: `p_value` compares the people seen on both "
                "lists with the number the current model expects (Poisson, smaller tail), and the pair with the "
                "smallest p-value is added (`taken`) if it is below 0.02, the stepwise rule of SparseMSE "
                "(Chan, Silverman & Vincent 2019). An interaction lets two lists depend on each other (referrals "
                "between services, shared visibility); `admissible` is False, with the `reason`, where the "
                "model's estimate does not exist or is not identifiable. AIC and BIC are shown for comparison: "
                "models chosen by them can give quite different totals, a sign of how much the estimate rests "
                "on the model.")


def _n(x: float) -> str:
    return format_number(round(x))


def plan(p, df: pd.DataFrame) -> str:
    """What the file supports, and what it would take to compute the indicators it does not."""
    computed = ", ".join(f"**{i.id}** {i.name}" for i in p.indicators)
    lines = ["## " + _("What this file supports") + "\n\n"
             + _("%(rows)s rows. Indicators computed: %(list)s.") % {"rows": _n(len(df)), "list": computed}]
    if p.round_col:
        lines.append(_("Rounds: %(rounds)s.") % {
            "rounds": ", ".join(str(r) for r in sorted(df[p.round_col].dropna().unique()))})
    if p.weighted:
        design = [_("weights `%(col)s`") % {"col": p.weight}] + (
            [_("clusters `%(col)s`") % {"col": p.cluster}] if p.cluster else []) + (
            [_("strata `%(col)s`") % {"col": p.strata}] if p.strata else [])
        lines.append(_("Survey design: %(design)s.") % {"design": ", ".join(design)})
    missing = [_("%(indicator)s (needs %(columns)s)") % {"indicator": k, "columns": ", ".join(v)}
               for k, v in p.skipped.items()]
    if missing:
        lines.append(_("Not computable from this file: %(list)s.") % {"list": "; ".join(missing)})
    return "\n\n".join(lines)


def latest(p, df: pd.DataFrame) -> str:
    return " " + _("(round %(round)s)") % {"round": max(df[p.round_col].dropna().unique())} if p.round_col else ""


def area_label(area: str) -> str:
    labels = {"admin1_pcode": _("province (admin1)"), "admin2_pcode": _("district (admin2)")}
    return labels.get(area, area)


def rounds(p, df: pd.DataFrame, area: str | None) -> str:
    r = sorted(df[p.round_col].dropna().unique())
    where = _("by %(area)s") % {"area": area_label(area)} if area else _("for the whole file")
    return _("Change in each 0/1 indicator between round %(first)s and round %(last)s %(where)s, in percentage "
             "points, with a 95%% interval for the difference (Newcombe's hybrid score method). `flag` marks a "
             "change whose interval excludes zero after a Bonferroni correction for the number of areas "
             "compared, among areas with at least 5 units in both rounds. Rounds are treated as independent "
             "samples, which is conservative when the same sites were assessed twice.") % {
        "first": r[0], "last": r[-1], "where": where}


def flags(flagged: pd.DataFrame, area: str | None) -> str:
    if flagged.empty:
        return "**" + _("No area shows a significant change") + "** " + _("between the rounds.")
    items = [f"{r['indicator']}: {r['flag']}" + (" " + _("in %(area)s") % {"area": r[area]} if area else "")
             for _i, r in flagged.iterrows()]
    return "**" + _("Flagged changes:") + "** " + "; ".join(items) + "."


def survey(summary: dict) -> str:
    design = [_("%(n)s units") % {"n": _n(summary["units"])}]
    if "n_clusters" in summary:
        design.append(_("%(n)s clusters (`%(col)s`)") % {"n": _n(summary["n_clusters"]), "col": summary["cluster"]})
    if "n_strata" in summary:
        design.append(_("%(n)s strata (`%(col)s`)") % {"n": _n(summary["n_strata"]), "col": summary["strata"]})
    if "sum_of_weights" in summary:
        design.append(_("weights summing to %(n)s") % {"n": _n(summary["sum_of_weights"])})
    return _("Design-based estimates: %(design)s. Intervals are linearised (ultimate clusters within strata, "
             "logit scale), as R `survey` and Stata `svy` compute them. `deff` is the design effect (variance "
             "relative to a simple random sample of the same size) and `n_eff` the effective sample size; the "
             "unweighted counts say how many households answered.") % {"design": ", ".join(design)}


def mse_estimate(est) -> str:
    return _("**%(observed)s** people were seen by at least one of %(lists)s lists. The model chosen by "
             "%(selection)s selection (`%(model)s`) estimates **%(estimate)s** people in all (95%% interval "
             "%(lower)s to %(upper)s), so about %(unseen)s were seen by no list. The estimate assumes a closed "
             "population and that the model captures how the lists depend on each other; unmodelled "
             "heterogeneity usually biases it downwards.") % {
        "observed": _n(est.observed), "lists": est.n_lists, "selection": est.selection, "model": est.model,
        "estimate": _n(est.estimate), "lower": _n(est.lower), "upper": _n(est.upper),
        "unseen": _n(est.estimate - est.observed)}
