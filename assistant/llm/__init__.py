"""Optional model-written answers: the model phrases the deterministic result, a verifier checks it.

Off unless ``--llm`` / ``NQ57_LLM=1`` with ``NQ57_LLM_URL`` and ``NQ57_LLM_MODEL`` set. Nothing
here imports LangChain's OpenAI client (or any model code) until a writer is built, so importing
this package costs nothing when no LLM is configured.

    from assistant.llm import maybe_writer
    from assistant.llm.context import context_from_answer

    writer = maybe_writer(settings)          # None when the LLM is off
    if writer is not None:
        answer = writer.rewrite(answer, context_from_answer(answer, kb), history)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.llm.writer import LLMWriter
    from ingest.settings import Settings


def maybe_writer(settings: Settings) -> LLMWriter | None:
    """The writer when ``settings.llm_enabled``, else None; ``ConfigError`` if enabled but unset."""
    if not settings.llm_enabled:
        return None
    from assistant.llm.writer import LLMWriter

    return LLMWriter.from_settings(settings)
