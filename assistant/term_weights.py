"""How much each of a question's words says: a word most clauses hold ("rate", "2030", "tỷ lệ") weighs
less than one few hold ("non-cash transactions").

A sentence that holds "rate" and "2030" covered two thirds of "tỷ lệ giao dịch không dùng tiền mặt đến
2030" as much as the one holding "non-cash transactions" and "2030" did, and the first of them won: the
sentence scorer counted every question unit as one. The weights are inverse clause frequencies over the
knowledge base, both languages, computed once per index. They break ties between sentences holding as many
of the question's units (assistant.passage_compose._SPECIFIC); coverage itself, which the abstention
thresholds read, stays a plain share: weighting it moved the tuning split's answers the wrong way
(direct key facts 0.946 → 0.933 at the eleventh stop).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable

from assistant.clause_terms import forms, word_set
from assistant.glossary import matches_any
from ingest.textnorm import fold

# A unit every clause holds still says something (it is why the question was asked): it keeps this much.
_FLOOR = 0.35
# A unit at least this rare (held by roughly one clause in 20 or fewer) says what the question is about.
RARE = 0.85
# A verb, an adverb or an adjective of the asker's ("synced", "specialised", "finished", "strictly") says how
# something is asked, not what it is about; the things a question names are nouns ("carbon", "esports").
_INFLECTED = re.compile(r"(?:ed|ing|ly)$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CODE = re.compile(r"\d+[a-z]+|[a-z]+\d+")  # "6g", "b5": a name, not a number


class TermWeights:
    """Inverse clause frequency of a folded word or a glossary group, scaled into [_FLOOR, 1]."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._folded: list[str] = []
        df: Counter[str] = Counter()
        for t in texts:
            self._folded.append(" " + fold(t) + " ")
            df.update(word_set(t))
        self._df = df
        self._vocab = sorted(df)
        self._n = max(len(self._folded), 2)
        self._groups: dict[tuple[str, ...], float] = {}

    def _scaled(self, df: int) -> float:
        idf = math.log(self._n / max(df, 1)) / math.log(self._n)
        return _FLOOR + (1 - _FLOOR) * max(0.0, min(1.0, idf))

    def term(self, t: str) -> float:
        return self._scaled(max((self._df.get(f, 0) for f in forms(t)), default=0))

    def group(self, g: tuple[str, ...]) -> float:
        got = self._groups.get(g)
        if got is None:
            got = self._groups[g] = self._scaled(sum(1 for f in self._folded if matches_any(g, f)))
        return got

    def of(self, terms: Iterable[str], groups: Iterable[tuple[str, ...]]) -> dict[object, float]:
        """The weight of each of a question's units, keyed by the term or the group itself."""
        out: dict[object, float] = {t: self.term(t) for t in terms}
        out.update({g: self.group(g) for g in groups})
        return out

    def rare_units(self, terms: Iterable[str], groups: Iterable[tuple[str, ...]],
                   at_least: float = RARE) -> tuple[object, ...]:
        """The question's rare named things that some clause holds: a glossary term ("basic research", "Global
        Innovation Index", "coverage") or a code such as "6G". A figure answers only from a sentence holding
        one of them. Plain words are left out: the asker's own "minimum" or "additional" may be rare in the
        texts and still not say what the question is about."""
        out: list[object] = [t for t in terms if _CODE.fullmatch(t) and self._df.get(t, 0) > 0
                             and self.term(t) >= at_least]
        for g in groups:
            if self.group(g) >= at_least and any(matches_any(g, f) for f in self._folded):
                out.append(g)
        return tuple(out)

    def unheard(self, terms: Iterable[str]) -> list[str]:
        """The question's words no clause holds in any form ("carbon", "esports", or the asker's own "dossier"):
        a row matched on the other words is then only the closest one, not the one asked about."""
        return sorted(t for t in terms if len(t) > 2 and not any(c.isdigit() for c in t)
                      and not any(self._df.get(f, 0) for f in forms(t)))

    def unheard_year(self, t: str) -> bool:
        """Whether ``t`` is a year ("2035") that no clause names: nothing the documents set is for it."""
        return bool(_YEAR.fullmatch(t)) and not self._df.get(t, 0)

    def foreign(self, terms: Iterable[str], groups: Iterable[tuple[str, ...]]) -> list[str]:
        """The unheard words that name something ("carbon", "esports"): not the asker's small words ("gone",
        "far"), not a Vietnamese syllable the texts happen not to use ("dưới"), not a glossary form ("firms")
        or shorthand ("CBCCVC")."""
        from assistant.understanding import words as W
        from assistant.understanding.spelling import vietnamese_syllable

        glossed = {w for g in groups for a in g for w in fold(a).split()}
        shorthand = W.terms("scope", "domain_shorthand") | W.terms("scope", "asker_verbs") | W.all_words()
        return [w for w in self.unheard(terms) if len(w) >= 5 and not vietnamese_syllable(w) and w not in glossed
                and w not in shorthand and not _INFLECTED.search(w) and not self._derived(w)]

    def _derived(self, w: str) -> bool:
        """Whether the texts use a word derived from ``w`` ("performance" for the asker's "perform"): the thing
        it names is in the documents, only in another form."""
        stem = w[:max(5, len(w) - 2)]
        at = bisect.bisect_left(self._vocab, stem)
        return at < len(self._vocab) and self._vocab[at].startswith(stem)


def held_in(x: object, words: frozenset[str] | set[str], folded: str) -> bool:
    """Whether a text (its word forms and its folded text) holds one rare unit: a glossary term in so many words
    or with its words apart ("R&D expenditure" in "(R&D) expenditure"), or a word in any of its forms."""
    if isinstance(x, tuple):
        return matches_any(x, folded) or any(word_set(a) <= words for a in x)
    return not forms(x).isdisjoint(words)


def holds_rare(text: str, rare: tuple) -> bool:
    """Whether ``text`` holds one of ``rare`` (TermWeights.rare_units); True when there are none."""
    if not rare:
        return True
    held, folded = word_set(text), " " + fold(text) + " "
    return any(held_in(x, held, folded) for x in rare)
