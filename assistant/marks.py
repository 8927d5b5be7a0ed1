"""Vietnamese syllables read with their marks when the asker typed them.

Folded, "tháo" (remove) and "thao" (of "thể thao", sport), "chí" and "chi", "điện" and "diễn" are one word:
a question typed with marks that asks about "thể thao điện tử" was matched by "tháo gỡ thể chế". A syllable
the question writes with marks is held by a Vietnamese text only where the text writes it the same way
(the tone may sit on either vowel: "hóa" is "hoá"). A question typed without marks is read folded, as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from ingest.textnorm import fold, has_vietnamese_marks

_TOKEN = re.compile(r"[\wÀ-ỹ]+")
_KEY = "marked_syllables"  # in a Unit's cache

Key = tuple[str, tuple[str, ...]]


def syllable_key(syllable: str) -> Key:
    """A syllable's letters and its marks wherever the tone sits ("hóa" and "hoá" are one syllable)."""
    nfd = unicodedata.normalize("NFD", syllable.lower())
    return fold(syllable), tuple(sorted(ch for ch in nfd if unicodedata.combining(ch)))


def question_marks(text: str) -> Mapping[str, frozenset[Key]]:
    """For a question typed with marks: each folded syllable → how the question writes it. Empty otherwise."""
    if not has_vietnamese_marks(text):
        return {}
    out: dict[str, set[Key]] = {}
    for tok in _TOKEN.findall(text):
        if tok.isalpha() and not tok.isupper():  # "CSDL", "R&D": shorthand, read as typed
            out.setdefault(fold(tok), set()).add(syllable_key(tok))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=4096)
def text_keys(text: str) -> frozenset[Key]:
    return frozenset(syllable_key(t) for t in _TOKEN.findall(text))


def held(term: str, text: str, cache: dict[str, object] | None, asked: Mapping[str, frozenset[Key]]) -> bool:
    """Whether a Vietnamese text writes ``term`` as the question does (True for a term the question does not
    write with marks, or a question without any)."""
    want = asked.get(term)
    if not want:
        return True
    keys = cache.get(_KEY) if cache is not None else None
    if keys is None:
        keys = text_keys(text)
        if cache is not None:
            cache[_KEY] = keys
    return not want.isdisjoint(keys)
