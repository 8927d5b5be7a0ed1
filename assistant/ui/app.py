"""The ``gr.Blocks`` page: Chat, Tasks, Indicators.

Event handlers are thin: the chat turn lives in ``chat.ChatService``, the tables in ``explorer``,
feedback in ``feedback``; this module only wires components to them. Every event goes through the
queue (size and concurrency limits are set by ``serve``); nothing here touches files except the
CSV exports in a private temp folder.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.ui.chat import AssistantLike, ChatService
from assistant.ui.explorer import ALL, INDICATOR_DATATYPES, TASK_DATATYPES, IndicatorExplorer, TaskExplorer
from assistant.ui.feedback import FeedbackRecord, FeedbackStore
from assistant.ui.render import escape_markdown_text
from ingest.errors import FeedbackError
from ingest.settings import Settings

log = logging.getLogger(__name__)

TITLE = "NQ57 assistant"
CHAT_CONCURRENCY_ID = "chat"

EXAMPLES_EN = [
    "Which tasks does MOH lead and when are they due?",
    "Which tasks are due by June 2025?",
    "What is the 2030 target for spending on research and development?",
    "What does Resolution 57 say about digital transformation?",
]
EXAMPLES_VI = [
    "Bộ Y tế chủ trì những nhiệm vụ nào?",
    "Những nhiệm vụ nào có thời hạn trong năm 2025?",
    "Chỉ tiêu về chi cho nghiên cứu và phát triển đến năm 2030 là gì?",
    "Nghị quyết 57 đặt ra mục tiêu gì về chuyển đổi số?",
]

# Cards: label line, task fields, then the clause in Vietnamese and English side by side.
APP_CSS = """
.nq57-sources details { margin-top: .6em; }
.nq57-sources summary { cursor: pointer; font-weight: 600; }
.nq57-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5em .7em;
  margin: .5em 0; background: var(--background-fill-secondary); }
.nq57-card-head { margin-bottom: .3em; }
.nq57-card-ref { font-size: .85em; }
.nq57-fields { font-size: .92em; margin-bottom: .4em; }
.nq57-field-name { font-weight: 600; }
.nq57-bilingual { display: grid; grid-template-columns: 1fr; gap: .8em; font-size: .92em; }
.nq57-bilingual.nq57-cols-2 { grid-template-columns: 1fr 1fr; }
.nq57-lang-tag { font-size: .8em; text-transform: uppercase; opacity: .7; }
@media (max-width: 720px) { .nq57-bilingual.nq57-cols-2 { grid-template-columns: 1fr; } }
"""


def _record_from_turn(turn: dict[str, Any], rating: str, comment: str) -> FeedbackRecord:
    return FeedbackRecord(
        answer_id=str(turn.get("answer_id", "")),
        rating=rating,
        comment=comment,
        question=str(turn.get("question", "")),
        answer=str(turn.get("answer", "")),
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
        self.chat = ChatService(assistant, settings)
        self.tasks = TaskExplorer(assistant.kb, assistant.gazetteer, csv_dir=csv_dir)
        self.indicators = IndicatorExplorer(assistant.kb, assistant.gazetteer)
        self.csv_dir = csv_dir
        self.feedback = FeedbackStore(settings.feedback_path)

    # -- chat --------------------------------------------------------------------------------
    def respond(
        self, message: str | None, chat: list[dict[str, Any]] | None, turns: list[dict[str, Any]] | None
    ) -> Iterator[tuple[Any, ...]]:
        """Yields (question box, chat messages, turns, plain text of the last answer, answer JSON).

        The JSON (``Answer.to_dict()`` plus ``answer_id``, with ``path`` renamed ``answer_path``) is
        hidden on the page; API clients read it.
        """
        message = message or ""
        chat = list(chat or [])
        turns = list(turns or [])
        history = [t["question"] for t in turns]
        shown = message if len(message) <= self.settings.max_question_chars else message[:200] + " …"
        chat.append({"role": "user", "content": escape_markdown_text(shown)})
        chat.append({"role": "assistant", "content": ""})
        plain = turns[-1]["plain"] if turns else ""
        for draft in self.chat.respond(message, history):
            chat[-1] = {"role": "assistant", "content": draft.markdown}
            result: dict[str, Any] | None = None
            if draft.done and draft.turn:
                turn = dict(draft.turn, msg_index=len(chat) - 1)
                turns = [*turns, turn]
                plain = turn["plain"]
                if draft.answer is not None:
                    result = {**draft.answer.to_dict(), "answer_id": turn["answer_id"]}
                    # gradio_client takes any dict with a "path" key for a file to download
                    result["answer_path"] = result.pop("path")
            elif draft.done:
                result = {"error": draft.error}
            yield "", chat, turns, plain, result

    @staticmethod
    def clear() -> tuple[list[Any], list[Any], str, str, None]:
        return [], [], "", "", None

    @staticmethod
    def forget() -> tuple[list[Any], str, str, None]:
        """The chatbot's own clear icon emptied the messages; drop the turns behind them too."""
        return [], "", "", None

    # -- feedback ----------------------------------------------------------------------------
    def like(self, turns: list[dict[str, Any]] | None, data: gr.LikeData) -> tuple[str, str | None, str | None]:
        """A thumb on a message: recorded at once; the comment box then targets that answer."""
        rating = _rating_from_like(data.liked)
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = next((t for t in (turns or []) if t.get("msg_index") == index), None)
        if rating is None or turn is None:
            return "", None, None
        try:
            self.feedback.append(_record_from_turn(turn, rating, ""))
        except FeedbackError as exc:
            log.error("feedback not saved: %s", exc)
            return "⚠️ Feedback could not be saved.", None, None
        thumb = "👍" if rating == "up" else "👎"
        return f"Recorded {thumb}. You can add a comment below and press **Send feedback**.", turn["answer_id"], rating

    def send_feedback(
        self, rating: str | None, comment: str | None, target: str | None, turns: list[dict[str, Any]] | None
    ) -> tuple[str, str, None]:
        """The feedback form: rates the answer last thumbed (or the latest answer), with a comment."""
        turns = turns or []
        if not turns:
            return "There is no answer to rate yet.", comment or "", None
        turn = next((t for t in turns if t.get("answer_id") == target), turns[-1])
        if rating not in ("up", "down"):
            return "Choose 👍 or 👎 first.", comment or "", None
        try:
            self.feedback.append(_record_from_turn(turn, rating, (comment or "").strip()))
        except FeedbackError as exc:
            return f"⚠️ {escape_markdown_text(str(exc))}", comment or "", None
        return "Thank you — your feedback was saved.", "", None

    # -- tables ------------------------------------------------------------------------------
    def filter_tasks(
        self,
        agency: str,
        role: str,
        due_from: str,
        due_to: str,
        group: str,
        ongoing: bool,
        text: str,
        lang: str,
        as_of: str = "",
        implements: str = ALL,
    ) -> tuple[str, Any, str | None]:
        result = self.tasks.query(
            agency=agency or "",
            role=role or "lead",
            due_from=due_from or "",
            due_to=due_to or "",
            group=group or ALL,
            ongoing=bool(ongoing),
            text=text or "",
            lang=lang or "en",
            as_of=as_of or "",
            implements=implements or ALL,
        )
        path = str(self.tasks.csv(result)) if result.rows else None
        widths = TASK_WIDTHS_AS_OF if len(result.headers) > len(TASK_WIDTHS) else TASK_WIDTHS
        return result.summary, gr.update(value=_frame(result.headers, result.rows), column_widths=widths), path

    def filter_indicators(self, horizon: str, agency: str, text: str, lang: str) -> tuple[str, Any, str | None]:
        result = self.indicators.query(
            horizon=horizon or ALL, agency=agency or "", text=text or "", lang=lang or "en"
        )
        path = str(self.indicators.csv(result, self.csv_dir)) if result.rows else None
        return result.summary, _frame(result.headers, result.rows), path


# The task name needs the room; the rest are short. A tenth column appears with "lead as of".
TASK_WIDTHS = ["5%", "5%", "25%", "13%", "14%", "12%", "8%", "6%", "6%", "6%"]  # 9th: carries out (57-NQ/TW)
TASK_WIDTHS_AS_OF = ["4%", "4%", "21%", "11%", "12%", "10%", "8%", "6%", "7%", "6%", "11%"]


def _frame(headers: list[str], rows: list[list[Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(rows, columns=headers)


def create_blocks(assistant: AssistantLike, settings: Settings, csv_dir: Path | None = None) -> gr.Blocks:
    """The page. Call ``.queue(...)`` and ``.launch(...)`` on it (``serve`` does both)."""
    if csv_dir is None:
        csv_dir = Path(tempfile.mkdtemp(prefix="nq57-csv-"))
        atexit.register(shutil.rmtree, csv_dir, ignore_errors=True)
    h = UiHandlers(assistant, settings, csv_dir)
    first_tasks = h.filter_tasks("", "lead", "", "", ALL, False, "", "en")
    first_inds = h.filter_indicators(ALL, "", "", "en")

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(
            "## NQ57 assistant\n"
            "Questions about Resolution 57-NQ/TW and the Government's Action Programme (Resolution 03/NQ-CP). "
            "Answers cite the clauses they rest on. · Hỏi đáp về Nghị quyết 57-NQ/TW và Nghị quyết 03/NQ-CP, "
            "có trích dẫn điều khoản."
        )
        with gr.Tabs():
            with gr.Tab("Chat · Hỏi đáp", id="chat"):
                turns = gr.State([])
                target = gr.State(None)
                chatbot = gr.Chatbot(
                    elem_id="nq57-chat",
                    label="Conversation",
                    height=560,
                    sanitize_html=True,
                    allow_tags=False,
                    render_markdown=True,
                    latex_delimiters=[],
                    buttons=[],
                    feedback_options=("Like", "Dislike"),
                    layout="panel",
                )
                with gr.Row():
                    question = gr.Textbox(
                        elem_id="nq57-question",
                        show_label=False,
                        placeholder="Ask in English or Vietnamese · Hỏi bằng tiếng Việt hoặc tiếng Anh",
                        max_length=settings.max_question_chars,
                        lines=1,
                        max_lines=6,
                        scale=8,
                        autofocus=True,
                    )
                    send = gr.Button("Ask · Hỏi", variant="primary", elem_id="nq57-send", scale=1)
                with gr.Row():
                    gr.Examples([[q] for q in EXAMPLES_EN], inputs=[question], label="Examples")
                    gr.Examples([[q] for q in EXAMPLES_VI], inputs=[question], label="Ví dụ")
                with gr.Accordion("Copy the last answer as plain text · Sao chép câu trả lời", open=False):
                    plain = gr.Textbox(
                        elem_id="nq57-plain",
                        label="Answer with citations",
                        lines=8,
                        max_lines=30,
                        interactive=False,
                        buttons=["copy"],
                    )
                with gr.Accordion("Feedback on an answer · Góp ý", open=False):
                    gr.Markdown(
                        "Use 👍/👎 under an answer, or rate the latest answer here. "
                        "Comments help us fix wrong or missing answers."
                    )
                    with gr.Row():
                        rating = gr.Radio(
                            [("👍 Helpful", "up"), ("👎 Wrong or unhelpful", "down")],
                            label="Rating",
                            elem_id="nq57-rating",
                        )
                        comment = gr.Textbox(label="Comment (optional)", max_length=4000, lines=2, scale=3)
                    fb_send = gr.Button("Send feedback", elem_id="nq57-feedback-send")
                    fb_status = gr.Markdown(elem_id="nq57-feedback-status")
                clear = gr.Button("New conversation · Cuộc hội thoại mới", size="sm")
                answer_json = gr.JSON(visible=False)

            with gr.Tab("Tasks · Nhiệm vụ", id="tasks"):
                with gr.Row():
                    t_agency = gr.Textbox(
                        label="Agency · Cơ quan", placeholder="MOH, Bộ Y tế, bo y te …", elem_id="nq57-agency"
                    )
                    t_role = gr.Radio(
                        [("Lead", "lead"), ("Coordinator", "coordinating"), ("Either", "either")],
                        value="lead",
                        label="Role · Vai trò",
                        elem_id="nq57-role",
                    )
                    t_group = gr.Dropdown(
                        h.tasks.group_choices("en"), value=ALL, label="Group · Nhóm", elem_id="nq57-group"
                    )
                    t_implements = gr.Dropdown(
                        h.tasks.implements_choices("en"), value=ALL, label="Carries out (57-NQ/TW) · Thực hiện",
                        elem_id="nq57-implements",
                    )
                with gr.Row():
                    t_from = gr.Textbox(label="Due from · Hạn từ", placeholder="2025-01, 6/2025, 2025")
                    t_to = gr.Textbox(label="Due by · Hạn đến", placeholder="2025-06-30, Q4/2025", elem_id="nq57-due-to")
                    t_text = gr.Textbox(label="Search · Tìm", placeholder="words in the task", elem_id="nq57-search")
                    t_as_of = gr.Textbox(
                        label="Lead as of · Chủ trì tại ngày",
                        placeholder="2025-07-01 (after the 2025 mergers)",
                        elem_id="nq57-as-of",
                    )
                    with gr.Column(min_width=160):
                        t_ongoing = gr.Checkbox(label="Ongoing only · Thường xuyên")
                        t_lang = gr.Radio([("English", "en"), ("Tiếng Việt", "vi")], value="en", label="Language")
                t_apply = gr.Button("Filter · Lọc", variant="primary", elem_id="nq57-task-filter")
                t_count = gr.Markdown(first_tasks[0], elem_id="nq57-task-count")
                t_table = gr.Dataframe(
                    value=first_tasks[1]["value"],
                    column_widths=TASK_WIDTHS,
                    datatype=TASK_DATATYPES,
                    interactive=False,
                    wrap=True,
                    max_height=640,
                    elem_id="nq57-task-table",
                )
                t_csv = gr.DownloadButton("Download CSV", value=first_tasks[2], elem_id="nq57-task-csv")

            with gr.Tab("Indicators · Chỉ tiêu", id="indicators"):
                with gr.Row():
                    i_horizon = gr.Radio(
                        [("All", ALL), ("2030", "2030"), ("2045", "2045")], value=ALL, label="Horizon · Mốc"
                    )
                    i_agency = gr.Textbox(label="Monitoring agency · Cơ quan theo dõi", placeholder="MOST, Bộ KH&CN")
                    i_text = gr.Textbox(label="Search · Tìm", placeholder="R&D, internet, …")
                    i_lang = gr.Radio([("English", "en"), ("Tiếng Việt", "vi")], value="en", label="Language")
                i_apply = gr.Button("Filter · Lọc", variant="primary")
                i_count = gr.Markdown(first_inds[0], elem_id="nq57-indicator-count")
                i_table = gr.Dataframe(
                    value=first_inds[1],
                    datatype=INDICATOR_DATATYPES,
                    interactive=False,
                    wrap=True,
                    max_height=640,
                    elem_id="nq57-indicator-table",
                )
                i_csv = gr.DownloadButton("Download CSV", value=first_inds[2])

        chat_io: dict[str, Any] = {
            "fn": h.respond,
            "inputs": [question, chatbot, turns],
            "outputs": [question, chatbot, turns, plain, answer_json],
            "concurrency_id": CHAT_CONCURRENCY_ID,
            # Answers are CPU-bound on a small machine: one shared limit for both triggers.
            "concurrency_limit": settings.ui_concurrency,
            "show_progress": "minimal",
        }
        question.submit(api_name="respond", **chat_io)
        send.click(api_visibility="private", **chat_io)
        clear.click(h.clear, None, [chatbot, turns, plain, fb_status, target], api_visibility="private")
        chatbot.clear(h.forget, None, [turns, plain, fb_status, target], api_visibility="private")
        chatbot.like(h.like, [turns], [fb_status, target, rating], api_visibility="private")
        fb_send.click(
            h.send_feedback, [rating, comment, target, turns], [fb_status, comment, target], api_name="feedback"
        )

        task_inputs = [t_agency, t_role, t_from, t_to, t_group, t_ongoing, t_text, t_lang, t_as_of, t_implements]
        task_outputs = [t_count, t_table, t_csv]
        gr.on(
            [t_apply.click, t_agency.submit, t_from.submit, t_to.submit, t_text.submit, t_as_of.submit],
            h.filter_tasks,
            task_inputs,
            task_outputs,
            api_name="tasks",
            concurrency_id="tables",
        )
        gr.on(
            [t_role.change, t_group.change, t_ongoing.change, t_lang.change, t_implements.change],
            h.filter_tasks,
            task_inputs,
            task_outputs,
            api_visibility="private",
            concurrency_id="tables",
        )
        ind_inputs = [i_horizon, i_agency, i_text, i_lang]
        ind_outputs = [i_count, i_table, i_csv]
        gr.on(
            [i_apply.click, i_agency.submit, i_text.submit],
            h.filter_indicators,
            ind_inputs,
            ind_outputs,
            api_name="indicators",
            concurrency_id="tables",
        )
        gr.on(
            [i_horizon.change, i_lang.change],
            h.filter_indicators,
            ind_inputs,
            ind_outputs,
            api_visibility="private",
            concurrency_id="tables",
        )
    demo.nq57_handlers = h  # type: ignore[attr-defined]  # for tests and serve's start-up checks
    return demo
