"""Passage answer time after load (issue 14 / issue 17 item 5): a benchmark, not a timed test.

Run from the project root: ``python -m evals.passage_bench [--rounds 3]``. Every clause gold question
is understood once, then ``answer_passage`` is timed for each (the passage path alone: no
routing, no table answers), over ``--rounds`` rounds after one warm-up round; prints the median and
p95 in ms and how many times ``ingest.textnorm.fold`` ran per answer. Works on older checkouts too
(it only needs the understander and ``answer_passage``), so before/after runs compare.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date

import ingest.textnorm as textnorm
from assistant.answer_passage import answer_passage
from assistant.answer_type import AnswerType
from assistant.core import Assistant
from evals.cases import EVALS_DIR


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m evals.passage_bench")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    a = Assistant.load(build=False)
    qs = [json.loads(line)["question"] for line in (EVALS_DIR / "clause_qa.jsonl").read_text(encoding="utf-8").splitlines()
          if line.strip()]
    queries = [a.understander.frame(q, today=date(2025, 1, 15)) for q in qs]

    def passage_answer(f) -> None:  # the passage handler's call, without routing or the table answers
        answer_passage(f.text, f.lang, AnswerType(f.answer_type), f.doc_hint, a.retriever, a.index, a.kb.tasks,
                       a.gazetteer, a.kb.indicators)

    for q in queries:  # warm-up: index loaded, query embeddings of the first round not counted
        passage_answer(q)
    calls = 0
    real_fold = textnorm.fold

    def counting(text: str) -> str:
        nonlocal calls
        calls += 1
        return real_fold(text)

    # The query embedding is timed apart: it belongs to the retriever (issue 17 item 4), the rest to the answer.
    embedder = a.retriever.embedder
    real_embed = embedder.embed_query
    embed_ms = 0.0

    def timed_embed(*args, **kwargs):
        nonlocal embed_ms
        t = time.perf_counter()
        try:
            return real_embed(*args, **kwargs)
        finally:
            embed_ms += (time.perf_counter() - t) * 1000

    embedder.embed_query = timed_embed
    times: list[float] = []
    rest: list[float] = []
    for _ in range(args.rounds):
        for q in queries:
            embed_ms = 0.0
            t0 = time.perf_counter()
            passage_answer(q)
            total = (time.perf_counter() - t0) * 1000
            times.append(total)
            rest.append(total - embed_ms)
    embedder.embed_query = real_embed
    # Fold calls are counted in one extra round, so the counting wrapper does not slow the timed ones.
    import sys

    patched = [m for m in list(sys.modules.values()) if getattr(m, "fold", None) is real_fold]
    for m in patched:
        m.fold = counting  # type: ignore[attr-defined]
    try:
        for q in queries:
            passage_answer(q)
    finally:
        for m in patched:
            m.fold = real_fold  # type: ignore[attr-defined]
    times.sort()
    rest.sort()
    p95 = times[max(0, int(0.95 * len(times)) - 1)]
    print(f"passage answers: {len(queries)} questions x {args.rounds} rounds; median {statistics.median(times):.1f} ms, "
          f"p95 {p95:.1f} ms; without the query embedding: median {statistics.median(rest):.1f} ms, "
          f"p95 {rest[max(0, int(0.95 * len(rest)) - 1)]:.1f} ms; fold() calls per answer {calls / len(queries):.0f}")


if __name__ == "__main__":
    main()
