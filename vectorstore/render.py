"""Plain-text renderings of table rows (Appendix II tasks, Appendix I indicators) for indexing.

A task row is only findable if its chunk says who leads it, who coordinates, what it must produce
and by when. The Vietnamese rendering also carries the agencies' English names, because the English
translation has gaps and an English question must still reach a Vietnamese-only row.
"""

from __future__ import annotations

from collections.abc import Mapping

from ingest.models import Agency, Indicator, Task


def _names(
    ids: tuple[str, ...], raw: str | None, agencies: Mapping[str, Agency], lang: str, with_en: bool = True
) -> str:
    found = [agencies[i] for i in ids if i in agencies]
    if not found:
        return (raw or "").strip()
    if lang == "en":
        return "; ".join(a.name_en for a in found)
    vi = "; ".join(a.name_vi for a in found)
    en = "; ".join(a.name_en for a in found if a.name_en) if with_en else ""
    return f"{vi} ({en})" if en else vi


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


def task_fields(task: Task, lang: str, agencies: Mapping[str, Agency]) -> str:
    """Lead, coordinating agencies, output and deadline lines of a task in one language.

    English agency names go into the Vietnamese rendering only when the row has no English twin:
    that is where an English question needs them; elsewhere they would only cost embedding time.
    """
    with_en = not (task.name_en and task.name_en.strip())
    lead_raw = task.lead_raw if lang == "vi" else (task.lead_raw_en or task.lead_raw)
    coord_raw = task.coordinating_raw if lang == "vi" else (task.coordinating_raw_en or task.coordinating_raw)
    lead = _names(task.lead, lead_raw, agencies, lang, with_en)
    coord = _names(task.coordinating, coord_raw, agencies, lang, with_en)
    if lang == "vi":
        output = task.output_vi
        deadline = task.deadline.raw
        labels = ("Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành")
    else:
        output = task.output_en or task.output_vi
        deadline = task.deadline.raw_en or task.deadline.raw
        labels = ("Lead agency", "Coordinating agencies", "Output", "Deadline")
    values = (lead, coord, output, deadline)
    return "\n".join(
        f"{label}: {value.strip()}"
        for label, value in zip(labels, values, strict=True)
        if value and value.strip()
    )


def task_heading(task: Task, lang: str) -> str:
    return f"Nhiệm vụ {task.no}" if lang == "vi" else f"Task {task.no}"


def group_label(task: Task, lang: str) -> str:
    title = task.group_title_vi if lang == "vi" else (task.group_title_en or task.group_title_vi)
    return f"{task.group}. {title}".strip() if title else task.group


def indicator_text(ind: Indicator, lang: str, agencies: Mapping[str, Agency]) -> str | None:
    """Name, unit, target and monitoring agency of an indicator, or None when that language lacks it."""
    monitor = _names(
        ind.monitor,
        ind.monitor_raw if lang == "vi" else (ind.monitor_raw_en or ind.monitor_raw),
        agencies,
        lang,
    )
    if lang == "vi":
        if not ind.name_vi:
            return None
        head = f"Chỉ tiêu {ind.id} (đến năm {ind.horizon}): {ind.name_vi.strip()}"
        rows = (
            ("Đơn vị", ind.unit_vi),
            ("Kết quả", ind.target_raw),
            ("Cơ quan chủ trì theo dõi, đánh giá", monitor),
        )
    else:
        if not ind.name_en:
            return None
        head = f"Indicator {ind.id} (by {ind.horizon}): {ind.name_en.strip()}"
        rows = (
            ("Unit", ind.unit_en or ind.unit_vi),
            ("Target", ind.target_en or ind.target_raw),
            ("Monitoring agency", monitor),
        )
    return "\n".join([head, *(f"{k}: {v.strip()}" for k, v in rows if v and v.strip())])
