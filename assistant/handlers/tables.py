"""Handlers answered from the structured tables: Appendix II tasks and Appendix I indicators."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import answer_table as tables
from assistant import messages
from assistant.answer_passage import FIGURE_RARE, coverage, rerank, scoring_units, strip_doc_refs
from assistant.answer_taskfacts import task_fact
from assistant.glossary import expand_query
from assistant.handlers.common import table_answer
from assistant.models import Answer
from assistant.render_tasks import agencies, cell_line, short_ref
from assistant.routing.context import AnswerContext, Turn
from assistant.taskquery import filter_tasks
from assistant.term_weights import holds_rare
from assistant.topics import topic_tasks
from assistant.understanding.followup import filter_base


def task_lookup(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    r = tables.task_lookup(list(f.task_numbers), ctx.kb.tasks, ctx.gazetteer, f.lang)
    if f.overdue and r.found:  # "Is task 110 overdue?": the table's deadline against the date
        r.text = tables.overdue_status(r.tasks, ctx.kb.tasks, turn.as_of, f.lang) + "\n\n" + r.text
    elif f.asked_cells and r.found and len(r.tasks) == 1:
        # "Task 42 deadline?": the asked cell first; an empty one is said not to be stated (task 42 has none)
        row = next(t for t in ctx.kb.tasks if t.no == r.tasks[0])
        r.direct, r.abstained = cell_line(row, f.asked_cells, ctx.gazetteer, f.lang, _check(f))
        r.text = r.direct + "\n\n" + r.text
    return table_answer(ctx, f, r, route="lookup", refused=not r.found)


def indicator_lookup(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    r = tables.indicator_lookup(list(f.indicator_ids), ctx.kb.indicators, ctx.gazetteer, f.lang)
    return table_answer(ctx, f, r, route="lookup", refused=not r.found)


def indicator_for_year(ctx: AnswerContext, turn: Turn) -> Answer | None:
    f = turn.frame
    r = tables.indicator_for_year(f.lang, turn.state.indicators[0], f.horizon or 0, ctx.kb.indicators, ctx.gazetteer)
    return None if r is None else table_answer(ctx, f, r, route="lookup")


def restrict_list(ctx: AnswerContext, turn: Turn) -> Answer:
    """A filter over the list just shown ("which of those are due by June?"), or the last filter swapped."""
    f = turn.frame
    base = list(filter_base(f, turn.state))
    restrict = None if len(base) == len(ctx.kb.tasks) else base
    if f.agencies:
        r = tables.agency_tasks(f, ctx.kb.tasks, ctx.gazetteer, ctx.kb.indicators, turn.as_of, restrict=base)
    else:
        r = tables.filtered_tasks(f, ctx.kb.tasks, ctx.gazetteer, turn.as_of, restrict=restrict)
    ans = table_answer(ctx, f, r)
    ans.state["base"] = base
    return ans


def extend_last_list(ctx: AnswerContext, turn: Turn) -> Answer:
    """The list just shown plus the named agency's tasks in the role asked ("add MOH to that list")."""
    f = turn.frame
    own = tables.agency_tasks(f, ctx.kb.tasks, ctx.gazetteer, ctx.kb.indicators, turn.as_of).tasks
    union = sorted(set(turn.state.tasks) | set(own))
    bare = replace(f, agencies=(), role=None, excluded=())
    r = tables.filtered_tasks(bare, ctx.kb.tasks, ctx.gazetteer, turn.as_of, restrict=union)
    who = " & ".join(ctx.gazetteer.name(a, f.lang) for a in f.agencies)
    r.text = r.text.replace(messages.text("table.scope_listed", f.lang),
                            messages.text("table.scope_extended", f.lang, who=who), 1)
    ans = table_answer(ctx, f, r)
    ans.state["base"] = union
    return ans


def count_last_list(ctx: AnswerContext, turn: Turn) -> Answer:
    r = tables.filtered_tasks(turn.frame, ctx.kb.tasks, ctx.gazetteer, turn.as_of, restrict=list(turn.state.tasks))
    return table_answer(ctx, turn.frame, r)


def agency_indicators(ctx: AnswerContext, turn: Turn) -> Answer:
    from assistant.handlers.successors import successor_notes

    f = turn.frame
    r = tables.agency_indicators(replace(f, agencies=f.named_agencies), ctx.kb.indicators, ctx.gazetteer)
    return successor_notes(ctx, turn, table_answer(ctx, f, r))


def indicator_body_check(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """"Is the cashless transactions indicator tracked by MOF, or by another agency?": the one Appendix I row the
    question's other words name, its monitor stated with the verdict; None (the agency's indicators) when no row
    clearly matches."""
    f = turn.frame
    if ctx.retriever is None:
        return None
    text = f.text
    for m in sorted(ctx.gazetteer.find_mentions(text), key=lambda m: -m.start):
        text = text[:m.start] + " " + text[m.end:]  # the body checked is not what names the row
    found = _target_row(ctx, replace(f, asks_percent=False), text)
    if found is None:
        return None
    ind = next(i for i in ctx.kb.indicators if i.id == found[0])
    vi = f.lang == "vi"
    yes = set(f.named_agencies) <= set(ind.monitor)
    verdict = ("**Có.** " if yes else "**Không.** ") if vi else ("**Yes.** " if yes else "**No.** ")
    label = "Chỉ tiêu" if vi else "Indicator"
    who = agencies(ind.monitor, ctx.gazetteer, f.lang) if ind.monitor else (ind.monitor_raw or "")
    direct = (f"{verdict}{label} {ind.id} — {'Cơ quan theo dõi' if vi else 'Monitored by'}: **{who}** "
              f"{short_ref('03/NQ-CP', ind.clause_id, f.lang)}")
    r = tables.indicator_lookup([ind.id], ctx.kb.indicators, ctx.gazetteer, f.lang)
    r.text, r.direct = f"{direct}\n\n{r.text}", direct
    ans = table_answer(ctx, f, r, route="lookup")
    ans.retrieved = [h.citation_id for h in found[1][:3]]
    return ans


def agency_tasks(ctx: AnswerContext, turn: Turn) -> Answer:
    """The tasks an agency has in a role, with time, output, exclusion and topic filters."""
    from assistant.handlers.successors import successor_notes, today_body

    f, as_of = turn.frame, turn.as_of
    new = today_body(ctx, turn)
    if new is not None:
        return new
    r = tables.agency_tasks(f, ctx.kb.tasks, ctx.gazetteer, ctx.kb.indicators, as_of)
    if not r.tasks and not filter_tasks(ctx.kb.tasks, either=f.named_agencies) and not (f.has_time or f.excluded or f.count):
        # "Role of the Fatherland Front in implementing the resolution?": no task names it, the text does.
        from assistant.handlers.documents import agency_in_text

        named = agency_in_text(ctx, turn)
        if named is not None:
            return replace(named, answer=r.text + "\n\n" + named.answer)
    if f.topic and r.tasks and not f.has_time and not f.count:
        on_topic = [n for n in topic_tasks(ctx.retriever, f, set(f.topic)) if n in r.tasks]
        if on_topic:
            r = tables.agency_tasks(f, ctx.kb.tasks, ctx.gazetteer, ctx.kb.indicators, as_of, restrict=on_topic)
            r.text = tables.topic_note(f.lang, set(f.topic), len(on_topic)) + "\n\n" + r.text
        else:
            r.text = tables.off_topic_note(f.lang, set(f.topic)) + "\n\n" + r.text
    return successor_notes(ctx, turn, table_answer(ctx, f, r))


def filtered_tasks(ctx: AnswerContext, turn: Turn) -> Answer:
    """Tasks by deadline, group, output, exclusion or coordination alone ("Which tasks are due in June?")."""
    ans = table_answer(ctx, turn.frame, tables.filtered_tasks(turn.frame, ctx.kb.tasks, ctx.gazetteer, turn.as_of))
    ans.state["base"] = [t.no for t in ctx.kb.tasks]  # "and 2026?" filters the whole table again
    return ans


def topic_task_list(ctx: AnswerContext, turn: Turn) -> Answer | None:
    f = turn.frame
    nums = topic_tasks(ctx.retriever, f, set(f.topic))
    if not nums:
        return None
    r = tables.filtered_tasks(f, ctx.kb.tasks, ctx.gazetteer, turn.as_of, restrict=nums, topic=True)
    return table_answer(ctx, f, r)


def horizon_indicators(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    r = tables.horizon_indicators(f, ctx.kb.indicators, ctx.gazetteer, f.horizon or f.unset_horizon or 0)
    if not r.indicators:  # "targets for 2035": none; say which years the table does set
        r.text, r.abstained = messages.text("table.no_horizon", f.lang, year=f.horizon or f.unset_horizon), True
    return table_answer(ctx, f, r)


def all_indicators(ctx: AnswerContext, turn: Turn) -> Answer:
    return table_answer(ctx, turn.frame, tables.all_indicators(turn.frame, ctx.kb.indicators, ctx.gazetteer))


def ranking(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    return table_answer(ctx, f, tables.agency_ranking(f, ctx.kb.tasks, ctx.gazetteer, fewest=f.fewest))


def totals(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """"How many tasks / indicators are there?": only when nothing else in the question narrows it."""
    f = turn.frame
    want_ind = f.names_indicators or f.mentions_appendix_i
    want_tasks = f.asks_tasks or f.mentions_appendix_ii
    if not (want_ind or want_tasks):
        return None
    r = tables.table_totals(f.lang, ctx.kb.tasks, ctx.kb.indicators, want_tasks=want_tasks,
                            want_indicators=want_ind)
    return table_answer(ctx, f, r)


def _indicator_hits(ctx: AnswerContext, text: str) -> list:
    plain = strip_doc_refs(text)
    found = ctx.retriever.search(plain, k=6, clause_prefix="appendix-I.", lexical_query=expand_query(plain))
    return rerank(found, plain)


def indicator_search(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """The best Appendix I row for a question about the indicator table."""
    if ctx.retriever is None:
        return None
    rare = _rare(ctx, strip_doc_refs(turn.frame.text))
    hits = [h for h in _indicator_hits(ctx, turn.frame.text) if holds_rare(" ".join(h.texts.values()), rare)][:3]
    f = turn.frame
    if hits and len(f.horizons) == 1 and f.answer_type == "number":
        # "Chỉ tiêu chi cho R&D đạt bao nhiêu % GDP vào năm 2045?": the row for that year, or none (the R&D row
        # is a 2030 one; the passages then say what the resolutions set, or that they do not)
        by_id = {i.id: i for i in ctx.kb.indicators}
        hits = [h for h in hits if (i := by_id.get(h.clause_id.split(".", 1)[1])) is not None
                and i.horizon in (None, f.horizon)]
    if not hits:
        return None
    ind = hits[0].clause_id.split(".", 1)[1]
    r = tables.indicator_lookup([ind], ctx.kb.indicators, ctx.gazetteer, turn.frame.lang)
    ans = table_answer(ctx, turn.frame, r, route="lookup")
    ans.retrieved = [h.citation_id for h in hits]
    return ans


def target_value(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """A target asked for by its content ("What share of adults should have digital signatures?"): the
    Appendix I row, when one clearly matches; the row names many targets the passages only echo. Two asks
    ("how many new cable lines and how much capacity?") get their two rows when each matches one."""
    f = turn.frame
    if ctx.retriever is None:
        return None
    found = _target_row(ctx, f, f.text)
    if found is None:
        return None
    ids, hits = [found[0]], found[1]
    if len(f.horizons) == 2:
        # "bao nhiêu DN công nghệ số … vào 2030 và vào 2045?": the row for each year, when each has one
        year = next(y for y in f.horizons if y != f.horizon)
        # searched with that year's words only: the question's other year draws its own row's hits
        text = next((part for part, _kind in f.asks if str(year) in part and str(f.horizon) not in part), f.text)
        other = _target_row(ctx, f, text, horizon=year)
        if other is not None and other[0] != found[0]:
            ids.append(other[0])
    if len(f.asks) == 2:
        parts = [_target_row(ctx, f, part) for part, _kind in f.asks]
        found_ids = [p[0] for p in parts if p]
        if len(set(found_ids)) == 2:  # both asks matched, each its own row
            ids = found_ids
    ans = table_answer(ctx, f, tables.indicator_lookup(ids, ctx.kb.indicators, ctx.gazetteer, f.lang),
                       route="lookup")
    ans.retrieved = [h.citation_id for h in hits[:3]]
    return ans


def _target_row(ctx: AnswerContext, f, text: str, horizon: int | None = None) -> tuple[str, list] | None:
    """The indicator id whose row clearly matches ``text`` (and the matching hits), or None. ``horizon``: the
    year whose row is wanted (the question's own by default)."""
    horizon = horizon or f.horizon
    if not horizon and re.search(r"\b20(?:2\d|3[1-9]|4[0-4])\b", f.folded):
        return None  # "the 2025 target for the digital economy": the table sets 2030 and 2045 ones only
    plain = strip_doc_refs(text)
    # "Chỉ số HDI mục tiêu đến năm 2045?": a row must name the HDI to give its target, whatever else it shares
    rare = _rare(ctx, plain)
    hits = [h for h in _indicator_hits(ctx, text) if coverage(h, plain) >= 0.6
            and holds_rare(" ".join(h.texts.values()), rare)]
    if not hits:
        return None
    by_id = {i.id: i for i in ctx.kb.indicators}
    # "The 2045 target for the digital economy": the row for that horizon, not the 2030 one.
    dated = [h for h in hits if horizon and (ind := by_id.get(h.clause_id.split(".", 1)[1])) is not None
             and ind.horizon == horizon]
    if horizon and not dated:
        return None  # no row for that year: the passages say what the resolutions set for it
    ind_id = (dated or hits)[0].clause_id.split(".", 1)[1]
    unit = " ".join(x or "" for x in (by_id[ind_id].unit_vi, by_id[ind_id].unit_en)) if ind_id in by_id else ""
    if f.asks_percent and "%" not in unit and "phần trăm" not in unit.lower():
        return None  # a share asked for, a row counting something else: the passages say it
    return ind_id, hits


_AGENCY_ROW_OVERLAP = 0.45
_ROW_FOR_57 = 0.7


def _check(f) -> tuple[tuple[str, ...], str] | None:
    """"Is task 57 led by MOF?": the bodies named and the role asked, for the verdict before the cell line."""
    return (f.agencies, f.role) if f.yes_no and f.agencies and f.role in ("lead", "coord") else None


def _weights(ctx: AnswerContext):
    return ctx.index.term_weights if ctx.index is not None else None


def _rare(ctx: AnswerContext, plain: str) -> tuple:
    """A row's figure is of one thing: the question's fairly rare named things, one of which the row must hold
    ("national databases" is not the row of national data centres)."""
    weights = _weights(ctx)
    return weights.rare_units(*scoring_units(plain), at_least=FIGURE_RARE) if weights is not None else ()


def agency_one_task(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """"When is MOET's Law on Teachers due?": the agency is named, but the question is about one of its rows,
    the one its other words describe; None (the agency's list) unless that row clearly matches and the
    agency leads or coordinates it."""
    f = turn.frame
    text = f.text
    for m in sorted(ctx.gazetteer.find_mentions(text), key=lambda m: -m.start):
        text = text[:m.start] + " " + text[m.end:]  # the agency's own words would dilute the row match
    # The agency leads or coordinates the row, which is evidence of its own: fewer of the other words will do.
    r = task_fact(text, f.lang, ctx.retriever, ctx.kb.tasks, ctx.gazetteer, min_overlap=_AGENCY_ROW_OVERLAP,
                  cells=f.asked_cells, weights=_weights(ctx), check=_check(f))
    if r is None or not r.tasks:
        return None
    row = next((t for t in ctx.kb.tasks if t.no == r.tasks[0]), None)
    if row is None or not set(f.agencies) & (set(row.lead) | set(row.coordinating)):
        return None
    return table_answer(ctx, f, r, route="lookup")


def one_task_by_content(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """"When is the Law on Teachers due?": the one row that clearly matches, from the table."""
    f = turn.frame
    # 57-NQ/TW has no task table but names who leads its own work ("the Central Propaganda Board presides …"):
    # asked who leads something "about Resolution 57", a row answers only when it holds nearly all of the question.
    named_57 = f.doc_hint == "57-NQ/TW" and not set(f.asked_cells) - {"lead"}
    r = task_fact(f.text, f.lang, ctx.retriever, ctx.kb.tasks, ctx.gazetteer, cells=f.asked_cells,
                  weights=_weights(ctx), **({"min_overlap": _ROW_FOR_57, "strict": True} if named_57 else {}))
    if r is None:
        return None
    if f.overdue:  # "Who leads the e-health records task, and is it overdue?"
        r.text = tables.overdue_status(r.tasks, ctx.kb.tasks, turn.as_of, f.lang) + "\n\n" + r.text
    return table_answer(ctx, f, r, route="lookup")
