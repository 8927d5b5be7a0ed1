"""Fuzzing ``Assistant.ask(question, history, as_of)`` (issue 18, item 7).

Contract: an ``Answer`` or the project's own error (an ``NQ57Error``), never another exception; no
input over 2 s; memory flat over the run. Profiles: ``NQ57_FUZZ_PROFILE=ci`` (default, 1,000
inputs) and ``nightly`` (10,000). Generation is derandomised (fixed seed) and never shrinks, so a run
is deterministic and bounded; failures are collected with their exact input and reported together.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import ROOT, fuzz_profile
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

N_INPUTS = {"ci": 1000, "nightly": 10_000}.get(fuzz_profile(), 1000)
SLOW_S = 2.0
GOLD = [json.loads(line)["question"] for line in (ROOT / "evals" / "table_qa.jsonl").read_text(encoding="utf-8")
        .splitlines() if line.strip()][:120]

SHAPES = [
    "task 99999999999999999999", "nhiệm vụ 99999999999999999999", "Quý 99/2025", "quý 0/0", "tháng 13/2025",
    "before 31/02/2025", "trước ngày 99/99/9999", "task " + "9" * 5000, "chỉ tiêu " + "1" * 5000,
    "(" * 3000, "[" * 3000 + "]" * 3000, "{" * 2000, "a" * 1999 + "!", "Bộ " * 600, "MOH " * 450,
    "nhiệm vụ " + ", ".join(str(i) for i in range(1, 400)), "e\u0301" * 900, "\u0301" * 1999, "\ud800", "\udfff" * 10,
    "Which tasks does MOH lead?\x00\x01\x02", "\u202eWhich tasks does MOH lead?", "\ufeff" * 100,
    "Which tasks does MOH lead?" + "\u200b" * 1500, "👍" * 900, "a" * 10_000, "x" * 1_000_000,
    "task 1e308", "task -1", "task 0", "task 1.5", "task NaN", "due by 2025-13-45", "as of 0000-00-00",
    "((((((((((a+)+)+)+)+)+)+)+)+)+", "(a|aa)+" * 200, "\\" * 1999, "%s%s%s%n", "{0}{1}{__class__}",
    "<script>alert(1)</script>", "' OR 1=1 --", "../../../../etc/passwd", "Ai chủ trì nhiệm vụ 110?" * 70,
]


def _mutate(q: str, kind: int, n: int) -> str:
    if kind == 0:
        return q[: n % (len(q) + 1)]
    if kind == 1:
        return q * (1 + n % 60)
    if kind == 2:
        return q.swapcase()
    if kind == 3:
        return "".join(c + "\u0300" * (n % 7) for c in q)
    if kind == 4:
        return q.replace(" ", "\t\n\r" * (1 + n % 3))
    if kind == 5:
        return q + " " + str(10 ** (n % 400))
    if kind == 6:
        return q[::-1]
    return f"{q} {'task ' + str(n) if n % 2 else 'quý ' + str(n % 9) + '/' + str(n)}"


surrogate_text = st.text(alphabet=st.characters(codec=None, categories=None), max_size=300)
controls = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=200)
questions = st.one_of(
    st.text(max_size=400),
    surrogate_text,
    controls,
    st.sampled_from(SHAPES),
    st.builds(_mutate, st.sampled_from(GOLD), st.integers(0, 7), st.integers(0, 10_000)),
    st.binary(max_size=300),
    st.integers(), st.floats(allow_nan=True), st.none(), st.booleans(),
    st.lists(st.text(max_size=20), max_size=5), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
    st.just(object()), st.just([[[[[[[[[[[]]]]]]]]]]]), st.just({"content": "Which tasks does MOH lead?"}),
)
history_item = st.one_of(
    st.text(max_size=200), st.sampled_from(GOLD), st.none(), st.integers(), st.binary(max_size=50),
    st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", None, 5]),
                           "content": st.one_of(st.sampled_from(GOLD), st.text(max_size=50), st.integers())}),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2), st.lists(st.integers(), max_size=3),
)
histories = st.one_of(
    st.none(), st.lists(history_item, max_size=10), st.integers(), st.text(max_size=30),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3), st.just([[[[[[[]]]]]]]),
    st.just([GOLD[0]] * 200),
)
as_ofs = st.one_of(
    st.none(), st.dates(), st.just(date.min), st.just(date.max), st.datetimes(), st.text(max_size=12),
    st.integers(), st.just("2025-06-30"), st.floats(),
)


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


def _short(x: object) -> str:
    r = repr(x)
    return r if len(r) <= 160 else r[:150] + f"…(+{len(r) - 150} chars)"


def test_fuzz_ask_contract(nq_assistant, rel_report):
    from assistant.models import Answer
    from ingest.errors import NQ57Error

    foreign: list[str] = []
    slow: list[str] = []
    unwritable: list[str] = []
    times: list[float] = []
    rss: list[float] = []
    kinds: dict[str, str] = {}  # "<exception> at <file:line>" -> first input that raised it

    @settings(max_examples=N_INPUTS, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(questions, histories, as_ofs)
    def one(question, history, as_of):
        t0 = time.perf_counter()
        try:
            ans = nq_assistant.ask(question, history, as_of)
            if not isinstance(ans, Answer):
                foreign.append(f"returned {type(ans).__name__} for {_short(question)}")
            else:
                try:  # an answer must be writable as UTF-8 JSON (the batch output and the web stream)
                    json.dumps(ans.to_dict(), ensure_ascii=False).encode("utf-8")
                except (UnicodeError, TypeError, ValueError) as exc:
                    unwritable.append(f"{type(exc).__name__} for q={_short(question)}")
        except NQ57Error:
            pass
        except Exception as exc:  # the very thing under test
            where = exc.__traceback__
            while where is not None and where.tb_next is not None:
                where = where.tb_next
            site = f"{Path(where.tb_frame.f_code.co_filename).name}:{where.tb_lineno}" if where else "?"
            kinds.setdefault(f"{type(exc).__name__} at {site}", f"{str(exc)[:80]} | q={_short(question)} "
                             f"h={_short(history)} as_of={_short(as_of)}")
            foreign.append(f"{type(exc).__name__}: {str(exc)[:120]} | q={_short(question)} "
                           f"h={_short(history)} as_of={_short(as_of)}")
        dt = time.perf_counter() - t0
        times.append(dt)
        if dt > SLOW_S:
            slow.append(f"{dt:.2f} s | q={_short(question)} h={_short(history)}")
        if len(times) in (50, N_INPUTS):
            rss.append(_rss_mb())

    one()
    rss.append(_rss_mb())
    times.sort()
    growth = rss[-1] - rss[0] if len(rss) > 1 else 0.0
    rel_report.put("fuzz", "inputs", f"{len(times)} ({fuzz_profile()} profile)")
    rel_report.put("fuzz", "foreign exceptions", len(foreign))
    rel_report.put("fuzz", "foreign exception kinds (first input of each)", kinds)
    rel_report.put("fuzz", "answers not writable as UTF-8", [*unwritable[:10], f"total {len(unwritable)}"])
    rel_report.put("fuzz", "slowest input s", round(times[-1], 3))
    rel_report.put("fuzz", "p50 / p95 s", f"{times[len(times) // 2]:.4f} / {times[int(len(times) * .95)]:.4f}")
    rel_report.put("fuzz", "inputs over 2 s", [*slow[:10], f"total {len(slow)}"])
    rel_report.put("fuzz", "RSS MB after 50 inputs -> end", f"{rss[0]:.0f} -> {rss[-1]:.0f} ({growth:+.0f})")
    problems = []
    if foreign:
        problems.append(f"{len(foreign)} foreign exceptions of {len(kinds)} kinds: {json.dumps(kinds, indent=1)}")
    if unwritable:
        problems.append(f"{len(unwritable)} answers not writable as UTF-8, e.g. {unwritable[:3]}")
    if slow:
        problems.append(f"{len(slow)} inputs over {SLOW_S} s, e.g. {slow[:3]}")
    if growth > 100:
        problems.append(f"RSS grew {growth:.0f} MB")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_follow_up_after_eight_maximal_questions(nq_assistant, rel_report, lang):
    """A follow-up replays earlier questions: bounded, or one session stalls everyone (issue 18, item 7)."""
    limit = nq_assistant.settings.max_question_chars
    seed = "Which tasks does MOH lead and what do they produce? " if lang == "en" else \
        "Bộ Y tế chủ trì những nhiệm vụ nào và sản phẩm là gì? "
    long_q = (seed * (limit // len(seed) + 1))[:limit]
    history = [long_q] * 8
    follow = "and which are due by June?" if lang == "en" else "còn những nhiệm vụ đến hạn tháng 6?"
    t0 = time.perf_counter()
    nq_assistant.ask(follow, history, date(2025, 1, 15))
    dt = time.perf_counter() - t0
    rel_report.put("fuzz", f"follow-up after 8 maximal questions ({lang}) s", round(dt, 2))
    assert dt < SLOW_S, f"follow-up after 8 maximal {lang} questions took {dt:.1f} s"


def test_as_of_datetime_and_absurd_dates(nq_assistant):
    from assistant.models import Answer

    for as_of in (date.min, date.max, datetime(2025, 1, 1, 12, 0)):
        assert isinstance(nq_assistant.ask("Which tasks are overdue?", [], as_of), Answer)
