"""Agencies named in a sentence, for the verifier's "named agency must be in the cited text" rule.

Known bodies come from the project gazetteer (``ingest.gazetteer``), so "Ministry of Health",
"MOH" and "Bộ Y tế" are one agency. A model can also invent a body the gazetteer has never
heard of ("Ministry of Magic"), so a generic "Ministry of …" / "Bộ …" pattern catches names the
gazetteer misses; those must appear literally (folded) in the cited text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from ingest.textnorm import fold

log = logging.getLogger(__name__)

_BODY_EN = r"(?:Ministry|Department|Agency|Committee|Commission|Office|Bank|Academy|Council|Authority)"
_CAP = r"[A-Z][\w&'-]*"
_GENERIC_EN = re.compile(
    r"\b(?:the\s+)?"
    + _BODY_EN
    + r"\s+(?:of|for)\s+(?:the\s+)?"
    + _CAP
    + r"(?:(?:\s*,\s*|\s+)(?:(?:and|&|of|for)\s+)?"
    + _CAP
    + r")*"
)
# Vietnamese body names are capitalised on their first word only ("Bộ Khoa học và Công nghệ"),
# so the name runs to the next punctuation or a word that starts the predicate.
_GENERIC_VI = re.compile(
    r"\b(?:Bộ|Ủy ban|Uỷ ban|Ban|Cục|Tổng cục|Ngân hàng|Văn phòng|Viện|Học viện)\s+[A-ZĐÂĂÊÔƠƯ][^\s,.;:()\[\]]*"
    r"(?:\s+(?!chủ\b|phối\b|thực\b|có\b|là\b|được\b|sẽ\b|trong\b|theo\b)[^\s,.;:()\[\]]+){0,5}"
)


class _MentionLike(Protocol):
    agency_id: str
    text: str


class _GazetteerLike(Protocol):
    def find_mentions(self, text: str) -> list[_MentionLike]: ...


@dataclass(frozen=True)
class AgencyMention:
    key: str  # gazetteer agency id, or "name:<folded name>" for a body the gazetteer does not know
    text: str  # as written


@lru_cache(maxsize=1)
def _gazetteer() -> _GazetteerLike | None:
    try:
        from ingest.gazetteer import Gazetteer

        return Gazetteer.load()
    except Exception as exc:  # the gazetteer is optional here: fall back to the generic patterns
        log.warning("agency gazetteer unavailable (%s); the verifier uses generic agency patterns only", exc)
        return None


def _abbrev_written_as_abbrev(sentence: str, alias: str) -> bool:
    """A short alias ("most", "moh") only names an agency when typed like an abbreviation.

    The gazetteer matches on folded text, where the English word "most" equals the MOST
    abbreviation; requiring two capitals in the written form keeps ordinary words out.
    """
    for m in re.finditer(r"\b" + re.escape(alias) + r"\b", sentence, flags=re.IGNORECASE):
        if sum(ch.isupper() for ch in m.group(0)) >= 2:
            return True
    return False


def find_agencies(text: str) -> list[AgencyMention]:
    """Agencies named in ``text``: gazetteer ids plus generic names the gazetteer does not know."""
    found: list[AgencyMention] = []
    seen: set[str] = set()
    gaz = _gazetteer()
    known_spans: list[str] = []
    if gaz is not None:
        for m in gaz.find_mentions(text):
            known_spans.append(fold(m.text))
            alias = m.text
            if " " not in alias and len(alias) <= 6 and not _abbrev_written_as_abbrev(text, alias):
                continue
            if m.agency_id not in seen:
                seen.add(m.agency_id)
                found.append(AgencyMention(m.agency_id, alias))
    for pattern in (_GENERIC_EN, _GENERIC_VI):
        for m in pattern.finditer(text):
            name = m.group(0).strip()
            bare = fold(re.sub(r"^the\s+", "", name, flags=re.IGNORECASE))
            if any(bare in span for span in known_spans) or (gaz is not None and gaz.find_mentions(name)):
                continue  # a known body (or part of one), already counted under its id
            key = "name:" + bare
            if key not in seen:
                seen.add(key)
                found.append(AgencyMention(key, name))
    return found


def agency_keys(text: str) -> set[str]:
    """Keys of the agencies a cited text names (same keys as ``find_agencies``)."""
    return {m.key for m in find_agencies(text)}


def supported(mention: AgencyMention, cited_keys: set[str], cited_folded: str) -> bool:
    """Named by the cited text: the same gazetteer agency, or the same words written there.

    The literal test lets "localities" match a row that says "ministries, agencies, localities"
    (which the gazetteer reads as one collective); abbreviations only match by agency id, since
    "most" in a cited sentence is not the Ministry of Science and Technology.
    """
    if mention.key in cited_keys:
        return True
    if mention.key.startswith("name:"):
        return mention.key[5:] in cited_folded
    written = fold(mention.text)
    if " " in written or len(written) > 6:
        return re.search(r"(?<!\w)" + re.escape(written) + r"(?!\w)", cited_folded) is not None
    return False
