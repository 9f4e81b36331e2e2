"""Model fitting and model choice for multiple systems estimation (the engine behind :mod:`.mse`).

Follows SparseMSE 2.0.1 (Chan, Silverman & Vincent 2019), read in its R source, re-written here:

Non-overlapping pairs
    A two-list parameter for a pair of lists that share no case has its MLE at minus infinity. As in
    SparseMSE's ``buildmodel``, such a parameter is not estimated: every capture history containing
    both lists is removed from the cells fitted, and the AIC (and BIC) still counts the parameter.
Admissible models
    A model is used only if its MLE exists and is identifiable (:func:`._loglinear.mle_check`, the
    Fienberg & Rinaldo linear program and a rank check, as ``checkident``).
Stepwise choice (SparseMSE's ``stepwisefit``; the default)
    Start from the main-effects (independence) model. At each step, for every pair of lists not yet
    in the model, compare ``n*``, the cases seen on both lists (whatever other lists they are on),
    with its expected value ``lambda`` under the current model: the p-value is the smaller of the
    two Poisson tail probabilities ``P(X <= n*)`` and ``P(X >= n*)``, not doubled (as the R code).
    Candidates whose model fails the check get p = 1. Add the pair with the smallest p-value (the
    first in list order on a tie) if it is below ``pthresh`` (0.02, SparseMSE's default); else stop.
AIC / BIC forward selection (named alternatives)
    From the same start, add the admissible pair that lowers the criterion most; stop when none
    does. Here a pair is also refused when its lists share fewer than ``min_overlap`` cases or
    when it leaves no residual degree of freedom. BIC uses ``log(number of cases observed)`` per
    parameter, as Rcapture (which SparseMSE's authors compare against) does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ctie_helpers.analysis._loglinear import LogLinearFit, MleCheck, fit_poisson, mle_check
from ctie_helpers.errors import BadValueError

__all__ = ["ModelFit", "Cells", "select"]

Pair = tuple[int, int]


@dataclass(frozen=True)
class ModelFit:
    """One fitted model: which pairs, which cells were fitted, and the fit."""

    pairs: tuple[Pair, ...]  # every two-list parameter in the model, in the order added
    empty: tuple[Pair, ...]  # those whose lists share no case (parameter at -inf, cells removed)
    keep: np.ndarray  # boolean mask over the 2**k - 1 observable histories: cells fitted
    fit: LogLinearFit

    @property
    def n_params(self) -> int:
        return len(self.fit.params) + len(self.empty)


class Cells:
    """The observable capture histories of one table and their counts."""

    def __init__(self, hist: np.ndarray, y: np.ndarray, names: list[str]):
        self.hist, self.y, self.names = hist, np.asarray(y, dtype=float), list(names)
        self.k = hist.shape[1]
        self.all_pairs: list[Pair] = list(combinations(range(self.k), 2))
        self.both = {p: (hist[:, p[0]] == 1) & (hist[:, p[1]] == 1) for p in self.all_pairs}
        self.overlap = {p: float(self.y[m].sum()) for p, m in self.both.items()}
        self.observed = float(self.y.sum())

    def label(self, pairs) -> str:
        return " + ".join(f"{self.names[i]}:{self.names[j]}" for i, j in pairs) or "independence"

    def design(self, pairs) -> tuple[np.ndarray, np.ndarray, tuple[Pair, ...]]:
        """Design matrix over the kept cells, the keep mask, and the empty pairs (SparseMSE's buildmodel)."""
        keep = np.ones(len(self.y), dtype=bool)
        empty = tuple(p for p in pairs if self.overlap[p] == 0)
        for p in empty:
            keep &= ~self.both[p]
        h = self.hist[keep].astype(float)
        cols = [np.ones(len(h)), *h.T] + [h[:, i] * h[:, j] for i, j in pairs if (i, j) not in empty]
        return np.column_stack(cols), keep, empty

    def fit(self, pairs) -> tuple[ModelFit, MleCheck]:
        """Fit a model and check that its MLE exists and is identifiable (the fit spares most LPs)."""
        X, keep, empty = self.design(pairs)
        fit = fit_poisson(X, self.y[keep])
        return ModelFit(tuple(pairs), empty, keep, fit), mle_check(X, self.y[keep], fitted=fit)

    def p_value(self, current: ModelFit, pair: Pair) -> tuple[float, float]:
        """Expected cases on both lists of ``pair`` under ``current``, and the Poisson p-value of the observed."""
        expected = float(current.fit.fitted[self.both[pair][current.keep]].sum())
        return expected, poisson_min_tail(self.overlap[pair], expected)

    def summary(self, m: ModelFit, z: float) -> dict:
        """Statistics of a fitted model: criteria, N = observed + exp(intercept), and its Wald interval."""
        f = m.fit
        b0 = float(f.params[0])
        se = float(np.sqrt(f.cov[0, 0])) if np.isfinite(f.cov[0, 0]) and f.cov[0, 0] >= 0 else np.nan
        loglik = f.loglik
        return {
            "n_params": m.n_params, "df_resid": int(m.keep.sum()) - len(f.params), "deviance": f.deviance,
            "aic": -2 * loglik + 2 * m.n_params, "bic": -2 * loglik + np.log(self.observed) * m.n_params,
            "estimate": self.observed + np.exp(b0),
            "lower": self.observed + np.exp(b0 - z * se), "upper": self.observed + np.exp(b0 + z * se),
        }


def poisson_min_tail(n: float, lam: float) -> float:
    """``min(P(X <= n), P(X >= n))`` for ``X ~ Poisson(lam)``, as SparseMSE's ``stepwisefit`` (not doubled).

    Each tail is summed term by term in log space (never as one minus the other, which loses the
    small p-values that matter here); scipy.special would give the same but costs seconds to import.
    """
    n = int(round(n))
    if lam <= 0:
        return 1.0 if n == 0 else 0.0
    lower = _pmf_sum(np.arange(0, n + 1), lam)
    if n == 0:
        return min(lower, 1.0)
    top = int(n + lam + 40 * np.sqrt(lam) + 100)  # beyond this the terms are below 1e-300 of the mode
    upper = _pmf_sum(np.arange(n, max(top, n) + 1), lam)
    return float(min(lower, upper, 1.0))


def _pmf_sum(i: np.ndarray, lam: float) -> float:
    log_terms = i * np.log(lam) - lam - np.array([math.lgamma(v + 1.0) for v in i])
    m = log_terms.max()
    return float(np.exp(m) * np.exp(log_terms - m).sum())


def select(cells: Cells, method: str, *, pthresh: float = 0.02, min_overlap: int = 5, z: float = 1.96,
           detail: bool = True) -> tuple[ModelFit, list[dict]]:
    """Choose a model by ``"stepwise"``, ``"aic"`` or ``"bic"``; return it and the rows of models compared.

    ``detail=False`` (used inside the bootstrap) skips the table: stepwise then checks candidates in
    order of p-value only until one passes, which chooses the same model with far fewer linear programs.
    """
    current, check = cells.fit(())
    if not (check.ok and current.fit.converged):
        raise BadValueError("the independence (main-effects) model cannot be fitted: " + (
            check.reason or "IRLS did not converge") + "; check that every list has cases and that the lists overlap")
    rows: list[dict] = []
    if detail:
        rows.append({"step": 0, "model": "independence", "added": "", "overlap": np.nan, "expected": np.nan,
                     "p_value": np.nan, **cells.summary(current, z), "admissible": True, "reason": "",
                     "taken": True})
    for step in range(1, len(cells.all_pairs) + 1):
        candidates = [p for p in cells.all_pairs if p not in current.pairs]
        if not candidates:
            break
        tests = {p: cells.p_value(current, p) for p in candidates}
        if method == "stepwise":
            nxt = _stepwise_step(cells, current, candidates, tests, pthresh, z, step, rows, detail)
        else:
            nxt = _criterion_step(cells, current, candidates, tests, method, min_overlap, z, step, rows)
        if nxt is None:
            break
        current = nxt
    return current, rows


def _candidate_row(cells, current, pair, tests, step) -> dict:
    expected, p = tests[pair]
    return {"step": step, "model": cells.label([*current.pairs, pair]), "added": cells.label([pair]),
            "overlap": cells.overlap[pair], "expected": expected, "p_value": p}


_NO_FIT = {"n_params": np.nan, "df_resid": np.nan, "deviance": np.nan, "aic": np.nan, "bic": np.nan,
           "estimate": np.nan, "lower": np.nan, "upper": np.nan}


def _stepwise_step(cells, current, candidates, tests, pthresh, z, step, rows, detail):
    if not detail:
        # Same choice as checking every candidate: the first admissible one in (p, list order) order.
        for p in sorted(candidates, key=lambda q: (tests[q][1], cells.all_pairs.index(q))):
            if tests[p][1] >= pthresh:
                return None
            fitted, check = cells.fit([*current.pairs, p])
            if check.ok:
                return fitted
        return None
    step_rows, fits, pvals = [], {}, {}
    for p in candidates:
        row = _candidate_row(cells, current, p, tests, step)
        fits[p], check = cells.fit([*current.pairs, p])
        pvals[p] = tests[p][1] if check.ok else 1.0  # as stepwisefit: a failing model gets p = 1
        if check.ok:
            row.update(cells.summary(fits[p], z))
        else:
            row.update(_NO_FIT)
        row.update(admissible=check.ok, reason=check.reason, taken=False)
        step_rows.append(row)
    best = min(candidates, key=lambda q: (pvals[q], cells.all_pairs.index(q)))
    rows.extend(step_rows)
    if pvals[best] >= pthresh:
        return None
    step_rows[candidates.index(best)]["taken"] = True
    return fits[best]


def _criterion_step(cells, current, candidates, tests, method, min_overlap, z, step, rows):
    col = method  # "aic" or "bic"
    base = cells.summary(current, z)[col]
    best, best_value, step_rows = None, base, []
    for p in candidates:
        row = _candidate_row(cells, current, p, tests, step)
        pairs = [*current.pairs, p]
        reason, fitted = "", None
        if cells.overlap[p] < min_overlap:
            reason = f"{cells.names[p[0]]} and {cells.names[p[1]]} share {cells.overlap[p]:g} < {min_overlap} cases"
        else:
            fitted, check = cells.fit(pairs)
            reason = check.reason
            if not reason:
                if not fitted.fit.converged:
                    reason = "IRLS did not converge to finite parameters"
                elif int(fitted.keep.sum()) - len(fitted.fit.params) < 1:
                    reason = "saturated: no residual degrees of freedom"
        row.update(cells.summary(fitted, z) if fitted is not None and not check.reason else _NO_FIT)
        row.update(admissible=not reason, reason=reason, taken=False)
        step_rows.append(row)
        if not reason and row[col] < best_value:
            best, best_value = (p, fitted, len(step_rows) - 1), row[col]
    rows.extend(step_rows)
    if best is None:
        return None
    step_rows[best[2]]["taken"] = True
    return best[1]
