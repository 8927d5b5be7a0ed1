"""Answers, cards, explorer and CLI that follow the 03/NQ-CP -> 57-NQ/TW links (issue 15 acceptance).

The link route needs only the knowledge base and the clause index, so these tests use the real
Assistant over the real corpus without a search index; the eval gate (tests/test_evals_gate.py)
runs the link suite against the fully indexed assistant.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from assistant.answer_links import link_question, links_for_citations
from ingest.textnorm import fold


@pytest.fixture(scope="module")
def link_assistant(nq_kb):
    from assistant.core import Assistant
    from ingest.settings import Settings

    return Assistant(nq_kb, Settings(), retriever=None)


def _all_links_have_kind_and_evidence(ans) -> bool:
    d = ans.to_dict()
    return bool(d["links"]) and all(lk["kind"] in ("implements", "measures", "restates") and lk["evidence"]
                                    and all("kind" in e and "score" in e for e in lk["evidence"]) for lk in d["links"])


def test_human_resources_question_lists_group_iv_with_citations_and_quotes_iii_4(link_assistant):
    ans = link_assistant.ask("Which tasks carry out what Resolution 57 says about human resources?")
    assert ans.route == "link" and ans.language == "en"
    assert ans.tasks == list(range(77, 89))
    refs = [c.ref for c in ans.citations]
    assert refs[0] == "57-NQ/TW:III.4" and "high-quality human resources" in ans.citations[0].quote
    assert all(f"03/NQ-CP:appendix-II.{n}" in refs for n in range(77, 89))
    assert "> Developing and promoting high-quality human resources" in ans.answer  # the clause, quoted
    assert "group IV" in ans.answer and _all_links_have_kind_and_evidence(ans)


def test_task_110_in_vietnamese_gives_clause_and_path(link_assistant):
    ans = link_assistant.ask("Nhiệm vụ 110 thực hiện nội dung nào của Nghị quyết 57?")
    assert ans.route == "link" and ans.language == "vi" and ans.tasks == [110]
    assert "mục III.5 của Nghị quyết 57-NQ/TW" in ans.answer
    assert "nhiệm vụ 110 → Phụ lục II nhóm V" in ans.answer and "II.5 → 57-NQ/TW mục III.5" in ans.answer
    assert "bản dịch tiếng Anh" in ans.answer  # 57-NQ/TW is quoted from a translation, and says so
    assert {"57-NQ/TW:III.5", "03/NQ-CP:appendix-II.110", "03/NQ-CP:appendix-II.V"} <= {c.ref for c in ans.citations}
    assert _all_links_have_kind_and_evidence(ans)


def test_digital_economy_target_shows_indicator_beside_the_57_sentence(link_assistant):
    ans = link_assistant.ask("Is the 2030 digital-economy target tracked?")
    assert ans.route == "link" and ans.indicators == ["10"]
    assert "The scale of the digital economy reaches at least 30% of GDP." in ans.answer
    assert "≥ 30" in ans.answer and "% GDP" in ans.answer and "Ministry of Information and Communications" in ans.answer
    cite = {c.ref: c for c in ans.citations}
    assert cite["57-NQ/TW:II.1"].quote == "The scale of the digital economy reaches at least 30% of GDP."
    assert _all_links_have_kind_and_evidence(ans)


@pytest.mark.parametrize("question", [
    "Which tasks does MOH lead?",
    "What does Resolution 57 say about human resources?",
    "Nhiệm vụ 110 do cơ quan nào chủ trì?",
    "What is the target of indicator 10?",
])
def test_not_link_questions(question):
    assert link_question(fold(question)) is None


def test_a_table_answer_carries_the_links_its_cards_show(link_assistant):
    ans = link_assistant.ask("Task 110")
    assert ans.route == "lookup"
    assert [(lk["from_ref"], lk["to_ref"], lk["kind"]) for lk in ans.to_dict()["links"]] == [
        ("03/NQ-CP:appendix-II.110", "57-NQ/TW:III.5", "implements")]


def test_cards_show_the_link_both_ways(link_assistant, nq_kb):
    from assistant.ui.render import Source, SourceLookup, source_card_html

    lookup = SourceLookup.from_kb(nq_kb)
    ans = link_assistant.ask("Which tasks implement 57-NQ/TW III.4?")
    by_ref = {c.ref: c for c in ans.citations}
    task_card = source_card_html(Source(1, by_ref["03/NQ-CP:appendix-II.80"]), lookup, "en")
    assert '<div class="nq57-link nq57-link-implements">' in task_card
    assert "Carries out Resolution 57-NQ/TW III.4" in task_card and "data-" not in task_card  # the page drops data-*
    clause_card = source_card_html(Source(2, by_ref["57-NQ/TW:III.4"]), lookup, "vi")
    assert "Được thực hiện bởi 12 nhiệm vụ (77–88)" in clause_card
    shown = {(lk["from_ref"], lk["to_ref"]) for lk in links_for_citations(ans.citations, nq_kb)}
    assert ("03/NQ-CP:appendix-II.IV", "57-NQ/TW:III.4") in shown


def test_explorer_column_and_filter(nq_kb):
    from assistant.ui.explorer import TaskExplorer
    from ingest.gazetteer import Gazetteer

    ex = TaskExplorer(nq_kb, Gazetteer.load())
    r = ex.query(implements="III.4", lang="vi")
    assert r.items == list(range(77, 89)) and r.headers[8] == "Thực hiện (57-NQ/TW)"
    assert {row[8] for row in r.rows} == {"57-NQ/TW:III.4"} and r.rows[0][-1] == "03/NQ-CP:appendix-II.77"
    assert ("57-NQ/TW III.4 (12)", "III.4") in ex.implements_choices("en")


def test_cli_implements_gives_the_chat_rows(link_assistant, tmp_path):
    env = dict(os.environ, NQ57_DATA_DIR=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "assistant.cli", "tasks", "--implements", "III.4", "--format", "csv"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout.removeprefix("\ufeff"))))  # the CSV starts with a BOM
    chat = link_assistant.ask("Which tasks carry out what Resolution 57 says about human resources?")
    assert [int(r["no"]) for r in rows] == chat.tasks
    assert {r["carries_out_57"] for r in rows} == {"57-NQ/TW:III.4"} and {r["link_kind"] for r in rows} == {"implements"}
    assert json.loads(rows[0]["link_evidence"])[0]["kind"] == "structure"
    js = subprocess.run([sys.executable, "-m", "assistant.cli", "tasks", "--implements", "III.4", "--format", "json"],
                        env=env, capture_output=True, text=True, timeout=300)
    assert [t["no"] for t in json.loads(js.stdout)] == chat.tasks


def test_cli_indicators_carry_the_goal_they_measure(tmp_path):
    env = dict(os.environ, NQ57_DATA_DIR=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "assistant.cli", "indicators", "--format", "json"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = {r["id"]: r for r in json.loads(run.stdout)}
    assert rows["10"]["measures_57"] == "57-NQ/TW:II.1" and rows["36"]["measures_57"] == "57-NQ/TW:II.2"
    assert rows["10"]["link"]["kind"] == "measures" and rows["10"]["link"]["evidence"]
    assert rows["32"]["measures_57"] is None  # e-health records: 57-NQ/TW states no such goal
