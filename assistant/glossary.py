"""Query expansion across the language gap, from a small bilingual glossary (assistant/data/glossary.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ingest.textnorm import fold


@dataclass(frozen=True)
class _Pair:
    vi: str
    en: tuple[str, ...]  # alternatives
    vi_re: re.Pattern[str]
    en_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _pairs() -> tuple[_Pair, ...]:
    raw = resources.files("assistant.data").joinpath("glossary.json").read_text(encoding="utf-8")
    out = []
    for vi, en in json.loads(raw)["pairs"]:
        alts = tuple(a.strip() for a in en.split("|") if a.strip())
        # English forms also match their plural ("satellites" for "satellite").
        en_body = "|".join(re.escape(fold(a)) + ("(?:s|es)?" if a[-1:].isalpha() else "") for a in alts)
        out.append(_Pair(vi, alts, _term(fold(vi)), _term(en_body, raw=True)))
    return tuple(out)


def _term(folded: str, *, raw: bool = False) -> re.Pattern[str]:
    body = folded if raw else re.escape(folded)
    return re.compile(r"(?<![a-z0-9])(?:" + body + r")(?![a-z0-9])")


def expansions(text: str) -> list[tuple[str, ...]]:
    """For each glossary term in ``text``, all its equivalents (any one of them will do).

    Both languages, and the English alternatives too: Resolution 57 says "network security" where a
    user types "cybersecurity".
    """
    f = " " + fold(text) + " "
    out: list[tuple[str, ...]] = []
    for p in _pairs():
        if p.vi_re.search(f) or p.en_re.search(f):
            out.append((p.vi, *p.en))
    return list(dict.fromkeys(out))


def matches_any(alternatives: tuple[str, ...], folded_text: str) -> bool:
    return any(_term(fold(a)).search(folded_text) for a in alternatives)


def expand_query(text: str) -> str:
    """The question plus the other language's words for each glossary term it contains."""
    f = " " + fold(text) + " "
    extra: list[str] = []
    for p in _pairs():
        if p.vi_re.search(f):
            extra.append(" ".join(p.en))
        elif p.en_re.search(f):
            extra.append(p.vi)
    extra = list(dict.fromkeys(extra))
    return text if not extra else f"{text} {' '.join(extra)}"
