"""On-disk embedding cache keyed by (embedder name, content hash).

A rebuild after a small corpus change embeds only the new text. SQLite commits each batch
atomically, so a build killed mid-way keeps every finished batch and never a torn vector.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    key TEXT PRIMARY KEY,
    dim INTEGER NOT NULL,
    vec BLOB NOT NULL
)
"""


def cache_key(embedder: str, text: str) -> str:
    return hashlib.sha256(f"{embedder}\x00{text}".encode()).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        import sqlite3  # only builds read the cache: a query does not pay for the import

        self._db = sqlite3.connect(str(path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_many(self, keys: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
            batch = list(keys[start : start + 500])
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", batch)
            for key, d, blob in rows:
                if d == dim and len(blob) == 4 * dim:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: Sequence[tuple[str, np.ndarray]]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)",
                [(k, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for k, v in items],
            )


def embed_with_cache(
    texts: Sequence[str],
    *,
    embedder_name: str,
    dimension: int,
    embed: Callable[[list[str]], list[list[float]]],
    cache: EmbeddingCache,
    batch_size: int = 32,
    progress: Callable[[int, int], None] | None = None,
    seed: Callable[[list[str]], dict[str, np.ndarray]] | None = None,
) -> tuple[np.ndarray, int, int]:
    """Vectors for ``texts`` (row-aligned), embedding only cache misses.

    ``seed`` (the shipped cache, see shipped_cache.py) is asked for the keys the on-disk cache
    lacks; what it returns is copied into the on-disk cache and counts as cached.
    Returns ``(matrix, n_embedded, n_cached)``. Identical texts are embedded once.
    """
    keys = [cache_key(embedder_name, t) for t in texts]
    unique = sorted(set(keys))
    have = cache.get_many(unique, dimension)
    if seed is not None and len(have) < len(unique):
        seeded = seed([k for k in unique if k not in have])
        if seeded:
            cache.put_many(list(seeded.items()))
            have.update(seeded)
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in have and key not in missing:
            missing[key] = text
    todo = list(missing.items())
    done = 0
    if progress:
        progress(0, len(todo))
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        vecs = np.asarray(embed([t for _, t in batch]), dtype=np.float32)
        if vecs.ndim != 2 or vecs.shape[1] != dimension:
            raise ValueError(
                f"embedder {embedder_name} returned shape {vecs.shape}, expected (*, {dimension})"
            )
        cache.put_many([(k, v) for (k, _), v in zip(batch, vecs, strict=True)])
        have.update({k: v for (k, _), v in zip(batch, vecs, strict=True)})
        done += len(batch)
        if progress:
            progress(done, len(todo))
    matrix = np.stack([have[k] for k in keys]) if keys else np.zeros((0, dimension), dtype=np.float32)
    n_embedded = len(todo)
    return matrix, n_embedded, len(texts) - n_embedded
