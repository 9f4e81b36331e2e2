"""Percentages that are withheld when their denominator is too small, with a Wilson confidence interval.

"2 of 3 respondents (67%)" both discloses and misleads: the denominator is small enough to single
people out, and the interval around 67% runs from about 21% to 94%. Common practice (brief 10.1) is to
publish a percentage only when the denominator is at least 10 to 30.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from ctie_helpers.errors import BadValueError

__all__ = ["SafePercent", "safe_percent", "wilson_interval"]


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (better than the normal interval near 0%, 100% and small n).

    >>> [round(x, 4) for x in wilson_interval(5, 10)]
    [0.2366, 0.7634]
    """
    if n <= 0:
        raise BadValueError("n must be positive")
    if not 0 <= successes <= n:
        raise BadValueError("successes must be between 0 and n")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)  # stdlib: scipy.stats would cost seconds of import
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class SafePercent:
    """A percentage and its interval, or the reason it is withheld. ``str()`` gives the text to print."""

    numerator: float
    denominator: float
    percent: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    withheld: bool
    reason: str = ""

    def __str__(self) -> str:
        if self.withheld:
            return f"withheld ({self.reason})"
        return (f"{self.percent:.1f}% ({self.confidence:.0%} CI {self.ci_low:.1f}–{self.ci_high:.1f}%)")


def safe_percent(num: float, den: float, min_den: int = 10, confidence: float = 0.95) -> SafePercent:
    """Percentage ``num / den`` with its Wilson interval, withheld when ``den < min_den``.

    Parameters
    ----------
    num, den : float
        Numerator and denominator (counts; weighted counts are accepted, the interval then assumes
        simple random sampling with ``den`` as the sample size).
    min_den : int
        Smallest denominator for which a percentage is published (default 10; use 30 for public products).
    confidence : float
        Level of the interval (default 0.95).

    Examples
    --------
    >>> str(safe_percent(2, 3))
    'withheld (denominator 3 is below 10)'
    >>> str(safe_percent(5, 10))
    '50.0% (95% CI 23.7–76.3%)'
    """
    if den < 0 or num < 0:
        raise BadValueError("counts must not be negative")
    if num > den:
        raise BadValueError(f"numerator {num} is larger than denominator {den}")
    if den < min_den:
        reason = "no denominator" if den == 0 else f"denominator {den:g} is below {min_den}"
        return SafePercent(num, den, None, None, None, confidence, True, reason)
    low, high = wilson_interval(num, den, confidence)
    return SafePercent(num, den, 100 * num / den, 100 * low, 100 * high, confidence, False)
