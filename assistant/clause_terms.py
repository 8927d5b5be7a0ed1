"""Every retrieved clause folded and tokenised once, and cut once into sentence units.

``ingest.textnorm.fold`` walks a text character by character; the rerank and the sentence scorer ask
for the same clause texts on every question (issue 17 item 5: folding was ~40 % of the answer time).
Results are cached by citation id and checked against the clause text, so a different index with the
same ids (tests build several) never reads a stale entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.textnorm import fold, words

# Sentence ends, bullets (" - " before a capital) and enumerations ("(ii) ") start a new unit.
# Field lines of table rows ("Lead agency: …") are units of their own, so they can be kept out of quotes.
# Not after abbreviations such as "No." ("Resolution No. 57-NQ/TW").
_SPLIT = re.compile(r"\s*\n+\s*|(?<!\bNo\.)(?<!\bno\.)(?<!\bSố\.)(?<=[.;!?])\s+(?=[^\s\d])"
                    r"|\s+-\s+(?=[A-ZĐÀ-Ỹ])|\s+(?=\((?:i|ii|iii|iv|v|vi|vii)\)\s)")
_MAX_UNIT = 420  # longer sentences are cut again at semicolons and colons
_SUB = re.compile(r"(?<=[;:])\s+")


def singular(w: str) -> str:
    """"satellites" → "satellite", "universities" → "universiti": enough for a question/clause match."""
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "i"
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def forms(w: str) -> frozenset[str]:
    """``w`` and its base forms: plural, "-es", "-ed", "-ing" taken off an English word ("amended" → "amend",
    "drafting" → "draft", "required" → "require"); Vietnamese syllables are too short to be touched."""
    out = {w, singular(w)}
    if len(w) > 5:
        for suffix in ("ing", "ed", "es"):
            if w.endswith(suffix):
                stem = w[: -len(suffix)]
                out |= {stem, stem + "e"}
    return frozenset(out)


def word_set(text: str) -> frozenset[str]:
    return frozenset(f for w in words(text) for f in forms(w))


@dataclass
class Unit:
    """One sentence (or clause segment of a long sentence) of a clause, in one language."""

    text: str
    lang: str
    start: int  # offset in the clause text
    folded: str  # " " + fold(text) + " "
    words: frozenset[str]
    cache: dict[str, object] = field(default_factory=dict)  # per-unit facts computed on demand (agencies…)


@dataclass
class ClauseTerms:
    folded: str  # " " + fold(every text and the title) + " "
    words: frozenset[str]  # folded words of every text and the title, with singulars
    units: dict[str, list[Unit]]  # lang -> sentence units
    # The short headings over the clause ("I- GUIDING VIEWPOINTS", "By 2030"), by language: the context of
    # each of its sentences.
    headings: dict[str, Unit] = field(default_factory=dict)


_CACHE: dict[tuple[str, tuple[object, ...]], tuple[tuple[object, ...], ClauseTerms]] = {}
_CACHE_MAX = 8192


def split_units(text: str, lang: str) -> list[Unit]:
    pieces: list[tuple[int, str]] = []
    pos = 0
    for part in _SPLIT.split(text):
        at = text.find(part, pos)
        pos = at + len(part) if at >= 0 else pos
        if len(part) > _MAX_UNIT:
            sub_pos = 0
            for sub in _SUB.split(part):
                sat = part.find(sub, sub_pos)
                sub_pos = sat + len(sub)
                pieces.append((max(at, 0) + max(sat, 0), sub))
        else:
            pieces.append((max(at, 0), part))
    out = []
    for start, piece in pieces:
        s = piece.strip()
        if s:
            out.append(Unit(s, lang, start, " " + fold(s) + " ", word_set(s)))
    return out


def clause_terms(hit) -> ClauseTerms:
    """The folded forms of ``hit`` (a ``vectorstore`` Hit or anything with citation_id, texts, title)."""
    texts = hit.texts or {getattr(hit, "chunk_lang", "en"): getattr(hit, "chunk_text", "")}
    # Twins arrive in either order (the matched chunk's first); the matched language and its trail give the
    # headings (_headings), so they are part of the key too.
    sig = (*sorted(texts.items()), hit.title or "", getattr(hit, "chunk_lang", ""), *(getattr(hit, "trail", ()) or ()))
    # Keyed by id and text: the same clause can come back with another title (lexical vs fused hits), and
    # an entry per variant beats re-folding on every switch. Strings cache their hash; equal ones compare
    # by identity first, so the lookup costs next to nothing.
    got = _CACHE.get((hit.citation_id, sig))
    if got is not None:
        return got[1]
    body = " ".join([*texts.values(), hit.title or ""])
    terms = ClauseTerms(" " + fold(body) + " ", word_set(body),
                        {lang: split_units(t, lang) for lang, t in texts.items() if t}, _headings(hit, texts))
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[(hit.citation_id, sig)] = (sig, terms)
    return terms


def _headings(hit, texts: dict[str, str]) -> dict[str, Unit]:
    """The short headings a clause's sentences stand under, as one unit per language.

    "According to the guiding viewpoints, who is the key factor?" names section I of 57-NQ/TW, whose
    sentences never say "viewpoint"; 57-NQ/TW II.1 opens "By 2030 - …" and each of its targets is a 2030
    target though only the heading says so. A long heading (the programme's task groups) is content, not
    a scope, and is left out: its words would lift every sentence of the group. Only a numbered section
    heading counts from the trail: its first entry is the document's title and the next may be the
    programme's ("CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ"), which every clause under it shares."""
    trail = [t for t in tuple(getattr(hit, "trail", ()) or ())[1:] if len(t) <= _MAX_HEADING and _SECTION.match(t)]
    title = (hit.title or "").strip()
    own = bool(title) and len(title) <= _MAX_HEADING and title[-1] not in ".;:!?" \
        and getattr(hit, "kind", "") not in _ROWS
    matched = getattr(hit, "chunk_lang", "")
    out: dict[str, Unit] = {}
    for lang, text in texts.items():
        # The trail is the matched twin's; the other twin's sections have their own words.
        parts = [*(trail if lang == matched else ()),
                 *([title] if own and text.startswith(title) and len(text) > len(title) + 20 else ())]
        if parts:
            joined = " · ".join(parts)
            out[lang] = Unit(joined, lang, 0, " " + fold(joined) + " ", word_set(joined))
    return out


_MAX_HEADING = 40
_SECTION = re.compile(r"[IVX]+\s*[-.]\s")
_ROWS = frozenset({"task", "indicator"})


def warm(hits) -> None:
    """Fold a whole index's clauses ahead of the first question (optional; the cache fills lazily)."""
    for h in hits:
        clause_terms(h)
