"""BM25 over folded syllables plus syllable bigrams (bm25s).

Vietnamese words are several syllables ("Bộ Y tế" = bộ + y + tế), typed with or without diacritics
and in any case. Folding makes "bo y te", "Bộ Y tế" and "BỘ Y TẾ" the same tokens; the bigrams
("bo_y", "y_te") reward the syllables appearing together, i.e. the word itself.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ingest.textnorm import words

_PARAMS = "nq57_lexical.json"
LEXICAL_SCHEMA = 1


def lexical_tokens(text: str) -> list[str]:
    syllables = words(text)
    return syllables + [f"{a}_{b}" for a, b in itertools.pairwise(syllables)]


# English question words that are never Vietnamese syllables once folded ("the", "do", "an", "to" are:
# thể, đó, an ninh, tổ). In a query they only add noise: "does the resolution mention blockchain" must
# rank on "blockchain", not on the bigrams "does_the" and "the_resolution" that every heading shares.
_QUERY_STOP = frozenset(
    ["does", "did", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "be", "been", "say", "says", "said", "mention", "mentions", "mentioned", "resolution", "resolutions", "about", "tell", "of", "and", "for", "with", "there", "any", "please", "according", "document", "documents", "anything", "something", "give", "show", "list", "describe", "explain"]
)


def query_tokens(text: str) -> list[str]:
    syllables = words(text)
    kept = [w for w in syllables if w not in _QUERY_STOP]
    bigrams = [f"{a}_{b}" for a, b in itertools.pairwise(syllables) if a not in _QUERY_STOP and b not in _QUERY_STOP]
    return (kept + bigrams) or lexical_tokens(text)


class LexicalIndex:
    """A bm25s index kept in memory; ``scores`` is read-only and safe to call from many threads."""

    def __init__(self, bm25: object, n_docs: int) -> None:
        self._bm25 = bm25
        self.n_docs = n_docs

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        import bm25s

        corpus = [lexical_tokens(t) or ["\x00empty"] for t in texts]
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        return cls(bm25, len(corpus))

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(path), show_progress=False)  # type: ignore[attr-defined]
        (path / _PARAMS).write_text(
            json.dumps({"schema": LEXICAL_SCHEMA, "n_docs": self.n_docs}), encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        import bm25s

        meta = json.loads((path / _PARAMS).read_text(encoding="utf-8"))
        if meta.get("schema") != LEXICAL_SCHEMA:
            raise ValueError(f"lexical index schema {meta.get('schema')} != {LEXICAL_SCHEMA}")
        bm25 = bm25s.BM25.load(str(path), show_progress=False)
        return cls(bm25, int(meta["n_docs"]))

    def scores(self, query: str, mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every document for ``query``; documents outside ``mask`` score 0."""
        ids = self._bm25.get_tokens_ids(query_tokens(query))  # type: ignore[attr-defined]
        if not ids:
            return np.zeros(self.n_docs, dtype=np.float32)
        weight = None if mask is None else mask.astype(np.float32)
        return np.asarray(self._bm25.get_scores_from_ids(ids, weight_mask=weight), dtype=np.float32)  # type: ignore[attr-defined]
