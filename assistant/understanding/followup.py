"""What a follow-up refers to: decided from the frame's back-reference facts and the conversation state.

A follow-up is recognised by what refers back ("those", "of them", "it", "còn…", "trong đó", "and …?")
or by having no subject of its own (``elliptical``), never by the absence of an agency: "What is the
R&D spending target for 2030?" after a task list is a new question.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    agency_history: tuple[str, ...] = ()  # agencies asked about, oldest first ("both of them")

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
    out = _resolve(f, state)
    if out.follow_up is not FollowUp.NONE and out.out_of_scope and not out.foreign_subject:
        out = replace(out, out_of_scope=False)  # "chỉ những cái hạn năm 2026 thôi" is about the list above
    return out


def _resolve(f: QuestionFrame, state: ConvState) -> QuestionFrame:
    prev = state.frame
    if prev is None:
        return f
    own_refs = f.has_reference or bool(f.agencies)
    if f.language_switch:
        return replace(prev, lang=f.language_switch, follow_up=FollowUp.LANGUAGE)
    prev_agencies = state.agencies or prev.agencies
    if f.agency_anaphor and prev_agencies and not f.has_reference:
        # "Bộ đó cùng Bộ Công an chủ trì…", "cơ quan này theo dõi chỉ tiêu nào?": the agency, never a task.
        return _as_agency(f, state, prev, tuple(dict.fromkeys((*prev_agencies, *f.agencies))))
    if (f.both_of_them or (f.pronoun and f.joint_words)) and len(state.agency_history) >= 2 and not f.agencies:
        # "Which tasks do both of them lead?" after one question about MPI and one about MOF.
        return replace(_as_agency(f, state, prev, tuple(state.agency_history[-2:])),
                       role="joint" if (f.role in (None, "lead")) else f.role)
    if f.pronoun and f.agencies and f.role in ("joint", "together") and prev_agencies \
            and not set(prev_agencies) & set(f.agencies):
        return _as_agency(f, state, prev, (*prev_agencies, *f.agencies))  # "…does it lead together with MIC?"
    if f.extends and f.agencies and state.tasks and not f.has_reference:
        # "Thêm cả các nhiệm vụ của Bộ Ngoại giao nữa": the list just shown plus this agency's tasks.
        return replace(f, role=f.role or state.role or prev.role, follow_up=FollowUp.EXTEND, intent=Intent.TASK_LIST)
    if state.tasks and not own_refs:
        pos = f.ordinal
        if pos is not None and -len(state.tasks) <= pos < len(state.tasks):
            return replace(f, task_numbers=(state.tasks[pos],), intent=Intent.TASK, follow_up=FollowUp.TASK)
        if prev_agencies and _role_switch(f, state):
            return _as_agency(f, state, prev, tuple(prev_agencies))  # "and those it coordinates?"
        if len(state.tasks) == 1 and (f.points_at_task or f.elliptical) and not f.has_task_filter \
                and not (f.pronoun and f.asks_indicators):
            return replace(f, task_numbers=tuple(state.tasks), intent=Intent.TASK, follow_up=FollowUp.TASK)
    if state.indicators and not state.tasks and not own_refs:
        if prev_agencies and (f.asks_tasks or f.role) and not f.asks_indicators and (f.pronoun or f.continuation):
            return _as_agency(f, state, prev, tuple(prev_agencies))  # "What tasks does it lead?" after a monitor
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
    if f.continuation and f.agencies and not f.has_reference and (f.elliptical or not f.asks_tasks):
        # "What about MOF?", "còn Bộ Tài chính thì sao?": the last question for another agency.
        return replace(f, role=f.role or prev.role, follow_up=FollowUp.OTHER_AGENCY, intent=prev.intent
                       if prev.intent in (Intent.TASK_LIST, Intent.INDICATOR_LIST) else f.intent,
                       **_inherit_filters(f, prev))
    if not f.agencies and prev_agencies and not f.has_reference and _means_last_agency(f, state):
        # "What does that ministry coordinate?", "and what does it coordinate?"
        return _as_agency(f, state, prev, tuple(prev_agencies))
    tasks = state.tasks
    if len(tasks) < 2 and f.refers_back and state.last_list:
        tasks = state.last_list  # "which of those…" two turns after the list
    # A question that names its own subject ("Which tasks are due in December 2026?") is a new question;
    # one that points back ("those", "trong đó"), continues ("and …?") or has no subject ("which are due
    # by June?") filters the list just shown.
    points_back = f.refers_back or f.continuation or (f.elliptical and not f.asks_tasks)
    if tasks and not f.has_reference and points_back:
        if f.agencies and f.refers_back:
            return replace(f, follow_up=FollowUp.RESTRICT, intent=Intent.TASK_LIST)  # "which of those MOF leads?"
        if not f.agencies and (f.has_task_filter or f.role):
            # "And in 2027?" replaces the last date filter; "còn cái nào không có cơ quan phối hợp?" adds one.
            swap = f.continuation and prev.has_time and f.has_time and not f.refers_back
            return replace(f, follow_up=FollowUp.SWAP if swap else FollowUp.RESTRICT, intent=Intent.TASK_LIST)
        if not f.agencies and f.count and f.elliptical:
            return replace(f, follow_up=FollowUp.COUNT, intent=Intent.COUNT)  # "how many is that?"
    return f


def _as_agency(f: QuestionFrame, state: ConvState, prev: QuestionFrame, agencies: tuple[str, ...]) -> QuestionFrame:
    return replace(f, agencies=agencies, role=f.role or state.role or prev.role, follow_up=FollowUp.AGENCY_ANAPHOR,
                   unknown_agency=None, out_of_scope=False,
                   intent=Intent.INDICATOR_LIST if f.asks_indicators and not f.asks_tasks else Intent.TASK_LIST)


def _role_switch(f: QuestionFrame, state: ConvState) -> bool:
    """"And those it coordinates?", "what does it coordinate?" after a list of what an agency leads: the
    same agency in another role. "Who coordinates it?" asks about the task instead (an agency answer)."""
    if not (f.pronoun or f.continuation) or f.answer_type == "agency" or not f.role:
        return False
    prev_role = state.role or (state.frame.role if state.frame else None) or "lead"
    return f.role != prev_role


def _means_last_agency(f: QuestionFrame, state: ConvState) -> bool:
    asks = f.role or f.has_time or f.asks_indicators or f.asks_tasks
    # A "who …?" question asks for an agency, so its pronoun is the thing asked about, not the last agency:
    # "…, and who monitors it?" after MOH's tasks (the same reading as in ``_role_switch``).
    if not asks or f.refers_back or f.answer_type == "agency":
        return False
    if not state.tasks:
        return f.continuation or f.pronoun or f.points_at_task
    if f.asks_indicators and (f.pronoun or f.continuation):
        return True  # "which indicators does it monitor?" after its task list
    return _role_switch(f, state) or (bool(f.role) and f.elliptical and f.role != (state.role or "lead"))


def filter_base(f: QuestionFrame, state: ConvState) -> tuple[int, ...]:
    """The list a restricting or swapping follow-up filters."""
    tasks, base = state.tasks, state.base
    if len(tasks) < 2 and f.refers_back and state.last_list:
        tasks, base = state.last_list, state.last_base
    if f.follow_up is FollowUp.SWAP and base:
        return base
    return tasks
