"""``nq57 serve``: make sure the index exists, load the assistant, serve the page.

Hardening lives here, in one place: analytics off (see ``assistant.ui.__init__``), no share link,
no files served but the app's own exports, a bounded queue with a concurrency limit for answers,
optional login from ``NQ57_AUTH="user:password"``, errors shown without internals.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

import gradio as gr

from assistant.ui import security
from assistant.ui.app import APP_CSS, create_blocks
from assistant.ui.card_text import card_text_js, extra_routes
from assistant.ui.chat import AssistantLike
from ingest.errors import ConfigError
from ingest.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def auth_from_env(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``NQ57_AUTH="user:password"`` -> ("user", "password"); unset -> no login."""
    raw = (os.environ if env is None else env).get("NQ57_AUTH", "")
    if not raw:
        return None
    user, sep, password = raw.partition(":")
    if not sep or not user or not password:
        raise ConfigError('NQ57_AUTH must look like "user:password" (both non-empty)')
    return user, password


def build_app(assistant: AssistantLike, settings: Settings) -> gr.Blocks:
    """The page with its queue configured; ready for ``launch_app``."""
    if settings.ui_queue_size < 1 or settings.ui_concurrency < 1 or settings.ui_sessions < 1:
        raise ConfigError("NQ57_UI_QUEUE_SIZE, NQ57_UI_CONCURRENCY and NQ57_UI_SESSIONS must be at least 1")
    if not settings.ui_session_hours > 0:
        raise ConfigError("NQ57_UI_SESSION_HOURS must be a positive number of hours")
    if not settings.ui_closed_session_seconds >= 0:
        raise ConfigError("NQ57_UI_CLOSED_SESSION_SECONDS must be 0 or more seconds")
    demo = create_blocks(assistant, settings)
    demo.queue(
        max_size=settings.ui_queue_size,
        default_concurrency_limit=max(2, settings.ui_concurrency),
        api_open=False,  # REST routes must not bypass the queue and its limits
    )
    return demo


def launch_kwargs(
    settings: Settings,
    *,
    host: str,
    port: int | None,
    root_path: str = "",
    auth: tuple[str, str] | None = None,
    routes: list[Any] | None = None,
) -> dict[str, Any]:
    blocked = [str(p.resolve()) for p in (settings.data_dir, settings.corpus_dir)]
    return {
        "server_name": host,
        "state_session_capacity": settings.ui_sessions,
        "server_port": port,
        "root_path": root_path or "",
        "auth": auth,
        "share": False,
        "allowed_paths": [],
        "blocked_paths": blocked,
        "show_error": False,
        "max_file_size": "1kb",  # the page takes no uploads
        "footer_links": [],
        "run_history": False,
        "enable_monitoring": False,
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "strict_cors": True,
        "css": APP_CSS,
        "js": card_text_js(),
        # Host allow-list, auth on every route, login throttling, uploads closed (assistant/ui/security.py);
        # the page's own routes (a card's clause text) go through the same middleware.
        "app_kwargs": {"middleware": security.middleware(host, auth), "routes": list(routes or [])},
    }


def launch_app(
    demo: gr.Blocks,
    settings: Settings,
    *,
    host: str = DEFAULT_HOST,
    port: int | None = DEFAULT_PORT,
    root_path: str = "",
    auth: tuple[str, str] | None = None,
    block: bool = True,
    quiet: bool = False,
) -> str:
    """Start the server; returns its local URL (when ``block`` is False, with the server running)."""
    _app, local_url, _share = demo.launch(
        prevent_thread_lock=not block,
        quiet=quiet,
        **launch_kwargs(settings, host=host, port=port, root_path=root_path, auth=auth, routes=extra_routes(demo)),
    )
    return local_url


def ensure_index(settings: Settings) -> None:
    """Build the knowledge base and the search index if missing or stale (a no-op when current)."""
    from assistant.core import ensure_index as core_ensure_index

    core_ensure_index(settings)


def load_assistant(settings: Settings, llm: bool = False) -> AssistantLike:
    """The assistant over an index that ``ensure_index`` has made current."""
    from assistant.core import Assistant

    return Assistant.load(settings, build=False, llm=True if llm else None)


def serve(
    settings: Settings,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    root_path: str = "",
    llm: bool = False,
) -> None:
    """Run the web UI until interrupted."""
    auth = auth_from_env()
    security.check_bind(host, auth)  # no open server beyond loopback without a login
    if host not in ("127.0.0.1", "localhost", "::1") and auth is None:
        log.warning("serving on %s without a login; set NQ57_AUTH=user:password to require one", host)
    log.info("checking the knowledge base and search index under %s", settings.data_dir)
    ensure_index(settings)
    assistant = load_assistant(settings, llm=llm)
    demo = build_app(assistant, settings)
    url = launch_app(demo, settings, host=host, port=port, root_path=root_path, auth=auth, block=False, quiet=True)
    where = f" behind the proxy path {root_path}" if root_path else ""
    login = " (login required)" if auth else ""
    print(f"NQ57 assistant: serving on {url}{where}{login}. Press Ctrl+C to stop.", flush=True)
    demo.block_thread()
