"""The generator's own small agency list: how each body is written in the table cells and asked about.

Independent of ``ingest/gazetteer.py`` on purpose. ``cell`` patterns are matched as substrings of
the folded cell text (see ``appendix_scan.fold``); they include the typo "bo khoa hoc, cong nghe"
(task 46, line 1566). The question forms (English name, abbreviation, Vietnamese name, official
shorthand) are what officials type; ``nodiac`` forms are derived by folding.
"""

from __future__ import annotations

from dataclasses import dataclass

from evals.generators.appendix_scan import Row, fold


@dataclass(frozen=True)
class Body:
    id: str
    vi: str  # official Vietnamese name
    en: str  # English name as the 03/NQ-CP translation writes it
    abbr: tuple[str, ...] = ()  # English abbreviations
    short: tuple[str, ...] = ()  # Vietnamese official shorthand
    cell: tuple[str, ...] = ()  # folded substrings that name the body in a table cell


BODIES: tuple[Body, ...] = (
    Body("MOST", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", ("MOST",),
         ("Bộ KH&CN", "BKHCN"), ("bo khoa hoc va cong nghe", "bo khoa hoc, cong nghe")),
    Body("MIC", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications", ("MIC",),
         ("Bộ TT&TT", "BTTTT"), ("bo thong tin va truyen thong",)),
    Body("MOH", "Bộ Y tế", "Ministry of Health", ("MOH",), ("BYT",), ("bo y te",)),
    Body("MOET", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training", ("MOET",),
         ("Bộ GD&ĐT", "BGDĐT"), ("bo giao duc va dao tao",)),
    Body("MPS", "Bộ Công an", "Ministry of Public Security", ("MPS",), ("BCA",), ("bo cong an",)),
    Body("MPI", "Bộ Kế hoạch và Đầu tư", "Ministry of Planning and Investment", ("MPI",),
         ("Bộ KH&ĐT", "BKHĐT"), ("bo ke hoach va dau tu",)),
    Body("MOF", "Bộ Tài chính", "Ministry of Finance", ("MOF",), ("BTC",), ("bo tai chinh",)),
    Body("MOHA", "Bộ Nội vụ", "Ministry of Home Affairs", ("MOHA",), ("BNV",), ("bo noi vu",)),
    Body("MOIT", "Bộ Công Thương", "Ministry of Industry and Trade", ("MOIT",), ("BCT",), ("bo cong thuong",)),
    Body("MOFA", "Bộ Ngoại giao", "Ministry of Foreign Affairs", ("MOFA",), ("BNG",), ("bo ngoai giao",)),
    Body("MND", "Bộ Quốc phòng", "Ministry of National Defence", ("MND", "MOD"), ("BQP",), ("bo quoc phong",)),
    Body("MONRE", "Bộ Tài nguyên và Môi trường", "Ministry of Natural Resources and Environment", ("MONRE",),
         ("Bộ TN&MT", "BTNMT"), ("bo tai nguyen va moi truong",)),
    Body("MOJ", "Bộ Tư pháp", "Ministry of Justice", ("MOJ",), ("BTP",), ("bo tu phap",)),
    Body("MOCST", "Bộ Văn hóa, Thể thao và Du lịch", "Ministry of Culture, Sports and Tourism", ("MOCST", "MCST"),
         ("Bộ VHTTDL",), ("bo van hoa, the thao va du lich",)),
    Body("MOC", "Bộ Xây dựng", "Ministry of Construction", ("MOC",), ("BXD",), ("bo xay dung",)),
    Body("MOT", "Bộ Giao thông vận tải", "Ministry of Transport", ("MOT",), ("Bộ GTVT",), ("bo giao thong van tai",)),
    Body("MOLISA", "Bộ Lao động - Thương binh và Xã hội", "Ministry of Labour, Invalids and Social Affairs",
         ("MOLISA",), ("Bộ LĐ-TB&XH",), ("bo lao dong - thuong binh va xa hoi",)),
    Body("MARD", "Bộ Nông nghiệp và Phát triển nông thôn", "Ministry of Agriculture and Rural Development",
         ("MARD",), ("Bộ NN&PTNT",), ("bo nong nghiep va phat trien nong thon",)),
    Body("SBV", "Ngân hàng Nhà nước Việt Nam", "State Bank of Vietnam", ("SBV",), ("NHNN",),
         ("ngan hang nha nuoc",)),
    Body("GO", "Văn phòng Chính phủ", "Government Office", ("GO",), ("VPCP",), ("van phong chinh phu",)),
    Body("VSS", "Bảo hiểm Xã hội Việt Nam", "Vietnam Social Security", ("VSS",), ("BHXH Việt Nam",),
         ("bao hiem xa hoi viet nam",)),
    Body("GI", "Thanh tra Chính phủ", "Government Inspectorate", (), (), ("thanh tra chinh phu",)),
    Body("VAST", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Vietnam Academy of Science and Technology",
         ("VAST",), (), ("vien han lam khoa hoc va cong nghe",)),
    Body("VASS", "Viện Hàn lâm Khoa học xã hội Việt Nam", "Vietnam Academy of Social Sciences", ("VASS",), (),
         ("vien han lam khoa hoc xa hoi",)),
)

BY_ID = {b.id: b for b in BODIES}


def names(cell: str) -> set[str]:
    """Ids of the named bodies a table cell mentions (collective assignments are not bodies)."""
    f = fold(cell)
    return {b.id for b in BODIES if any(p in f for p in b.cell)}


def leads(rows: dict[int, Row], body: str) -> list[int]:
    return sorted(no for no, r in rows.items() if body in names(r.lead))


def coordinates(rows: dict[int, Row], body: str) -> list[int]:
    return sorted(no for no, r in rows.items() if body in names(r.coordinating))
