"""Plain-text renderings of table rows (Appendix II tasks, Appendix I indicators) for indexing.

A task row is only findable if its chunk says who leads it, who coordinates, what it must produce
and by when. Where the English translation lost a row's name (a translation gap), the Vietnamese
rendering also carries the row's fields in English (gazetteer names, the English cells that
survived, the deadline spelled out), so an English question still reaches the Vietnamese-only row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ingest.models import Agency, Deadline, Indicator, Task

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def _names(ids: tuple[str, ...], raw: str | None, agencies: Mapping[str, Agency], lang: str) -> str:
    found = [agencies[i] for i in ids if i in agencies]
    if not found:
        return (raw or "").strip()
    return "; ".join(a.name_en if lang == "en" else a.name_vi for a in found)


def deadline_en(d: Deadline) -> str:
    """The deadline in English: the translation's own wording when it survived, else spelled out."""
    if d.raw_en and d.raw_en.strip():
        return d.raw_en.strip()
    due = date.fromisoformat(d.due) if d.due else None
    if d.kind == "month" and due:
        return f"{_MONTHS[due.month - 1]} {due.year}"
    if d.kind == "quarter" and due:
        return f"Q{(due.month - 1) // 3 + 1} {due.year}"
    if d.kind == "ongoing":
        return "Ongoing (regular task)"
    if d.kind == "annual":
        return "Annually"
    if d.kind == "from-year-onward" and d.start:
        return f"{d.start[:4]} and the following years"
    return d.raw.strip()


def _lines(pairs: tuple[tuple[str, str | None], ...]) -> list[str]:
    return [f"{label}: {value.strip()}" for label, value in pairs if value and value.strip()]


def has_english_name(task: Task) -> bool:
    return bool(task.name_en and task.name_en.strip())


def task_name(task: Task, lang: str) -> str | None:
    """The task's name with its bulleted sub-items, or None when that language lacks it."""
    name = task.name_vi if lang == "vi" else task.name_en
    subitems = task.subitems_vi if lang == "vi" else task.subitems_en
    if not name or not name.strip():
        return None
    lines = [name.strip()]
    lines.extend(
        f"- {s.strip().lstrip('-–• ').strip()}" for s in subitems if s.strip() and s.strip() not in name
    )
    return "\n".join(lines)


def _task_fields_en(task: Task, agencies: Mapping[str, Agency]) -> list[str]:
    return _lines(
        (
            ("Lead agency", _names(task.lead, task.lead_raw_en or task.lead_raw, agencies, "en")),
            (
                "Coordinating agencies",
                _names(task.coordinating, task.coordinating_raw_en or task.coordinating_raw, agencies, "en"),
            ),
            ("Output", task.output_en),
            ("Deadline", deadline_en(task.deadline) if task.deadline.raw else None),
        )
    )


def task_fields(task: Task, lang: str, agencies: Mapping[str, Agency]) -> str:
    """Lead, coordinating agencies, output and deadline lines of a task in one language.

    The Vietnamese rendering of a row without an English twin adds the English lines too.
    """
    if lang == "en":
        return "\n".join(_task_fields_en(task, agencies))
    lines = _lines(
        (
            ("Cơ quan chủ trì", _names(task.lead, task.lead_raw, agencies, "vi")),
            ("Cơ quan phối hợp", _names(task.coordinating, task.coordinating_raw, agencies, "vi")),
            ("Sản phẩm", task.output_vi),
            ("Thời gian hoàn thành", task.deadline.raw),
        )
    )
    if not has_english_name(task):
        lines += _task_fields_en(task, agencies)
    return "\n".join(lines)


def task_heading(task: Task, lang: str) -> str:
    return f"Nhiệm vụ {task.no}" if lang == "vi" else f"Task {task.no}"


def group_label(task: Task, lang: str) -> str:
    title = task.group_title_vi if lang == "vi" else (task.group_title_en or task.group_title_vi)
    return f"{task.group}. {title}".strip() if title else task.group


def _indicator_en(ind: Indicator, agencies: Mapping[str, Agency]) -> list[str]:
    return _lines(
        (
            ("Unit", ind.unit_en),
            ("Target", ind.target_en),
            ("Monitoring agency", _names(ind.monitor, ind.monitor_raw_en or ind.monitor_raw, agencies, "en")),
        )
    )


def indicator_text(ind: Indicator, lang: str, agencies: Mapping[str, Agency]) -> str | None:
    """Name, unit, target and monitoring agency of an indicator, or None when that language lacks it.

    When the English name is lost, the Vietnamese rendering carries the surviving English cells.
    """
    if lang == "en":
        if not ind.name_en:
            return None
        head = f"Indicator {ind.id} (by {ind.horizon}): {ind.name_en.strip()}"
        return "\n".join([head, *_indicator_en(ind, agencies)])
    if not ind.name_vi:
        return None
    head = f"Chỉ tiêu {ind.id} (đến năm {ind.horizon}): {ind.name_vi.strip()}"
    lines = _lines(
        (
            ("Đơn vị", ind.unit_vi),
            ("Kết quả", ind.target_raw),
            ("Cơ quan chủ trì theo dõi, đánh giá", _names(ind.monitor, ind.monitor_raw, agencies, "vi")),
        )
    )
    if not ind.name_en:
        lines += [f"Indicator {ind.id} (target by {ind.horizon})", *_indicator_en(ind, agencies)]
    return "\n".join([head, *lines])
