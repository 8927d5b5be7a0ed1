"""The agency gazetteer: every body the documents name, and every way people write it.

Agency names contain commas ("Bộ Văn hóa, Thể thao và Du lịch"), so cells are resolved by
longest alias match over the folded text, never by splitting on commas.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ingest.errors import AgencyResolutionError, CorpusError
from ingest.models import Agency
from ingest.textnorm import fold

# Abbreviations that are ordinary words once lower-cased ("một" folds to "mot", "gì" to "gi"):
# in free text they only count when typed in capitals.
_CASE_SENSITIVE = {"MOST", "GO", "NA", "MOT", "MOC", "GI", "MOD", "MAE", "BTC", "BCT", "SPC", "SPP", "MOF", "VNA", "BNG"}
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


@dataclass(frozen=True)
class Mention:
    agency_id: str
    start: int  # offsets in the folded key of the text
    end: int
    text: str


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
        self._strict_alias = dict(self._alias)
        for name, agency_id in self._cs_alias.items():
            self._strict_alias.setdefault(key(name), agency_id)
        self._pattern = self._compile(self._alias)
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
    def find_mentions(self, text: str) -> list[Mention]:
        k = key(text)
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for m in self._pattern.finditer(k):
            found.append(Mention(self._alias[m.group(1)], m.start(), m.end(), m.group(1)))
            taken.append((m.start(), m.end()))
        # Case-sensitive abbreviations are searched in the original text; offsets are approximate
        # there, which is fine for ordering mentions.
        for m in self._cs_pattern.finditer(text):
            found.append(Mention(self._cs_alias[m.group(1)], m.start(), m.end(), m.group(1)))
        found.sort(key=lambda x: x.start)
        return found

    def resolve_query(self, text: str) -> list[str]:
        """Agency ids named in a user-typed string ("MOH", "bo y te", "Bộ KH&CN")."""
        ids: list[str] = []
        for m in self.find_mentions(text):
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
