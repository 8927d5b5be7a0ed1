"""The corpus manifest: which files are documents, what they are, and how to read them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

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


# Field -> the types it may hold. A wrong type is named in the error instead of surfacing later as a
# TypeError deep in a parser.
_TYPES: dict[str, tuple[type, ...]] = {
    "file": (str,),
    "doc_id": (str,),
    "lang": (str,),
    "title": (str,),
    "primary": (bool,),
    "issuer": (str,),
    "date": (str,),
    "parser": (str,),
    "source_note": (str,),
    "kind": (str,),
    "translation": (bool,),
    "start_at": (str, type(None)),
    "end_before": (str, type(None)),
}


def _entry_line(text: str, n: int) -> int | None:
    """Best-effort line of the n-th document object in the manifest (1-based), for the error message."""
    count = 0
    for i, line in enumerate(text.splitlines(), 1):
        if '"file"' in line:
            count += 1
            if count == n:
                return i
    return None


def safe_corpus_path(corpus_dir: Path, name: str) -> Path:
    """``corpus_dir / name``, refused unless it stays inside the corpus folder.

    No absolute paths, no ``..`` and no symlink (or symlinked folder) resolving outside: a careless or
    hostile manifest must not put a server file into the index.
    """
    rel = PurePosixPath(name.replace("\\", "/"))
    if not name or rel.is_absolute() or PureWindowsPath(name).drive or ".." in rel.parts:
        raise CorpusError(f"file {name!r} must be a plain name inside the corpus folder (no absolute path, no '..')")
    path = corpus_dir / rel
    root = corpus_dir.resolve()
    try:
        target = path.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise CorpusError(f"file {name!r} cannot be resolved ({exc})") from exc
    if target != root and root not in target.parents:
        raise CorpusError(f"file {name!r} points outside the corpus folder (to {target}); copy the file into it")
    return path


def load_manifest(corpus_dir: Path) -> list[Entry]:
    path = corpus_dir / "manifest.json"
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except FileNotFoundError as exc:
        raise CorpusError("no manifest.json in the corpus folder; list every document there", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise CorpusError(f"manifest is not UTF-8 text: {exc}", file=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise CorpusError(f"manifest is not valid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc
    except (ValueError, RecursionError) as exc:
        raise CorpusError(f"manifest is not valid JSON: {exc}", file=str(path)) from exc
    except OSError as exc:
        raise CorpusError(f"manifest cannot be read: {exc}", file=str(path)) from exc
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list) or not docs:
        raise CorpusError("manifest needs a non-empty 'documents' list", file=str(path))
    entries: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for n, d in enumerate(docs, 1):
        line = _entry_line(text, n)

        def fail(reason: str, n: int = n, line: int | None = line) -> CorpusError:
            return CorpusError(f"document #{n}: {reason}", file=str(path), line=line)

        if not isinstance(d, dict):
            raise fail("is not an object")
        missing = [k for k in _REQUIRED if k not in d]
        if missing:
            raise fail(f"({d.get('file', '?')!r}) lacks {', '.join(missing)}")
        for key, types in _TYPES.items():
            if key in d and not isinstance(d[key], types):
                want = " or ".join("null" if t is type(None) else "true/false" if t is bool else "a string"
                                   for t in types)
                raise fail(f"field {key!r} must be {want}, not {type(d[key]).__name__} {d[key]!r:.60}")
        if d["lang"] not in ("vi", "en"):
            raise fail(f"field 'lang' must be 'vi' or 'en', not {d['lang']!r}")
        if d["parser"] not in PARSERS:
            raise fail(f"field 'parser' must be one of {', '.join(PARSERS)}, not {d['parser']!r}")
        try:
            source = safe_corpus_path(corpus_dir, d["file"])
        except CorpusError as exc:
            raise fail(f"field 'file': {exc.reason}") from None
        if not source.is_file():
            raise fail(f"field 'file': {d['file']!r} is not in the corpus folder")
        key = (d["doc_id"], d["lang"])
        if key in seen:
            raise fail(f"document {d['doc_id']} ({d['lang']}) is listed twice")
        seen.add(key)
        doc = Document(
            doc_id=d["doc_id"],
            lang=d["lang"],
            title=d["title"],
            primary=d["primary"],
            issuer=d["issuer"],
            date=d["date"],
            source_file=d["file"],
            source_note=d.get("source_note", ""),
            kind=d.get("kind", "resolution"),
            translation=d.get("translation", False),
        )
        entries.append(Entry(doc, d["parser"], d.get("start_at"), d.get("end_before")))
    return entries


def read_text_lines(path: Path) -> list[str]:
    """The file's lines (without newlines); a clear CorpusError when it is not UTF-8 text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"file cannot be read ({exc.strerror or exc})", file=path.name) from exc
    if not raw.strip():
        raise CorpusError("file is empty; restore its text or remove its manifest entry", file=path.name)
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
        h.update(safe_corpus_path(corpus_dir, entry).read_bytes())
    h.update(extra)
    return h.hexdigest()
