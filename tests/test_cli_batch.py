"""`nq57 ask --batch`: every line succeeds or fails on its own, and the exit code says which happened.

In-process over the session's assistant for the many line kinds (fast), and once as users run it
(a subprocess reading standard input, on a copy of the session's data dir) for the bytes on the
wire: invalid UTF-8 in, valid UTF-8 out.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date

import pytest
from test_inputs import BAD_LINES, GOOD

from assistant import cli
from ingest.errors import BadInput

MOH_TASKS = [110, 111]


def _run(assistant, data: bytes, capsys, **kw) -> tuple[int, list[dict]]:
    code = cli.run_batch(assistant, io.BytesIO(data), **kw)
    out = capsys.readouterr().out
    out.encode("utf-8")  # every character writable
    return code, [json.loads(line) for line in out.splitlines()]


def test_every_bad_line_kind_errors_alone_and_every_good_line_is_answered(nq_assistant, capsys) -> None:
    lines = [b"\xef\xbb\xbf" + GOOD.encode()]  # a BOM on the first line
    for bad, _ in BAD_LINES.values():
        lines += [bad, GOOD.encode(), b""]  # and a blank line after each pair
    lines.append(b'{"question": "MOH \\ud800 lead? \\udfff", "history": []}')  # lone surrogates: answered
    code, rows = _run(nq_assistant, b"\r\n".join(lines) + b"\r\n", capsys)  # CRLF line ends
    assert code == cli.EXIT_ERROR
    errors = [r for r in rows if "error" in r]
    answers = [r for r in rows if "error" not in r]
    assert len(errors) == len(BAD_LINES) and len(answers) == len(BAD_LINES) + 2
    for (kind, (_, fragment)), err in zip(BAD_LINES.items(), errors, strict=True):
        assert set(err) == {"line", "error"} and fragment in err["error"], (kind, err)
    assert [e["line"] for e in errors] == [2 + 3 * i for i in range(len(BAD_LINES))]
    for a in answers[:-1]:
        assert a["tasks"] == MOH_TASKS and not a["refused"], a
    assert [a["line"] for a in answers[:-1]] == [1] + [3 + 3 * i for i in range(len(BAD_LINES))]
    assert "\ufffd" in answers[-1]["question"] and answers[-1]["line"] == len(lines)


def test_history_follow_up_and_per_line_as_of(nq_assistant, capsys) -> None:
    data = (b'{"question": "which of those are due by March 2025?", "history": ["Which tasks does MOH lead?"]}\n'
            b'{"question": "which of those are due by March 2025?", '
            b'"history": [{"role": "user", "content": "Which tasks does MOH lead?"}, '
            b'{"role": "assistant", "content": "Tasks 110 and 111."}]}\n')
    code, rows = _run(nq_assistant, data, capsys, as_of=date(2025, 6, 30))
    assert code == cli.EXIT_OK
    assert [r["tasks"] for r in rows] == [[110], [110]]


def test_exit_codes_for_refusals(nq_assistant, capsys) -> None:
    data = b"Which tasks does MOH lead?\nWhat budget in VND does task 57 have?\n"
    code, rows = _run(nq_assistant, data, capsys)
    assert code == cli.EXIT_OK and rows[1]["refused"]
    code, _ = _run(nq_assistant, data, capsys, fail_on_refusal=True)
    assert code == cli.EXIT_REFUSED
    code, _ = _run(nq_assistant, data + b"{bad\n", capsys, fail_on_refusal=True)
    assert code == cli.EXIT_ERROR  # an error outranks a refusal


def test_an_empty_batch_is_said_and_exits_0(nq_assistant, capsys) -> None:
    assert cli.run_batch(nq_assistant, io.BytesIO(b"")) == cli.EXIT_OK
    captured = capsys.readouterr()
    assert captured.out == "" and "no questions" in captured.err


def test_an_unexpected_failure_on_one_line_loses_no_other_line(nq_assistant, capsys) -> None:
    class Flaky:
        def ask(self, question, history=None, as_of=None):
            if "boom" in question:
                raise ValueError("Exceeds the limit (4300 digits)")
            return nq_assistant.ask(question, history, as_of=as_of)

    code, rows = _run(Flaky(), b"boom\nWhich tasks does MOH lead?\n", capsys)
    assert code == cli.EXIT_ERROR
    assert rows[0]["line"] == 1 and "ValueError" in rows[0]["error"] and rows[1]["tasks"] == MOH_TASKS


# -- the Python API has the same checks ------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((GOOD, 5), "history"),
        ((GOOD, {"role": "user", "content": "x"}), "history"),
        ((GOOD, "Which tasks does MOH lead?"), "history"),
        ((GOOD, [1, 2]), "history"),
        ((110,), "question"),
        ((None,), "question"),
        ((["Which", "tasks"],), "question"),
        ((GOOD, None, "someday"), "as_of"),
        ((GOOD, None, 2025), "as_of"),
    ],
)
def test_assistant_ask_rejects_wrong_argument_types(nq_assistant, args, field) -> None:
    with pytest.raises(BadInput) as caught:
        nq_assistant.ask(*args)
    assert caught.value.field == field


def test_assistant_ask_accepts_the_documented_forms(nq_assistant) -> None:
    assert nq_assistant.ask(GOOD.encode()).tasks == MOH_TASKS
    follow = "which of those are due by March 2025?"
    for history in (["Which tasks does MOH lead?"], ({"role": "user", "content": "Which tasks does MOH lead?"},)):
        assert nq_assistant.ask(follow, history, "2025-06-30").tasks == [110]
    a = nq_assistant.ask("Which tasks does MOH lead? \ud800")
    assert a.tasks == MOH_TASKS and "\ud800" not in a.question
    json.dumps(a.to_dict(), ensure_ascii=False).encode("utf-8")


# -- as users run it ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cli_data_env(vs_full_index, tmp_path_factory):
    data = tmp_path_factory.mktemp("cli-batch") / "data"
    shutil.copytree(vs_full_index.settings.data_dir, data)  # the session's index: nothing is re-embedded
    return dict(os.environ, NQ57_DATA_DIR=str(data))


def test_batch_from_stdin_with_bad_bytes_writes_valid_utf8(cli_data_env) -> None:
    data = (b"\xef\xbb\xbfWhich tasks does MOH lead?\r\n"
            b"Which tasks does \xff\xfe lead?\r\n"
            b'{"question": "\\ud800 B\\u1ed9 Y t\\u1ebf ch\\u1ee7 tr\\u00ec nh\\u1eefng nhi\\u1ec7m v\\u1ee5 n\\u00e0o?"}\r\n'
            b'{"question": "q", "history": 5}\r\n'
            b'{"question": "q", "history": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\r\n"
            b"Which tasks does MOH lead?\r\n")
    r = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "--batch", "-"], input=data,
                       env=cli_data_env, capture_output=True, timeout=600)
    assert r.returncode == cli.EXIT_ERROR, r.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in r.stderr
    rows = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]  # strict UTF-8
    assert [r.get("line") for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [("error" in r) for r in rows] == [False, True, False, True, True, False]
    assert rows[0]["tasks"] == rows[2]["tasks"] == rows[5]["tasks"] == MOH_TASKS
    assert "Batch: 6 line(s) read; 3 answered (0 refused), 3 error(s)." in r.stderr.decode()
