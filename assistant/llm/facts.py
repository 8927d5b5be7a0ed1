"""Checkable facts in a sentence: numbers, percentages, dates and document numbers.

The verifier compares the facts a model sentence states with the facts in the text it cites.
Both sides go through the same extraction, so "June 2025", "6/2025", "06/2025" and "tháng 6/2025"
all become ``("month", 2025, 6)``; "Quý I/2025" and "first quarter of 2025" become
``("quarter", 2025, 1)``; "30%", "30 %" and "30 percent" become ``("num", 30.0)``; "2,000" and
"2.000" become ``("num", 2000.0)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.textnorm import fold

Fact = tuple  # ("num", value) | ("month", year, month) | ("quarter", year, q) | ("day", y, m, d) | ("doc", ref) | ("docnum", n)

_MONTHS_EN = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINAL_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

_MONTH_NAMES = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_YEAR = r"((?:19|20)\d\d)"

# Patterns run over the folded text (lower case, no diacritics), longest forms first; each match
# is consumed so "6/2025" is not also read as the numbers 6 and 2025.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Document numbers: "03/NQ-CP", "57-NQ/TW", "Resolution No. 57".
    ("doc", re.compile(r"\b(\d{1,4})\s*[-/]\s*(nq|qd|nd|tt|ct|kh)\s*[-/]\s*([a-z]{1,6})\b")),
    # A resolution named by its number alone: "Resolution 57", "Nghi quyet so 03".
    (
        "docnum",
        re.compile(
            r"\b(?:resolution|nghi quyet)\s+(?:no\.?\s*|number\s+|so\s+)?(\d{1,4})\b(?!\s*[-/]\s*[a-z])"
        ),
    ),
    # Full dates: "09/01/2025", "ngay 09 thang 01 nam 2025", "9 January 2025", "January 9, 2025".
    ("day_dmy", re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]" + _YEAR + r"\b")),
    ("day_vi", re.compile(r"\bngay (\d{1,2}) thang (\d{1,2}) nam " + _YEAR + r"\b")),
    (
        "day_en",
        re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?(" + _MONTH_NAMES + r")\.?,? " + _YEAR + r"\b"),
    ),
    ("day_en2", re.compile(r"\b(" + _MONTH_NAMES + r")\.? (\d{1,2})(?:st|nd|rd|th)?,? " + _YEAR + r"\b")),
    # Quarters: "quy I/2025", "quy 1 nam 2025", "Q1/2025", "Q1 2025", "first quarter of 2025".
    ("quarter_vi", re.compile(r"\bquy (iv|iii|ii|i|[1-4])\s*(?:/|-|nam)\s*" + _YEAR + r"\b")),
    ("quarter_q", re.compile(r"\bq([1-4])\s*(?:/|-|of)?\s*" + _YEAR + r"\b")),
    (
        "quarter_en",
        re.compile(
            r"\b(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])\s+quarter\s+(?:of\s+|in\s+)?"
            + _YEAR
            + r"\b"
        ),
    ),
    ("quarter_en2", re.compile(r"\bquarter (iv|iii|ii|i|[1-4])\s*(?:/|of|,)?\s*" + _YEAR + r"\b")),
    # Months: "thang 6/2025", "thang 6 nam 2025", "6/2025", "06-2025", "June 2025", "June of 2025".
    ("month_vi", re.compile(r"\bthang (\d{1,2})\s*(?:/|-|nam)\s*" + _YEAR + r"\b")),
    ("month_num", re.compile(r"(?<![\d/.,])(\d{1,2})\s*[/-]\s*" + _YEAR + r"\b")),
    ("month_en", re.compile(r"\b(" + _MONTH_NAMES + r")\.?,?\s+(?:of\s+)?" + _YEAR + r"\b")),
    # Numbers, with an optional percent sign or word: "2,000", "2.000", "2,5", "30 %", "30 percent".
    ("num", re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)*)(?:\s*(?:%|percent|per cent|phan tram))?")),
]


@dataclass(frozen=True)
class FoundFact:
    fact: Fact
    text: str  # the matched (folded) text, for log messages


def _number_values(raw: str) -> set[float]:
    """Every reading of a written number: "2,000" -> {2000}; "2,5" -> {2.5}; "1.234,5" -> {1234.5}."""
    values: set[float] = set()
    groups = re.split(r"[.,]", raw)
    seps = re.findall(r"[.,]", raw)
    if not seps:
        return {float(raw)}
    # Thousands grouping with one separator kind throughout and 3-digit groups: 2,000 / 2.000.000
    if len(set(seps)) == 1 and all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
        values.add(float("".join(groups)))
    # A single separator may also be a decimal point (English "1.5" or Vietnamese "1,5").
    if len(seps) == 1:
        values.add(float(f"{groups[0]}.{groups[1]}"))
    # Mixed: "1.234,5" (vi) or "1,234.5" (en): the last separator is the decimal point.
    if len(set(seps)) == 2:
        whole, frac = re.split(r"[.,](?=\d+$)", raw)
        values.add(float(re.sub(r"[.,]", "", whole) + "." + frac))
    return values


def _quarter(token: str) -> int:
    token = token.lower()
    if token in _ROMAN:
        return _ROMAN[token]
    if token in _ORDINAL_Q:
        return _ORDINAL_Q[token]
    return int(token.lstrip("q"))


def _facts_for(kind: str, m: re.Match[str]) -> list[set[Fact]]:
    """One entry per stated fact; each entry is the set of facts it may equal (its readings)."""
    g = m.groups()
    if kind == "doc":
        return [{("doc", f"{int(g[0])}-{g[1]}-{g[2]}")}]
    if kind == "docnum":
        return [{("docnum", int(g[0]))}]
    if kind == "day_dmy":
        d, mo, y = int(g[0]), int(g[1]), int(g[2])
        return [{("day", y, mo, d)}] if 1 <= mo <= 12 and 1 <= d <= 31 else []
    if kind == "day_vi":
        return [{("day", int(g[2]), int(g[1]), int(g[0]))}]
    if kind == "day_en":
        return [{("day", int(g[2]), _MONTHS_EN[g[1]], int(g[0]))}]
    if kind == "day_en2":
        return [{("day", int(g[2]), _MONTHS_EN[g[0]], int(g[1]))}]
    if kind.startswith("quarter"):
        return [{("quarter", int(g[1]), _quarter(g[0]))}]
    if kind in ("month_vi", "month_num"):
        mo = int(g[0])
        return [{("month", int(g[1]), mo)}] if 1 <= mo <= 12 else []
    if kind == "month_en":
        return [{("month", int(g[1]), _MONTHS_EN[g[0]])}]
    return [{("num", v) for v in _number_values(g[0])}]


def extract(text: str) -> list[tuple[FoundFact, set[Fact]]]:
    """The facts stated in ``text``, in order, each with the set of its acceptable readings."""
    folded = fold(text)
    taken = [False] * len(folded)
    found: list[tuple[int, FoundFact, set[Fact]]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if any(taken[m.start() : m.end()]):
                continue
            for readings in _facts_for(kind, m):
                first = sorted(readings, key=repr)[0]
                found.append((m.start(), FoundFact(first, m.group(0)), readings))
            for i in range(m.start(), m.end()):
                taken[i] = True
    found.sort(key=lambda x: x[0])
    return [(f, r) for _, f, r in found]


def support_set(text: str) -> set[Fact]:
    """Every fact a cited text supports: what it states, plus the years and months inside its dates.

    A text saying "6/2025" supports a sentence saying "in 2025"; a text dated "09/01/2025"
    supports "January 2025". The converse does not hold: "2025" does not support "June 2025".
    """
    facts: set[Fact] = set()
    for _, readings in extract(text):
        for fact in readings:
            facts.add(fact)
            if fact[0] in ("month", "quarter", "day"):
                facts.add(("num", float(fact[1])))
            if fact[0] == "day":
                facts.add(("month", fact[1], fact[2]))
                facts.add(("quarter", fact[1], (fact[2] - 1) // 3 + 1))
            if fact[0] == "doc":
                facts.add(("docnum", int(fact[1].split("-")[0])))
            if fact[0] == "month":
                facts.add(("quarter", fact[1], (fact[2] - 1) // 3 + 1))
    return facts


def unsupported(sentence: str, support: set[Fact]) -> list[str]:
    """The facts of ``sentence`` none of whose readings is in ``support`` (their matched text)."""
    return [f.text for f, readings in extract(sentence) if not (readings & support)]
