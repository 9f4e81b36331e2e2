"""Sample size, precision, design effect and allocation for surveys of a proportion (brief 9.3).

One convention for :func:`sample_size`, applied in this order and shown step by step:

1. ``n0 = z**2 p (1 - p) / e**2`` (infinite population);
2. finite-population correction ``n_fpc = n0 / (1 + (n0 - 1)/N)`` (skipped when ``N`` is None);
3. design effect ``n_deff = n_fpc * DEFF``;
4. non-response ``n_final = n_deff / (1 - r)``;
5. round **up once, at the end**.

Intermediate values are kept unrounded; each step also reports its own ceiling for display. This
is the rounding that reproduces the brief's chain for N = 2,000: ``n_fpc = 322.39`` (shown 323),
``x 2 = 644.78`` (shown 645), ``/ 0.9 = 716.42`` -> **717**. Rounding 323 up first and carrying it
would give 646 and then 718. (Applying DEFF before the FPC, the other convention, gives 556.)
``z`` is the exact normal quantile (1.959964 for 95%), which gives the brief's ``n0 = 384.15``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ctie_helpers.analysis._stats import check_probability, wilson_bounds, z_value
from ctie_helpers.errors import BadValueError

__all__ = [
    "SampleSizeResult",
    "sample_size",
    "design_effect",
    "margin_of_error",
    "allocate",
    "wilson_interval",
]


@dataclass(frozen=True)
class SampleSizeResult:
    """A required sample size and every step that produced it (unrounded values)."""

    n: int
    n0: float
    n_fpc: float
    n_deff: float
    n_final: float
    z: float
    p: float
    margin: float
    confidence: float
    population: int | None
    deff: float
    nonresponse: float

    @property
    def steps(self) -> pd.DataFrame:
        """One row per step: its name, formula, unrounded value and that value rounded up."""
        rows = [
            ("infinite population", "n0 = z² p(1−p) / e²", self.n0),
            ("finite population correction", "n0 / (1 + (n0 − 1)/N)" if self.population else "N not given: n0",
             self.n_fpc),
            ("design effect", f"× DEFF ({self.deff:g})", self.n_deff),
            ("non-response", f"÷ (1 − {self.nonresponse:g})", self.n_final),
        ]
        frame = pd.DataFrame(rows, columns=["step", "formula", "value"])
        frame["rounded_up"] = np.ceil(frame["value"] - 1e-9).astype(int)
        return frame


def _ceil(x: float) -> int:
    # A hair of tolerance so that 97.0000000001 (float noise) is not pushed to 98.
    return int(math.ceil(x - 1e-9))


def sample_size(
    p: float = 0.5,
    margin: float = 0.05,
    confidence: float = 0.95,
    population: int | None = None,
    deff: float = 1.0,
    nonresponse: float = 0.0,
) -> SampleSizeResult:
    """Sample size to estimate a proportion ``p`` within ``± margin`` (absolute).

    >>> sample_size().n, sample_size(population=1000).n
    (385, 278)
    >>> sample_size(population=2000, deff=2, nonresponse=0.10).n
    717
    """
    p = check_probability("p", p)
    margin = check_probability("margin", margin)
    if population is not None and (population < 1 or population != int(population)):
        raise BadValueError(f"population must be a positive whole number, got {population!r}")
    if not deff >= 1.0:
        raise BadValueError(f"deff must be at least 1, got {deff!r}")
    if not 0.0 <= nonresponse < 1.0:
        raise BadValueError(f"nonresponse must be in [0, 1), got {nonresponse!r}")
    z = z_value(confidence)
    n0 = z**2 * p * (1 - p) / margin**2
    n_fpc = n0 / (1 + (n0 - 1) / population) if population else n0
    n_deff = n_fpc * deff
    n_final = n_deff / (1 - nonresponse)
    return SampleSizeResult(
        n=_ceil(n_final), n0=n0, n_fpc=n_fpc, n_deff=n_deff, n_final=n_final, z=z, p=p, margin=margin,
        confidence=confidence, population=None if population is None else int(population),
        deff=float(deff), nonresponse=float(nonresponse),
    )


def design_effect(m: float, icc: float) -> float:
    """Design effect of a cluster sample, ``1 + (m − 1) ICC`` (m interviews per cluster).

    >>> round(design_effect(10, 0.1), 10), round(design_effect(15, 0.05), 10)
    (1.9, 1.7)
    """
    if m < 1:
        raise BadValueError(f"m (interviews per cluster) must be at least 1, got {m!r}")
    if not -1.0 <= icc <= 1.0:
        raise BadValueError(f"icc must be between -1 and 1, got {icc!r}")
    return 1.0 + (m - 1.0) * icc


def margin_of_error(
    p: float, n: float, deff: float = 1.0, population: int | None = None, confidence: float = 0.95
) -> float:
    """Achieved margin of error ``z √(p(1−p)/n) √DEFF √((N−n)/(N−1))`` (absolute, not %).

    >>> round(margin_of_error(0.2, 400, deff=1.5), 3)
    0.048
    """
    check_probability("p", p, open_interval=False)
    if n <= 0:
        raise BadValueError(f"n must be positive, got {n!r}")
    fpc = 1.0
    if population is not None:
        if population < n:
            raise BadValueError(f"n ({n}) cannot exceed the population ({population})")
        fpc = (population - n) / (population - 1) if population > 1 else 0.0
    return z_value(confidence) * math.sqrt(p * (1 - p) / n * deff * fpc)


def allocate(
    strata_sizes: Mapping[str, float] | pd.Series,
    n: int,
    method: str = "proportional",
    sd: Mapping[str, float] | pd.Series | None = None,
) -> pd.Series:
    """Share a total sample ``n`` across strata; whole numbers that add up to ``n``.

    ``proportional``: ``n_h ∝ N_h``; ``equal``: ``n / H`` each; ``neyman``: ``n_h ∝ N_h S_h`` (needs
    ``sd``, the expected standard deviation per stratum, ``√(p(1−p))`` for a proportion). Fractions
    are rounded by largest remainder; no stratum gets more units than it has (the excess goes to the
    others in the same proportions).
    """
    sizes = pd.Series(strata_sizes, dtype=float)
    if sizes.empty or (sizes <= 0).any() or sizes.isna().any():
        raise BadValueError("strata_sizes must be positive numbers, one per stratum")
    if n < 0 or n != int(n) or n > sizes.sum():
        raise BadValueError(f"n must be a whole number between 0 and the total population {sizes.sum():g}, got {n!r}")
    if method == "proportional":
        share = sizes
    elif method == "equal":
        share = pd.Series(1.0, index=sizes.index)
    elif method == "neyman":
        if sd is None:
            raise BadValueError("method='neyman' needs sd, the standard deviation expected in each stratum")
        spread = pd.Series(sd, dtype=float).reindex(sizes.index)
        if spread.isna().any() or (spread < 0).any():
            raise BadValueError(f"sd must give a non-negative value for every stratum {list(sizes.index)}")
        share = sizes * spread if (sizes * spread).sum() > 0 else sizes
    else:
        raise BadValueError(f"method must be 'proportional', 'equal' or 'neyman', got {method!r}")
    alloc = pd.Series(0, index=sizes.index, dtype=np.int64)
    capped = pd.Series(False, index=sizes.index)
    remaining = int(n)
    # At most H rounds: each round either finishes or caps at least one more stratum at its size.
    for _ in range(len(sizes)):
        open_ = ~capped
        exact = remaining * share[open_] / share[open_].sum()
        over = exact > sizes[open_]
        if not over.any():
            floor = np.floor(exact).astype(np.int64)
            short = remaining - int(floor.sum())
            order = (exact - floor).sort_values(ascending=False, kind="stable").index[:short]
            floor[order] += 1
            alloc[open_] = floor
            break
        hit = over[over].index
        alloc[hit] = sizes[hit].astype(np.int64)
        capped[hit] = True
        remaining -= int(sizes[hit].sum())
    return alloc.rename("n")


def wilson_interval(
    x: float | np.ndarray, n: float | np.ndarray, confidence: float = 0.95
) -> tuple[float, float] | tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``x`` successes in ``n`` trials (scalars or arrays).

    >>> [round(v, 4) for v in wilson_interval(81, 263)]
    [0.2553, 0.3662]
    """
    x_arr, n_arr = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    if np.any(x_arr < 0) or np.any(x_arr > n_arr):
        raise BadValueError("x must be between 0 and n")
    lo, hi = wilson_bounds(x_arr, n_arr, z_value(confidence))
    if lo.ndim == 0:
        return float(lo), float(hi)
    return lo, hi
