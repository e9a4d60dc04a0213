"""Scores, order and relaxations: pure numpy functions that assume clean input.

Score = sum(w_c * c) / sum(w_c) over the components that apply, each in [0, 1], so
the score is in [0, 1] too. Order: models whose every check is met, then models with
an unknown check (a tier per model; infinite for a model that does not pass, which
is never ranked); within each, higher score first; ties by name, case-insensitive,
so that the order never depends on the rows' order.
"""

from __future__ import annotations

import numpy as np

from .rules import MET, UNKNOWN

__all__ = ["components", "combine", "contenders", "top_k", "order",
           "minimal_relaxations", "percentile"]

MARGIN_FULL = 16.0  # this much headroom (value / threshold) earns the whole margin


def _share(status: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """At ``rows``, the share of checks met, an unknown one counting half: counted
    in small ints, divided once."""
    met = np.zeros(len(rows), dtype=np.int16)
    unknown = np.zeros_like(met)
    for st in status.values():
        sub = st[rows]
        met += sub == MET
        unknown += sub == UNKNOWN
    return (met + 0.5 * unknown) / len(status)


def components(rows: np.ndarray, *, status, ratio, pref_status, similarity,
               task_fit, documented) -> dict[str, np.ndarray]:
    """The score's components for the models at ``rows``; only those that apply.
    ``ratio`` (headroom, value / threshold) and ``task_fit`` are already taken at
    ``rows``."""
    out: dict[str, np.ndarray] = {}
    if status:
        out["checks"] = _share(status, rows)
    if ratio:
        total = np.zeros(len(rows))
        for r in ratio.values():
            total += np.clip(np.log(np.nan_to_num(r, nan=1.0)) / np.log(MARGIN_FULL),
                             0, 1)
        out["margin"] = total / len(ratio)
    if pref_status:
        out["preference"] = _share(pref_status, rows)
    if similarity is not None:
        out["similarity"] = np.clip((similarity[rows] + 1) / 2, 0, 1)
    if task_fit is not None:  # already taken at rows, like ratio
        out["task_fit"] = task_fit
    out["documented"] = documented[rows]
    return out


def percentile(x: np.ndarray) -> np.ndarray:
    """Each known value's place among the known values, 0 (lowest) to 1 (highest),
    ties sharing their mean place; NaN stays NaN; a single value is 1."""
    out = np.full(len(x), np.nan)
    known = np.flatnonzero(~np.isnan(x))
    if len(known) == 1:
        out[known] = 1.0
    elif len(known):
        v = x[known]
        order = np.argsort(v, kind="stable")
        ranks = np.empty(len(v))
        ranks[order] = np.arange(len(v), dtype=np.float64)
        # ties: the mean rank of their run
        uniq, inverse = np.unique(v, return_inverse=True)
        sums = np.bincount(inverse, weights=ranks)
        counts = np.bincount(inverse)
        out[known] = (sums / counts)[inverse] / (len(v) - 1)
    return out


def combine(parts: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """The weighted mean of the parts. Weights are scaled by the largest first, so
    that huge ones (1e308) cannot overflow their sum."""
    top = max((weights[k] for k in parts), default=0.0)
    weights = {k: weights[k] / top for k in parts} if top > 0 else weights
    total = sum(weights[k] for k in parts)
    if total == 0:  # every weight set to zero: nothing to prefer
        return np.zeros_like(next(iter(parts.values())), dtype=np.float64)
    out = np.zeros(len(next(iter(parts.values()))))
    for k, v in parts.items():
        if weights[k]:
            out += weights[k] * v
    return out / total


def _key(tier: np.ndarray, score: np.ndarray) -> np.ndarray:
    # smaller is better; tiers never overlap (score is in [0, 1]); rounding keeps
    # sums that differ only by float noise equal, so that names break the tie; an
    # infinite tier (a model that does not pass) gives an infinite key
    return tier * 2.0 + np.round(1.0 - score, 12)


SAMPLE_STRIDE = 16  # _kth_smallest looks at every 16th key first to bound the k-th


def _kth_smallest(key: np.ndarray, k: int) -> float:
    """The k-th smallest key. The k-th smallest of every 16th key is an upper bound
    of it, so only the keys up to that bound need partitioning: on a million keys
    one comparison and a small partition instead of a full one."""
    sample = key[::SAMPLE_STRIDE]
    if len(sample) > k:
        bound = np.partition(sample, k - 1)[k - 1]
        key = key[key <= bound]  # at least k keys: the sample's k smallest
    return np.partition(key, k - 1)[k - 1]


def contenders(tier: np.ndarray, coarse: np.ndarray, k: int, slack: float = 0.0
               ) -> np.ndarray:
    """Positions (of models with a finite tier) that can be among the best ``k``
    when each score is ``coarse`` plus between 0 and ``slack``: those whose best
    possible key ties or beats the k-th best's worst. Everyone else trails at least
    k models whatever their other parts, so they need not be computed."""
    k = min(k, int(np.isfinite(tier).sum()))
    if k == 0:
        return np.empty(0, dtype=np.int64)
    key = _key(tier, coarse)
    return np.flatnonzero(key - slack <= _kth_smallest(key, k))


def top_k(tier: np.ndarray, score: np.ndarray, name_rank: np.ndarray, k: int
          ) -> np.ndarray:
    """Positions of the best ``k`` with a finite tier, in order: tier, then score
    (high first), then name; found without sorting everything."""
    key = _key(tier, score)
    k = min(k, int(np.isfinite(tier).sum()))
    if k == 0:
        return np.empty(0, dtype=np.int64)
    kth = _kth_smallest(key, k)
    better = np.flatnonzero(key < kth)
    tied = np.flatnonzero(key == kth)
    need = k - len(better)
    if need < len(tied):  # ties at the boundary: the first names win
        tied = tied[np.argpartition(name_rank[tied], need - 1)[:need]]
    cand = np.concatenate([better, tied])
    return cand[np.lexsort((name_rank[cand], key[cand]))]


def order(tier: np.ndarray, score: np.ndarray, name_rank: np.ndarray) -> np.ndarray:
    """Positions of all with a finite tier, in ranking order (for "ranks N")."""
    ranked = np.lexsort((name_rank, _key(tier, score)))
    return ranked[:int(np.isfinite(tier).sum())]


def minimal_relaxations(failing: np.ndarray, keys: list[str], limit: int = 8
                        ) -> list[tuple[tuple[str, ...], np.ndarray]]:
    """Minimal sets of requirement keys whose removal admits at least one model.

    ``failing`` is a (models, keys) boolean matrix: True where the model does not
    meet that key. Dropping a set D admits model m exactly when m's failing set is
    inside D, so the minimal diagnoses are the minimal distinct failing sets: found
    on the few distinct bitmasks (``np.unique``), never by searching subsets.
    Returns (keys to drop, rows admitted), smallest first.
    """
    if failing.size == 0:
        return []
    bits = failing.astype(np.uint64) @ (np.uint64(1) << np.arange(
        len(keys), dtype=np.uint64))
    masks = np.unique(bits[bits != 0])
    popcount = np.asarray([bin(int(m)).count("1") for m in masks])
    kept: list[int] = []
    for m in masks[np.argsort(popcount, kind="stable")]:
        m = int(m)
        if not any(k & m == k for k in kept):
            kept.append(m)
    out = []
    for m in kept:
        admitted = np.flatnonzero((bits & ~np.uint64(m)) == 0)
        drop = tuple(k for j, k in enumerate(keys) if m >> j & 1)
        out.append((drop, admitted))
    out.sort(key=lambda d: (len(d[0]), -len(d[1]), d[0]))
    return out[:limit]
