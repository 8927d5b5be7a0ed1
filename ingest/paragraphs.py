"""Split a source text into paragraphs with their line numbers, marking translation gaps.

The English half of 03/NQ-CP replaces some text with a run of ``...`` lines followed by a
membership notice. Such a run is one ``Paragraph`` with ``gap=True``: missing text, never content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.textnorm import clean

GAP_NOTICE = "Please sign up or sign in to your Pro Membership to see English documents."
_DOTS = re.compile(r"^\s*(\.\.\.|…)\s*$")


@dataclass(frozen=True)
class Paragraph:
    text: str  # cleaned (NFC, single spaces); "" for an empty cell
    line: int  # 1-based line number of the first line in the source file
    end_line: int
    gap: bool = False

    @property
    def empty(self) -> bool:
        return not self.gap and self.text == ""


def is_gap_line(line: str) -> bool:
    return bool(_DOTS.match(line)) or clean(line) == GAP_NOTICE


def paragraphs(lines: list[str], first_line: int = 1, *, keep_empty: bool = True) -> list[Paragraph]:
    """One paragraph per non-blank line; a line of only spaces/no-break spaces is an empty cell.

    Truly blank lines ("" after stripping the newline) separate paragraphs; lines holding only
    whitespace or U+00A0 are empty table cells (kept when ``keep_empty``). Gap runs collapse into one
    gap paragraph.
    """
    out: list[Paragraph] = []
    gap_start: int | None = None
    gap_end = 0
    for offset, raw in enumerate(lines):
        no = first_line + offset
        line = raw.rstrip("\r\n")
        if is_gap_line(line):
            if gap_start is None:
                gap_start = no
            gap_end = no
            if clean(line) == GAP_NOTICE:
                out.append(Paragraph("", gap_start, gap_end, gap=True))
                gap_start = None
            continue
        if gap_start is not None and line.strip() != "":
            out.append(Paragraph("", gap_start, gap_end, gap=True))
            gap_start = None
        if line == "":
            continue
        text = clean(line)
        if text == "" and not keep_empty:
            continue
        out.append(Paragraph(text, no, no))
    if gap_start is not None:
        out.append(Paragraph("", gap_start, gap_end, gap=True))
    return out
