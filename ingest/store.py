"""Reading and writing the knowledge-base artefacts under ``$NQ57_DATA_DIR/kb``.

Artefacts are written to a sibling temp folder and swapped in with one rename, so a failed or
killed ingestion never leaves a half-written knowledge base behind. ``meta.json`` records the size
and SHA-256 of every artefact; every load verifies them (the KB is a few MB, hashing costs
milliseconds), so a damaged file -- truncated, garbage, or valid JSON with a changed lead agency --
is refused with its name instead of being served.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ingest.errors import IndexMissingError, IntegrityError
from ingest.models import Agency, Clause, Document, Indicator, KnowledgeBase, Link, Task

KB_SCHEMA = 2  # 2: meta.json carries the artefacts' checksums
_FILES = ("documents", "clauses", "tasks", "indicators", "agencies", "links")


def _dump(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def write_kb(kb: KnowledgeBase, kb_dir: Path) -> None:
    kb_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kb-", dir=kb_dir.parent))
    try:
        _dump(tmp / "documents.json", [d.to_dict() for d in kb.documents])
        _dump(tmp / "clauses.json", [c.to_dict() for c in kb.clauses])
        _dump(tmp / "tasks.json", [t.to_dict() for t in kb.tasks])
        _dump(tmp / "indicators.json", [i.to_dict() for i in kb.indicators])
        _dump(tmp / "agencies.json", [a.to_dict() for a in kb.agencies])
        _dump(tmp / "links.json", [lk.to_dict() for lk in kb.links])
        checksums = {f"{name}.json": file_checksum(tmp / f"{name}.json") for name in _FILES}
        _dump(tmp / "meta.json", {"schema": KB_SCHEMA, "corpus_hash": kb.corpus_hash, "checksums": checksums})
        _fsync_all(tmp)
        old = kb_dir.with_name(kb_dir.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if kb_dir.exists():
            os.replace(kb_dir, old)
        os.replace(tmp, kb_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def file_checksum(path: Path) -> dict[str, Any]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return {"size": size, "sha256": h.hexdigest()}


def _fsync_all(folder: Path) -> None:
    for path in folder.iterdir():
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def verify_kb(kb_dir: Path) -> list[IntegrityError]:
    """Every problem with the KB on disk (empty = intact). Checks sizes and hashes against meta.json."""
    meta = read_meta(kb_dir)
    if meta is None:
        what = "missing" if not (kb_dir / "meta.json").exists() else "unreadable"
        return [IntegrityError(f"the knowledge-base manifest is {what}", artefact=str(kb_dir / "meta.json"))]
    sums = meta.get("checksums")
    if meta.get("schema") != KB_SCHEMA or not isinstance(sums, dict):
        return [IntegrityError("written by another version (no checksums)", artefact=str(kb_dir / "meta.json"))]
    problems = []
    for name in _FILES:
        path = kb_dir / f"{name}.json"
        want = sums.get(path.name)
        if not isinstance(want, dict):
            problems.append(IntegrityError("has no recorded checksum", artefact=str(path)))
            continue
        try:
            got = file_checksum(path)
        except OSError:
            problems.append(IntegrityError("is missing", artefact=str(path)))
            continue
        if got["size"] != want.get("size"):
            problems.append(IntegrityError(f"has {got['size']} bytes, {want.get('size')} were written",
                                           artefact=str(path)))
        elif got["sha256"] != want.get("sha256"):
            problems.append(IntegrityError("was changed after it was built (checksum mismatch)", artefact=str(path)))
    return problems


def read_meta(kb_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((kb_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_kb(kb_dir: Path) -> KnowledgeBase:
    """The KB on disk, verified against its checksums. Raises IndexMissingError when there is none and
    IntegrityError naming the damaged file."""
    meta = read_meta(kb_dir)
    if meta is None and not (kb_dir / "meta.json").exists():
        raise IndexMissingError(f"No knowledge base at {kb_dir}. Run `nq57 ingest` first.")
    problems = verify_kb(kb_dir)
    if problems:
        raise problems[0]
    assert meta is not None

    def load(name: str, cls: Any) -> list[Any]:
        path = kb_dir / f"{name}.json"
        try:
            return [cls.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            # Checksums matched, so this is a KB written by a buggy build, not a damaged file.
            raise IntegrityError(f"cannot be read ({type(exc).__name__}: {exc})", artefact=str(path)) from exc

    return KnowledgeBase(
        documents=load("documents", Document),
        clauses=load("clauses", Clause),
        tasks=load("tasks", Task),
        indicators=load("indicators", Indicator),
        agencies=load("agencies", Agency),
        corpus_hash=meta.get("corpus_hash", ""),
        links=load("links", Link) if (kb_dir / "links.json").exists() else [],
    )
