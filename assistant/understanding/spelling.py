"""A question's typos fixed against the words understanding reads ("dealine" → "deadline", "cordinates" →
"coordinates"), so that the frame reads what was meant.

Only the slips of a typing hand are fixed: one letter left out, one letter doubled or added, two letters
swapped. A letter typed for another ("esports" for "exports") is left alone, as is a word the documents never
use and no slip explains ("dossier", "carbon"): it may be the asker's own word for something the documents do
not hold, and the answer should say so rather than answer for a neighbouring word. Only ASCII words of six
letters or more are looked at; Vietnamese syllables are short and their accents tell them apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"(?<![\w&/-])[A-Za-z]{6,}(?![\w&/-])")
# Only longer words are fixed, and only to longer words: among short ones a slip is often another real word
# ("three" is "there" with two letters swapped).
_MIN_KNOWN = 6


class Speller:
    """``words``: what a typo may be fixed to. ``known``: words that are never typos (the documents' own, in
    both languages: "doanh" is a Vietnamese syllable, not a slip of "danh")."""

    def __init__(self, words: Iterable[str], known: Iterable[str] = ()) -> None:
        self.words = frozenset(w for w in words if len(w) >= _MIN_KNOWN and w.isascii() and w.isalpha())
        self.known = frozenset(known) | self.words
        # every known word with one letter taken out (not its first): a typo missing that letter is one of these
        self._missing: dict[str, set[str]] = {}
        for w in self.words:
            for i in range(1, len(w)):
                self._missing.setdefault(w[:i] + w[i + 1:], set()).add(w)

    def correct(self, word: str) -> str | None:
        """The one known word ``word`` is a slip of, or None (known already, or no single such word)."""
        w = word.lower()
        if w in self.known:
            return None
        found = set(self._missing.get(w, ()))
        found |= {d for i in range(1, len(w)) if (d := w[:i] + w[i + 1:]) in self.words}  # a letter too many
        found |= {s for i in range(1, len(w) - 1)
                  if (s := w[:i] + w[i + 1] + w[i] + w[i + 2:]) != w and s in self.words}  # two letters swapped
        return next(iter(found)) if len(found) == 1 else None

    def fix(self, text: str) -> tuple[str, tuple[str, ...]]:
        """``text`` with its slips fixed, and what was fixed ("resouce→resource")."""
        fixes: list[str] = []

        def repl(m: re.Match[str]) -> str:
            word = m.group()
            if word.isupper():
                return word  # an acronym ("MOLISA"): the gazetteer's to read
            good = self.correct(word)
            if good is None:
                return word
            fixes.append(f"{word}→{good}")
            return good.capitalize() if word[0].isupper() else good

        return _WORD.sub(repl, text), tuple(fixes)


# A Vietnamese syllable, folded: an initial, a vowel run, a final of those Vietnamese allows ("duoi", "nghiep").
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+(?:ch|ng|nh|[cmnpt])?")


def vietnamese_syllable(word: str) -> bool:
    """Whether a folded word could be a Vietnamese syllable ("dưới" → "duoi"); "carbon" and "esports" cannot."""
    return bool(_SYLLABLE.fullmatch(word))

