"""The on-disk layout of the search index, the atomic pointer swap and the build lock.

    <index_dir>/
      CURRENT.json           pointer: {"version": ..., "previous": ...}; replaced with os.replace
      .build.lock            fcntl lock held for the whole build
      versions/<version>/    one complete index: meta.json (written last), chunks.jsonl,
                             clauses.json, lexical/, chroma/ (embedded mode only)

A build writes a fresh version directory and only then swaps the pointer, so a build killed at any
moment leaves the previous version untouched and in use. Version directories the pointer does not
name (current or previous) are leftovers of killed builds or old versions and are removed by the
next build.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.errors import IndexBusyError

POINTER = "CURRENT.json"
LOCK = ".build.lock"
VERSIONS = "versions"
META = "meta.json"


def versions_dir(index_dir: Path) -> Path:
    return index_dir / VERSIONS


def version_dir(index_dir: Path, version: str) -> Path:
    return versions_dir(index_dir) / version


def new_version(fingerprint: str) -> str:
    return f"v{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 1_000_000_000:09d}-{fingerprint[:8]}"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(path: Path, payload: Any) -> None:
    """Write ``path`` so that readers see the old or the new content, never a torn file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def read_json(path: Path) -> Any | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_pointer(index_dir: Path) -> dict[str, Any] | None:
    data = read_json(index_dir / POINTER)
    return data if isinstance(data, dict) and data.get("version") else None


def swap_pointer(index_dir: Path, version: str, **extra: Any) -> dict[str, Any]:
    old = read_pointer(index_dir)
    pointer = {
        "version": version,
        "previous": old["version"] if old else None,
        "switched_at": time.time(),
        **extra,
    }
    write_json_atomic(index_dir / POINTER, pointer)
    return pointer


def read_meta(vdir: Path) -> dict[str, Any] | None:
    data = read_json(vdir / META)
    return data if isinstance(data, dict) else None


def fsync_tree(root: Path) -> None:
    """Flush every file under ``root`` (and the directories) before the pointer names it."""
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def stale_versions(index_dir: Path) -> list[Path]:
    """Version directories that neither the current nor the previous pointer names."""
    pointer = read_pointer(index_dir) or {}
    keep = {pointer.get("version"), pointer.get("previous")}
    root = versions_dir(index_dir)
    if not root.is_dir():
        return []
    return [p for p in sorted(root.iterdir()) if p.name not in keep]


def remove_stale_temp(index_dir: Path) -> list[str]:
    """Pointer temp files (``.CURRENT.json.<pid>.tmp``) of builds killed mid-swap.

    Call only under the build lock: then no other process is writing the pointer.
    """
    removed = []
    for path in index_dir.glob(f".{POINTER}.*.tmp"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path.name)
    return removed


def remove_stale_versions(index_dir: Path) -> list[str]:
    removed = []
    for path in stale_versions(index_dir):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


_HELD: dict[tuple[str, int], int] = {}  # (lock path, thread) -> nesting depth held by this thread
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def build_lock(index_dir: Path, *, nest: bool = False) -> Iterator[None]:
    """Hold the exclusive build lock, or raise ``IndexBusyError`` at once if another build holds it.

    fcntl locks die with their process, so a killed build never leaves a stale lock behind.
    ``nest=True`` lets the holder's callees in the same thread join this hold: ``ingest --force``
    holds it over the KB and the index build, whose own ``build_lock`` then nests instead of refusing
    its caller. Without it, even a second hold in the same thread refuses.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK
    key = (str(path.resolve()), threading.get_ident())  # another thread is another build: it must refuse
    with _HELD_GUARD:
        nested = _HELD.get(key, 0) > 0
        if nested:
            _HELD[key] += 1
    if nested:
        try:
            yield
        finally:
            with _HELD_GUARD:
                _HELD[key] -= 1
        return
    with _locked(path, key if nest else None):
        yield


@contextlib.contextmanager
def _locked(path: Path, key: tuple[str, int] | None) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            holder = ""
            with contextlib.suppress(OSError, ValueError):
                holder = os.pread(fd, 64, 0).decode().strip()
            who = f" (process {holder})" if holder else ""
            raise IndexBusyError(
                f"The search index is being built by another process{who}. "
                "Wait for that `nq57 ingest` to finish, then try again."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        if key is not None:
            with _HELD_GUARD:
                _HELD[key] = 1
        try:
            yield
        finally:
            if key is not None:
                with _HELD_GUARD:
                    _HELD.pop(key, None)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
