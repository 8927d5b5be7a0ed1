"""Turning composer results into checked, cited ``Answer`` objects."""

from __future__ import annotations

from dataclasses import replace

from assistant import guard
from assistant.answer_passage import PassageResult
from assistant.answer_table import TableResult
from assistant.citations import label, make_citation, verify
from assistant.models import Answer, Citation
from assistant.routing.context import AnswerContext
from assistant.understanding.frame import QuestionFrame

DOC = "03/NQ-CP"


def table_answer(ctx: AnswerContext, f: QuestionFrame, r: TableResult, *, route: str = "table",
                 refused: bool = False) -> Answer:
    cites = [make_citation(ctx.index, DOC, cid, f.lang) for cid in dict.fromkeys(r.cited)]
    verify(cites, ctx.index, {c.ref for c in cites})
    return Answer(question=f.text, language=f.lang, answer=r.text, tasks=list(r.tasks), related_tasks=list(r.related),
                  indicators=list(r.indicators), citations=cites, refused=refused, route=route,
                  retrieved=[c.ref for c in cites], direct=r.direct, abstained=r.abstained)


def passage_answer(ctx: AnswerContext, f: QuestionFrame, res: PassageResult, route: str) -> Answer:
    cites: list[Citation] = []
    for doc, cid, lang, quote in res.cited:
        c = make_citation(ctx.index, doc, cid, lang, quote=quote)
        cites.append(replace(c, label=c.label if f.lang == lang else label(c.doc_id, c.clause_id, f.lang)))
    verify(cites, ctx.index, {c.ref for c in cites})
    tasks = [int(c.clause_id.split(".")[1]) for c in cites if c.clause_id.startswith("appendix-II.")
             and c.clause_id.split(".")[1].isdigit()]
    return Answer(question=f.text, language=f.lang, answer=res.text, citations=cites, route=route,
                  related_tasks=tasks, retrieved=[c.ref for c in cites])


def fixed(f: QuestionFrame, kind: str, route: str = "refusal", **kw: object) -> Answer:
    """A refusal or notice from the message catalogue, in the question's language."""
    return Answer(question=f.text, language=f.lang, answer=guard.message(kind, f.lang, **kw), refused=True,
                  route=route)
