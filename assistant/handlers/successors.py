"""Handlers for the 2025 reorganisation: mergers asked about, and today's bodies behind old names."""

from __future__ import annotations

from assistant import answer_successors as succ
from assistant.handlers.common import table_answer
from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn


def merger(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """"Khi nào Bộ KH&CN sáp nhập với Bộ TT&TT?": the changes of 2025 that concern the named bodies."""
    if ctx.successors is None:
        return None
    return succ.merger_answer(ctx, turn.frame)


def today_body(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """A body formed after the resolution (MAE): its predecessors' tasks, saying so first."""
    if ctx.successors is None:
        return None
    return succ.new_body_answer(ctx, turn.frame, turn.as_of,
                                lambda f, r, **kw: table_answer(ctx, f, r, **kw))


def successor_notes(ctx: AnswerContext, turn: Turn, answer: Answer) -> Answer:
    if ctx.successors is None:
        return answer
    return succ.add_successor_notes(ctx, turn.frame, answer, turn.as_of)
