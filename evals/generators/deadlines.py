"""The generator's own reading of a Vietnamese deadline cell, and the filters the gold cases use.

Semantics (the contract the assistant is checked against; see evals/README.md):
- ``6/2025``, ``06/2025``, ``Tháng 10/2025``: month, period = that month, due its last day;
- ``Quý II/2025``: quarter, period = the quarter; ``2025``: year; ``2025 - 2026``: range, period
  2025-01-01..2026-12-31;
- ``2025 và những năm tiếp theo``: from-year-onward (start only, no due date);
- ``Thường xuyên`` / ``Nhiệm vụ thường xuyên``: ongoing; ``Hằng năm``: annual; empty: none.
``due_within(a, b)`` keeps deadlines whose whole period lies in [a, b] (so a Q2 or year deadline is
not "due in June"); ``due_by(d)`` keeps due <= d; ``overdue(d)`` keeps due < d. Deadlines without a
due date (ongoing, annual, none, from-year-onward) never pass these filters.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from evals.generators.appendix_scan import fold

_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Due:
    kind: str
    start: date | None
    due: date | None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def read(cell: str) -> Due:
    f = fold(cell)
    if not f:
        return Due("none", None, None)
    if "thuong xuyen" in f:
        return Due("ongoing", None, None)
    if "hang nam" in f:
        return Due("annual", None, None)
    if m := re.fullmatch(r"(?:thang\s*)?(\d{1,2})/(\d{4})", f):
        month, year = int(m.group(1)), int(m.group(2))
        return Due("month", date(year, month, 1), _month_end(year, month))
    if m := re.fullmatch(r"quy\s+(i|ii|iii|iv)/(\d{4})", f):
        q, year = _QUARTERS[m.group(1)], int(m.group(2))
        return Due("quarter", date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if m := re.fullmatch(r"(\d{4})", f):
        year = int(m.group(1))
        return Due("year", date(year, 1, 1), date(year, 12, 31))
    if m := re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", f):
        return Due("range", date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31))
    if m := re.fullmatch(r"(\d{4}) va nhung nam tiep theo", f):
        return Due("from-year-onward", date(int(m.group(1)), 1, 1), None)
    raise ValueError(f"unknown deadline cell {cell!r}")


def due_within(d: Due, first: date, last: date) -> bool:
    # A range ("2025 - 2026") is due at its end: it is due in 2026, not in 2025.
    start = d.due if d.kind == "range" else d.start
    return d.due is not None and start is not None and start >= first and d.due <= last


def due_by(d: Due, last: date) -> bool:
    return d.due is not None and d.due <= last


def due_before(d: Due, first: date) -> bool:
    """Strictly before a date ("trước tháng 6/2025" = finished before June starts)."""
    return d.due is not None and d.due < first


def due_after(d: Due, last: date) -> bool:
    return d.due is not None and d.due > last


def overdue(d: Due, as_of: date) -> bool:
    return d.due is not None and d.due < as_of
