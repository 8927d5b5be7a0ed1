"""Thumbs up/down (with an optional comment) on answers, kept as JSON lines for evaluators.

Each rating is one line in ``Settings.feedback_path``. Writes take an exclusive ``flock`` and go out
as a single ``write`` on an ``O_APPEND`` descriptor, so concurrent sessions (threads or processes)
never interleave, and a line a crashed writer left unfinished cannot swallow the next record.
A comment sent after the thumb is a second line with the same ``answer_id``: the last line per
``answer_id`` is the current verdict.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.errors import FeedbackError

RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 4000


@dataclass(frozen=True)
class FeedbackRecord:
    answer_id: str
    rating: str  # "up" | "down"
    question: str
    answer: str
    citations: Sequence[str]  # citation ids, doc_id:clause_id
    history: Sequence[str]  # the earlier questions of the conversation, oldest first
    comment: str = ""
    language: str = ""
    tasks: Sequence[int] = ()
    route: str = ""
    path: str = ""
    timestamp: str = ""  # ISO 8601, UTC; filled in when written if empty

    def to_dict(self) -> dict[str, Any]:
        return {
            "timestamp": self.timestamp or datetime.now(UTC).isoformat(timespec="seconds"),
            "answer_id": self.answer_id,
            "rating": self.rating,
            "comment": self.comment,
            "question": self.question,
            "answer": self.answer,
            "citations": list(self.citations),
            "history": list(self.history),
            "language": self.language,
            "tasks": list(self.tasks),
            "route": self.route,
            "path": self.path,
        }


class FeedbackStore:
    """Appends feedback records to one JSONL file; safe across threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # flock is per open file; this keeps threads orderly too

    def append(self, record: FeedbackRecord) -> dict[str, Any]:
        if record.rating not in RATINGS:
            raise FeedbackError(f"rating must be 'up' or 'down', not {record.rating!r}")
        if len(record.comment) > MAX_COMMENT_CHARS:
            raise FeedbackError(f"comment is longer than {MAX_COMMENT_CHARS} characters; shorten it")
        payload = record.to_dict()
        line = json.dumps(payload, ensure_ascii=False).encode("utf-8") + b"\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                    if _ends_mid_line(fd):
                        line = b"\n" + line  # keep a torn last line from merging with ours
                    _write_all(fd, line)
                    os.fsync(fd)
                finally:
                    os.close(fd)  # closing drops the flock
        except OSError as exc:
            raise FeedbackError(f"cannot write feedback to {self.path}: {exc.strerror or exc}") from exc
        return payload

    def read(self) -> list[dict[str, Any]]:
        return read_feedback(self.path)


def _ends_mid_line(fd: int) -> bool:
    size = os.fstat(fd).st_size
    if size == 0:
        return False
    return os.pread(fd, 1, size - 1) != b"\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_feedback(path: Path) -> list[dict[str, Any]]:
    """Every well-formed record, in file order; a torn or hand-mangled line is skipped, not fatal."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            records.append(value)
    return records


def latest_by_answer(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The current verdict per answer: a later line (the comment) supersedes the earlier thumb."""
    out: dict[str, dict[str, Any]] = {}
    for rec in records:
        out[str(rec.get("answer_id", ""))] = rec
    return out
