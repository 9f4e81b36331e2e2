"""The ``indicators`` template's analysis: registry indicators from an analyst's mapped table.

Which indicators a file supports follows from its columns (:func:`make_plan`); every table is computed
with :mod:`ctie_helpers.analysis` and gated per indicator (:func:`~ctie_helpers.report.publish.gated`)
before anyone sees it. Proportions are shown in percent with 95% intervals: Wilson for the registry's unweighted proportions,
design-based (linearised, with design effects) for its weighted ones when the file has cluster/stratum
columns. The registry's rule decides which, in :func:`~ctie_helpers.analysis.compute_indicator`.
The indicator list is the registry's, adapted from IOM practice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ctie_helpers.analysis import compare_rounds, compute_indicator, flag_changes
from ctie_helpers.content import Indicator, indicators
from ctie_helpers.data.mapping import MappingError, check_values, map_columns, targets
from ctie_helpers.report.publish import Published, combine, gated

__all__ = ["Plan", "make_plan", "prepare", "by_level", "by_area", "disaggregation", "round_change",
           "survey_estimates", "design_summary"]

UNITS = {"sites_assessment": "sites", "household_survey": "households", "flow_monitoring": "respondents",
         "mobility_baseline": "locations"}
AREAS = ("admin1_pcode", "admin2_pcode")
AREA_NAMES = {"admin1_pcode": "admin1_name", "admin2_pcode": "admin2_name"}
COUNTS = ("with_attribute", "without_attribute", "total")
ROUND_COUNTS = ("with_before", "without_before", "with_after", "without_after")


@dataclass(frozen=True)
class Plan:
    """What the file supports: computable indicators, areas, rounds and survey design columns."""

    indicators: tuple[Indicator, ...]
    skipped: dict[str, tuple[str, ...]]
    areas: tuple[str, ...]
    round_col: str | None
    weight: str | None
    cluster: str | None
    strata: str | None
    disaggregations: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def weighted(self) -> bool:
        return self.weight is not None

    def by(self, *cols: str) -> list[str]:
        """The grouping columns of a table: the round first (when the file has several), then ``cols``."""
        return ([self.round_col] if self.round_col else []) + [c for c in cols if c]


def make_plan(df: pd.DataFrame) -> Plan:
    """Decide what the mapped table supports (registry indicators whose input columns are all present)."""
    ok: list[Indicator] = []
    skipped: dict[str, tuple[str, ...]] = {}
    for ind in indicators():
        if not ind.aggregation or not ind.columns:  # no dataset columns: not computable from a table
            continue
        # input_columns include the weight of a weighted_proportion: without it the registry's
        # rule cannot be followed, and an unweighted share would be a different indicator.
        missing = tuple(c for c in ind.input_columns if c not in df.columns)
        (skipped.__setitem__(ind.id, missing) if missing else ok.append(ind))
    rounds = df["round"].dropna().unique() if "round" in df.columns else []
    weight = "weight" if "weight" in df.columns else None
    areas = tuple(a for a in AREAS if a in df.columns)
    dis = {ind.id: tuple(c for c in ind.by_columns if c in df.columns and c not in (*AREAS, "round", "stratum"))
           for ind in ok}
    return Plan(tuple(ok), skipped, areas, "round" if len(rounds) > 1 else None, weight,
                "cluster_id" if weight and "cluster_id" in df.columns else None,
                "stratum" if weight and "stratum" in df.columns else None, dis)


def prepare(df: pd.DataFrame, mapping=None) -> tuple[pd.DataFrame, object]:
    """Map a loaded table to the registry, check its values, and require at least one indicator.

    Raises
    ------
    MappingError
        No registry indicator can be computed; the message says what the closest ones need.
    InputFileError
        An impossible value (negative count, weight <= 0, a 0/1 column holding 2...), naming row and column.
    """
    mapped, used = map_columns(df, mapping)
    check_values(mapped)
    plan = make_plan(mapped)
    if not plan.indicators:
        file_name = Path(df.attrs.get("source", {}).get("file", "table")).name
        tags = targets()
        closest = sorted(plan.skipped.items(), key=lambda kv: len(kv[1]))[:4]
        lines = [f"{i} needs " + ", ".join(f"'{c}'" + (f" (HXL {tags[c][0]})" if tags.get(c) else "") for c in cols)
                 for i, cols in closest]
        raise MappingError(f"{file_name}: no registry indicator can be computed from its columns "
                           f"({', '.join(map(str, df.columns))}). For example: " + " | ".join(lines) +
                           ". Tag or rename the columns, or pass --mapping FILE.", dict(plan.skipped))
    return mapped, used


# --- estimates ------------------------------------------------------------------------------------------

def _estimate(df: pd.DataFrame, ind: Indicator, by: list[str], plan: Plan) -> pd.DataFrame:
    """One indicator for every group of ``by``: the ``by`` columns, counts, percent and interval (and deff).

    The registry's rule decides the computation (:func:`~ctie_helpers.analysis.compute_indicator`, the one
    engine the dashboard uses too); this only lays the result out for the report and its gate.
    """
    res = compute_indicator(df, ind, by=by)
    if ind.aggregation == "count":
        out = res[by].assign(with_attribute=np.nan, without_attribute=np.nan, total=res["value"],
                             percent=np.nan, percent_low=np.nan, percent_high=np.nan)
    elif "n_with" in res:  # a share of units with a 0/1 attribute: the gate counts units, unweighted
        out = res[by].assign(with_attribute=res["n_with"], without_attribute=res["n"] - res["n_with"],
                             total=res["n"], percent=100 * res["value"], percent_low=100 * res["lower"],
                             percent_high=100 * res["upper"])
        if "deff" in res:
            out["deff"] = res["deff"].round(2)
    else:  # a ratio of two counts (people among people): sums of counts, never a mean of row shares
        scale = 100 if ind.aggregation in ("proportion", "weighted_proportion") else 1
        out = res[by].assign(with_attribute=res["numerator"], total=res["denominator"],
                             without_attribute=res["denominator"] - res["numerator"],
                             percent=scale * res["value"], percent_low=scale * res["lower"],
                             percent_high=scale * res["upper"])
    # People ratios (UASC among residents) are small shares: one decimal would flatten them all to 0.5%.
    digits = 2 if ind.denominator_column else 1
    for c in ("percent", "percent_low", "percent_high"):
        out[c] = out[c].clip(lower=0).round(digits)
    out = out[[*by, *COUNTS, "percent", "percent_low", "percent_high", *(["deff"] if "deff" in out else [])]]
    out = out[(out["total"] > 0) | out["total"].isna()] if ind.aggregation != "count" else out
    return out.reset_index(drop=True)


def _label(ind: Indicator) -> dict:
    return {"level": ind.level, "category": ind.category, "indicator": ind.id, "indicator_name": ind.name,
            "unit": "people" if ind.denominator_column or ind.aggregation == "count"
            else UNITS.get(ind.dataset or "", "records")}


def _gate(table: pd.DataFrame, name: str, counts: Sequence[str] = COUNTS) -> Published:
    # Registry names are the report's own text, not the analyst's: vouch for them.
    return gated(table, name, counts, withhold=("deff",), keep=("indicator_name",))


def by_level(df: pd.DataFrame, plan: Plan) -> Published:
    """Every computable indicator for the whole file (per round), ordered by framework level."""
    order = {lv: i for i, lv in enumerate(("individual", "household", "community", "structural"))}
    parts = []
    for ind in sorted(plan.indicators, key=lambda i: (order.get(i.level, 9), i.id)):
        est = _estimate(df, ind, plan.by(), plan)
        parts.append(_gate(pd.DataFrame({**_label(ind)}, index=est.index).join(est), ind.id))
    return combine(parts, "indicators_by_level")


def _with_names(df: pd.DataFrame, table: pd.DataFrame, area: str) -> pd.DataFrame:
    name = AREA_NAMES.get(area)
    if name and name in df.columns:
        names = df[[area, name]].dropna().drop_duplicates(area).set_index(area)[name]
        table.insert(table.columns.get_loc(area) + 1, name, table[area].map(names))
    return table


def by_area(df: pd.DataFrame, plan: Plan, area: str) -> Published:
    """Every computable indicator by ``area`` (admin1 or admin2 P-code), gated one indicator at a time."""
    parts = []
    for ind in plan.indicators:
        est = _with_names(df, _estimate(df, ind, plan.by(area), plan), area)
        lab = _label(ind)
        est.insert(0, "indicator", ind.id)
        est.insert(1, "unit", lab["unit"])
        parts.append(_gate(est, ind.id))
    return combine(parts, f"indicators_by_{area.removesuffix('_pcode')}")


def disaggregation(df: pd.DataFrame, plan: Plan) -> Published:
    """Each indicator by each of its registry disaggregations present in the file (sex of head, site type...)."""
    parts = []
    for ind in plan.indicators:
        for dim in plan.disaggregations.get(ind.id, ()):
            est = _estimate(df, ind, plan.by(dim), plan).rename(columns={dim: "group"})
            est.insert(0, "indicator", ind.id)
            est.insert(1, "dimension", dim)
            parts.append(_gate(est, f"{ind.id}_{dim}"))
    return combine(parts, "indicators_disaggregated")


def _binary(plan: Plan) -> list[Indicator]:
    """Indicators that are shares of units with a 0/1 attribute (the ones rounds and designs apply to)."""
    return [i for i in plan.indicators
            if i.aggregation in ("proportion", "weighted_proportion") and not i.denominator_column]


def _weight(ind: Indicator, plan: Plan) -> str | None:
    """The weight the registry's rule asks for: only ``weighted_proportion`` indicators are weighted."""
    return plan.weight if ind.aggregation == "weighted_proportion" else None


def _flagged(df: pd.DataFrame, cols: list[str], by: list[str], weight: str | None,
             cmp: pd.DataFrame, plan: Plan) -> np.ndarray:
    if not by:
        return cmp["significant"].to_numpy(dtype=bool)
    # Bonferroni across areas: with 14 districts and alpha 0.05, one false alarm per indicator otherwise.
    hits = flag_changes(df, cols, by=by, round_col=plan.round_col, direction="both", adjust="bonferroni",
                        weight=weight)
    keys = set(hits[by].itertuples(index=False, name=None))
    return np.array([k in keys for k in cmp[by].itertuples(index=False, name=None)], dtype=bool)


def round_change(df: pd.DataFrame, plan: Plan, area: str | None) -> tuple[Published, pd.DataFrame]:
    """Change between the first and last round per area, with the areas flagged (Bonferroni across areas).

    Returns the gated table and the flagged rows (indicator, area, flag); a flag is published even where a
    small count is hidden, since "a significant rise here" gives no count away.
    """
    by = [area] if area else []
    present = sorted(df[plan.round_col].dropna().unique())
    first, last = present[0], present[-1]
    parts, flags = [], []
    for ind in _binary(plan):
        cols = list(ind.columns)
        cmp = compare_rounds(df, cols, round_col=plan.round_col, by=by, rounds=(first, last),
                            weight=_weight(ind, plan))
        table = cmp[by].copy()
        for side, rnd in (("before", first), ("after", last)):  # unweighted counts of units, for the gate
            c = compute_indicator(df[df[plan.round_col] == rnd], cols, "proportion", by=by)
            if by:
                c = c.set_index(by).reindex(cmp.set_index(by).index)
            table[f"with_{side}"] = c["numerator"].to_numpy()
            table[f"without_{side}"] = (c["n"] - c["numerator"]).to_numpy()
        table = table.assign(pct_before=(100 * cmp["p_before"]).round(1), pct_after=(100 * cmp["p_after"]).round(1),
                             pct_change=(100 * cmp["change"]).round(1), pct_change_low=(100 * cmp["lower"]).round(1),
                             pct_change_high=(100 * cmp["upper"]).round(1))
        hit = _flagged(df, cols, by, _weight(ind, plan), cmp, plan)
        table["flag"] = np.where(hit, np.where(cmp["change"] > 0, "increase", "decrease"), "")
        flags += [{"indicator": ind.id, **row} for row in table.loc[hit, [*by, "flag"]].to_dict("records")]
        if area:
            table = _with_names(df, table, area)
        table.insert(0, "indicator", ind.id)
        parts.append(gated(table, ind.id, ROUND_COUNTS))
    return combine(parts, "round_change"), pd.DataFrame(flags, columns=["indicator", *by, "flag"])


def survey_estimates(df: pd.DataFrame, plan: Plan) -> Published:
    """Design-based estimates for the whole file: percent, 95% interval, design effect, effective n."""
    parts = []
    for ind in _binary(plan):
        est = _estimate(df, ind, plan.by(), plan)
        if "deff" in est:
            est["n_eff"] = (est["total"] / est["deff"]).round(0)
        est.insert(0, "indicator", ind.id)
        est.insert(1, "indicator_name", ind.name)
        parts.append(gated(est, ind.id, COUNTS, withhold=("deff", "n_eff"), keep=("indicator_name",)))
    return combine(parts, "survey_estimates")


def design_summary(df: pd.DataFrame, plan: Plan) -> dict[str, object]:
    """Numbers that describe the survey design: units, clusters, strata, sum of weights."""
    out: dict[str, object] = {"units": len(df), "weight": plan.weight, "cluster": plan.cluster, "strata": plan.strata}
    if plan.weight:
        out["sum_of_weights"] = round(float(pd.to_numeric(df[plan.weight]).sum()))
    if plan.cluster:
        out["n_clusters"] = int(df[plan.cluster].nunique())
    if plan.strata:
        out["n_strata"] = int(df[plan.strata].nunique())
    return out
