"""A tiny, fixed knowledge base cut from the real corpus, for fast tests of the retrieval layer.

Texts are verbatim from corpus/004_7ab47f71d36a34c5.txt (03/NQ-CP, vi lines 92, 120, 154, 964-974,
1074-1084, 2378-2388; en lines 2873, 2917) and corpus/001_7fcf62c403a6ed51.txt (news, lines 4-5).
It covers the cases the retriever must handle: twins, a Vietnamese-only point (II.3.a, long enough
to be split), a Vietnamese-only task row (10), an indicator, and a secondary news source.
"""

from __future__ import annotations

from ingest.models import Agency, Clause, Deadline, Document, Indicator, KnowledgeBase, Task

_F03 = "004_7ab47f71d36a34c5.txt"
_VI_TITLE = "Nghị quyết 03/NQ-CP ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết 57-NQ/TW"
_EN_TITLE = "Resolution 03/NQ-CP on the Government's Action Programme implementing Resolution 57-NQ/TW (English translation)"
_NEWS_TITLE = "News (VNA): summary of the Government's Action Programme"
_VI_TRAIL = (_VI_TITLE, "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ", "II. NHIỆM VỤ CỤ THỂ")
_EN_TRAIL = (_EN_TITLE, "GOVERNMENT’S ACTION PROGRAM", "II. SPECIFIC TASKS")
_G1_VI = (
    "Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ, quyết liệt lãnh đạo, "
    "chỉ đạo, tạo xung lực mới, khí thế mới trong toàn xã hội về phát triển khoa học, công nghệ, đổi mới sáng tạo "
    "và chuyển đổi số quốc gia"
)
_G1_EN = (
    "Enhance awareness, break through in mindset transformation, establish strong political determination, and "
    "decisively lead and direct efforts to create new momentum and enthusiasm across society for the development "
    "of science, technology, innovation, and national digital transformation"
)
_G5_VI = (
    "Đẩy mạnh chuyển đổi số, ứng dụng khoa học, công nghệ, đổi mới sáng tạo trong hoạt động của các cơ quan trong "
    "hệ thống chính trị; nâng cao hiệu quả quản trị quốc gia, hiệu lực quản lý nhà nước trên các lĩnh vực, bảo đảm "
    "quốc phòng và an ninh"
)
_G5_EN = (
    "Accelerating digital transformation, applying science, technology, and innovation in government operations "
    "to enhance national governance efficiency, state management effectiveness across sectors, and ensure "
    "national defense and security"
)

POINT_II_3_A_VI = (
    "Ban hành Chương trình phát triển công nghệ và công nghiệp chiến lược; Xây dựng cơ sở pháp lý và đề án để hình "
    "thành Quỹ đầu tư phát triển công nghiệp chiến lược; Xây dựng cơ chế thử nghiệm chính sách nhằm thúc đẩy nghiên "
    "cứu, phát triển, ứng dụng, chuyển giao công nghệ chiến lược; Xây dựng cơ chế, chính sách hợp tác công tư để "
    "nghiên cứu và phát triển công nghệ chiến lược; Xây dựng đề án phát triển hạ tầng năng lượng, nhất là năng lượng "
    "mới, năng lượng sạch và bảo đảm an ninh năng lượng cho phát triển khoa học, công nghệ, các ngành công nghiệp "
    "chiến lược; Xây dựng đề án phát triển hệ thống các trung tâm nghiên cứu, thử nghiệm, các phòng thí nghiệm trọng "
    "điểm quốc gia, tập trung cho công nghệ chiến lược; Xây dựng đề án đầu tư năng lực cho các tổ chức nghiên cứu "
    "phát triển công lập; Rà soát, tổ chức quản lý chặt chẽ, khai thác, sử dụng có hiệu quả các nguồn tài nguyên "
    "khoáng sản của đất nước, nhất là đất hiếm để phát triển khoa học, công nghệ, đổi mới sáng tạo."
)


def _point(clause_id: str, lang: str, text: str, section: str, line: int) -> Clause:
    trail = (*(_VI_TRAIL if lang == "vi" else _EN_TRAIL), section)
    return Clause(
        doc_id="03/NQ-CP",
        clause_id=clause_id,
        lang=lang,  # type: ignore[arg-type]
        kind="point",
        text=text,
        title=text[:80],
        trail=trail,
        parent_id=clause_id.rsplit(".", 1)[0],
        source_file=_F03,
        line_start=line,
        line_end=line,
    )


def _task_clause(task: Task, lang: str) -> Clause:
    vi = lang == "vi"
    head = f"Nhiệm vụ {task.no}. " if vi else f"Task {task.no}. "
    name = task.name_vi if vi else (task.name_en or "")
    group = f"{task.group}. {task.group_title_vi if vi else task.group_title_en}"
    appx = "Phụ lục II: Danh mục các nhiệm vụ" if vi else "Appendix II: List of tasks"
    lead = task.lead_raw if vi else (task.lead_raw_en or "")
    deadline = task.deadline.raw if vi else (task.deadline.raw_en or "")
    labels = ("Cơ quan chủ trì", "Thời hạn") if vi else ("Lead agency", "Deadline")
    return Clause(
        doc_id="03/NQ-CP",
        clause_id=task.clause_id,
        lang=lang,  # type: ignore[arg-type]
        kind="task",
        text=f"{head}{name}\n{labels[0]}: {lead}\n{labels[1]}: {deadline}",
        title=name,
        trail=(appx, group),
        parent_id=f"appendix-II.{task.group}",
        source_file=_F03,
        line_start=task.line_start if vi else 0,
        line_end=task.line_end if vi else 0,
    )


def tiny_kb(corpus_hash: str = "tiny-1") -> KnowledgeBase:
    documents = [
        Document("03/NQ-CP", "vi", _VI_TITLE, True, "Chính phủ", "2025-01-09", _F03),
        Document("03/NQ-CP", "en", _EN_TITLE, True, "Government of Viet Nam", "2025-01-09", _F03, translation=True),
        Document(
            "news-vna-summary", "en", _NEWS_TITLE, False, "Vietnam News Agency", "2025-01-09",
            "001_7fcf62c403a6ed51.txt", kind="news",
        ),
    ]  # fmt: skip
    agencies = [
        Agency(
            "MIC", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications", "ministry"
        ),
        Agency("MOHA", "Bộ Nội vụ", "Ministry of Home Affairs", "ministry"),
        Agency("MOH", "Bộ Y tế", "Ministry of Health", "ministry"),
        Agency("MOST", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", "ministry"),
        Agency("CPEC", "Ban Tuyên giáo Trung ương", "Central Propaganda and Education Commission", "party"),
        Agency("ALL", "Các bộ, ngành, địa phương", "All ministries, sectors and localities", "collective"),
    ]
    tasks = [
        Task(
            no=1, group="I", group_title_vi=_G1_VI, group_title_en=_G1_EN,
            name_vi="Xây dựng, trình Thủ tướng Chính phủ ban hành và tổ chức triển khai chương trình tuyên truyền "
            "thường xuyên, sâu rộng về nội dung Nghị quyết 57-NQ/TW theo hướng: đa dạng hóa các hình thức, cụ thể hóa "
            "nội dung và có mục tiêu cụ thể.",
            name_en="Develop, submit to the Prime Minister for issuance, and implement a regular, extensive "
            "communication program on Resolution No. 57-NQ/TW, diversifying formats, specifying content, and setting "
            "clear objectives.",
            lead=("MIC",), lead_raw="Bộ Thông tin và Truyền thông",
            coordinating=("CPEC", "ALL"), coordinating_raw="Ban Tuyên giáo Trung ương; các bộ, ngành, địa phương",
            output_vi="Quyết định của Thủ tướng Chính phủ", output_en="Prime Minister’s decision",
            deadline=Deadline("6/2025", "month", "2025-06-30", "2025-06-01", "June 2025"),
            lead_raw_en="Ministry of Information and Communications", line_start=964, line_end=974,
        ),
        Task(
            no=10, group="I", group_title_vi=_G1_VI, group_title_en=_G1_EN,
            name_vi="Xây dựng Hồ sơ đề nghị xây dựng Luật Cán bộ, công chức (sửa đổi) theo hướng quy định chính sách "
            "để phát huy tinh thần sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm của đội ngũ cán bộ, công chức, "
            "viên chức vì lợi ích chung của quốc gia, dân tộc, cộng đồng, của ngành, lĩnh vực, địa phương, cơ quan, "
            "đơn vị trong đó bao gồm vì mục tiêu phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
            "theo tinh thần Nghị quyết số 57-NQ/TW.",
            name_en=None,
            lead=("MOHA",), lead_raw="Bộ Nội vụ", coordinating=("ALL",), coordinating_raw="Các bộ, ngành, địa phương",
            output_vi="Hồ sơ đề nghị xây dựng Luật của Quốc hội",
            output_en="Legislative proposal submitted to the National Assembly",
            deadline=Deadline("12/2025", "month", "2025-12-31", "2025-12-01", "December 2025"),
            lead_raw_en="Ministry of Home Affairs", line_start=1074, line_end=1084,
        ),
        Task(
            no=110, group="V", group_title_vi=_G5_VI, group_title_en=_G5_EN,
            name_vi="Xây dựng giải pháp, công cụ để giám sát các cơ sở khám chữa bệnh thực hiện liên thông dữ liệu Sổ "
            "sức khỏe điện tử, Giấy chuyển tuyến, Giấy hẹn khám lại, Kết quả xét nghiệm; để cơ sở khám chữa bệnh, bác "
            "sĩ khai thác thông tin Sổ sức khỏe trên VNeID trực tiếp từ phần mềm của cơ sở khám chữa bệnh",
            name_en="Develop solutions and tools to monitor healthcare facilities implementing data interoperability "
            "for electronic health records, referral letters, appointment slips, and test results, enabling healthcare "
            "providers and doctors to access electronic health records (EHR) on VNeID directly from hospital software.",
            lead=("MOH",), lead_raw="Bộ Y tế", coordinating=(), coordinating_raw="",
            output_vi="Giải pháp, công cụ", output_en="Solutions, tools",
            deadline=Deadline("03/2025", "month", "2025-03-31", "2025-03-01", "March 2025"),
            lead_raw_en="Ministry of Health", line_start=2378, line_end=2388,
        ),
    ]  # fmt: skip
    indicator = Indicator(
        id="1", horizon=2030, name_vi="Tiềm lực, trình độ khoa học, công nghệ và đổi mới sáng tạo", name_en=None,
        unit_vi="Thứ bậc", unit_en="Rank",
        target_raw="Đạt mức tiên tiến ở nhiều lĩnh vực quan trọng, thuộc nhóm dẫn đầu trong các nước có thu nhập "
        "trung bình cao",
        target_en="Achieve an advanced level in many key fields, ranking among the leading upper-middle-income "
        "countries",
        comparator=None, value=None, value_max=None, monitor=("MOST",), monitor_raw="Bộ Khoa học và Công nghệ",
        monitor_raw_en="Ministry of Science and Technology", line_start=353, line_end=361,
    )  # fmt: skip
    sec1_vi = "1. Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ"
    sec1_en = "1. Enhance awareness, break through in mindset transformation, establish strong political determination"
    sec2_vi = "2. Khẩn trương, quyết liệt hoàn thiện thể chế; xóa bỏ mọi tư tưởng, quan niệm, rào cản"
    sec2_en = "2. Urgently and decisively improve the institutional framework; eliminate all mindsets"
    sec3_vi = "3. Tăng cường đầu tư, hoàn thiện hạ tầng cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
    clauses = [
        _point("II.1.d", "vi", "d) Xây dựng và đẩy mạnh quảng bá thương hiệu quốc gia về đổi mới sáng tạo.", sec1_vi, 92),
        _point("II.1.d", "en", "d) Develop and promote the national brand for innovation.", sec1_en, 2873),
        _point(
            "II.2.b", "vi",
            "b) Xây dựng, ban hành cơ chế đặc thù về đầu tư, đầu tư công, mua sắm công các sản phẩm là kết quả của "
            "nghiên cứu khoa học và phát triển công nghệ, sản phẩm, dịch vụ số để đẩy nhanh chuyển đổi số quốc gia.",
            sec2_vi, 120,
        ),
        _point(
            "II.2.b", "en",
            "b) Develop and promulgate special mechanisms for investment, public investment, and public procurement "
            "of products resulting from scientific research, technology development, and digital products and "
            "services to accelerate national digital transformation.",
            sec2_en, 2917,
        ),
        _point("II.3.a", "vi", "a) " + POINT_II_3_A_VI, sec3_vi, 154),
        Clause(
            doc_id="news-vna-summary", clause_id="p3", lang="en", kind="paragraph",
            text="The Government requires ministries and local authorities to establish regulations holding leaders "
            "accountable for overseeing and implementing science, technology, innovation and digital transformation "
            "tasks.",
            trail=(_NEWS_TITLE, "Raising awareness and driving change"), parent_id="doc",
            source_file="001_7fcf62c403a6ed51.txt", line_start=4, line_end=4, primary=False,
        ),
        Clause(
            doc_id="news-vna-summary", clause_id="p4", lang="en", kind="paragraph",
            text="Additionally, the Government aims to expand free online training on STI, innovation, and digital "
            "skills for the public and businesses, while launching a nationwide campaign to foster digital "
            "transformation.",
            trail=(_NEWS_TITLE, "Raising awareness and driving change"), parent_id="doc",
            source_file="001_7fcf62c403a6ed51.txt", line_start=5, line_end=5, primary=False,
        ),
    ]  # fmt: skip
    for task in tasks:
        clauses.append(_task_clause(task, "vi"))
        if task.name_en:
            clauses.append(_task_clause(task, "en"))
    ind_vi = f"Chỉ tiêu {indicator.id}. {indicator.name_vi}\nĐơn vị: {indicator.unit_vi}\nKết quả: {indicator.target_raw}"
    clauses.append(
        Clause(
            doc_id="03/NQ-CP", clause_id=indicator.clause_id, lang="vi", kind="indicator", text=ind_vi,
            title=indicator.name_vi, trail=("Phụ lục I: Danh mục các chỉ tiêu cụ thể",), parent_id="appendix-I",
            source_file=_F03, line_start=353, line_end=361,
        )
    )  # fmt: skip
    return KnowledgeBase(
        documents=documents,
        clauses=clauses,
        tasks=tasks,
        indicators=[indicator],
        agencies=agencies,
        corpus_hash=corpus_hash,
    )


def edited(kb: KnowledgeBase, clause_id: str, lang: str, new_text: str, corpus_hash: str) -> KnowledgeBase:
    """A copy of ``kb`` with one clause's text replaced (what "editing one clause" looks like)."""
    from dataclasses import replace

    clauses = [
        replace(c, text=new_text) if (c.clause_id, c.lang) == (clause_id, lang) else c for c in kb.clauses
    ]
    return KnowledgeBase(
        documents=list(kb.documents),
        clauses=clauses,
        tasks=list(kb.tasks),
        indicators=list(kb.indicators),
        agencies=list(kb.agencies),
        corpus_hash=corpus_hash,
    )
