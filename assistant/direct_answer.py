"""Which sentence answers the question, the words in it that are the answer, and the one-line direct answer.

A candidate sentence is scored for carrying the asked answer type (an agency the gazetteer resolves, a
number with its unit, a date) and for how many of the question's content units it contains. The direct
line is built only from the chosen sentence: the answer words found in it (an agency's name in the
question's language is the gazetteer's name for the agency the sentence names), then the span itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.answer_type import AnswerType
from assistant.clause_terms import Unit, forms
from assistant.glossary import matches_any
from assistant.marks import held as marks_held
from ingest.gazetteer import COLLECTIVES
from ingest.textnorm import fold

# A number that is an answer: a percentage, a range, "at least 5", "top 50", "05 dự án", "12 people".
_NUMBER = re.compile(
    r"(?:(?:at least|over|more than|above|ít nhất|tối thiểu|trên|top|nhóm|thứ)\s+)?"
    r"\d+(?:[.,]\d+)?(?:\s*%)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?\s*(?:%|phần trăm|percent)?"
    r"(?:/(?:year|năm))?(?:\s+(?:people|người|dự án|doanh nghiệp|enterprises|countries|nước|organizations))?",
    re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DOCNUM = re.compile(r"\d+\s*[-/]\s*(?:NQ|QĐ|QH|CP|TW)\b|\bsố\s+\d+|\bNo\.\s*\d+", re.IGNORECASE)
_DATE = re.compile(
    r"(?:trước |trong |từ |by |before |in )?(?:ngày \d{1,2} tháng \d{1,2}(?: năm \d{4})?|tháng \d{1,2} năm \d{4}"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)(?: \d{1,2},)? \d{4}"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}(?!\d)"
    r"(?:(?:st|nd|rd|th)\b)?(?: and (?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{1,2}(?!\d))?"
    r"|\d{1,2}/\d{4}|(?:năm |by |in |to )(?:19|20)\d\d|hằng năm|\bannual(?:ly)?\b|every year|ký ban hành|signing)",
    re.IGNORECASE)
_LEAD_IN_CHARS = 16  # "by 2030, ", "In 2025, ", "Đến năm 2030, "
_YEAR_WEIGHT = 3
# The dates of cited laws and resolutions ("ngày 22 tháng 12 năm 2024"; in English only 2024's, Resolution
# 57-NQ/TW's "dated December 22, 2024" that every clause naming it repeats): when a document was issued, never
# a deadline. (The English date of Resolution 45, 2023, answers "which earlier resolution, of what date?".)
_DOC_DATE = re.compile(r"ngày \d{1,2} tháng \d{1,2} năm 20(?:15|19|23|24)\b|\b[A-Z][a-z]+ \d{1,2}, 2024\b")


@dataclass
class Carried:
    ok: bool  # the unit carries the asked type
    answer: str  # the answer words (agency names, the number, the date); "" for list/description
    at: int  # where in the unit the answer words start (-1: nowhere in particular)
    collective: bool = False  # only "ministries, sectors and localities"-like bodies: a weak agency answer


def agencies_in(unit: Unit, gaz) -> list[tuple[str, str, int]]:
    """(agency id, written form, offset) of the agencies a unit names; collectives last."""
    key = f"agencies:{id(gaz)}"
    if key not in unit.cache:
        found = [(m.agency_id, m.text, m.start) for m in gaz.find_mentions(unit.text)]
        unit.cache[key] = sorted(found, key=lambda x: (x[0] in COLLECTIVES, x[2]))
    return unit.cache[key]  # type: ignore[return-value]


def numbers_in(text: str) -> list[re.Match[str]]:
    out = []
    for m in _NUMBER.finditer(text):
        core = re.sub(r"\D", "", m.group())
        raw = m.group().strip()
        if not core or (_YEAR.match(core) and "%" not in raw):
            continue
        before = text[max(0, m.start() - 12):m.end() + 8]
        if _DOCNUM.search(before) and "%" not in raw:
            continue
        if re.fullmatch(r"\d", raw) and m.end() < len(text) and text[m.end():m.end() + 1] in ").":
            continue  # "(1)", "1." enumerations
        if m.group()[-1:].isdigit() and m.end() < len(text) and text[m.end()].isalpha():
            continue  # part of a name: "5G", "6G", "3D"
        if re.fullmatch(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", raw):
            continue  # a period ("2021- 2030"), not an amount
        out.append(m)
    return out


def asked_numbers(terms) -> frozenset[str]:
    """The digits of the numbers a question itself names ("per 10,000 people" -> "10000", "10"; "per 10k" ->
    "10000" too)."""
    out = set()
    for t in terms:
        m = re.fullmatch(r"(\d+)k", t)
        d = m.group(1) + "000" if m else re.sub(r"\D", "", t)
        if d:
            out.add(d)
    return frozenset(out)


def carried(unit: Unit, kind: AnswerType, lang: str, gaz, focus: int = -1,
            asked: frozenset[str] = frozenset(), named: frozenset[str] = frozenset()) -> Carried:
    """Does ``unit`` carry an answer of ``kind``, and which words are it (closest to ``focus`` when several).

    ``asked``: the numbers the question names (``asked_numbers``); "how many researchers per 10,000
    people?" is answered by the other number of "12 people per 10,000 people", not by 10,000. ``named``: the
    agencies the question itself names; "who sends reports to MOST?" is not answered by MOST."""
    if kind is AnswerType.AGENCY:
        ags = [a for a in agencies_in(unit, gaz) if a[0] not in named]
        specific = [a for a in ags if a[0] not in COLLECTIVES]
        pick = specific or ags
        if not pick:
            return Carried(False, "", -1)
        names: list[str] = []
        for aid, written, _ in pick:
            name = written if unit.lang == lang or aid in COLLECTIVES else gaz.name(aid, lang)
            if name not in names:
                names.append(name)
        return Carried(True, ", ".join(names[:3]), pick[0][2], collective=not specific)
    if kind is AnswerType.NUMBER:
        ms = numbers_in(unit.text)
        if not ms:
            return Carried(False, "", -1)
        ms = [m for m in ms if re.sub(r"\D", "", m.group()) not in asked] or ms
        strong = [m for m in ms if re.search(r"%|phần trăm|percent|at least|ít nhất|tối thiểu|top|-", m.group(), re.I)]
        pool = strong or ms
        m = min(pool, key=lambda x: abs(x.start() - focus)) if focus >= 0 else pool[0]
        return Carried(True, m.group().strip(" ,.;"), m.start())
    if kind is AnswerType.DATE:
        ms = [m for m in _DATE.finditer(unit.text) if not _DOC_DATE.search(m.group())]
        if not ms:
            return Carried(False, "", -1)
        return Carried(True, "; ".join(dict.fromkeys(m.group().strip() for m in ms[:2])), ms[0].start())
    return Carried(True, "", -1)


def term_patterns(terms: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r"(?<![a-z0-9])" + re.escape(t) + (r"(?![a-z0-9])" if len(t) <= 3 else "")) for t in terms)


def unit_coverage(unit: Unit, terms: frozenset[str], groups: tuple[tuple[str, ...], ...], q_lang: str,
                  neutral: frozenset[str], heading: Unit | None = None) -> tuple[float, int]:
    """(share of the question's units found in ``unit``, first position of a match).

    Question words only count against a unit in the same language; across languages only glossary
    terms and language-neutral tokens (numbers, acronyms) can match, so they alone make the share.
    ``heading``: the headings the unit stands under (ClauseTerms.headings); a term they hold counts as held.
    """
    share, _, first = unit_shares(unit, terms, groups, q_lang, neutral, heading)
    return share, first


def unit_shares(unit: Unit, terms: frozenset[str], groups: tuple[tuple[str, ...], ...], q_lang: str,
                neutral: frozenset[str], heading: Unit | None = None,
                weights: Mapping[object, float] | None = None,
                asked_marks: Mapping[str, frozenset] | None = None) -> tuple[float, float, int]:
    """(share, weighted share, first position) in one pass: ``unit_coverage``'s share, and the same share with
    each term or group counting ``weights[it]`` (assistant.term_weights; 0.0 without weights). ``asked_marks``
    (assistant.marks.question_marks): a Vietnamese unit holds a syllable only as the question writes it."""
    w = weights or {}
    same = unit.lang == q_lang
    usable = terms if same else frozenset(t for t in terms if t in neutral)
    # Across languages the question's other words cannot match, but they still ask for something: they
    # count half, so a lone year or acronym ("2030") is not the whole of a question about cables.
    den = len(usable) + len(groups) + 0.5 * (len(terms) - len(usable))
    wden = (sum(w.get(t, 1.0) for t in usable) + sum(w.get(g, 1.0) for g in groups)
            + 0.5 * sum(w.get(t, 1.0) for t in terms if t not in usable))
    if not den:
        return 0.0, 0.0, -1
    hit = whit = 0.0
    first = -1
    marked = asked_marks if asked_marks and unit.lang == "vi" else None
    for t in usable:
        if (t in unit.words or not forms(t).isdisjoint(unit.words)) and (
                marked is None or marks_held(t, unit.text, unit.cache, marked)):
            hit, whit = hit + 1, whit + w.get(t, 1.0)
            p = unit.folded.find(t)
            first = p if first < 0 else min(first, p)
        elif heading is not None and (t in heading.words or not forms(t).isdisjoint(heading.words)) and (
                marked is None or marks_held(t, heading.text, heading.cache, marked)):
            hit, whit = hit + 1, whit + w.get(t, 1.0)
    for g in groups:
        if matches_any(g, unit.folded) or (heading is not None and matches_any(g, heading.folded)):
            hit, whit = hit + 1, whit + w.get(g, 1.0)
    return hit / den, (whit / wden if weights else 0.0), first


def segment_patterns(terms) -> list[re.Pattern[str]]:
    """The question's words as patterns for a segment of a sentence (a word may continue: "develop" in "developing").
    A word of up to three letters only takes a plural ending: those are mostly Vietnamese syllables, and "pha"
    (of "đột phá") must not find "phát", nor "vu" "vững"."""
    return [re.compile(r"(?<![a-z0-9])" + re.escape(t) + (r"(?:s|es)?(?![a-z0-9])" if len(t) <= 3 else ""))
            for t in terms]


def segment_hits(folded: str, pats: list[re.Pattern[str]], groups) -> int:
    """How many of the question's words and glossary terms a folded segment holds."""
    return sum(1 for p in pats if p.search(folded)) + sum(1 for g in groups if matches_any(g, folded))


def asked_years(terms) -> frozenset[str]:
    """The years among the question's words ("2030")."""
    return frozenset(t for t in terms if _YEAR.match(t))


def named_years(terms) -> list[re.Pattern[str]]:
    """Patterns for the years among the question's words ("2030"), to find in folded text."""
    return [re.compile(r"(?<!\d)" + t + r"(?!\d)") for t in sorted(asked_years(terms))]


def cut_span(unit: Unit, at: int, terms=(), groups=(), limit: int = 320, grow: bool = False) -> str:
    """The unit, or for a long one the run of its comma/semicolon segments that holds the answer words
    (``at``) and most of the question's units, kept whole at those boundaries. ``grow``: a description
    keeps the segments before that run too, up to ``limit``: "…blockchain, semiconductors…" says what the
    sentence is about only with "Gradually master … technologies such as: …" before it."""
    text = unit.text
    if len(text) <= limit:
        return text
    cuts = [m.end() for m in re.finditer(r"[,;:]\s+", text)]
    # "by 2030, " leads in to what follows: a segment that short is one with the next, so a span never
    # ends on a bare time phrase.
    bounds = [0]
    for c in cuts:
        if c - bounds[-1] >= _LEAD_IN_CHARS:
            bounds.append(c)
    bounds.append(len(text))
    segs = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i + 1] > bounds[i]]
    folded = [" " + fold(text[a:b]) + " " for a, b in segs]
    pats = segment_patterns(terms)
    # A year the question names picks the part of a long sentence about it: "by 2030, X, and by 2045, Y"
    # answers "by 2030?" with X, and a question naming both with both.
    years = named_years(terms)

    def hits(i: int) -> int:
        return segment_hits(folded[i], pats, groups) + _YEAR_WEIGHT * sum(1 for y in years if y.search(folded[i]))

    best, best_score = (0, 0), -1.0
    for i in range(len(segs)):
        for j in range(i, len(segs)):
            a, b = segs[i][0], segs[j][1]
            if b - a > limit and j > i:
                break
            if at >= 0 and not (a <= at < b):
                continue
            score = sum(hits(k) for k in range(i, j + 1)) - 0.001 * (b - a)
            if score > best_score:
                best, best_score = (i, j), score
    i, j = best
    # Back across commas and colons only: a semicolon ends the previous item ("…on par with advanced
    # countries; Gradually master …" starts afresh).
    while grow and i > 0 and segs[j][1] - segs[i - 1][0] <= limit and not text[: segs[i][0]].rstrip().endswith(";"):
        i -= 1
    while grow and j + 1 < len(segs) and segs[j + 1][1] - segs[i][0] <= limit:
        j += 1
    a, b = segs[i][0], segs[j][1]
    if b - a > limit:
        b = text.rfind(" ", a, a + limit) if text.rfind(" ", a, a + limit) > a else a + limit
    out = text[a:b].strip(" ,;:")
    return ("…" if a else "") + out + ("…" if b < len(text) else "")
