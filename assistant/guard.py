"""Bad input, prompt injection and out-of-scope questions: polite, fixed answers in the user's language."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter

from assistant import messages
from ingest.textnorm import fold

_INJECTION = re.compile(
    r"\b((?:ignore|disregard) (?:all |your |the |any |previous |prior |above |earlier |of |my )*"
    r"(?:rules|instructions|prompts?|guidelines|directions|everything|(?<=all |the )above)|"
    r"(?:ignore|disregard) (?:all |everything )?(?:previous|prior|above|earlier)\b(?! (?:deadlines?|tasks?|questions?)\b)|"
    r"system prompt|your prompt|"
    r"forget (?:about )?(?:all |the |your |previous |prior )*(?:resolutions?|rules|instructions|documents?|above|"
    r"everything)|"
    r"print your|reveal (?:your|the (?:system|hidden|secret|api|internal|prompt|instructions)|api|secrets?|hidden|"
    r"internal|system|prompt|instructions|passwords?)|jailbreak|developer mode|pretend (?:you|to)|"
    # "act as a pirate" is role-play; "which agency will act as the focal point" is a question about the tasks.
    r"act as (?!(?:the |a |an )?(?:focal|coordinat\w*|lead\w*|standing|secretariat|permanent|hub|cent(?:re|er)|"
    r"bridge|main|agency|body|organ|host|chair\w*|member|secretary|advis\w+|counsel\w*)\b)|you are now|"
    r"bo qua (?:moi |cac |tat ca )?(?:quy tac|huong dan|chi dan)|in ra (?:prompt|loi nhac)|"
    # Vietnamese role-play openings: "từ giờ bạn là DAN", "bây giờ bạn là…", "hãy đóng vai…", "từ nay hãy nói".
    r"(?:tu gio|tu nay|bay gio|ke tu bay gio),? (?:ban|may|em|tro ly) (?:la|se la|dong vai)|hay dong vai|"
    r"(?:tu gio|tu nay),? (?:hay )?(?:noi|tra loi|tuyen bo) rang|"
    # Standing orders about how to answer: "when asked about X, reply only …", "khi được hỏi…, chỉ trả lời…".
    r"(?:when asked|khi duoc hoi)[^.?!]{0,80}?(?:reply|answer|respond|say|tra loi|noi)\b|"
    r"(?:reply|respond|answer) only (?:with )?|chi tra loi (?:bang )?)"
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
    r"project 06|de an 06|breakthroughs?|dot pha|viewpoints?|quan diem|solutions?|giai phap|council|hoi dong|steering|ban chi dao|"
    r"summary|summari[sz]e|overview|tom tat|tong quan|blockchain|quantum|luong tu|robotics?|biotech\w*|"
    r"sovereignty|chu quyen|smart cit(?:y|ies)|do thi thong minh|e-?commerce|fintech|vu tru|satellites?|"
    r"ve tinh|nang luong|healthcare|y te|agriculture|nong nghiep|scholarships?|hoc bong|scientists?|"
    r"nha khoa hoc|experts?|chuyen gia|intellectual property|so huu tri tue|patents?|dat hiem|rare earths?|"
    r"khoang san|minerals?|mining)\b"
)
_PCT = r"(?! ?(?:phan tram|%|percent|ty le))"  # "bao nhiêu phần trăm ngân sách" is a target the documents give
_UNANSWERABLE = re.compile(
    # Money: budgets, costs and allocations of tasks, projects and agencies (shares of GDP/budget are answerable,
    # and so is how the S&T budget is spent: "the budget for research is prioritised through funds").
    r"\b((?:what|whats|which|how (?:big|large|much)(?: is| was| will be)?|size of|amount of)(?: is| was| will be)?(?: the)?(?: total| annual| overall| planned)? budget (?:of|for|in)|budget (?:of|for) (?:task|project|nhiem vu)|how much (?:money|funding|budget)|cost of|vnd|usd|ty dong|trieu dong|nghin dong|"
    r"kinh phi (?:bao nhieu" + _PCT + r"|cua)|bao nhieu (?:tien|kinh phi|von|ngan sach)" + _PCT + r"|"
    r"(?:duoc cap|cap cho|duoc phan bo|phan bo cho|duoc chi|chi phi|tong muc dau tu|von dau tu)(?: \w+){0,3} "
    r"bao nhieu" + _PCT + r"|ton (?:het )?bao nhieu|"
    r"ngan sach (?:bao nhieu" + _PCT + r"|cho nhiem vu)|"
    r"how much (?!of\b)(?:\w+ ){0,5}?(?:spend|spent|cost|costs|invest|invested|allocated?|be allocated|receive)\b"
    r"(?![^?.]*\b(?:r&d|research|science|gdp|innovation|percent|share|proportion)\b)|"
    r"(?:does|do|did|will|would) (?:\w+ ){1,6}cost\b|"
    r"salary|muc luong|phone|email|so dien thoai|"
    # People: office-holders, staff numbers, contact persons. Which ministers proposed the programme is an
    # office the preamble names ("theo đề nghị của Bộ trưởng Bộ Khoa học và Công nghệ…"), not a person.
    r"who is the minister|(?<!de nghi cua )(?<!de nghi cua nhung )(?<!de nghi cua cac )bo truong (?:la ai|nao)|"
    r"name of the (?:minister|director|head)|who (?:is|are) the (?:current )?(?:minister|head|director)|"
    r"who (?:is )?(?:currently |now )?(?:heads|heading|runs|running|chairs) "
    r"(?!(?:the )?(?:tasks?|(?:central |national )?(?:steering|committee|council)))|"
    r"(?:bo truong|thu truong|giam doc|vien truong)(?: \w+){0,8} (?:la ai|ten (?:la )?gi)|"
    r"ai (?:dang )?(?:la|lam|dung dau) (?:bo truong|thu truong|giam doc|vien truong|lanh dao bo|dung dau)|"
    r"ten (?:cua )?bo truong|"
    r"how many (?:people|staff|employees|officials|civil servants|public servants|personnel|workers)\b"
    r"(?: \w+){0,3} (?:work|works|working|employ|employs|employed|are (?:there|on staff))|"
    r"how many (?:staff|employees|personnel)\b|headcount|number of (?:staff|employees|civil servants)|"
    r"(?<!dao tao )bao nhieu (?:can bo|cong chuc|vien chuc|nhan vien|nguoi lam viec|bien che)(?! (?:duoc |can )?dao tao)|"
    r"(?:tong )?so (?:can bo|cong chuc|vien chuc|nhan vien|bien che) (?:cua|tai|o)|"
    r"contact (?:person|point|details|info\w*|number|address)|point of contact|"
    r"who (?:should|do|can|could) (?:i|we) (?:contact|call|email|write to)|how (?:can|do|could) (?:i|we) contact|"
    r"(?:dau moi|nguoi|dia chi|thong tin) lien (?:he|lac)|lien (?:he|lac) (?:voi )?ai|"
    # Penalties.
    r"penalt\w+|xu phat|muc phat|bi phat|hinh phat|tien phat(?! trien)|phat (?:the nao|ra sao|bao nhieu)|"
    r"che tai (?:nao|gi|neu|khi|doi voi)|sanction(?:s|ed)? (?:for|if|against)|punish\w*|"
    r"(?:what happens|what are the consequences|consequences?) (?:if|when|for)\b[^?.]*\b(?:miss\w*|fail\w*|late|"
    r"not (?:complete|finish|meet)|does ?n[o']t|do ?n[o']t|overdue)|"
    # Progress and completion status.
    r"progress (?:of|on) (?:the )?(?:task|implementation|project)(?! reports?)|implementation progress(?! reports?)|"
    r"progress (?:so far|to date|made)|(?:made|making|make) (?:the )?(?:most |more |any |much |good |great |"
    r"significant |the least |least |little |no )?progress|how much progress|what progress (?:has|have)|"
    r"how far along|how far (?:has|have|is|are)|"
    r"(?:best|worst|fastest|slowest)[- ](?:performing|progress)|performing (?:best|worst)|"
    r"(?:has|have|had|did)\b(?! to\b)(?: (?!be\b|to\b)[\w&-]+){0,6}? (?:already |yet |now |so far |fully |actually )?"
    r"(?:complete|completed|finish|finished|accomplish|accomplished|done)\b(?! by\b)|"
    r"(?:has|have)\b(?! (?:the |this )?(?:resolution|action program|programme|nghi quyet))(?: [\w&-]+){0,8}? "
    r"been (?:completed|finished|done|built|launched|issued|adopted|enacted|"
    r"implemented|achieved|met|reached|put into (?:operation|use|service)|opened|operational)\b|"
    r"has task \d+ been (?:completed|done)|is (?:task|nhiem vu) \d+ (?:already )?(?:done|finished|"
    r"completed|complete)\b(?! by)|status of task|completed so far|"
    # ... but reporting on progress is a procedure the documents set ("báo cáo tiến độ 6 tháng một lần")
    r"(?<!bao cao )(?<!bao cao ve )tien do (?:cua|thuc hien|trien khai|hien nay|hien tai|den nay)(?!(?: \w+){0,2} bao cao)|"
    r"(?:trien khai|thuc hien|tien do)(?: \w+){0,5} (?:den|toi) dau|"
    r"da hoan thanh bao nhieu|hoan thanh chua|da hoan thanh chua|"
    r"\bda(?: [\w&-]+){0,8}? (?:duoc )?(?:hoan thanh|ban hanh|thanh lap|trien khai|thuc hien xong|xong|dua vao (?:su dung|"
    r"van hanh|hoat dong)|van hanh|di vao hoat dong|dat duoc|thong qua|khanh thanh|xay dung xong)\b"
    r"(?: [\w&-]+){0,8}? chua\b|"
    r"(?:trien khai|thuc hien|hoan thanh|lam)(?: \w+){0,4} (?:tot|hieu qua|kem|tich cuc|yeu) nhat|"
    r"hoan thanh (?:duoc )?nhieu (?:\w+ ){0,2}nhat|"
    r"(?:has|have)\b(?: [\w&-]+){0,6}? (?:reached|met|achieved|hit)\b(?: [\w&-]+){0,6}? (?:yet|already|so far)\b|"
    r"(?:already|yet) (?:reached|met|achieved)\b|"
    # Sizes of funds and budgets for a named thing; the share of a budget is answerable.
    r"ngan sach (?:cho|danh cho|cua)(?: [\w&-]+){0,8}? (?:la )?bao nhieu(?! phan tram| %)|"
    r"how (?:big|large) (?:is|will be) (?:the )?(?:[\w&-]+ ){0,5}fund|size of (?:the )?(?:[\w&-]+ ){0,5}fund|"
    r"quy mo (?:cua )?quy|"
    # Personal liability.
    r"trach nhiem ca nhan|personal(?:ly)? (?:liab\w*|responsib\w*|accountab\w*)|"
    # Harm (narrow: "tấn công mạng" and hackathons are topics of the documents).
    r"hack(?!athon)\w*|(?:cach|lam sao de|huong dan|giup toi) (?:hack|tan cong)|tan cong vao)\b"
)



def message(kind: str, lang: str, **kw: object) -> str:
    return messages.text(kind, lang, **kw)


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


_CITED_NO = re.compile(r"\b(?:decree|nghi dinh|law|luat|decision|quyet dinh|circular|thong tu)\s*(?:no\.?|so)?\s*"
                       r"(\d{1,3}/\d{4})\b")


_LETTERS = re.compile(r"[a-z]+")
_DOC_NO = re.compile(r"\d{1,3}/\d{4}")
_RES_NO = re.compile(r"\b(\d{1,3})-NQ/(?:TW|CP)\b")


class DomainVocabulary:
    """Words and syllable pairs that occur in the documents: a question sharing two of them is about them."""

    def __init__(self, texts_en: list[str], texts_vi: list[str]) -> None:
        self.words: set[str] = set()
        self.vi: set[str] = set()
        for lang, texts in (("en", texts_en), ("vi", texts_vi)):
            for t in texts:  # each text folded once: this runs on every start
                ws = _LETTERS.findall(fold(t))
                self.words.update(ws)
                if lang == "vi":
                    self.vi.update(f"{a} {b}" for a, b in itertools.pairwise(ws))
        self.numbers = {n for t in [*texts_en, *texts_vi] for n in _DOC_NO.findall(t)}
        # Resolutions the documents cite by number ("Nghị quyết số 45-NQ/TW ngày 24 tháng 11 năm 2023"): a
        # question about how ours relate to one of them is answered from the citing clause.
        self.cited_resolutions = {m for t in [*texts_en, *texts_vi] for m in _RES_NO.findall(t)}
        self.en = {w for w in self.words if len(w) >= 5} - _EN_STOP
        self._slips = None  # built on the first question that needs it
        self._texts_vi = texts_vi
        self._initials: dict[str, int] | None = None

    def uncited_document(self, question: str) -> str | None:
        """"Decree 13/2023 on personal data": a decree, law or decision by a number neither resolution cites,
        as the question writes it."""
        m = _CITED_NO.search(fold(question))
        if m is None or m.group(1) in self.numbers:
            return None
        return question[m.start(): m.end()] if len(fold(question)) == len(question) else m.group()

    def unknown_name(self, question: str) -> str | None:
        """A capitalised name the documents never use ("Viettel", "FPT"): asked about, it is not in them."""
        from assistant.understanding.words import terms

        shorthand = terms("scope", "domain_shorthand")  # "S&T", "DX": the documents' subjects, abbreviated
        for m in re.finditer(r"(?<![.?!]\s)(?<!^)\b[A-Z][A-Za-z&]{2,}\b", question.strip()):
            name = fold(m.group())
            if _ROMAN.fullmatch(m.group()):
                continue  # "khóa XIII", "Chapter IV": a number, not a name
            if name not in self.words and name not in shorthand and not (m.group().isupper() and self.spells_out(name)):
                return m.group()
        return None

    def spells_out(self, acronym: str) -> bool:
        """Whether ``acronym`` is the initials of words the Vietnamese texts use together more than by chance
        ("TNDN": thu nhập doanh nghiệp, 3 times; "GDĐH": giáo dục đại học): the documents' own subject,
        abbreviated, not a body they never name. Two letters are too few to tell (the shorthand list has
        those), and a three-letter one needs its words three times: "ADB" is "an được ban" twice by chance."""
        key = fold(acronym).replace("&", "")
        if len(key) < 3:
            return False
        if self._initials is None:
            seen: Counter[str] = Counter()
            for t in self._texts_vi:
                ws = _LETTERS.findall(fold(t))
                for n in range(3, 7):
                    seen.update(" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1))
            best: dict[str, int] = {}
            for phrase, count in seen.items():
                k = "".join(w[0] for w in phrase.split())
                best[k] = max(best.get(k, 0), count)
            self._initials = best
        return self._initials.get(key, 0) >= (3 if len(key) == 3 else 2)

    def hits(self, question: str) -> int:
        f = fold(question)
        ws = re.findall(r"[a-z]+", f)
        en = {w for w in ws if len(w) >= 5 and (w in self.en or self._speller().correct(w) is not None)}
        vi = {f"{a} {b}" for a, b in itertools.pairwise(ws) if f"{a} {b}" in self.vi}
        return max(len(en), len(vi))

    def _speller(self):
        """The documents' English words as typo targets: "strategic technolgies" is about them all the same."""
        from assistant.understanding.spelling import Speller

        if self._slips is None:
            self._slips = Speller(self.en)
        return self._slips


_ROMAN = re.compile(r"[IVXLC]+")


def unanswerable(text: str) -> bool:
    return bool(_UNANSWERABLE.search(fold(text)))


_LANGS = (r"(?:french|german|spanish|chinese|mandarin|japanese|korean|russian|italian|portuguese|thai|lao|khmer|"
          r"arabic|hindi|indonesian|malay|dutch|latin|greek|turkish|polish|swedish|tagalog|filipino)")
_CREATIVE = re.compile(
    # A creative object is needed: "write down the tasks MOH leads" and "write a summary" stay in scope.
    r"\b(?:(?:write|compose|draft|create|make up|make|generate|give me|tell me|tell us|sing|produce|craft)"
    r"(?: (?:me|us|for me|for us|a|an|some|another|one|short|long|funny|little|simple|nice|beautiful|new|"
    r"small|quick|\d+(?:-line)?|python|javascript|java|sql|bash|shell|html|rhyming|lines? of|cute)){0,5} "
    r"(?:poems?|poetry|songs?|lyrics|story|stories|jokes?|essays?|haikus?|limericks?|raps?|sonnets?|verses?|"
    r"novels?|fiction|fairy ?tales?|speech(?:es)?|slogans?|code(?! of)|scripts?|snippets?|riddles?|fables?)\b|"
    r"(?:poem|haiku|limerick|sonnet|joke|lyrics|rap song) (?:about|on|for|that)\b|"
    r"translate\b[^?]{0,300}? (?:in)?to " + _LANGS + r"\b|"
    r"viet(?: (?:cho toi|giup toi|giup|cho|mot|1|vai|doan))* (?:bai tho|tho|bai hat|loi bai hat|cau chuyen|"
    r"truyen ngan|truyen cuoi|bai van|bai luan|code|ma nguon|doan ma|bai rap|rap|kich ban|la thu|buc thu)\b|"
    r"sang tac|lam (?:mot |1 )?(?:bai )?tho\b|bai tho|bai hat ve|"
    r"ke (?:cho toi |cho chung toi |nghe )*(?:mot |1 )?(?:cau|mau) chuyen|"
    r"ke chuyen (?:cuoi|vui|co tich|ve|cho|hai|nghe)|chuyen cuoi|truyen cuoi|"
    r"dich\b(?! (?:vu|benh|chuyen|te)\b)[^?]{0,200}? sang tieng (?!anh\b|viet\b)\w+)"
)


def creative_request(text: str) -> bool:
    """True for a request to create something (poem, song, story, joke, essay, speech, code) or to translate into
    a language other than English/Vietnamese: out of scope whatever topic words it contains."""
    return bool(_CREATIVE.search(fold(text)))


# Resolutions the assistant answers from: 57-NQ/TW, 03/NQ-CP and the successor-map sources 176 and 202/2025/QH15.
_OURS = {57: "NQ/TW", 3: "NQ-CP", 176: "QH15", 202: "QH15"}
_RES_WORD = r"\b(?:ngh[iịĩíìỉ]\s+quy[eếệềểễ]t|resolutions?|NQ\b\.?)"
_NUM = r"(?>\d{1,4}(?:/\d{4})?(?:\s*[-/]\s*(?:NQ|QH)[\w/-]*)?)"  # atomic: a lookahead must not trim a suffix
_REF = "(" + _NUM + ")"
# "Resolution 57 and 140 tasks": a number followed by a noun counts things, it names no resolution.
_NOT_COUNTED = (r"(?!\d|\s+(?:tasks?|nhi[eệ]m\s+v[uụ]|ministr\w*|b[oộ]\b|indicators?|ch[iỉ]\s+ti[eê]u|targets?|"
                r"agencies|people|ng[uư][oờ]i|years?|n[aă]m|groups?|nh[oó]m|percent|ph[aầ]n\s+tr[aă]m|%))")
_RES_REF = re.compile(
    _RES_WORD + r"\s*(?:s[oố]\s+|no\.?\s*|number\s+|#\s*)?" + _REF + _NOT_COUNTED
    + r"((?:\s*(?:,|and|và|or|hoặc|&)\s*(?:" + _RES_WORD + r"\s*)?(?:s[oố]\s+|no\.?\s*)?" + _NUM
    + _NOT_COUNTED + r")*)",
    re.IGNORECASE,
)
_BARE_REF = re.compile(r"(?<![\w/-])(\d{1,4}(?:/\d{4})?[-/]NQ[-/][A-Z]+\w*)", re.IGNORECASE)


def _is_ours(ref: str) -> bool:
    m = re.match(r"(\d+)(?:/(\d{4}))?(.*)", ref.replace(" ", ""))
    if m is None:
        return True
    num, suffix = int(m.group(1)), m.group(3).upper().strip("-/")
    if num not in _OURS:
        return False
    return not suffix or _OURS[num] in suffix


def other_document(text: str) -> str | None:
    """The reference, as written ("52-NQ/TW", "68"), of a resolution the question names that is not one of ours
    (57-NQ/TW, 03/NQ-CP, 176/2025/QH15, 202/2025/QH15); None when it names none or only ours. Decrees and laws
    cited inside the tasks are not resolutions and never count."""
    refs: list[str] = []
    for m in _RES_REF.finditer(text):
        refs.append(m.group(1))
        refs += re.findall(r"\d{1,4}(?:/\d{4})?(?:\s*[-/]\s*(?:NQ|QH)[\w/-]*)?", m.group(2), re.IGNORECASE)
    refs += _BARE_REF.findall(text)
    for ref in refs:
        ref = ref.strip().rstrip("-/.,")
        if re.fullmatch(r"(?:19|20)\d\d", ref):
            continue  # "Nghị quyết 57 năm 2024", "Resolution 57, 2024"
        if not _is_ours(ref):
            return ref
    return None


def detect_lang_safe(text: str) -> str:
    from assistant.understanding.parse import detect_language

    try:
        return detect_language(text[:2000])
    except Exception:  # language detection must never be why a bad input crashes
        return "en"
