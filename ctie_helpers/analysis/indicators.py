"""Indicators from tabular data: proportions, counts, rates and means, disaggregated, and change
between assessment rounds (brief 6.2, 6.5).

Everything is computed with one ``groupby`` code per row and ``numpy.bincount`` sums, so a
1,000,000-row household file takes well under a second and needs a handful of float arrays of the
data's length, never a copy of the frame.

Aggregations
------------
``proportion``
    share of rows with the (0/1) column equal to 1 among rows where it is not missing; with
    several columns, the composite "any yes" (brief 6.3). Interval: Wilson with the Kish effective
    sample size ``(Σw)²/Σw²`` (``= n`` unweighted); design-based (:mod:`.survey`) when ``cluster``
    or ``strata`` is given.
``count``
    (weighted) total of one numeric column; no interval.
``rate``
    ``per × Σ w·numerator / Σ w·denominator`` for two columns (e.g. ``uasc_count``,
    ``pop_children``); normal interval from the linearised variance of a ratio, rows as units.
``mean``
    (weighted) mean of one numeric column; normal interval from its linearised variance.

Given a registry indicator (and no explicit ``aggregation``), the registry's own rule decides the
computation (:mod:`.rules`): ``weighted_proportion`` uses the design weight, ``proportion`` never does,
a ``proportion`` with a ``denominator_column`` is a ratio of sums, ``count`` with no column counts rows,
``rate`` takes its multiplier from the unit. This is the one indicator engine: the report, the
indicator dashboard and the course all call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ctie_helpers.analysis._stats import check_probability, normal_sf, wilson_bounds, z_value
from ctie_helpers.analysis.rules import resolve
from ctie_helpers.analysis.survey import (
    _require,
    _weights,
    binary_values,
    design_codes,
    design_estimates,
    group_codes,
)
from ctie_helpers.errors import BadValueError

__all__ = ["compute_indicator", "compare_rounds", "flag_changes"]

_ALIASES = {
    "proportion": "proportion", "percent": "proportion", "percentage": "proportion", "share": "proportion",
    "count": "count", "sum": "count", "total": "count",
    "rate": "rate", "ratio": "rate",
    "mean": "mean", "average": "mean",
    # the registry's name for survey proportions: a proportion with the design weight (see below)
    "weighted_proportion": "proportion",
}
RESULT_COLUMNS = ["indicator", "aggregation", "value", "numerator", "denominator", "n", "lower", "upper"]


def compute_indicator(
    df: pd.DataFrame,
    columns: str | Sequence[str] | Any,
    aggregation: str | None = None,
    weight: str | None = None,
    by: str | Sequence[str] | None = None,
    *,
    alpha: float = 0.05,
    per: float = 1.0,
    name: str | None = None,
    cluster: str | None = None,
    strata: str | None = None,
) -> pd.DataFrame:
    """Compute one indicator, overall or for every group of ``by``.

    Parameters
    ----------
    df
        The data, one row per unit (household, site, respondent...).
    columns
        Column name(s), or an indicator object with ``.columns`` and ``.aggregation`` attributes
        (as in the registry of ``ctie_helpers.content``; its ``id`` or ``name`` labels the result).
    aggregation
        ``"proportion"``, ``"count"``, ``"rate"`` or ``"mean"`` (see the module docstring). Leave it
        out for a registry indicator: its rule (:mod:`.rules`) then decides weight, design and ratio.
    weight, by
        Optional weight column; column(s) to disaggregate by.
    alpha, per, name
        One minus the confidence level; multiplier for rates (e.g. 1000); label for the result.
    cluster, strata
        Design columns: give them for design-based intervals of a proportion.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then indicator, aggregation, value, numerator, denominator, n, lower,
        upper; for proportions of units also ``n_with`` (units with the attribute, unweighted: the
        count a safeguards gate checks), and deff for design-based ones. Proportions are fractions.
    """
    by = [by] if isinstance(by, str) else list(by or [])
    if aggregation is None and _is_indicator(columns):
        # A registry indicator: its own rule decides weight, design, ratio and multiplier (rules.py).

        rule = resolve(columns, list(df.columns), by, weight=weight, cluster=cluster, strata=strata,
                       per=None if per == 1.0 else per)
        name = name or getattr(columns, "id", None) or getattr(columns, "name", None)
        columns, aggregation, weight, cluster, strata, per = (
            list(rule.columns), rule.aggregation, rule.weight, rule.cluster, rule.strata, rule.per)
        if not columns and aggregation == "count":
            return _row_count(df, by, name or "rows")
    requested = aggregation
    columns, aggregation, name = _resolve(columns, aggregation, name)
    if str(requested).lower() == "weighted_proportion" and weight is None:
        # A survey indicator without an explicit weight: use the survey's design weight
        # rather than silently computing an unweighted share.
        if "weight" not in df.columns:
            raise BadValueError("a weighted proportion needs a weight column: pass weight=... "
                             "(the table has no column named 'weight')")
        weight = "weight"
    check_probability("alpha", alpha)
    _require(df, [*columns, *by, *(c for c in (weight, cluster, strata) if c)])
    codes, keys = group_codes(df, by)
    w = _weights(df, weight)
    z = z_value(1 - alpha)
    if aggregation == "proportion":
        y = _any_yes(df, columns)
        if cluster or strata:
            stratum_code, psu_code = design_codes(df, cluster, strata)
            res = design_estimates(y, w, codes, len(keys), stratum_code, psu_code, alpha=alpha)
            out = _sums(codes, len(keys), y, w)
            out["value"], out["lower"], out["upper"], out["deff"] = (
                res["estimate"].to_numpy(), res["lower"].to_numpy(), res["upper"].to_numpy(), res["deff"].to_numpy())
        else:
            out = _sums(codes, len(keys), y, w)
            out["value"] = out["numerator"] / out["denominator"]
            out["lower"], out["upper"] = wilson_bounds(out["value"] * out["n_eff"], out["n_eff"], z)
        # Units with the attribute, unweighted: what a safeguards gate counts, whatever the weights.
        out["n_with"] = np.bincount(codes[~np.isnan(y) & (codes >= 0)], weights=y[~np.isnan(y) & (codes >= 0)],
                                    minlength=len(keys)) if weight else out["numerator"]
    elif aggregation in ("count", "mean"):
        if len(columns) != 1:
            raise BadValueError(f"aggregation {aggregation!r} takes one column, got {columns}")
        y = _numeric(df, columns[0])
        out = _sums(codes, len(keys), y, w)
        if aggregation == "count":
            out["value"], out["denominator"], out["lower"], out["upper"] = out["numerator"], np.nan, np.nan, np.nan
        else:
            out["value"] = out["numerator"] / out["denominator"]
            se = _linearised_se(codes, len(keys), y, np.ones_like(y), w, out["value"].to_numpy(),
                                out["denominator"].to_numpy())
            out["lower"], out["upper"] = out["value"] - z * se, out["value"] + z * se
    else:  # rate
        if len(columns) != 2:
            raise BadValueError(f"aggregation 'rate' takes two columns (numerator, denominator), got {columns}")
        num, den = _numeric(df, columns[0]), _numeric(df, columns[1])
        both = ~(np.isnan(num) | np.isnan(den))
        num, den = np.where(both, num, np.nan), np.where(both, den, np.nan)
        out = _sums(codes, len(keys), num, w)
        out["denominator"] = _sums(codes, len(keys), den, w)["numerator"]
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = (out["numerator"] / out["denominator"]).to_numpy()
        se = _linearised_se(codes, len(keys), num, den, w, ratio, out["denominator"].to_numpy())
        out["value"], out["lower"], out["upper"] = per * ratio, per * (ratio - z * se), per * (ratio + z * se)
    out["indicator"], out["aggregation"] = name, aggregation
    extra = [c for c in ("n_with", "deff") if c in out]
    return pd.concat([keys.reset_index(drop=True), out[RESULT_COLUMNS + extra]], axis=1)


def compare_rounds(
    df: pd.DataFrame,
    column: str | Sequence[str],
    round_col: str = "round",
    by: str | Sequence[str] | None = None,
    rounds: tuple[Any, Any] | None = None,
    weight: str | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Change in a proportion between two rounds, per group, with an interval for the difference.

    The interval is Newcombe's (1998, method 10) hybrid score interval built from the two Wilson
    intervals (Kish effective sizes when weighted): good at small n and near 0 or 1, where the
    Wald interval fails. ``p_value`` is the pooled two-proportion z-test. Rounds are treated as
    independent samples; for the same sites re-assessed this is conservative.
    ``significant`` means the interval excludes 0.
    """
    check_probability("alpha", alpha)
    by = [by] if isinstance(by, str) else list(by or [])
    columns = [column] if isinstance(column, str) else list(column)
    _require(df, [*columns, round_col, *by, *([weight] if weight else [])])
    present = pd.unique(df[round_col].dropna())
    before, after = rounds if rounds is not None else (np.min(present), np.max(present))
    if before not in present or after not in present or before == after:
        raise BadValueError(f"{round_col!r} must hold two different rounds {before!r} and {after!r}; found {sorted(present)}")
    z = z_value(1 - alpha)
    y, w = _any_yes(df, columns), _weights(df, weight)
    side = df[round_col].to_numpy()
    codes, keys = group_codes(df, by)
    parts = {}
    for label, value in (("before", before), ("after", after)):
        mask = side == value
        s = _sums(np.where(mask, codes, -1), len(keys), y, w)
        p = (s["numerator"] / s["denominator"]).to_numpy()
        lo, hi = wilson_bounds(p * s["n_eff"].to_numpy(), s["n_eff"].to_numpy(), z)
        parts[label] = (p, s["n"].to_numpy(), s["n_eff"].to_numpy(), lo, hi)
    p1, n1, e1, l1, u1 = parts["before"]
    p2, n2, e2, l2, u2 = parts["after"]
    d = p2 - p1
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (p1 * e1 + p2 * e2) / (e1 + e2)
        stat = d / np.sqrt(pooled * (1 - pooled) * (1 / e1 + 1 / e2))
    p_value = np.where(d == 0, 1.0, 2 * normal_sf(np.abs(stat)))
    out = keys.reset_index(drop=True).assign(
        p_before=p1, p_after=p2, n_before=n1, n_after=n2, change=d,
        lower=d - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2),
        upper=d + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2),
        p_value=p_value,
    )
    out["significant"] = (out["lower"] > 0) | (out["upper"] < 0)
    return out


def flag_changes(
    df: pd.DataFrame,
    column: str | Sequence[str],
    by: str | Sequence[str],
    round_col: str = "round",
    direction: str = "increase",
    alpha: float = 0.05,
    adjust: str | None = None,
    min_n: int = 5,
    weight: str | None = None,
) -> pd.DataFrame:
    """Areas where the proportion changed significantly between the first and last round.

    ``direction`` is ``"increase"``, ``"decrease"`` or ``"both"``. ``adjust="bonferroni"`` divides
    ``alpha`` by the number of areas compared (fewer false alarms among many districts, at the cost
    of missing smaller changes). Areas with fewer than ``min_n`` units in either round are not
    flagged. Returns the rows of :func:`compare_rounds` that qualify, largest change first.
    """
    if direction not in ("increase", "decrease", "both"):
        raise BadValueError(f"direction must be 'increase', 'decrease' or 'both', got {direction!r}")
    if adjust not in (None, "bonferroni"):
        raise BadValueError(f"adjust must be None or 'bonferroni', got {adjust!r}")
    table = compare_rounds(df, column, round_col=round_col, by=by, weight=weight, alpha=alpha)
    eligible = (table["n_before"] >= min_n) & (table["n_after"] >= min_n)
    if adjust == "bonferroni" and eligible.sum() > 1:
        table = compare_rounds(df, column, round_col=round_col, by=by, weight=weight,
                               alpha=alpha / int(eligible.sum()))
    keep = eligible & table["significant"]
    if direction == "increase":
        keep &= table["change"] > 0
    elif direction == "decrease":
        keep &= table["change"] < 0
    return table[keep].sort_values("change", key=np.abs, ascending=False).reset_index(drop=True)


def _sums(codes, n_groups, y, w) -> pd.DataFrame:
    valid = ~np.isnan(y) & (codes >= 0)
    if valid.all():  # the common case: no masked copies of million-row arrays
        g, wv, yv = codes, w, y
    else:
        g, wv, yv = codes[valid], w[valid], y[valid]
    sw = np.bincount(g, weights=wv, minlength=n_groups)
    sw2 = np.bincount(g, weights=np.square(wv), minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = sw**2 / sw2
    return pd.DataFrame({
        "numerator": np.bincount(g, weights=np.multiply(wv, yv), minlength=n_groups),
        "denominator": sw, "n": np.bincount(g, minlength=n_groups), "n_eff": n_eff,
    })


def _linearised_se(codes, n_groups, y, x, w, ratio, x_total) -> np.ndarray:
    """SE of the ratio ``Σwy/Σwx`` per group, rows as independent units: ``√(n/(n−1) Σe²)/X``."""
    valid = ~(np.isnan(y) | np.isnan(x)) & (codes >= 0)
    g = codes[valid]
    e = w[valid] * (y[valid] - ratio[g] * x[valid])
    n = np.bincount(g, minlength=n_groups).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(n / (n - 1) * np.bincount(g, weights=e * e, minlength=n_groups)) / x_total


def _any_yes(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    values = np.column_stack([binary_values(df, c) for c in columns])
    if values.shape[1] == 1:
        return values[:, 0]
    all_missing = np.isnan(values).all(axis=1)
    return np.where(all_missing, np.nan, np.nanmax(np.where(np.isnan(values), -1.0, values), axis=1))


def _numeric(df: pd.DataFrame, column: str) -> np.ndarray:
    y = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(y) & df[column].notna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise BadValueError(f"column {column!r} must be numeric; row {df.index[i]!r} has {df[column].iloc[i]!r}")
    return y


def _is_indicator(obj) -> bool:
    return hasattr(obj, "columns") and hasattr(obj, "aggregation") and not isinstance(obj, pd.DataFrame)


def _row_count(df: pd.DataFrame, by: list[str], name: str) -> pd.DataFrame:
    """``count`` with no column: the number of rows (records) per group."""
    _require(df, by)
    codes, keys = group_codes(df, by)
    n = np.bincount(codes[codes >= 0], minlength=len(keys)).astype(float)
    out = pd.DataFrame({"indicator": name, "aggregation": "count", "value": n, "numerator": n,
                        "denominator": np.nan, "n": n.astype(int), "lower": np.nan, "upper": np.nan})
    return pd.concat([keys.reset_index(drop=True), out[RESULT_COLUMNS]], axis=1)


def _resolve(columns, aggregation, name) -> tuple[list[str], str, str]:
    if hasattr(columns, "columns") and hasattr(columns, "aggregation"):
        obj = columns
        columns = obj.columns
        aggregation = aggregation or obj.aggregation
        name = name or getattr(obj, "id", None) or getattr(obj, "name", None)
    columns = [columns] if isinstance(columns, str) else list(columns)
    if not columns:
        raise BadValueError("columns must name at least one column")
    if aggregation is None:
        raise BadValueError("aggregation is required: 'proportion', 'count', 'rate' or 'mean'")
    if str(aggregation).lower() not in _ALIASES:
        raise BadValueError(f"aggregation must be 'proportion', 'count', 'rate' or 'mean', got {aggregation!r}")
    return columns, _ALIASES[str(aggregation).lower()], name or "+".join(columns)
