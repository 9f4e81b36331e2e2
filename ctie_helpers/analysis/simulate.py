"""Sampling simulator for session 5: why convenience and snowball samples mislead and random,
stratified and cluster samples do not (brief 9.4).

A synthetic population of sites (clusters) in strata carries a rare trait that clusters in remote
sites; people with the trait are also harder to reach. :func:`compare_designs` draws many samples
under each design from the same population and reports the bias, spread and RMSE of the estimated
prevalence. Everything is seeded (``numpy.random.default_rng``) and deterministic; repetitions are
drawn in blocks of random-key matrices, never one unit at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ctie_helpers.analysis._stats import check_probability
from ctie_helpers.analysis.sampling import allocate
from ctie_helpers.errors import BadValueError

__all__ = ["SyntheticPopulation", "make_population", "draw_sample", "compare_designs", "DESIGNS"]

DESIGNS = ("simple_random", "stratified", "cluster", "convenience", "snowball")
PROBABILITY_DESIGNS = {"simple_random", "stratified", "cluster"}
_BLOCK = 2_000_000  # random keys per block: about 16 MB of floats at a time


@dataclass(frozen=True, eq=False)
class SyntheticPopulation:
    """Units (one row each) and their undirected social ties (pairs of unit ids)."""

    units: pd.DataFrame
    edges: np.ndarray
    cluster_size: int

    @property
    def prevalence(self) -> float:
        """The true share of units with the trait: what every design tries to estimate."""
        return float(self.units["trait"].mean())


def make_population(
    n_clusters: int = 200,
    cluster_size: int = 50,
    n_strata: int = 4,
    prevalence: float = 0.08,
    icc: float = 0.15,
    hidden: float = 0.3,
    homophily: float = 0.7,
    seed: int = 0,
) -> SyntheticPopulation:
    """A population with a rare trait that clusters by site, and a social network.

    Site prevalence follows a Beta distribution with mean rising with the site's remoteness (mean
    ``prevalence`` overall) and intraclass correlation ``icc``. A unit's accessibility is
    ``1 − remoteness`` of its site, times ``hidden`` if it has the trait. Each unit names about
    three contacts in its own site; a unit with the trait names another with the trait with
    probability ``homophily`` (where the site has one).
    """
    check_probability("prevalence", prevalence)
    check_probability("icc", icc)
    rng = np.random.default_rng(seed)
    remote = rng.random(n_clusters)
    mean_c = np.clip(prevalence * (0.4 + 1.2 * remote), 1e-4, 0.999)
    ab = 1 / icc - 1
    p_c = rng.beta(mean_c * ab, (1 - mean_c) * ab)
    cluster = np.repeat(np.arange(n_clusters), cluster_size)
    trait = (rng.random(cluster.size) < p_c[cluster]).astype(np.int8)
    access = (1.02 - remote[cluster]) * np.where(trait == 1, hidden, 1.0)
    units = pd.DataFrame({
        "unit_id": np.arange(cluster.size), "cluster_id": cluster,
        "stratum": (cluster % n_strata).astype(np.intp), "remoteness": remote[cluster],
        "accessibility": access, "trait": trait,
    })
    return SyntheticPopulation(units, _site_network(rng, cluster, trait, cluster_size, homophily), cluster_size)


def _site_network(rng, cluster, trait, size, homophily) -> np.ndarray:
    # Partners are picked by position in a (cluster, trait)-sorted index: random draws inside a
    # block of that index give "a random unit of this site with this trait" for all units at once.
    n = cluster.size
    ego = np.repeat(np.arange(n), rng.poisson(3, n))
    order = np.lexsort((trait, cluster))
    block = cluster[order] * 2 + trait[order]
    starts = np.searchsorted(block, np.arange(2 * (cluster.max() + 1) + 1))
    want_same = (trait[ego] == 1) & (rng.random(ego.size) < homophily)
    b = cluster[ego] * 2 + 1
    has_same = (starts[b + 1] - starts[b]) > 1
    pick = starts[b] + (rng.random(ego.size) * (starts[b + 1] - starts[b])).astype(np.int64)
    same = order[np.minimum(pick, n - 1)]  # clipped picks are from empty blocks and never used
    anyone = cluster[ego] * size + rng.integers(0, size, ego.size)
    alter = np.where(want_same & has_same, same, anyone)
    pairs = np.sort(np.column_stack([ego, alter]), axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)


def draw_sample(pop: SyntheticPopulation, design: str, n: int = 400, seed: int = 0,
                cluster_take: int = 10) -> pd.DataFrame:
    """One sample under ``design``: the sampled units with their design weight."""
    idx, weight = _draw(pop, design, n, 1, np.random.default_rng(seed), cluster_take)
    return pop.units.iloc[idx[0]].assign(design_weight=weight[0]).reset_index(drop=True)


def compare_designs(
    pop: SyntheticPopulation,
    n: int = 400,
    reps: int = 500,
    seed: int = 0,
    designs: tuple[str, ...] = DESIGNS,
    cluster_take: int = 10,
) -> pd.DataFrame:
    """Repeat each design ``reps`` times; bias, standard deviation and RMSE of the estimate.

    Returns one row per design: design, probability (is it a probability sample), truth,
    mean_estimate, bias, sd, rmse, and ``estimates`` (the array of all replicate estimates, for
    a histogram).
    """
    truth = pop.prevalence
    rng = np.random.default_rng(seed)
    y = pop.units["trait"].to_numpy(dtype=float)
    rows = []
    for design in designs:
        idx, weight = _draw(pop, design, n, reps, rng, cluster_take)
        est = np.sum(y[idx] * weight, axis=1) / np.sum(weight, axis=1)
        rows.append({"design": design, "probability": design in PROBABILITY_DESIGNS, "truth": truth,
                     "mean_estimate": est.mean(), "bias": est.mean() - truth, "sd": est.std(ddof=1),
                     "rmse": float(np.sqrt(np.mean((est - truth) ** 2))), "estimates": est})
    return pd.DataFrame(rows)


def _draw(pop, design, n, reps, rng, cluster_take) -> tuple[np.ndarray, np.ndarray]:
    """Index matrix ``(reps, n)`` of sampled units and matching design weights."""
    units = pop.units
    size = len(units)
    if not 0 < n <= size:
        raise BadValueError(f"n must be between 1 and the population size {size}, got {n}")
    ones = np.ones((reps, n))
    if design == "simple_random":
        return _top_k(rng, reps, size, n, lambda k: rng.random(k)), ones
    if design == "convenience":
        # Efraimidis–Spirakis keys log(u)/a: the n largest are a draw without replacement with
        # probability proportional to accessibility a (who is easiest to find is found first).
        log_a = np.log(units["accessibility"].to_numpy())
        return _top_k(rng, reps, size, n, lambda k: np.log(rng.random(k)) / np.exp(np.resize(log_a, k))), ones
    if design == "stratified":
        stratum = units["stratum"].to_numpy()
        sizes = pd.Series(np.bincount(stratum))
        n_h = allocate(sizes, n).to_numpy()
        order_base = stratum.astype(float)
        starts = np.concatenate([[0], np.cumsum(sizes.to_numpy())[:-1]])
        take = np.concatenate([s + np.arange(k) for s, k in zip(starts, n_h, strict=True)])
        idx = np.vstack([np.argsort(order_base + rng.random((r, size)), axis=1)[:, take]
                         for r in _blocks(reps, size)])
        w_h = sizes.to_numpy() / np.maximum(n_h, 1)
        return idx, np.tile(w_h[stratum[idx[0]]], (reps, 1))
    if design == "cluster":
        m = min(cluster_take, pop.cluster_size)
        k = max(n // m, 1)
        n_clusters = size // pop.cluster_size
        if k > n_clusters:
            raise BadValueError(f"n={n} needs {k} sites of {m}, but the population has {n_clusters}")
        chosen = _top_k(rng, reps, n_clusters, k, lambda q: rng.random(q))
        within = np.argpartition(rng.random((reps, k, pop.cluster_size)), m - 1, axis=2)[:, :, :m]
        idx = (chosen[:, :, None] * pop.cluster_size + within).reshape(reps, k * m)
        return idx, np.ones(idx.shape)  # equal site sizes and equal takes: self-weighting
    if design == "snowball":
        return np.vstack([_snowball(pop, n, rng) for _ in range(reps)]), ones
    raise BadValueError(f"design must be one of {DESIGNS}, got {design!r}")


def _blocks(reps: int, width: int) -> list[int]:
    per = max(1, _BLOCK // max(width, 1))
    return [min(per, reps - i) for i in range(0, reps, per)]


def _top_k(rng, reps, width, k, keys) -> np.ndarray:
    """Indices of the k largest random keys in each of ``reps`` rows, in blocks of rows."""
    out = []
    for r in _blocks(reps, width):
        key = keys(r * width).reshape(r, width)
        out.append(np.argpartition(-key, k - 1, axis=1)[:, :k])
    return np.vstack(out)


def _snowball(pop: SyntheticPopulation, n: int, rng) -> np.ndarray:
    """Start from three known cases (units with the trait); each wave enrols all contacts."""
    size = len(pop.units)
    indptr, nbr = _csr(pop)
    known = np.flatnonzero(pop.units["trait"].to_numpy() == 1)
    pool = known if known.size else np.arange(size)
    taken = np.zeros(size, bool)
    frontier = rng.choice(pool, size=min(3, pool.size), replace=False)
    sample: list[np.ndarray] = []
    count = 0
    while count < n:
        if frontier.size == 0:  # the chain died out: a new referral from anyone not yet seen
            frontier = rng.choice(np.flatnonzero(~taken), size=1)
        frontier = frontier[~taken[frontier]][: n - count]
        taken[frontier] = True
        sample.append(frontier)
        count += frontier.size
        starts, lens = indptr[frontier], indptr[frontier + 1] - indptr[frontier]
        pos = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())
        nxt = np.unique(nbr[pos])
        frontier = rng.permutation(nxt[~taken[nxt]])
    return np.concatenate(sample)[:n]


def _csr(pop: SyntheticPopulation) -> tuple[np.ndarray, np.ndarray]:
    both = np.vstack([pop.edges, pop.edges[:, ::-1]])
    both = both[np.argsort(both[:, 0], kind="stable")]
    indptr = np.searchsorted(both[:, 0], np.arange(len(pop.units) + 1))
    return indptr, both[:, 1]
