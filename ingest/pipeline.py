"""Corpus folder -> KnowledgeBase (documents, clauses, tasks, indicators, agencies) -> artefacts on disk."""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from ingest.errors import CorpusError, NQ57Error
from ingest.gazetteer import Gazetteer
from ingest.manifest import Entry, corpus_hash, load_manifest, read_text_lines, safe_corpus_path, slice_for
from ingest.models import Clause, Document, KnowledgeBase
from ingest.nq03_appendices import body_end, parse_appendices
from ingest.settings import Settings
from ingest.store import read_meta, verify_kb, write_kb

PARSER_VERSION = "2"


def _gazetteer_bytes() -> bytes:
    data = resources.files("ingest.data")
    return (data.joinpath("agencies.json").read_bytes() + data.joinpath("successors.json").read_bytes()
            + data.joinpath("links_reviewed.json").read_bytes())


def _parser_bytes() -> bytes:
    """The ingest package's own source: a parser change must rebuild a KB the old parser wrote."""
    pkg = resources.files("ingest")
    names = sorted(e.name for e in pkg.iterdir() if e.name.endswith(".py"))
    return b"".join(pkg.joinpath(n).read_bytes() for n in names)


def _check_unique(clauses: list[Clause]) -> None:
    seen: dict[tuple[str, str, str], Clause] = {}
    for c in clauses:
        key = (c.doc_id, c.clause_id, c.lang)
        if key in seen:
            raise CorpusError(f"clause id {c.doc_id}:{c.clause_id} ({c.lang}) occurs twice", file=c.source_file,
                              line=c.line_start or None)
        seen[key] = c


def _parse_body(entry: Entry, lines: list[str], first_line: int) -> list[Clause]:
    if entry.parser == "nq57":
        from ingest.parse_nq57 import parse_nq57

        return parse_nq57(lines, entry.doc, first_line)
    if entry.parser == "news":
        from ingest.parse_news import parse_news

        return parse_news(lines, entry.doc, first_line)
    from ingest.parse_nq03_body import parse_nq03_body

    return parse_nq03_body(lines[: body_end(lines, entry.doc.lang)], entry.doc, first_line)


def build_kb(settings: Settings) -> KnowledgeBase:
    """Parse the whole corpus. Raises CorpusError naming the file and line on bad input."""
    corpus = settings.corpus_dir
    entries = load_manifest(corpus)
    gaz = Gazetteer.load()
    file_lines: dict[str, list[str]] = {}
    documents: list[Document] = []
    clauses: list[Clause] = []
    nq03: dict[str, tuple[Document, list[str], int]] = {}
    for entry in entries:
        name = entry.doc.source_file
        if name not in file_lines:
            file_lines[name] = read_text_lines(safe_corpus_path(corpus, name))
        lines = file_lines[name]
        start, end = slice_for(entry, lines)
        doc = replace(entry.doc, line_start=start + 1, line_end=end)
        documents.append(doc)
        part = lines[start:end]
        try:
            clauses.extend(_parse_body(replace(entry, doc=doc), part, start + 1))
        except NQ57Error:
            raise
        except Exception as exc:  # a parser bug must still name the file
            raise CorpusError(f"cannot parse ({type(exc).__name__}: {exc})", file=name) from exc
        if entry.parser == "nq03":
            nq03[doc.lang] = (doc, part, start + 1)
    tasks, indicators = [], []
    if nq03:
        if "vi" not in nq03:
            raise CorpusError("03/NQ-CP needs its Vietnamese text: the tables are read from it", file="manifest.json")
        appx = parse_appendices(nq03["vi"], nq03.get("en"), gaz)
        tasks, indicators = appx.tasks, appx.indicators
        clauses.extend(appx.clauses)
    succ_docs, succ_clauses = succession_documents(gaz)
    documents += succ_docs
    clauses += succ_clauses
    _check_unique(clauses)
    kb = KnowledgeBase(
        documents=documents,
        clauses=clauses,
        tasks=tasks,
        indicators=indicators,
        agencies=list(gaz.agencies),
        corpus_hash=current_hash(settings),
    )
    if tasks:
        from ingest.links import build_links

        kb.links, _ = build_links(kb)  # 03/NQ-CP -> 57-NQ/TW, with evidence
    return kb


def succession_clause_id(change) -> str:
    """A retiring change is cited as ``change.MIC``; a function transfer as ``change.MIC.to.MOCST``."""
    if change.retires:
        return f"change.{change.predecessor}"
    return f"change.{change.predecessor}.to.{change.main_successor}"


def succession_documents(gaz: Gazetteer) -> tuple[list[Document], list[Clause]]:
    """The successor map's legal sources as citable documents (project data, not corpus text)."""
    from ingest.successors import SuccessorMap

    smap = SuccessorMap.load(gazetteer=gaz)
    docs: dict[tuple[str, str], Document] = {}
    clauses: list[Clause] = []
    for change in smap.changes:
        cit = smap.legal_citation(change)
        for lang in ("en", "vi"):
            key = (cit["doc_id"], lang)
            if key not in docs:
                docs[key] = Document(doc_id=cit["doc_id"], lang=lang, title=cit[f"title_{lang}"], primary=False,
                                     issuer="National Assembly", date=cit["date"], source_file="successors.json",
                                     source_note="Project successor map (ingest/data/successors.json)",
                                     kind="successor-map")
            clauses.append(Clause(doc_id=cit["doc_id"], clause_id=succession_clause_id(change), lang=lang,
                                  kind="succession", text=cit[f"quote_{lang}"], title=cit[f"label_{lang}"],
                                  source_file="successors.json", primary=False))
    return list(docs.values()), clauses


def current_hash(settings: Settings) -> str:
    return corpus_hash(settings.corpus_dir, extra=PARSER_VERSION.encode() + _gazetteer_bytes() + _parser_bytes())


@dataclass
class IngestSummary:
    status: str  # "built" | "rebuilt" (--force) | "repaired" (a damaged KB rebuilt) | "up-to-date"
    documents: int = 0
    clauses: int = 0
    tasks: int = 0
    indicators: int = 0
    numbered_indicators: int = 0
    agencies: int = 0
    english: dict[str, Any] | None = None
    links: dict[str, Any] | None = None  # ingest.links.Coverage.to_dict()
    seconds: float = 0.0
    repaired: list[str] = field(default_factory=list)  # damaged artefacts that were rebuilt

    def lines(self) -> list[str]:
        if self.status == "up-to-date":
            return [f"Knowledge base up to date ({self.seconds:.2f} s)."]
        out = [
            f"Documents: {self.documents}",
            f"Clauses: {self.clauses}",
            f"Tasks (Appendix II): {self.tasks}",
            f"Indicators (Appendix I): {self.numbered_indicators} numbered, {self.indicators} rows with sub-rows",
            f"Agencies in the gazetteer: {self.agencies}",
        ]
        if self.english:
            e = self.english
            out.append(
                f"English translation coverage of tasks: name {e['with_english_name']}/{e['tasks']}, "
                f"output {e['with_english_output']}/{e['tasks']}, deadline {e['with_english_deadline']}/{e['tasks']}"
            )
        if self.links:
            from ingest.links import Coverage

            c = self.links
            cov = Coverage({k: (v["linked"], v["total"]) for k, v in c["counts"].items()}, c["unlinked"],
                           c["restated_points"], c["reviewed"])
            out.extend(cov.lines())
        if self.status == "rebuilt":
            out.append("Rebuilt from scratch (--force).")
        for name in self.repaired:
            out.append(f"Repaired a damaged artefact: {name}")
        out.append(f"Built in {self.seconds:.2f} s")
        return out


def english_coverage(kb: KnowledgeBase) -> dict[str, Any]:
    n = len(kb.tasks)
    return {
        "tasks": n,
        "with_english_name": sum(t.name_en is not None for t in kb.tasks),
        "with_english_output": sum(t.output_en is not None for t in kb.tasks),
        "with_english_deadline": sum(t.deadline.raw_en is not None for t in kb.tasks),
        "indicators_with_english_name": sum(i.name_en is not None for i in kb.indicators),
    }


def link_coverage(kb: KnowledgeBase) -> dict[str, Any]:
    """Groups, points, tasks and indicators linked to 57-NQ/TW / total, and the unlinked list."""
    from ingest.links import coverage

    return coverage(kb, kb.links).to_dict()
CORPUS_STATUS = "corpus-status.json"  # in the data dir: the corpus problem the last good build is serving through


def ingest_to_disk(settings: Settings, *, force: bool = False) -> tuple[KnowledgeBase | None, IngestSummary]:
    """Write the KB artefacts unless the corpus is unchanged AND the KB on disk passes its checksums.

    Returns (kb or None when up to date, summary). Holds the build lock while writing, so a concurrent
    ingest refuses at once. A broken corpus raises CorpusError and is recorded for ``corpus_problem``;
    the KB on disk is left as it was.
    """
    from vectorstore.layout import build_lock

    t0 = time.perf_counter()
    with build_lock(settings.index_dir):
        meta = read_meta(settings.kb_dir)
        try:
            h = current_hash(settings)
            damaged = verify_kb(settings.kb_dir) if meta else []
            if not force and meta and meta.get("corpus_hash") == h and not damaged:
                _clear_corpus_problem(settings)
                return None, IngestSummary(status="up-to-date", seconds=time.perf_counter() - t0)
            kb = build_kb(settings)
        except CorpusError as exc:
            _record_corpus_problem(settings, exc)
            raise
        write_kb(kb, settings.kb_dir)
        _clear_corpus_problem(settings)
    cov = english_coverage(kb)
    (settings.kb_dir / "coverage.json").write_text(json.dumps(cov, indent=1), encoding="utf-8")
    link_cov = link_coverage(kb)
    (settings.kb_dir / "links_coverage.json").write_text(json.dumps(link_cov, indent=1), encoding="utf-8")
    status = "rebuilt" if force else "repaired" if damaged and meta and meta.get("corpus_hash") == h else "built"
    return kb, IngestSummary(
        status=status,
        documents=len(kb.documents),
        clauses=len(kb.clauses),
        tasks=len(kb.tasks),
        indicators=len(kb.indicators),
        numbered_indicators=sum(1 for i in kb.indicators if i.parent is None),
        agencies=len(kb.agencies),
        english=cov,
        links=link_cov,
        seconds=time.perf_counter() - t0,
        repaired=[e.artefact for e in damaged],
    )


def load_or_build(settings: Settings) -> KnowledgeBase:
    """The KB on disk when it matches the corpus and passes its checksums, else a fresh build written to disk."""
    from ingest.store import read_kb

    meta = read_meta(settings.kb_dir)
    if meta and meta.get("corpus_hash") == current_hash(settings) and not verify_kb(settings.kb_dir):
        return read_kb(settings.kb_dir)
    kb, _ = ingest_to_disk(settings, force=True)
    assert kb is not None
    return kb


def load_or_last_good(settings: Settings) -> tuple[KnowledgeBase, CorpusError | None]:
    """``load_or_build``, but while the corpus is broken keep serving the last good KB on disk.

    Returns (kb, the corpus problem or None). Raises the CorpusError when there is no intact KB to
    fall back on, and IntegrityError never: a damaged KB is rebuilt from a good corpus.
    """
    from ingest.store import read_kb

    try:
        return load_or_build(settings), None
    except CorpusError as exc:
        if verify_kb(settings.kb_dir):
            raise
        return read_kb(settings.kb_dir), exc


def _record_corpus_problem(settings: Settings, exc: CorpusError) -> None:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        (settings.data_dir / CORPUS_STATUS).write_text(json.dumps(
            {"message": str(exc), "file": exc.file, "line": exc.line, "reason": exc.reason, "at": time.time()},
            ensure_ascii=False), encoding="utf-8")
    except OSError:  # a read-only data dir must not hide the corpus error itself
        pass


def _clear_corpus_problem(settings: Settings) -> None:
    with contextlib.suppress(OSError):
        (settings.data_dir / CORPUS_STATUS).unlink()


def corpus_problem(settings: Settings) -> str | None:
    """The corpus error the last ingest met (file, line, reason), while the last good build is in use."""
    try:
        data = json.loads((settings.data_dir / CORPUS_STATUS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return str(data.get("message")) if isinstance(data, dict) and data.get("message") else None


def ingest_all(settings: Settings, *, force: bool = False, index: bool = True, progress: Any = None) -> tuple[IngestSummary, Any]:
    """``nq57 ingest``: the KB, then the search index, both verified and repaired when damaged.

    With ``force`` both are rebuilt from scratch under one hold of the build lock, so a second
    concurrent ``--force`` refuses at once (IndexBusyError) instead of racing this one.
    Returns (KB summary, index BuildReport or None).
    """
    from vectorstore.index import build_index
    from vectorstore.layout import build_lock

    with build_lock(settings.index_dir, nest=True):
        kb, summary = ingest_to_disk(settings, force=force)
        if not index:
            return summary, None
        report = build_index(kb or load_or_build(settings), settings, force=force, progress=progress)
    return summary, report
