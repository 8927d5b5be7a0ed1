"""The dense top-n: exact below APPROX_MIN_ROWS, and above it the low-rank prefilter finds the exact best rows."""

from __future__ import annotations

import numpy as np

from vectorstore import dense
from vectorstore.dense import DenseIndex


def _clustered(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    # Real embeddings sit on a low-dimensional structure; random clusters stand in for it here.
    g = np.random.default_rng(seed)
    centres = g.standard_normal((64, dim)).astype(np.float32)
    m = centres[g.integers(0, 64, n)] + 0.35 * g.standard_normal((n, dim)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_small_matrix_is_exact_with_and_without_a_mask() -> None:
    m = _clustered(500)
    index = DenseIndex(m)
    assert not index.approximate
    v = m[7] + 0.01
    rows, sims = index.top(v, 10)
    assert set(rows) == set(np.argsort(-(m @ v))[:10])
    keep = np.zeros(500, dtype=bool)
    keep[::3] = True
    rows, sims = index.top(v, 10, keep)
    assert keep[rows].all()
    assert set(rows) == set(np.flatnonzero(keep)[np.argsort(-(m[keep] @ v))[:10]])
    np.testing.assert_allclose(sims, m[rows] @ v, rtol=1e-5)


def test_prefilter_returns_exact_similarities_of_the_best_rows(monkeypatch) -> None:
    monkeypatch.setattr(dense, "APPROX_MIN_ROWS", 5000)
    monkeypatch.setattr(dense, "_SAMPLE", 2000)
    m = _clustered(6000, seed=1)
    index = DenseIndex(m)
    assert index.approximate
    g = np.random.default_rng(2)
    found = 0
    for q in g.integers(0, 6000, 20):
        v = m[q] + 0.05 * g.standard_normal(384).astype(np.float32)
        rows, sims = index.top(v, 8)
        np.testing.assert_allclose(sims, m[rows] @ v, rtol=1e-5)  # exact scores of real rows
        found += len(set(rows) & set(np.argsort(-(m @ v))[:8]))
    assert found / (20 * 8) >= 0.98


def test_prefilter_respects_the_mask_and_small_pools(monkeypatch) -> None:
    monkeypatch.setattr(dense, "APPROX_MIN_ROWS", 5000)
    monkeypatch.setattr(dense, "_SAMPLE", 2000)
    m = _clustered(6000, seed=3)
    index = DenseIndex(m)
    keep = np.zeros(6000, dtype=bool)
    keep[[5, 50, 500]] = True
    rows, _ = index.top(m[50], 8, keep)
    assert sorted(rows) == [5, 50, 500]
    rows, _ = index.top(m[50], 8, np.zeros(6000, dtype=bool))
    assert len(rows) == 0


def test_sampled_cut_keeps_about_the_candidates_and_falls_back_on_ties() -> None:
    g = np.random.default_rng(4)
    scores = g.standard_normal(40_000).astype(np.float32)
    pool = dense._above_sampled_cut(scores, 768)
    assert pool is not None and 768 <= len(pool) <= 3 * 768
    # every row at or above the pool's weakest score is in it: a threshold, not a sample
    assert len(pool) == int((scores >= scores[pool].min()).sum())
    flat = np.zeros(40_000, dtype=np.float32)  # all tied: no cut separates them
    assert dense._above_sampled_cut(flat, 768) is None
    masked = np.full(40_000, -np.inf, dtype=np.float32)
    masked[:100] = 1.0
    assert dense._above_sampled_cut(masked, 768) is None  # too few rows kept: partition exactly


def test_prefilter_on_a_big_matrix_finds_the_exact_best_rows() -> None:
    m = _clustered(dense.APPROX_MIN_ROWS + 4000, seed=5)
    index = DenseIndex(m)
    assert index.approximate
    g = np.random.default_rng(6)
    found = 0
    for q in g.integers(0, len(m), 20):
        v = m[q] + 0.05 * g.standard_normal(384).astype(np.float32)
        rows, _ = index.top(v, 8)
        found += len(set(rows) & set(np.argsort(-(m @ v))[:8]))
    assert found / (20 * 8) >= 0.98
