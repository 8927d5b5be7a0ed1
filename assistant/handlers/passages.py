"""The passage handler: what the resolutions say, answered from the retrieved clauses (direct line first,
the span that carries it marked, the official text, honest abstention; see assistant/answer_passage.py)."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer_passage import PassageResult, answer_passage
from assistant.answer_type import AnswerType
from assistant.handlers.common import fixed, passage_answer
from assistant.models import Answer
from assistant.render_tasks import cell_line
from assistant.routing.context import AnswerContext, Turn
from assistant.understanding.frame import QuestionFrame

# The clauses of 03/NQ-CP that run the programme itself: its objectives (I), its implementation (III), the
# articles and the legal basis (who proposed it).
GOVERNANCE = ("III", "I", "art", "preamble")


def _answer(ctx: AnswerContext, text: str, lang: str, kind: str, doc_hint: str | None,
            within: tuple[str, ...] = (), position: int | None = None) -> PassageResult:
    return answer_passage(text, lang, AnswerType(kind), doc_hint, ctx.retriever, ctx.index, ctx.kb.tasks,
                          ctx.gazetteer, ctx.kb.indicators, within, position)


def _both(first: PassageResult, second: PassageResult) -> PassageResult | None:
    """Two asks answered: both direct lines first, then each one's passage (once when they share it)."""
    if not (first.found and second.found) or first.abstained or second.abstained or not first.direct:
        return None
    if not second.direct or second.direct == first.direct:
        return None
    body = [r.text.split(r.direct, 1)[1].strip() if r.direct in r.text else r.text for r in (first, second)]
    same_clause = first.cited[:1] and second.cited[:1] and first.cited[0][:2] == second.cited[0][:2]
    text = "\n\n".join([first.direct, second.direct, body[0]] + ([] if same_clause else [body[1]]))
    cited = list(dict.fromkeys([*first.cited, *second.cited]))
    return replace(first, text=text, cited=cited, direct=f"{first.direct}\n\n{second.direct}",
                   retrieved=list(dict.fromkeys([*first.retrieved, *second.retrieved])),
                   confidence=min(first.confidence, second.confidence))


def within_section(ctx: AnswerContext, turn: Turn, doc: str, sections: tuple[str, ...]) -> Answer | None:
    """"In part III of NQ57, what does it say about FDI companies?": the passage answer from that section's
    clauses only, or None when none of them states it."""
    ans = passage(ctx, turn, within=sections, doc=doc)
    return None if ans.abstained or ans.route != "passage" else ans


def governance(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """How the programme itself is run, from 03/NQ-CP sections I and III and its articles; declines (the next
    rule answers) when none of those clauses states it (or there is no index: passage's route is then "error")."""
    return within_section(ctx, turn, "03/NQ-CP", GOVERNANCE)


def _row_cells(ctx: AnswerContext, f: QuestionFrame, res: PassageResult) -> PassageResult:
    """"Đề án đô thị thông minh hạn hoàn thành?": when the row finder declined (a typo, a short word) but the
    passage that answers is a task row, the asked cells come from that row of the table, stated first; the
    quote of its text stays below."""
    if not f.asked_cells or res.abstained or not res.cited:
        return res
    doc, clause, *_ = res.cited[0]
    no = clause.split(".", 1)[1] if clause.startswith("appendix-II.") else ""
    task = next((t for t in ctx.kb.tasks if no.isdigit() and t.no == int(no)), None)
    if doc != "03/NQ-CP" or task is None:
        return res
    line, empty = cell_line(task, f.asked_cells, ctx.gazetteer, f.lang)
    values = re.findall(r"\*\*(.+?)\*\*", line)
    if res.direct and all(v.split(" (")[0] in res.direct for v in values):
        return res  # the quote's line already states the asked cells
    # The quote's line stays (it may carry more of what was asked); the row's cells come first.
    direct = f"{line}\n\n{res.direct}" if res.direct else line
    text = res.text.replace(res.direct, direct, 1) if res.direct and res.direct in res.text else f"{line}\n\n{res.text}"
    return replace(res, text=text, direct=direct, abstained=empty and not res.direct)


def passage(ctx: AnswerContext, turn: Turn, within: tuple[str, ...] = (), doc: str = "03/NQ-CP") -> Answer:
    """``within``: only clauses under these prefixes of ``doc`` answer (the programme's own sections, or a
    section the question names)."""
    f = turn.frame
    doc_hint = doc if within else f.doc_hint
    position = f.objective if within else None
    res = whole = None
    if len(f.horizons) == 2 and ctx.retriever is not None:
        # "… for 2030 and 2045?" may be one sentence ("by 2030, … and by 2045, …"): it answers both years.
        whole = _answer(ctx, f.text, f.lang, f.answer_type, doc_hint, within, position)
        if whole.found and not whole.abstained and all(str(y) in whole.direct for y in f.horizons):
            res = whole
    if res is None and len(f.asks) == 2 and ctx.retriever is not None:
        # "Which council …, and by when …?": each ask answered on its own, both stated, when both are.
        res = _both(*(_answer(ctx, part, f.lang, kind, doc_hint, within, position) for part, kind in f.asks))
    if res is None:
        res = whole or _answer(ctx, f.text, f.lang, f.answer_type, doc_hint, within, position)
    if ctx.retriever is None:
        return Answer(question=f.text, language=f.lang, answer=res.text, refused=True, route="error")
    if not res.found:
        return fixed(f, "not_said", extra="")
    res = _row_cells(ctx, f, res)
    ans = passage_answer(ctx, f, res, route="passage")
    ans.direct, ans.abstained, ans.retrieved = res.direct, res.abstained, res.retrieved
    ans.notes.append(f"confidence={res.confidence:.3f}")
    return ans


def agency_context(ctx: AnswerContext, turn: Turn) -> Answer:
    """Another body asked for, with named ministries as context: the passage answer, with what has become of the
    named ministries since (a merger is part of "which ministry absorbed MPI?")."""
    from assistant.handlers.successors import successor_notes

    return successor_notes(ctx, turn, passage(ctx, turn))

