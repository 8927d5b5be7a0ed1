"""Handlers that decline honestly: out of scope, another document, not in the documents, no such agency."""

from __future__ import annotations

from assistant import messages
from assistant.answer_taskfacts import task_fact
from assistant.handlers.common import fixed, table_answer
from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn


def creative(ctx: AnswerContext, turn: Turn) -> Answer:
    return fixed(turn.frame, "out_of_scope")


def other_document(ctx: AnswerContext, turn: Turn) -> Answer:
    return fixed(turn.frame, "other_document", doc=turn.frame.other_document)


def out_of_scope(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    if f.foreign_subject:
        return fixed(f, "foreign_subject", place=f.foreign_subject.title())
    return fixed(f, "out_of_scope")


def injection_only(ctx: AnswerContext, turn: Turn) -> Answer:
    return fixed(turn.frame, "injection")


def not_said(ctx: AnswerContext, turn: Turn) -> Answer:
    """Money, people, progress: the documents do not say; the task row that does exist is still given."""
    f = turn.frame
    extra = messages.text("not_said_task_extra", f.lang, n=f.task_numbers[0]) if f.task_numbers else ""
    refusal = fixed(f, "not_said", extra=extra)
    if f.task_numbers or f.agencies:
        return refusal
    row = task_fact(f.text, f.lang, ctx.retriever, ctx.kb.tasks, ctx.gazetteer)
    if row is None or not row.tasks:
        return refusal
    # "Has the National Data Center been completed?": no progress, but the row says what was due.
    facts = table_answer(ctx, f, row, route="refusal", refused=True)
    facts.answer = (refusal.answer + "\n\n" + messages.text("not_said_row_lead", f.lang) + "\n\n"
                    + row.text.split("\n\n", 1)[1])
    facts.tasks, facts.related_tasks = [], row.tasks + row.related
    return facts


def _names(ctx: AnswerContext, ids: tuple[str, ...] | list[str], lang: str) -> str:
    return "; ".join(f"{ctx.gazetteer.name(a, lang)} ({ctx.gazetteer.get(a).abbrev or a})" for a in ids)


def unknown_agency(ctx: AnswerContext, turn: Turn) -> Answer:
    """A name in an agency's place that is no agency of the documents: say so, with the closest names."""
    f = turn.frame
    name = f.unknown_agency or ""
    near = ctx.gazetteer.closest(name)
    text = messages.text("unknown_agency", f.lang, name=name)
    if near:
        text += " " + messages.text("closest_names", f.lang, names=_names(ctx, near, f.lang))
    return Answer(question=f.text, language=f.lang, answer=text, refused=True, route="not-found")


def ambiguous_agency(ctx: AnswerContext, turn: Turn) -> Answer:
    """A typo equally close to several agencies: ask which one, naming them."""
    f = turn.frame
    text = messages.text("which_agency", f.lang, names=_names(ctx, f.agency_candidates, f.lang))
    return Answer(question=f.text, language=f.lang, answer=text, refused=True, route="clarify")


def missing_antecedent(ctx: AnswerContext, turn: Turn) -> Answer:
    """"Bộ này chủ trì gì?" with no ministry earlier in the conversation."""
    f = turn.frame
    return Answer(question=f.text, language=f.lang, answer=messages.text("which_agency_antecedent", f.lang),
                  refused=True, route="clarify")
