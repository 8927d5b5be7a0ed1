"""Clause tree of Resolution 57-NQ/TW (file 002: an English translation run into one paragraph).

What the text actually holds (read from the file, 2025 corpus):
- a newspaper lead line, a photo caption, then ONE physical line holding the whole resolution,
  then ``Source: …`` and ``Comment (0)``;
- the resolution opens with an unnumbered situation assessment ("The development of science, …
  the Politburo requires the thorough implementation of the following contents:") -> ``intro``;
- ``I- GUIDING VIEWPOINTS`` with viewpoints ``1.``-``5.`` -> ``I``, ``I.1``-``I.5`` (section I is
  the viewpoints, not the situation: the situation is the unnumbered opening);
- ``II- GOAL`` with ``1. By 2030`` (four "- " dash paragraphs of 2030 targets: R&D 2% of GDP,
  digital economy at least 30% of GDP, …) and ``2. Vision to 2045`` -> ``II``, ``II.1``, ``II.2``;
- ``III- TASKS AND SOLUTIONS`` with ``1.``-``7.`` -> ``III``, ``III.1``-``III.7``;
- section IV (organisation of implementation) lost its heading and its items 1-3: after III.7's
  international-cooperation text come two unnumbered sentences ("Establishing a National Council
  … with the participation of experts at home and abroad. Enough guidelines and policies stated
  in this Resolution … basically completed in 2025.") and then ``4. The Vietnam Fatherland Front``
  and ``5. The Central Propaganda Board``. The numbering reset (4 after 7) proves a new section;
  the implementation-only wording of those two sentences marks where it starts. They become
  ``IV``'s own text, and the numbered items keep their printed numbers: ``IV.4``, ``IV.5`` (no
  ``IV.1``-``IV.3`` are invented).

Each clause's ``text`` is its own text (heading + body up to its first child), as in 03/NQ-CP.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.errors import CorpusError
from ingest.models import Clause, Document
from ingest.paragraphs import paragraphs
from ingest.parse_news import first_sentence, furniture, sentence_title, shorten, without_inline_gaps

_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
_SECTION = re.compile(
    r"(?<![\w-])(?P<num>VIII|VII|VI|IV|V|III|II|I)\s*[-–.]\s+(?P<title>[A-Z][A-Z ,;&/’'-]*[A-Z])(?=\s|$)"
)
_ITEM = re.compile(r"(?<!\S)(?P<num>\d{1,2})\.\s+(?=[A-Z“\"‘'])")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
# Sentences that only an "organisation of implementation" section contains.
_IMPL_CUES = [
    re.compile(
        r"\bEstablish(?:ing|ment of)?\s+(?:a|the)\s+(?:National|Central)\b[^.]*\b(?:Council|Steering Committee)\b"
    ),
    re.compile(r"\b(?:stated|set out|mentioned)\s+in\s+this\s+Resolution\b"),
    re.compile(r"\b(?:implement(?:ation of)?|institutionali[sz]e)\s+(?:the|this)\s+Resolution\b"),
    re.compile(
        r"\b(?:Party (?:committees|delegations?|executive committees?)|Fatherland Front)\b[^.]*\b(?:lead|direct)"
    ),
]
_SITE_TAG = re.compile(r"(?<=[.!?])\s*[A-Z][A-Za-z]+\.(?:vn|com|net|org)\s*$")  # "…Resolution.Laodong.vn"
_ITEM_MARK = re.compile(r"(\d{1,2})\.\s+")
_SECTION_MARK = re.compile(r"(?:VIII|VII|VI|IV|V|III|II|I)\s*[-–.]\s*")
_TITLE_CUT = re.compile(r"\s-\s|(?<=\d)\s(?=[A-Z][a-z])")  # "By 2030 - Potential", "Vision to 2045 Science"
_LOST_HEADING = "[heading missing in the source text: organisation of implementation]"


@dataclass
class _Span:
    cid: str
    kind: str
    start: int
    end: int
    title: str
    parent: str | None


def _item_title(body: str) -> str:
    first = first_sentence(body)
    m = _TITLE_CUT.search(first)
    head = first[: m.start()] if m and m.start() > 0 else first
    return shorten(head.rstrip(" ;,:"), 200)


def _find_sections(stream: str) -> list[tuple[int, int, str, str]]:
    """(start, end_of_heading, numeral, title) for I, II, … taken strictly in order."""
    out: list[tuple[int, int, str, str]] = []
    pos = 0
    for roman in _ROMANS:
        hit = next((m for m in _SECTION.finditer(stream, pos) if m["num"] == roman), None)
        if hit is None:
            break
        out.append((hit.start(), hit.end(), roman, hit["title"]))
        pos = hit.end()
    return out


def _find_items(stream: str, start: int, end: int, *, last: bool) -> tuple[list[tuple[int, int]], int | None]:
    """Numbered items 1, 2, … in ``stream[start:end]``; with ``last``, also where numbering resets."""
    items: list[tuple[int, int]] = []
    reset: int | None = None
    expected = 1
    for m in _ITEM.finditer(stream, start, end):
        before = stream[start : m.start()].rstrip()
        # A number starts an item only right after the heading or after a sentence end.
        if before and before[-1] not in ".;:!?”\"')" and m.start() > start + 1 and items:
            continue
        n = int(m["num"])
        if n == expected:
            items.append((m.start(), n))
            expected += 1
        elif last and items and 1 <= n < expected:
            reset = m.start()
            break
    return items, reset


def _implementation_start(stream: str, start: int, end: int) -> int | None:
    """First sentence in ``stream[start:end]`` (after its first one) that only section IV would hold."""
    bounds = [m.end() for m in _SENTENCE.finditer(stream, start, end)]
    for b in bounds:
        sentence = stream[b:end]
        stop = _SENTENCE.search(sentence)
        sentence = sentence[: stop.start()] if stop else sentence
        if any(cue.search(sentence) for cue in _IMPL_CUES):
            return b
    return None


def parse_nq57(text_lines: list[str], doc: Document, first_line: int = 1) -> list[Clause]:
    """``doc``, ``intro``, sections ``I``…``IV`` and their numbered items, in document order.

    Raises ``CorpusError`` when the section headings cannot be found.
    """
    paras = without_inline_gaps(paragraphs(text_lines, first_line, keep_empty=False))
    if not paras:
        raise CorpusError("57-NQ/TW file is empty", file=doc.source_file, line=first_line)
    meta: list[str] = []
    chunks: list[str] = []
    offsets: list[int] = []  # stream offset where each body paragraph starts
    lines: list[tuple[int, int]] = []
    gap_at: list[int] = []
    length = 0
    for p in paras:
        if p.gap:
            gap_at.append(length)
            continue
        kind = furniture(p.text)
        if kind == "meta":
            meta.append(p.text)
        if kind is not None:
            continue
        offsets.append(length)
        lines.append((p.line, p.end_line))
        chunks.append(p.text)
        length += len(p.text) + 1
    stream = "\n".join(chunks)

    sections = _find_sections(stream)
    if not sections:
        raise CorpusError(
            "no 'I- …' section heading found in 57-NQ/TW", file=doc.source_file, line=first_line
        )

    spans: list[_Span] = []
    if sections[0][0] > 0:
        spans.append(_Span("intro", "preamble", 0, sections[0][0], "", "doc"))
    bounds = [s[0] for s in sections[1:]] + [len(stream)]
    for (s_start, s_head, roman, title), s_end in zip(sections, bounds, strict=True):
        spans.append(_Span(roman, "section", s_start, s_end, title, "doc"))
        is_last = roman == sections[-1][2]
        items, reset = _find_items(stream, s_head, s_end, last=is_last)
        implicit: int | None = None
        if reset is not None:
            # The reset proves a new section; its implementation-only wording shows where it
            # really starts when the unnumbered sentences before the reset belong to it.
            cue = _implementation_start(stream, items[-1][0], reset)
            implicit = cue if cue is not None else reset
        ends = [i[0] for i in items[1:]] + [implicit if implicit is not None else s_end]
        for (i_start, n), i_end in zip(items, ends, strict=False):  # no items: nothing
            spans.append(_Span(f"{roman}.{n}", "item", i_start, i_end, "", roman))
        if implicit is not None and reset is not None:
            if len(sections) >= len(_ROMANS):
                raise CorpusError("too many sections in 57-NQ/TW", file=doc.source_file, line=first_line)
            nxt = _ROMANS[len(sections)]
            spans.append(_Span(nxt, "section", implicit, len(stream), _LOST_HEADING, "doc"))
            # Items after the reset keep their printed numbers (they continue a lost 1, 2, 3).
            more = _renumbered(stream, reset)
            ends = [i[0] for i in more[1:]] + [len(stream)]
            for (i_start, n), i_end in zip(more, ends, strict=False):
                spans.append(_Span(f"{nxt}.{n}", "item", i_start, i_end, "", nxt))
    # A section's own text stops at its first item.
    for sp in spans:
        if sp.kind == "section":
            first_child = min((c.start for c in spans if c.parent == sp.cid), default=sp.end)
            sp.end = min(sp.end, first_child)
    return _clauses(doc, spans, stream, offsets, lines, meta, gap_at, first_line, paras[-1].end_line)


def _renumbered(stream: str, reset: int) -> list[tuple[int, int]]:
    """Items from the numbering reset on, consecutive from the first printed number."""
    out: list[tuple[int, int]] = []
    expected: int | None = None
    for m in _ITEM.finditer(stream, reset):
        before = stream[: m.start()].rstrip()
        if out and before and before[-1] not in ".;:!?”\"')":
            continue
        n = int(m["num"])
        if expected is None or n == expected:
            out.append((m.start(), n))
            expected = n + 1
    return out


def _clauses(
    doc: Document,
    spans: list[_Span],
    stream: str,
    offsets: list[int],
    lines: list[tuple[int, int]],
    meta: list[str],
    gap_at: list[int],
    first_line: int,
    last_line: int,
) -> list[Clause]:
    spans.sort(key=lambda s: s.start)
    trail_entries: dict[str, str] = {}
    out = [
        Clause(
            doc_id=doc.doc_id,
            clause_id="doc",
            lang=doc.lang,
            kind="document",
            text="\n".join([doc.title, *meta]),
            title=doc.title,
            trail=(),
            parent_id=None,
            source_file=doc.source_file,
            line_start=first_line,
            line_end=last_line,
            primary=doc.primary,
            gaps=sum(1 for g in gap_at if not spans or g < spans[0].start),
        )
    ]
    for k, sp in enumerate(spans):
        text = stream[sp.start : sp.end].strip()
        if k == len(spans) - 1:
            text = _SITE_TAG.sub("", text).strip()
        if not text and sp.kind != "section":
            continue
        # Markers ("III-", "4.") are not content: the id carries them, the trail shows them.
        title = sp.title
        if sp.kind == "item":
            m = _ITEM_MARK.match(text)
            text = text[m.end() :] if m else text
            title = _item_title(text)
        elif sp.kind == "section":
            m = _SECTION_MARK.match(text)
            text = text[m.end() :] if m and sp.title != _LOST_HEADING else text
            text = text or sp.title  # a lost heading with no unnumbered text before its items
        else:
            title = sentence_title(text, 160)
        trail_entries[sp.cid] = f"{sp.cid}- {title}" if sp.kind == "section" else title
        trail = [doc.title]
        if sp.kind == "item" and sp.parent in trail_entries:
            trail.append(shorten(trail_entries[sp.parent], 120))
        first_para = bisect.bisect_right(offsets, sp.start) - 1
        last_para = bisect.bisect_right(offsets, max(sp.start, sp.end - 1)) - 1
        out.append(
            Clause(
                doc_id=doc.doc_id,
                clause_id=sp.cid,
                lang=doc.lang,
                kind=sp.kind,
                text=text,
                title=title,
                trail=tuple(trail),
                parent_id=sp.parent,
                source_file=doc.source_file,
                line_start=lines[max(first_para, 0)][0],
                line_end=lines[max(last_para, 0)][1],
                primary=doc.primary,
                gaps=sum(
                    1 for g in gap_at if sp.start <= g < sp.end or (k == len(spans) - 1 and g >= sp.end)
                ),
            )
        )
    return out
