"""Argument checking at the public boundaries: ``Assistant.ask`` and the ``nq57 ask --batch`` reader.

Everything a caller hands in is turned into the one shape the assistant works on, or rejected with
``BadInput`` naming the argument and what is wrong with it. Nothing further in the pipeline has to
guess types: a question is a ``str`` free of lone surrogates and control characters, a history is a
list of ``{"role", "content"}`` dicts of strings, a date is a ``date``.

The batch reader reads bytes and decodes each line by itself, so one bad line (invalid UTF-8, bad
JSON, JSON nested too deep, a wrong field type, a line too long) becomes one ``BatchError`` for that
line and every other line is still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from assistant.messages import text
from ingest.errors import BadInput

# A batch line longer than this is refused unread: questions are capped at a few thousand characters
# (NQ57_MAX_QUESTION_CHARS) and a history of earlier questions at a few times that, so 1 MB is far
# beyond any real line and bounds what one line can cost.
MAX_BATCH_LINE_BYTES = 1_000_000
HISTORY_ROLES = ("user", "assistant")
_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0/C1 control characters except tab and newline (carriage returns are turned into newlines first).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_EXAMPLE = '{"question": "...", "history": ["..."]}'


def _kind(value: object) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown[:40]}{'…' if len(shown) > 40 else ''}"


def clean_text(value: str) -> str:
    """``value`` with lone surrogates replaced by U+FFFD, CR/CRLF as newlines, control characters removed.

    A lone surrogate cannot be written as UTF-8 (it ended a batch run and cut the web chat's stream);
    a valid pair that arrived split (``"\\ud83d\\ude00"``) is joined back into its character.
    """
    if _SURROGATE.search(value):
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def clean_question(value: object, *, lang: str = "en") -> str:
    """The question as clean text. ``str`` and ``bytes`` (UTF-8; undecodable bytes become U+FFFD) are
    accepted; ``None`` and every other type raise ``BadInput`` (a number is not silently a question)."""
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", errors="replace")
    if value is None:
        raise BadInput(text("cli.question_missing", lang), field="question")
    if not isinstance(value, str):
        raise BadInput(text("cli.question_type", lang, kind=_kind(value)), field="question")
    return clean_text(str(value))


def clean_history(value: object, *, lang: str = "en") -> list[dict[str, str]]:
    """Earlier turns as ``[{"role": "user"|"assistant", "content": str}]``.

    Accepts ``None``, or a list/tuple whose items are strings (earlier questions) or dicts with a
    ``"content"`` string and an optional ``"role"`` ("user" when absent). A bare string is refused
    rather than read as a list of one-letter questions.
    """
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise BadInput(text("cli.history_type", lang, kind=_kind(value)), field="history")
    out: list[dict[str, str]] = []
    for n, item in enumerate(value, 1):
        if isinstance(item, str | bytes | bytearray):
            out.append({"role": "user", "content": clean_question(item, lang=lang)})
            continue
        if not isinstance(item, dict):
            raise BadInput(text("cli.history_item", lang, n=n, kind=_kind(item)), field="history")
        role = item.get("role", "user")
        if role not in HISTORY_ROLES:
            raise BadInput(text("cli.history_role", lang, n=n, role=_kind(role)), field="history")
        content = item.get("content")
        if not isinstance(content, str | bytes | bytearray):
            raise BadInput(text("cli.history_content", lang, n=n, kind=_kind(content)), field="history")
        out.append({"role": str(role), "content": clean_question(content, lang=lang)})
    return out


def clean_as_of(value: object, *, lang: str = "en") -> date | None:
    """``None``, a ``date``, a ``datetime`` (its date) or an ISO string ("2025-06-30", "2025-06-30T09:00")."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise BadInput(text("cli.as_of_type", lang, kind=_kind(value)), field="as_of")
    raw = value.strip()
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw).date()
    except ValueError:
        raise BadInput(text("cli.as_of_value", lang, value=_kind(clean_text(raw))), field="as_of") from None


# -- the batch reader ---------------------------------------------------------------------------
@dataclass(frozen=True)
class BatchItem:
    """One readable batch line: what to pass to ``Assistant.ask``."""

    line: int
    question: str
    history: list[dict[str, str]] = field(default_factory=list)
    as_of: date | None = None


@dataclass(frozen=True)
class BatchError:
    """One unreadable batch line; ``to_dict()`` is the JSON line the CLI prints for it."""

    line: int
    error: str

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "error": self.error}


def _raw_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes or None when longer than ``limit``, size); an over-long line is skipped
    in bounded reads instead of being held in memory."""
    n = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        n += 1
        if len(chunk) <= limit or chunk.endswith(b"\n"):
            yield n, chunk, len(chunk)
            continue
        size = len(chunk)
        while True:
            more = stream.readline(1 << 20)
            size += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield n, None, size


def parse_batch_line(n: int, raw: bytes, *, lang: str = "en") -> BatchItem | BatchError | None:
    """One line of a batch: a plain question, or a JSON object with "question" and optional "history"
    and "as_of". ``None`` for a blank line."""
    if n == 1 and raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return BatchError(n, text("cli.batch_utf8", lang, pos=exc.start + 1, reason=exc.reason))
    line = line.rstrip("\r\n")
    if not line.strip():
        return None
    try:
        if not line.lstrip().startswith("{"):
            return BatchItem(n, clean_question(line.strip(), lang=lang))
        try:
            item = json.loads(line)
        except RecursionError:
            return BatchError(n, text("cli.batch_nested", lang))
        except ValueError as exc:  # JSONDecodeError, and int() refusing a 5,000-digit number
            return BatchError(n, text("cli.batch_json", lang, reason=str(exc)[:200], example=_EXAMPLE))
        if not isinstance(item, dict):
            return BatchError(n, text("cli.batch_not_object", lang, kind=_kind(item)))
        return BatchItem(
            n,
            clean_question(item.get("question"), lang=lang),
            clean_history(item.get("history"), lang=lang),
            clean_as_of(item.get("as_of"), lang=lang),
        )
    except BadInput as exc:
        return BatchError(n, str(exc))


def read_batch(
    stream: BinaryIO, *, max_line_bytes: int = MAX_BATCH_LINE_BYTES, lang: str = "en"
) -> Iterator[BatchItem | BatchError]:
    """Every non-blank line of ``stream`` (opened in binary) as a ``BatchItem`` or a ``BatchError``.

    Line numbers count every line, blank ones included, so an error points at the line in an editor.
    """
    for n, raw, size in _raw_lines(stream, max_line_bytes):
        if raw is None:
            yield BatchError(n, text("cli.batch_too_long", lang, n=size, limit=max_line_bytes))
            continue
        parsed = parse_batch_line(n, raw, lang=lang)
        if parsed is not None:
            yield parsed
