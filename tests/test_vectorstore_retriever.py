"""Hybrid retrieval over the tiny corpus: fusion, twins, filters, ordering, thread safety."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from ingest.errors import IndexMismatchError, IndexMissingError
from vectorstore.models import Hit
from vectorstore.retriever import HybridRetriever, clause_matches_prefix


@pytest.fixture(scope="module")
def retriever(vs_tiny_index):
    r = HybridRetriever.open(vs_tiny_index.settings, vs_tiny_index.kb)
    yield r
    r.close()


def ids(hits: list[Hit]) -> list[str]:
    return [h.citation_id for h in hits]


def test_first_build_report(vs_tiny_index) -> None:
    report = vs_tiny_index.report
    assert report.status == "built"
    assert report.n_chunks > 10 and report.n_embedded + report.n_cached + report.n_lexical_only == report.n_chunks


@pytest.mark.parametrize("query", ["Bộ Y tế", "bo y te", "BỘ Y TẾ"])
def test_accents_and_case_do_not_matter(retriever: HybridRetriever, query: str) -> None:
    for mode in ("hybrid", "lexical"):
        assert ids(retriever.search(query, k=1, mode=mode)) == ["03/NQ-CP:appendix-II.110"]


def test_twins_come_back_as_one_hit_with_both_texts(retriever: HybridRetriever) -> None:
    hits = retriever.search("special mechanisms for public procurement of research products", k=5)
    assert ids(hits).count("03/NQ-CP:II.2.b") == 1
    hit = next(h for h in hits if h.clause_id == "II.2.b")
    assert set(hit.texts) == {"vi", "en"}
    assert hit.texts["vi"].startswith("b) Xây dựng, ban hành cơ chế đặc thù")
    assert hit.texts["en"].startswith("b) Develop and promulgate special mechanisms")
    assert hit.primary and hit.kind == "point" and hit.doc_id == "03/NQ-CP"
    assert hit.chunk_text in hit.texts[hit.chunk_lang]
    assert hit.trail and hit.citation_id == "03/NQ-CP:II.2.b"


def test_cross_lingual_answer_only_in_vietnamese(retriever: HybridRetriever) -> None:
    # Point II.3.a exists only in Vietnamese (the English translation has a gap there).
    hits = retriever.search("exploit rare earth mineral resources", k=3)
    assert hits[0].citation_id == "03/NQ-CP:II.3.a"
    assert set(hits[0].texts) == {"vi"}
    assert "đất hiếm" in hits[0].chunk_text


def test_english_question_reaches_vietnamese_only_task_row(retriever: HybridRetriever) -> None:
    hits = retriever.search("Ministry of Home Affairs law on cadres and civil servants", k=3)
    assert hits[0].citation_id == "03/NQ-CP:appendix-II.10"
    assert set(hits[0].texts) == {"vi"}


def test_modes(retriever: HybridRetriever) -> None:
    assert retriever.search("rare earth minerals", k=3, mode="lexical") == []  # no shared words
    dense = retriever.search("rare earth minerals", k=3, mode="dense")
    assert dense[0].citation_id == "03/NQ-CP:II.3.a" and dense[0].lexical_rank is None
    hybrid = retriever.search("Bộ Y tế", k=3)
    assert hybrid[0].dense_rank is not None and hybrid[0].lexical_rank is not None
    with pytest.raises(ValueError):
        retriever.search("x", mode="sparse")  # type: ignore[arg-type]
    assert retriever.search("   ") == []
    assert retriever.search("Bộ Y tế", k=0) == []


def test_filters(retriever: HybridRetriever) -> None:
    q = "digital transformation innovation"
    assert {h.doc_id for h in retriever.search(q, k=10, doc_ids=["news-vna-summary"])} == {"news-vna-summary"}
    assert {h.doc_id for h in retriever.search(q, k=10, doc_ids="03/NQ-CP")} == {"03/NQ-CP"}
    assert all(h.primary for h in retriever.search(q, k=10, primary_only=True))
    only_vi = retriever.search(q, k=10, lang="vi")
    assert only_vi and all(h.chunk_lang == "vi" for h in only_vi)
    tasks = retriever.search(q, k=10, clause_prefix="appendix-II")
    assert tasks and all(h.clause_id.startswith("appendix-II.") for h in tasks)
    assert ids(retriever.search(q, k=10, clause_prefix="appendix-II.1")) == ["03/NQ-CP:appendix-II.1"]
    both = retriever.search(q, k=10, clause_prefix="II.2", lang="en", doc_ids=["03/NQ-CP"])
    assert ids(both) == ["03/NQ-CP:II.2.b"]
    assert retriever.search(q, k=10, clause_prefix="nothing-here") == []
    for mode in ("dense", "lexical"):
        hits = retriever.search(q, k=10, clause_prefix="II", mode=mode)  # type: ignore[arg-type]
        assert hits and all(h.clause_id.startswith("II.") for h in hits)


def test_chroma_query_path_agrees_with_in_memory_scoring(vs_tiny_index, retriever: HybridRetriever) -> None:
    with HybridRetriever.open(vs_tiny_index.settings, dense_search="chroma") as via_chroma:
        assert via_chroma._vectors is None
        for q, kwargs in [
            ("rare earth minerals", {}),
            ("Bộ Y tế", {"lang": "vi"}),
            ("digital transformation", {"clause_prefix": "II", "doc_ids": ["03/NQ-CP"]}),
            ("online training", {"primary_only": True}),
        ]:
            a = retriever.search(q, k=5, mode="dense", **kwargs)
            b = via_chroma.search(q, k=5, mode="dense", **kwargs)
            assert ids(a) == ids(b), q
    with pytest.raises(ValueError):
        HybridRetriever.open(vs_tiny_index.settings, dense_search="faiss")


def test_clause_prefix_matching() -> None:
    assert clause_matches_prefix("II.2.b", "II.2")
    assert clause_matches_prefix("II.2", "II.2")
    assert not clause_matches_prefix("II.20", "II.2")
    assert clause_matches_prefix("appendix-II.110", "appendix-II")
    assert not clause_matches_prefix("appendix-II", "appendix-II.")


def test_primary_sources_come_before_news(retriever: HybridRetriever) -> None:
    hits = retriever.search("free online training in digital skills for the public", k=6)
    assert any(not h.primary for h in hits)
    flags = [h.primary for h in hits]
    assert flags == sorted(flags, reverse=True)


def test_concurrent_searches_are_safe_and_consistent(retriever: HybridRetriever) -> None:
    queries = [
        "Bộ Y tế",
        "rare earth",
        "national innovation brand",
        "bo noi vu",
        "Quỹ đầu tư",
        "online training",
    ]
    expected = {q: ids(retriever.search(q, k=5)) for q in queries}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda q: (q, ids(retriever.search(q, k=5))), queries * 8))
    assert all(expected[q] == got for q, got in results)


def test_open_without_kb_and_hit_serialisation(vs_tiny_index) -> None:
    with HybridRetriever.open(vs_tiny_index.settings) as r:
        (hit,) = r.search("Bộ Y tế", k=1)
    d = hit.to_dict()
    assert d["citation_id"] == "03/NQ-CP:appendix-II.110" and isinstance(d["trail"], list)


def test_missing_index_says_run_ingest(tmp_path) -> None:
    from ingest.settings import Settings

    with pytest.raises(IndexMissingError, match="nq57 ingest"):
        HybridRetriever.open(Settings(data_dir=tmp_path))


def test_other_corpus_is_a_mismatch(vs_tiny_index) -> None:
    from vectorstore.sample_kb import tiny_kb

    with pytest.raises(IndexMismatchError, match=r"different corpus.*nq57 ingest"):
        HybridRetriever.open(vs_tiny_index.settings, tiny_kb(corpus_hash="another"))


def test_other_embedder_is_a_mismatch(vs_tiny_index) -> None:
    settings = vs_tiny_index.settings.with_(embeddings="sentence-transformers:/models/other")
    with pytest.raises(IndexMismatchError, match=r"embedded with.*nq57 ingest"):
        HybridRetriever.open(settings)


def test_server_settings_against_embedded_index_is_a_mismatch(vs_tiny_index) -> None:
    settings = vs_tiny_index.settings.with_(chroma_host="127.0.0.1", chroma_port=9)
    with pytest.raises(IndexMismatchError, match="nq57 ingest"):
        HybridRetriever.open(settings)
