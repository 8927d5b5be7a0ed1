"""Word lists and phrase patterns that decide what a question is, loaded from data files.

Every list lives in ``assistant/data/words/<file>.json`` as ``{"<name>": {"why": "...", "terms": [...]}}``.
Terms are written folded (lower case, no diacritics; see ``ingest.textnorm.fold``) so one entry matches
"Bộ này", "bo nay" and "BỘ NÀY". A term starting with ``re:`` is a regular expression, for the few
shapes a phrase list cannot say ("in <month>").
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from ingest.errors import ConfigError

_DIR = Path(__file__).resolve().parent.parent / "data" / "words"


@cache
def _file(name: str) -> dict[str, dict]:
    path = _DIR / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"word list {path} is unreadable: {exc}") from exc
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _entry(file: str, name: str) -> list[str]:
    try:
        return list(_file(file)[name]["terms"])
    except KeyError as exc:
        raise ConfigError(f"word list {name!r} is missing from assistant/data/words/{file}.json") from exc


@cache
def terms(file: str, name: str) -> frozenset[str]:
    """A set of single folded words."""
    return frozenset(_entry(file, name))


_REF = re.compile(r"\{([a-z_]+)\}")  # "{programme_names}" in a re: term: that list of the same file, as a group


def _alternation(file: str, name: str, seen: tuple[str, ...] = ()) -> str:
    if name in seen:
        raise ConfigError(f"word list {name!r} in assistant/data/words/{file}.json refers to itself")
    alts = []
    for t in sorted(_entry(file, name), key=len, reverse=True):
        if t.startswith("re:"):
            alts.append(_REF.sub(lambda m: "(?:" + _alternation(file, m.group(1), (*seen, name)) + ")", t[3:]))
        else:
            alts.append(re.escape(t).replace(r"\ ", r"\s+"))
    return "|".join(alts)


@cache
def pattern(file: str, name: str) -> re.Pattern[str]:
    """One compiled alternation of the list's phrases, matched on word boundaries of folded text. A ``re:``
    term may name another list of the file in braces, written once and shared (``{programme_names}``)."""
    return re.compile(r"(?<![\w&])(?:" + _alternation(file, name) + r")(?![\w&])")


def names(file: str) -> list[str]:
    return list(_file(file))


@cache
def all_words() -> frozenset[str]:
    """Every plain word of every list ("deadline", "coordinating"): what understanding itself reads, which a
    typo of it should reach (assistant.understanding.spelling)."""
    out: set[str] = set()
    for path in sorted(_DIR.glob("*.json")):
        for entry in _file(path.stem).values():
            for t in entry.get("terms", []) if isinstance(entry, dict) else []:
                if isinstance(t, str) and not t.startswith("re:"):
                    out.update(re.findall(r"[a-z]+", t))
    return frozenset(out)

