"""Gold cases: the JSONL schema, loading with line-accurate errors, and tag filtering."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ingest.errors import EvalError

EVALS_DIR = Path(__file__).resolve().parent
SUITE_FILES = {"table": "table_qa.jsonl", "clause": "clause_qa.jsonl", "refusal": "refusals.jsonl",
               "link": "link_qa.jsonl"}
SUITES = tuple(SUITE_FILES)
LANGUAGES = ("en", "vi")
_EXPECT_KEYS = {"tasks", "indicators", "related_tasks", "related_tasks_include", "citations", "clauses_any", "key_facts",
                "refused", "link_to"}
_REQUIRED = ("id", "suite", "language", "category", "question", "expect", "checked")


@dataclass(frozen=True)
class Case:
    id: str
    suite: str
    language: str
    category: str
    question: str
    expect: dict[str, Any]
    checked: str
    history: tuple[str, ...] = ()
    as_of: date | None = None
    tags: tuple[str, ...] = ()
    min_version: str | None = None
    split: str = "tune"  # "heldout": never looked at while tuning; reported apart (evals/README.md)

    @property
    def labels(self) -> set[str]:
        """Everything ``--skip-tag`` can match: tags, the min_version tag, the category."""
        out = set(self.tags) | {self.category}
        if self.min_version:
            out.add(self.min_version)
        return out


def _fail(where: str, msg: str) -> EvalError:
    return EvalError(f"{where}: {msg}")


def parse_case(data: Any, where: str) -> Case:
    if not isinstance(data, dict):
        raise _fail(where, "a case must be a JSON object")
    if "status" in data:
        raise _fail(where, f"case {data.get('id')!r} has status {data['status']!r}: review it and drop 'status' first")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise _fail(where, f"missing field(s) {missing}")
    if data["suite"] not in SUITE_FILES:
        raise _fail(where, f"suite {data['suite']!r} is not one of {list(SUITE_FILES)}")
    if data["language"] not in LANGUAGES:
        raise _fail(where, f"language {data['language']!r} is not one of {list(LANGUAGES)}")
    expect = data["expect"]
    if not isinstance(expect, dict) or not expect:
        raise _fail(where, "expect must be a non-empty object")
    unknown = set(expect) - _EXPECT_KEYS
    if unknown:
        raise _fail(where, f"unknown expectation(s) {sorted(unknown)}; allowed: {sorted(_EXPECT_KEYS)}")
    for key in ("tasks", "related_tasks", "related_tasks_include"):
        if key in expect and not all(isinstance(n, int) for n in expect[key]):
            raise _fail(where, f"expect.{key} must be a list of task numbers (ints)")
    if "key_facts" in expect and not all(isinstance(f, list) and f for f in expect["key_facts"]):
        raise _fail(where, "expect.key_facts must be a list of non-empty lists of accepted spellings")
    as_of = None
    if data.get("as_of"):
        try:
            as_of = date.fromisoformat(data["as_of"])
        except ValueError as exc:
            raise _fail(where, f"as_of {data['as_of']!r} is not an ISO date") from exc
    history = data.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise _fail(where, "history must be a list of earlier questions")
    return Case(
        id=str(data["id"]),
        suite=data["suite"],
        language=data["language"],
        category=str(data["category"]),
        question=str(data["question"]),
        expect=expect,
        checked=str(data["checked"]),
        history=tuple(history),
        as_of=as_of,
        tags=tuple(data.get("tags") or ()),
        min_version=data.get("min_version"),
        split=str(data.get("split") or "tune"),
    )


def load_file(path: Path) -> list[Case]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"cannot read gold cases {path}: {exc}") from exc
    cases: list[Case] = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{no}"
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise _fail(where, f"not valid JSON ({exc})") from exc
        cases.append(parse_case(data, where))
    seen: set[str] = set()
    for c in cases:
        if c.id in seen:
            raise EvalError(f"{path}: duplicate case id {c.id!r}")
        seen.add(c.id)
    return cases


def load_suites(suites: list[str], evals_dir: Path = EVALS_DIR) -> list[Case]:
    out: list[Case] = []
    for suite in suites:
        if suite not in SUITE_FILES:
            raise EvalError(f"unknown suite {suite!r}; choose from {list(SUITE_FILES)}")
        out += load_file(evals_dir / SUITE_FILES[suite])
    return out


def select(
    cases: list[Case], *, skip_tags: Sequence[str] = (), only_ids: Sequence[str] = ()
) -> tuple[list[Case], list[Case]]:
    """(kept, skipped): skip cases carrying any of ``skip_tags``; keep only ``only_ids`` if given."""
    kept: list[Case] = []
    skipped: list[Case] = []
    for c in cases:
        if only_ids and c.id not in only_ids:
            continue
        (skipped if c.labels & set(skip_tags) else kept).append(c)
    return kept, skipped
