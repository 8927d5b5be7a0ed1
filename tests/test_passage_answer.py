"""Passage answers that answer (issue 14): direct line first, marked quote, official text, abstention."""

from __future__ import annotations

from assistant.answer_passage import answer_passage
from assistant.answer_type import AnswerType, expected_answer_type
from assistant.clause_terms import clause_terms, split_units
from ingest.textnorm import fold


def _ask(nq_assistant, question: str, lang: str):
    a = nq_assistant
    kind = expected_answer_type(question, fold(question), lang)
    return answer_passage(question, lang, kind, None, a.retriever, a.index, a.kb.tasks, a.gazetteer,
                          a.kb.indicators)


def test_funding_question_opens_with_the_ministry_of_finance(nq_assistant) -> None:
    ans = nq_assistant.ask("Who has to find the money every year to carry out the programme?")
    assert ans.route == "passage" and not ans.abstained
    first = ans.answer.split("\n\n", 1)[0]
    assert first.startswith("**Ministry of Finance**") and "III.5" in first
    assert ans.direct == first
    assert ans.citations[0].ref == "03/NQ-CP:III.5"


def test_vietnamese_question_quotes_the_official_vietnamese_clause(nq_assistant) -> None:
    ans = nq_assistant.ask("Cơ quan nào bảo đảm kinh phí hằng năm để thực hiện?")
    assert ans.citations[0].ref == "03/NQ-CP:III.5" and ans.citations[0].lang == "vi"
    assert ans.direct.startswith("**Bộ Tài chính**")
    quote = ans.answer.split("> ", 1)[1]
    assert quote.startswith("**Bộ Tài chính chủ trì")  # the answering span is marked
    assert "Bản dịch tiếng Anh" in ans.answer and "Ministry of Finance" in ans.answer  # English beside it


def test_number_answer_keeps_the_condition(nq_assistant) -> None:
    res = _ask(nq_assistant, "Doanh nghiệp công nghệ hàng đầu thế giới đầu tư trung tâm nghiên cứu và phát triển "
                             "tại Việt Nam với tỷ lệ bao nhiêu doanh thu?", "vi")
    assert not res.abstained
    # Programme point II.6.i sets the condition; task 131 of Appendix II restates it word for word.
    assert "1% - 3%" in res.direct and res.cited[0][1] in ("II.6.i", "appendix-II.131")


def test_unanswerable_detail_abstains_with_closest_passages(nq_assistant) -> None:
    # No clause gives a yearly length of submarine cable: no "According to …" over a guess.
    res = _ask(nq_assistant, "How many kilometres of submarine cable must be laid each year?", "en")
    assert res.found and res.abstained and res.direct == ""
    assert res.text.startswith("The documents do not state this exactly.")
    assert "According to" not in res.text and res.cited


def test_quotes_keep_field_labels_out(nq_assistant) -> None:
    res = _ask(nq_assistant, "What does the action programme say about open data initiatives?", "en")
    quote_lines = [ln for ln in res.text.split("\n") if ln.startswith("> ")]
    assert quote_lines and not any("Lead agency:" in ln or "Coordinating" in ln for ln in quote_lines)


def test_units_split_sentences_not_abbreviations() -> None:
    units = split_units("The Ministry of Finance shall ensure funding for Resolution No. 57-NQ/TW. Second one.", "en")
    assert [u.text for u in units] == ["The Ministry of Finance shall ensure funding for Resolution No. 57-NQ/TW.",
                                       "Second one."]


def test_clause_folded_once(nq_assistant, monkeypatch) -> None:
    # Issue 17 item 5: the second question over the same clauses folds nothing already folded.
    hits = nq_assistant.retriever.search("annual funding Ministry of Finance", k=6)
    for h in hits:
        clause_terms(h)
    import assistant.clause_terms as ct

    calls = []
    monkeypatch.setattr(ct, "fold", lambda t: calls.append(t) or fold(t))
    for h in hits:
        clause_terms(h)
    assert calls == []


def test_answer_type_enum_is_a_string() -> None:
    assert AnswerType.AGENCY == "agency"


def test_indicator_row_answers_with_its_target_and_monitor(nq_assistant) -> None:
    ans = nq_assistant.ask("By 2030 what share of people aged 15+ should hold a bank account, and who monitors it?")
    assert ans.route == "passage" and not ans.abstained, ans.answer
    assert "95" in ans.direct and "State Bank" in ans.direct and "appendix-I.30" in ans.citations[0].ref


def test_a_lead_in_sentence_runs_on_into_its_list(nq_assistant) -> None:
    ans = nq_assistant.ask("Sửa Luật Khoa học và Công nghệ năm 2013 để làm gì?")
    assert not ans.abstained, ans.answer
    assert "phân cấp" in ans.direct and "thủ tục hành chính" in ans.direct


def test_numbers_glued_to_names_and_periods_are_not_amounts() -> None:
    from assistant.direct_answer import numbers_in

    got = [m.group().strip() for m in numbers_in("5G, 6G networks in the 2021- 2030 period reach 30% of 100 people")]
    assert got == ["30%", "100"]


def test_english_words_meet_their_base_forms() -> None:
    from assistant.clause_terms import forms, word_set

    assert "amend" in forms("amended") and "draft" in forms("drafting") and "reach" in forms("reaches")
    assert forms("tư") == {"tư"} and "require" in word_set("It is required.")


def test_vietnamese_syllable_pairs() -> None:
    from assistant.answer_passage import syllable_pairs

    assert {"dau tu", "nuoc ngoai"} <= syllable_pairs("có hỗ trợ doanh nghiệp đầu tư ra nước ngoài không")


def test_a_reports_deadline_is_a_date_in_the_clause_not_a_task_filter(nq_assistant) -> None:
    # The dates in such a question place the report (section III.3); they select no tasks.
    for q in ("Besides 15 June, what's the other deadline for the six-monthly progress reports?",
              "When are the six-monthly reports on the programme due?",
              "what is the deadline for the progress reports"):
        ans = nq_assistant.ask(q)
        assert ans.route == "passage" and ans.citations[0].ref == "03/NQ-CP:III.3", q
        assert "June 15 and December 1" in ans.direct, q
    vi = nq_assistant.ask("Báo cáo định kỳ 6 tháng phải gửi trước ngày nào?")
    assert vi.route == "passage" and "01 tháng 12" in vi.direct
    # a question about tasks keeps its date filter, a report among their outputs included
    for q in ("Which tasks are due by June 2025?", "Which tasks due in 2025 produce a report?"):
        assert nq_assistant.ask(q).rule == "tasks-by-filter", q


def test_date_spans_take_day_and_month_and_whole_words() -> None:
    from assistant.direct_answer import _DATE

    got = [m.group().strip() for m in _DATE.finditer("biannual progress reports by June 15 and December 1 for review")]
    assert got == ["by June 15 and December 1"]
    assert [m.group() for m in _DATE.finditer("in June 2025, annually")] == ["in June 2025", "annually"]


def test_one_clause_naming_the_agency_states_its_sentence_first(nq_assistant) -> None:
    for q, who, fact in (("What role does the Vietnam Fatherland Front play under Resolution 57?",
                          "**Vietnam Fatherland Front** — “", "supervision"),
                         ("Mặt trận Tổ quốc Việt Nam có vai trò gì trong thực hiện Nghị quyết 57?",
                          "**Mặt trận Tổ quốc Việt Nam** — “", "supervision"),
                         ("What does section III assign to MOF?", "**Ministry of Finance** — “", "annual funding")):
        ans = nq_assistant.ask(q)
        assert ans.rule == "agency-in-resolution-text" and ans.direct.startswith(who), q
        assert fact in ans.direct and ans.answer.split("\n\n", 1)[0] == ans.direct, q
        quote = ans.direct.split("“", 1)[1].split("”", 1)[0]
        assert quote in " ".join(ans.citations[0].quote.split()) or quote[:120] in ans.answer.split("\n\n", 1)[1]


def test_a_typed_answer_far_ahead_answers_below_the_coverage_threshold(nq_assistant) -> None:
    # Vietnamese question, English-only clause: few shared words, but one sentence names the agency asked for
    ans = nq_assistant.ask("Cơ quan nào chủ trì hướng dẫn tuyên truyền, thực hiện Nghị quyết 57?")
    assert not ans.abstained and ans.citations[0].ref == "57-NQ/TW:IV.5"
    assert ans.direct.startswith("**Ban Tuyên giáo Trung ương**")


def test_a_list_answer_states_every_item_of_its_sentence(nq_assistant) -> None:
    # The items of II.5.n are separated by semicolons; the answer is the sentence, not the item that matched.
    vi = nq_assistant.ask("Nền tảng số giám sát dữ liệu tài nguyên, môi trường đi kèm những hệ thống nào?")
    assert vi.citations[0].ref == "03/NQ-CP:II.5.n" and not vi.abstained
    assert "thông tin địa lý" in vi.direct and "giao thông thông minh" in vi.direct
    en = nq_assistant.ask("Besides natural resources and environment data, which systems should the monitoring "
                          "platforms cover?")
    assert "geographic information" in en.direct and "intelligent transportation" in en.direct


def test_a_list_at_the_end_of_a_long_sentence_is_kept(nq_assistant) -> None:
    ans = nq_assistant.ask("Which fields does Resolution 57 name for international cooperation in science and technology?")
    assert ans.citations[0].ref == "57-NQ/TW:III.7"
    assert "quantum technology" in ans.direct and "atomic energy" in ans.direct


def test_sentence_runs_join_semicolon_parts_but_not_field_lines() -> None:
    from assistant.passage_compose import sentence_runs

    units = split_units("Build A; system B; system C.\nLead agency: Ministry of Finance\nOne more.", "en")
    assert [u.text for u in sentence_runs(units)] == ["Build A; system B; system C."]
    assert sentence_runs(split_units("Only one sentence.", "en")) == []


def test_british_spelling_gets_the_answer_american_spelling_gets(nq_assistant) -> None:
    # The documents' English is American; users type "centre", "programme", "organisation" too.
    pairs = [
        ("What does Resolution 57 say about regional data centers?", "What does Resolution 57 say about regional data centres?"),
        ("Which organizations of science and technology should be restructured?",
         "Which organisations of science and technology should be restructured?"),
        ("What is the first objective of the action program?", "What is the first objective of the action programme?"),
    ]
    for american, british in pairs:
        a, b = nq_assistant.ask(american), nq_assistant.ask(british)
        assert [c.ref for c in a.citations] == [c.ref for c in b.citations], (american, british)
        assert a.direct == b.direct and a.abstained == b.abstained


def test_vietnamese_who_is_not_the_acronym_ai() -> None:
    from assistant.glossary import expansions

    def terms(q: str) -> list[str]:
        return [g[0] for g in expansions(q)]

    assert "trí tuệ nhân tạo" not in terms("Theo Nghị quyết 57, ai là nhân tố then chốt?")
    assert "trí tuệ nhân tạo" not in terms("nhiem vu nay do ai chu tri")
    assert "trí tuệ nhân tạo" in terms("Nghị quyết nói gì về AI?")
    assert "trí tuệ nhân tạo" in terms("what does the resolution say about ai?")


def test_who_is_the_key_factor_in_vietnamese_is_answered(nq_assistant) -> None:
    ans = nq_assistant.ask("Nghị quyết 57 coi ai là nhân tố then chốt?")
    assert not ans.abstained and ans.citations[0].ref == "57-NQ/TW:I.2"
    assert "scientists" in ans.direct


def test_a_by_when_question_is_not_answered_without_a_date(nq_assistant) -> None:
    from assistant.passage_compose import answers

    ans = nq_assistant.ask("By when must the ministries and provinces issue their plans to implement Resolution 57 "
                           "and the Action Programme?")
    assert ans.abstained or any(ch.isdigit() for ch in ans.direct), ans.direct
    assert not answers(_Undated(), AnswerType.DATE)


class _Carried:
    ok, answer, at, collective = False, "", -1, False


class _Undated:
    """A sentence holding every word of a "by when" question, and no date."""

    cov, score, carried, topical, names_rare, rare_held = 0.9, 2.0, _Carried(), True, True, False


def test_two_asks_get_two_direct_lines(nq_assistant) -> None:
    ans = nq_assistant.ask("Who does Resolution 57 call the center and main subject, and who is the key factor?")
    assert "People and businesses" in ans.direct and "scientists" in ans.direct
    en = nq_assistant.ask("What new national council does NQ57 set up, and by when should the guidelines and "
                          "policies be basically completed?")
    assert "National Council" in en.direct and "2025" in en.direct, en.direct


def test_which_national_council_is_not_a_question_about_other_countries(nq_assistant) -> None:
    ans = nq_assistant.ask("Nghị quyết 57 lập hội đồng quốc gia nào?")
    assert not ans.refused and "National Council" in ans.direct
    assert nq_assistant.ask("Quốc gia nào dẫn đầu thế giới về bán dẫn?").refused


def test_dam_bao_and_bao_dam_are_one_word(nq_assistant) -> None:
    # Vietnamese writes "ensure" both ways; the programme uses both.
    a = nq_assistant.ask("Cơ quan nào bảo đảm kinh phí hằng năm để thực hiện?")
    b = nq_assistant.ask("Cơ quan nào đảm bảo kinh phí hằng năm để thực hiện?")
    assert a.citations[0].ref == b.citations[0].ref == "03/NQ-CP:III.5"
    assert b.direct.startswith("**Bộ Tài chính**")
    assert expected_answer_type("phải bảo đảm những yêu cầu gì?", fold("phải bảo đảm những yêu cầu gì?"), "vi") \
        is AnswerType.LIST


def test_vietnamese_questions_reach_the_english_only_resolution_through_the_glossary(nq_assistant) -> None:
    a = nq_assistant.ask("Theo Nghị quyết 57, nghiên cứu cơ bản và nghiên cứu ứng dụng được đặt thế nào?")
    assert a.citations[0].ref == "57-NQ/TW:I.4" and "basic research" in a.direct
    b = nq_assistant.ask("Nghị quyết 57 nói gì về băng thông siêu rộng?")
    assert "57-NQ/TW:II.1" in {c.ref for c in b.citations} and "wide bandwidth" in b.direct


def test_a_task_row_answers_a_deadline_or_frequency_from_its_field(nq_assistant) -> None:
    # The field line ("Thời gian hoàn thành: Hằng năm") names nothing of the question and the task sentence
    # names no date: the row answers as a whole, with the deadline from the parsed table first.
    for question, want, task in [
        ("How often is the list of national grand challenges for digital technology firms published?", "Annually", "124"),
        ("bao lâu một lần công bố danh mục các bài toán lớn cho doanh nghiệp công nghệ số?", "Hằng năm", "124"),
        ("Luật sửa đổi Luật Tiêu chuẩn và Quy chuẩn kỹ thuật phải trình QH thông qua ở kỳ họp nào, hạn tháng mấy?",
         "5/2025", "17"),
    ]:
        ans = nq_assistant.ask(question)
        # the row answers, from the passage route or as the task-fact lookup that states the asked cell first
        assert ans.route in ("passage", "lookup") and not ans.abstained, question
        # ("grand challenges": a word the texts never use leaves the row shown as the closest one, not stated)
        head = ans.direct or "\n\n".join(ans.answer.split("\n\n")[:2])
        assert want.lower() in head.lower(), (question, head)
        assert ans.citations[0].ref == f"03/NQ-CP:appendix-II.{task}"
    kyhop = nq_assistant.ask("Luật sửa đổi Luật Tiêu chuẩn và Quy chuẩn kỹ thuật phải trình QH thông qua ở kỳ họp nào, "
                             "hạn tháng mấy?")
    assert "Kỳ họp thứ 9" in kyhop.direct  # the task's own sentence stays in the row


def test_task_row_unit_scores_values_not_field_labels(nq_assistant) -> None:
    from assistant.passage_compose import task_row

    hit = next(h for h in nq_assistant.retriever.records if h.clause_id == "appendix-II.124")
    units = split_units(hit.texts["vi"], "vi")
    row = task_row(units)
    assert row is not None and row.text.startswith("Nhiệm vụ 124. Công bố danh mục")
    assert "Cơ quan phối hợp" not in row.text  # an empty field ("—") is left out
    assert "Thời gian hoàn thành: Hằng năm" in row.text
    assert " chu tri " not in row.folded and "hang nam" in row.folded  # labels are not scored, values are
    assert task_row(units) is row  # built once per clause


def test_a_one_syllable_glossary_term_needs_its_marks_in_an_accented_question() -> None:
    from assistant.glossary import expansions

    assert "quỹ" not in [g[0] for g in expansions("quy mô kinh tế số đạt bao nhiêu phần trăm GDP")]
    assert "quỹ" in [g[0] for g in expansions("quỹ đầu tư mạo hiểm cho khởi nghiệp")]
    assert "quỹ" in [g[0] for g in expansions("quy dau tu cho khoi nghiep")]  # unaccented: any reading


def test_a_numbered_list_is_answered_whole(nq_assistant) -> None:
    # Task 108 lists eleven items, some ending with a full stop: the list is one answer.
    ans = nq_assistant.ask("Nhiệm vụ chuyển đổi số gắn với Đề án 06 trong phụ lục gồm những nội dung gì?")
    assert not ans.abstained and ans.citations[0].ref == "03/NQ-CP:appendix-II.108"
    assert "(1) Định danh tàu thuyền" in ans.direct and "(11) Mô hình điểm" in ans.direct


def test_a_purpose_sentence_is_quoted_whole_not_its_first_segment(nq_assistant) -> None:
    for q in ("Mô hình Trung tâm giám sát điều hành thông minh trong NQ03 nhằm mục đích gì?",
              "mo hinh trung tam giam sat dieu hanh thong minh de lam gi"):
        ans = nq_assistant.ask(q)
        assert ans.citations[0].ref == "03/NQ-CP:II.5.d", q
        assert "quan liêu" in ans.direct and "tham nhũng" in ans.direct, (q, ans.direct)


def test_two_target_asks_get_both_indicator_rows(nq_assistant) -> None:
    ans = nq_assistant.ask("How many new undersea cable lines and how much total designed capacity in Tbps "
                           "does the programme target by 2030?")
    assert ans.route == "lookup" and list(ans.indicators) == ["23.2", "23.3"]
    assert "09" in ans.answer and "350" in ans.answer
    one = nq_assistant.ask("What total designed capacity of undersea cables does the programme target by 2030?")
    assert list(one.indicators) == ["23.3"]


def test_a_year_the_question_names_picks_its_part_of_a_long_sentence() -> None:
    from assistant.direct_answer import cut_span

    text = ("Our country needs strong, strategic and revolutionary policies to create new impetus and breakthroughs "
            "in the development of science, technology and innovation, to bring the country to develop strongly in "
            "the new era, the era of prosperity, strength and success in achieving the goal that by 2030, Vietnam will "
            "become a developing country with modern industry and high average income, and by 2045, it will become "
            "a developed country with high income.")
    unit = split_units(text, "en")[0]
    assert len(unit.text) > 320
    span_2030 = cut_span(unit, -1, frozenset({"country", "2030"}))
    assert "modern industry" in span_2030 and span_2030.rstrip("…").strip() != "by 2030"
    span_2045 = cut_span(unit, -1, frozenset({"country", "2045"}))
    assert "developed country with high income" in span_2045


def test_the_2030_and_2045_goals_of_the_opening_are_answered_however_asked(nq_assistant) -> None:
    # 57-NQ/TW states its national goals once, in its opening: that text is not a legal preamble to skip.
    facts = {"2030": "modern industry", "2045": "developed country"}
    for q, year in (
        ("what kind of country is vietnam supposed to be by 2030 according to the intro of resolution 57", "2030"),
        ("According to NQ57, what should Vietnam have become by 2030?", "2030"),
        ("What is the national development goal for 2030 and 2045 that Resolution 57 ties science to?", "2045"),
        ("NQ57 đặt mốc năm nào để VN trở thành nước đang phát triển có công nghiệp hiện đại, thu nhập trung bình cao?",
         "2030"),
    ):
        ans = nq_assistant.ask(q)
        assert not ans.abstained, q
        assert facts[year] in ans.direct or year in ans.direct, (q, ans.direct)


def test_a_number_the_question_names_is_not_its_answer(nq_assistant) -> None:
    # "12 people per 10,000 people": the question already says 10,000; the answer is the other number.
    for q in ("How many researchers per 10,000 people does Resolution 57 aim for by 2030?",
              "By 2030, how many researchers per 10,000 people does NQ57 want?"):
        ans = nq_assistant.ask(q)
        assert not ans.abstained and ans.direct.startswith("**12"), (q, ans.direct)


def test_how_the_science_budget_is_spent_is_answered_not_refused(nq_assistant) -> None:
    ans = nq_assistant.ask("How is the budget for S&T research and development to be prioritised?")
    assert ans.route == "passage" and not ans.refused and not ans.abstained
    assert "fund mechanism" in ans.direct and ans.citations[0].ref == "57-NQ/TW:III.2"


def test_a_task_group_title_is_not_the_quote_when_its_points_say_it(nq_assistant) -> None:
    # 03/NQ-CP II.5 is the title of a task group (240 characters, no full stop); its point c and task 90
    # say what must be ensured: connectivity, synchronisation and state secrets.
    for q in ("Đưa hoạt động của cả hệ thống chính trị lên môi trường số thì phải bảo đảm những gì?",
              "What must be ensured when moving the political system onto the digital environment?"):
        ans = nq_assistant.ask(q)
        assert not ans.abstained, q
        assert ans.citations[0].ref != "03/NQ-CP:II.5", (q, ans.direct)
        assert "bí mật nhà nước" in ans.direct or "state secre" in ans.direct, (q, ans.direct)


def test_a_resolution_ours_cite_is_answered_where_they_relate_to_it(nq_assistant) -> None:
    # 03/NQ-CP II.4.a cites Resolution 45-NQ/TW: asked how the programme ties in with it, the citing clause
    # answers; asked what 45-NQ/TW itself says, or about a resolution ours never cite, the refusal stands.
    for q in ("How does the action programme tie in with Resolution 45-NQ/TW on human resources?",
              "Chương trình hành động gắn với Nghị quyết 45-NQ/TW như thế nào?"):
        ans = nq_assistant.ask(q)
        assert not ans.refused and ans.citations[0].ref == "03/NQ-CP:II.4.a", (q, ans.direct)
    assert nq_assistant.ask("What does Resolution 45-NQ/TW say about human resources?").refused
    assert nq_assistant.ask("How does the action programme tie in with Resolution 52-NQ/TW?").refused


def test_a_campaign_about_resolution_57_is_answered_from_the_programme_that_runs_it(nq_assistant) -> None:
    # 57 is the object ("propaganda about Resolution 57"): 03/NQ-CP II.1.a lists the channels.
    for q in ("Tuyên truyền Nghị quyết 57 phải đa dạng hóa qua những kênh nào?",
              "Which channels should propaganda about Resolution 57 use?",
              "tuyen truyen nghi quyet 57 qua nhung kenh nao"):
        ans = nq_assistant.ask(q)
        assert not ans.abstained, q
        assert "báo chí" in ans.direct or "press" in ans.direct, (q, ans.direct)
    # ... while the role of the Front in implementing 57 stays with 57's own section IV
    from assistant.understanding.parse import parse_clause_refs
    from ingest.textnorm import fold

    q = "Vai trò của Mặt trận Tổ quốc trong việc thực hiện Nghị quyết 57 là gì?"
    assert parse_clause_refs(fold(q), q)[1] == "57-NQ/TW"


def test_a_yearly_rate_is_written_per_year_in_the_documents() -> None:
    # "16 - 18%/year", "10%/năm": "each year" and "mỗi năm" in a question must meet the documents' "/year".
    from assistant.glossary import expansions, matches_any

    for q in ("How many more patents each year?", "số bằng sáng chế tăng bao nhiêu mỗi năm?"):
        group = next(g for g in expansions(q) if "annual" in g)
        assert matches_any(group, fold("increases by an average of 16 - 18%/year, the rate"))


def test_when_the_named_resolution_does_not_say_it_the_one_that_does_answers_and_says_so(nq_assistant) -> None:
    # 57-NQ/TW names no ministry for the money; 03/NQ-CP III.5 does. Users name the resolution they think of.
    for q, lang in (("Who ensures annual funding to implement NQ57?", "en"),
                    ("Theo Nghị quyết 57, bộ nào bảo đảm kinh phí hằng năm?", "vi")):
        ans = nq_assistant.ask(q)
        assert not ans.abstained and ans.citations[0].ref == "03/NQ-CP:III.5", (q, ans.direct)
        assert ("Ministry of Finance" if lang == "en" else "Bộ Tài chính") in ans.direct
        assert ("does not mention this" if lang == "en" else "không nhắc đến") in ans.answer  # said, not hidden


def test_an_english_answer_line_names_a_task_lead_in_english_where_the_translation_has_no_cell(nq_assistant) -> None:
    task = next(t for t in nq_assistant.kb.tasks if t.no == 5)
    assert not task.lead_raw_en  # the English row's lead cell is a gap of the translation
    ans = nq_assistant.ask("Who leads the scheme to assess how well state agencies fulfil digital transformation tasks?")
    assert "Bộ" not in ans.direct.split("—")[0], ans.direct


def test_vietnamese_topic_words_of_two_short_syllables_pick_the_rows(nq_assistant) -> None:
    # "y tế", "ký số": each syllable too short to be a word alone; the pair is the topic. "ngành" names no topic.
    for q in ("nhiệm vụ nào liên quan đến chữ ký số?", "nhiem vu nao ve chu ky so", "Which tasks are about digital signatures?"):
        ans = nq_assistant.ask(q)
        assert ans.rule == "tasks-on-topic" and ans.tasks == [112], (q, ans.tasks)
    ans = nq_assistant.ask("Người bệnh có được cấp chữ ký số miễn phí không? nhiệm vụ về chữ ký số cho ngành y tế nói gì")
    assert "miễn phí" in ans.answer and ans.citations[0].ref == "03/NQ-CP:appendix-II.112", ans.answer[:300]


def test_of_several_clauses_naming_a_body_the_one_saying_its_role_answers(nq_assistant) -> None:
    # 57-NQ/TW IV.4 states the Front's role; 03/NQ-CP II.5.c only lists it among bodies to coordinate with.
    for q in ("role of the Vietnam Fatherland Front & socio-political orgs in implementing the resolution?",
              "What role do the Fatherland Front and socio-political organizations play in implementing it?"):
        ans = nq_assistant.ask(q)
        assert "supervision" in ans.direct and "57-NQ/TW" in ans.direct, (q, ans.direct)
    # the body's own name is in every such clause: it does not make the list of bodies (II.5.c) the answer
    direct = nq_assistant.ask("Mặt trận Tổ quốc Việt Nam có vai trò gì?").direct
    assert "II.5" not in direct and "mục II.5" not in direct, direct
