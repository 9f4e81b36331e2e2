"""Sampling simulator and RDS: probability designs unbiased, convenience biased, RDS-II beats naive."""

from __future__ import annotations

import numpy as np
import pytest

from ctie_helpers.analysis.rds import compare_rds, make_network, rds_estimates, rds_ii, simulate_rds
from ctie_helpers.analysis.simulate import compare_designs, draw_sample, make_population


@pytest.fixture(scope="module")
def pop():
    return make_population(seed=1)


@pytest.fixture(scope="module")
def results(pop):
    return compare_designs(pop, n=400, reps=300, seed=2).set_index("design")


def test_population_is_rare_clustered_and_seeded(pop):
    assert 0.04 < pop.prevalence < 0.12
    site_rate = pop.units.groupby("cluster_id")["trait"].mean()
    assert site_rate.var() > 3 * pop.prevalence * (1 - pop.prevalence) / 50  # far more spread than binomial
    again = make_population(seed=1)
    assert again.units.equals(pop.units) and np.array_equal(again.edges, pop.edges)


def test_probability_samples_are_unbiased(results):
    for design in ("simple_random", "stratified", "cluster"):
        row = results.loc[design]
        # bias within 3 Monte Carlo standard errors of zero
        assert abs(row["bias"]) < 3 * row["sd"] / np.sqrt(300), design
    srs = results.loc["simple_random"]
    p = srs["truth"]
    assert srs["sd"] == pytest.approx(np.sqrt(p * (1 - p) / 400 * (10_000 - 400) / 9_999), rel=0.15)
    assert results.loc["cluster", "sd"] > results.loc["simple_random", "sd"]  # the design effect at work


def test_convenience_and_snowball_samples_are_biased(results):
    conv, snow = results.loc["convenience"], results.loc["snowball"]
    assert conv["bias"] < -0.5 * conv["truth"]  # the hard-to-reach trait is missed
    assert snow["bias"] > 0.5 * snow["truth"]  # referral chains from known cases find more cases
    assert conv["rmse"] > 2 * results.loc["simple_random", "rmse"]
    assert not conv["probability"] and results.loc["stratified", "probability"]


def test_draw_sample_is_deterministic_and_sized(pop):
    a = draw_sample(pop, "cluster", n=400, seed=5)
    b = draw_sample(pop, "cluster", n=400, seed=5)
    assert a.equals(b) and len(a) == 400 and a["unit_id"].is_unique
    assert a["cluster_id"].nunique() == 40 and (a.groupby("cluster_id").size() == 10).all()
    strat = draw_sample(pop, "stratified", n=400, seed=5)
    assert strat.groupby("stratum").size().tolist() == [100, 100, 100, 100]
    with pytest.raises(ValueError, match="design must be one of"):
        draw_sample(pop, "quota")


def test_rds_recruitment_respects_coupons_and_waves():
    net = make_network(seed=1)
    s = simulate_rds(net, n_seeds=5, coupons=3, target=250, seed=2)
    assert len(s) == 250 and s["node_id"].is_unique
    recruits = s[s["recruiter_id"] >= 0]
    assert recruits.groupby("recruiter_id").size().max() <= 3
    assert (s.loc[s["wave"] == 0, "recruiter_id"] == -1).sum() == 5
    wave_of = s.set_index("node_id")["wave"]
    assert (wave_of[recruits["recruiter_id"]].to_numpy() == recruits["wave"].to_numpy() - 1).all()
    assert s.equals(simulate_rds(net, n_seeds=5, coupons=3, target=250, seed=2))
    edges = {tuple(e) for e in net.edges}
    assert all(tuple(sorted(p)) in edges for p in recruits[["recruiter_id", "node_id"]].to_numpy())


def test_rds_ii_known_value_and_beats_naive_when_degree_tracks_trait():
    assert rds_ii([1, 0, 0], [2, 4, 4]) == pytest.approx((1 / 2) / (1 / 2 + 1 / 4 + 1 / 4))
    net = make_network(seed=1)
    reps = compare_rds(net, reps=20, seed=3, target=200)
    truth = net.prevalence
    assert (reps["naive"] - truth).mean() > 0.1  # high-degree people (with the trait) over-sampled
    assert (reps["rds_ii"] - truth).abs().mean() < (reps["naive"] - truth).abs().mean() / 2
    one = rds_estimates(simulate_rds(net, seed=4))
    assert set(one) == {"naive", "rds_ii"}
    with pytest.raises(ValueError, match="degree must be at least 1"):
        rds_ii([1, 0], [0, 3])
