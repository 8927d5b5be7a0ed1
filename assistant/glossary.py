"""Query expansion across the language gap, from a small bilingual glossary (assistant/data/glossary.json)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ingest.textnorm import fold


@lru_cache(maxsize=1)
def _pairs() -> tuple[tuple[str, str, str, str], ...]:
    raw = resources.files("assistant.data").joinpath("glossary.json").read_text(encoding="utf-8")
    pairs = json.loads(raw)["pairs"]
    return tuple((vi, fold(vi), en, fold(en)) for vi, en in pairs)


def expand_query(text: str) -> str:
    """The question plus the other language's words for each glossary term it contains."""
    f = " " + fold(text) + " "
    extra: list[str] = []
    for vi, vi_folded, en, en_folded in _pairs():
        if re.search(r"(?<![a-z0-9])" + re.escape(vi_folded) + r"(?![a-z0-9])", f):
            extra.append(en)
        elif re.search(r"(?<![a-z0-9])" + re.escape(en_folded) + r"(?![a-z0-9])", f):
            extra.append(vi)
    return text if not extra else f"{text} {' '.join(dict.fromkeys(extra))}"
