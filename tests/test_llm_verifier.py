"""The verifier on answer texts written by hand: well-behaved ones pass, invented facts are removed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from llm_support import table_answer, tables_kb

from assistant.llm.context import ContextItem, context_from_answer
from assistant.llm.facts import support_set, unsupported
from assistant.llm.verifier import split_sentences, verify

T110 = "03/NQ-CP:appendix-II.110"
T1 = "03/NQ-CP:appendix-II.1"


@pytest.fixture(scope="module")
def ctx_en() -> list[ContextItem]:
    return context_from_answer(table_answer([110, 1], "Which tasks are due first?"), tables_kb())


@pytest.fixture(scope="module")
def ctx_vi() -> list[ContextItem]:
    return context_from_answer(table_answer([110, 1], "Nhiệm vụ nào?", "vi"), tables_kb())


def test_well_behaved_english_answer_passes_whole(ctx_en: list[ContextItem]) -> None:
    text = (
        f"Task 110 asks the Ministry of Health to develop solutions and tools for monitoring healthcare "
        f"facilities, due in March 2025 [{T110}]. "
        f"Task 1 is led by the Ministry of Information and Communications (MIC), with VTV, VOV and VNA "
        f"coordinating, and is due by 6/2025 [{T1}].\n"
        f"Its output is a Prime Minister's decision on Resolution 57-NQ/TW [{T1}]."
    )
    r = verify(text, ctx_en, expected_tasks=[110, 1], lang="en")
    assert r.removed == [], r.removed
    assert r.total == 3 and len(r.kept) == 3
    assert r.cited == [T110, T1]
    assert r.covered_tasks == [1, 110] and r.missing_tasks == []
    assert "March 2025" in r.text and T1 in r.text


def test_well_behaved_vietnamese_answer_passes(ctx_vi: list[ContextItem]) -> None:
    text = (
        f"Nhiệm vụ 110 do Bộ Y tế chủ trì, kết quả là giải pháp, công cụ, hoàn thành trong tháng 3/2025 [{T110}]. "
        f"Nhiệm vụ 1 do Bộ Thông tin và Truyền thông chủ trì, hoàn thành tháng 6 năm 2025 [{T1}]."
    )
    r = verify(text, ctx_vi, expected_tasks=[110, 1], lang="vi")
    assert r.removed == [], r.removed
    assert r.missing_tasks == []


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Task 110 is led by the Ministry of Health.", "no citation"),
        (f"Task 110 is due in December 2026 [{T110}].", "december 2026"),
        (f"Task 110 has a budget of 2,500 billion VND [{T110}].", "2,500"),
        (f"Task 110 must reach 30% of hospitals [{T110}].", "30%"),
        ("Task 110 is led by the Ministry of Health [03/NQ-CP:appendix-II.999].", "not in the context"),
        (f"Task 110 is led by the Ministry of Finance [{T110}].", "ministry of finance"),
        (f"Task 110 is led by the Ministry of Magic [{T110}].", "Ministry of Magic"),
        (f"Task 110 implements Resolution 52-NQ/TW [{T110}].", "52-nq/tw"),
        (f"Task 110 also covers task 111 [{T110}].", "task 111 is not in the structured result"),
        (f"Nhiệm vụ 110 do Bộ Y tế chủ trì, hoàn thành tháng 3/2025 [{T110}].", "not written in English"),
    ],
)
def test_invented_or_uncited_claims_are_removed(
    ctx_en: list[ContextItem], sentence: str, reason: str
) -> None:
    good = f"Task 1 is due in June 2025 [{T1}]."
    r = verify(f"{good} {sentence}", ctx_en, expected_tasks=[110, 1], lang="en")
    assert r.kept == [good]
    assert len(r.removed) == 1
    assert reason.lower() in "; ".join(r.removed[0].reasons).lower()


def test_missing_task_is_reported(ctx_en: list[ContextItem]) -> None:
    r = verify(f"Task 1 is due in June 2025 [{T1}].", ctx_en, expected_tasks=[110, 1], lang="en")
    assert r.removed == [] and r.missing_tasks == [110]


def test_english_sentence_in_vietnamese_answer_is_removed(ctx_vi: list[ContextItem]) -> None:
    r = verify(f"Task 110 is led by the Ministry of Health [{T110}].", ctx_vi, expected_tasks=None, lang="vi")
    assert r.kept == [] and "not written in Vietnamese" in r.removed[0].reasons


def test_agencies_match_by_gazetteer_id_or_by_the_words_of_the_row(ctx_en: list[ContextItem]) -> None:
    text = (
        f"Task 1 is led by MIC, with localities and Vietnam Television coordinating [{T1}]. "
        f"Task 110 is led by the Bộ Y tế [{T110}]."
    )
    r = verify(text, ctx_en, lang="en")
    assert r.removed == [], r.removed


def test_ordinary_word_most_is_not_an_agency(ctx_en: list[ContextItem]) -> None:
    r = verify(f"The most urgent one is task 110, due in March 2025 [{T110}].", ctx_en, lang="en")
    assert r.removed == []


def test_repeats_and_tag_only_lines(ctx_en: list[ContextItem]) -> None:
    text = f"Task 110 is due in March 2025.\n[{T110}]\nTask 110 is due in March 2025 [{T110}]."
    r = verify(text, ctx_en, lang="en")
    assert len(r.kept) == 1
    assert r.removed[0].reasons == ("repeats an earlier sentence",)


def test_a_sentence_with_one_bad_tag_among_good_ones_is_removed(ctx_en: list[ContextItem]) -> None:
    r = verify(f"Task 110 is due in March 2025 [{T110}; 03/NQ-CP:article-9].", ctx_en, lang="en")
    assert r.kept == [] and "article-9" in r.removed[0].reasons[0]


def test_numbers_must_be_in_the_text_the_sentence_cites(ctx_en: list[ContextItem]) -> None:
    # June 2025 is task 1's deadline, not task 110's: citing 110 alone does not support it.
    r = verify(f"Task 110 is due in June 2025 [{T110}].", ctx_en, lang="en")
    assert r.kept == []
    r = verify(f"Task 110 and task 1 are due in March and June 2025 [{T110}] [{T1}].", ctx_en, lang="en")
    assert len(r.kept) == 1


def test_bullets_are_kept_as_a_list(ctx_en: list[ContextItem]) -> None:
    text = f"- Task 110: due March 2025 [{T110}].\n- Task 1: due June 2025 [{T1}].\n- Task 7: soon [{T1}]."
    r = verify(text, ctx_en, expected_tasks=[110, 1], lang="en")
    assert r.text.splitlines() == [
        f"- Task 110: due March 2025 [{T110}].",
        f"- Task 1: due June 2025 [{T1}].",
    ]


@pytest.mark.parametrize(
    ("stated", "source"),
    [
        ("June 2025", "6/2025"),
        ("tháng 6/2025", "June 2025"),
        ("06/2025", "tháng 6 năm 2025"),
        ("first quarter of 2025", "Quý I/2025"),
        ("Quý II/2025", "Q2 2025"),
        ("30 %", "30%"),
        ("30 percent", "≥ 30%"),
        ("2,000", "2000"),
        ("2.000", "2,000"),
        ("1,5", "1.5"),
        ("9 January 2025", "ngày 09 tháng 01 năm 2025"),
        ("2025", "6/2025"),
        ("Resolution 57", "57-NQ/TW"),
    ],
)
def test_facts_normalise(stated: str, source: str) -> None:
    assert unsupported(f"It says {stated} here.", support_set(source)) == []


@pytest.mark.parametrize(
    ("stated", "source"),
    [
        ("July 2025", "6/2025"),
        ("Quý III/2025", "Quý I/2025"),
        ("31%", "30%"),
        ("2026", "6/2025"),
        ("June 2025", "2025"),
    ],
)
def test_facts_differ(stated: str, source: str) -> None:
    assert unsupported(f"It says {stated} here.", support_set(source)) != []


def test_sentence_splitting_keeps_abbreviations_and_tags() -> None:
    units = split_sentences(f"Resolution No. 57 is cited [{T1}]. Another one [{T110}].\n\n[{T110}]")
    assert [u.text for u in units] == [
        f"Resolution No. 57 is cited [{T1}].",
        f"Another one [{T110}]. [{T110}]",
    ]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=0, max_value=5000))
def test_property_a_number_survives_only_if_the_cited_row_has_it(n: int) -> None:
    item = ContextItem(
        T110, "task", "Task 110: build tools | Lead agency: Ministry of Health | Deadline: 03/2025", "en"
    )
    r = verify(f"Task 110 covers {n} facilities [{T110}].", [item], lang="en")
    # "03/2025" is a month: it supports 2025 (its year), not a bare 3.
    assert (len(r.kept) == 1) == (n in (110, 2025))


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_characters="[]"), max_size=200))
def test_property_nothing_without_a_tag_survives(text: str) -> None:
    item = ContextItem(T110, "task", "Task 110 | Deadline: 03/2025", "en")
    assert verify(text, [item], lang="en").kept == []
