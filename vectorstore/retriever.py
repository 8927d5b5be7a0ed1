"""Hybrid retrieval: dense (vectors from Chroma) + lexical (BM25) fused with reciprocal rank fusion.

Both rankings are first collapsed from chunks to clauses, keyed by (doc_id, clause_id), so the
Vietnamese and English twins of one clause reinforce each other and come back as one ``Hit``
carrying both texts. Primary sources are ordered ahead of news summaries.

``open`` loads everything a query needs once (chunk table, clause texts, BM25 matrices, the
embedder, the vectors held in the Chroma collection); ``search`` only reads shared state and is safe
to call from many threads at once.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.errors import IndexMismatchError, IndexMissingError, NQ57Error
from ingest.models import KnowledgeBase
from ingest.settings import Settings
from vectorstore import chroma_store, integrity, layout
from vectorstore.chunking import ClauseRecord
from vectorstore.dense import DenseIndex
from vectorstore.embeddings import NamedEmbeddings, embedder_name, get_embeddings
from vectorstore.index import (
    CHROMA_DIR,
    CHUNKS_FILE,
    CLAUSES_FILE,
    INDEX_SCHEMA,
    LEXICAL_DIR,
    VECTORS_FILE,
    store_target,
)
from vectorstore.lexical import LexicalIndex
from vectorstore.models import Chunk, Hit, SearchMode
from vectorstore.querylang import QueryProfile, QueryVocabulary
from vectorstore.threads import single_threaded_blas
from vectorstore.vector_plan import vector_langs


@dataclass(frozen=True)
class Fusion:
    """How the two rankings are combined (the benchmark reports ablations of each choice)."""

    rrf_k: int = 60  # the usual RRF constant; damps the influence of the very top ranks
    # multilingual-e5 scores a same-language passage higher than an equally relevant passage in the
    # other language (about 0.07 cosine between a clause and its own translation, measured on this
    # corpus's twins); adding about half of that to the other language's scores puts
    # Vietnamese-only clauses back in reach of English questions.
    cross_lingual_boost: float = 0.04
    # A row whose text is in the question's language but whose vector was embedded from its translation
    # (vectorstore/vector_plan.py): the clause does exist in the question's language, so it gets the whole
    # same-language advantage back, not half: 0.08 is that advantage as measured on this corpus's twins.
    # Clause-eval tuning split, rank-1 hits of 298: 0.04 253, 0.08 258, 0.11 264, 0.14 265 (one fewer in the
    # top 5); before sharing 261. 0.11 and above were not kept: Vietnamese dense recall@5 on the retrieval
    # gold set fell 1.000 -> 0.667 at 0.11 and a table case was lost (evals/bench_report.md).
    twin_boost: float = 0.08
    # BM25 cannot see a clause that has no text in the query's language (a Vietnamese-only task row
    # for an English question): its silence is abstention, not evidence against. Such a clause keeps
    # its dense vote in the lexical slot instead of losing it.
    impute_blind_lexical: bool = True
    # The same the other way: a clause with no vector at all (a secondary source, vector_plan.py) cannot be
    # seen by the dense side, so its lexical vote also fills the dense slot.
    impute_blind_dense: bool = True
    # The dense model cannot read Vietnamese typed without diacritics; there only BM25 votes.
    lexical_only_for_unaccented: bool = True


RERUN = "Run `nq57 ingest` to rebuild the search index."
QUERY_CACHE_SIZE = 512  # distinct query texts whose embedding is kept (1.5 KB each)


# A question's first words carry what it asks; embedding a 2,000-character question cost seconds (issue 18),
# so the text embedded is bounded in words (a Vietnamese syllable or an English word is one to two tokens).
MAX_QUERY_WORDS = 96


def query_key(text: str) -> str:
    """The text embedded for a query and its cache key: NFC, collapsed whitespace, at most
    ``MAX_QUERY_WORDS`` words. Not ``fold``: the embedder reads diacritics and case, so "bộ" and "bố"
    must not share a vector."""
    return " ".join(unicodedata.normalize("NFC", text).split()[:MAX_QUERY_WORDS])


def clause_matches_prefix(clause_id: str, prefix: str) -> bool:
    """Prefix "II.2" matches II.2 and II.2.b but not II.20; a prefix ending in "." matches only children."""
    if prefix.endswith("."):
        return clause_id.startswith(prefix)
    return clause_id == prefix or clause_id.startswith(prefix + ".")


def _mismatch(what: str) -> IndexMismatchError:
    return IndexMismatchError(f"The search index does not match this installation: {what}. {RERUN}")


def _read_vectors_file(path: Path, n: int, dim: int) -> np.ndarray | None:
    """The vectors the build wrote beside the Chroma store (same rows as chunks.jsonl), if present."""
    if not path.is_file():
        return None
    vectors = np.load(path, allow_pickle=False)
    if vectors.shape != (n, dim) or vectors.dtype != np.float32:
        raise _mismatch(f"{path} holds {vectors.shape} {vectors.dtype} vectors, expected ({n}, {dim}) float32")
    return vectors


def _load_vectors(collection: Any, chunks: list[Chunk], dim: int) -> np.ndarray:
    """All vectors of the collection, row-aligned with ``chunks``."""
    row = {c.chunk_id: i for i, c in enumerate(chunks)}
    vectors = np.zeros((len(chunks), dim), dtype=np.float32)
    seen = np.zeros(len(chunks), dtype=bool)
    page = 1000
    for offset in range(0, len(chunks), page):
        got = collection.get(include=["embeddings"], limit=page, offset=offset)
        for cid, vec in zip(got["ids"], got["embeddings"], strict=True):
            i = row.get(cid)
            if i is None:
                raise _mismatch(f"the Chroma collection holds an unknown chunk {cid!r}")
            vectors[i] = vec
            seen[i] = True
    if not seen.all():
        raise _mismatch(f"{int((~seen).sum())} chunks have no vector in the Chroma collection")
    return vectors


class HybridRetriever:
    def __init__(
        self,
        *,
        settings: Settings,
        meta: dict[str, Any],
        version_dir: Path,
        chunks: list[Chunk],
        records: list[ClauseRecord],
        lexical: LexicalIndex,
        embedder: NamedEmbeddings,
        client: Any | None,
        collection: Any | None,
        vectors: np.ndarray | None = None,
        fusion: Fusion | None = None,
    ) -> None:
        self.settings = settings
        self.fusion = fusion or Fusion()
        self.meta = meta
        self.version_dir = version_dir
        self.chunks = chunks
        self.records = records
        self.lexical = lexical
        self.embedder = embedder
        self._client = client
        self._collection = collection
        self._vectors = vectors  # (n_chunks, dim) rows aligned with chunks; None: ask Chroma per query
        self._row = {c.chunk_id: i for i, c in enumerate(chunks)}
        key_of = {(r.doc_id, r.clause_id): i for i, r in enumerate(records)}
        self._clause_of = np.array([key_of.get((c.doc_id, c.clause_id), -1) for c in chunks], dtype=np.int64)
        self._doc = np.array([c.doc_id for c in chunks], dtype=object)
        self._lang = np.array([c.lang for c in chunks], dtype=object)
        self._primary = np.array([c.primary for c in chunks], dtype=bool)
        # Dense ranking goes by the language a vector was embedded from: a twin that shares its
        # translation's vector is scored, and calibrated, in that language; a row without a vector in none.
        vlang = np.array(vector_langs(chunks), dtype=object)
        self._lang_mask = {lang: vlang == lang for lang in ("vi", "en")}
        self._lang_rows = {lang: np.flatnonzero(m) for lang, m in self._lang_mask.items()}
        self._lang_dense = (
            {lang: DenseIndex(vectors[rows]) for lang, rows in self._lang_rows.items()} if vectors is not None else {}
        )
        self._prefix_cache: dict[str, np.ndarray] = {}
        self._prefix_lock = threading.Lock()
        # One embedding per distinct query text, shared by every search an answer makes.
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_lock = threading.Lock()
        self.query_embeddings = 0  # embedder calls made (the benchmark reports calls per answer)
        self._vocab = QueryVocabulary.from_chunks(chunks)
        self._chunk_langs: list[set[str]] = [set() for _ in records]  # languages each clause is indexed in
        self._no_vector = [True] * len(records)  # clauses none of whose chunks has a vector
        for c, key, v in zip(chunks, self._clause_of, vlang, strict=True):
            if key >= 0:
                self._chunk_langs[key].add(c.lang)
                if v:
                    self._no_vector[key] = False

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls, settings: Settings, kb: KnowledgeBase | None = None, *, dense_search: str = "memory"
    ) -> HybridRetriever:
        """Open the current index, or raise IndexMissingError / IndexMismatchError saying to re-ingest.

        ``dense_search="memory"`` (default) reads the vectors out of Chroma once and scores them
        exactly in memory (a few hundred rows: ~0.1 ms, and no round trip to a server per query);
        ``"chroma"`` sends every query to Chroma, for corpora too large to hold.
        """
        if dense_search not in ("memory", "chroma"):
            raise ValueError(f"dense_search must be 'memory' or 'chroma', not {dense_search!r}")
        index_dir = settings.index_dir
        pointer = layout.read_pointer(index_dir)
        if pointer is None:
            raise IndexMissingError(f"No search index in {index_dir}. {RERUN}")
        vdir = layout.version_dir(index_dir, pointer["version"])
        meta = layout.read_meta(vdir)
        if meta is None:
            raise IndexMissingError(f"The search index in {vdir} is incomplete or unreadable. {RERUN}")
        integrity.check_on_open(vdir, meta, pointer)  # names a damaged artefact and `nq57 ingest`
        cls._check_meta(settings, meta, kb)
        embedder = get_embeddings(settings)
        if embedder.dimension != meta.get("dimension"):
            raise _mismatch(
                f"it holds {meta.get('dimension')}-d vectors, the embedder makes {embedder.dimension}-d"
            )
        try:
            chunks = [
                Chunk.from_dict(json.loads(line)) for line in (vdir / CHUNKS_FILE).open(encoding="utf-8")
            ]
            records = [
                ClauseRecord.from_dict(d)
                for d in json.loads((vdir / CLAUSES_FILE).read_text(encoding="utf-8"))
            ]
            lexical = LexicalIndex.load(vdir / LEXICAL_DIR)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexMissingError(f"The search index in {vdir} cannot be read ({exc}). {RERUN}") from exc
        if len(chunks) != meta.get("n_chunks") or lexical.n_docs != len(chunks):
            raise _mismatch(f"{vdir} holds {len(chunks)} chunks, its meta says {meta.get('n_chunks')}")
        server = chroma_store.server_mode(settings)
        if dense_search == "memory" and not server:
            # The build wrote the same vectors beside Chroma: reading them skips importing chromadb
            # (0.6 s of a one-shot `nq57 ask`) and opening the store at all.
            vectors = _read_vectors_file(vdir / VECTORS_FILE, len(chunks), embedder.dimension)
            if vectors is not None:
                return cls(
                    settings=settings, meta=meta, version_dir=vdir, chunks=chunks, records=records,
                    lexical=lexical, embedder=embedder, client=None, collection=None, vectors=vectors,
                )  # fmt: skip
        try:
            client = chroma_store.make_client(settings, None if server else vdir / CHROMA_DIR)
        except Exception as exc:
            raise integrity.unreadable(vdir / CHROMA_DIR, exc) from exc
        try:
            collection = chroma_store.open_collection(
                client,
                str(meta["collection"]),
                chroma_store.embedding_function(embedder, settings.embeddings),
            )
            cls._check_collection(collection, meta)
            vectors = (
                _load_vectors(collection, chunks, embedder.dimension) if dense_search == "memory" else None
            )
            if vectors is not None:
                integrity.check_vectors(vdir, meta, vectors)
        except NQ57Error:
            client.close()
            raise
        except Exception as exc:  # a damaged store: chromadb's own traceback helps nobody
            client.close()
            raise integrity.unreadable(vdir / CHROMA_DIR, exc) from exc
        except BaseException:
            client.close()
            raise
        return cls(
            settings=settings,
            meta=meta,
            version_dir=vdir,
            chunks=chunks,
            records=records,
            lexical=lexical,
            embedder=embedder,
            client=client,
            collection=collection,
            vectors=vectors,
        )

    @staticmethod
    def _check_meta(settings: Settings, meta: dict[str, Any], kb: KnowledgeBase | None) -> None:
        if meta.get("schema") != INDEX_SCHEMA:
            raise _mismatch(f"it has index schema {meta.get('schema')}, this version reads {INDEX_SCHEMA}")
        wanted = embedder_name(settings)
        if meta.get("embedder") != wanted:
            raise _mismatch(
                f"it was embedded with {meta.get('embedder')!r} but NQ57_EMBEDDINGS selects {wanted!r}"
            )
        if meta.get("store") != store_target(settings):
            raise _mismatch(
                f"it lives in {meta.get('store')!r} but the settings point at {store_target(settings)!r}"
            )
        if kb is not None and kb.corpus_hash and meta.get("corpus_hash") != kb.corpus_hash:
            raise _mismatch("it was built from a different corpus than the knowledge base")

    @staticmethod
    def _check_collection(collection: Any, meta: dict[str, Any]) -> None:
        cmeta = collection.metadata or {}
        for key in ("embedder", "dimension", "corpus_hash", "schema", "fingerprint"):
            if cmeta.get(key) != meta.get(key):
                raise _mismatch(
                    f"the Chroma collection records {key}={cmeta.get(key)!r}, expected {meta.get(key)!r}"
                )
        count = collection.count()
        if count != meta.get("n_chunks"):
            raise _mismatch(f"the Chroma collection holds {count} vectors, expected {meta.get('n_chunks')}")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HybridRetriever:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ filtering

    def _prefix_mask(self, prefix: str) -> np.ndarray:
        with self._prefix_lock:
            mask = self._prefix_cache.get(prefix)
        if mask is None:
            mask = np.array([clause_matches_prefix(c.clause_id, prefix) for c in self.chunks], dtype=bool)
            with self._prefix_lock:
                if len(self._prefix_cache) > 256:
                    self._prefix_cache.clear()
                self._prefix_cache[prefix] = mask
        return mask

    def _mask(
        self, doc_ids: list[str] | None, lang: str | None, clause_prefix: str | None, primary_only: bool
    ) -> np.ndarray | None:
        if not (doc_ids or lang or clause_prefix or primary_only):
            return None
        mask = np.ones(len(self.chunks), dtype=bool)
        if doc_ids:
            mask &= np.isin(self._doc, list(doc_ids))
        if lang:
            mask &= self._lang == lang
        if primary_only:
            mask &= self._primary
        if clause_prefix:
            mask &= self._prefix_mask(clause_prefix)
        return mask

    @staticmethod
    def _conditions(doc_ids: list[str] | None, primary_only: bool, lang: str | None = None) -> list[dict[str, Any]]:
        """Chroma metadata filters. _dense queries one vector language at a time; a language filter is on the
        chunk's own language, which differs from its vector's for a twin that shares a vector."""
        conds: list[dict[str, Any]] = []
        if lang:
            conds.append({"lang": {"$eq": lang}})
        if doc_ids:
            conds.append({"doc_id": {"$in": list(doc_ids)}})
        if primary_only:
            conds.append({"primary": {"$eq": True}})
        return conds

    # ------------------------------------------------------------------ ranking

    def _dense(
        self,
        query: str,
        n: int,
        mask: np.ndarray | None,
        conditions: list[dict[str, Any]],
        prefix: str | None,
        profile: QueryProfile,
    ) -> list[tuple[int, float]]:
        """Chunks by cosine similarity, ranked per vector language, merged after calibration.

        Ranking each language separately guarantees the best Vietnamese vectors are candidates even
        when dozens of English ones outscore them; ``fusion.cross_lingual_boost`` (and ``twin_boost``
        for a row whose text is in the question's language) then makes the two lists comparable.
        """
        vec = self.query_vector(query)
        out: list[tuple[int, float]] = []
        for vector_lang in ("vi", "en"):
            lang_mask = self._lang_mask[vector_lang] if mask is None else mask & self._lang_mask[vector_lang]
            if not lang_mask.any():
                continue
            if self._vectors is not None:
                ranked = self._dense_memory(vec, vector_lang, mask, n)
            else:
                ranked = self._dense_chroma(vec, vector_lang, lang_mask, n, conditions, prefix)
            if vector_lang == profile.lang:
                out.extend(ranked)
                continue
            twin, other = self.fusion.twin_boost, self.fusion.cross_lingual_boost
            out.extend((row, sim + (twin if self._lang[row] == profile.lang else other)) for row, sim in ranked)
        out.sort(key=lambda x: -x[1])
        return out[:n]

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, from the LRU when any search already embedded the same text."""
        key = query_key(query)
        with self._query_lock:
            vec = self._query_cache.get(key)
            if vec is not None:
                self._query_cache.move_to_end(key)
                return vec
        vec = np.asarray(self.embedder.embed_query(key), dtype=np.float32)
        vec.flags.writeable = False
        with self._query_lock:
            self.query_embeddings += 1
            self._query_cache[key] = vec
            if len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vec

    def forget_queries(self) -> None:
        """Empty the query-embedding LRU (benchmarks time cold queries)."""
        with self._query_lock:
            self._query_cache.clear()

    def _dense_memory(
        self, vec: np.ndarray, vector_lang: str, mask: np.ndarray | None, n: int
    ) -> list[tuple[int, float]]:
        rows, index = self._lang_rows[vector_lang], self._lang_dense[vector_lang]
        keep = mask[rows] if mask is not None else None  # filters select after scoring: cheaper than gathering rows
        with single_threaded_blas():  # BLAS threads would fight the embedder's OpenMP threads
            local, sims = index.top(vec, n, keep)
        return [(int(rows[i]), float(s)) for i, s in zip(local, sims, strict=True)]

    def _dense_chroma(
        self,
        vec: np.ndarray,
        vector_lang: str,
        lang_mask: np.ndarray,
        n: int,
        conditions: list[dict[str, Any]],
        prefix: str | None,
    ) -> list[tuple[int, float]]:
        conds = [{"vector_lang": {"$eq": vector_lang}}, *conditions]
        kwargs: dict[str, Any] = {
            "query_embeddings": [vec.tolist()],
            "n_results": min(n, int(lang_mask.sum())),
            "include": ["distances"],
            "where": conds[0] if len(conds) == 1 else {"$and": conds},
        }
        if prefix:  # no prefix operator on metadata: restrict by chunk ids
            kwargs["ids"] = [self.chunks[i].chunk_id for i in np.flatnonzero(lang_mask)]
        res = self._collection.query(**kwargs)
        out = []
        for cid, dist in zip(res["ids"][0], res["distances"][0], strict=True):
            row = self._row.get(cid)
            if row is not None:
                out.append((row, 1.0 - float(dist)))  # cosine space: distance = 1 - similarity
        return out

    def _lexical(self, query: str, n: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        scores = self.lexical.scores(query, mask)
        positive = int((scores > 0).sum())
        if positive == 0:
            return []
        n = min(n, positive)
        top = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def _by_clause(self, ranked: list[tuple[int, float]]) -> dict[int, tuple[int, int, float]]:
        """clause -> (1-based clause rank, best chunk row, raw score) from a chunk ranking."""
        out: dict[int, tuple[int, int, float]] = {}
        for row, score in ranked:
            key = int(self._clause_of[row])
            if key >= 0 and key not in out:
                out[key] = (len(out) + 1, row, score)
        return out

    def search(
        self,
        query: str,
        k: int = 8,
        *,
        doc_ids: list[str] | tuple[str, ...] | str | None = None,
        lang: str | None = None,
        clause_prefix: str | None = None,
        primary_only: bool = False,
        mode: SearchMode = "hybrid",
        lexical_query: str | None = None,
    ) -> list[Hit]:
        """The ``k`` best clauses for ``query``; the query may be in another language than the clauses.

        ``lexical_query`` replaces the query on the lexical side only: glossary terms of the other
        language help exact matching but pull the embedding of a well-formed question off course.
        """
        if mode not in ("hybrid", "dense", "lexical"):
            raise ValueError(f"unknown search mode {mode!r}")
        if not query or not query.strip() or k <= 0:
            return []
        docs = [doc_ids] if isinstance(doc_ids, str) else (list(doc_ids) if doc_ids else None)
        mask = self._mask(docs, lang, clause_prefix, primary_only)
        profile = self._vocab.profile(query)
        n_cand = max(50, 5 * k)
        dense: dict[int, tuple[int, int, float]] = {}
        lexical: dict[int, tuple[int, int, float]] = {}
        fusion = self.fusion
        dense_weight = (
            0.0 if mode == "hybrid" and fusion.lexical_only_for_unaccented and profile.unaccented_vi else 1.0
        )
        if mode == "dense" or (mode == "hybrid" and dense_weight > 0):
            conditions = self._conditions(docs, primary_only, lang)
            dense = self._by_clause(self._dense(query, n_cand, mask, conditions, clause_prefix, profile))
        if mode != "dense":
            lexical = self._by_clause(self._lexical(lexical_query or query, n_cand, mask))

        fused: dict[int, float] = {}
        for weight, ranking in ((dense_weight, dense), (1.0, lexical)):
            for key, (rank, _row, _score) in ranking.items():
                fused[key] = fused.get(key, 0.0) + weight / (fusion.rrf_k + rank)
        if mode == "hybrid" and fusion.impute_blind_lexical:
            for key, (rank, _row, _score) in dense.items():
                if key not in lexical and profile.lang not in self._chunk_langs[key]:
                    fused[key] += dense_weight / (fusion.rrf_k + rank)
        if mode == "hybrid" and fusion.impute_blind_dense:
            for key, (rank, _row, _score) in lexical.items():
                if self._no_vector[key]:
                    fused[key] += dense_weight / (fusion.rrf_k + rank)
        fused = {key: v for key, v in fused.items() if v > 0}
        best = sorted(fused, key=lambda key: -fused[key])[:k]
        # Primary sources ahead of news summaries; within each group fused order is kept.
        best.sort(key=lambda key: not self.records[key].primary)
        return [self._hit(key, fused[key], dense.get(key), lexical.get(key)) for key in best]

    def _hit(
        self,
        key: int,
        score: float,
        dense: tuple[int, int, float] | None,
        lexical: tuple[int, int, float] | None,
    ) -> Hit:
        rec = self.records[key]
        # The chunk that ranked higher in either list is the "best matching" one shown with the hit.
        candidates = [x for x in (dense, lexical) if x is not None]
        row = min(candidates, key=lambda x: x[0])[1]
        chunk = self.chunks[row]
        return Hit(
            doc_id=rec.doc_id,
            clause_id=rec.clause_id,
            kind=rec.kind,
            score=score,
            primary=rec.primary,
            trail=tuple(rec.trails.get(chunk.lang) or next(iter(rec.trails.values()), [])),
            title=rec.titles.get(chunk.lang) or next((t for t in rec.titles.values() if t), ""),
            texts=dict(rec.texts),
            chunk_text=chunk.text,
            chunk_lang=chunk.lang,
            chunk_id=chunk.chunk_id,
            dense_rank=dense[0] if dense else None,
            lexical_rank=lexical[0] if lexical else None,
            titles=dict(rec.titles),
        )
