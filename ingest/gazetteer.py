"""The agency gazetteer: every body the documents name, and every way people write it.

Agency names contain commas ("Bộ Văn hóa, Thể thao và Du lịch"), so cells are resolved by
longest alias match over the folded text, never by splitting on commas.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ingest.errors import AgencyResolutionError, CorpusError
from ingest.models import Agency
from ingest.textnorm import fold, words

# Abbreviations that are ordinary words once lower-cased ("một" folds to "mot", "gì" to "gi"):
# in free text they only count when typed in capitals.
_CASE_SENSITIVE = {"MOST", "GO", "NA", "MOT", "MOC", "GI", "MOD", "MAE", "BTC", "BCT", "SPC", "SPP", "MOF", "VNA", "BNG"}
CASE_SENSITIVE = frozenset(_CASE_SENSITIVE)  # abbreviations that are also words: matched in capitals only
_SEPARATORS = re.compile(r"^(?:\s|,|;|\.|\band\b|\bva\b|\bcung\b|\bwith\b|-(?=\s|$))+")
# "các địa phương Bắc Ninh, Bình Dương" names provinces; the lead-in is not the LOCALITIES collective.
_PROVINCE_LEAD_IN = re.compile(r"^(?:cac\s+)?(?:dia phuong|tinh|localities(?: of)?|provinces(?: of)?)\s+")

COLLECTIVES = ("ALL", "MINISTRIES", "LOCALITIES", "ENTERPRISES", "MISSIONS")


def key(text: str) -> str:
    """Matching key: folded, with the spacing around '&' and '-' that people vary removed."""
    k = fold(text)
    k = re.sub(r"\s*&\s*", "&", k)
    k = re.sub(r"\s*-\s*", " - ", k)
    return re.sub(r"\s+", " ", k).strip()


# -- query keys: the looser form used for questions (never for table cells) ---------------------------
# People write "&" for "và"/"and", and join the parts of an abbreviation with "&", "-", "/", a space
# or nothing: "Bộ KH&CN", "Bộ KH-CN", "Bộ KH/CN", "bo kh cn", "Bộ KHCN". In a query key "và", "and"
# and "&" are one token "&"; a "-" or "/" (or a space) between two abbreviation parts is "&" too, and
# elsewhere a "-" or "/" separates words like a space. Every alias is also registered with its
# abbreviation parts run together ("bo kh & cn" -> "bo khcn"), so the text itself is never merged and
# "BKHCN-BTTTT" still names both bodies.
_QUERY_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_ABBREV_PART = re.compile(r"[b-df-hj-np-tv-xz]+")  # consonants only ("kh", "cn", "gd", "dt", "bttt")
_CONJUNCTIONS = frozenset({"&", "va", "and"})
_CHAR_MAP = {"đ": "d", "ð": "d", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
             "\u00a0": " ", "\u200b": " ", "\ufeff": " "}
# Place names whose unmarked form is also an ordinary word: "đa năng" (multi-purpose) and "hai phòng"
# (two rooms) fold like Đà Nẵng and Hải Phòng. Typed with these marks, they are the words.
_MARKED_WORDS = ("đa năng", "hai phòng", "huệ", "huề")
# The words before a body that a text is submitted to ("trình TTCP", "submit it to the NA"): find_mentions.
_RECIPIENT = re.compile(r"(?:\btrinh|\bsubmi(?:t|ts|tted|tting|ssion) (?:it |them |this |these )?to(?: the)?)\s+$")

# Kinds whose names are also ordinary words, and the talk of assignments that makes them agencies.
_CONTEXTUAL_KINDS = frozenset({"collective", "province"})
_ROLE_CONTEXT = re.compile(
    r"\b(?:tasks?|nhiem vu|assign\w*|responsib\w*|cong viec|dut(?:y|ies)|roles?|vai tro|lead\w*|led|in charge|"
    r"chu tri|phu trach|trach nhiem|duoc giao|giao cho|coordinat\w*|phoi hop|support\w*|assist\w*|cooperat\w*|"
    r"joint\w*|together|co-?lead\w*|co-?led|involv\w*|tham gia|participat\w*|deliver\w*|deadlines?|due|"
    r"thoi han|han chot|den han|het han|qua han|what about|how about|thi sao|merg\w*|sap nhap|nhap vao|"
    r"hop nhat|successors?|predecessors?|lam gi|lam nhung gi)\b"
    r"|\b(?:must|should|shall|has to|have to|will|do|does|is|are|can)\b.{0,60}\b(?:do|doing)\b"
)
# What may stand around names in a text that is only names ("tỉnh Bắc Giang", "the HCMC").
_NAME_FILLER = frozenset({"the", "all", "cac", "tinh", "thanh", "pho", "tp", "province", "city", "and", "va", "of"})


def _only_names(text: str, mentions: list[Mention]) -> bool:
    rest = list(text)
    for m in mentions:
        rest[m.start:m.end] = " " * (m.end - m.start)
    return all(w in _NAME_FILLER for w in re.findall(r"[a-z0-9]+", fold("".join(rest))))


def _is_part(token: str) -> bool:
    return _ABBREV_PART.fullmatch(token) is not None


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One typed character as the query key spells it (lower case, marks dropped, đ -> d); memoised
    because a question's text is folded by several linkers and per-character Unicode work adds up."""
    return "".join(_CHAR_MAP.get(c, c) for c in unicodedata.normalize("NFD", ch.lower())
                   if unicodedata.category(c) != "Mn")


def query_tokens(text: str) -> list[tuple[str, int, int]]:
    """Query-key tokens of ``text``, each with its start and end offset in ``text`` itself."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded_ch = _fold_char(ch)
        chars.append(folded_ch)
        origin.extend([i] * len(folded_ch))
    folded = "".join(chars)
    raw = [(m.group(), origin[m.start()], origin[m.end() - 1] + 1) for m in _QUERY_TOKEN.finditer(folded)]
    out: list[tuple[str, int, int]] = []
    for i, (tok, start, end) in enumerate(raw):
        prev = raw[i - 1][0] if i else ""
        nxt = raw[i + 1][0] if i + 1 < len(raw) else ""
        if tok in _CONJUNCTIONS:
            out.append(("&", start, end))
        elif tok in ("-", "/"):
            if _is_part(prev) and _is_part(nxt):
                out.append(("&", start, end))
        else:
            if _is_part(tok) and _is_part(prev) and out and out[-1][0] == prev:
                out.append(("&", out[-1][2], start))  # "gd dt", "TT TT": parts apart by a space
            out.append((tok, start, end))
    return out


_B_ACRONYM = re.compile(r"B[A-ZĐ&]{1,6}")


def query_key(text: str) -> str:
    return " ".join(t for t, _, _ in query_tokens(text))


def _query_variants(name: str) -> set[str]:
    """The query key of an alias, and the same with any of its abbreviation parts run together."""
    toks = [t for t, _, _ in query_tokens(name)]
    joins = [i for i in range(1, len(toks) - 1) if toks[i] == "&" and _is_part(toks[i - 1]) and _is_part(toks[i + 1])]
    variants: set[str] = set()
    for drop in itertools.product((False, True), repeat=len(joins)):
        dropped = {i for i, d in zip(joins, drop, strict=True) if d}
        words: list[str] = []
        glue = False
        for i, t in enumerate(toks):
            if i in dropped:
                glue = True
                continue
            if glue:
                words[-1] += t
                glue = False
            else:
                words.append(t)
        variants.add(" ".join(words))
    variants.discard("")
    return variants


@dataclass(frozen=True)
class Mention:
    agency_id: str
    start: int  # offsets in the text as given
    end: int
    text: str  # the words as written there


class Gazetteer:
    def __init__(self, agencies: list[Agency]) -> None:
        self.agencies = agencies
        self._by_id = {a.id: a for a in agencies}
        self._alias: dict[str, str] = {}
        self._cs_alias: dict[str, str] = {}
        for a in agencies:
            # Ids of collectives ("ALL", "PARTY") are words, not names anyone types for the body.
            own_id = () if a.kind in ("collective", "party", "province") else (a.id,)
            for name in (a.name_vi, a.name_en, *own_id, *a.aliases):
                if name in _CASE_SENSITIVE:
                    self._cs_alias[name] = a.id
                    continue
                k = key(name)
                if not k:
                    continue
                other = self._alias.get(k)
                if other and other != a.id:
                    raise CorpusError(f"alias {name!r} names both {other} and {a.id}", file="agencies.json")
                self._alias[k] = a.id
        # Questions are matched on the looser query keys (see ``query_tokens``).
        self._query_alias: dict[str, str] = {}
        for a in agencies:
            own_id = () if a.kind in ("collective", "party", "province") else (a.id,)
            for name in (a.name_vi, a.name_en, *own_id, *a.aliases):
                if name in _CASE_SENSITIVE:
                    continue
                for variant in _query_variants(name):
                    other = self._query_alias.get(variant)
                    if other and other != a.id:
                        raise CorpusError(f"alias {name!r} names both {other} and {a.id} (as {variant!r})",
                                          file="agencies.json")
                    self._query_alias[variant] = a.id
        # "Bộ TC", "bo TTTT": a ministry's B-acronym (BTC, BTTTT) written with "Bộ" spelt out, as staff type it.
        for a in agencies:
            if a.kind != "ministry":
                continue
            for name in a.aliases:
                # "Bộ CA" could be "bộ cả" and "Bộ CT" is also the Politburo (Bộ Chính trị): only a rest that no
                # Vietnamese word spells (no vowel but a leading "Y" of "Y tế") is taken as a ministry's.
                if _B_ACRONYM.fullmatch(name) and not re.search(r"[AEIOU]|(?<!^)Y", name[1:]) and name != "BCT":
                    for variant in _query_variants("Bộ " + name[1:]):
                        self._query_alias.setdefault(variant, a.id)
        self._query_pattern = re.compile(
            r"(?<![^ ])(" + "|".join(map(re.escape, sorted(self._query_alias, key=len, reverse=True))) + r")(?![^ ])"
        )
        self._strict_alias = dict(self._alias)
        for name, agency_id in self._cs_alias.items():
            self._strict_alias.setdefault(key(name), agency_id)
        # Table cells are official text, where "VNA" or "GO" can only be the body itself.
        self._strict_pattern = self._compile(self._strict_alias)
        self._cs_pattern = re.compile(r"\b(" + "|".join(sorted(self._cs_alias, key=len, reverse=True)) + r")\b")

    @staticmethod
    def _compile(aliases: dict[str, str]) -> re.Pattern[str]:
        alts = sorted(aliases, key=len, reverse=True)
        return re.compile(r"(?<![a-z0-9&])(" + "|".join(map(re.escape, alts)) + r")(?![a-z0-9&])")

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        if path is None:
            raw = resources.files("ingest.data").joinpath("agencies.json").read_text(encoding="utf-8")
        else:
            raw = path.read_text(encoding="utf-8")
        try:
            data = json.loads(raw)
            return cls([Agency.from_dict(d) for d in data["agencies"]])
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"the agency gazetteer is malformed: {exc}", file=str(path or "agencies.json")) from exc

    # -- look-ups -----------------------------------------------------------------------------
    def get(self, agency_id: str) -> Agency:
        return self._by_id[agency_id]

    def __contains__(self, agency_id: object) -> bool:
        return agency_id in self._by_id

    def name(self, agency_id: str, lang: str = "en") -> str:
        a = self._by_id.get(agency_id)
        if a is None:
            return agency_id
        return a.name_vi if lang == "vi" else a.name_en

    def name_words(self, agency_id: str) -> frozenset[str]:
        """The folded words of an agency's names and aliases (empty for an unknown id): a question's words
        that only name the agency, not what is asked about it."""
        a = self._by_id.get(agency_id)
        if a is None:
            return frozenset()
        return frozenset(w for n in (a.name_en, a.name_vi, *a.aliases) for w in words(n or ""))

    def query_aliases(self) -> dict[str, str]:
        """Every alias as questions are matched (query keys) -> agency id."""
        return dict(self._query_alias)

    def is_collective(self, agency_id: str) -> bool:
        return agency_id in COLLECTIVES

    # -- strict resolution of table cells --------------------------------------------------------
    def resolve_cell(self, text: str, *, file: str = "", line: int = 0) -> list[str]:
        """All agencies in a table cell, in order; raise if any text is left over."""
        k = key(text)
        ids: list[str] = []
        pos = 0
        while pos < len(k):
            sep = _SEPARATORS.match(k[pos:])
            if sep and sep.end():
                pos += sep.end()
                continue
            lead_in = _PROVINCE_LEAD_IN.match(k[pos:])
            if lead_in:
                after = self._strict_pattern.match(k, pos + lead_in.end())
                if after and self.get(self._strict_alias[after.group(1)]).kind == "province":
                    pos += lead_in.end()
                    continue
            m = self._strict_pattern.match(k, pos)
            if not m:
                raise AgencyResolutionError(
                    f"agency text {text!r} does not resolve: no known agency at {k[pos:]!r}. "
                    "Add the name or alias to ingest/data/agencies.json",
                    file=file,
                    line=line,
                )
            agency_id = self._strict_alias[m.group(1)]
            if agency_id not in ids:
                ids.append(agency_id)
            pos = m.end()
        return ids

    def try_resolve_cell(self, text: str) -> list[str] | None:
        try:
            return self.resolve_cell(text)
        except AgencyResolutionError:
            return None

    # -- lenient matching in free text (questions) ----------------------------------------------
    def find_mentions(self, text: str, *, recipients: bool = False) -> list[Mention]:
        """Agencies ``text`` names. ``recipients=False`` leaves out the bodies a text is submitted to ("trình
        TTCP ban hành", "submit to the National Assembly"): they do none of the work a question asks about
        (and "TTCP" typed for the Prime Minister there is not the Inspectorate). An index of every mention
        in the documents passes True."""
        toks = query_tokens(text)
        k = " ".join(t for t, _, _ in toks)
        token_at: dict[int, int] = {}
        pos = 0
        for n, (t, _, _) in enumerate(toks):
            token_at[pos] = n
            pos += len(t) + 1
        found: list[Mention] = []
        for m in self._query_pattern.finditer(k):
            first = token_at[m.start()]
            last = first + m.group(1).count(" ")
            start, end = toks[first][1], toks[last][2]
            written = text[start:end]
            if any(w in unicodedata.normalize("NFC", written.lower()) for w in _MARKED_WORDS):
                continue
            found.append(Mention(self._query_alias[m.group(1)], start, end, written))
        # Case-sensitive abbreviations are searched in the original text.
        for m in self._cs_pattern.finditer(text):
            found.append(Mention(self._cs_alias[m.group(1)], m.start(), m.end(), m.group(1)))
        if not recipients:
            found = [m for m in found if not _RECIPIENT.search(fold(text[max(0, m.start - 24):m.start]) + " ")]
        found.sort(key=lambda x: x.start)
        return found

    def resolve_query(self, text: str) -> list[str]:
        """Agency ids named in a user-typed string ("MOH", "bo y te", "Bộ KH&CN").

        Collectives and places are ordinary words too ("the share of enterprises", "the weather in
        Hanoi"): they count only when the question is about who does what (tasks, leading,
        coordinating, duties, mergers), or when the text is nothing but names.
        """
        mentions = self.find_mentions(text)
        if (any(self._by_id[m.agency_id].kind in _CONTEXTUAL_KINDS for m in mentions)
                and not _ROLE_CONTEXT.search(fold(text)) and not _only_names(text, mentions)):
            mentions = [m for m in mentions if self._by_id[m.agency_id].kind not in _CONTEXTUAL_KINDS]
        ids: list[str] = []
        for m in mentions:
            if m.agency_id not in ids:
                ids.append(m.agency_id)
        if not ids and text.strip().upper() in self._cs_alias:
            ids.append(self._cs_alias[text.strip().upper()])
        return ids

    def closest(self, text: str, n: int = 3) -> list[str]:
        """Agency ids whose names are closest to ``text`` (for "not found, did you mean")."""
        k = key(text)
        scored: dict[str, float] = {}
        for alias, agency_id in self._alias.items():
            if self.is_collective(agency_id):
                continue
            r = difflib.SequenceMatcher(None, k, alias).ratio()
            if r > scored.get(agency_id, 0.0):
                scored[agency_id] = r
        best = sorted(scored.items(), key=lambda kv: -kv[1])
        return [a for a, r in best[:n] if r > 0.45]
