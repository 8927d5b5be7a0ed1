"""What the CLI prints: the task and indicator tables as flat rows (CSV/terminal), answers as plain text.

The CSV rows carry agency codes with their English and Vietnamese names beside them and the deadline as
written in each language, so a spreadsheet user needs neither the gazetteer nor the other text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

# Spreadsheet programs run cells that start with these as formulas; a leading ' keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def names(gaz, ids: Sequence[str], lang: str, raw: str | None = None) -> str:
    return "; ".join(gaz.name(a, lang) for a in ids) if ids else (raw or "").strip()


def task_rows(tasks, gaz, as_of_bodies: list[list[str]] | None) -> list[dict[str, Any]]:
    """One flat row per task: codes and names of agencies side by side, the deadline in both languages."""
    from ingest.deadlines import human

    rows = []
    for i, t in enumerate(tasks):
        r: dict[str, Any] = {
            "no": t.no, "group": t.group, "name_vi": t.name_vi, "name_en": t.name_en or "",
            "lead": "; ".join(t.lead), "lead_name_en": names(gaz, t.lead, "en", t.lead_raw_en or t.lead_raw),
            "lead_name_vi": names(gaz, t.lead, "vi", t.lead_raw),
        }
        if as_of_bodies is not None:
            r["lead_as_of"] = "; ".join(as_of_bodies[i])
            r["lead_as_of_name_en"] = names(gaz, as_of_bodies[i], "en")
        r.update({
            "coordinating": "; ".join(t.coordinating),
            "coordinating_name_en": names(gaz, t.coordinating, "en", t.coordinating_raw_en or t.coordinating_raw),
            "coordinating_name_vi": names(gaz, t.coordinating, "vi", t.coordinating_raw),
            "output_vi": t.output_vi or "", "output_en": t.output_en or "",
            # As written in each text; where the translation has none, the normalised English form.
            "deadline_vi": t.deadline.raw or human(t.deadline, "vi"),
            "deadline_en": t.deadline.raw_en or human(t.deadline, "en"),
            "deadline_kind": t.deadline.kind, "due": t.deadline.due or "", "clause_id": t.clause_id,
        })  # fmt: skip
        rows.append(r)
    return rows


def indicator_rows(inds, gaz) -> list[dict[str, Any]]:
    return [{
        "id": i.id, "horizon": i.horizon, "name_vi": i.name_vi, "name_en": i.name_en or "",
        "unit_vi": i.unit_vi or "", "unit_en": i.unit_en or "", "target_raw": i.target_raw or "",
        "target_en": i.target_en or "", "comparator": i.comparator or "", "value": i.value,
        "monitor": "; ".join(i.monitor), "monitor_name_en": names(gaz, i.monitor, "en", i.monitor_raw_en),
        "monitor_name_vi": names(gaz, i.monitor, "vi", i.monitor_raw), "clause_id": i.clause_id,
    } for i in inds]  # fmt: skip


def csv_safe(value: object) -> object:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def empty_columns(kind: str) -> list[str]:
    """The header of a CSV with no rows (the columns the row builders would give)."""
    if kind == "task":
        return ["no", "group", "name_vi", "name_en", "lead", "lead_name_en", "lead_name_vi", "coordinating",
                "coordinating_name_en", "coordinating_name_vi", "output_vi", "output_en", "deadline_vi",
                "deadline_en", "deadline_kind", "due", "clause_id"]
    return ["id", "horizon", "name_vi", "name_en", "unit_vi", "unit_en", "target_raw", "target_en", "comparator",
            "value", "monitor", "monitor_name_en", "monitor_name_vi", "clause_id"]



# Terminal rendering of the answers' Markdown: emphasis markers dropped, links as "text (url)".
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]+)\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_LINE = re.compile(r"^(?:#{1,6}\s+|>\s?)", re.MULTILINE)


def plain_terminal(markdown: str) -> str:
    """The answer as plain text for a terminal: no ``**``, ``*``, backticks, ``#`` or ``>`` markers."""
    out = _MD_LINE.sub("", markdown)
    out = _MD_LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", out)
    out = _MD_STRONG.sub(r"\2", out)
    out = _MD_EM.sub(r"\1", out)
    out = _MD_CODE.sub(r"\1", out)
    return _MD_ESCAPE.sub(r"\1", out)


