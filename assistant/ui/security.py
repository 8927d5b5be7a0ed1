"""The web edges of ``nq57 serve``: one ASGI middleware in front of every Gradio route.

What it enforces, and why each one (issue 18, item 9 and 6):
- **Host allow-list**: a DNS-rebinding page makes a browser send requests to 127.0.0.1 with its own
  host name; refusing foreign ``Host`` headers keeps such a page from driving a local server.
  Allowed: 127.0.0.1, localhost, ::1, the host the server binds to, and ``NQ57_ALLOWED_HOSTS``
  (comma-separated). A server bound to 0.0.0.0 / :: (login required, see ``check_bind``) accepts
  any Host unless ``NQ57_ALLOWED_HOSTS`` is set.
- **Auth on every route** when ``NQ57_AUTH`` is set: Gradio guards most API routes but not the
  heartbeat, stream, cancel or reset routes; here everything but the login page and its static
  assets needs the session cookie Gradio sets at login.
- **Login throttling**: after ``LOGIN_ATTEMPTS`` failed logins from one address within
  ``LOGIN_WINDOW_S`` seconds, further attempts get 429 until the window has passed.
- **Uploads closed**: the page has no upload control, so the upload routes refuse (nothing reaches
  the temp dir).
- **Body cap**: no request body over ``MAX_BODY_BYTES`` (questions are capped at a few thousand
  characters, feedback comments at ``feedback.MAX_COMMENT_CHARS``).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from ingest.errors import ConfigError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW_S = 60.0
MAX_BODY_BYTES = 1024 * 1024  # a chat turn carries its history; 1 MB is far above any real one
ALLOW_NO_LOGIN_ENV = "NQ57_ALLOW_NO_LOGIN"  # "1": serve on a non-loopback address without a login, knowingly

# Routes the login page itself needs before anyone is logged in (paths after the root path).
_PUBLIC = {"/", "/login", "/login/", "/gradio_api/login", "/gradio_api/login/", "/favicon.ico", "/robots.txt",
           "/theme.css", "/gradio_api/theme.css", "/manifest.json", "/gradio_api/login_check",
           "/gradio_api/login_check/", "/logout", "/gradio_api/logout",
           # launch() probes this itself, without credentials, before it returns; it only runs the
           # app's start-up events once and returns no data
           "/gradio_api/startup-events"}
_PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/", "/gradio_api/pwa_icon", "/pwa_icon")
_UPLOAD = ("/gradio_api/upload", "/upload", "/gradio_api/upload_progress", "/gradio_api/process_recording")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def check_bind(host: str, auth: tuple[str, str] | None, env: Mapping[str, str] | None = None) -> None:
    """Refuse to serve beyond loopback without a login, unless ``NQ57_ALLOW_NO_LOGIN=1`` says so."""
    env = os.environ if env is None else env
    if host in LOOPBACK or auth is not None:
        return
    if env.get(ALLOW_NO_LOGIN_ENV, "").lower() in {"1", "true", "yes"}:
        return
    raise ConfigError(
        f"refusing to serve on {host} without a login: anyone on the network could use it. "
        f'Set NQ57_AUTH="user:password", or {ALLOW_NO_LOGIN_ENV}=1 to serve openly on purpose'
    )


def allowed_hosts(bind_host: str, env: Mapping[str, str] | None = None) -> set[str] | None:
    """Host names accepted in the Host header; None = any (a wildcard bind without an allow-list)."""
    env = os.environ if env is None else env
    extra = {h.strip().lower() for h in env.get("NQ57_ALLOWED_HOSTS", "").split(",") if h.strip()}
    if bind_host in WILDCARD and not extra:
        return None
    return {*LOOPBACK, bind_host.lower(), *extra} - {""}


def host_name(header: str) -> str:
    """``example.com:7860`` -> ``example.com``; ``[::1]:7860`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


class LoginThrottle:
    """Failed logins per client address in a sliding window."""

    def __init__(self, attempts: int = LOGIN_ATTEMPTS, window_s: float = LOGIN_WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts, self.window_s, self.clock = attempts, window_s, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, who: str) -> float:
        """Seconds until ``who`` may try again (0 = now)."""
        now = self.clock()
        with self._lock:
            q = self._failures.get(who)
            while q and now - q[0] > self.window_s:
                q.popleft()
            if not q or len(q) < self.attempts:
                return 0.0
            return max(0.0, self.window_s - (now - q[0]))

    def failed(self, who: str) -> None:
        with self._lock:
            if len(self._failures) > 10_000:  # bound memory under a spray of addresses
                self._failures.clear()
            self._failures.setdefault(who, deque()).append(self.clock())

    def succeeded(self, who: str) -> None:
        with self._lock:
            self._failures.pop(who, None)


class SecurityMiddleware:
    """Pure ASGI (streams pass through untouched, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: Callable[..., Awaitable[None]], *, bind_host: str = "127.0.0.1",
                 auth_required: bool = False, hosts: set[str] | None = None,
                 throttle: LoginThrottle | None = None, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.hosts = hosts if hosts is not None else allowed_hosts(bind_host)
        self.auth_required = auth_required
        self.throttle = throttle or LoginThrottle()
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.hosts is not None and host_name(headers.get("host", "")) not in self.hosts:
            await _refuse(scope, send, 403, "This host name is not served here.")
            return
        path = _route_path(scope)
        if path.rstrip("/") in _UPLOAD:
            await _refuse(scope, send, 403, "This page takes no uploads.")
            return
        try:
            length = int(headers.get("content-length") or 0)
        except ValueError:
            length = self.max_body + 1
        if length > self.max_body:
            await _refuse(scope, send, 413, f"Request too large (limit {self.max_body} bytes).")
            return
        if self.auth_required and not _public(path) and not _logged_in(scope, headers):
            await _refuse(scope, send, 401, "Not authenticated: log in first.")
            return
        if scope["type"] == "http" and scope.get("method") == "POST" and path.rstrip("/") in (
                "/login", "/gradio_api/login"):
            await self._login(scope, receive, send)
            return
        await self.app(scope, _capped(receive, self.max_body), send)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        who = (scope.get("client") or ("?", 0))[0]
        wait = self.throttle.retry_after(who)
        if wait > 0:
            await _refuse(scope, send, 429, f"Too many failed logins; try again in {int(wait) + 1} s.",
                          headers=[(b"retry-after", str(int(wait) + 1).encode())])
            return
        status: list[int] = []

        async def watch(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(int(message["status"]))
            await send(message)

        await self.app(scope, _capped(receive, self.max_body), watch)
        if status and status[0] == 200:
            self.throttle.succeeded(who)
        else:
            self.throttle.failed(who)


def _route_path(scope: Scope) -> str:
    path = scope.get("path", "") or "/"
    root = (scope.get("root_path") or "").rstrip("/")
    if root and path.startswith(root + "/"):
        path = path[len(root):]
    return path


def _public(path: str) -> bool:
    return path in _PUBLIC or path.startswith(_PUBLIC_PREFIXES)


def _logged_in(scope: Scope, headers: dict[str, str]) -> bool:
    """A session cookie Gradio issued at login (its App keeps the tokens)."""
    app = scope.get("app")
    tokens = getattr(app, "tokens", None)
    cookie_id = getattr(app, "cookie_id", None)
    if not isinstance(tokens, dict) or cookie_id is None:
        return False
    cookies: dict[str, str] = {}
    for part in headers.get("cookie", "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            cookies[name] = value
    for name in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
        if cookies.get(name) in tokens:
            return True
    return False


def _capped(receive: Receive, limit: int) -> Receive:
    """A receive that stops a chunked body (no Content-Length) beyond the cap."""
    seen = 0

    async def inner() -> dict[str, Any]:
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise ConnectionAbortedError(f"request body over {limit} bytes")
        return message

    return inner


async def _refuse(scope: Scope, send: Send, status: int, message: str,
                  headers: list[tuple[bytes, bytes]] | None = None) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def middleware(bind_host: str, auth: tuple[str, str] | None) -> list[Any]:
    """The ``middleware=`` list for Gradio's FastAPI app (``launch(app_kwargs=...)``)."""
    from starlette.middleware import Middleware

    return [Middleware(SecurityMiddleware, bind_host=bind_host, auth_required=auth is not None)]
