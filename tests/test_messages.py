"""The message catalogue: every key exists in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from assistant import messages


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Placeholders one language needs and the other does not: the English plural ending, a month's name
# beside its number, a quarter as a digit or a Roman numeral.
_LANGUAGE_FORMS = {"s", "month", "month_name", "n", "roman"}


def test_every_key_in_every_language_with_the_same_placeholders() -> None:
    en, vi = messages.catalogue("en"), messages.catalogue("vi")
    assert set(en) == set(vi), set(en) ^ set(vi)
    for key in en:
        assert _fields(en[key]) ^ _fields(vi[key]) <= _LANGUAGE_FORMS, key


def test_unknown_key_is_a_clear_error() -> None:
    with pytest.raises(messages.ConfigError, match="missing"):
        messages.text("no-such-key", "en")


def test_formats_placeholders() -> None:
    assert "NQ-99" in messages.text("other_document", "vi", doc="NQ-99")
