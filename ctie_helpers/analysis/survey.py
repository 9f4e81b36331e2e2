"""Design-based estimates of proportions from complex (stratified, clustered, weighted) surveys.

The estimator is the weighted ratio ``p = Σ w y / Σ w``. Its variance is the standard Taylor
linearisation with the "ultimate cluster" approximation: primary sampling units (clusters) are
treated as drawn with replacement within strata, so for linearised values
``z_i = w_i (y_i − p) / Σ w`` summed to cluster totals ``t_hc``,

    var(p) = Σ_h  n_h/(n_h − 1) Σ_c (t_hc − mean_h t)²,

with ``n_h`` the number of clusters in stratum ``h``. This is what R ``survey`` (``svymean`` with
``ids=~cluster, strata=~stratum, weights=~weight``) and Stata ``svy: mean`` report. Subgroups
(:func:`by_group`) are domains: every cluster of the design stays in the variance, contributing
zero where it has no member of the domain, so a domain's uncertainty is not understated.
A stratum with a single cluster contributes no variance (R's ``survey.lonely.psu = "certainty"``).

``deff`` is the ratio of this variance to that of a simple random sample of the same number of
respondents, ``p(1 − p)/(n − 1)`` (the same ``n/(n − 1)`` convention, so an unweighted,
unclustered sample has ``deff = 1`` exactly); ``n_eff = n / deff``. Intervals use the normal
quantile: ``"logit"`` (default; as R's ``svyciprop(method="logit")``, never leaves [0, 1]),
``"wilson"`` (Wilson score with ``n_eff``), or ``"wald"``. At ``p = 0`` or ``1`` the design
variance is zero and the Wilson interval with ``n`` is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ctie_helpers.analysis._stats import check_probability, wilson_bounds, z_value
from ctie_helpers.errors import BadValueError

__all__ = ["Estimate", "weighted_proportion", "by_group", "icc_anova", "design_estimates", "design_codes", "group_codes"]

_COLUMNS = ["estimate", "se", "lower", "upper", "deff", "n", "n_eff", "sum_weight"]


@dataclass(frozen=True)
class Estimate:
    """A design-based estimate of a proportion."""

    estimate: float
    se: float
    lower: float
    upper: float
    deff: float
    n: int
    n_eff: float


def weighted_proportion(
    df: pd.DataFrame,
    column: str,
    weight: str | None = "weight",
    cluster: str | None = "cluster_id",
    strata: str | None = "stratum",
    alpha: float = 0.05,
    interval: str = "logit",
) -> Estimate:
    """Design-based proportion of ``column == 1`` with its standard error, interval and DEFF.

    ``weight``, ``cluster`` or ``strata`` set to None mean: equal weights, every row its own
    cluster, a single stratum. Missing values in ``column`` (e.g. "not asked") are left out of the
    numerator and denominator but their clusters stay in the design.
    """
    row = by_group(df, column, by=None, weight=weight, cluster=cluster, strata=strata, alpha=alpha,
                   interval=interval).iloc[0]
    return Estimate(float(row["estimate"]), float(row["se"]), float(row["lower"]), float(row["upper"]),
                    float(row["deff"]), int(row["n"]), float(row["n_eff"]))


def by_group(
    df: pd.DataFrame,
    column: str,
    by: str | Sequence[str] | None,
    weight: str | None = "weight",
    cluster: str | None = "cluster_id",
    strata: str | None = "stratum",
    alpha: float = 0.05,
    interval: str = "logit",
) -> pd.DataFrame:
    """:func:`weighted_proportion` for every group of ``by`` at once (domain estimation).

    Returns one row per group: the ``by`` columns then estimate, se, lower, upper, deff, n,
    n_eff and sum_weight (the estimated number of units in the group that answered).
    """
    check_probability("alpha", alpha)
    if interval not in ("logit", "wilson", "wald"):
        raise BadValueError(f"interval must be 'logit', 'wilson' or 'wald', got {interval!r}")
    by = [by] if isinstance(by, str) else list(by or [])
    _require(df, [column, *by, *(c for c in (weight, cluster, strata) if c)])
    y = binary_values(df, column)
    w = _weights(df, weight)
    stratum_code = _codes(df, strata)
    psu_code = _codes(df, cluster, strata_codes=stratum_code)
    codes, keys = group_codes(df, by)
    stats = design_estimates(y, w, codes, len(keys), stratum_code, psu_code, alpha=alpha, interval=interval)
    return pd.concat([keys.reset_index(drop=True), stats], axis=1)[[*by, *_COLUMNS]]


def design_estimates(
    y: np.ndarray,
    w: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    stratum: np.ndarray,
    psu: np.ndarray,
    *,
    alpha: float = 0.05,
    interval: str = "logit",
) -> pd.DataFrame:
    """The array-level engine of :func:`by_group`: one row per group code ``0 .. n_groups-1``.

    ``y`` is 0/1 with NaN for missing, ``group`` is −1 outside every domain, ``stratum`` and
    ``psu`` are integer codes (clusters nested in strata, as :func:`design_codes` builds them).
    """
    stats = _domain_stats(y, w, group, n_groups, stratum, psu)
    stats["lower"], stats["upper"] = _interval(stats, z_value(1 - alpha), interval)
    return stats[_COLUMNS]


def design_codes(df: pd.DataFrame, cluster: str | None, strata: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Integer stratum and cluster codes for the design columns (None: one stratum / row-level units)."""
    _require(df, [c for c in (cluster, strata) if c])
    stratum_code = _codes(df, strata)
    return stratum_code, _codes(df, cluster, strata_codes=stratum_code)


def group_codes(df: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """One integer per row naming its group (−1 where a ``by`` value is missing), and the group keys."""
    # Codes are np.intp (int64 here, int32 in the offline edition's 32-bit browser Python): numpy.bincount
    # refuses int64 there.
    if not by:
        return np.zeros(len(df), dtype=np.intp), pd.DataFrame(index=[0])
    grouped = df.groupby(by, sort=True, observed=True, dropna=True)
    return grouped.ngroup().to_numpy(dtype=np.intp), grouped.size().index.to_frame(index=False)


def _domain_stats(y, w, group, n_groups, stratum, psu) -> pd.DataFrame:
    """Ratio estimate, linearised variance and DEFF for each domain, with no loop over rows."""
    valid = ~np.isnan(y) & (group >= 0)
    g, wv, yv = group[valid], w[valid], y[valid]
    sum_w = np.bincount(g, weights=wv, minlength=n_groups)
    n = np.bincount(g, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.bincount(g, weights=wv * yv, minlength=n_groups) / sum_w
        z = wv * (yv - p[g]) / sum_w[g]
    n_psu = int(psu.max()) + 1 if len(psu) else 0
    # cluster totals of z for every (domain, cluster) pair that has a member of the domain
    key, key_index = pd.factorize(g.astype(np.intp) * n_psu + psu[valid])
    t = np.bincount(key, weights=z)
    t_group = (key_index // n_psu).astype(np.intp)
    t_psu = (key_index % n_psu).astype(np.intp)
    psu_stratum = np.zeros(n_psu, dtype=np.intp)
    psu_stratum[psu] = stratum  # each cluster code sits inside one stratum by construction
    n_h = np.bincount(psu_stratum, minlength=int(stratum.max()) + 1 if len(stratum) else 0).astype(float)
    h = psu_stratum[t_psu]
    n_strata = len(n_h)
    s1 = np.bincount(t_group * n_strata + h, weights=t, minlength=n_groups * n_strata)
    s2 = np.bincount(t_group * n_strata + h, weights=t * t, minlength=n_groups * n_strata)
    nh = np.tile(n_h, n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(nh > 1, nh / (nh - 1) * (s2 - s1**2 / nh), 0.0)
        var = np.clip(v.reshape(n_groups, n_strata).sum(axis=1), 0.0, None)
        var_srs = p * (1 - p) / (n - 1)
        deff = np.where(var_srs > 0, var / var_srs, np.nan)
        n_eff = np.where(deff > 0, n / deff, n)
    return pd.DataFrame({"estimate": p, "se": np.sqrt(var), "deff": deff, "n": n, "n_eff": n_eff,
                         "sum_weight": sum_w})


def _interval(stats: pd.DataFrame, z: float, method: str) -> tuple[np.ndarray, np.ndarray]:
    p, se, n_eff = (stats[c].to_numpy(dtype=float) for c in ("estimate", "se", "n_eff"))
    n = stats["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "logit":
            centre = np.log(p / (1 - p))
            half = z * se / (p * (1 - p))
            lo, hi = 1 / (1 + np.exp(-(centre - half))), 1 / (1 + np.exp(-(centre + half)))
        elif method == "wald":
            lo, hi = np.clip(p - z * se, 0, 1), np.clip(p + z * se, 0, 1)
        else:
            lo, hi = wilson_bounds(p * n_eff, n_eff, z)
    edge = (p == 0) | (p == 1) | ~(se > 0)
    w_lo, w_hi = wilson_bounds(p * n, n, z)
    return np.where(edge, w_lo, lo), np.where(edge, w_hi, hi)


def icc_anova(df: pd.DataFrame, column: str, cluster: str) -> float:
    """Intraclass correlation by the one-way ANOVA estimator.

    ``ICC = (MSB − MSW) / (MSB + (m0 − 1) MSW)`` with ``m0 = (n − Σ n_c²/n)/(C − 1)`` the
    adjusted mean cluster size (unequal clusters). Rows with a missing value are left out.
    Feed it to :func:`ctie_helpers.analysis.sampling.design_effect` to plan the next survey.
    """
    _require(df, [column, cluster])
    y = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    keep = ~np.isnan(y) & df[cluster].notna().to_numpy()
    code, _ = pd.factorize(df[cluster].to_numpy()[keep])
    y = y[keep]
    n, n_c = len(y), np.bincount(code)
    n_clusters = len(n_c)
    if n_clusters < 2 or n <= n_clusters:
        raise BadValueError(f"icc_anova needs at least two clusters in {cluster!r} and more rows than clusters")
    mean_c = np.bincount(code, weights=y) / n_c
    ssb = float(np.sum(n_c * (mean_c - y.mean()) ** 2))
    ssw = float(np.sum((y - mean_c[code]) ** 2))
    msb, msw = ssb / (n_clusters - 1), ssw / (n - n_clusters)
    m0 = (n - np.sum(n_c.astype(float) ** 2) / n) / (n_clusters - 1)
    denom = msb + (m0 - 1) * msw
    return float((msb - msw) / denom) if denom > 0 else float("nan")


def binary_values(df: pd.DataFrame, column: str) -> np.ndarray:
    """A 0/1 column as floats with NaN for missing; ``ValueError`` naming the first bad row."""
    y = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~(np.isnan(y) | (y == 0) | (y == 1)) | (np.isnan(y) & df[column].notna().to_numpy())
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise BadValueError(f"column {column!r} must hold 0/1 (or be missing); row {df.index[i]!r} has {df[column].iloc[i]!r}")
    return y


def _weights(df: pd.DataFrame, weight: str | None) -> np.ndarray:
    if weight is None:
        return np.ones(len(df))
    w = pd.to_numeric(df[weight], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~(np.isfinite(w) & (w > 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise BadValueError(f"weight column {weight!r} must be positive numbers; row {df.index[i]!r} has {df[weight].iloc[i]!r}")
    return w


def _codes(df: pd.DataFrame, column: str | None, strata_codes: np.ndarray | None = None) -> np.ndarray:
    """Integer codes for strata or clusters; clusters are nested in strata (same id, two strata = two PSUs)."""
    if column is None:
        return np.arange(len(df)) if strata_codes is not None else np.zeros(len(df), dtype=np.intp)
    values = df[column]
    if values.isna().any():
        i = int(np.flatnonzero(values.isna().to_numpy())[0])
        raise BadValueError(f"design column {column!r} has a missing value in row {df.index[i]!r}")
    code = pd.factorize(values.to_numpy())[0].astype(np.intp)
    if strata_codes is None:
        return code
    return pd.factorize(strata_codes * (int(code.max()) + 1) + code)[0].astype(np.intp)


def _require(df: pd.DataFrame, columns: Sequence[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise BadValueError(f"expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in dict.fromkeys(columns) if c not in df.columns]
    if missing:
        raise BadValueError(f"column(s) {missing} not found; columns are {list(df.columns)}")
