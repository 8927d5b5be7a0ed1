"""The gold-case generators: known facts of the source text, and committed files in sync with them."""

from __future__ import annotations

import json
from datetime import date

import pytest

from evals.cases import EVALS_DIR, SUITE_FILES, load_suites
from evals.generators import deadlines as dl
from evals.generators import make_clause_qa, make_refusals, make_table_qa
from evals.generators.agencies import coordinates, leads
from evals.generators.appendix_scan import Row, scan_indicators, scan_tasks


@pytest.fixture(scope="module")
def rows() -> dict[int, Row]:
    return scan_tasks()


def test_scan_finds_every_row_and_the_known_quirks(rows: dict[int, Row]) -> None:
    assert sorted(rows) == list(range(1, 141))
    assert leads(rows, "MOH") == [110, 111] and coordinates(rows, "MOH") == [112]
    assert rows[110].deadline == "03/2025" and rows[111].deadline == "2025"
    assert rows[42].output == "" and rows[42].deadline == "" and rows[42].coordinating == "Bộ Quốc phòng"
    assert [len(rows[n].subitems) for n in (14, 26, 108)] == [4, 11, 11]
    assert rows[8].output == "Văn bản hướng dẫn" and rows[8].deadline == "03/2025"
    assert rows[11].coordinating == "Bộ Khoa học và Công nghệ Các bộ, ngành, địa phương"
    assert rows[71].output.startswith("Hoàn thành các CSDL quốc gia;") and rows[71].deadline == "2026"
    assert rows[140].deadline == "Thường xuyên"
    assert len(leads(rows, "MOST")) == 20 and 46 in leads(rows, "MOST")  # "Bộ Khoa học, Công nghệ" typo
    assert [r.group for r in (rows[1], rows[14], rows[43], rows[77], rows[89], rows[117], rows[132])] == [
        "I", "II", "III", "IV", "V", "VI", "VII"]


def test_indicator_scan() -> None:
    inds = scan_indicators()
    assert len(inds) == 57  # 41 numbered rows plus 11.1-11.12 and 23.1-23.4
    assert inds["32"].target == "≥ 95" and inds["32"].monitor == "Bộ Y tế"
    assert [i for i, r in inds.items() if r.horizon == 2045] == ["36", "37", "38", "39", "40", "41"]


@pytest.mark.parametrize(
    ("cell", "kind", "due"),
    [
        ("6/2025", "month", date(2025, 6, 30)), ("06/2025", "month", date(2025, 6, 30)),
        ("Tháng 10/2025", "month", date(2025, 10, 31)), ("Quý II/2025", "quarter", date(2025, 6, 30)),
        ("2025", "year", date(2025, 12, 31)), ("2025 - 2026", "range", date(2026, 12, 31)),
        ("2025- 2026", "range", date(2026, 12, 31)), ("2025 và những năm tiếp theo", "from-year-onward", None),
        ("Thường xuyên", "ongoing", None), ("Nhiệm vụ thường xuyên", "ongoing", None),
        ("hằng năm", "annual", None), ("", "none", None),
    ],
)
def test_deadline_reading(cell: str, kind: str, due: date | None) -> None:
    d = dl.read(cell)
    assert (d.kind, d.due) == (kind, due)


def test_deadline_filters_follow_the_documented_semantics() -> None:
    june = (date(2025, 6, 1), date(2025, 6, 30))
    assert dl.due_within(dl.read("6/2025"), *june)
    assert not dl.due_within(dl.read("Quý II/2025"), *june) and not dl.due_within(dl.read("2025"), *june)
    assert dl.due_by(dl.read("03/2025"), date(2025, 3, 31)) and not dl.due_by(dl.read("Thường xuyên"), date(2030, 1, 1))
    assert not dl.overdue(dl.read("2025 và những năm tiếp theo"), date(2030, 1, 1))
    assert dl.due_before(dl.read("5/2025"), date(2025, 6, 1)) and not dl.due_before(dl.read("6/2025"), date(2025, 6, 1))
    # A range is due at its end.
    assert dl.due_within(dl.read("2025 - 2026"), date(2026, 1, 1), date(2026, 12, 31))
    assert not dl.due_within(dl.read("2025 - 2026"), date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(("module", "suite"), [(make_table_qa, "table"), (make_clause_qa, "clause"),
                                               (make_refusals, "refusal")])
def test_committed_gold_files_match_their_generators(module: object, suite: str) -> None:
    """Regenerate in memory: a hand edit of a JSONL file, or a generator change not re-run, fails here."""
    built = module.build()  # type: ignore[attr-defined]
    lines = (EVALS_DIR / SUITE_FILES[suite]).read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == json.loads(json.dumps(built, ensure_ascii=False))


def test_gold_sets_meet_the_issue_sizes_and_are_well_formed() -> None:
    cases = load_suites(list(SUITE_FILES))
    by_suite = {s: [c for c in cases if c.suite == s] for s in SUITE_FILES}
    assert len(by_suite["table"]) >= 150 and len(by_suite["clause"]) >= 40
    assert sum(c.expect.get("refused") is True for c in by_suite["refusal"]) >= 15
    table = by_suite["table"]
    assert {c.language for c in table} == {"en", "vi"}
    assert {"no-diacritics", "shorthand", "abbrev"} <= {t for c in table for t in c.tags}
    assert any(c.history for c in table) and any(c.category == "overdue" and c.as_of for c in table)
    assert all(c.min_version == "successors" for c in table if c.category == "successor")
    assert any("cross-lingual" in c.tags for c in by_suite["clause"])
    assert all(c.checked.startswith(("generator:", "hand-written:", "hand-read:")) for c in cases)
    assert sum("hand-checked" in c.checked for c in table) >= 20
