"""The task and indicator tables over the real knowledge base (parsed from the corpus, no index)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from assistant.taskquery import filter_tasks
from assistant.ui.explorer import IndicatorExplorer, TaskExplorer, parse_date_bound, write_csv
from ingest.errors import QuestionError
from ingest.gazetteer import Gazetteer
from ingest.models import KnowledgeBase
from ingest.pipeline import build_kb
from ingest.settings import Settings


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return build_kb(Settings.from_env())


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture()
def tasks(kb: KnowledgeBase, gaz: Gazetteer, tmp_path: Path) -> TaskExplorer:
    return TaskExplorer(kb, gaz, csv_dir=tmp_path)


def test_all_tasks_without_filters(tasks: TaskExplorer) -> None:
    r = tasks.query()
    assert len(r.rows) == 140 and r.summary.startswith("**140** of 140 tasks")
    assert [row[0] for row in r.rows] == list(range(1, 141))
    assert r.rows[109][-1] == "03/NQ-CP:appendix-II.110"


@pytest.mark.parametrize("name", ["MOH", "Bộ Y tế", "bo y te", "Ministry of Health"])
def test_agency_as_lead(tasks: TaskExplorer, name: str) -> None:
    r = tasks.query(agency=name, role="lead")
    assert r.items == [110, 111]
    assert "led by Ministry of Health" in r.summary


def test_roles_match_the_shared_filter(tasks: TaskExplorer, kb: KnowledgeBase) -> None:
    for role in ("lead", "coordinating", "either"):
        r = tasks.query(agency="MOST", role=role)
        expected = [t.no for t in filter_tasks(kb.tasks, **{role: ["MOST"]})]
        assert r.items == expected and r.items
    either = set(tasks.query(agency="MOH", role="either").items)
    assert {110, 111} <= either


def test_deadline_range_and_follow_up_shape(tasks: TaskExplorer, kb: KnowledgeBase) -> None:
    assert tasks.query(agency="MOH", due_to="3/2025").items == [110]
    assert tasks.query(agency="MOH", due_to="2025-03").items == [110]
    assert tasks.query(agency="MOH", due_from="2025-04-01").items == [111]
    r = tasks.query(due_from="2025", due_to="Q2/2025")
    expected = filter_tasks(kb.tasks, due_after=date(2025, 1, 1), due_before=date(2025, 6, 30))
    assert r.items == [t.no for t in expected] and r.items


def test_group_ongoing_text(tasks: TaskExplorer, kb: KnowledgeBase) -> None:
    group = tasks.query(group="VII")
    assert group.items and all(row[1] == "VII" for row in group.rows)
    ongoing = tasks.query(ongoing=True)
    assert ongoing.items == [t.no for t in filter_tasks(kb.tasks, ongoing=True)] and ongoing.items
    found = tasks.query(text="y tế")
    assert found.items == [t.no for t in filter_tasks(kb.tasks, text="y tế")] and found.items


def test_vietnamese_columns(tasks: TaskExplorer) -> None:
    r = tasks.query(agency="MOH", lang="vi")
    assert r.headers[:4] == ["STT", "Nhóm", "Nhiệm vụ", "Chủ trì"]
    assert r.rows[0][3] == "Bộ Y tế"
    assert r.summary.startswith("**2** trên 140 nhiệm vụ") and "Bộ Y tế" in r.summary


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"agency": "Ministry of Magic"}, "no agency matches"),
        ({"due_to": "next week"}, "cannot read"),
        ({"due_from": "2026", "due_to": "2025"}, "the range is empty"),
        ({"group": "IX"}, "no task group"),
    ],
)
def test_bad_filters_explain_themselves(tasks: TaskExplorer, kwargs: dict[str, str], message: str) -> None:
    r = tasks.query(**kwargs)  # type: ignore[arg-type]
    assert r.rows == [] and message in r.error and r.summary.startswith("⚠️")


def test_hostile_filter_text_is_escaped_in_summary(tasks: TaskExplorer) -> None:
    r = tasks.query(text="<img src=x onerror=alert(1)>")
    assert "<" not in r.summary


def test_csv_of_filtered_rows(tasks: TaskExplorer, tmp_path: Path) -> None:
    r = tasks.query(agency="MOH")
    path = tasks.csv(r)
    assert path.parent.parent == tmp_path and path.name == "nq57-tasks_lead-moh_en.csv"  # named by its filter
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs then read UTF-8
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "No." and [row[0] for row in rows[1:]] == ["110", "111"]
    assert tasks.csv(r) == path  # same content, same file
    by_deadline = tasks.csv(r.sorted_by("-due"))
    assert by_deadline.name == "nq57-tasks_lead-moh_en_sorted-by-due-desc.csv"
    rows = list(csv.reader(by_deadline.read_text(encoding="utf-8-sig").splitlines()))
    assert [row[0] for row in rows[1:]] == ["111", "110"]  # the order on screen


def test_sorting_is_stable_and_typed(tasks: TaskExplorer, kb: KnowledgeBase, gaz: Gazetteer) -> None:
    r = tasks.query().sorted_by("-no")
    assert r.items[:3] == [140, 139, 138]
    due = tasks.query().sorted_by("due")
    dues = [row[7] for row in due.rows]
    filled = [d for d in dues if d]
    assert filled == sorted(filled) and dues[: len(filled)] == filled  # blanks (ongoing tasks) last
    ex = IndicatorExplorer(kb, gaz)
    ids = ex.query().sorted_by("id").items
    assert ids.index("11") < ids.index("11.1") < ids.index("12")
    assert tasks.query().sorted_by("nonsense").items == tasks.query().items


def test_indicator_count_reads_as_officials_count(kb: KnowledgeBase, gaz: Gazetteer) -> None:
    ex = IndicatorExplorer(kb, gaz)
    assert ex.query().summary.startswith("**41** indicators (57 rows with sub-rows)")
    assert ex.query(lang="vi").summary.startswith("**41** chỉ tiêu (57 dòng")
    assert " of 41 indicators (" in ex.query(horizon="2045").summary


def test_untranslated_cells_are_flagged_in_english_only(kb: KnowledgeBase, gaz: Gazetteer) -> None:
    ex = IndicatorExplorer(kb, gaz)
    en = ex.query()
    flagged = [row for row, marks in zip(en.rows, en.untranslated, strict=True) if 2 in marks]
    assert flagged  # the source lacks English names for some rows
    assert not any(ex.query(lang="vi").untranslated)


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    path = write_csv(["a"], [["=HYPERLINK(\"http://x\")"], ["-1+2"], ["plain"]], tmp_path, "t")
    values = [row[0] for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines())][1:]
    assert values == ["'=HYPERLINK(\"http://x\")", "'-1+2", "plain"]


def test_date_bounds() -> None:
    assert parse_date_bound("6/2025", end=True) == date(2025, 6, 30)
    assert parse_date_bound("6/2025", end=False) == date(2025, 6, 1)
    assert parse_date_bound("Quý II/2025", end=True) == date(2025, 6, 30)
    assert parse_date_bound("2025-02", end=True) == date(2025, 2, 28)
    assert parse_date_bound("2025-06-15", end=False) == date(2025, 6, 15)
    assert parse_date_bound("", end=True) is None
    with pytest.raises(QuestionError):
        parse_date_bound("2025-13-01", end=True)


def test_indicators(kb: KnowledgeBase, gaz: Gazetteer) -> None:
    ex = IndicatorExplorer(kb, gaz)
    everything = ex.query()
    assert len(everything.rows) == len(kb.indicators)
    numbered = {i.id for i in kb.indicators if "." not in i.id}
    assert len(numbered) == 41
    h2030 = ex.query(horizon="2030")
    assert h2030.rows and all(row[1] == 2030 for row in h2030.rows)
    assert len(h2030.rows) + len(ex.query(horizon="2045").rows) == len(kb.indicators)
    assert ex.query(horizon="2099").error
    vi = ex.query(lang="vi")
    assert vi.headers[2] == "Chỉ tiêu"
    assert ex.query(agency="Ministry of Magic").error


def test_as_of_adds_the_body_that_carries_the_task_today(tasks: TaskExplorer) -> None:
    plain = tasks.query(agency="MIC")
    dated = tasks.query(agency="MIC", as_of="2025-07-01")
    assert dated.items == plain.items and dated.items
    assert len(plain.headers) == 10 and dated.headers[-1] == "Lead as of 2025-07-01"
    # the Ministry of Information and Communications merged into Science and Technology on 1 March 2025
    assert all("Ministry of Science and Technology" in row[-1] for row in dated.rows)
    assert tasks.query(as_of="someday").error
