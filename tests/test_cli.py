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
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows[0]["tasks"] == [110, 111] and rows[1]["tasks"] == [110]
    assert rows[2]["line"] == 4 and "bad input line" in rows[2]["error"]
