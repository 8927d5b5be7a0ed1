"""Periods named in a question: "June 2025", "quý II/2025", "30/6/2025", "next month", "the first half of 2026",
"between July and December 2025", "due soon"."""

from __future__ import annotations

import calendar
import re
from datetime import date

from assistant.taskquery import Window
from ingest.deadlines import MONTHS_EN

_MONTHS = MONTHS_EN
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QWORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": 4,
          "final": 4}


def _year_after(f: str, end: int, default: int) -> int:
    m = re.match(r"\s*(?:/|,|of|nam|năm)?\s*(\d{4})", f[end:])
    return int(m.group(1)) if m else default


def month_window(year: int, month: int) -> Window:
    return Window(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def quarter_window(year: int, q: int) -> Window:
    first = 3 * (q - 1) + 1
    return Window(date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1]))


def period(f: str, default_year: int) -> tuple[Window | None, tuple[int, int] | None]:
    """The first period named in ``f`` and the span of text that named it."""
    month_names = "|".join(sorted(_MONTHS, key=len, reverse=True))
    pats: list[tuple[re.Pattern[str], str]] = [
        (re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b"), "dmy"),
        (re.compile(r"\bngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})\b"), "dmy"),
        (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + month_names + r")\.?,?\s+(\d{4})\b"), "dny"),
        (re.compile(r"\b(" + month_names + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"), "ndy"),
        (re.compile(r"\b(?:quy|quarter|q)\s*(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|,|of|nam)?\s*(\d{4}))?"), "q"),
        (re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|last|final) quarter\b(?:\s*(?:of|,)?\s*(\d{4}))?"),
         "qw"),
        (re.compile(r"\b(?:dau nam|early)\s*(?:nam\s*)?(\d{4})\b"), "early"),
        (re.compile(r"\bthang\s*(\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?"), "m"),
        (re.compile(r"(?<![/\d])(\d{1,2})\s*/\s*(\d{4})\b(?!\s*/)"), "m"),  # not "12/2021/NĐ-CP"
        (re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\b(?:,?\s*(\d{4}))?"), "mn"),
        (re.compile(r"\b(?:nam\s*|year\s*)?(20\d\d)\b"), "y"),
    ]
    best: tuple[int, Window, tuple[int, int]] | None = None
    for pat, kind in pats:
        for m in pat.finditer(f):
            w: Window | None = None
            if kind in ("dmy", "dny", "ndy"):
                a, b, y = m.group(1), m.group(2), int(m.group(3))
                day, month = (int(a), int(b)) if kind == "dmy" else (int(a), _MONTHS[b]) if kind == "dny" \
                    else (int(b), _MONTHS[a])
                try:
                    w = Window(date(y, month, day), date(y, month, day))
                except ValueError:
                    continue
            elif kind == "q":
                q = _ROMAN.get(m.group(1)) or int(m.group(1))
                w = quarter_window(int(m.group(2)) if m.group(2) else default_year, q)
            elif kind == "early":  # "đầu năm 2026" / "early 2026": the first quarter
                w = quarter_window(int(m.group(1)), 1)
            elif kind == "qw":
                w = quarter_window(int(m.group(2)) if m.group(2) else default_year, _QWORD[m.group(1)])
            elif kind == "m":
                mo = int(m.group(1))
                if not 1 <= mo <= 12:
                    continue
                w = month_window(int(m.group(2)) if m.group(2) else default_year, mo)
            elif kind == "mn":
                if m.group(1) in ("may", "mar", "jun", "jan", "dec") and not m.group(2) and not re.search(
                    r"\b(in|by|before|after|until|due|from|since|end of)\s+$", f[: m.start()]
                ):
                    continue  # "may" the verb, etc.
                w = month_window(int(m.group(2)) if m.group(2) else default_year, _MONTHS[m.group(1)])
            else:
                y = int(m.group(1))
                if (y < 2025 or f[m.end(): m.end() + 1] == "/" or f[max(0, m.start() - 1): m.start()] == "/"
                        or re.match(r"\s*(?:merger|reorgani|restructur|sap nhap|sap xep|hop nhat)", f[m.end():])):
                    # The programme runs from 2025: "Luật 2013", "Quyết định 37/2018/QĐ-TTg" are names.
                    continue
                w = Window(date(y, 1, 1), date(y, 12, 31))
            if w and (best is None or m.start() < best[0]):
                best = (m.start(), w, m.span())
            break
    if best is None:
        return None, None
    return best[1], best[2]


def parse_date(text: str) -> date | None:
    text = text.strip().replace(",", "")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if (m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", text)) and m.group(2) in _MONTHS:
            return date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        if (m := re.fullmatch(r"([a-z]+)\s+(\d{1,2})\s+(\d{4})", text)) and m.group(1) in _MONTHS:
            return date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
    except ValueError:
        return None
    return None


_RELATIVE = re.compile(
    r"\b(this|next|last|coming) (year|month|quarter)\b(?!\s*(?:of\s*)?\d{4})|"
    r"\b(nam|thang|quy) (nay|sau|toi|ngoai|truoc)\b"
)


def absolute(f: str, today: date) -> str:
    """ "due this year" / "tháng sau" as the dates they mean on ``today``, so the period parser reads them."""
    def sub(m: re.Match[str]) -> str:
        which = m.group(1) or {"nay": "this", "sau": "next", "toi": "next", "ngoai": "last", "truoc": "last"}[m.group(4)]
        unit = m.group(2) or {"nam": "year", "thang": "month", "quy": "quarter"}[m.group(3)]
        step = {"this": 0, "next": 1, "coming": 1, "last": -1}[which]
        if unit == "year":
            return f"nam {today.year + step}"
        if unit == "month":
            k = today.year * 12 + today.month - 1 + step
            return f"thang {k % 12 + 1}/{k // 12}"
        k = today.year * 4 + (today.month - 1) // 3 + step
        return f"quy {k % 4 + 1}/{k // 4}"

    return _RELATIVE.sub(sub, f)


_HALF = re.compile(
    r"\b(first half|1st half|h1|nua dau|6 thang dau|sau thang dau|second half|2nd half|h2|nua cuoi|nua sau|"
    r"6 thang cuoi|sau thang cuoi)\s*(?:of\s*)?(?:nam\s*)?(\d{4})?\b"
)
_MID = re.compile(r"\b(?:mid|giua)[- ]?(?:nam\s*)?(\d{4})\b")


def half_year(f: str, default_year: int) -> tuple[Window, tuple[int, int]] | None:
    """"The first half of 2026" / "6 tháng cuối năm 2025"; "mid-2025" is the end of June."""
    if m := _HALF.search(f):
        y = int(m.group(2)) if m.group(2) else default_year
        first = m.group(1) in ("first half", "1st half", "h1", "nua dau", "6 thang dau", "sau thang dau")
        w = Window(date(y, 1, 1), date(y, 6, 30)) if first else Window(date(y, 7, 1), date(y, 12, 31))
        return w, m.span()
    if m := _MID.search(f):
        y = int(m.group(1))
        return Window(date(y, 6, 30), date(y, 6, 30)), m.span()
    return None


_RANGE = re.compile(
    r"\b(?:between|from|tu|trong giai doan|giai doan|in the period)\s+(.{2,30}?)\s+(?:and|to|until|through|den|toi)\s+"
)
_YEAR_SPAN = re.compile(r"\b(20\d\d)\s*(?:-|–|den|to)\s*(20\d\d)\b")


def date_range(f: str, default_year: int) -> tuple[Window, tuple[int, int]] | None:
    """"Between July 2025 and December 2025", "từ tháng 7 đến tháng 12/2025", "giai đoạn 2025-2026"."""
    if m := _YEAR_SPAN.search(f):
        a, b = int(m.group(1)), int(m.group(2))
        if 2025 <= a < b <= 2045:
            return Window(date(a, 1, 1), date(b, 12, 31)), m.span()
    for m in _RANGE.finditer(f):
        second, span2 = period(f[m.end(): m.end() + 30], default_year)
        if second is None or span2 is None or span2[0] > 2:
            continue
        # "from July to December 2025": the first end takes the year the second one names.
        first, _ = period(m.group(1), second.end.year)
        if first is None or first.start > second.end:
            continue
        return Window(first.start, second.end), (m.start(), m.end() + span2[1])
    return None


_SOON = re.compile(
    r"\b(upcoming|coming up|due soon|soon|sap den han|sap het han|sap toi han|sap toi)\b|"
    r"\b(?:next|coming|within(?: the next)?|in the next|trong)\s+(\d{1,2}|one|two|three|four|six|twelve|mot|hai|ba|"
    r"bon|sau|muoi hai)\s+(months?|thang)(?!\s+(?:cuoi|dau|nua dau|nua cuoi))(?:\s+(?:toi|sau|nua))?\b"
)
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12, "mot": 1, "hai": 2, "ba": 3, "bon": 4,
        "sau": 6, "muoi hai": 12}


def upcoming(f: str, today: date) -> tuple[date, date] | None:
    """"Due soon" (the next three months) or "in the next 6 months": from today to that day."""
    m = _SOON.search(f)
    if m is None:
        return None
    months = 3 if m.group(1) else (int(m.group(2)) if m.group(2).isdigit() else _NUM[m.group(2)])
    k = today.year * 12 + today.month - 1 + months
    y, mo = divmod(k, 12)
    end = date(y, mo + 1, min(today.day, calendar.monthrange(y, mo + 1)[1]))
    return today, end
