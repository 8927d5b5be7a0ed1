"""The writer's decisions on scripted drafts: accept, fall back, skip, pass through.

The model here is LangChain's own scripted chat model (``GenericFakeChatModel``): its words are
written by the test, which is the only way to check what the writer does with a draft that
passes. The real model server is exercised in ``test_llm_server.py``.
"""

from __future__ import annotations

import dataclasses

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from llm_support import table_answer, tables_kb

from assistant.llm.context import context_from_answer
from assistant.llm.stats import llm_stats
from assistant.llm.writer import LLMWriter
from assistant.models import Answer
from ingest.settings import Settings

T110 = "03/NQ-CP:appendix-II.110"
T111 = "03/NQ-CP:appendix-II.111"


def _writer(*drafts: str) -> LLMWriter:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=d) for d in drafts]))
    return LLMWriter(model, Settings(llm_model="scripted", llm_timeout=10))


def _answer() -> Answer:
    return table_answer([110, 111], "Which tasks does the Ministry of Health lead?")


def test_a_verified_draft_becomes_the_answer_and_streams_first() -> None:
    det = _answer()
    ctx = context_from_answer(det, tables_kb())
    draft = (
        f"Task 110 is led by the Ministry of Health and is due in March 2025 [{T110}]. "
        f"Task 111 is also led by the Ministry of Health [{T111}]. "
        f"Task 110 has a budget of 500 billion VND [{T110}]."
    )
    items = list(_writer(draft).stream(det, ctx, ["previous question"]))
    *chunks, final = items
    assert chunks and all(isinstance(c, str) for c in chunks) and "".join(chunks) == draft
    assert isinstance(final, Answer) and final.path == "llm"
    assert final.answer == (
        f"Task 110 is led by the Ministry of Health and is due in March 2025 [{T110}]. "
        f"Task 111 is also led by the Ministry of Health [{T111}]."
    )
    assert len(final.removed) == 1 and "500" in final.removed[0]
    assert final.tasks == det.tasks and final.related_tasks == det.related_tasks
    assert final.citations == det.citations  # both cited; same objects, same order
    assert final.state["llm"]["status"] == "llm" and final.state["llm"]["deterministic"] == det.answer
    assert (final.state["llm"]["sentences"], final.state["llm"]["kept"]) == (3, 2)
    assert final.state["topic"] == "tasks"  # conversation state carried over
    assert llm_stats([final], tables_kb()).unsupported == 0  # re-audit from the answer alone
    assert det.path == "deterministic" and det.removed == []  # the input is not modified


def test_citations_are_those_of_surviving_sentences() -> None:
    det = table_answer([110], "Who leads task 110?")
    det = dataclasses.replace(det, route="passage", citations=[*det.citations, *_answer().citations[1:]])
    ctx = context_from_answer(det, tables_kb())
    final = _writer(f"Task 110 is led by the Ministry of Health [{T110}].").rewrite(det, ctx)
    assert final.path == "llm" and [c.ref for c in final.citations] == [T110]


def test_too_little_surviving_falls_back_with_the_reason() -> None:
    det = _answer()
    ctx = context_from_answer(det, tables_kb())
    draft = (
        f"Task 110 is led by the Ministry of Health [{T110}]. Task 111 is led by the Ministry of Finance [{T111}]. "
        "All tasks end in 2030."
    )
    final = _writer(draft).rewrite(det, ctx)
    assert final.path == "deterministic" and final.answer == det.answer
    assert any("1 of 3 model sentences passed" in n for n in final.notes)
    assert len(final.removed) == 2 and final.state["llm"]["status"] == "fallback"


def test_a_dropped_task_falls_back() -> None:
    det = _answer()
    ctx = context_from_answer(det, tables_kb())
    final = _writer(f"Task 110 is led by the Ministry of Health [{T110}].").rewrite(det, ctx)
    assert final.path == "deterministic" and any("left out task(s) [111]" in n for n in final.notes)


def test_an_added_task_is_removed_even_when_its_row_is_in_the_context() -> None:
    det = _answer()
    ctx = context_from_answer(table_answer([110, 111, 112], "q"), tables_kb())
    draft = (
        f"Task 110 is led by the Ministry of Health [{T110}]. Task 111 is led by the Ministry of Health [{T111}]. "
        "Task 112 is led by the Ministry of Health [03/NQ-CP:appendix-II.112]."
    )
    final = _writer(draft).rewrite(det, ctx)
    assert final.path == "llm" and "112" not in final.answer and final.tasks == [110, 111]


def test_refusals_pass_through_untouched() -> None:
    refusal = Answer(
        "What is the weather?", "en", "I can only answer about 57-NQ/TW.", refused=True, route="refusal"
    )
    assert list(_writer("anything").stream(refusal, [])) == [refusal]
    assert _writer("x").rewrite(refusal, []) is refusal


def test_long_task_lists_and_empty_context_are_not_sent() -> None:
    det = table_answer(list(range(1, 21)), "All tasks of group I and II?")
    final = _writer("x").rewrite(det, context_from_answer(det, tables_kb()))
    assert final.path == "deterministic" and final.state["llm"]["status"] == "skipped"
    passage = Answer("q", "en", "Nothing retrieved.", route="passage")
    assert _writer("x").rewrite(passage, []).state["llm"]["status"] == "skipped"


def test_a_failing_model_falls_back_with_a_message() -> None:
    det = _answer()
    writer = _writer()  # no scripted message: the model raises on first use
    final = writer.rewrite(det, context_from_answer(det, tables_kb()))
    assert final.path == "deterministic" and final.answer == det.answer
    assert any("model-written answer not used: the model failed" in n for n in final.notes)
