"""Linking the agency a person typed to the gazetteer, typos included.

Exact names, aliases and shorthand come from the gazetteer (``ingest/data/agencies.json``, data, not
code). When nothing matches exactly, every multi-word alias is aligned word by word against the
question: each word may be off by a small edit distance (optimal string alignment, so "Minitsry" is
one edit from "ministry"), short words must match exactly, and the link is made only when one agency
is clearly closest. Several equally close agencies make a question to ask back, not a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from ingest.gazetteer import CASE_SENSITIVE, Gazetteer, query_tokens

# An abbreviation that is also a word ("most", "go", "mof") typed in lower case is the body only where a
# body stands: right before a role verb ("does most lead", "is mof in charge") or after "led by".
_ROLE_AFTER = r"(?=\s+(?:(?:and|&|va)\s+[\w&]+\s+)?(?:lead|leads|led|coordinate|coordinates|coordinating|" \
    r"co-?lead|co-?leads|is in charge|in charge|chu tri|phoi hop|jointly|together)\b)"
_ROLE_BEFORE = r"\b(led by|coordinated by|lead by|assigned to|tasks of|nhiem vu cua)\s+"


@dataclass(frozen=True)
class FuzzyLink:
    agency_id: str | None  # None when ambiguous
    start: int  # offsets of the linked words in the question as typed
    end: int
    distance: int
    candidates: tuple[str, ...] = ()  # the equally close agencies when ambiguous


def _allowed(word: str) -> int:
    """Edits a word of this length may carry and still be the same word."""
    n = len(word)
    return 0 if n <= 3 else 1 if n <= 5 else 2


class AgencyLinker:
    def __init__(self, gazetteer: Gazetteer, known_words: frozenset[str] = frozenset()) -> None:
        # A word the documents use ("minister") is a word, not a misspelling of another ("ministry").
        self.known_words = known_words
        self.gazetteer = gazetteer
        aliases: dict[tuple[str, ...], str] = {}
        for variant, agency_id in gazetteer.query_aliases().items():
            toks = tuple(variant.split())
            # One-word aliases are acronyms or single names: a typo there is a different word.
            if len(toks) >= 2 and any(len(t) >= 4 for t in toks):
                aliases.setdefault(toks, agency_id)
        self._aliases = sorted(aliases.items(), key=lambda kv: -len(kv[0]))
        self._lowercase = [(a, re.compile(r"\b" + a.lower() + r"\b" + _ROLE_AFTER),
                            re.compile(_ROLE_BEFORE + a.lower() + r"\b(?!\s+(?:of|the)\b)")) for a in sorted(CASE_SENSITIVE)]

    def fuzzy(self, text: str) -> FuzzyLink | None:
        """The closest agency name to a run of words in ``text`` within typo distance, if any."""
        toks = query_tokens(text)
        words = [t for t, _, _ in toks]
        best: dict[str, tuple[int, int, int]] = {}  # agency -> (distance, start token, end token)
        for alias, agency_id in self._aliases:
            m = len(alias)
            for i in range(len(words) - m + 1):
                total = 0
                for a, w in zip(alias, words[i:i + m], strict=True):
                    if a == w:
                        continue
                    lim = 0 if len(w) >= 6 and w in self.known_words else _allowed(a)
                    if lim == 0 or abs(len(a) - len(w)) > lim:
                        total = -1
                        break
                    d = OSA.distance(a, w, score_cutoff=lim)
                    if d > lim:
                        total = -1
                        break
                    total += d
                if total <= 0:
                    continue  # no match, or an exact one the gazetteer would already have found
                # Longer aliases that fit are better evidence than a short one inside them.
                score = (total, -m)
                old = best.get(agency_id)
                if old is None or score < (old[0], -(old[2] - old[1])):
                    best[agency_id] = (total, i, i + m)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: (kv[1][0], -(kv[1][2] - kv[1][1])))
        top_d, top_i, top_j = ranked[0][1]
        tied = [a for a, (d, i, j) in ranked if d == top_d and (j - i) == (top_j - top_i)]
        start, end = toks[top_i][1], toks[top_j - 1][2]
        if len(tied) > 1:
            return FuzzyLink(None, start, end, top_d, tuple(tied))
        return FuzzyLink(ranked[0][0], start, end, top_d)

    def fuzzy_all(self, text: str, limit: int = 3) -> tuple[str, list[str], tuple[str, ...]]:
        """``text`` with every clearly linked typo replaced by the agency's name, the words replaced, and the
        candidates of an ambiguous one. Names already exact are left alone (their words are masked)."""
        fixed: list[str] = []
        for _ in range(limit):
            masked = text
            for m in self.gazetteer.find_mentions(text):
                masked = masked[:m.start] + "#" * (m.end - m.start) + masked[m.end:]
            link = self.fuzzy(masked)
            if link is None:
                return text, fixed, ()
            if link.agency_id is None:
                return text, fixed, link.candidates
            fixed.append(text[link.start:link.end])
            text = text[:link.start] + self.canonical(link.agency_id, _lang_of(text)) + text[link.end:]
        return text, fixed, ()

    def lowercase_abbreviations(self, text: str) -> str:
        """Upper-case "most", "mof", "go" where they stand as a body (see ``_ROLE_AFTER``)."""
        for abbr, after, before in self._lowercase:
            text = after.sub(abbr, text)
            text = before.sub(lambda m, a=abbr: m.group(1) + " " + a, text)
        return text

    def canonical(self, agency_id: str, lang: str) -> str:
        """A name the gazetteer resolves exactly, to put in place of the typo."""
        return self.gazetteer.name(agency_id, lang)


def _lang_of(text: str) -> str:
    from ingest.textnorm import has_vietnamese_marks

    return "vi" if has_vietnamese_marks(text) else "en"
