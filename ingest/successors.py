"""Which body carries a 03/NQ-CP assignment today: the successor map of the 2025 reorganisations.

The facts live in ``ingest/data/successors.json`` (data, with sources); this module loads them,
checks them against the gazetteer, and answers "as of" questions. Resolution 03/NQ-CP (Jan 2025)
names ministries merged from 1 March 2025 (Resolution 176/2025/QH15) and provinces merged from
1 July 2025 (Resolution 202/2025/QH15); the document's own wording always stays the primary answer,
successor information is added next to it.

Partial transfers (a function that went to another body, e.g. MIC's press functions -> MOCST) are
notes, not task lists: the task table does not say which tasks fall under the moved function, so
only the main successor inherits a predecessor's tasks unless a caller asks for ``include_partial``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ingest.errors import CorpusError
from ingest.gazetteer import Gazetteer
from ingest.models import Task

Role = Literal["lead", "coordinating", "any"]
KINDS = ("merged", "renamed", "split")
_FILE = "successors.json"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@dataclass(frozen=True)
class LegalSource:
    id: str  # "176/2025/QH15"
    label_en: str
    label_vi: str
    issuer_en: str
    issuer_vi: str
    title_en: str
    title_vi: str
    date: str  # adoption
    in_force: str
    operative_from: str
    source: str = ""


@dataclass(frozen=True)
class Change:
    """One body retired, renamed, or relieved of a function on ``date``."""

    predecessor: str
    successors: tuple[str, ...]  # main successor first; bodies that got only a function follow
    date: str  # ISO: the day the successor starts carrying the tasks
    legal_source: str  # "Resolution 176/2025/QH15"
    legal_source_vi: str  # "Nghị quyết 176/2025/QH15"
    legal_date: str  # ISO adoption date of the legal source
    kind: str  # merged | renamed | split
    note_en: str = ""
    note_vi: str = ""
    doc_id: str = ""  # "176/2025/QH15"
    partial: tuple[str, ...] = ()  # members of ``successors`` that received only a function (all, for a split)
    source: str = ""  # where the fact was checked (free text from the data file)

    @property
    def effective(self) -> date:
        return date.fromisoformat(self.date)

    @property
    def main_successor(self) -> str:
        return self.successors[0]

    @property
    def retires(self) -> bool:
        """True when the predecessor stops existing under its name (merged or renamed)."""
        return self.kind in ("merged", "renamed")

    def in_force(self, as_of: date) -> bool:
        return _day(as_of) >= self.effective


def _day(d: date) -> date:
    # datetime is a date subclass but does not compare with one; callers may pass either.
    return d.date() if isinstance(d, datetime) else d


def _iso(value: Any, what: str) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise CorpusError(f"{what}: {value!r} is not an ISO date like 2025-03-01", file=_FILE) from exc


class SuccessorMap:
    def __init__(self, changes: Sequence[Change], established: dict[str, str],
                 sources: dict[str, LegalSource], gazetteer: Gazetteer) -> None:
        self.changes: tuple[Change, ...] = tuple(changes)
        self.established = dict(established)
        self.sources = dict(sources)
        self.gazetteer = gazetteer
        self._validate()

    # -- loading ----------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None, gazetteer: Gazetteer | None = None) -> SuccessorMap:
        if path is None:
            raw = resources.files("ingest.data").joinpath(_FILE).read_text(encoding="utf-8")
        else:
            raw = path.read_text(encoding="utf-8")
        try:
            return cls._from_json(json.loads(raw), gazetteer or Gazetteer.load())
        except (ValueError, KeyError, TypeError) as exc:  # CorpusError from the checks passes through
            raise CorpusError(f"the successor map is malformed: {exc!r}", file=str(path or _FILE)) from exc

    @classmethod
    def _from_json(cls, data: dict[str, Any], gazetteer: Gazetteer) -> SuccessorMap:
        sources = {s["id"]: LegalSource(**{k: s.get(k, "") for k in LegalSource.__dataclass_fields__})
                   for s in data["legal_sources"]}
        established = {e["id"]: _iso(e["date"], f"established {e['id']}") for e in data.get("established", [])}
        changes: list[Change] = []
        for rec in data["changes"]:
            legal = sources.get(rec["legal"])
            if legal is None:
                raise CorpusError(f"change of {rec['predecessor']}: unknown legal source {rec['legal']!r}", file=_FILE)
            transfers = rec.get("transfers") or []
            if transfers and rec["kind"] == "split":
                raise CorpusError(f"split record of {rec['predecessor']} cannot carry transfers", file=_FILE)
            common = {
                "predecessor": rec["predecessor"],
                "date": _iso(rec["date"], f"change of {rec['predecessor']}"),
                "legal_source": legal.label_en,
                "legal_source_vi": legal.label_vi,
                "legal_date": _iso(legal.date, f"legal source {legal.id}"),
                "doc_id": legal.id,
            }
            notes_en = [rec.get("note_en", ""), *(t["note_en"] for t in transfers)]
            notes_vi = [rec.get("note_vi", ""), *(t["note_vi"] for t in transfers)]
            changes.append(Change(
                successors=(*rec["successors"], *(t["to"] for t in transfers)),
                kind=rec["kind"],
                note_en=" ".join(n for n in notes_en if n),
                note_vi=" ".join(n for n in notes_vi if n),
                # A split moves only a function, so all its receivers are partial successors.
                partial=tuple(rec["successors"]) if rec["kind"] == "split" else tuple(t["to"] for t in transfers),
                source=rec.get("source", ""),
                **common,
            ))
            # Each moved function is also a change of its own, so "what did MOH receive?" is answerable.
            for t in transfers:
                changes.append(Change(successors=(t["to"],), kind="split", note_en=t["note_en"],
                                      note_vi=t["note_vi"], partial=(t["to"],), source=t.get("source", ""),
                                      **common))
        return cls(changes, established, sources, gazetteer)

    def _validate(self) -> None:
        retired: dict[str, Change] = {}
        for c in self.changes:
            if c.kind not in KINDS:
                raise CorpusError(f"change of {c.predecessor}: kind {c.kind!r} is not one of {KINDS}", file=_FILE)
            if not c.successors:
                raise CorpusError(f"change of {c.predecessor} names no successor", file=_FILE)
            for agency_id in (c.predecessor, *c.successors):
                if agency_id not in self.gazetteer:
                    raise CorpusError(f"{agency_id!r} is not in the gazetteer (agencies.json)", file=_FILE)
            if c.predecessor in c.successors:
                raise CorpusError(f"{c.predecessor} cannot succeed itself", file=_FILE)
            if c.doc_id not in self.sources:
                raise CorpusError(f"change of {c.predecessor}: unknown legal source {c.doc_id!r}", file=_FILE)
            if c.retires:
                if c.main_successor in c.partial:
                    raise CorpusError(f"{c.predecessor}: the main successor cannot be a partial one", file=_FILE)
                if c.predecessor in retired:
                    raise CorpusError(f"{c.predecessor} is retired twice", file=_FILE)
                retired[c.predecessor] = c
        for agency_id in self.established:
            if agency_id not in self.gazetteer:
                raise CorpusError(f"established body {agency_id!r} is not in the gazetteer", file=_FILE)
        for start in retired:  # main-successor chains must end
            seen = {start}
            node = start
            while node in retired:
                node = retired[node].main_successor
                if node in seen:
                    raise CorpusError(f"successor chain from {start} loops back to {node}", file=_FILE)
                seen.add(node)

    # -- queries ----------------------------------------------------------------------------------
    def successor_of(self, agency_id: str, as_of: date) -> Change | None:
        """The change that retired or renamed this body, if it is in force at ``as_of``."""
        for c in self.changes:
            if c.retires and c.predecessor == agency_id and c.in_force(as_of):
                return c
        return None

    def absorbed_by(self, agency_id: str, as_of: date) -> list[Change]:
        """Changes through which this body took over whole predecessors (main successor only).

        Follows chains (if A went into B and B into this body, both changes are returned), in
        date order. Partial transfers are in :meth:`transfers_to`.
        """
        found: list[Change] = []
        todo = [agency_id]
        seen = {agency_id}
        while todo:
            target = todo.pop()
            for c in self.changes:
                if c.retires and c.main_successor == target and c.in_force(as_of) and c.predecessor not in seen:
                    found.append(c)
                    seen.add(c.predecessor)
                    todo.append(c.predecessor)
        order = {id(c): i for i, c in enumerate(self.changes)}
        return sorted(found, key=lambda c: (c.date, order[id(c)]))

    def predecessors_of(self, agency_id: str, as_of: date) -> list[str]:
        return [c.predecessor for c in self.absorbed_by(agency_id, as_of)]

    def transfers_to(self, agency_id: str, as_of: date) -> list[Change]:
        """Function transfers (kind "split") this body received, e.g. MOH <- MOLISA's social protection."""
        return [c for c in self.changes if c.kind == "split" and agency_id in c.successors and c.in_force(as_of)]

    def transfers_from(self, agency_id: str, as_of: date) -> list[Change]:
        """Functions this body handed to others (it may itself continue, e.g. MOHA -> MEMR religion)."""
        return [c for c in self.changes if c.kind == "split" and c.predecessor == agency_id and c.in_force(as_of)]

    def established_on(self, agency_id: str) -> date | None:
        d = self.established.get(agency_id)
        return date.fromisoformat(d) if d else None

    def exists_at(self, agency_id: str, as_of: date) -> bool:
        """New bodies exist from their date on; former bodies stop existing on their change date."""
        start = self.established_on(agency_id)
        if start is not None and _day(as_of) < start:
            return False
        return self.successor_of(agency_id, as_of) is None

    def current_body(self, agency_id: str, as_of: date) -> list[str]:
        """Responsible body ids at ``as_of`` for a document's agency: identity when unchanged,
        else the main successor, following chains. Collectives and unknown ids map to themselves."""
        node = agency_id
        seen = {node}
        while (c := self.successor_of(node, as_of)) is not None and c.main_successor not in seen:
            node = c.main_successor
            seen.add(node)
        return [node]

    def current_bodies(self, agency_ids: Iterable[str], as_of: date) -> list[str]:
        """``current_body`` over a task's lead/coordinating tuple, order kept, duplicates merged
        (("MARD", "MONRE") -> ["MAE"])."""
        out: list[str] = []
        for agency_id in agency_ids:
            for body in self.current_body(agency_id, as_of):
                if body not in out:
                    out.append(body)
        return out

    # -- citations and sentences --------------------------------------------------------------------
    def legal_citation(self, change: Change) -> dict[str, str]:
        """The legal source of a change, with a short statement in the map's own words (not a quote)."""
        src = self.sources[change.doc_id]
        legal_day = date.fromisoformat(change.legal_date)
        head_en = (f"Successor map: under {src.label_en} ({_en_date(legal_day, short=True)}), "
                   f"effective {_en_date(change.effective)}, ")
        head_vi = (f"Bảng kế thừa: theo {src.label_vi} (ngày {_vi_date(legal_day)}), "
                   f"từ ngày {_vi_date(change.effective)}, ")
        return {
            "doc_id": src.id,
            "label_en": src.label_en,
            "label_vi": src.label_vi,
            "title_en": f"{src.label_en} of the {src.issuer_en} {src.title_en}",
            "title_vi": f"{src.label_vi} của {src.issuer_vi} {src.title_vi}",
            "date": change.legal_date,
            "effective": change.date,
            "quote_en": head_en + self._statement(change, "en"),
            "quote_vi": head_vi + self._statement(change, "vi"),
        }

    def _statement(self, c: Change, lang: str) -> str:
        pred, succ = self._name(c.predecessor, lang), self._name(c.main_successor, lang)
        if c.kind == "split":
            note = c.note_vi if lang == "vi" else c.note_en
            return note[:1].lower() + note[1:]  # it follows "..., effective <date>, "
        province = self.gazetteer.get(c.predecessor).kind == "province"
        if lang == "vi":
            verb = "được tổ chức lại thành" if c.kind == "renamed" else ("được nhập vào" if province else
                                                                         "được hợp nhất vào")
            text = f"{pred} {verb} {succ}."
            return f"{text} {c.note_vi}" if c.partial and c.note_vi else text
        verb = "was reorganised as" if c.kind == "renamed" else "was merged into"
        text = f"{_the(pred)} {verb} {_the(succ)}."
        return f"{text} {c.note_en}" if c.partial and c.note_en else text

    def former_note(self, agency_id: str, as_of: date, lang: str = "en") -> str | None:
        """For a body that no longer exists at ``as_of``: who carries its tasks now."""
        c = self.successor_of(agency_id, as_of)
        if c is None:
            return None
        pred, succ = self._name(agency_id, lang), self._name(c.main_successor, lang)
        if lang == "vi":
            text = (f"Từ ngày {_vi_date(c.effective)}, {pred} không còn tồn tại với tên gọi này; "
                    f"nhiệm vụ của {pred} do {succ} đảm nhận ({c.legal_source_vi}).")
            return f"{text} {c.note_vi}" if c.note_vi else text
        text = (f"Since {_en_date(c.effective)} {_the(pred)} no longer exists under that name; "
                f"its tasks are carried by {_the(succ)} ({c.legal_source}).")
        return f"{text} {c.note_en}" if c.note_en else text

    def absorbed_note(self, change: Change, lang: str = "en") -> str:
        """"Since 1 March 2025 the Ministry of Science and Technology also carries the former Ministry
        of Information and Communications' tasks (Resolution 176/2025/QH15)."""
        pred, succ = self._name(change.predecessor, lang), self._name(change.main_successor, lang)
        if lang == "vi":
            return (f"Từ ngày {_vi_date(change.effective)}, {succ} đồng thời đảm nhận các nhiệm vụ của "
                    f"{pred} trước đây ({change.legal_source_vi}).")
        return (f"Since {_en_date(change.effective)} {_the(succ)} also carries the former "
                f"{_possessive(pred)} tasks ({change.legal_source}).")

    def new_body_note(self, agency_id: str, as_of: date, lang: str = "en") -> str | None:
        """For a body created after 03/NQ-CP: say it is new and whose tasks answer for it."""
        start = self.established_on(agency_id)
        changes = self.absorbed_by(agency_id, as_of)
        if start is None or not changes:
            return None
        name = self._name(agency_id, lang)
        names = [self._name(c.predecessor, lang) for c in changes]
        preds = _join(names if lang == "vi" else [_the(n) for n in names], lang)
        legal = _join(sorted({c.legal_source_vi if lang == "vi" else c.legal_source for c in changes}), lang)
        if lang == "vi":
            return (f"{_cap(name)} được thành lập từ ngày {_vi_date(start)} trên cơ sở {preds} ({legal}); "
                    f"Nghị quyết 03/NQ-CP (ngày 09/01/2025) ban hành trước đó, nên các nhiệm vụ dưới đây là "
                    f"nhiệm vụ Nghị quyết giao cho {preds}.")
        return (f"{_cap(_the(name))} was formed on {_en_date(start)} from {preds} ({legal}); "
                f"Resolution 03/NQ-CP (9 January 2025) predates it, so the tasks below are those it "
                f"assigns to these predecessors.")

    def _name(self, agency_id: str, lang: str) -> str:
        if agency_id not in self.gazetteer:
            return agency_id
        a = self.gazetteer.get(agency_id)
        if lang == "vi":
            if a.kind == "province" and not a.name_vi.lower().startswith("thành phố"):
                return f"tỉnh {a.name_vi}"
            return a.name_vi
        return a.name_en


# -- the tasks a body inherited ---------------------------------------------------------------------
def tasks_of_predecessors(tasks: Iterable[Task], agency_id: str, as_of: date, role: Role = "lead", *,
                          include_partial: bool = False, exclude_own: bool = True,
                          successor_map: SuccessorMap | None = None) -> dict[str, list[int]]:
    """Predecessor id -> numbers of the tasks 03/NQ-CP assigns it in ``role``, for the bodies
    ``agency_id`` absorbed by ``as_of``.

    Only predecessors with at least one such task appear (``absorbed_by`` lists them all). With
    ``exclude_own`` a task that already names ``agency_id`` in the same role is left out, since it
    is in the body's own list. ``include_partial`` adds the donors of function transfers (all their
    tasks: the table does not say which fall under the moved function).
    """
    smap = successor_map or default_map()
    tasks = list(tasks)
    donors = smap.predecessors_of(agency_id, as_of)
    if include_partial:
        donors += [c.predecessor for c in smap.transfers_to(agency_id, as_of) if c.predecessor not in donors]
    out: dict[str, list[int]] = {}
    for donor in donors:
        nos = sorted({t.no for t in tasks if donor in _role_ids(t, role)
                      and not (exclude_own and agency_id in _role_ids(t, role))})
        if nos:
            out[donor] = nos
    return out


def _role_ids(task: Task, role: Role) -> tuple[str, ...]:
    if role == "lead":
        return task.lead
    if role == "coordinating":
        return task.coordinating
    if role == "any":
        return task.lead + task.coordinating
    raise ValueError(f"role must be 'lead', 'coordinating' or 'any', not {role!r}")


@cache
def default_map() -> SuccessorMap:
    """The packaged map, loaded once per process."""
    return SuccessorMap.load()


# -- wording helpers -------------------------------------------------------------------------------
def _en_date(d: date, short: bool = False) -> str:
    month = _MONTHS[d.month - 1]
    return f"{d.day} {month[:3] if short else month} {d.year}"


def _vi_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _the(name: str) -> str:
    # "the Ministry of ...", but "Bac Giang province" and "Ho Chi Minh City" read better bare.
    return f"the {name}" if name.startswith(("Ministry", "Committee")) else name


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = " và " if lang == "vi" else " and "
    return ", ".join(items[:-1]) + word + items[-1]
