"""Turn UI feedback records into candidate gold cases for a person to review.

Input: JSONL records with question, answer, citations, rating ("up"/"down"), comment, history,
timestamp (``$NQ57_DATA_DIR/feedback.jsonl``; the UI also writes answer_id, tasks and language, and
a comment sent after the thumb is a later line with the same answer_id - the last line per
answer_id is the verdict). Output: one candidate per distinct (question, history), carrying ``"status": "needs-review"`` so the case loader refuses it until someone has
checked the expectation against the documents and removed the status. Up-voted answers propose
their own citations (and the task numbers they cite) as the expectation; down-voted ones propose
nothing and keep the comment, because the answer was judged wrong.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from evals.metrics import citation_refs
from ingest.errors import EvalError
from ingest.textnorm import fold, has_vietnamese_marks

_TASK_REF = re.compile(r":appendix-II\.(\d+)$")
_VI_WORDS = {"nhiem", "vu", "chu", "tri", "bo", "nao", "la", "gi", "cua", "nghi", "quyet", "chi", "tieu", "han"}


def guess_language(text: str) -> str:
    if has_vietnamese_marks(text):
        return "vi"
    words = set(fold(text).split())
    return "vi" if len(words & _VI_WORDS) >= 2 else "en"


def _case_id(question: str, history: list[str]) -> str:
    key = json.dumps([fold(question), [fold(h) for h in history]], ensure_ascii=False)
    return "fb-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def read_feedback(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """(records, problems): malformed lines are reported, not fatal."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"cannot read feedback file {path}: {exc}") from exc
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            problems.append(f"{path}:{no}: not JSON, skipped")
            continue
        if not isinstance(rec, dict) or not str(rec.get("question") or "").strip():
            problems.append(f"{path}:{no}: no question, skipped")
            continue
        if rec.get("rating") not in ("up", "down"):
            problems.append(f"{path}:{no}: rating {rec.get('rating')!r} is not up/down, skipped")
            continue
        records.append(rec)
    return records, problems


def candidate(rec: dict[str, Any]) -> dict[str, Any]:
    question = str(rec["question"]).strip()
    history = [str(h) for h in rec.get("history") or []]
    refs = citation_refs(rec)
    cited_tasks = sorted({int(m.group(1)) for r in refs if (m := _TASK_REF.search(r))})
    tasks = sorted({int(n) for n in rec.get("tasks") or []}) or cited_tasks  # what the answer asserted
    suite = "table" if tasks else "clause"
    expect: dict[str, Any] = {}
    if rec["rating"] == "up":
        expect["refused"] = False
        if suite == "table":
            expect["tasks"] = tasks
            expect["citations"] = refs
        elif refs:
            expect["clauses_any"] = refs
    return {
        "id": _case_id(question, history),
        "status": "needs-review",
        "suite": suite,
        "language": rec.get("language") if rec.get("language") in ("en", "vi") else guess_language(question),
        "category": "feedback",
        "question": question,
        "history": history,
        "expect": expect,
        "checked": (
            f"unchecked: from UI feedback ({rec.get('timestamp', '?')}, rating {rec['rating']}); "
            "verify every expectation against the source text, record how, then drop 'status'"
        ),
        "feedback": {
            "rating": rec["rating"],
            "comment": rec.get("comment") or "",
            "answer": str(rec.get("answer") or "")[:2000],
            "citations": refs,
            "timestamp": rec.get("timestamp"),
        },
    }


def current_verdicts(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The last line per answer_id (a comment after the thumb re-states the verdict); others as they are."""
    out: dict[str, dict[str, Any]] = {}
    for i, rec in enumerate(records):
        out[str(rec.get("answer_id") or f"#{i}")] = rec
    return list(out.values())


def candidates_from_feedback(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One candidate per distinct question+history; the latest record wins, down-votes beat up-votes."""
    by_id: dict[str, dict[str, Any]] = {}
    for rec in current_verdicts(records):
        cand = candidate(rec)
        old = by_id.get(cand["id"])
        if old is None or cand["feedback"]["rating"] == "down" or old["feedback"]["rating"] == "up":
            by_id[cand["id"]] = cand
    return list(by_id.values())


def convert(src: Path, dst: Path) -> tuple[int, list[str]]:
    records, problems = read_feedback(src)
    cands = candidates_from_feedback(records)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cands), encoding="utf-8")
    return len(cands), problems
