"""Question kinds that went wrong for fresh phrasings (issue 13), end to end, with the expected rows
computed from the structured table rather than written down: exclusion, negated dates and kinds,
coordination constraints, short and misspelt agency names, standalone questions after a list,
anaphora and "both of them"."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.taskquery import Window, filter_tasks


def nums(tasks) -> list[int]:
    return [t.no for t in tasks]


Y2025 = Window(date(2025, 1, 1), date(2025, 12, 31))
Y2026 = Window(date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize("q", [
    "Which tasks due in 2026 aren't led by MIC or MOST?",
    "Which tasks due in 2026 are not led by MIC or MOST",
    "Nhiệm vụ nào hạn năm 2026 không phải do Bộ TT&TT hoặc Bộ KH&CN chủ trì?",
])
def test_excluded_agencies_joined_by_or(nq_assistant, nq_kb, q):
    want = [t.no for t in filter_tasks(nq_kb.tasks, window=Y2026) if not {"MIC", "MOST"} & set(t.lead)]
    assert nq_assistant.ask(q).tasks == want


@pytest.mark.parametrize("q", [
    "Which tasks does MIC coordinate, except those led by MOST?",
    "Bộ TT&TT phối hợp những nhiệm vụ nào, ngoài những nhiệm vụ do Bộ KH&CN chủ trì?",
])
def test_exclusion_does_not_set_the_positive_role(nq_assistant, nq_kb, q):
    want = [t.no for t in filter_tasks(nq_kb.tasks, coordinating=["MIC"]) if "MOST" not in t.lead]
    assert nq_assistant.ask(q).tasks == want


@pytest.mark.parametrize(("q", "lead", "not_coord"), [
    ("Which MOF tasks are not coordinated by MOST?", "MOF", "MOST"),
    ("Which tasks does MOH lead that MPS does not coordinate?", "MOH", "MPS"),
])
def test_excluded_coordinator(nq_assistant, nq_kb, q, lead, not_coord):
    want = [t.no for t in filter_tasks(nq_kb.tasks, lead=[lead]) if not_coord not in t.coordinating]
    assert nq_assistant.ask(q).tasks == want


@pytest.mark.parametrize("q", [
    "Nhiệm vụ nào của Bộ Giáo dục không phải hoàn thành trong năm 2025?",
    "MOET tasks not due in 2025",
    "Which tasks does MOET lead other than the ones due in 2025?",
])
def test_negated_year(nq_assistant, nq_kb, q):
    want = [t.no for t in filter_tasks(nq_kb.tasks, lead=["MOET"]) if t not in filter_tasks([t], window=Y2025)]
    assert nq_assistant.ask(q).tasks == want


def test_negated_kinds_and_outputs(nq_assistant, nq_kb):
    mpi = filter_tasks(nq_kb.tasks, lead=["MPI"])
    got = nq_assistant.ask("Bo Ke hoach va Dau tu chu tri nhiem vu nao khong phai thuong xuyen").tasks
    assert got == [t.no for t in mpi if t.deadline.kind != "ongoing"]
    decrees = set(nums(filter_tasks(nq_kb.tasks, lead=["MOET"], outputs=["decree"])))
    got = nq_assistant.ask("MOET tasks whose output is not a decree").tasks
    assert got and not set(got) & decrees and set(got) | decrees == set(nums(filter_tasks(nq_kb.tasks, lead=["MOET"])))


@pytest.mark.parametrize(("q", "empty"), [
    ("Which tasks led by MOH have a coordinating agency?", False),
    ("Bộ Y tế chủ trì nhiệm vụ nào không có cơ quan phối hợp?", True),
])
def test_coordination_cell(nq_assistant, nq_kb, q, empty):
    want = [t.no for t in filter_tasks(nq_kb.tasks, lead=["MOH"]) if (not t.coordinating) == empty]
    assert nq_assistant.ask(q).tasks == want


def test_both_lead_and_alone(nq_assistant, nq_kb):
    assert nq_assistant.ask("Which tasks do MPI and MOF both lead?").tasks == nums(
        filter_tasks(nq_kb.tasks, joint=["MPI", "MOF"]))
    assert nq_assistant.ask("Which tasks is MPS leading alone?").tasks == [
        t.no for t in filter_tasks(nq_kb.tasks, lead=["MPS"]) if len(t.lead) == 1]


@pytest.mark.parametrize(("q", "agency"), [
    ("Bộ Kế hoạch chủ trì nhiệm vụ nào?", "MPI"), ("Ministry of Home tasks", "MOHA"),
    ("Bộ Thông tin Truyền thông chủ trì nhiệm vụ nào?", "MIC"), ("bo ke hoach dau tu chu tri nhiem vu nao", "MPI"),
    ("Min. of Public Securty tasks", "MPS"), ("Bộ Văn hóa Thể thao và Du lịch chủ trì nhiệm vụ nào?", "MOCST"),
    ("Bộ GD chủ trì nhiệm vụ nào?", "MOET"),
])
def test_short_and_misspelt_names(nq_assistant, nq_kb, q, agency):
    assert nq_assistant.ask(q).tasks == nums(filter_tasks(nq_kb.tasks, lead=[agency]))


def test_unmarked_bo_inside_a_word_is_not_a_ministry(nq_assistant):
    a = nq_assistant.ask("nghi quyet 57 dat muc tieu cong bo khoa hoc quoc te tang bao nhieu moi nam")
    assert a.rule != "agency-tasks"


@pytest.mark.parametrize("q", ["Which tasks are due in December 2026?", "Nhiệm vụ nào hạn tháng 12/2026?"])
def test_a_question_with_its_own_subject_after_a_list_is_standalone(nq_assistant, nq_kb, q):
    want = nums(filter_tasks(nq_kb.tasks, window=Window(date(2026, 12, 1), date(2026, 12, 31))))
    assert nq_assistant.ask(q, ["What does MPI lead?"]).tasks == want


def test_restrictions_still_follow_the_list(nq_assistant, nq_kb):
    mpi = filter_tasks(nq_kb.tasks, lead=["MONRE"])
    assert nq_assistant.ask("chỉ những cái hạn năm 2026 thôi", ["Bộ TN&MT chủ trì nhiệm vụ nào?"]).tasks == nums(
        filter_tasks(mpi, window=Y2026))


def test_anaphora_and_both_of_them(nq_assistant, nq_kb):
    a = nq_assistant.ask("Bộ đó cùng Bộ Công an chủ trì những nhiệm vụ nào?", ["Bộ Quốc phòng chủ trì nhiệm vụ nào?"])
    assert a.tasks == nums(filter_tasks(nq_kb.tasks, joint=["MND", "MPS"]))
    b = nq_assistant.ask("Which tasks do both of them lead?", ["What does MPI lead?", "And MOF?"])
    assert b.tasks == nums(filter_tasks(nq_kb.tasks, joint=["MPI", "MOF"]))
    c = nq_assistant.ask("And those it coordinates?", ["Which tasks does MOHA lead?", "which of those are due in June 2025?"])
    assert c.tasks == nums(filter_tasks(nq_kb.tasks, coordinating=["MOHA"]))


@pytest.mark.parametrize("q", ["What is the Global Innovation Index rank of Thailand?",
                               "Tốc độ tăng trưởng kinh tế số của Ấn Độ là bao nhiêu?",
                               "Which country ranks first in the Global Innovation Index?"])
def test_other_countries_are_out_of_scope(nq_assistant, q):
    assert nq_assistant.ask(q).refused


@pytest.mark.parametrize(("q", "windows"), [
    ("Which tasks are due in 2027 or 2030?", [Window(date(2027, 1, 1), date(2027, 12, 31)),
                                              Window(date(2030, 1, 1), date(2030, 12, 31))]),
    ("Nhiệm vụ nào hạn tháng 10/2025 hoặc tháng 5/2025?", [Window(date(2025, 10, 1), date(2025, 10, 31)),
                                                           Window(date(2025, 5, 1), date(2025, 5, 31))]),
])
def test_either_of_two_periods(nq_assistant, nq_kb, q, windows):
    want = [t.no for t in nq_kb.tasks if filter_tasks([t], any_window=windows)]
    assert nq_assistant.ask(q).tasks == want


def test_the_agency_behind_an_indicator_answer(nq_assistant, nq_kb):
    first = "Ai theo dõi chỉ tiêu tỷ lệ người dân có hồ sơ sức khỏe điện tử?"
    monitor = next(i for i in nq_kb.indicators if i.id == nq_assistant.ask(first).indicators[0]).monitor
    got = nq_assistant.ask("Bộ đó chủ trì nhiệm vụ nào?", [first]).tasks
    assert got == nums(filter_tasks(nq_kb.tasks, lead=list(monitor)))


@pytest.mark.parametrize(("history", "q", "agencies"), [
    (["Bộ Y tế chủ trì nhiệm vụ nào?"], "thêm cả các nhiệm vụ của Bộ Ngoại giao nữa", ["MOH", "MOFA"]),
    (["Which tasks does MOCST lead?"], "Add the Ministry of Health to that list", ["MOCST", "MOH"]),
])
def test_follow_ups_that_add_to_the_list(nq_assistant, nq_kb, history, q, agencies):
    want = sorted({t.no for a in agencies for t in filter_tasks(nq_kb.tasks, lead=[a])})
    assert nq_assistant.ask(q, history).tasks == want


@pytest.mark.parametrize(("q", "agencies"), [
    ("By 2030 what share of people aged 15+ should hold a bank account, and who monitors it?", ()),
    ("What is the 2030 target for e-health records and who tracks it?", ()),
    ("which indicators does it monitor?", ("MOH",)),  # "it" is the agency just asked about
])
def test_who_question_pronoun_is_not_the_last_agency(nq_assistant, q, agencies):
    f = nq_assistant.understand(q, history=["Which tasks does MOH lead and when are they due?"])
    assert f.agencies == agencies, f.to_dict()
