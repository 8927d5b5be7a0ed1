"""The routing table: every rule's example questions reach that rule (so no rule shadows another), the
table is data (named, ordered, unique), and the rooms import one way only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.routing.rules import RULES, rule_names

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [(r.name, q) for r in RULES for q in r.examples]
FOLLOW = [(r.name, h, q) for r in RULES for h, q in r.follow_examples]


def test_rules_are_named_once_and_end_with_the_passage_fallback():
    names = rule_names()
    assert len(names) == len(set(names))
    assert names[-1] == "passage"
    assert sum(bool(r.examples or r.follow_examples) for r in RULES) >= len(RULES) - 2


@pytest.mark.parametrize(("rule", "question"), EXAMPLES, ids=[f"{r}:{q[:40]}" for r, q in EXAMPLES])
def test_example_reaches_its_rule(nq_assistant, rule, question):
    assert nq_assistant.ask(question).rule == rule


@pytest.mark.parametrize(("rule", "history", "question"), FOLLOW, ids=[f"{r}:{q[:40]}" for r, _, q in FOLLOW])
def test_follow_up_example_reaches_its_rule(nq_assistant, rule, history, question):
    assert nq_assistant.ask(question, list(history)).rule == rule


def test_json_answer_names_the_rule_and_the_frame(nq_assistant):
    d = nq_assistant.ask("Which tasks does MOH lead?").to_dict()
    assert d["rule"] == "agency-tasks" and d["frame"]["agencies"] == ["MOH"]


def _imports(package: str) -> set[str]:
    out: set[str] = set()
    for path in (ROOT / "assistant" / package).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                out.add(node.module)
            elif isinstance(node, ast.Import):
                out.update(a.name for a in node.names)
    return out


def test_rooms_import_one_way():
    """understanding <- handlers <- routing <- core: no room imports one that depends on it."""
    understanding, handlers, routing = _imports("understanding"), _imports("handlers"), _imports("routing")
    assert not {m for m in understanding if m.startswith(("assistant.routing", "assistant.handlers", "assistant.core"))}
    assert not {m for m in handlers if m.startswith(("assistant.routing.rules", "assistant.routing.router",
                                                     "assistant.core"))}
    assert not {m for m in routing if m.startswith("assistant.core")}
