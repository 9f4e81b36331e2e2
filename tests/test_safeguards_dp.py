"""Laplace mechanism demo: reproducible with a seed, the right spread, budgets add up."""

from __future__ import annotations

import numpy as np
import pytest

from ctie_helpers.safeguards import dp_count, laplace_scale, total_epsilon


def test_seeded_release_is_reproducible_and_matches_numpy():
    expected = 40 + np.random.default_rng(3).laplace(0.0, 2.0)
    assert dp_count(40, 0.5, rng=3) == pytest.approx(expected)
    assert dp_count(40, 0.5, rng=np.random.default_rng(3)) == pytest.approx(expected)


def test_noise_spread_follows_epsilon():
    rng = np.random.default_rng(0)
    draws = np.array([dp_count(100, 0.5, rng) for _ in range(20000)])
    assert abs(draws.mean() - 100) < 0.1
    assert draws.std() == pytest.approx(laplace_scale(0.5) * np.sqrt(2), rel=0.05)  # b * sqrt(2) = 2.83


def test_rounded_release_is_a_non_negative_whole_number():
    values = {dp_count(0, 0.1, rng=s, round_result=True) for s in range(50)}
    assert all(v >= 0 and float(v).is_integer() for v in values)


def test_budget_accounting_and_bad_epsilon():
    assert total_epsilon([0.5, 0.5, 1.0]) == 2.0
    with pytest.raises(ValueError):
        dp_count(10, 0)
    with pytest.raises(ValueError):
        total_epsilon([1.0, -1.0])
