"""Writing tasks and indicators for people, in Vietnamese or English, as Markdown."""

from __future__ import annotations

import re

from assistant.citations import short_ref
from ingest.deadlines import human
from ingest.gazetteer import Gazetteer
from ingest.models import Indicator, Task

DOC = "03/NQ-CP"
GROUP_LIMIT = 12  # lists longer than this are grouped by task group


def md_escape(text: str) -> str:
    """Escape Markdown and HTML in source or user text so it shows as written."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def agencies(ids: tuple[str, ...] | list[str], gaz: Gazetteer, lang: str) -> str:
    if not ids:
        return "—"
    return "; ".join(gaz.name(a, lang) for a in ids)


def task_name(t: Task, lang: str, limit: int = 260) -> str:
    if lang == "en" and t.name_en:
        name = t.name_en
        tag = ""
    elif lang == "en":
        name = t.name_vi
        tag = " *(Vietnamese text only; the English translation omits this row)*"
    else:
        name = t.name_vi
        tag = ""
    name = re.sub(r"\s*\[\d+\]", "", name)  # footnote markers ("gồm[1]:")
    subs = t.subitems_en if lang == "en" and t.subitems_en else t.subitems_vi
    if limit < 2000 and subs and name.rstrip().endswith(":"):
        # A list shows no sub-items: say how many there are instead of ending on a colon.
        name = name.rstrip().rstrip(":") + (f" ({len(subs)} mục)" if lang == "vi" else f" ({len(subs)} items)")
    if len(name) > limit:
        name = name[: limit - 1].rsplit(" ", 1)[0] + "…"
    return md_escape(name) + tag


def task_output(t: Task, lang: str) -> str:
    if lang == "en":
        if t.output_en:
            return md_escape(t.output_en)
        if t.output_vi:
            return md_escape(t.output_vi) + " *(Vietnamese)*"
        return "none stated"
    return md_escape(t.output_vi) if t.output_vi else "không nêu"


def task_line(t: Task, gaz: Gazetteer, lang: str, *, show_lead: bool = True, n: int | None = None) -> str:
    vi = lang == "vi"
    head = f"**{'Nhiệm vụ' if vi else 'Task'} {t.no}**: {task_name(t, lang)}"
    bits = []
    if show_lead:
        bits.append(f"{'Chủ trì' if vi else 'Lead'}: {agencies(t.lead, gaz, lang)}")
    bits.append(f"{'Phối hợp' if vi else 'Coordinating'}: {agencies(t.coordinating, gaz, lang)}")
    bits.append(f"{'Kết quả' if vi else 'Output'}: {task_output(t, lang)}")
    bits.append(f"{'Thời hạn' if vi else 'Deadline'}: **{human(t.deadline, lang)}**")
    prefix = f"{n}. " if n is not None else "- "
    return f"{prefix}{head} {short_ref(DOC, t.clause_id, lang)}\n   " + " · ".join(bits)


def task_list(tasks: list[Task], gaz: Gazetteer, lang: str, *, show_lead: bool = True) -> str:
    if len(tasks) <= GROUP_LIMIT:
        return "\n".join(task_line(t, gaz, lang, show_lead=show_lead, n=i) for i, t in enumerate(tasks, 1))
    out: list[str] = []
    current = None
    for t in tasks:
        if t.group != current:
            current = t.group
            title = t.group_title_en if lang == "en" and t.group_title_en else t.group_title_vi
            count = sum(1 for x in tasks if x.group == t.group)
            label = "Nhóm" if lang == "vi" else "Group"
            short = title if len(title) < 120 else title[:117].rsplit(" ", 1)[0] + "…"
            out.append(f"\n**{label} {t.group}. {md_escape(short)}** ({count})")
        out.append(task_line(t, gaz, lang, show_lead=show_lead))
    return "\n".join(out).strip()


def task_detail(t: Task, gaz: Gazetteer, lang: str) -> str:
    vi = lang == "vi"
    lines = [f"**{'Nhiệm vụ' if vi else 'Task'} {t.no}** ({'nhóm' if vi else 'group'} {t.group}) "
             f"{short_ref(DOC, t.clause_id, lang)}: {task_name(t, lang, limit=2000)}"]
    subs = t.subitems_en if lang == "en" and t.subitems_en else t.subitems_vi
    for s in subs:
        lines.append(f"   - {md_escape(s.lstrip('- '))}")
    lines.append(f"- {'Cơ quan chủ trì' if vi else 'Lead'}: {agencies(t.lead, gaz, lang)}")
    lines.append(f"- {'Cơ quan phối hợp' if vi else 'Coordinating'}: {agencies(t.coordinating, gaz, lang)}")
    lines.append(f"- {'Kết quả' if vi else 'Expected output'}: {task_output(t, lang)}")
    lines.append(f"- {'Thời hạn' if vi else 'Deadline'}: **{_deadline(t, lang)}**")
    if t.footnotes:
        lines.append(f"- {'Chú thích' if vi else 'Footnote'}: {md_escape(' '.join(t.footnotes))}")
    return "\n".join(lines)


_CELL = {"lead": ("Cơ quan chủ trì", "Lead"), "coord": ("Cơ quan phối hợp", "Coordinating agencies"),
         "deadline": ("Thời hạn", "Deadline"), "output": ("Kết quả", "Expected output")}


def cell_line(t: Task, cells: tuple[str, ...], gaz: Gazetteer, lang: str,
              check: tuple[tuple[str, ...], str] | None = None) -> tuple[str, bool]:
    """The cells of a row a question asks for, stated first with the citation ("Task 7 — Deadline: **January
    2025** [03/NQ-CP, Appendix II, task 7]"), and whether every one of them is empty (the row does not say).
    ``check``: the bodies a yes/no question names and the role it asks of them ("Is task 57 led by MOF?"):
    the line then starts with the verdict ("**No.** ")."""
    vi = lang == "vi"
    parts, empties = [], []
    if cells == ("lead",) and t.coordinating and all(gaz.is_collective(a) for a in t.lead):
        # "Which body consolidates the review?" of a row led by "ministries and sectors": the named body is in
        # the coordinating cell, which is stated beside the collective lead.
        cells = ("lead", "coord")
    for cell in cells:
        empty = False
        if cell == "lead":
            value = agencies(t.lead, gaz, lang)
        elif cell == "coord":
            empty = not t.coordinating
            value = agencies(t.coordinating, gaz, lang) if t.coordinating else ""
        elif cell == "deadline":
            empty = t.deadline.kind == "none" or not (t.deadline.raw or t.deadline.due)
            value = "" if empty else _deadline(t, lang)
        else:
            empty = not (t.output_vi or t.output_en)
            value = "" if empty else task_output(t, lang)
        if empty:
            value = "không nêu trong bảng" if vi else "none stated in the table"
        parts.append(f"{_CELL[cell][0 if vi else 1]}: **{value}**")
        empties.append(empty)
    head = f"{'Nhiệm vụ' if vi else 'Task'} {t.no} — " + " · ".join(parts)
    return f"{_verdict(t, check, vi)}{head} {short_ref(DOC, t.clause_id, lang)}", bool(empties) and all(empties)


def _verdict(t: Task, check: tuple[tuple[str, ...], str] | None, vi: bool) -> str:
    if check is None:
        return ""
    named, role = check
    yes = set(named) <= set(t.lead if role == "lead" else t.coordinating)
    return ("**Có.** " if yes else "**Không.** ") if vi else ("**Yes.** " if yes else "**No.** ")


def _deadline(t: Task, lang: str) -> str:
    """The normalised deadline, and the table's own words when they differ ("tháng 1/2025", as written
    "01/2025")."""
    raw = t.deadline.raw_en if lang == "en" and t.deadline.raw_en else t.deadline.raw
    dl = human(t.deadline, lang)
    if raw and t.deadline.kind in ("month", "quarter", "year", "range") and raw.strip().lower() != dl.lower():
        dl += f" ({'ghi trong văn bản' if lang == 'vi' else 'as written'}: “{md_escape(raw)}”)"
    return dl


def indicator_line(i: Indicator, gaz: Gazetteer, lang: str) -> str:
    vi = lang == "vi"
    name = i.name_en if lang == "en" and i.name_en else i.name_vi
    tag = " *(Vietnamese text only)*" if lang == "en" and not i.name_en else ""
    unit = (i.unit_en if lang == "en" and i.unit_en else i.unit_vi) or ""
    target = (i.target_en if lang == "en" and i.target_en else i.target_raw) or ("—")
    bits = [f"{'Mục tiêu' if vi else 'Target'} ({'đến năm' if vi else 'by'} {i.horizon}): **{md_escape(target)}**"
            + (f" {md_escape(unit)}" if unit and unit not in target else "")]
    if i.monitor:
        bits.append(f"{'Cơ quan theo dõi' if vi else 'Monitored by'}: {agencies(i.monitor, gaz, lang)}")
    return (f"- **{'Chỉ tiêu' if vi else 'Indicator'} {i.id}**: {md_escape(name)}{tag} "
            f"{short_ref(DOC, i.clause_id, lang)}\n   " + " · ".join(bits))
