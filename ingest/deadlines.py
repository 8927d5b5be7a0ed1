"""Deadline cells as written ("6/2025", "Quý II/2025", "Thường xuyên", "June 2025") -> ``Deadline``.

``due`` is the last day of the period, ``start`` its first day, both ISO dates.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from ingest.errors import CorpusError
from ingest.models import Deadline
from ingest.textnorm import clean, fold

MONTHS_EN = {
    m.lower(): i
    for i, m in enumerate(calendar.month_name)
    if m
} | {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_WORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _month(year: int, month: int, raw: str) -> Deadline:
    last = calendar.monthrange(year, month)[1]
    return Deadline(raw=raw, kind="month", due=date(year, month, last).isoformat(),
                    start=date(year, month, 1).isoformat())


def _quarter(year: int, q: int, raw: str) -> Deadline:
    first_month = 3 * (q - 1) + 1
    last_month = first_month + 2
    last = calendar.monthrange(year, last_month)[1]
    return Deadline(raw=raw, kind="quarter", due=date(year, last_month, last).isoformat(),
                    start=date(year, first_month, 1).isoformat())


def _year(year: int, raw: str) -> Deadline:
    return Deadline(raw=raw, kind="year", due=f"{year}-12-31", start=f"{year}-01-01")


def _valid_year(y: int) -> bool:
    return 2000 <= y <= 2100


def parse_deadline(raw: str | None, *, file: str = "", line: int = 0) -> Deadline:
    """Parse a deadline cell (Vietnamese or English). Empty -> kind "none"; unknown text -> CorpusError."""
    d = try_parse_deadline(raw)
    if d is None:
        raise CorpusError(f"unrecognised deadline {raw!r}", file=file, line=line)
    return d


def try_parse_deadline(raw: str | None) -> Deadline | None:
    text = clean(raw or "")
    if text in ("", "-"):
        return Deadline(raw=text, kind="none")
    f = fold(text).rstrip(".")
    if f in {"thuong xuyen", "nhiem vu thuong xuyen", "ongoing", "regular", "regularly", "continuous",
             "regular task", "ongoing task", "ongoing tasks", "continuously"}:
        return Deadline(raw=text, kind="ongoing")
    if f in {"hang nam", "hàng nam", "annually", "annual", "every year", "yearly"}:
        return Deadline(raw=text, kind="annual")
    m = re.fullmatch(r"(?:thang\s*)?(\d{1,2})\s*/\s*(\d{4})", f)
    if m and 1 <= int(m.group(1)) <= 12 and _valid_year(int(m.group(2))):
        return _month(int(m.group(2)), int(m.group(1)), text)
    m = re.fullmatch(r"quy\s+(i{1,3}|iv|[1-4])\s*/\s*(\d{4})", f)
    if m and _valid_year(int(m.group(2))):
        q = _ROMAN.get(m.group(1)) or int(m.group(1))
        return _quarter(int(m.group(2)), q, text)
    m = re.fullmatch(r"(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?)\s*[/,]?\s*(\d{4})", f)
    if m and _valid_year(int(m.group(3))):
        q = int(m.group(1)) if m.group(1) else _QUARTER_WORD[m.group(2)]
        return _quarter(int(m.group(3)), q, text)
    m = re.fullmatch(r"(?:quarter|quy)\s+(i{1,3}|iv|[1-4])\s*(?:of|/|,)?\s*(\d{4})", f)
    if m and _valid_year(int(m.group(2))):
        q = _ROMAN.get(m.group(1)) or int(m.group(1))
        return _quarter(int(m.group(2)), q, text)
    m = re.fullmatch(r"([a-z]+)\.?,?\s+(\d{4})", f)
    if m and m.group(1) in MONTHS_EN and _valid_year(int(m.group(2))):
        return _month(int(m.group(2)), MONTHS_EN[m.group(1)], text)
    m = re.fullmatch(r"(?:nam\s+)?(\d{4})", f)
    if m and _valid_year(int(m.group(1))):
        return _year(int(m.group(1)), text)
    m = re.fullmatch(r"(\d{4})\s*(?:-|to|den|–)\s*(\d{4})", f)
    if m and _valid_year(int(m.group(1))) and int(m.group(1)) <= int(m.group(2)) <= 2100:
        return Deadline(raw=text, kind="range", due=f"{m.group(2)}-12-31", start=f"{m.group(1)}-01-01")
    m = re.fullmatch(
        r"(\d{4})\s*(?:va nhung nam tiep theo|va cac nam tiep theo|and (?:the )?(?:following|subsequent|next) years"
        r"|onwards?|and beyond)",
        f,
    )
    if m and _valid_year(int(m.group(1))):
        y = int(m.group(1))
        # Open-ended: there is a start but no last day, so it is never "due by" or overdue.
        return Deadline(raw=text, kind="from-year-onward", due=None, start=f"{y}-01-01")
    return None


def same_period(a: Deadline, b: Deadline) -> bool:
    """True when two deadlines (e.g. "6/2025" and "June 2025") denote the same period."""
    return a.kind == b.kind and a.due == b.due and a.start == b.start


def human(deadline: Deadline, lang: str) -> str:
    """A deadline written for people: "June 2025" / "tháng 6/2025", "Q1 2025" / "quý I/2025"."""
    k = deadline.kind
    if k == "none":
        return "no deadline given" if lang == "en" else "không nêu thời hạn"
    if k == "ongoing":
        return "ongoing" if lang == "en" else "thường xuyên"
    if k == "annual":
        return "annually" if lang == "en" else "hằng năm"
    due = deadline.due_date
    start = deadline.start_date
    if k == "from-year-onward" and start is not None:
        return f"{start.year} and following years" if lang == "en" else f"{start.year} và những năm tiếp theo"
    assert due is not None and start is not None
    if k == "month":
        return f"{calendar.month_name[due.month]} {due.year}" if lang == "en" else f"tháng {due.month}/{due.year}"
    if k == "quarter":
        q = (due.month - 1) // 3 + 1
        roman = ["I", "II", "III", "IV"][q - 1]
        return f"Q{q} {due.year} (by {due.strftime('%d %B %Y').lstrip('0')})" if lang == "en" else f"quý {roman}/{due.year}"
    if k == "year":
        return f"{due.year}" if lang == "en" else f"năm {due.year}"
    if k == "range":
        return f"{start.year}–{due.year}" if lang == "en" else f"{start.year} - {due.year}"
    return f"{start.year} and following years" if lang == "en" else f"{start.year} và những năm tiếp theo"
