"""Citation labels in the answer's language, and the check that every citation is real and was used."""

from __future__ import annotations

import re
from functools import cached_property

from assistant.models import Citation
from assistant.term_weights import TermWeights
from ingest.errors import NQ57Error
from ingest.models import Clause, KnowledgeBase, task_name_part


class CitationError(NQ57Error):
    """An answer tried to cite a clause that does not exist or was not retrieved."""


class ClauseIndex:
    """(doc_id, clause_id, lang) -> Clause, plus document titles."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._by_key: dict[tuple[str, str, str], Clause] = {(c.doc_id, c.clause_id, c.lang): c for c in kb.clauses}
        self._ids = {(c.doc_id, c.clause_id) for c in kb.clauses}
        self.doc_titles = {(d.doc_id, d.lang): d.title for d in kb.documents}
        self.primary = {d.doc_id: d.primary for d in kb.documents}
        self.clauses = kb.clauses

    @cached_property
    def term_weights(self) -> TermWeights:
        """How much each question word says in this knowledge base (built on first use)."""
        return TermWeights(c.text + " " + (c.title or "") for c in self.clauses)

    def exists(self, doc_id: str, clause_id: str) -> bool:
        return (doc_id, clause_id) in self._ids

    def get(self, doc_id: str, clause_id: str, lang: str) -> Clause | None:
        return self._by_key.get((doc_id, clause_id, lang))

    def best(self, doc_id: str, clause_id: str, lang: str) -> Clause | None:
        """The clause in ``lang`` if the source has it, else in the other language."""
        return self.get(doc_id, clause_id, lang) or self.get(doc_id, clause_id, "vi" if lang == "en" else "en")

    def children(self, doc_id: str, clause_id: str) -> list[str]:
        """Ids of the clauses directly under ``clause_id``, in document order."""
        seen: list[str] = []
        for c in self.clauses:
            if c.doc_id == doc_id and c.parent_id == clause_id and c.clause_id not in seen:
                seen.append(c.clause_id)
        return seen

    def matching(self, doc_id: str, pattern: str) -> list[str]:
        rx = re.compile(pattern)
        seen: list[str] = []
        for c in self.clauses:
            if c.doc_id == doc_id and rx.fullmatch(c.clause_id) and c.clause_id not in seen:
                seen.append(c.clause_id)
        return seen


def _doc_label(doc_id: str, lang: str) -> str:
    if re.fullmatch(r"\d+/\d{4}/QH\d+", doc_id):  # the successor map's legal sources
        return f"Nghị quyết {doc_id} (bảng kế thừa)" if lang == "vi" else f"Resolution {doc_id} (successor map)"
    if doc_id in ("03/NQ-CP", "57-NQ/TW"):
        return f"Nghị quyết {doc_id}" if lang == "vi" else f"Resolution {doc_id}"
    return (f"Bài báo ({doc_id})" if lang == "vi" else f"News article ({doc_id})")


def label(doc_id: str, clause_id: str, lang: str) -> str:
    """"Nghị quyết 03/NQ-CP, Phụ lục II, nhiệm vụ 110" / "Resolution 03/NQ-CP, Appendix II, task 110"."""
    doc = _doc_label(doc_id, lang)
    vi = lang == "vi"
    if m := re.fullmatch(r"appendix-II\.(\d+)", clause_id):
        return f"{doc}, Phụ lục II, nhiệm vụ {m.group(1)}" if vi else f"{doc}, Appendix II, task {m.group(1)}"
    if m := re.fullmatch(r"appendix-II\.([IVX]+)", clause_id):
        return f"{doc}, Phụ lục II, nhóm {m.group(1)}" if vi else f"{doc}, Appendix II, group {m.group(1)}"
    if m := re.fullmatch(r"appendix-I\.([\d.]+)", clause_id):
        return f"{doc}, Phụ lục I, chỉ tiêu {m.group(1)}" if vi else f"{doc}, Appendix I, indicator {m.group(1)}"
    if clause_id in ("appendix-I", "appendix-II"):
        return f"{doc}, Phụ lục {clause_id[9:]}" if vi else f"{doc}, Appendix {clause_id[9:]}"
    if m := re.fullmatch(r"art\.(\d+)", clause_id):
        return f"{doc}, Điều {m.group(1)}" if vi else f"{doc}, Article {m.group(1)}"
    if m := re.fullmatch(r"p(\d+)", clause_id):
        return f"{doc}, đoạn {m.group(1)}" if vi else f"{doc}, paragraph {m.group(1)}"
    if clause_id in ("doc", "preamble", "intro"):
        names = {"doc": ("phần đầu", "heading"), "preamble": ("phần căn cứ", "preamble"), "intro": ("phần mở đầu", "introduction")}
        return f"{doc}, {names[clause_id][0 if vi else 1]}"
    if clause_id.startswith("change."):
        what = clause_id[len("change."):].replace(".to.", " → ")
        return f"{doc}, {'thay đổi' if vi else 'change'} {what}"
    parts = clause_id.split(".")
    prog = (", Chương trình hành động" if vi else ", Action Programme") if doc_id == "03/NQ-CP" else ""
    if len(parts) == 3:
        return (f"{doc}{prog}, mục {parts[0]}.{parts[1]}, điểm {parts[2]}" if vi
                else f"{doc}{prog}, section {parts[0]}.{parts[1]}, point {parts[2]}")
    return f"{doc}{prog}, mục {clause_id}" if vi else f"{doc}{prog}, section {clause_id}"


def short_ref(doc_id: str, clause_id: str, lang: str) -> str:
    """Inline form used in answer text, e.g. "[03/NQ-CP, Phụ lục II, nhiệm vụ 110]"."""
    return "[" + label(doc_id, clause_id, lang).replace("Nghị quyết ", "").replace("Resolution ", "") + "]"


def make_citation(index: ClauseIndex, doc_id: str, clause_id: str, lang: str, quote: str | None = None,
                  max_quote: int = 400) -> Citation:
    clause = index.best(doc_id, clause_id, lang)
    if clause is None:
        raise CitationError(f"no clause {doc_id}:{clause_id} to cite")
    if quote is not None:
        text = quote
    else:  # a task row's field lines are the card's fields, not its quote
        text = task_name_part(clause.text) if clause.kind == "task" else clause.text
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > max_quote:
        text = text[: max_quote - 1].rsplit(" ", 1)[0] + "…"
    return Citation(doc_id=doc_id, clause_id=clause_id, label=label(doc_id, clause_id, lang), lang=clause.lang,
                    quote=text)


def verify(citations: list[Citation], index: ClauseIndex, allowed: set[str]) -> None:
    """Every citation must resolve to a real clause and be one the answer actually queried or retrieved."""
    for c in citations:
        if not index.exists(c.doc_id, c.clause_id):
            raise CitationError(f"citation {c.ref} does not resolve to a clause")
        if c.ref not in allowed:
            raise CitationError(f"citation {c.ref} was neither queried nor retrieved")
