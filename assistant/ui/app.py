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
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.messages import text
from assistant.ui.card_text import card_text_route
from assistant.ui.chat import AssistantLike
from assistant.ui.explorer import ALL
from assistant.ui.handlers import UiHandlers, lang_code
from assistant.ui.sessions import SessionReleaser
from assistant.ui.tables import SORT_JS, TABLE_CSS
from ingest.settings import Settings

log = logging.getLogger(__name__)

TITLE = "NQ57 assistant"
CHAT_CONCURRENCY_ID = "chat"

# Questions the product answers well (tests/test_ui_examples.py asks each one): two table
# questions, an indicator and a clause lookup, short enough that the example buttons show them whole.
EXAMPLES_EN = [
    "Which tasks does MOH lead and when are they due?",
    "Which tasks are due by June 2025?",
    "What is the 2030 target for R&D spending?",
    "What does Article 1 of Resolution 03/NQ-CP say?",
]
EXAMPLES_VI = [
    "Bộ Y tế chủ trì những nhiệm vụ nào?",
    "Những nhiệm vụ nào có thời hạn đến tháng 6/2025?",
    "Mục tiêu chi cho R&D đến năm 2030 là gì?",
    "Điều 1 Nghị quyết 03/NQ-CP nói gì?",
]

# Cards: number, label and ref; task fields; the answering passage highlighted; the whole clause
# in both languages one click away. Numbered links in the answer jump to their card.
APP_CSS = """
.nq57-sources { margin-top: .6em; }
.nq57-sources-head { font-weight: 600; margin-bottom: .2em; }
.nq57-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5em .7em;
  margin: .5em 0; background: var(--background-fill-secondary); scroll-margin-top: 1em; }
.nq57-card:target { outline: 2px solid var(--color-accent); }
.nq57-card-head { margin-bottom: .3em; }
.nq57-card-ref { font-size: .85em; }
.nq57-fields { font-size: .92em; margin-bottom: .4em; }
.nq57-fields b { font-weight: 600; }
.nq57-quotes { display: none; }
.nq57-quote { font-size: .92em; margin: .3em 0; }
mark.nq57-quote-mark { background: #fff3a3; color: inherit; padding: 0 .1em; }
.nq57-full summary { cursor: pointer; font-weight: 600; font-size: .9em; }
.nq57-bilingual { display: grid; grid-template-columns: 1fr; gap: .8em; font-size: .92em; margin-top: .4em; }
.nq57-bilingual.nq57-cols-2 { grid-template-columns: 1fr 1fr; }
.nq57-lang-tag { font-size: .8em; text-transform: uppercase; opacity: .7; }
a.nq57-cite { text-decoration: none; font-weight: 600; font-size: .85em; vertical-align: super; }
#nq57-chat blockquote { border-left: 3px solid var(--border-color-primary); margin: .4em 0; padding-left: .7em; }
@media (max-width: 720px) { .nq57-bilingual.nq57-cols-2 { grid-template-columns: 1fr; } }
/* phone: the title and the language toggle stack; every tab stays in the bar (no overflow menu) */
@media (max-width: 760px) { #nq57-top { flex-wrap: wrap; }
  #nq57-top > * { flex: 1 1 100% !important; min-width: 100% !important; } #nq57-tabs .tab-container { flex-wrap: wrap; height: auto; }
  #nq57-tabs .tab-container button { flex: 0 0 auto; } }
""" + TABLE_CSS


def _header(lang: str) -> str:
    return f"## {text('ui_title', lang)}\n{text('ui_intro', lang)}"


LANG_CHOICES = [("English", "en"), ("Tiếng Việt", "vi")]  # each language named in itself


def create_blocks(assistant: AssistantLike, settings: Settings, csv_dir: Path | None = None) -> gr.Blocks:
    """The page. Call ``.queue(...)`` and ``.launch(...)`` on it (``serve`` does both)."""
    if csv_dir is None:
        csv_dir = Path(tempfile.mkdtemp(prefix="nq57-csv-"))
        atexit.register(shutil.rmtree, csv_dir, ignore_errors=True)
    h = UiHandlers(assistant, settings, csv_dir)
    lang = "en"  # the first screen; the toggle or a Vietnamese question switches it
    t = partial(text, lang=lang)
    first_tasks = h.filter_tasks("", "lead", "", "", ALL, False, "", lang)
    first_inds = h.filter_indicators(ALL, "", "", lang)

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        with gr.Row(elem_id="nq57-top"):
            header = gr.Markdown(_header(lang), elem_id="nq57-header")
            page_lang = gr.Radio(
                LANG_CHOICES, value=lang, label=t("ui_page_lang"), elem_id="nq57-lang", scale=0, min_width=230
            )
        with gr.Tabs(elem_id="nq57-tabs"):
            with gr.Tab(t("ui_tab_chat"), id="chat", elem_id="nq57-tab-chat") as tab_chat:
                ttl = settings.ui_session_hours * 3600  # an idle conversation is forgotten (memory stays bounded)
                turns = gr.State([], time_to_live=ttl)
                target = gr.State(None, time_to_live=ttl)
                chatbot = gr.Chatbot(
                    elem_id="nq57-chat",
                    label=t("ui_conversation"),
                    show_label=False,  # the label box sat over the first message
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
                        placeholder=t("ui_placeholder"),
                        max_length=settings.max_question_chars,
                        lines=1,
                        max_lines=6,
                        scale=8,
                        autofocus=True,
                    )
                    send = gr.Button(t("ui_ask"), variant="primary", elem_id="nq57-send", scale=1, min_width=80)
                with gr.Column(visible=True, elem_id="nq57-examples-en") as ex_en:
                    gr.Examples([[q] for q in EXAMPLES_EN], inputs=[question], label=text("ui_examples", "en"))
                with gr.Column(visible=False, elem_id="nq57-examples-vi") as ex_vi:
                    gr.Examples([[q] for q in EXAMPLES_VI], inputs=[question], label=text("ui_examples", "vi"))
                with gr.Accordion(t("ui_copy"), open=False, elem_id="nq57-copy") as copy_box:
                    plain = gr.Textbox(
                        elem_id="nq57-plain",
                        label=t("ui_plain_label"),
                        lines=8,
                        max_lines=30,
                        interactive=False,
                        buttons=["copy"],
                    )
                with gr.Accordion(t("ui_feedback"), open=False) as fb_box:
                    fb_intro = gr.Markdown(t("ui_feedback_intro"))
                    with gr.Row():
                        rating = gr.Radio(_rating_choices(lang), label=t("ui_rating"), elem_id="nq57-rating")
                        comment = gr.Textbox(label=t("ui_comment"), max_length=4000, lines=2, scale=3)
                    fb_send = gr.Button(t("ui_send_feedback"), elem_id="nq57-feedback-send")
                    fb_status = gr.Markdown(elem_id="nq57-feedback-status")
                clear = gr.Button(t("ui_new_conversation"), size="sm", elem_id="nq57-clear")
                answer_json = gr.JSON(visible=False)
                api_turn = gr.Button(visible=False, elem_id="nq57-api-respond")  # the API's "respond"
                copy_open = gr.State(False, time_to_live=ttl)

            with gr.Tab(t("ui_tab_tasks"), id="tasks", elem_id="nq57-tab-tasks") as tab_tasks:
                with gr.Row():
                    t_agency = gr.Textbox(
                        label=t("ui_agency"), placeholder=t("ui_agency_placeholder"), elem_id="nq57-agency"
                    )
                    t_role = gr.Radio(_role_choices(lang), value="lead", label=t("ui_role"), elem_id="nq57-role")
                    t_group = gr.Dropdown(
                        h.tasks.group_choices(lang), value=ALL, label=t("ui_group"), elem_id="nq57-group"
                    )
                    t_implements = gr.Dropdown(
                        h.tasks.implements_choices(lang), value=ALL, label=t("ui_implements"),
                        elem_id="nq57-implements",
                    )
                with gr.Row():
                    t_from = gr.Textbox(label=t("ui_due_from"), placeholder=t("ui_due_from_placeholder"))
                    t_to = gr.Textbox(
                        label=t("ui_due_to"), placeholder=t("ui_due_to_placeholder"), elem_id="nq57-due-to"
                    )
                    t_text = gr.Textbox(
                        label=t("ui_search"), placeholder=t("ui_search_tasks_placeholder"), elem_id="nq57-search"
                    )
                    t_as_of = gr.Textbox(
                        label=t("ui_as_of"), placeholder=t("ui_as_of_placeholder"), elem_id="nq57-as-of"
                    )
                    t_ongoing = gr.Checkbox(label=t("ui_ongoing"), elem_id="nq57-ongoing")
                with gr.Row():
                    t_apply = gr.Button(t("ui_filter"), variant="primary", elem_id="nq57-task-filter")
                    t_csv = gr.DownloadButton(t("ui_download_csv"), value=first_tasks[2], elem_id="nq57-task-csv")
                t_count = gr.Markdown(first_tasks[0], elem_id="nq57-task-count")
                t_sort = gr.Textbox("", visible=False, label="sort")
                t_table = gr.HTML(first_tasks[1], js_on_load=SORT_JS, elem_id="nq57-task-table")

            with gr.Tab(t("ui_tab_indicators"), id="indicators", elem_id="nq57-tab-indicators") as tab_inds:
                with gr.Row():
                    i_horizon = gr.Radio(_horizon_choices(lang), value=ALL, label=t("ui_horizon"))
                    i_agency = gr.Textbox(label=t("ui_monitoring_agency"), placeholder=t("ui_monitoring_placeholder"))
                    i_text = gr.Textbox(label=t("ui_search"), placeholder=t("ui_search_ind_placeholder"))
                with gr.Row():
                    i_apply = gr.Button(t("ui_filter"), variant="primary", elem_id="nq57-indicator-filter")
                    i_csv = gr.DownloadButton(
                        t("ui_download_csv"), value=first_inds[2], elem_id="nq57-indicator-csv"
                    )
                i_count = gr.Markdown(first_inds[0], elem_id="nq57-indicator-count")
                i_sort = gr.Textbox("", visible=False, label="sort")
                i_table = gr.HTML(first_inds[1], js_on_load=SORT_JS, elem_id="nq57-indicator-table")

        # The page's turn outputs only what it shows; the API's turn ("respond", a button the page
        # never shows) also returns the copy text and the answer JSON that API clients read.
        streams = h.chat.streams()
        chat_limits: dict[str, Any] = {
            "concurrency_id": CHAT_CONCURRENCY_ID,
            "concurrency_limit": settings.ui_concurrency,
            "show_progress": "minimal",
        }
        page_io: dict[str, Any] = {
            "fn": h.respond_page if streams else h.respond_page_once,
            "inputs": [question, chatbot, turns],
            "outputs": [question, chatbot, turns],
            "api_visibility": "private",
            **chat_limits,
        }
        # Quick follow-ups of a turn: look-ups in memory, run outside the queue rather than behind answers.
        quiet: dict[str, Any] = {"api_visibility": "private", "queue": False, "show_progress": "hidden"}
        after_answer = {"fn": h.copy_text_if_open, "inputs": [turns, copy_open], "outputs": [plain], **quiet}
        follow_lang = {"fn": h.language_of_conversation, "inputs": [turns, page_lang], "outputs": [page_lang], **quiet}
        question.submit(**page_io).then(**after_answer).then(**follow_lang)
        send.click(**page_io).then(**after_answer).then(**follow_lang)
        api_turn.click(
            h.respond if streams else h.respond_once,
            [question, chatbot, turns],
            [question, chatbot, turns, plain, answer_json],
            api_name="respond",
            **chat_limits,
        )
        copy_box.expand(lambda: True, None, [copy_open], **quiet).then(h.copy_text, [turns], [plain], **quiet)
        copy_box.collapse(lambda: False, None, [copy_open], **quiet)
        clear.click(h.clear, None, [chatbot, turns, plain, fb_status, target], api_visibility="private")
        chatbot.clear(h.forget, None, [turns, plain, fb_status, target], api_visibility="private")
        chatbot.like(h.like, [turns], [fb_status, target, rating], api_visibility="private")
        fb_send.click(
            h.send_feedback,
            [rating, comment, target, turns, page_lang],
            [fb_status, comment, target],
            api_name="feedback",
        )

        task_inputs = [t_agency, t_role, t_from, t_to, t_group, t_ongoing, t_text, page_lang, t_as_of, t_sort,
                       t_implements]
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
            [t_role.change, t_group.change, t_ongoing.change, t_implements.change],
            h.filter_tasks,
            task_inputs,
            task_outputs,
            api_visibility="private",
            concurrency_id="tables",
        )
        t_table.sort(  # type: ignore[attr-defined]  # the custom event SORT_JS triggers
            h.sort_tasks, task_inputs, [*task_outputs, t_sort], api_visibility="private", concurrency_id="tables"
        )
        ind_inputs = [i_horizon, i_agency, i_text, page_lang, i_sort]
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
            [i_horizon.change],
            h.filter_indicators,
            ind_inputs,
            ind_outputs,
            api_visibility="private",
            concurrency_id="tables",
        )
        i_table.sort(  # type: ignore[attr-defined]
            h.sort_indicators, ind_inputs, [*ind_outputs, i_sort], api_visibility="private", concurrency_id="tables"
        )

        # One language per screen: the toggle (or the last question's language) relabels everything.
        relabelled = [
            header, page_lang, tab_chat, tab_tasks, tab_inds, chatbot, question, send, ex_en, ex_vi, copy_box,
            plain, fb_box, fb_intro, rating, comment, fb_send, clear,
            t_agency, t_role, t_group, t_from, t_to, t_text, t_as_of, t_ongoing, t_apply, t_csv, t_implements,
            i_horizon, i_agency, i_text, i_apply, i_csv,
        ]
        page_lang.change(
            partial(relabel, h), [page_lang], relabelled, api_visibility="private", queue=False, show_progress="hidden"
        ).then(
            h.filter_tasks, task_inputs, task_outputs, api_visibility="private", concurrency_id="tables"
        ).then(h.filter_indicators, ind_inputs, ind_outputs, api_visibility="private", concurrency_id="tables")
        releaser = SessionReleaser(demo, settings.ui_closed_session_seconds)
        demo.unload(releaser.closed)
    demo.nq57_handlers = h  # type: ignore[attr-defined]  # for tests and serve's start-up checks
    demo.nq57_sessions = releaser  # type: ignore[attr-defined]
    demo.nq57_routes = [card_text_route(h.chat.lookup)]  # type: ignore[attr-defined]  # served by launch_app
    return demo


def _rating_choices(lang: str) -> list[tuple[str, str]]:
    return [(text("ui_rating_up", lang), "up"), (text("ui_rating_down", lang), "down")]


def _role_choices(lang: str) -> list[tuple[str, str]]:
    return [(text(f"ui_role_{r}", lang), r) for r in ("lead", "coordinating", "either")]


def _horizon_choices(lang: str) -> list[tuple[str, str]]:
    return [(text("ui_horizon_all", lang), ALL), ("2030", "2030"), ("2045", "2045")]


def relabel(h: UiHandlers, lang: str) -> list[Any]:
    """Every label, placeholder and choice of the page in ``lang`` (order of ``relabelled``)."""
    lang = lang_code(lang)
    t = partial(text, lang=lang)
    u = gr.update
    return [
        u(value=_header(lang)),
        u(label=t("ui_page_lang")),
        u(label=t("ui_tab_chat")),
        u(label=t("ui_tab_tasks")),
        u(label=t("ui_tab_indicators")),
        u(label=t("ui_conversation")),
        u(placeholder=t("ui_placeholder")),
        u(value=t("ui_ask")),
        u(visible=lang == "en"),
        u(visible=lang == "vi"),
        u(label=t("ui_copy")),
        u(label=t("ui_plain_label")),
        u(label=t("ui_feedback")),
        u(value=t("ui_feedback_intro")),
        u(label=t("ui_rating"), choices=_rating_choices(lang)),
        u(label=t("ui_comment")),
        u(value=t("ui_send_feedback")),
        u(value=t("ui_new_conversation")),
        u(label=t("ui_agency"), placeholder=t("ui_agency_placeholder")),
        u(label=t("ui_role"), choices=_role_choices(lang)),
        u(label=t("ui_group"), choices=h.tasks.group_choices(lang)),
        u(label=t("ui_due_from"), placeholder=t("ui_due_from_placeholder")),
        u(label=t("ui_due_to"), placeholder=t("ui_due_to_placeholder")),
        u(label=t("ui_search"), placeholder=t("ui_search_tasks_placeholder")),
        u(label=t("ui_as_of"), placeholder=t("ui_as_of_placeholder")),
        u(label=t("ui_ongoing")),
        u(value=t("ui_filter")),
        u(label=t("ui_download_csv")),
        u(label=t("ui_implements"), choices=h.tasks.implements_choices(lang)),
        u(label=t("ui_horizon"), choices=_horizon_choices(lang)),
        u(label=t("ui_monitoring_agency"), placeholder=t("ui_monitoring_placeholder")),
        u(label=t("ui_search"), placeholder=t("ui_search_ind_placeholder")),
        u(value=t("ui_filter")),
        u(label=t("ui_download_csv")),
    ]
