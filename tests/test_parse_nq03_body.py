"""03/NQ-CP body parser on the real corpus file: pinned clauses, gap handling, and malformed input."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import CorpusError, NQ57Error
from ingest.models import Clause, Document
from ingest.paragraphs import GAP_NOTICE, paragraphs
from ingest.parse_nq03_body import VI_LETTERS, id_path, parse_nq03_body, path_id

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILE = "004_7ab47f71d36a34c5.txt"
KINDS = {"document", "preamble", "article", "section", "item", "point"}


def _doc(lang: str) -> Document:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    d = next(d for d in manifest["documents"] if d["file"] == FILE and d["lang"] == lang)
    return Document(
        doc_id=d["doc_id"],
        lang=lang,
        title=d["title"],
        primary=d["primary"],
        issuer=d["issuer"],
        date=d["date"],
        source_file=FILE,
        translation=d.get("translation", False),
    )


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return (CORPUS / FILE).read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def split(lines: list[str]) -> int:
    """0-based index of the English half's first line (`THE GOVERNMENT`)."""
    return lines.index("THE GOVERNMENT")


@pytest.fixture(scope="module")
def vi(lines: list[str], split: int) -> list[Clause]:
    return parse_nq03_body(lines[:split], _doc("vi"), 1)


@pytest.fixture(scope="module")
def en(lines: list[str], split: int, vi: list[Clause]) -> list[Clause]:
    return parse_nq03_body(lines[split:], _doc("en"), split + 1, reference=vi)


def _by_id(clauses: list[Clause]) -> dict[str, Clause]:
    return {c.clause_id: c for c in clauses}


def _letters(clauses: list[Clause], item: str) -> list[str]:
    return [c.clause_id.rsplit(".", 1)[1] for c in clauses if c.kind == "point" and c.parent_id == item]


def test_english_half_starts_where_the_readme_says(split: int) -> None:
    assert split + 1 == 2782


def test_vietnamese_structure(vi: list[Clause]) -> None:
    assert Counter(c.kind for c in vi) == {
        "document": 1,
        "preamble": 1,
        "article": 3,
        "section": 3,
        "item": 15,
        "point": 104,
    }
    ids = [c.clause_id for c in vi]
    assert ids[:5] == ["doc", "preamble", "art.1", "art.2", "art.3"]
    assert [c.clause_id for c in vi if c.kind == "section"] == ["I", "II", "III"]
    assert [c.clause_id for c in vi if c.parent_id == "III"] == [f"III.{n}" for n in range(1, 7)]
    per_item = {f"II.{n}": len(_letters(vi, f"II.{n}")) for n in range(1, 8)}
    assert per_item == {"II.1": 15, "II.2": 14, "II.3": 18, "II.4": 17, "II.5": 20, "II.6": 16, "II.7": 4}
    for n in range(1, 8):  # every item's letters run a, b, c, … with no hole
        got = _letters(vi, f"II.{n}")
        assert got == list(VI_LETTERS[: len(got)])
    assert len(set(ids)) == len(ids)
    assert {c.kind for c in vi} <= KINDS


def test_pinned_vietnamese_clauses(vi: list[Clause]) -> None:
    c = _by_id(vi)
    assert c["II.1.đ"].text.startswith("Xây dựng nền tảng số, công cụ số")
    assert c["II.1.đ"].parent_id == "II.1" and c["II.1.đ"].line_start == c["II.1.đ"].line_end == 94
    assert c["art.2"].text == "Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành."
    assert c["III.3"].text.startswith("Bộ trưởng, Thủ trưởng cơ quan ngang bộ")
    assert c["II.2.b"].text.startswith("Xây dựng, ban hành cơ chế đặc thù về đầu tư")
    assert (
        c["preamble"].text.startswith("Căn cứ Luật Tổ chức Chính phủ") and "QUYẾT NGHỊ:" in c["preamble"].text
    )
    # The intro paragraph of section II belongs to II, not to II.1.
    assert "Nhằm đạt được mục tiêu" in c["II"].text and "Nhằm đạt được" not in c["II.1"].text
    assert c["II"].title == "NHIỆM VỤ CỤ THỂ" and (c["II"].line_start, c["II"].line_end) == (80, 310)
    assert c["II.1.đ"].trail[-2] == "II. NHIỆM VỤ CỤ THỂ"
    assert c["II.1.đ"].trail[-1].startswith("1. Nâng cao nhận thức")
    # Bullets inside a point stay in the point's text.
    assert c["II.2.g"].text.count("\n- ") == 3
    # The signer and the programme title are document-level text, not part of Article 3.
    assert "Nguyễn Hòa Bình" in c["doc"].text and "Nguyễn Hòa Bình" not in c["art.3"].text
    assert (c["doc"].line_start, c["doc"].line_end) == (1, 326)


def test_pinned_english_clauses(en: list[Clause], lines: list[str], split: int) -> None:
    c = _by_id(en)
    assert c["art.2"].text == "This Resolution comes into force as of the date of signing."
    assert c["II.2.b"].text.startswith("Develop and promulgate special mechanisms")
    assert c["II.2.đ"].text.startswith("Amend legal regulations to remove bottlenecks")  # written `dd)`
    assert c["III.3"].text.startswith("Ministers, heads of ministerial-level agencies")
    assert c["II"].text.startswith("SPECIFIC TASKS\nTo achieve the objectives")
    # English II.1.đ exists iff the English has a `dd)` line inside item 1 -- it does not (a gap).
    start = next(i for i in range(split, len(lines)) if lines[i].startswith("1. Enhance awareness"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("2. "))
    has_dd = any(line.startswith("dd)") for line in lines[start:end])
    assert ("II.1.đ" in c) == has_dd and not has_dd


def test_english_follows_vietnamese(vi: list[Clause], en: list[Clause]) -> None:
    vi_ids = [c.clause_id for c in vi]
    en_ids = [c.clause_id for c in en]
    assert set(en_ids) <= set(vi_ids)
    assert [i for i in vi_ids if i in set(en_ids)] == en_ids  # same order
    for n in range(1, 8):
        vi_letters, en_letters = _letters(vi, f"II.{n}"), _letters(en, f"II.{n}")
        it = iter(vi_letters)
        assert all(letter in it for letter in en_letters)  # a subsequence of the Vietnamese letters
    missing = sorted(set(vi_ids) - set(en_ids))
    assert missing == sorted(
        [
            "I",
            "II.1.đ",
            "II.1.p",
            "II.3.a",
            "II.3.l",
            "II.4.b",
            "II.4.m",
            "II.5.d",
            "II.5.o",
            "II.6.c",
            "II.6.n",
            "III.1",
        ]
    )
    for cl in en:
        assert id_path(cl.clause_id) is not None and path_id(id_path(cl.clause_id)) == cl.clause_id


def test_gaps_are_counted_never_kept(en: list[Clause], lines: list[str], split: int) -> None:
    body_end = lines.index("APPENDIX I", split)
    notices = sum(1 for line in lines[split:body_end] if line.strip() == GAP_NOTICE)
    assert notices == 14
    assert sum(c.gaps for c in en) == notices
    for cl in en:
        assert GAP_NOTICE not in cl.text and "Pro Membership" not in cl.text
        assert not any(line.strip() in ("...", "…") for line in cl.text.split("\n"))
    c = _by_id(en)
    # Where each gap is counted: the deepest clause certain to contain the missing text.
    assert {k: v.gaps for k, v in c.items() if v.gaps} == {
        "doc": 1,  # swallowed the programme's "I. OBJECTIVES" heading
        "preamble": 1,  # swallowed "DECIDES:" (nothing is missing between preamble and Article 1)
        "II.1": 2,
        "II.2.g": 1,
        "II.3": 2,
        "II.4": 2,
        "II.5": 2,
        "II.6": 2,
        "III": 1,  # swallowed III.1
    }


def test_item_after_a_swallowed_section_heading(en: list[Clause]) -> None:
    c = _by_id(en)
    assert "I" not in c  # no clause is invented for the missing heading
    assert c["I.1"].parent_id == "I" and c["I.2"].parent_id == "I"
    assert c["I.1"].text.startswith("Institutionalize and fully implement")
    assert c["I.1"].trail[-1] == "I"  # the missing heading shows as its bare number


def test_which_post_gap_case_occurs(lines: list[str], split: int, en: list[Clause]) -> None:
    """After every English gap the text restarts at a marker, except once: a "- " bullet in II.2.g."""
    body_end = lines.index("APPENDIX I", split)
    paras = paragraphs(lines[split:body_end], split + 1, keep_empty=False)
    after = [paras[i + 1] for i, p in enumerate(paras[:-1]) if p.gap]
    marker = re.compile(r"^(?:Article \d+\.|\d+\. |[a-z]{1,2}\) )")
    unmarked = [p for p in after if not marker.match(p.text)]
    assert [(p.line, p.text[:28]) for p in unmarked] == [(2941, "- Review the Investment Law,")]
    # The bullet is kept in g: the next marker is h), g's immediate successor, so nothing else
    # can have been swallowed. (The gap took the middle bullet the Vietnamese has.)
    g = _by_id(en)["II.2.g"]
    assert g.text.count("\n- ") == 2 and "- Review the Investment Law" in g.text and g.gaps == 1


def test_unidentifiable_text_after_gap_is_dropped() -> None:
    doc = replace(_doc("en"), source_file="synthetic.txt")
    text = [
        "Pursuant to the law;",
        "Article 1. Issue the programme.",
        "ACTION PROGRAM",
        "I. OBJECTIVES",
        "1. First item heading",
        "a) Point a.",
        "...",
        GAP_NOTICE,
        "continuation of some swallowed point",
        "d) Point d.",
        "đ) Point đ.",
        "e) Point e.",
        "...",
        GAP_NOTICE,
        "- a bullet of e",
        "g) Point g.",
    ]
    got = _by_id(parse_nq03_body(text, doc, 1))
    assert "I.1.b" not in got and "I.1.c" not in got
    assert not any("swallowed point" in c.text for c in got.values())
    assert got["I.1"].gaps == 1  # b) and c) are missing: the gap lies in the item
    assert got["I.1.e"].gaps == 1 and "- a bullet of e" in got["I.1.e"].text  # safe: f-less e -> g


def test_reference_and_structure_agree(lines: list[str], split: int, en: list[Clause]) -> None:
    assert parse_nq03_body(lines[split:], _doc("en"), split + 1) == en


def test_stops_before_appendix(lines: list[str], vi: list[Clause]) -> None:
    assert parse_nq03_body(lines[:327], _doc("vi"), 1) == vi
    assert all(c.line_end < 328 for c in vi)


def test_every_paragraph_lands_in_one_clause(lines: list[str], vi: list[Clause]) -> None:
    paras = [p for p in paragraphs(lines[:327], 1, keep_empty=False)]
    text_lines = [t for c in vi for t in c.text.split("\n")]
    assert len(text_lines) == len(paras)
    for cl in vi:
        for t in cl.text.split("\n"):
            assert any(p.text.endswith(t) for p in paras if cl.line_start <= p.line <= cl.line_end)


def _with(lines: list[str], old: str, new: str) -> list[str]:
    i = next(i for i, line in enumerate(lines) if line.startswith(old))
    return [*lines[:i], new + lines[i][len(old) :], *lines[i + 1 :]]


def test_out_of_order_point_letter_is_an_error(lines: list[str], split: int) -> None:
    bad = _with(lines[:split], "c) Quy định về trách nhiệm", "e) Quy định về trách nhiệm")
    with pytest.raises(CorpusError) as err:
        parse_nq03_body(bad, _doc("vi"), 1)
    assert err.value.line == 90 and err.value.file == FILE


def test_unknown_heading_pattern_is_an_error(lines: list[str], split: int) -> None:
    bad = _with(lines[:split], "c) Quy định về trách nhiệm", "3) Quy định về trách nhiệm")
    with pytest.raises(CorpusError, match="unknown heading pattern"):
        parse_nq03_body(bad, _doc("vi"), 1)
    bad = _with(lines[:split], "c) Quy định về trách nhiệm", "f) Quy định về trách nhiệm")
    with pytest.raises(CorpusError, match="unknown point letter"):
        parse_nq03_body(bad, _doc("vi"), 1)


def test_english_clause_without_vietnamese_counterpart(
    lines: list[str], split: int, vi: list[Clause]
) -> None:
    en = lines[split:]
    i = next(i for i, line in enumerate(en) if line.startswith("d) Actively engage and appoint"))
    bad = [*en[: i + 1], "", "dd) A point the Vietnamese II.7 does not have.", *en[i + 1 :]]
    assert "II.7.đ" in _by_id(parse_nq03_body(bad, _doc("en"), split + 1))
    with pytest.raises(CorpusError, match="no counterpart"):
        parse_nq03_body(bad, _doc("en"), split + 1, reference=vi)


def test_empty_input_is_an_error() -> None:
    with pytest.raises(CorpusError):
        parse_nq03_body([], _doc("vi"), 1)
    with pytest.raises(CorpusError):
        parse_nq03_body(["just a line", "", "another"], _doc("vi"), 1)


_GARBAGE = st.sampled_from(
    [
        "a) x",
        "dd) y",
        "đ) z",
        "1. item",
        "7. item",
        "II. SECTION",
        "IX. X",
        "Điều 4. Thêm",
        "Article 9. X",
        "...",
        GAP_NOTICE,
        "- bullet",
        "",
        "\u00a0",
        "PHỤ LỤC I",
        "ACTION PROGRAM",
        "Căn cứ luật;",
        "(a) odd",
        "1) odd",
        "1.1 odd",
        "Nơi nhận:",
        "q) r",
        "y) y",
        "z) z",
    ]
) | st.text(max_size=30)


@st.composite
def _mangled(draw: st.DrawFn, source: list[str]) -> list[str]:
    out = list(source)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "swap", "insert"]))
        if not out:
            break
        i = draw(st.integers(0, len(out) - 1))
        if op == "delete":
            del out[i : i + draw(st.integers(1, 20))]
        elif op == "swap":
            j = draw(st.integers(0, len(out) - 1))
            out[i], out[j] = out[j], out[i]
        else:
            out.insert(i, draw(_GARBAGE))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_input_raises_only_project_errors(
    data: st.DataObject, lines: list[str], split: int, vi: list[Clause]
) -> None:
    lang = data.draw(st.sampled_from(["vi", "en"]))
    source = lines[:330] if lang == "vi" else lines[split : split + 425]
    mangled = data.draw(_mangled(source))
    reference = vi if lang == "en" and data.draw(st.booleans()) else None
    try:
        got = parse_nq03_body(mangled, _doc(lang), 1, reference=reference)
    except NQ57Error:
        return
    ids = [c.clause_id for c in got]
    assert len(ids) == len(set(ids)) and ids[0] == "doc"
    assert all(c.kind in KINDS and GAP_NOTICE not in c.text for c in got)
