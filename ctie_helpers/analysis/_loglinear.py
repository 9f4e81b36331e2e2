"""Poisson log-linear models for capture-history tables, fitted by IRLS in numpy.

Only the pieces the MSE estimator needs: the design matrix of the ``2**k - 1`` observable
histories (the all-zero history can never be observed), an IRLS fit with the log link, and the
quantities used for model choice (deviance, AIC, residual degrees of freedom). statsmodels is a
test-only dependency; ``tests/test_analysis_mse.py`` checks these fits against ``sm.GLM``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product

import numpy as np

__all__ = ["LogLinearFit", "all_histories", "design_matrix", "fit_poisson"]


@dataclass(frozen=True)
class LogLinearFit:
    """Result of one Poisson log-linear fit on the observable cells."""

    params: np.ndarray  # intercept, one main effect per list, then the interactions in order
    cov: np.ndarray  # inverse Fisher information at the MLE
    fitted: np.ndarray  # expected counts of the observable cells
    deviance: float
    loglik: float  # full Poisson log-likelihood (with the log y! term), as statsmodels reports it
    aic: float
    df_resid: int
    converged: bool
    iterations: int


def all_histories(k: int) -> np.ndarray:
    """Every non-empty capture history of ``k`` lists, as a ``(2**k - 1, k)`` 0/1 array.

    Rows are in binary order of the history read as a number with list 1 as the most significant
    bit, so row ``i`` is the binary expansion of ``i + 1``.
    """
    rows = np.array(list(product((0, 1), repeat=k)), dtype=np.int8)
    return rows[1:]  # drop the all-zero history: by definition it is never observed


def design_matrix(histories: np.ndarray, interactions: list[tuple[int, int]]) -> np.ndarray:
    """Intercept, main effects and the requested two-way interaction columns for ``histories``."""
    h = histories.astype(float)
    cols = [np.ones(len(h)), *h.T]
    cols += [h[:, i] * h[:, j] for i, j in interactions]
    return np.column_stack(cols)


def fit_poisson(X: np.ndarray, y: np.ndarray, *, tol: float = 1e-12, max_iter: int = 200) -> LogLinearFit:
    """Fit ``log E[y] = X @ beta`` by iteratively reweighted least squares.

    Convergence is declared when the relative change in deviance falls below ``tol``. A fit whose
    information matrix is singular, or whose parameters run off to infinity (a zero sufficient
    statistic), comes back with ``converged=False`` rather than raising, so model search can skip it.
    """
    y = np.asarray(y, dtype=float)
    n_obs, n_par = X.shape
    mu = y + 0.5  # the usual start: positive even in zero cells
    eta = np.log(mu)
    dev_old = np.inf
    converged = False
    beta = np.zeros(n_par)
    info = np.eye(n_par)
    iterations = 0
    for _ in range(max_iter):
        iterations += 1
        z = eta + (y - mu) / mu
        info = X.T @ (mu[:, None] * X)
        try:
            beta = np.linalg.solve(info, X.T @ (mu * z))
        except np.linalg.LinAlgError:
            break
        eta = X @ beta
        if not np.all(np.isfinite(eta)) or eta.max() > 700:
            break
        mu = np.exp(eta)
        dev = _deviance(y, mu)
        if abs(dev - dev_old) <= tol * (abs(dev) + 0.1):
            converged = True
            break
        dev_old = dev
    info = X.T @ (mu[:, None] * X)
    try:
        cov = np.linalg.inv(info)
        cond_ok = np.linalg.cond(info) < 1e12
    except np.linalg.LinAlgError:
        cov, cond_ok = np.full((n_par, n_par), np.nan), False
    # A parameter heading to -inf (zero sufficient statistic) still "converges" in deviance; a huge
    # coefficient with a huge standard error is the sign of it.
    sane = bool(np.all(np.abs(beta) < 30)) and cond_ok
    # log y! by math.lgamma over the cells (at most 2**k - 1 of them): importing scipy.special
    # would add about half a second to every notebook start for one function.
    log_fact = np.array([math.lgamma(v + 1.0) for v in y])
    loglik = float(np.sum(y * np.log(mu) - mu - log_fact))
    return LogLinearFit(
        params=beta,
        cov=cov,
        fitted=mu,
        deviance=_deviance(y, mu),
        loglik=loglik,
        aic=-2.0 * loglik + 2.0 * n_par,
        df_resid=n_obs - n_par,
        converged=converged and sane,
        iterations=iterations,
    )


def _deviance(y: np.ndarray, mu: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(2.0 * np.sum(term - (y - mu)))
