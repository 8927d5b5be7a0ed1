"""Eval statistics for model-written answers (``nq57 eval --llm``).

Every answer the writer touched records ``state["llm"]`` = {"status": "llm" | "fallback" |
"skipped", "sentences": n, "kept": k, "removed": r, ...}; refusals and bad-input answers carry
none and are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from assistant.llm.context import ContextItem, context_from_answer
from assistant.llm.verifier import verify
from assistant.models import Answer
from ingest.models import KnowledgeBase


@dataclass(frozen=True)
class LLMStats:
    answers: int  # answers the writer saw (refusals excluded)
    attempted: int  # the model was asked
    llm: int  # the verified model answer was used
    fallbacks: int  # the model was asked but the deterministic answer was returned
    skipped: int  # the model was not asked (nothing to phrase, too many tasks)
    sentences: int  # model sentences checked by the verifier
    removed_sentences: int
    removed_share: float  # removed_sentences / sentences
    fallback_rate: float  # fallbacks / attempted
    unsupported: int | None = None  # problems ``audit`` finds in final model answers (needs the kb)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def llm_stats(answers: Iterable[Answer], kb: KnowledgeBase | None = None) -> LLMStats:
    """The share of model sentences the verifier removed and the fallback rate over ``answers``.

    With ``kb``, also re-audits every final model-written answer against the context rebuilt
    from it (its citations keep every id its text cites), counting unsupported claims: 0 expected.
    """
    answers = list(answers)
    counts = {"llm": 0, "fallback": 0, "skipped": 0}
    seen = sentences = removed = 0
    for a in answers:
        info = a.state.get("llm") if isinstance(a.state, dict) else None
        if not isinstance(info, dict) or info.get("status") not in counts:
            continue
        seen += 1
        counts[info["status"]] += 1
        sentences += int(info.get("sentences", 0))
        removed += int(info.get("removed", 0))
    attempted = counts["llm"] + counts["fallback"]
    return LLMStats(
        answers=seen,
        attempted=attempted,
        llm=counts["llm"],
        fallbacks=counts["fallback"],
        skipped=counts["skipped"],
        sentences=sentences,
        removed_sentences=removed,
        removed_share=removed / sentences if sentences else 0.0,
        fallback_rate=counts["fallback"] / attempted if attempted else 0.0,
        unsupported=None if kb is None else sum(len(audit(a, context_from_answer(a, kb))) for a in answers),
    )


def audit(answer: Answer, context: list[ContextItem]) -> list[str]:
    """Problems in a final model-written answer (empty when every sentence checks out).

    Re-runs the verifier on the text that reached the user, so an eval can assert that no
    unsupported citation, number or agency got through; deterministic answers are not audited.
    """
    if answer.path != "llm":
        return []
    expected = list(answer.tasks) if answer.route in ("table", "both") and answer.tasks else None
    result = verify(answer.answer, context, expected_tasks=expected, lang=answer.language)
    problems = [str(r) for r in result.removed]
    if result.missing_tasks:
        problems.append(f"tasks missing from the answer: {result.missing_tasks}")
    if expected is not None and sorted(set(result.covered_tasks)) != sorted(set(expected)):
        problems.append(
            f"task set {result.covered_tasks} differs from the structured result {sorted(expected)}"
        )
    return problems
