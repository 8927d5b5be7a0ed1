"""What the retrieval layer stores and returns: chunks, hits and build reports."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BuildStatus = Literal["built", "up-to-date"]
SearchMode = Literal["hybrid", "dense", "lexical"]


@dataclass(frozen=True)
class Chunk:
    """A piece of exactly one clause in one language, ready to embed and index.

    ``text`` is the clause text (or one sentence-aligned part of it); ``header`` names the document
    and section path so that a bare "b) ..." point still carries its context when embedded.
    """

    chunk_id: str
    doc_id: str
    clause_id: str
    lang: str
    kind: str
    text: str
    header: str
    trail: tuple[str, ...] = ()
    primary: bool = True
    title: str = ""
    part: int = 0  # 0-based index of this part within its clause
    n_parts: int = 1
    source_file: str = ""
    line_start: int = 0
    line_end: int = 0
    # The header the embedder sees when it differs from ``header`` ("" for table rows, whose text
    # opens with "Task N:" already); None: the full header. BM25 always indexes the full header.
    dense_header: str | None = None
    # How the chunk gets its vector (vectorstore/vector_plan.py): ``dense`` false means none (BM25 alone
    # finds it; its row of the vector matrix is zeros); ``vector_from`` names the translation twin whose
    # embed text gives this chunk its vector ("" = its own). Dense search ranks a row in the language its
    # vector was embedded from.
    dense: bool = True
    vector_from: str = ""

    @property
    def citation_id(self) -> str:
        return f"{self.doc_id}:{self.clause_id}"

    @property
    def embed_text(self) -> str:
        """What the embedder sees: the (dense) header line, then the text."""
        header = self.header if self.dense_header is None else self.dense_header
        return f"{header}\n{self.text}" if header else self.text

    @property
    def lexical_text(self) -> str:
        """What the lexical index sees: the full header line, then the text."""
        return f"{self.header}\n{self.text}" if self.header else self.text

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["trail"] = list(self.trail)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        data = dict(data)
        data["trail"] = tuple(data.get("trail") or ())
        return cls(**data)


@dataclass
class Hit:
    """One retrieved clause; the Vietnamese and English twins of a clause are one hit."""

    doc_id: str
    clause_id: str
    kind: str
    score: float
    primary: bool
    trail: tuple[str, ...]
    title: str
    texts: dict[str, str]  # lang -> full clause text; both twins when both exist
    chunk_text: str  # the best-matching chunk's text
    chunk_lang: str
    chunk_id: str = ""
    dense_rank: int | None = None  # 1-based rank of the clause in the dense list, if present
    lexical_rank: int | None = None
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def citation_id(self) -> str:
        return f"{self.doc_id}:{self.clause_id}"

    @property
    def text(self) -> str:
        """The matched language's full clause text (falls back to any twin)."""
        return self.texts.get(self.chunk_lang) or next(iter(self.texts.values()), self.chunk_text)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["trail"] = list(self.trail)
        d["citation_id"] = self.citation_id
        return d


@dataclass(frozen=True)
class BuildReport:
    status: BuildStatus
    n_chunks: int
    n_embedded: int
    n_cached: int
    seconds: float
    index_path: str
    version: str = ""
    embedder: str = ""
    repaired: tuple[str, ...] = ()  # damaged artefacts of the previous version this build replaced
    n_lexical_only: int = 0  # chunks with no vector (vector_plan.py); with the two above they make n_chunks

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        if self.status == "up-to-date":
            return f"Search index is up to date ({self.n_chunks} chunks, {self.seconds:.2f} s)."
        return (
            f"Search index built: {self.n_chunks} chunks ({self.n_embedded} embedded, "
            f"{self.n_cached} from cache, {self.n_lexical_only} searched by words only) in {self.seconds:.1f} s"
            f" -> {self.index_path}"
        )
