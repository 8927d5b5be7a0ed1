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

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

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


# ---- Answer-bearing questions (issue 14): the direct-answer line must carry the key fact. ----
# Written from a reading of corpus/*.txt (03/NQ-CP lines 74-326 Vietnamese body, 57-NQ/TW line 3),
# not from the parser's clause tree. ``ev`` finds the line of each quote, and ``verify`` still checks
# that every key fact lies inside a quote. Categories name the expected answer type.
CEN = ["Central Propaganda", "Ban Tuyên giáo"]
A1 = "03/NQ-CP:appendix-I"  # any Appendix I row: the indicators restate 57-NQ/TW's goals


@cache
def _lines(name: str) -> list[str]:
    return (corpus_dir() / name).read_text(encoding="utf-8").split("\n")


def ev(name: str, quote: str) -> tuple[str, int, str]:
    q = _squash(quote)
    for no, text in enumerate(_lines(name), 1):
        if q in _squash(text):
            return (name, no, quote)
    raise ValueError(f"quote not in {name}: {quote!r}")


def S(id: str, lang: str, cat: str, q: str, clauses: list[str], facts: list[list[str]], name: str, quote: str,
      tags: list[str] | None = None) -> Spec:
    return Spec(id, lang, cat, q, clauses, facts, [ev(name, quote)], tags or [])


MORE: list[Spec] = [
    # 03/NQ-CP section III (organisation of implementation), official Vietnamese text
    S("ca-03-funding-annual-en", "en", "agency", "Who has to find the money every year to carry out the programme?",
      [c03("III.5")], [MOF], NQ03, "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành, địa phương bảo đảm nguồn kinh phí thực hiện hằng năm"),
    S("ca-03-funding-annual-vi", "vi", "agency", "Cơ quan nào bảo đảm kinh phí hằng năm để thực hiện?",
      [c03("III.5")], [MOF], NQ03, "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành, địa phương bảo đảm nguồn kinh phí thực hiện hằng năm"),
    S("ca-03-funding-annual-nodiac", "vi", "agency", "co quan nao bao dam nguon kinh phi thuc hien hang nam",
      [c03("III.5")], [MOF], NQ03, "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành, địa phương bảo đảm nguồn kinh phí thực hiện hằng năm",
      ["unaccented"]),
    S("ca-03-report-dates-vi", "vi", "date", "Báo cáo định kỳ 6 tháng về kết quả thực hiện Chương trình hành động phải gửi trước ngày nào?",
      [c03("III.3")], [["15 tháng 6", "15/6", "June 15", "15 June"]], NQ03,
      "định kỳ 6 tháng báo cáo kết quả thực hiện về Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông trước ngày 15 tháng 6 và trước ngày 01 tháng 12"),
    S("ca-03-report-to-en", "en", "agency", "To which ministries must the six-monthly implementation reports be sent?",
      [c03("III.3")], [MOST], NQ03,
      "định kỳ 6 tháng báo cáo kết quả thực hiện về Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông"),
    S("ca-03-align-plans-vi", "vi", "date", "Việc rà soát, điều chỉnh các chương trình, kế hoạch hành động đã ban hành cho đồng bộ với Nghị quyết phải hoàn thành trong năm nào?",
      [c03("III.2")], [["2025"]], NQ03, "để điều chỉnh, đồng bộ thống nhất với chương trình, kế hoạch hành động thực hiện Nghị quyết này, hoàn thành trong năm 2025"),
    S("ca-03-align-plans-en", "en", "date", "By when must ministries and provinces finish adjusting their existing action plans to match this programme?",
      [c03("III.2")], [["2025"]], NQ03, "để điều chỉnh, đồng bộ thống nhất với chương trình, kế hoạch hành động thực hiện Nghị quyết này, hoàn thành trong năm 2025"),
    S("ca-03-plans-month-vi", "vi", "date", "Các bộ, tỉnh phải xây dựng kế hoạch thực hiện Nghị quyết 57-NQ/TW trong thời hạn nào?",
      [c03("III.1"), c03("appendix-II.7")], [["tháng 01 năm 2025", "01/2025", "January 2025", "1/2025"]], NQ03,
      "xây dựng và tổ chức thực hiện kế hoạch thực hiện Nghị quyết số 57-NQ/TW và Chương trình hành động của Chính phủ trong tháng 01 năm 2025"),
    S("ca-03-monitor-vi", "vi", "agency", "Cơ quan nào chủ trì theo dõi, đôn đốc việc triển khai thực hiện Chương trình hành động?",
      [c03("III.4")], [MOST, MIC], NQ03, "Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông chủ trì, phối hợp với các bộ, ngành, địa phương theo dõi, đôn đốc"),
    S("ca-03-amend-en", "en", "agency", "If the programme needs amending during implementation, who should the proposals be sent to?",
      [c03("III.6")], [MOST, MIC], NQ03, "chủ động đề xuất gửi Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông để tổng hợp"),
    S("ca-03-art3-vi", "vi", "agency", "Những ai chịu trách nhiệm thi hành Nghị quyết 03/NQ-CP?",
      [c03("art.3")], [["Bộ trưởng", "Ministers"]], NQ03, "Điều 3. Các Bộ trưởng"),
    S("ca-03-effect-vi", "vi", "date", "Nghị quyết 03/NQ-CP có hiệu lực thi hành từ khi nào?",
      [c03("art.2")], [["ký ban hành", "signing"]], NQ03, "Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành"),
    # 03/NQ-CP section II (specific tasks)
    S("ca-03-five-projects-vi", "vi", "number", "Đến năm 2030 phấn đấu có ít nhất bao nhiêu dự án, chương trình trong lĩnh vực bán dẫn, trí tuệ nhân tạo được triển khai?",
      [c03("II.3.b")], [["05", "5 dự án", "five"]], NQ03, "Phấn đấu đến năm 2030, có ít nhất 05 dự án, chương trình trong lĩnh vực bán dẫn"),
    S("ca-03-rd-share-firms-vi", "vi", "number", "Doanh nghiệp công nghệ hàng đầu thế giới phải đầu tư trung tâm nghiên cứu và phát triển tại Việt Nam với tỷ lệ bao nhiêu doanh thu?",
      [c03("II.6.i")], [["1% - 3%", "1%-3%", "1 - 3%"]], NQ03, "có đầu tư Trung tâm nghiên cứu và phát triển tại Việt Nam với tỷ lệ 1% - 3% doanh thu"),
    S("ca-03-rd-share-firms-en", "en", "number", "What R&D spending condition applies to the global technology firms Vietnam wants to attract?",
      [c03("II.6.i")], [["1% - 3%", "1%-3%", "1 - 3%"]], NQ03, "có đầu tư Trung tâm nghiên cứu và phát triển tại Việt Nam với tỷ lệ 1% - 3% doanh thu",
      ["cross-lingual"]),
    S("ca-03-firm-principles-vi", "vi", "list", "Cơ chế thu hút doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở tại Việt Nam theo những nguyên tắc nào?",
      [c03("II.6.i")], [["công nghiệp phụ trợ", "supporting industr"]], NQ03, "có phát triển công nghiệp phụ trợ tại Việt Nam"),
    S("ca-03-moet-vi", "vi", "agency", "Bộ nào được nghiên cứu phương án giao quản lý trực tiếp các cơ sở giáo dục đại học đa ngành, đa lĩnh vực?",
      [c03("II.2.k"), c03("appendix-II.84")], [MOET], NQ03, "Nghiên cứu phương án giao Bộ Giáo dục và Đào tạo quản lý trực tiếp các cơ sở giáo dục đại học đa ngành"),
    S("ca-03-venture-fund-vi", "vi", "description", "Chương trình hành động quy định gì về quỹ đầu tư mạo hiểm cho khởi nghiệp sáng tạo?",
      [c03("II.2.e")], [["quỹ đầu tư mạo hiểm", "venture capital fund", "venture fund"]], NQ03,
      "Xây dựng quy định về việc thành lập và sử dụng các quỹ đầu tư mạo hiểm cho khởi nghiệp sáng tạo"),
    S("ca-03-digital-twin-vi", "vi", "description", "Bản sao số được thí điểm triển khai ở đâu?",
      [c03("II.3.i"), c03("appendix-II.63")], [["thành phố trực thuộc Trung ương", "thuộc trung ương", "centrally"]], NQ03,
      "Thí điểm triển khai bản sao số cho một số thành phố trực thuộc Trung ương"),
    S("ca-03-mobile-5g-vi", "vi", "list", "Chương trình hành động yêu cầu phát triển mạng thông tin di động những thế hệ nào phủ sóng toàn quốc?",
      [c03("II.3.h"), "57-NQ/TW:III.3"], [["5G"]], NQ03, "mạng thông tin di động 5G, 6G và các thế hệ tiếp theo phủ sóng toàn quốc"),
    S("ca-03-datacenter-hightech-vi", "vi", "description", "Công nghệ Trung tâm dữ liệu được bổ sung là loại hình công nghệ gì?",
      [c03("II.3.m")], [["công nghệ cao", "high technology", "high-tech"]], NQ03,
      "Rà soát, bổ sung quy định công nghệ Trung tâm dữ liệu là một loại hình công nghệ cao"),
    S("ca-03-datacenter-foreign-nodiac", "vi", "description", "ra soat uu dai de thu hut nha dau tu nuoc ngoai dat trung tam du lieu tai viet nam",
      [c03("II.3.n"), "57-NQ/TW:III.3"], [["Trung tâm dữ liệu", "data center", "data centre"]], NQ03,
      "Rà soát các ưu đãi để thu hút doanh nghiệp, nhà đầu tư nước ngoài đặt Trung tâm dữ liệu tại Việt Nam", ["unaccented"]),
    S("ca-03-digital-citizen-vi", "vi", "list", "Mỗi người dân cần có những gì để hình thành công dân số?",
      [c03("II.5.h")], [["danh tính số", "digital identit"]], NQ03,
      "Xây dựng kế hoạch để mỗi người dân có danh tính số, phương tiện số, kỹ năng số và tài khoản số, hình thành công dân số"),
    S("ca-03-digital-citizen-en", "en", "list", "What should every citizen have in order to form digital citizens?",
      [c03("II.5.h"), "57-NQ/TW:III.5"], [["danh tính số", "digital identit", "digital citizen"]], NQ03,
      "Xây dựng kế hoạch để mỗi người dân có danh tính số, phương tiện số, kỹ năng số và tài khoản số, hình thành công dân số"),
    S("ca-03-cyber-centre-en", "en", "agency", "Which ministry is the National Cyber Security Centre under?",
      [c03("II.5.p")], [MPS], NQ03, "Đầu tư, nâng cấp Trung tâm an ninh mạng quốc gia thuộc Bộ Công an"),
    S("ca-03-cyber-scale-vi", "vi", "description", "Việc giám sát trên không gian mạng để cảnh báo sớm nguy cơ mất an toàn, an ninh mạng được tăng cường ở quy mô nào?",
      [c03("II.5.p")], [["quy mô quốc gia", "national scale", "nationwide"]], NQ03, "Tăng cường giám sát ở quy mô quốc gia trên không gian mạng"),
    S("ca-03-oda-relend-vi", "vi", "description", "Quy định về cho vay lại vốn vay ODA đối với tổ chức khoa học và công nghệ được sửa đổi theo hướng nào?",
      [c03("II.2.m")], [["thấp nhất", "lowest"]], NQ03, "theo hướng giảm tỷ lệ vay lại xuống mức thấp nhất"),
    S("ca-03-oda-universities-vi", "vi", "description", "Cơ sở giáo dục đại học công lập được áp dụng mức ưu đãi nào về tỷ lệ vay lại các dự án ODA?",
      [c03("II.4.l")], [["mức ưu đãi cao nhất", "highest"]], NQ03, "ban hành quy định áp dụng mức ưu đãi cao nhất cho các cơ sở giáo dục đại học công lập về tỷ lệ vay lại các dự án ODA"),
    S("ca-03-head-responsibility-vi", "vi", "description", "Chương trình hành động yêu cầu quy định trách nhiệm của ai trong chỉ đạo triển khai nhiệm vụ chuyển đổi số của cơ quan?",
      [c03("II.1.b")], [["người đứng đầu", "head"]], NQ03, "Xây dựng, ban hành quy định trách nhiệm người đứng đầu các cơ quan nhà nước trực tiếp phụ trách"),
    S("ca-03-digital-learning-vi", "vi", "description", "Phong trào học tập nào được phát động trên các nền tảng số?",
      [c03("II.1.n"), "57-NQ/TW:III.1"], [["học tập số", "digital learning"]], NQ03, "phong trào “học tập số” thường xuyên, liên tục, phổ cập"),
    S("ca-03-it-parks-plan-vi", "vi", "description", "Các khu công nghiệp công nghệ số được triển khai theo quy hoạch nào?",
      [c03("II.6.m")], [["2021-2030", "2021 - 2030"]], NQ03,
      "theo Quy hoạch hạ tầng thông tin và truyền thông thời kỳ 2021-2030"),
    S("ca-03-de-programme-vi", "vi", "description", "Chương trình phát triển kinh tế số, xã hội số phải có mục tiêu như thế nào?",
      [c03("II.3.e")], [["lượng hóa", "quantif"]], NQ03, "Xây dựng, triển khai Chương trình phát triển kinh tế số, xã hội số với các mục tiêu được lượng hóa cụ thể"),
    S("ca-03-tax-digital-vi", "vi", "description", "Chương trình hành động đề ra chính sách ưu đãi gì đối với hoạt động đầu tư, mua, thuê sản phẩm, dịch vụ số?",
      [c03("II.3.c"), "57-NQ/TW:III.3"], [["thuế", "tax"]], NQ03, "Xây dựng chính sách ưu đãi về thuế đối với các hoạt động đầu tư, mua, thuê các sản phẩm, dịch vụ số"),
    S("ca-03-student-credit-vi", "vi", "description", "Tín dụng ưu đãi đối với người học được sửa đổi theo hướng nào?",
      [c03("II.4.h")], [["giảm lãi suất", "lower interest", "reduce interest"]], NQ03,
      "quy định về tín dụng ưu đãi đối với người học theo hướng mở rộng đối tượng và điều kiện vay, giảm lãi suất"),
    S("ca-03-scholarship-vi", "vi", "description", "Chính sách cấp học bổng, miễn giảm học phí hướng tới sinh viên những ngành nào?",
      [c03("II.4.đ"), "57-NQ/TW:III.4"], [["STEM", "mathematics"]], NQ03,
      "chính sách cấp học bổng, miễn giảm học phí cho sinh viên, học viên các ngành STEM"),
    S("ca-03-code-conduct-vi", "vi", "description", "Chương trình hành động có yêu cầu xây dựng bộ quy tắc ứng xử trên không gian mạng không?",
      [c03("II.5.k"), "57-NQ/TW:III.5"], [["quy tắc ứng xử", "code of conduct"]], NQ03, "xây dựng bộ quy tắc ứng xử trên không gian mạng"),
    S("ca-03-national-brand-en", "en", "description", "What does the action programme say about a national innovation brand?",
      [c03("II.1.d")], [["thương hiệu quốc gia", "national brand"]], NQ03, "Xây dựng và đẩy mạnh quảng bá thương hiệu quốc gia về đổi mới sáng tạo"),
    S("ca-03-free-online-en", "en", "description", "What does the programme say about a free mass open online training platform for science and technology knowledge?",
      [c03("II.1.l")], [["miễn phí", "free"]], NQ03, "nền tảng đào tạo trực tuyến mở đại trà cung cấp miễn phí kiến thức"),
    S("ca-03-ai-bigdata-nodiac", "vi", "description", "chuong trinh hanh dong yeu cau xay dung de an ung dung tri tue nhan tao dua tren gi",
      [c03("II.3.s"), "57-NQ/TW:III.3"], [["dữ liệu lớn", "big data"]], NQ03, "Xây dựng Đề án ứng dụng trí tuệ nhân tạo dựa trên dữ liệu lớn", ["unaccented"]),
    S("ca-03-standards-vi", "vi", "description", "Đề án nào giúp Việt Nam chủ động tham gia vào các tổ chức tiêu chuẩn hóa quốc tế?",
      [c03("II.7.c")], [["tiêu chuẩn hóa quốc tế", "international standard"]], NQ03,
      "Xây dựng Đề án Việt Nam chủ động tham gia vào các tổ chức tiêu chuẩn hóa quốc tế"),
    S("ca-03-un-vi", "vi", "description", "Các nhà khoa học được cử tham gia tổ chức khoa học và công nghệ quốc tế nào, đặc biệt là?",
      [c03("II.7.d")], [["Liên hợp quốc", "United Nations"]], NQ03, "đặc biệt là các tổ chức khoa học và công nghệ của Liên hợp quốc"),
    S("ca-03-un-en", "en", "description", "Which international science and technology organisations should Vietnamese scientists especially join?",
      [c03("II.7.d")], [["Liên hợp quốc", "United Nations"]], NQ03, "đặc biệt là các tổ chức khoa học và công nghệ của Liên hợp quốc"),
    S("ca-03-smart-sectors-vi", "vi", "list", "Chương trình đẩy mạnh sản xuất thông minh, chuyển đổi số trong những lĩnh vực trọng điểm nào?",
      [c03("II.6.q")], [["nông nghiệp", "agricultur"]], NQ03,
      "chương trình đẩy mạnh sản xuất thông minh, chuyển đổi số trong các lĩnh vực trọng điểm như nông nghiệp"),
    S("ca-03-fdi-vi", "vi", "description", "Doanh nghiệp có vốn đầu tư trực tiếp nước ngoài được dùng để thúc đẩy điều gì?",
      [c03("II.6.b"), "57-NQ/TW:III.6"], [["chuyển giao tri thức", "knowledge transfer"]], NQ03,
      "thúc đẩy việc chuyển giao tri thức, đào tạo nhân lực khoa học, công nghệ, đổi mới sáng tạo thông qua doanh nghiệp có vốn đầu tư trực tiếp nước ngoài"),
    S("ca-03-culture-heritage-vi", "vi", "description", "Chương trình hành động nói gì về cơ sở dữ liệu văn hóa và di sản văn hóa số?",
      [c03("II.5.l")], [["di sản văn hóa số", "digital cultural heritage"]], NQ03,
      "Thúc đẩy xây dựng các cơ sở dữ liệu về văn hóa, các di sản văn hóa số"),
    S("ca-03-leaders-nodiac", "vi", "number", "ty le can bo co chuyen mon khoa hoc ky thuat trong doi ngu lanh dao toi thieu bao nhieu",
      [c03("II.1.i")], [["25%"]], NQ03, "hướng tới tối thiểu đạt 25%", ["unaccented"]),
    S("ca-03-ppp-vi", "vi", "description", "Chính quyền các cấp hỗ trợ doanh nghiệp phát triển ứng dụng, dịch vụ số mới theo hình thức nào?",
      [c03("II.5.e")], [["hợp tác công tư", "PPP", "public-private"]], NQ03,
      "hỗ trợ doanh nghiệp tham gia phát triển các ứng dụng, dịch vụ số mới theo hình thức hợp tác công tư (PPP)"),
    # 57-NQ/TW (English translation only)
    S("ca-57-social-rd-en", "en", "number", "What share of R&D expenditure should come from society?",
      ["57-NQ/TW:II.1", A1], [["60%"]], NQ57, "of which social expenditure accounts for more than 60%"),
    S("ca-57-social-rd-vi", "vi", "number", "Chi cho nghiên cứu và phát triển từ xã hội chiếm bao nhiêu phần trăm?",
      ["57-NQ/TW:II.1", A1], [["60%"]], NQ57, "of which social expenditure accounts for more than 60%", ["cross-lingual"]),
    S("ca-57-cashless-en", "en", "number", "What rate of non-cash transactions does Resolution 57 target for 2030?",
      ["57-NQ/TW:II.1", A1], [["80%"]], NQ57, "non-cash transactions reach 80%"),
    S("ca-57-cashless-vi", "vi", "number", "Tỷ lệ giao dịch không dùng tiền mặt đến năm 2030 đạt bao nhiêu?",
      ["57-NQ/TW:II.1", A1], [["80%"]], NQ57, "non-cash transactions reach 80%", ["cross-lingual"]),
    S("ca-57-innovating-firms-en", "en", "number", "What share of enterprises should have innovation activities by 2030?",
      ["57-NQ/TW:II.1", A1], [["40%"]], NQ57, "The rate of enterprises with innovation activities reaches over 40%"),
    S("ca-57-innovating-firms-vi", "vi", "number", "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đến năm 2030 là bao nhiêu?",
      ["57-NQ/TW:II.1", A1], [["40%"]], NQ57, "The rate of enterprises with innovation activities reaches over 40%", ["cross-lingual"]),
    S("ca-57-innovating-firms-nodiac", "vi", "number", "ty le doanh nghiep co hoat dong doi moi sang tao nam 2030",
      ["57-NQ/TW:II.1", A1], [["40%"]], NQ57, "The rate of enterprises with innovation activities reaches over 40%", ["cross-lingual", "unaccented"]),
    S("ca-57-tfp-nodiac", "vi", "number", "dong gop cua nang suat cac nhan to tong hop vao tang truong kinh te la bao nhieu",
      ["57-NQ/TW:II.1", A1], [["55%"]], NQ57, "Contribution of total factor productivity (TFP) to economic growth is over 55%", ["cross-lingual", "unaccented"]),
    S("ca-57-dt-firms-2030-en", "en", "number", "How many digital technology enterprises on par with advanced countries should Vietnam have by 2030?",
      ["57-NQ/TW:II.1", A1], [["at least 5", "≥ 5", "≥5"]], NQ57, "There are at least 5 digital technology enterprises on par with advanced countries"),
    S("ca-57-dt-firms-2045-vi", "vi", "number", "Đến năm 2045 có ít nhất bao nhiêu doanh nghiệp công nghệ số ngang tầm các nước tiên tiến?",
      ["57-NQ/TW:II.2", A1], [["at least 10", "≥ 10", "≥10"]], NQ57, "there are at least 10 digital technology enterprises on par with advanced countries", ["cross-lingual"]),
    S("ca-57-attract-2030-en", "en", "number", "How many more leading global technology organizations should set up headquarters in Vietnam by 2030?",
      ["57-NQ/TW:II.1", A1], [["at least 3", "≥ 3", "≥3"]], NQ57, "Attract at least 3 more leading technology organizations"),
    S("ca-57-attract-2045-vi", "vi", "number", "Đến năm 2045 cần thu hút thêm bao nhiêu tổ chức, doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở tại Việt Nam?",
      ["57-NQ/TW:II.2", A1], [["at least 5", "≥ 5", "≥5"]], NQ57, "Attract at least 5 more leading technology organizations", ["cross-lingual"]),
    S("ca-57-competitiveness-en", "en", "number", "Where should Vietnam rank worldwide in digital competitiveness and the e-Government development index by 2030?",
      ["57-NQ/TW:II.1", A1], [["top 50", "≤ 50", "≤50"]], NQ57, "top 50 countries in the world in digital competitiveness and e-Government development index"),
    S("ca-57-competitiveness-vi", "vi", "number", "Việt Nam phấn đấu đứng thứ bao nhiêu thế giới về năng lực cạnh tranh số và chính phủ điện tử vào năm 2030?",
      ["57-NQ/TW:II.1", A1], [["top 50", "≤ 50", "≤50"]], NQ57, "top 50 countries in the world in digital competitiveness and e-Government development index", ["cross-lingual"]),
    S("ca-57-patent-exploit-en", "en", "number", "What commercial exploitation rate of patents does Resolution 57 target?",
      ["57-NQ/TW:II.1", A1], [["8 - 10%", "8-10%"]], NQ57, "the commercial exploitation rate reaches 8 - 10%"),
    S("ca-57-master-tech-vi", "vi", "list", "Nghị quyết 57 đặt mục tiêu từng bước làm chủ những công nghệ chiến lược nào?",
      ["57-NQ/TW:II.1"], [["blockchain", "quantum", "semiconductor"]], NQ57,
      "Gradually master a number of strategic technologies and digital technologies such as: Artificial Intelligence, Internet of Things (IoT), big data, cloud computing, blockchain, semiconductors, quantum technology",
      ["cross-lingual"]),
    S("ca-57-data-become-en", "en", "description", "What do the resolutions want data to become?",
      ["57-NQ/TW:I.3", "57-NQ/TW:III.3"], [["means of production", "production resources"]], NQ57, "turn data into the main means of production"),
    S("ca-57-data-become-vi", "vi", "description", "Nghị quyết 57 muốn biến dữ liệu thành gì?",
      ["57-NQ/TW:I.3", "57-NQ/TW:III.3"], [["means of production", "production resources"]], NQ57, "turn data into the main means of production",
      ["cross-lingual"]),
    S("ca-57-fund-fields-en", "en", "list", "Which fields does the investment fund for strategic industrial development prioritise?",
      ["57-NQ/TW:III.3"], [["robotics", "quantum technology", "biotechnology"]], NQ57,
      "Investment fund for strategic industrial development (priority in the fields of defense, space, energy, environment, biotechnology, artificial intelligence, advanced materials, semiconductors, quantum technology, robotics"),
    S("ca-57-fund-fields-vi", "vi", "list", "Quỹ đầu tư phát triển công nghiệp chiến lược ưu tiên những lĩnh vực nào?",
      ["57-NQ/TW:III.3", c03("II.3.a")], [["robotics", "quantum technology", "biotechnology"]], NQ57,
      "Investment fund for strategic industrial development (priority in the fields of defense, space, energy, environment, biotechnology, artificial intelligence, advanced materials, semiconductors, quantum technology, robotics",
      ["cross-lingual"]),
    S("ca-57-rare-earth-en", "en", "description", "What does Resolution 57 say about rare earths?",
      ["57-NQ/TW:III.3"], [["rare earth"]], NQ57, "especially rare earths, to develop science, technology and innovation"),
    S("ca-57-rare-earth-vi", "vi", "description", "Nghị quyết 57 nói gì về đất hiếm?",
      ["57-NQ/TW:III.3"], [["rare earth"]], NQ57, "especially rare earths, to develop science, technology and innovation", ["cross-lingual"]),
    S("ca-57-merge-orgs-en", "en", "description", "What does Resolution 57 say about ineffective science and technology organizations?",
      ["57-NQ/TW:III.2"], [["dissolve"]], NQ57, "Merge and dissolve ineffective scientific and technological organizations"),
    S("ca-57-merge-orgs-vi", "vi", "description", "Nghị quyết 57 nói gì về sáp nhập, giải thể các tổ chức khoa học và công nghệ hoạt động kém hiệu quả?",
      ["57-NQ/TW:III.2"], [["dissolve"]], NQ57, "Merge and dissolve ineffective scientific and technological organizations", ["cross-lingual"]),
    S("ca-57-propaganda-en", "en", "agency", "Who presides over guiding the implementation of Resolution 57?",
      ["57-NQ/TW:IV.5"], [CEN], NQ57, "The Central Propaganda Board presides over and coordinates with the relevant agencies to guide the implementation of the Resolution"),
    S("ca-57-front-vi", "vi", "description", "Mặt trận Tổ quốc Việt Nam có vai trò gì trong thực hiện Nghị quyết 57?",
      ["57-NQ/TW:IV.4"], [["supervision", "giám sát"]], NQ57, "promote the role of supervision, social criticism", ["cross-lingual"]),
    S("ca-57-ai-schools-en", "en", "description", "What kind of schools and training centers specializing in AI does Resolution 57 want built?",
      ["57-NQ/TW:III.4"], [["advanced schools"]], NQ57, "Build a number of advanced schools and training centers specializing in artificial intelligence"),
    S("ca-57-social-networks-vi", "vi", "description", "Nghị quyết 57 muốn phát triển mạng xã hội như thế nào?",
      ["57-NQ/TW:III.5"], [["Vietnamese social networks"]], NQ57, "Develop a number of Vietnamese social networks", ["cross-lingual"]),
    S("ca-57-fraud-en", "en", "description", "What does Resolution 57 say about online fraud?",
      ["57-NQ/TW:III.5"], [["online fraud"]], NQ57, "Effectively prevent crimes in the field of digital transformation, combat online fraud"),
    S("ca-57-fraud-nodiac", "vi", "description", "nghi quyet 57 noi gi ve chong lua dao truc tuyen",
      ["57-NQ/TW:III.5"], [["online fraud"]], NQ57, "Effectively prevent crimes in the field of digital transformation, combat online fraud",
      ["cross-lingual", "unaccented"]),
    S("ca-57-infra-principle-en", "en", "description", "On what principle should digital infrastructure be developed?",
      ["57-NQ/TW:I.3"], [["modernity"]], NQ57, "on the principle of \"modernity, synchronization, security, safety, efficiency, and avoiding waste\""),
    S("ca-57-infra-principle-vi", "vi", "description", "Hạ tầng số được phát triển theo nguyên tắc nào?",
      ["57-NQ/TW:I.3"], [["modernity"]], NQ57, "on the principle of \"modernity, synchronization, security, safety, efficiency, and avoiding waste\"", ["cross-lingual"]),
    S("ca-57-scientists-vi", "vi", "description", "Theo Nghị quyết 57, ai là nhân tố then chốt?",
      ["57-NQ/TW:I.2"], [["scientists", "nhà khoa học"]], NQ57, "scientists are the key factor", ["cross-lingual"]),
    S("ca-57-strategic-15-nodiac", "vi", "number", "danh it nhat bao nhieu phan tram ngan sach khoa hoc cong nghe cho nghien cuu cong nghe chien luoc",
      ["57-NQ/TW:III.3", c03("appendix-II.49")], [["15%"]], NQ57, "Allocate at least 15% of the state budget for science and technology", ["cross-lingual", "unaccented"]),
    S("ca-57-researchers-vi", "vi", "number", "Nhân lực nghiên cứu khoa học đạt bao nhiêu người trên một vạn dân?",
      ["57-NQ/TW:II.1", A1], [["12 people", "12 người"]], NQ57, "reaches 12 people per 10,000 people", ["cross-lingual"]),
    S("ca-57-publications-en", "en", "number", "By how much should international scientific publications grow each year?",
      ["57-NQ/TW:II.1", A1], [["10%"]], NQ57, "the number of international scientific publications increases by an average of 10%/year"),
    S("ca-57-ai-sea-vi", "vi", "number", "Việt Nam phấn đấu đứng trong nhóm bao nhiêu nước dẫn đầu Đông Nam Á về nghiên cứu và phát triển trí tuệ nhân tạo?",
      ["57-NQ/TW:II.1", A1], [["top 3", "≤ 3", "≤3"]], NQ57, "top 3 countries in Southeast Asia in research and development of artificial intelligence", ["cross-lingual"]),
    S("ca-57-hdi-vi", "vi", "number", "Chỉ số phát triển con người (HDI) được duy trì ở mức nào?",
      ["57-NQ/TW:II.1", A1], [["0.7", "0,7"]], NQ57, "Human Development Index (HDI) remaining above 0.7", ["cross-lingual"]),
    S("ca-57-exports-vi", "vi", "number", "Tỷ trọng xuất khẩu sản phẩm công nghệ cao trên tổng giá trị hàng hóa xuất khẩu đạt bao nhiêu?",
      ["57-NQ/TW:II.1", A1], [["50%"]], NQ57, "The proportion of high-tech product exports to the total value of exported goods reaches at least 50%", ["cross-lingual"]),
    S("ca-57-budget-3-vi", "vi", "number", "Phải bố trí ít nhất bao nhiêu phần trăm tổng chi ngân sách hằng năm cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số?",
      ["57-NQ/TW:II.1", A1], [["3%"]], NQ57, "allocate at least 3% of the total annual budget expenditure", ["cross-lingual"]),
    S("ca-57-rank-2045-vi", "vi", "number", "Đến năm 2045 Việt Nam thuộc nhóm bao nhiêu nước dẫn đầu thế giới về đổi mới sáng tạo và chuyển đổi số?",
      ["57-NQ/TW:II.2", A1], [["top 30", "≤ 30", "≤30"]], NQ57, "is among the top 30 countries in the world in innovation and digital transformation", ["cross-lingual"]),
]


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
    for s in [*SPECS, *MORE]:
        c = case(id=s.id, suite="clause", language=s.language, category=s.category, question=s.question,
                 tags=s.tags, checked=verify(s),
                 expect={"clauses_any": s.clauses, "key_facts": s.facts, "refused": False})
        c["split"] = split_of(s.question)
        out.append(c)
    return out + fresh_cases() + fresh3_cases() + fresh4_cases() + fresh5_cases()


FRESH = Path(__file__).with_name("clause_fresh.jsonl")


def fresh_cases() -> list[dict[str, object]]:
    """The second set (tag ``fresh-2``): 100 questions written from the clause texts by a tester who never
    saw the code, phrased as staff type them. Each key fact must have a spelling in the corpus text of the
    two resolutions (checked here against the files, not the parser); the split is the same hash."""
    corpus = _squash("\n".join("\n".join(_lines(n)) for n in (NQ57, NQ03)))
    out = []
    for line in FRESH.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        c = json.loads(line)
        for fact in c["expect"]["key_facts"]:
            if not any(_squash(alt) in corpus for alt in fact):
                raise ValueError(f"{c['id']}: key fact {fact} is in neither resolution's text")
        c["split"] = split_of(c["question"])
        c["checked"] = ("hand-written: blind set fresh-2 (a tester who never saw the code); every key fact has a "
                        f"spelling in the resolutions' text (make_clause_qa); {c.get('checked', '')}").rstrip("; ")
        out.append(c)
    return out


FRESH3 = Path(__file__).with_name("clause_fresh3.jsonl")
FRESH4 = Path(__file__).with_name("clause_fresh4.jsonl")
FRESH5 = Path(__file__).with_name("clause_fresh5.jsonl")


def helper_cases(path: Path, tag: str, stop: str) -> list[dict[str, object]]:
    """A set written from the clause texts alone by a helper that saw no code and no eval file (``fresh-3``
    at the fourth stop, ``fresh-4`` and ``fresh-5`` at the sixth). Its odd lines are held out (decided before it was first
    run); its unanswerable questions (``"unanswerable": true``, no key facts) stay out of the clause cases."""
    corpus = _squash("\n".join("\n".join(_lines(n)) for n in (NQ57, NQ03)))
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        c = json.loads(line)
        if c.pop("unanswerable", False):
            continue
        for fact in c["expect"]["key_facts"]:
            if not any(_squash(alt) in corpus for alt in fact):
                raise ValueError(f"{c['id']}: key fact {fact} is in neither resolution's text")
        c["category"] = tag
        c["split"] = "heldout" if n % 2 else "tune"
        c["checked"] = (f"hand-written: {tag}, from the clause texts alone (no code, no eval file{stop}); every key "
                        "fact has a spelling in the resolutions' text (make_clause_qa)")
        out.append(c)
    return out


def fresh3_cases() -> list[dict[str, object]]:
    return helper_cases(FRESH3, "fresh-3", "")


def fresh4_cases() -> list[dict[str, object]]:
    return helper_cases(FRESH4, "fresh-4", ", sixth stop")


def fresh5_cases() -> list[dict[str, object]]:
    return helper_cases(FRESH5, "fresh-5", ", sixth stop, every section of both documents")


def split_of(question: str) -> str:
    """A fixed hash of the question text puts one case in five out of tuning (decided before any tuning)."""
    return "heldout" if int(hashlib.sha256(question.encode("utf-8")).hexdigest(), 16) % 5 == 0 else "tune"


def main() -> None:
    cases = build()
    write_jsonl(EVALS_DIR / "clause_qa.jsonl", cases)
    print(f"wrote {len(cases)} clause cases to {EVALS_DIR / 'clause_qa.jsonl'}")


if __name__ == "__main__":
    main()
