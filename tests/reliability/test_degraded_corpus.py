"""Degraded corpus (issue 18, items 2 and 3): each broken-corpus kind gives a clear error naming the
file, line or field; the last good KB and index stay intact and keep answering; no file outside the
corpus folder is ever read."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import MOH_Q, MOH_TASKS

NQ03 = "004_7ab47f71d36a34c5.txt"
NEWS = "001_7fcf62c403a6ed51.txt"

_OPENED: list[str] = []
_RECORDING = [False]


def _audit(event: str, args: tuple) -> None:
    if _RECORDING[0] and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; _RECORDING gates it to the ingest calls below


def _manifest(corpus: Path) -> dict:
    return json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))


def _set_manifest(corpus: Path, data: dict) -> None:
    (corpus / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _entry(corpus: Path, n: int, **changes) -> None:
    data = _manifest(corpus)
    data["documents"][n].update(changes)
    _set_manifest(corpus, data)


def _non_utf8(c: Path) -> None:
    raw = (c / NEWS).read_bytes().split(b"\n")
    raw[5] = raw[5] + b" \xff\xfe caf\xe9"
    (c / NEWS).write_bytes(b"\n".join(raw))


def _utf16(c: Path) -> None:
    (c / NEWS).write_bytes((c / NEWS).read_text(encoding="utf-8").encode("utf-16"))


def _empty(c: Path) -> None:
    (c / NEWS).write_bytes(b"")


def _truncated_appendix(c: Path) -> None:
    lines = (c / NQ03).read_text(encoding="utf-8").split("\n")
    (c / NQ03).write_text("\n".join(lines[:1500]), encoding="utf-8")  # mid Appendix II (935..2781)


def _bad_manifest(c: Path) -> None:
    text = (c / "manifest.json").read_text(encoding="utf-8")
    (c / "manifest.json").write_text(text.replace('"doc_id": "57-NQ/TW"', '"doc_id" "57-NQ/TW"', 1)
                                     if '"doc_id": "57-NQ/TW"' in text else text[:-40], encoding="utf-8")


def _wrong_type(c: Path) -> None:
    _entry(c, 4, file=42)


def _wrong_type_primary(c: Path) -> None:
    _entry(c, 4, primary="yes")


def _missing_file(c: Path) -> None:
    (c / NEWS).unlink()


def _outside(c: Path) -> None:
    _entry(c, 4, file="../../../../../../etc/hostname")


def _absolute(c: Path) -> None:
    _entry(c, 4, file="/etc/hostname")


def _symlink_out(c: Path) -> None:
    (c / "linked.txt").symlink_to("/etc/hostname")
    _entry(c, 4, file="linked.txt")


# kind -> (damage, what the error must name)
KINDS = {
    "non-utf8": (_non_utf8, [NEWS, ":6:"]),
    "utf16": (_utf16, [NEWS]),
    "empty-file": (_empty, [NEWS, "empty"]),
    "truncated-appendix-II": (_truncated_appendix, [NQ03]),
    "bad-manifest-json": (_bad_manifest, ["manifest.json"]),
    "wrong-field-type": (_wrong_type, ["manifest.json", "'file'", "document #5"]),
    "wrong-field-type-bool": (_wrong_type_primary, ["manifest.json", "'primary'", "document #5"]),
    "missing-file": (_missing_file, ["manifest.json", NEWS]),
    "path-outside": (_outside, ["manifest.json", "'file'", "inside the corpus folder"]),
    "absolute-path": (_absolute, ["manifest.json", "'file'"]),
    "symlink-out": (_symlink_out, ["manifest.json", "linked.txt", "outside"]),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_broken_corpus_keeps_serving_last_good_index(kind, rel_copy, rel_report):
    from assistant.core import Assistant
    from ingest.errors import CorpusError
    from ingest.pipeline import corpus_problem, ingest_all

    damage, must_name = KINDS[kind]
    settings = rel_copy.settings
    kb_before = {p.name: p.read_bytes() for p in settings.kb_dir.iterdir()}
    damage(rel_copy.corpus)
    _OPENED.clear()
    _RECORDING[0] = True
    try:
        with pytest.raises(CorpusError) as err:
            ingest_all(settings)
    finally:
        _RECORDING[0] = False
    message = str(err.value)
    assert "Traceback" not in message and "\n" not in message
    for part in must_name:
        assert part in message, f"{kind}: {message!r} does not name {part!r}"
    outside = [p for p in _OPENED if p.startswith("/etc")]
    assert not outside, f"{kind}: read outside the corpus folder: {outside}"
    assert {p.name: p.read_bytes() for p in settings.kb_dir.iterdir()} == kb_before, "KB changed"

    # ask / a restart of serve: answers from the last good build, and says once what is wrong
    assistant = Assistant.load(settings)
    ans = assistant.ask(MOH_Q)
    assert ans.tasks == MOH_TASKS, f"{kind}: {ans.tasks}"
    assert assistant.corpus_problem and must_name[0] in assistant.corpus_problem
    assert corpus_problem(settings) == assistant.corpus_problem
    rel_report.put("degraded corpus", kind, f"error: {message[:160]} / old index answers MOH {ans.tasks}")


def test_fixed_corpus_clears_the_problem(rel_copy):
    from ingest.errors import CorpusError
    from ingest.pipeline import corpus_problem, ingest_all

    backup = (rel_copy.corpus / NEWS).read_bytes()
    _empty(rel_copy.corpus)
    with pytest.raises(CorpusError):
        ingest_all(rel_copy.settings)
    assert corpus_problem(rel_copy.settings)
    (rel_copy.corpus / NEWS).write_bytes(backup)
    ingest_all(rel_copy.settings)
    assert corpus_problem(rel_copy.settings) is None


def test_cli_ingest_names_the_file_and_exits_1(rel_copy, capsys, monkeypatch):
    from assistant.cli import main

    _outside(rel_copy.corpus)
    monkeypatch.setenv("NQ57_DATA_DIR", str(rel_copy.settings.data_dir))
    monkeypatch.setenv("NQ57_CORPUS_DIR", str(rel_copy.corpus))
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert "manifest.json" in err and "corpus folder" in err and "Traceback" not in err
