"""The page's example questions, asked through the real assistant: each one answered and cited."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.ui.app import EXAMPLES_EN, EXAMPLES_VI


@pytest.mark.parametrize("question", [*EXAMPLES_EN, *EXAMPLES_VI])
def test_each_example_gets_a_cited_answer(ui_assistant: Any, question: str) -> None:
    answer = ui_assistant.ask(question)
    assert not answer.refused, (question, answer.answer[:300])
    assert answer.route not in ("refusal", "not-found", "bad-input"), (question, answer.route)
    assert answer.citations, (question, answer.answer[:300])
    assert answer.language == ("vi" if question in EXAMPLES_VI else "en")


def test_examples_come_in_pairs_and_fit_their_buttons() -> None:
    assert len(EXAMPLES_EN) == len(EXAMPLES_VI) >= 4
    assert all(len(q) <= 50 for q in [*EXAMPLES_EN, *EXAMPLES_VI])
