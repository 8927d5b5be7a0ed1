"""How people write agency names in questions: "&" for "và", abbreviation parts joined any way,
the BTTT typo, the centrally-run cities, and ordinary words that must stay words.

Plain unit tests on the gazetteer as shipped (no index, no assistant).
"""

from __future__ import annotations

import json

import pytest

from ingest.gazetteer import Gazetteer, query_key
from ingest.settings import PROJECT_ROOT

AGENCIES_JSON = PROJECT_ROOT / "ingest" / "data" / "agencies.json"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


# -- "&" for "và"/"and", and abbreviation parts joined by "&", "-", "/", a space or nothing ------------
@pytest.mark.parametrize(("typed", "agency"), [
    ("Bộ Thông tin & Truyền thông", "MIC"),
    ("bo thong tin & truyen thong", "MIC"),
    ("Bộ Thông tin&Truyền thông", "MIC"),
    ("Bộ Khoa học & Công nghệ", "MOST"),
    ("bo khoa hoc & cong nghe", "MOST"),
    ("Ministry of Science & Technology", "MOST"),
    ("Ministry of Education & Training", "MOET"),
    ("Bộ KH&CN", "MOST"),
    ("Bộ KH-CN", "MOST"),
    ("Bộ KH/CN", "MOST"),
    ("Bộ KHCN", "MOST"),
    ("Bộ KH & CN", "MOST"),
    ("Bộ KH và CN", "MOST"),
    ("bo kh cn", "MOST"),
    ("BKH-CN", "MOST"),
    ("Bộ GD&ĐT", "MOET"),
    ("Bộ GD-ĐT", "MOET"),
    ("Bộ GD/ĐT", "MOET"),
    ("Bộ GDĐT", "MOET"),
    ("bo gd dt", "MOET"),
    ("bộ gd đt", "MOET"),
    ("BGD-ĐT", "MOET"),
    ("Bộ TT&TT", "MIC"),
    ("Bộ TT-TT", "MIC"),
    ("Bộ TT/TT", "MIC"),
    ("bo tt tt", "MIC"),
    ("Bộ KH-ĐT", "MPI"),
    ("Bộ TN-MT", "MONRE"),
    ("Bộ NN-PTNT", "MARD"),
    ("Bộ LĐ-TB-XH", "MOLISA"),
    ("Bộ LĐTB&XH", "MOLISA"),
    ("bo ld tb xh", "MOLISA"),
    ("Bộ VH&TT&DL", "MOCST"),
    ("Bộ Nông nghiệp và Phát triển nông thôn", "MARD"),
    ("Bộ Lao động Thương binh & Xã hội", "MOLISA"),
])
def test_ampersand_and_abbreviation_forms(gaz: Gazetteer, typed: str, agency: str) -> None:
    assert gaz.resolve_query(typed) == [agency]


@pytest.mark.parametrize("typed", ["BTTT", "bttt", "BTTTT", "Bộ TTTT"])
def test_bttt_typo(gaz: Gazetteer, typed: str) -> None:
    assert gaz.resolve_query(typed) == ["MIC"]


@pytest.mark.parametrize(("question", "expected"), [
    ("Bộ Thông tin & Truyền thông chủ trì những nhiệm vụ nào?", ["MIC"]),
    ("Which tasks does the Ministry of Science & Technology lead?", ["MOST"]),
    ("Bộ KH-CN và Bộ GD-ĐT phối hợp nhiệm vụ nào?", ["MOST", "MOET"]),
    ("Nhiệm vụ BTTT chủ trì", ["MIC"]),
    # Abbreviations next to each other stay apart.
    ("Tờ trình số 04/TTr-BKHCN-BTTTT", ["MOST", "MIC"]),
    ("công văn số 83/BKHCN-BTTTT-VP", ["MOST", "MIC"]),
    ("tasks of MND and MPS", ["MND", "MPS"]),
    ("MND/MPS tasks", ["MND", "MPS"]),
    ("BTC và BCT", ["MOF", "MOIT"]),
])
def test_forms_inside_questions(gaz: Gazetteer, question: str, expected: list[str]) -> None:
    assert gaz.resolve_query(question) == expected


def test_bare_field_abbreviations_are_not_the_ministry(gaz: Gazetteer) -> None:
    # "KH&CN" alone is the field (science and technology); "Sở GD&ĐT" is a provincial department.
    assert gaz.resolve_query("Quỹ phát triển KH&CN") == []
    assert "MOET" not in gaz.resolve_query("Sở GD&ĐT có nhiệm vụ gì?")


def test_query_key_normalisation() -> None:
    same = {query_key(t) for t in ("KH&CN", "KH-CN", "KH/CN", "KH & CN", "kh và cn", "kh cn")}
    assert same == {"kh & cn"}
    assert query_key("Khoa học and Công nghệ") == query_key("Khoa học & Công nghệ") == "khoa hoc & cong nghe"
    assert query_key("Bà Rịa-Vũng Tàu") == query_key("Ba Ria Vung Tau")


# -- centrally-run cities the documents do not name ------------------------------------------------
@pytest.mark.parametrize(("typed", "city"), [
    ("Hà Nội", "HA_NOI"), ("Ha Noi", "HA_NOI"), ("Hanoi", "HA_NOI"), ("ha noi", "HA_NOI"),
    ("Thành phố Hà Nội", "HA_NOI"), ("TP. Hà Nội", "HA_NOI"), ("TP Ha Noi", "HA_NOI"),
    ("Đà Nẵng", "DA_NANG"), ("Da Nang", "DA_NANG"), ("da nang", "DA_NANG"), ("Danang", "DA_NANG"),
    ("TP. Đà Nẵng", "DA_NANG"),
    ("Hải Phòng", "HAI_PHONG"), ("Hai Phong", "HAI_PHONG"), ("hai phong", "HAI_PHONG"), ("Haiphong", "HAI_PHONG"),
    ("Cần Thơ", "CAN_THO"), ("Can Tho", "CAN_THO"), ("can tho", "CAN_THO"), ("TP Cần Thơ", "CAN_THO"),
    ("Huế", "HUE"), ("Hue", "HUE"), ("hue", "HUE"), ("Thành phố Huế", "HUE"), ("Thừa Thiên Huế", "HUE"),
    ("thua thien hue", "HUE"), ("tỉnh Thừa Thiên Huế", "HUE"), ("Hue City", "HUE"),
])
def test_city_names(gaz: Gazetteer, typed: str, city: str) -> None:
    assert gaz.resolve_query(typed) == [city]


@pytest.mark.parametrize(("question", "city"), [
    ("Hà Nội có nhiệm vụ gì?", "HA_NOI"),
    ("ha noi co nhiem vu gi", "HA_NOI"),
    ("Which tasks does Hanoi lead?", "HA_NOI"),
    ("What must Da Nang do?", "DA_NANG"),
    ("Hải Phòng phải làm gì?", "HAI_PHONG"),
    ("tasks for Can Tho", "CAN_THO"),
    ("Đà Nẵng thì sao?", "DA_NANG"),
    ("What about Hue?", "HUE"),
])
def test_city_questions(gaz: Gazetteer, question: str, city: str) -> None:
    assert gaz.resolve_query(question) == [city]


def test_cities_are_localities_the_documents_do_not_name(gaz: Gazetteer) -> None:
    for city in ("HA_NOI", "DA_NANG", "HAI_PHONG", "CAN_THO", "HUE"):
        a = gaz.get(city)
        assert a.kind == "province"
        assert a.name_vi.startswith("Thành phố ")
        assert "do not name" in a.note and "localities" in a.note


# -- ordinary words stay words ------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "What share of enterprises should have innovation activities?",
    "What's the weather in Hanoi?",
    "thoi tiet ha noi hom nay the nao",
    "Nền tảng đa năng có nhiệm vụ gì?",
    "hai phòng ban có nhiệm vụ gì",
])
def test_ordinary_words_are_not_agencies(gaz: Gazetteer, question: str) -> None:
    assert gaz.resolve_query(question) == []


@pytest.mark.parametrize(("question", "expected"), [
    ("Which tasks do enterprises lead?", ["ENTERPRISES"]),
    ("What must provinces do?", ["LOCALITIES"]),
    ("Các bộ, ngành, địa phương chủ trì nhiệm vụ nào?", ["ALL"]),
    ("tỉnh Bình Dương được nhập vào Thành phố Hồ Chí Minh", ["BINH_DUONG", "HCMC"]),
    ("enterprises", ["ENTERPRISES"]),
    ("tinh Ba Ria - Vung Tau", ["BA_RIA_VUNG_TAU"]),
])
def test_collectives_and_places_with_assignments(gaz: Gazetteer, question: str, expected: list[str]) -> None:
    assert gaz.resolve_query(question) == expected


# -- nothing that resolved stops resolving; the table path stays strict --------------------------------
def test_every_name_and_alias_resolves_to_its_entry(gaz: Gazetteer) -> None:
    for a in gaz.agencies:
        own = () if a.kind in ("collective", "party", "province") else (a.id,)
        for name in (a.name_vi, a.name_en, *own, *a.aliases):
            assert gaz.resolve_query(name) == [a.id], name


def test_mentions_point_at_the_words_as_written(gaz: Gazetteer) -> None:
    text = "Bộ KH-CN và Bộ Thông tin & Truyền thông"
    ms = gaz.find_mentions(text)
    assert [(m.agency_id, m.text) for m in ms] == [("MOST", "Bộ KH-CN"), ("MIC", "Bộ Thông tin & Truyền thông")]
    assert all(text[m.start:m.end] == m.text for m in ms)


def test_table_cells_are_not_loosened(gaz: Gazetteer) -> None:
    # The 03/NQ-CP heading names Hà Nội; it is no agency cell.
    assert gaz.try_resolve_cell("Hà Nội, ngày 09 tháng 01 năm 2025") is None
    assert gaz.try_resolve_cell("Hanoi, January 9, 2025") is None
    # Query-only spellings do not resolve table cells.
    assert gaz.try_resolve_cell("Bộ KH-CN") is None
    assert gaz.try_resolve_cell("Bộ Thông tin & Truyền thông") is None
    assert gaz.resolve_cell("Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông") == ["MOST", "MIC"]


def test_agencies_json_keeps_its_format() -> None:
    raw = AGENCIES_JSON.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw == json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    ids = [a["id"] for a in data["agencies"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("text", [
    "Quỹ đầu tư: bộ nào chủ trì xây dựng, trình TTCP thành lập?",
    "Luật phải trình Quốc hội thông qua tại Kỳ họp thứ 9",
    "which ministry drafts the decree and submits it to the Ministry of Justice?",
    "the bill submitted to the National Assembly",
])
def test_a_body_something_is_submitted_to_is_not_a_doer(gaz: Gazetteer, text: str) -> None:
    # "trình X" / "submit to X" names the recipient: no question about who does the work means X,
    # while an index of every body the documents name still counts it.
    assert gaz.find_mentions(text) == []
    assert gaz.find_mentions(text, recipients=True)


def test_the_same_body_doing_the_work_is_still_found(gaz: Gazetteer) -> None:
    assert [m.agency_id for m in gaz.find_mentions("TTCP chủ trì nhiệm vụ nào?")] == ["GI"]
    assert [m.agency_id for m in gaz.find_mentions("Bộ Tài chính trình Chính phủ")] == ["MOF"]
