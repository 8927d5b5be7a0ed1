"""The hot path: one query embedding per distinct question, no chromadb import for a one-shot
query, BLAS pinned to one thread, and a build's progress on a terminal or in a log."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from vectorstore.progress import EmbedProgress, stage_progress
from vectorstore.retriever import HybridRetriever, query_key

ROOT = Path(__file__).resolve().parent.parent


def test_every_search_of_an_answer_shares_one_query_embedding(vs_tiny_index) -> None:
    with HybridRetriever.open(vs_tiny_index.settings, vs_tiny_index.kb) as r:
        before = r.query_embeddings
        q = "special mechanisms for public procurement of research products"
        r.search(q, k=5)
        r.search("  " + q + " ", k=3, doc_ids=["03/NQ-CP"])  # same text, other filters
        r.search(q, k=2, mode="lexical")  # lexical never embeds
        assert r.query_embeddings == before + 1
        r.search("Bộ Y tế", k=1)
        r.search("Bo Y te", k=1, mode="dense")  # another text for the embedder: its own vector
        assert r.query_embeddings == before + 3
        assert np.allclose(r.query_vector(q), r.embedder.embed_query(q))


def test_query_key_keeps_what_the_embedder_reads() -> None:
    assert query_key(" Bộ  Y\ttế ") == "Bộ Y tế"
    assert query_key("bố") != query_key("bộ")  # diacritics change the meaning and the vector
    assert query_key("Bo\u0302\u0323 Y te\u0302\u0301") == "Bộ Y tế"  # decomposed input: the same text in NFC


_ONE_SHOT = """
import sys
from pathlib import Path
from ingest.settings import Settings
from vectorstore.retriever import HybridRetriever
from vectorstore.sample_kb import tiny_kb
with HybridRetriever.open(Settings(data_dir=Path(sys.argv[1])), tiny_kb()) as r:
    hits = r.search("Bộ Y tế", k=1)
print(hits[0].citation_id, "chromadb" in sys.modules)
"""


def test_a_one_shot_query_does_not_import_chromadb(vs_tiny_index) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _ONE_SHOT, str(vs_tiny_index.settings.data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["03/NQ-CP:appendix-II.110", "False"]


def test_the_dense_step_runs_blas_on_one_thread(vs_tiny_index) -> None:
    from vectorstore.threads import blas_threads

    with HybridRetriever.open(vs_tiny_index.settings, vs_tiny_index.kb) as r:
        r.search("national brand for innovation", k=2)
    # numpy's own BLAS (the dense product's); another library's copy loaded later (scipy's, by
    # sentence-transformers in the same test session) is not on the query path.
    blas = [i for i in blas_threads() if i["user_api"] == "blas" and "numpy" in i.get("filepath", "")]
    assert blas and all(i["num_threads"] == 1 for i in blas), blas


def test_progress_on_a_terminal_is_one_bar_with_rate_and_time_left() -> None:
    out = io.StringIO()
    bar = EmbedProgress(out, "embedding", tty=True)
    bar(0, 100)
    bar(50, 100)
    bar(100, 100)
    text = out.getvalue()
    assert text.count("\n") == 1 and "\r" in text
    assert "50/100 chunks" in text and "left" in text and "100/100 chunks" in text and "/s" in text


def test_progress_without_a_terminal_is_plain_lines() -> None:
    out = io.StringIO()
    report = stage_progress(out)
    report("check", 0, 0)
    report("embed", 0, 765)  # the build announces all chunks, then the cache says what is left
    report("embed", 0, 40)
    report("embed", 20, 40)
    report("embed", 40, 40)
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[0].endswith("40 chunks to embed (once; later starts reuse them)")
    assert lines[-1].startswith("Search index: embedding: 40/40 chunks embedded") and "finished" in lines[-1]


def test_a_build_served_from_caches_prints_nothing() -> None:
    out = io.StringIO()
    report = stage_progress(out)
    report("embed", 0, 765)
    report("embed", 0, 0)
    report("done", 765, 765)
    assert out.getvalue() == ""


def test_the_benchmark_grows_news_without_vectors_and_the_stress_rows_with_them(vs_tiny_index) -> None:
    # The manifest's news documents are secondary: the vector plan gives them none, so the benchmark's
    # main growth rows must not carry vectors; its stress rows (growth by primary documents) do.
    from vectorstore import bench_vs

    base = HybridRetriever.open(vs_tiny_index.settings)
    n_base = sum(len(r) for r in base._lang_rows.values())
    data_dir = str(vs_tiny_index.settings.data_dir)
    news = bench_vs.worker_query_project(data_dir, 3, 2, "news")
    stress = bench_vs.worker_query_project(data_dir, 3, 2, "vectors")
    assert news["n_chunks"] == stress["n_chunks"] == 3 * len(base.chunks)
    assert news["n_vectors"] == n_base
    assert stress["n_vectors"] == n_base + 2 * len(base.chunks)
    try:
        bench_vs.worker_query_project(data_dir, 3, 2, "primary")
    except ValueError as exc:
        assert "grown must be one of" in str(exc)
    else:
        raise AssertionError("an unknown growth mode must be refused")
