"""The passage handler: what the resolutions say, quoted from the retrieved clauses."""

from __future__ import annotations

from assistant import answer_table as tables
from assistant import messages
from assistant.answer_passage import (
    compose,
    coverage,
    passages_from_hits,
    rerank,
    strip_doc_refs,
    without_programme,
)
from assistant.glossary import expand_query
from assistant.handlers.common import fixed, passage_answer
from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn


def _search(ctx: AnswerContext, plain: str, expanded: str, doc_ids: list[str] | None) -> list:
    found = ctx.retriever.search(plain, k=8, doc_ids=doc_ids, lexical_query=expanded)
    # Fusion buries a clause that only the lexical side ranks first (a rare exact term such as
    # "blockchain" that the embedding misses): the lexical top two join the pool the rerank orders.
    seen = {h.citation_id for h in found}
    exact = [h for h in ctx.retriever.search(expanded, k=2, doc_ids=doc_ids, mode="lexical")
             if h.citation_id not in seen]
    return rerank(found + exact, plain)[:6]


def passage(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    if ctx.retriever is None:
        return Answer(question=f.text, language=f.lang, answer=messages.text("index_missing", f.lang), refused=True,
                      route="error")
    doc_ids = [f.doc_hint] if f.doc_hint else None
    plain = strip_doc_refs(f.text)
    hits = _search(ctx, plain, expand_query(plain), doc_ids)
    elsewhere = ""
    if doc_ids and (not hits or coverage(hits[0], plain) == 0):
        # "What does the Action Programme say about blockchain?": only 57-NQ/TW does; say so.
        wider = without_programme(plain)
        hits = _search(ctx, wider, expand_query(wider), None)
        if hits and coverage(hits[0], plain) > 0 and hits[0].doc_id != doc_ids[0]:
            elsewhere = messages.text("not_in_named_doc", f.lang, doc=doc_ids[0], other=hits[0].doc_id) + "\n\n"
    if not hits or coverage(hits[0], plain) == 0:
        # Not one word of the question in the best clause: whatever came back is not an answer.
        return fixed(f, "not_said", extra="")
    res = compose(f.text, f.lang, passages_from_hits(hits, f.lang), ctx.index)
    if not res.found:
        return fixed(f, "not_said", extra="")
    res.text = elsewhere + res.text
    ans = passage_answer(ctx, f, res, route="passage")
    rows = tables.task_rows_for(ans.related_tasks[:3], ctx.kb.tasks, ctx.gazetteer, f.lang)
    if rows:
        # What the table says about the tasks quoted above: lead, output, deadline, from structured data.
        ans.answer += "\n\n" + messages.text("from_task_table", f.lang) + "\n" + rows
    ans.retrieved = [h.citation_id for h in hits]
    return ans
