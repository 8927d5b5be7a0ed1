"""``nq57 eval``: run the gold suites against the assistant, report, and gate on floors and the baseline.

Also usable as ``python -m evals.runner`` and from Python: ``main(argv, assistant=...)`` runs the
suites against any object with ``ask(question, history=None, as_of=None)`` (the gate test uses
this to prove a broken answer path fails). Exit codes: 0 pass, 1 gate failed, 2 cannot run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from evals import gate, report
from evals.cases import EVALS_DIR, SUITES, Case, load_suites, select
from evals.feedback import convert
from evals.metrics import CaseResult, aggregate, breakdown, score
from ingest.errors import EvalError, IndexMissingError, NQ57Error
from ingest.settings import Settings

DEFAULT_AS_OF = date(2025, 1, 15)  # cases without as_of are asked "as of" this fixed date, for reproducibility
DEFAULT_BASELINE = EVALS_DIR / "baseline.json"
DEFAULT_OUT = EVALS_DIR / "reports"


class AskLike(Protocol):
    def ask(self, question: str, history: list[str] | None = None, as_of: date | None = None) -> Any: ...


@dataclass
class EvalRun:
    results: list[CaseResult]
    skipped: list[Case]
    metrics: dict[str, float]
    groups: dict[str, dict[str, dict[str, float]]]
    verdict: gate.Verdict
    meta: dict[str, Any]


def answer_dict(ans: Any) -> dict[str, Any]:
    data = ans.to_dict() if hasattr(ans, "to_dict") else dict(ans)
    data["tasks"] = [int(n) for n in data.get("tasks") or []]
    data["related_tasks"] = [int(n) for n in data.get("related_tasks") or []]
    data["indicators"] = [str(i) for i in data.get("indicators") or []]
    return data


def ask_all(assistant: AskLike, cases: list[Case], clause_ids: set[str], *, default_as_of: date = DEFAULT_AS_OF,
            progress: bool = False) -> list[CaseResult]:
    results: list[CaseResult] = []
    for i, case in enumerate(cases, 1):
        error = None
        got: dict[str, Any] = {}
        t0 = time.perf_counter()
        try:
            got = answer_dict(assistant.ask(case.question, history=list(case.history) or None,
                                            as_of=case.as_of or default_as_of))
        except Exception as exc:  # one broken case must not hide the others' results
            error = f"{type(exc).__name__}: {exc}"
        latency = (time.perf_counter() - t0) * 1000
        results.append(score(case, got, latency, clause_ids, error))
        if progress and i % 25 == 0:
            print(f"  {i}/{len(cases)} cases", file=sys.stderr)
    return results


def rule_breakdown(results: list[CaseResult]) -> dict[str, dict[str, float]]:
    """Cases per routing rule (``Answer.rule``) and their pass rate, for the report."""
    out: dict[str, dict[str, float]] = {}
    for r in results:
        row = out.setdefault(str(r.got.get("rule") or "-"), {"cases": 0, "passed": 0})
        row["cases"] += 1
        row["passed"] += r.passed
    for row in out.values():
        row["pass_rate"] = row["passed"] / row["cases"]
    return dict(sorted(out.items()))


def clause_ids_for(settings: Settings, assistant: Any = None) -> set[str]:
    """Every ``doc_id:clause_id`` of the knowledge base the assistant answers from.

    The assistant's loaded KB when it exposes one (so a stale KB on disk cannot disagree), else
    ``read_kb(settings.kb_dir)``, else a fresh ``build_kb(settings)``.
    """
    kb = getattr(assistant, "kb", None)
    if kb is None:
        from ingest.store import read_kb

        try:
            kb = read_kb(settings.kb_dir)
        except IndexMissingError:
            from ingest.pipeline import build_kb

            kb = build_kb(settings)
    return {f"{c.doc_id}:{c.clause_id}" for c in kb.clauses}


def run_eval(
    assistant: AskLike,
    *,
    suites: Sequence[str] = SUITES,
    skip_tags: Sequence[str] = (),
    only_ids: Sequence[str] = (),
    clause_ids: set[str],
    baseline: dict[str, Any] | None = None,
    strict_cases: bool = False,
    evals_dir: Path = EVALS_DIR,
    default_as_of: date = DEFAULT_AS_OF,
    progress: bool = False,
    paraphrases: bool = True,
) -> EvalRun:
    cases, skipped = select(load_suites(list(suites), evals_dir), skip_tags=skip_tags, only_ids=only_ids)
    if not cases:
        raise EvalError("no cases selected; check --suite, --case and --skip-tag")
    started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    t0 = time.perf_counter()
    results = ask_all(assistant, cases, clause_ids, default_as_of=default_as_of, progress=progress)
    metrics = aggregate(results)
    kb = getattr(assistant, "kb", None)
    if "link" in suites and kb is not None and (evals_dir / "link_sample.json").exists():
        from evals.metrics import link_table_metrics

        metrics.update(link_table_metrics(kb, evals_dir / "link_sample.json"))
    groups = breakdown(results)
    groups["rule"] = rule_breakdown(results)
    extra: dict[str, Any] = {}
    if paraphrases and not only_ids and any(c.suite == "table" for c in cases):
        from evals import invariance

        gaz = getattr(assistant, "gazetteer", None)
        if gaz is None:
            from ingest.gazetteer import Gazetteer

            gaz = Gazetteer.load()
        inv = invariance.run(assistant, cases, gaz, {r.case.id: r.got for r in results}, default_as_of)
        metrics.update(invariance.metrics(inv))
        extra["invariance_failures"] = invariance.failures(inv)
    passed = {r.case.id: r.passed for r in results}
    verdict = gate.judge(metrics, passed, baseline, skip_tags=list(skip_tags), strict_cases=strict_cases)
    meta = {"started": started, "seconds": round(time.perf_counter() - t0, 1), "suites": list(suites),
            "cases": len(cases), "skipped": len(skipped), "skip_tags": list(skip_tags),
            "default_as_of": default_as_of.isoformat(), **extra}
    return EvalRun(results, skipped, metrics, groups, verdict, meta)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nq57 eval", description="Run the NQ57 regression evals and gate on the baseline.")
    p.add_argument("--suite", action="append", choices=[*SUITES, "all"], help="suite to run (repeatable; default all)")
    p.add_argument("--skip-tag", action="append", default=[], metavar="TAG",
                   help="skip cases whose tags, min_version or category include TAG (repeatable), e.g. successors")
    p.add_argument("--case", action="append", default=[], metavar="ID", help="run only these case ids")
    p.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE, help="baseline JSON (default evals/baseline.json)")
    p.add_argument("--no-baseline", action="store_true", help="check floors only")
    p.add_argument("--update-baseline", action="store_true", help="rewrite the baseline with this run's metrics")
    p.add_argument("--allow-lower", action="store_true", help="let --update-baseline lower metrics")
    p.add_argument("--strict-cases", action="store_true", help="also fail when any baseline-passing case fails")
    p.add_argument("--out-dir", type=Path, default=DEFAULT_OUT, help="where eval_report.json/.md go")
    p.add_argument("--as-of", type=date.fromisoformat, default=DEFAULT_AS_OF,
                   help=f"date for cases without as_of (default {DEFAULT_AS_OF})")
    p.add_argument("--evals-dir", type=Path, default=EVALS_DIR, help=argparse.SUPPRESS)
    p.add_argument("--from-feedback", type=Path, metavar="FILE", help="turn UI feedback JSONL into candidate cases")
    p.add_argument("--out", type=Path, metavar="FILE", help="output of --from-feedback (default candidates.jsonl)")
    p.add_argument("--quiet", action="store_true", help="print only the gate summary")
    p.add_argument("--no-paraphrases", action="store_true",
                   help="skip the paraphrase-invariance variants of the table cases (evals/invariance.py)")
    p.add_argument("--llm", action="store_true",
                   help="let the configured model (NQ57_LLM_URL, NQ57_LLM_MODEL) write answers; adds verifier statistics")
    return p


class _Recorder:
    """Passes questions through and keeps the answers, for the LLM statistics."""

    def __init__(self, inner: AskLike) -> None:
        self.inner = inner
        self.answers: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def ask(self, *args: Any, **kwargs: Any) -> Any:
        ans = self.inner.ask(*args, **kwargs)
        self.answers.append(ans)
        return ans


def main(argv: list[str] | None = None, *, assistant: AskLike | None = None, settings: Settings | None = None,
         clause_ids: set[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.from_feedback:
            out = args.out or Path("candidates.jsonl")
            n, problems = convert(args.from_feedback, out)
            for msg in problems:
                print(f"warning: {msg}", file=sys.stderr)
            print(f"wrote {n} candidate case(s) to {out}; review each against the documents before adding it to a suite")
            return 0
        settings = settings or Settings.from_env()
        if assistant is None:
            try:
                from assistant.core import Assistant
            except ImportError as exc:
                raise EvalError(f"the assistant cannot be imported (assistant.core): {exc}") from exc
            assistant = Assistant.load(settings, llm=True if args.llm else None)
        if clause_ids is None:
            clause_ids = clause_ids_for(settings, assistant)
        suites = list(SUITES) if not args.suite or "all" in args.suite else list(dict.fromkeys(args.suite))
        baseline = None if args.no_baseline else gate.read_baseline(args.baseline)
        recorder = _Recorder(assistant) if args.llm else None
        run = run_eval(recorder or assistant, suites=suites, skip_tags=args.skip_tag, only_ids=args.case, clause_ids=clause_ids,
                       baseline=baseline, strict_cases=args.strict_cases, evals_dir=args.evals_dir,
                       default_as_of=args.as_of, progress=not args.quiet, paraphrases=not args.no_paraphrases)
    except NQ57Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if recorder is not None:
        from assistant.llm.stats import llm_stats

        st = llm_stats(recorder.answers, getattr(assistant, "kb", None))
        run.metrics["llm.removed_share"] = round(st.removed_share, 4)
        run.metrics["llm.fallback_rate"] = round(st.fallback_rate, 4)
        run.metrics["llm.attempted"] = float(st.attempted)
        run.metrics["llm.accepted"] = float(st.llm)
        run.metrics["llm.sentences"] = float(st.sentences)
        run.metrics["llm.removed_sentences"] = float(st.removed_sentences)
        if getattr(st, "unsupported", None) is not None:
            run.metrics["llm.unsupported"] = float(st.unsupported)
            if st.unsupported:
                run.verdict.violations.append(f"llm.unsupported = {st.unsupported}: claims the verifier let through")
        # The latency ceiling is the deterministic path's; a model on CPU takes seconds per answer.
        slow = [v for v in run.verdict.violations if v.startswith("latency.")]
        run.verdict.violations = [v for v in run.verdict.violations if v not in slow]
        run.verdict.notes += [f"{v} (not gated with --llm)" for v in slow]
    failures = [r for r in run.results if not r.passed]
    summary = report.console(run.metrics, run.groups, failures, run.verdict, run.skipped)
    if args.quiet:
        summary = summary[summary.index("GATE:"):] if "GATE:" in summary else summary
    print(summary)
    jpath, mpath = report.write_reports(args.out_dir, run.metrics, run.groups, run.results, run.verdict, run.meta)
    print(f"reports: {jpath} {mpath}")
    if args.update_baseline:
        if args.case:
            print("error: --update-baseline needs the full selection, not --case", file=sys.stderr)
            return 2
        floor_fail = gate.judge(run.metrics, {}, None, skip_tags=args.skip_tag).violations
        try:
            lowered = gate.update_baseline(args.baseline, run.metrics, {r.case.id: r.passed for r in run.results},
                                           skip_tags=args.skip_tag, allow_lower=args.allow_lower)
        except EvalError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"baseline written to {args.baseline}" + (f" (lowered: {', '.join(lowered)})" if lowered else ""))
        if floor_fail:  # recorded (raising later is always allowed) but the run itself still fails its floors
            print("floors still failing:\n  " + "\n  ".join(floor_fail), file=sys.stderr)
            return 1
        return 0
    return 0 if run.verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
