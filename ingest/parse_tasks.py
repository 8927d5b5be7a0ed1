"""03/NQ-CP Appendix II (Vietnamese): the 140-row task table, from its flattened cells.

Each table cell is its own paragraph. A row is: number ("12."), name, optional sub-items
("- …" or "(1) …"), lead, coordinating, output, deadline. Real rows deviate (a cell split over
two paragraphs, an extra empty paragraph, no output or deadline), so cells are classified by
what they are (agency list, deadline) rather than counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.deadlines import try_parse_deadline
from ingest.errors import CorpusError
from ingest.gazetteer import Gazetteer
from ingest.models import Deadline, Task
from ingest.paragraphs import Paragraph

ROW_NO = re.compile(r"^(\d{1,3})\.$")
GROUP_NO = re.compile(r"^([IVX]{1,4})\.$")
FOOTNOTE = re.compile(r"^\[(\d+)\]\s*(.+)$")
SUBITEM = re.compile(r"^(?:-\s+\S|\(\d+\)\s*\S|[a-zđ]\)\s+\S)")


@dataclass
class RawRow:
    no: int
    group: str
    line: int
    cells: list[Paragraph] = field(default_factory=list)


@dataclass
class RawGroup:
    roman: str
    title: str
    line: int


def split_rows(paras: list[Paragraph], file: str) -> tuple[list[RawGroup], list[RawRow], list[Paragraph]]:
    """Cut the table's paragraphs into group headings, rows and footnotes; check numbering."""
    groups: list[RawGroup] = []
    rows: list[RawRow] = []
    footnotes: list[Paragraph] = []
    current: RawRow | None = None
    i = 0
    # Skip the title and header cells: the table starts at the first group heading.
    while i < len(paras) and not GROUP_NO.match(paras[i].text):
        i += 1
    if i == len(paras):
        raise CorpusError(
            "Appendix II has no group heading (expected 'I.')", file=file, line=paras[0].line if paras else 0
        )
    while i < len(paras):
        p = paras[i]
        if p.gap:
            raise CorpusError("unexpected translation gap inside the official table", file=file, line=p.line)
        g = GROUP_NO.match(p.text)
        r = ROW_NO.match(p.text)
        f = FOOTNOTE.match(p.text)
        if g:
            title = paras[i + 1].text if i + 1 < len(paras) else ""
            if not title:
                raise CorpusError(f"group {g.group(1)} has no title", file=file, line=p.line)
            groups.append(RawGroup(g.group(1), title, p.line))
            current = None
            i += 2
            continue
        if r:
            no = int(r.group(1))
            expected = rows[-1].no + 1 if rows else 1
            if no != expected:
                raise CorpusError(
                    f"task numbers not consecutive: expected {expected}, found {no}", file=file, line=p.line
                )
            if not groups:
                raise CorpusError(f"task {no} comes before any group heading", file=file, line=p.line)
            current = RawRow(no, groups[-1].roman, p.line)
            rows.append(current)
        elif f:
            footnotes.append(p)
            current = None
        elif current is not None:
            current.cells.append(p)
        elif p.text:
            raise CorpusError(f"text outside any task row: {p.text[:60]!r}", file=file, line=p.line)
        i += 1
    return groups, rows, footnotes


def _strip_trailing_empty(cells: list[Paragraph]) -> list[Paragraph]:
    out = list(cells)
    while out and (out[-1].empty or out[-1].text == ""):
        out.pop()
    return out


def _is_blank_cell(p: Paragraph) -> bool:
    return p.text in ("", "-", "–")


def classify_row(row: RawRow, gaz: Gazetteer, file: str) -> dict:
    """Assign a row's cells to fields; raise CorpusError naming the row when they don't fit."""
    cells = list(row.cells)
    if not cells or not cells[0].text:
        raise CorpusError(f"task {row.no} has no name", file=file, line=row.line)
    name = cells[0]
    i = 1
    subitems: list[Paragraph] = []
    while i < len(cells) and SUBITEM.match(cells[i].text) and gaz.try_resolve_cell(cells[i].text) is None:
        subitems.append(cells[i])
        i += 1
    if i >= len(cells) or _is_blank_cell(cells[i]):
        raise CorpusError(
            f"task {row.no} has no lead agency", file=file, line=cells[min(i, len(cells) - 1)].line
        )
    lead_cell = cells[i]
    lead = gaz.resolve_cell(lead_cell.text, file=file, line=lead_cell.line)
    rest = _strip_trailing_empty(cells[i + 1 :])
    deadline = Deadline(raw="", kind="none")
    deadline_cell: Paragraph | None = None
    if rest:
        parsed = try_parse_deadline(rest[-1].text)
        if parsed is not None and parsed.kind != "none":
            deadline, deadline_cell = parsed, rest[-1]
            rest = _strip_trailing_empty(rest[:-1])
    coord: list[str] = []
    coord_cells: list[Paragraph] = []
    if rest:
        first = rest[0]
        if _is_blank_cell(first):
            rest = rest[1:]
        else:
            ids = gaz.try_resolve_cell(first.text)
            if ids is None and len(rest) > 1:
                # A coordinating cell that does not resolve is an error, not an output.
                gaz.resolve_cell(first.text, file=file, line=first.line)
            if ids is not None:
                coord.extend(ids)
                coord_cells.append(first)
                rest = rest[1:]
                # A coordinating cell split over two paragraphs (task 11).
                while len(rest) > 1 and rest[0].text and (more := gaz.try_resolve_cell(rest[0].text)):
                    coord.extend(x for x in more if x not in coord)
                    coord_cells.append(rest[0])
                    rest = rest[1:]
    output_cells = [c for c in rest if c.text]
    output = " ".join(c.text for c in output_cells) or None
    last_line = max([c.end_line for c in cells if c.text] or [row.line])
    return {
        "name": name.text,
        "subitems": [s.text for s in subitems],
        "lead": lead,
        "lead_raw": lead_cell.text,
        "coordinating": coord,
        "coordinating_raw": "; ".join(c.text for c in coord_cells),
        "output": output,
        "deadline": deadline,
        "deadline_line": deadline_cell.line if deadline_cell else None,
        "line_end": last_line,
    }


def parse_task_table(
    paras: list[Paragraph], gaz: Gazetteer, file: str, expected_rows: int = 140
) -> list[Task]:
    groups, rows, footnotes = split_rows(paras, file)
    if expected_rows and len(rows) != expected_rows:
        last = rows[-1].line if rows else 0
        raise CorpusError(
            f"Appendix II has {len(rows)} task rows, expected {expected_rows}", file=file, line=last
        )
    titles = {g.roman: g.title for g in groups}
    notes = {FOOTNOTE.match(p.text).group(1): p.text for p in footnotes}  # type: ignore[union-attr]
    tasks: list[Task] = []
    for row in rows:
        f = classify_row(row, gaz, file)
        marks = re.findall(r"\[(\d+)\]", f["name"])
        tasks.append(
            Task(
                no=row.no,
                group=row.group,
                group_title_vi=titles[row.group],
                group_title_en=None,
                name_vi=f["name"],
                name_en=None,
                lead=tuple(f["lead"]),
                lead_raw=f["lead_raw"],
                coordinating=tuple(f["coordinating"]),
                coordinating_raw=f["coordinating_raw"],
                output_vi=f["output"],
                output_en=None,
                deadline=f["deadline"],
                subitems_vi=tuple(f["subitems"]),
                footnotes=tuple(notes[m] for m in marks if m in notes),
                line_start=row.line,
                line_end=f["line_end"],
            )
        )
    return tasks

