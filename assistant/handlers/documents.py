"""Handlers answered from the documents' structure: clauses by reference, sections, document facts,
and the clauses that name an agency."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer_clause import compose_clauses, doc_scope, find_clauses, no_such_clause
from assistant.answer_docfacts import doc_facts_answer
from assistant.answer_overview import structure_result
from assistant.answer_passage import PassageResult, content_terms, scoring_units, strip_doc_refs
from assistant.citations import label
from assistant.clause_terms import forms, singular, split_units, word_set
from assistant.glossary import matches_any
from assistant.handlers.common import passage_answer
from assistant.models import Answer
from assistant.routing.context import AnswerContext, Turn
from assistant.understanding import words as W
from ingest.textnorm import fold, words


def clause(ctx: AnswerContext, turn: Turn) -> Answer | None:
    f = turn.frame
    found = find_clauses(ctx.index, list(f.clause_refs), f.doc_hint)
    if not found:
        missing = no_such_clause(ctx.index, list(f.clause_refs), f.doc_hint, f.lang)
        return None if missing is None else Answer(question=f.text, language=f.lang, answer=missing,
                                                   refused=True, route="not-found")
    docs = {doc for doc, _ in found}
    if len(docs) == 1 and all(_heading_only(ctx, doc, cid, f.lang) for doc, cid in found) \
            and _asks_inside(ctx, f.text, found):
        # "Part III of NQ57" is a heading over seven items: a question about something in it ("what does it
        # say about FDI companies?") is answered from the sentence there that says it, not the heading.
        from assistant.handlers.passages import within_section

        # When the section does not say it, the passage rule searches both documents and cites where it is.
        return within_section(ctx, turn, docs.pop(), tuple(cid for _, cid in found))
    return passage_answer(ctx, f, compose_clauses(found[:8], ctx.index, f.lang), route="clause")


def _heading_only(ctx: AnswerContext, doc: str, cid: str, lang: str) -> bool:
    clause = ctx.index.best(doc, cid, lang)
    return clause is not None and len(clause.text) <= _HEADING_ONLY and bool(ctx.index.children(doc, cid))


def _asks_inside(ctx: AnswerContext, question: str, found: list[tuple[str, str]]) -> bool:
    """The question holds words beyond the section's reference and its heading's own words ("MỤC TIÊU" for
    "những mục tiêu gì"), so it asks about something in the section rather than for the section whole."""
    heading = " ".join(c.text for doc, cid in found for lang in ("vi", "en")
                       if (c := ctx.index.get(doc, cid, lang)) is not None)
    held, folded = word_set(heading), " " + fold(heading) + " "
    terms, groups = scoring_units(strip_doc_refs(question))
    left = [t for t in terms if t not in _SECTION_WORDS and forms(t).isdisjoint(held)]
    return bool(left) or any(not matches_any(g, folded) for g in groups)


_SECTION_WORDS = W.terms("question", "section_reference_words")
_HEADING_ONLY = 80  # "TASKS AND SOLUTIONS", "MỤC TIÊU": a section whose own text is its title


def agency_in_text(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """57-NQ/TW has no task table, and "what does section III give MOF?" asks the text, not Appendix II."""
    f = turn.frame
    named = f.named_agencies
    refs = [r for r in f.clause_refs if ".." not in r]
    found = [(doc, cid) for doc in doc_scope(f.doc_hint) for a in named for cid in ctx.mentions.get((doc, a), [])
             if not refs or any(cid == r or cid.startswith(r + ".") for r in refs)]
    found = list(dict.fromkeys(found))[:6]
    if not found:
        return None
    # Several clauses name the body: the one holding most of the question comes first, and answers when
    # it clearly leads ("role of the Fatherland Front in implementing the resolution?": 57-NQ/TW IV.4 says
    # its role; 03/NQ-CP II.5.c only lists it among the bodies to coordinate with).
    names = frozenset().union(*(ctx.gazetteer.name_words(a) for a in named))
    asked = {t for t in content_terms(f.text) if t not in names}  # every found clause holds the name itself
    held = {k: _question_words_held(ctx, asked, *k, f.lang) for k in found}
    found.sort(key=lambda k: -held[k])
    res = compose_clauses(found, ctx.index, f.lang)
    who = " & ".join(ctx.gazetteer.name(a, f.lang) for a in named)
    leads = len(found) == 1 or held[found[0]] > held[found[1]]
    direct = _naming_line(ctx, res, who, set(named), f.lang) if leads else ""
    res.text = (direct or (f"**{who}** được nêu tại {len(found)} điều khoản:" if f.lang == "vi"
                           else f"**{who}** is named in {len(found)} clause{'s' if len(found) != 1 else ''}:")
                ) + "\n\n" + res.text
    answer = passage_answer(ctx, f, res, route="clause")
    return replace(answer, direct=direct) if direct else answer


def _question_words_held(ctx: AnswerContext, asked: set[str], doc: str, cid: str, lang: str) -> int:
    clause = ctx.index.best(doc, cid, lang)
    if clause is None:
        return 0
    ws = words(clause.text)
    present = set(ws) | {singular(w) for w in ws}
    return sum(1 for t in asked if t in present or singular(t) in present)


def _naming_line(ctx: AnswerContext, res: PassageResult, who: str, named: set[str], lang: str) -> str:
    """The first cited clause names the agency: the direct line is the sentence that names it, word for word, so the
    role asked about ("what role does the Fatherland Front play?") is stated first, not after a heading."""
    if not res.cited:
        return ""
    doc, cid, clause_lang, _quote = res.cited[0]
    clause = ctx.index.best(doc, cid, clause_lang)
    if clause is None:
        return ""
    units = [u.text for u in split_units(clause.text, clause.lang)
             if named & set(ctx.gazetteer.resolve_query(u.text))]
    if not units:
        return ""
    sentence = " ".join(units[0].split())
    return f"**{who}** — “{sentence}” ({label(doc, cid, lang)})"


def document_facts(ctx: AnswerContext, turn: Turn) -> Answer:
    f = turn.frame
    return passage_answer(ctx, f, doc_facts_answer(ctx.doc_facts, list(f.doc_fact_kinds), f.doc_hint, f.lang),
                          route="lookup")


def structure(ctx: AnswerContext, turn: Turn) -> Answer | None:
    """A whole document or a whole section, asked for by what it is rather than by its number."""
    res = structure_result(turn.frame, ctx.index, ctx.kb.tasks, ctx.kb.indicators)
    return None if res is None else passage_answer(ctx, turn.frame, res, route="clause")
