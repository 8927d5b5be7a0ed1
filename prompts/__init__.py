"""Versioned prompt files, shipped as package data.

A prompt file is ``<name>.v<version>.<lang>.md``: an HTML comment describing it, then sections
that each start with a line ``# <section>``. Section bodies are ``string.Template`` text, so
``$placeholder`` is filled by the caller and a literal dollar sign is written ``$$``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from string import Template

from ingest.errors import ConfigError

_SECTION = re.compile(r"^# ([a-z_]+)\s*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def prompt_file(name: str, version: int, lang: str) -> str:
    return f"{name}.v{version}.{lang}.md"


@lru_cache(maxsize=32)
def load_sections(name: str, version: int, lang: str) -> dict[str, str]:
    """All sections of one prompt file, by section name (bodies stripped of surrounding blank lines)."""
    fname = prompt_file(name, version, lang)
    try:
        raw = resources.files(__name__).joinpath(fname).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ConfigError(
            f"prompt file prompts/{fname} is missing; is the package installed completely?"
        ) from exc
    raw = _COMMENT.sub("", raw)
    parts = _SECTION.split(raw)
    # parts = [preamble, name1, body1, name2, body2, ...]
    sections = {parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts) - 1, 2)}
    if not sections:
        raise ConfigError(f"prompt file prompts/{fname} has no '# section' headings")
    return sections


def render(name: str, version: int, lang: str, section: str, **values: str) -> str:
    """One section with its placeholders filled; a placeholder left unfilled is an error."""
    sections = load_sections(name, version, lang)
    if section not in sections:
        raise ConfigError(
            f"prompt file prompts/{prompt_file(name, version, lang)} has no section {section!r}"
        )
    try:
        return Template(sections[section]).substitute(values)
    except KeyError as exc:
        raise ConfigError(
            f"prompt {prompt_file(name, version, lang)}#{section} needs a value for {exc}"
        ) from exc
