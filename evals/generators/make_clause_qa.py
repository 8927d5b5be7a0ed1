"""Write evals/clause_qa.jsonl from hand-written specs whose evidence is checked against the files.

Run: ``python -m evals.generators.make_clause_qa``. Each spec names the clause ids that answer it
(any-of), the key facts the answer must contain (each fact = list of accepted spellings) and the
evidence: (corpus file, line, quote). ``verify`` refuses to write unless every quote occurs on its
line and every key fact has at least one spelling inside the quoted evidence, so no expectation
rests on memory or on the project's parser. ``cross-lingual`` cases ask in one language where the
only source text is in the other (57-NQ/TW exists only in English; the listed 03/NQ-CP points are
elided from its English half - the gap lines are cited in ``checked``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from evals.generators.appendix_scan import corpus_dir, fold
from evals.generators.common import EVALS_DIR, case, write_jsonl

NQ57 = "002_a03b92f11f0c2dda.txt"
NQ03 = "004_7ab47f71d36a34c5.txt"

MOST = ["Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", "MOST"]
MIC = ["Bộ Thông tin và Truyền thông", "Ministry of Information and Communications", "MIC"]
MOF = ["Bộ Tài chính", "Ministry of Finance", "MOF"]
MOET = ["Bộ Giáo dục và Đào tạo", "Ministry of Education and Training", "MOET"]
MPS = ["Bộ Công an", "Ministry of Public Security", "MPS"]


@dataclass(frozen=True)
class Spec:
    id: str
    language: str
    category: str
    question: str
    clauses: list[str]
    facts: list[list[str]]
    evidence: list[tuple[str, int, str]]
    tags: list[str] = field(default_factory=list)
    note: str = ""


def c57(cid: str) -> str:
    return f"57-NQ/TW:{cid}"


def c03(cid: str) -> str:
    return f"03/NQ-CP:{cid}"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


SPECS: list[Spec] = [
    # ---- 57-NQ/TW goals (English source) ----
    Spec("cq-57-rd-2pct-en", "en", "goal", "What R&D spending does Resolution 57 target by 2030?",
         [c57("II.1"), c03("appendix-I.15")], [["2%"]],
         [(NQ57, 3, "Research and Development (R&D) expenditure reaches 2% of GDP")]),
    Spec("cq-57-rd-2pct-vi", "vi", "goal", "Nghị quyết 57 đặt mục tiêu chi cho nghiên cứu và phát triển (R&D) bao nhiêu phần trăm GDP vào năm 2030?",
         [c57("II.1"), c03("appendix-I.15")], [["2%", "2 % GDP"]],
         [(NQ57, 3, "Research and Development (R&D) expenditure reaches 2% of GDP")], ["cross-lingual"]),
    Spec("cq-57-digital-economy-30-en", "en", "goal", "What share of GDP should the digital economy reach by 2030 under Resolution 57?",
         [c57("II.1"), c03("appendix-I.10")], [["30%"]],
         [(NQ57, 3, "The scale of the digital economy reaches at least 30% of GDP")]),
    Spec("cq-57-digital-economy-30-vi", "vi", "goal", "Tỷ trọng kinh tế số trong GDP đến năm 2030 theo Nghị quyết 57 là bao nhiêu?",
         [c57("II.1"), c03("appendix-I.10")], [["30%"]],
         [(NQ57, 3, "The scale of the digital economy reaches at least 30% of GDP")], ["cross-lingual"]),
    Spec("cq-57-digital-economy-2045-en", "en", "goal", "What is the 2045 digital economy target in Resolution 57?",
         [c57("II.2"), c03("appendix-I.36")], [["50%"]],
         [(NQ57, 3, "Vietnam has a digital economy scale reaching at least 50% of GDP")]),
    Spec("cq-57-digital-economy-2045-vi", "vi", "goal", "Theo Nghị quyết 57-NQ/TW, đến năm 2045 quy mô kinh tế số đạt bao nhiêu phần trăm GDP?",
         [c57("II.2"), c03("appendix-I.36")], [["50%"]],
         [(NQ57, 3, "Vietnam has a digital economy scale reaching at least 50% of GDP")], ["cross-lingual"]),
    Spec("cq-57-budget-3pct-en", "en", "goal", "What share of total annual budget spending must go to science, technology, innovation and digital transformation?",
         [c57("II.1"), c03("appendix-I.17")], [["3%"]],
         [(NQ57, 3, "allocate at least 3% of the total annual budget expenditure for science, technology, innovation")]),
    Spec("cq-57-strategic-15pct-en", "en", "resource", "How much of the state science and technology budget must serve strategic technology research?",
         [c57("III.3"), c03("appendix-II.49")], [["15%"]],
         [(NQ57, 3, "Allocate at least 15% of the state budget for science and technology to serve strategic technology research"),
          (NQ03, 1600, "Bố trí ít nhất 15% ngân sách nhà nước chi sự nghiệp khoa học và công nghệ")]),
    Spec("cq-57-strategic-15pct-vi", "vi", "resource", "Phải dành ít nhất bao nhiêu phần trăm ngân sách sự nghiệp khoa học và công nghệ cho nghiên cứu công nghệ chiến lược?",
         [c57("III.3"), c03("appendix-II.49")], [["15%"]],
         [(NQ03, 1600, "Bố trí ít nhất 15% ngân sách nhà nước chi sự nghiệp khoa học và công nghệ phục vụ nghiên cứu công nghệ chiến lược")]),
    Spec("cq-57-tfp-en", "en", "goal", "What contribution of total factor productivity to growth does Resolution 57 aim for?",
         [c57("II.1"), c03("appendix-I.8")], [["55%", "55"]],
         [(NQ57, 3, "Contribution of total factor productivity (TFP) to economic growth is over 55%")]),
    Spec("cq-57-hightech-exports-en", "en", "goal", "What proportion of exports should be high-tech products by 2030?",
         [c57("II.1"), c03("appendix-I.9")], [["50%", "50"]],
         [(NQ57, 3, "The proportion of high-tech product exports to the total value of exported goods reaches at least 50%")]),
    Spec("cq-57-online-services-en", "en", "goal", "What rate of online public service use by people and businesses is targeted for 2030?",
         [c57("II.1"), c03("appendix-I.11.1")], [["80%", "80"]],
         [(NQ57, 3, "The rate of online public service use by people and businesses reaches over 80%")]),
    Spec("cq-57-researchers-en", "en", "goal", "How many researchers per 10,000 people does Resolution 57 target?",
         [c57("II.1"), c03("appendix-I.18")], [["12"]],
         [(NQ57, 3, "reaches 12 people per 10,000 people")]),
    Spec("cq-57-ranked-orgs-en", "en", "goal", "How many science and technology organizations should be ranked in the region and the world by 2030?",
         [c57("II.1"), c03("appendix-I.19")], [["40 - 50", "40 to 50"]],
         [(NQ57, 3, "there are 40 - 50 scientific and technological organizations ranked in the region and the world")]),
    Spec("cq-57-patents-en", "en", "goal", "By how much should patent applications grow each year?",
         [c57("II.1"), c03("appendix-I.21")], [["16 - 18", "16 to 18"]],
         [(NQ57, 3, "increases by an average of 16 - 18%/year")]),
    Spec("cq-57-publications-vi", "vi", "goal", "nghi quyet 57 dat muc tieu cong bo khoa hoc quoc te tang bao nhieu moi nam",
         [c57("II.1"), c03("appendix-I.20")], [["10%"]],
         [(NQ57, 3, "the number of international scientific publications increases by an average of 10%/year")],
         ["cross-lingual", "no-diacritics"]),
    Spec("cq-57-innovation-rank-2045-en", "en", "goal", "Where should Vietnam rank in innovation and digital transformation by 2045?",
         [c57("II.2"), c03("appendix-I.37")], [["30"]],
         [(NQ57, 3, "is among the top 30 countries in the world in innovation and digital transformation")]),
    Spec("cq-57-hdi-en", "en", "goal", "What Human Development Index level does Resolution 57 mention?",
         [c57("II.1"), c03("appendix-I.14")], [["0.7", "0,7"]],
         [(NQ57, 3, "contributing to the Human Development Index (HDI) remaining above 0.7")]),
    # ---- 57-NQ/TW viewpoints and solutions ----
    Spec("cq-57-core-contents-en", "en", "viewpoint", "According to Resolution 57, what are the key and core contents, and which one is the prerequisite?",
         [c57("I.3")], [["institution", "thể chế"]],
         [(NQ57, 3, "Institutions, human resources, infrastructure, data, and strategic technology are the key and core contents, in which institutions are the prerequisite")]),
    Spec("cq-57-ban-mindset-en", "en", "viewpoint", "What law-making mindset does Resolution 57 want to eliminate?",
         [c57("I.3")], [["if you can't manage it, then ban it", "không quản được thì cấm"]],
         [(NQ57, 3, "eliminating the mindset of \"if you can't manage it, then ban it\"")]),
    Spec("cq-57-ban-mindset-vi", "vi", "viewpoint", "Nghị quyết 57 yêu cầu xóa bỏ tư duy nào trong xây dựng pháp luật?",
         [c57("I.3")], [["if you can't manage it, then ban it", "không quản được thì cấm"]],
         [(NQ57, 3, "eliminating the mindset of \"if you can't manage it, then ban it\"")], ["cross-lingual"]),
    Spec("cq-57-center-en", "en", "viewpoint", "Who does Resolution 57 call the center and main subject, and who is the key factor?",
         [c57("I.2")], [["scientists", "nhà khoa học"]],
         [(NQ57, 3, "People and businesses are the center, the main subject, resource, and driving force; scientists are the key factor")]),
    Spec("cq-57-sovereignty-nodiac", "vi", "viewpoint", "nghi quyet 57 noi gi ve chu quyen quoc gia tren khong gian mang",
         [c57("I.5")], [["sovereignty", "chủ quyền"]],
         [(NQ57, 3, "Ensure national sovereignty in cyberspace")], ["cross-lingual", "no-diacritics"]),
    Spec("cq-57-venture-en", "en", "solution", "What does Resolution 57 say about accepting risk and venture capital in research?",
         [c57("III.2")], [["venture capital", "đầu tư mạo hiểm"], ["risk", "rủi ro"]],
         [(NQ57, 3, "Accept risks, venture capital and delays in scientific research")]),
    Spec("cq-57-data-center-en", "en", "solution", "What does Resolution 57 say about the National Data Center?",
         [c57("III.3")], [["National Data Center", "Trung tâm dữ liệu quốc gia"]],
         [(NQ57, 3, "Quickly complete and promote the effectiveness of the National Data Center")]),
    Spec("cq-57-chief-engineers-en", "en", "solution", "What special mechanisms does Resolution 57 set to attract leading scientists and chief engineers?",
         [c57("III.4")], [["chief engineers", "tổng công trình sư"]],
         [(NQ57, 3, "Have special mechanisms on naturalization, home and land ownership, income, and working environment to attract, employ, and retain leading scientists, experts, and \"chief engineers\"")]),
    Spec("cq-57-vast-en", "en", "solution", "Which academies does Resolution 57 say to invest in and upgrade?",
         [c57("III.2")], [["Vietnam Academy of Science and Technology", "Viện Hàn lâm Khoa học và Công nghệ"]],
         [(NQ57, 3, "Invest in and upgrade the Vietnam Academy of Science and Technology, the Vietnam Academy of Social Sciences")]),
    # ---- 57-NQ/TW organisation of implementation (section IV, heading lost in the source) ----
    Spec("cq-57-national-council-en", "en", "implementation", "What national council does Resolution 57 establish?",
         [c57("IV"), c57("III.7")], [["National Council", "Hội đồng quốc gia"]],
         [(NQ57, 3, "Establishing a National Council for Science and Technology Development, Innovation and Digital Innovation")]),
    Spec("cq-57-completed-2025-en", "en", "implementation", "By when should the guidelines and policies in Resolution 57 basically be completed?",
         [c57("IV"), c57("III.7")], [["2025"]],
         [(NQ57, 3, "allocating enough resources to implement, basically completed in 2025")]),
    Spec("cq-57-propaganda-vi", "vi", "implementation", "Cơ quan nào chủ trì hướng dẫn tuyên truyền, thực hiện Nghị quyết 57?",
         [c57("IV.5")], [["Central Propaganda", "Ban Tuyên giáo"]],
         [(NQ57, 3, "The Central Propaganda Board presides over and coordinates with the relevant agencies to guide the implementation of the Resolution")],
         ["cross-lingual"]),
    Spec("cq-57-fatherland-front-en", "en", "implementation", "What role does the Vietnam Fatherland Front play under Resolution 57?",
         [c57("IV.4")], [["supervision", "giám sát"]],
         [(NQ57, 3, "promote the role of supervision, social criticism")]),
    # ---- 03/NQ-CP articles ----
    Spec("cq-03-effect-en", "en", "article", "When does Resolution 03/NQ-CP take effect?",
         [c03("art.2")], [["signing", "ký ban hành"]],
         [(NQ03, 34, "Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành"),
          (NQ03, 2823, "This Resolution comes into force as of the date of signing")]),
    Spec("cq-03-responsible-vi", "vi", "article", "Ai chịu trách nhiệm thi hành Nghị quyết 03/NQ-CP?",
         [c03("art.3")], [["Bộ trưởng", "Ministers"]],
         [(NQ03, 36, "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ")]),
    # ---- 03/NQ-CP programme text ----
    Spec("cq-03-leaders-25pct-en", "en", "programme", "What share of leadership positions should be held by people with science and engineering expertise?",
         [c03("II.1.i")], [["25%"]],
         [(NQ03, 102, "hướng tới tối thiểu đạt 25%"), (NQ03, 2891, "aiming for a minimum of 25%")]),
    Spec("cq-03-leaders-25pct-vi", "vi", "programme", "Tỷ lệ cán bộ có chuyên môn khoa học kỹ thuật trong đội ngũ lãnh đạo phải đạt tối thiểu bao nhiêu?",
         [c03("II.1.i")], [["25%"]],
         [(NQ03, 102, "hướng tới tối thiểu đạt 25%")]),
    Spec("cq-03-monitoring-ministries-en", "en", "implementation", "Which ministries monitor and urge the implementation of the Government's Action Programme?",
         [c03("III.4")], [MOST, MIC],
         [(NQ03, 320, "Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông chủ trì"),
          (NQ03, 3197, "The Ministry of Science and Technology and the Ministry of Information and Communications shall lead")]),
    Spec("cq-03-funding-vi", "vi", "implementation", "Cơ quan nào bảo đảm kinh phí thực hiện hằng năm theo Nghị quyết 57-NQ/TW?",
         [c03("III.5")], [MOF],
         [(NQ03, 322, "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành, địa phương bảo đảm nguồn kinh phí thực hiện hằng năm")]),
    Spec("cq-03-amend-proposals-vi", "vi", "implementation", "Khi cần sửa đổi, bổ sung nội dung Chương trình hành động thì các bộ, ngành gửi đề xuất cho cơ quan nào?",
         [c03("III.6")], [MOST, MIC],
         [(NQ03, 324, "chủ động đề xuất gửi Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông")]),
    Spec("cq-03-moet-universities-en", "en", "programme", "Which ministry should directly manage multidisciplinary universities?",
         [c03("II.2.k"), c03("appendix-II.84")], [MOET],
         [(NQ03, 142, "Nghiên cứu phương án giao Bộ Giáo dục và Đào tạo quản lý trực tiếp"),
          (NQ03, 2947, "assigning the Ministry of Education and Training direct management")]),
    Spec("cq-03-digital-twins-en", "en", "programme", "Where will digital twins be piloted?",
         [c03("II.3.i"), c03("appendix-II.63")], [["digital twin", "bản sao số"]],
         [(NQ03, 170, "Thí điểm triển khai bản sao số"), (NQ03, 2983, "Pilot the implementation of digital twins")]),
    Spec("cq-03-five-projects-en", "en", "programme", "How many projects in semiconductors, AI and smart factories should be implemented by 2030 through the innovation centre network?",
         [c03("II.3.b")], [["five", "05", "at least 5"]],
         [(NQ03, 156, "có ít nhất 05 dự án"), (NQ03, 2969, "aim to implement at least five projects")]),
    Spec("cq-03-cyber-centre-vi", "vi", "programme", "Trung tâm an ninh mạng quốc gia thuộc cơ quan nào?",
         [c03("II.5.p")], [MPS],
         [(NQ03, 256, "Trung tâm an ninh mạng quốc gia thuộc Bộ Công an")]),
    # ---- cross-lingual: English question, point elided from the English translation ----
    Spec("cq-03-plans-deadline-xl", "en", "implementation", "By when must ministries and provinces issue their plans to implement Resolution 57 and the Action Programme?",
         [c03("III.1"), c03("appendix-II.7")], [["01/2025", "tháng 01 năm 2025", "January 2025", "1/2025"]],
         [(NQ03, 314, "trong tháng 01 năm 2025"), (NQ03, 1046, "01/2025")], ["cross-lingual"],
         "III.1 elided in English (gap lines 3183-3189)"),
    Spec("cq-03-measure-platform-xl", "en", "programme", "Does the action programme call for a digital platform to measure online how far digital transformation tasks are completed?",
         [c03("II.1.đ")], [["trực tuyến", "online"]],
         [(NQ03, 94, "Xây dựng nền tảng số, công cụ số để thực hiện đo lường trực tuyến mức độ hoàn thành nhiệm vụ chuyển đổi số")],
         ["cross-lingual"], "II.1.đ elided in English (gap lines 2875-2881)"),
    Spec("cq-03-disaster-ai-xl", "en", "programme", "What AI applications for natural disaster warning does the action programme call for?",
         [c03("II.5.o"), c03("appendix-II.102")], [["thiên tai", "disaster"]],
         [(NQ03, 254, "Phát triển các ứng dụng trí tuệ nhân tạo hỗ trợ phân tích, cảnh báo thiên tai")],
         ["cross-lingual"], "II.5.o elided in English (gap lines 3099-3105)"),
    Spec("cq-03-policy-research-xl", "en", "programme", "What does the action programme say about setting up digital technology policy research units in enterprises?",
         [c03("II.6.c"), c03("appendix-II.137"), c03("appendix-II.138")], [["nghiên cứu chính sách", "policy research"]],
         [(NQ03, 274, "Xây dựng quy định về lập các cơ sở nghiên cứu chính sách về công nghệ số")],
         ["cross-lingual"], "II.6.c elided in English (gap lines 3127-3133)"),
    Spec("cq-03-stem-xl", "en", "programme", "What does the action programme say about STEM education and early detection of STEM talent?",
         [c03("II.4.b")], [["STEM"]],
         [(NQ03, 194, "Thực hiện đồng bộ các giải pháp tăng cường giáo dục và hướng nghiệp STEM")],
         ["cross-lingual"], "II.4.b elided in English (gap lines 3015-3021)"),
    Spec("cq-03-smart-centre-xl", "en", "programme", "What is the model of the smart monitoring and operations centre supposed to achieve?",
         [c03("II.5.d"), c03("appendix-II.91")], [["giám sát", "monitoring"]],
         [(NQ03, 234, "Xây dựng mô hình Trung tâm giám sát điều hành thông minh")],
         ["cross-lingual"], "II.5.d elided in English (gap lines 3071-3077)"),
    Spec("cq-03-iot-xl", "en", "programme", "What does the action programme say about building an IoT industry and specialised IoT industrial parks?",
         [c03("II.3.l")], [["IoT"]],
         [(NQ03, 174, "Xây dựng ngành công nghiệp Internet vạn vật (IoT) và một số khu công nghiệp chuyên biệt phát triển IoT")],
         ["cross-lingual"], "II.3.l elided in English (gap lines 2987-2993)"),
    Spec("cq-03-invention-movement-xl", "en", "programme", "Which movement for inventions and technical improvements does the programme launch?",
         [c03("II.1.p")], [["sáng chế", "invention"]],
         [(NQ03, 114, "Phát động phong trào phát minh, sáng chế, cải tiến kỹ thuật")],
         ["cross-lingual"], "II.1.p elided in English (gap lines 2903-2909)"),
    Spec("cq-03-strategic-fund-xl", "en", "programme", "What does point II.3.a of the action programme say about a fund for strategic industries?",
         [c03("II.3.a"), c03("appendix-II.45")], [["công nghiệp chiến lược", "strategic industr"]],
         [(NQ03, 154, "Xây dựng cơ sở pháp lý và đề án để hình thành Quỹ đầu tư phát triển công nghiệp chiến lược")],
         ["cross-lingual"], "II.3.a elided in English (gap lines 2959-2965)"),
    Spec("cq-03-dx-investment-criteria-xl", "en", "programme", "Does the programme require criteria for evaluating the efficiency of national digital transformation investment?",
         [c03("II.6.n"), c03("appendix-II.128")], [["tiêu chí", "criteria"]],
         [(NQ03, 294, "Xây dựng bộ tiêu chí đánh giá hiệu quả đầu tư chuyển đổi số quốc gia")],
         ["cross-lingual"], "II.6.n elided in English (gap lines 3155-3161)"),
]


@cache
def _lines(name: str) -> list[str]:
    return (corpus_dir() / name).read_text(encoding="utf-8").split("\n")


def verify(spec: Spec) -> str:
    """Check the evidence against the files; return the ``checked`` note or raise."""
    quotes: list[str] = []
    for name, line, quote in spec.evidence:
        text = _lines(name)[line - 1]
        if _squash(quote) not in _squash(text):
            raise ValueError(f"{spec.id}: quote not found at {name}:{line}: {quote!r}")
        quotes.append(_squash(quote))
    for fact in spec.facts:
        if not any(_squash(alt) in q for alt in fact for q in quotes):
            raise ValueError(f"{spec.id}: key fact {fact} not in the quoted evidence")
    where = "; ".join(f"{name}:{line}" for name, line, _ in spec.evidence)
    note = f" ({spec.note})" if spec.note else ""
    return f"generator:clause_evidence quotes verified at {where}; every key fact found in a quote{note}"


def build() -> list[dict[str, object]]:
    out = []
    for s in SPECS:
        out.append(case(id=s.id, suite="clause", language=s.language, category=s.category, question=s.question,
                        tags=s.tags, checked=verify(s),
                        expect={"clauses_any": s.clauses, "key_facts": s.facts, "refused": False}))
    return out


def main() -> None:
    cases = build()
    write_jsonl(EVALS_DIR / "clause_qa.jsonl", cases)
    print(f"wrote {len(cases)} clause cases to {EVALS_DIR / 'clause_qa.jsonl'}")


if __name__ == "__main__":
    main()
