"""What the page's events call: plain methods over the chat service, the explorers and feedback.

No layout here (that is ``app``); tests call these directly.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.messages import text
from assistant.ui.chat import ANSWER_CACHE_SIZE, AssistantLike, ChatService
from assistant.ui.escaping import ascii_markup, escape_markdown_text, unescape_markdown_text
from assistant.ui.explorer import ALL, IndicatorExplorer, TaskExplorer
from assistant.ui.feedback import FeedbackRecord, FeedbackStore
from assistant.ui.render import plain_text
from assistant.ui.tables import next_sort, table_html
from ingest.errors import FeedbackError
from ingest.settings import Settings

log = logging.getLogger(__name__)


def _record_from_turn(turn: dict[str, Any], rating: str, comment: str, answer: str) -> FeedbackRecord:
    return FeedbackRecord(
        answer_id=str(turn.get("answer_id", "")),
        rating=rating,
        comment=comment,
        question=str(turn.get("question", "")),
        answer=answer,
        citations=list(turn.get("citations", [])),
        history=list(turn.get("history", [])),
        language=str(turn.get("language", "")),
        tasks=list(turn.get("tasks", [])),
        route=str(turn.get("route", "")),
        path=str(turn.get("path", "")),
    )


def _rating_from_like(liked: bool | str | None) -> str | None:
    if liked is True or liked == "Like":
        return "up"
    if liked is False or liked == "Dislike":
        return "down"
    return None  # an un-click, or an option we do not offer


class UiHandlers:
    """The functions the page's events call; plain methods so tests can call them directly."""

    def __init__(self, assistant: AssistantLike, settings: Settings, csv_dir: Path) -> None:
        self.settings = settings
        # NQ57_UI_ANSWER_CACHE (entries; 0 turns it off) is read here until Settings has a field for it
        cache = int(os.environ.get("NQ57_UI_ANSWER_CACHE", ANSWER_CACHE_SIZE))
        self.chat = ChatService(assistant, settings, cache_size=cache)
        self.tasks = TaskExplorer(assistant.kb, assistant.gazetteer, csv_dir=csv_dir)
        self.indicators = IndicatorExplorer(assistant.kb, assistant.gazetteer)
        self.csv_dir = csv_dir
        self.feedback = FeedbackStore(settings.feedback_path)

    # -- chat ---------------------------------------------------------------------------------
    def _turn(
        self, message: str | None, chat: list[dict[str, Any]] | None, turns: list[dict[str, Any]] | None
    ) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]], Any]]:
        """(chat messages, turns, draft) for each draft of the answer to ``message``."""
        message = message or ""
        chat = list(chat or [])
        turns = list(turns or [])
        history = history_of(chat, turns)
        shown = message if len(message) <= self.settings.max_question_chars else message[:200] + " …"
        chat.append({"role": "user", "content": ascii_markup(escape_markdown_text(shown))})  # kept per session
        chat.append({"role": "assistant", "content": ""})
        for draft in self.chat.respond(message, history):
            chat[-1] = {"role": "assistant", "content": draft.markdown}
            if draft.done and draft.turn:
                turns = [*turns, dict(draft.turn, msg_index=len(chat) - 1)]
            yield chat, turns, draft

    def respond_page(
        self, message: str | None, chat: list[dict[str, Any]] | None, turns: list[dict[str, Any]] | None
    ) -> Iterator[tuple[Any, ...]]:
        """The page's turn: (question box, chat messages, turns), nothing it does not show.

        Gradio keeps the last value of every output per session, so an output the page never shows
        (the answer JSON, the copy text of a closed box) would be memory per user for nothing.
        """
        for chat_, turns_, _ in self._turn(message, chat, turns):
            yield "", chat_, turns_

    def respond_page_once(
        self, message: str | None, chat: list[dict[str, Any]] | None, turns: list[dict[str, Any]] | None
    ) -> tuple[Any, ...]:
        *_, last = self.respond_page(message, chat, turns)
        return last

    def respond(
        self, message: str | None, chat: list[dict[str, Any]] | None, turns: list[dict[str, Any]] | None
    ) -> Iterator[tuple[Any, ...]]:
        """The API's turn: (question box, chat messages, turns, plain text of the answer, answer JSON).

        The JSON is ``Answer.to_dict()`` plus ``answer_id``, with ``path`` renamed ``answer_path``.
        """
        for chat_, turns_, draft in self._turn(message, chat, turns):
            plain: Any = gr.skip()  # the copy text of the last answer stays until this one is done
            result: dict[str, Any] | None = None
            if draft.done and draft.answer is not None and draft.turn:
                plain = plain_text(draft.answer, self.chat.lookup)
                result = {**draft.answer.to_dict(), "answer_id": draft.turn["answer_id"]}
                # gradio_client takes any dict with a "path" key for a file to download
                result["answer_path"] = result.pop("path")
            elif draft.done:
                result = {"error": draft.error}
            yield "", chat_, turns_, plain, result

    def respond_once(
        self, message: str | None, chat: list[dict[str, Any]] | None, turns: list[dict[str, Any]] | None
    ) -> tuple[Any, ...]:
        """``respond`` for an assistant that does not stream: one result, sent once.

        Registered instead of the generator when nothing streams: Gradio sends a generator's last
        value twice (the last step, then "completed"), the whole conversation each time.
        """
        *_, last = self.respond(message, chat, turns)
        return last

    def copy_text(self, turns: list[dict[str, Any]] | None) -> str:
        """The copy box, filled when it is opened: the latest answer as plain text."""
        return self.chat.plain_of(turns[-1]) if turns else ""

    def copy_text_if_open(self, turns: list[dict[str, Any]] | None, is_open: bool | None) -> Any:
        """After an answer: an open copy box follows it; a closed one is filled when opened."""
        return self.copy_text(turns) if is_open else gr.skip()

    @staticmethod
    def language_of_conversation(turns: list[dict[str, Any]] | None, current: str | None) -> Any:
        """The page follows the language of the last question; unchanged when there is none."""
        if not turns:
            return gr.skip()
        lang = "vi" if turns[-1].get("language") == "vi" else "en"
        return gr.skip() if lang == current else lang

    @staticmethod
    def clear() -> tuple[list[Any], list[Any], str, str, None]:
        return [], [], "", "", None

    @staticmethod
    def forget() -> tuple[list[Any], str, str, None]:
        """The chatbot's own clear icon emptied the messages; drop the turns behind them too."""
        return [], "", "", None

    # -- feedback ----------------------------------------------------------------------------
    def _answer_text(self, turn: dict[str, Any]) -> str:
        """The answer a rating is about: from the chat service, not a copy in every session's turns."""
        answer = self.chat.answer_of(turn)
        return answer.answer if answer is not None else ""

    def like(self, turns: list[dict[str, Any]] | None, data: gr.LikeData) -> tuple[str, str | None, str | None]:
        """A thumb on a message: recorded at once; the comment box then targets that answer."""
        rating = _rating_from_like(data.liked)
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = next((t for t in (turns or []) if t.get("msg_index") == index), None)
        if rating is None or turn is None:
            return "", None, None
        lang = lang_code(turn.get("language"))
        try:
            self.feedback.append(_record_from_turn(turn, rating, "", self._answer_text(turn)))
        except FeedbackError as exc:
            log.error("feedback not saved: %s", exc)
            return text("ui_fb_not_saved", lang), None, None
        thumb = "👍" if rating == "up" else "👎"
        return text("ui_fb_recorded", lang, thumb=thumb), turn["answer_id"], rating

    def send_feedback(
        self,
        rating: str | None,
        comment: str | None,
        target: str | None,
        turns: list[dict[str, Any]] | None,
        lang: str | None = None,
    ) -> tuple[str, str, None]:
        """The feedback form: rates the answer last thumbed (or the latest answer), with a comment."""
        turns = turns or []
        lang = lang_code(lang or (turns[-1].get("language") if turns else "en"))
        if not turns:
            return text("ui_fb_no_answer", lang), comment or "", None
        turn = next((t for t in turns if t.get("answer_id") == target), turns[-1])
        if rating not in ("up", "down"):
            return text("ui_fb_choose", lang), comment or "", None
        try:
            self.feedback.append(
                _record_from_turn(turn, rating, (comment or "").strip(), self._answer_text(turn))
            )
        except FeedbackError as exc:
            return f"⚠️ {escape_markdown_text(str(exc))}", comment or "", None
        return text("ui_fb_saved", lang), "", None

    # -- tables ------------------------------------------------------------------------------
    def filter_tasks(
        self,
        agency: str,
        role: str,
        due_from: str,
        due_to: str,
        group: str,
        ongoing: bool,
        search: str,
        lang: str,
        as_of: str = "",
        sort: str = "",
        implements: str = ALL,
    ) -> tuple[str, str, Any]:
        """(summary Markdown, table HTML, CSV path). The CSV holds the rows on screen, in their order."""
        result = self.tasks.query(
            agency=agency or "",
            role=role or "lead",
            due_from=due_from or "",
            due_to=due_to or "",
            group=group or ALL,
            ongoing=bool(ongoing),
            text=search or "",
            lang=lang_code(lang),
            as_of=as_of or "",
            sort=sort or "",
            implements=implements or ALL,
        )
        path = str(self.tasks.csv(result)) if result.rows else None
        return result.summary, table_html(result, "nq57-tasks"), path

    def sort_tasks(
        self,
        agency: str,
        role: str,
        due_from: str,
        due_to: str,
        group: str,
        ongoing: bool,
        search: str,
        lang: str,
        as_of: str,
        current: str,
        implements: str,
        evt: gr.EventData,
    ) -> tuple[str, str, Any, str]:
        """A header click: the same filter, sorted by that column (or the other way round)."""
        sort = next_sort(current or "", _column_of(evt))
        out = self.filter_tasks(agency, role, due_from, due_to, group, ongoing, search, lang, as_of, sort, implements)
        return (*out, sort)

    def filter_indicators(
        self, horizon: str, agency: str, search: str, lang: str, sort: str = ""
    ) -> tuple[str, str, Any]:
        result = self.indicators.query(
            horizon=horizon or ALL, agency=agency or "", text=search or "", lang=lang_code(lang), sort=sort or ""
        )
        path = str(self.indicators.csv(result, self.csv_dir)) if result.rows else None
        return result.summary, table_html(result, "nq57-indicators"), path

    def sort_indicators(
        self, horizon: str, agency: str, search: str, lang: str, current: str, evt: gr.EventData
    ) -> tuple[str, str, Any, str]:
        sort = next_sort(current or "", _column_of(evt))
        return (*self.filter_indicators(horizon, agency, search, lang, sort), sort)


def message_text(content: Any) -> str:
    """A chat message's text, whichever shape Gradio hands it in (a string, or a list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, (list, tuple)):
        return "".join(message_text(part) for part in content)
    return ""


def history_of(chat: list[dict[str, Any]], turns: list[dict[str, Any]]) -> list[str]:
    """The questions asked so far: the server's turns, or the conversation the browser sent when the
    server has forgotten some of them (a tab that closed and came back; see ``sessions``)."""
    kept = [str(t["question"]) for t in turns]
    asked: list[str] = []
    for ask, reply in itertools.pairwise(chat):
        if ask.get("role") != "user" or reply.get("role") != "assistant":
            continue
        answer = message_text(reply.get("content")).strip()
        if answer and not answer.startswith("⚠️"):  # a refused question is not part of the context
            asked.append(unescape_markdown_text(message_text(ask.get("content"))))
    return asked if len(asked) > len(kept) else kept


def lang_code(lang: object) -> str:
    return "vi" if lang == "vi" else "en"


def _column_of(evt: Any) -> str:
    data = getattr(evt, "_data", None) or {}
    return str(data.get("column", "")) if isinstance(data, dict) else ""
