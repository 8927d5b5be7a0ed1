"""Wordings found at the thirteenth stop in question sets written from the corpus alone: a task row's cell asked
with a typo the row finder cannot place, a row described in the asker's own words, a mistyped word a row holds,
figures asked for a thing no clause gives a figure for, marks that tell two Vietnamese phrases apart once
folded, two horizons of one target, and who leads work "about Resolution 57". Each kind in several wordings."""

from __future__ import annotations

import pytest

from assistant.glossary import expansions

# (question, the task row the answer rests on, what the direct line must state)
ROW_CELLS = [
    # a typo ("mimh") leaves the row to the passage answer, which states the asked cell from the table
    ("de an do thi thong mimh han hoan thanh", 64, "12/2028"),
    ("đề án đô thị thông minh hạn hoàn thành khi nào?", 64, "12/2028"),
    # "thời gian hoàn thành" asks the deadline cell
    ("xay dung hoan thien quy dinh phap luat dam bao hanh lang phap ly cho hoat dong cua moi nganh linh vuc "
     "tren moi truong so: thoi gian hoan thanh?", 38, "9/2026"),
    # the asker's own words ("merge or dissolve the ones that perform poorly"): the row that holds far more of them
    ("Which ministry leads the scheme to re-plan public S&T organisations and merge or dissolve the ones that "
     "perform poorly?", 79, "Ministry of Science and Technology"),
    # a mistyped word the row holds one slip away
    ("Who is responsible for drawing up the list of stratgic technologies?", 44, "Ministry of Science and Technology"),
    ("who draws up the list of strategic technolgies", 44, "Ministry of Science and Technology"),
    # work "about Resolution 57": the row that holds nearly all of the question
    ("Who is in charge of drafting the PM decision on a regular, wide-reaching communication programme about the "
     "content of Resolution 57?", 1, "Ministry of Information and Communications"),
]


@pytest.mark.parametrize(("question", "task", "value"), ROW_CELLS)
def test_the_row_asked_about_states_its_cell(nq_assistant, question, task, value) -> None:
    ans = nq_assistant.ask(question)
    assert ans.direct and not ans.abstained, (question, ans.rule, ans.answer[:300])
    assert value.lower() in ans.direct.lower(), (question, ans.direct)
    assert f"03/NQ-CP:appendix-II.{task}" in [c.ref for c in ans.citations[:2]], (question, ans.direct)


@pytest.mark.parametrize("question", [
    # a fairly rare named thing no figure is given for: not the AI ranking, not the chip-mastery share
    "How many AI engineers does the Action Programme aim to train by 2030?",
    "NQ03 dat chi tieu dao tao bao nhieu ky su ban dan den nam 2030?",
    "ty le dan so co danh tinh so den nam 2030 la bao nhieu phan tram?",
    # a rank for a year the table does not set it for
    "What Global Innovation Index rank does Vietnam target by 2030?",
    # an unheard thing, and a row that holds only the words asking for a row
    "Who leads the esports task?",
    "Ai chủ trì nhiệm vụ về esports?",
])
def test_a_figure_or_row_for_a_thing_the_texts_do_not_give_abstains(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert ans.abstained or (ans.route == "lookup" and not ans.direct), (question, ans.rule, ans.direct)


@pytest.mark.parametrize(("question", "fact"), [
    ("What GII rank does Vietnam target by 2045?", "30"),
    ("NQ57: Viet Nam dung hang may ve DMST vao 2045", "top 30"),
    ("NQ57 R&D spend target 2030?", "2%"),
    ("NQ57 R&D spending target 2030?", "2%"),
])
def test_a_figure_asked_in_shorthand_is_stated(nq_assistant, question, fact) -> None:
    ans = nq_assistant.ask(question)
    assert not ans.abstained and fact in ans.direct, (question, ans.rule, ans.direct)


def test_two_horizons_of_one_target_give_both_rows(nq_assistant) -> None:
    for q in ("How does the digital economy target change from 2030 to 2045?",
              "quy mô kinh tế số đến 2030 và 2045 là bao nhiêu % GDP?"):
        ans = nq_assistant.ask(q)
        head = "\n\n".join(ans.answer.split("\n\n")[:2])
        assert "30" in head and "50" in head, (q, ans.rule, head)


@pytest.mark.parametrize(("text", "named", "not_named"), [
    # marked syllables are read with their marks: "tiêu chi" (target spending) is not "tiêu chí" (criteria)
    ("Mục tiêu chi cho R&D đến năm 2045 chiếm bao nhiêu % GDP?", "nghiên cứu và phát triển", "tiêu chí"),
    ("bộ tiêu chí đánh giá chuyển đổi số", "tiêu chí", None),
    # a phrase typed bare in a marked question still names its term
    ("Bộ tieu chi đánh giá", "tiêu chí", None),
    # the tone may sit on either vowel
    ("hiện đại hoá hạ tầng số", "hạ tầng số", None),
    # ĐMST typed without its bar
    ("KHCN va DMST", "đổi mới sáng tạo", None),
])
def test_glossary_terms_are_read_with_their_marks(text, named, not_named) -> None:
    found = [g[0] for g in expansions(text)]
    assert named in found, (text, found)
    if not_named:
        assert not_named not in found, (text, found)


def test_a_marked_by_is_not_the_anaphor_that(nq_assistant) -> None:
    # "CSDL các ngành do cơ quan nào chủ trì" folds to "nganh do" like "ngành đó" (that sector), an anaphor
    ans = nq_assistant.ask("chỉ tiêu hoàn thành xây dựng, kết nối, chia sẻ đồng bộ CSDL quốc gia, CSDL các ngành do "
                           "cơ quan nào chủ trì theo dõi, đánh giá?")
    assert ans.route != "missing-antecedent" and ans.rule != "missing-antecedent", ans.answer[:200]
    assert "Bộ Công an" in ans.answer.split("\n\n", 1)[0] + ans.answer[:600], ans.answer[:600]
    frame = nq_assistant.understand("ngành đó chủ trì những nhiệm vụ nào?")
    assert frame.agency_anaphor


@pytest.mark.parametrize(("question", "fact"), [
    # a number the question itself names ("per 10k") is not the answer
    ("How many researchers / R&D and innovation staff per 10k inhabitants does Resolution 57 want by 2030?", "12"),
    ("NQ57: bao nhiêu nhà nghiên cứu trên 1 vạn dân vào 2030?", "12"),
    # "what's the … target" asks a figure
    ("what's the 2030 target for the digital economy's share of GDP?", "30"),
])
def test_the_figure_asked_is_stated(nq_assistant, question, fact) -> None:
    ans = nq_assistant.ask(question)
    # a passage answer's direct line, or a table answer's first lines (where the eval reads them too)
    head = ans.direct.split("—")[0] if ans.direct else "\n\n".join(ans.answer.split("\n\n")[:2])
    assert not ans.abstained and fact in head, (question, ans.rule, head)


@pytest.mark.parametrize("question", [
    "What are the Appendix I targets for 2035?",
    "chỉ tiêu đến năm 2035 là gì",
    "NQ57 đặt ra mục tiêu gì cho năm 2035?",
])
def test_a_goal_year_the_documents_do_not_set_abstains(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert ans.abstained, (question, ans.rule, ans.answer[:200])


def test_the_year_a_law_was_issued_is_not_the_resolutions_date(nq_assistant) -> None:
    for q in ("nq03 yeu cau sua doi Luat KHCN ban hanh nam nao", "NQ03 requires amending the Law on S&T issued in which year?"):
        assert nq_assistant.ask(q).rule != "document-facts", q
    for q in ("NQ03 ban hành ngày nào?", "What date was the Govt's action programme resolution 03 issued?"):
        ans = nq_assistant.ask(q)
        assert ans.rule == "document-facts" and "2025" in ans.answer, (q, ans.rule)


def test_named_ministries_as_the_context_of_another_body_asked_for(nq_assistant) -> None:
    # "which bodies" about work no row holds: not the named ministries' task list
    for q in ("For reporting, MOST and MIC have to follow the work agendas of which bodies?",
              "Khi báo cáo, Bộ KH&CN và Bộ TT&TT phải bám sát chương trình công tác của những cơ quan nào?"):
        ans = nq_assistant.ask(q)
        assert ans.rule != "agency-tasks", (q, ans.answer[:200])
        assert "03/NQ-CP:III" in " ".join(c.ref for c in ans.citations[:3]), (q, [c.ref for c in ans.citations[:3]])


@pytest.mark.parametrize(("question", "verdict", "body"), [
    ("Is the cashless transactions indicator in NQ03 tracked by MOF, or by another agency?", "No.",
     "State Bank of Vietnam"),
    ("Chỉ tiêu đóng góp của TFP vào tăng trưởng kinh tế đến 2030 do Bộ KH&CN theo dõi phải không, hay cơ quan nào "
     "khác?", "Không.", "Bộ Kế hoạch và Đầu tư"),
    ("chi tieu ty le giao dich khong dung tien mat co phai do NHNN theo doi khong", "Có.", "Ngân hàng Nhà nước"),
])
def test_a_body_checked_against_one_indicator_gets_a_verdict_and_the_monitor(nq_assistant, question, verdict,
                                                                               body) -> None:
    ans = nq_assistant.ask(question)
    assert ans.direct.startswith(f"**{verdict}**") and body in ans.direct, (question, ans.rule, ans.direct)


@pytest.mark.parametrize("question", [
    "Trong danh mục 140 nhiệm vụ của NQ03, nhiệm vụ nào không ghi thời gian hoàn thành?",
    "which task has no due date?",
])
def test_no_completion_date_is_the_no_deadline_filter(nq_assistant, question) -> None:
    ans = nq_assistant.ask(question)
    assert ans.rule == "tasks-by-filter" and ans.tasks == [42], (question, ans.rule, ans.tasks)
