"""Query expansion across the language gap, from a small bilingual glossary (assistant/data/glossary.json)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ingest.errors import ConfigError
from ingest.textnorm import fold, has_vietnamese_marks


@dataclass(frozen=True)
class _Pair:
    vi: str
    en: tuple[str, ...]  # alternatives
    vi_f: str  # folded, for the cheap substring test that comes before any pattern
    en_f: tuple[str, ...]

    @property
    def vi_re(self) -> re.Pattern[str]:
        return _term(re.escape(self.vi_f))

    @property
    def en_re(self) -> re.Pattern[str]:
        # English forms also match their plural ("satellites" for "satellite").
        return _term("|".join(re.escape(f) + ("(?:s|es)?" if a[-1:].isalpha() else "") for a, f in zip(self.en, self.en_f, strict=True)))


@lru_cache(maxsize=1)
def _pairs() -> tuple[_Pair, ...]:
    return parse_pairs(resources.files("assistant.data").joinpath("glossary.json").read_text(encoding="utf-8"))


def parse_pairs(raw: str) -> tuple[_Pair, ...]:
    """The glossary file's pairs; a pair not written ``["Vietnamese term", "English|other forms"]`` is a
    ConfigError that names it (one bad pair would otherwise stop every answer)."""
    out = []
    for n, pair in enumerate(json.loads(raw)["pairs"]):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) and x.strip() for x in pair)):
            raise ConfigError(f"assistant/data/glossary.json pair {n} is {pair!r}: write it as "
                              '["Vietnamese term", "English|other English forms"]')
        vi, en = pair
        alts = tuple(a.strip() for a in en.split("|") if a.strip())
        out.append(_Pair(vi, alts, fold(vi), tuple(fold(a) for a in alts)))
    return tuple(out)


@lru_cache(maxsize=2048)
def _term(body: str) -> re.Pattern[str]:
    # Compiled on first need: a question names a few of the ~440 terms, and compiling all of them cost
    # a one-shot `nq57 ask` ~0.1 s (issue 17).
    return re.compile(r"(?<![a-z0-9])(?:" + body + r")(?![a-z0-9])")


# Vietnamese "ai" is "who": "ai là nhân tố then chốt", "do ai chủ trì", unaccented "ai la", "la ai".
_WHO_AI = re.compile(r"(?<![a-z0-9])(?:ai (?:la|chu tri|phu trach|lam|se|duoc|can|phai|thuc hien)|(?:la|do|cua|cho|voi"
                     r"|giao) ai)(?![a-z0-9])")


_ABOUT_AI = re.compile(r"\b(?:ve|noi gi ve|linh vuc) ai\s*\??\s*$")


def _acronym_named(text: str, folded: str, alt: str, alt_f: str) -> bool:
    """An all-capitals alternative ("AI", "DX") is named as written; lower case only in an English question
    that is not asking "who" in Vietnamese ("ai là …" is "who is …", not artificial intelligence)."""
    from assistant.understanding.parse import detect_language  # parse reads the glossary: imported late

    typed = {alt, alt.replace("Đ", "D")}  # "DMST" is "ĐMST" typed without its bar
    if any(re.search(r"(?<![A-Za-z0-9])" + re.escape(a) + r"(?![A-Za-z0-9])", text) for a in typed):
        return True
    if has_vietnamese_marks(text) or _WHO_AI.search(folded) or not _term(re.escape(alt_f)).search(folded):
        return False
    # Vietnamese typed without marks ("co che ... de thu hut ai?"): "ai" is "who", except as what the
    # resolution speaks "about" ("nghi quyet 57 noi gi ve ai").
    return detect_language(text) == "en" or bool(_ABOUT_AI.search(folded))


@lru_cache(maxsize=64)
def _syllable(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)")


_TOKEN = re.compile(r"[\wÀ-ỹ]+")


def _marks(syllable: str) -> tuple[str, list[str]]:
    """A syllable's letters and its marks wherever the tone sits ("hóa" and "hoá" are one syllable)."""
    nfd = unicodedata.normalize("NFD", syllable)
    return fold(syllable), sorted(ch for ch in nfd if unicodedata.combining(ch))


def _marks_agree(low: str, term: str) -> bool:
    """Whether some place where the text's syllables fold to ``term``'s writes them as the term does, or all of
    them bare (a phrase typed without marks). "mục tiêu chi cho R&D" (target spending) writes "tiêu" marked and
    "chi" bare: it does not name "tiêu chí" (criteria)."""
    tokens, want = _TOKEN.findall(low), _TOKEN.findall(term)
    folded = [fold(t) for t in tokens]
    want_f = [fold(t) for t in want]
    n = len(want)
    for i in range(len(tokens) - n + 1):
        if folded[i:i + n] != want_f:
            continue
        got = tokens[i:i + n]
        if all(_marks(t) == _marks(w) for t, w in zip(got, want, strict=True)) or got == want_f:
            return True
    return False


def _found(text: str) -> list[tuple[_Pair, bool]]:
    """The glossary pairs ``text`` names, each with whether it named the Vietnamese side."""
    f = " " + fold(text) + " "
    accented = has_vietnamese_marks(text)
    low = text.lower()
    out: list[tuple[_Pair, bool]] = []
    for p in _pairs():
        if p.vi_f in f and p.vi_re.search(f):
            if accented and " " not in p.vi and not _syllable(p.vi).search(low):
                continue  # one syllable folded is many words: "quy" of "quy định" is not "quỹ" (fund)
            if accented and " " in p.vi and not _marks_agree(low, p.vi.lower()):
                continue  # "mục tiêu chi cho R&D" (target spending) does not name "tiêu chí" (criteria)
            out.append((p, True))
        elif any(a in f for a in p.en_f) and p.en_re.search(f):
            words = [(a, af) for a, af in zip(p.en, p.en_f, strict=True) if _term(re.escape(af) + "(?:s|es)?").search(f)]
            if all(a.isupper() and len(a) <= 4 for a, _ in words) and not any(
                    _acronym_named(text, f, a, af) for a, af in words):
                continue
            out.append((p, False))
    return out


def expansions(text: str) -> list[tuple[str, ...]]:
    """For each glossary term in ``text``, all its equivalents (any one of them will do).

    Both languages, and the English alternatives too: Resolution 57 says "network security" where a
    user types "cybersecurity".
    """
    return list(dict.fromkeys((p.vi, *p.en) for p, _ in _found(text)))


@lru_cache(maxsize=512)
def _any_form(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    return _term("|".join(re.escape(fold(a)) for a in alternatives))


def matches_any(alternatives: tuple[str, ...], folded_text: str) -> bool:
    # Called for every retrieved clause of every question: one compiled pattern per group, not per form.
    return bool(_any_form(alternatives).search(folded_text))


def expand_query(text: str) -> str:
    """The question plus the other language's words for each glossary term it contains."""
    extra = list(dict.fromkeys(" ".join(p.en) if named_vi else p.vi for p, named_vi in _found(text)))
    return text if not extra else f"{text} {' '.join(extra)}"
