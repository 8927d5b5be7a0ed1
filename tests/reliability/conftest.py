"""Fixtures of the red-team suite (issue 18). Prefix: rel_.

Everything here is deterministic and bounded: fixed seeds, loopback only, each loop capped in count.
Figures the tests measure go to ``rel_report``, which writes ``evals/reports/reliability.md`` (and
a JSON twin) at the end of the session, merged with the figures of earlier runs of other tests.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORT_MD = ROOT / "evals" / "reports" / "reliability.md"
REPORT_JSON = ROOT / "evals" / "reports" / "reliability.json"
MOH_Q = "Which tasks does MOH lead?"
MOH_TASKS = [110, 111]


class Report:
    """Section -> {figure: value}; rendered as one Markdown table per section."""

    def __init__(self) -> None:
        self.sections: dict[str, dict[str, Any]] = {}

    def put(self, section: str, figure: str, value: Any) -> None:
        self.sections.setdefault(section, {})[figure] = value

    def write(self) -> None:
        if not self.sections:
            return
        old: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            old = json.loads(REPORT_JSON.read_text(encoding="utf-8"))
        for name, figures in self.sections.items():
            old[name] = {**old.get(name, {}), "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                         **figures}
        REPORT_JSON.parent.mkdir(parents=True, exist_ok=True)
        REPORT_JSON.write_text(json.dumps(old, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        lines = ["# Reliability report (issue 18)", "",
                 "Written by `pytest tests/reliability` (each section by its own tests; reproduce one with "
                 "`pytest tests/reliability/test_<section>.py -s`).", ""]
        for name in sorted(old):
            lines += [f"## {name}", "", "| figure | value |", "|---|---|"]
            for k, v in old[name].items():
                text = json.dumps(v, ensure_ascii=False, default=str) if not isinstance(v, str) else v
                lines.append(f"| {k} | {text.replace('|', '/')[:400]} |")
            lines.append("")
        REPORT_MD.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="session")
def rel_report():
    report = Report()
    yield report
    report.write()


@dataclass(frozen=True)
class Built:
    settings: Any  # ingest.settings.Settings: data dir with KB + index, corpus_dir a private copy
    corpus: Path


@pytest.fixture(scope="session")
def rel_built(vs_full_index, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A private data dir (KB on disk + the session's full index) over a private copy of corpus/."""
    from datetime import date

    from assistant.core import ensure_index

    base = tmp_path_factory.mktemp("rel-built")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    data = base / "data"
    shutil.copytree(vs_full_index.settings.data_dir, data)
    settings = vs_full_index.settings.with_(data_dir=data, corpus_dir=corpus, as_of=date(2025, 1, 15))
    ensure_index(settings)  # writes the KB; the index is up to date (same content)
    return Built(settings, corpus)


@pytest.fixture()
def rel_copy(rel_built: Built, tmp_path: Path) -> Built:
    """A private copy of ``rel_built`` a test may damage (data dir and corpus)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(rel_built.corpus, corpus)
    data = tmp_path / "data"
    shutil.copytree(rel_built.settings.data_dir, data)
    return Built(rel_built.settings.with_(data_dir=data, corpus_dir=corpus), corpus)


def fuzz_profile() -> str:
    return os.environ.get("NQ57_FUZZ_PROFILE", "ci").lower()
