"""Shared pieces of the LLM tests: a real knowledge base of 03/NQ-CP's tables, and answers over it.

The knowledge base comes from the project's own table parsers run on the real corpus file
(03/NQ-CP is the only document the writer's table context needs), so it needs no index.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from assistant.models import Answer, Citation
from ingest.gazetteer import Gazetteer
from ingest.manifest import load_manifest, read_text_lines, slice_for
from ingest.models import KnowledgeBase
from ingest.nq03_appendices import parse_appendices
from ingest.settings import Settings


@lru_cache(maxsize=1)
def tables_kb() -> KnowledgeBase:
    settings = Settings()
    parts = {}
    for entry in load_manifest(settings.corpus_dir):
        if entry.parser == "nq03":
            lines = read_text_lines(settings.corpus_dir / entry.doc.source_file)
            start, end = slice_for(entry, lines)
            doc = replace(entry.doc, line_start=start + 1, line_end=end)
            parts[doc.lang] = (doc, lines[start:end], start + 1)
    gaz = Gazetteer.load()
    appx = parse_appendices(parts["vi"], parts.get("en"), gaz)
    return KnowledgeBase(
        documents=[p[0] for p in parts.values()],
        clauses=appx.clauses,
        tasks=appx.tasks,
        indicators=appx.indicators,
        agencies=list(gaz.agencies),
    )


def task_citation(no: int, lang: str = "en") -> Citation:
    kb = tables_kb()
    found = [c for c in kb.clauses if c.clause_id == f"appendix-II.{no}"]
    clause = next((c for c in found if c.lang == lang), found[0])
    label = (
        f"Resolution 03/NQ-CP, Appendix II, task {no}"
        if lang == "en"
        else f"Nghị quyết 03/NQ-CP, Phụ lục II, nhiệm vụ {no}"
    )
    return Citation("03/NQ-CP", f"appendix-II.{no}", label, clause.lang, clause.text)  # type: ignore[arg-type]


def table_answer(tasks: list[int], question: str, lang: str = "en") -> Answer:
    """A deterministic table answer as the assistant's core would give it (one bullet per task)."""
    kb = tables_kb()
    by_no = {t.no: t for t in kb.tasks}
    lines = []
    for no in tasks:
        t = by_no[no]
        name = (t.name_en if lang == "en" else None) or t.name_vi
        lines.append(f"- Task {no}: {name} [03/NQ-CP:appendix-II.{no}]")
    return Answer(
        question=question,
        language=lang,  # type: ignore[arg-type]
        answer="\n".join(lines),
        tasks=list(tasks),
        citations=[task_citation(no, lang) for no in tasks],
        route="table",
        state={"topic": "tasks"},
    )
