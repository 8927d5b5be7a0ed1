"""The assistant: understand the question into a frame, route it through the rule table, return a cited answer.

The rooms: ``assistant.understanding`` (text -> ``QuestionFrame``, follow-ups resolved against the
conversation), ``assistant.routing`` (the table of named rules and the router), ``assistant.handlers``
(one function per kind of answer, composing with the ``assistant.answer_*`` modules). This module only
wires them: load, replay the conversation through the same router, answer, hand to the optional writer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from assistant import guard, messages
from assistant.answer_docfacts import load_doc_facts
from assistant.citations import ClauseIndex
from assistant.inputs import clean_as_of, clean_history, clean_question
from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn
from assistant.routing.router import next_state, route
from assistant.understanding.build import Understander
from assistant.understanding.followup import ConvState, resolve
from assistant.understanding.frame import QuestionFrame
from ingest.errors import NQ57Error
from ingest.gazetteer import Gazetteer
from ingest.models import KnowledgeBase
from ingest.settings import Settings

log = logging.getLogger(__name__)
_WRITER_ROUTES = ("table", "passage", "lookup", "clause")
# Earlier turns replayed to know what a follow-up refers to; each is cut to this many characters.
MAX_REPLAYED_TURNS = 8
MAX_REPLAYED_CHARS = 500


def ensure_index(settings: Settings) -> KnowledgeBase:
    """Build the knowledge base and the search index if missing, stale or damaged; return the knowledge base.

    While the corpus is broken the last good knowledge base (and its index) keeps answering; the
    problem (file, line, reason) is logged here once and kept for ``Assistant.corpus_problem``.
    """
    from ingest.pipeline import load_or_last_good
    from vectorstore.index import build_index

    kb, problem = load_or_last_good(settings)
    if problem is not None:
        log.warning("the corpus has a problem, answering from the last good build: %s. "
                    "Fix the file and run `nq57 ingest`.", problem)
    report = build_index(kb, settings)
    for artefact in report.repaired:
        log.warning("rebuilt a damaged index artefact: %s", artefact)
    return kb


class Assistant:
    def __init__(self, kb: KnowledgeBase, settings: Settings, retriever: Any | None = None,
                 gazetteer: Gazetteer | None = None, writer: Any | None = None) -> None:
        self.kb = kb
        self.settings = settings
        self.retriever = retriever
        self.gazetteer = gazetteer or Gazetteer.load()
        self.index = ClauseIndex(kb)
        self.writer = writer  # optional LLM writer (assistant.llm); None = deterministic only
        vocabulary = guard.DomainVocabulary([c.text for c in kb.clauses if c.lang == "en"],
                                            [c.text for c in kb.clauses if c.lang == "vi"])
        self.context = AnswerContext(kb=kb, settings=settings, index=self.index, gazetteer=self.gazetteer,
                                     vocabulary=vocabulary, retriever=retriever, successors=_load_successors(self.gazetteer),
                                     doc_facts=load_doc_facts(self.index))
        self.understander = Understander(self.gazetteer, vocabulary)

    @classmethod
    def load(cls, settings: Settings | None = None, *, build: bool = True, llm: bool | None = None,
             kb: KnowledgeBase | None = None) -> Assistant:
        """``kb``: the knowledge base the caller has just checked (the CLI), so it is not read twice."""
        settings = settings or Settings.from_env()
        from vectorstore.retriever import HybridRetriever

        if kb is None and build:
            kb = ensure_index(settings)
        elif kb is None:
            from ingest.store import read_kb

            kb = read_kb(settings.kb_dir)
        retriever = HybridRetriever.open(settings, kb)
        writer = None
        if llm if llm is not None else settings.llm_enabled:
            from assistant.llm.writer import LLMWriter

            writer = LLMWriter.from_settings(settings)
        assistant = cls(kb, settings, retriever, writer=writer)
        from ingest.pipeline import corpus_problem

        # Shown once (log above, UI banner): the corpus problem the last good build is answering through.
        assistant.corpus_problem = corpus_problem(settings)
        return assistant

    # -- public API ------------------------------------------------------------------------------
    def ask(self, question: Any, history: list[Any] | None = None, as_of: date | None = None) -> Answer:
        t0 = time.perf_counter()
        # Wrong argument types are the caller's error (BadInput), not an answer; see assistant/inputs.py.
        question, as_of = clean_question(question), clean_as_of(as_of)
        history = [h["content"] for h in clean_history(history) if h["role"] == "user"]  # earlier questions
        as_of = as_of or self.settings.today()
        try:
            answer = self._ask(question, history or [], as_of)
        except NQ57Error as exc:
            log.warning("answer failed: %s", exc)
            lang = "vi" if guard.detect_lang_safe(_as_text(question)) == "vi" else "en"
            answer = Answer(question=_as_text(question)[:500], language=lang,
                            answer=messages.text("answer_failed", lang, error=exc), refused=True, route="error",
                            rule="error")
        answer.elapsed_ms = (time.perf_counter() - t0) * 1000
        return answer

    def ask_stream(self, question: Any, history: list[Any] | None = None, as_of: date | None = None
                   ) -> Iterator[str | Answer]:
        """Draft text chunks from the optional model, then the final (verified or deterministic) Answer."""
        t0 = time.perf_counter()
        history = [h["content"] for h in clean_history(history) if h["role"] == "user"]
        writer, self.writer = self.writer, None
        try:
            answer = self.ask(question, history, as_of)
        finally:
            self.writer = writer
        if writer is None or answer.route not in _WRITER_ROUTES:
            yield answer
            return
        from assistant.llm.context import context_from_answer

        for item in writer.stream(answer, context_from_answer(answer, self.kb), [_as_text(h) for h in history or []]):
            if isinstance(item, Answer):
                item.elapsed_ms = (time.perf_counter() - t0) * 1000
            yield item

    def understand(self, question: str, history: list[Any] | None = None, as_of: date | None = None
                   ) -> QuestionFrame:
        """The frame a question gets after the conversation before it (for tests and ``--explain``)."""
        as_of = as_of or self.settings.today()
        state = self._replay(history or [], as_of)
        return resolve(self.understander.frame(question, today=as_of), state)

    # -- internals -------------------------------------------------------------------------------
    def _ask(self, question: Any, history: list[Any], as_of: date) -> Answer:
        text = _as_text(question)
        bad = self._check_input(text)
        if bad is not None:
            return bad
        state = self._replay(history, as_of)
        frame = resolve(self.understander.frame(text, today=as_of), state)
        answer = route(self.context, Turn(frame, state, frame.as_of or as_of))
        if not answer.links and answer.citations:
            from assistant.answer_links import links_for_citations

            answer.links = links_for_citations(answer.citations, self.kb)  # what the source cards show
        answer.frame = frame.to_dict()
        answer.question = text  # as asked, wrappers and all; the frame holds what was understood
        if frame.injection and answer.rule != "injection-only":
            answer.answer = guard.message("injection_ignored", answer.language) + "\n\n" + answer.answer
        if self.writer is not None and answer.route in _WRITER_ROUTES:
            from assistant.llm.context import context_from_answer

            answer = self.writer.rewrite(answer, context_from_answer(answer, self.kb), [_as_text(h) for h in history])
        return answer

    def _replay(self, history: list[Any], as_of: date) -> ConvState:
        """The conversation state after the earlier user turns, each routed through the same rule table."""
        state = ConvState()
        for h in history[-MAX_REPLAYED_TURNS:]:
            h_text = _as_text(h.get("content") if isinstance(h, dict) else h)
            if not h_text.strip() or (isinstance(h, dict) and h.get("role") not in (None, "user")):
                continue
            frame = resolve(self.understander.frame(h_text[:MAX_REPLAYED_CHARS], today=as_of), state)
            try:
                answer = route(self.context, Turn(frame, state, frame.as_of or as_of))
            except NQ57Error:
                state = replace(state, frame=frame)
                continue
            state = next_state(frame, answer, state, self.context)
        return state

    def _check_input(self, text: str) -> Answer | None:
        lang = "vi" if guard.detect_lang_safe(text) == "vi" else "en"
        stripped = text.strip()
        kind, kw = None, {}
        if not stripped:
            kind = "empty"
        elif len(text) > self.settings.max_question_chars:
            kind, kw = "too_long", {"n": len(text), "limit": self.settings.max_question_chars}
            text = text[:200] + "…"
        elif guard.junk_ratio(stripped) > 0.3:
            kind, text = "junk", ""
        elif guard.is_injection(stripped) and not guard.strip_injection(stripped):
            return Answer(question=text, language=lang, answer=guard.message("injection", lang), refused=True,
                          route="refusal", rule="injection-only")
        if kind is None:
            return None
        return Answer(question=text, language=lang, answer=guard.message(kind, lang, **kw), refused=True,
                      route="bad-input", rule="bad-input")


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _load_successors(gazetteer: Gazetteer) -> Any | None:
    try:
        from ingest.successors import SuccessorMap
    except ImportError:
        return None
    try:
        return SuccessorMap.load(gazetteer=gazetteer)
    except (NQ57Error, OSError, ValueError):
        return None
