"""What language a query is in, as far as retrieval cares.

Vietnamese typed without diacritics ("bo y te chu tri") is common; the dense model cannot read it,
while the lexical index (folded syllables) matches it perfectly. A query without Vietnamese marks
counts as unaccented Vietnamese when more of its words occur only in the Vietnamese chunks than only
in the English ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ingest.textnorm import has_vietnamese_marks, words
from vectorstore.models import Chunk


@dataclass(frozen=True)
class QueryProfile:
    lang: Literal["vi", "en"]
    unaccented_vi: bool = False


@dataclass(frozen=True)
class QueryVocabulary:
    vi_only: frozenset[str]
    en_only: frozenset[str]

    @classmethod
    def from_chunks(cls, chunks: Iterable[Chunk]) -> QueryVocabulary:
        vi: set[str] = set()
        en: set[str] = set()
        for c in chunks:
            (vi if c.lang == "vi" else en).update(words(c.text))
        return cls(frozenset(vi - en), frozenset(en - vi))

    def profile(self, query: str) -> QueryProfile:
        if has_vietnamese_marks(query):
            return QueryProfile("vi")
        toks = words(query)
        vi = sum(t in self.vi_only for t in toks)
        en = sum(t in self.en_only for t in toks)
        if vi > en:
            return QueryProfile("vi", unaccented_vi=True)
        return QueryProfile("en")
