"""03/NQ-CP's two appendices in both languages: tables, English alignment and their clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.align_en import AlignReport, align_indicators, align_tasks
from ingest.errors import CorpusError
from ingest.gazetteer import Gazetteer
from ingest.models import Clause, Document, Indicator, Task
from ingest.paragraphs import paragraphs

_VI_APPX1 = re.compile(r"^PHỤ LỤC I$")
_VI_APPX2 = re.compile(r"^PHỤ LỤC II$")
_EN_APPX1 = re.compile(r"^APPENDIX I$")
# The English "APPENDIX II" heading fell into a translation gap; its title line survives.
_EN_APPX2 = re.compile(r"^(APPENDIX II|LIST OF TASKS\b.*)$")


@dataclass
class Appendices:
    tasks: list[Task]
    indicators: list[Indicator]
    clauses: list[Clause] = field(default_factory=list)
    report: AlignReport | None = None
    rejected_indicators: list[str] = field(default_factory=list)


def find_line(lines: list[str], pattern: re.Pattern[str], file: str, what: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if pattern.match(lines[i].strip()):
            return i
    raise CorpusError(f"cannot find {what}", file=file)


def body_end(lines: list[str], lang: str) -> int:
    """Index of the first appendix line: the programme body ends there."""
    pattern = _VI_APPX1 if lang == "vi" else _EN_APPX1
    for i, line in enumerate(lines):
        if pattern.match(line.strip()):
            return i
    return len(lines)


def parse_appendices(vi: tuple[Document, list[str], int], en: tuple[Document, list[str], int] | None,
                     gaz: Gazetteer) -> Appendices:
    """``vi``/``en`` = (document, its lines, 1-based file line of lines[0])."""
    from ingest.parse_indicators import parse_indicator_table
    from ingest.parse_tasks import parse_task_table

    vdoc, vlines, vfirst = vi
    f = vdoc.source_file
    a1 = find_line(vlines, _VI_APPX1, f, "'PHỤ LỤC I' (Appendix I)")
    a2 = find_line(vlines, _VI_APPX2, f, "'PHỤ LỤC II' (Appendix II)", a1 + 1)
    indicators = parse_indicator_table(paragraphs(vlines[a1:a2], vfirst + a1), gaz, f)
    tasks = parse_task_table(paragraphs(vlines[a2:], vfirst + a2), gaz, f)
    out = Appendices(tasks, indicators)
    en_tasks: list[Task] = tasks
    if en is not None:
        _edoc, elines, efirst = en
        e1 = find_line(elines, _EN_APPX1, f, "'APPENDIX I' in the English half")
        e2 = find_line(elines, _EN_APPX2, f, "the English Appendix II title", e1 + 1)
        tasks, out.report = align_tasks(tasks, paragraphs(elines[e2:], efirst + e2), gaz)
        indicators, out.rejected_indicators = align_indicators(indicators, paragraphs(elines[e1:e2], efirst + e1), gaz)
        out.tasks, out.indicators = tasks, indicators
        en_tasks = tasks
    out.clauses = appendix_clauses(vdoc, en[0] if en else None, en_tasks, out.indicators,
                                   out.report.lines if out.report else {})
    return out


def task_text(t: Task, lang: str) -> str:
    if lang == "vi":
        parts = [f"Nhiệm vụ {t.no}. {t.name_vi}", *(f"  {s}" for s in t.subitems_vi)]
        parts += [
            f"Cơ quan chủ trì: {t.lead_raw}",
            f"Cơ quan phối hợp: {t.coordinating_raw or '—'}",
            f"Kết quả: {t.output_vi or '—'}",
            f"Thời gian hoàn thành: {t.deadline.raw or '—'}",
        ]
        return "\n".join(parts)
    parts = [f"Task {t.no}. {t.name_en or '…'}", *(f"  {s}" for s in t.subitems_en)]
    parts += [
        f"Lead agency: {t.lead_raw_en or '…'}",
        f"Coordinating agencies: {t.coordinating_raw_en or '—'}",
        f"Expected output: {t.output_en or '…'}",
        f"Completion timeframe: {t.deadline.raw_en or '…'}",
    ]
    return "\n".join(parts)


def indicator_text(i: Indicator, lang: str) -> str:
    if lang == "vi":
        bits = [f"Chỉ tiêu {i.id}. {i.name_vi}"]
        if i.unit_vi:
            bits.append(f"Đơn vị: {i.unit_vi}")
        if i.target_raw:
            bits.append(f"Kết quả (đến năm {i.horizon}): {i.target_raw}")
        if i.monitor_raw:
            bits.append(f"Cơ quan chủ trì theo dõi, đánh giá: {i.monitor_raw}")
        return "\n".join(bits)
    bits = [f"Indicator {i.id}. {i.name_en or '…'}"]
    if i.unit_en:
        bits.append(f"Unit: {i.unit_en}")
    if i.target_en:
        bits.append(f"Target (by {i.horizon}): {i.target_en}")
    if i.monitor_raw_en:
        bits.append(f"Lead agency for monitoring & evaluation: {i.monitor_raw_en}")
    return "\n".join(bits)


def appendix_clauses(vdoc: Document, edoc: Document | None, tasks: list[Task],
                     indicators: list[Indicator], en_lines: dict[str, tuple[int, int]] | None = None) -> list[Clause]:
    out: list[Clause] = []
    titles = {"vi": ("Phụ lục I: Danh mục các chỉ tiêu cụ thể", "Phụ lục II: Danh mục các nhiệm vụ"),
              "en": ("Appendix I: List of specific indicators", "Appendix II: List of tasks")}
    for doc in (vdoc, edoc):
        if doc is None:
            continue
        lang = doc.lang
        t1, t2 = titles[lang]

        def mk(clause_id: str, kind: str, text: str, title: str, trail: tuple[str, ...], parent: str | None,
               start: int, end: int, doc: Document = doc) -> Clause:
            return Clause(doc_id=doc.doc_id, clause_id=clause_id, lang=doc.lang, kind=kind, text=text, title=title,
                          trail=trail, parent_id=parent, source_file=doc.source_file, line_start=start, line_end=end,
                          primary=doc.primary)

        out.append(mk("appendix-I", "appendix", t1, t1, (), None, 0, 0))
        for i in indicators:
            if lang == "en" and not i.name_en and not i.target_en:
                continue
            parent = f"appendix-I.{i.parent}" if i.parent else "appendix-I"
            name = i.name_vi if lang == "vi" else (i.name_en or "")
            out.append(mk(i.clause_id, "indicator", indicator_text(i, lang), name, (t1,), parent,
                          i.line_start if lang == "vi" else 0, i.line_end if lang == "vi" else 0))
        out.append(mk("appendix-II", "appendix", t2, t2, (), None, 0, 0))
        seen_groups: set[str] = set()
        for t in tasks:
            gid = f"appendix-II.{t.group}"
            gtitle = t.group_title_vi if lang == "vi" else t.group_title_en
            if t.group not in seen_groups:
                seen_groups.add(t.group)
                if gtitle:
                    out.append(mk(gid, "group", f"{t.group}. {gtitle}", gtitle, (t2,), "appendix-II", 0, 0))
            if lang == "en" and not t.name_en:
                continue
            trail = (t2, f"{t.group}. {gtitle}" if gtitle else t.group)
            name = t.name_vi if lang == "vi" else (t.name_en or "")
            span = (t.line_start, t.line_end) if lang == "vi" else (en_lines or {}).get(str(t.no), (0, 0))
            out.append(mk(t.clause_id, "task", task_text(t, lang), name, trail, gid, *span))
    return out
