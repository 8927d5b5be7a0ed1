"""Generic news parser on the three real news files and on arbitrary user-dropped text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import CorpusError, NQ57Error
from ingest.models import Clause, Document
from ingest.paragraphs import GAP_NOTICE
from ingest.parse_news import parse_news, sentence_title, shorten

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _doc(file: str) -> Document:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    d = next(d for d in manifest["documents"] if d["file"] == file)
    return Document(
        doc_id=d["doc_id"], lang=d["lang"], title=d["title"], primary=d["primary"], issuer=d["issuer"],
        date=d["date"], source_file=file, kind="news",
    )  # fmt: skip


def _parse(file: str) -> list[Clause]:
    return parse_news((CORPUS / file).read_text(encoding="utf-8").split("\n"), _doc(file))


def _by_id(clauses: list[Clause]) -> dict[str, Clause]:
    return {c.clause_id: c for c in clauses}


@pytest.mark.parametrize(
    ("file", "paragraphs", "headings"),
    [
        ("000_bf1280fb26024446.txt", 34, 7),
        ("001_7fcf62c403a6ed51.txt", 35, 7),
        ("003_992a1756651efff0.txt", 9, 0),
    ],
)
def test_real_news_files(file: str, paragraphs: int, headings: int) -> None:
    got = _parse(file)
    assert [c.clause_id for c in got] == ["doc", *[f"p{n}" for n in range(1, paragraphs + 1)]]
    assert sum(c.kind == "heading" for c in got) == headings
    assert all(c.primary is False and c.source_file == file and c.text for c in got)
    assert all(c.parent_id == "doc" for c in got[1:])
    lines = [c.line_start for c in got[1:]]
    assert lines == sorted(lines)


def test_headline_and_page_furniture() -> None:
    c = _by_id(_parse("000_bf1280fb26024446.txt"))
    assert c["doc"].title.startswith("The Government issued a Breakthrough Action Program")
    assert "Source: https://mic.gov.vn/" in c["doc"].text
    assert not any("Comment (0)" in x.text for x in c.values())
    assert c["p1"].text.startswith("In order to achieve the goals set out in Resolution No. 57-NQ/TW")
    assert c["p2"].kind == "heading" and c["p2"].text.startswith("1- Raising awareness")
    assert c["p3"].trail[1].startswith("1- Raising awareness")  # paragraphs carry their heading
    assert (c["p3"].line_start, c["p3"].line_end) == (4, 4)


def test_no_headline_line_uses_manifest_title() -> None:
    c = _by_id(_parse("001_7fcf62c403a6ed51.txt"))
    assert c["doc"].text == c["doc"].title == _doc("001_7fcf62c403a6ed51.txt").title
    assert c["p1"].text.startswith("Hanoi (VNA) - On January 9")
    assert c["p2"].kind == "heading" and c["p2"].text == "Raising awareness and driving change"


def test_bullets_stay_with_their_lead_in() -> None:
    c = _by_id(_parse("003_992a1756651efff0.txt"))
    assert c["doc"].title == "Government Push for Innovation and Digital Transformation"
    assert c["p4"].text.startswith("To promote growth") and c["p4"].text.count("\n- ") == 4
    assert (c["p4"].line_start, c["p4"].line_end) == (5, 9)
    assert c["p6"].text.count("\n- ") == 3 and c["p9"].text.count("\n- ") == 2


def test_user_dropped_file_with_gaps_and_crlf() -> None:
    doc = Document("news-x", "en", "Dropped news", False, "x", "2025", "x.txt", kind="news")
    raw = ["- a bullet before any paragraph\r", "", "Body one.", "...", GAP_NOTICE,
           "Body two " + GAP_NOTICE + " and more.", "Comments (3)"]  # fmt: skip
    got = _by_id(parse_news(raw, doc))
    assert got["doc"].title == "Dropped news"
    assert got["p1"].text == "- a bullet before any paragraph"
    assert got["p2"].gaps == 2 and got["p3"].text == "Body two and more."
    assert all(GAP_NOTICE not in c.text for c in got.values()) and "p4" not in got


def test_empty_file_is_an_error() -> None:
    doc = Document("news-x", "en", "Dropped news", False, "x", "2025", "x.txt", kind="news")
    with pytest.raises(CorpusError) as err:
        parse_news(["", "   ", "\u00a0", "Comment (0)"], doc)
    assert err.value.file == "x.txt"


def test_title_helpers() -> None:
    assert shorten("word " * 50, 30).endswith("…") and len(shorten("word " * 50, 30)) <= 30
    assert sentence_title("Resolution No. 57-NQ/TW is long. Second.") == "Resolution No. 57-NQ/TW is long."


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(max_size=80), st.sampled_from(["- b", "...", GAP_NOTICE, "", "1- H", "Source: s"]))
    )
)
def test_any_text_gives_clauses_or_a_project_error(raw: list[str]) -> None:
    doc = Document("news-x", "en", "Dropped news", False, "x", "2025", "x.txt", kind="news")
    try:
        got = parse_news(raw, doc)
    except NQ57Error:
        return
    ids = [c.clause_id for c in got]
    assert ids[0] == "doc" and len(ids) == len(set(ids))
    assert all(c.text and GAP_NOTICE not in c.text for c in got)
