"""What answer handlers may use: the read-only data of one loaded assistant, and the turn being answered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from assistant import guard
from assistant.citations import ClauseIndex
from assistant.understanding.followup import ConvState
from assistant.understanding.frame import QuestionFrame
from ingest.gazetteer import Gazetteer
from ingest.models import KnowledgeBase
from ingest.settings import Settings


@dataclass
class AnswerContext:
    """The knowledge base and the services over it. Handlers read it; nothing here changes per question."""

    kb: KnowledgeBase
    settings: Settings
    index: ClauseIndex
    gazetteer: Gazetteer
    vocabulary: guard.DomainVocabulary
    retriever: Any | None = None
    successors: Any | None = None
    doc_facts: list = field(default_factory=list)

    @cached_property
    def mentions(self) -> dict[tuple[str, str], list[str]]:
        """(doc, agency) -> body clauses that name the agency; built on first use (few questions need it)."""
        out: dict[tuple[str, str], list[str]] = {}
        for c in self.kb.clauses:
            if c.doc_id not in ("03/NQ-CP", "57-NQ/TW") or c.clause_id.startswith("appendix") or c.kind == "document":
                continue
            for m in self.gazetteer.find_mentions(c.text, recipients=True):
                ids = out.setdefault((c.doc_id, m.agency_id), [])
                if c.clause_id not in ids:
                    ids.append(c.clause_id)
        return out


@dataclass(frozen=True)
class Turn:
    """One question being answered: its frame, the conversation before it, and the date it is asked on."""

    frame: QuestionFrame
    state: ConvState
    as_of: date
