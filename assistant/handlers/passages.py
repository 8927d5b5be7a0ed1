"""The passage handler: what the resolutions say, answered from the retrieved clauses (direct line first,
the span that carries it marked, the official text, honest abstention; see assistant/answer_passage.py)."""

from __future__ import annotations

from assistant.answer_passage import answer_passage
from assistant.answer_type import AnswerType
from assistant.handlers.common import fixed, passage_answer
from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn


def passage(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    res = answer_passage(f.text, f.lang, AnswerType(f.answer_type), f.doc_hint, ctx.retriever, ctx.index,
                         ctx.kb.tasks, ctx.gazetteer, ctx.kb.indicators)
    if ctx.retriever is None:
        return Answer(question=f.text, language=f.lang, answer=res.text, refused=True, route="error")
    if not res.found:
        return fixed(f, "not_said", extra="")
    ans = passage_answer(ctx, f, res, route="passage")
    ans.direct, ans.abstained, ans.retrieved = res.direct, res.abstained, res.retrieved
    ans.notes.append(f"confidence={res.confidence:.3f}")
    return ans
