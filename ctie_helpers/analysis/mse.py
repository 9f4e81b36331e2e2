"""Population-size estimation from overlapping lists (multiple systems estimation, MSE).

Brief 3.4: MSE uses the overlap between lists of known cases (police, NGO shelters, hotlines,
health services...) to estimate how many cases no list saw, the "dark figure".

Estimators
----------
Two lists
    :func:`lincoln_petersen` ``N = n1 n2 / m`` (400 and 300 with 60 on both give 2,000) and
    :func:`chapman` ``(n1 + 1)(n2 + 1)/(m + 1) - 1``, less biased when the overlap is small.
    :func:`two_list_interval` gives Chao's (1987) log-normal interval around either. With two lists
    the Poisson independence model below reproduces Lincoln–Petersen exactly.
Three or more lists (and two)
    Poisson log-linear models for the ``2**k - 1`` observable capture histories, fitted by IRLS
    (:mod:`._loglinear`). The unobserved all-zero cell is predicted by the intercept, so
    ``N = observed + exp(b0)``.

Model choice (``model="auto"``)
    Forward selection by AIC over two-way list interactions: start from the independence model;
    at each step fit every admissible model that adds one more interaction and keep the one with
    the lowest AIC; stop when no addition lowers AIC. Every model fitted on the way is reported in
    ``models_compared``. A model is *admissible* only if (1) each interaction it contains joins
    two lists that share at least ``min_overlap`` records (sparse overlaps make the dark figure
    unstable: Chan, Silverman & Vincent 2019), (2) it leaves at least one residual degree of
    freedom (a saturated model reproduces the data exactly and its prediction of the unseen cell
    cannot be checked against anything), and (3) IRLS converges to finite parameters with a
    well-conditioned information matrix. With two lists only the independence model exists.

Interval
    95% (``1 - alpha``) interval by the delta method on the log scale of the unobserved count:
    ``f0 = exp(b0)``, ``[observed + exp(b0 - z se), observed + exp(b0 + z se)]`` with ``se`` the
    model-based standard error of the intercept. It is conditional on the observed total, never
    extends below it, and is asymmetric as the uncertainty about a count should be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from ctie_helpers.analysis._loglinear import LogLinearFit, all_histories, design_matrix, fit_poisson
from ctie_helpers.analysis._stats import check_probability, z_value
from ctie_helpers.errors import BadValueError

__all__ = ["PopulationEstimate", "estimate_population", "lincoln_petersen", "chapman", "two_list_interval"]

METHOD_LOGLINEAR = (
    "Poisson log-linear model fitted by IRLS; N = observed + exp(intercept); "
    "interval: delta method on log(unobserved count)"
)
METHOD_CHAPMAN = "Chapman estimator; interval: Chao (1987) log-normal"


@dataclass(frozen=True, eq=False)
class PopulationEstimate:
    """Estimated population size with its interval and the models considered."""

    estimate: float
    lower: float
    upper: float
    model: str
    observed: int
    n_lists: int
    models_compared: pd.DataFrame = field(repr=False)
    method: str = METHOD_LOGLINEAR

    @property
    def unobserved(self) -> float:
        """Estimated number of cases on no list (the dark figure)."""
        return self.estimate - self.observed


def lincoln_petersen(n1: float, n2: float, m: float) -> float:
    """Lincoln–Petersen estimate ``n1 * n2 / m`` of a population seen by two lists.

    >>> lincoln_petersen(400, 300, 60)
    2000.0
    """
    n1, n2, m = _check_two_list(n1, n2, m)
    if m == 0:
        raise BadValueError("m (records on both lists) is 0: Lincoln–Petersen is undefined; try chapman()")
    return n1 * n2 / m


def chapman(n1: float, n2: float, m: float) -> float:
    """Chapman's nearly unbiased estimate ``(n1 + 1)(n2 + 1)/(m + 1) - 1``.

    >>> round(chapman(400, 300, 60), 2)
    1977.7
    """
    n1, n2, m = _check_two_list(n1, n2, m)
    return (n1 + 1) * (n2 + 1) / (m + 1) - 1


def two_list_interval(
    n1: float, n2: float, m: float, *, estimator: str = "chapman", alpha: float = 0.05
) -> tuple[float, float]:
    """Chao's (1987) log-normal interval for a two-list estimate.

    Uses Seber's variance of the Chapman estimator,
    ``(n1+1)(n2+1)(n1-m)(n2-m) / ((m+1)**2 (m+2))``, and the unobserved count
    ``f0 = N - (n1 + n2 - m)``: ``[r + f0/C, r + f0*C]`` with ``C = exp(z sqrt(log(1 + var/f0**2)))``.
    """
    n1, n2, m = _check_two_list(n1, n2, m)
    if estimator not in ("chapman", "lincoln_petersen"):
        raise BadValueError(f"estimator must be 'chapman' or 'lincoln_petersen', got {estimator!r}")
    n_hat = chapman(n1, n2, m) if estimator == "chapman" else lincoln_petersen(n1, n2, m)
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    r = n1 + n2 - m
    f0 = n_hat - r
    if f0 <= 0 or var <= 0:
        return (float(r), float(r))
    c = np.exp(z_value(1 - alpha) * np.sqrt(np.log(1 + var / f0**2)))
    return (float(r + f0 / c), float(r + f0 * c))


def _check_two_list(n1: float, n2: float, m: float) -> tuple[float, float, float]:
    vals = {"n1": n1, "n2": n2, "m": m}
    for name, v in vals.items():
        if not np.isfinite(v) or v < 0:
            raise BadValueError(f"{name} must be a non-negative number, got {v!r}")
    if m > min(n1, n2):
        raise BadValueError(f"m ({m}) cannot exceed the size of either list (n1={n1}, n2={n2})")
    return float(n1), float(n2), float(m)


def estimate_population(
    table: pd.DataFrame,
    count: str = "count",
    lists: list[str] | None = None,
    model: str | list = "auto",
    alpha: float = 0.05,
    min_overlap: int = 5,
) -> PopulationEstimate:
    """Estimate the size of a population from a capture-history table.

    Parameters
    ----------
    table
        One 0/1 column per list and a count column. Histories never observed may be absent;
        repeated histories are summed. The all-zero history may appear only with count 0.
    count
        Name of the count column.
    lists
        List columns, in order; default every column except ``count``.
    model
        ``"auto"`` (AIC forward selection, see the module docstring), ``"independence"``,
        ``"chapman"`` (two lists only), or the two-way interactions to include, as pairs
        ``[("list_a", "list_b")]`` or strings ``"list_a:list_b + list_b:list_c"``.
    alpha
        One minus the interval's confidence level.
    min_overlap
        Smallest number of shared records for an interaction to be admissible in ``"auto"``.

    Returns
    -------
    PopulationEstimate

    Raises
    ------
    ValueError
        Naming the column and row of any malformed entry, or when the data cannot identify N.
    """
    check_probability("alpha", alpha)
    names, y = _tabulate(table, count, lists)
    k = len(names)
    hist = all_histories(k)
    observed = int(round(y.sum()))
    z = z_value(1 - alpha)

    if model == "chapman":
        if k != 2:
            raise BadValueError(f"model='chapman' needs exactly two lists; this table has {k}")
        n1, n2, m = _two_list_margins(hist, y)
        est = chapman(n1, n2, m)
        lo, hi = two_list_interval(n1, n2, m, alpha=alpha)
        row = {"model": "chapman", "n_params": 3, "df_resid": 0, "deviance": 0.0, "aic": np.nan,
               "estimate": est, "lower": lo, "upper": hi, "admissible": True, "reason": "", "chosen": True}
        return PopulationEstimate(est, lo, hi, "chapman", observed, k, pd.DataFrame([row]), METHOD_CHAPMAN)

    if k == 2:
        _, _, m = _two_list_margins(hist, y)
        if m == 0:
            raise BadValueError(f"lists {names[0]!r} and {names[1]!r} share no records: the overlap is what "
                             "MSE learns from, so the population size cannot be estimated")

    if model == "auto":
        rows, best = _forward_select(hist, y, names, min_overlap, z, observed)
    else:
        pairs = [] if model == "independence" else _parse_interactions(model, names)
        fit = fit_poisson(design_matrix(hist, pairs), y)
        if not fit.converged:
            raise BadValueError(f"model {_label(pairs, names)!r} did not converge: an interaction joins lists "
                             "with too few shared records, or the unobserved cell is not identifiable")
        if fit.df_resid < 0:
            raise BadValueError(f"model {_label(pairs, names)!r} has more parameters than observable histories")
        best = _summary(fit, pairs, names, z, observed, admissible=True, reason="")
        rows = [best]
    for r in rows:
        r["chosen"] = r is best
    compared = pd.DataFrame(rows).drop(columns=["_pairs"])
    if k == 2 and best["_pairs"] == []:
        # The two-list independence model is Lincoln–Petersen; use the closed form so the textbook
        # answer comes out exactly (IRLS agrees to ~1e-12).
        n1, n2, m = _two_list_margins(hist, y)
        best = dict(best, estimate=lincoln_petersen(n1, n2, m))
        compared.loc[compared["chosen"], "estimate"] = best["estimate"]
    return PopulationEstimate(
        float(best["estimate"]), float(best["lower"]), float(best["upper"]),
        best["model"], observed, k, compared, METHOD_LOGLINEAR,
    )


def _forward_select(hist, y, names, min_overlap, z, observed):
    k = len(names)
    overlap = {(i, j): float(y[(hist[:, i] == 1) & (hist[:, j] == 1)].sum()) for i, j in combinations(range(k), 2)}
    base_fit = fit_poisson(design_matrix(hist, []), y)
    if not base_fit.converged:
        raise BadValueError("the independence model did not converge: check that the lists overlap")
    best = _summary(base_fit, [], names, z, observed, admissible=True, reason="")
    rows = [best]
    while True:
        step_best = None
        for pair in combinations(range(k), 2):
            if pair in best["_pairs"]:
                continue
            pairs = [*best["_pairs"], pair]
            if 1 + k + len(pairs) > len(y):
                continue  # more parameters than observable histories: not even a candidate
            fit = fit_poisson(design_matrix(hist, pairs), y)
            reason = ""
            if overlap[pair] < min_overlap:
                reason = f"{names[pair[0]]} and {names[pair[1]]} share {overlap[pair]:g} < {min_overlap} records"
            elif fit.df_resid < 1:
                reason = "saturated: no residual degrees of freedom"
            elif not fit.converged:
                reason = "did not converge to finite parameters"
            row = _summary(fit, pairs, names, z, observed, admissible=not reason, reason=reason)
            rows.append(row)
            if not reason and row["aic"] < (step_best or best)["aic"]:
                step_best = row
        if step_best is None:
            return rows, best
        best = step_best


def _summary(fit: LogLinearFit, pairs, names, z, observed, *, admissible, reason) -> dict:
    b0 = fit.params[0]
    se = float(np.sqrt(fit.cov[0, 0])) if np.isfinite(fit.cov[0, 0]) and fit.cov[0, 0] >= 0 else np.nan
    return {
        "model": _label(pairs, names), "n_params": len(fit.params), "df_resid": fit.df_resid,
        "deviance": fit.deviance, "aic": fit.aic, "estimate": observed + np.exp(b0),
        "lower": observed + np.exp(b0 - z * se), "upper": observed + np.exp(b0 + z * se),
        "admissible": admissible, "reason": reason, "_pairs": list(pairs),
    }


def _label(pairs, names) -> str:
    return " + ".join(f"{names[i]}:{names[j]}" for i, j in pairs) or "independence"


def _parse_interactions(model, names) -> list[tuple[int, int]]:
    items = [s.strip() for s in model.split("+")] if isinstance(model, str) else list(model)
    pairs = []
    for item in items:
        parts = item.split(":") if isinstance(item, str) else list(item)
        if len(parts) != 2 or any(p not in names for p in parts) or parts[0] == parts[1]:
            raise BadValueError(f"interaction {item!r} must name two different lists from {names}")
        i, j = sorted(names.index(p) for p in parts)
        if (i, j) not in pairs:
            pairs.append((i, j))
    return sorted(pairs)


def _two_list_margins(hist, y) -> tuple[float, float, float]:
    n1 = float(y[hist[:, 0] == 1].sum())
    n2 = float(y[hist[:, 1] == 1].sum())
    m = float(y[(hist[:, 0] == 1) & (hist[:, 1] == 1)].sum())
    return n1, n2, m


def _tabulate(table: pd.DataFrame, count: str, lists: list[str] | None) -> tuple[list[str], np.ndarray]:
    """Validate a capture-history table and return list names and counts in ``all_histories`` order."""
    if not isinstance(table, pd.DataFrame):
        raise BadValueError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    if count not in table.columns:
        raise BadValueError(f"count column {count!r} not found; columns are {list(table.columns)}")
    names = [c for c in table.columns if c != count] if lists is None else list(lists)
    missing = [c for c in names if c not in table.columns]
    if missing:
        raise BadValueError(f"list column(s) {missing} not found; columns are {list(table.columns)}")
    if len(names) < 2:
        raise BadValueError(f"at least two list columns are needed, got {names}")
    if len(names) > 12:
        raise BadValueError(f"{len(names)} lists give {2 ** len(names)} histories; at most 12 lists are supported")
    if len(table) == 0:
        raise BadValueError("the capture-history table has no rows")
    bits = np.empty((len(table), len(names)), dtype=np.int64)
    for j, col in enumerate(names):
        vals = pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isin(vals, (0.0, 1.0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise BadValueError(f"list column {col!r} must hold only 0/1; row {table.index[i]!r} has {table[col].iloc[i]!r}")
        bits[:, j] = vals.astype(np.int64)
    counts = pd.to_numeric(table[count], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~(np.isfinite(counts) & (counts >= 0) & (counts == np.round(counts)))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise BadValueError(f"count column {count!r} must hold non-negative whole numbers; "
                         f"row {table.index[i]!r} has {table[count].iloc[i]!r}")
    code = bits @ (1 << np.arange(len(names) - 1, -1, -1))
    unseen = (code == 0) & (counts > 0)
    if unseen.any():
        i = int(np.flatnonzero(unseen)[0])
        raise BadValueError(f"row {table.index[i]!r} has count {counts[i]:g} for a history on no list; "
                         "cases on no list cannot be counted (that is what MSE estimates)")
    y = np.bincount(code, weights=counts, minlength=2 ** len(names))[1:]  # duplicates summed
    if y.sum() == 0:
        raise BadValueError("the capture-history table records no cases")
    return names, y
