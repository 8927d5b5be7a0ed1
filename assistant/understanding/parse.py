"""Question understanding: language, agencies, role, numbers, clause references, time constraints.

Everything here is rule-based and deterministic: the same question always parses the same way.
Matching runs on folded text (lower case, no diacritics), so "Bộ Y tế", "bo y te" and "BỘ Y TẾ" agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from assistant.taskquery import Window
from assistant.understanding.outputs import asked_outputs
from assistant.understanding.periods import absolute, date_range, half_year, parse_date, period, upcoming
from assistant.understanding.words import terms
from ingest.deadlines import MONTHS_EN
from ingest.gazetteer import Gazetteer
from ingest.textnorm import fold, has_vietnamese_marks

_VI_WORDS = {
    "nhiem", "vu", "chu", "tri", "nao", "nhung", "cua", "bo", "gi", "la", "co", "khong", "thi", "sao", "han",
    "phoi", "hop", "thuc", "hien", "truoc", "nam", "thang", "quy", "chi", "tieu", "cac", "nay", "do", "duoc",
    "ve", "trong", "con", "muc", "diem", "nghi", "quyet", "bao", "nhieu", "giao", "hoan", "thanh", "ket", "qua",
    "theo", "doi", "tai", "viec", "nganh", "dia", "phuong", "xong", "cho", "biet", "khi", "ai", "dau", "gia",
}
_EN_WORDS = {
    "which", "what", "the", "tasks", "task", "lead", "leads", "does", "is", "are", "when", "due", "of", "and",
    "by", "in", "about", "say", "how", "many", "who", "indicator", "resolution", "ministry", "for", "with",
    "tell", "me", "more", "those", "them", "coordinate", "any", "there", "do", "to", "on", "a", "point",
    "section", "article", "appendix", "says", "mean", "means", "list", "show", "give", "please", "where",
}

_MONTHS = MONTHS_EN
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QWORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": 4}

_TASK_NO = re.compile(
    # "nhóm nhiệm vụ 5", "task group 3" name a group of the programme, not a row
    r"(?<!nhom )(?<!group of )\b(?:tasks?|nhiem vu|nv)(?! group)\s*(?:so|number|no\.?|#)?\s*"
    r"(\d{1,3}(?:\s*(?:,|and|va|&|-|to|den)\s*\d{1,3})*)\b"
)
_IND_NO = re.compile(
    r"\b(?:indicators?|chi tieu|target|kpi)\s*(?:so|number|no\.?|#)?\s*(\d{1,2}(?:\.\d{1,2})?"
    r"(?:\s*(?:,|and|va|&)\s*\d{1,2}(?:\.\d{1,2})?)*)\b"
)
_GROUP = re.compile(r"\b(?:group|nhom|nhom nhiem vu|task group)\s*(?:so\s*)?([ivx]{1,4}|[1-7])\b")
_ARTICLE = re.compile(r"\b(?:article|dieu)\s*([1-3])\b")
# "section II.2.b", "mục II.2", "II.2.b", "mục II điểm b", "point b of item 2 of section II"

_LEAD_WORDS = re.compile(
    # "the world's leading tech firms", "the leading group of countries": an adjective, not a role.
    r"\b(lead|leads|(?<!world's )(?<!worlds )(?<!world )(?<!the )(?<!most )leading(?! (?:tech\w*|group|groups|"
    r"enterprises?|compan\w+|firms?|orgs?|organi[sz]ations?|countries|nations?|experts?|scientists?|universit\w+|"
    r"institut\w+|research\w*|role|position|level|edge))|led|in charge|responsible|chu tri|phu trach|chiu trach nhiem|owner|own|owns|"
    r"assigned to|giao cho|duoc giao)\b"
)
_COORD_WORDS = re.compile(r"\b(coordinat\w*|phoi hop|support\w*|assist\w*|cooperat\w*)\b")
_JOINT_WORDS = re.compile(
    r"\b(joint\w*|together|cung chu tri|dong chu tri|cung nhau|shared|shares? (?:the )?(?:lead\w*|responsibilit\w*)|co-?lead\w*|co-?led|cung|"
    r"chu tri cung|with (?:another|other|any other) (?:body|bodies|agency|agencies|ministry|ministries)|"
    r"voi (?:co quan|bo|don vi) khac)\b"
)
_EITHER_WORDS = re.compile(r"\b(involv\w*|tham gia|lien quan|participat\w*|role|vai tro|any role)\b")
_OVERDUE = re.compile(
    r"\b(overdue|past due|late|behind|missed|past (?:their|its|the) (?:deadlines?|due dates?)|qua han|tre han|"
    r"cham tien do|da het han|expired|cham tre)\b"
)
_ONWARD = re.compile(r"\b(nhung nam tiep theo|cac nam tiep theo|following years|subsequent years|onwards?|and beyond)\b")
_NO_DEADLINE = re.compile(
    r"\b(no deadline|without (?:a |any )?deadline|no (?:completion )?(?:date|timeframe|time frame)|"
    r"khong (?:co|neu|ghi|de) (?:thoi han|han|thoi gian hoan thanh|han hoan thanh|moc thoi gian)|"
    r"chua co thoi han|no (?:due date|end date)|(?:has|have|with) no (?:due date|end date|completion date))\b"
)
_AS_OF = re.compile(
    r"\b(?:as (?:of|at)|tinh den(?: het)?(?: ngay)?|den ngay|tai thoi diem|at|on)\s+"
    r"(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+[a-z]+,?\s+\d{4}|[a-z]+\s+\d{1,2},?\s+\d{4})"
)
_ANAPHOR = re.compile(
    r"\b(bo do|bo nay|co quan do|co quan nay|don vi do|that ministry|this ministry|that agency|this agency|"
    r"that body|the same (?:ministry|agency)|it|they|them|its|their)\b"
)
_APPENDIX_I = re.compile(r"\b(appendix i|phu luc i|phu luc 1|appendix 1)\b(?!i)")
_ONGOING = re.compile(r"\b(ongoing|regular|continuous\w*|thuong xuyen|lien tuc|no fixed deadline|open-ended|"
                      r"(?:do|does) not have (?:a |any )?fixed (?:deadline|date|end date)|without (?:a |any )?fixed "
                      r"(?:deadline|date)|khong co (?:thoi )?han co dinh)\b")
_ANNUAL = re.compile(r"\b(annual\w*|every year|yearly|hang nam|moi nam)\b")
_COUNT = re.compile(
    r"\b(how many|number of|bao nhieu|so luong|count|co may|"
    r"may (?:nhiem vu|nhom|chi tieu|muc|diem|giai phap|quan diem|phan|dieu))\b"
)
_DEADLINE_Q = re.compile(
    r"\b(when|deadline|due|thoi han|han|bao gio|khi nao|luc nao|time ?frame|deliver\w*|finish\w*|complet\w*|"
    r"must be|has to be|have to be|hoan thanh|xong|phai|ket thuc)\b"
)
_FOLLOW_FILTER = re.compile(
    r"\b(those|these|them|of those|among them|which of|trong so (?:do|nay)|trong do|cac nhiem vu (?:do|nay|tren)|"
    r"nhung nhiem vu (?:do|nay|tren)|so do|o tren|above)\b"
)
# Words that point back at the one task just shown, or at a row of the list just shown.
_TASK_ANAPHOR = re.compile(
    r"\b(this task|that task|the task|same task|it|its|nhiem vu (?:do|nay|tren|ay)|viec (?:do|nay))\b"
)
_ORDINAL = re.compile(
    r"\b(?:the )?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last) (?:one|task|item|row)\b|"
    r"\b(?:nhiem vu|cai|muc|dong) (dau tien|thu nhat|thu hai|thu ba|thu tu|thu nam|cuoi cung|cuoi)\b"
)
# "The second objective", "mục tiêu thứ hai": an item of the programme by its number, not a row of the last list.
_OBJECTIVE = re.compile(
    r"\b(?:the )?(first|second|third|1st|2nd|3rd|last) (?:objective|aim)s?\b|"
    r"\bmuc tieu (dau tien|thu nhat|thu hai|thu ba|cuoi cung|cuoi)\b"
)
_ORDINAL_INDEX = {"first": 0, "1st": 0, "dau tien": 0, "thu nhat": 0, "second": 1, "2nd": 1, "thu hai": 1,
                  "third": 2, "3rd": 2, "thu ba": 2, "fourth": 3, "4th": 3, "thu tu": 3, "fifth": 4, "5th": 4,
                  "thu nam": 4, "last": -1, "cuoi cung": -1, "cuoi": -1}


def ordinal(folded: str) -> int | None:
    """The list position a follow-up names ("the second one", "nhiệm vụ thứ hai"); -1 for the last."""
    m = _ORDINAL.search(folded)
    return None if m is None else _ORDINAL_INDEX[m.group(1) or m.group(2)]


def objective_ordinal(folded: str) -> int | None:
    """The objective a question names by its place ("the second objective": 1), 0-based; -1 for the last."""
    m = _OBJECTIVE.search(folded)
    return None if m is None else _ORDINAL_INDEX[m.group(1) or m.group(2)]


def points_at_task(folded: str) -> bool:
    return bool(_TASK_ANAPHOR.search(folded))


_WHAT_ABOUT = re.compile(
    r"^(?:and |what about |how about |(?:the |vay |the thi |thi )?con |va )|(?:thi sao|the nao|thi the nao)\??$"
)
_MORE = re.compile(r"\b(tell me more|more about|details?|chi tiet|noi them|cu the hon|explain)\b")
_INDICATOR_WORDS = re.compile(r"\b(indicators?|chi tieu|targets?|kpis?|monitor\w*|theo doi|danh gia)\b")
# Words that name the indicator table itself (not just "target", which the resolutions use everywhere).
_INDICATOR_TABLE = re.compile(r"\b(indicators?|chi tieu|kpis?|appendix i|phu luc i)\b(?!i)")
_TASK_WORDS = re.compile(r"\b(tasks?|nhiem vu|assignments?|responsibilit\w*|cong viec|viec)\b")
# With an agency named, these ask for its assignments too ("What must provinces do?", "MOH phải làm gì?").
_DUTY_WORDS = re.compile(
    r"\b(?:must|should|shall|has to|have to|will|do|does|is|are)\b.{0,60}\b(?:do|doing|deliver|produce|in charge)\b"
    r"|\b(duties|duty|deliverables?|assigned|in charge of|charged with|role of|phai lam gi|lam gi|lam nhung gi|"
    r"duoc giao|giao cho|trach nhiem)\b"
)


@dataclass
class Query:
    text: str
    folded: str
    lang: str
    agencies: list[str] = field(default_factory=list)
    unknown_agency: str | None = None
    role: str | None = None  # lead | coord | either | joint
    task_numbers: list[int] = field(default_factory=list)
    indicator_ids: list[str] = field(default_factory=list)
    clause_refs: list[str] = field(default_factory=list)
    group: str | None = None
    window: Window | None = None
    due_before: date | None = None
    due_after: date | None = None
    overdue: bool = False
    onward: bool = False
    no_deadline: bool = False
    as_of: date | None = None
    mentions_appendix_i: bool = False
    names_indicators: bool = False
    anaphor: bool = False
    ongoing: bool = False
    annual: bool = False
    count: bool = False
    asks_deadline: bool = False
    asks_indicators: bool = False
    asks_tasks: bool = False
    follow_filter: bool = False
    what_about: bool = False
    more: bool = False
    doc_hint: str | None = None  # "57-NQ/TW" | "03/NQ-CP"
    outputs: list[str] = field(default_factory=list)  # output kinds asked for (assistant.understanding.outputs)
    coord_with: list[str] = field(default_factory=list)  # role "split": these coordinate what ``agencies`` lead

    @property
    def has_time(self) -> bool:
        return bool(self.window or self.due_before or self.due_after or self.overdue or self.ongoing or self.annual
                    or self.onward or self.no_deadline)


def detect_language(text: str) -> str:
    ws = re.findall(r"[a-z]+", fold(text))
    en = sum(w in _EN_WORDS for w in ws)
    if has_vietnamese_marks(text):
        # An English sentence may quote a Vietnamese name ("Which tasks does Bộ Y tế lead?") or a point
        # letter ("point II.1.đ"): marks decide only when English words do not clearly outnumber them.
        marked = sum(1 for w in re.findall(r"\w+", text) if len(w) > 1 and has_vietnamese_marks(w))
        return "en" if en >= 3 and en > marked else "vi"
    vi = sum(w in _VI_WORDS for w in ws)
    return "vi" if vi > en else "en"


def parse_time(q: Query, default_year: int = 2025, today: date | None = None) -> None:
    f = absolute(q.folded, today) if today else q.folded
    m = _AS_OF.search(f)
    if m and (d := parse_date(m.group(1))):
        q.as_of = d
        f = f[: m.start()] + " " * (m.end() - m.start()) + f[m.end() :]
    if _OVERDUE.search(f):
        q.overdue = True
    if _ONWARD.search(f):
        q.onward = True
    if _NO_DEADLINE.search(f):
        q.no_deadline = True
    if q.onward or q.no_deadline:
        return
    if _ONGOING.search(f) and not re.search(r"\bnot ongoing\b", f):
        q.ongoing = True
    if _ANNUAL.search(f):
        q.annual = True
    found = half_year(f, default_year) or date_range(f, default_year)
    if not found and today and (soon := upcoming(f, today)):
        q.due_after, q.due_before = soon
        return
    w, span = found if found else period(f, default_year)
    if w is None or span is None:
        return
    before_text = f[: span[0]]
    tail = before_text[-40:]
    if re.search(r"(before|truoc|prior to|earlier than)\s*(?:the end of|het|cuoi|ngay)?\s*$", tail):
        if re.search(r"(end of|het|cuoi)\s*$", tail) or w.start == w.end:
            # "before 30/6/2025": deadlines are months, so a named day reads as "by that day".
            q.due_before = w.end
        else:
            q.due_before = date.fromordinal(w.start.toordinal() - 1)
    elif re.search(
        r"(by|until|no later than|not later than|up to|through|den|cham nhat|toi|den het|han chot|"
        r"truoc hoac trong|on or before|within|end of)\s*(?:vao|in|the end of|het|cuoi|ngay)?\s*(?:thang)?\s*$",
        tail,
    ):
        q.due_before = w.end
    elif re.search(r"(after|sau|later than|beyond)\s*$", tail):
        q.due_after = date.fromordinal(w.end.toordinal() + 1)
    elif re.search(r"(from|since|starting|tu|ke tu|bat dau tu|on or after)\s*$", tail):
        q.due_after = w.start
    else:
        q.window = w


def _letter(raw: str) -> str:
    return "đ" if raw in ("đ", "dd") else raw


# 57-NQ/TW's five guiding viewpoints (its section I) asked by their place.
_VIEWPOINT = re.compile(
    r"\b(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th) (?:guiding )?viewpoints?\b|"
    r"\bviewpoints? (?:no\.? ?|number |#)?([1-5])\b|"
    r"\bquan diem(?: chi dao)? (?:thu )?(nhat|dau tien|hai|ba|tu|nam|cuoi cung)\b(?! ?\d)|"  # not "năm 2030"
    r"\bquan diem(?: chi dao)?\b[^.?]{0,25}?\b(?:so|thu) ([1-5])\b"
)
_VIEWPOINT_NO = {"first": 1, "1st": 1, "nhat": 1, "dau tien": 1, "second": 2, "2nd": 2, "hai": 2, "third": 3,
                 "3rd": 3, "ba": 3, "fourth": 4, "4th": 4, "tu": 4, "fifth": 5, "5th": 5, "nam": 5, "last": 5,
                 "cuoi cung": 5}


def parse_clause_refs(f: str, text: str = "") -> tuple[list[str], str | None]:
    """Clause references. Point letters are read from the unfolded text: folding turns "đ" into "d"."""
    low = unicodedata.normalize("NFC", text.lower()) if text else f
    refs: list[str] = []
    for m in re.finditer(r"(?<![\w.])((?:i{1,3}|iv|v))\.(\d{1,2})(?:\.(dd|đ|[a-z]))?(?![\w.])", low):
        ref = f"{m.group(1).upper()}.{m.group(2)}" + (f".{_letter(m.group(3))}" if m.group(3) else "")
        refs.append(ref)
    sec = re.search(r"\b(?:section|mục|muc|phần|phan|part)\s+([ivx]{1,4})\b", low)
    item = re.search(r"\b(?:item|khoản|khoan|mục|muc|paragraph)\s+(\d{1,2})\b", low)
    point = re.search(r"(?:\bpoint|điểm|\bdiem)\s+\(?(dd|đ|[a-z])\b\)?", low)
    if refs:
        if point and refs[-1].count(".") == 1:
            refs[-1] += f".{_letter(point.group(1))}"
    elif sec:
        ref = sec.group(1).upper()
        if item:
            ref += f".{item.group(1)}"
            if point:
                ref += f".{_letter(point.group(1))}"
        elif point:
            ref += f"..{_letter(point.group(1))}"  # a point of any item of the section
        refs.append(ref)
    else:
        # "item 4a", "point 4.b", "điểm a mục 4" with no section: only the programme's section II has
        # lettered points under numbered items (57-NQ/TW's items have no letters).
        # "point 3(a)", "point 1(dd)" too; and "task group 5 point (o)", the group being item 5 of section II.
        joined = re.search(r"\b(?:item|point|mục|muc|điểm|diem)\s+(\d)\s*[.(]?\s*(dd|đ|[a-z])\b\)?", low)
        group = re.search(r"\b(?:task group|group|nhóm nhiệm vụ|nhom nhiem vu|nhóm|nhom)\s+(\d)\b", low)
        if joined:
            refs.append(f"II.{joined.group(1)}.{_letter(joined.group(2))}")
        elif item and point:
            refs.append(f"II.{item.group(1)}.{_letter(point.group(1))}")
        elif group and point:
            refs.append(f"II.{group.group(1)}.{_letter(point.group(1))}")
    viewpoint = None if refs else _VIEWPOINT.search(f)
    if viewpoint is not None:
        # "Quan điểm chỉ đạo cuối cùng (số 5) của NQ57", "the third guiding viewpoint": 57-NQ/TW I.N
        word = next(g for g in viewpoint.groups() if g)
        refs.append(f"I.{word if word.isdigit() else _VIEWPOINT_NO[word]}")
    for m in _ARTICLE.finditer(f):
        refs.append(f"art.{m.group(1)}")
    names_57 = bool(_NAMES_57.search(f))
    # "Tuyên truyền Nghị quyết 57 qua kênh nào?": 57 is what the campaign is about, and the campaign is the
    # Action Programme's (II.1.a); both documents are searched. Not "implementing 57": 57's own section IV
    # says who implements it.
    # "the AP" is staff shorthand for the Action Programme; in capitals only ("áp dụng" folds to "ap").
    names_03 = bool(_NAMES_03.search(f)) or bool(_57_AS_OBJECT.search(f)) or bool(re.search(r"\bAP\b", text))
    # Both named ("the Government's programme says NQ57's concepts …", "kế hoạch thực hiện NQ57 và CTHĐ"):
    # one is what the other talks about, so neither filters the search.
    doc = None if names_57 == names_03 else "57-NQ/TW" if names_57 else "03/NQ-CP"
    if doc is None and names_57 and (owner := _PLACE_OF.search(f)) is not None:
        # "Under section III of NQ03, who funds implementing Resolution 57?": the section's own document
        doc = "03/NQ-CP" if _NAMES_03.match(owner.group(1)) else "57-NQ/TW"
    if viewpoint is not None:
        doc = "57-NQ/TW"  # the guiding viewpoints are 57-NQ/TW's section I; the programme has none
    return refs, doc


_NAMES_57 = re.compile(r"\b57(?:-nq/tw|/nq-tw| nq| resolution|/2024)|\b(?:resolution|nghi quyet|nq)\s*(?:no\.?|so)?\s*57\b|"
                       r"\bnq57\b|\bpolitburo|\bbo chinh tri\b|"
                       # the bare number after a preposition ("the cooperation part of 57", "according to 57,"),
                       # not a count, a share or a row ("in 57 tasks", "57%", "of task 57" has "task" before it)
                       r"\b(?:of|to|under|in|per|from|theo|cua|trong|tai)\s+57(?:'s)?\b(?!\s*(?:%|percent|phan tram|"
                       r"tasks?|nhiem vu|items?|rows?|indicators?|chi tieu|cases?|ministr|agenc|bo\b|co quan))")
_NAMES_03 = re.compile(r"\b03/nq-cp|\b03 nq|\b(?:resolution|nghi quyet|nq)\s*(?:no\.?|so)?\s*03\b|\bnq03\b|\baction program"
                       r"|\bchuong trinh hanh dong|\bcthd\b|\b(?:government|govt|gov)'?s? (?:resolution|program)")


# A section, item or point followed by the document it belongs to ("section III of NQ03", "mục III của NQ57").
_PLACE_OF = re.compile(r"\b(?:section|muc|phan|part|item|khoan|point|diem)\s+[\w.()]{1,8}\s+(?:of\s+(?:the\s+)?|cua\s+|"
                       r"trong\s+)?(" + _NAMES_03.pattern + "|" + _NAMES_57.pattern + ")")

_57_AS_OBJECT = re.compile(
    r"\b(?:tuyen truyen|pho bien|propaga\w+(?: (?:on|about|of))?|"
    r"disseminat\w*|publici[sz]\w*|communicat\w* (?:about|on|of)|awareness (?:of|about))"
    r"(?: ve| cua| the| noi dung| of)* (?:nghi quyet|nq|resolution)\s*(?:so|no\.?)?\s*57\b")


def parse_numbers(pattern: re.Pattern[str], f: str) -> list[str]:
    out: list[str] = []
    for m in pattern.finditer(f):
        chunk = m.group(1)
        rng = re.fullmatch(r"(\d{1,3})\s*(?:-|to|den)\s*(\d{1,3})", chunk)
        if rng and int(rng.group(1)) < int(rng.group(2)) <= int(rng.group(1)) + 40:
            out += [str(n) for n in range(int(rng.group(1)), int(rng.group(2)) + 1)]
            continue
        out += re.findall(r"\d{1,3}(?:\.\d{1,2})?", chunk)
    return out


_UNKNOWN_BODY = re.compile(
    r"\b((?:the )?(?:ministry|department|committee|commission|agency|office) of [a-z ,&'-]{3,60}?|"
    r"bo [a-z ,&-]{2,40}?)(?=\s+(?:lead|leads|chu tri|phoi hop|coordinat|do|does|have|has|thi|co|la)\b|\?|$)"
)


def split_roles(q: Query, gaz: Gazetteer, text: str, f: str) -> None:
    """"Tasks MOH leads and MPS coordinates": each body takes the role word that follows (or precedes) it."""
    if len(f) != len(text):
        return  # offsets would not line up
    lead: list[str] = []
    coord: list[str] = []
    for m in gaz.find_mentions(text):
        after, before = f[m.end: m.end + 30], f[max(0, m.start - 20): m.start]
        la, ca = _LEAD_WORDS.search(after), _COORD_WORDS.search(after)
        if re.search(r"\b(led|chu tri) (by|boi)\s*$", before):  # passive: "led by X"
            lead.append(m.agency_id)
        elif re.search(r"\b(coordinated|phoi hop) (by|boi|with|voi)\s*$", before):
            coord.append(m.agency_id)
        elif la and (not ca or la.start() < ca.start()):
            lead.append(m.agency_id)
        elif ca:
            coord.append(m.agency_id)
    if lead and coord and not set(lead) & set(coord):
        q.agencies, q.coord_with, q.role = list(dict.fromkeys(lead)), list(dict.fromkeys(coord)), "split"


def understand(text: str, gaz: Gazetteer, default_year: int = 2025, today: date | None = None,
               folded: str | None = None) -> Query:
    """Parse ``text``; ``folded`` overrides its folded form (understanding rewrites negated time phrases)."""
    f = fold(text) if folded is None else folded
    q = Query(text=text, folded=f, lang=detect_language(text))
    q.agencies = [a for a in gaz.resolve_query(text)]
    if not q.agencies:
        m = _UNKNOWN_BODY.search(f)
        # "bỏ" (drop) folds to "bo" too: only "Bộ", or "bo" typed without marks, starts a ministry's name.
        lower_bo = (m is not None and m.group(1).startswith("bo ") and len(f) == len(text)
                    and text[m.start(1): m.start(1) + 2].lower() not in ("bo", "bộ"))
        # "toàn bộ", "cán bộ", "công bố", "sơ bộ" typed without marks: the "bo" ends another word.
        lower_bo = lower_bo or (m is not None and m.group(1).startswith("bo ")
                                and re.search(r"\b(?:toan|can|cong|so|tien|dong|pho|bien|phan|thong)\s*$", f[: m.start(1)]))
        if m and len(m.group(1).split()) >= 2 and not re.match(r"bo (nao|gi|ay|do|nay|tren|khong|da|chua|se|dang|phai|can|co|cung|van|moi|deu|truong)\b", m.group(1)) and not lower_bo:
            q.unknown_agency = m.group(1).strip()
    q.task_numbers = [int(n) for n in parse_numbers(_TASK_NO, f) if "." not in n]
    q.indicator_ids = [n for n in parse_numbers(_IND_NO, f)]
    g = _GROUP.search(f)
    if g:
        val = g.group(1)
        q.group = val.upper() if not val.isdigit() else ["I", "II", "III", "IV", "V", "VI", "VII"][int(val) - 1]
    q.clause_refs, q.doc_hint = parse_clause_refs(f, text)
    if len(q.agencies) >= 2 and re.search(r"\b(both|ca hai|ca)\b", f) and not _LEAD_WORDS.search(f) \
            and not _COORD_WORDS.search(f):
        q.role = "together"  # "tasks that involve both MOST and MOF": each named, in any role
    elif _JOINT_WORDS.search(f) and q.agencies:
        q.role = "joint"
    elif _COORD_WORDS.search(f) and _LEAD_WORDS.search(f):
        q.role = "either"
    elif _COORD_WORDS.search(f):
        q.role = "coord"
    elif _LEAD_WORDS.search(f):
        q.role = "lead"
    elif _EITHER_WORDS.search(f):
        q.role = "either"
    if len(q.agencies) >= 2 and _LEAD_WORDS.search(f) and _COORD_WORDS.search(f):
        split_roles(q, gaz, text, f)
    parse_time(q, default_year, today)
    q.count = bool(_COUNT.search(f))
    q.asks_deadline = bool(_DEADLINE_Q.search(f))
    q.asks_indicators = bool(_INDICATOR_WORDS.search(f)) and not _TASK_WORDS.search(f)
    # "Trong nhóm nhiệm vụ 5, mô hình … nhằm mục đích gì?": the group's name holds "nhiệm vụ", not the ask.
    # A group named alone ("nhom nhiem vu 4", "nhóm nhiệm vụ 2 của CTHĐ") still asks for its tasks.
    unnamed = _GROUP.sub(" ", f)
    bare_group = unnamed != f and len(re.findall(r"[a-z]{4,}", unnamed)) <= 3
    q.asks_tasks = bool(_TASK_WORDS.search(unnamed)) or bare_group or bool(q.agencies and _DUTY_WORDS.search(f))
    q.follow_filter = bool(_FOLLOW_FILTER.search(f))
    q.anaphor = bool(_ANAPHOR.search(f))
    q.mentions_appendix_i = bool(_APPENDIX_I.search(f))
    q.names_indicators = bool(_INDICATOR_TABLE.search(f))
    if not q.agencies and not q.unknown_agency and (q.role or q.asks_tasks):
        # An unknown acronym in the agency's place ("Which tasks does NASA lead?").
        known = terms("scope", "domain_shorthand")  # "AI", "R&D", "S&T", "DX", roman numerals: not bodies
        for tok in re.findall(r"\b[A-Z][A-Z&]{1,7}\b", text):
            if tok.lower() not in known and not re.fullmatch(r"[IVXLC]+", tok) and not gaz.resolve_query(tok):
                q.unknown_agency = tok
                break
    if q.agencies and all(a in ("ENTERPRISES", "MISSIONS") for a in q.agencies) and not (q.role or q.asks_tasks):
        # "What share of enterprises should innovate?" asks about a target, not the enterprises' tasks.
        q.agencies = []
    q.outputs = asked_outputs(f, bool(_TASK_WORDS.search(f)))
    if q.outputs and not q.role:
        # "a law passed by the National Assembly" names who issues the output, not who does the task.
        q.agencies = [a for a in q.agencies if a != "NA"]
        q.asks_tasks = True
    q.what_about = bool(_WHAT_ABOUT.search(f.strip()))
    q.more = bool(_MORE.search(f))
    return q
