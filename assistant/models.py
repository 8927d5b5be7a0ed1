"""What the assistant returns: an ``Answer`` with its ``Citation`` objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Lang = Literal["vi", "en"]


@dataclass(frozen=True)
class Citation:
    doc_id: str
    clause_id: str
    label: str  # human label in the answer's language, e.g. "Nghị quyết 03/NQ-CP, Phụ lục II, nhiệm vụ 110"
    lang: Lang  # language of the quoted text
    quote: str

    @property
    def ref(self) -> str:
        return f"{self.doc_id}:{self.clause_id}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    question: str
    language: Lang
    answer: str  # Markdown
    tasks: list[int] = field(default_factory=list)
    related_tasks: list[int] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    # Not part of the public JSON contract but useful to the UI, evals and logs.
    route: str = ""  # table | passage | both | refusal | not-found | bad-input | lookup
    path: str = "deterministic"  # deterministic | llm
    retrieved: list[str] = field(default_factory=list)  # citation ids of retrieved clauses, best first
    removed: list[str] = field(default_factory=list)  # sentences the LLM verifier removed
    notes: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)  # conversation state for follow-ups
    rule: str = ""  # the routing rule that produced the answer (assistant/routing/rules.py)
    frame: dict[str, Any] = field(default_factory=dict)  # what understanding decided about the question
    elapsed_ms: float = 0.0
    # Cross-document links shown (03/NQ-CP -> 57-NQ/TW), each with its kind and evidence (Link.to_dict()).
    links: list[dict[str, Any]] = field(default_factory=list)
    # Passage answers (issue 14): the one-line direct answer, and whether the answer abstained
    # ("the documents do not state it exactly") while still showing the closest passages.
    direct: str = ""
    abstained: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "language": self.language,
            "answer": self.answer,
            "tasks": list(self.tasks),
            "related_tasks": list(self.related_tasks),
            "indicators": list(self.indicators),
            "citations": [c.to_dict() for c in self.citations],
            "refused": self.refused,
            "route": self.route,
            "rule": self.rule,
            "frame": dict(self.frame),
            "path": self.path,
            "retrieved": list(self.retrieved),
            "removed": list(self.removed),
            "elapsed_ms": round(self.elapsed_ms, 2),
            "links": [dict(lk) for lk in self.links],
            "direct": self.direct,
            "abstained": self.abstained,
        }
