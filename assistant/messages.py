"""The message catalogue: every phrase the assistant or the UI shows, per language, as data.

Files live in ``assistant/data/messages/<namespace>.<lang>.json`` (``answers.en.json``, ``ui.vi.json``…).
All files of one language merge into one catalogue; a key defined twice, or present in one language and
missing in another, is a packaging bug and fails loudly (tests/test_messages.py checks every key).
Keys starting with ``_`` are comments.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ingest.errors import ConfigError

LANGS = ("en", "vi")
_DIR = Path(__file__).resolve().parent / "data" / "messages"


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang not in LANGS:
        raise ConfigError(f"no message catalogue for language {lang!r}; known: {', '.join(LANGS)}")
    merged: dict[str, str] = {}
    for path in sorted(_DIR.glob(f"*.{lang}.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"message file {path.name} is unreadable: {exc}") from exc
        for key, value in data.items():
            if key.startswith("_"):
                continue
            if key in merged:
                raise ConfigError(f"message key {key!r} is defined twice ({path.name} and an earlier file)")
            merged[key] = value
    return merged


def text(key: str, lang: str, **kw: object) -> str:
    """The phrase ``key`` in ``lang`` (falls back to English for an unknown language), formatted with ``kw``."""
    cat = catalogue(lang if lang in LANGS else "en")
    try:
        template = cat[key]
    except KeyError as exc:
        raise ConfigError(f"message {key!r} is missing from the {lang} catalogue (assistant/data/messages)") from exc
    return template.format(**kw) if kw else template
