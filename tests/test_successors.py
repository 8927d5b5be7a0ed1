"""The successor map: data checked against the gazetteer and the real 03/NQ-CP task table."""

from __future__ import annotations

import json
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from ingest.errors import CorpusError
from ingest.gazetteer import Gazetteer
from ingest.models import Task
from ingest.pipeline import build_kb
from ingest.settings import Settings
from ingest.successors import Change, SuccessorMap, default_map, tasks_of_predecessors

BEFORE = date(2025, 2, 28)
CHANGE_DAY = date(2025, 3, 1)
LATER = date(2026, 1, 1)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def smap(gaz: Gazetteer) -> SuccessorMap:
    return SuccessorMap.load(gazetteer=gaz)


@pytest.fixture(scope="module")
def tasks() -> list[Task]:
    # The real parse of the corpus (well under a second): the task numbers below are not invented.
    return build_kb(Settings()).tasks


def _raw() -> dict[str, Any]:
    return json.loads(resources.files("ingest.data").joinpath("successors.json").read_text(encoding="utf-8"))


# -- the data itself --------------------------------------------------------------------------------
def test_every_body_in_the_map_is_in_the_gazetteer(smap: SuccessorMap, gaz: Gazetteer) -> None:
    for c in smap.changes:
        assert c.predecessor in gaz, c
        for s in c.successors:
            assert s in gaz, c
    for agency_id in smap.established:
        assert agency_id in gaz


def test_dates_parse_and_follow_the_legal_source(smap: SuccessorMap) -> None:
    for c in smap.changes:
        effective = date.fromisoformat(c.date)
        adopted = date.fromisoformat(c.legal_date)
        assert adopted <= effective
        src = smap.sources[c.doc_id]
        assert c.date == src.operative_from, c
        assert c.legal_source == src.label_en and c.legal_source_vi == src.label_vi
    assert smap.sources["176/2025/QH15"].date == "2025-02-18"
    assert smap.sources["176/2025/QH15"].operative_from == "2025-03-01"
    assert smap.sources["202/2025/QH15"].date == "2025-06-12"
    assert smap.sources["202/2025/QH15"].operative_from == "2025-07-01"


def test_every_record_documents_its_source() -> None:
    raw = _raw()
    for rec in raw["legal_sources"] + raw["established"] + raw["changes"]:
        assert rec.get("source"), rec
    for rec in raw["changes"]:
        for t in rec.get("transfers", []):
            assert t.get("source") and t.get("note_en") and t.get("note_vi"), t


def test_new_bodies_agree_with_the_gazetteer(smap: SuccessorMap, gaz: Gazetteer) -> None:
    for agency_id, start in smap.established.items():
        assert gaz.get(agency_id).exists_from == start
    assert {a.id for a in gaz.agencies if a.exists_from} <= set(smap.established)


def test_the_government_has_14_ministries_after_the_change(smap: SuccessorMap, gaz: Gazetteer) -> None:
    ministries = [a.id for a in gaz.agencies if a.kind == "ministry"]
    assert len([m for m in ministries if smap.exists_at(m, BEFORE)]) == 18
    assert len([m for m in ministries if smap.exists_at(m, CHANGE_DAY)]) == 14


# -- queries ----------------------------------------------------------------------------------------
def test_before_the_change_there_is_no_successor(smap: SuccessorMap) -> None:
    for c in smap.changes:
        day_before = date.fromordinal(c.effective.toordinal() - 1)
        assert smap.successor_of(c.predecessor, day_before) is None
        assert smap.current_body(c.predecessor, day_before) == [c.predecessor]
        assert smap.former_note(c.predecessor, day_before) is None
        assert smap.absorbed_by(c.main_successor, day_before) == []
        assert smap.exists_at(c.predecessor, day_before)


def test_on_the_change_day_the_successor_applies(smap: SuccessorMap) -> None:
    change = smap.successor_of("MIC", CHANGE_DAY)
    assert change is not None and change.main_successor == "MOST" and change.kind == "merged"
    assert not smap.exists_at("MIC", CHANGE_DAY)
    assert smap.successor_of("MIC", datetime(2025, 3, 1, 9, 30)) == change


def test_mae_predecessors_are_exactly_mard_and_monre(smap: SuccessorMap) -> None:
    assert {c.predecessor for c in smap.absorbed_by("MAE", LATER)} == {"MARD", "MONRE"}
    assert smap.predecessors_of("MAE", LATER) == ["MARD", "MONRE"]
    assert not smap.exists_at("MAE", BEFORE)
    assert smap.exists_at("MAE", CHANGE_DAY)


def test_absorptions_follow_resolution_176(smap: SuccessorMap) -> None:
    absorbed = {body: smap.predecessors_of(body, LATER) for body in ("MOF", "MOC", "MOST", "MOHA", "MEMR")}
    assert absorbed == {"MOF": ["MPI"], "MOC": ["MOT"], "MOST": ["MIC"], "MOHA": ["MOLISA"], "MEMR": ["CEMA"]}
    assert smap.predecessors_of("HCMC", LATER) == ["BINH_DUONG", "BA_RIA_VUNG_TAU"]
    assert smap.predecessors_of("BAC_NINH", LATER) == ["BAC_GIANG"]
    assert smap.predecessors_of("AN_GIANG", LATER) == ["KIEN_GIANG"]


def test_partial_transfers_are_notes_not_absorptions(smap: SuccessorMap) -> None:
    assert smap.absorbed_by("MOH", LATER) == []
    moh = smap.transfers_to("MOH", LATER)
    assert [(c.predecessor, c.kind) for c in moh] == [("MOLISA", "split")]
    assert "Health" in moh[0].note_en
    assert [c.successors for c in smap.transfers_from("MIC", LATER)] == [("MOCST",)]
    # MOHA hands religion to MEMR but lives on.
    assert smap.successor_of("MOHA", LATER) is None
    assert smap.exists_at("MOHA", LATER)
    assert [c.successors for c in smap.transfers_from("MOHA", LATER)] == [("MEMR",)]
    mic = smap.successor_of("MIC", LATER)
    assert mic is not None and mic.successors == ("MOST", "MOCST") and mic.partial == ("MOCST",)
    assert "Culture, Sports and Tourism" in mic.note_en


def test_current_body(smap: SuccessorMap) -> None:
    assert smap.current_body("MIC", LATER) == ["MOST"]
    assert smap.current_body("BINH_DUONG", date(2025, 8, 1)) == ["HCMC"]
    assert smap.current_body("BINH_DUONG", date(2025, 6, 30)) == ["BINH_DUONG"]
    assert smap.current_body("MOLISA", LATER) == ["MOHA"]
    for same in ("MOH", "MOST", "ALL", "LOCALITIES", "NOT_AN_ID"):
        assert smap.current_body(same, LATER) == [same]
    lead_108 = ("MPS", "MOLISA", "MONRE", "MOT", "SBV", "MARD", "MOST", "MOF")
    assert smap.current_bodies(lead_108, LATER) == ["MPS", "MOHA", "MAE", "MOC", "SBV", "MOST", "MOF"]
    assert smap.current_bodies(lead_108, BEFORE) == list(lead_108)


def test_chains_are_followed(gaz: Gazetteer) -> None:
    raw = _raw()
    raw["changes"].append({"predecessor": "MOST", "kind": "renamed", "successors": ["MOET"],
                           "date": "2025-07-01", "legal": "202/2025/QH15"})
    smap = SuccessorMap._from_json(raw, gaz)
    assert smap.current_body("MIC", LATER) == ["MOET"]
    assert smap.current_body("MIC", date(2025, 4, 1)) == ["MOST"]
    assert smap.predecessors_of("MOET", LATER) == ["MIC", "MOST"]


# -- tasks ------------------------------------------------------------------------------------------
def test_tasks_of_predecessors_most(tasks: list[Task], smap: SuccessorMap) -> None:
    got = tasks_of_predecessors(tasks, "MOST", LATER, successor_map=smap)
    expected = sorted(t.no for t in tasks if "MIC" in t.lead and "MOST" not in t.lead)
    assert list(got) == ["MIC"] and got["MIC"] == expected and len(expected) > 20
    with_own = tasks_of_predecessors(tasks, "MOST", LATER, exclude_own=False, successor_map=smap)
    assert with_own["MIC"] == sorted(t.no for t in tasks if "MIC" in t.lead)
    assert tasks_of_predecessors(tasks, "MOST", BEFORE, successor_map=smap) == {}


def test_tasks_of_predecessors_new_body(tasks: list[Task]) -> None:
    got = tasks_of_predecessors(tasks, "MAE", LATER)
    assert set(got) == {"MARD", "MONRE"}
    assert got["MARD"] == [108]
    assert got["MONRE"] == sorted(t.no for t in tasks if "MONRE" in t.lead)
    assert 53 in got["MONRE"]  # "Strictly manage ... national mineral resources"


def test_tasks_of_predecessors_roles_and_partial(tasks: list[Task]) -> None:
    assert tasks_of_predecessors(tasks, "HCMC", LATER) == {}
    assert tasks_of_predecessors(tasks, "HCMC", LATER, role="coordinating") == {"BINH_DUONG": [111]}
    assert tasks_of_predecessors(tasks, "HCMC", date(2025, 6, 30), role="any") == {}
    assert tasks_of_predecessors(tasks, "MOH", LATER) == {}
    assert tasks_of_predecessors(tasks, "MOH", LATER, include_partial=True) == {"MOLISA": [108]}
    with pytest.raises(ValueError):
        tasks_of_predecessors(tasks, "MOST", LATER, role="owner")  # type: ignore[arg-type]


# -- citations and sentences ------------------------------------------------------------------------
def test_legal_citation_is_the_maps_own_statement(smap: SuccessorMap) -> None:
    mic = smap.successor_of("MIC", LATER)
    assert isinstance(mic, Change)
    cit = smap.legal_citation(mic)
    assert cit["doc_id"] == "176/2025/QH15"
    assert cit["label_en"] == "Resolution 176/2025/QH15" and cit["label_vi"] == "Nghị quyết 176/2025/QH15"
    assert cit["quote_en"].startswith(
        "Successor map: under Resolution 176/2025/QH15 (18 Feb 2025), effective 1 March 2025, the Ministry "
        "of Information and Communications was merged into the Ministry of Science and Technology.")
    assert "Bộ Thông tin và Truyền thông được hợp nhất vào Bộ Khoa học và Công nghệ" in cit["quote_vi"]
    bd = smap.successor_of("BINH_DUONG", LATER)
    assert bd is not None
    cit = smap.legal_citation(bd)
    assert cit["doc_id"] == "202/2025/QH15" and "12 Jun 2025" in cit["quote_en"]
    assert "tỉnh Bình Dương được nhập vào Thành phố Hồ Chí Minh" in cit["quote_vi"]
    for c in smap.changes:
        quote = smap.legal_citation(c)["quote_en"]
        assert '"' not in quote and "“" not in quote  # never dressed up as a quotation


def test_sentences(smap: SuccessorMap) -> None:
    most = smap.absorbed_by("MOST", LATER)[0]
    assert smap.absorbed_note(most) == (
        "Since 1 March 2025 the Ministry of Science and Technology also carries the former Ministry of "
        "Information and Communications' tasks (Resolution 176/2025/QH15).")
    assert smap.absorbed_note(most, "vi").startswith("Từ ngày 01/03/2025, Bộ Khoa học và Công nghệ")
    note = smap.former_note("MIC", LATER)
    assert note is not None and "Ministry of Science and Technology" in note and "Culture" in note
    first = smap.new_body_note("MAE", LATER)
    assert first is not None and first.startswith("The Ministry of Agriculture and Environment was formed on 1 March")
    assert "Agriculture and Rural Development" in first and "Natural Resources and Environment" in first
    assert smap.new_body_note("MAE", BEFORE) is None
    assert smap.new_body_note("MOST", LATER) is None  # not a new body
    vi = smap.new_body_note("MEMR", LATER, "vi")
    assert vi is not None and vi.startswith("Bộ Dân tộc và Tôn giáo được thành lập") and "Ủy ban Dân tộc" in vi


# -- gazetteer entries for the new bodies -----------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("Bộ Nông nghiệp và Môi trường", ["MAE"]),
    ("BNNMT", ["MAE"]),
    ("Bo NN&MT", ["MAE"]),
    ("Bộ NN&MT", ["MAE"]),
    ("Ministry of Agriculture and Environment", ["MAE"]),
    ("MAE", ["MAE"]),
    ("Bộ Dân tộc và Tôn giáo", ["MEMR"]),
    ("Ministry of Ethnic Minorities and Religions", ["MEMR"]),
    ("Ủy ban Dân tộc", ["CEMA"]),
    ("CEMA", ["CEMA"]),
    ("Ministry of Agriculture", ["MARD"]),
    ("Bắc Giang", ["BAC_GIANG"]),
    ("tinh Ba Ria - Vung Tau", ["BA_RIA_VUNG_TAU"]),
    ("Kiên Giang", ["KIEN_GIANG"]),
    ("TP. HCM", ["HCMC"]),
])
def test_gazetteer_resolves(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    assert gaz.resolve_query(text) == expected


def test_the_task_table_still_resolves_the_named_provinces(tasks: list[Task]) -> None:
    t111 = next(t for t in tasks if t.no == 111)
    assert {"BAC_NINH", "BINH_DUONG", "AN_GIANG"} <= set(t111.coordinating)


def test_default_map_is_cached() -> None:
    assert default_map() is default_map()


# -- a broken map is refused with the reason --------------------------------------------------------
def _broken(tmp_path: Path, gaz: Gazetteer, edit: Any) -> None:
    raw = _raw()
    edit(raw)
    path = tmp_path / "successors.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    SuccessorMap.load(path, gazetteer=gaz)


@pytest.mark.parametrize("edit,message", [
    (lambda r: r["changes"][0].update(successors=["NOPE"]), "not in the gazetteer"),
    (lambda r: r["changes"][0].update(date="1 March 2025"), "not an ISO date"),
    (lambda r: r["changes"][0].update(kind="abolished"), "kind"),
    (lambda r: r["changes"][0].update(legal="999/2025/QH15"), "unknown legal source"),
    (lambda r: r["changes"].append(dict(r["changes"][0])), "retired twice"),
    (lambda r: r["changes"].append({"predecessor": "MOF", "kind": "merged", "successors": ["MPI"],
                                    "date": "2025-03-01", "legal": "176/2025/QH15"}), "loops"),
    (lambda r: r.pop("changes"), "malformed"),
])
def test_broken_map_is_refused(tmp_path: Path, gaz: Gazetteer, edit: Any, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        _broken(tmp_path, gaz, edit)
