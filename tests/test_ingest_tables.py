"""The task and indicator tables, pinned row by row against the source text."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import CorpusError, NQ57Error
from ingest.gazetteer import Gazetteer
from ingest.paragraphs import paragraphs
from ingest.parse_indicators import parse_indicator_table
from ingest.parse_tasks import parse_task_table
from ingest.pipeline import build_kb
from ingest.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
NQ03 = CORPUS / "004_7ab47f71d36a34c5.txt"


@pytest.fixture(scope="module")
def tasks(nq_kb):
    return {t.no: t for t in nq_kb.tasks}


def test_counts(nq_kb):
    assert len(nq_kb.tasks) == 140
    assert [t.no for t in nq_kb.tasks] == list(range(1, 141))
    numbered = [i for i in nq_kb.indicators if i.parent is None]
    assert len(numbered) == 41
    assert len(nq_kb.indicators) == 57
    assert {i.horizon for i in numbered if int(i.id) <= 35} == {2030}
    assert {i.horizon for i in numbered if int(i.id) >= 36} == {2045}


def test_every_deadline_normalised(nq_kb):
    none = [t.no for t in nq_kb.tasks if t.deadline.kind == "none"]
    assert none == [42]
    for t in nq_kb.tasks:
        if t.deadline.kind in ("month", "quarter", "year", "range"):
            assert t.deadline.due and t.deadline.start, t.no


@pytest.mark.parametrize(
    ("no", "lead", "coord", "output", "raw", "kind", "due"),
    [
        (8, ("MIC",), ("MOST",), "Văn bản hướng dẫn", "03/2025", "month", "2025-03-31"),
        (11, ("MIC",), ("MOST", "ALL"), "Nền tảng đào tạo trực tuyến mở đại trà", "6/2025", "month", "2025-06-30"),
        (42, ("MPS",), ("MND",), None, "", "none", None),
        (110, ("MOH",), (), "Giải pháp, công cụ", "03/2025", "month", "2025-03-31"),
        (111, ("MOH",), ("VSS", "MPS", "BAC_NINH", "BINH_DUONG", "AN_GIANG"), "Đề án", "2025", "year", "2025-12-31"),
        (112, ("MIC",), ("MOH",), None, "06/2025", "month", "2025-06-30"),
        (113, ("GO", "MPS"), ("ALL",), None, "2025", "year", "2025-12-31"),
        (114, ("MPS", "MOF", "MOIT", "MIC"), ("MPI", "SBV"), None, "2025 và những năm tiếp theo",
         "from-year-onward", None),
        (140, ("MOST", "MIC"), (), "Các hoạt động hợp tác", "Thường xuyên", "ongoing", None),
    ],
)
def test_hard_rows(tasks, no, lead, coord, output, raw, kind, due):
    t = tasks[no]
    assert t.lead == lead
    assert t.coordinating == coord
    if output is not None or no in (42, 114):
        assert t.output_vi == output
    assert (t.deadline.raw, t.deadline.kind, t.deadline.due) == (raw, kind, due)


def test_split_and_bulleted_rows(tasks):
    assert tasks[71].lead == ("ALL",) and tasks[71].coordinating == ()
    assert tasks[71].output_vi == "Hoàn thành các CSDL quốc gia; Các CSDL dùng chung của các bộ, ngành"
    assert tasks[71].deadline.due == "2026-12-31"
    assert len(tasks[14].subitems_vi) == 4 and tasks[14].subitems_vi[0].startswith("- Sửa đổi")
    assert tasks[14].output_vi == "Luật của Quốc hội"
    assert len(tasks[26].subitems_vi) == 11
    assert len(tasks[108].subitems_vi) == 11 and tasks[108].subitems_vi[0] == "(1) Định danh tàu thuyền;"
    assert tasks[108].footnotes and tasks[108].footnotes[0].startswith("[1] Theo phân công")
    assert tasks[108].lead[:2] == ("MPS", "MOLISA") and len(tasks[108].lead) == 8
    assert tasks[140].deadline.raw == "Thường xuyên" and not tasks[140].footnotes


def test_group_titles(tasks):
    assert tasks[1].group == "I" and tasks[140].group == "VII"
    assert tasks[110].group == "V"
    assert tasks[1].group_title_vi.startswith("Nâng cao nhận thức")


def test_english_alignment(tasks, nq_kb):
    # Task 2's number fell into a gap; its cells follow it whole and are attached after checking anchors.
    assert tasks[2].name_en and tasks[2].name_en.startswith("Develop a specialized program")
    assert tasks[2].deadline.raw_en == "Ongoing"
    # Task 5: a gap swallowed the lead; the head (name) and the tail (output, deadline) are attached.
    assert tasks[5].name_en.startswith("Develop and issue a scheme") and tasks[5].lead_raw_en is None
    assert tasks[5].output_en == "PROPOSAL" and tasks[5].deadline.raw_en == "June 2025"
    assert tasks[110].name_en.startswith("Develop solutions and tools") and tasks[110].deadline.raw_en == "March 2025"
    assert tasks[108].name_en and tasks[108].subitems_en == ()  # the English sub-items are in a gap
    # Never a neighbour's field: every attached English deadline denotes the same period as the Vietnamese.
    from ingest.deadlines import same_period, try_parse_deadline

    for t in nq_kb.tasks:
        if t.deadline.raw_en:
            assert same_period(try_parse_deadline(t.deadline.raw_en), t.deadline), t.no
    # Rows whose other cells do not line up keep only the name, the cell right after the row number.
    assert tasks[71].name_en.startswith("Complete and effectively operate national databases")
    assert tasks[71].output_en is None and tasks[71].deadline.raw_en is None
    assert tasks[77].name_en.startswith("Develop a project on developing and retaining talent")
    assert tasks[77].coordinating_raw_en is None  # the English omits the Ministry of Home Affairs
    cov = sum(t.name_en is not None for t in nq_kb.tasks)
    assert 110 <= cov < 140


def test_indicators(nq_kb):
    ind = {i.id: i for i in nq_kb.indicators}
    assert ind["32"].monitor == ("MOH",) and (ind["32"].comparator, ind["32"].value) == (">=", 95.0)
    assert ind["11"].target_raw is None and ind["11.1"].parent == "11"
    assert ind["11.8"].comparator == ">=" and ind["11.8"].value == 30.0
    assert ind["19"].comparator == "range" and (ind["19"].value, ind["19"].value_max) == (40.0, 50.0)
    assert ind["29"].monitor == ("MPS", "MIC", "MINISTRIES")
    assert ind["15"].value == 2.0 and ind["15"].unit_vi == "% GDP"
    assert ind["41"].horizon == 2045


def test_every_agency_string_resolves(nq_kb):
    gaz = Gazetteer.load()
    for t in nq_kb.tasks:
        assert gaz.resolve_cell(t.lead_raw) == list(t.lead)
    assert {a.id for a in nq_kb.agencies} >= {"MIC", "MOST", "MOH", "ALL", "MINISTRIES", "LOCALITIES", "MAE"}


@pytest.mark.parametrize("typed", ["MOH", "Bộ Y tế", "bo y te", "BYT", "BỘ Y TẾ", "Ministry of Health"])
def test_gazetteer_forms(typed):
    assert Gazetteer.load().resolve_query(typed) == ["MOH"]


@pytest.mark.parametrize(("typed", "agency"), [("Bộ KH&CN", "MOST"), ("BKHCN", "MOST"), ("Bộ TT&TT", "MIC"),
                                               ("BTTTT", "MIC"), ("Bộ GD&ĐT", "MOET"), ("BCA", "MPS"),
                                               ("MOET", "MOET"), ("Bộ Khoa học, Công nghệ", "MOST")])
def test_shorthand(typed, agency):
    assert Gazetteer.load().resolve_query(typed) == [agency]


def _table_paras():
    lines = NQ03.read_text(encoding="utf-8").split("\n")
    return lines, paragraphs(lines[934:2781], 935)


def test_nonconsecutive_numbers_are_refused():
    _lines, paras = _table_paras()
    mangled = [p for p in paras if p.text != "57."]
    with pytest.raises(CorpusError, match=r"not consecutive: expected 57, found 58") as exc:
        parse_task_table(mangled, Gazetteer.load(), "004.txt")
    assert exc.value.file == "004.txt" and exc.value.line


def test_row_without_lead_is_refused():
    _lines, paras = _table_paras()
    i = next(n for n, p in enumerate(paras) if p.text == "110.")
    from dataclasses import replace

    mangled = list(paras)
    mangled[i + 2] = replace(mangled[i + 2], text="")
    with pytest.raises(CorpusError, match="task 110 has no lead"):
        parse_task_table(mangled, Gazetteer.load(), "004.txt")


def test_unknown_agency_is_refused():
    _lines, paras = _table_paras()
    i = next(n for n, p in enumerate(paras) if p.text == "110.")
    from dataclasses import replace

    mangled = list(paras)
    mangled[i + 2] = replace(mangled[i + 2], text="Bộ Phép thuật")
    with pytest.raises(CorpusError, match="does not resolve"):
        parse_task_table(mangled, Gazetteer.load(), "004.txt")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_parsers_raise_only_project_errors(data):
    lines, paras = _table_paras()
    ops = data.draw(st.lists(st.tuples(st.sampled_from(["drop", "dup", "swap", "junk"]),
                                       st.integers(0, len(paras) - 1)), max_size=6))
    mangled = list(paras)
    from dataclasses import replace

    for op, i in ops:
        i %= max(len(mangled), 1)
        if not mangled:
            break
        if op == "drop":
            del mangled[i]
        elif op == "dup":
            mangled.insert(i, mangled[i])
        elif op == "swap" and i + 1 < len(mangled):
            mangled[i], mangled[i + 1] = mangled[i + 1], mangled[i]
        elif op == "junk":
            mangled[i] = replace(mangled[i], text=data.draw(st.text(max_size=20)))
    with contextlib.suppress(NQ57Error):
        parse_task_table(mangled, Gazetteer.load(), "x")
    ind_paras = paragraphs(lines[327:934], 328)
    k = data.draw(st.integers(0, len(ind_paras) - 1))
    with contextlib.suppress(NQ57Error):
        parse_indicator_table(ind_paras[:k] + ind_paras[k + 1 :], Gazetteer.load(), "x")


def _corpus_copy(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return Settings(data_dir=tmp_path / "data", corpus_dir=corpus)


def test_non_utf8_file_gets_a_clear_error(tmp_path):
    s = _corpus_copy(tmp_path)
    (s.corpus_dir / "003_992a1756651efff0.txt").write_bytes("Chính phủ".encode("cp1258", errors="replace") + b"\xff\xfe")
    with pytest.raises(CorpusError, match="not UTF-8"):
        build_kb(s)


def test_failed_ingest_keeps_the_good_artefacts(tmp_path):
    from ingest.pipeline import ingest_to_disk
    from ingest.store import read_kb

    s = _corpus_copy(tmp_path)
    ingest_to_disk(s)
    before = (s.kb_dir / "tasks.json").read_bytes()
    text = (s.corpus_dir / "004_7ab47f71d36a34c5.txt").read_text(encoding="utf-8").replace("\n57.\n", "\n157.\n")
    (s.corpus_dir / "004_7ab47f71d36a34c5.txt").write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"004_7ab47f71d36a34c5\.txt"):
        ingest_to_disk(s)
    assert (s.kb_dir / "tasks.json").read_bytes() == before
    assert len(read_kb(s.kb_dir).tasks) == 140


def test_new_document_in_manifest_is_ingested(tmp_path):
    s = _corpus_copy(tmp_path)
    (s.corpus_dir / "extra.txt").write_text("A new note\nThe Ministry of Health leads two tasks.\n", encoding="utf-8")
    manifest = json.loads((s.corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"].append({"file": "extra.txt", "doc_id": "news-extra", "lang": "en", "title": "A new note",
                                  "primary": False, "issuer": "test", "date": "2025-02-01", "parser": "news"})
    (s.corpus_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    kb = build_kb(s)
    assert any(c.doc_id == "news-extra" and "Ministry of Health" in c.text for c in kb.clauses)


def test_unchanged_corpus_is_up_to_date(tmp_path):
    from ingest.pipeline import ingest_to_disk

    s = _corpus_copy(tmp_path)
    ingest_to_disk(s)
    kb, summary = ingest_to_disk(s)
    assert kb is None and summary.status == "up-to-date" and summary.seconds < 1.0


def test_a_task_rows_quote_part_is_the_task_without_its_field_lines(nq_kb):
    from ingest.models import task_name_part
    from ingest.nq03_appendices import task_text

    for t in nq_kb.tasks:
        for lang, name, subitems in (("vi", t.name_vi, t.subitems_vi), ("en", t.name_en or "…", t.subitems_en)):
            part = task_name_part(task_text(t, lang))
            assert part.split("\n")[0].endswith(name) and len(part.split("\n")) == 1 + len(subitems)
            assert "Cơ quan chủ trì" not in part and "Lead agency" not in part
