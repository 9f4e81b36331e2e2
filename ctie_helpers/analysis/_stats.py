"""Small statistical helpers shared by the analysis modules.

The standard library's :class:`statistics.NormalDist` gives the normal quantile and distribution
function, so the analysis package needs no ``scipy.stats`` import (which costs a few hundred
milliseconds when a notebook or Voilà app starts).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from ctie_helpers.errors import BadValueError

__all__ = ["z_value", "normal_sf", "wilson_bounds", "check_probability"]

_STD_NORMAL = NormalDist()


def check_probability(name: str, value: float, *, open_interval: bool = True) -> float:
    """Return ``value`` as a float, or raise ``ValueError`` naming the argument if it is out of range."""
    value = float(value)
    ok = 0.0 < value < 1.0 if open_interval else 0.0 <= value <= 1.0
    if not ok or math.isnan(value):
        bounds = "strictly between 0 and 1" if open_interval else "between 0 and 1"
        raise BadValueError(f"{name} must be {bounds}, got {value!r}")
    return value


def z_value(confidence: float) -> float:
    """Two-sided standard-normal critical value, e.g. 1.959964 for ``confidence=0.95``."""
    confidence = check_probability("confidence", confidence)
    return _STD_NORMAL.inv_cdf(1.0 - (1.0 - confidence) / 2.0)


def normal_sf(x: np.ndarray | float) -> np.ndarray:
    """Upper-tail standard-normal probability ``P(Z > x)``, vectorised (via ``erfc``)."""
    x = np.asarray(x, dtype=float)
    # math.erfc is exact to double precision; np.frompyfunc keeps this loop-free for callers, and
    # it is only ever applied to per-group arrays (tens of values), never to data rows.
    erfc = np.frompyfunc(math.erfc, 1, 1)
    out = np.where(np.isnan(x), np.nan, 0.5 * erfc(np.nan_to_num(x) / math.sqrt(2.0)).astype(float))
    return out


def wilson_bounds(x: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score bounds for ``x`` successes out of ``n`` (arrays; ``n`` may be fractional).

    ``n`` may be an effective sample size (Kish or design-based), which is how the survey and
    indicator modules widen the interval for weighting and clustering. ``n == 0`` gives NaN.
    """
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1.0 + z**2 / n
        centre = (p + z**2 / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z**2 / (4.0 * n**2)) / denom
    # At x = 0 (x = n) the bound is exactly 0 (1); pin it so float noise does not show as 2.8e-17.
    lower = np.where(x == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    upper = np.where(x == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    bad = ~(n > 0)
    return np.where(bad, np.nan, lower), np.where(bad, np.nan, upper)
