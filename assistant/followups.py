"""What a follow-up question refers to: the last list, the one task or indicator just shown, the
section just read, the agency just asked about, or the same question in the other language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.answer_passage import content_terms
from assistant.models import Answer
from assistant.understand import Query, ordinal, points_at_task


@dataclass
class ConvState:
    """What a follow-up may refer to, replayed from the conversation's earlier questions."""

    query: Query | None = None
    tasks: list[int] = field(default_factory=list)
    base: list[int] = field(default_factory=list)  # the list a time filter was applied to ("and in 2027?")
    indicators: list[str] = field(default_factory=list)  # the indicator an answer was about
    clause: tuple[str, str] | None = None  # (doc_id, clause_id) of the clause just read


# Words of a follow-up that asks about "it" without naming it: "ai phối hợp?", "and the deadline?".
_FOLLOW_WORDS = {
    "who", "when", "due", "deadline", "deadlines", "lead", "leads", "coordinates", "coordinating", "coordinate",
    "agencies", "agency", "output", "outputs", "result", "its", "what", "about", "and", "the", "which", "monitors",
    "monitor", "monitoring", "target", "unit", "responsible", "how", "many", "ministry", "body", "expected",
    "ai", "phoi", "hop", "chu", "tri", "han", "khi", "nao", "con", "thi", "sao", "ket", "qua", "thoi", "gian",
    "theo", "doi", "muc", "tieu", "bao", "nhieu", "don", "quan", "cua", "gio", "dau", "ra", "voi", "nhu",
    "chi", "nay", "this", "that", "indicator", "task", "nhiem", "do", "phu", "trach", "now",
}
_POINT = re.compile(r"(?:\bpoint|\bđiểm|\bdiem)\s+(dd|đ|[a-z])\b")
_LANG_SWITCH = re.compile(
    r"\b(?:(?:in|into) english|english (?:please|version|translation)|(?:ban |bang )?tieng anh)\b|"
    r"\b(?:(?:in|into) vietnamese|vietnamese (?:please|version)|(?:ban |bang )?tieng viet)\b"
)


def language_switch(q: Query) -> str | None:
    """"Tiếng Việt được không?" / "In English please": the language to repeat the last answer in."""
    m = _LANG_SWITCH.search(q.folded)
    if m is None or len(q.folded.split()) > 8:
        return None
    return "en" if "anh" in m.group() or "english" in m.group() else "vi"


def _subjectless(q: Query) -> bool:
    if q.agencies or q.task_numbers or q.indicator_ids or q.clause_refs or q.outputs or q.has_time or q.group:
        return False
    return len(q.folded.split()) <= 8 and not (content_terms(q.text) - _FOLLOW_WORDS)


def resolve(q: Query, state: ConvState) -> Query:
    """``q`` with what it refers to filled in from the conversation so far."""
    prev = state.query
    if prev is None:
        return q
    if not (q.task_numbers or q.agencies or q.indicator_ids or q.clause_refs) and state.tasks:
        pos = ordinal(q.folded)
        if pos is not None and -len(state.tasks) <= pos < len(state.tasks):
            return replace(q, task_numbers=[state.tasks[pos]])
        if len(state.tasks) == 1 and (points_at_task(q.folded) or _subjectless(q)):
            return replace(q, task_numbers=list(state.tasks))  # "who coordinates it?" after "task 17"
    if state.indicators and not state.tasks and (_subjectless(q) or (points_at_task(q.folded) and not q.agencies
                                                                    and not q.task_numbers)):
        return replace(q, indicator_ids=state.indicators[:1])  # "who monitors it?" after a target
    if state.clause and not q.clause_refs and (m := _POINT.search(q.text.lower())):
        doc, cid = state.clause
        section = ".".join(cid.split(".")[:2])
        letter = "đ" if m.group(1) in ("đ", "dd") else m.group(1)
        return replace(q, clause_refs=[f"{section}.{letter}"], doc_hint=doc)  # "còn điểm c?"
    if q.what_about and q.agencies and not q.task_numbers and not q.indicator_ids:
        return replace(q, role=q.role or prev.role, window=q.window or prev.window,
                       due_before=q.due_before or prev.due_before, due_after=q.due_after or prev.due_after,
                       overdue=q.overdue or prev.overdue, ongoing=q.ongoing or prev.ongoing,
                       asks_indicators=q.asks_indicators or prev.asks_indicators)
    if (not q.agencies and (q.role or q.has_time or q.asks_indicators) and prev.agencies and not q.task_numbers
            and (q.what_about or q.follow_filter or q.anaphor)):
        return replace(q, agencies=list(prev.agencies), role=q.role or prev.role)
    return q


def is_follow_filter(q: Query, state: ConvState) -> bool:
    return bool(
        state.tasks and not q.agencies and not q.task_numbers and not q.indicator_ids
        and (q.follow_filter or (q.has_time and (q.what_about or len(q.folded.split()) <= 8)))
        and (q.has_time or q.group or q.outputs)
    )


def filter_base(q: Query, state: ConvState) -> list[int]:
    # "And in 2027?" swaps the previous filter, so it applies to the list that filter was applied to.
    prev = state.query
    swap = q.what_about and prev is not None and prev.has_time and not q.follow_filter
    return state.base if swap and state.base else state.tasks


def state_after(q: Query, answer: Answer, state: ConvState) -> ConvState:
    """What an answer found by retrieval leaves for the next question to refer to."""
    refs = [c for c in answer.citations]
    indicators = list(answer.indicators) or [c.clause_id.split(".", 1)[1] for c in refs[:1]
                                             if c.clause_id.startswith("appendix-I.")]
    clause = (refs[0].doc_id, refs[0].clause_id) if answer.route == "clause" and refs else None
    tasks = list(answer.tasks) if answer.route in ("lookup", "table") else []
    if answer.route == "passage" and refs and re.fullmatch(r"appendix-II\.\d+", refs[0].clause_id):
        tasks = [int(refs[0].clause_id.split(".")[1])]  # the passage answer opened with that task's row
    if not (tasks or indicators or clause):
        return ConvState(q, state.tasks, state.base)
    return ConvState(q, tasks, tasks, indicators[:1] if not tasks else [], clause)
