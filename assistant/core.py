"""The assistant: route a question to the tables or the clauses, compose a cited answer, follow the conversation."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import Any

from assistant import answer_table as tables
from assistant import guard
from assistant.answer_clause import compose_clauses, doc_scope, find_clauses, no_such_clause
from assistant.answer_docfacts import asked_kinds, doc_facts_answer, load_doc_facts
from assistant.answer_overview import structure_result
from assistant.answer_passage import (
    PassageResult,
    compose,
    content_terms,
    coverage,
    passages_from_hits,
    rerank,
    strip_doc_refs,
    without_programme,
)
from assistant.answer_taskfacts import asks_task_fact, task_fact
from assistant.citations import ClauseIndex, label, make_citation, verify
from assistant.followups import (
    ConvState,
    filter_base,
    is_follow_filter,
    language_switch,
    resolve,
    state_after,
)
from assistant.glossary import expand_query
from assistant.models import Answer, Citation
from assistant.question_words import (
    FEWEST,
    INDICATOR_TERMS,
    LISTING_TERMS,
    RANKING,
    TARGET_Q,
    TOTAL_TERMS,
    about_tasks,
    horizon_year,
)
from assistant.topics import topic_tasks, topic_terms
from assistant.understand import Query, understand
from ingest.errors import NQ57Error
from ingest.gazetteer import COLLECTIVES, Gazetteer
from ingest.models import KnowledgeBase
from ingest.settings import Settings

log = logging.getLogger(__name__)
DOC = "03/NQ-CP"


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
        self.successors = _load_successors()
        self.doc_facts = load_doc_facts(self.index)
        self.vocabulary = guard.DomainVocabulary([c.text for c in kb.clauses if c.lang == "en"],
                                                 [c.text for c in kb.clauses if c.lang == "vi"])

    @classmethod
    def load(cls, settings: Settings | None = None, *, build: bool = True, llm: bool | None = None) -> Assistant:
        settings = settings or Settings.from_env()
        from vectorstore.retriever import HybridRetriever

        if build:
            kb = ensure_index(settings)
        else:
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
        as_of = as_of or self.settings.today()
        try:
            answer = self._ask(question, history or [], as_of)
        except NQ57Error as exc:
            log.warning("answer failed: %s", exc)
            lang = "en"
            answer = Answer(question=str(question)[:500], language=lang, answer=f"Sorry, I could not answer: {exc}",
                            refused=True, route="error")
        answer.elapsed_ms = (time.perf_counter() - t0) * 1000
        return answer

    def ask_stream(self, question: Any, history: list[Any] | None = None, as_of: date | None = None
                   ) -> Iterator[str | Answer]:
        """Draft text chunks from the optional model, then the final (verified or deterministic) Answer."""
        t0 = time.perf_counter()
        writer, self.writer = self.writer, None
        try:
            answer = self.ask(question, history, as_of)
        finally:
            self.writer = writer
        if writer is None or answer.route not in ("table", "passage", "lookup", "clause"):
            yield answer
            return
        from assistant.llm.context import context_from_answer

        for item in writer.stream(answer, context_from_answer(answer, self.kb), [_as_text(h) for h in history or []]):
            if isinstance(item, Answer):
                item.elapsed_ms = (time.perf_counter() - t0) * 1000
            yield item

    # -- internals -------------------------------------------------------------------------------
    def _ask(self, question: Any, history: list[Any], as_of: date) -> Answer:
        text = _as_text(question)
        bad = self._check_input(text)
        if bad is not None:
            return bad
        state = ConvState()
        for h in history[-8:]:
            h_text = _as_text(h.get("content") if isinstance(h, dict) else h)
            if not h_text.strip() or (isinstance(h, dict) and h.get("role") not in (None, "user")):
                continue
            hq = resolve(understand(h_text[: self.settings.max_question_chars], self.gazetteer, today=as_of),
                               state)
            state = self._advance(hq, state, as_of)
        injected = guard.is_injection(text)
        if injected:
            text = guard.strip_injection(text)
        q = resolve(understand(text, self.gazetteer, today=as_of), state)
        switch = language_switch(q)
        if switch and state.query is not None:
            q = replace(state.query, lang=switch)  # "tiếng Việt được không?": the last question again
        if injected and not (q.agencies or q.task_numbers or q.indicator_ids):
            return self._fixed(text, q.lang, "injection", "refusal")
        answer = self._route(q, state, q.as_of or as_of)
        if injected:
            answer.answer = guard.message("injection_ignored", answer.language) + "\n\n" + answer.answer
        if self.writer is not None and answer.route in ("table", "passage", "lookup", "clause"):
            from assistant.llm.context import context_from_answer

            answer = self.writer.rewrite(answer, context_from_answer(answer, self.kb), [_as_text(h) for h in history])
        return answer

    def _check_input(self, text: str) -> Answer | None:
        lang = "vi" if guard.detect_lang_safe(text) == "vi" else "en"
        stripped = text.strip()
        if not stripped:
            return self._fixed(text, lang, "empty", "bad-input")
        if len(text) > self.settings.max_question_chars:
            return self._fixed(text[:200] + "…", lang, "too_long", "bad-input", n=len(text),
                               limit=self.settings.max_question_chars)
        if guard.junk_ratio(stripped) > 0.3:
            return self._fixed("", lang, "junk", "bad-input")
        if guard.is_injection(stripped) and not guard.strip_injection(stripped):
            return self._fixed(text, lang, "injection", "refusal")
        return None

    def _fixed(self, question: str, lang: str, kind: str, route: str, **kw: object) -> Answer:
        return Answer(question=question, language=lang, answer=guard.message(kind, lang, **kw), refused=True,
                      route=route)

    def _advance(self, q: Query, state: ConvState, as_of: date) -> ConvState:
        """Replay an earlier question cheaply (tables only) to know what follow-ups refer to."""
        as_of = q.as_of or as_of
        if q.task_numbers:
            nums = [n for n in q.task_numbers if 1 <= n <= len(self.kb.tasks)]
            return ConvState(q, nums, nums)
        if is_follow_filter(q, state):
            base = filter_base(q, state)
            r = tables.filtered_tasks(q, self.kb.tasks, self.gazetteer, as_of, restrict=base)
            return ConvState(q, r.tasks, base)
        if q.agencies:
            restrict = state.tasks if (q.follow_filter and state.tasks) else None
            r = tables.agency_tasks(q, self.kb.tasks, self.gazetteer, self.kb.indicators, as_of, restrict=restrict)
            return ConvState(q, r.tasks, r.tasks)
        if (q.group or (q.has_time and about_tasks(q))) and not q.asks_indicators:
            r = tables.filtered_tasks(q, self.kb.tasks, self.gazetteer, as_of)
            return ConvState(q, r.tasks, [t.no for t in self.kb.tasks])  # "and 2026?" filters the whole table
        if self.retriever is None or guard.unanswerable(q.text):
            return ConvState(q, state.tasks, state.base)
        # Anything else (a task named by its content, a target, a section): answer it again, quietly.
        try:
            return state_after(q, self._route(q, state, as_of), state)
        except NQ57Error:
            return ConvState(q, state.tasks, state.base)

    def _route(self, q: Query, state: ConvState, as_of: date) -> Answer:
        lang = q.lang
        named = [a for a in q.agencies if a not in COLLECTIVES]
        if guard.creative_request(q.text):
            return self._fixed(q.text, lang, "out_of_scope", "refusal")
        if uncited := self.vocabulary.uncited_document(q.text):
            return self._fixed(q.text, lang, "other_document", "refusal", doc=uncited)
        if (other := guard.other_document(q.text)) and not (q.task_numbers or q.agencies):
            doc = other if "NQ" in other.upper() else (f"Nghị quyết {other}" if lang == "vi" else f"Resolution {other}")
            return self._fixed(q.text, lang, "other_document", "refusal", doc=doc)
        if guard.unanswerable(q.text):
            extra = ""
            if q.task_numbers:
                extra = (f" (the task table gives task {q.task_numbers[0]}'s lead, coordinating agencies, output "
                         "and deadline, but no budget, cost or progress)") if lang == "en" else (
                    f" (bảng nhiệm vụ chỉ nêu cơ quan chủ trì, phối hợp, kết quả và thời hạn của nhiệm vụ "
                    f"{q.task_numbers[0]}, không nêu kinh phí hay tiến độ)")
            refusal = self._fixed(q.text, lang, "not_said", "refusal", extra=extra)
            row = None if q.task_numbers or q.agencies else task_fact(q.text, lang, self.retriever, self.kb.tasks,
                                                                       self.gazetteer)
            if row is not None and row.tasks:
                # "Has the National Data Center been completed?": no progress, but the row says what was due.
                facts = self._table_answer(q, row, route="refusal", refused=True)
                lead = ("Bảng nhiệm vụ chỉ nêu việc phải làm và thời hạn:" if lang == "vi"
                        else "What the task table does give is the assignment and its deadline:")
                facts.answer = refusal.answer + "\n\n" + lead + "\n\n" + row.text.split("\n\n", 1)[1]
                facts.tasks, facts.related_tasks = [], row.tasks + row.related
                return facts
            return refusal
        if q.task_numbers:
            r = tables.task_lookup(q.task_numbers, self.kb.tasks, self.gazetteer, lang)
            if q.overdue and r.found:  # "Is task 110 overdue?": the table's deadline against the date
                r.text = tables.overdue_status(r.tasks, self.kb.tasks, as_of, lang) + "\n\n" + r.text
            return self._table_answer(q, r, route="lookup", refused=not r.found)
        if q.indicator_ids:
            r = tables.indicator_lookup(q.indicator_ids, self.kb.indicators, self.gazetteer, lang)
            return self._table_answer(q, r, route="lookup", refused=not r.found)
        if state.indicators and not (q.agencies or q.task_numbers or q.indicator_ids) and horizon_year(q) \
                and len(q.folded.split()) <= 8:
            same = self._indicator_for_year(q, state.indicators[0], horizon_year(q) or 0)
            if same is not None:
                return same  # "and for 2045?" after a 2030 target
        if is_follow_filter(q, state):
            base = filter_base(q, state)
            restrict = None if len(base) == len(self.kb.tasks) else base
            r = tables.filtered_tasks(q, self.kb.tasks, self.gazetteer, as_of, restrict=restrict)
            return self._table_answer(q, r)
        if q.count and state.tasks and not (q.agencies or q.has_time or q.group) and len(q.folded.split()) <= 6:
            r = tables.filtered_tasks(q, self.kb.tasks, self.gazetteer, as_of, restrict=state.tasks)
            return self._table_answer(q, r)  # "How many is that?"
        if q.agencies and self.successors is not None:
            from assistant.answer_successors import merger_answer

            merged = merger_answer(self, q)
            if merged is not None:
                return merged
        if q.agencies and q.follow_filter and state.tasks and not q.asks_indicators:
            r = tables.agency_tasks(q, self.kb.tasks, self.gazetteer, self.kb.indicators, as_of, restrict=state.tasks)
            return self._table_answer(q, r)
        if named and not q.has_time and (q.doc_hint == "57-NQ/TW" or q.clause_refs):
            # 57-NQ/TW has no task table, and "what does section III give MOF?" asks the text, not Appendix II.
            ans = self._mentions_answer(q, named)
            if ans is not None:
                return ans
        if q.agencies and (named or q.has_time or q.asks_tasks):
            if q.asks_indicators and named:
                r = tables.agency_indicators(replace(q, agencies=named), self.kb.indicators, self.gazetteer)
            else:
                if self.successors is not None:
                    from assistant.answer_successors import new_body_answer

                    new = new_body_answer(self, q, as_of, self._table_answer)
                    if new is not None:
                        return new
                r = tables.agency_tasks(q, self.kb.tasks, self.gazetteer, self.kb.indicators, as_of)
                topic = topic_terms(q, self.gazetteer)
                if topic and r.tasks and not q.has_time and not q.count:
                    on_topic = [n for n in topic_tasks(self.retriever, q, topic) if n in r.tasks]
                    if on_topic:
                        r = tables.agency_tasks(q, self.kb.tasks, self.gazetteer, self.kb.indicators, as_of,
                                                restrict=on_topic)
                        r.text = tables.topic_note(q.lang, topic, len(on_topic)) + "\n\n" + r.text
                    else:
                        r.text = tables.off_topic_note(q.lang, topic) + "\n\n" + r.text
            return self._successor_notes(q, self._table_answer(q, r), as_of)
        if not q.agencies and not q.unknown_agency and (q.asks_tasks or q.role):
            q = replace(q, unknown_agency=self.vocabulary.unknown_name(q.text))
        if q.unknown_agency and (q.asks_tasks or q.role or q.asks_indicators):
            return self._not_found(q)
        if q.clause_refs:
            ans = self._clause_answer(q)
            if ans is not None:
                return ans
        horizon = horizon_year(q)
        if horizon and q.asks_indicators and not q.asks_tasks and not (content_terms(q.text) - INDICATOR_TERMS):
            r = tables.horizon_indicators(q, self.kb.indicators, self.gazetteer, horizon)
            return self._table_answer(q, r)
        if q.names_indicators and not (q.asks_tasks or q.count or q.agencies) \
                and not (content_terms(q.text) - INDICATOR_TERMS - LISTING_TERMS):
            return self._table_answer(q, tables.all_indicators(q, self.kb.indicators, self.gazetteer))
        if q.overdue and not q.agencies and asks_task_fact(q.folded):
            r = task_fact(q.text, lang, self.retriever, self.kb.tasks, self.gazetteer)
            if r is not None:  # "Who leads the e-health records task, and is it overdue?"
                r.text = tables.overdue_status(r.tasks, self.kb.tasks, as_of, lang) + "\n\n" + r.text
                return self._table_answer(q, r, route="lookup")
        if (q.has_time or q.group or q.outputs) and about_tasks(q) and not q.asks_indicators:
            r = tables.filtered_tasks(q, self.kb.tasks, self.gazetteer, as_of)
            return self._table_answer(q, r)
        if not guard.in_domain(q.text) and self.vocabulary.hits(q.text) < 2:
            return self._fixed(q.text, lang, "out_of_scope", "refusal")
        topic = topic_terms(q, self.gazetteer)
        if q.asks_tasks and not q.asks_indicators and topic:
            nums = topic_tasks(self.retriever, q, topic)
            if nums:
                r = tables.filtered_tasks(q, self.kb.tasks, self.gazetteer, as_of, restrict=nums, topic=True)
                return self._table_answer(q, r)
        if not named and RANKING.search(q.folded):
            r = tables.agency_ranking(q, self.kb.tasks, self.gazetteer, fewest=bool(FEWEST.search(q.folded)))
            return self._table_answer(q, r)
        if q.count and not (q.has_time or q.group or q.role or topic):
            total = self._totals(q)
            if total is not None:
                return total
        if (q.mentions_appendix_i or (q.names_indicators and not q.asks_tasks)) and q.doc_hint != "57-NQ/TW" \
                and self.retriever is not None:
            hits = self._indicator_hits(q)[:3]
            if hits:
                ind = hits[0].clause_id.split(".", 1)[1]
                r = tables.indicator_lookup([ind], self.kb.indicators, self.gazetteer, lang)
                ans = self._table_answer(q, r, route="lookup")
                ans.retrieved = [h.citation_id for h in hits]
                return ans
        kinds = asked_kinds(q.folded)
        if kinds and not q.asks_tasks:
            return self._passage_to_answer(q, doc_facts_answer(self.doc_facts, kinds, q.doc_hint, lang),
                                           route="lookup")
        structural = self._structure_answer(q)
        if structural is not None:
            return structural
        if TARGET_Q.search(q.folded) and not q.asks_tasks and q.doc_hint != "57-NQ/TW":
            indicator = self._indicator_answer(q)
            if indicator is not None:
                return indicator
        if q.doc_hint != "57-NQ/TW" and not q.asks_indicators and asks_task_fact(q.folded):
            r = task_fact(q.text, lang, self.retriever, self.kb.tasks, self.gazetteer)
            if r is not None:
                return self._table_answer(q, r, route="lookup")
        return self._passage_answer(q)

    def _structure_answer(self, q: Query) -> Answer | None:
        """A whole document or a whole section, asked for by what it is rather than by its number."""
        res = structure_result(q, self.index, self.kb.tasks, self.kb.indicators)
        return None if res is None else self._passage_to_answer(q, res, route="clause")

    def _indicator_answer(self, q: Query) -> Answer | None:
        """A target asked for by its content ("What share of adults should have digital signatures?"):
        the Appendix I row, when one clearly matches; the row names many targets the passages only echo."""
        plain = strip_doc_refs(q.text)
        hits = [h for h in self._indicator_hits(q) if coverage(h, plain) >= 0.6]
        if not hits:
            return None
        by_id = {i.id: i for i in self.kb.indicators}
        year = horizon_year(q)
        # "The 2045 target for the digital economy": the row for that horizon, not the 2030 one.
        dated = [h for h in hits if year and by_id.get(h.clause_id.split(".", 1)[1]) is not None
                 and by_id[h.clause_id.split(".", 1)[1]].horizon == year]
        if year and not dated:
            return None  # no row for that year: the passages say what the resolutions set for it
        ind = (dated or hits)[0].clause_id.split(".", 1)[1]
        ans = self._table_answer(q, tables.indicator_lookup([ind], self.kb.indicators, self.gazetteer, q.lang),
                                 route="lookup")
        ans.retrieved = [h.citation_id for h in hits[:3]]
        return ans

    def _indicator_hits(self, q: Query) -> list:
        """Appendix I rows for the question, reranked by how much of it each row contains."""
        plain = strip_doc_refs(q.text)
        found = self.retriever.search(plain, k=6, clause_prefix="appendix-I.", lexical_query=expand_query(plain))
        return rerank(found, plain)

    def _indicator_for_year(self, q: Query, prev_id: str, year: int) -> Answer | None:
        r = tables.indicator_for_year(q.lang, prev_id, year, self.kb.indicators, self.gazetteer)
        return None if r is None else self._table_answer(q, r, route="lookup")

    @cached_property
    def mentions(self) -> dict[tuple[str, str], list[str]]:
        # Built on first use: only questions about an agency in the resolutions' text need it.
        return _agency_mentions(self.kb, self.gazetteer)

    def _mentions_answer(self, q: Query, named: list[str]) -> Answer | None:
        refs = [r for r in q.clause_refs if ".." not in r]
        found = [(doc, cid) for doc in doc_scope(q.doc_hint) for a in named for cid in self.mentions.get((doc, a), [])
                 if not refs or any(cid == r or cid.startswith(r + ".") for r in refs)]
        found = list(dict.fromkeys(found))[:6]
        if not found:
            return None
        res = compose_clauses(found, self.index, q.lang)
        who = " & ".join(self.gazetteer.name(a, q.lang) for a in named)
        res.text = ((f"**{who}** được nêu tại {len(found)} điều khoản:" if q.lang == "vi"
                     else f"**{who}** is named in {len(found)} clause{'s' if len(found) != 1 else ''}:")
                    + "\n\n" + res.text)
        return self._passage_to_answer(q, res, route="clause")

    def _totals(self, q: Query) -> Answer | None:
        """"How many tasks / indicators are there?": only when nothing else in the question narrows it."""
        if content_terms(q.text) - TOTAL_TERMS:
            return None
        want_ind = q.names_indicators or q.mentions_appendix_i
        want_tasks = q.asks_tasks or bool(re.search(r"\b(appendix ii|phu luc ii|phu luc 2|appendix 2)\b", q.folded))
        if not (want_ind or want_tasks):
            return None
        r = tables.table_totals(q.lang, self.kb.tasks, self.kb.indicators, want_tasks=want_tasks,
                                want_indicators=want_ind)
        return self._table_answer(q, r, route="table")

    # -- table answers -----------------------------------------------------------------------------
    def _table_answer(self, q: Query, r: tables.TableResult, *, route: str = "table", refused: bool = False) -> Answer:
        lang = q.lang
        cites = [make_citation(self.index, DOC, cid, lang) for cid in _unique(r.cited)]
        allowed = {c.ref for c in cites}
        verify(cites, self.index, allowed)
        return Answer(question=q.text, language=lang, answer=r.text, tasks=r.tasks, related_tasks=r.related,
                      indicators=r.indicators, citations=cites, refused=refused, route=route,
                      retrieved=[c.ref for c in cites])

    def _not_found(self, q: Query) -> Answer:
        lang = q.lang
        near = self.gazetteer.closest(q.unknown_agency or "")
        names = "; ".join(f"{self.gazetteer.name(a, lang)} ({self.gazetteer.get(a).abbrev or a})" for a in near)
        if lang == "vi":
            text = (f"Không tìm thấy cơ quan “{q.unknown_agency}” trong Nghị quyết 03/NQ-CP hay 57-NQ/TW."
                    + (f" Tên gần nhất: {names}." if names else ""))
        else:
            text = (f"“{q.unknown_agency}” is not an agency named in Resolution 03/NQ-CP or 57-NQ/TW."
                    + (f" Closest names: {names}." if names else ""))
        return Answer(question=q.text, language=lang, answer=text, refused=True, route="not-found")

    def _successor_notes(self, q: Query, answer: Answer, as_of: date) -> Answer:
        if self.successors is None:
            return answer
        from assistant.answer_successors import add_successor_notes

        return add_successor_notes(self, q, answer, as_of)

    # -- clause and passage answers -------------------------------------------------------------------
    def _clause_answer(self, q: Query) -> Answer | None:
        found = find_clauses(self.index, q.clause_refs, q.doc_hint)
        if not found:
            missing = no_such_clause(self.index, q.clause_refs, q.doc_hint, q.lang)
            return None if missing is None else Answer(question=q.text, language=q.lang, answer=missing,
                                                       refused=True, route="not-found")
        return self._passage_to_answer(q, compose_clauses(found[:8], self.index, q.lang), route="clause")

    def _passage_answer(self, q: Query) -> Answer:
        lang = q.lang
        if self.retriever is None:
            text = ("Chưa có chỉ mục tìm kiếm. Hãy chạy `nq57 ingest`." if lang == "vi"
                    else "The search index is not built. Run `nq57 ingest`.")
            return Answer(question=q.text, language=lang, answer=text, refused=True, route="error")
        doc_ids = [q.doc_hint] if q.doc_hint else None
        plain = strip_doc_refs(q.text)
        expanded = expand_query(plain)
        hits = self._passages(plain, expanded, doc_ids)
        elsewhere = ""
        if doc_ids and (not hits or coverage(hits[0], plain) == 0):
            # "What does the Action Programme say about blockchain?": only 57-NQ/TW does; say so.
            wider = without_programme(plain)
            hits = self._passages(wider, expand_query(wider), None)
            if hits and coverage(hits[0], plain) > 0 and hits[0].doc_id != doc_ids[0]:
                elsewhere = (f"*{doc_ids[0]} không nhắc đến nội dung này; {hits[0].doc_id} có:*\n\n" if lang == "vi"
                             else f"*{doc_ids[0]} does not mention this; {hits[0].doc_id} does:*\n\n")
        if not hits or coverage(hits[0], plain) == 0:
            # Not one word of the question in the best clause: whatever came back is not an answer.
            return self._fixed(q.text, lang, "not_said", "refusal", extra="")
        res = compose(q.text, lang, passages_from_hits(hits, lang), self.index)
        res.text = elsewhere + res.text
        if not res.found:
            return self._fixed(q.text, lang, "not_said", "refusal", extra="")
        ans = self._passage_to_answer(q, res, route="passage")
        rows = tables.task_rows_for(ans.related_tasks[:3], self.kb.tasks, self.gazetteer, lang)
        if rows:
            # What the table says about the tasks quoted above: lead, output, deadline, from structured data.
            ans.answer += "\n\n" + ("Theo bảng nhiệm vụ:" if lang == "vi" else "From the task table:") + "\n" + rows
        ans.retrieved = [h.citation_id for h in hits]
        return ans

    def _passages(self, plain: str, expanded: str, doc_ids: list[str] | None) -> list:
        found = self.retriever.search(plain, k=8, doc_ids=doc_ids, lexical_query=expanded)
        # Fusion buries a clause that only the lexical side ranks first (a rare exact term such as
        # "blockchain" that the embedding misses): the lexical top two join the pool the rerank orders.
        seen = {h.citation_id for h in found}
        exact = [h for h in self.retriever.search(expanded, k=2, doc_ids=doc_ids, mode="lexical")
                 if h.citation_id not in seen]
        return rerank(found + exact, plain)[:6]

    def _passage_to_answer(self, q: Query, res: PassageResult, route: str) -> Answer:
        cites: list[Citation] = []
        for doc, cid, lang, quote in res.cited:
            c = make_citation(self.index, doc, cid, lang, quote=quote)
            cites.append(replace(c, label=c.label if q.lang == lang else _relabel(c, q.lang)))
        verify(cites, self.index, {c.ref for c in cites})
        tasks = [int(c.clause_id.split(".")[1]) for c in cites if c.clause_id.startswith("appendix-II.")
                 and c.clause_id.split(".")[1].isdigit()]
        return Answer(question=q.text, language=q.lang, answer=res.text, citations=cites, route=route,
                      related_tasks=tasks, retrieved=[c.ref for c in cites])


def _agency_mentions(kb: KnowledgeBase, gaz: Any) -> dict[tuple[str, str], list[str]]:
    """(doc, agency) -> body clauses (not the appendices) that name the agency, in document order."""
    out: dict[tuple[str, str], list[str]] = {}
    for c in kb.clauses:
        if c.doc_id not in ("03/NQ-CP", "57-NQ/TW") or c.clause_id.startswith("appendix") or c.kind == "document":
            continue
        for m in gaz.find_mentions(c.text):
            ids = out.setdefault((c.doc_id, m.agency_id), [])
            if c.clause_id not in ids:
                ids.append(c.clause_id)
    return out


def _relabel(c: Citation, lang: str) -> str:
    return label(c.doc_id, c.clause_id, lang)


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("utf-8", errors="replace")
    return str(value)


def _load_successors() -> Any | None:
    try:
        from ingest.successors import SuccessorMap
    except ImportError:
        return None
    try:
        return SuccessorMap.load()
    except (NQ57Error, OSError, ValueError):
        return None
