"""Wordings found at the eleventh stop in a fresh question set written from the corpus alone: staff
shorthand (DN, NSNN), unaccented "ai" (who), a section named as the scope ("in the guiding viewpoints"),
a programme point asked by "item 4a", "Bộ trưởng" (a minister, not a ministry), "leading" as an
adjective, and a point of the programme that no task row carries. Each kind in several wordings."""

from __future__ import annotations

import pytest

from assistant.clause_terms import clause_terms
from assistant.glossary import expansions
from assistant.understanding.parse import parse_clause_refs
from ingest.textnorm import fold

# (question, clause the answer must cite first, a fact the direct line must hold)
PASSAGES = [
    # the section named as the scope: its heading words count for its sentences
    ("in the guiding viewpoints of 57, who is called the 'key factor'?", "57-NQ/TW:I.2", "scientists"),
    ("According to the guiding viewpoints of Resolution 57, who is the key factor?", "57-NQ/TW:I.2", "scientists"),
    # unaccented "ai" is "who", not AI; the people it names are the answer, listed whole
    ("co che dac biet ve nhap quoc tich, so huu nha, dat, thu nhap de thu hut ai?", "03/NQ-CP:II.4.n",
     "tổng công trình sư"),
    ("Cơ chế đặc biệt về nhập quốc tịch, sở hữu nhà, đất để thu hút những ai?", "03/NQ-CP:II.4.n",
     "tổng công trình sư"),
    ("Who does the action programme want to attract with special mechanisms on nationality and housing?",
     "03/NQ-CP:II.4.n", "chief engineers"),
    # "leading" describes the firms; it is not who leads a task
    ("how many more of the world's leading tech orgs/enterprises should vietnam attract to set up HQ by 2030?",
     "57-NQ/TW:II.1", "at least 3"),
    # a programme point no task row carries: the prose answers, not the nearest row
    ("Cử nhà khoa học tham gia các tổ chức KHCN quốc tế, đặc biệt là tổ chức của ai?", "03/NQ-CP:II.7.d",
     "Liên hợp quốc"),
    # "scientific research" is one term in both languages
    ("NQ57 có nói về việc chấp nhận rủi ro trong nghiên cứu khoa học không?", "57-NQ/TW:III.2", "Accept risks"),
    # a heading-only section named as the scope: the sentence in it that says it, not the heading
    ("In part III of NQ57, the section on enterprises - what does it say about FDI companies?", "57-NQ/TW:III.6",
     "foreign direct investment"),
    ("part III of 57: what about venture capital?", "57-NQ/TW:III.2", "venture capital"),
    # a group of the programme named as the scope is no task number
    ("Trong nhóm nhiệm vụ 5 của CTHĐ, mô hình Trung tâm giám sát điều hành thông minh nhằm mục đích gì?",
     "03/NQ-CP:II.5.d", "tăng cường quản lý công"),
    # capitals that are not bodies: HQ, ID, HDI, AP, "Article"
    ("Is there a task linking e-commerce with digital ID?", "03/NQ-CP:appendix-II.109", "digital identity"),
    ("NQ57 wants the HDI kept above what value?", "57-NQ/TW:II.1", "0.7"),
    # a description keeps the words before the matched items ("Gradually master … such as: …")
    ("Does NQ57 say anything about blockchain? in what context?", "57-NQ/TW:II.1", "Gradually master"),
    # an Appendix I row competes whole: its name, its unit ("/1000 dân") and its target together
    ("Tỷ lệ doanh nghiệp công nghệ số trên dân số đến 2045 là bao nhiêu?", "03/NQ-CP:appendix-I.38", "1000 dân"),
]


@pytest.mark.parametrize(("question", "ref", "fact"), PASSAGES)
def test_fresh_wordings_reach_the_clause_that_says_it(nq_assistant, question, ref, fact) -> None:
    ans = nq_assistant.ask(question)
    assert not ans.abstained and ans.citations, (question, ans.rule)
    assert ans.citations[0].ref == ref, (question, ans.rule, [c.ref for c in ans.citations])
    assert fact.casefold() in ans.direct.casefold(), (question, ans.direct)


@pytest.mark.parametrize("question", [
    "CTHĐ của CP thực hiện NQ57 được ban hành theo đề nghị của những Bộ trưởng nào?",
    "Chương trình hành động được ban hành theo đề nghị của các Bộ trưởng nào?",
    "chuong trinh hanh dong duoc ban hanh theo de nghi cua bo truong nao",
])
def test_which_ministers_proposed_the_programme_is_answered_from_the_preamble(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert not ans.refused and ans.rule == "document-facts", (question, ans.rule)
    assert "Khoa học và Công nghệ" in ans.answer, ans.answer


def test_who_the_minister_is_stays_refused(nq_assistant) -> None:
    assert nq_assistant.ask("Bộ trưởng Bộ Y tế là ai?").rule == "not-in-documents"


@pytest.mark.parametrize("question", [
    "Nhiem vu de nghi DN cap chu ky so mien phi cho nguoi benh co thoi han hoan thanh khi nao?",
    "Nhiệm vụ đề nghị DN cấp chữ ký số miễn phí cho người bệnh hạn khi nào?",
])
def test_dn_is_enterprises_not_an_unknown_agency(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert ans.rule != "unknown-agency", ans.answer
    assert "112" in ans.answer and ("6/2025" in ans.answer or "June 2025" in ans.answer), ans.answer


@pytest.mark.parametrize(("question", "ref"), [
    ("per Article 3, who is responsible for executing Resolution 03?", "03/NQ-CP:art.3"),
    ("What's the AP's plan on international standardization bodies, and which ministry leads it?",
     "03/NQ-CP:appendix-II.132"),
])
def test_capitalised_structure_words_and_shorthand_are_not_unknown_agencies(nq_assistant, question, ref) -> None:
    ans = nq_assistant.ask(question)
    assert ans.rule != "unknown-agency" and ans.citations and ans.citations[0].ref == ref, (ans.rule, ans.answer)


@pytest.mark.parametrize("question", ["Mục I (Mục tiêu) của CTHĐ đặt ra những mục tiêu gì?",
                                      "What does section III of 57 say?", "Mục III của NQ03 nói gì?"])
def test_a_heading_only_section_asked_whole_lists_its_items(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert ans.rule == "clause-reference" and len(ans.citations) >= 3, (question, [c.ref for c in ans.citations])


@pytest.mark.parametrize("question", ["nhom nhiem vu 4", "nhóm nhiệm vụ 2 của CTHĐ", "which tasks are in group IV?"])
def test_a_group_named_alone_still_lists_its_tasks(nq_assistant, question) -> None:
    assert nq_assistant.ask(question).rule == "tasks-by-filter", question


@pytest.mark.parametrize("question", [
    "how many semiconductor engineers does NQ57 want trained by 2030?",
    "NQ57 wants how many chip design engineers by 2030?",
])
def test_a_sentence_holding_only_the_year_does_not_answer(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert ans.abstained or ans.refused or not ans.direct, (question, ans.direct)


def test_staff_shorthand_expands_to_the_documents_terms() -> None:
    assert any("doanh nghiệp" in g for g in expansions("DN công nghệ số"))
    assert any("ngân sách nhà nước" in g for g in expansions("chi NSNN cho KHCN"))


@pytest.mark.parametrize(("question", "refs"), [
    ("item 4a of the action program refers back to which resolution?", ["II.4.a"]),
    ("điểm a mục 4 của chương trình hành động nói gì", ["II.4.a"]),
    ("muc 4 diem a", ["II.4.a"]),
    ("what does point b of item 3 say", ["II.3.b"]),
    ("point 4.a of the programme", ["II.4.a"]),
    ("section II.4.a", ["II.4.a"]),
    ("What does point 3(a) of the Action Programme require?", ["II.3.a"]),
    ("The English version skips point 1(dd) of the Action Programme. What does it ask for?", ["II.1.đ"]),
    ("What are the AI applications in task group 5 point (o) supposed to help with?", ["II.5.o"]),
    ("mục 3 nói gì", []),  # an item number alone names no point
    ("group 2 tasks", []),
])
def test_a_programme_point_named_without_its_section(question, refs) -> None:
    assert parse_clause_refs(fold(question), question)[0] == refs


def test_a_point_without_english_text_is_quoted_in_vietnamese(nq_assistant) -> None:
    ans = nq_assistant.ask("What are the AI applications in task group 5 point (o) supposed to help with?")
    assert ans.citations[0].ref == "03/NQ-CP:II.5.o" and "cảnh báo thiên tai" in ans.answer


def test_item_4a_is_answered_with_that_point(nq_assistant) -> None:
    ans = nq_assistant.ask("item 4a of the action program refers back to which earlier Party resolution?")
    assert ans.citations[0].ref == "03/NQ-CP:II.4.a" and "45-NQ/TW" in ans.answer


@pytest.mark.parametrize("question", ["which tasks is MOH leading?", "tasks MOST is leading",
                                      "Which tasks does the Ministry of Health lead?"])
def test_leading_as_a_verb_still_asks_for_the_lead_s_tasks(nq_assistant, question) -> None:
    assert nq_assistant.ask(question).rule == "agency-tasks", question


class _Hit:
    def __init__(self, trail: tuple[str, ...], lang: str = "en") -> None:
        self.citation_id, self.kind, self.title, self.chunk_lang = f"t:{trail}", "item", "", lang
        self.texts, self.trail = {lang: "Scientists are the key factor; people are the centre."}, trail


def test_only_a_short_numbered_section_heading_is_a_sentence_s_context() -> None:
    assert "viewpoint" in clause_terms(_Hit(("Doc", "I- GUIDING VIEWPOINTS"))).headings["en"].words
    # the programme's own title over every clause, and a long task-group heading, are not a scope
    assert clause_terms(_Hit(("Doc", "GOVERNMENT’S ACTION PROGRAM"))).headings == {}
    long_group = "2. Urgently and decisively improve the institutional framework; eliminate all mindsets"
    assert clause_terms(_Hit(("Doc", "II. SPECIFIC TASKS", long_group))).headings["en"].text == "II. SPECIFIC TASKS"


@pytest.mark.parametrize(("question", "facts"), [
    ("How many digital tech enterprises on par with advanced countries by 2030 and 2045?", ("5", "10")),
    ("bao nhieu DN cong nghe so ngang tam cac nuoc tien tien vao 2030 va vao 2045?", ("≥ 5", "≥ 10")),
    ("digital economy share of GDP in 2030 and 2045?", ("30%", "50%")),
])
def test_two_horizons_named_get_a_figure_for_each(nq_assistant, question, facts) -> None:
    ans = nq_assistant.ask(question)
    shown = ans.direct or ans.answer
    assert all(f in shown for f in facts), (question, shown[:400])


def test_one_sentence_naming_both_years_answers_both(nq_assistant) -> None:
    ans = nq_assistant.ask("What national development goal for 2030 and 2045 does NQ57 tie science and tech to?")
    assert "modern industry" in ans.direct and "developed country" in ans.direct, ans.direct


@pytest.mark.parametrize("question", [
    "Which law is to be finalised for the National Assembly with sandbox, liability exemption and land/credit/tax "
    "incentives for digital tech?",
    "Luật nào được bổ sung chính sách thí điểm, miễn trừ trách nhiệm, ưu đãi đất đai, tín dụng, thuế để trình Quốc hội?",
])
def test_an_item_is_quoted_with_its_lead_in(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert "Digital Technology Industry" in ans.direct or "Công nghiệp công nghệ số" in ans.direct, ans.direct


@pytest.mark.parametrize(("question", "outputs"), [
    ("nghị định nào do Bộ Tài chính xây dựng?", ["decree"]),
    ("Bộ Tài chính chủ trì những nghị định nào?", ["decree"]),
])
def test_the_kind_asked_by_nao_filters_the_agency_s_tasks(nq_assistant, question, outputs) -> None:
    ans = nq_assistant.ask(question)
    assert ans.rule == "agency-tasks" and ans.frame.get("outputs") == outputs and ans.tasks, (ans.rule, ans.frame)


@pytest.mark.parametrize("question", [
    "Luật nào được bổ sung chính sách thí điểm, miễn trừ trách nhiệm, ưu đãi đất đai, tín dụng, thuế để trình Quốc hội?",
    "Which laws does Resolution 57 say must be amended?",
])
def test_a_law_named_by_its_content_or_in_resolution_57_is_not_a_table_filter(nq_assistant, question) -> None:
    assert nq_assistant.ask(question).rule == "passage", question


@pytest.mark.parametrize("question", ["luat nao trinh quoc hoi trong nam 2025", "Nhiệm vụ nào có kết quả là luật?"])
def test_laws_asked_for_as_outputs_stay_a_table_filter(nq_assistant, question) -> None:
    assert nq_assistant.ask(question).rule == "tasks-by-filter", question


def test_a_vietnamese_function_word_is_not_a_misspelt_province(nq_assistant) -> None:
    ans = nq_assistant.ask("nq57 co cho DN thu nghiem cong nghe moi va duoc mien trach nhiem neu thiet hai khong?")
    assert "HAI_PHONG" not in ans.frame.get("agencies", []) and ans.rule == "passage", ans.frame


@pytest.mark.parametrize(("question", "fact"), [
    ("Theo NQ57, trong các nội dung cốt lõi thì cái nào là tiền đề, phải đi trước một bước?", "prerequisite"),
    ("NQ57 coi phát triển KHCN là đột phá quan trọng hàng đầu và động lực chính để làm gì?", "driving force"),
])
def test_vietnamese_questions_reach_57_s_english_viewpoints(nq_assistant, question, fact) -> None:
    ans = nq_assistant.ask(question)
    assert ans.citations and ans.citations[0].ref.startswith("57-NQ/TW:I."), [c.ref for c in ans.citations]
    assert fact in ans.direct, ans.direct


@pytest.mark.parametrize("question", [
    "What was Vietnam's Global Innovation Index rank in 2024 according to these documents?",
    "Mục tiêu đến năm 2025 về quy mô kinh tế số là bao nhiêu % GDP?",
    "what is the 2035 target for the digital economy?",
])
def test_a_target_dated_another_year_than_asked_does_not_answer(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert ans.abstained or ans.refused, (question, ans.rule, ans.direct)


def test_the_year_asked_still_answers(nq_assistant) -> None:
    assert "30" in nq_assistant.ask("What is the digital economy target for 2030?").answer


@pytest.mark.parametrize(("question", "ref"), [
    ("Quan điểm chỉ đạo cuối cùng (số 5) của NQ57 nhấn mạnh việc bảo đảm điều gì?", "I.5"),
    ("what does the third guiding viewpoint say?", "I.3"),
    ("quan diem thu hai cua nq57", "I.2"),
    ("viewpoint 4 of resolution 57", "I.4"),
])
def test_a_viewpoint_asked_by_its_place(question, ref) -> None:
    assert parse_clause_refs(fold(question), question) == ([ref], "57-NQ/TW")


@pytest.mark.parametrize("question", ["quan diem nam 2030 cua nq57", "quan điểm của Đảng về chuyển đổi số"])
def test_viewpoint_words_without_a_place_name_no_clause(question) -> None:
    assert parse_clause_refs(fold(question), question)[0] == []
