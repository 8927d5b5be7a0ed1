"""Web edges (issue 18, items 6 and 9) and load, against the real Gradio server on loopback."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import ROOT
from ui_support import start_ui_server

AUTH = ("staff", "s3cret")


def _client(url: str, **kw: Any):
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, **kw)


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


def test_file_routes_serve_nothing_outside_the_app(ui_server, rel_report):
    s = ui_server.settings
    base = ui_server.url
    venv = Path(sys.executable).parent.parent
    targets = ["/etc/passwd", "/etc/hostname", "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd",
               str(s.data_dir / "kb" / "tasks.json"), str(s.data_dir / "index" / "CURRENT.json"),
               str(s.corpus_dir / "manifest.json"), str(ROOT / "corpus" / "manifest.json"),
               str(venv / "pyvenv.cfg"), str(ROOT / "pyproject.toml"), str(Path(tempfile.gettempdir())),
               "file:///etc/passwd"]
    served = []
    for t in targets:
        for route in ("gradio_api/file=", "file=", "gradio_api/file/", "gradio_api/proxy="):
            r = httpx.get(f"{base}{route}{t}", timeout=10)
            if r.status_code == 200 and ("root:" in r.text or "documents" in r.text or "version" in r.text
                                         or "[project]" in r.text or "home =" in r.text):
                served.append(f"{route}{t}")
    rel_report.put("web", "files served outside the app's assets", f"{len(served)} of {len(targets) * 4} "
                   f"requests {served}")
    assert not served


def test_default_bind_is_loopback():
    import inspect

    from assistant.cli import build_parser
    from assistant.ui import serve

    assert serve.DEFAULT_HOST == "127.0.0.1"
    assert inspect.signature(serve.serve).parameters["host"].default == "127.0.0.1"
    args = build_parser()[0].parse_args(["serve"])
    assert args.host == "127.0.0.1"


def test_open_bind_without_login_refused(monkeypatch):
    from assistant.ui.security import check_bind
    from ingest.errors import ConfigError

    monkeypatch.delenv("NQ57_ALLOW_NO_LOGIN", raising=False)
    for host in ("0.0.0.0", "::", "192.168.1.10"):
        with pytest.raises(ConfigError, match="NQ57_AUTH"):
            check_bind(host, None)
        check_bind(host, AUTH)
    check_bind("127.0.0.1", None)
    monkeypatch.setenv("NQ57_ALLOW_NO_LOGIN", "1")
    check_bind("0.0.0.0", None)


def test_foreign_host_refused_and_uploads_closed(ui_server, rel_report):
    base = ui_server.url
    r = httpx.get(base, headers={"Host": "evil.example"}, timeout=10)
    assert r.status_code == 403
    r = httpx.get(base, headers={"Host": "evil.example:7860"}, timeout=10)
    assert r.status_code == 403
    assert httpx.get(base, timeout=10).status_code == 200
    assert httpx.get(base.replace("127.0.0.1", "localhost"), timeout=10).status_code == 200
    upload_dir = Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")
    before = sum(1 for _ in upload_dir.rglob("*")) if upload_dir.exists() else 0
    codes = set()
    t0 = time.monotonic()
    with httpx.Client(timeout=10) as http:  # one keep-alive connection, as a scripted attacker would use
        for k in range(300):
            r = http.post(f"{base}gradio_api/upload", files={"files": (f"f{k}.txt", b"x" * 100)})
            codes.add(r.status_code)
    took = time.monotonic() - t0
    after = sum(1 for _ in upload_dir.rglob("*")) if upload_dir.exists() else 0
    assert codes == {403}, codes
    assert after <= before
    r = httpx.post(f"{base}gradio_api/queue/join", content=b"x" * (2 * 1024 * 1024),
                   headers={"content-type": "application/json"}, timeout=30)
    assert r.status_code == 413
    rel_report.put("web", "foreign Host header", "403 (evil.example, evil.example:7860); 127.0.0.1 and localhost 200")
    rel_report.put("web", "uploads", f"300 upload attempts in {took:.1f} s: all 403, temp files {before} -> {after}")
    rel_report.put("web", "request body cap", "2 MB body -> 413")


def test_auth_on_every_route_and_login_throttled(ui_assistant, ui_settings, rel_report):
    server = start_ui_server(ui_assistant, ui_settings, auth=AUTH)
    try:
        base = server.url
        routes = [("GET", "config"), ("GET", "gradio_api/info"), ("GET", "gradio_api/heartbeat/abc"),
                  ("POST", "gradio_api/queue/join"), ("GET", "gradio_api/queue/data?session_hash=abc"),
                  ("POST", "gradio_api/stream/abc"), ("POST", "gradio_api/cancel"), ("POST", "gradio_api/reset"),
                  ("GET", "gradio_api/upload_progress?upload_id=x"),
                  ("GET", "gradio_api/call/respond/abc"), ("POST", "gradio_api/call/respond"),
                  ("GET", "monitoring"), ("GET", "gradio_api/file=/etc/passwd"),
                  ("GET", "nq57-card-text?ref=03/NQ-CP:appendix-II.110")]
        open_routes = []
        for method, route in routes:
            r = httpx.request(method, f"{base}{route}", json={} if method == "POST" else None, timeout=10)
            if r.status_code not in (401, 403):
                open_routes.append(f"{method} /{route} -> {r.status_code}")
        assert not open_routes, open_routes
        # a logged-in client works
        c = _client(base, auth=AUTH)
        *_, result = c.predict("Which tasks does MOH lead?", api_name="/respond")
        assert result.get("answer")
        # throttling: wrong passwords from one address stop being checked after 5
        codes = [httpx.post(f"{base}login", data={"username": "staff", "password": f"wrong{k}"}, timeout=10)
                 .status_code for k in range(30)]
        assert codes[:5] == [400] * 5, codes
        assert set(codes[5:]) == {429}, codes
        good = httpx.post(f"{base}login", data={"username": AUTH[0], "password": AUTH[1]}, timeout=10)
        assert good.status_code == 429  # also throttled until the window passes
        rel_report.put("web", "auth", f"{len(routes)} routes incl. heartbeat/stream/queue refuse without credentials")
        rel_report.put("web", "login throttle", f"30 wrong passwords: {codes.count(400)} checked, "
                       f"{codes.count(429)} refused with 429")
    finally:
        server.close()


LOAD_QUESTIONS = ["Which tasks does MOH lead?", "Bộ Y tế chủ trì những nhiệm vụ nào?",
                  "Which tasks are due by June 2025?", "What is the 2030 target for spending on research and development?"]


# The clients run in their own process, so the test process's RSS is the server's alone.
CLIENTS = r"""
import json, sys, threading, time
from gradio_client import Client
from gradio_client.utils import QueueError
url, n, questions = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
out = {"latencies": [], "busy": 0, "lost": []}
lock = threading.Lock()
start = threading.Barrier(n)
def session(k):
    try:
        c = Client(url, verbose=False, analytics_enabled=False)
    except Exception as exc:
        with lock:
            out["lost"].append(f"client {k}: connect {type(exc).__name__}: {exc}"[:300])
        start.wait()
        return
    start.wait()
    for i in range(len(questions)):
        q = questions[(k + i) % len(questions)]
        t0 = time.perf_counter()
        try:
            *_, result = c.submit(q, api_name="/respond").result(timeout=600)
        except QueueError:
            with lock:
                out["busy"] += 1
            continue
        except Exception as exc:
            with lock:
                out["lost"].append(f"client {k}: {q!r}: {type(exc).__name__}: {exc}"[:300])
            continue
        with lock:
            if isinstance(result, dict) and (result.get("answer") or result.get("error")):
                out["latencies"].append(time.perf_counter() - t0)
            else:
                out["lost"].append(f"client {k}: {q!r}: no answer"[:200])
threads = [threading.Thread(target=session, args=(k,)) for k in range(n)]
t0 = time.perf_counter()
for t in threads: t.start()
for t in threads: t.join(timeout=900)
out["wall"] = time.perf_counter() - t0
print(json.dumps(out))
"""


@pytest.mark.slow
def test_fifty_clients_four_questions_none_lost(ui_server, rel_report):
    import json
    import subprocess

    clients, questions = 50, LOAD_QUESTIONS
    warm = _client(ui_server.url)
    for q in questions:  # warm the server's lazy parts before the "before" figure
        warm.predict(q, api_name="/respond")
    rss0 = _rss_mb()
    proc = subprocess.run([sys.executable, "-c", CLIENTS, ui_server.url, str(clients), json.dumps(questions)],
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    rss1 = _rss_mb()
    latencies, busy, lost = out["latencies"], out["busy"], out["lost"]
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    rel_report.put("load", "clients x questions", f"{clients} x {len(questions)} (clients in a separate process)")
    rel_report.put("load", "answered / busy-retry / lost", f"{len(latencies)} / {busy} / {len(lost)}")
    rel_report.put("load", "p50 / p95 / max s", f"{statistics.median(latencies):.2f} / {q[94]:.2f} / "
                   f"{max(latencies):.2f}" if latencies else "n/a")
    rel_report.put("load", "wall s", round(out["wall"], 1))
    rel_report.put("load", "server RSS MB before -> after", f"{rss0:.0f} -> {rss1:.0f} "
                   f"({(rss1 - rss0) / rss0 * 100:+.1f} %)")
    assert not lost, lost[:5]
    assert len(latencies) + busy == clients * len(questions)
    assert rss1 <= rss0 * 1.2, f"server RSS {rss0:.0f} -> {rss1:.0f} MB"
