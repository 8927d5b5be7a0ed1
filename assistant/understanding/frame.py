"""The question frame: everything routing needs to know about a question, decided once.

Understanding (``assistant.understanding.build``) turns the text into one frozen ``QuestionFrame``;
follow-up resolution (``assistant.understanding.followup``) fills in what it refers to from the
conversation, producing another frozen frame. Routing reads frames and never the raw text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum

from assistant.taskquery import Window


class Intent(StrEnum):
    """What kind of answer the question asks for, as far as the words alone tell."""

    TASK_LIST = "task-list"  # tasks filtered by agency, time, group, output or topic
    TASK = "task"  # one task, by number or by what it is
    INDICATOR = "indicator"  # an Appendix I row by number
    INDICATOR_LIST = "indicator-list"  # indicators by horizon, monitor, or all of them
    TARGET = "target"  # a target value asked for by its content
    CLAUSE = "clause"  # a clause by its reference
    DOCUMENT_FACT = "document-fact"  # issue date, signer, entry into force
    OVERVIEW = "overview"  # a document or a section as a whole
    RANKING = "ranking"  # agencies ranked by number of tasks
    COUNT = "count"  # how many tasks / indicators
    MERGER = "merger"  # the 2025 reorganisation of ministries
    LINK = "link"  # which part of 57-NQ/TW a task or indicator carries out, and back
    PASSAGE = "passage"  # what the documents say about something
    REFUSAL = "refusal"  # out of scope, not in the documents, another document, creative request


class FollowUp(StrEnum):
    """How a question uses the conversation before it."""

    NONE = "none"  # standalone
    RESTRICT = "restrict"  # "which of those are due by June?": a filter over the last list
    SWAP = "swap"  # "and in 2027?": the last question with its filter replaced
    OTHER_AGENCY = "other-agency"  # "what about MOF?": the last question for another agency
    AGENCY_ANAPHOR = "agency-anaphor"  # "what does that ministry coordinate?"
    TASK = "task"  # "who coordinates it?", "the second one": one task of the last answer
    INDICATOR = "indicator"  # "who monitors it?" after a target
    CLAUSE_POINT = "clause-point"  # "còn điểm c?" after a clause
    COUNT = "count"  # "how many is that?"
    EXTEND = "extend"  # "add MOH's tasks to that list"
    YEAR = "year"  # "and for 2045?" after a target
    LANGUAGE = "language"  # "tiếng Việt được không?": the last answer again in another language


@dataclass(frozen=True)
class QuestionFrame:
    text: str
    folded: str
    lang: str
    spelling: tuple[str, ...] = ()  # typos fixed in ``text`` ("resouce→resource"); ``text`` is the fixed question
    intent: Intent = Intent.PASSAGE
    answer_type: str = "description"  # agency | number | date | list | description
    asks: tuple[tuple[str, str], ...] = ()  # two things asked at once: (part, its answer type) each
    # Agencies: ``agencies`` in ``role``; ``coord_with`` coordinate what ``agencies`` lead (role "split");
    # ``excluded`` must not appear (in ``excluded_role``: lead | coord | any).
    agencies: tuple[str, ...] = ()
    role: str | None = None  # lead | coord | either | joint | together | split
    coord_with: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    excluded_role: str = "any"
    unknown_agency: str | None = None  # a name in an agency's place that links to nothing
    agency_candidates: tuple[str, ...] = ()  # a typo close to several agencies: ask which
    fuzzy_agency: str | None = None  # the words a typo-tolerant match linked ("Minitsry of Fiance")
    agency_anaphor: bool = False  # "bộ này", "that ministry"
    context_agencies: tuple[str, ...] = ()  # named only to place a document or fact asked for (not its tasks)
    no_coordinator: bool | None = None  # True: tasks with an empty coordinating cell; False: with one
    sole_lead: bool = False  # "leads alone": the agency is the only lead
    # Time.
    window: Window | None = None
    not_window: Window | None = None  # "not due in 2025"
    any_window: tuple[Window, ...] = ()  # "due in 2027 or 2030": a task due in any of these
    due_before: date | None = None
    due_after: date | None = None
    overdue: bool = False
    onward: bool = False
    no_deadline: bool = False
    ongoing: bool = False
    not_ongoing: bool = False  # "không phải thường xuyên": tasks with an end date or none
    annual: bool = False
    as_of: date | None = None
    horizon: int | None = None  # 2030 / 2045: a goal horizon, not a deadline
    horizons: tuple[int, ...] = ()  # both, when both are named ("by 2030 and by 2045?"): a target for each
    unset_horizon: int | None = None  # a goal year the documents set nothing for ("the targets for 2035")
    # References.
    task_numbers: tuple[int, ...] = ()
    indicator_ids: tuple[str, ...] = ()
    clause_refs: tuple[str, ...] = ()
    group: str | None = None
    outputs: tuple[str, ...] = ()
    not_outputs: tuple[str, ...] = ()  # "whose output is not a decree"
    doc_hint: str | None = None  # "57-NQ/TW" | "03/NQ-CP"
    mentions_appendix_i: bool = False
    mentions_appendix_ii: bool = False
    # What the words ask for.
    names_indicators: bool = False
    asks_indicators: bool = False
    asks_tasks: bool = False
    asks_deadline: bool = False
    asks_task_fact: bool = False  # who/when about one piece of work
    asked_cells: tuple[str, ...] = ()  # the row cells a task-fact question asks: lead, coord, output, deadline
    yes_no: bool = False  # "Is task 57 led by MOF?": the answer says yes or no before the cell
    checks_body: bool = False  # "tracked by MOF, or by another agency?": a named body checked against one row
    one_work: bool = False  # that, with no plural "tasks"/"những": one row's fact, even with an agency named
    target_question: bool = False  # "what share…", "target for…"
    names_target: bool = False  # "target", "chỉ tiêu": the Appendix I sense, not "mục tiêu" (a goal in prose)
    asks_percent: bool = False  # the figure asked for is a share ("bao nhiêu phần trăm", "what share")
    count: bool = False
    counts_content: bool = False  # "bao nhiêu CSDL …": a figure some text states, not a count of rows
    ranking: bool = False
    fewest: bool = False
    doc_fact_kinds: tuple[str, ...] = ()
    link_direction: str | None = None  # tasks_for_clause | clause_for_task | indicator_for_target | clause_for_indicator
    topic: frozenset[str] = frozenset()
    only_indicator_words: bool = False  # nothing but "indicators for 2030"-type words
    only_listing_words: bool = False  # nothing but "list the indicators"-type words
    only_total_words: bool = False  # nothing but "how many tasks are there"-type words
    # Scope and refusals.
    creative: bool = False
    other_document: str | None = None  # a document the corpus does not hold, as the answer names it
    unanswerable: bool = False  # money, people, progress: the documents do not say
    out_of_scope: bool = False
    foreign_subject: str | None = None  # "Laos" in "the population of Laos"
    injection: bool = False
    # Conversation.
    follow_up: FollowUp = FollowUp.NONE
    refers_back: bool = False  # "those", "of them", "trong đó"
    extends: bool = False  # "thêm cả", "add … to that list", "also include"
    continuation: bool = False  # "and …?", "what about …?", "còn … thì sao?"
    elliptical: bool = False  # no content words of its own beyond follow-up and filter words
    pronoun: bool = False  # "it", "they": may stand for the last agency or task
    both_of_them: bool = False  # "both of them", "cả hai": the last two agencies asked about
    joint_words: bool = False  # "together", "jointly", "cùng chủ trì": several bodies in one role
    points_at_task: bool = False
    ordinal: int | None = None  # "the second one": 1; "the last": -1
    # About running the Action Programme itself (who implements, monitors, reports on, funds or amends it, its
    # objectives): answered by 03/NQ-CP sections I and III and its articles before any task row.
    about_programme: bool = False
    objective: int | None = None  # "the second objective": 1, the programme's item I.2 (not a list position)
    point_letter: str | None = None  # "còn điểm c?"
    language_switch: str | None = None
    more: bool = False  # "tell me more"

    # The composers read these like the parser's Query did.
    @property
    def has_time(self) -> bool:
        return any(getattr(self, name) for name in TIME_FIELDS)

    def without_time(self) -> QuestionFrame:
        """The same frame with no time constraint (every ``TIME_FIELDS`` field at its default)."""
        defaults = {f.name: f.default for f in fields(self) if f.name in TIME_FIELDS}
        return replace(self, **defaults)

    @property
    def has_task_filter(self) -> bool:
        return bool(self.has_time or self.group or self.outputs or self.not_outputs or self.excluded or self.sole_lead
                    or self.not_ongoing or self.no_coordinator is not None)

    @property
    def named_agencies(self) -> tuple[str, ...]:
        from ingest.gazetteer import COLLECTIVES

        return tuple(a for a in self.agencies if a not in COLLECTIVES)

    @property
    def has_reference(self) -> bool:
        return bool(self.task_numbers or self.indicator_ids or self.clause_refs)

    def to_dict(self) -> dict[str, object]:
        """The frame as plain JSON-able data (for ``nq57 ask --json`` and eval reports)."""
        out: dict[str, object] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v in (None, False, (), frozenset(), "") or f.name in ("text", "folded"):
                continue
            if isinstance(v, Window):
                v = {"start": v.start.isoformat(), "end": v.end.isoformat()}
            elif isinstance(v, date):
                v = v.isoformat()
            elif isinstance(v, frozenset | tuple):
                v = sorted(v) if isinstance(v, frozenset) else list(v)
            out[f.name] = str(v) if isinstance(v, StrEnum) else v
        return out


# The frame's time constraints: ``has_time`` reads them, ``without_time`` resets them.
TIME_FIELDS = ("window", "any_window", "not_window", "due_before", "due_after", "overdue", "ongoing", "annual",
               "onward", "no_deadline")


