"""The router: the first rule of ``RULES`` whose condition holds and whose handler answers."""

from __future__ import annotations

from dataclasses import replace

from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn
from assistant.routing.rules import RULES, Rule
from assistant.understanding.followup import ConvState
from assistant.understanding.frame import QuestionFrame
from ingest.errors import NQ57Error


class RoutingError(NQ57Error):
    pass


def matching(f: QuestionFrame, state: ConvState) -> list[Rule]:
    """Every rule whose condition holds, in table order (for tests and ``--explain``)."""
    return [r for r in RULES if r.when(f, state)]


def route(ctx: AnswerContext, turn: Turn) -> Answer:
    for rule in RULES:
        if not rule.when(turn.frame, turn.state):
            continue
        answer = rule.handler(ctx, turn)
        if answer is not None:
            answer.rule = rule.name
            return answer
    raise RoutingError("no routing rule answered; the last rule ('passage') must always answer")


def next_state(f: QuestionFrame, answer: Answer, state: ConvState, ctx: AnswerContext | None = None) -> ConvState:
    """What an answer leaves for the next question to refer to."""
    refs = answer.citations
    agencies = f.agencies or state.agencies
    if not f.agencies and ctx is not None and len(answer.indicators) >= 1 and answer.route == "lookup":
        # "Ai theo dõi chỉ tiêu …?" then "bộ đó chủ trì nhiệm vụ nào?": the agency is the row's monitor.
        by_id = {i.id: i for i in ctx.kb.indicators}
        row = by_id.get(str(answer.indicators[0]))
        monitors = tuple(a for a in (row.monitor if row else ()) if a in ctx.gazetteer)
        if monitors:
            agencies = monitors
    history = tuple(a for a in state.agency_history if a not in f.agencies) + tuple(f.agencies)
    state = replace(state, agency_history=history[-6:])
    role = f.role if f.agencies else state.role
    indicators = list(answer.indicators) or [c.clause_id.split(".", 1)[1] for c in refs[:1]
                                             if c.clause_id.startswith("appendix-I.")]
    clause = (refs[0].doc_id, refs[0].clause_id) if answer.route == "clause" and refs else None
    tasks = list(answer.tasks) if answer.route in ("lookup", "table", "link") else []
    if answer.route == "passage" and refs and refs[0].clause_id.startswith("appendix-II.") \
            and refs[0].clause_id.split(".")[1].isdigit():
        tasks = [int(refs[0].clause_id.split(".")[1])]  # the passage answer opened with that task's row
    if answer.refused and not tasks:
        return replace(state, frame=f)
    if not (tasks or indicators or clause):
        return replace(state, frame=f, indicators=(), clause=None, agencies=tuple(agencies), role=role)
    base = tuple(answer.state.get("base") or tasks)
    last_list, last_base = (tuple(tasks), base) if len(tasks) >= 2 else (state.last_list, state.last_base)
    return ConvState(f, tuple(tasks), base, tuple(indicators[:1]) if not tasks else (), clause,
                     tuple(agencies), role, last_list, last_base, state.agency_history)
