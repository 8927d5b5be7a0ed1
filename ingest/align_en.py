"""Attach the English translation's cells to the Vietnamese task and indicator rows.

The English tables have gaps that swallow cells, row numbers and group headings. Cells after a gap
are the *tail* of the row just before the next visible row number (in Vietnamese order), and are
right-aligned to that row's slots; cells before a gap are its *head*, left-aligned. A field is only
attached when the row's anchors agree with the Vietnamese row: the deadline denotes the same period,
named agencies are the same bodies, numeric targets are equal. Otherwise nothing is attached:
a field is never taken from a neighbouring row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.deadlines import same_period, try_parse_deadline
from ingest.gazetteer import COLLECTIVES, Gazetteer
from ingest.models import Indicator, Task
from ingest.paragraphs import Paragraph
from ingest.parse_indicators import parse_target

ROW_NO = re.compile(r"^(\d{1,3})\.$")
GROUP_NO = re.compile(r"^([IVX]{1,4})\.$")
FOOTNOTE = re.compile(r"^\[(\d+)\]\s*(.+)$")


@dataclass
class EnRow:
    key: str  # task number or indicator id
    head: list[Paragraph] = field(default_factory=list)
    tail: list[Paragraph] = field(default_factory=list)
    complete: bool = True  # no gap inside the row


@dataclass
class AlignReport:
    tasks_total: int = 0
    name_en: int = 0
    output_en: int = 0
    deadline_en: int = 0
    lead_en: int = 0
    rejected: list[str] = field(default_factory=list)
    lines: dict[str, tuple[int, int]] = field(default_factory=dict)  # row key -> English source line span

    def as_dict(self) -> dict[str, object]:
        return {
            "tasks": self.tasks_total,
            "with_english_name": self.name_en,
            "with_english_output": self.output_en,
            "with_english_deadline": self.deadline_en,
            "with_english_lead": self.lead_en,
            "rejected_alignments": list(self.rejected),
        }


def _named(ids: list[str] | tuple[str, ...]) -> set[str]:
    return {i for i in ids if i not in COLLECTIVES}


def segment_rows(
    paras: list[Paragraph], order: list[str], is_marker, group_first: dict[str, int] | None = None
) -> tuple[dict[str, EnRow], dict[str, str]]:
    """Cut an English table into rows keyed like the Vietnamese ones, and collect group titles.

    ``order`` is the Vietnamese row order; ``is_marker(text, expected_after)`` recognises a row number.
    """
    rows: dict[str, EnRow] = {}
    groups: dict[str, str] = {}
    pos = {k: i for i, k in enumerate(order)}
    current: EnRow | None = None
    pending_tail: list[Paragraph] = []
    after_gap = False
    last_idx = -1
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.gap:
            if current is not None:
                current.complete = False
            current = None
            pending_tail = []
            after_gap = True
            i += 1
            continue
        g = GROUP_NO.match(p.text)
        marker = is_marker(p.text, last_idx)
        if g or marker or FOOTNOTE.match(p.text):
            if after_gap and pending_tail:
                # The tail belongs to the row just before this marker.
                if marker:
                    owner_idx = pos[marker] - 1
                elif g and group_first and g.group(1) in group_first:
                    owner_idx = group_first[g.group(1)] - 1
                else:
                    owner_idx = len(order) - 1  # the footnote ends the table
                if owner_idx >= 0 and owner_idx < len(order):
                    owner = rows.setdefault(order[owner_idx], EnRow(order[owner_idx], complete=False))
                    owner.tail = list(pending_tail)
                    owner.complete = False
            pending_tail = []
            after_gap = False
            if g:
                if i + 1 < len(paras) and not paras[i + 1].gap:
                    groups[g.group(1)] = paras[i + 1].text
                    i += 1
                current = None
            elif marker:
                current = rows.setdefault(marker, EnRow(marker))
                last_idx = pos[marker]
            else:
                current = None
            i += 1
            continue
        if after_gap:
            pending_tail.append(p)
        elif current is not None:
            current.head.append(p)
        i += 1
    if after_gap and pending_tail and order:
        owner = rows.setdefault(order[-1], EnRow(order[-1], complete=False))
        owner.tail = list(pending_tail)
    return rows, groups


def _slots_for_task(t: Task) -> list[str]:
    slots = ["name"] + ["sub"] * len(t.subitems_vi) + ["lead", "coord", "output"]
    if t.deadline.kind != "none":
        slots.append("deadline")
    return slots


def align_tasks(tasks: list[Task], paras: list[Paragraph], gaz: Gazetteer) -> tuple[list[Task], AlignReport]:
    order = [str(t.no) for t in tasks]

    def is_marker(text: str, last_idx: int) -> str | None:
        m = ROW_NO.match(text)
        if m and 1 <= int(m.group(1)) <= len(order) and int(m.group(1)) - 1 > last_idx:
            return m.group(1)
        return None

    # Skip to the first group heading: before it are the title and column headers.
    start = next((i for i, p in enumerate(paras) if GROUP_NO.match(p.text)), len(paras))
    group_first: dict[str, int] = {}
    for n, t in enumerate(tasks):
        group_first.setdefault(t.group, n)
    rows, groups = segment_rows(paras[start:], order, is_marker, group_first)
    report = AlignReport(tasks_total=len(tasks))
    out: list[Task] = []
    for t in tasks:
        row = rows.get(str(t.no))
        fields_en = _task_fields(t, row, gaz, report) if row else {}
        if fields_en and row is not None:
            cells = [c for c in (*row.head, *row.tail) if c.text]
            if cells:
                report.lines[str(t.no)] = (min(c.line for c in cells), max(c.end_line for c in cells))
        t2 = replace(
            t,
            group_title_en=groups.get(t.group),
            name_en=fields_en.get("name"),
            subitems_en=tuple(fields_en.get("sub", ())),
            lead_raw_en=fields_en.get("lead"),
            coordinating_raw_en=fields_en.get("coord"),
            output_en=fields_en.get("output"),
            deadline=replace(t.deadline, raw_en=fields_en.get("deadline")),
        )
        report.name_en += t2.name_en is not None
        report.output_en += t2.output_en is not None
        report.deadline_en += t2.deadline.raw_en is not None
        report.lead_en += t2.lead_raw_en is not None
        out.append(t2)
    return out, report


def _assign(slots: list[str], row: EnRow) -> list[tuple[str, str]] | None:
    """Pair English cells with slots: complete rows position by position, else head left, tail right."""
    # Trailing empty paragraphs are layout (an extra empty cell, the space before a footnote).
    head = _rstrip_empty([c.text for c in row.head])
    tail = _rstrip_empty([c.text for c in row.tail])
    if row.complete:
        cells = head
        if len(cells) == len(slots):
            return list(zip(slots, cells, strict=True))
        non_empty = [c for c in cells if c]
        if len(non_empty) == len([s for s in slots]):
            return list(zip(slots, non_empty, strict=True))
        return None  # unexplained shape: attach nothing
    pairs: list[tuple[str, str]] = []
    if head:
        if len(head) > len(slots):
            return None
        pairs += list(zip(slots[: len(head)], head, strict=True))
    if tail:
        if len(tail) > len(slots) - len(head):
            return None
        pairs += list(zip(slots[len(slots) - len(tail) :], tail, strict=True))
    return pairs


def _rstrip_empty(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _task_fields(t: Task, row: EnRow, gaz: Gazetteer, report: AlignReport) -> dict:
    found = _task_fields_checked(t, row, gaz, report)
    if found or not row.head:
        return found
    # The row's cells do not line up (an output split in two, a body the translation leaves out), but the
    # cell right after the visible row number is always the task's name: that much is safe to keep.
    first = row.head[0].text.strip()
    if len(first) >= 20 and try_parse_deadline(first) is None and gaz.try_resolve_cell(first) is None:
        report.rejected.append(f"task {t.no}: kept only the English name")
        return {"name": first, "sub": []}
    return {}


def _task_fields_checked(t: Task, row: EnRow, gaz: Gazetteer, report: AlignReport) -> dict:
    pairs = _assign(_slots_for_task(t), row)
    if pairs is None:
        report.rejected.append(f"task {t.no}: English cells do not fit the row's shape")
        return {}
    found: dict = {"sub": []}
    anchors_ok = 0
    for slot, text in pairs:
        if slot == "deadline":
            d = try_parse_deadline(text)
            if d is None or not same_period(d, t.deadline):
                report.rejected.append(f"task {t.no}: English deadline {text!r} != {t.deadline.raw!r}")
                return {}
            anchors_ok += 1
            found["deadline"] = text
        elif slot in ("lead", "coord"):
            if text in ("", "-"):
                if slot == "lead" or t.coordinating:
                    report.rejected.append(f"task {t.no}: empty English {slot} where Vietnamese has one")
                    return {}
                continue
            ids = gaz.try_resolve_cell(text)
            expected = t.lead if slot == "lead" else t.coordinating
            if ids is not None:
                if _named(ids) != _named(expected):
                    report.rejected.append(f"task {t.no}: English {slot} {text!r} names other bodies")
                    return {}
                anchors_ok += 1
            found[slot] = text
        elif slot == "sub":
            if text:
                found["sub"].append(text)
        elif text:
            found[slot] = text
    # Tail-only rows (number swallowed by a gap) need an anchor that agreed, or nothing is attached.
    if not row.head and anchors_ok == 0:
        report.rejected.append(f"task {t.no}: no anchor to confirm the English cells after a gap")
        return {}
    return found


def align_indicators(
    indicators: list[Indicator], paras: list[Paragraph], gaz: Gazetteer
) -> tuple[list[Indicator], list[str]]:
    order = [i.id for i in indicators]
    pos = {k: n for n, k in enumerate(order)}

    def is_marker(text: str, last_idx: int) -> str | None:
        # Targets are numbers too: a row number must be one of the next few ids in order.
        if text in pos and last_idx < pos[text] <= last_idx + 3:
            return text
        return None

    start = next((n for n, p in enumerate(paras) if p.text == "I"), len(paras))
    body = [p for p in paras[start:] if p.text not in ("I", "II") or p.gap]
    # Drop the horizon headings ("By 2030" + empty cells) which are not rows.
    body = [p for p in body if p.text not in ("By 2030", "By 2045")]
    rows, _ = segment_rows(_drop_heading_blanks(body), order, is_marker)
    rejected: list[str] = []
    out: list[Indicator] = []
    for ind in indicators:
        row = rows.get(ind.id)
        f: dict[str, str] = {}
        if row:
            # Rows with sub-rows carry only a name; their other cells are empty.
            slots = ["name", "unit", "target", "monitor"]
            row.head = [c for c in row.head if c.text]
            row.tail = [c for c in row.tail if c.text]
            expected_cells = [ind.name_vi, ind.unit_vi, ind.target_raw, ind.monitor_raw]
            slots = [s for s, v in zip(slots, expected_cells, strict=True) if v]
            row.complete = row.complete and len(row.head) == len(slots)
            pairs = _assign(slots, row) if (row.head or row.tail) else []
            ok = pairs is not None
            anchors = 0
            for slot, text in pairs or []:
                if slot == "monitor":
                    ids = gaz.try_resolve_cell(text)
                    if ids is not None and _named(ids) != _named(ind.monitor):
                        ok = False
                    anchors += ids is not None
                if slot == "target":
                    _comp, value, vmax = parse_target(text)
                    if value is not None and ind.value is not None and (value, vmax) != (ind.value, ind.value_max):
                        ok = False
                    anchors += value is not None
                f[slot] = text
            if not row.head and anchors == 0:
                ok = False
            if not ok:
                rejected.append(f"indicator {ind.id}: English cells do not match")
                f = {}
        out.append(
            replace(ind, name_en=f.get("name"), unit_en=f.get("unit"), target_en=f.get("target"),
                    monitor_raw_en=f.get("monitor"))
        )
    return out, rejected


def _drop_heading_blanks(paras: list[Paragraph]) -> list[Paragraph]:
    return [p for p in paras if p.gap or p.text]
