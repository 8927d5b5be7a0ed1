"""Turning settings into a LangChain chat model.

Any ``BaseChatModel`` works with the writer; this module only builds the default one, an
OpenAI-compatible endpoint (llama.cpp server, vLLM, Ollama, a hosted API) through
``langchain_openai.ChatOpenAI``. The import happens here, on demand, so a run without an LLM
never loads langchain-openai or the openai client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlparse

from ingest.errors import ConfigError
from ingest.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

# OpenAI-compatible servers want *some* bearer token even when they check none.
_PLACEHOLDER_KEY = "no-key-needed"


def check_settings(settings: Settings) -> None:
    """Raise ``ConfigError`` naming the missing variables when the LLM is not configured."""
    missing = [
        name
        for name, value in (("NQ57_LLM_URL", settings.llm_url), ("NQ57_LLM_MODEL", settings.llm_model))
        if not value
    ]
    if missing:
        raise ConfigError(
            f"The model-written answers (--llm) need {' and '.join(missing)}: set NQ57_LLM_URL to an "
            "OpenAI-compatible base URL (e.g. http://127.0.0.1:8080/v1) and NQ57_LLM_MODEL to the model name."
        )
    parsed = urlparse(settings.llm_url or "")
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"NQ57_LLM_URL={settings.llm_url!r} is not an http(s) URL like http://127.0.0.1:8080/v1"
        )
    if settings.llm_timeout <= 0:
        raise ConfigError(f"NQ57_LLM_TIMEOUT={settings.llm_timeout} must be a positive number of seconds")
    if settings.llm_max_tokens <= 0:
        raise ConfigError(f"NQ57_LLM_MAX_TOKENS={settings.llm_max_tokens} must be a positive integer")


def base_url(url: str) -> str:
    """The API base: a bare host ("http://host:8080") gets the "/v1" every compatible server uses."""
    url = url.rstrip("/")
    return url + "/v1" if urlparse(url).path in ("", "/") else url


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The default chat model for ``settings`` (OpenAI-compatible endpoint)."""
    check_settings(settings)
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # the extra is optional
        raise ConfigError("The model-written answers need langchain-openai: pip install 'nq57[llm]'") from exc
    return ChatOpenAI(
        base_url=base_url(settings.llm_url or ""),
        model=settings.llm_model or "",
        api_key=settings.llm_api_key or _PLACEHOLDER_KEY,  # type: ignore[arg-type]
        timeout=settings.llm_timeout,
        max_retries=0,  # a retry would double the worst-case wait the timeout promises
        max_tokens=settings.llm_max_tokens,  # type: ignore[call-arg]
        temperature=0.0,
        # langchain-openai sends "max_completion_tokens"; llama.cpp-style servers read "max_tokens".
        extra_body={"max_tokens": settings.llm_max_tokens},
    )
