"""Linking the agency a person typed to the gazetteer, typos included.

Exact names, aliases and shorthand come from the gazetteer (``ingest/data/agencies.json``, data, not
code). When nothing matches exactly, every multi-word alias is aligned word by word against the
question: each word may be off by a small edit distance (optimal string alignment, so "Minitsry" is
one edit from "ministry"), short words must match exactly, and the link is made only when one agency
is clearly closest. Several equally close agencies make a question to ask back, not a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from ingest.gazetteer import Gazetteer, query_tokens


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
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        aliases: dict[tuple[str, ...], str] = {}
        for variant, agency_id in gazetteer.query_aliases().items():
            toks = tuple(variant.split())
            # One-word aliases are acronyms or single names: a typo there is a different word.
            if len(toks) >= 2 and any(len(t) >= 4 for t in toks):
                aliases.setdefault(toks, agency_id)
        self._aliases = sorted(aliases.items(), key=lambda kv: -len(kv[0]))

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
                    lim = _allowed(a)
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

    def canonical(self, agency_id: str, lang: str) -> str:
        """A name the gazetteer resolves exactly, to put in place of the typo."""
        return self.gazetteer.name(agency_id, lang)
