"""Bad input, prompt injection and out-of-scope questions: polite, fixed answers in the user's language."""

from __future__ import annotations

import itertools
import re
import unicodedata

from ingest.textnorm import fold

_INJECTION = re.compile(
    r"\b(ignore (?:all |your |the |previous |prior )*(?:rules|instructions|prompt)|system prompt|your prompt|"
    r"forget (?:about )?(?:all |the |your |previous |prior )*(?:resolutions?|rules|instructions|documents?|above|"
    r"everything)|"
    r"print your|reveal|jailbreak|developer mode|pretend (?:you|to)|act as|you are now|bo qua (?:moi |cac )?"
    r"(?:quy tac|huong dan|chi dan)|in ra (?:prompt|loi nhac)|disregard)\b"
)
_DOMAIN = re.compile(
    r"\b(resolution|nghi quyet|57|03|task|nhiem vu|indicator|chi tieu|ministry|bo |agency|co quan|science|"
    r"khoa hoc|technolog|cong nghe|innovat|doi moi|sang tao|digital|so hoa|chuyen doi so|data|du lieu|"
    r"startup|khoi nghiep|venture|dau tu|invest|research|nghien cuu|r&d|semiconductor|ban dan|"
    r"artificial|tri tue nhan tao|talent|nhan luc|nhan tai|program|chuong trinh|action|hanh dong|deadline|"
    r"thoi han|lead|chu tri|coordinat|phoi hop|gdp|target|muc tieu|goal|2030|2045|2025|politburo|bo chinh tri|"
    r"government|chinh phu|policy|chinh sach|law|luat|institution|the che|infrastructure|ha tang|platform|"
    r"nen tang|cyber|an ninh mang|telecom|vien thong|5g|6g|cloud|internet|e-government|chinh phu so|"
    r"economy|kinh te|education|giao duc|stem|university|dai hoc|patent|sang che|fund|quy dau tu|budget|kinh phi|"
    r"cooperation|hop tac|international|quoc te|enterprise|doanh nghiep|section|muc|article|dieu|appendix|"
    r"phu luc|task group|nhom nhiem vu|overdue|qua han|due|thoi han|han chot)(?:s|es)?\b|"
    # Plurals and inflections the stems above miss ("tasks", "ministries", "provinces", "localities").
    r"\b(ministries|agencies|localities|provinces?|sandbox\w*|mechanisms?|regulations?|decrees?|"
    r"responsibilit\w+|duties|deliverables?|targets?|goals?|indicators?|dia phuong|co che|"
    r"breakthroughs?|dot pha|viewpoints?|quan diem|solutions?|giai phap|council|hoi dong|steering|ban chi dao|"
    r"summary|summari[sz]e|overview|tom tat|tong quan|blockchain|quantum|luong tu|robotics?|biotech\w*|"
    r"sovereignty|chu quyen|smart cit(?:y|ies)|do thi thong minh|e-?commerce|fintech|vu tru|satellites?|"
    r"ve tinh|nang luong|healthcare|y te|agriculture|nong nghiep|scholarships?|hoc bong|scientists?|"
    r"nha khoa hoc|experts?|chuyen gia|intellectual property|so huu tri tue|patents?)\b"
)
_UNANSWERABLE = re.compile(
    r"\b(budget (?:of|for|in)|how much (?:money|funding|budget)|cost of|vnd|usd|ty dong|trieu dong|nghin dong|"
    r"kinh phi (?:bao nhieu|cua)|bao nhieu tien|ngan sach (?:bao nhieu|cho nhiem vu)|salary|muc luong|phone|email|"
    r"so dien thoai|who is the minister|bo truong (?:la ai|nao)|penalt\w+|xu phat|progress (?:of|on) task|"
    r"tien do (?:cua|thuc hien) nhiem vu|has task \d+ been (?:completed|done)|da hoan thanh chua|status of task|"
    r"(?:have|has) been (?:completed|finished|done)|completed so far|da hoan thanh bao nhieu|hoan thanh chua|"
    r"name of the (?:minister|director|head)|who (?:is|are) the (?:current )?(?:minister|head|director)|"
    r"bo truong (?:hien nay )?la ai|ten (?:cua )?bo truong|hack\w*|tan cong)\b"
)

MESSAGES = {
    "empty": {
        "en": "Please type a question about Resolution 57-NQ/TW or the Action Programme 03/NQ-CP, for example "
        "“Which tasks does MOH lead?”.",
        "vi": "Xin hãy nhập câu hỏi về Nghị quyết 57-NQ/TW hoặc Chương trình hành động 03/NQ-CP, ví dụ "
        "“Bộ Y tế chủ trì những nhiệm vụ nào?”.",
    },
    "too_long": {
        "en": "Your question is {n} characters long; the limit is {limit}. Please shorten it to the part you "
        "want answered.",
        "vi": "Câu hỏi dài {n} ký tự, vượt giới hạn {limit} ký tự. Xin hãy rút gọn câu hỏi.",
    },
    "junk": {
        "en": "I could not read that as text. Please type your question in Vietnamese or English.",
        "vi": "Không đọc được nội dung này. Xin hãy nhập câu hỏi bằng tiếng Việt hoặc tiếng Anh.",
    },
    "injection": {
        "en": "I can't change how I work or reveal my instructions. I answer questions about Resolution 57-NQ/TW "
        "and the Action Programme 03/NQ-CP, citing the clauses.",
        "vi": "Tôi không thể thay đổi cách làm việc hay tiết lộ chỉ dẫn nội bộ. Tôi trả lời câu hỏi về Nghị quyết "
        "57-NQ/TW và Chương trình hành động 03/NQ-CP, có dẫn nguồn điều khoản.",
    },
    "out_of_scope": {
        "en": "That is outside what I can answer: I only answer questions about Resolution 57-NQ/TW and the "
        "Government's Action Programme 03/NQ-CP (its tasks, indicators and clauses).",
        "vi": "Câu hỏi nằm ngoài phạm vi: tôi chỉ trả lời về Nghị quyết 57-NQ/TW và Chương trình hành động của "
        "Chính phủ (Nghị quyết 03/NQ-CP): nhiệm vụ, chỉ tiêu và các điều khoản.",
    },
    "injection_ignored": {
        "en": "*(I ignored the part of your message that asked me to change my instructions.)*",
        "vi": "*(Tôi bỏ qua phần yêu cầu thay đổi chỉ dẫn trong tin nhắn.)*",
    },
    "not_said": {
        "en": "The documents do not say. Resolution 57-NQ/TW and 03/NQ-CP contain nothing that answers this{extra}.",
        "vi": "Các văn bản không nêu nội dung này. Nghị quyết 57-NQ/TW và 03/NQ-CP không có thông tin trả lời "
        "câu hỏi{extra}.",
    },
}


def message(kind: str, lang: str, **kw: object) -> str:
    return MESSAGES[kind][lang].format(**kw)


def junk_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch)[0] in "CS" and ch not in "\n\t\r " and ch not in "%&+<=>$/|~^°≥≤–—’‘“”…€₫")
    return bad / len(text)


def is_injection(text: str) -> bool:
    return bool(_INJECTION.search(fold(text)))


def strip_injection(text: str) -> str:
    """The message without its sentences that try to instruct the assistant ("" when nothing else is left)."""
    parts = re.split(r"(?<=[.?!;])\s+|\s+(?=(?:also|and then|then|và|rồi)\s+(?:ignore|bỏ qua))", text)
    kept = [p for p in parts if p.strip() and not is_injection(p)]
    rest = " ".join(kept).strip()
    return rest if len(re.findall(r"\w+", rest)) >= 3 else ""


def in_domain(text: str) -> bool:
    return bool(_DOMAIN.search(fold(text) + " ")) or bool(re.search(r"\bAI\b", text))


_EN_STOP = set(
    ["which", "where", "there", "their", "these", "those", "about", "would", "could", "should", "what", "whose", "while", "after", "before", "other", "being", "since", "until", "under", "above", "below", "between", "every", "every", "often", "never", "always", "please", "thank", "thanks", "today", "hello"]
)


class DomainVocabulary:
    """Words and syllable pairs that occur in the documents: a question sharing two of them is about them."""

    def __init__(self, texts_en: list[str], texts_vi: list[str]) -> None:
        self.words = {w for t in [*texts_en, *texts_vi] for w in re.findall(r"[a-z]+", fold(t))}
        self.en = {w for w in self.words if len(w) >= 5} - _EN_STOP
        self.vi: set[str] = set()
        for t in texts_vi:
            ws = re.findall(r"[a-z]+", fold(t))
            self.vi.update(f"{a} {b}" for a, b in itertools.pairwise(ws))

    def unknown_name(self, question: str) -> str | None:
        """A capitalised name the documents never use ("Viettel", "FPT"): asked about, it is not in them."""
        for m in re.finditer(r"(?<![.?!]\s)(?<!^)\b[A-Z][A-Za-z&]{2,}\b", question.strip()):
            if fold(m.group()) not in self.words:
                return m.group()
        return None

    def hits(self, question: str) -> int:
        f = fold(question)
        ws = re.findall(r"[a-z]+", f)
        en = {w for w in ws if len(w) >= 5 and w in self.en}
        vi = {f"{a} {b}" for a, b in itertools.pairwise(ws) if f"{a} {b}" in self.vi}
        return max(len(en), len(vi))


def unanswerable(text: str) -> bool:
    return bool(_UNANSWERABLE.search(fold(text)))


def detect_lang_safe(text: str) -> str:
    from assistant.understand import detect_language

    try:
        return detect_language(text[:2000])
    except Exception:  # language detection must never be why a bad input crashes
        return "en"
