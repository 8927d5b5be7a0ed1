"""What a follow-up refers to: decided from the frame's back-reference facts and the conversation state.

A follow-up is recognised by what refers back ("those", "of them", "it", "còn…", "trong đó", "and …?")
or by having no subject of its own (``elliptical``), never by the absence of an agency: "What is the
R&D spending target for 2030?" after a task list is a new question.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from assistant.understanding.frame import FollowUp, Intent, QuestionFrame


@dataclass(frozen=True)
class ConvState:
    """What a follow-up may refer to, left by the conversation's earlier answers."""

    frame: QuestionFrame | None = None
    tasks: tuple[int, ...] = ()
    base: tuple[int, ...] = ()  # the list a filter was applied to ("and in 2027?" swaps the filter)
    indicators: tuple[str, ...] = ()  # the indicator an answer was about
    clause: tuple[str, str] | None = None  # (doc_id, clause_id) of the clause just read
    agencies: tuple[str, ...] = ()  # the agencies the last agency question was about (for "bộ này")
    role: str | None = None
    last_list: tuple[int, ...] = ()  # the last answer that listed several tasks ("those" two turns later)
    last_base: tuple[int, ...] = ()

    @property
    def query(self) -> QuestionFrame | None:  # the name the composers used
        return self.frame


_EMPTY = ConvState()


def _inherit_filters(f: QuestionFrame, prev: QuestionFrame) -> dict[str, object]:
    return dict(window=f.window or prev.window, not_window=f.not_window or prev.not_window,
                due_before=f.due_before or prev.due_before, due_after=f.due_after or prev.due_after,
                overdue=f.overdue or prev.overdue, ongoing=f.ongoing or prev.ongoing,
                asks_indicators=f.asks_indicators or prev.asks_indicators, group=f.group or prev.group,
                outputs=f.outputs or prev.outputs)


def resolve(f: QuestionFrame, state: ConvState) -> QuestionFrame:
    """``f`` with what it refers to filled in, and ``follow_up`` saying how it uses the conversation."""
    prev = state.frame
    if prev is None:
        return f
    own_refs = f.has_reference or bool(f.agencies)
    if f.language_switch:
        return replace(prev, lang=f.language_switch, follow_up=FollowUp.LANGUAGE)
    if state.tasks and not own_refs:
        pos = f.ordinal
        if pos is not None and -len(state.tasks) <= pos < len(state.tasks):
            return replace(f, task_numbers=(state.tasks[pos],), intent=Intent.TASK, follow_up=FollowUp.TASK)
        if len(state.tasks) == 1 and (f.points_at_task or f.elliptical) and not f.has_task_filter:
            return replace(f, task_numbers=tuple(state.tasks), intent=Intent.TASK, follow_up=FollowUp.TASK)
    if state.indicators and not state.tasks and not own_refs:
        if f.horizon and (f.elliptical or f.continuation):
            return replace(f, follow_up=FollowUp.YEAR)  # "and for 2045?" after a 2030 target
        if f.elliptical or f.points_at_task:
            return replace(f, indicator_ids=state.indicators[:1], intent=Intent.INDICATOR,
                           follow_up=FollowUp.INDICATOR)  # "who monitors it?"
    if state.clause and not f.clause_refs and f.point_letter:
        doc, cid = state.clause
        section = ".".join(cid.split(".")[:2])
        return replace(f, clause_refs=(f"{section}.{f.point_letter}",), doc_hint=doc, intent=Intent.CLAUSE,
                       follow_up=FollowUp.CLAUSE_POINT)  # "còn điểm c?"
    prev_agencies = state.agencies or prev.agencies
    if f.continuation and f.agencies and not f.has_reference and (f.elliptical or not f.asks_tasks):
        # "What about MOF?", "còn Bộ Tài chính thì sao?": the last question for another agency.
        return replace(f, role=f.role or prev.role, follow_up=FollowUp.OTHER_AGENCY, intent=prev.intent
                       if prev.intent in (Intent.TASK_LIST, Intent.INDICATOR_LIST) else f.intent,
                       **_inherit_filters(f, prev))
    if not f.agencies and prev_agencies and not f.has_reference and _means_last_agency(f, state):
        # "What does that ministry coordinate?", "bộ này phối hợp những nhiệm vụ nào?", "and what does it
        # coordinate?" (the same agency in another role)
        return replace(f, agencies=tuple(prev_agencies), role=f.role or state.role or prev.role,
                       follow_up=FollowUp.AGENCY_ANAPHOR,
                       intent=Intent.INDICATOR_LIST if f.asks_indicators and not f.asks_tasks else Intent.TASK_LIST)
    tasks = state.tasks
    if len(tasks) < 2 and f.refers_back and state.last_list:
        tasks = state.last_list  # "which of those…" two turns after the list
    if tasks and not f.has_reference and (f.refers_back or f.elliptical or f.continuation):
        if f.agencies and f.refers_back:
            return replace(f, follow_up=FollowUp.RESTRICT, intent=Intent.TASK_LIST)  # "which of those MOF leads?"
        if not f.agencies and (f.has_task_filter or f.role):
            swap = f.continuation and prev.has_time and not f.refers_back
            return replace(f, follow_up=FollowUp.SWAP if swap else FollowUp.RESTRICT, intent=Intent.TASK_LIST)
        if not f.agencies and f.count and f.elliptical:
            return replace(f, follow_up=FollowUp.COUNT, intent=Intent.COUNT)  # "how many is that?"
    return f


def _means_last_agency(f: QuestionFrame, state: ConvState) -> bool:
    if f.agency_anaphor:
        return True
    asks = f.role or f.has_time or f.asks_indicators or f.asks_tasks
    if not asks or f.refers_back:
        return False
    if not state.tasks:
        return f.continuation or f.pronoun or f.points_at_task
    # After a list, a role word the last question did not have switches role for the same agency.
    prev_role = state.role or (state.frame.role if state.frame else None) or "lead"
    if f.asks_indicators and (f.pronoun or f.continuation):
        return True  # "which indicators does it monitor?" after its task list
    return bool(f.role) and f.role != prev_role and (f.continuation or f.pronoun or f.elliptical)


def filter_base(f: QuestionFrame, state: ConvState) -> tuple[int, ...]:
    """The list a restricting or swapping follow-up filters."""
    tasks, base = state.tasks, state.base
    if len(tasks) < 2 and f.refers_back and state.last_list:
        tasks, base = state.last_list, state.last_base
    if f.follow_up is FollowUp.SWAP and base:
        return base
    return tasks


@dataclass
class StateUpdate:
    """What an answer leaves for the next question; handlers fill it, the router turns it into a state."""

    tasks: list[int] | None = None
    base: list[int] | None = None
    indicators: list[str] = field(default_factory=list)
    clause: tuple[str, str] | None = None
