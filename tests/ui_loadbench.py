"""Load benchmark against the real `nq57 serve` process (not a test; prints one JSON line per run).

    NQ57_DATA_DIR=... python tests/ui_loadbench.py --sessions 20 --questions 5 --sessions 50 --questions 4

The server runs in its own process, so its resident memory (``/proc/<pid>/status`` VmRSS) is
measured alone, before and after the runs; the clients are threads of this process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from ui_support import PROJECT_ROOT, free_port, run_sessions, run_sessions_lean

from ingest.settings import Settings

QUESTIONS = [
    "Which tasks does MOH lead and when are they due?",
    "which of those are due by March 2025?",
    "Bộ Y tế chủ trì những nhiệm vụ nào?",
    "Which tasks are due by June 2025?",
    "What is the 2030 target for spending on research and development?",
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sessions", type=int, action="append", required=True)
    ap.add_argument("--questions", type=int, action="append", required=True)
    ap.add_argument("--warmup", type=int, default=20, help="questions asked before measuring (steady state)")
    ap.add_argument(
        "--client", choices=("lean", "lean-api", "gradio_client"), default="lean",
        help="lean: the page's own event, the conversation carried as a browser does; lean-api: the API's "
        "'respond', one question at a time; gradio_client: 'respond' through gradio_client",
    )
    ap.add_argument(
        "--tabs-stay-open", action="store_true",
        help="lean clients keep no heartbeat, so the server never sees a tab close (the worst case)",
    )
    args = ap.parse_args()
    grace = Settings.from_env().ui_closed_session_seconds
    port = free_port()
    log = open(os.environ.get("NQ57_LOADBENCH_LOG", "/tmp/nq57-loadbench-server.log"), "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--as-of", "2025-01-15"],
        cwd=PROJECT_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 900
        while True:
            try:
                if httpx.get(f"{url}config", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start (exit {server.poll()}); see {log.name}")
            time.sleep(0.5)
        run_sessions(url, 2, QUESTIONS[: max(1, args.warmup // 2)][:5])  # warm caches and code paths
        rss0 = rss_mb(server.pid)
        for sessions, questions in zip(args.sessions, args.questions, strict=True):
            t0, server_cpu0, client_cpu0 = time.perf_counter(), cpu_s(server.pid), cpu_s(os.getpid())
            if args.client == "gradio_client":
                latencies, refused, lost = run_sessions(url, sessions, QUESTIONS[:questions])
            else:
                latencies, refused, lost = run_sessions_lean(
                    url, sessions, QUESTIONS[:questions], page=args.client == "lean", tabs=not args.tabs_stay_open
                )
            wall = time.perf_counter() - t0
            server_cpu, client_cpu = cpu_s(server.pid) - server_cpu0, cpu_s(os.getpid()) - client_cpu0
            q = statistics.quantiles(latencies, n=100)
            print(json.dumps({
                "client": args.client, "sessions": sessions, "questions": questions, "answered": len(latencies), "queue_full": refused,
                "lost": len(lost), "p50_s": round(statistics.median(latencies), 3), "p95_s": round(q[94], 3),
                "max_s": round(max(latencies), 3), "wall_s": round(wall, 2),
                "server_cpu_s": round(server_cpu, 2), "client_cpu_s": round(client_cpu, 2),
                "load_avg_1m": os.getloadavg()[0],
                "server_rss_mb_start": round(rss0, 1), "server_rss_mb_now": round(rss_mb(server.pid), 1),
            }), flush=True)
        rss_end = rss_mb(server.pid)
        # Closed tabs are let go of after the grace (NQ57_UI_CLOSED_SESSION_SECONDS): growth that
        # stays after it is memory the server keeps; growth before it, memory of the tabs just used.
        time.sleep(grace + 5)
        rss_settled = rss_mb(server.pid)
        print(json.dumps({
            "client": args.client, "tabs_closed": not args.tabs_stay_open, "grace_s": grace,
            "server_rss_mb_start": round(rss0, 1), "server_rss_mb_end": round(rss_end, 1),
            "server_rss_mb_after_grace": round(rss_settled, 1),
            "rss_growth_end_pct": round(100 * (rss_end - rss0) / rss0, 1),
            "rss_growth_after_grace_pct": round(100 * (rss_settled - rss0) / rss0, 1),
        }), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
