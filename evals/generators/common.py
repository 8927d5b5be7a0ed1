"""Helpers shared by the case generators: case dicts, citation ids, key-fact spellings, JSONL output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.generators.agencies import Body
from evals.generators.appendix_scan import Row, fold

EVALS_DIR = Path(__file__).resolve().parents[1]
DOC = "03/NQ-CP"

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def task_ref(no: int) -> str:
    return f"{DOC}:appendix-II.{no}"


def indicator_ref(ind: str) -> str:
    return f"{DOC}:appendix-I.{ind}"


def month_en(month: int, year: int) -> str:
    return f"{_MONTHS_EN[month - 1]} {year}"


def deadline_facts(raw: str) -> list[str]:
    """Spellings of one deadline cell an answer may use (Vietnamese cell or English rendering)."""
    f = fold(raw)
    if "thuong xuyen" in f:
        return ["Thường xuyên", "ongoing", "regular"]
    if "hang nam" in f:
        return ["Hằng năm", "annual", "every year", "yearly"]  # "Annually" contains "annual"
    if "nhung nam tiep theo" in f:
        year = f.split()[0]
        return [raw, f"{year} onward", f"{year} and subsequent years", f"{year} and following years", f"from {year}",
                f"{year} and beyond"]
    if f.startswith("quy "):
        roman, year = f.split()[1].upper().split("/")
        q = _ROMAN[roman]
        nth = ("first", "second", "third", "fourth")[q - 1]
        return [raw, f"Q{q}/{year}", f"Q{q} {year}", f"quarter {roman}/{year}", f"{nth} quarter", f"quý {q}/{year}"]
    if "/" in f:
        month, year = f.replace("thang", "").strip().split("/")
        m = int(month)
        return [f"{m}/{year}", f"{m:02d}/{year}", month_en(m, int(year))]
    return [raw.replace(" ", "")] if "-" in raw else [raw]


def body_facts(body: Body) -> list[str]:
    return [body.vi, body.en, *body.abbr]


def case(
    *,
    id: str,
    suite: str,
    language: str,
    category: str,
    question: str,
    expect: dict[str, Any],
    checked: str,
    history: list[str] | None = None,
    as_of: str | None = None,
    tags: list[str] | None = None,
    min_version: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": id,
        "suite": suite,
        "language": language,
        "category": category,
        "question": question,
        "history": history or [],
    }
    if as_of:
        out["as_of"] = as_of
    if tags:
        out["tags"] = tags
    if min_version:
        out["min_version"] = min_version
    out["expect"] = expect
    out["checked"] = checked
    return out


def lines_of(rows: dict[int, Row], nos: list[int], field: str) -> str:
    attr = {"lead": "lead_line", "deadline": "deadline_line"}.get(field)
    if attr is None:
        return ", ".join(f"{n}@{rows[n].line}" for n in nos)
    return ", ".join(f"{n}@{getattr(rows[n], attr)}" for n in nos)


def write_jsonl(path: Path, cases: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in cases]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate case ids: {sorted(dupes)}")
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
