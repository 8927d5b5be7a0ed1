"""The real corpus, indexed once per session: gold-set quality and the rebuild guarantees."""

from __future__ import annotations

import time

import pytest

from vectorstore.evaluate import load_gold, score
from vectorstore.index import build_index
from vectorstore.retriever import HybridRetriever

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def full_retriever(vs_full_index):
    r = HybridRetriever.open(vs_full_index.settings, vs_full_index.kb)
    yield r
    r.close()


def test_gold_set_is_well_formed(vs_full_index) -> None:
    cases = load_gold()
    assert len(cases) >= 60
    assert {c.kind for c in cases} == {"en", "vi", "vi-unaccented", "cross-lingual"}
    known = {c.citation_id for c in vs_full_index.kb.clauses}
    for case in cases:
        assert set(case.expected) <= known, case.id
        assert case.checked.strip()


def test_hybrid_beats_both_single_retrievers_on_the_gold_set(full_retriever) -> None:
    results = score(full_retriever, load_gold())
    hybrid, dense, lexical = (results[m].recall(5) for m in ("hybrid", "dense", "lexical"))
    assert hybrid >= 0.9, results["hybrid"].misses(5)
    assert hybrid > dense and hybrid > lexical
    for kind in ("en", "vi", "vi-unaccented", "cross-lingual"):
        assert results["hybrid"].recall(5, kind) >= 0.75, kind


def test_every_table_row_is_indexed(full_retriever) -> None:
    ids = {c.citation_id for c in full_retriever.chunks}
    assert all(f"03/NQ-CP:appendix-II.{n}" in ids for n in range(1, 141))
    assert {"03/NQ-CP:appendix-I.11.1", "57-NQ/TW:II.1", "news-vna-summary:p12"} <= ids


def test_twins_of_a_real_clause(full_retriever) -> None:
    hit = full_retriever.search("tools to monitor hospitals sharing electronic health records", k=3)[0]
    assert hit.citation_id == "03/NQ-CP:appendix-II.110"
    assert set(hit.texts) == {"vi", "en"} and "Bộ Y tế" in hit.texts["vi"]


def test_unchanged_corpus_is_up_to_date_within_a_second(vs_full_index) -> None:
    from ingest.pipeline import build_kb

    assert vs_full_index.report.status == "built"
    t0 = time.perf_counter()
    kb = build_kb(vs_full_index.settings)
    report = build_index(kb, vs_full_index.settings)
    assert report.status == "up-to-date"
    assert report.seconds < 1.0
    assert time.perf_counter() - t0 < 2.0  # parse + check: an unchanged re-ingest
