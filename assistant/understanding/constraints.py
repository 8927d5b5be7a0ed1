"""Negation, exclusion and coordination constraints: the parts of a question that take things out.

"Which tasks does MIC coordinate, except those led by MOST?" has a positive part (MIC coordinates) and a
negative one (MOST leads): the negative part is read here, then blanked out of the text the parser
sees, so its words ("led by") cannot set the positive part's role. The same for "with no coordinating
agency", "không phải thường xuyên", "whose output is not a decree" and negated dates. Word lists are
data (``assistant/data/words/constraints.json``); matching runs on folded text aligned with the
question, character for character, so spans found in one are spans of the other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from assistant.understanding import words as W
from assistant.understanding.outputs import named_outputs
from ingest.deadlines import MONTHS_EN
from ingest.gazetteer import Gazetteer

_FILLER = (r"(?:\s+(?:the|any|those|these|ones|tasks?|that|which|where|with|by|bo|co quan|cac|nhung|nhiem vu|co|duoc|"
           r"ma|cua|do|voi|cai|are|is|ones|led|lead|coordinated|chu tri|phoi hop))")
_CONJ = re.compile(r"^\s*(?:,|or|and|nor|hoac|va|hay|,\s*or|,\s*and)\s*(?:the\s+|bo\s+)?$")
_MONTH_NAMES = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
PERIOD = (r"((?:(?:thang|quy|q)\s*[ivx\d]{1,3}\s*[/ ]\s*)?\d{4}|(?:" + _MONTH_NAMES + r")\s+\d{4}|\d{1,2}/\d{4}|"
          r"(?:" + _MONTH_NAMES + r"))")
# A negation, then at most a few words about deadlines, then a period: "không phải hoàn thành trong năm 2025",
# "other than the ones due in 2025", "mà không có hạn trong năm 2025".
_NEG_PERIOD = re.compile(
    r"\b(?:not|khong phai|khong|chua|other than|except|excluding|ngoai|tru)"
    r"(?:\s+(?:be|due|han|co|thoi|hoan|thanh|phai|completed|finished|in|trong|vao|nam|thang|quy|la|duoc|den|the|"
    r"ones|those|tasks?|nhung|cac|nhiem|vu|cai|that|are|which|with|a|deadline|deadlines|ket|thuc|xong)){0,5}"
    r"\s+(?=" + PERIOD + r")"
)
_NEG_ONGOING = re.compile(r"\b(?:not|khong phai|khong|chua|other than|except|ngoai|tru)(?:\s+(?:la|an|a|the|cac|"
                          r"nhung|nhiem|vu|tasks?))*\s+(?:ongoing|regular|continuous\w*|thuong xuyen|lien tuc)\b")
_NEG_OUTPUT = re.compile(r"\b(?:not|khong phai|khong|other than|except|ngoai|tru)(?:\s+(?:la|an|a|the|cac|nhung|"
                         r"one|is|are|be|mot|ban|van))*\s+$")
_NEG_ROLE = re.compile(r"\b(?:but\s+)?(?:not|never|khong|nhung khong)\s+(?:lead|leads|leading|chu tri)\b(?!\s+by)")
_SOLE = re.compile(r"\b(alone|solely|by itself|on its own|single-handedly|mot minh|doc lap)\b")


@dataclass
class Constraints:
    excluded: list[str] = field(default_factory=list)
    excluded_role: str = "any"
    no_coordinator: bool | None = None
    not_ongoing: bool = False
    not_outputs: list[str] = field(default_factory=list)
    sole_lead: bool = False
    blanks: list[tuple[int, int]] = field(default_factory=list)  # spans of the question to hide from the parser


def aligned_fold(text: str) -> str:
    """``fold`` character for character (same length as ``text``), so offsets agree between the two."""
    out = []
    for ch in text:
        f = "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if unicodedata.category(c) != "Mn")
        f = f.replace("đ", "d").replace("ð", "d")
        f = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}.get(f, f)
        out.append(f if len(f) == 1 else (ch.lower() if len(ch.lower()) == 1 else "?"))
    return "".join(out)


def read(text: str, gaz: Gazetteer) -> Constraints:
    """Every negative constraint of ``text`` and the spans that carry it."""
    af = aligned_fold(text)
    c = Constraints()
    for name, value in (("no_coordinator", True), ("has_coordinator", False)):
        for m in W.pattern("constraints", name).finditer(af):
            c.no_coordinator = value if c.no_coordinator is None else c.no_coordinator
            c.blanks.append(m.span())
    # "không có cơ quan phối hợp của Bộ Công an": the "không có" belongs to the coordinating cell, so it
    # cannot also take the ministry out.
    _agency_exclusions(text, blank(af, c.blanks), gaz, c)
    for m in _NEG_ONGOING.finditer(af):
        c.not_ongoing = True
        c.blanks.append(m.span())
    for m in _NEG_ROLE.finditer(af):
        if not gaz.find_mentions(text[m.end(): m.end() + 30]):
            c.blanks.append(m.span())  # "coordinate but not lead": the role asked is the other one
    if _SOLE.search(af):
        c.sole_lead = True
    for kind in named_outputs(af):
        # "whose output is not a decree", "không phải là nghị định": the kind is taken out, not asked for.
        span = _kind_span(af, kind)
        neg = _NEG_OUTPUT.search(af[: span[0]][-40:]) if span else None
        if span and neg:
            c.not_outputs.append(kind)
            c.blanks.append((span[0] - len(neg.group()), span[1]))
    return c


def _kind_span(af: str, kind: str) -> tuple[int, int] | None:
    from assistant.understanding.outputs import kind_pattern

    m = kind_pattern(kind).search(af)
    return None if m is None else m.span()


@cache
def _exclusion_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(marker before a mention, coordinator role after it, lead role after it), compiled once."""
    ex = W.pattern("constraints", "exclude_agency").pattern
    marked = re.compile(r"(?:" + ex + r")" + _FILLER + r"{0,3}\s*$")
    coord = re.compile(r"\s*(?:" + W.pattern("constraints", "exclude_role_coord").pattern + ")")
    lead = re.compile(r"\s*(?:" + W.pattern("constraints", "exclude_role_lead").pattern + ")")
    return marked, coord, lead


_COORD_VERB = re.compile(r"\s*(?:coordinat\w*|phoi hop|supports?|assists?)\b")
_LEAD_VERB = re.compile(r"\s*(?:leads?|chu tri)\b")


def _agency_exclusions(text: str, af: str, gaz: Gazetteer, c: Constraints) -> None:
    marked_rx, coord_rx, lead_rx = _exclusion_patterns()
    mentions = gaz.find_mentions(text)
    prev_end: int | None = None
    for m in mentions:
        before = af[max(0, m.start - 40): m.start]
        after = af[m.end: m.end + 40]
        marked = marked_rx.search(before)
        coord_after = coord_rx.match(after) or (marked and _COORD_VERB.match(after))
        lead_after = lead_rx.match(after) or (marked and _LEAD_VERB.match(after))
        # "not led by MIC or MOST": an agency joined to an excluded one by "or"/"and" is excluded too.
        joined = prev_end is not None and _CONJ.match(af[prev_end: m.start])
        if not (marked or coord_after or lead_after or joined):
            prev_end = None
            continue
        if m.agency_id not in c.excluded:
            c.excluded.append(m.agency_id)
        if coord_after or (marked and re.search(r"coordinat|phoi hop", marked.group())):
            c.excluded_role = "coord"
        elif lead_after or (marked and re.search(r"\bled\b|lead|chu tri|chung voi|cung voi|jointly", marked.group())):
            c.excluded_role = "lead"
        start = m.start - (len(before) - marked.start()) if marked else (prev_end if joined else m.start)
        end = m.end + ((coord_after or lead_after).end() if (coord_after or lead_after) else 0)
        c.blanks.append((start, end))
        prev_end = m.end


# "or" only: "between July and December 2025" / "từ tháng 7 và tháng 12" are ranges, read by the period parser.
_EITHER_PERIOD = re.compile(PERIOD + r"\s+(?:or|hoac|hay)\s+(?:in\s+|trong\s+)?(?:nam\s+)?" + PERIOD)


def either_windows(folded: str, first: Any, default_year: int = 2025) -> tuple[Any, ...]:
    """"Due in October or May 2025", "2027 or 2030": every period joined by "or"/"and" to the first one,
    each a window a task may fall in (empty when the question names one period)."""
    from assistant.understanding.periods import period

    m = _EITHER_PERIOD.search(folded)
    if m is None or first is None:
        return ()
    second, _ = period(m.group(2), default_year)
    if second is None or second == first:
        return ()
    return (first, second)


def blank(folded: str, spans: list[tuple[int, int]]) -> str:
    """``folded`` with the spans replaced by spaces (same length, so other offsets still agree)."""
    out = list(folded)
    for a, b in spans:
        for i in range(max(0, a), min(len(out), b)):
            out[i] = " "
    return "".join(out)


def rewrite_time(folded: str) -> tuple[str, bool]:
    """Negated time bounds rewritten into what they mean, for the period parser; True when the window
    is negated ("not due in 2025" -> "in 2025", negated).

    "not due before 2026" -> "from 2026"; "2026 or later" -> "from 2026"; "not due by June" -> "after June";
    "2025 or earlier" -> "by 2025"; "không phải hoàn thành trong năm 2025" -> "in năm 2025", negated.
    """
    f = W.pattern("constraints", "not_before").sub(" from ", folded)
    negate = False
    if re.search(r"\bnot (?:due )?by\b", f):
        f = re.sub(r"\bnot (?:due )?by\b", " after ", f)
    f2 = W.pattern("constraints", "not_by").sub(" in ", f)
    if f2 != f:
        negate, f = True, f2
    f2 = _NEG_PERIOD.sub(" in ", f)
    if f2 != f:
        negate, f = True, f2
    f = re.sub(PERIOD + r"\s+(?:" + W.pattern("constraints", "or_later").pattern + r")", r"from \1", f)
    f = re.sub(PERIOD + r"\s+(?:" + W.pattern("constraints", "or_earlier").pattern + r")", r"by \1", f)
    f = re.sub(r"\bfrom\s+from\b", "from", f)
    return (re.sub(r"\s+", " ", f).strip() if f != folded else f), negate
