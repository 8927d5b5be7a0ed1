"""The real web UI server, driven over HTTP with gradio_client (no browser)."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import statistics
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError
from ui_support import UiServer, artifact, run_sessions, run_sessions_lean, start_ui_server

from assistant.ui.feedback import read_feedback
from assistant.ui.serve import auth_from_env
from ingest.errors import ConfigError

MOH_Q = "Which tasks does MOH lead and when are they due?"
FOLLOW_UP = "which of those are due by March 2025?"
XSS = '<img src=x onerror="window.__nq57_xss=1"><script>window.__nq57_xss=2</script>'


def client(url: str, **kw: Any) -> Client:
    return Client(url, verbose=False, analytics_enabled=False, **kw)


def last_message(chat: list[dict[str, Any]]) -> str:
    content = chat[-1]["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def test_moh_question_then_follow_up_uses_history(ui_server: UiServer) -> None:
    c = client(ui_server.url)
    job = c.submit(MOH_Q, api_name="/respond")
    box, chat, plain, result = job.result(timeout=120)
    assert box == ""  # the question box is cleared for the next question
    assert result["tasks"] == [110, 111], result
    refs = [x["doc_id"] + ":" + x["clause_id"] for x in result["citations"]]
    assert "03/NQ-CP:appendix-II.110" in refs and "03/NQ-CP:appendix-II.111" in refs
    shown = last_message(chat)
    for ref in ("03/NQ-CP:appendix-II.110", "03/NQ-CP:appendix-II.111"):
        assert f'<code class="nq57-card-ref">{ref}</code>' in shown
    assert "Lead:" in shown and "Deadline:" in shown  # task fields on the cards
    assert "(03/NQ-CP:appendix-II.110)" in plain and "(03/NQ-CP:appendix-II.111)" in plain
    # numbered citations link to their cards
    anchors = re.findall(r'<a class="nq57-cite" href="#([\w-]+)"', shown)
    assert anchors and all(f'id="{a}"' in shown for a in anchors)
    # a table answer arrives in one update: nothing streamed that is not needed
    assert len(job.outputs()) == 1, len(job.outputs())

    box, chat, plain, result = c.predict(FOLLOW_UP, chat, api_name="/respond")
    assert result["tasks"] == [110], result
    assert [x["clause_id"] for x in result["citations"]][:1] == ["appendix-II.110"]
    assert len(chat) == 4


def test_separate_sessions_do_not_share_history(ui_server: UiServer) -> None:
    first = client(ui_server.url)
    first.predict(MOH_Q, api_name="/respond")
    other = client(ui_server.url)
    *_, result = other.predict(FOLLOW_UP, api_name="/respond")
    assert result.get("tasks") != [110]  # no earlier question in this session to follow up on


def test_feedback_is_appended_with_the_answer(ui_server: UiServer) -> None:
    c = client(ui_server.url)
    c.predict(MOH_Q, api_name="/respond")
    *_, second = c.predict(FOLLOW_UP, api_name="/respond")
    before = len(read_feedback(ui_server.settings.feedback_path))
    status, comment_box = c.predict("down", "Task 111 is due in 2025 too", api_name="/feedback")
    assert "saved" in status and comment_box == ""
    records = read_feedback(ui_server.settings.feedback_path)
    assert len(records) == before + 1
    rec = records[-1]
    assert rec["answer_id"] == second["answer_id"]
    assert rec["rating"] == "down" and rec["comment"] == "Task 111 is due in 2025 too"
    assert rec["question"] == FOLLOW_UP and rec["history"] == [MOH_Q]
    assert "03/NQ-CP:appendix-II.110" in rec["citations"] and rec["answer"]
    assert rec["timestamp"]
    with pytest.raises(AppError, match="not in the list of choices"):
        c.predict("sideways", "", api_name="/feedback")
    status, _ = c.predict(None, "no rating", api_name="/feedback")
    assert "Choose" in status
    status, _ = c.predict(None, "no rating", "vi", api_name="/feedback")
    assert status == "Hãy chọn 👍 hoặc 👎 trước."  # the page's language
    assert len(read_feedback(ui_server.settings.feedback_path)) == before + 1


def _items(table_html: str) -> list[int]:
    """Task numbers (or indicator ids) of the rows of the table's HTML, in order."""
    return [int(x) if x.isdigit() else x for x in re.findall(r'<tr data-item="([^"]+)"', table_html)]


def test_tasks_endpoint_filters_and_exports_csv(ui_server: UiServer) -> None:
    c = client(ui_server.url)
    summary, table, csv_path = c.predict("Bộ Y tế", "lead", "", "", "all", False, "", "en", "", "", api_name="/tasks")
    assert summary.startswith("**2** of 140 tasks")
    assert _items(table) == [110, 111]
    assert Path(csv_path).name == "nq57-tasks_lead-moh_en.csv"
    rows = list(csv.reader(Path(csv_path).read_text(encoding="utf-8-sig").splitlines()))
    assert [r[0] for r in rows[1:]] == ["110", "111"]
    summary, table, csv_path = c.predict("MOH", "lead", "", "", "all", False, "", "en", "", "-no", api_name="/tasks")
    assert _items(table) == [111, 110]  # sorted as asked, and so is the CSV
    assert [r[0] for r in csv.reader(Path(csv_path).read_text(encoding="utf-8-sig").splitlines())][1:] == ["111", "110"]
    summary, table, _ = c.predict("MOH", "lead", "", "3/2025", "all", False, "", "en", "", "", api_name="/tasks")
    assert _items(table) == [110]
    summary, _, csv_path = c.predict("", "lead", "", "", "all", False, "", "en", "", "", api_name="/tasks")
    assert summary.startswith("**140** of 140")
    summary, table, csv_path = c.predict(
        "MIC", "lead", "", "", "all", False, "", "vi", "2025-07-01", "", api_name="/tasks"
    )
    header = next(iter(csv.reader(Path(csv_path).read_text(encoding="utf-8-sig").splitlines())))
    assert header[0] == "STT" and header[-1] == "Chủ trì tại 2025-07-01"  # CSV headers in the page's language
    assert "Chủ trì tại 2025-07-01" in table and "Bộ Khoa học và Công nghệ" in table
    summary, table, _ = c.predict("2030", "", "", "en", "", api_name="/indicators")
    assert re.match(r"\*\*\d+\*\* of 41 indicators \(\d+ of 57 rows with sub-rows\)", summary), summary


def test_question_and_corpus_markup_reach_the_page_as_text(ui_assistant: Any, ui_settings: Any) -> None:
    """A clause and a task cell carrying <script>/<img onerror>, and a question carrying them."""
    kb = ui_assistant.kb
    clauses = [
        dataclasses.replace(c, text=c.text + " " + XSS) if c.clause_id == "appendix-II.110" else c
        for c in kb.clauses
    ]
    tasks = [dataclasses.replace(t, output_en=XSS) if t.no == 110 else t for t in kb.tasks]

    class HostileCorpus:  # the real assistant; only the corpus text the page shows is poisoned
        def __init__(self) -> None:
            self.kb = dataclasses.replace(kb, clauses=clauses, tasks=tasks)
            self.gazetteer = ui_assistant.gazetteer

        def ask(self, *args: Any, **kwargs: Any) -> Any:
            return ui_assistant.ask(*args, **kwargs)

    server = start_ui_server(HostileCorpus(), ui_settings)
    try:
        c = client(server.url)
        _, chat, _, result = c.predict(MOH_Q, api_name="/respond")
        assert result["tasks"] == [110, 111]
        shown = last_message(chat)
        assert "<script" not in shown and "<img" not in shown and "onerror=\"" not in shown
        assert "&lt;script&gt;window.__nq57_xss=2&lt;/script&gt;" in shown  # visible as text
        assert "&lt;img src=x onerror=&quot;window.__nq57_xss=1&quot;&gt;" in shown
        _, chat, _, _ = c.predict(f"{XSS} Bộ Y tế chủ trì những nhiệm vụ nào?", api_name="/respond")
        asked = last_message(chat[:-1])
        assert "<" not in asked and "&lt;img" in asked
        answered = last_message(chat)
        assert "<script" not in answered and "<img" not in answered
    finally:
        server.close()


def test_hardening(ui_server: UiServer) -> None:
    demo = ui_server.demo
    settings = ui_server.settings
    assert demo.analytics_enabled is False and demo.share is False
    assert demo.allowed_paths == []
    assert demo._queue.max_size == settings.ui_queue_size
    chat_fns = [fn for fn in demo.fns.values() if fn.concurrency_id == "chat"]
    assert chat_fns and all(fn.concurrency_limit == settings.ui_concurrency for fn in chat_fns)
    base = ui_server.url
    for path in ("/etc/passwd", str(settings.feedback_path), str(settings.corpus_dir / "manifest.json")):
        r = httpx.get(f"{base}gradio_api/file={path}", timeout=10)
        assert r.status_code in (403, 404), (path, r.status_code)
    # the REST route that would bypass the queue and its limits is closed
    r = httpx.post(f"{base}gradio_api/run/respond", json={"data": [MOH_Q, []]}, timeout=30)
    assert r.status_code >= 400
    # an over-long question is refused before the assistant runs
    c = client(base)
    *_, result = c.predict("x" * (settings.max_question_chars + 1), api_name="/respond")
    assert "limit" in result["error"]


def test_login_from_env(ui_assistant: Any, ui_settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NQ57_AUTH", "staff:s3cret:with-colon")
    assert auth_from_env() == ("staff", "s3cret:with-colon")
    for bad in ("nocolon", ":pw", "user:"):
        monkeypatch.setenv("NQ57_AUTH", bad)
        with pytest.raises(ConfigError):
            auth_from_env()
    monkeypatch.delenv("NQ57_AUTH")
    assert auth_from_env() is None
    server = start_ui_server(ui_assistant, ui_settings, auth=("staff", "s3cret"))
    try:
        assert httpx.get(f"{server.url}config", timeout=10).status_code == 401
        c = client(server.url, auth=("staff", "s3cret"))
        *_, result = c.predict(MOH_Q, api_name="/respond")
        assert result["tasks"] == [110, 111]
        with pytest.raises(Exception, match=r"(?i)login|auth|401|credentials"):
            client(server.url, auth=("staff", "wrong"))
    finally:
        server.close()


def test_root_path_for_a_reverse_proxy(ui_assistant: Any, ui_settings: Any) -> None:
    server = start_ui_server(ui_assistant, ui_settings, root_path="/nq57")
    try:
        config = httpx.get(f"{server.url}config", timeout=10).json()
        assert config["root"].endswith("/nq57")
        assert "/nq57" in httpx.get(server.url, timeout=10).text  # asset and API URLs go through the proxy
        # the page asks for a card's clause under the root (the proxy strips it): the route is served
        opened = httpx.get(f"{config['root']}/nq57-card-text", params={"ref": "03/NQ-CP:appendix-II.110"}, timeout=10)
        assert opened.status_code == 200 and "Bộ Y tế" in opened.text
    finally:
        server.close()


def test_a_card_opens_to_its_whole_clause_fetched_on_demand(ui_server: UiServer) -> None:
    c = client(ui_server.url)
    c.predict("Bộ Y tế chủ trì những nhiệm vụ nào?", api_name="/respond")
    url = f"{ui_server.url}nq57-card-text"
    quote = "Task 110. Develop solutions and tools"
    r = httpx.get(url, params={"ref": "03/NQ-CP:appendix-II.110", "lang": "vi", "q": [quote]}, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'lang="vi"' in r.text and 'lang="en"' in r.text and "Tiếng Việt (chính thức)" in r.text
    assert "Cơ quan chủ trì: Bộ Y tế" in r.text  # the official row, as the card used to carry it
    assert f'<mark class="nq57-quote-mark">{quote}</mark>' in r.text
    hostile = httpx.get(url, params={"ref": "03/NQ-CP:appendix-II.110", "q": ["<script>x()</script> Develop"]}, timeout=10)
    assert hostile.status_code == 200 and "<script>" not in hostile.text
    assert httpx.get(url, params={"ref": "03/NQ-CP:appendix-II.999"}, timeout=10).status_code == 404
    bad = [{}, {"ref": "x" * 300}, {"ref": "57-NQ/TW:II", "q": ["q"] * 9}, {"ref": "57-NQ/TW:II", "q": ["y" * 6000]}]
    for params in bad:
        r = httpx.get(url, params=params, timeout=10)
        assert r.status_code == 400 and "ref=<doc_id:clause_id>" in r.text, params


LOAD_QUESTIONS = [
    MOH_Q,
    FOLLOW_UP,
    "Bộ Y tế chủ trì những nhiệm vụ nào?",
    "Which tasks are due by June 2025?",
    "What is the 2030 target for spending on research and development?",
]


def _rss_mb() -> float:
    """This process's resident memory (the server runs in it, beside the clients).

    tests/ui_loadbench.py measures a separate `nq57 serve` process alone.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _load(server: UiServer, sessions: int, questions: list[str], name: str) -> dict[str, Any]:
    run_sessions_lean(server.url, 2, questions)  # warm up: first answers load lazily built indexes
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    latencies, refused, lost = run_sessions_lean(server.url, sessions, questions)
    wall = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    report = {
        "sessions": sessions,
        "questions_per_session": len(questions),
        "answered": len(latencies),
        "queue_full": refused,
        "lost": len(lost),
        "p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "p95_s": round(q[94], 3) if latencies else None,
        "max_s": round(max(latencies), 3) if latencies else None,
        "wall_s": round(wall, 2),
        "rss_mb_before": round(rss0, 1),
        "rss_mb_after": round(_rss_mb(), 1),
        "queue_size": server.settings.ui_queue_size,
        "concurrency": server.settings.ui_concurrency,
        "cpus": os.cpu_count(),
    }
    artifact(f"{name}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\nUI load {name}: {json.dumps(report)}")
    assert not lost, lost[:5]
    assert len(latencies) + refused == sessions * len(questions)
    return report


@pytest.mark.slow
def test_twenty_concurrent_sessions(ui_server: UiServer, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        report = _load(ui_server, 20, LOAD_QUESTIONS, "ui-load-20x5")
    assert report["queue_full"] == 0  # 20 sessions fit in the default queue
    # Bounds for a shared 2-core CI machine; measured figures are in the report (and the README).
    assert report["p95_s"] < 20


@pytest.mark.slow
def test_fifty_concurrent_sessions_lose_nothing(ui_server: UiServer, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        report = _load(ui_server, 50, LOAD_QUESTIONS[:4], "ui-load-50x4")
    assert report["queue_full"] == 0 and report["answered"] == 200
    assert report["p95_s"] < 40


@pytest.mark.slow
def test_full_queue_refuses_instead_of_losing(ui_assistant: Any, ui_settings: Any) -> None:
    """A tiny queue in front of a slow answerer: every request is answered or told the queue is full."""

    class SlowAnswers:  # the real assistant behind a delay, as an LLM-backed answer would have
        kb = ui_assistant.kb
        gazetteer = ui_assistant.gazetteer

        def ask(self, *args: Any, **kwargs: Any) -> Any:
            time.sleep(0.5)
            return ui_assistant.ask(*args, **kwargs)

    settings = ui_settings.with_(ui_queue_size=3, ui_concurrency=1)
    server = start_ui_server(SlowAnswers(), settings)
    try:
        latencies, refused, lost = run_sessions(server.url, 10, [MOH_Q])
    finally:
        server.close()
    assert not lost, lost
    assert len(latencies) + refused == 10
    assert refused >= 1 and latencies
