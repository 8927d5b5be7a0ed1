"""57-NQ/TW parser on the real one-paragraph English translation, plus malformed variants."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import CorpusError, NQ57Error
from ingest.models import Clause, Document
from ingest.paragraphs import GAP_NOTICE
from ingest.parse_nq57 import parse_nq57

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILE = "002_a03b92f11f0c2dda.txt"
EXPECTED_IDS = [
    "doc", "intro",
    "I", "I.1", "I.2", "I.3", "I.4", "I.5",
    "II", "II.1", "II.2",
    "III", "III.1", "III.2", "III.3", "III.4", "III.5", "III.6", "III.7",
    "IV", "IV.4", "IV.5",
]  # fmt: skip


def _doc() -> Document:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    d = next(d for d in manifest["documents"] if d["file"] == FILE)
    return Document(
        doc_id=d["doc_id"], lang=d["lang"], title=d["title"], primary=d["primary"], issuer=d["issuer"],
        date=d["date"], source_file=FILE, translation=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return (CORPUS / FILE).read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def clauses(lines: list[str]) -> list[Clause]:
    return parse_nq57(lines, _doc())


def _by_id(clauses: list[Clause]) -> dict[str, Clause]:
    return {c.clause_id: c for c in clauses}


def test_ids_and_structure(clauses: list[Clause]) -> None:
    assert [c.clause_id for c in clauses] == EXPECTED_IDS
    c = _by_id(clauses)
    assert c["doc"].kind == "document" and c["intro"].kind == "preamble"
    assert [x.clause_id for x in clauses if x.kind == "section"] == ["I", "II", "III", "IV"]
    for cl in clauses[2:]:
        assert cl.parent_id == (cl.clause_id.split(".")[0] if "." in cl.clause_id else "doc")
    assert c["I"].title == "GUIDING VIEWPOINTS" and c["II"].title == "GOAL"
    assert c["III"].title == "TASKS AND SOLUTIONS"
    assert c["III.3"].trail == (_doc().title, "III- TASKS AND SOLUTIONS")


def test_goals_2030_and_vision_2045(clauses: list[Clause]) -> None:
    c = _by_id(clauses)
    assert c["II.1"].title == "By 2030" and c["II.2"].title == "Vision to 2045"
    goals = c["II.1"].text
    for target in (
        "2% of GDP",
        "at least 30% of GDP",
        "over 55%",
        "at least 3% of the total annual budget",
        "12 people per 10,000 people",
        "top 3 countries in Southeast Asia",
        "Cover 5G nationwide",
    ):
        assert target in goals, target  # fmt: skip
    assert "50% of GDP" not in goals  # the 2045 digital-economy target is in II.2
    assert "at least 50% of GDP" in c["II.2"].text and "top 30 countries" in c["II.2"].text


def test_tasks_and_lost_section_iv(clauses: list[Clause]) -> None:
    c = _by_id(clauses)
    assert c["III.1"].title.startswith("Raising awareness, making breakthroughs")
    assert c["III.3"].title == (
        "Increase investment and improve infrastructure for science, technology, innovation, "
        "and national digital transformation"
    )
    assert c["III.7"].text.startswith("Enhancing international cooperation")
    assert c["III.7"].text.endswith("international treaties that Vietnam is a member of participation.")
    # Section IV lost its heading and items 1-3; its surviving unnumbered text is IV's own text.
    assert c["IV"].text.startswith("Establishing a National Council for Science and Technology Development")
    assert c["IV"].text.endswith("basically completed in 2025.")
    assert "National Council" not in c["III.7"].text
    assert c["IV.4"].text.startswith("The Vietnam Fatherland Front")
    assert c["IV.5"].text.startswith("The Central Propaganda Board")
    assert c["IV.5"].text.endswith("the contents of the Resolution.")  # "Laodong.vn" tag dropped


def test_intro_doc_and_line_spans(clauses: list[Clause], lines: list[str]) -> None:
    c = _by_id(clauses)
    assert c["intro"].text.startswith("On behalf of the Politburo, General Secretary To Lam")
    assert c["intro"].text.endswith(
        "the Politburo requires the thorough implementation of the following contents:"
    )
    assert "Source: https: //laodong.vn" in c["doc"].text and "Photo: VGP" in c["doc"].text
    assert not any("Comment (0)" in x.text for x in clauses)
    assert (c["doc"].line_start, c["doc"].line_end) == (1, 5)
    assert (c["intro"].line_start, c["intro"].line_end) == (1, 3)
    assert all((x.line_start, x.line_end) == (3, 3) for x in clauses[2:])


def test_texts_partition_the_resolution(clauses: list[Clause], lines: list[str]) -> None:
    body = lines[2]
    markers = re.compile(r"(?:^|\s)(?:[IV]+- |\d\. )")
    for cl in clauses[2:]:
        assert cl.text in body or cl.text == cl.title
    kept = sum(len(x.text) for x in clauses[2:]) + len(clauses[1].text) - len(lines[0])
    lost = len(markers.findall(body)) * 3 + len("Laodong.vn") + 2 * len(clauses)
    assert len(body) - lost <= kept <= len(body)


def _replace(lines: list[str], old: str, new: str) -> list[str]:
    assert old in lines[2]
    return [*lines[:2], lines[2].replace(old, new), *lines[3:]]


def test_reset_without_implementation_wording(lines: list[str]) -> None:
    orphans = re.search(r"Establishing a National Council.*?basically completed in 2025\. ", lines[2])
    assert orphans
    c = _by_id(parse_nq57(_replace(lines, orphans.group(0), ""), _doc()))
    assert [k for k in c if k.startswith("IV")] == ["IV", "IV.4", "IV.5"]
    assert c["IV"].text == c["IV"].title  # nothing unnumbered survives: the heading stands alone


def test_no_reset_means_no_section_iv(lines: list[str]) -> None:
    mangled = _replace(
        _replace(lines, "2025. 4. The Vietnam", "2025. The Vietnam"), "policies. 5. The", "policies. The"
    )
    c = _by_id(parse_nq57(mangled, _doc()))
    assert "IV" not in c and c["III.7"].text.endswith("contents of the Resolution.")


def test_missing_headings_are_an_error(lines: list[str]) -> None:
    with pytest.raises(CorpusError) as err:
        parse_nq57([lines[0], lines[1], "Just a paragraph without numbered sections."], _doc())
    assert err.value.file == FILE
    with pytest.raises(CorpusError):
        parse_nq57([], _doc())


def test_same_result_when_split_into_lines(lines: list[str], clauses: list[Clause]) -> None:
    """A better copy with one paragraph per heading/item gives the same ids and texts."""
    split = re.sub(r" (?=(?:[IV]+- [A-Z]|\d\. [A-Z]))", "\n", lines[2]).split("\n")
    again = parse_nq57([lines[0], lines[1], *split, *lines[3:]], _doc())
    assert [c.clause_id for c in again] == EXPECTED_IDS
    assert [c.text for c in again][2:] == [c.text for c in clauses][2:]


_GARBAGE = st.sampled_from(
    ["I- X", "II- GOAL", "4. The", "1. A", "...", GAP_NOTICE, "", "Source: x", "V- Y"]
) | st.text(max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_input_raises_only_project_errors(data: st.DataObject, lines: list[str]) -> None:
    pieces = re.split(r"(?<=[.:]) ", lines[2])
    source = [lines[0], lines[1], *pieces, *lines[3:]]
    out = list(source)
    for _ in range(data.draw(st.integers(0, 8))):
        if not out:
            break
        i = data.draw(st.integers(0, len(out) - 1))
        op = data.draw(st.sampled_from(["delete", "swap", "insert", "join"]))
        if op == "delete":
            del out[i : i + data.draw(st.integers(1, 30))]
        elif op == "swap":
            j = data.draw(st.integers(0, len(out) - 1))
            out[i], out[j] = out[j], out[i]
        elif op == "insert":
            out.insert(i, data.draw(_GARBAGE))
        else:
            out[i : i + 40] = [" ".join(out[i : i + 40])]
    try:
        got = parse_nq57(out, _doc())
    except NQ57Error:
        return
    ids = [c.clause_id for c in got]
    assert len(ids) == len(set(ids)) and ids[0] == "doc"
    assert all(GAP_NOTICE not in c.text for c in got)
    assert all(c.line_start <= c.line_end for c in got)
