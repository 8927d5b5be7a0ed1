"""The corpus manifest: which files are documents, what they are, and how to read them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import CorpusError
from ingest.models import Document

PARSERS = ("nq03", "nq57", "news")
_REQUIRED = ("file", "doc_id", "lang", "title", "primary", "issuer", "date", "parser")


@dataclass(frozen=True)
class Entry:
    doc: Document
    parser: str
    start_at: str | None = None  # first line of this document inside a shared file
    end_before: str | None = None  # first line after it


def load_manifest(corpus_dir: Path) -> list[Entry]:
    path = corpus_dir / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CorpusError("no manifest.json in the corpus folder; list every document there", file=str(path)) from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise CorpusError(f"manifest is not valid JSON: {exc}", file=str(path)) from exc
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list) or not docs:
        raise CorpusError("manifest needs a non-empty 'documents' list", file=str(path))
    entries: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for n, d in enumerate(docs, 1):
        if not isinstance(d, dict):
            raise CorpusError(f"document #{n} is not an object", file=str(path))
        missing = [k for k in _REQUIRED if k not in d]
        if missing:
            raise CorpusError(f"document #{n} ({d.get('file', '?')}) lacks {', '.join(missing)}", file=str(path))
        if d["lang"] not in ("vi", "en"):
            raise CorpusError(f"document #{n}: lang must be 'vi' or 'en', not {d['lang']!r}", file=str(path))
        if d["parser"] not in PARSERS:
            raise CorpusError(f"document #{n}: parser must be one of {', '.join(PARSERS)}", file=str(path))
        if not (corpus_dir / d["file"]).is_file():
            raise CorpusError(f"document #{n}: file {d['file']!r} is not in the corpus folder", file=str(path))
        key = (d["doc_id"], d["lang"])
        if key in seen:
            raise CorpusError(f"document {d['doc_id']} ({d['lang']}) is listed twice", file=str(path))
        seen.add(key)
        doc = Document(
            doc_id=str(d["doc_id"]),
            lang=d["lang"],
            title=str(d["title"]),
            primary=bool(d["primary"]),
            issuer=str(d["issuer"]),
            date=str(d["date"]),
            source_file=str(d["file"]),
            source_note=str(d.get("source_note", "")),
            kind=str(d.get("kind", "resolution")),
            translation=bool(d.get("translation", False)),
        )
        entries.append(Entry(doc, d["parser"], d.get("start_at"), d.get("end_before")))
    return entries


def read_text_lines(path: Path) -> list[str]:
    """The file's lines (without newlines); a clear CorpusError when it is not UTF-8 text."""
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise CorpusError("file is binary (contains NUL bytes), not UTF-8 text", file=path.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(f"file is not UTF-8 text (invalid byte at offset {exc.start})", file=path.name,
                          line=line) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def slice_for(entry: Entry, lines: list[str]) -> tuple[int, int]:
    """0-based [start, end) of this document's lines inside its file."""
    start, end = 0, len(lines)
    if entry.start_at:
        idx = next((i for i, line in enumerate(lines) if line.strip() == entry.start_at), None)
        if idx is None:
            raise CorpusError(f"start line {entry.start_at!r} not found", file=entry.doc.source_file)
        start = idx
    if entry.end_before:
        idx = next((i for i, line in enumerate(lines) if i > start and line.strip() == entry.end_before), None)
        if idx is None:
            raise CorpusError(f"end line {entry.end_before!r} not found", file=entry.doc.source_file)
        end = idx
    return start, end


def corpus_hash(corpus_dir: Path, extra: bytes = b"") -> str:
    h = hashlib.sha256()
    h.update((corpus_dir / "manifest.json").read_bytes())
    for entry in sorted({e.doc.source_file for e in load_manifest(corpus_dir)}):
        h.update(entry.encode())
        h.update((corpus_dir / entry).read_bytes())
    h.update(extra)
    return h.hexdigest()
