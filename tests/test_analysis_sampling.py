"""Sample size, precision, design effect, allocation and Wilson intervals: the brief's worked numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from ctie_helpers.analysis.sampling import (
    allocate,
    design_effect,
    margin_of_error,
    sample_size,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, 385),
        ({"margin": 0.10}, 97),
        ({"p": 0.3}, 323),
        ({"p": 0.1, "margin": 0.03}, 385),
        ({"population": 1000}, 278),
        ({"population": 500}, 218),
        ({"population": 2000}, 323),
        ({"population": 10_000}, 370),
    ],
)
def test_brief_sample_sizes(kwargs, expected):
    assert sample_size(**kwargs).n == expected


def test_brief_chain_with_design_effect_and_nonresponse():
    res = sample_size(population=2000, deff=2, nonresponse=0.10)
    assert res.n0 == pytest.approx(384.146, abs=1e-3)
    assert res.n_fpc == pytest.approx(322.39, abs=0.01)
    steps = res.steps
    assert list(steps["rounded_up"]) == [385, 323, 645, 717]
    assert res.n == 717
    # the other convention (DEFF before FPC) would give 556: this one must not
    n0_deff = res.n0 * 2
    assert int(np.ceil(n0_deff / (1 + (n0_deff - 1) / 2000))) == 556 != res.n


def test_design_effect_examples():
    assert design_effect(10, 0.1) == pytest.approx(1.9)
    assert design_effect(15, 0.05) == pytest.approx(1.7)
    assert design_effect(1, 0.5) == 1.0


def test_margin_of_error_example_and_fpc():
    assert margin_of_error(0.2, 400, deff=1.5) == pytest.approx(0.048, abs=5e-4)
    assert round(margin_of_error(0.2, 400, deff=1.5) * 100, 1) == 4.8
    # the sample size for ±5% gives back (at most) ±5%
    assert margin_of_error(0.5, 385) <= 0.05 < margin_of_error(0.5, 384)
    assert margin_of_error(0.5, 278, population=1000) <= 0.05
    assert margin_of_error(0.5, 100, population=100) == 0.0


def test_wilson_known_values():
    assert wilson_interval(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)  # Newcombe (1998)
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.2775, abs=1e-4)
    x, n = np.array([3, 15, 40]), np.array([20, 60, 40])
    lo, hi = wilson_interval(x, n, confidence=0.9)
    ref = proportion_confint(x, n, alpha=0.1, method="wilson")
    np.testing.assert_allclose(lo, ref[0], atol=1e-10)
    np.testing.assert_allclose(hi, ref[1], atol=1e-10)


def test_allocation_methods():
    sizes = {"north": 5000, "centre": 3000, "south": 2000}
    assert allocate(sizes, 400).to_dict() == {"north": 200, "centre": 120, "south": 80}
    assert allocate(sizes, 100, "equal").to_dict() == {"north": 34, "centre": 33, "south": 33}
    ney = allocate(sizes, 300, "neyman", sd={"north": 0.3, "centre": 0.5, "south": 0.5})
    # N*S = 1500, 1500, 1000 -> 112.5, 112.5, 75 -> largest remainder keeps the sum at 300
    assert ney.sum() == 300 and ney["south"] == 75 and sorted(ney[["north", "centre"]]) == [112, 113]
    capped = allocate({"a": 10, "b": 1000}, 100, "equal")
    assert capped.to_dict() == {"a": 10, "b": 90}
    odd = allocate(pd.Series({"a": 1, "b": 1, "c": 1}), 2)
    assert odd.sum() == 2 and odd.max() == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sample_size(p=0), "p must be strictly between 0 and 1"),
        (lambda: sample_size(margin=1.5), "margin"),
        (lambda: sample_size(confidence=95), "confidence"),
        (lambda: sample_size(deff=0.5), "deff must be at least 1"),
        (lambda: sample_size(nonresponse=1), "nonresponse"),
        (lambda: sample_size(population=0), "population"),
        (lambda: allocate({"a": 10}, 5, "random"), "method must be"),
        (lambda: allocate({"a": 10}, 50), "between 0 and the total"),
        (lambda: allocate({"a": 10, "b": 5}, 5, "neyman"), "needs sd"),
        (lambda: margin_of_error(0.5, 200, population=100), "cannot exceed"),
        (lambda: wilson_interval(5, 3), "between 0 and n"),
    ],
)
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
