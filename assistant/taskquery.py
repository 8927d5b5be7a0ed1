"""Filtering the task and indicator tables: one implementation for the CLI, the UI and the assistant."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from assistant.understanding.outputs import produces
from ingest.models import Indicator, Task
from ingest.textnorm import fold

DATED_KINDS = ("month", "quarter", "year", "range")


@dataclass(frozen=True)
class Window:
    """A period [start, end]; a task's deadline period must lie inside it."""

    start: date
    end: date


def _contains_any(ids: Iterable[str], wanted: Iterable[str]) -> bool:
    s = set(ids)
    return any(w in s for w in wanted)


def due_in(task: Task, window: Window) -> bool:
    d = task.deadline
    if d.kind not in DATED_KINDS or d.due_date is None or d.start_date is None:
        return False
    # A range ("2025 - 2026") is due at its end: due in 2026, not in 2025.
    start = d.due_date if d.kind == "range" else d.start_date
    return window.start <= start and d.due_date <= window.end


def overdue(task: Task, as_of: date) -> bool:
    d = task.deadline
    return d.kind in DATED_KINDS and d.due_date is not None and d.due_date < as_of


def filter_tasks(
    tasks: Iterable[Task],
    *,
    lead: Iterable[str] | None = None,
    coordinating: Iterable[str] | None = None,
    either: Iterable[str] | None = None,
    joint: Iterable[str] | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    window: Window | None = None,
    overdue_as_of: date | None = None,
    group: str | None = None,
    text: str | None = None,
    ongoing: bool | None = None,
    kinds: Iterable[str] | None = None,
    numbers: Iterable[int] | None = None,
    outputs: list[str] | None = None,
    exclude: Iterable[str] | None = None,
    exclude_role: str = "any",
    no_coordinator: bool | None = None,
    not_window: Window | None = None,
    not_outputs: list[str] | None = None,
    sole_lead: bool = False,
    not_ongoing: bool = False,
    any_window: Iterable[Window] | None = None,
) -> list[Task]:
    """Tasks matching every given filter. Agency filters take canonical ids.

    ``due_before``/``due_after`` are inclusive bounds on the due date and only dated deadlines
    match them; ``ongoing`` keeps tasks without an end (ongoing, annual, from a year onward).
    ``exclude`` drops tasks naming those agencies in ``exclude_role`` (lead | coord | any);
    ``no_coordinator`` keeps tasks whose coordinating cell is empty (True) or not (False);
    ``not_window`` drops tasks due inside that period.
    """
    excl = set(exclude or [])
    lead_l = list(lead or [])
    coord_l = list(coordinating or [])
    either_l = list(either or [])
    joint_l = list(joint or [])
    kinds_l = list(kinds or [])
    nums = set(numbers or [])
    needle = fold(text) if text else None
    out: list[Task] = []
    for t in tasks:
        if nums and t.no not in nums:
            continue
        if lead_l and not _contains_any(t.lead, lead_l):
            continue
        if coord_l and not _contains_any(t.coordinating, coord_l):
            continue
        if either_l and not _contains_any((*t.lead, *t.coordinating), either_l):
            continue
        if joint_l and not (set(joint_l) <= set(t.lead)):
            continue
        d = t.deadline
        if due_before is not None and not (d.kind in DATED_KINDS and d.due_date and d.due_date <= due_before):
            continue
        if due_after is not None and not (d.kind in DATED_KINDS and d.due_date and d.due_date >= due_after):
            continue
        if window is not None and not due_in(t, window):
            continue
        if any_window and not any(due_in(t, w) for w in any_window):
            continue
        if overdue_as_of is not None and not overdue(t, overdue_as_of):
            continue
        if group and t.group != group.upper().rstrip("."):
            continue
        if ongoing is True and d.kind not in ("ongoing", "annual", "from-year-onward"):
            continue
        if ongoing is False and d.kind in ("ongoing", "annual", "from-year-onward"):
            continue
        if kinds_l and d.kind not in kinds_l:
            continue
        if outputs and not produces(t, outputs):
            continue
        if excl:
            named = {"lead": t.lead, "coord": t.coordinating}.get(exclude_role, (*t.lead, *t.coordinating))
            if excl & set(named):
                continue
        if no_coordinator is not None and (not t.coordinating) != no_coordinator:
            continue
        if not_window is not None and due_in(t, not_window):
            continue
        if not_outputs and produces(t, not_outputs):
            continue
        if sole_lead and len(t.lead) != 1:
            continue
        if not_ongoing and d.kind == "ongoing":
            continue
        if needle and needle not in fold(
            " ".join(x or "" for x in (t.name_vi, t.name_en, t.output_vi, t.output_en, *t.subitems_vi))
        ):
            continue
        out.append(t)
    return out


def filter_indicators(
    indicators: Iterable[Indicator],
    *,
    monitor: Iterable[str] | None = None,
    horizon: int | None = None,
    text: str | None = None,
    ids: Iterable[str] | None = None,
) -> list[Indicator]:
    mon = list(monitor or [])
    wanted = set(ids or [])
    needle = fold(text) if text else None
    out = []
    for i in indicators:
        if wanted and i.id not in wanted:
            continue
        if mon and not _contains_any(i.monitor, mon):
            continue
        if horizon and i.horizon != horizon:
            continue
        if needle and needle not in fold(" ".join(x or "" for x in (i.name_vi, i.name_en, i.unit_vi, i.unit_en))):
            continue
        out.append(i)
    return out
