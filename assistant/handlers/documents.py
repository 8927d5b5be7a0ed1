"""Handlers answered from the documents' structure: clauses by reference, sections, document facts,
and the clauses that name an agency."""

from __future__ import annotations

from assistant.answer_clause import compose_clauses, doc_scope, find_clauses, no_such_clause
from assistant.answer_docfacts import doc_facts_answer
from assistant.answer_overview import structure_result
from assistant.handlers.common import passage_answer
from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn


def clause(ctx: AnswerContext, turn: Turn) -> Answer | None:
    f = turn.frame
    found = find_clauses(ctx.index, list(f.clause_refs), f.doc_hint)
    if not found:
        missing = no_such_clause(ctx.index, list(f.clause_refs), f.doc_hint, f.lang)
        return None if missing is None else Answer(question=f.text, language=f.lang, answer=missing,
                                                   refused=True, route="not-found")
    return passage_answer(ctx, f, compose_clauses(found[:8], ctx.index, f.lang), route="clause")


def agency_in_text(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """57-NQ/TW has no task table, and "what does section III give MOF?" asks the text, not Appendix II."""
    f = turn.frame
    named = f.named_agencies
    refs = [r for r in f.clause_refs if ".." not in r]
    found = [(doc, cid) for doc in doc_scope(f.doc_hint) for a in named for cid in ctx.mentions.get((doc, a), [])
             if not refs or any(cid == r or cid.startswith(r + ".") for r in refs)]
    found = list(dict.fromkeys(found))[:6]
    if not found:
        return None
    res = compose_clauses(found, ctx.index, f.lang)
    who = " & ".join(ctx.gazetteer.name(a, f.lang) for a in named)
    res.text = ((f"**{who}** được nêu tại {len(found)} điều khoản:" if f.lang == "vi"
                 else f"**{who}** is named in {len(found)} clause{'s' if len(found) != 1 else ''}:")
                + "\n\n" + res.text)
    return passage_answer(ctx, f, res, route="clause")


def document_facts(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    return passage_answer(ctx, f, doc_facts_answer(ctx.doc_facts, list(f.doc_fact_kinds), f.doc_hint, f.lang),
                          route="lookup")


def structure(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """A whole document or a whole section, asked for by what it is rather than by its number."""
    res = structure_result(turn.frame, ctx.index, ctx.kb.tasks, ctx.kb.indicators)
    return None if res is None else passage_answer(ctx, turn.frame, res, route="clause")
