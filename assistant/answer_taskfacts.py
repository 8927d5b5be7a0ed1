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
from assistant.glossary import expand_query
from assistant.render_tasks import task_detail, task_name
from ingest.deadlines import human
from ingest.gazetteer import Gazetteer
from ingest.models import Task
from ingest.textnorm import fold, words

# Who/when questions about one piece of work; "which tasks…" lists are the table routes' job.
_FACT_Q = re.compile(
    r"\b(who|which (?:ministry|agency|body|bodies|ministries)|when|deadline|due|by when|time ?frame|"
    r"ai|co quan nao|bo nao|don vi nao|thoi han|khi nao|bao gio|han chot|luc nao|chu tri)\b"
)
# Words of the question itself, not of the work it asks about.
_QUESTION_WORDS = {
    "who", "when", "deadline", "due", "lead", "leads", "leading", "led", "responsible", "charge", "drafts",
    "draft", "drafting", "ministry", "agency", "body", "which", "must", "completed", "complete", "finished",
    "done", "date", "time", "timeframe", "will", "expected", "supposed", "needs", "need", "prepare", "prepares",
    "thoi", "han", "khi", "nao", "bao", "gio", "chu", "tri", "phai", "hoan", "thanh", "nhiem", "task", "tasks",
    "lam", "xong", "chot", "quan", "ai", "trach", "phu", "luc", "don", "vi", "handles", "handle", "handling",
    "responsibility", "coordinates", "coordinating", "coordinate", "agencies", "phoi", "hop", "does", "the",
}
_MIN_OVERLAP = 0.6
_PROSE_MARGIN = 0.15


def _overlap(hit: Any, terms: set[str]) -> float:
    body = " ".join(hit.texts.values())
    return len(terms & (set(words(body)) | set(fold(body).split()))) / len(terms)


def asks_task_fact(folded_question: str, text: str | None = None) -> bool:
    """``text`` (the question as typed) tells Vietnamese "ai" (who) from "AI" (artificial intelligence)."""
    found = [m.group(1) for m in _FACT_Q.finditer(folded_question)]
    if text is not None and found and set(found) == {"ai"} and not re.search(r"(?<![\wÀ-ỹ])(?:ai|Ai)(?![\wÀ-ỹ])", text):
        return False  # the only "who" is the capitalised acronym
    return bool(found)


def task_fact(question: str, lang: str, retriever: Any, tasks: list[Task], gaz: Gazetteer) -> TableResult | None:
    """The best-matching task row with its lead and deadline, or None when no row clearly matches."""
    if retriever is None:
        return None
    text = strip_doc_refs(question)
    terms = content_terms(text) - _QUESTION_WORDS
    terms = {t for t in terms if not t.isdigit()}
    if not terms or (len(terms) == 1 and len(next(iter(terms))) < 6):
        return None  # one short word ("who leads AI?") is too little to pick a row by
    hits = retriever.search(text, k=5, clause_prefix="appendix-II.", lexical_query=expand_query(text))
    by_no = {t.no: t for t in tasks}
    scored: list[tuple[float, Task]] = []
    for h in hits:
        no = h.clause_id.split(".", 1)[1]
        if not no.isdigit() or int(no) not in by_no:
            continue
        scored.append((_overlap(h, terms), by_no[int(no)]))
    if not scored or scored[0][0] < _MIN_OVERLAP:
        return None
    # "Cử nhà khoa học tham gia các tổ chức KHCN quốc tế, đặc biệt là tổ chức của ai?" asks about a point of
    # the programme that no row carries (II.7.d): a row holding fewer of the question's words than a
    # clause of the text is not the one asked about, and the passage answer takes it.
    prose = [_overlap(h, terms) for h in retriever.search(text, k=5, lexical_query=expand_query(text))
             if not h.clause_id.startswith("appendix-")]
    if prose and max(prose) >= scored[0][0] + _PROSE_MARGIN:
        return None
    best = scored[0][1]
    others = [t for ov, t in scored[1:] if ov >= _MIN_OVERLAP][:3]
    vi = lang == "vi"
    head = ("Dòng gần nhất trong bảng nhiệm vụ (Nghị quyết 03/NQ-CP, Phụ lục II):" if vi
            else "The closest row in the task table (Resolution 03/NQ-CP, Appendix II):")
    parts = [head, task_detail(best, gaz, lang)]
    if others:
        items = "; ".join(f"**{'nhiệm vụ' if vi else 'task'} {t.no}** ({task_name(t, lang, limit=90)}, "
                          f"{'thời hạn' if vi else 'due'} {human(t.deadline, lang)})" for t in others)
        parts.append(("Các nhiệm vụ khác có thể liên quan: " if vi else "Other tasks that may be relevant: ") + items)
    return TableResult("\n\n".join(parts), [best.no], [t.no for t in others], [],
                       [best.clause_id, *(t.clause_id for t in others)])
