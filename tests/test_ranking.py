"""ranking: the pure numpy functions, on hand-made arrays."""

import numpy as np

from advisor.ranking import (
    combine,
    components,
    contenders,
    minimal_relaxations,
    order,
    top_k,
)
from advisor.vocab import Status


def test_top_k_breaks_ties_at_the_boundary_by_name():
    score = np.array([0.5, 0.9, 0.5, 0.5])
    tier = np.zeros(4)
    name_rank = np.array([3, 0, 1, 2])       # position 2 has the first name
    assert top_k(tier, score, name_rank, 2).tolist() == [1, 2]
    assert top_k(tier, score, name_rank, 3).tolist() == [1, 2, 3]
    assert top_k(tier, score, name_rank, 10).tolist() == [1, 2, 3, 0]


def test_top_k_agrees_with_the_full_order():
    rng = np.random.default_rng(0)
    score = rng.choice([0.2, 0.4, 0.6], size=50)   # many ties
    tier = rng.choice([0.0, 1.0], size=50)
    name_rank = rng.permutation(50)
    full = order(tier, score, name_rank)
    for k in (1, 7, 20, 49, 50):
        assert top_k(tier, score, name_rank, k).tolist() == full[:k].tolist()


def test_a_model_with_an_infinite_tier_is_never_ranked():
    tier = np.array([0.0, np.inf, 1.0])              # position 1 does not pass
    score = np.array([0.1, 0.9, 0.5])
    assert top_k(tier, score, np.arange(3), 5).tolist() == [0, 2]
    assert order(tier, score, np.arange(3)).tolist() == [0, 2]
    assert top_k(np.full(2, np.inf), score[:2], np.arange(2), 3).tolist() == []


def test_top_k_on_many_keys_agrees_with_a_full_sort():
    # more than 16 x k keys: the k-th is bounded from every 16th key first
    rng = np.random.default_rng(1)
    n = 5000
    score = rng.choice(np.linspace(0, 1, 40), size=n)
    tier = rng.choice([0.0, 1.0, np.inf], size=n)
    name_rank = rng.permutation(n)
    full = order(tier, score, name_rank)
    for k in (1, 5, 100, 300):
        assert top_k(tier, score, name_rank, k).tolist() == full[:k].tolist()


def test_contenders_hold_the_top_k_of_any_finer_score():
    # the score is the order's value at its share (30 of 33.5, as the default
    # weights give) plus the other components, at most the rest: the contenders by
    # tier and that coarse value, within the rest, hold the top k
    rng = np.random.default_rng(2)
    n = 3000
    share = 30 / 33.5
    value = rng.random(n)
    fine = rng.random(n)
    tier = rng.choice([0.0, 1.0, 2.0, np.inf], size=n)
    name_rank = rng.permutation(n)
    score = share * value + (1 - share) * fine
    full = order(tier, score, name_rank)
    for k in (1, 3, 10, 50):
        near = contenders(tier, share * value, k, slack=1 - share)
        assert len(near) < n // 3                    # most need not be measured
        best = near[top_k(tier[near], score[near], name_rank[near], k)]
        assert best.tolist() == full[:k].tolist()
    assert contenders(np.full(3, np.inf), value[:3], 2).tolist() == []


def test_an_unknown_check_ranks_below_every_full_match():
    assert top_k(np.array([1.0, 0.0]), np.array([1.0, 0.0]),
                 np.array([0, 1]), 2).tolist() == [1, 0]


def test_float_noise_does_not_beat_the_name():
    score = np.array([0.1 + 0.2, 0.3])           # 0.30000000000000004 vs 0.3
    assert top_k(np.zeros(2), score, np.array([1, 0]), 1).tolist() == [1]


def test_minimal_relaxations_on_bitmasks():
    # keys a, b, c; rows fail {a}, {a, b}, {b, c}, nothing
    failing = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 1], [0, 0, 0]], dtype=bool)
    out = minimal_relaxations(failing, ["a", "b", "c"])
    assert [(drop, rows.tolist()) for drop, rows in out] == [
        (("a",), [0, 3]), (("b", "c"), [2, 3])]   # {a, b} is not minimal


def test_minimal_relaxations_limit_and_empty():
    failing = np.eye(10, dtype=bool)               # ten single-key diagnoses
    assert len(minimal_relaxations(failing, list("abcdefghij"), limit=8)) == 8
    assert minimal_relaxations(np.zeros((0, 2), bool), ["a", "b"]) == []


def test_components_and_combine():
    rows = np.array([0, 1])
    status = {"x": np.array([Status.MET, Status.UNKNOWN], np.int8)}
    parts = components(rows, status=status,
                       ratio={"k": np.array([16.0, 4.0])}, pref_status={},
                       similarity=None, task_fit=None,
                       documented=np.array([1.0, 0.5]))
    assert parts["checks"].tolist() == [1.0, 0.5]      # unknown counts half
    assert parts["margin"].tolist() == [1.0, 0.5]      # log 4 / log 16
    assert set(parts) == {"checks", "margin", "documented"}
    score = combine(parts, {"checks": 1, "margin": 1, "documented": 2})
    assert score.tolist() == [1.0, 0.5]
    assert combine(parts, {"checks": 0, "margin": 0, "documented": 0}).tolist() == [
        0.0, 0.0]
