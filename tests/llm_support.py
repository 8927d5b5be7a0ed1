"""Shared pieces of the LLM tests: a real knowledge base of 03/NQ-CP's tables, answers over it, and a
model-server process that is health-checked and reported with its exit status and log when it dies.

The knowledge base comes from the project's own table parsers run on the real corpus file
(03/NQ-CP is the only document the writer's table context needs), so it needs no index.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from assistant.models import Answer, Citation
from ingest.gazetteer import Gazetteer
from ingest.manifest import load_manifest, read_text_lines, slice_for
from ingest.models import KnowledgeBase
from ingest.nq03_appendices import parse_appendices
from ingest.settings import Settings


@lru_cache(maxsize=1)
def tables_kb() -> KnowledgeBase:
    settings = Settings()
    parts = {}
    for entry in load_manifest(settings.corpus_dir):
        if entry.parser == "nq03":
            lines = read_text_lines(settings.corpus_dir / entry.doc.source_file)
            start, end = slice_for(entry, lines)
            doc = replace(entry.doc, line_start=start + 1, line_end=end)
            parts[doc.lang] = (doc, lines[start:end], start + 1)
    gaz = Gazetteer.load()
    appx = parse_appendices(parts["vi"], parts.get("en"), gaz)
    return KnowledgeBase(
        documents=[p[0] for p in parts.values()],
        clauses=appx.clauses,
        tasks=appx.tasks,
        indicators=appx.indicators,
        agencies=list(gaz.agencies),
    )


def task_citation(no: int, lang: str = "en") -> Citation:
    kb = tables_kb()
    found = [c for c in kb.clauses if c.clause_id == f"appendix-II.{no}"]
    clause = next((c for c in found if c.lang == lang), found[0])
    label = (
        f"Resolution 03/NQ-CP, Appendix II, task {no}"
        if lang == "en"
        else f"Nghị quyết 03/NQ-CP, Phụ lục II, nhiệm vụ {no}"
    )
    return Citation("03/NQ-CP", f"appendix-II.{no}", label, clause.lang, clause.text)  # type: ignore[arg-type]


def table_answer(tasks: list[int], question: str, lang: str = "en") -> Answer:
    """A deterministic table answer as the assistant's core would give it (one bullet per task)."""
    kb = tables_kb()
    by_no = {t.no: t for t in kb.tasks}
    lines = []
    for no in tasks:
        t = by_no[no]
        name = (t.name_en if lang == "en" else None) or t.name_vi
        lines.append(f"- Task {no}: {name} [03/NQ-CP:appendix-II.{no}]")
    return Answer(
        question=question,
        language=lang,  # type: ignore[arg-type]
        answer="\n".join(lines),
        tasks=list(tasks),
        citations=[task_citation(no, lang) for no in tasks],
        route="table",
        state={"topic": "tasks"},
    )


# -- a real model server process: started, health-checked, reported when it dies, torn down ------------

LOG_TAIL_CHARS = 3000


class ServerFailed(RuntimeError):
    """The model server died or never became ready; the message has its exit status and log tail."""


def describe_exit(returncode: int) -> str:
    """``-4`` (killed by SIGILL) as "killed by signal SIGILL (4; shell exit status 132)"."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        hint = " - the CPU lacks an instruction the build uses: rebuild with CMAKE_ARGS=-DGGML_NATIVE=OFF" \
            if -returncode == signal.SIGILL else ""
        return f"killed by signal {name} ({-returncode}; shell exit status {128 - returncode}){hint}"
    return f"exited with code {returncode}"


@dataclass
class ModelServer:
    proc: subprocess.Popen
    url: str  # OpenAI-compatible base URL, ".../v1"
    log_path: Path
    name: str = "llama_cpp.server"

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-LOG_TAIL_CHARS:]
        except OSError as exc:
            return f"(no log: {exc})"

    def failure(self, what: str) -> str:
        return f"{self.name} {what}; log {self.log_path} ends:\n{self.log_tail()}"

    def check_alive(self) -> None:
        code = self.proc.poll()
        if code is not None:
            raise ServerFailed(self.failure(describe_exit(code)))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # uvicorn would finish an abandoned generation first: do not wait long
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _get(url: str, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return int(resp.status)


def _post(url: str, body: dict, timeout: float) -> int:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        resp.read()
        return int(resp.status)


def start_model_server(cmd: list[str], url: str, log_path: Path, *, ready_within: float, model: str | None = None,
                       cwd: Path | None = None, name: str = "llama_cpp.server") -> ModelServer:
    """Start ``cmd``, poll ``url``/models until it answers, then (with ``model``) one 1-token completion,
    all within ``ready_within`` seconds; ``ServerFailed`` with the exit status and log tail otherwise.

    The completion matters: a build for the wrong CPU loads the model and serves /models, then dies
    with SIGILL on the first token.
    """
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
    server = ModelServer(proc, url, log_path, name)
    deadline = time.monotonic() + ready_within
    try:
        steps = [("models", lambda t: _get(f"{url}/models", t))]
        if model:
            probe = {"model": model, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 1,
                     "temperature": 0}
            steps.append(("a first completion", lambda t: _post(f"{url}/chat/completions", probe, t)))
        for what, step in steps:
            while True:
                server.check_alive()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ServerFailed(server.failure(f"did not answer {what} within {ready_within:g} s"))
                try:
                    if step(max(0.5, min(left, 60.0))) == 200:
                        break
                except (OSError, urllib.error.URLError):
                    pass  # not listening yet, or busy loading: poll again
                time.sleep(0.3)
        return server
    except BaseException:
        time.sleep(0.2)  # let a dying process finish writing its log
        server.stop()
        raise
