"""Population-size estimation (MSE): textbook answers, statsmodels agreement, coverage, bad input."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from ctie_helpers.analysis import mse
from ctie_helpers.analysis._loglinear import mle_check
from ctie_helpers.analysis.mse import (
    chapman,
    detect_count_column,
    estimate_population,
    lincoln_petersen,
    two_list_interval,
)

FIXTURES = Path(__file__).parent / "fixtures" / "mse"

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


@pytest.mark.parametrize("method", ["stepwise", "aic", "bic"])
def test_auto_selection_finds_dependence_between_two_lists(method):
    rng = np.random.default_rng(11)
    table = simulate_lists(rng, 5000, [0.1, 0.1, 0.2], heterogeneity={0: 5.0, 1: 5.0})
    res = estimate_population(table, method=method)
    indep = estimate_population(table, model="independence")
    assert "list_a:list_b" in res.model and res.selection == method
    assert abs(res.estimate - 5000) < abs(indep.estimate - 5000)
    assert res.lower <= 5000 <= res.upper
    comp = res.models_compared
    chosen = comp[comp["chosen"]]
    assert len(chosen) == 1 and chosen["model"].iloc[0] == res.model
    if method != "stepwise":  # the chosen model is the best by the criterion among those tried at the last step
        last = comp[comp["step"] >= chosen["step"].iloc[0]]
        assert chosen[method].iloc[0] == last.loc[last["admissible"], method].min()


def test_aic_never_picks_a_saturated_or_sparse_model():
    table = THREE.copy()
    table.loc[table["list_a"].eq(1) & table["list_c"].eq(1), "count"] = [2, 1]  # a and c share 3 records
    res = estimate_population(table, method="aic")
    comp = res.models_compared
    assert (comp.loc[comp["chosen"], "df_resid"] >= 1).all()
    assert "list_a:list_c" not in res.model
    assert comp.loc[comp["model"].str.contains("list_a:list_c"), "admissible"].eq(False).all()


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("table", "kwargs", "message"),
    [
        (THREE.drop(columns="count"), {"count": "count"}, "count column 'count' not found"),
        (THREE.drop(columns="count"), {}, "no count column found among ['list_a', 'list_b', 'list_c']"),
        (THREE.assign(n=THREE["count"]), {}, "several columns could be the count: ['count', 'n']"),
        (THREE.rename(columns={"count": "people_seen"}).assign(age=30), {},
         "several numeric columns could be the count: ['people_seen', 'age']"),
        (THREE, {"method": "lasso"}, "method must be one of"),
        (THREE, {"interval": "profile"}, "interval must be one of"),
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


# --- the reference implementation: SparseMSE 2.0.1 on the UK 2013 table -------------------------------

@pytest.fixture(scope="module")
def uk():
    return pd.read_csv(FIXTURES / "uk_2013_five_lists.csv")


def test_uk_2013_reproduces_sparsemse_stepwise(uk):
    """Known answer: SparseMSE's estimatepopulation.0(UKdat_5, method = "stepwise") gives 11,313 (9,884-13,027)."""
    res = estimate_population(uk)
    assert (round(res.estimate), round(res.lower), round(res.upper)) == (11313, 9884, 13027)
    assert res.observed == 2744 and res.selection == "stepwise" and res.interval == "wald"
    assert res.count_column == "count" and "count" in res.messages[0]
    assert "SparseMSE" in res.method and "0.02" in res.method


def test_uk_2013_chosen_model_matches_statsmodels_glm(uk):
    """The chosen model refitted with statsmodels (all 31 observable cells, zeros included) gives the same N."""
    res = estimate_population(uk)
    names = ["LA", "NG", "PFNCA", "GO", "GP"]
    cells = pd.DataFrame(list(itertools.product((0, 1), repeat=5))[1:], columns=names)
    cells = cells.merge(uk, how="left", on=names).fillna({"count": 0})
    X = cells[names].astype(float)
    for term in res.model.split(" + "):
        a, b = term.split(":")
        X[term] = X[a] * X[b]
    fit = sm.GLM(cells["count"], sm.add_constant(X), family=sm.families.Poisson()).fit(tol=1e-14)
    z = 1.959963984540054
    b0, se = fit.params["const"], fit.bse["const"]
    assert res.estimate == pytest.approx(2744 + np.exp(b0), abs=1e-4)
    assert (res.lower, res.upper) == pytest.approx((2744 + np.exp(b0 - z * se), 2744 + np.exp(b0 + z * se)), abs=1e-4)


def test_uk_2013_stepwise_table_shows_each_step(uk):
    comp = estimate_population(uk).models_compared
    taken = comp[comp["taken"] & (comp["step"] > 0)]
    # the pairs SparseMSE adds, in order (the first: LA and NG share 18 cases where 3.96 are expected)
    assert list(taken["added"]) == ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]
    assert (taken["p_value"] < 0.02).all()
    assert taken.iloc[0]["overlap"] == 18 and taken.iloc[0]["expected"] == pytest.approx(3.964, abs=1e-3)
    last = comp[comp["step"] == comp["step"].max()]
    assert (last["p_value"] >= 0.02).all() and not last["taken"].any()
    # LA and GP share no case: that pair is fitted as SparseMSE does, with the LA-and-GP cells left out
    assert comp.loc[comp["added"] == "LA:GP", "df_resid"].iloc[0] == 31 - 6 - 8


def test_uk_2013_aic_and_bic_remain_available(uk):
    aic = estimate_population(uk, method="aic")
    bic = estimate_population(uk, method="bic")
    assert aic.selection == "aic" and bic.selection == "bic"
    assert "AIC" in aic.method and "BIC" in bic.method
    assert round(aic.estimate) == 29035  # the workbook's earlier default, kept as a named alternative
    assert bic.models_compared["bic"].notna().any()


def test_bca_interval_is_deterministic_for_a_seed_and_contains_the_estimate(uk):
    a = estimate_population(uk, interval="bca", n_boot=30, seed=7)
    b = estimate_population(uk, interval="bca", n_boot=30, seed=7)
    assert (a.lower, a.upper) == (b.lower, b.upper)
    assert a.lower < a.estimate < a.upper and round(a.estimate) == 11313
    assert a.interval == "bca" and a.bootstrap.n_boot == 30 and a.bootstrap.seed == 7
    assert "BCa" in a.method and "seed 7" in a.method
    c = estimate_population(THREE, interval="bca", n_boot=50, seed=8)
    d = estimate_population(THREE, interval="bca", n_boot=50, seed=9)
    assert (c.lower, c.upper) != (d.lower, d.upper)


def test_bca_on_independent_lists_covers_the_true_size():
    rng = np.random.default_rng(3)
    table = simulate_lists(rng, 2000, [0.2, 0.25, 0.3])
    res = estimate_population(table, interval="bca", n_boot=200, seed=1)
    assert res.lower <= 2000 <= res.upper
    assert abs(res.bootstrap.acceleration) < 0.1 and res.bootstrap.n_failed == 0


# --- existence and identifiability (Fienberg & Rinaldo's linear program) ------------------------------

# Everyone on A is also on B (cells 100 and 101 are empty): with an A:B term no table with every cell
# positive has these margins (x100 + x101 = n_A - n_AB = 0), so the MLE of that model does not exist.
NESTED = pd.DataFrame({"a": [1, 0, 0, 1, 1, 0, 1], "b": [0, 1, 0, 1, 0, 1, 1], "c": [0, 0, 1, 0, 1, 1, 1],
                       "count": [0, 30, 40, 20, 0, 10, 5]})
# A and B share no case: with all three pairs, the cells left (100, 010, 001, 101, 011) are fewer
# than the six parameters (intercept, A, B, C, A:C, B:C), so the model is not identifiable.
DISJOINT = pd.DataFrame({"a": [1, 0, 0, 1, 0], "b": [0, 1, 0, 0, 1], "c": [0, 0, 1, 1, 1],
                         "count": [50, 60, 70, 12, 15]})


def test_model_whose_mle_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="maximum-likelihood estimate does not exist"):
        estimate_population(NESTED, model="a:b")
    res = estimate_population(NESTED)  # stepwise: a:b is very significant, but inadmissible
    row = res.models_compared.query("step == 1 and added == 'a:b'").iloc[0]
    assert not row["admissible"] and "does not exist" in row["reason"] and not row["taken"]
    assert "a:b" not in res.model


def test_non_identifiable_model_is_refused():
    with pytest.raises(ValueError, match="not identifiable"):
        estimate_population(DISJOINT, model="a:b + a:c + b:c")
    # Without a:b the a-and-b cell is still pinned by the margins of a:c + b:c
    # (total = n_a + n_b + n_c - n_ac - n_bc - x_110, so x_110 = 0): no MLE either; a:c alone is fine.
    with pytest.raises(ValueError, match="does not exist"):
        estimate_population(DISJOINT, model="a:c + b:c")
    assert estimate_population(DISJOINT, model="a:c").estimate > DISJOINT["count"].sum()


def test_linear_program_agrees_with_the_fitted_values_shortcut(uk):
    """mle_check's two routes (solve the LP / read a positive fit) give the same verdict."""
    from ctie_helpers.analysis._loglinear import all_histories, design_matrix, fit_poisson

    hist = all_histories(3)
    for table, pairs, exists in [(THREE, [(0, 1)], True), (NESTED, [(0, 1)], False), (NESTED, [], True)]:
        code = table[list(table.columns[:3])].to_numpy() @ np.array([4, 2, 1])
        y = np.bincount(code, weights=table["count"], minlength=8)[1:]
        X = design_matrix(hist, pairs)
        assert mle_check(X, y).exists is exists
        assert mle_check(X, y, fitted=fit_poisson(X, y)).exists is exists


# --- count column detection --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["n", "frequency", "Freq", "COUNT"])
def test_count_column_detected_by_name(name):
    table = THREE.rename(columns={"count": name})
    res = estimate_population(table)
    assert res.count_column == name and "by its name" in res.messages[0]
    assert res.estimate == pytest.approx(estimate_population(THREE, count="count").estimate)


def test_count_column_detected_as_the_only_non_binary_numeric_column():
    table = THREE.rename(columns={"count": "people seen"})
    assert detect_count_column(table) == ("people seen", "the only numeric column not holding just 0/1")
    assert estimate_population(table).count_column == "people seen"
