"""The optional model-written answer: phrase the deterministic result, verify, or fall back.

Streaming protocol of ``LLMWriter.stream(answer, context, history)``:
  it yields zero or more ``str`` chunks (the unverified draft, in order, as the model writes it),
  then exactly one ``Answer`` (the final one), and stops. The final ``Answer`` has
  ``path == "llm"`` with the verified text, or ``path == "deterministic"`` (the answer passed in,
  with ``notes`` saying why) when the model failed, was too slow, or too little of its draft
  survived verification. A UI shows the chunks as a draft and replaces the draft with the final
  answer's text; refusals and bad-input answers come back untouched and yield no chunks.
  ``final.state["llm"]["deterministic"]`` keeps the deterministic Markdown one click away.

The whole call, from first byte to last, is bounded by ``settings.llm_timeout`` of wall-clock
time: the model runs in a worker thread, and the consumer stops waiting at the deadline.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.llm.context import ContextItem, fence_nonce, render_sources
from assistant.llm.verifier import VerifyResult, verify
from assistant.models import Answer, Citation
from ingest.settings import Settings
from prompts import render

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

log = logging.getLogger(__name__)

PROMPT = "answer"
PROMPT_VERSION = 1
PASS_THROUGH_ROUTES = {"refusal", "bad-input", "not-found"}
MAX_HISTORY_TURNS = 6
MAX_HISTORY_CHARS = 500


@dataclasses.dataclass(frozen=True)
class WriterLimits:
    min_kept_share: float = 0.5  # below this share of verified sentences, the draft is not trusted
    min_kept: int = 1
    max_tasks: int = 12  # longer task lists stay deterministic: a small model cannot list them in budget
    max_items: int = 16


class LLMWriter:
    def __init__(
        self,
        chat_model: BaseChatModel,
        settings: Settings,
        *,
        limits: WriterLimits | None = None,
        prompt_version: int = PROMPT_VERSION,
    ) -> None:
        self.chat_model = chat_model
        self.settings = settings
        self.limits = limits or WriterLimits()
        self.prompt_version = prompt_version

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMWriter:
        """The writer for ``NQ57_LLM_URL``/``NQ57_LLM_MODEL``; ``ConfigError`` if they are not set."""
        from assistant.llm.config import make_chat_model

        return cls(make_chat_model(settings), settings)

    @property
    def model_name(self) -> str:
        return str(getattr(self.chat_model, "model_name", None) or self.settings.llm_model or "model")

    # -- prompt -------------------------------------------------------------------------------
    def messages(
        self, answer: Answer, context: list[ContextItem], history: list[str] | None = None
    ) -> list[tuple[str, str]]:
        """The (role, text) messages sent to the model; any LangChain chat model accepts them."""
        lang = answer.language
        nonce = fence_nonce(context)
        turns = [" ".join(h.split())[:MAX_HISTORY_CHARS] for h in (history or [])][-MAX_HISTORY_TURNS:]
        history_text = (
            "\n".join(f"- {t}" for t in turns)
            if turns
            else render(PROMPT, self.prompt_version, lang, "no_history")
        )
        tasks_block = ""
        if _is_table(answer):
            ids = ", ".join(f"[03/NQ-CP:appendix-II.{n}]" for n in answer.tasks)
            tasks_block = "\n" + render(PROMPT, self.prompt_version, lang, "tasks", task_ids=ids) + "\n"
        system = render(PROMPT, self.prompt_version, lang, "system", nonce=nonce)
        user = render(
            PROMPT,
            self.prompt_version,
            lang,
            "user",
            sources=render_sources(context, nonce),
            history=history_text,
            tasks_block=tasks_block,
            question=" ".join(answer.question.split()),
            nonce=nonce,
        )
        if not self.settings.llm_system_role:
            # Some chat templates (llama.cpp's "gemma") drop system messages: the rules open the
            # user turn instead, as Gemma's own template does with a system prompt.
            return [("human", f"{system}\n\n{user}")]
        return [("system", system), ("human", user)]

    # -- public API -----------------------------------------------------------------------------
    def rewrite(self, answer: Answer, context: list[ContextItem], history: list[str] | None = None) -> Answer:
        """The verified model-written answer, or the deterministic one (see module docstring)."""
        final: Answer | None = None
        for item in self.stream(answer, context, history):
            if isinstance(item, Answer):
                final = item
        assert final is not None  # stream always ends with an Answer
        return final

    def stream(
        self, answer: Answer, context: list[ContextItem], history: list[str] | None = None
    ) -> Iterator[str | Answer]:
        if answer.refused or answer.route in PASS_THROUGH_ROUTES:
            yield answer
            return
        context = self._usable_context(answer, context)
        skip = self._skip_reason(answer, context)
        if skip:
            yield _fallback(answer, skip, status="skipped")
            return

        started = time.monotonic()
        deadline = started + self.settings.llm_timeout
        chunks: queue.Queue[tuple[str, Any]] = queue.Queue()
        cancel = threading.Event()
        worker = threading.Thread(
            target=self._produce,
            args=(self.messages(answer, context, history), chunks, cancel),
            name="nq57-llm",
            daemon=True,  # an abandoned slow request must not keep the process alive
        )
        worker.start()
        draft: list[str] = []
        n_chunks = 0
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    yield self._failed(
                        answer, f"the model did not finish within {self.settings.llm_timeout:g} s"
                    )
                    return
                try:
                    kind, payload = chunks.get(timeout=remaining)
                except queue.Empty:
                    continue  # the loop head reports the timeout
                if kind == "error":
                    yield self._failed(answer, _describe_error(payload, self.settings))
                    return
                if kind == "done":
                    break
                draft.append(payload)
                n_chunks += 1
                yield payload
                if n_chunks >= self.settings.llm_max_tokens:
                    break  # a server that ignores max_tokens is cut off here (one chunk ~ one token)
        finally:
            cancel.set()
        elapsed = time.monotonic() - started
        yield self._finish(answer, context, "".join(draft), elapsed)

    # -- internals ------------------------------------------------------------------------------
    def _usable_context(self, answer: Answer, context: list[ContextItem]) -> list[ContextItem]:
        """For a table answer the model sees only the rows of the structured result (plus clauses)."""
        if _is_table(answer):
            wanted = {f"03/NQ-CP:appendix-II.{n}" for n in answer.tasks}
            context = [c for c in context if c.kind != "task" or c.cid in wanted]
        return context[: max(self.limits.max_items, len(answer.tasks))]

    def _skip_reason(self, answer: Answer, context: list[ContextItem]) -> str | None:
        if not context:
            return "the model was not used: nothing retrieved to phrase"
        if _is_table(answer) and len(answer.tasks) > self.limits.max_tasks:
            return f"the model was not used: {len(answer.tasks)} tasks is more than it can list reliably"
        if _is_table(answer):
            have = {c.cid for c in context}
            absent = [n for n in answer.tasks if f"03/NQ-CP:appendix-II.{n}" not in have]
            if absent:
                return f"the model was not used: no table row for task(s) {absent}"
        return None

    def _produce(self, messages: list[tuple[str, str]], out: queue.Queue, cancel: threading.Event) -> None:
        try:
            for chunk in self.chat_model.stream(messages):
                if cancel.is_set():
                    return
                text = _chunk_text(chunk)
                if text:
                    out.put(("text", text))
            out.put(("done", None))
        except Exception as exc:  # reported to the consumer, which falls back
            out.put(("error", exc))

    def _failed(self, answer: Answer, reason: str) -> Answer:
        log.warning("LLM answer fell back to the deterministic one: %s", reason)
        return _fallback(answer, reason, status="fallback", model=self.model_name)

    def _finish(self, answer: Answer, context: list[ContextItem], draft: str, elapsed: float) -> Answer:
        expected = list(answer.tasks) if _is_table(answer) else None
        result = verify(draft, context, expected_tasks=expected, lang=answer.language)
        removed = [str(r) for r in result.removed]
        stats = {
            "sentences": result.total,
            "kept": len(result.kept),
            "removed": len(result.removed),
            "model": self.model_name,
            "ms": round(elapsed * 1000, 1),
        }
        reason = self._reject_reason(result)
        if reason:
            fb = self._failed(answer, reason)
            fb.removed = [*answer.removed, *removed]
            fb.state["llm"].update(stats)
            return fb
        citations = _citations(answer, context, result)
        notes = [
            *answer.notes,
            f"written by {self.model_name} from the retrieved text and checked: "
            f"{len(result.kept)} of {result.total} sentences kept",
        ]
        state = dict(answer.state)
        state["llm"] = {"status": "llm", "deterministic": answer.answer, **stats}
        return dataclasses.replace(
            answer,
            answer=result.text,
            tasks=list(answer.tasks),
            related_tasks=list(answer.related_tasks),
            indicators=list(answer.indicators),
            citations=citations,
            path="llm",
            removed=[*answer.removed, *removed],
            notes=notes,
            state=state,
            elapsed_ms=answer.elapsed_ms + elapsed * 1000,
        )

    def _reject_reason(self, result: VerifyResult) -> str | None:
        if result.total == 0:
            return "the model returned no text"
        if len(result.kept) < self.limits.min_kept or result.kept_share < self.limits.min_kept_share:
            return (
                f"only {len(result.kept)} of {result.total} model sentences passed verification "
                "(each needs a citation from the retrieved text, and its numbers, dates and agencies must be there)"
            )
        if result.missing_tasks:
            return f"the model's answer left out task(s) {result.missing_tasks} of the structured result"
        return None


def _is_table(answer: Answer) -> bool:
    return answer.route in ("table", "both") and bool(answer.tasks)


def _chunk_text(chunk: Any) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")


def _describe_error(exc: BaseException, settings: Settings) -> str:
    """A message a user can act on; class names avoid importing the openai package here."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    url = settings.llm_url
    if "APITimeoutError" in names or "TimeoutException" in names or isinstance(exc, TimeoutError):
        return f"the model server at {url} did not answer within {settings.llm_timeout:g} s"
    if "APIConnectionError" in names or "ConnectError" in names or isinstance(exc, ConnectionError):
        return f"the model server at {url} cannot be reached (is it running? check NQ57_LLM_URL)"
    status = getattr(exc, "status_code", None)
    if status is not None:
        return f"the model server at {url} answered HTTP {status}: {str(exc)[:200]}"
    return f"the model failed: {type(exc).__name__}: {str(exc)[:200]}"


def _fallback(answer: Answer, reason: str, *, status: str, model: str = "") -> Answer:
    state = dict(answer.state)
    state["llm"] = {
        "status": status,
        "reason": reason,
        "model": model,
        "sentences": 0,
        "kept": 0,
        "removed": 0,
    }
    return dataclasses.replace(
        answer,
        path="deterministic",
        notes=[*answer.notes, f"model-written answer not used: {reason}"],
        removed=list(answer.removed),
        state=state,
    )


def _label(cid: str, lang: str) -> str:
    doc, _, clause = cid.partition(":")
    if clause.startswith("appendix-II."):
        n = clause.split(".", 1)[1]
        return (
            f"Nghị quyết {doc}, Phụ lục II, nhiệm vụ {n}"
            if lang == "vi"
            else f"Resolution {doc}, Appendix II, task {n}"
        )
    if clause.startswith("appendix-I."):
        n = clause.split(".", 1)[1]
        return (
            f"Nghị quyết {doc}, Phụ lục I, chỉ tiêu {n}"
            if lang == "vi"
            else f"Resolution {doc}, Appendix I, indicator {n}"
        )
    return f"{doc}, {clause}"


def _citations(answer: Answer, context: list[ContextItem], result: VerifyResult) -> list[Citation]:
    """The deterministic citations that verified sentences use, in their order, then any others used."""
    used = set(result.cited)
    out = [c for c in answer.citations if c.ref in used]
    have = {c.ref for c in out}
    by_cid = {c.cid: c for c in context}
    for cid in result.cited:
        if cid not in have and cid in by_cid:
            item = by_cid[cid]
            doc, _, clause = cid.partition(":")
            out.append(Citation(doc, clause, _label(cid, answer.language), item.lang, item.text))
    return out
