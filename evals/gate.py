"""Floors, tolerances and the committed baseline: when does an eval run fail, and baseline updates.

A run fails when a metric is below its floor (above its ceiling, for latency), or below the
baseline by more than its tolerance. ``update_baseline`` refuses to write a baseline that lowers any
metric unless ``allow_lower`` is set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.errors import EvalError

BASELINE_SCHEMA = 1

# Acceptance floors of the issue, plus a few guards of our own (comments say why).
FLOORS: dict[str, float] = {
    "table.f1.lang.en": 0.98,
    "table.f1.lang.vi": 0.98,
    "citation.validity": 1.0,
    # Over the first clause set (140 questions); with the blind second set (fresh-2, 100 questions written
    # without the code, evals/generators/clause_fresh.jsonl) the overall figure is lower: its own floor
    # sits under what the first measurement of both sets gave (0.8875), so it gates regressions only.
    "clause.support.first": 0.9,
    "clause.support": 0.85,
    "refusal.accuracy": 0.95,
    "refusal.recall": 0.9,  # accuracy alone is dominated by answerable cases
    "refusal.answer_rate": 0.95,  # refusing answerable questions counts against the gate too
    # The same table question in other words (typo, no diacritics, wrappers, abbreviation) gets the same tasks.
    "invariance.rate": 0.99,
    "invariance.variants": 1000,  # the rate means little over a handful of variants
    "link.f1.lang.en": 0.95,  # cross-document link answers (issue 15), scored like the table cases
    "link.f1.lang.vi": 0.95,
    "link.kind_evidence": 1.0,  # every link shown carries its kind and evidence
}
# Lower-is-better metrics: fail above the ceiling, never compared with the baseline (CI timing noise).
CEILINGS: dict[str, float] = {"latency.p95_ms": 10_000.0, "errors": 0.0}
LOWER_IS_BETTER = {"latency.p50_ms", "latency.p95_ms", "errors"}
# Rates where lower is better and counts that say how many cases a rate is over: reported, not compared
# with the baseline as if higher were better.
_NOT_COMPARED = (".wrong_rate", ".abstention_rate", "clause.cases", "invariance.variants", "link.sample.n")


def compared(name: str) -> bool:
    return name not in LOWER_IS_BETTER and not any(part in name for part in _NOT_COMPARED)


def tolerance(metric: str) -> float:
    """Allowed drop below the baseline: tight for suite-wide metrics, looser for small groups."""
    if ".cat." in metric or ".lang." in metric:
        return 0.03
    return 0.01


@dataclass
class Verdict:
    violations: list[str] = field(default_factory=list)
    regressed_cases: list[str] = field(default_factory=list)
    fixed_cases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def read_baseline(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise EvalError(f"baseline {path} is not valid JSON: {exc}") from exc
    if data.get("schema") != BASELINE_SCHEMA or not isinstance(data.get("metrics"), dict):
        raise EvalError(f"baseline {path} has no schema-{BASELINE_SCHEMA} 'metrics' object; rewrite it with --update-baseline")
    return data


def judge(
    metrics: dict[str, float],
    passed: dict[str, bool],
    baseline: dict[str, Any] | None,
    *,
    skip_tags: list[str],
    strict_cases: bool = False,
) -> Verdict:
    v = Verdict()
    for name, floor in FLOORS.items():
        if name in metrics and metrics[name] < floor - 1e-9:
            v.violations.append(f"{name} = {metrics[name]:.4f} is below its floor {floor}")
    for name, ceiling in CEILINGS.items():
        if name in metrics and metrics[name] > ceiling:
            v.violations.append(f"{name} = {metrics[name]:.1f} is above its ceiling {ceiling}")
    if baseline is None:
        v.notes.append("no baseline: only floors were checked")
        return v
    if sorted(baseline.get("skip_tags") or []) != sorted(skip_tags):
        v.notes.append(f"baseline was recorded with --skip-tag {baseline.get('skip_tags') or []}, this run skips {skip_tags}")
    for name, old in baseline["metrics"].items():
        if not compared(name) or name not in metrics:
            continue
        tol = tolerance(name)
        if metrics[name] < old - tol - 1e-9:
            v.violations.append(f"{name} = {metrics[name]:.4f} fell below the baseline {old:.4f} by more than {tol}")
    old_pass = set(baseline.get("passing_cases") or [])
    v.regressed_cases = sorted(cid for cid, ok in passed.items() if not ok and cid in old_pass)
    v.fixed_cases = sorted(cid for cid, ok in passed.items() if ok and cid not in old_pass)
    if strict_cases and v.regressed_cases:
        v.violations.append(f"{len(v.regressed_cases)} case(s) passed in the baseline and fail now")
    return v


def update_baseline(
    path: Path,
    metrics: dict[str, float],
    passed: dict[str, bool],
    *,
    skip_tags: list[str],
    allow_lower: bool,
) -> list[str]:
    """Write the baseline; return the metrics that went down. Raises EvalError if lowering is not allowed."""
    old = read_baseline(path)
    lowered: list[str] = []
    if old:
        for name, before in old["metrics"].items():
            if not compared(name):
                continue
            now = metrics.get(name)
            if now is None:
                lowered.append(f"{name}: {before:.4f} -> not measured")
            elif round(now, 6) < before:  # the baseline stores 6 decimals
                lowered.append(f"{name}: {before:.4f} -> {now:.4f}")
    if lowered and not allow_lower:
        raise EvalError(
            "refusing to lower the baseline (pass --allow-lower to accept):\n  " + "\n  ".join(lowered)
        )
    payload = {
        "schema": BASELINE_SCHEMA,
        "updated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "skip_tags": sorted(skip_tags),
        "metrics": {k: round(v, 6) for k, v in sorted(metrics.items())},
        "passing_cases": sorted(cid for cid, ok in passed.items() if ok),
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return lowered
