"""Cases whose expectations were checked by a person against the source file (filled in by hand)."""

from __future__ import annotations

HAND_CHECKED: dict[str, str] = {}
