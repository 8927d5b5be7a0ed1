"""Scoring, aggregation, gating, case loading and feedback conversion of the eval system (pure functions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals import gate
from evals.cases import load_file, parse_case, select
from evals.feedback import candidates_from_feedback, convert, guess_language
from evals.metrics import aggregate, percentile, prf, score, squash, supports
from ingest.errors import EvalError

CLAUSES = {"03/NQ-CP:appendix-II.110", "03/NQ-CP:appendix-II.111", "57-NQ/TW:II.1", "57-NQ/TW:II.1.p2"}


def mk(**over: object):
    data = {"id": "c1", "suite": "table", "language": "en", "category": "lead", "question": "q?",
            "expect": {"tasks": [110, 111], "refused": False,
                       "citations": ["03/NQ-CP:appendix-II.110", "03/NQ-CP:appendix-II.111"]},
            "checked": "test"}
    data.update(over)
    return parse_case(data, "test")


def cite(*refs: str) -> list[dict[str, str]]:
    return [{"doc_id": r.split(":")[0], "clause_id": r.split(":", 1)[1], "label": "", "lang": "en", "quote": ""}
            for r in refs]


def test_exact_answer_passes() -> None:
    r = score(mk(), {"tasks": [111, 110], "citations": cite("03/NQ-CP:appendix-II.110"), "answer": "x"}, 5.0, CLAUSES)
    assert r.passed and r.exact and (r.tp, r.fp, r.fn) == (2, 0, 0)
    assert r.support is True and r.coverage == 0.5


def test_missing_and_extra_tasks_are_reported_with_items() -> None:
    r = score(mk(), {"tasks": [110, 112], "citations": cite("03/NQ-CP:appendix-II.110")}, 1.0, CLAUSES)
    assert not r.passed and (r.tp, r.fp, r.fn) == (1, 1, 1)
    assert "missing ['t:111'] extra ['t:112']" in r.failures[0]


def test_related_tasks_include_requires_only_its_items() -> None:
    c = mk(expect={"tasks": [14], "related_tasks_include": [1, 4]})
    ok = score(c, {"tasks": [14], "related_tasks": [2, 1, 4]}, 1.0, CLAUSES)
    assert ok.passed and (ok.tp, ok.fp, ok.fn) == (3, 0, 0)
    bad = score(c, {"tasks": [14], "related_tasks": [1]}, 1.0, CLAUSES)
    assert not bad.passed and "missing ['r:4']" in bad.failures[0]


def test_invalid_citation_and_missing_support_fail() -> None:
    r = score(mk(), {"tasks": [110, 111], "citations": cite("03/NQ-CP:appendix-II.999")}, 1.0, CLAUSES)
    assert r.invalid_citations == ["03/NQ-CP:appendix-II.999"] and r.support is False
    assert any("do not exist" in f for f in r.failures) and any(f.startswith("support") for f in r.failures)


def test_subclause_supports_parent_but_not_sibling_number() -> None:
    assert supports("57-NQ/TW:II.1.p2", "57-NQ/TW:II.1")
    assert not supports("03/NQ-CP:appendix-II.11", "03/NQ-CP:appendix-II.1")


def test_key_facts_ignore_case_diacritics_and_spaces() -> None:
    c = mk(suite="clause", expect={"clauses_any": ["57-NQ/TW:II.1"], "key_facts": [["30%"], ["Bộ Y tế", "MOH"]]})
    r = score(c, {"answer": "Kinh tế số đạt ≥ 30 % GDP; **bo y te** chủ trì", "citations": cite("57-NQ/TW:II.1.p2"),
                  "retrieved": ["03/NQ-CP:I.1", "57-NQ/TW:II.1.p2"]}, 1.0, CLAUSES)
    assert r.passed and r.rank == 2
    assert squash("Bộ  Y tế") == "boyte" and squash("Target: **2** % GDP, \\> 60") == "target:2%gdp,>60"


def test_refusal_is_scored_both_ways() -> None:
    must = mk(id="r1", suite="refusal", category="out_of_scope", expect={"refused": True})
    may = mk(id="r2", suite="refusal", category="answerable", expect={"refused": False})
    results = [score(must, {"refused": False}, 1, CLAUSES), score(may, {"refused": True}, 1, CLAUSES),
               score(mk(id="r3", suite="refusal", expect={"refused": True}), {"refused": True}, 1, CLAUSES)]
    m = aggregate(results)
    assert m["refusal.accuracy"] == pytest.approx(1 / 3)
    assert m["refusal.recall"] == 0.5 and m["refusal.answer_rate"] == 0.0


def test_prf_micro_and_empty_sets() -> None:
    a = score(mk(), {"tasks": [110, 111]}, 1, CLAUSES)
    b = score(mk(id="c2", expect={"tasks": []}), {"tasks": []}, 1, CLAUSES)
    c = score(mk(id="c3", expect={"tasks": [5, 6]}), {"tasks": [5]}, 1, CLAUSES)
    stats = prf([a, b, c])
    assert stats["precision"] == 1.0 and stats["recall"] == 0.75
    assert stats["f1"] == pytest.approx(2 * 0.75 / 1.75) and stats["exact_match"] == pytest.approx(2 / 3)
    assert prf([b])["f1"] == 1.0


def test_aggregate_splits_by_language_and_category() -> None:
    en = score(mk(), {"tasks": [110, 111]}, 10, CLAUSES)
    vi = score(mk(id="v", language="vi", category="coordinate"), {"tasks": [110]}, 30, CLAUSES)
    m = aggregate([en, vi])
    assert m["table.f1.lang.en"] == 1.0 and m["table.f1.lang.vi"] == pytest.approx(2 / 3)
    assert m["table.exact_match.cat.coordinate"] == 0.0 and m["latency.p95_ms"] == 30


def test_percentile_nearest_rank() -> None:
    assert percentile([5, 1, 3, 2, 4], 50) == 3 and percentile(list(range(1, 101)), 95) == 95


def test_judge_floors_baseline_and_regressions() -> None:
    metrics = {"table.f1.lang.en": 0.97, "table.f1": 0.95, "citation.validity": 1.0}
    base = {"schema": 1, "metrics": {"table.f1": 0.99, "latency.p95_ms": 1.0}, "passing_cases": ["a", "b"]}
    v = gate.judge(metrics, {"a": False, "b": True, "c": True}, base, skip_tags=[])
    assert not v.ok and v.regressed_cases == ["a"] and v.fixed_cases == ["c"]
    assert any("floor" in x for x in v.violations) and any("baseline" in x for x in v.violations)
    ok = gate.judge({"table.f1": 0.985}, {}, base, skip_tags=[])
    assert ok.ok  # within the 0.01 tolerance


def test_update_baseline_refuses_to_lower(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    gate.update_baseline(path, {"table.f1": 0.99}, {"a": True}, skip_tags=["successors"], allow_lower=False)
    gate.update_baseline(path, {"table.f1": 0.98999999}, {"a": True}, skip_tags=[], allow_lower=False)  # rounding only
    with pytest.raises(EvalError, match="refusing to lower"):
        gate.update_baseline(path, {"table.f1": 0.9}, {"a": True}, skip_tags=[], allow_lower=False)
    lowered = gate.update_baseline(path, {"table.f1": 0.9}, {}, skip_tags=[], allow_lower=True)
    assert lowered == ["table.f1: 0.9900 -> 0.9000"]
    assert gate.read_baseline(path)["metrics"] == {"table.f1": 0.9}


def test_case_loader_reports_file_and_line(tmp_path: Path) -> None:
    good = json.dumps({"id": "x", "suite": "table", "language": "en", "category": "lead", "question": "q",
                       "expect": {"tasks": [1]}, "checked": "t"})
    path = tmp_path / "t.jsonl"
    path.write_text(good + "\n\n" + good.replace('"en"', '"fr"') + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=r"t\.jsonl:3: language 'fr'"):
        load_file(path)
    path.write_text(good.replace('"expect"', '"status": "needs-review", "expect"') + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match="needs-review"):
        load_file(path)


def test_select_skips_by_tag_min_version_and_category() -> None:
    a = mk(id="a", min_version="successors")
    b = mk(id="b", tags=["no-diacritics"])
    c = mk(id="c")
    kept, skipped = select([a, b, c], skip_tags=["successors", "no-diacritics"])
    assert [x.id for x in kept] == ["c"] and [x.id for x in skipped] == ["a", "b"]


def test_feedback_becomes_reviewable_candidates(tmp_path: Path) -> None:
    recs = [
        {"question": "Bộ Y tế chủ trì nhiệm vụ nào?", "answer": "110, 111", "rating": "up", "comment": "",
         "citations": cite("03/NQ-CP:appendix-II.110", "03/NQ-CP:appendix-II.111"), "history": [], "timestamp": "t1"},
        {"question": "bộ y tế chủ trì nhiệm vụ nào?", "answer": "wrong", "rating": "down", "comment": "missed 111",
         "citations": cite("03/NQ-CP:appendix-II.110"), "history": [], "timestamp": "t2"},
        {"question": "What does Resolution 57 say about R&D?", "answer": "2%", "rating": "up",
         "citations": cite("57-NQ/TW:II.1"), "history": ["hi"], "timestamp": "t3"},
    ]
    cands = candidates_from_feedback(recs)
    assert len(cands) == 2
    table = next(c for c in cands if c["suite"] == "table")
    assert table["feedback"]["rating"] == "down" and table["expect"] == {} and table["language"] == "vi"
    clause = next(c for c in cands if c["suite"] == "clause")
    assert clause["expect"] == {"refused": False, "clauses_any": ["57-NQ/TW:II.1"]}
    assert guess_language("bo y te chu tri nhiem vu nao") == "vi"
    ui = [  # the UI's own format: string citations, tasks, answer_id; a later comment line re-states the verdict
        {"answer_id": "a1", "rating": "up", "question": "Which tasks does MOH lead?", "answer": "...",
         "citations": ["03/NQ-CP:appendix-II.110", "03/NQ-CP:appendix-II.112"], "tasks": [110, 111], "history": [],
         "language": "en", "comment": "", "timestamp": "t4"},
        {"answer_id": "a1", "rating": "down", "question": "Which tasks does MOH lead?", "answer": "...",
         "citations": ["03/NQ-CP:appendix-II.110"], "tasks": [110, 111], "history": [], "comment": "wrong", "timestamp": "t5"},
        {"answer_id": "a2", "rating": "up", "question": "Bo y te chu tri gi", "answer": "...",
         "citations": ["03/NQ-CP:appendix-II.110", "03/NQ-CP:appendix-II.112"], "tasks": [110, 111], "history": [],
         "language": "vi", "comment": "", "timestamp": "t6"},
    ]
    got = {c["question"]: c for c in candidates_from_feedback(ui)}
    assert got["Which tasks does MOH lead?"]["feedback"]["comment"] == "wrong"
    assert got["Bo y te chu tri gi"]["expect"]["tasks"] == [110, 111] and got["Bo y te chu tri gi"]["language"] == "vi"
    src = tmp_path / "feedback.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\nnot json\n", encoding="utf-8")
    n, problems = convert(src, tmp_path / "out" / "candidates.jsonl")
    assert n == 2 and len(problems) == 1
    with pytest.raises(EvalError, match="needs-review"):
        load_file(tmp_path / "out" / "candidates.jsonl")
