"""What the real server keeps for a browser tab once it closes (assistant/ui/sessions.py).

Tabs are spoken over HTTP as the page speaks (ui_support.PageTab): the heartbeat held open, the
page's own Ask event, the conversation sent back with each question.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from ui_support import PageTab, UiServer, start_ui_server, wait_for

from assistant.ui.escaping import escape_markdown_text
from assistant.ui.handlers import history_of
from assistant.ui.serve import build_app
from ingest.errors import ConfigError

MOH_Q = "Which tasks does MOH lead and when are they due?"
FOLLOW_UP = "which of those are due by March 2025?"
GRACE = 1.0


@pytest.fixture(scope="module")
def short_grace_server(ui_assistant: Any, ui_settings: Any) -> Iterator[UiServer]:
    server = start_ui_server(ui_assistant, ui_settings.with_(ui_closed_session_seconds=GRACE))
    try:
        yield server
    finally:
        server.close()


def sessions_of(server: UiServer) -> dict[str, Any]:
    return server.demo.state_holder.session_data  # type: ignore[no-any-return]


def task_refs(markdown: str) -> set[str]:
    return set(re.findall(r'<code class="nq57-card-ref">(03/NQ-CP:appendix-II\.\d+)</code>', markdown))


def test_a_closed_tab_is_forgotten_and_its_follow_up_still_has_context(short_grace_server: UiServer) -> None:
    releaser = short_grace_server.demo.nq57_sessions  # type: ignore[attr-defined]
    before = releaser.released
    tab = PageTab(short_grace_server.url).open()
    first = tab.ask(MOH_Q)
    assert {"03/NQ-CP:appendix-II.110", "03/NQ-CP:appendix-II.111"} <= task_refs(first)
    assert tab.session in sessions_of(short_grace_server)  # Gradio holds the conversation while the tab is open
    tab.close()
    wait_for(lambda: tab.session not in sessions_of(short_grace_server), timeout=60, what="the closed tab forgotten")
    assert releaser.released > before
    # The tab comes back (a network blip outlasting the grace): the browser still has the chat, and
    # the follow-up reads its context from it.
    again = tab.open().ask(FOLLOW_UP)
    tab.close()
    assert task_refs(again) == {"03/NQ-CP:appendix-II.110"}, again[:400]


def test_a_tab_back_within_the_grace_keeps_its_session(short_grace_server: UiServer) -> None:
    releaser = short_grace_server.demo.nq57_sessions  # type: ignore[attr-defined]
    tab = PageTab(short_grace_server.url).open()
    tab.ask(MOH_Q)
    pending = releaser.pending()
    tab.close()
    wait_for(lambda: releaser.pending() > pending, timeout=30, what="the close seen by the server")
    tab.open()
    tab.ask(FOLLOW_UP)  # used again after it closed: not a tab that is gone
    time.sleep(GRACE + 2.5)  # past the grace and the release batch
    assert tab.session in sessions_of(short_grace_server)
    tab.close()


def test_history_from_the_conversation_when_the_server_forgot_it() -> None:
    asked = ["Bộ KH&CN chủ trì nhiệm vụ nào? *gấp*", "too long"]
    chat = [
        {"role": "user", "content": [{"type": "text", "text": escape_markdown_text(asked[0])}]},
        {"role": "assistant", "content": [{"type": "text", "text": "**3 tasks** …"}]},
        {"role": "user", "content": escape_markdown_text(asked[1])},
        {"role": "assistant", "content": "⚠️ The question is too long"},  # refused: not context
    ]
    assert history_of(chat, []) == [asked[0]]
    kept = [{"question": "what the server kept"}]
    assert history_of(chat, kept) == ["what the server kept"]  # the server's turns win when complete
    assert history_of([], []) == []


def test_a_negative_grace_is_refused(ui_assistant: Any, ui_settings: Any) -> None:
    with pytest.raises(ConfigError, match="NQ57_UI_CLOSED_SESSION_SECONDS"):
        build_app(ui_assistant, ui_settings.with_(ui_closed_session_seconds=-1.0))
