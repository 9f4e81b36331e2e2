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
    ``N = observed + exp(b0)``. This reproduces SparseMSE 2.0.1 (Chan, Silverman & Vincent 2019),
    the R package behind the UK Home Office's 2013 estimate: on its five-list UK table it gives
    11,313 (9,884-13,027), as ``estimatepopulation.0(UKdat_5, method = "stepwise")``.

Model choice (``model="auto"``; :mod:`._mse_models` has the details)
    ``method="stepwise"`` (default): SparseMSE's ``stepwisefit``. From the main-effects
    (independence) model, add one two-list interaction at a time: the pair whose overlap is least
    likely under the current model (Poisson p-value, the smaller tail) if that p-value is below
    ``pthresh`` = 0.02. ``method="aic"`` or ``"bic"``: forward selection by the criterion.
    Whatever the method, a model is admitted only if its maximum-likelihood estimate exists and is
    identifiable (the linear-programming test of Fienberg & Rinaldo 2012, as SparseMSE's
    ``checkident``). Pairs of lists with no case in common are handled as SparseMSE does (parameter
    at minus infinity, cells with both lists left out). Every candidate looked at is reported in
    ``models_compared``, with its p-value, criteria, estimate and why it was refused, if it was.

Interval
    ``interval="wald"`` (default), as ``estimatepopulation.0``: normal on the log scale of the
    unobserved count, ``[observed + exp(b0 - z se), observed + exp(b0 + z se)]`` with ``se`` the
    model-based standard error of the intercept. ``interval="bca"``: BCa bootstrap, the model
    chosen again on every resample, seeded and so reproducible (:mod:`._mse_bootstrap`; as
    SparseMSE's ``estimatepopulation``, section 3.3 of the paper).

Count column
    When ``count`` is not given it is detected: a column named count, n, freq, frequency (or one of
    :data:`COUNT_NAMES`, any case), otherwise the one numeric column that is not all 0/1. The column
    used and how it was found are in ``count_column`` and ``messages``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ctie_helpers.analysis._loglinear import all_histories
from ctie_helpers.analysis._mse_bootstrap import BootstrapResult, bca_interval
from ctie_helpers.analysis._mse_models import Cells, select
from ctie_helpers.analysis._stats import check_probability, z_value
from ctie_helpers.errors import BadValueError

__all__ = ["PopulationEstimate", "estimate_population", "lincoln_petersen", "chapman", "two_list_interval",
           "detect_count_column", "is_count_name", "COUNT_NAMES",
           "METHODS"]

#: Names (compared case-insensitively, letters and digits only) that mark a column as the count.
COUNT_NAMES = ("count", "n", "freq", "frequency", "number", "cases", "people", "persons", "total", "nombre",
               "effectif", "cantidad", "casos")
#: Model-choice methods for ``model="auto"``: SparseMSE's stepwise test (default), AIC, BIC.
METHODS = ("stepwise", "aic", "bic")
INTERVALS = ("wald", "bca")

_CHOICE = {
    "stepwise": "stepwise selection by Poisson p-values below {pthresh:g}, as SparseMSE 2.0.1",
    "aic": "forward selection by AIC",
    "bic": "forward selection by BIC",
    "fixed": "model given by the user",
}
_INTERVAL = {
    "wald": "{level} interval normal on log(unobserved count), as SparseMSE's estimatepopulation.0",
    "bca": "{level} BCa bootstrap interval ({n_boot} resamples, seed {seed}), as SparseMSE's estimatepopulation",
}
METHOD_CHAPMAN = "Chapman estimator; interval: Chao (1987) log-normal"


@dataclass(frozen=True, eq=False)
class PopulationEstimate:
    """Estimated population size with its interval, the models considered and how they were chosen.

    ``selection`` is ``"stepwise"``, ``"aic"``, ``"bic"``, ``"fixed"`` or ``"chapman"``; ``method``
    says in words how the estimate and its interval were made; ``count_column`` is the column the
    counts were read from and ``messages`` says how it was found. ``models_compared`` has one row
    per model looked at (step 0 is the independence model; ``taken`` marks the interaction added at
    each step and ``chosen`` the final model). ``bootstrap`` holds the BCa details when asked for.
    """

    estimate: float
    lower: float
    upper: float
    model: str
    observed: int
    n_lists: int
    models_compared: pd.DataFrame = field(repr=False)
    method: str = ""
    selection: str = "stepwise"
    interval: str = "wald"
    count_column: str = "count"
    messages: tuple[str, ...] = ()
    bootstrap: BootstrapResult | None = field(default=None, repr=False)

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
    count: str | None = None,
    lists: list[str] | None = None,
    model: str | list = "auto",
    alpha: float = 0.05,
    min_overlap: int = 5,
    *,
    method: str = "stepwise",
    pthresh: float = 0.02,
    interval: str = "wald",
    n_boot: int = 1000,
    seed: int = 1234,
) -> PopulationEstimate:
    """Estimate the size of a population from a capture-history table.

    Parameters
    ----------
    table
        One 0/1 column per list and a count column. Histories never observed may be absent;
        repeated histories are summed. The all-zero history may appear only with count 0.
    count
        Name of the count column; default: detected (:func:`detect_count_column`).
    lists
        List columns, in order; default every column except the count.
    model
        ``"auto"`` (choose by ``method``), ``"independence"`` (main effects only), ``"chapman"``
        (two lists only), or the two-way interactions to include, as pairs
        ``[("list_a", "list_b")]`` or strings ``"list_a:list_b + list_b:list_c"``.
    alpha
        One minus the interval's confidence level.
    min_overlap
        With ``method="aic"`` or ``"bic"``, smallest number of shared cases for an interaction to be
        a candidate (the stepwise method, as SparseMSE, has no such rule).
    method
        Model choice for ``model="auto"``: ``"stepwise"`` (SparseMSE's, default), ``"aic"`` or ``"bic"``.
    pthresh
        p-value below which the stepwise method adds an interaction (SparseMSE's default 0.02).
    interval
        ``"wald"`` (model-based, on the log scale, as SparseMSE's ``estimatepopulation.0``) or
        ``"bca"`` (bootstrap, as its ``estimatepopulation``; slower: the model is chosen again on
        each of ``n_boot`` resamples).
    n_boot, seed
        Resamples and random seed of the BCa bootstrap; the same seed gives the same interval.

    Returns
    -------
    PopulationEstimate

    Raises
    ------
    ValueError
        Naming the column and row of any malformed entry, an ambiguous or missing count column, or
        when the data cannot identify N.
    """
    check_probability("alpha", alpha)
    check_probability("pthresh", pthresh, open_interval=False)
    if method not in METHODS:
        raise BadValueError(f"method must be one of {METHODS}, got {method!r}")
    if interval not in INTERVALS:
        raise BadValueError(f"interval must be one of {INTERVALS}, got {interval!r}")
    count, how = (count, "given") if count is not None else detect_count_column(table, lists)
    messages = (f"count column: {count!r} ({how})",)
    names, y = _tabulate(table, count, lists)
    k = len(names)
    hist = all_histories(k)
    observed = int(round(y.sum()))
    z = z_value(1 - alpha)
    common: dict[str, Any] = {"count_column": str(count), "messages": messages}

    if model == "chapman":
        if k != 2:
            raise BadValueError(f"model='chapman' needs exactly two lists; this table has {k}")
        if interval != "wald":
            raise BadValueError("model='chapman' has Chao's interval only; use interval='wald'")
        n1, n2, m = _two_list_margins(hist, y)
        est = chapman(n1, n2, m)
        lo, hi = two_list_interval(n1, n2, m, alpha=alpha)
        row = {"step": 0, "model": "chapman", "n_params": 3, "df_resid": 0, "deviance": 0.0, "aic": np.nan,
               "bic": np.nan, "estimate": est, "lower": lo, "upper": hi, "admissible": True, "reason": "",
               "taken": True, "chosen": True}
        return PopulationEstimate(est, lo, hi, "chapman", observed, k, pd.DataFrame([row]), METHOD_CHAPMAN,
                                  selection="chapman", interval="chao", **common)

    if k == 2:
        _, _, m = _two_list_margins(hist, y)
        if m == 0:
            raise BadValueError(f"lists {names[0]!r} and {names[1]!r} share no records: the overlap is what "
                             "MSE learns from, so the population size cannot be estimated")

    cells = Cells(hist, y, names)
    if model == "auto":
        selection = method
        chosen, rows = select(cells, method, pthresh=pthresh, min_overlap=min_overlap, z=z)
    else:
        selection = "fixed"
        pairs = [] if model in ("independence", "main") else _parse_interactions(model, names)
        chosen, check = cells.fit(pairs)
        if not check.ok:
            raise BadValueError(f"model {cells.label(pairs)!r} cannot be used on this table: {check.reason}")
        if not chosen.fit.converged:
            raise BadValueError(f"model {cells.label(pairs)!r} did not converge")
        rows = [{"step": 0, "model": cells.label(pairs), "added": "", **cells.summary(chosen, z),
                 "admissible": True, "reason": "", "taken": True}]
    best = cells.summary(chosen, z)
    label = cells.label(chosen.pairs)
    compared = pd.DataFrame(rows)
    compared["chosen"] = False
    compared.loc[compared.index[compared["taken"] & (compared["model"] == label)][-1:], "chosen"] = True
    if k == 2 and not chosen.pairs:
        # The two-list independence model is Lincoln–Petersen; use the closed form so the textbook
        # answer comes out exactly (IRLS agrees to ~1e-12).
        n1, n2, m = _two_list_margins(hist, y)
        best["estimate"] = lincoln_petersen(n1, n2, m)
        compared.loc[compared["chosen"], "estimate"] = best["estimate"]
    lower, upper, boot = best["lower"], best["upper"], None
    level = f"{1 - alpha:.0%}"
    if interval == "bca":
        def estimator(counts: np.ndarray) -> float:
            c = Cells(hist, counts, names)
            if selection == "fixed":
                m, ok = c.fit(chosen.pairs)
                if not ok.ok or not m.fit.converged:
                    raise BadValueError("model cannot be fitted on this resample")
            else:
                m, _ = select(c, method, pthresh=pthresh, min_overlap=min_overlap, z=z, detail=False)
            return float(c.summary(m, z)["estimate"])

        boot = bca_interval(y, estimator, float(best["estimate"]), n_boot=n_boot, seed=seed, alpha=alpha)
        lower, upper = boot.lower, boot.upper
    text = ("Poisson log-linear model fitted by IRLS, N = observed + exp(intercept); model: "
            + _CHOICE[selection].format(pthresh=pthresh) + "; interval: "
            + _INTERVAL[interval].format(level=level, n_boot=n_boot, seed=seed))
    return PopulationEstimate(
        float(best["estimate"]), float(lower), float(upper), label, observed, k, compared, text,
        selection=selection, interval=interval, bootstrap=boot, **common,
    )


def detect_count_column(table: pd.DataFrame, lists: list[str] | None = None) -> tuple[str, str]:
    """The count column of a capture-history table and how it was recognised.

    A column named as in :data:`COUNT_NAMES` (case, spaces and punctuation ignored) wins; otherwise
    the one numeric column, not among ``lists``, whose values are not all 0/1.

    Raises
    ------
    ValueError
        Naming the candidates when more than one column could be the count, or the columns when none can.
    """
    if not isinstance(table, pd.DataFrame):
        raise BadValueError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    pool = [c for c in table.columns if lists is None or c not in lists]
    named = [c for c in pool if is_count_name(c)]
    if len(named) == 1:
        return str(named[0]), "found by its name"
    if len(named) > 1:
        raise BadValueError(f"several columns could be the count: {[str(c) for c in named]}; pass count=... "
                         "to say which")
    numeric = [c for c in pool if _is_count_like(table[c])]
    if len(numeric) == 1:
        return str(numeric[0]), "the only numeric column not holding just 0/1"
    if len(numeric) > 1:
        raise BadValueError(f"several numeric columns could be the count: {[str(c) for c in numeric]}; pass "
                         "count=... to say which")
    raise BadValueError(f"no count column found among {[str(c) for c in table.columns]}: name it count, n, freq "
                     "or frequency, or pass count=...; for one row per person add a column count = 1")


def is_count_name(name: object) -> bool:
    """Whether a column name marks a count (:data:`COUNT_NAMES`; case, spaces and punctuation ignored)."""
    return "".join(ch for ch in str(name).casefold() if ch.isalnum()) in COUNT_NAMES


def _is_count_like(s: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(s):
        return False
    v = pd.to_numeric(s, errors="coerce")
    return bool(v.notna().any() and v.notna().sum() == s.notna().sum() and not v.dropna().isin([0, 1]).all())


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
    bits = np.empty((len(table), len(names)), dtype=np.intp)
    for j, col in enumerate(names):
        vals = pd.to_numeric(table[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isin(vals, (0.0, 1.0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise BadValueError(f"list column {col!r} must hold only 0/1; row {table.index[i]!r} has {table[col].iloc[i]!r}")
        bits[:, j] = vals.astype(np.intp)
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
