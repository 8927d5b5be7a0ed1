"""A question that asks two things, as two questions: "What council does section IV set up, and by when
should the policies be completed?" is answered part by part, and both answers are stated.

Only the shape is decided here (the words that start or carry an ask are data: question.json
``second_ask_en`` / ``second_ask_vi``); the passage handler answers each part and keeps the split only
when both parts are answered.
"""

from __future__ import annotations

import re
from functools import cache

from assistant.understanding import words as W
from ingest.textnorm import fold, words

_TIME_WORDS = frozenset({"han", "den", "nam", "thoi", "gian", "ngay", "thang", "when", "due", "date", "year", "deadline"})
_SEP = re.compile(r"\s*,\s*(?:and\s+|và\s+|va\s+)?|\s*;\s*|\s+and\s+(?=\S)")
MIN_PART_WORDS = 2  # a part with fewer content words borrows the first part's topic ("…, hạn đến năm nào?")


@cache
def _ask_words() -> frozenset[str]:
    """The words of the ask patterns themselves ("bao nhieu", "by when"): not a part's topic."""
    return frozenset(words(" ".join(W.terms("question", "second_ask_vi") | W.terms("question", "second_ask_en"))))


def split_asks(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    """(question, its own words) for each of two asks when ``text`` asks two things, else ``()``.
    A second ask without a topic of its own is asked with the
    first one's; its own words stay apart so its answer type is read from them (``asked_types``)."""
    def has_ask(part: str, name: str) -> bool:
        return bool(W.pattern("question", name).search(fold(part)))

    def starts_ask(part: str) -> bool:
        m = W.pattern("question", "second_ask_en").search(fold(part))
        return m is not None and m.start() == 0

    for m in _SEP.finditer(text):
        first, second = text[: m.start()].strip(), text[m.end():].strip()
        if not first or not second:
            continue
        if lang == "vi":
            ok = has_ask(first, "second_ask_vi") and has_ask(second, "second_ask_vi")
        else:
            ok = starts_ask(second) and has_ask(first, "second_ask_en")
        if not ok:
            continue
        from assistant.answer_passage import content_terms

        content, skip = content_terms(second), _ask_words() | _TIME_WORDS
        terms = [w for w in words(second) if w in content and w not in skip]
        asked = f"{first.rstrip('?')} {second}" if len(terms) < MIN_PART_WORDS else second
        years = [y for y in re.findall(r"\b(?:19|20)\d\d\b", first) if y not in asked]
        if years:
            # "NQ57 vision to 2045 - how many …, and where should Vietnam rank?": the year is the second's too
            asked = f"{asked.rstrip('?')} ({', '.join(dict.fromkeys(years))})?"
        first = first.rstrip(" ,;") + ("" if first.endswith("?") else "?")
        return (first, first), (asked, second)
    return ()


def horizon_asks(text: str, kind: str, horizons: tuple[int, ...]) -> tuple[tuple[str, str], ...]:
    """"How many … by 2030 and 2045?": one ask per horizon, each the question with the other year left out,
    so each year's figure is stated (the 2030 goals and the 2045 vision are different sentences)."""
    if len(horizons) != 2:
        return ()
    a, b = (str(y) for y in horizons)
    return ((re.sub(rf"\b{b}\b", " ", text), kind), (re.sub(rf"\b{a}\b", " ", text), kind))


def asked_types(asks: tuple[tuple[str, str], ...], lang: str) -> tuple[tuple[str, str], ...]:
    """(question, answer type) for each ask, the type read from the ask's own words."""
    from assistant.answer_type import expected_answer_type

    return tuple((question, str(expected_answer_type(own, fold(own), lang))) for question, own in asks)
