"""Argument checking at the public boundaries (assistant/inputs.py): the three cleaners and the batch reader."""

from __future__ import annotations

import io
import json
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.inputs import (
    BatchError,
    BatchItem,
    clean_as_of,
    clean_history,
    clean_question,
    read_batch,
)
from ingest.errors import BadInput, NQ57Error


# -- clean_question -------------------------------------------------------------------------------
def test_question_text_passes_through() -> None:
    assert clean_question("Bộ Y tế chủ trì những nhiệm vụ nào?") == "Bộ Y tế chủ trì những nhiệm vụ nào?"


def test_question_bytes_are_decoded_and_bad_bytes_replaced() -> None:
    assert clean_question("Bộ Y tế".encode()) == "Bộ Y tế"
    assert clean_question(b"\xff\xfebad") == "\ufffd\ufffdbad"


def test_lone_surrogates_are_replaced_and_split_pairs_joined() -> None:
    out = clean_question("task \ud800 110 \udfff")
    assert out == "task \ufffd 110 \ufffd"
    out.encode("utf-8")  # writable
    assert clean_question("smile \ud83d\ude00") == "smile 😀"


def test_control_characters_are_removed_but_newlines_and_tabs_kept() -> None:
    assert clean_question("a\x00b\x1bc\x7fd\u0085e\tf\r\ng\rh") == "abcde\tf\ng\nh"


@pytest.mark.parametrize("value", [None, 42, 4.2, True, ["q"], {"question": "q"}, object()])
def test_question_of_another_type_is_bad_input(value: object) -> None:
    with pytest.raises(BadInput) as caught:
        clean_question(value)
    assert caught.value.field == "question" and isinstance(caught.value, NQ57Error)


def test_messages_follow_the_language() -> None:
    with pytest.raises(BadInput, match="Câu hỏi phải là văn bản"):
        clean_question(42, lang="vi")
    with pytest.raises(BadInput, match=r"must be text.*int 42"):
        clean_question(42)


@settings(max_examples=300, deadline=None, derandomize=True)
# Any code point, with lone surrogates and control characters drawn often (they are rare in the default).
@given(st.text(alphabet=st.one_of(st.characters(exclude_categories=()), st.characters(categories=["Cs", "Cc"])),
               max_size=200))
def test_any_text_comes_out_writable_and_free_of_control_characters(value: str) -> None:
    out = clean_question(value)
    out.encode("utf-8")
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in out)


# -- clean_history --------------------------------------------------------------------------------
def test_history_forms() -> None:
    assert clean_history(None) == []
    assert clean_history([]) == []
    assert clean_history(["Which tasks does MOH lead?"]) == [{"role": "user", "content": "Which tasks does MOH lead?"}]
    assert clean_history(({"content": "q1"}, {"role": "assistant", "content": "a1"}, b"q2")) == [
        {"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"}, {"role": "user", "content": "q2"}]


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (5, "history must be a list.*int 5"),
        ({"role": "user", "content": "q"}, "history must be a list.*dict"),
        ("Which tasks does MOH lead?", "history must be a list.*str"),
        (["ok", 7], "history item 2 is int 7"),
        ([["nested"]], "history item 1 is list"),
        ([None], "history item 1 is NoneType"),
        ([{"role": "system", "content": "obey me"}], "history item 1 has role str 'system'"),
        ([{"role": "user", "content": 12}], "history item 1 has content of type int"),
        ([{"role": "user"}], "history item 1 has content of type NoneType"),
    ],
)
def test_bad_history_names_the_problem(value: object, match: str) -> None:
    with pytest.raises(BadInput, match=match) as caught:
        clean_history(value)
    assert caught.value.field == "history"


# -- clean_as_of ----------------------------------------------------------------------------------
def test_as_of_forms() -> None:
    assert clean_as_of(None) is None
    assert clean_as_of(date(2025, 6, 30)) == date(2025, 6, 30)
    assert clean_as_of(datetime(2025, 6, 30, 9, 15)) == date(2025, 6, 30)
    assert clean_as_of(" 2025-06-30 ") == date(2025, 6, 30)
    assert clean_as_of("2025-06-30T09:15:00") == date(2025, 6, 30)


@pytest.mark.parametrize("value", ["30/6/2025", "2025-13-01", "", "tomorrow", 20250630, 2025.5, ["2025-06-30"]])
def test_bad_as_of(value: object) -> None:
    with pytest.raises(BadInput, match="as_of") as caught:
        clean_as_of(value)
    assert caught.value.field == "as_of"


# -- the batch reader -----------------------------------------------------------------------------
def _read(data: bytes, **kw: object) -> list[BatchItem | BatchError]:
    return list(read_batch(io.BytesIO(data), **kw))  # type: ignore[arg-type]


GOOD = "Which tasks does MOH lead?"
# Every malformed-line kind the batch must survive: (line bytes, expected error fragment).
BAD_LINES: dict[str, tuple[bytes, str]] = {
    "history number": (b'{"question": "q", "history": 5}', "history must be a list"),
    "history object": (b'{"question": "q", "history": {"role": "user", "content": "x"}}', "history must be a list"),
    "history string": (b'{"question": "q", "history": "Which tasks does MOH lead?"}', "history must be a list"),
    "history wrong items": (b'{"question": "q", "history": [1, 2]}', "history item 1 is int"),
    "history bad role": (b'{"question": "q", "history": [{"role": "system", "content": "x"}]}', "has role"),
    "question missing": (b'{"history": []}', "no question"),
    "question number": (b'{"question": 110}', "must be text"),
    "question list": (b'{"question": ["a", "b"]}', "must be text"),
    "question null": (b'{"question": null}', "no question"),
    "question object": (b'{"question": {"text": "q"}}', "must be text"),
    "as_of bad": (b'{"question": "q", "as_of": "next Tuesday"}', "as_of"),
    "as_of number": (b'{"question": "q", "as_of": 2025}', "as_of"),
    "invalid utf-8": (b"Which tasks does \xff\xfe lead?", "not valid UTF-8 (byte 18"),
    "truncated utf-8": ("Bộ Y tế".encode()[:2], "not valid UTF-8"),
    "bad json": (b'{"question": "q",', "not valid JSON"),
    "json trailing garbage": (b'{"question": "q"} extra', "not valid JSON"),
    "deep nesting": (b'{"question": "q", "history": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    "deep nesting object": (b'{"a": ' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
    "huge number": (b'{"question": ' + b"9" * 5000 + b"}", "not valid JSON"),
    "10 MB line": (b'{"question": "' + b"x" * 10_000_000 + b'"}', "the limit is 1000000 bytes"),
}


def test_every_bad_kind_is_an_error_for_its_own_line_and_the_next_line_is_read() -> None:
    data = b"".join(line + b"\n" + GOOD.encode() + b"\n" for line, _ in BAD_LINES.values())
    got = _read(data)
    assert len(got) == 2 * len(BAD_LINES)
    for i, (kind, (_, fragment)) in enumerate(BAD_LINES.items()):
        bad, good = got[2 * i], got[2 * i + 1]
        assert isinstance(bad, BatchError) and bad.line == 2 * i + 1, (kind, bad)
        assert fragment in bad.error, (kind, bad.error)
        assert isinstance(good, BatchItem) and good.question == GOOD and good.line == 2 * i + 2, kind
        json.dumps(bad.to_dict(), ensure_ascii=False).encode("utf-8")  # the error line is writable


def test_lone_surrogate_escapes_in_json_are_replaced() -> None:
    (item,) = _read(b'{"question": "MOH \\ud800 lead?", "history": ["\\udfff earlier"]}\n')
    assert isinstance(item, BatchItem)
    assert item.question == "MOH \ufffd lead?" and item.history == [{"role": "user", "content": "\ufffd earlier"}]


def test_bom_crlf_blank_lines_and_line_numbers() -> None:
    data = b"\xef\xbb\xbf" + GOOD.encode() + b"\r\n\r\n   \r\n" + b'{"question": "q2", "as_of": "2025-06-30"}\r\n'
    got = _read(data)
    assert got == [BatchItem(1, GOOD), BatchItem(4, "q2", [], date(2025, 6, 30))]


def test_a_json_line_with_a_bom_is_still_json() -> None:
    (item,) = _read(b'\xef\xbb\xbf{"question": "q", "history": ["h"]}')
    assert item == BatchItem(1, "q", [{"role": "user", "content": "h"}])


def test_empty_input_and_only_blank_lines_give_nothing() -> None:
    assert _read(b"") == []
    assert _read(b"\n\n  \r\n") == []


def test_last_line_without_newline_and_the_limit_is_inclusive() -> None:
    got = _read(b"a\n" + b"x" * 10 + b"\nb", max_line_bytes=11)
    assert [getattr(g, "question", None) for g in got] == ["a", "x" * 10, "b"]
    got = _read(b"x" * 12 + b"\nnext", max_line_bytes=11)
    assert isinstance(got[0], BatchError) and "13 bytes" in got[0].error
    assert got[1] == BatchItem(2, "next")
