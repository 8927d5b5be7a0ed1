"""The chat turn, free of Gradio: a question and its history in, growing drafts out.

``ChatService.respond`` is the one generator every chat front end drives. An assistant that
streams (``ask_stream``: text chunks, then the final ``Answer``) has its draft shown as it is
written and then replaced by the verified answer; otherwise the finished answer is shown in a
few growing steps.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from assistant.models import Answer
from assistant.ui.render import (
    SourceLookup,
    answer_message,
    escape_markdown_text,
    plain_text,
    progressive_drafts,
    safe_markdown,
)
from ingest.errors import NQ57Error
from ingest.models import KnowledgeBase
from ingest.settings import Settings
from ingest.textnorm import has_vietnamese_marks

log = logging.getLogger(__name__)


class AgencyNames(Protocol):
    def resolve_query(self, text: str) -> list[str]: ...

    def name(self, agency_id: str, lang: str = "en") -> str: ...


class AssistantLike(Protocol):
    """What the UI needs of ``assistant.core.Assistant``."""

    kb: KnowledgeBase
    gazetteer: AgencyNames

    def ask(self, question: str, history: list[str] | None = None, as_of: date | None = None) -> Answer: ...


@dataclass
class Draft:
    markdown: str  # safe to hand to Gradio: escaped, cards included on the last step
    done: bool = False
    answer: Answer | None = None  # the finished answer, on the last step only
    turn: dict[str, Any] = field(default_factory=dict)  # what feedback needs to know, last step only
    error: str = ""  # plain text, when the question got no answer

    @classmethod
    def failed(cls, reason: str) -> Draft:
        return cls(f"⚠️ {escape_markdown_text(reason)}", done=True, error=reason)


def _pending_text(question: str) -> str:
    return "_Đang tra cứu…_" if has_vietnamese_marks(question) else "_Looking it up…_"


class ChatService:
    def __init__(
        self,
        assistant: AssistantLike,
        settings: Settings,
        lookup: SourceLookup | None = None,
        step_delay: float = 0.0,
    ) -> None:
        self.assistant = assistant
        self.settings = settings
        self.lookup = lookup or SourceLookup.from_kb(assistant.kb, assistant.gazetteer.name)
        self.step_delay = step_delay

    def check(self, message: str) -> str | None:
        """Why the question cannot be asked, in the user's language; None when it can."""
        vi = has_vietnamese_marks(message)
        if not message.strip():
            return "Hãy nhập một câu hỏi." if vi else "Please type a question."
        cap = self.settings.max_question_chars
        if len(message) > cap:
            if vi:
                return f"Câu hỏi dài {len(message)} ký tự; giới hạn là {cap}. Hãy rút gọn."
            return f"The question is {len(message)} characters long; the limit is {cap}. Please shorten it."
        return None

    def respond(self, message: str, history: list[str]) -> Iterator[Draft]:
        """Drafts of the answer to ``message`` given the earlier questions ``history`` (oldest first)."""
        problem = self.check(message)
        if problem:
            yield Draft.failed(problem)
            return
        yield Draft(_pending_text(message))
        started = time.perf_counter()
        answer: Answer | None = None
        streamed = False
        try:
            last_yield = 0.0
            parts: list[str] = []
            for item in self._items(message, history):
                if isinstance(item, Answer):
                    answer = item
                    break
                # A model's draft, unverified: shown as such, and replaced by the checked answer.
                parts.append(str(item))
                streamed = True
                now = time.perf_counter()
                if now - last_yield >= STREAM_INTERVAL:
                    last_yield = now
                    yield Draft(safe_markdown("".join(parts)) + "\n\n" + _draft_note(message))
        except NQ57Error as exc:
            yield Draft.failed(str(exc))
            return
        except Exception:
            # The page must not show internals; the log has the traceback.
            log.exception("assistant failed on a question of %d characters", len(message))
            vi = has_vietnamese_marks(message)
            text = "Đã có lỗi nội bộ; lỗi đã được ghi lại." if vi else "Something went wrong inside; it was logged."
            yield Draft.failed(text)
            return
        if answer is None:
            log.error("the assistant's stream ended without an answer")
            yield Draft.failed("No answer came back; please ask again.")
            return
        if not streamed:
            for draft in _progressive(answer):
                yield Draft(safe_markdown(draft))
                if self.step_delay:
                    time.sleep(self.step_delay)
        turn = {
            "answer_id": uuid.uuid4().hex,
            "question": message,
            "history": list(history),
            "answer": answer.answer,
            "citations": [c.ref for c in answer.citations],
            "tasks": list(answer.tasks),
            "language": answer.language,
            "route": answer.route,
            "path": answer.path,
            "plain": plain_text(answer, self.lookup),
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        yield Draft(answer_message(answer, self.lookup), done=True, answer=answer, turn=turn)

    def _items(self, message: str, history: list[str]) -> Iterator[str | Answer]:
        """What the assistant produces: draft text chunks (when it streams), then one ``Answer``.

        An assistant with ``ask_stream`` (same arguments as ``ask``; the protocol of
        ``LLMWriter.stream``) is streamed; otherwise ``ask`` gives the answer in one piece.
        """
        kwargs = {"history": list(history) or None, "as_of": self.settings.as_of}
        stream = getattr(self.assistant, "ask_stream", None)
        if callable(stream):
            yield from stream(message, **kwargs)
        else:
            yield self.assistant.ask(message, **kwargs)


STREAM_INTERVAL = 0.15  # seconds between draft updates while a model streams


def _draft_note(question: str) -> str:
    if has_vietnamese_marks(question):
        return "_(bản nháp — đang đối chiếu với các điều khoản được trích dẫn)_"
    return "_(draft — being checked against the cited clauses)_"


def _progressive(answer: Answer) -> Iterator[str]:
    """A finished answer shown in a few growing steps; the last step (the whole) comes with its cards."""
    drafts = list(progressive_drafts(answer.answer))
    yield from drafts[:-1]
