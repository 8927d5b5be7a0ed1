"""`nq57` as users run it (subprocess, real data dir)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    e = dict(os.environ)
    e["NQ57_DATA_DIR"] = str(tmp_path_factory.mktemp("cli"))
    return e


def nq57(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("lead", ["MOH", "Bộ Y tế", "bo y te", "BYT"])
def test_tasks_lead_moh(env, lead):
    r = nq57(env, "tasks", "--lead", lead, "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(t["no"], t["deadline"]["due"]) for t in rows] == [(110, "2025-03-31"), (111, "2025-12-31")]
    assert rows[0]["clause_id"] == "appendix-II.110" and rows[0]["lead"] == ["MOH"]
    assert set(rows[0]) >= {"no", "group", "name_vi", "name_en", "lead", "coordinating", "output_vi", "output_en",
                            "deadline", "clause_id"}


def test_tasks_filters_and_csv(env):
    r = nq57(env, "tasks", "--coordinating", "MOH", "--format", "csv")
    assert r.returncode == 0 and r.stdout.splitlines()[1].startswith("112,")
    r = nq57(env, "tasks", "--lead", "MIC", "--due-before", "2025-03-31", "--format", "json")
    assert all(t["deadline"]["due"] <= "2025-03-31" for t in json.loads(r.stdout))


def test_tasks_as_of_successor(env):
    r = nq57(env, "tasks", "--lead", "MAE", "--as-of", "2026-01-01", "--format", "csv")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "lead_as_of" in lines[0]
    assert [line.split(",")[0] for line in lines[1:]] == ["51", "52", "53", "100", "102", "108"]
    assert "MONRE" in lines[1] and "MAE" in lines[1]


def test_unknown_agency_is_a_clear_error(env):
    r = nq57(env, "tasks", "--lead", "Ministry of Magic")
    assert r.returncode == 1 and "unknown agency" in r.stderr and "Traceback" not in r.stderr


def test_indicators(env):
    r = nq57(env, "indicators", "--monitor", "MOH", "--format", "json")
    assert [i["id"] for i in json.loads(r.stdout)] == ["32"]


def test_ingest_summary(env):
    r = nq57(env, "ingest", "--no-index")
    assert r.returncode == 0 and ("Tasks (Appendix II): 140" in r.stdout or "up to date" in r.stdout)


def test_ask_batch_takes_plain_lines_and_json_lines(vs_full_index, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(vs_full_index.settings.data_dir, data)  # the session's index: nothing is re-embedded
    e = dict(os.environ, NQ57_DATA_DIR=str(data))
    batch = tmp_path / "questions.txt"
    batch.write_text("Which tasks does MOH lead?\n\n"
                     '{"question": "which of those are due by March 2025?", "history": ["Which tasks does MOH lead?"]}\n'
                     "{not json\n", encoding="utf-8")
    r = nq57(e, "ask", "--batch", str(batch))
    assert r.returncode == 1, r.stderr  # documented: 1 when any line failed
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows[0]["tasks"] == [110, 111] and rows[1]["tasks"] == [110]
    assert rows[2] == {"line": 4, "error": rows[2]["error"]} and "not valid JSON" in rows[2]["error"]
    batch.write_text("Which tasks does MOH lead?\n", encoding="utf-8")
    r = nq57(e, "ask", "--batch", str(batch))
    assert r.returncode == 0 and json.loads(r.stdout)["line"] == 1


# -- scripts' contract: exit codes, usage, help, version, CSV, plain terminal text ------------------
def test_missing_batch_file_is_one_line_and_exit_1(env, tmp_path):
    r = nq57(env, "ask", "--batch", str(tmp_path / "missing.jsonl"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [f"error: cannot read the batch file {tmp_path / 'missing.jsonl'}: "
                                             "No such file or directory"]
    r = nq57(env, "ask", "--batch", str(tmp_path))  # a directory
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_version_from_package_metadata(env):
    from importlib.metadata import version

    r = nq57(env, "--version")
    assert r.returncode == 0 and r.stdout.strip() == f"nq57 {version('nq57')}"


def test_version_falls_back_to_pyproject(monkeypatch):
    import importlib.metadata
    import tomllib

    from assistant import cli
    from ingest.settings import PROJECT_ROOT

    def missing(_name):
        raise importlib.metadata.PackageNotFoundError("nq57")

    monkeypatch.setattr(importlib.metadata, "version", missing)
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as fh:
        assert cli._version() == tomllib.load(fh)["project"]["version"]


@pytest.mark.parametrize(("args", "usage"), [
    (["ask", "--bogus", "q"], "usage: nq57 ask"),
    (["tasks", "--lead", "MOH", "--nope"], "usage: nq57 tasks"),
    (["tasks", "--format", "xml"], "usage: nq57 tasks"),
    (["indicators", "--horizon", "2040"], "usage: nq57 indicators"),
    (["serve", "--port", "http"], "usage: nq57 serve"),
    (["frobnicate"], "usage: nq57 [-h]"),
    ([], "usage: nq57 [-h]"),
])  # fmt: skip
def test_a_bad_command_line_exits_2_with_the_subcommand_usage(env, args, usage):
    r = nq57(env, *args)
    assert r.returncode == 2 and r.stderr.startswith(usage) and "Traceback" not in r.stderr, r.stderr


def test_ask_without_a_question_is_a_usage_error(env):
    r = nq57(env, "ask")
    assert r.returncode == 2 and "--batch" in r.stderr
    r = nq57(env, "ask", "--batch", "-", "Which tasks does MOH lead?")
    assert r.returncode == 2 and "not both" in r.stderr


def test_every_flag_has_help_and_help_lists_exit_codes():
    import argparse

    from assistant import cli

    parser, subs = cli.build_parser()
    for name, sub in [("nq57", parser), *subs.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help and action.help != argparse.SUPPRESS, (name, action.option_strings or action.dest)
        assert "exit codes" in sub.format_help() and "--fail-on-refusal" in cli.EPILOG, name


def test_tasks_csv_has_a_bom_both_deadlines_and_agency_names(env):
    import csv
    import io

    r = subprocess.run([sys.executable, "-m", "assistant.cli", "tasks", "--lead", "MOH", "--format", "csv"],
                       env=env, capture_output=True, timeout=300)
    assert r.returncode == 0 and r.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode("utf-8-sig"))))
    assert [row["no"] for row in rows] == ["110", "111"]
    t110 = rows[0]
    assert (t110["lead"], t110["lead_name_en"], t110["lead_name_vi"]) == ("MOH", "Ministry of Health", "Bộ Y tế")
    assert t110["deadline_vi"] == "Tháng 3/2025" or "3/2025" in t110["deadline_vi"]
    assert "2025" in t110["deadline_en"] and t110["deadline_en"] != t110["deadline_vi"]
    assert "Vietnam Social Security" in rows[1]["coordinating_name_en"] and "VSS" in rows[1]["coordinating"]


def test_indicators_csv_has_a_bom_and_monitor_names(env):
    r = subprocess.run([sys.executable, "-m", "assistant.cli", "indicators", "--monitor", "MOH", "--format", "csv"],
                       env=env, capture_output=True, timeout=300)
    text = r.stdout.decode("utf-8")
    assert r.returncode == 0 and text.startswith("\ufeffid,")
    assert "MOH,Ministry of Health,Bộ Y tế" in text


def test_plain_terminal_drops_markdown_markers():
    from assistant.cli_format import plain_terminal

    md = ("**Ministry of Health (MOH) leads 2 tasks** in the *Action Programme*.\n> quoted\n"
          "### Heading\nSee [the decree](https://example.org/d) and `code`, 2 \\* 3, a_b_c, 5 * 4 * 3.\n"
          "1. **Task 110**: x [03/NQ-CP:appendix-II.110]")
    assert plain_terminal(md) == (
        "Ministry of Health (MOH) leads 2 tasks in the Action Programme.\nquoted\n"
        "Heading\nSee the decree (https://example.org/d) and code, 2 * 3, a_b_c, 5 * 4 * 3.\n"
        "1. Task 110: x [03/NQ-CP:appendix-II.110]")


def test_ci_runs_exactly_the_readmes_test_command():
    from ingest.settings import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert "bash .ci/install-browser" in ci
    assert 'CMAKE_ARGS="-DGGML_NATIVE=OFF"' in ci[-1]  # a portable llama.cpp build (no AVX-512/AMX)
    assert f"```bash\n{ci[-1]}\n```" in readme


def test_single_ask_exit_codes_and_plain_text(vs_full_index, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(vs_full_index.settings.data_dir, data)
    e = dict(os.environ, NQ57_DATA_DIR=str(data))
    r = nq57(e, "ask", "--fail-on-refusal", "What budget in VND does task 57 have?")
    assert r.returncode == 3 and "do not say" in r.stdout, r.stderr
    r = nq57(e, "ask", "What budget in VND does task 57 have?")
    assert r.returncode == 0
    r = nq57(e, "ask", "--fail-on-refusal", "Which tasks does MOH lead?")
    assert r.returncode == 0 and "Task 110" in r.stdout and "**" not in r.stdout
    assert "Loading the assistant" in r.stderr  # long steps say what they do, on stderr
    r = subprocess.run([sys.executable, "-m", "assistant.cli", "chat"], env=e, input="Which tasks does MOH lead?\n",
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "Task 110" in r.stdout and "**" not in r.stdout
