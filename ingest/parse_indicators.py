"""03/NQ-CP Appendix I: the national indicators (41 numbered, some with sub-rows), both languages.

Rows are fixed five-cell records (number, indicator, unit, target, monitoring agency). Targets
are themselves numbers ("90", "2"), so a row start is recognised by the expected next number,
not by its shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.errors import CorpusError
from ingest.gazetteer import Gazetteer
from ingest.models import Indicator
from ingest.paragraphs import Paragraph
from ingest.textnorm import clean

HORIZONS = {"I": 2030, "II": 2045}
_NUM = r"(\d+(?:[.,]\d+)?)"


@dataclass
class RawIndicatorRow:
    id: str
    horizon: int
    cells: list[Paragraph]  # name, unit, target, monitor (None when missing in a translation gap)
    line: int
    end_line: int


def parse_target(raw: str | None) -> tuple[str | None, float | None, float | None]:
    """ "≥ 80" -> (">=", 80, None); "40 - 50" -> ("range", 40, 50); "100%" -> ("=", 100, None)."""
    if not raw:
        return None, None, None
    t = clean(raw).replace(">=", "≥").replace("<=", "≤")
    m = re.fullmatch(_NUM + r"\s*%?\s*[-–]\s*" + _NUM + r"\s*%?", t)
    if m:
        return "range", _num(m.group(1)), _num(m.group(2))
    m = re.fullmatch(r"([≥≤><])\s*" + _NUM + r"\s*%?", t)
    if m:
        comp = {"≥": ">=", "≤": "<=", ">": ">", "<": "<"}[m.group(1)]
        return comp, _num(m.group(2)), None
    m = re.fullmatch(_NUM + r"\s*%?", t)
    if m:
        return "=", _num(m.group(1)), None
    return None, None, None


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def _next_ids(prev: str | None) -> list[str]:
    if prev is None:
        return ["1"]
    if "." in prev:
        parent, sub = prev.split(".")
        return [f"{parent}.{int(sub) + 1}", str(int(parent) + 1)]
    return [f"{prev}.1", str(int(prev) + 1)]


def split_indicator_rows(
    paras: list[Paragraph], file: str, *, allow_gaps: bool = False
) -> list[RawIndicatorRow]:
    """Walk the table cell by cell. With ``allow_gaps`` (the English translation) a gap may swallow cells."""
    i = 0
    while i < len(paras) and paras[i].text != "I":
        i += 1
    if i == len(paras):
        raise CorpusError(
            "Appendix I has no 'I' horizon heading", file=file, line=paras[0].line if paras else 0
        )
    rows: list[RawIndicatorRow] = []
    horizon = 2030
    prev: str | None = None
    while i < len(paras):
        p = paras[i]
        if p.text in HORIZONS:
            horizon = HORIZONS[p.text]
            i += 5  # heading, horizon title, three empty cells
            continue
        if p.text == "" and not p.gap:
            i += 1
            continue
        expected = _next_ids(prev)
        if p.text in expected:
            cells: list[Paragraph] = []
            j = i + 1
            while j < len(paras) and len(cells) < 4:
                q = paras[j]
                if q.gap:
                    if not allow_gaps:
                        raise CorpusError("translation gap inside the official table", file=file, line=q.line)
                    break
                if q.text in _next_ids(p.text) and len(cells) >= 2 and allow_gaps:
                    break
                cells.append(q)
                j += 1
            rows.append(
                RawIndicatorRow(p.text, horizon, cells, p.line, cells[-1].end_line if cells else p.line)
            )
            prev = p.text
            i = j
            continue
        if allow_gaps:
            i += 1
            continue
        raise CorpusError(
            f"expected indicator {' or '.join(expected)}, found {p.text[:40]!r}", file=file, line=p.line
        )
    return rows


def parse_indicator_table(paras: list[Paragraph], gaz: Gazetteer, file: str) -> list[Indicator]:
    rows = split_indicator_rows(paras, file)
    numbered = [r for r in rows if "." not in r.id]
    if len(numbered) != 41:
        raise CorpusError(
            f"Appendix I has {len(numbered)} numbered indicators, expected 41",
            file=file,
            line=rows[-1].line if rows else 0,
        )
    out: list[Indicator] = []
    for r in rows:
        if len(r.cells) != 4:
            raise CorpusError(
                f"indicator {r.id} has {len(r.cells)} cells, expected 4", file=file, line=r.line
            )
        name, unit, target, monitor = (c.text or None for c in r.cells)
        if not name:
            raise CorpusError(f"indicator {r.id} has no name", file=file, line=r.line)
        comp, value, vmax = parse_target(target)
        out.append(
            Indicator(
                id=r.id,
                horizon=r.horizon,
                name_vi=name,
                name_en=None,
                unit_vi=unit,
                unit_en=None,
                target_raw=target,
                target_en=None,
                comparator=comp,
                value=value,
                value_max=vmax,
                monitor=tuple(gaz.resolve_cell(monitor, file=file, line=r.cells[3].line)) if monitor else (),
                monitor_raw=monitor,
                parent=r.id.split(".")[0] if "." in r.id else None,
                line_start=r.line,
                line_end=r.end_line,
            )
        )
    return out
