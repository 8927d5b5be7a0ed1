"""Generic parser for plain-text news files: a headline clause and one clause per paragraph.

Works for any news text a user drops into the corpus: it relies only on paragraph breaks, "- "
bullets and short heading lines, never on a particular article's wording. Also home of the small
title helpers the resolution parsers share (``shorten``, ``first_sentence``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.errors import CorpusError
from ingest.models import Clause, Document
from ingest.paragraphs import GAP_NOTICE, Paragraph, paragraphs
from ingest.textnorm import clean

# A sentence ends at . ! ? followed by a capital or an opening quote; a digit after ". " is a
# number ("No. 57-NQ/TW"), not a new sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[^\W\d_])")
_BULLET = re.compile(r"^[-–—•*+]\s*\S")
# "1- Raising awareness", "2. Removing barriers", "III. Tasks": numbered section headings in news.
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})\s*[-.)]\s+\S")
# Page furniture that is not article content; metadata goes into the doc clause, junk is dropped.
_META = re.compile(r"^(?:Source|Nguồn|Photo|Ảnh)\s*:|\bPhoto\s*:\s*\S+$", re.IGNORECASE)
_JUNK = re.compile(r"^(?:Comments?|Bình luận)\s*\(\d+\)$", re.IGNORECASE)

# The membership notice run into a line of text (not on its own line): still a gap, never content.
_INLINE_GAP = re.compile(r"\s*(?:(?:\.\.\.|…)\s*)*" + re.escape(GAP_NOTICE) + r"\s*")

HEADLINE_MAX = 200
HEADING_MAX = 150


def shorten(text: str, limit: int = 160) -> str:
    """Cut at a word boundary and mark the cut, so titles stay short enough for a trail."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text)
    return text[: m.start()] if m else text


def sentence_title(text: str, limit: int = 160) -> str:
    return shorten(first_sentence(text), limit)


def strip_gap_notices(text: str) -> tuple[str, int]:
    """The text without embedded gap notices, and how many there were."""
    n = len(_INLINE_GAP.findall(text))
    return (clean(_INLINE_GAP.sub(" ", text)), n) if n else (text, 0)


def without_inline_gaps(paras: list[Paragraph]) -> list[Paragraph]:
    """Split embedded gap notices out of paragraphs into gap paragraphs of their own."""
    out: list[Paragraph] = []
    for p in paras:
        text, n = (p.text, 0) if p.gap else strip_gap_notices(p.text)
        out.extend(Paragraph("", p.line, p.end_line, gap=True) for _ in range(n))
        if n == 0 or text:
            out.append(p if n == 0 else Paragraph(text, p.line, p.end_line))
    return out


def furniture(text: str) -> str | None:
    """ "meta" for source/photo lines (kept on the doc clause), "junk" for page widgets, else None."""
    if _JUNK.match(text):
        return "junk"
    if _META.search(text):
        return "meta"
    return None


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def _is_headline(text: str) -> bool:
    return (
        0 < len(text) <= HEADLINE_MAX
        and not is_bullet(text)
        and not text.endswith(":")
        and first_sentence(text) == text
    )


def _is_heading(text: str) -> bool:
    """A section heading inside the article: numbered, or short without closing punctuation."""
    if is_bullet(text):
        return False
    if _NUMBERED_HEADING.match(text):
        return len(text) <= 400
    return len(text) <= HEADING_MAX and text[-1] not in '.!?:;…,"”)'


@dataclass
class _Para:
    parts: list[str]
    line_start: int
    line_end: int
    heading: bool
    under: str | None  # the heading this paragraph sits under
    gaps: int = 0


def parse_news(text_lines: list[str], doc: Document, first_line: int = 1) -> list[Clause]:
    """``doc`` (headline) then ``p1``, ``p2``… in document order; bullets stay with their lead-in.

    Raises ``CorpusError`` when the file holds no text at all.
    """
    paras = without_inline_gaps(paragraphs(text_lines, first_line, keep_empty=False))
    meta: list[str] = []
    body: list[Paragraph] = []
    for p in paras:
        kind = None if p.gap else furniture(p.text)
        if kind == "meta":
            meta.append(p.text)
        elif kind is None:
            body.append(p)
    if not any(not p.gap for p in body):
        raise CorpusError("news file has no text paragraphs", file=doc.source_file, line=first_line)

    headline = doc.title
    start = 0
    while start < len(body) and body[start].gap:
        start += 1
    if start < len(body) and _is_headline(body[start].text) and len(body) - start > 1:
        headline = body[start].text
        start += 1
    doc_gaps = sum(1 for p in body[:start] if p.gap)

    out: list[_Para] = []
    heading: str | None = None
    for p in body[start:]:
        if p.gap:
            # Elided text: count it where it sits, never keep it.
            if out:
                out[-1].gaps += 1
            else:
                doc_gaps += 1
            continue
        if is_bullet(p.text) and out and not out[-1].heading:
            out[-1].parts.append(p.text)
            out[-1].line_end = p.line
            continue
        is_head = _is_heading(p.text)
        if is_head:
            heading = p.text
        out.append(_Para([p.text], p.line, p.end_line, is_head, None if is_head else heading))

    last_line = max((p.end_line for p in paras), default=first_line)
    clauses = [
        Clause(
            doc_id=doc.doc_id,
            clause_id="doc",
            lang=doc.lang,
            kind="document",
            text="\n".join([headline, *meta]),
            title=headline,
            trail=(),
            parent_id=None,
            source_file=doc.source_file,
            line_start=first_line,
            line_end=last_line,
            primary=doc.primary,
            gaps=doc_gaps,
        )
    ]
    for n, para in enumerate(out, start=1):
        text = "\n".join(para.parts)
        trail = (headline,) if para.heading or para.under is None else (headline, shorten(para.under, 120))
        clauses.append(
            Clause(
                doc_id=doc.doc_id,
                clause_id=f"p{n}",
                lang=doc.lang,
                kind="heading" if para.heading else "paragraph",
                text=text,
                title=shorten(para.parts[0], 160) if para.heading else sentence_title(para.parts[0], 120),
                trail=trail,
                parent_id="doc",
                source_file=doc.source_file,
                line_start=para.line_start,
                line_end=para.line_end,
                primary=doc.primary,
                gaps=para.gaps,
            )
        )
    return clauses
