"""Helpers for the web UI tests: a real server on a free port, a real headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1600",
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class UiServer:
    url: str
    settings: Any
    demo: Any
    assistant: Any

    def close(self) -> None:
        self.demo.close()


def start_ui_server(assistant: Any, settings: Any, **launch: Any) -> UiServer:
    """The app exactly as `nq57 serve` builds it, launched without blocking on a free port."""
    from assistant.ui.serve import build_app, launch_app

    demo = build_app(assistant, settings)
    url = launch_app(demo, settings, host="127.0.0.1", port=free_port(), block=False, quiet=True, **launch)
    return UiServer(url.rstrip("/") + "/", settings, demo, assistant)


def require_browser() -> None:
    """Missing Chromium fails the test in CI (never a silent skip there); elsewhere it skips."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        msg = f"{', '.join(missing)} not found; run `bash .ci/install-browser` (as root)"
        if in_ci():
            pytest.fail(msg)
        pytest.skip(msg)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A fresh headless Chromium (own profile dir, no network side-channels) via chromedriver."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="nq57-chromium-")
    opts = Options()
    opts.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(condition: Callable[[], Any], timeout: float = 60.0, what: str = "condition") -> Any:
    """Poll until ``condition()`` is truthy (exceptions count as not yet); return its value."""
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as exc:  # the page is still rendering
            last = exc
        time.sleep(0.4)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last error: {last})" if last else ""))


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def run_sessions(url: str, sessions: int, questions: list[str]) -> tuple[list[float], int, list[str]]:
    """``sessions`` gradio_client sessions start together; each asks ``questions`` in turn.

    Returns the latencies of the answers, how many were refused with "queue full", and a line per
    question lost any other way (an error, or a result without an answer).
    """
    from gradio_client import Client
    from gradio_client.utils import QueueError

    latencies: list[float] = []
    refused = 0
    lost: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(sessions)

    def session(k: int) -> None:
        nonlocal refused
        c = Client(url, verbose=False, analytics_enabled=False)
        start.wait()
        for q in questions:
            t0 = time.perf_counter()
            try:
                *_, result = c.submit(q, api_name="/respond").result(timeout=300)
            except QueueError:
                with lock:
                    refused += 1
                continue
            except Exception as exc:  # anything else is a lost question
                with lock:
                    lost.append(f"session {k}: {q!r}: {type(exc).__name__}: {exc}")
                continue
            took = time.perf_counter() - t0
            with lock:
                if isinstance(result, dict) and result.get("answer"):
                    latencies.append(took)
                else:
                    lost.append(f"session {k}: {q!r}: no answer in {result!r}"[:300])

    threads = [threading.Thread(target=session, args=(k,)) for k in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    return latencies, refused, lost




def page_send_fn(config: dict[str, Any]) -> int:
    """The page's own turn (the Ask button's click), from the server's /config."""
    send = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == "nq57-send")
    return int(next(d["id"] for d in config["dependencies"] if [send, "click"] in d.get("targets", [])))


def run_sessions_lean(
    url: str, sessions: int, questions: list[str], *, page: bool = True, tabs: bool = True
) -> tuple[list[float], int, list[str]]:
    """``run_sessions`` with a lean client: one asyncio thread speaking the queue protocol as the page does.

    gradio_client runs threads per client and cost three times the server's CPU in the load runs,
    on the same cores, so it measured itself as much as the server. This client posts to
    ``queue/join`` and reads the session's ``queue/data`` event stream, as the browser does. With
    ``page`` it calls the page's own event (the Ask button) and sends the conversation so far with
    each question, as the browser does; otherwise the API's ``respond``, one question at a time.
    With ``tabs`` each session holds the page's heartbeat open while it asks and closes it after, as
    a browser tab that is opened, used and closed (the server then lets go of the session).
    """
    import asyncio
    import json
    import uuid

    import httpx

    config = httpx.get(f"{url}config", timeout=30).json()
    if page:
        fn_index = page_send_fn(config)
    else:
        fn_index = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "respond")
    base = f"{url}gradio_api"
    latencies: list[float] = []
    lost: list[str] = []
    refused = 0

    def answered(result: list[Any]) -> bool:
        if page:  # (question box, chat, turns): the last message is the answer, not a warning
            chat = result[1] if len(result) >= 2 and isinstance(result[1], list) else []
            content = chat[-1].get("content") if chat and isinstance(chat[-1], dict) else None
            text_ = content if isinstance(content, str) else str(content or "")
            return bool(text_) and not text_.startswith("⚠️")
        return len(result) >= 4 and isinstance(result[-1], dict) and bool(result[-1].get("answer"))

    async def ask(client: httpx.AsyncClient, session: str, q: str, chat: list[Any]) -> list[Any]:
        """The conversation after the answer (unchanged when it was lost)."""
        nonlocal refused
        t0 = time.perf_counter()
        body = {"data": [q, chat, None], "fn_index": fn_index, "session_hash": session, "event_data": None}
        r = await client.post(f"{base}/queue/join", json=body)
        if r.status_code != 200:
            lost.append(f"{session}: {q!r}: join {r.status_code} {r.text[:200]}")
            return chat
        event_id = r.json()["event_id"]
        done: list[Any] | None = None
        async with client.stream("GET", f"{base}/queue/data", params={"session_hash": session}) as stream:
            async for line in stream.aiter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("event_id") not in (None, event_id):
                    continue
                if msg.get("msg") == "queue_full":
                    refused += 1
                    return chat
                if msg.get("msg") == "process_completed":
                    result = (msg.get("output") or {}).get("data") or []
                    if msg.get("success") and answered(result):
                        latencies.append(time.perf_counter() - t0)
                        done = result[1] if page else chat
                    else:
                        lost.append(f"{session}: {q!r}: {str(msg)[:300]}")
                        done = chat
                if msg.get("msg") == "close_stream" and done is not None:
                    return done  # the browser reads the stream to its end, then closes it
        if done is not None:
            return done
        lost.append(f"{session}: {q!r}: the event stream ended without a result")
        return chat

    async def heartbeat(client: httpx.AsyncClient, session: str, opened: asyncio.Event) -> None:
        async with client.stream("GET", f"{base}/heartbeat/{session}") as stream:
            opened.set()
            async for _ in stream.aiter_lines():
                pass

    async def session(client: httpx.AsyncClient, start: asyncio.Event) -> None:
        hash_ = uuid.uuid4().hex[:11]
        await start.wait()
        tab: asyncio.Task[None] | None = None
        if tabs:
            opened = asyncio.Event()
            tab = asyncio.create_task(heartbeat(client, hash_, opened))
            await asyncio.wait([tab, asyncio.create_task(opened.wait())], return_when=asyncio.FIRST_COMPLETED)
        chat: list[Any] = []
        for q in questions:
            try:
                chat = await ask(client, hash_, q, chat)
            except Exception as exc:  # a lost question, reported
                lost.append(f"{hash_}: {q!r}: {type(exc).__name__}: {exc}")
        if tab is not None:  # the tab closes
            tab.cancel()
            with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                await tab

    async def main() -> None:
        limits = httpx.Limits(max_connections=3 * sessions + 4, max_keepalive_connections=3 * sessions + 4)
        async with httpx.AsyncClient(timeout=300, limits=limits) as client:
            start = asyncio.Event()
            tasks = [asyncio.create_task(session(client, start)) for _ in range(sessions)]
            start.set()
            await asyncio.gather(*tasks)

    asyncio.run(main())
    return latencies, refused, lost
class PageTab:
    """One browser tab spoken over HTTP: it holds the page's heartbeat open while it lives and asks
    through the page's own Ask event, sending the conversation back each time, as the page does."""

    def __init__(self, url: str, session: str | None = None) -> None:
        import uuid
        from urllib.parse import urlsplit

        import httpx

        self.url = url
        self.session = session or uuid.uuid4().hex[:11]
        self.fn_index = page_send_fn(httpx.get(f"{url}config", timeout=30).json())
        self.chat: list[Any] = []
        parts = urlsplit(url)
        self._where = (parts.hostname or "127.0.0.1", parts.port or 80, parts.path.rstrip("/"))
        self._beat: socket.socket | None = None

    def open(self) -> PageTab:
        """The page loaded: its heartbeat stream is open (a raw socket, so closing it is a real close)."""
        host, port, path = self._where
        sock = socket.create_connection((host, port), timeout=30)
        request = (f"GET {path}/gradio_api/heartbeat/{self.session} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                   "Accept: text/event-stream\r\n\r\n")
        sock.sendall(request.encode())
        first = sock.recv(4096)
        assert b" 200 " in first.split(b"\r\n", 1)[0], first[:200]
        self._beat = sock
        return self

    def ask(self, question: str) -> str:
        """The answer's text (the last chat message) once the page's event has finished."""
        import json

        import httpx

        base = f"{self.url}gradio_api"
        body = {"data": [question, self.chat, None], "fn_index": self.fn_index, "session_hash": self.session,
                "event_data": None}
        with httpx.Client(timeout=120) as c:
            r = c.post(f"{base}/queue/join", json=body)
            r.raise_for_status()
            with c.stream("GET", f"{base}/queue/data", params={"session_hash": self.session}) as stream:
                for line in stream.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    msg = json.loads(line[5:])
                    if msg.get("msg") == "process_completed":
                        assert msg.get("success"), msg
                        self.chat = msg["output"]["data"][1]
                    if msg.get("msg") == "close_stream":
                        break
        content = self.chat[-1]["content"] if self.chat else ""
        if isinstance(content, list):
            return "".join(part.get("text", "") for part in content if isinstance(part, dict))
        return str(content)

    def close(self) -> None:
        """The tab closed: its heartbeat connection ends."""
        if self._beat is not None:
            self._beat.close()
            self._beat = None
