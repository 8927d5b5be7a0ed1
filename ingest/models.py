"""The things that flow from ingestion to the rest of the system.

Plain dataclasses with ``to_dict``/``from_dict`` so artefacts round-trip through JSON.
Clause ids are language-neutral: the Vietnamese and English text of one clause share
``(doc_id, clause_id)`` and differ only in ``lang``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, Literal

Lang = Literal["vi", "en"]
DeadlineKind = Literal["month", "quarter", "year", "range", "from-year-onward", "ongoing", "annual", "none"]


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Document:
    """One language version of one source document (the bilingual file yields two)."""

    doc_id: str
    lang: Lang
    title: str
    primary: bool
    issuer: str
    date: str
    source_file: str
    source_note: str = ""
    kind: str = "resolution"  # resolution | news
    translation: bool = False
    line_start: int = 1  # 1-based, inclusive, within source_file
    line_end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Clause:
    """An addressable unit of a document: article, section, item, point, indicator, task, paragraph."""

    doc_id: str
    clause_id: str
    lang: Lang
    kind: str
    text: str
    title: str = ""
    trail: tuple[str, ...] = ()
    parent_id: str | None = None
    source_file: str = ""
    line_start: int = 0
    line_end: int = 0
    primary: bool = True
    gaps: int = 0  # translation gaps (elided text) inside this clause

    @property
    def citation_id(self) -> str:
        return f"{self.doc_id}:{self.clause_id}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["trail"] = list(self.trail)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        data = dict(data)
        data["trail"] = tuple(data.get("trail", ()))
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Deadline:
    raw: str
    kind: DeadlineKind
    due: str | None = None  # ISO date: last day of the period
    start: str | None = None  # ISO date: first day of the period
    raw_en: str | None = None

    @property
    def due_date(self) -> date | None:
        return date.fromisoformat(self.due) if self.due else None

    @property
    def start_date(self) -> date | None:
        return date.fromisoformat(self.start) if self.start else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deadline:
        return _from_dict(cls, data)


TASK_FIELD_LINES = 4  # task_text ends with these: lead, coordinating, output, deadline


def task_name_part(text: str) -> str:
    """A task row's clause text without its field lines: the task and its sub-items, what a quote shows
    (the fields are shown as fields)."""
    lines = text.split("\n")
    return "\n".join(lines[:-TASK_FIELD_LINES]) if len(lines) > TASK_FIELD_LINES else text


@dataclass(frozen=True)
class Task:
    """One row of 03/NQ-CP Appendix II."""

    no: int
    group: str  # roman numeral I..VII
    group_title_vi: str
    group_title_en: str | None
    name_vi: str
    name_en: str | None
    lead: tuple[str, ...]
    lead_raw: str
    coordinating: tuple[str, ...]
    coordinating_raw: str
    output_vi: str | None
    output_en: str | None
    deadline: Deadline
    subitems_vi: tuple[str, ...] = ()
    subitems_en: tuple[str, ...] = ()
    lead_raw_en: str | None = None
    coordinating_raw_en: str | None = None
    footnotes: tuple[str, ...] = ()
    line_start: int = 0
    line_end: int = 0

    @property
    def clause_id(self) -> str:
        return f"appendix-II.{self.no}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("lead", "coordinating", "subitems_vi", "subitems_en", "footnotes"):
            d[k] = list(d[k])
        d["deadline"] = self.deadline.to_dict()
        d["clause_id"] = self.clause_id
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Task:
        data = dict(data)
        for k in ("lead", "coordinating", "subitems_vi", "subitems_en", "footnotes"):
            data[k] = tuple(data.get(k) or ())
        data["deadline"] = Deadline.from_dict(data["deadline"])
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Indicator:
    """One row (numbered indicator or sub-row) of 03/NQ-CP Appendix I."""

    id: str  # "32", "11.1"
    horizon: int  # 2030 | 2045
    name_vi: str
    name_en: str | None
    unit_vi: str | None
    unit_en: str | None
    target_raw: str | None
    target_en: str | None
    comparator: str | None  # ">=", "<=", "=", "range" or None
    value: float | None
    value_max: float | None
    monitor: tuple[str, ...]
    monitor_raw: str | None
    monitor_raw_en: str | None = None
    parent: str | None = None
    line_start: int = 0
    line_end: int = 0

    @property
    def clause_id(self) -> str:
        return f"appendix-I.{self.id}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["monitor"] = list(self.monitor)
        d["clause_id"] = self.clause_id
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Indicator:
        data = dict(data)
        data["monitor"] = tuple(data.get("monitor") or ())
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Agency:
    """A gazetteer entry: one body, or one collective assignment ("all ministries, sectors and localities")."""

    id: str
    name_vi: str
    name_en: str
    kind: str  # ministry | agency | party | state | media | collective | province | other
    aliases: tuple[str, ...] = ()
    abbrev: str | None = None  # the English abbreviation people type
    note: str = ""
    exists_from: str | None = None  # ISO date the body came into being (new bodies only)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agency:
        data = dict(data)
        data["aliases"] = tuple(data.get("aliases") or ())
        return _from_dict(cls, data)


@dataclass
class KnowledgeBase:
    """Everything ingestion produces; the assistant and the index read only this."""

    documents: list[Document] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    corpus_hash: str = ""
    links: list[Link] = field(default_factory=list)  # 03/NQ-CP -> 57-NQ/TW (ingest/links.py)


LinkKind = Literal["implements", "measures", "restates"]


@dataclass(frozen=True)
class Link:
    """One cross-document link: a 03/NQ-CP clause (group, point, task, indicator) -> a 57-NQ/TW clause.

    ``evidence`` says what made the link, each entry a dict with at least ``kind`` (``order``,
    ``title-overlap``, ``group-title``, ``structure``, ``number-unit``, ``text-overlap``, ``reviewed``)
    and ``score`` (0..1); ``sentence`` is the 57-NQ/TW sentence the link rests on when there is one.
    """

    from_ref: str  # "03/NQ-CP:appendix-II.110"
    to_ref: str  # "57-NQ/TW:III.5"
    kind: LinkKind
    evidence: tuple[dict[str, Any], ...] = ()
    source: str = "derived"  # derived (structure and text) | reviewed (ingest/data/links_reviewed.json)

    @property
    def score(self) -> float:
        return min((float(e.get("score", 1.0)) for e in self.evidence), default=1.0)

    def to_dict(self) -> dict[str, Any]:
        return {"from_ref": self.from_ref, "to_ref": self.to_ref, "kind": self.kind,
                "evidence": [dict(e) for e in self.evidence], "source": self.source}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        data = dict(data)
        data["evidence"] = tuple(dict(e) for e in data.get("evidence") or ())
        return _from_dict(cls, data)
