"""Population-size estimation (MSE): textbook answers, statsmodels agreement, coverage, bad input."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from ctie_helpers.analysis import mse
from ctie_helpers.analysis.mse import chapman, estimate_population, lincoln_petersen, two_list_interval

# A three-list table in the shape of service_lists (all seven observable histories present).
THREE = pd.DataFrame(
    {
        "list_a": [1, 0, 0, 1, 1, 0, 1],
        "list_b": [0, 1, 0, 1, 0, 1, 1],
        "list_c": [0, 0, 1, 0, 1, 1, 1],
        "count": [212, 173, 148, 61, 40, 52, 14],
    }
)


def simulate_lists(rng, n_true, probs, *, heterogeneity=None):
    """Capture histories of a closed population of known size (a pure test fixture)."""
    p = np.tile(np.asarray(probs, dtype=float), (n_true, 1))
    if heterogeneity is not None:  # a latent class raises capture on the lists named in it
        cls = rng.random(n_true) < 0.3
        for j, factor in heterogeneity.items():
            p[cls, j] = np.minimum(p[cls, j] * factor, 0.95)
    caught = (rng.random(p.shape) < p).astype(int)
    caught = caught[caught.any(axis=1)]
    names = [f"list_{chr(97 + j)}" for j in range(len(probs))]
    return pd.DataFrame(caught, columns=names).value_counts().rename("count").reset_index()


def statsmodels_fit(table, interactions=()):
    X = table[["list_a", "list_b", "list_c"]].astype(float)
    for a, b in interactions:
        X[f"{a}:{b}"] = X[a] * X[b]
    return sm.GLM(table["count"].astype(float), sm.add_constant(X), family=sm.families.Poisson()).fit(tol=1e-14)


# --- two lists -------------------------------------------------------------------------------

def test_lincoln_petersen_brief_example_is_exactly_2000():
    assert lincoln_petersen(400, 300, 60) == 2000.0


def test_chapman_on_the_brief_example():
    assert chapman(400, 300, 60) == pytest.approx(401 * 301 / 61 - 1)
    assert chapman(400, 300, 60) == pytest.approx(1977.7049, abs=1e-4)


def test_estimate_population_two_lists_reproduces_lincoln_petersen_exactly():
    table = pd.DataFrame({"police": [1, 1, 0], "ngo": [1, 0, 1], "count": [60, 340, 240]})
    res = estimate_population(table)
    assert res.estimate == 2000.0
    assert res.observed == 640 and res.n_lists == 2 and res.model == "independence"
    assert res.observed < res.lower < 2000 < res.upper
    # delta method on log f0: var(log f0) = 1/n10 + 1/n01 + 1/n11 for the saturated two-list model
    se = np.sqrt(1 / 340 + 1 / 240 + 1 / 60)
    assert res.lower == pytest.approx(640 + 1360 * np.exp(-1.959964 * se), rel=1e-6)


def test_two_list_chapman_model_and_chao_interval():
    table = pd.DataFrame({"a": [1, 1, 0], "b": [1, 0, 1], "count": [60, 340, 240]})
    res = estimate_population(table, model="chapman")
    assert res.estimate == pytest.approx(chapman(400, 300, 60))
    lo, hi = two_list_interval(400, 300, 60)
    assert (res.lower, res.upper) == (lo, hi)
    # Chao's interval by hand: var from Seber, C = exp(z sqrt(log(1 + var/f0^2)))
    var = 401 * 301 * 340 * 240 / (61**2 * 62)
    f0 = chapman(400, 300, 60) - 640
    c = np.exp(1.959964 * np.sqrt(np.log(1 + var / f0**2)))
    assert lo == pytest.approx(640 + f0 / c, rel=1e-6) and hi == pytest.approx(640 + f0 * c, rel=1e-6)


# --- three lists against statsmodels ----------------------------------------------------------

def test_independence_model_matches_statsmodels_glm():
    res = estimate_population(THREE, model="independence")
    fit = statsmodels_fit(THREE)
    observed = THREE["count"].sum()
    assert res.estimate == pytest.approx(observed + np.exp(fit.params["const"]), abs=1e-6)
    z = 1.959963984540054
    se = fit.bse["const"]
    assert res.lower == pytest.approx(observed + np.exp(fit.params["const"] - z * se), abs=1e-6)
    assert res.upper == pytest.approx(observed + np.exp(fit.params["const"] + z * se), abs=1e-6)
    row = res.models_compared.iloc[0]
    assert row["aic"] == pytest.approx(fit.aic, abs=1e-6)
    assert row["deviance"] == pytest.approx(fit.deviance, abs=1e-6)
    assert res.lower < res.estimate < res.upper


@pytest.mark.parametrize(
    ("spec", "pairs"),
    [
        ("list_a:list_b", [("list_a", "list_b")]),
        ([("list_b", "list_a")], [("list_a", "list_b")]),
        ("list_b:list_c + list_a:list_c", [("list_a", "list_c"), ("list_b", "list_c")]),
    ],
)
def test_interaction_models_match_statsmodels_glm(spec, pairs):
    res = estimate_population(THREE, model=spec)
    fit = statsmodels_fit(THREE, pairs)
    assert res.estimate == pytest.approx(THREE["count"].sum() + np.exp(fit.params["const"]), abs=1e-6)
    assert res.lower < res.estimate < res.upper
    assert res.model == " + ".join(f"{a}:{b}" for a, b in pairs)


def test_unobserved_histories_may_be_absent_and_duplicates_are_summed():
    sparse = THREE[THREE["count"] != 14].copy()  # drop the triple overlap: a zero cell, not missing data
    full = pd.concat([sparse, pd.DataFrame({"list_a": [1], "list_b": [1], "list_c": [1], "count": [0]})])
    a = estimate_population(sparse, model="independence")
    b = estimate_population(full, model="independence")
    assert a.estimate == pytest.approx(b.estimate, rel=1e-12)
    split = pd.concat([THREE.assign(count=THREE["count"] - 10), THREE.assign(count=10)]).sample(frac=1, random_state=1)
    assert estimate_population(split, model="independence").estimate == pytest.approx(
        estimate_population(THREE, model="independence").estimate, rel=1e-12)
    with_zero_row = pd.concat([THREE, pd.DataFrame({"list_a": [0], "list_b": [0], "list_c": [0], "count": [0]})])
    assert estimate_population(with_zero_row).estimate == pytest.approx(estimate_population(THREE).estimate)


# --- simulated populations with a known size ---------------------------------------------------

def test_interval_covers_known_population_size():
    rng = np.random.default_rng(20240501)
    table = simulate_lists(rng, 3000, [0.2, 0.3, 0.25])
    res = estimate_population(table)
    assert res.lower <= 3000 <= res.upper
    assert abs(res.estimate - 3000) < 300


def test_independence_interval_has_near_nominal_coverage():
    rng = np.random.default_rng(7)
    hits = [
        (r.lower <= 2000 <= r.upper)
        for r in (estimate_population(simulate_lists(rng, 2000, [0.15, 0.2, 0.25]), model="independence")
                  for _ in range(200))
    ]
    assert 0.90 <= np.mean(hits) <= 0.99


def test_auto_selection_finds_dependence_between_two_lists():
    rng = np.random.default_rng(11)
    table = simulate_lists(rng, 5000, [0.1, 0.1, 0.2], heterogeneity={0: 5.0, 1: 5.0})
    res = estimate_population(table)
    indep = estimate_population(table, model="independence")
    assert "list_a:list_b" in res.model
    assert abs(res.estimate - 5000) < abs(indep.estimate - 5000)
    assert res.lower <= 5000 <= res.upper
    chosen = res.models_compared[res.models_compared["chosen"]]
    assert len(chosen) == 1 and chosen["aic"].iloc[0] == res.models_compared.loc[
        res.models_compared["admissible"], "aic"].min()


def test_auto_never_picks_a_saturated_or_sparse_model():
    table = THREE.copy()
    table.loc[table["list_a"].eq(1) & table["list_c"].eq(1), "count"] = [2, 1]  # a and c share 3 records
    res = estimate_population(table)
    comp = res.models_compared
    assert (comp.loc[comp["chosen"], "df_resid"] >= 1).all()
    assert "list_a:list_c" not in res.model
    assert comp.loc[comp["model"].str.contains("list_a:list_c"), "admissible"].eq(False).all()


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("table", "kwargs", "message"),
    [
        (THREE.drop(columns="count"), {}, "count column 'count' not found"),
        (THREE.assign(list_b=[0, 1, 0, 2, 0, 1, 1]), {}, "list column 'list_b' must hold only 0/1; row 3"),
        (THREE.assign(count=[212, 173, -1, 61, 40, 52, 14]), {}, "row 2"),
        (THREE.assign(count=[212, 173, 1.5, 61, 40, 52, 14]), {}, "non-negative whole numbers"),
        (pd.concat([THREE, pd.DataFrame({"list_a": [0], "list_b": [0], "list_c": [0], "count": [5]})],
                   ignore_index=True), {}, "row 7 has count 5 for a history on no list"),
        (THREE[["list_a", "count"]], {}, "at least two list columns"),
        (pd.DataFrame({"a": [1, 0], "b": [0, 1], "count": [5, 6]}), {}, "share no records"),
        (THREE, {"model": "list_a:list_z"}, "must name two different lists"),
        (THREE, {"lists": ["list_a", "nope"]}, "['nope'] not found"),
        (THREE, {"model": "chapman"}, "needs exactly two lists"),
    ],
)
def test_bad_input_raises_clear_errors(table, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        estimate_population(table, **kwargs)


def test_two_list_function_input_errors():
    with pytest.raises(ValueError, match="m .* cannot exceed"):
        lincoln_petersen(10, 20, 30)
    with pytest.raises(ValueError, match="undefined"):
        lincoln_petersen(10, 20, 0)
    assert chapman(10, 20, 0) == pytest.approx(11 * 21 - 1)


def test_module_exports():
    assert set(mse.__all__) >= {"estimate_population", "lincoln_petersen", "chapman", "PopulationEstimate"}
