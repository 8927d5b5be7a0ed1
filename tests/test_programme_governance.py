"""Questions about running the Action Programme itself (03/NQ-CP sections I and III, its articles, its legal
basis) are answered from those clauses, not from a task row that shares their words."""

from __future__ import annotations

import pytest

from assistant import guard
from assistant.understanding.build import Understander
from ingest.gazetteer import Gazetteer

# (question, clause the answer must cite first, a fact the direct line must hold): several wordings each,
# both languages, with and without diacritics.
GOVERNANCE = [
    ("Who monitors implementation of the Government's action programme?", "III.4", "Science and Technology"),
    pytest.param("who's in charge of monitoring the implementation of the action programme", "III.4",
                 "Science and Technology", marks=pytest.mark.xfail(strict=True, reason=(
                     "known limit: the glossary makes monitoring and supervision one term, and III.3's 'supervision "
                     "of the Government's Action Program' (ministers, provincial chairpersons) outranks III.4"))),
    ("Ai theo dõi, đôn đốc việc triển khai Chương trình hành động?", "III.4", "Khoa học và Công nghệ"),
    ("ai theo doi don doc viec trien khai chuong trinh hanh dong", "III.4", "Khoa học và Công nghệ"),
    ("Who do ministries send proposals to when the programme needs amending?", "III.6", "Science and Technology"),
    ("Nếu cần sửa đổi, bổ sung nội dung chương trình thì các bộ gửi đề xuất cho cơ quan nào?", "III.6",
     "Khoa học và Công nghệ"),
    ("Who receives the progress reports on the action programme?", "III.3", "Science and Technology"),
    ("By what dates are the six-monthly progress reports due?", "III.3", "June 15"),
    ("What is the first objective of the action programme?", "I.1", "Institutionaliz"),
    ("Mục tiêu thứ hai của Chương trình hành động là gì?", "I.2", "nhiệm vụ cụ thể"),
]


@pytest.mark.parametrize(("question", "clause", "fact"), GOVERNANCE)
def test_the_programme_s_own_running_is_answered_from_its_sections(nq_assistant, question, clause, fact) -> None:
    ans = nq_assistant.ask(question)
    assert ans.rule == "programme-governance" and not ans.abstained, (question, ans.rule)
    assert ans.citations[0].ref == f"03/NQ-CP:{clause}", (question, [c.ref for c in ans.citations])
    assert fact.casefold() in ans.direct.casefold(), (question, ans.direct)


@pytest.mark.parametrize("question", [
    "Cho tôi danh sách nhiệm vụ Bộ Y tế chủ trì thực hiện (theo Nghị quyết 03/NQ-CP)?",
    "Which tasks does MOST lead on monitoring the implementation of the action programme?",
    "Which indicators does MIC monitor under the action programme?",
    "Which tasks are about the implementation of the action programme?",
])
def test_task_and_indicator_questions_naming_the_programme_stay_table_questions(nq_assistant, question) -> None:
    assert nq_assistant.ask(question).rule != "programme-governance", question


@pytest.fixture(scope="module")
def builder(nq_kb) -> Understander:
    vocab = guard.DomainVocabulary([c.text for c in nq_kb.clauses if c.lang == "en"],
                                   [c.text for c in nq_kb.clauses if c.lang == "vi"])
    return Understander(Gazetteer.load(), vocab)


@pytest.mark.parametrize(("question", "expected"), [
    ("Who monitors implementation of the Government's action programme?", True),
    ("Các bộ phải ban hành kế hoạch thực hiện Nghị quyết 57 trong thời gian nào?", True),
    ("Who proposed the action programme to the Government?", True),
    # the implementation of Resolution 57 is its own section IV, not the programme's running
    ("Cơ quan nào chủ trì hướng dẫn tuyên truyền, thực hiện Nghị quyết 57?", False),
    ("What does the programme say about semiconductors?", False),
    ("Who leads developing the Digital Government programme?", False),
    ("Bộ nào chủ trì thực hiện chương trình chuyển đổi số?", False),
])
def test_the_frame_decides_once_whether_the_programme_itself_is_asked_about(builder, question, expected) -> None:
    assert builder.frame(question).about_programme is expected, question


def test_a_cited_resolution_s_english_date_is_not_a_deadline() -> None:
    from assistant.answer_type import AnswerType
    from assistant.clause_terms import split_units
    from assistant.direct_answer import carried

    unit = split_units("Issue together with this Resolution the Government’s Action Program for the implementation "
                       "of Resolution No. 57-NQ/TW dated December 22, 2024 of the Political Bureau.", "en")[0]
    assert not carried(unit, AnswerType.DATE, "en", None).ok


@pytest.mark.parametrize(("question", "answer", "not_answer"), [
    # "They shall submit biannual progress reports to MOST and MIC": "they" are the ministers and provincial
    # chairpersons of the sentence before; the bodies the question names are not its answer
    ("Who has to send biannual progress reports to MOST and MIC?", "People’s Committees", "Ministry of Science"),
    ("Who receives the progress reports on the action programme?", "Ministry of Science and Technology", ""),
])
def test_a_pronoun_s_sentence_is_answered_by_who_the_pronoun_is(nq_assistant, question, answer, not_answer) -> None:
    ans = nq_assistant.ask(question)
    head = ans.direct.split("—", 1)[0]
    assert answer in head and (not not_answer or not_answer not in head), (question, ans.direct)
    assert ans.citations[0].ref == "03/NQ-CP:III.3"


def test_a_word_list_may_refer_to_another_list_of_its_file(tmp_path, monkeypatch) -> None:
    import json

    from assistant.understanding import words as W
    from ingest.errors import ConfigError

    (tmp_path / "refs_test.json").write_text(json.dumps({
        "names": {"why": "", "terms": ["re:the (?:action )?programme", "chuong trinh hanh dong"]},
        "asks": {"why": "", "terms": [r"re:amend\w* {names}\b"]},
        "loop": {"why": "", "terms": ["re:x {loop}"]},
    }), encoding="utf-8")
    monkeypatch.setattr(W, "_DIR", tmp_path)
    assert W.pattern("refs_test", "asks").search("amending the action programme")
    assert W.pattern("refs_test", "asks").search("amend chuong trinh hanh dong")
    assert not W.pattern("refs_test", "asks").search("amend the law")
    with pytest.raises(ConfigError, match="refers to itself"):
        W.pattern("refs_test", "loop")


@pytest.mark.parametrize("question", ["Mục tiêu thứ hai của Chương trình hành động là gì?",
                                      "and what is the second objective of the action programme?"])
def test_an_objective_by_its_number_is_not_a_row_of_the_last_list(nq_assistant, question) -> None:
    # after a list of two tasks, "the second objective" is item I.2, not the second task of the list
    ans = nq_assistant.ask(question, history=["Which tasks does MOH lead?"])
    assert ans.rule == "programme-governance" and ans.citations[0].ref == "03/NQ-CP:I.2", (ans.rule, ans.tasks)
    assert nq_assistant.ask("the second one", history=["Which tasks does MOH lead?"]).tasks == [111]
