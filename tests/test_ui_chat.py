"""The chat turn without Gradio: drafts, the streaming seam, errors, input limits.

The knowledge base is the real one; the assistant is a stand-in that returns prepared answers,
because what is under test is how the UI treats them (a streaming model cannot run here).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from assistant.models import Answer, Citation
from assistant.ui.chat import ChatService
from ingest.errors import IndexMissingError
from ingest.gazetteer import Gazetteer
from ingest.models import KnowledgeBase
from ingest.pipeline import build_kb
from ingest.settings import Settings

CIT = Citation("03/NQ-CP", "appendix-II.110", "Resolution 03/NQ-CP, Appendix II, task 110", "en", "Develop…")
MD = "**Ministry of Health (MOH) leads 1 task**\n1. **Task 110** … [03/NQ-CP, Appendix II, task 110]\n" + "\n".join(
    f"   line {i}" for i in range(6)
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return build_kb(Settings.from_env())


class Prepared:
    """Answers what it was told to; records what it was asked."""

    def __init__(self, kb: KnowledgeBase, answer: Answer | None = None, error: BaseException | None = None,
                 chunks: list[str] | None = None) -> None:
        self.kb = kb
        self.gazetteer = Gazetteer.load()
        self.answer = answer or Answer(question="q", language="en", answer=MD, tasks=[110], citations=[CIT])
        self.error = error
        self.chunks = chunks
        self.calls: list[tuple[str, Any, Any]] = []
        if chunks is not None:
            self.ask_stream = self._stream

    def ask(self, question: str, history: list[str] | None = None, as_of: date | None = None) -> Answer:
        self.calls.append((question, history, as_of))
        if self.error:
            raise self.error
        return self.answer

    def _stream(self, question: str, history: list[str] | None = None, as_of: date | None = None
                ) -> Iterator[str | Answer]:
        self.calls.append((question, history, as_of))
        yield from self.chunks or []
        yield self.answer


def service(assistant: Prepared, **settings: Any) -> ChatService:
    return ChatService(assistant, Settings.from_env().with_(as_of=date(2025, 1, 15), **settings))


def test_a_finished_answer_is_sent_once_with_numbered_cards(kb: KnowledgeBase) -> None:
    a = Prepared(kb)
    svc = service(a)
    drafts = list(svc.respond("Which tasks does MOH lead?", ["earlier question"]))
    assert len(drafts) == 1  # no waiting note, no growing steps: each update costs the server a round
    final = drafts[-1]
    assert final.done and final.answer is a.answer
    assert '<code class="nq57-card-ref">03/NQ-CP:appendix-II.110</code>' in final.markdown
    assert "Lead:" in final.markdown and "Ministry of Health" in final.markdown
    assert final.turn["history"] == ["earlier question"] and final.turn["citations"] == [CIT.ref]
    assert "plain" not in final.turn  # the session keeps turns; the copy text is made when asked for
    plain = svc.plain_of(final.turn)
    assert "[1] Resolution 03/NQ-CP, Appendix II, task 110 (03/NQ-CP:appendix-II.110)" in plain
    assert a.calls == [("Which tasks does MOH lead?", ["earlier question"], date(2025, 1, 15))]  # kept, not re-asked


def test_the_copy_text_of_a_forgotten_answer_is_asked_again(kb: KnowledgeBase) -> None:
    a = Prepared(kb)
    svc = service(a)
    final = list(svc.respond("Which tasks does MOH lead?", ["earlier question"]))[-1]
    svc._by_id.clear()  # the answer kept by id is gone, the question cache still has it: no new ask
    assert "(03/NQ-CP:appendix-II.110)" in svc.plain_of(final.turn) and len(a.calls) == 1
    svc._by_id.clear()
    svc._cache.clear()  # a restarted or busy server holds neither: the question is asked again
    assert "(03/NQ-CP:appendix-II.110)" in svc.plain_of(final.turn) and len(a.calls) == 2
    assert a.calls[-1] == ("Which tasks does MOH lead?", ["earlier question"], date(2025, 1, 15))
    assert svc.plain_of({"answer_id": "gone", "question": ""}) == ""  # nothing to ask: an empty box


def test_streamed_draft_is_marked_then_replaced_by_the_verified_answer(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified = Answer(question="q", language="en", answer="MOH leads task 110 [1].", tasks=[110],
                      citations=[CIT], path="llm")
    chunks = ["MOH ", "leads ", "<script>alert(1)</script> ", "task 110."]
    a = Prepared(kb, answer=verified, chunks=chunks)
    monkeypatch.setattr("assistant.ui.chat.STREAM_INTERVAL", 0.0)  # show every chunk
    drafts = list(service(a).respond("Which tasks does MOH lead?", []))
    streamed = [d.markdown for d in drafts[1:-1]]
    assert len(streamed) == len(chunks)
    assert all("draft — being checked" in m for m in streamed)
    assert "&lt;script&gt;" in streamed[-1] and "<script" not in streamed[-1]
    final = drafts[-1]
    assert final.done and final.turn["path"] == "llm"
    assert final.markdown.startswith("MOH leads task 110 &#91;1].")
    assert "draft" not in final.markdown


def test_errors_are_shown_without_internals(kb: KnowledgeBase, caplog: pytest.LogCaptureFixture) -> None:
    drafts = list(service(Prepared(kb, error=IndexMissingError("No index: run `nq57 ingest`"))).respond("q?", []))
    assert drafts[-1].done and drafts[-1].error == "No index: run `nq57 ingest`"
    with caplog.at_level(logging.ERROR):
        drafts = list(service(Prepared(kb, error=KeyError("secret internal detail"))).respond("Bộ Y tế?", []))
    shown = html.unescape(drafts[-1].markdown)  # messages are ASCII, non-ASCII as references (render.ascii_markup)
    assert "secret" not in shown and shown.startswith("⚠️ Đã có lỗi")
    assert "assistant failed" in caplog.text


def test_empty_and_overlong_questions_never_reach_the_assistant(kb: KnowledgeBase) -> None:
    a = Prepared(kb)
    svc = service(a, max_question_chars=50)
    (only,) = list(svc.respond("   ", []))
    assert only.done and "type a question" in only.error
    (only,) = list(svc.respond("Bộ Y tế " * 20, []))
    assert "giới hạn là 50" in only.error
    assert a.calls == []


def test_same_question_history_and_day_is_answered_once(kb: KnowledgeBase) -> None:
    a = Prepared(kb)
    chat = service(a)
    first = list(chat.respond("Which tasks does  MOH lead?", []))[-1]
    again = list(chat.respond("Which tasks does MOH lead?", []))[-1]
    assert len(a.calls) == 1 and again.answer is first.answer
    assert again.turn["answer_id"] != first.turn["answer_id"]  # each turn is its own for feedback
    list(chat.respond("Which tasks does MOH lead?", ["an earlier question"]))
    assert len(a.calls) == 2  # another conversation, another answer
    off = service(Prepared(kb))
    off.cache_size = 0
    for _ in range(2):
        list(off.respond("Which tasks does MOH lead?", []))
    assert len(off.assistant.calls) == 2  # type: ignore[attr-defined]
