"""Differential privacy for teaching: one noisy count, and how privacy loss adds up (brief 10.2.8).

The Laplace mechanism adds noise drawn from Laplace(0, sensitivity / epsilon) to a count. A count has
sensitivity 1 (adding or removing one person changes it by at most 1). Smaller epsilon means more noise
and more privacy; releasing the same count k times spends k * epsilon (sequential composition), which is
why CTDC moved from k-anonymity (no such accounting, open to differencing attacks) to DP in 2022-2024.
This is a demonstration of the idea, not a production DP library (use OpenDP for that): the noisy value
is not post-processed beyond the rounding option.
"""

from __future__ import annotations

import numpy as np

from ctie_helpers.errors import BadValueError

__all__ = ["dp_count", "laplace_scale", "total_epsilon"]


def laplace_scale(epsilon: float, sensitivity: float = 1.0) -> float:
    """Scale ``b = sensitivity / epsilon`` of the Laplace noise; its standard deviation is ``b * sqrt(2)``."""
    if epsilon <= 0:
        raise BadValueError("epsilon must be positive")
    if sensitivity <= 0:
        raise BadValueError("sensitivity must be positive")
    return sensitivity / epsilon


def dp_count(true_count: float, epsilon: float, rng: np.random.Generator | int | None = None,
             sensitivity: float = 1.0, round_result: bool = False) -> float:
    """One epsilon-differentially private release of ``true_count`` (Laplace mechanism).

    Parameters
    ----------
    true_count : the count to protect.
    epsilon : privacy budget of this release (e.g. 0.1 very private, 5 barely).
    rng : a numpy Generator, a seed, or None (fresh randomness). Pass a Generator or seed for
        reproducible teaching figures; never reuse a seed for real releases.
    sensitivity : how much one person can change the statistic (1 for a count).
    round_result : round to a whole number and clip at 0 (post-processing keeps the guarantee).
    """
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    noisy = float(true_count) + float(gen.laplace(0.0, laplace_scale(epsilon, sensitivity)))
    return float(max(0, round(noisy))) if round_result else noisy


def total_epsilon(epsilons: list[float] | tuple[float, ...]) -> float:
    """Privacy spent by several releases about the same people: the budgets add up (sequential composition)."""
    if any(e <= 0 for e in epsilons):
        raise BadValueError("every epsilon must be positive")
    return float(sum(epsilons))
