"""A small OpenAI-compatible HTTP server for timing tests: it answers what it is told, as slowly as it is told.

``/v1/models`` and ``/v1/chat/completions`` (plain JSON, or server-sent events with ``"stream": true``),
served from a thread on a free loopback port. The timing behaviour of the LLM writer (client
timeouts, a server that hangs, one that streams slowly, one that fails) is tested against this
stub, so it depends on sleeps the test chose and never on how fast a real model happens to be.

    with StubLLMServer(reply="Task 110 ... [03/NQ-CP:appendix-II.110]", first_byte_delay=3) as stub:
        settings = Settings(llm_url=stub.url, llm_model=stub.model, ...)
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class StubBehaviour:
    reply: str = "The documents say so [03/NQ-CP:appendix-II.110]."
    first_byte_delay: float = 0.0  # seconds before any response byte
    chunk_delay: float = 0.0  # seconds between streamed chunks
    chunk_words: int = 1  # words per streamed chunk
    hang: bool = False  # read the request, then never answer (until the server stops)
    status: int = 200  # anything else: an OpenAI-style error body with this status
    requests: list[dict[str, Any]] = field(default_factory=list)


class StubLLMServer:
    def __init__(self, model: str = "stub-model", **behaviour: Any) -> None:
        self.model = model
        self.behaviour = StubBehaviour(**behaviour)
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True  # a hung handler must not keep the test process alive
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="stub-llm", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> StubLLMServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()  # releases hung and sleeping handlers
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def sleep(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; False when it is."""
        return not self.stopping.wait(seconds) if seconds > 0 else not self.stopping.is_set()


def _chunk(model: str, delta: dict[str, str], finish: str | None) -> bytes:
    body = {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def _handler(stub: StubLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            return

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._json(200, {"object": "list", "data": [{"id": stub.model, "object": "model", "owned_by": "stub"}]})
            else:
                self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = json.loads(self.rfile.read(length) or b"{}")
            b = stub.behaviour
            b.requests.append(request)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                return
            if b.hang:
                stub.stopping.wait()
                return
            if not stub.sleep(b.first_byte_delay):
                return
            if b.status != 200:
                self._json(b.status, {"error": {"message": "stub failure", "type": "server_error", "code": b.status}})
                return
            if not request.get("stream"):
                self._json(200, {
                    "id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
                    "model": stub.model,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": b.reply},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })  # fmt: skip
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            words = b.reply.split(" ")
            try:
                self.wfile.write(_chunk(stub.model, {"role": "assistant", "content": ""}, None))
                for i in range(0, len(words), b.chunk_words):
                    piece = " ".join(words[i : i + b.chunk_words]) + (" " if i + b.chunk_words < len(words) else "")
                    self.wfile.write(_chunk(stub.model, {"content": piece}, None))
                    self.wfile.flush()
                    if not stub.sleep(b.chunk_delay):
                        return
                self.wfile.write(_chunk(stub.model, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up (its timeout): expected in these tests
            self.close_connection = True

    return Handler
