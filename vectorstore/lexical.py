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
    """BM25 scores precomputed per (token, document) in a CSC matrix; ``scores`` is read-only and safe to
    call from many threads.

    bm25s builds and saves the matrix; queries read its arrays with numpy alone, because importing bm25s
    (and scipy.sparse with it) cost a one-shot ``nq57 ask`` ~0.12 s of its ~0.8 s (issue 17). The sum is
    bm25s's own (``get_scores_from_ids`` for the "lucene" method, which has no non-occurrence term).
    """

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, vocab: dict[str, int],
                 n_docs: int) -> None:
        self._data, self._indices, self._indptr = data, indices, indptr
        self._vocab = vocab
        self.n_docs = n_docs
        self._bm25: object | None = None  # set by build(), which saves through bm25s

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        import bm25s

        corpus = [lexical_tokens(t) or ["\x00empty"] for t in texts]
        bm25 = bm25s.BM25(method=_METHOD)
        bm25.index(corpus, show_progress=False)
        sc = bm25.scores
        out = cls(np.asarray(sc["data"]), np.asarray(sc["indices"]), np.asarray(sc["indptr"]),
                  dict(bm25.vocab_dict), len(corpus))
        out._bm25 = bm25
        return out

    def save(self, path: Path) -> None:
        if self._bm25 is None:
            raise ValueError("a loaded lexical index is saved where it was built; rebuild it with `nq57 ingest`")
        path.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(path), show_progress=False)  # type: ignore[attr-defined]
        (path / _PARAMS).write_text(
            json.dumps({"schema": LEXICAL_SCHEMA, "n_docs": self.n_docs}), encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        meta = json.loads((path / _PARAMS).read_text(encoding="utf-8"))
        if meta.get("schema") != LEXICAL_SCHEMA:
            raise ValueError(f"lexical index schema {meta.get('schema')} != {LEXICAL_SCHEMA}")
        params = json.loads((path / "params.index.json").read_text(encoding="utf-8"))
        if params.get("method") != _METHOD:
            raise ValueError(f"lexical index method {params.get('method')!r} != {_METHOD!r}")
        n_docs = int(meta["n_docs"])
        data, indices, indptr = (np.load(path / f"{name}.csc.index.npy", allow_pickle=False)
                                 for name in ("data", "indices", "indptr"))
        vocab = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
        if not isinstance(vocab, dict) or int(params.get("num_docs", n_docs)) != n_docs \
                or not len(indptr) or len(data) != len(indices) or int(indptr[-1]) != len(data):
            raise ValueError("lexical index arrays do not agree with each other")
        return cls(data, indices, indptr, vocab, n_docs)

    def scores(self, query: str, mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every document for ``query``; documents outside ``mask`` score 0."""
        cols = len(self._indptr) - 1  # bm25s's vocabulary holds one id past its columns (the empty token)
        ids = [i for i in (self._vocab.get(t) for t in query_tokens(query)) if i is not None and i < cols]
        out = np.zeros(self.n_docs, dtype=np.float32)
        for t in ids:  # a repeated query token counts each time, as in bm25s
            a, b = self._indptr[t], self._indptr[t + 1]
            np.add.at(out, self._indices[a:b], self._data[a:b])
        if mask is not None:
            out *= mask.astype(np.float32)
        return out


_METHOD = "lucene"
