"""What the server keeps for a browser tab after it closes, and when it lets go.

Gradio keeps, per session, a copy of every component's config and the last value of every input and
output — the whole conversation with its source cards — until ``state_session_capacity`` newer
sessions push it out; a closed tab's ``gr.State`` goes after an hour, its component values never.
Measured with ``tests/ui_loadbench.py``, that was the server's memory growing with every tab ever
opened, not with the tabs open now.

So when a tab closes (its heartbeat ends and Gradio runs the page's ``unload`` event) and does not
come back within ``grace`` seconds, its stored values are dropped and freed memory is handed back to
the system. A tab that comes back later loses nothing it can see: the browser sends the conversation
with every question, and the follow-up context is read back from it (``handlers.history_of``).

Gradio's session store has no public "forget this session" call, so this reaches into
``Blocks.state_holder``; if a Gradio release renames it, the page keeps working with Gradio's own
retention and one warning in the log.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime
import heapq
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import gradio as gr

log = logging.getLogger(__name__)

BATCH_S = 1.0  # tabs closing within a second are released (and the heap trimmed) together


def _libc_trim() -> Callable[[], Any] | None:
    """glibc's ``malloc_trim(0)``: freed heap pages go back to the system (None off glibc)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    return lambda: trim(0)


class SessionReleaser:
    """Forget a closed tab's session ``grace`` seconds after it closed, unless it was used again.

    One daemon thread sleeps until the next release is due; ``closed`` is the page's unload handler.
    """

    def __init__(
        self,
        demo: Any,
        grace: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        trim: Callable[[], Any] | None = None,
    ) -> None:
        self.demo = demo
        self.grace = grace
        self.clock = clock
        self.trim = trim if trim is not None else _libc_trim()
        self.released = 0  # sessions forgotten so far (tests and logs read it)
        self._due: list[tuple[float, str, datetime.datetime]] = []  # (when, session, closed at)
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._warned = False

    # -- the unload event ------------------------------------------------------------------------
    def closed(self, request: gr.Request | None = None) -> None:
        """The page's ``unload`` handler: the tab behind ``request`` has closed."""
        session = getattr(request, "session_hash", None)
        if not session:
            return
        with self._wake:
            heapq.heappush(self._due, (self.clock() + self.grace, session, datetime.datetime.now()))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="nq57-session-release", daemon=True)
                self._thread.start()
            self._wake.notify()

    def pending(self) -> int:
        with self._wake:
            return len(self._due)

    # -- releasing -------------------------------------------------------------------------------
    def release_due(self) -> int:
        """Forget every session whose grace has passed; how many were forgotten."""
        now = self.clock()
        ready: list[tuple[str, datetime.datetime]] = []
        with self._wake:
            while self._due and self._due[0][0] <= now:
                _, session, closed_at = heapq.heappop(self._due)
                ready.append((session, closed_at))
        forgotten = sum(self._forget(session, closed_at) for session, closed_at in ready)
        if forgotten:
            self.released += forgotten
            if self.trim is not None:  # walks the heap: once per batch, not per session
                self.trim()
        return forgotten

    def _forget(self, session: str, closed_at: datetime.datetime) -> bool:
        holder = getattr(self.demo, "state_holder", None)
        data = getattr(holder, "session_data", None)
        last_used = getattr(holder, "time_last_used", None)
        lock = getattr(holder, "lock", None)
        if not isinstance(data, dict) or not isinstance(last_used, dict) or lock is None:
            if not self._warned:
                self._warned = True
                log.warning("this Gradio has no state_holder.session_data; closed sessions are kept as Gradio keeps them")
            return False
        with lock:
            used = last_used.get(session)
            if used is not None and used > closed_at:  # the tab came back and asked again
                return False
            last_used.pop(session, None)
            return data.pop(session, None) is not None

    def _run(self) -> None:
        while True:
            with self._wake:
                if not self._due:
                    self._thread = None
                    return
                wait = self._due[0][0] + BATCH_S - self.clock()
                if wait > 0:
                    self._wake.wait(timeout=wait)
                    continue
            try:
                self.release_due()
            except Exception:  # a release that fails must not end the thread that does the others
                log.exception("releasing closed sessions failed")
