"""Eval reports: the console summary, a Markdown report and a JSON report with every case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.cases import Case
from evals.gate import CEILINGS, FLOORS, Verdict
from evals.metrics import CaseResult


def _bound(metric: str) -> str:
    if metric in FLOORS:
        return f">= {FLOORS[metric]}"
    return f"<= {CEILINGS[metric]:g}" if metric in CEILINGS else ""


def _fmt(v: float) -> str:
    return f"{v:.3f}"


def table_rows(groups: dict[str, dict[str, float]]) -> list[list[str]]:
    rows = []
    for label, g in groups.items():
        sets = g["n"] > 0
        rows.append([
            label,
            str(int(g["cases"])),
            _fmt(g["precision"]) if sets else "-",
            _fmt(g["recall"]) if sets else "-",
            _fmt(g["f1"]) if sets else "-",
            _fmt(g["exact_match"]) if sets else "-",
            _fmt(g["pass_rate"]),
        ])
    return rows


HEAD = ["group", "cases", "P", "R", "F1", "exact", "pass"]
RULE_HEAD = ["rule", "cases", "pass"]


def rule_rows(groups: dict[str, dict[str, dict[str, float]]]) -> list[list[str]]:
    return [[name, str(int(g["cases"])), _fmt(g["pass_rate"])] for name, g in (groups.get("rule") or {}).items()]


def text_table(rows: list[list[str]], head: list[str] = HEAD) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def md_table(rows: list[list[str]], head: list[str] = HEAD) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def failure_record(r: CaseResult) -> dict[str, Any]:
    e = r.case.expect
    got = r.got
    return {
        "id": r.case.id,
        "suite": r.case.suite,
        "category": r.case.category,
        "language": r.case.language,
        "question": r.case.question,
        "history": list(r.case.history),
        "as_of": r.case.as_of.isoformat() if r.case.as_of else None,
        "problems": r.failures,
        "expected": {k: e[k] for k in ("tasks", "indicators", "related_tasks", "related_tasks_include", "clauses_any",
                                        "citations", "key_facts", "refused") if k in e},
        "got": {
            "tasks": got.get("tasks"),
            "indicators": got.get("indicators"),
            "related_tasks": got.get("related_tasks"),
            "citations": r.cited,
            "refused": r.refused,
            "answer": str(got.get("answer") or "")[:600],
        },
    }


def console(
    metrics: dict[str, float],
    groups: dict[str, dict[str, dict[str, float]]],
    failures: list[CaseResult],
    verdict: Verdict,
    skipped: list[Case],
) -> str:
    parts = ["Per category:", text_table(table_rows(groups["category"])), "",
             "Per language:", text_table(table_rows(groups["language"])), ""]
    if groups.get("rule"):
        parts += ["Per routing rule:", text_table(rule_rows(groups), RULE_HEAD), ""]
    keys = [k for k in metrics if ".cat." not in k and ".lang." not in k]
    parts.append("Metrics:")
    parts += [f"  {k:<28} {metrics[k]:.4f}" + (f"   ({_bound(k)})" if _bound(k) else "") for k in keys]
    if skipped:
        parts.append(f"Skipped {len(skipped)} case(s) by tag: " + ", ".join(c.id for c in skipped))
    parts.append("")
    # Held-out cases are reported as figures only: reading them while tuning would defeat the split.
    hidden = [r for r in failures if r.case.split == "heldout"]
    failures = [r for r in failures if r.case.split != "heldout"]
    parts.append(f"Failed cases ({len(failures)}" + (f"; {len(hidden)} held-out not shown" if hidden else "") + "):")
    for r in failures:
        fr = failure_record(r)
        parts.append(f"  {r.case.id} [{r.case.category}/{r.case.language}] {r.case.question!r}")
        for p in r.failures:
            parts.append(f"      - {p}")
        parts.append(f"      expected {json.dumps(fr['expected'], ensure_ascii=False)[:300]}")
        parts.append(f"      got      {json.dumps({k: v for k, v in fr['got'].items() if k != 'answer'}, ensure_ascii=False)[:300]}")
    if verdict.regressed_cases:
        parts.append(f"Regressed since the baseline ({len(verdict.regressed_cases)}): " + ", ".join(verdict.regressed_cases))
    parts += [f"note: {n}" for n in verdict.notes]
    if verdict.ok:
        parts.append("GATE: PASS")
    else:
        parts.append("GATE: FAIL")
        parts += [f"  - {v}" for v in verdict.violations]
    return "\n".join(parts)


def markdown(
    metrics: dict[str, float],
    groups: dict[str, dict[str, dict[str, float]]],
    failures: list[CaseResult],
    verdict: Verdict,
    meta: dict[str, Any],
) -> str:
    out = ["# NQ57 eval report", "",
           f"Run {meta['started']} · {meta['cases']} cases ({meta['skipped']} skipped: tags {meta['skip_tags']}) · "
           f"suites {', '.join(meta['suites'])}", "",
           f"**Gate: {'PASS' if verdict.ok else 'FAIL'}**", ""]
    out += [f"- {v}" for v in verdict.violations]
    if verdict.regressed_cases:
        out += ["", f"Regressed since the baseline: {', '.join(verdict.regressed_cases)}"]
    if verdict.fixed_cases:
        out += ["", f"Newly passing: {', '.join(verdict.fixed_cases)}"]
    out += [f"- note: {n}" for n in verdict.notes]
    out += ["", "## Metrics", "", "| metric | value | gate |", "|---|---|---|"]
    out += [f"| {k} | {v:.4f} | {_bound(k)} |" for k, v in metrics.items() if ".cat." not in k and ".lang." not in k]
    for key, title in (("category", "Per category"), ("language", "Per language"), ("tag", "Per tag (question form)")):
        out += ["", f"## {title}", "", md_table(table_rows(groups[key]))]
    if groups.get("rule"):
        out += ["", "## Per routing rule", "", md_table(rule_rows(groups), RULE_HEAD)]
    inv = meta.get("invariance_failures")
    if inv is not None:
        out += ["", f"## Paraphrase variants that changed the answer ({len(inv)} shown)", ""]
        out += [f"- `{x['case']}` {x['kind']}: {x['question']!r} -> {x['got']} (original {x['expected']}, "
                f"rule {x['rule']})" for x in inv]
    out += ["", f"## Failed cases ({len(failures)})", ""]
    for r in failures:
        fr = failure_record(r)
        out += [f"### {r.case.id} ({r.case.category}, {r.case.language})", "", f"Q: {r.case.question}"]
        if r.case.history:
            out.append(f"History: {list(r.case.history)}")
        out += [f"- {p}" for p in r.failures]
        out += ["", "Expected:", "```json", json.dumps(fr["expected"], ensure_ascii=False), "```",
                "Got:", "```json", json.dumps(fr["got"], ensure_ascii=False, indent=1), "```", ""]
    return "\n".join(out) + "\n"


def write_reports(
    out_dir: Path,
    metrics: dict[str, float],
    groups: dict[str, dict[str, dict[str, float]]],
    results: list[CaseResult],
    verdict: Verdict,
    meta: dict[str, Any],
) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    failures = [r for r in results if not r.passed]
    payload = {
        "meta": meta,
        "gate": {"ok": verdict.ok, "violations": verdict.violations, "regressed_cases": verdict.regressed_cases,
                 "fixed_cases": verdict.fixed_cases, "notes": verdict.notes},
        "metrics": metrics,
        "breakdown": groups,
        "failures": [failure_record(r) for r in failures],
        "cases": [{"id": r.case.id, "passed": r.passed, "latency_ms": round(r.latency_ms, 1), "problems": r.failures}
                  for r in results],
    }
    jpath, mpath = out_dir / "eval_report.json", out_dir / "eval_report.md"
    jpath.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    mpath.write_text(markdown(metrics, groups, failures, verdict, meta), encoding="utf-8")
    return jpath, mpath
