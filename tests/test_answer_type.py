"""Expected answer type of a question (assistant/answer_type.py): fast, no index."""

from __future__ import annotations

import pytest

from assistant.answer_type import AnswerType, expected_answer_type
from ingest.textnorm import fold

CASES = [
    ("Which ministry guarantees the funding each year?", "en", AnswerType.AGENCY),
    ("Who has to find the money every year to carry out the programme?", "en", AnswerType.AGENCY),
    ("Cơ quan nào bảo đảm kinh phí hằng năm để thực hiện?", "vi", AnswerType.AGENCY),
    ("co quan nao bao dam kinh phi hang nam", "vi", AnswerType.AGENCY),
    ("Ai chịu trách nhiệm thi hành Nghị quyết?", "vi", AnswerType.AGENCY),
    ("How much of the S&T budget goes to strategic technology?", "en", AnswerType.NUMBER),
    ("What share of GDP should the digital economy reach?", "en", AnswerType.NUMBER),
    ("What percentage of exports should be high-tech?", "en", AnswerType.NUMBER),
    ("Tỷ trọng kinh tế số trong GDP là bao nhiêu?", "vi", AnswerType.NUMBER),
    ("ty le giao dich khong dung tien mat", "vi", AnswerType.NUMBER),
    ("By when must the plans be issued?", "en", AnswerType.DATE),
    ("Nghị quyết có hiệu lực từ khi nào?", "vi", AnswerType.DATE),
    ("thoi han hoan thanh ke hoach la bao gio", "vi", AnswerType.DATE),
    # a frequency is answered by the same column as a deadline ("Hằng năm", "Annually")
    ("How often is the list of grand challenges published?", "en", AnswerType.DATE),
    ("Bao lâu một lần phải công bố danh mục bài toán lớn?", "vi", AnswerType.DATE),
    ("Luật phải trình Quốc hội ở kỳ họp nào, hạn tháng mấy?", "vi", AnswerType.DATE),
    ("Which technologies should Vietnam master?", "en", AnswerType.LIST),
    ("Quỹ ưu tiên những lĩnh vực nào?", "vi", AnswerType.LIST),
    ("What does Resolution 57 say about rare earths?", "en", AnswerType.DESCRIPTION),
    ("Nghị quyết 57 nói gì về đất hiếm?", "vi", AnswerType.DESCRIPTION),
]


@pytest.mark.parametrize(("text", "lang", "want"), CASES)
def test_expected_answer_type(text: str, lang: str, want: AnswerType) -> None:
    assert expected_answer_type(text, fold(text), lang) is want


def test_ai_in_capitals_is_not_who() -> None:
    # "AI" is artificial intelligence; "ai" is Vietnamese "who".
    q = "What does the programme say about AI applications?"
    assert expected_answer_type(q, fold(q), "en") is AnswerType.DESCRIPTION


def test_when_as_a_conjunction_does_not_ask_for_a_date() -> None:
    from assistant.answer_type import AnswerType, expected_answer_type
    from ingest.textnorm import fold

    conjunction = ("What must be ensured when moving the political system onto the digital environment?",
                   "When moving online, what must be ensured?", "What should agencies keep in mind when sharing data?")
    asks = ("When is the Law on Teachers due?", "task 110 is due when?", "and when?",
            "So when does it have to be finished?", "Until when does the pilot run?",
            "when will MOH finish the e-health records task")
    for q in conjunction:
        assert expected_answer_type(q, fold(q), "en") is not AnswerType.DATE, q
    for q in asks:
        assert expected_answer_type(q, fold(q), "en") is AnswerType.DATE, q


def test_a_question_for_a_body_by_name_is_told_from_who_is() -> None:
    from assistant.answer_type import asks_organisation
    from ingest.textnorm import fold

    for q in ("Which ministry guarantees the money each year?", "Theo Nghị quyết 57, bộ nào bảo đảm kinh phí?",
              "co quan nao theo doi chi tieu 15", "What agency runs the National Data Center?"):
        assert asks_organisation(fold(q)), q
    for q in ("Who is the key factor according to resolution 57?", "Ai là nhân tố then chốt?"):
        assert not asks_organisation(fold(q)), q
