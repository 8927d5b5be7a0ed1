"""Turn a KnowledgeBase into chunks: one clause, one language, at most ``max_tokens`` per chunk.

A chunk never spans two clauses. Long clauses are split on sentence boundaries. Every chunk carries
a short context header (document, section path) that is embedded and indexed with it. Task and
indicator rows are rendered from the parsed table objects so agencies, output and deadline are
searchable.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ingest.models import Clause, Document, Indicator, KnowledgeBase, Task
from ingest.textnorm import clean
from vectorstore import render
from vectorstore.models import Chunk
from vectorstore.textsplit import count_tokens, split_to_budget
from vectorstore.vector_plan import plan_vectors

# Bump whenever chunk text or metadata changes shape: it is part of the index fingerprint.
CHUNK_SCHEMA = 7  # 7: twins share a vector, secondary sources get none (vector_plan.py)
DEFAULT_MAX_TOKENS = 350
_TRAIL_WORDS = 7  # headings in the resolutions run to 60 words; a few words carry the meaning
_NUMBERING = re.compile(r"^((?:[IVXLC]+|\d+)(?:[.)]\s*|$)|)(.*)$", re.S)
_TRAIL_DEPTH = 2  # the document label plus the two nearest headings place any point


@dataclass
class ClauseRecord:
    """Full texts of one clause in every language it exists in (what a Hit shows)."""

    doc_id: str
    clause_id: str
    kind: str
    primary: bool
    texts: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    trails: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "clause_id": self.clause_id,
            "kind": self.kind,
            "primary": self.primary,
            "texts": self.texts,
            "titles": self.titles,
            "trails": self.trails,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClauseRecord:
        return cls(**d)


def _short(heading: str) -> str:
    text = clean(heading)
    if text.isupper():  # ALL-CAPS headings cost the embedder many more tokens for no meaning
        number, rest = _NUMBERING.match(text).groups()  # type: ignore[union-attr]
        text = number + rest.capitalize()
    words = text.split(" ")
    if len(words) <= _TRAIL_WORDS:
        return text
    return " ".join(words[:_TRAIL_WORDS]) + "…"


def doc_label(doc: Document | None, doc_id: str, lang: str) -> str:
    if doc is None or doc.kind == "resolution":
        return f"Nghị quyết {doc_id}" if lang == "vi" else f"Resolution {doc_id}"
    return _short(doc.title)


def make_header(label: str, trail: Iterable[str], title: str = "", skip: Iterable[str] = ()) -> str:
    """``label › section › subsection [› title]``: the nearest _TRAIL_DEPTH headings, shortened."""
    skipped = {clean(x).casefold() for x in skip}
    near = [t for t in trail if t and t.strip() and clean(t).casefold() not in skipped][-_TRAIL_DEPTH:]
    parts = [label, *(_short(t) for t in near)]
    if title and len(title.split()) <= _TRAIL_WORDS and _short(title) not in parts:
        parts.append(_short(title))
    return " › ".join(parts)


def _dense_header(kind: str, label: str, header: str) -> str | None:
    """The header the embedder sees; None keeps the full one.

    Table rows open with "Task N: ..." / "Indicator N ..." and their appendix and group headings
    repeat in every row: they were ~13 % of all embedded tokens, and dropping them lost no gold question
    (hybrid recall@5 0.925 -> 0.938, clause eval unchanged: evals/bench_report.md), so the embedder
    sees only the row; BM25 still indexes the full header.
    """
    return "" if kind in _ROW_KINDS else None


_ROW_KINDS = ("task", "indicator")


class _Chunker:
    def __init__(self, kb: KnowledgeBase, max_tokens: int) -> None:
        self.kb = kb
        self.max_tokens = max_tokens
        self.docs = {(d.doc_id, d.lang): d for d in kb.documents}
        self.doc_titles = [d.title for d in kb.documents]
        self.agencies = {a.id: a for a in kb.agencies}
        self.tasks = {t.clause_id: t for t in kb.tasks}
        self.indicators = {i.clause_id: i for i in kb.indicators}
        self.chunks: list[Chunk] = []
        self.records: dict[tuple[str, str], ClauseRecord] = {}
        self.seen: set[tuple[str, str, str]] = set()

    def _primary(self, doc_id: str, lang: str, default: bool = True) -> bool:
        doc = self.docs.get((doc_id, lang)) or self.docs.get((doc_id, "vi")) or self.docs.get((doc_id, "en"))
        return doc.primary if doc else default

    def _record(self, doc_id: str, clause_id: str, kind: str, primary: bool) -> ClauseRecord:
        key = (doc_id, clause_id)
        if key not in self.records:
            self.records[key] = ClauseRecord(doc_id, clause_id, kind, primary)
        return self.records[key]

    def _emit(
        self,
        *,
        doc_id: str,
        clause_id: str,
        lang: str,
        kind: str,
        body_parts: list[str],
        fields: str,
        trail: tuple[str, ...],
        title: str,
        primary: bool,
        header_title: bool = True,
        source_file: str = "",
        line_start: int = 0,
        line_end: int = 0,
    ) -> None:
        label = doc_label(self.docs.get((doc_id, lang)), doc_id, lang)
        header = make_header(label, trail, title if header_title else "", self.doc_titles)
        dense_header = _dense_header(kind, label, header)
        n = len(body_parts)
        for i, body in enumerate(body_parts):
            text = f"{body}\n{fields}" if fields else body
            self.chunks.append(
                Chunk(
                    chunk_id=f"{doc_id}|{clause_id}|{lang}|{i}",
                    doc_id=doc_id,
                    clause_id=clause_id,
                    lang=lang,
                    kind=kind,
                    text=text,
                    header=header,
                    trail=trail,
                    primary=primary,
                    title=title,
                    part=i,
                    n_parts=n,
                    source_file=source_file,
                    line_start=line_start,
                    line_end=line_end,
                    dense_header=dense_header,
                )
            )

    def clause(self, c: Clause) -> None:
        key = (c.doc_id, c.clause_id, c.lang)
        if key in self.seen:
            return
        self.seen.add(key)
        primary = c.primary and self._primary(c.doc_id, c.lang)
        rec = self._record(c.doc_id, c.clause_id, c.kind, primary)
        task = self.tasks.get(c.clause_id) if c.doc_id == "03/NQ-CP" else None
        ind = self.indicators.get(c.clause_id) if c.doc_id == "03/NQ-CP" else None
        if task is not None:
            self._task(task, c.lang, c, rec)
            return
        if ind is not None:
            self._indicator(ind, c.lang, c, rec)
            return
        text = c.text.strip()
        if not text:
            return
        rec.texts[c.lang] = text
        rec.titles[c.lang] = c.title
        rec.trails[c.lang] = list(c.trail)
        self._emit(
            doc_id=c.doc_id,
            clause_id=c.clause_id,
            lang=c.lang,
            kind=c.kind,
            body_parts=split_to_budget(text, self.max_tokens),
            fields="",
            trail=tuple(c.trail),
            title=c.title,
            primary=primary,
            source_file=c.source_file,
            line_start=c.line_start,
            line_end=c.line_end,
        )

    def _task(self, task: Task, lang: str, c: Clause | None, rec: ClauseRecord) -> None:
        name = render.task_name(task, lang)
        if name is None:  # the English translation lost this row's name: the vi twin carries it
            if c is not None and c.text.strip():
                rec.texts.setdefault(lang, c.text.strip())
            return
        fields = render.task_fields(task, lang, self.agencies)
        head = f"{render.task_heading(task, lang)}: "
        head_tokens = count_tokens(head)
        budget = self.max_tokens - count_tokens(fields) - head_tokens - 1
        if budget >= self.max_tokens // 3:  # every part carries agencies, output and deadline
            parts = [head + p for p in split_to_budget(name, budget)]
        else:  # fields too long to repeat: name parts, then one part with the fields
            parts = [head + p for p in split_to_budget(name, self.max_tokens - head_tokens)]
            opening = " ".join(name.split()[:12])
            fields = ""
            full = render.task_fields(task, lang, self.agencies)
            parts.extend(split_to_budget(f"{head}{opening}…\n{full}", self.max_tokens))
        trail = tuple(c.trail) if c is not None and c.trail else self._task_trail(task, lang)
        title = c.title if c is not None else ""
        rec.texts[lang] = c.text.strip() if c is not None and c.text.strip() else f"{head}{name}\n{fields}"
        rec.titles[lang] = title or render.task_heading(task, lang)
        rec.trails[lang] = list(trail)
        self._emit(
            doc_id="03/NQ-CP",
            clause_id=task.clause_id,
            lang=lang,
            kind=c.kind if c is not None else "task",
            body_parts=parts,
            fields=fields,
            trail=trail,
            title=title,
            primary=rec.primary,
            header_title=False,  # the body starts with "Task N: <name>" already
            source_file=c.source_file if c is not None else "",
            line_start=c.line_start if c is not None else task.line_start,
            line_end=c.line_end if c is not None else task.line_end,
        )

    def _task_trail(self, task: Task, lang: str) -> tuple[str, ...]:
        return ("Phụ lục II" if lang == "vi" else "Appendix II", render.group_label(task, lang))

    def _indicator(self, ind: Indicator, lang: str, c: Clause | None, rec: ClauseRecord) -> None:
        text = render.indicator_text(ind, lang, self.agencies)
        if text is None:
            if c is not None and c.text.strip():
                rec.texts.setdefault(lang, c.text.strip())
            return
        trail = (
            tuple(c.trail) if c is not None and c.trail else ("Phụ lục I" if lang == "vi" else "Appendix I",)
        )
        rec.texts[lang] = c.text.strip() if c is not None and c.text.strip() else text
        rec.titles[lang] = c.title if c is not None else ""
        rec.trails[lang] = list(trail)
        self._emit(
            doc_id="03/NQ-CP",
            clause_id=ind.clause_id,
            lang=lang,
            kind=c.kind if c is not None else "indicator",
            body_parts=split_to_budget(text, self.max_tokens),
            fields="",
            trail=trail,
            title=c.title if c is not None else "",
            primary=rec.primary,
            header_title=False,
            source_file=c.source_file if c is not None else "",
            line_start=c.line_start if c is not None else ind.line_start,
            line_end=c.line_end if c is not None else ind.line_end,
        )

    def rows_without_clauses(self) -> None:
        """Table rows the parser produced as objects but not as clauses still get chunks."""
        for task in self.kb.tasks:
            for lang in ("vi", "en"):
                if ("03/NQ-CP", task.clause_id, lang) not in self.seen:
                    self.seen.add(("03/NQ-CP", task.clause_id, lang))
                    rec = self._record("03/NQ-CP", task.clause_id, "task", self._primary("03/NQ-CP", lang))
                    self._task(task, lang, None, rec)
        for ind in self.kb.indicators:
            for lang in ("vi", "en"):
                if ("03/NQ-CP", ind.clause_id, lang) not in self.seen:
                    self.seen.add(("03/NQ-CP", ind.clause_id, lang))
                    rec = self._record(
                        "03/NQ-CP", ind.clause_id, "indicator", self._primary("03/NQ-CP", lang)
                    )
                    self._indicator(ind, lang, None, rec)


def chunk_kb(
    kb: KnowledgeBase, max_tokens: int = DEFAULT_MAX_TOKENS
) -> tuple[list[Chunk], list[ClauseRecord]]:
    """Chunks plus the per-clause records (full texts of both twins) the retriever returns."""
    chunker = _Chunker(kb, max_tokens)
    for c in kb.clauses:
        chunker.clause(c)
    chunker.rows_without_clauses()
    records = [r for r in chunker.records.values() if r.texts]
    return plan_vectors(chunker.chunks), records


def chunk_clauses(kb: KnowledgeBase, max_tokens: int = DEFAULT_MAX_TOKENS) -> list[Chunk]:
    return chunk_kb(kb, max_tokens)[0]


def kb_fingerprint(kb: KnowledgeBase, max_tokens: int = DEFAULT_MAX_TOKENS) -> str:
    """Hash of everything chunking reads, so an unchanged corpus is detected without chunking it."""
    h = hashlib.sha256()
    h.update(f"chunk-schema={CHUNK_SCHEMA};max_tokens={max_tokens}\n".encode())
    for group in (kb.documents, kb.clauses, kb.tasks, kb.indicators, kb.agencies):
        for item in group:
            h.update(json.dumps(item.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8"))
            h.update(b"\n")
        h.update(b"--\n")
    return h.hexdigest()
