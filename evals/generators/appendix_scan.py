"""A deliberately simple, independent scan of 03/NQ-CP Appendix I and II (Vietnamese text).

Gold expectations must not come from the project's own parser, so this module re-reads the raw
file with the crudest rules that work: every non-blank line is one table cell (a line holding only
spaces / no-break spaces is an empty cell), a row starts at a line ``N.`` holding the next task
number, and a row's cells run until the next row number, group heading or footnote. Rows whose
cell count is not the regular 4 (lead, coordinating, output, deadline) after the name and its
bullets must be laid out by hand in ``IRREGULAR`` - each with the line numbers it was checked at -
so nothing irregular is guessed silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_FILE = "004_7ab47f71d36a34c5.txt"
APPENDIX_I = "PHỤ LỤC I"
APPENDIX_II = "PHỤ LỤC II"
ENGLISH_START = "THE GOVERNMENT"

_ROW_NO = re.compile(r"^(\d{1,3})\.$")
_GROUP = re.compile(r"^(I|II|III|IV|V|VI|VII)\.$")
_BULLET = re.compile(r"^(-\s|\(\d+\)\s)")

# Rows whose cells do not line up as name, lead, coordinating, output, deadline. Each entry gives the
# role of every cell after the name (and its bullets), in order; hand-checked against the file.
IRREGULAR: dict[int, tuple[str, ...]] = {
    # lines 1048-1060: an extra empty paragraph (1056) between coordinating (1054) and output (1058)
    8: ("lead", "coordinating", "skip", "output", "deadline"),
    # lines 1086-1098: coordinating cell split over two paragraphs ("Bộ Khoa học và Công nghệ" 1092 /
    # "Các bộ, ngành, địa phương" 1094); read as coordinating, not a second lead, which gives MOST the 20
    # lead tasks the lead engineer's brief states (as lead it would be 21)
    11: ("lead", "coordinating", "coordinating", "output", "deadline"),
    # lines 1502-1512: no output, no deadline (only lead 1506 and coordinating 1508 are filled)
    42: ("lead", "coordinating", "skip", "skip"),
    # lines 1862-1874: output cell split over two paragraphs (1870 "Hoàn thành các CSDL quốc gia;" / 1872)
    71: ("lead", "coordinating", "output", "output", "deadline"),
}


def fold(text: str) -> str:
    """Lower case, no diacritics, đ -> d, single spaces (own copy: the generator shares no code with ingest)."""
    text = unicodedata.normalize("NFD", text.replace("\u00a0", " ").lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").replace("đ", "d")
    return " ".join(text.split())


@dataclass
class Row:
    no: int
    line: int  # line of the "N." cell
    group: str
    name: str
    subitems: list[str] = field(default_factory=list)
    lead: str = ""
    coordinating: str = ""
    output: str = ""
    deadline: str = ""
    lead_line: int = 0
    deadline_line: int = 0
    end_line: int = 0


@dataclass
class IndicatorRow:
    id: str
    line: int
    horizon: int
    name: str
    unit: str
    target: str
    monitor: str


def corpus_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "corpus"


def read_lines(path: Path | None = None) -> list[str]:
    path = path or corpus_dir() / CORPUS_FILE
    return path.read_text(encoding="utf-8").split("\n")


def _cells(lines: list[str], start: str, end: str) -> list[tuple[int, str]]:
    """(1-based line, stripped text) for every non-blank line between two exact marker lines."""
    begin = next(i for i, ln in enumerate(lines) if ln.strip() == start)
    stop = next(i for i, ln in enumerate(lines) if i > begin and ln.strip() == end)
    out: list[tuple[int, str]] = []
    for i in range(begin + 1, stop):
        if lines[i] == "":
            continue
        out.append((i + 1, " ".join(lines[i].replace("\u00a0", " ").split())))
    return out


def scan_tasks(lines: list[str] | None = None) -> dict[int, Row]:
    lines = lines or read_lines()
    cells = _cells(lines, APPENDIX_II, ENGLISH_START)
    rows: dict[int, Row] = {}
    group = ""
    i = 0
    while i < len(cells):
        line, text = cells[i]
        g = _GROUP.match(text)
        if g:
            group = g.group(1)
            i += 1
            continue
        m = _ROW_NO.match(text)
        if not m or int(m.group(1)) != len(rows) + 1:
            i += 1
            continue
        no = int(m.group(1))
        j = i + 1
        body: list[tuple[int, str]] = []
        while j < len(cells):
            t = cells[j][1]
            nxt = _ROW_NO.match(t)
            if (nxt and int(nxt.group(1)) == no + 1) or _GROUP.match(t) or t.startswith("[1]"):
                break
            body.append(cells[j])
            j += 1
        rows[no] = _layout(no, line, group, body)
        i = j
    return rows


def _layout(no: int, line: int, group: str, body: list[tuple[int, str]]) -> Row:
    row = Row(no=no, line=line, group=group, name=body[0][1], end_line=body[-1][0])
    k = 1
    while k < len(body) and _BULLET.match(body[k][1]):
        row.subitems.append(body[k][1])
        k += 1
    rest = body[k:]
    while rest and rest[-1][1] == "":
        rest.pop()  # trailing empty paragraphs (e.g. after task 140) carry nothing
    roles = IRREGULAR.get(no)
    if roles is None:
        if len(rest) != 4:
            raise ValueError(f"task {no} (line {line}): {len(rest)} cells after the name; add it to IRREGULAR")
        roles = ("lead", "coordinating", "output", "deadline")
    if no in IRREGULAR:
        rest = body[k:][: len(roles)]
    if len(rest) != len(roles):
        raise ValueError(f"task {no} (line {line}): layout {roles} does not fit {len(rest)} cells")
    for role, (ln, text) in zip(roles, rest, strict=True):
        if role == "skip" or not text:
            continue
        if role == "lead":
            row.lead_line = ln
        if role == "deadline":
            row.deadline_line = ln
        old = getattr(row, role)
        setattr(row, role, f"{old} {text}".strip() if old else text)
    return row


def scan_indicators(lines: list[str] | None = None) -> dict[str, IndicatorRow]:
    """Appendix I rows: id, name, unit, target, monitoring agency (five cells each)."""
    lines = lines or read_lines()
    cells = _cells(lines, APPENDIX_I, APPENDIX_II)
    out: dict[str, IndicatorRow] = {}
    horizon = 2030
    idx = re.compile(r"^\d{1,2}(\.\d{1,2})?$")
    i = 0
    while i < len(cells):
        line, text = cells[i]
        if text == "II" and i + 1 < len(cells) and "2045" in cells[i + 1][1]:
            horizon = 2045
        if idx.match(text) and i + 4 < len(cells):
            name, unit, target, monitor = (c[1] for c in cells[i + 1 : i + 5])
            if name:  # header rows carry empty cells
                out[text] = IndicatorRow(text, line, horizon, name, unit, target, monitor)
                i += 5
                continue
        i += 1
    return out
