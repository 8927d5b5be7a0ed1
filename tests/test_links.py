"""The 03/NQ-CP -> 57-NQ/TW link table built at ingest (ingest/links.py), on the real corpus."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from ingest.errors import CorpusError
from ingest.links import LinkTable, build_links, coverage, reviewed_links
from ingest.models import Link


@pytest.fixture(scope="module")
def links_built(nq_kb):
    return build_links(nq_kb)


def _by(links: list[Link], kind: str) -> dict[str, Link]:
    return {lk.from_ref: lk for lk in links if lk.kind == kind}


def test_programme_items_follow_57_section_iii_in_order_and_by_heading(links_built):
    impl = _by(links_built[0], "implements")
    for n in range(1, 8):
        lk = impl[f"03/NQ-CP:II.{n}"]
        assert lk.to_ref == f"57-NQ/TW:III.{n}"
        kinds = {e["kind"]: e for e in lk.evidence}
        assert kinds["order"]["score"] == 1.0
        # The heading overlap is evidence on its own: the same-position heading beats every other.
        assert kinds["title-overlap"]["score"] > kinds["title-overlap"]["runner_up"]


def test_groups_and_tasks_go_through_their_programme_item(links_built, nq_kb):
    table = LinkTable(links_built[0])
    assert table.tasks_for("III.4") == list(range(77, 89))
    assert table.tasks_for("57-NQ/TW:III.7") == list(range(132, 141))
    lk = table.task_item(110)
    assert lk is not None and lk.to_ref == "57-NQ/TW:III.5"
    assert lk.evidence[0]["path"] == ["03/NQ-CP:appendix-II.V", "03/NQ-CP:II.5", "57-NQ/TW:III.5"]
    group = _by(links_built[0], "implements")["03/NQ-CP:appendix-II.IV"]
    assert {e["kind"] for e in group.evidence} == {"group-title", "structure"}
    assert sum(len(table.tasks_for(f"III.{n}")) for n in range(1, 8)) == len(nq_kb.tasks) == 140


def test_measures_share_number_and_unit(links_built):
    meas = _by(links_built[0], "measures")
    de = meas["03/NQ-CP:appendix-I.10"]
    assert de.to_ref == "57-NQ/TW:II.1" and de.source == "derived"
    ev = {e["kind"]: e for e in de.evidence}
    assert ev["number-unit"]["numbers"] == [30.0] and "30% of GDP" in ev["number-unit"]["sentence"]
    assert meas["03/NQ-CP:appendix-I.36"].to_ref == "57-NQ/TW:II.2"  # 2045: at least 50% of GDP
    # Two 80% rows on one sentence: the better name wins, 11.6 (online payments) is not linked to it.
    assert "03/NQ-CP:appendix-I.11.1" in meas and "03/NQ-CP:appendix-I.11.6" not in meas
    # "5G" is not the number 5: indicator 28 (5 data exchanges) comes from the reviewed file only.
    assert meas["03/NQ-CP:appendix-I.28"].source == "reviewed"


def test_restates_compares_english_sentences(links_built):
    rest = _by(links_built[0], "restates")
    lk = rest["03/NQ-CP:II.3.h"]
    assert lk.to_ref == "57-NQ/TW:III.3" and lk.evidence[0]["score"] >= 0.5
    assert "telecommunications and Internet infrastructure" in lk.evidence[0]["sentence"]
    assert "03/NQ-CP:II.1.d" not in rest  # "national brand for innovation" repeats no sentence


def test_coverage_and_unlinked_list(links_built, nq_kb):
    cov = coverage(nq_kb, links_built[0])
    assert cov.counts["programme items"] == (7, 7) and cov.counts["groups"] == (7, 7)
    assert cov.counts["tasks"] == (140, 140) and cov.counts["points"][0] == cov.counts["points"][1]
    linked, total = cov.counts["indicators"]
    assert total == 57 and linked + len(cov.unlinked["indicators"]) == total
    assert "appendix-I.32" in cov.unlinked["indicators"]  # e-health records: no 57-NQ/TW goal sentence
    assert any(line.startswith("Links to 57-NQ/TW:") for line in cov.lines())


def test_every_reviewed_row_has_a_note_and_checks_against_the_text(nq_kb):
    raw = json.loads(resources.files("ingest.data").joinpath("links_reviewed.json").read_text(encoding="utf-8"))
    assert raw["links"] and all(row["note"].strip() for row in raw["links"])
    assert all(row["kind"] in ("implements", "measures", "restates") for row in raw["links"])
    got = reviewed_links(nq_kb, set())
    assert len(got) == len(raw["links"]) and all(lk.evidence[0]["kind"] == "reviewed" for lk in got)


def test_a_drifted_reviewed_row_fails_loudly(nq_kb, monkeypatch):
    from ingest import links as mod

    bad = {"links": [{"from": "03/NQ-CP:appendix-I.1", "to": "57-NQ/TW:II.1", "kind": "measures",
                      "sentence": "a sentence 57-NQ/TW does not contain", "note": "x"}]}

    class _Files:
        def joinpath(self, name):
            return self

        def read_text(self, encoding="utf-8"):
            return json.dumps(bad)

    monkeypatch.setattr(mod.resources, "files", lambda pkg: _Files())
    with pytest.raises(CorpusError, match=r"not in 57-NQ/TW:II\.1"):
        mod.reviewed_links(nq_kb, set())


def test_links_round_trip_through_the_store(nq_kb, tmp_path):
    from ingest.store import read_kb, write_kb

    write_kb(nq_kb, tmp_path / "kb")
    back = read_kb(tmp_path / "kb")
    assert back.links == nq_kb.links and len(back.links) > 300
