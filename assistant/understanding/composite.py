"""A question that asks two things, as two questions: "What council does section IV set up, and by when
should the policies be completed?" is answered part by part, and both answers are stated.

Only the shape is decided here (the words that start or carry an ask are data: question.json
``second_ask_en`` / ``second_ask_vi``); the passage handler answers each part and keeps the split only
when both parts are answered.
"""

from __future__ import annotations

import re

from assistant.understanding import words as W
from ingest.textnorm import fold, words

_TIME_WORDS = frozenset({"han", "den", "nam", "thoi", "gian", "ngay", "thang", "when", "due", "date", "year", "deadline"})
_SEP = re.compile(r"\s*,\s*(?:and\s+|và\s+|va\s+)?|\s*;\s*|\s+and\s+(?=\S)")
MIN_PART_WORDS = 2  # a part with fewer content words borrows the first part's topic ("…, hạn đến năm nào?")


def split_asks(text: str, lang: str, content: set[str] | None = None) -> tuple[str, ...]:
    """Two questions when ``text`` asks two things, else ``()``; ``content`` names the words that count.
    The second keeps its own words last, so its answer type is read from them (``asked_type``)."""
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
        asks = set(words(" ".join(W.terms("question", "second_ask_vi") | W.terms("question", "second_ask_en"))))
        terms = [w for w in words(second) if (content is None or w in content) and w not in asks | _TIME_WORDS]
        if len(terms) < MIN_PART_WORDS:
            second = f"{first.rstrip('?')} {second}"
        return first.rstrip(" ,;") + ("" if first.endswith("?") else "?"), second
    return ()


def asked_types(parts: tuple[str, ...], lang: str) -> tuple[tuple[str, str], ...]:
    """(part, answer type) for each part; a part that borrowed the first one's topic is typed by its own words."""
    from assistant.answer_type import expected_answer_type

    out = []
    for n, part in enumerate(parts):
        own = part[len(parts[0].rstrip("?")):].strip() if n and part.startswith(parts[0].rstrip("?")) else part
        out.append((part, str(expected_answer_type(own, fold(own), lang))))
    return tuple(out)
