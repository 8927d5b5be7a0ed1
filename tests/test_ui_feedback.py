"""The feedback store: one valid JSON line per rating, even under concurrent and torn writes."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import pytest

from assistant.ui.feedback import FeedbackRecord, FeedbackStore, latest_by_answer, read_feedback
from ingest.errors import FeedbackError


def _record(i: int, rating: str = "up", comment: str = "") -> FeedbackRecord:
    return FeedbackRecord(
        answer_id=f"a{i}",
        rating=rating,
        comment=comment,
        question=f"Question {i} — Bộ Y tế?",
        answer=f"Answer {i}\nwith a newline and \"quotes\"",
        citations=["03/NQ-CP:appendix-II.110"],
        history=["earlier question"],
        language="en",
        tasks=[110],
    )


def test_record_has_every_field(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "sub" / "feedback.jsonl")
    store.append(_record(1, "down", "wrong deadline"))
    (rec,) = store.read()
    assert rec["rating"] == "down" and rec["comment"] == "wrong deadline"
    assert rec["question"].endswith("Bộ Y tế?")
    assert rec["citations"] == ["03/NQ-CP:appendix-II.110"]
    assert rec["history"] == ["earlier question"]
    assert rec["timestamp"].endswith("+00:00")
    raw = (tmp_path / "sub" / "feedback.jsonl").read_text(encoding="utf-8")
    assert raw.count("\n") == 1 and "Bộ Y tế" in raw  # one line, UTF-8 not \u escapes


def test_bad_rating_and_long_comment_are_refused(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.jsonl")
    with pytest.raises(FeedbackError):
        store.append(_record(1, "meh"))
    with pytest.raises(FeedbackError):
        store.append(_record(1, "up", "x" * 5000))
    assert not (tmp_path / "f.jsonl").exists()


def test_torn_last_line_does_not_swallow_the_next_record(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    store = FeedbackStore(path)
    store.append(_record(1))
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"answer_id": "torn", "rat')  # a writer killed mid-line
    store.append(_record(2))
    ids = [r["answer_id"] for r in read_feedback(path)]
    assert ids == ["a1", "a2"]


def test_comment_line_supersedes_thumb(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.jsonl")
    store.append(_record(1, "down"))
    store.append(_record(1, "down", "task 111 is missing"))
    assert latest_by_answer(store.read())["a1"]["comment"] == "task 111 is missing"


def test_concurrent_threads_never_interleave(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.jsonl")
    big = "x" * 70_000  # larger than a pipe buffer: a single unlocked write could be split

    def work(k: int) -> None:
        for j in range(25):
            rec = _record(k * 100 + j)
            store.append(FeedbackRecord(**{**rec.__dict__, "answer": big if j % 5 == 0 else "short"}))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200
    assert {json.loads(line)["answer_id"] for line in lines} == {f"a{k * 100 + j}" for k in range(8) for j in range(25)}


def _append_many(path: str, k: int) -> None:
    store = FeedbackStore(Path(path))
    for j in range(30):
        rec = _record(k * 100 + j)
        store.append(FeedbackRecord(**{**rec.__dict__, "answer": "y" * 20_000}))


def test_concurrent_processes_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_many, args=(str(path), k)) for k in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 120
    assert all(json.loads(line)["answer"] == "y" * 20_000 for line in lines)
