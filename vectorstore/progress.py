"""Progress of long index builds: a one-line bar on a terminal, plain log lines otherwise.

``build_index`` uses ``stage_progress()`` when its caller passes no progress callback, so
``nq57 ingest`` and the first ``nq57 serve`` both show it. Only the embedding stage is long (it is
~97 % of a cold build); nothing is printed when every vector comes from a cache.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

_LOG_EVERY_S = 5.0  # plain lines: at most one per this many seconds (plus the first and last)
_BAR = 28


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    return f"{seconds // 60}:{seconds % 60:02d}"


class EmbedProgress:
    """Renders (done, total) updates of one embedding run with rate and time left."""

    def __init__(self, stream: TextIO | None = None, label: str = "embedding", tty: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.tty = self.stream.isatty() if tty is None else tty
        self.t0: float | None = None
        self.last = 0.0
        self.finished = False
        self.announced = False

    def __call__(self, done: int, total: int) -> None:
        if total <= 0 or self.finished:
            return
        now = time.monotonic()
        if done == 0 or self.t0 is None:  # (re)start: the caller says how many are left to embed
            self.t0 = now
            self.last = now
            self.announced = False
            return
        if not self.announced:
            self.announced = True
            if not self.tty:
                self._line(f"{self.label}: {total} chunks to embed (once; later starts reuse them)")
        elapsed = now - self.t0
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        end = done >= total
        if self.tty:
            filled = int(_BAR * done / total)
            bar = "#" * filled + "-" * (_BAR - filled)
            self.stream.write(
                f"\r{self.label} [{bar}] {done}/{total} chunks, {rate:.1f}/s, "
                + (f"done in {_clock(elapsed)}" if end else f"{_clock(left)} left")
                + ("\n" if end else "")
            )
            self.stream.flush()
        elif end or now - self.last >= _LOG_EVERY_S:
            self._line(
                f"{self.label}: {done}/{total} chunks embedded, {rate:.1f} chunks/s, "
                + (f"finished in {elapsed:.1f} s" if end else f"about {_clock(left)} left")
            )
            self.last = now
        self.finished = end

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


def console_progress(label: str = "embedding", stream: TextIO | None = None) -> Callable[[int, int], None]:
    return EmbedProgress(stream, label)


def stage_progress(stream: TextIO | None = None) -> Callable[[str, int, int], None]:
    """A ``build_index`` progress callback that shows only the embedding stage."""
    bar = EmbedProgress(stream, "Search index: embedding")

    def report(stage: str, done: int, total: int) -> None:
        if stage == "embed" and total > 0:
            bar(done, total)

    return report
