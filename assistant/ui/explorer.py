"""The task table (Appendix II) and indicator table (Appendix I) behind the explorer tabs.

Filtering of tasks is the CLI's (``assistant.taskquery.filter_tasks``); this module only turns the
form's strings into its arguments and the result into rows (sorted as the reader asked), a summary
line and a CSV file named after the filter. Every header and message comes from the ``ui`` catalogue.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Protocol

from assistant.messages import text as msg
from assistant.taskquery import filter_indicators, filter_tasks
from assistant.ui.escaping import escape_markdown_text as _escape
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


# Column keys, in table order; headers come from the catalogue ("ui_col_<key>").
TASK_COLUMNS = ["no", "group", "task", "lead", "coordinating", "output", "deadline", "due", "carries_out", "citation"]
INDICATOR_COLUMNS = ["id", "horizon", "indicator", "target", "unit", "monitoring", "citation"]


def headers_for(columns: Sequence[str], lang: str) -> list[str]:
    return [msg(f"ui_col_{c}", lang) for c in columns]


TASK_HEADERS = {lang: headers_for(TASK_COLUMNS, lang) for lang in ("en", "vi")}
INDICATOR_HEADERS = {lang: headers_for(INDICATOR_COLUMNS, lang) for lang in ("en", "vi")}


@dataclass
class TableResult:
    headers: list[str]
    rows: list[list[str | int]]
    summary: str  # Markdown, already escaped
    error: str = ""
    items: list[int | str] = field(default_factory=list)  # task numbers / indicator ids shown
    columns: list[str] = field(default_factory=list)  # a key per column (TASK_COLUMNS, ...)
    untranslated: list[set[int]] = field(default_factory=list)  # per row: columns shown in Vietnamese in English mode
    lang: str = "en"
    sort: str = ""  # "deadline" ascending, "-deadline" descending, "" document order
    name: str = ""  # the CSV file's stem, from the filter and the order

    def sorted_by(self, sort: str) -> TableResult:
        """The same rows in the order ``sort`` asks for (stable: ties keep document order)."""
        key, desc = sort.lstrip("-"), sort.startswith("-")
        if key not in self.columns or not self.rows:
            return self
        col = self.columns.index(key)
        order = sorted(range(len(self.rows)), key=lambda i: _sort_key(key, self.rows[i][col]), reverse=desc)
        return replace(
            self,
            rows=[self.rows[i] for i in order],
            items=[self.items[i] for i in order] if len(self.items) == len(self.rows) else self.items,
            untranslated=[self.untranslated[i] for i in order] if self.untranslated else [],
            sort=sort,
            name=f"{self.name}_sorted-by-{key}{'-desc' if desc else ''}",
        )


def _sort_key(column: str, value: str | int) -> tuple[int, object]:
    """Numbers as numbers, ids as number tuples ("11.2" after "11"), text folded; blanks last."""
    if value in ("", None):
        return (1, "")
    if isinstance(value, int):
        return (0, (value,))
    if column == "id":
        return (0, tuple(int(p) if p.isdigit() else 0 for p in str(value).split(".")))
    return (0, (fold(str(value)),))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:40]


def _clip(text: str | None) -> str:
    return (text or "").strip()[:MAX_FILTER_CHARS]


def parse_date_bound(text: str, *, end: bool, lang: str = "en") -> date | None:
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
            raise QuestionError(msg("ui_err_invalid_date", lang, text=text)) from exc
    m = _ISO_MONTH.match(text)
    if m:
        text = f"{int(m.group(2))}/{m.group(1)}"
    parsed = try_parse_deadline(text)
    bound = None
    if parsed is not None:
        bound = parsed.due_date if end else parsed.start_date
    if bound is None:
        raise QuestionError(msg("ui_err_bad_date", lang, text=text))
    return bound


def _csv_safe(value: str | int) -> str | int:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(headers: Sequence[str], rows: Sequence[Sequence[str | int]], out_dir: Path, stem: str) -> Path:
    """The rows as CSV (UTF-8 with BOM so spreadsheet programs read Vietnamese right), named ``stem.csv``.

    The file sits in a folder named by a hash of its content: the download keeps the readable
    name, two different tables never share a file, and repeating a filter reuses its file.
    """
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    data = buf.getvalue()
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = out_dir / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.csv"
    if not path.exists():
        tmp = folder / f".{stem}.part"
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
        items = sorted({lk.to_ref.split(":", 1)[1] for lk in self.links.links if lk.kind == "implements"
                        and lk.from_ref.rsplit(".", 1)[-1].isdigit() and "appendix-II." in lk.from_ref})
        return [(msg("ui_implements_all", lang), ALL)] + [
            (f"57-NQ/TW {i} ({len(self.links.tasks_for(i))})", i) for i in items]

    def carries_out(self, task: Task) -> str:
        lk = self.links.task_item(task.no)
        return lk.to_ref if lk else ""

    def group_choices(self, lang: str = "en") -> list[tuple[str, str]]:
        from assistant.ui.escaping import shorten

        out = [(msg("ui_all_groups", lang), ALL)]
        for g, (vi, en) in self.groups.items():
            title = (en if lang == "en" else None) or vi
            out.append((shorten(f"{g}. {title}", 90)[0], g))
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

    @staticmethod
    def untranslated(task: Task, lang: str) -> set[int]:
        """Columns the English table fills with Vietnamese because the source has no translation."""
        if lang != "en":
            return set()
        cols = TASK_COLUMNS
        out = set()
        if not task.name_en:
            out.add(cols.index("task"))
        if task.output_vi and not task.output_en:
            out.add(cols.index("output"))
        if not task.lead and task.lead_raw and not task.lead_raw_en:
            out.add(cols.index("lead"))
        if not task.coordinating and task.coordinating_raw and not task.coordinating_raw_en:
            out.add(cols.index("coordinating"))
        return out

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
        sort: str = "",
        implements: str = ALL,
    ) -> TableResult:
        """The filtered rows. ``as_of`` (like the CLI's ``--as-of``) adds the body that carries each
        task on that day after the 2025 reorganisations, and lets a new body's name find the tasks
        its predecessors were assigned."""
        lang = "vi" if lang == "vi" else "en"
        headers = list(TASK_HEADERS[lang])
        columns = list(TASK_COLUMNS)
        try:
            when = parse_date_bound(as_of, end=True, lang=lang)
            kwargs, described, slug = self._filters(agency, role, due_from, due_to, group, ongoing, text, lang, when)
        except QuestionError as exc:
            return TableResult(headers, [], f"⚠️ {_escape(str(exc))}", error=str(exc), columns=columns, lang=lang)
        tasks = self.filter_fn(self.tasks, **kwargs)
        if implements and implements != ALL:
            # The same rows as `nq57 tasks --implements` and the chat's link answer (LinkTable.tasks_for).
            wanted = set(self.links.tasks_for(implements))
            tasks = [t for t in tasks if t.no in wanted]
            described.append(msg("ui_f_implements", lang, item=implements))
            slug.append(f"carries-out-{implements}")
        rows = [self.row(t, lang) for t in tasks]
        if when is not None:
            from assistant.answer_successors import current_bodies

            headers.append(msg("ui_col_lead_as_of", lang, day=when.isoformat()))
            columns.append("lead_as_of")
            slug.append(f"as-of-{when.isoformat()}")
            for row, task in zip(rows, tasks, strict=True):
                row.append("; ".join(self.agencies.name(a, lang) for a in current_bodies(task.lead, when)))
        summary = msg("ui_tasks_count", lang, shown=len(rows), total=len(self.tasks))
        if described:
            summary += " · " + " · ".join(_escape(d) for d in described)
        name = "_".join(["nq57-tasks", *slug, lang])
        result = TableResult(
            headers, rows, summary, items=[t.no for t in tasks], columns=columns,
            untranslated=[self.untranslated(t, lang) for t in tasks], lang=lang, name=name,
        )
        return result.sorted_by(sort) if sort else result

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
    ) -> tuple[dict[str, object], list[str], list[str]]:
        """The filter's arguments, its description for the summary, and the parts of the CSV name."""
        kwargs: dict[str, object] = {}
        described: list[str] = []
        slug: list[str] = []
        agency = _clip(agency)
        if agency:
            ids = self.agencies.resolve_query(agency)
            if not ids:
                raise QuestionError(msg("ui_err_no_agency", lang, text=agency))
            role = role if role in ROLES else "lead"
            note = None
            if role == "lead" and as_of is not None:
                from assistant.answer_successors import expand_for_as_of

                ids, note = expand_for_as_of(ids, as_of, self.agencies)  # type: ignore[arg-type]
            kwargs[role] = ids
            role_key = {"lead": "ui_f_led_by", "coordinating": "ui_f_coordinated_by", "either": "ui_f_either"}[role]
            described.append(f"{msg(role_key, lang)} " + ", ".join(self.agencies.name(a, lang) for a in ids))
            slug.append(f"{role}-" + "-".join(_slug(a) for a in ids[:3]))
            if note:
                described.append(note)
        after = parse_date_bound(due_from, end=False, lang=lang)
        before = parse_date_bound(due_to, end=True, lang=lang)
        if after and before and after > before:
            raise QuestionError(msg("ui_err_empty_range", lang, start=after.isoformat(), end=before.isoformat()))
        if after:
            kwargs["due_after"] = after
            described.append(msg("ui_f_due_from", lang, day=after.isoformat()))
            slug.append(f"from-{after.isoformat()}")
        if before:
            kwargs["due_before"] = before
            described.append(msg("ui_f_due_by", lang, day=before.isoformat()))
            slug.append(f"by-{before.isoformat()}")
        if group and group != ALL:
            if group not in self.groups:
                raise QuestionError(msg("ui_err_no_group", lang, group=group))
            kwargs["group"] = group
            described.append(msg("ui_f_group", lang, group=group))
            slug.append(f"group-{_slug(group)}")
        if ongoing:
            kwargs["ongoing"] = True
            described.append(msg("ui_f_ongoing", lang))
            slug.append("ongoing")
        text = _clip(text)
        if text:
            kwargs["text"] = text
            described.append(f"“{text}”")
            slug.append(f"search-{_slug(text)}")
        return kwargs, described, slug

    def csv(self, result: TableResult) -> Path:
        return write_csv(result.headers, result.rows, self.csv_dir, result.name or "nq57-tasks")


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

    @staticmethod
    def untranslated(ind: Indicator, lang: str) -> set[int]:
        if lang != "en":
            return set()
        cols = INDICATOR_COLUMNS
        out = set()
        if not ind.name_en:
            out.add(cols.index("indicator"))
        if ind.target_raw and not ind.target_en:
            out.add(cols.index("target"))
        if ind.unit_vi and not ind.unit_en:
            out.add(cols.index("unit"))
        if not ind.monitor and ind.monitor_raw and not ind.monitor_raw_en:
            out.add(cols.index("monitoring"))
        return out

    def query(
        self, *, horizon: str = ALL, text: str = "", agency: str = "", lang: str = "en", sort: str = ""
    ) -> TableResult:
        lang = "vi" if lang == "vi" else "en"
        headers = INDICATOR_HEADERS[lang]
        columns = list(INDICATOR_COLUMNS)
        kwargs: dict[str, object] = {}
        described: list[str] = []
        slug: list[str] = []
        if horizon and horizon != ALL:
            if str(horizon) not in ("2030", "2045"):
                err = msg("ui_err_no_horizon", lang, horizon=horizon)
                return TableResult(headers, [], f"⚠️ {_escape(err)}", error=err, columns=columns, lang=lang)
            kwargs["horizon"] = int(horizon)
            described.append(str(horizon))
            slug.append(str(horizon))
        agency = _clip(agency)
        if agency:
            ids = self.agencies.resolve_query(agency)
            if not ids:
                err = msg("ui_err_no_agency", lang, text=agency)
                return TableResult(headers, [], f"⚠️ {_escape(err)}", error=err, columns=columns, lang=lang)
            kwargs["monitor"] = ids
            described.append(", ".join(self.agencies.name(a, lang) for a in ids))
            slug.append("monitor-" + "-".join(_slug(a) for a in ids[:3]))
        text = _clip(text)
        if text:
            kwargs["text"] = text
            described.append(f"“{text}”")
            slug.append(f"search-{_slug(text)}")
        chosen = filter_indicators(self.indicators, **kwargs)  # type: ignore[arg-type]
        rows = [self.row(i, lang) for i in chosen]
        summary = self.count_text(chosen, lang)
        if described:
            summary += " · " + " · ".join(_escape(d) for d in described)
        result = TableResult(
            headers, rows, summary, items=[i.id for i in chosen], columns=columns,
            untranslated=[self.untranslated(i, lang) for i in chosen], lang=lang,
            name="_".join(["nq57-indicators", *slug, lang]),
        )
        return result.sorted_by(sort) if sort else result

    def count_text(self, chosen: Sequence[Indicator], lang: str) -> str:
        """Officials count 41 indicators; the table has 57 rows because some have sub-rows (11.1, 11.2 …)."""

        def top(inds: Sequence[Indicator]) -> int:
            return len({i.id.split(".")[0] for i in inds})

        total, total_rows = top(self.indicators), len(self.indicators)
        if len(chosen) == total_rows:
            return msg("ui_ind_count_all", lang, top=total, rows=total_rows)
        return msg("ui_ind_count_some", lang, top=top(chosen), total=total, rows=len(chosen), total_rows=total_rows)

    def csv(self, result: TableResult, out_dir: Path) -> Path:
        return write_csv(result.headers, result.rows, out_dir, result.name or "nq57-indicators")
