"""Which text each chunk's vector is embedded from, and which chunks get no vector at all.

Embedding is ~97 % of a cold build, so every embedded token counts (issue 17). Two rules:

- **Translation twins share one vector.** 03/NQ-CP's English version is aligned clause by clause
  with the official Vietnamese, and multilingual-e5 maps a clause and its translation close
  together. For the kinds in ``SHARED_KINDS`` one twin is embedded and the other stores its vector
  (``Chunk.vector_from``); dense search ranks that row as a vector of the embedded language (ranking
  it by its own language gave every shared clause a free cross-lingual boost) and gives it back the
  same-language advantage (``Fusion.twin_boost``). BM25 still indexes each language's own text. The
  English twin is the one embedded: it costs fewer tokens, and of the two directions measured it was
  the one that cost no clause-eval case (evals/bench_report.md). Task rows are not shared: either
  direction lost recall@5 on the questions in the other language.
- **Secondary sources are found by their words.** News summaries and the successor maps
  (``primary`` false) restate or rename what the resolutions say; they get no vector
  (``Chunk.dense`` false), BM25 finds them and its vote also fills their dense slot
  (``Fusion.impute_blind_dense``). Dropping their vectors changed no clause-eval outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from vectorstore.models import Chunk

SHARED_DOCS = frozenset({"03/NQ-CP"})
SHARED_KINDS = frozenset(
    {"point", "indicator", "item", "group", "article", "section", "preamble", "document", "appendix"}
)
EMBED_LANG = "en"  # the twin whose text is embedded for a shared pair


def _twin_key(c: Chunk) -> tuple[str, str, int, int]:
    return (c.doc_id, c.clause_id, c.part, c.n_parts)


def _shared(c: Chunk) -> bool:
    return c.dense and c.doc_id in SHARED_DOCS and c.kind in SHARED_KINDS


def plan_vectors(chunks: Sequence[Chunk]) -> list[Chunk]:
    """``chunks`` with ``dense`` and ``vector_from`` set by the two rules above.

    A pair shares only when both twins are split into the same number of parts, so part i of one is
    the translation of part i of the other.
    """
    planned = [c if c.primary else replace(c, dense=False) for c in chunks]
    source = {_twin_key(c): c.chunk_id for c in planned if c.lang == EMBED_LANG and _shared(c)}
    out = []
    for c in planned:
        twin = source.get(_twin_key(c)) if c.lang != EMBED_LANG and _shared(c) else None
        out.append(replace(c, vector_from=twin) if twin else c)
    return out


def embed_texts(chunks: Sequence[Chunk]) -> list[str | None]:
    """Row-aligned with ``chunks``: the text embedded for each chunk's vector (None: no vector)."""
    by_id = {c.chunk_id: c for c in chunks}
    return [None if not c.dense else (by_id[c.vector_from] if c.vector_from else c).embed_text for c in chunks]


def vector_langs(chunks: Sequence[Chunk]) -> list[str]:
    """Row-aligned with ``chunks``: the language each vector was embedded from ("" = no vector)."""
    lang = {c.chunk_id: c.lang for c in chunks}
    return ["" if not c.dense else lang[c.vector_from] if c.vector_from else c.lang for c in chunks]
