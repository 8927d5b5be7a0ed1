"""Text normalisation shared by the gazetteer, the lexical index and question understanding.

Vietnamese is written with diacritics, but staff type it with or without them and in any case;
``fold`` maps all of these to one form (lower case, no diacritics, đ -> d, single spaces).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")
_WORD = re.compile(r"[0-9a-z]+(?:[.,][0-9]+)*")


def clean(text: str) -> str:
    """NFC, no-break spaces and runs of whitespace collapsed to one space, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def is_blank(text: str) -> bool:
    return not clean(text)


class _FoldTable(dict):
    """``str.translate`` table: combining marks (category Mn) dropped, đ -> d, typographic quotes and dashes
    plain. Filled one character at a time as text is seen, so folding runs at C speed after the first
    occurrence of a character (a per-character Python loop was ~40 % of a passage answer, issue 17)."""

    def __missing__(self, ch: int) -> int | str | None:
        c = chr(ch)
        out: int | str | None = _FIXED.get(c, ch)
        if out == ch and unicodedata.category(c) == "Mn":
            out = None
        self[ch] = out
        return out


_FIXED = {"đ": "d", "ð": "d", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}
_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d), normalise whitespace and typographic quotes and dashes."""
    return clean(unicodedata.normalize("NFD", text.lower()).translate(_FOLD))


def words(text: str) -> list[str]:
    """Folded word tokens (syllables for Vietnamese); numbers like 11.1 or 2,5 stay whole."""
    return _WORD.findall(fold(text))


def has_vietnamese_marks(text: str) -> bool:
    """True when the text carries Vietnamese-specific letters or tone marks."""
    return any(ch in _VI_CHARS for ch in text.lower())


_VI_CHARS = set(
    "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
