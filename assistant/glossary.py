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


def _found(text: str) -> list[tuple[_Pair, bool]]:
    """The glossary pairs ``text`` names, each with whether it named the Vietnamese side."""
    f = " " + fold(text) + " "
    out: list[tuple[_Pair, bool]] = []
    for p in _pairs():
        if p.vi_re.search(f):
            out.append((p, True))
        elif p.en_re.search(f):
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
    return _term("|".join(re.escape(fold(a)) for a in alternatives), raw=True)


def matches_any(alternatives: tuple[str, ...], folded_text: str) -> bool:
    # Called for every retrieved clause of every question: one compiled pattern per group, not per form.
    return bool(_any_form(alternatives).search(folded_text))


def expand_query(text: str) -> str:
    """The question plus the other language's words for each glossary term it contains."""
    extra = list(dict.fromkeys(" ".join(p.en) if named_vi else p.vi for p, named_vi in _found(text)))
    return text if not extra else f"{text} {' '.join(extra)}"
