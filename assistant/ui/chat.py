"""The chat turn, free of Gradio: a question and its history in, growing drafts out.

``ChatService.respond`` is the one generator every chat front end drives. An assistant that
streams (``ask_stream``: text chunks, then the final ``Answer``) has a waiting note, then its draft
shown as it is written, then the verified answer; otherwise the finished answer is sent once: a
table answer takes milliseconds, and every extra update costs the server a round of serialising
the whole conversation (that, not the answers, was the latency under load).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from assistant.messages import text
from assistant.models import Answer
from assistant.ui.escaping import escape_markdown_text, safe_markdown
from assistant.ui.render import SourceLookup, answer_message, plain_text
from ingest.errors import NQ57Error
from ingest.models import KnowledgeBase
from ingest.settings import Settings
from ingest.textnorm import has_vietnamese_marks

log = logging.getLogger(__name__)

ANSWER_CACHE_SIZE = 256  # finished answers kept per server (a few kB each)


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


def question_lang(question: str) -> str:
    """The language the page answers a question in: Vietnamese when it carries Vietnamese marks."""
    return "vi" if has_vietnamese_marks(question) else "en"


def _pending_text(question: str) -> str:
    return f"_{text('ui_pending', question_lang(question))}_"


class ChatService:
    def __init__(
        self,
        assistant: AssistantLike,
        settings: Settings,
        lookup: SourceLookup | None = None,
        step_delay: float = 0.0,
        cache_size: int = ANSWER_CACHE_SIZE,
    ) -> None:
        self.assistant = assistant
        self.settings = settings
        self.lookup = lookup or SourceLookup.from_kb(assistant.kb, assistant.gazetteer.name)
        self.step_delay = step_delay
        # The deterministic answerer gives the same answer to the same question, history and day:
        # a popular question (an example button, a circulated link) is answered once, not per user.
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, tuple[str, ...], str], Answer] = OrderedDict()
        self._cache_lock = threading.Lock()
        # The copy box asks for a finished answer by id when it is opened; the page does not keep a
        # plain-text copy per session (Gradio keeps every output's last value per session).
        self._by_id: OrderedDict[str, Answer] = OrderedDict()

    def check(self, message: str) -> str | None:
        """Why the question cannot be asked, in the user's language; None when it can."""
        lang = question_lang(message)
        if not message.strip():
            return text("ui_empty_question", lang)
        cap = self.settings.max_question_chars
        if len(message) > cap:
            return text("ui_too_long", lang, n=len(message), limit=cap)
        return None

    def respond(self, message: str, history: list[str]) -> Iterator[Draft]:
        """Drafts of the answer to ``message`` given the earlier questions ``history`` (oldest first)."""
        problem = self.check(message)
        if problem:
            yield Draft.failed(problem)
            return
        if self.streams():
            yield Draft(_pending_text(message))  # a model takes seconds; a table answer does not
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
            yield Draft.failed(text("ui_internal_error", question_lang(message)))
            return
        if answer is None:
            log.error("the assistant's stream ended without an answer")
            yield Draft.failed(text("ui_no_answer", question_lang(message)))
            return
        if self.step_delay and not streamed:
            time.sleep(self.step_delay)
        answer_id = uuid.uuid4().hex
        self._remember(answer_id, answer)
        turn = {
            "answer_id": answer_id,
            "question": message,
            "history": list(history),
            "citations": [c.ref for c in answer.citations],
            "tasks": list(answer.tasks),
            "language": answer.language,
            "route": answer.route,
            "path": answer.path,
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        # anchors unique on the page: every answer's cards are numbered from 1
        markdown = answer_message(answer, self.lookup, anchor_prefix=f"nq57-src-{answer_id[:10]}")
        # No plain-text copy here: the copy box asks ``plain_of`` when it is opened.
        yield Draft(markdown, done=True, answer=answer, turn=turn)

    def _remember(self, answer_id: str, answer: Answer) -> None:
        with self._cache_lock:
            self._by_id[answer_id] = answer
            while len(self._by_id) > max(self.cache_size, ANSWER_CACHE_SIZE):
                self._by_id.popitem(last=False)

    def answer_of(self, turn: dict[str, Any]) -> Answer | None:
        """The finished answer a turn recorded: kept by id, or asked again (the same question and
        history give the same answer) once the server has forgotten it; None if that fails."""
        answer_id = str(turn.get("answer_id", ""))
        with self._cache_lock:
            known = self._by_id.get(answer_id)
        if known is not None:
            return known
        question = str(turn.get("question", ""))
        if self.check(question):
            return None
        try:
            answer = self._ask_cached(question, [str(q) for q in turn.get("history", [])])
        except Exception:
            log.exception("could not answer a remembered question again")
            return None
        self._remember(answer_id, answer)
        return answer

    def plain_of(self, turn: dict[str, Any]) -> str:
        """The plain text of a turn's answer (the copy box); empty when it cannot be had."""
        answer = self.answer_of(turn)
        return plain_text(answer, self.lookup) if answer is not None else ""

    def streams(self) -> bool:
        """Whether answers come as drafts: an ``ask_stream``, and (on ``Assistant``) a model writer behind it.

        Without a writer ``Assistant.ask_stream`` only wraps ``ask``; calling ``ask`` is then the
        same answer without the generator's extra update, and it can be cached.
        """
        stream = getattr(self.assistant, "ask_stream", None)
        return callable(stream) and getattr(self.assistant, "writer", True) is not None

    def _items(self, message: str, history: list[str]) -> Iterator[str | Answer]:
        """What the assistant produces: draft text chunks (when it streams), then one ``Answer``.

        An assistant with ``ask_stream`` (same arguments as ``ask``; the protocol of
        ``LLMWriter.stream``) is streamed; otherwise ``ask`` gives the answer in one piece.
        """
        if self.streams():
            kwargs = {"history": list(history) or None, "as_of": self.settings.as_of}
            yield from self.assistant.ask_stream(message, **kwargs)  # type: ignore[attr-defined]
            return
        yield self._ask_cached(message, history)

    def _ask_cached(self, message: str, history: list[str]) -> Answer:
        """``ask``'s answer, from the cache of finished answers when the same question came before."""
        key = (" ".join(message.split()), tuple(history), str(self.settings.as_of or date.today()))
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
        if cached is None:
            cached = self.assistant.ask(message, history=list(history) or None, as_of=self.settings.as_of)
            if self.cache_size > 0:
                with self._cache_lock:
                    self._cache[key] = cached
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
        return cached

STREAM_INTERVAL = 0.15  # seconds between draft updates while a model streams


def _draft_note(question: str) -> str:
    return f"_{text('ui_draft_note', question_lang(question))}_"
