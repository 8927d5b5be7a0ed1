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


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d), normalise whitespace and typographic quotes and dashes."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("ð", "d")
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
    return clean(text)


def words(text: str) -> list[str]:
    """Folded word tokens (syllables for Vietnamese); numbers like 11.1 or 2,5 stay whole."""
    return _WORD.findall(fold(text))


def has_vietnamese_marks(text: str) -> bool:
    """True when the text carries Vietnamese-specific letters or tone marks."""
    return any(ch in _VI_CHARS for ch in text.lower())


_VI_CHARS = set(
    "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
