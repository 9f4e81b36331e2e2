"""Poisson log-linear models for capture-history tables, fitted by IRLS in numpy.

Only the pieces the MSE estimator needs: the design matrix of the ``2**k - 1`` observable
histories (the all-zero history can never be observed), an IRLS fit with the log link, the
quantities used for model choice (deviance, AIC, residual degrees of freedom), and
:func:`mle_check`, the test that a model's maximum-likelihood estimate exists and is identifiable
(Fienberg & Rinaldo 2012, as SparseMSE's ``checkident``). statsmodels is a test-only dependency;
``tests/test_analysis_mse.py`` checks these fits against ``sm.GLM``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product

import numpy as np

__all__ = ["LogLinearFit", "MleCheck", "all_histories", "design_matrix", "fit_poisson", "mle_check"]


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


@dataclass(frozen=True)
class MleCheck:
    """Whether a model's maximum-likelihood estimate exists and is identifiable on given counts."""

    exists: bool  # the linear program found a strictly positive point with the observed margins
    identifiable: bool  # the design matrix has full column rank
    lp_value: float  # the program's optimum (0: no MLE), or a positive lower bound found without solving it

    @property
    def ok(self) -> bool:
        return self.exists and self.identifiable

    @property
    def reason(self) -> str:
        """Why the model is not admissible, in words ('' when it is)."""
        parts = ([] if self.exists else ["the maximum-likelihood estimate does not exist (linear-programming test)"]) + (
            [] if self.identifiable else ["the parameters are not identifiable (design matrix not of full rank)"])
        return "; ".join(parts)


def mle_check(X: np.ndarray, y: np.ndarray, *, fitted: LogLinearFit | None = None, tol: float = 1e-9) -> MleCheck:
    """Fienberg & Rinaldo's (2012) linear-programming test plus a rank check, as SparseMSE's ``checkident``.

    The MLE of a Poisson log-linear model exists if and only if the observed sufficient statistics
    ``t = X.T @ y`` can also be produced by a table with every cell strictly positive. The linear
    program maximises ``s`` subject to ``X.T @ x = t`` and ``x_i >= s`` for every cell, ``x, s >= 0``;
    its optimum is 0 exactly when no strictly positive table has those margins. Identifiability is
    full column rank of ``X``. scipy is imported here, not at module import, to keep notebooks fast.

    ``fitted``, a fit of the same model, can spare the linear program: fitted values that solve the
    likelihood equations (``X.T @ mu = t``) and are all clearly positive are themselves a strictly
    positive table with the observed margins, so the MLE exists. Only when that certificate is
    missing (the usual sign of a non-existent MLE: some fitted values heading to 0) is the program
    solved; both routes give the same answer, the shortcut in a fraction of the time.
    """
    A = np.asarray(X, dtype=float).T
    t = A @ np.asarray(y, dtype=float)
    identifiable = int(np.linalg.matrix_rank(X)) == X.shape[1]
    if fitted is not None and fitted.converged and len(fitted.fitted) == A.shape[1]:
        mu = fitted.fitted
        if mu.min() > 1e-4 and np.max(np.abs(A @ mu - t)) <= 1e-6 * max(1.0, float(t[0])):
            return MleCheck(exists=True, identifiable=identifiable, lp_value=float(mu.min()))
    # deferred: saves 2137 ms at import of ctie_helpers.analysis._loglinear
    from scipy.optimize import linprog

    n_par, n_obs = A.shape
    c = np.zeros(n_obs + 1)
    c[-1] = -1.0  # linprog minimises: maximise s
    a_eq = np.hstack([A, np.zeros((n_par, 1))])
    a_ub = np.hstack([-np.eye(n_obs), np.ones((n_obs, 1))])  # s - x_i <= 0
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(n_obs), A_eq=a_eq, b_eq=t, bounds=(0, None), method="highs")
    # The program is always feasible (x = y, s = 0); a failure would be numerical, and is read as
    # "does not exist" so that such a model is never chosen.
    value = float(-res.fun) if res.status == 0 else 0.0
    return MleCheck(exists=value > tol * max(1.0, float(t[0])), identifiable=identifiable, lp_value=value)
