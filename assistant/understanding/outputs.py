"""What a task produces ("Which tasks produce a Government decree?"): kinds of output in the task table.

The Vietnamese output cell is the reference ("Nghị định của Chính phủ"); its English twin is missing on
22 rows, so matching is done on the folded Vietnamese text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.models import Task
from ingest.textnorm import fold


@dataclass(frozen=True)
class OutputKind:
    key: str
    cell: re.Pattern[str]  # on the folded Vietnamese output cell
    asked: re.Pattern[str]  # on the folded question
    en: str
    vi: str


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + p + r")\b")


# Most specific first: a "Prime Minister's decision" is not also asked for by "decision".
KINDS: tuple[OutputKind, ...] = (
    OutputKind("pm_decision", _rx(r"quyet dinh cua thu tuong"),
               _rx(r"prime minister'?s? decisions?|decisions? of the prime minister|pm decisions?|"
                   r"quyet dinh cua thu tuong(?: chinh phu)?"),
               "a Prime Minister's decision", "quyết định của Thủ tướng Chính phủ"),
    OutputKind("na_resolution", _rx(r"nghi quyet cua quoc hoi"),
               _rx(r"national assembly(?:'s)? resolutions?|resolutions? of the national assembly|"
                   r"nghi quyet cua quoc hoi"),
               "a National Assembly resolution", "nghị quyết của Quốc hội"),
    OutputKind("gov_resolution", _rx(r"nghi quyet cua chinh phu"),
               _rx(r"government resolutions?|resolutions? of the government|nghi quyet cua chinh phu"),
               "a Government resolution", "nghị quyết của Chính phủ"),
    OutputKind("decree", _rx(r"nghi dinh"), _rx(r"decrees?|nghi dinh"), "a Government decree", "nghị định"),
    # "Luật …" as a kind of output, not "pháp luật" (legislation in general: "Các văn bản pháp luật").
    OutputKind("law", re.compile(r"(?<!phap )\bluat\b"), _rx(r"laws?|luat|legislation"), "a law", "luật"),
    OutputKind("minister_decision", _rx(r"quyet dinh cua bo"),
               _rx(r"minist(?:er|erial)(?:'s)? decisions?|quyet dinh cua bo(?: truong)?"),
               "a ministerial decision", "quyết định của Bộ/Bộ trưởng"),
    OutputKind("scheme", _rx(r"de an"), _rx(r"schemes?|de an"), "a scheme", "đề án"),
    OutputKind("plan", _rx(r"ke hoach"), _rx(r"plans?|ke hoach"), "a plan", "kế hoạch"),
    OutputKind("programme", _rx(r"chuong trinh"), _rx(r"programmes?|programs?|chuong trinh"), "a programme",
               "chương trình"),
    OutputKind("report", _rx(r"bao cao"), _rx(r"reports?|bao cao"), "a report", "báo cáo"),
    OutputKind("guidance", _rx(r"huong dan"), _rx(r"guidance|guidelines?|guiding documents?|huong dan"),
               "a guidance document", "văn bản hướng dẫn"),
    OutputKind("standards", _rx(r"tieu chuan|quy chuan"), _rx(r"standards?|tieu chuan|quy chuan"),
               "standards or technical regulations", "tiêu chuẩn, quy chuẩn"),
)
_BY_KEY = {k.key: k for k in KINDS}
# Without a cue right before it the word is a topic ("tasks about the Law on Teachers", "xây dựng pháp
# luật"), not an output asked for. Strong cues name the output; weak ones only in a question about tasks.
_STRONG = re.compile(
    r"\b(?:produc\w*|outputs?|results? in|resulting in|deliverables?|in the form of|take the form of|"
    r"ket qua(?: dau ra)?(?: la)?|san pham(?: la)?|dau ra(?: la)?|hinh thuc|end(?:s|ing)? (?:with|in|up as)|"
    r"culminat\w* in|(?:cai|nhiem vu|nhung nhiem vu|nhung cai) nao la|which (?:ones )?are|that are)\b"
)
# What goes to the National Assembly is a law or an NA resolution: "trình Quốc hội", "submitted to the NA".
_TO_NA = re.compile(r"\b(?:trinh quoc hoi|submit\w* to the national assembly|go(?:es)? to the national assembly|"
                    r"before the national assembly|passed by the national assembly|quoc hoi thong qua)\b")
_WEAK = re.compile(
    r"\b(?:draft\w*|issu\w*|adopt\w*|requir\w*|need\w*|lead to|leads to|ban hanh|trinh|xay dung|sua doi)\b"
)
# "nghị định nào do Bộ Tài chính xây dựng?", "Bộ Tài chính chủ trì những nghị định nào?": the kind asked for
# by "nào", wherever it stands; the window starts at the kind itself.
# English "which laws …" is left to the markers above: it as often asks what a resolution's text says
# ("which laws does Resolution 57 want amended?").
_WHICH_KIND = re.compile(r"\b(?:luat|nghi dinh|quyet dinh|de an|nghi quyet|chien luoc|thong tu)\w*(?: \w+)? nao\b")
_NOT_AN_OUTPUT = re.compile(r"\b(?:chuong trinh hanh dong|action program(?:me)?|xay dung phap luat)\b")


def asked_outputs(folded: str, about_tasks: bool) -> list[str]:
    """Output kinds the question asks tasks to produce, most specific first, or [] when it asks none."""
    text = _NOT_AN_OUTPUT.sub(" ", folded)
    windows = [text[m.end(): m.end() + 60] for m in _STRONG.finditer(text)]
    if about_tasks:
        windows += [text[m.end(): m.end() + 30] for m in _WEAK.finditer(text)]
    windows += [text[m.start(): m.start() + 30] for m in _WHICH_KIND.finditer(text)]
    found: list[str] = ["law", "na_resolution"] if _TO_NA.search(text) else []
    for rest in windows:
        for k in KINDS:
            if k.key not in found and k.asked.search(rest):
                found.append(k.key)
                rest = k.asked.sub(" ", rest)  # "prime minister's decision" must not also count as "decision"
    return found


def kind_pattern(key: str) -> re.Pattern[str]:
    """The pattern that finds output kind ``key`` named in a question."""
    return _BY_KEY[key].asked


def named_outputs(folded: str) -> list[str]:
    """Output kinds named anywhere in the text ("which of these are laws?"): for follow-ups over a list,
    where the kind can only be a filter."""
    rest = _NOT_AN_OUTPUT.sub(" ", folded)
    to_na = bool(_TO_NA.search(rest))
    found: list[str] = []
    for k in KINDS:
        if k.asked.search(rest) and k.key not in found:
            found.append(k.key)
            rest = k.asked.sub(" ", rest)
    # "laws that go to the National Assembly" names its kind; "trình Quốc hội" alone means either kind.
    return found or (["law", "na_resolution"] if to_na else [])


def produces(task: Task, keys: list[str]) -> bool:
    cell = fold(task.output_vi or "")
    return any(_BY_KEY[k].cell.search(cell) for k in keys)


def describe(keys: list[str], lang: str) -> str:
    names = [(_BY_KEY[k].vi if lang == "vi" else _BY_KEY[k].en) for k in keys]
    joined = (" hoặc " if lang == "vi" else " or ").join(names)
    return f"có kết quả là {joined}" if lang == "vi" else f"producing {joined}"
