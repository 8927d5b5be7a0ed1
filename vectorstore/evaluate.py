"""Scoring the retriever against the gold set (evals/retrieval_gold.jsonl): recall@k and MRR@k."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.settings import PROJECT_ROOT

GOLD_PATH = PROJECT_ROOT / "evals" / "retrieval_gold.jsonl"
MODES = ("dense", "lexical", "hybrid")


@dataclass(frozen=True)
class GoldCase:
    id: str
    kind: str  # en | vi | vi-unaccented | cross-lingual
    question: str
    expected: tuple[str, ...]  # any of these citation ids is a correct answer
    checked: str  # the source lines the case was verified against


def load_gold(path: Path = GOLD_PATH) -> list[GoldCase]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        if not d.get("expected") or not d.get("checked"):
            raise ValueError(f"{path}:{n}: a gold case needs 'expected' and 'checked'")
        cases.append(GoldCase(d["id"], d["kind"], d["question"], tuple(d["expected"]), d["checked"]))
    return cases


def first_rank(retrieved: list[str], expected: tuple[str, ...]) -> int | None:
    """1-based rank of the first retrieved citation id that is an expected one."""
    for i, cid in enumerate(retrieved, 1):
        if cid in expected:
            return i
    return None


@dataclass
class ModeScore:
    mode: str
    ranks: dict[str, int | None] = field(default_factory=dict)  # case id -> rank (None: not in top 10)
    kinds: dict[str, str] = field(default_factory=dict)

    def recall(self, k: int = 5, kind: str | None = None) -> float:
        ids = [i for i in self.ranks if kind is None or self.kinds[i] == kind]
        if not ids:
            return 0.0
        return sum(1 for i in ids if (r := self.ranks[i]) is not None and r <= k) / len(ids)

    def mrr(self, k: int = 10, kind: str | None = None) -> float:
        ids = [i for i in self.ranks if kind is None or self.kinds[i] == kind]
        if not ids:
            return 0.0
        return sum(1.0 / r for i in ids if (r := self.ranks[i]) is not None and r <= k) / len(ids)

    def misses(self, k: int = 5) -> list[str]:
        return [i for i, r in self.ranks.items() if r is None or r > k]


def score(
    retriever: Any, cases: list[GoldCase], modes: tuple[str, ...] = MODES, depth: int = 10
) -> dict[str, ModeScore]:
    """Rank of the first correct clause for every case under every mode."""
    out: dict[str, ModeScore] = {}
    for mode in modes:
        ms = ModeScore(mode)
        for case in cases:
            hits = retriever.search(case.question, k=depth, mode=mode)
            ms.ranks[case.id] = first_rank([h.citation_id for h in hits], case.expected)
            ms.kinds[case.id] = case.kind
        out[mode] = ms
    return out


def kinds_of(cases: list[GoldCase]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for c in cases:
        counts[c.kind] += 1
    return dict(counts)
