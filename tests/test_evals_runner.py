"""The eval runner end to end against a stand-in assistant.

The stand-in answers every gold question with its expectation (an oracle); it stands in only for the
edge these tests do not exercise - the real assistant is run by tests/test_evals_gate.py. With it we
check the CLI surface: exit codes, reports, the baseline update and its refusal to go lower,
--skip-tag, and that a broken answer path is caught and named.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from evals.cases import SUITES, Case, load_suites
from evals.runner import main


class Oracle:
    """Answers each gold case exactly as expected."""

    def __init__(self) -> None:
        self.by_key = {(c.question, c.history, c.as_of): c for c in load_suites(list(SUITES))}
        self.calls: list[date | None] = []

    def ask(self, question: str, history: list[str] | None = None, as_of: date | None = None) -> dict[str, Any]:
        self.calls.append(as_of)
        c: Case = self.by_key.get((question, tuple(history or ()), as_of)) or self.by_key[(question, tuple(history or ()), None)]
        e = c.expect
        refs = list(e.get("citations") or e.get("clauses_any", [])[:1])
        facts = " ".join(f[0] for f in e.get("key_facts") or [])
        return {
            "question": question, "language": c.language, "answer": f"answer {facts}",
            "tasks": list(e.get("tasks") or []),
            "related_tasks": list(e.get("related_tasks") or e.get("related_tasks_include") or []),
            "indicators": list(e.get("indicators") or []),
            "citations": [{"doc_id": r.split(":")[0], "clause_id": r.split(":", 1)[1], "label": "", "lang": "vi",
                           "quote": ""} for r in refs],
            "refused": bool(e.get("refused")), "retrieved": refs,
            "links": [{"from_ref": "03/NQ-CP:x", "to_ref": r, "kind": "implements",
                       "evidence": [{"kind": "oracle", "score": 1.0}]} for r in e.get("link_to") or []],
        }


class DropLastTask:
    """A deliberately broken answer path: drops the last task of every table answer."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def ask(self, question: str, history: list[str] | None = None, as_of: date | None = None) -> dict[str, Any]:
        got = dict(self.inner.ask(question, history=history, as_of=as_of))
        got["tasks"] = got["tasks"][:-1]
        return got


@pytest.fixture(scope="module")
def clause_ids() -> set[str]:
    ids: set[str] = set()
    for c in load_suites(list(SUITES)):
        ids |= set(c.expect.get("citations") or []) | set(c.expect.get("clauses_any") or [])
    return ids


def test_oracle_passes_writes_reports_and_uses_case_dates(tmp_path: Path, clause_ids: set[str],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    oracle = Oracle()
    code = main(["--no-baseline", "--no-paraphrases", "--out-dir", str(tmp_path)], assistant=oracle, clause_ids=clause_ids)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "GATE: PASS" in out and "Per category:" in out and "lead" in out
    report = json.loads((tmp_path / "eval_report.json").read_text(encoding="utf-8"))
    assert report["metrics"]["table.f1.lang.en"] == 1.0 and report["metrics"]["refusal.accuracy"] == 1.0
    assert report["breakdown"]["category"]["successor"]["cases"] > 0
    assert "## Per category" in (tmp_path / "eval_report.md").read_text(encoding="utf-8")
    assert date(2025, 7, 1) in oracle.calls and date(2025, 1, 15) in oracle.calls


def test_broken_answer_path_fails_the_gate_and_names_cases(tmp_path: Path, clause_ids: set[str],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    args = ["--baseline", str(baseline), "--out-dir", str(tmp_path / "r"), "--skip-tag", "successors",
            "--no-paraphrases"]
    assert main([*args, "--update-baseline"], assistant=Oracle(), clause_ids=clause_ids) == 0
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert recorded["skip_tags"] == ["successors"] and "tq-lead-moh-en" in recorded["passing_cases"]
    capsys.readouterr()

    code = main([*args, "--suite", "table"], assistant=DropLastTask(Oracle()), clause_ids=clause_ids)
    out = capsys.readouterr().out
    assert code == 1
    assert "GATE: FAIL" in out and "table.f1.lang.en" in out
    assert "tq-lead-moh-en" in out and "missing ['t:111']" in out
    report = json.loads((tmp_path / "r" / "eval_report.json").read_text(encoding="utf-8"))
    assert "tq-lead-moh-en" in report["gate"]["regressed_cases"]
    assert not any(c.startswith("tq-succ-") for c in report["gate"]["regressed_cases"])

    # the broken run must not become the baseline without --allow-lower
    code = main([*args, "--update-baseline"], assistant=DropLastTask(Oracle()), clause_ids=clause_ids)
    assert code == 2 and "refusing to lower the baseline" in capsys.readouterr().err
    assert json.loads(baseline.read_text(encoding="utf-8"))["metrics"] == recorded["metrics"]


def test_update_baseline_refuses_lower_without_flag(tmp_path: Path, clause_ids: set[str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"schema": 1, "metrics": {"pass_rate.refusal": 1.0, "new.metric": 1.0}}),
                        encoding="utf-8")
    args = ["--suite", "refusal", "--baseline", str(baseline), "--out-dir", str(tmp_path), "--update-baseline"]
    assert main(args, assistant=Oracle(), clause_ids=clause_ids) == 2
    assert "new.metric: 1.0000 -> not measured" in capsys.readouterr().err
    assert main([*args, "--allow-lower"], assistant=Oracle(), clause_ids=clause_ids) == 0
    assert "new.metric" not in json.loads(baseline.read_text(encoding="utf-8"))["metrics"]


def test_from_feedback_writes_candidates(tmp_path: Path) -> None:
    src = tmp_path / "feedback.jsonl"
    src.write_text(json.dumps({"question": "Which tasks does MOH lead?", "answer": "110", "rating": "up",
                               "citations": [{"doc_id": "03/NQ-CP", "clause_id": "appendix-II.110"}],
                               "comment": "", "history": [], "timestamp": "2025-05-01T10:00:00Z"}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "candidates.jsonl"
    assert main(["--from-feedback", str(src), "--out", str(out)]) == 0
    cand = json.loads(out.read_text(encoding="utf-8"))
    assert cand["status"] == "needs-review" and cand["expect"]["tasks"] == [110]


def test_bad_baseline_is_a_clear_error(tmp_path: Path, clause_ids: set[str], capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["--baseline", str(bad), "--suite", "refusal"], assistant=Oracle(), clause_ids=clause_ids) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_every_eval_script_imports() -> None:
    """The scripts run by hand (passage_bench, clause_ranks, …) import what they use at module level, so
    a module they use being moved fails here rather than the next time someone measures."""
    import importlib
    import pkgutil

    import evals

    for mod in pkgutil.iter_modules(evals.__path__):
        importlib.import_module(f"evals.{mod.name}")
