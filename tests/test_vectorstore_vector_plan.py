"""Which chunks share a twin's vector and which get none (vectorstore/vector_plan.py), on the real corpus."""

from __future__ import annotations

import numpy as np
import pytest

from vectorstore import vector_plan
from vectorstore.chunking import chunk_kb
from vectorstore.index import VECTORS_FILE
from vectorstore.models import Chunk
from vectorstore.retriever import HybridRetriever


@pytest.fixture(scope="module")
def chunks(nq_kb) -> list[Chunk]:
    return chunk_kb(nq_kb)[0]


@pytest.fixture(scope="module")
def retriever(vs_full_index):
    r = HybridRetriever.open(vs_full_index.settings, vs_full_index.kb)
    yield r
    r.close()


def test_a_borrowed_vector_comes_from_the_aligned_twin_in_the_embedded_language(chunks: list[Chunk]) -> None:
    by_id = {c.chunk_id: c for c in chunks}
    borrowed = [c for c in chunks if c.vector_from]
    assert len(borrowed) > 100  # 03/NQ-CP's points, indicators and items
    for c in borrowed:
        src = by_id[c.vector_from]
        assert (src.doc_id, src.clause_id, src.part, src.n_parts) == (c.doc_id, c.clause_id, c.part, c.n_parts)
        assert src.lang == vector_plan.EMBED_LANG != c.lang
        assert src.dense and not src.vector_from  # no chains
        assert c.kind in vector_plan.SHARED_KINDS


def test_task_rows_keep_their_own_vector_in_both_languages(chunks: list[Chunk]) -> None:
    rows = [c for c in chunks if c.kind == "task"]
    assert {c.lang for c in rows} == {"vi", "en"}
    assert all(c.dense and not c.vector_from for c in rows)


def test_secondary_sources_get_no_vector_and_primary_ones_all_do(chunks: list[Chunk]) -> None:
    texts = vector_plan.embed_texts(chunks)
    langs = vector_plan.vector_langs(chunks)
    news = [i for i, c in enumerate(chunks) if c.doc_id.startswith("news-")]
    assert news
    for i, c in enumerate(chunks):
        assert (texts[i] is None) == (not c.primary) == (langs[i] == "")
        if c.primary:
            assert langs[i] in ("vi", "en")


def test_the_stored_vectors_follow_the_plan(vs_full_index) -> None:
    vdir = vs_full_index.report.index_path
    matrix = np.load(f"{vdir}/{VECTORS_FILE}")
    chunks = chunk_kb(vs_full_index.kb)[0]
    row = {c.chunk_id: i for i, c in enumerate(chunks)}
    for i, c in enumerate(chunks):
        if not c.dense:
            assert not matrix[i].any()
        elif c.vector_from:
            assert np.array_equal(matrix[i], matrix[row[c.vector_from]])
        else:
            assert abs(float(np.linalg.norm(matrix[i])) - 1.0) < 1e-3


def test_a_news_paragraph_is_found_by_its_words_but_never_by_the_dense_side(retriever: HybridRetriever) -> None:
    news = next(c for c in retriever.chunks if c.doc_id.startswith("news-") and len(c.text) > 200)
    query = " ".join(news.text.split()[:25])
    assert f"{news.doc_id}:{news.clause_id}" in [h.citation_id for h in retriever.search(query, k=5, mode="lexical")]
    assert f"{news.doc_id}:{news.clause_id}" in [h.citation_id for h in retriever.search(query, k=8)]
    assert not any(h.doc_id.startswith("news-") for h in retriever.search(query, k=20, mode="dense"))


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        # a Vietnamese question on a point whose vector is embedded from its English twin
        ("Mỗi người dân có danh tính số, kỹ năng số và tài khoản số", "03/NQ-CP:II.5.h"),
        ("every citizen should have a digital identity, digital skills and a digital account", "03/NQ-CP:II.5.h"),
    ],
)
def test_a_shared_point_is_found_by_the_dense_side_in_either_language(
    retriever: HybridRetriever, question: str, clause: str
) -> None:
    assert clause in [h.citation_id for h in retriever.search(question, k=5, mode="dense")]


def test_the_store_check_passes_when_the_first_chunk_borrows_its_vector(vs_full_index) -> None:
    # The HNSW self-query used chunk 0, a Vietnamese twin whose vector is its English twin's (or zeros):
    # every `nq57 ingest` then judged the store damaged and rebuilt it.
    from vectorstore import integrity
    from vectorstore.index import current_meta

    meta, vdir = current_meta(vs_full_index.settings.index_dir)
    assert integrity.verify_store(vs_full_index.settings, meta, vdir) == []
