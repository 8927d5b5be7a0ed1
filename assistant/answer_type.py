"""The kind of answer a question asks for: an agency, a number, a date, a list or a description.

The passage answer scores candidate sentences for carrying this type and abstains when none does.
The words that decide it are data (assistant/data/words/answer_type.json), matched on the folded
question so accented and unaccented Vietnamese behave the same.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from ingest.errors import ConfigError


class AnswerType(StrEnum):
    AGENCY = "agency"
    NUMBER = "number"
    DATE = "date"
    LIST = "list"
    DESCRIPTION = "description"


@lru_cache(maxsize=1)
def _data() -> dict:
    path = resources.files("assistant.data").joinpath("words/answer_type.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _broken(exc) from exc


def _broken(exc: Exception) -> ConfigError:
    return ConfigError(f"assistant/data/words/answer_type.json is broken ({exc}); restore it from git")


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[AnswerType, tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...],
                            tuple[re.Pattern[str], ...]], ...]:
    data = _data()
    try:
        out = []
        for name in data["order"]:
            spec = data["types"][name]
            out.append((AnswerType(name), tuple(re.compile(p) for p in spec.get("patterns", ())),
                        tuple(re.compile(p) for p in spec.get("raw", ())),
                        tuple(re.compile(p) for p in spec.get("not_when", ()))))
    except (ValueError, KeyError, re.error) as exc:
        raise _broken(exc) from exc
    return tuple(out)


def expected_answer_type(text: str, folded: str, lang: str) -> AnswerType:
    """The answer type ``text`` asks for (``folded`` = ``ingest.textnorm.fold(text)``); ``lang`` is unused today
    but part of the interface: both languages' words live in one list."""
    del lang
    for kind, folded_pats, raw_pats, not_when in _rules():
        if any(p.search(folded) for p in not_when):
            continue  # "to attract whom?": this type's word, used for another answer
        if any(p.search(folded) for p in folded_pats) or any(p.search(text) for p in raw_pats):
            return kind
    return AnswerType.DESCRIPTION


@lru_cache(maxsize=1)
def _organisation() -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p) for p in _data()["types"]["agency"].get("organisation", ()))
    except (KeyError, re.error) as exc:
        raise _broken(exc) from exc


def asks_organisation(folded: str) -> bool:
    """"Which ministry…", "bộ nào…": the answer must name a body (``folded`` = ``fold(question)``)."""
    return any(p.search(folded) for p in _organisation())
