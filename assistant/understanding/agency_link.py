"""Linking the agency a person typed to the gazetteer, typos and short forms included.

Exact names, aliases and shorthand come from the gazetteer (``ingest/data/agencies.json``, data, not
code). When nothing matches exactly, every multi-word alias is aligned word by word against the
question, ignoring connectors ("và", "and", "&", commas): each word may be off by a small edit
distance (optimal string alignment, so "Minitsry" is one edit from "ministry"), short words must
match exactly, the last word may be cut short ("Tech" for "Technology"), and a name may stop early
("Bộ Kế hoạch", "Ministry of Home") when what it keeps still names one body. The link is made only when
one agency is clearly closest; several equally close agencies make a question to ask back, not a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.gazetteer import CASE_SENSITIVE, Gazetteer, query_tokens
from ingest.textnorm import has_vietnamese_marks


def _osa():  # imported on the first typo check: most questions name agencies as written (~30 ms saved)
    from rapidfuzz.distance import OSA

    return OSA


# An abbreviation that is also a word ("most", "go", "mof") typed in lower case is the body only where a
# body stands: right before a role verb ("does most lead", "is mof in charge") or after "led by".
_ROLE_AFTER = r"(?=\s+(?:(?:and|&|va)\s+[\w&]+\s+)?(?:lead|leads|led|coordinate|coordinates|coordinating|" \
    r"co-?lead|co-?leads|is in charge|in charge|chu tri|phoi hop|jointly|together)\b)"
_ROLE_BEFORE = r"\b(led by|coordinated by|lead by|assigned to|tasks of|nhiem vu cua)\s+"
_CONNECTORS = frozenset({",", "&", "and", "va", ";", "-", "/", "."})
# Words every ministry's name starts with: a short form must keep at least one word beyond these.
_HEADS = frozenset({"bo", "ministry", "of", "the", "co", "quan", "uy", "ban", "state", "vietnam", "viet", "nam",
                    "national", "van", "phong", "vien", "academy", "agency", "office", "committee", "hoc"})
MAX_WORDS = 80
_SHORT_WORDS = {"min": "ministry", "minis": "ministry", "govt": "government", "gov": "government"}


@dataclass(frozen=True)
class FuzzyLink:
    agency_id: str | None  # None when ambiguous
    start: int  # offsets of the linked words in the question as typed
    end: int
    distance: float
    candidates: tuple[str, ...] = ()  # the equally close agencies when ambiguous


# A typed word the documents use is taken as written from this length ("minister" is not "ministry" misspelt);
# shorter ones are often a typo of a name, except Vietnamese function words: "khong" (không) in "… thiệt hại
# không?" is not "Phòng" of "Hải Phòng".
_KNOWN_MIN = 6
_FUNCTION_WORDS = frozenset({"khong", "duoc", "nhung", "trong", "theo", "hoac", "dang", "phai", "nhieu", "cung",
                             "chua", "nhat", "nhu", "neu", "thi", "sau", "truoc"})


def _allowed(word: str) -> int:
    """Edits a word of this length may carry and still be the same word."""
    n = len(word)
    return 0 if n <= 3 else 1 if n <= 5 else 2


class AgencyLinker:
    def __init__(self, gazetteer: Gazetteer, known_words: frozenset[str] = frozenset(),
                 known_pairs: frozenset[str] = frozenset()) -> None:
        # A word the documents use ("minister") is a word, not a misspelling of another ("ministry"); a
        # Vietnamese syllable pair they use ("định hướng") is a word, not "Bình Dương" misspelt twice.
        self.known_words = known_words
        self.known_pairs = known_pairs
        self.gazetteer = gazetteer
        aliases: dict[tuple[str, ...], str] = {}
        for variant, agency_id in gazetteer.query_aliases().items():
            toks = tuple(t for t in variant.split() if t not in _CONNECTORS)
            if len(toks) >= 3 or (len(toks) == 2 and any(len(t) >= 4 for t in toks)):
                # One-word aliases are acronyms or single names: a typo there is a different word.
                aliases.setdefault(toks, agency_id)
        self._aliases = sorted(aliases.items(), key=lambda kv: -len(kv[0]))
        # Short forms ("bo ke hoach"): alias prefixes that keep a distinctive word, and the bodies they fit.
        self._prefixes: dict[tuple[str, ...], set[str]] = {}
        for toks, agency_id in self._aliases:
            for k in range(2, len(toks)):
                head = toks[:k]
                # What is kept must name the body: a word beyond "Bộ"/"Ministry of", and half the name.
                # It must also start as a body's name does ("Bộ …", "Ministry of …"): "science and technology"
                # alone is a topic, not the science ministry.
                if head[0] in _HEADS and any(t not in _HEADS and len(t) >= 2 for t in head) \
                        and head[-1] not in ("of", "the") and 2 * k >= len(toks):
                    self._prefixes.setdefault(head, set()).add(agency_id)
        self._lowercase = [(a, re.compile(r"\b" + a.lower() + r"\b" + _ROLE_AFTER),
                            re.compile(_ROLE_BEFORE + a.lower() + r"\b(?!\s+(?:of|the)\b)")) for a in sorted(CASE_SENSITIVE)]

    # -- one word against one word ------------------------------------------------------------------------
    def _word_distance(self, a: str, w: str, last: bool) -> float | None:
        if a == w:
            return 0.0
        if last and len(w) >= 3 and len(a) > len(w) + 1 and a.startswith(w):
            return 1.0  # "Tech" for "Technology"
        lim = 0 if (len(w) >= _KNOWN_MIN and w in self.known_words) or w in _FUNCTION_WORDS else _allowed(a)
        if lim == 0 or abs(len(a) - len(w)) > lim:
            return None
        d = _osa().distance(a, w, score_cutoff=lim)
        return None if d > lim else float(d)

    def _align(self, alias: tuple[str, ...], words: list[str], i: int) -> float | None:
        total = 0.0
        misspelt = known = 0
        for n, (a, w) in enumerate(zip(alias, words[i:i + len(alias)], strict=False)):
            d = self._word_distance(a, w, last=n == len(alias) - 1)
            if d is None:
                return None
            if d:
                misspelt += 1
                known += self._in_a_known_word(words, i + n)
            total += d
        if misspelt >= 2 and known == misspelt:
            return None  # every "typo" is a word the documents use: "định hướng" is not "Bình Dương" misspelt
        return total if i + len(alias) <= len(words) else None

    def _in_a_known_word(self, words: list[str], k: int) -> bool:
        """The syllable at ``k`` forms, with a neighbour, a word the documents' Vietnamese uses."""
        return any(f"{words[a]} {words[a + 1]}" in self.known_pairs for a in (k - 1, k) if 0 <= a < len(words) - 1)

    def fuzzy(self, text: str) -> FuzzyLink | None:
        """The closest agency name to a run of words in ``text`` within typo distance, if any."""
        # An agency is named in the first words of a question; a 2,000-character paste must not cost
        # the alignment of every alias at every position.
        toks = [(t, s, e) for t, s, e in query_tokens(text) if t not in _CONNECTORS][:MAX_WORDS]
        # "bỏ", "bổ", "bó" fold to "bo" too: only "Bộ" (or "Bo"/"bo" typed without any marks) heads a name.
        marks = has_vietnamese_marks(text)
        heads_ok = [t != "bo" or text[s:e] in ("Bộ", "bộ", "BỘ", "Bo", "BO") or (not marks and text[s:e] == "bo")
                    for t, s, e in toks]
        bare_bo = [t == "bo" and text[s:e] == "bo" for t, s, e in toks]
        words = [_SHORT_WORDS.get(t, t) if n + 1 < len(toks) and toks[n + 1][0] == "of" else t
                 for n, (t, _, _) in enumerate(toks)]
        best: dict[str, tuple[float, int, int]] = {}  # agency -> (score, start token, end token)

        def offer(agency_id: str, score: float, i: int, j: int) -> None:
            old = best.get(agency_id)
            if old is None or (score, -(j - i)) < (old[0], -(old[2] - old[1])):
                best[agency_id] = (score, i, j)

        # Where each alias's first word can stand: one word check per distinct first word and position
        # instead of an alignment per alias and position (the alignment fails on the first word anyway).
        starts: dict[str, list[int]] = {}

        def at(first: str) -> list[int]:
            found = starts.get(first)
            if found is None:
                found = starts[first] = [i for i, w in enumerate(words)
                                         if heads_ok[i] and self._word_distance(first, w, last=False) is not None]
            return found

        exact_spans = set()
        for alias, agency_id in self._aliases:
            for i in at(alias[0]):
                if i > len(words) - len(alias):
                    break
                d = self._align(alias, words, i)
                if d is None:
                    continue
                if d == 0:
                    exact_spans.add((i, i + len(alias)))
                # An exact run of words here differs from the alias only in connectors ("và", commas).
                offer(agency_id, d if d else 0.25, i, i + len(alias))
        for head, ids in self._prefixes.items():
            for i in at(head[0]):
                if i > len(words) - len(head):
                    break
                role_next = i + len(head) < len(words) and words[i + len(head)] in ("chu", "phoi")
                if bare_bo[i] and not role_next:
                    # A short form after an unmarked "bo" ("cong bo khoa hoc") is too weak, unless a role
                    # verb follows it where an agency stands ("bo gd chu tri").
                    continue
                d = self._align(head, words, i)
                if d is None or any(a <= i and i + len(head) <= b for a, b in exact_spans):
                    continue
                for agency_id in ids:  # a name cut short is weaker evidence than a whole one
                    offer(agency_id, d + 1.5, i, i + len(head))
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: (kv[1][0], -(kv[1][2] - kv[1][1])))
        top, (top_d, top_i, top_j) = ranked[0]
        if top_d == 0:
            return None  # the gazetteer's own match, nothing to correct
        tied = [a for a, (d, i, j) in ranked if d == top_d and (j - i) == (top_j - top_i)]
        start, end = toks[top_i][1], toks[top_j - 1][2]
        if len(tied) > 1:
            return FuzzyLink(None, start, end, top_d, tuple(tied))
        return FuzzyLink(top, start, end, top_d)

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
    return "vi" if has_vietnamese_marks(text) else "en"
