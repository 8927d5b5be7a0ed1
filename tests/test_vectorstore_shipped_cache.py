"""The embedding cache shipped for the bundled corpus: complete, true to the model, used by a first build.

When the corpus, the chunking or the model changes, refresh it with
``python -m vectorstore.shipped_cache build`` (the failures below say so).
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from vectorstore import shipped_cache
from vectorstore.embed_cache import cache_key
from vectorstore.embeddings import get_embeddings

SAMPLE = 12  # texts re-embedded per run: ~1 s of embedding
# The same host embeds a text the same way in a batch or alone (max difference 0.0), but another CPU
# runs other kernels: on an AMD EPYC with AVX-512 the cache built on the earlier host differed by up to
# 1.8e-3 per component, cosine >= 0.99993 (150 texts). Another text's vector is never above cosine 0.981
# here, so these bounds still tell a true vector from a wrong one (a changed text misses the cache anyway).
MAX_ABS = 1e-2
MIN_COS = 0.9995


@pytest.fixture(scope="module")
def bundled() -> list[str]:
    return shipped_cache.bundled_texts()


@pytest.fixture(scope="module")
def shipped() -> shipped_cache.ShippedCache:
    cache = shipped_cache.load()
    assert cache is not None, f"no shipped cache at {shipped_cache.SHIPPED_PATH}: run `{shipped_cache.REFRESH}`"
    return cache


def test_shipped_cache_covers_every_bundled_chunk_text(bundled, shipped) -> None:
    emb = get_embeddings_for(shipped)
    miss = shipped_cache.missing(bundled, emb.name, emb.dimension)
    assert not miss, (
        f"{len(miss)} of {len(bundled)} chunk texts of the bundled corpus miss the shipped embedding cache "
        f"(corpus, chunking or model changed); refresh it with `{shipped_cache.REFRESH}`. "
        f"First missing: {miss[0][:120]!r}"
    )
    extra = len(shipped.keys) - len(bundled)
    assert extra <= 0, f"the shipped cache holds {extra} vectors no chunk uses; refresh it with `{shipped_cache.REFRESH}`"


def get_embeddings_for(shipped: shipped_cache.ShippedCache):
    from ingest.settings import Settings

    emb = get_embeddings(Settings())
    assert emb.name == shipped.embedder, (
        f"the shipped cache was built with {shipped.embedder}, the default embedder is {emb.name}; "
        f"refresh it with `{shipped_cache.REFRESH}`"
    )
    return emb


def test_a_sample_of_shipped_vectors_equals_fresh_embeddings(bundled, shipped) -> None:
    emb = get_embeddings_for(shipped)
    present = [t for t in bundled if cache_key(emb.name, t) in shipped.keys]
    sample = random.Random(57).sample(present, min(SAMPLE, len(present)))
    fresh = np.asarray(emb.embed_documents(sample), dtype=np.float32)
    stored = np.stack([shipped.vectors[shipped.keys[cache_key(emb.name, t)]] for t in sample])
    diff = np.abs(fresh - stored).max(axis=1)
    cos = (fresh * stored).sum(axis=1) / (np.linalg.norm(fresh, axis=1) * np.linalg.norm(stored, axis=1))
    bad = [(t[:80], float(d), float(c)) for t, d, c in zip(sample, diff, cos, strict=True)
           if d > MAX_ABS or c < MIN_COS]  # fmt: skip
    assert not bad, f"shipped vectors differ from fresh embeddings: {bad}; rebuild with `{shipped_cache.REFRESH}`"


def test_other_models_and_texts_miss_the_shipped_cache(shipped) -> None:
    assert shipped_cache.lookup("sentence-transformers:some-model", shipped.dimension) is None
    seed = shipped_cache.lookup(shipped.embedder, shipped.dimension)
    assert seed is not None
    assert seed([cache_key(shipped.embedder, "a text that is not in the corpus")]) == {}


def test_first_build_of_the_bundled_corpus_embeds_nothing(tmp_path, bundled, shipped) -> None:
    from ingest.pipeline import build_kb
    from ingest.settings import Settings
    from vectorstore.index import build_index

    settings = Settings(data_dir=tmp_path / "data")  # empty data dir, no shared cache: a fresh clone
    kb = build_kb(settings)
    report = build_index(kb, settings, progress=lambda *a: None)
    assert report.status == "built" and report.n_embedded == 0 and report.n_cached == report.n_chunks - report.n_lexical_only
