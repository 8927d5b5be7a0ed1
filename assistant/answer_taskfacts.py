"""Who leads / when is it due, for a task named by its content ("When is the Law on Teachers due?").

The question names no task number and no agency, so the task table cannot be filtered directly: the
rows of Appendix II are searched, and the best row answers only when it contains most of the
question's own words. Its lead and deadline then come from the structured table, never from the text.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answer_passage import content_terms, strip_doc_refs
from assistant.answer_table import TableResult
from assistant.clause_terms import forms, word_set
from assistant.glossary import expand_query, expansions, matches_any
from assistant.render_tasks import cell_line, task_detail, task_name
from assistant.term_weights import holds_rare
from assistant.understanding import words as W
from assistant.understanding.spelling import Speller
from ingest.deadlines import human
from ingest.gazetteer import Gazetteer
from ingest.models import Task
from ingest.textnorm import fold

# Who/when/what-output questions about one piece of work, and the question's own words (data files).
_FACT_Q = W.pattern("question", "task_fact_asks")
_QUESTION_WORDS = W.terms("question", "task_fact_question_words")
_MIN_OVERLAP = 0.6
_PROSE_MARGIN = 0.15
_CLEAR_SHORTFALL = 0.2
_CLEAR_MARGIN = 0.25


def _overlap(hit: Any, terms: set[str], groups: list[tuple[str, ...]] = (), slips: frozenset[str] = frozenset()) -> float:
    """The share of the question's words the row holds: a word counts in any of its forms ("businesses" for
    "business"), and through the glossary in the other language (a row whose English cell is missing holds
    "dữ liệu" where the question says "data"). ``slips``: the question's words no clause holds, which count when
    a word of the row is one slip of the hand away ("stratgic" for the row's "strategic")."""
    body = " ".join(hit.texts.values())
    held = set(word_set(body)) | set(fold(body).split())
    folded = " " + fold(body) + " "
    crossed = {w for g in groups if matches_any(g, folded) for a in g for w in fold(a).split()}
    speller = Speller(held) if slips else None
    return len({t for t in terms if forms(t) & held or t in crossed
                or (t in slips and speller is not None and speller.correct(t) is not None)}) / len(terms)


def _clear(scored: list[tuple[float, Task, Any]], min_overlap: float) -> bool:
    """Whether the best row is the one asked about: it holds most of the question's words, or, when the asker
    says much in words of their own ("merge or dissolve the ones that perform poorly"), it still holds far more
    of them than any other row does."""
    best = scored[0][0]
    if best >= min_overlap:
        return True
    runner = max((ov for ov, *_ in scored[1:]), default=0.0)
    return best >= min_overlap - _CLEAR_SHORTFALL and best - runner >= _CLEAR_MARGIN


def asks_task_fact(folded_question: str, text: str | None = None) -> bool:
    """``text`` (the question as typed) tells Vietnamese "ai" (who) from "AI" (artificial intelligence)."""
    found = [m.group() for m in _FACT_Q.finditer(folded_question)]
    if text is not None and found and set(found) == {"ai"} and not re.search(r"(?<![\wÀ-ỹ])(?:ai|Ai)(?![\wÀ-ỹ])", text):
        return False  # the only "who" is the capitalised acronym
    return bool(found)


def task_fact(question: str, lang: str, retriever: Any, tasks: list[Task], gaz: Gazetteer,
              min_overlap: float = _MIN_OVERLAP, cells: tuple[str, ...] = (), weights: Any = None,
              check: tuple[tuple[str, ...], str] | None = None, strict: bool = False) -> TableResult | None:
    """The best-matching task row with its lead and deadline, or None when no row clearly matches. ``cells``:
    the row's cells the question asks for (lead, coord, output, deadline), stated first when given. ``weights``
    (the index's TermWeights): a row must hold one of the question's rare terms, if it has any ("trung tâm
    điện toán lượng tử" is not the data-centre row for sharing "trung tâm", "quốc gia", "xây dựng").
    ``check``: a yes/no question's bodies and role (render_tasks.cell_line). ``strict``: only a row holding
    ``min_overlap`` of the question answers (no lead over the other rows makes up for less)."""
    if retriever is None:
        return None
    text = strip_doc_refs(question)
    terms = content_terms(text) - _QUESTION_WORDS
    terms = {t for t in terms if not t.isdigit()}
    if not terms or (len(terms) == 1 and len(next(iter(terms))) < 6):
        return None  # one short word ("who leads AI?") is too little to pick a row by
    groups = expansions(text)
    slips = frozenset(t for t in weights.unheard(terms) if len(t) >= 6) if weights is not None else frozenset()
    hits = retriever.search(text, k=5, clause_prefix="appendix-II.", lexical_query=expand_query(text))
    by_no = {t.no: t for t in tasks}
    scored: list[tuple[float, Task, Any]] = []
    for h in hits:
        no = h.clause_id.split(".", 1)[1]
        if not no.isdigit() or int(no) not in by_no:
            continue
        scored.append((_overlap(h, terms, groups, slips), by_no[int(no)], h))
    if not scored or not (scored[0][0] >= min_overlap if strict else _clear(scored, min_overlap)):
        return None
    rare = weights.rare_units(terms, groups) if weights is not None else ()
    if not holds_rare(" ".join(scored[0][2].texts.values()), rare):
        return None
    # "Cử nhà khoa học tham gia các tổ chức KHCN quốc tế, đặc biệt là tổ chức của ai?" asks about a point of
    # the programme that no row carries (II.7.d): a row holding fewer of the question's words than a
    # clause of the text is not the one asked about, and the passage answer takes it.
    prose = [_overlap(h, terms, groups, slips) for h in retriever.search(text, k=5, lexical_query=expand_query(text))
             if not h.clause_id.startswith("appendix-")]
    if prose and max(prose) >= scored[0][0] + _PROSE_MARGIN:
        return None
    best = scored[0][1]
    others = [t for ov, t, _ in scored[1:] if ov >= min_overlap][:3]
    vi = lang == "vi"
    head = ("Dòng gần nhất trong bảng nhiệm vụ (Nghị quyết 03/NQ-CP, Phụ lục II):" if vi
            else "The closest row in the task table (Resolution 03/NQ-CP, Appendix II):")
    # A word the documents never use ("sàn giao dịch tín chỉ carbon") leaves the row only the closest one: it is
    # shown as such, and the asked cell is not stated as the answer.
    unheard = [w for w in weights.foreign(terms, groups) if _overlap(scored[0][2], {w}, (), slips) == 0] \
        if weights is not None else []  # "stratgic" is the row's "strategic" mistyped, not a word it lacks
    direct, empty = cell_line(best, cells, gaz, lang, check) if cells and not unheard else ("", False)
    if unheard:
        words_ = ", ".join(f"“{w}”" for w in unheard[:3])
        head = head[:-1] + (f" (không dòng nào có từ {words_}):" if vi else f" (no row uses {words_}):")
    parts = [direct or head, task_detail(best, gaz, lang)]
    if others:
        items = "; ".join(f"**{'nhiệm vụ' if vi else 'task'} {t.no}** ({task_name(t, lang, limit=90)}, "
                          f"{'thời hạn' if vi else 'due'} {human(t.deadline, lang)})" for t in others)
        parts.append(("Các nhiệm vụ khác có thể liên quan: " if vi else "Other tasks that may be relevant: ") + items)
    return TableResult("\n\n".join(parts), [best.no], [t.no for t in others], [],
                       [best.clause_id, *(t.clause_id for t in others)], direct=direct,
                       abstained=empty)
