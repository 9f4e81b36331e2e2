"""Respondent-driven sampling (RDS) on a small random network, for session 5 (brief 9.4).

Seeds are interviewed first; each respondent gets ``coupons`` (3) to pass to contacts not yet
in the sample, wave after wave, and reports their network size (degree). People with many
contacts are more likely to be recruited, so the plain sample share over-represents them. The
RDS-II (Volz–Heckathorn 2008) estimator weights each respondent by the inverse of their degree,
``Σ y_i/d_i / Σ 1/d_i``, which removes that bias when recruitment behaves like a random walk.
Seeded and deterministic; each wave is processed with array operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ctie_helpers.analysis._stats import check_probability
from ctie_helpers.errors import BadValueError

__all__ = ["Network", "make_network", "simulate_rds", "rds_estimates", "rds_ii", "compare_rds"]


@dataclass(frozen=True, eq=False)
class Network:
    """Nodes (``node_id``, ``trait``, ``degree``) and undirected edges (pairs of node ids)."""

    nodes: pd.DataFrame
    edges: np.ndarray

    @property
    def prevalence(self) -> float:
        return float(self.nodes["trait"].mean())


def make_network(
    n: int = 1000, prevalence: float = 0.3, mean_degree: float = 6.0, degree_ratio: float = 3.0, seed: int = 0
) -> Network:
    """A random network in which people with the trait have ``degree_ratio`` times more contacts.

    Edges join two nodes drawn with probability proportional to their activity (1, or
    ``degree_ratio`` with the trait), a Chung–Lu graph; self-loops and repeats are dropped.
    """
    check_probability("prevalence", prevalence)
    rng = np.random.default_rng(seed)
    trait = (rng.random(n) < prevalence).astype(np.int8)
    activity = np.where(trait == 1, degree_ratio, 1.0)
    n_edges = int(round(n * mean_degree / 2))
    ends = rng.choice(n, size=(n_edges, 2), p=activity / activity.sum())
    ends = np.sort(ends, axis=1)
    edges = np.unique(ends[ends[:, 0] != ends[:, 1]], axis=0)
    degree = np.bincount(edges.ravel().astype(np.intp), minlength=n)
    return Network(pd.DataFrame({"node_id": np.arange(n), "trait": trait, "degree": degree}), edges)


def simulate_rds(
    net: Network, n_seeds: int = 5, coupons: int = 3, target: int = 300, max_waves: int = 50, seed: int = 0
) -> pd.DataFrame:
    """Recruit wave by wave until ``target`` respondents (or no coupon can be placed).

    Returns one row per respondent: ``node_id``, ``recruiter_id`` (−1 for seeds), ``wave`` (0 for
    seeds), ``seed_id``, ``degree`` and ``trait``. Each recruiter passes up to ``coupons`` coupons
    to contacts chosen at random among those not yet recruited; a contact reached by two
    recruiters in the same wave joins once.
    """
    if coupons < 1 or n_seeds < 1 or target < n_seeds:
        raise BadValueError("need coupons >= 1, n_seeds >= 1 and target >= n_seeds")
    rng = np.random.default_rng(seed)
    nodes = net.nodes
    degree = nodes["degree"].to_numpy()
    candidates = np.flatnonzero(degree > 0)
    if candidates.size < n_seeds:
        raise BadValueError("the network has fewer connected nodes than seeds")
    indptr, nbr = _csr(net.edges, len(nodes))
    taken = np.zeros(len(nodes), bool)
    cur = rng.choice(candidates, size=n_seeds, replace=False)
    parts = [pd.DataFrame({"node_id": cur, "recruiter_id": -1, "wave": 0, "seed_id": cur})]
    taken[cur] = True
    seed_of = np.full(len(nodes), -1)
    seed_of[cur] = cur
    count = n_seeds
    for wave in range(1, max_waves + 1):
        if count >= target or cur.size == 0:
            break
        lens = indptr[cur + 1] - indptr[cur]
        pos = np.repeat(indptr[cur] - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())
        recruiter, contact = np.repeat(cur, lens), nbr[pos]
        free = ~taken[contact]
        recruiter, contact = recruiter[free], contact[free]
        order = rng.permutation(contact.size)  # random choice among contacts, random tie-breaks
        recruiter, contact = recruiter[order], contact[order]
        _, first = np.unique(contact, return_index=True)  # each contact joins once
        keep = np.sort(first)
        recruiter, contact = recruiter[keep], contact[keep]
        rank = _rank_within(recruiter)
        ok = rank < coupons
        recruiter, contact = recruiter[ok][: target - count], contact[ok][: target - count]
        taken[contact] = True
        seed_of[contact] = seed_of[recruiter]
        parts.append(pd.DataFrame({"node_id": contact, "recruiter_id": recruiter, "wave": wave,
                                   "seed_id": seed_of[contact]}))
        count += contact.size
        cur = contact
    sample = pd.concat(parts, ignore_index=True)
    return sample.assign(degree=degree[sample["node_id"]], trait=nodes["trait"].to_numpy()[sample["node_id"]])


def rds_ii(y: np.ndarray, degree: np.ndarray) -> float:
    """Volz–Heckathorn (RDS-II) estimate of a proportion: ``Σ y/d / Σ 1/d``."""
    y, d = np.asarray(y, dtype=float), np.asarray(degree, dtype=float)
    if np.any(d <= 0):
        raise BadValueError("every respondent's degree must be at least 1 (they were recruited through a tie)")
    return float(np.sum(y / d) / np.sum(1.0 / d))


def rds_estimates(sample: pd.DataFrame, trait: str = "trait", degree: str = "degree") -> dict[str, float]:
    """The naive sample share and the RDS-II estimate for a 0/1 ``trait`` column."""
    y = sample[trait].to_numpy(dtype=float)
    return {"naive": float(y.mean()), "rds_ii": rds_ii(y, sample[degree].to_numpy())}


def compare_rds(net: Network, reps: int = 50, seed: int = 0, **kwargs) -> pd.DataFrame:
    """Repeat :func:`simulate_rds`; one row per replicate with ``naive``, ``rds_ii`` and ``truth``."""
    seeds = np.random.default_rng(seed).integers(0, 2**31, reps)
    rows = [rds_estimates(simulate_rds(net, seed=int(s), **kwargs)) for s in seeds]
    return pd.DataFrame(rows).assign(truth=net.prevalence)


def _rank_within(labels: np.ndarray) -> np.ndarray:
    """0, 1, 2... for successive occurrences of each label, keeping the array's order."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    starts = np.r_[0, np.flatnonzero(sorted_labels[1:] != sorted_labels[:-1]) + 1]
    ranks_sorted = np.arange(labels.size) - np.repeat(starts, np.diff(np.r_[starts, labels.size]))
    rank = np.empty(labels.size, dtype=np.int64)
    rank[order] = ranks_sorted
    return rank


def _csr(edges: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    both = np.vstack([edges, edges[:, ::-1]])
    both = both[np.argsort(both[:, 0], kind="stable")]
    return np.searchsorted(both[:, 0], np.arange(n + 1)), both[:, 1]
