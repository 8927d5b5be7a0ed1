"""CI gate: the gold suites against the real assistant must pass, and a broken answer path must fail.

Uses the session's real Assistant (conftest ``nq_assistant``: the real corpus, embedded once per
session). If ``assistant.core`` is missing the fixture errors - the gate is never skipped. The
successor cases (tag ``successors``) pass since agency successors landed, so they are gated too;
``SKIP = ["--skip-tag", "successors"]`` (and a baseline recorded the same way) would exclude them.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from evals import gate
from evals.runner import DEFAULT_BASELINE, main, run_eval

pytestmark = pytest.mark.slow

SKIP: list[str] = []


class DropLastTask:
    """A deliberately broken answer path: the last task of every table answer goes missing."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def ask(self, question: str, history: list[str] | None = None, as_of: date | None = None) -> Any:
        ans = self.inner.ask(question, history=history, as_of=as_of)
        return dataclasses.replace(ans, tasks=ans.tasks[:-1]) if ans.tasks else ans


def test_assistant_core_is_importable() -> None:
    from assistant.core import Assistant  # the gate cannot run without it; fail loudly, never skip

    assert hasattr(Assistant, "ask")


def test_eval_gate_passes_on_the_real_assistant(nq_assistant: Any, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*SKIP, "--out-dir", str(tmp_path), "--quiet"], assistant=nq_assistant, settings=nq_assistant.settings)
    out = capsys.readouterr().out
    report = json.loads((tmp_path / "eval_report.json").read_text(encoding="utf-8"))
    failed = [f"{f['id']}: {f['problems']}" for f in report["failures"]]
    assert code == 0, out + "\nfailed cases:\n" + "\n".join(failed)
    assert report["meta"]["seconds"] < 180, "the eval run must stay under ~3 minutes"
    for name in ("table.f1.lang.en", "table.f1.lang.vi", "citation.validity", "clause.support", "refusal.accuracy"):
        assert name in report["metrics"]
    assert "lead" in report["breakdown"]["category"]
    assert DEFAULT_BASELINE.exists(), (
        "no committed evals/baseline.json: record it with `nq57 eval --update-baseline`"
    )


def test_broken_answer_path_fails_the_gate_and_names_regressions(nq_assistant: Any, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Baseline = this session's real table run; the DropLastTask wrapper must then fail and be named."""
    from evals.runner import clause_ids_for

    ids = clause_ids_for(nq_assistant.settings, nq_assistant)
    good = run_eval(nq_assistant, suites=["table"], skip_tags=SKIP[1:], clause_ids=ids)
    passing = {r.case.id for r in good.results if r.passed}
    assert passing, "no table case passes at all; the regression check needs some to break"
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"schema": gate.BASELINE_SCHEMA, "skip_tags": SKIP[1:],
                                    "metrics": good.metrics, "passing_cases": sorted(passing)}), encoding="utf-8")

    broken = DropLastTask(nq_assistant)
    code = main(["--suite", "table", *SKIP, "--baseline", str(baseline), "--out-dir", str(tmp_path / "r")],
                assistant=broken, settings=nq_assistant.settings, clause_ids=ids)
    out = capsys.readouterr().out
    assert code == 1, out
    report = json.loads((tmp_path / "r" / "eval_report.json").read_text(encoding="utf-8"))
    regressed = report["gate"]["regressed_cases"]
    assert regressed and set(regressed) <= passing
    assert any("fell below the baseline" in v for v in report["gate"]["violations"])
    assert "Regressed since the baseline" in out and regressed[0] in out
    single = [r.case.id for r in good.results if r.passed and len(r.case.expect.get("tasks") or []) >= 1]
    assert set(single) <= set(regressed), "every passing case with expected tasks must regress when a task is dropped"
