"""Reading and writing the knowledge-base artefacts under ``$NQ57_DATA_DIR/kb``.

Artefacts are written to a sibling temp folder and swapped in with one rename, so a failed or
killed ingestion never leaves a half-written knowledge base behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ingest.errors import IndexMissingError
from ingest.models import Agency, Clause, Document, Indicator, KnowledgeBase, Link, Task

KB_SCHEMA = 1
_FILES = ("documents", "clauses", "tasks", "indicators", "agencies")


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
        _dump(tmp / "meta.json", {"schema": KB_SCHEMA, "corpus_hash": kb.corpus_hash})
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


def read_meta(kb_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((kb_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_kb(kb_dir: Path) -> KnowledgeBase:
    meta = read_meta(kb_dir)
    if meta is None or meta.get("schema") != KB_SCHEMA:
        raise IndexMissingError(
            f"No knowledge base at {kb_dir} (or it was written by another version). Run `nq57 ingest` first."
        )

    def load(name: str) -> list[dict[str, Any]]:
        return json.loads((kb_dir / f"{name}.json").read_text(encoding="utf-8"))

    return KnowledgeBase(
        documents=[Document.from_dict(d) for d in load("documents")],
        clauses=[Clause.from_dict(d) for d in load("clauses")],
        tasks=[Task.from_dict(d) for d in load("tasks")],
        indicators=[Indicator.from_dict(d) for d in load("indicators")],
        agencies=[Agency.from_dict(d) for d in load("agencies")],
        corpus_hash=meta.get("corpus_hash", ""),
        links=[Link.from_dict(d) for d in load("links")] if (kb_dir / "links.json").exists() else [],
    )
