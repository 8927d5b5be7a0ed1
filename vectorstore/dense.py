"""Top-n inner products over one language's chunk vectors: exact, with a low-rank prefilter for big corpora.

At the bundled corpus (~400 vectors per language) one matrix-vector product is exact and takes well
under a millisecond. Grown 50x (~38,000 rows, 58 MB of float32) the product reads the whole matrix from
memory after every query embedding has pushed it out of the cache: ~5 ms, a fifth of a hybrid query
(issue 17 item 8). Above ``APPROX_MIN_ROWS`` rows the vectors are first scored in a ``RANK``-dimensional
projection (their top singular directions, from a fixed sample), and only the best ``CANDIDATES`` are
scored exactly; what is returned is always the exact similarity of real rows.

Measured on the 50x benchmark corpus (100 gold queries, `python -m vectorstore.dense`, the caches
flushed before each timed query as a query embedding does): rank 96 / 768 candidates finds the exact
top 8 at recall 0.998 and the top 50 at 0.992 in 0.70 ms median; rank 128 / 1,024 (the first setting)
1.000 / 0.999 in 0.90 ms; rank 64 / 1,024 0.990 / 0.981 in 0.62 ms; the exact product 2.2-5 ms.
"""

from __future__ import annotations

import numpy as np

APPROX_MIN_ROWS = 16_384
RANK = 96
CANDIDATES = 768
_SAMPLE = 4096
_SAMPLE_STRIDE = 16
_CUT_MARGIN = 1.25
_SAMPLED_CUT_MIN = 8  # rows per candidate below which an exact partition is as cheap


class DenseIndex:
    def __init__(self, matrix: np.ndarray, *, rank: int = RANK, candidates: int = CANDIDATES) -> None:
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self.candidates = candidates
        self._proj: np.ndarray | None = None
        self._reduced: np.ndarray | None = None
        if len(self.matrix) >= APPROX_MIN_ROWS and self.matrix.shape[1] > rank:
            rng = np.random.default_rng(0)  # a fixed sample: the same corpus gets the same projection
            sample = self.matrix[np.sort(rng.choice(len(self.matrix), _SAMPLE, replace=False))]
            _, _, vt = np.linalg.svd(sample, full_matrices=False)
            self._proj = np.ascontiguousarray(vt[:rank].T)
            self._reduced = np.ascontiguousarray(self.matrix @ self._proj)

    @property
    def approximate(self) -> bool:
        return self._reduced is not None

    def top(self, vec: np.ndarray, n: int, keep: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(row indices, exact similarities) of up to ``n`` best rows among ``keep`` (all rows if None), unsorted."""
        if self._reduced is not None and self._proj is not None:
            scores = self._reduced @ (vec @ self._proj)
            pool = self._best(scores, max(self.candidates, 4 * n), keep)
            sims = self.matrix[pool] @ vec
        else:
            full = self.matrix @ vec
            pool = np.flatnonzero(keep) if keep is not None else np.arange(len(full))
            sims = full[pool]
        m = min(n, len(pool))
        if m <= 0:
            return pool[:0], sims[:0]
        pick = np.argpartition(-sims, m - 1)[:m] if m < len(pool) else np.arange(len(pool))
        return pool[pick], sims[pick]

    @staticmethod
    def _best(scores: np.ndarray, c: int, keep: np.ndarray | None) -> np.ndarray:
        """About the ``c`` best rows by the projected score (a prefilter: the exact product re-ranks them)."""
        if keep is not None:
            scores = np.where(keep, scores, -np.inf)
            avail = int(keep.sum())
        else:
            avail = len(scores)
        c = min(c, avail)
        if c <= 0:
            return np.zeros(0, dtype=np.int64)
        if c >= len(scores):
            return np.flatnonzero(keep) if keep is not None else np.arange(len(scores))
        pool = _above_sampled_cut(scores, c) if avail >= _SAMPLED_CUT_MIN * c else None
        if pool is None:
            pool = np.argpartition(scores, len(scores) - c)[len(scores) - c:]
        return pool if keep is None else pool[keep[pool]]


def _above_sampled_cut(scores: np.ndarray, c: int) -> np.ndarray | None:
    """The rows scoring at least the cut that a strided sample puts at the top ``c``, or None when the
    pool that gives is far from ``c`` (ties, a skewed sample): then the caller partitions exactly.

    A full argpartition of ~38,000 scores is most of the prefilter's time (0.37 ms of ~0.7); the cut
    from every 16th score and one comparison take ~0.03 ms. The margin keeps a few more rows than ``c``,
    so the sample's error costs exact rescoring of some extra rows, not recall."""
    sub = scores[::_SAMPLE_STRIDE]
    want = min(len(sub), int(np.ceil(c * _CUT_MARGIN / _SAMPLE_STRIDE)))
    cut = np.partition(sub, len(sub) - want)[len(sub) - want]
    if not np.isfinite(cut):
        return None
    pool = np.flatnonzero(scores >= cut)
    return pool if c <= len(pool) <= 3 * c else None


def _recall_check(factor: int = 50, queries: int = 100) -> None:
    """The figures in the module docstring: exact vs prefiltered top 8 / top 50 on the grown benchmark corpus,
    for the shipped (RANK, CANDIDATES) and the alternatives it was chosen from, timed with cold caches."""
    import statistics
    import time

    from ingest.settings import Settings
    from vectorstore import bench_vs
    from vectorstore.retriever import HybridRetriever

    r = HybridRetriever.open(Settings.from_env())
    _, extra = bench_vs._synthetic([c.text for c in r.chunks], r._vectors, factor)
    en = np.array([i for i, c in enumerate(r.chunks) if c.lang == "en"])
    matrix = np.vstack([r._vectors[en], extra])
    vecs = [np.asarray(r.embedder.embed_query(q), dtype=np.float32) for q in bench_vs._queries(queries)]
    want = [np.argsort(-(matrix @ v)) for v in vecs]
    flush = np.ones(8_000_000, dtype=np.float32)  # 32 MB: what a query embedding leaves of the caches
    shipped = (RANK, CANDIDATES)
    for rank, cand in dict.fromkeys([shipped, (128, 1024), (64, 1024)]):
        index = DenseIndex(matrix, rank=rank, candidates=cand)
        r8, r50, times = [], [], []
        for v, exact in zip(vecs, want, strict=True):
            flush += 1.0
            t = time.perf_counter()
            rows, sims = index.top(v, 50)
            times.append((time.perf_counter() - t) * 1000)
            got = rows[np.argsort(-sims)]
            r8.append(len(set(exact[:8]) & set(got[:8])) / 8)
            r50.append(len(set(exact[:50]) & set(got)) / 50)
        print(f"{len(matrix)} rows, rank {rank}, {cand} candidates{' (shipped)' if (rank, cand) == shipped else ''}: "
              f"recall top 8 {statistics.fmean(r8):.3f}, top 50 {statistics.fmean(r50):.3f}; "
              f"median {statistics.median(times):.2f} ms")


if __name__ == "__main__":
    _recall_check()
