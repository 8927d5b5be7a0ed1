"""The cross-document handler: which part of 57-NQ/TW a task or indicator carries out, and back."""

from __future__ import annotations

from assistant.answer_links import LinkAsk, answer_link, link_answer
from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn


def link(ctx: AnswerContext, turn: Turn) -> Answer | None:
    f = turn.frame
    if f.link_direction is None:
        return None
    res = answer_link(LinkAsk(f.link_direction), text=f.text, lang=f.lang, task_numbers=list(f.task_numbers),  # type: ignore[arg-type]
                      indicator_ids=list(f.indicator_ids), clause_refs=list(f.clause_refs), kb=ctx.kb, index=ctx.index,
                      gazetteer=ctx.gazetteer, retriever=ctx.retriever)
    return None if res is None else link_answer(f.text, f.lang, res, ctx.index)
