"""Safe builds: idempotent, cached, atomic swaps, survives SIGKILL, refuses a concurrent build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.errors import IndexBusyError
from vectorstore import layout
from vectorstore.index import build_index
from vectorstore.retriever import HybridRetriever
from vectorstore.sample_kb import edited, tiny_kb

ROOT = Path(__file__).resolve().parent.parent
OLD_TEXT = "d) Develop and promote the national brand for innovation."
NEW_TEXT = "d) Develop and promote the national brand for innovation, with a yearly innovation festival."

# Builds the edited tiny corpus in a child process, printing each progress stage; it pauses at
# PAUSE_STAGE until GATE exists, so the parent can kill it (or race it) at a known point.
_CHILD = """
import os, sys, time
from pathlib import Path
from ingest.settings import Settings
from vectorstore.index import build_index
from vectorstore.sample_kb import edited, tiny_kb

data, pause_stage, gate, new_text = sys.argv[1:5]
kb = edited(tiny_kb(), "II.1.d", "en", new_text, "tiny-2")

def progress(stage, done, total):
    print(f"STAGE {stage} {done} {total}", flush=True)
    if stage == pause_stage and (stage != "embed" or done > 0):
        while not os.path.exists(gate):
            time.sleep(0.02)

report = build_index(kb, Settings(data_dir=Path(data)), progress=progress)
print("REPORT", report.status, report.n_embedded, report.n_cached, flush=True)
"""


def _edited_kb():
    return edited(tiny_kb(), "II.1.d", "en", NEW_TEXT, "tiny-2")


def _start_child(data_dir: Path, pause_stage: str, gate: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(data_dir), pause_stage, str(gate), NEW_TEXT],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _wait_for_stage(proc: subprocess.Popen[str], stage: str, timeout: float = 300) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(
                f"child exited before stage {stage}: {seen} {proc.stderr.read() if proc.stderr else ''}"
            )
        seen.append(line.strip())
        parts = line.split()
        if parts[:2] == ["STAGE", stage] and (stage != "embed" or int(parts[2]) > 0):
            return seen
    raise AssertionError(f"stage {stage} not reached: {seen}")


def _clause_text(settings, clause_id: str, lang: str) -> str:
    with HybridRetriever.open(settings) as r:
        hits = r.search("national brand for innovation", k=8, clause_prefix=clause_id)
    assert hits, "no hit"
    return hits[0].texts[lang]


def test_unchanged_corpus_is_up_to_date_fast(vs_tiny_copy) -> None:
    t0 = time.perf_counter()
    report = build_index(vs_tiny_copy.kb, vs_tiny_copy.settings)
    assert report.status == "up-to-date" and report.n_embedded == 0
    assert time.perf_counter() - t0 < 1.0
    assert report.n_chunks == vs_tiny_copy.report.n_chunks


def test_rebuild_after_one_edit_embeds_only_the_new_text(vs_tiny_copy) -> None:
    settings = vs_tiny_copy.settings
    before = layout.read_pointer(settings.index_dir)
    report = build_index(_edited_kb(), settings)
    assert report.status == "built"
    assert report.n_embedded == 1 and report.n_cached == report.n_chunks - 1 - report.n_lexical_only
    pointer = layout.read_pointer(settings.index_dir)
    assert pointer["version"] != before["version"] and pointer["previous"] == before["version"]
    assert _clause_text(settings, "II.1.d", "en") == NEW_TEXT
    # Back to the original text: everything comes from the cache.
    again = build_index(tiny_kb(), settings)
    assert again.status == "built" and again.n_embedded == 0
    assert _clause_text(settings, "II.1.d", "en") == OLD_TEXT
    # Only the current and the previous version are kept.
    kept = sorted(p.name for p in layout.versions_dir(settings.index_dir).iterdir())
    pointer = layout.read_pointer(settings.index_dir)
    assert kept == sorted([pointer["version"], pointer["previous"]])


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["embed", "lexical", "chroma", "swap"])
def test_build_killed_mid_way_leaves_previous_index_usable(vs_tiny_copy, tmp_path: Path, stage: str) -> None:
    settings = vs_tiny_copy.settings
    before = layout.read_pointer(settings.index_dir)
    proc = _start_child(settings.data_dir, stage, tmp_path / "never-created")
    try:
        _wait_for_stage(proc, stage)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert layout.read_pointer(settings.index_dir) == before
    # The previous index answers, with the previous text.
    assert _clause_text(settings, "II.1.d", "en") == OLD_TEXT
    with HybridRetriever.open(settings, vs_tiny_copy.kb) as r:
        assert r.search("Bộ Y tế", k=1)[0].citation_id == "03/NQ-CP:appendix-II.110"
    # The lock died with the process; the next build succeeds and clears the half-written version.
    report = build_index(_edited_kb(), settings)
    assert report.status == "built"
    assert report.n_embedded == 0  # the killed build had already cached the new vector
    assert _clause_text(settings, "II.1.d", "en") == NEW_TEXT
    pointer = layout.read_pointer(settings.index_dir)
    kept = sorted(p.name for p in layout.versions_dir(settings.index_dir).iterdir())
    assert kept == sorted([pointer["version"], pointer["previous"]])


@pytest.mark.slow
def test_second_concurrent_build_refuses_at_once(vs_tiny_copy, tmp_path: Path) -> None:
    settings = vs_tiny_copy.settings
    gate = tmp_path / "go"
    proc = _start_child(settings.data_dir, "chunk", gate)
    try:
        _wait_for_stage(proc, "chunk")
        t0 = time.perf_counter()
        with pytest.raises(IndexBusyError, match="being built") as err:
            build_index(_edited_kb(), settings)
        assert time.perf_counter() - t0 < 1.0
        assert str(proc.pid) in str(err.value)
        # Readers are not blocked by a build in progress.
        assert _clause_text(settings, "II.1.d", "en") == OLD_TEXT
        gate.touch()
        out, errs = proc.communicate(timeout=300)
    finally:
        proc.kill()
    assert "REPORT built" in out, errs
    assert build_index(_edited_kb(), settings).status == "up-to-date"


def test_empty_knowledge_base_is_refused(tmp_path: Path) -> None:
    from ingest.errors import CorpusError
    from ingest.models import KnowledgeBase
    from ingest.settings import Settings

    with pytest.raises(CorpusError, match="no text to index"):
        build_index(KnowledgeBase(corpus_hash="empty"), Settings(data_dir=tmp_path))
    assert layout.read_pointer(Settings(data_dir=tmp_path).index_dir) is None


def test_pointer_is_replaced_atomically(tmp_path: Path) -> None:
    layout.swap_pointer(tmp_path, "v1")
    layout.swap_pointer(tmp_path, "v2", collection="c2")
    data = json.loads((tmp_path / layout.POINTER).read_text())
    assert data["version"] == "v2" and data["previous"] == "v1" and data["collection"] == "c2"
    assert [p.name for p in tmp_path.iterdir()] == [layout.POINTER]  # no temp files left behind


def test_lock_is_exclusive_within_and_across_holders(tmp_path: Path) -> None:
    with layout.build_lock(tmp_path), pytest.raises(IndexBusyError), layout.build_lock(tmp_path):
        pass
    with layout.build_lock(tmp_path):  # released after use
        pass
