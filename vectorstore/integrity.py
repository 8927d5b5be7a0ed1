"""Checksums of a built index version, recorded at build and verified on open and at ingest.

Every file of a version directory (chunks, clause records, the lexical matrix, the embedded Chroma
store) is listed in its ``meta.json`` under ``artefacts`` with its size and SHA-256, and the pointer
(CURRENT.json) records the SHA-256 of ``meta.json`` itself. Two levels of checking:

- ``on_open`` (every ``ask``/``serve`` start): the pointer's meta hash, every artefact present with its
  recorded size, and the hash of the files the retriever reads anyway (chunks, clauses, lexical: a
  few MB). The Chroma files are checked by size only: hashing them is the ingest's job.
- ``full`` (every ``ingest``): every artefact by size and hash. A failure makes ``ingest`` rebuild the
  version instead of answering "up to date".

Chroma rewrites its own files whenever a client opens the store (same sizes, new bytes: measured),
so its files are recorded by size only and the store is checked by content instead: the
SHA-256 of every vector, in chunk order, is recorded at build (``vectors_sha256``) and compared with
what the store returns, on open (the retriever reads all vectors anyway) and at ingest.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from ingest.errors import IntegrityError

KEY = "artefacts"
META_HASH = "meta_sha256"  # key in the pointer
CHEAP = ("chunks.jsonl", "clauses.json", "lexical/", "vectors.npy")  # read in full on open anyway: hash them too
MUTABLE = ("chroma/",)  # rewritten by every open: size only, content through VECTORS
VECTORS = "vectors_sha256"
REPAIR = "nq57 ingest"


def file_digest(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return size, h.hexdigest()


def record(vdir: Path, *, skip: tuple[str, ...] = ("meta.json",)) -> dict[str, dict[str, Any]]:
    """{relative path: {"size", "sha256"}} for every file under ``vdir`` (meta.json excluded)."""
    out: dict[str, dict[str, Any]] = {}
    for dirpath, _dirs, files in os.walk(vdir):
        for name in sorted(files):
            path = Path(dirpath) / name
            rel = path.relative_to(vdir).as_posix()
            if rel in skip:
                continue
            size, sha = file_digest(path)
            # Chroma rewrites bytes but not sizes on open (measured): size only for its files
            out[rel] = {"size": size, "mutable": True} if rel.startswith(MUTABLE) else {"size": size, "sha256": sha}
    return out


def vectors_digest(matrix: Any) -> str:
    """SHA-256 of the float32 vectors, row by row in chunk order."""
    import numpy as np

    return hashlib.sha256(np.ascontiguousarray(matrix, dtype=np.float32).tobytes()).hexdigest()


def stored_vectors_digest(collection: Any, chunks: list[Any], dim: int) -> str:
    """The digest of the vectors as the store returns them (Chroma normalises for cosine space)."""
    from vectorstore.retriever import _load_vectors

    return vectors_digest(_load_vectors(collection, chunks, dim))


def check_vectors(vdir: Path, meta: dict[str, Any], matrix: Any) -> None:
    """Raise when the store's vectors are not the ones written at build (garbage or edited store)."""
    want = meta.get(VECTORS)
    if want and vectors_digest(matrix) != want:
        raise IntegrityError("holds vectors that differ from the ones written at build", artefact=str(vdir / "chroma"))


def verify_store(settings: Any, meta: dict[str, Any], vdir: Path) -> list[IntegrityError]:
    """Open the embedded Chroma store and compare its vectors with the build's digest (ingest only)."""
    if meta.get("store") != "embedded" or not meta.get(VECTORS):
        return []
    from vectorstore import chroma_store
    from vectorstore.embeddings import get_embeddings

    chunks_path = vdir / "chunks.jsonl"
    try:
        import json

        from vectorstore.models import Chunk
        from vectorstore.retriever import _load_vectors

        chunks = [Chunk.from_dict(json.loads(line)) for line in chunks_path.open(encoding="utf-8")]
        embedder = get_embeddings(settings)
        client = chroma_store.make_client(settings, vdir / "chroma")
        try:
            collection = client.get_collection(
                name=str(meta["collection"]),
                embedding_function=chroma_store.embedding_function(embedder, settings.embeddings))
            matrix = _load_vectors(collection, chunks, int(meta.get("dimension", embedder.dimension)))
            # the HNSW graph answers a stored vector with its own chunk (exercises the binary index files);
            # the probe is a chunk with a vector of its own, and a twin sharing that vector is as good an answer
            probe = next((i for i, c in enumerate(chunks) if c.dense and not c.vector_from), None)
            if probe is not None:
                own = chunks[probe].chunk_id
                same = {own} | {c.chunk_id for c in chunks if c.vector_from == own}
                got = collection.query(query_embeddings=[matrix[probe].tolist()], n_results=1, include=[])
                if not got["ids"] or not set(got["ids"][0][:1]) & same:
                    raise IntegrityError("its vector index does not find a stored vector",
                                         artefact=str(vdir / "chroma"))
        finally:
            client.close()
        check_vectors(vdir, meta, matrix)
    except IntegrityError as exc:
        return [exc]
    except Exception as exc:  # a truncated or garbage store: chromadb's own error, named
        return [unreadable(vdir / "chroma", exc)]
    return []


def meta_digest(vdir: Path) -> str:
    return file_digest(vdir / "meta.json")[1]


def verify(vdir: Path, meta: dict[str, Any], *, full: bool, pointer: dict[str, Any] | None = None
           ) -> list[IntegrityError]:
    """Every problem found (empty = intact). ``full`` hashes every file, else only the cheap ones."""
    problems: list[IntegrityError] = []
    if pointer is not None and pointer.get(META_HASH) and pointer[META_HASH] != meta_digest(vdir):
        problems.append(IntegrityError("the index manifest was changed after it was built (checksum mismatch)",
                                       artefact=str(vdir / "meta.json")))
    recorded = meta.get(KEY)
    if not isinstance(recorded, dict) or not recorded:
        return [*problems, IntegrityError("the index manifest records no artefact checksums (built by an older "
                                          "version)", artefact=str(vdir / "meta.json"))]
    for rel, want in sorted(recorded.items()):
        path = vdir / rel
        if not isinstance(want, dict):
            problems.append(IntegrityError("has a malformed checksum entry", artefact=str(path)))
            continue
        try:
            size = path.stat().st_size
        except OSError:
            problems.append(IntegrityError("is missing", artefact=str(path)))
            continue
        if size != want.get("size"):
            problems.append(IntegrityError(f"has {size} bytes, {want.get('size')} were written", artefact=str(path)))
            continue
        if want.get("mutable"):
            continue
        if (full or rel.startswith(CHEAP)) and file_digest(path)[1] != want.get("sha256"):
            problems.append(IntegrityError("was changed after it was built (checksum mismatch)",
                                           artefact=str(path)))
    return problems


def check_on_open(vdir: Path, meta: dict[str, Any], pointer: dict[str, Any] | None) -> None:
    """Raise the first problem ``verify(full=False)`` finds; the message names the file and `nq57 ingest`."""
    problems = verify(vdir, meta, full=False, pointer=pointer)
    if problems:
        raise problems[0]


def unreadable(artefact: Path, exc: BaseException) -> IntegrityError:
    """A foreign error while opening an artefact (e.g. a chromadb traceback), as one clear message."""
    return IntegrityError(f"cannot be opened ({type(exc).__name__}: {str(exc)[:200]})", artefact=str(artefact))
