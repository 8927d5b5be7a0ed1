"""The task table (Appendix II) and indicator table (Appendix I) behind the explorer tabs.

Filtering of tasks is the CLI's (``assistant.taskquery.filter_tasks``); this module only turns the
form's strings into its arguments and the result into rows, a summary line and a CSV file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from assistant.taskquery import filter_indicators, filter_tasks
from assistant.ui.render import escape_markdown_text as _escape
from ingest.deadlines import human, try_parse_deadline
from ingest.errors import QuestionError
from ingest.models import Indicator, KnowledgeBase, Task
from ingest.textnorm import fold

ROLES = ("lead", "coordinating", "either")
ALL = "all"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# Spreadsheet programs run cells that start with these as formulas; a leading ' keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_FILTER_CHARS = 200


class AgencyResolver(Protocol):
    def resolve_query(self, text: str) -> list[str]: ...

    def name(self, agency_id: str, lang: str = "en") -> str: ...


TASK_HEADERS = {
    "en": ["No.", "Group", "Task", "Lead", "Coordinating", "Output", "Deadline", "Due by", "carries out (57-NQ/TW)",
           "Citation"],
    "vi": ["STT", "Nhóm", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Sản phẩm", "Thời hạn", "Hạn chót", "thực hiện (57-NQ/TW)",
           "Trích dẫn"],
}
TASK_DATATYPES = ["number", "str", "str", "str", "str", "str", "str", "str", "str", "str", "str"]  # last: "lead as of"
INDICATOR_HEADERS = {
    "en": ["ID", "Horizon", "Indicator", "Target", "Unit", "Monitoring", "Citation"],
    "vi": ["Mã", "Mốc", "Chỉ tiêu", "Mục tiêu", "Đơn vị", "Theo dõi", "Trích dẫn"],
}
INDICATOR_DATATYPES = ["str", "number", "str", "str", "str", "str", "str"]


@dataclass
class TableResult:
    headers: list[str]
    rows: list[list[str | int]]
    summary: str  # Markdown, already escaped
    error: str = ""
    items: list[int | str] = field(default_factory=list)  # task numbers / indicator ids shown


def _clip(text: str | None) -> str:
    return (text or "").strip()[:MAX_FILTER_CHARS]


def parse_date_bound(text: str, *, end: bool) -> date | None:
    """A deadline bound as people type it: "2025-06-30", "2025-06", "6/2025", "Quý II/2025", "June 2025", "2025".

    A period stands for its last day as an upper bound (``end``) and its first day as a lower bound.
    """
    text = _clip(text)
    if not text:
        return None
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise QuestionError(f"{text!r} is not a valid date") from exc
    m = _ISO_MONTH.match(text)
    if m:
        text = f"{int(m.group(2))}/{m.group(1)}"
    parsed = try_parse_deadline(text)
    bound = None
    if parsed is not None:
        bound = parsed.due_date if end else parsed.start_date
    if bound is None:
        raise QuestionError(
            f"cannot read {text!r} as a date; write e.g. 2025-06-30, 6/2025, Q2/2025 or 2025"
        )
    return bound


def _csv_safe(value: str | int) -> str | int:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(headers: Sequence[str], rows: Sequence[Sequence[str | int]], out_dir: Path, stem: str) -> Path:
    """The rows as CSV (UTF-8 with BOM so spreadsheet programs read Vietnamese right).

    The name hashes the content, so repeating a filter reuses its file instead of piling up copies.
    """
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    data = buf.getvalue()
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{stem}-{digest}.csv"
    if not path.exists():
        tmp = path.with_suffix(".part")
        tmp.write_text(data, encoding="utf-8-sig")
        tmp.replace(path)
    return path


class TaskExplorer:
    def __init__(
        self,
        kb: KnowledgeBase,
        agencies: AgencyResolver,
        csv_dir: Path | None = None,
        filter_fn: Callable[..., list[Task]] = filter_tasks,
    ) -> None:
        self.tasks = sorted(kb.tasks, key=lambda t: t.no)
        self.agencies = agencies
        self.filter_fn = filter_fn
        self.csv_dir = csv_dir or Path(tempfile.mkdtemp(prefix="nq57-csv-"))  # callers pass theirs
        groups: dict[str, tuple[str, str | None]] = {}
        for t in self.tasks:
            groups.setdefault(t.group, (t.group_title_vi, t.group_title_en))
        self.groups = groups
        from ingest.links import LinkTable

        self.links = LinkTable(kb.links)

    def implements_choices(self, lang: str = "en") -> list[tuple[str, str]]:
        """57-NQ/TW section III items some task carries out, for the "carries out" filter."""
        everything = "All of 57-NQ/TW" if lang == "en" else "Tất cả (57-NQ/TW)"
        items = sorted({lk.to_ref.split(":", 1)[1] for lk in self.links.links if lk.kind == "implements"
                        and lk.from_ref.rsplit(".", 1)[-1].isdigit() and "appendix-II." in lk.from_ref})
        return [(everything, ALL)] + [(f"57-NQ/TW {i} ({len(self.links.tasks_for(i))})", i) for i in items]

    def carries_out(self, task: Task) -> str:
        lk = self.links.task_item(task.no)
        return lk.to_ref if lk else ""

    def group_choices(self, lang: str = "en") -> list[tuple[str, str]]:
        everything = "All groups" if lang == "en" else "Tất cả các nhóm"
        out = [(everything, ALL)]
        for g, (vi, en) in self.groups.items():
            title = (en if lang == "en" else None) or vi
            out.append((f"{g}. {title}"[:90], g))
        return out

    def row(self, task: Task, lang: str) -> list[str | int]:
        en = lang == "en"

        def names(ids: tuple[str, ...], raw: str | None) -> str:
            return "; ".join(self.agencies.name(a, lang) for a in ids) if ids else (raw or "").strip()

        deadline = human(task.deadline, lang)
        written = (task.deadline.raw_en if en else None) or task.deadline.raw
        if written and fold(written) != fold(deadline):
            deadline = f"{deadline} ({written})"
        return [
            task.no,
            task.group,
            ((task.name_en if en else None) or task.name_vi).strip(),
            names(task.lead, (task.lead_raw_en if en else None) or task.lead_raw),
            names(task.coordinating, (task.coordinating_raw_en if en else None) or task.coordinating_raw),
            ((task.output_en if en else None) or task.output_vi or "").strip(),
            deadline,
            task.deadline.due or "",
            self.carries_out(task),
            f"03/NQ-CP:{task.clause_id}",
        ]

    def query(
        self,
        *,
        agency: str = "",
        role: str = "lead",
        due_from: str = "",
        due_to: str = "",
        group: str = ALL,
        ongoing: bool = False,
        text: str = "",
        lang: str = "en",
        as_of: str = "",
        implements: str = ALL,
    ) -> TableResult:
        """The filtered rows. ``as_of`` (like the CLI's ``--as-of``) adds the body that carries each
        task on that day after the 2025 reorganisations, and lets a new body's name find the tasks
        its predecessors were assigned."""
        lang = "vi" if lang == "vi" else "en"
        headers = list(TASK_HEADERS[lang])
        try:
            when = parse_date_bound(as_of, end=True)
            kwargs, described = self._filters(agency, role, due_from, due_to, group, ongoing, text, lang, when)
        except QuestionError as exc:
            msg = _escape(str(exc))
            return TableResult(headers, [], f"⚠️ {msg}", error=str(exc))
        tasks = self.filter_fn(self.tasks, **kwargs)
        if implements and implements != ALL:
            # The same rows as `nq57 tasks --implements` and the chat's link answer (LinkTable.tasks_for).
            wanted = set(self.links.tasks_for(implements))
            tasks = [t for t in tasks if t.no in wanted]
            described.append(("carries out 57-NQ/TW " if lang == "en" else "thực hiện 57-NQ/TW ") + implements)
        rows = [self.row(t, lang) for t in tasks]
        if when is not None:
            from assistant.answer_successors import current_bodies

            headers.append(f"Lead as of {when.isoformat()}" if lang == "en" else f"Chủ trì tại {when.isoformat()}")
            for row, task in zip(rows, tasks, strict=True):
                row.append("; ".join(self.agencies.name(a, lang) for a in current_bodies(task.lead, when)))
        of = "of" if lang == "en" else "trên"
        noun = "tasks" if lang == "en" else "nhiệm vụ"
        summary = f"**{len(rows)}** {of} {len(self.tasks)} {noun}"
        if described:
            summary += " · " + " · ".join(_escape(d) for d in described)
        return TableResult(headers, rows, summary, items=[t.no for t in tasks])

    def _filters(
        self,
        agency: str,
        role: str,
        due_from: str,
        due_to: str,
        group: str,
        ongoing: bool,
        text: str,
        lang: str,
        as_of: date | None = None,
    ) -> tuple[dict[str, object], list[str]]:
        kwargs: dict[str, object] = {}
        described: list[str] = []
        agency = _clip(agency)
        if agency:
            ids = self.agencies.resolve_query(agency)
            if not ids:
                raise QuestionError(
                    f"no agency matches {agency!r}; try an abbreviation (MOH, MOST) or a full name (Bộ Y tế)"
                )
            role = role if role in ROLES else "lead"
            note = None
            if role == "lead" and as_of is not None:
                from assistant.answer_successors import expand_for_as_of

                ids, note = expand_for_as_of(ids, as_of, self.agencies)  # type: ignore[arg-type]
            kwargs[role] = ids
            role_label = {
                "en": {"lead": "led by", "coordinating": "coordinated by", "either": "lead or coordinator:"},
                "vi": {"lead": "chủ trì:", "coordinating": "phối hợp:", "either": "chủ trì hoặc phối hợp:"},
            }[lang][role]
            described.append(f"{role_label} " + ", ".join(self.agencies.name(a, lang) for a in ids))
            if note:
                described.append(note)
        after = parse_date_bound(due_from, end=False)
        before = parse_date_bound(due_to, end=True)
        if after and before and after > before:
            raise QuestionError(f"the range is empty: {after.isoformat()} is after {before.isoformat()}")
        if after:
            kwargs["due_after"] = after
            described.append(f"{'due from' if lang == 'en' else 'hạn từ'} {after.isoformat()}")
        if before:
            kwargs["due_before"] = before
            described.append(f"{'due by' if lang == 'en' else 'hạn đến'} {before.isoformat()}")
        if group and group != ALL:
            if group not in self.groups:
                raise QuestionError(f"there is no task group {group!r}")
            kwargs["group"] = group
            described.append(f"{'group' if lang == 'en' else 'nhóm'} {group}")
        if ongoing:
            kwargs["ongoing"] = True
            described.append("ongoing" if lang == "en" else "thường xuyên")
        text = _clip(text)
        if text:
            kwargs["text"] = text
            described.append(f"“{text}”")
        return kwargs, described

    def csv(self, result: TableResult) -> Path:
        return write_csv(result.headers, result.rows, self.csv_dir, "nq57-tasks")


class IndicatorExplorer:
    def __init__(self, kb: KnowledgeBase, agencies: AgencyResolver) -> None:
        self.indicators = list(kb.indicators)
        self.agencies = agencies

    def row(self, ind: Indicator, lang: str) -> list[str | int]:
        en = lang == "en"
        monitor = (
            "; ".join(self.agencies.name(a, lang) for a in ind.monitor)
            if ind.monitor
            else ((ind.monitor_raw_en if en else None) or ind.monitor_raw or "")
        )
        return [
            ind.id,
            ind.horizon,
            ((ind.name_en if en else None) or ind.name_vi).strip(),
            ((ind.target_en if en else None) or ind.target_raw or "").strip(),
            ((ind.unit_en if en else None) or ind.unit_vi or "").strip(),
            monitor.strip(),
            f"03/NQ-CP:{ind.clause_id}",
        ]

    def query(self, *, horizon: str = ALL, text: str = "", agency: str = "", lang: str = "en") -> TableResult:
        lang = "vi" if lang == "vi" else "en"
        headers = INDICATOR_HEADERS[lang]
        kwargs: dict[str, object] = {}
        described: list[str] = []
        if horizon and horizon != ALL:
            if str(horizon) not in ("2030", "2045"):
                msg = f"there is no horizon {horizon!r}; choose 2030 or 2045"
                return TableResult(headers, [], f"⚠️ {_escape(msg)}", error=msg)
            kwargs["horizon"] = int(horizon)
            described.append(str(horizon))
        agency = _clip(agency)
        if agency:
            ids = self.agencies.resolve_query(agency)
            if not ids:
                msg = f"no agency matches {agency!r}"
                return TableResult(headers, [], f"⚠️ {_escape(msg)}", error=msg)
            kwargs["monitor"] = ids
            described.append(", ".join(self.agencies.name(a, lang) for a in ids))
        text = _clip(text)
        if text:
            kwargs["text"] = text
            described.append(f"“{text}”")
        chosen = filter_indicators(self.indicators, **kwargs)  # type: ignore[arg-type]
        rows = [self.row(i, lang) for i in chosen]
        noun = "indicators" if lang == "en" else "chỉ tiêu"
        summary = f"**{len(rows)}** {'of' if lang == 'en' else 'trên'} {len(self.indicators)} {noun}"
        if described:
            summary += " · " + " · ".join(_escape(d) for d in described)
        return TableResult(headers, rows, summary, items=[i.id for i in chosen])

    def csv(self, result: TableResult, out_dir: Path) -> Path:
        return write_csv(result.headers, result.rows, out_dir, "nq57-indicators")
