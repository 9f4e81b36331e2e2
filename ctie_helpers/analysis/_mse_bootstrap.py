"""BCa bootstrap intervals for a population-size estimate (Chan, Silverman & Vincent 2019, section 3.3).

As SparseMSE 2.0.1's ``estimatepopulation`` and ``bcaconfvalues``, re-written from the R source:

1. ``n_boot`` multinomial resamples of the observed cases over the capture histories (same total),
   each estimated with the same model-choice rule as the data (the model is chosen again each time).
2. Bias correction ``z0 = Phi^-1(share of replicates below the estimate)``.
3. Acceleration from a jackknife that removes one case at a time: with ``J_h`` the estimate without
   one case of history ``h`` (count ``c_h``) and ``r_h = mean_c(J) - J_h``,
   ``a = sum(c r^3) / (6 (sum(c r^2))^(3/2))``.
4. Limits at the bootstrap quantiles ``Phi(z0 + (z0 + z_q) / (1 - a (z0 + z_q)))`` (quantile type 8,
   numpy's ``median_unbiased``).

Resampling uses numpy's generator seeded with ``seed``: the interval is reproducible for a given seed,
but it cannot reproduce R's random numbers, so it agrees with SparseMSE only up to Monte Carlo error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np

from ctie_helpers.errors import BadValueError

__all__ = ["BootstrapResult", "bca_interval"]

_N = NormalDist()


@dataclass(frozen=True, eq=False)
class BootstrapResult:
    """A BCa interval with what it was computed from."""

    lower: float
    upper: float
    z0: float  # bias correction
    acceleration: float  # jackknife acceleration ``a``
    n_boot: int
    seed: int
    n_failed: int  # resamples on which no model could be fitted (left out)
    replicates: np.ndarray = field(repr=False)


def bca_interval(y: np.ndarray, estimator: Callable[[np.ndarray], float], point: float, *, n_boot: int,
                 seed: int, alpha: float) -> BootstrapResult:
    """BCa ``1 - alpha`` interval for ``estimator(y)`` (= ``point``); ``y`` are the counts of the histories."""
    if int(n_boot) != n_boot or n_boot < 20:
        raise BadValueError(f"n_boot must be a whole number of at least 20, got {n_boot!r}")
    y = np.asarray(y, dtype=float)
    total = int(round(y.sum()))
    rng = np.random.default_rng(seed)
    reps = np.full(int(n_boot), np.nan)
    for b in range(int(n_boot)):
        try:
            reps[b] = estimator(rng.multinomial(total, y / total).astype(float))
        except ValueError:
            pass  # a resample on which no admissible model exists: counted and left out
    failed = int(np.isnan(reps).sum())
    good = reps[np.isfinite(reps)]
    if len(good) < 0.9 * n_boot:
        raise BadValueError(f"{failed} of {n_boot} bootstrap resamples could not be estimated: the table is too "
                         "sparse for a bootstrap interval; use the model-based interval")
    share_below = float(np.mean(good < point))
    if not 0 < share_below < 1:
        raise BadValueError("every bootstrap replicate falls on one side of the estimate: the BCa bias "
                         "correction is infinite; use the model-based interval")
    z0 = _N.inv_cdf(share_below)
    a = _acceleration(y, estimator)
    probs = []
    for q in (alpha / 2, 1 - alpha / 2):
        zq = _N.inv_cdf(q) + z0
        probs.append(_N.cdf(z0 + zq / (1 - a * zq)))
    lo, hi = np.quantile(good, probs, method="median_unbiased")  # R's quantile type 8, as SparseMSE
    return BootstrapResult(float(lo), float(hi), z0, a, int(n_boot), int(seed), failed, reps)


def _acceleration(y: np.ndarray, estimator: Callable[[np.ndarray], float]) -> float:
    seen = np.flatnonzero(y > 0)
    jack = np.empty(len(seen))
    for n, h in enumerate(seen):
        one_less = y.copy()
        one_less[h] -= 1
        jack[n] = estimator(one_less)
    c = y[seen]
    r = np.sum(c * jack) / np.sum(c) - jack
    denom = 6 * np.sum(c * r**2) ** 1.5
    return float(np.sum(c * r**3) / denom) if denom > 0 else 0.0
