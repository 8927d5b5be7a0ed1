"""Table answers: tasks and indicators from the structured tables, composed deterministically."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from assistant import messages
from assistant.render_tasks import indicator_line, md_escape, task_detail, task_list
from assistant.taskquery import Window, filter_indicators, filter_tasks, overdue
from assistant.understanding.outputs import describe as describe_outputs
from assistant.understanding.parse import Query
from ingest.deadlines import human
from ingest.gazetteer import COLLECTIVES, Gazetteer
from ingest.models import Indicator, Task
from ingest.textnorm import words

DOC = "03/NQ-CP"


@dataclass
class TableResult:
    text: str
    tasks: list[int] = field(default_factory=list)
    related: list[int] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # clause ids in 03/NQ-CP, in order
    found: bool = True
    direct: str = ""  # one row's asked cell, stated first (a task-fact answer)
    abstained: bool = False  # the asked cell is empty: the documents do not state it


def _t(key: str, lang: str, **kw: object) -> str:
    return messages.text("table." + key, lang, **kw)


def _s(n: int) -> str:
    """The English plural ending; the Vietnamese phrases have none."""
    return "" if n == 1 else "s"


def _fmt_date(d: date, lang: str) -> str:
    return d.strftime("%d %B %Y").lstrip("0") if lang == "en" else f"{d.day}/{d.month}/{d.year}"


def _window_phrase(w: Window, lang: str) -> str:
    if w.start.month == w.end.month:
        return _t("month", lang, month=w.start.month, month_name=w.start.strftime("%B"), year=w.start.year)
    if w.start.month == 1 and w.end.month == 12 and w.start.year == w.end.year:
        return _t("year", lang, year=w.start.year)
    if w.start.month == 1 and w.end.month == 12:
        return _t("years", lang, start=w.start.year, end=w.end.year)
    if w.start.year == w.end.year and w.start.month % 3 == 1 and w.end.month == w.start.month + 2:
        qn = (w.start.month - 1) // 3 + 1
        return _t("quarter", lang, n=qn, roman=["I", "II", "III", "IV"][qn - 1], year=w.start.year)
    return _t("between", lang, start=_fmt_date(w.start, lang), end=_fmt_date(w.end, lang))


def describe_filters(q: Query, lang: str, as_of: date, gaz: Gazetteer | None = None) -> str:
    bits: list[str] = []
    nw = getattr(q, "not_window", None)
    if nw is not None:
        span = str(nw.start.year) if nw.start.year == nw.end.year and nw.start.month == 1 and nw.end.month == 12 \
            else f"{_fmt_date(nw.start, lang)}–{_fmt_date(nw.end, lang)}"
        bits.append(_t("not_window", lang, span=span))
    windows = list(getattr(q, "any_window", ())) or ([q.window] if q.window else [])
    spans = [_window_phrase(w, lang) for w in windows]
    if spans:
        bits.append((" hoặc " if lang == "vi" else " or ").join(spans))
    if q.due_before:
        bits.append(_t("by", lang, day=_fmt_date(q.due_before, lang)))
    if q.due_after:
        bits.append(_t("from", lang, day=_fmt_date(q.due_after, lang)))
    for flag in ("overdue", "ongoing", "annual", "onward", "no_deadline"):
        if getattr(q, flag):
            bits.append(_t(flag, lang, day=_fmt_date(as_of, lang)))
    if q.group:
        bits.append(_t("group", lang, group=q.group))
    if q.outputs:
        bits.append(describe_outputs(list(q.outputs), lang))
    excluded = getattr(q, "excluded", ())
    if excluded:
        who = " & ".join(gaz.name(a, lang) if gaz else a for a in excluded)
        bits.append(_t(f"excluded_{getattr(q, 'excluded_role', 'any')}", lang, who=who))
    if getattr(q, "not_ongoing", False):
        bits.append(_t("not_ongoing", lang))
    if getattr(q, "not_outputs", ()):
        bits.append(_t("not_outputs", lang, what=describe_outputs(list(q.not_outputs), lang)))
    if getattr(q, "sole_lead", False):
        bits.append(_t("sole_lead", lang))
    no_coord = getattr(q, "no_coordinator", None)
    if no_coord is not None:
        bits.append(_t("no_coordinator" if no_coord else "has_coordinator", lang))
    return ", ".join(bits)


def time_filters(q: Query, as_of: date) -> dict:
    kinds: list[str] = []
    if q.ongoing:
        kinds.append("ongoing")
    if q.annual:
        kinds.append("annual")
    if q.onward:
        kinds.append("from-year-onward")
    if q.no_deadline:
        kinds.append("none")
    return {
        "window": q.window,
        "due_before": q.due_before,
        "due_after": q.due_after,
        "overdue_as_of": as_of if q.overdue else None,
        "kinds": kinds or None,
        "group": q.group,
        "outputs": list(q.outputs) or None,
        "exclude": list(getattr(q, "excluded", ())) or None,
        "exclude_role": getattr(q, "excluded_role", "any"),
        "no_coordinator": getattr(q, "no_coordinator", None),
        "not_window": getattr(q, "not_window", None),
        "not_outputs": list(getattr(q, "not_outputs", ())) or None,
        "sole_lead": getattr(q, "sole_lead", False),
        "not_ongoing": getattr(q, "not_ongoing", False),
        "any_window": tuple(getattr(q, "any_window", ())) or None,
    }


def agency_tasks(q: Query, tasks: list[Task], gaz: Gazetteer, indicators: list[Indicator], as_of: date,
                 restrict: list[int] | None = None) -> TableResult:
    """Tasks that name the agency in the asked role, with related rows and the collective assignments."""
    lang = q.lang
    vi = lang == "vi"
    role = q.role or "lead"
    ids = [a for a in q.agencies if a not in COLLECTIVES] or list(q.agencies)
    tf = time_filters(q, as_of)
    base = filter_tasks(tasks, numbers=restrict, **tf) if restrict is not None else filter_tasks(tasks, **tf)
    main = _in_role(base, role, ids, q.coord_with)
    names = " & ".join(gaz.name(a, lang) for a in ids)
    abbrevs = ", ".join(gaz.get(a).abbrev or a for a in ids if a in gaz and gaz.get(a).abbrev)
    who = f"{names} ({abbrevs})" if abbrevs and not vi else names
    verb = {
        ("lead", "en"): "leads", ("lead", "vi"): "chủ trì",
        ("coord", "en"): "coordinates", ("coord", "vi"): "phối hợp thực hiện",
        ("either", "en"): "leads or coordinates", ("either", "vi"): "chủ trì hoặc phối hợp",
        ("joint", "en"): "jointly lead", ("joint", "vi"): "cùng chủ trì",
        ("together", "en"): "are all involved in", ("together", "vi"): "cùng tham gia (chủ trì hoặc phối hợp)",
        ("split", "en"): "leads", ("split", "vi"): "chủ trì",
    }[(role, lang)]
    if role == "split":
        others = " & ".join(gaz.name(a, lang) for a in q.coord_with)
        verb = (f"chủ trì, với {others} phối hợp," if vi else
                f"{'lead' if len(ids) > 1 else 'leads'}, with {others} coordinating,")
    if not vi and (len(ids) > 1 or any(a in COLLECTIVES for a in ids)) and role in ("lead", "coord", "either"):
        verb = {"lead": "lead", "coord": "coordinate", "either": "lead or coordinate"}[role]  # plural subject
    if role == "together" and len(ids) == 2 and not vi:
        verb = "are both involved in"
    if role == "joint" and len(ids) == 1:
        verb = "co-leads with another body" if not vi else "chủ trì cùng cơ quan khác"
    filt = describe_filters(q, lang, as_of, gaz)
    filt_txt = f" ({filt})" if filt else ""
    n = len(main)
    if vi:
        head = (f"**{who} {verb} {n} nhiệm vụ**{filt_txt} trong Chương trình hành động (Nghị quyết 03/NQ-CP, Phụ lục II)."
                if n else f"**Không có nhiệm vụ nào**{filt_txt} mà {who} {verb} trong Phụ lục II của Nghị quyết 03/NQ-CP.")
    else:
        head = (f"**{who} {verb} {n} task{'s' if n != 1 else ''}**{filt_txt} in the Action Programme "
                f"(Resolution 03/NQ-CP, Appendix II)."
                if n else f"**No task**{filt_txt} in Resolution 03/NQ-CP Appendix II names {who} as "
                f"{'lead' if role == 'lead' else 'coordinator' if role == 'coord' else 'lead or coordinator'}"
                f"{' together' if role == 'together' else ''}.")
    if role == "either" and n:
        led = len(filter_tasks(main, lead=ids))
        head += (f" Trong đó chủ trì {led}, phối hợp {n - led}." if vi else f" Of these, {led} as lead and {n - led} as coordinator.")
    parts = [head]
    if main:
        parts.append(task_list(main, gaz, lang, show_lead=role != "lead" or len(ids) > 1))
    cited = [t.clause_id for t in main]
    related: list[int] = []
    untimed = time_filters(replace(q, window=None, due_before=None, due_after=None), as_of)
    untimed["not_window"] = None
    # The body's tasks in the asked role whatever their date, for the whole-year note below.
    mine = _in_role(filter_tasks(tasks, numbers=restrict, **untimed), role, ids, q.coord_with) if q.window else []
    also = whole_year_in_window(q, mine, main)
    if also:
        parts.append(whole_year_note(also, lang))
        related += [t.no for t in also]
        cited += [t.clause_id for t in also]
    # Tasks assigned collectively: reported apart, never counted as the agency's own.
    kinds = {gaz.get(a).kind for a in ids if a in gaz}
    # Only the Government's own bodies (ministries, agencies, state media) are among "all ministries, sectors":
    # not the courts, the National Assembly or Party bodies.
    collective_ids = ["ALL", "MINISTRIES"] if kinds & {"ministry", "agency", "media"} else []
    if "province" in kinds:
        collective_ids = ["ALL", "LOCALITIES"]
    if role in ("lead", "either") and not restrict and collective_ids:
        coll = [t for t in filter_tasks(base, lead=collective_ids) if t not in main]
        if coll:
            nums = ", ".join(str(t.no) for t in coll)
            parts.append(
                f"\n{'Ngoài ra' if vi else 'Also'}: {len(coll)} "
                + (f"nhiệm vụ giao chung cho các bộ, ngành, địa phương (có cả {names}): nhiệm vụ {nums}."
                   if vi else f"task{'s' if len(coll) != 1 else ''} assigned to all ministries, sectors and/or "
                   f"localities as a group (which includes {names}): {nums}.")
            )
    if role == "lead" and not restrict:
        coord = [t for t in filter_tasks(base, coordinating=ids) if t not in main]
        if coord:
            related += [t.no for t in coord]
            listing = "; ".join(f"{t.no} ({human(t.deadline, lang)})" for t in coord[:15])
            more = "…" if len(coord) > 15 else ""
            parts.append(
                f"\n{'Liên quan' if vi else 'Related'}: "
                 + (f"{names} phối hợp thực hiện {len(coord)} nhiệm vụ khác: {listing}{more}." if vi
                    else f"{names} coordinates {len(coord)} other task{'s' if len(coord) != 1 else ''}: {listing}{more}.")
            )
            cited += [t.clause_id for t in coord]
        mon = filter_indicators(indicators, monitor=ids)
        if mon:
            listing = "; ".join(f"{i.id} ({md_escape((i.name_en if not vi and i.name_en else i.name_vi)[:80])})"
                                for i in mon[:10])
            parts.append(
                f"{names} là cơ quan chủ trì theo dõi, đánh giá {len(mon)} chỉ tiêu (Phụ lục I): {listing}." if vi
                 else f"{names} monitors {len(mon)} indicator{'s' if len(mon) != 1 else ''} (Appendix I): {listing}."
            )
            cited += [i.clause_id for i in mon]
    return TableResult("\n".join(parts), [t.no for t in main], related, [], cited)


def _in_role(base: list[Task], role: str, ids: list[str], coord_with: list[str]) -> list[Task]:
    """The tasks of ``base`` that name ``ids`` in ``role``."""
    if role == "joint" and len(ids) == 1:
        return [t for t in filter_tasks(base, lead=ids) if len(t.lead) >= 2]
    if role == "joint":
        return filter_tasks(base, joint=ids)
    if role == "coord":
        return filter_tasks(base, coordinating=ids)
    if role == "either":
        return filter_tasks(base, either=ids)
    if role == "split":
        return filter_tasks(base, lead=ids, coordinating=coord_with)
    if role == "together":
        return [t for t in base if all(filter_tasks([t], either=[a]) for a in ids)]
    return filter_tasks(base, lead=ids)


def _topic_words(topic: set[str]) -> str:
    return ", ".join(w.upper() if re.fullmatch(r"\d+g|ai|iot|r&d|stem", w) else w for w in sorted(topic))


def topic_note(lang: str, topic: set[str], n: int) -> str:
    return _t("topic_note", lang, n=n, words=_topic_words(topic))


def off_topic_note(lang: str, topic: set[str]) -> str:
    return _t("off_topic_note", lang, words=_topic_words(topic))


def filtered_tasks(q: Query, tasks: list[Task], gaz: Gazetteer, as_of: date, restrict: list[int] | None = None,
                   topic: bool = False) -> TableResult:
    """Tasks by deadline, kind or group alone ("Which tasks are due in June 2025?")."""
    lang = q.lang
    tf = time_filters(q, as_of)
    base = filter_tasks(tasks, numbers=restrict, **tf) if restrict is not None else filter_tasks(tasks, **tf)
    filt = describe_filters(q, lang, as_of, gaz)
    n = len(base)
    scope = _t("scope_listed", lang) if restrict is not None else ""
    if topic:
        order = {n: i for i, n in enumerate(restrict or [])}
        base = sorted(base, key=lambda t: order.get(t.no, 0))
        scope = _t("scope_topic", lang)
    what = " ".join(x for x in (filt, scope) if x)
    head = _t("filtered_head", lang, n=n, s=_s(n), what=what) if n else _t("filtered_none", lang, what=what)
    parts = [head]
    if base:
        parts.append(task_list(base, gaz, lang))
    keep = None if restrict is None else set(restrict)
    pool = [t for t in tasks if keep is None or t.no in keep]
    also = whole_year_in_window(q, pool, base)
    if also:
        parts.append(whole_year_note(also, lang))
    return TableResult("\n".join(parts), [t.no for t in base], [t.no for t in also], [],
                       [t.clause_id for t in (*base, *also)])


def whole_year_in_window(q: Query, pool: list[Task], listed: list[Task]) -> list[Task]:
    """Year deadlines a part-year window ends on ("due July–December 2025" and "2025"): named apart."""
    w = q.window
    if w is None or (w.start.month == 1 and w.end.month == 12):
        return []
    return [t for t in pool if t not in listed and t.deadline.kind == "year" and t.deadline.due_date
            and w.start <= t.deadline.due_date <= w.end]


def whole_year_note(also: list[Task], lang: str) -> str:
    year = also[0].deadline.due_date.year if also[0].deadline.due_date else ""
    nums = ", ".join(str(t.no) for t in also)
    return "\n" + _t("whole_year_note", lang, n=len(also), s=_s(len(also)), year=year, nums=nums)


def task_lookup(numbers: list[int], tasks: list[Task], gaz: Gazetteer, lang: str) -> TableResult:
    by_no = {t.no: t for t in tasks}
    found = [by_no[n] for n in numbers if n in by_no]
    missing = [n for n in numbers if n not in by_no]
    parts = [task_detail(t, gaz, lang) for t in found]
    if missing:
        nums = ", ".join(map(str, missing))
        parts.append(_t("no_such_task", lang, n=len(tasks), nums=nums))
    return TableResult("\n\n".join(parts), [t.no for t in found], [], [], [t.clause_id for t in found], bool(found))


def indicator_lookup(ids: list[str], indicators: list[Indicator], gaz: Gazetteer, lang: str) -> TableResult:
    by_id = {i.id: i for i in indicators}
    found: list[Indicator] = []
    for x in ids:
        x = x.lstrip("0") or x
        if x in by_id:
            found.append(by_id[x])
            found += [i for i in indicators if i.parent == x]
    missing = [x for x in ids if x not in by_id]
    parts = [indicator_line(i, gaz, lang) for i in found]
    if missing:
        top = sum(1 for i in indicators if i.parent is None)
        parts.append(_t("no_such_indicator", lang, ids=", ".join(missing), n=top))
    return TableResult("\n".join(parts), [], [], [i.id for i in found], [i.clause_id for i in found], bool(found))


def agency_indicators(q: Query, indicators: list[Indicator], gaz: Gazetteer) -> TableResult:
    """Indicators an agency monitors, or (``q.excluded``) those it does not, for a horizon if asked."""
    lang = q.lang
    ids = list(q.agencies)
    horizon = getattr(q, "horizon", None)
    excluded = list(getattr(q, "excluded", ()))
    found = filter_indicators(indicators, monitor=ids or None, horizon=horizon)
    if excluded:
        found = [i for i in found if not set(excluded) & set(i.monitor)]
    n = len(found)
    year = _t("for_year", lang, year=horizon) if horizon else ""
    if ids:
        names = " & ".join(gaz.name(a, lang) for a in ids)
        head = _t("monitors_head", lang, who=names, n=n, s=_s(n))
    else:
        who = " & ".join(gaz.name(a, lang) for a in excluded)
        head = _t("not_monitored_head", lang, who=who, n=n, s=_s(n))
    if year:
        head = head.replace("**", "", 1).replace("**", f"** ({year})", 1)
        head = "**" + head
    parts = [head] + [indicator_line(i, gaz, lang) for i in found]
    return TableResult("\n".join(parts), [], [], [i.id for i in found], [i.clause_id for i in found])


def horizon_indicators(q: Query, indicators: list[Indicator], gaz: Gazetteer, horizon: int) -> TableResult:
    found = filter_indicators(indicators, horizon=horizon)
    n = len(found)
    head = _t("horizon_head", q.lang, n=n, year=horizon)
    parts = [head] + [indicator_line(i, gaz, q.lang) for i in found]
    return TableResult("\n".join(parts), [], [], [i.id for i in found], [i.clause_id for i in found])


def all_indicators(q: Query, indicators: list[Indicator], gaz: Gazetteer) -> TableResult:
    top = sum(1 for i in indicators if i.parent is None)
    head = _t("all_indicators_head", q.lang, n=top, rows=len(indicators))
    parts = [head] + [indicator_line(i, gaz, q.lang) for i in indicators]
    return TableResult("\n".join(parts), [], [], [i.id for i in indicators], [i.clause_id for i in indicators])


def task_rows_for(numbers: list[int], tasks: list[Task], gaz: Gazetteer, lang: str) -> str:
    from assistant.render_tasks import task_line

    by_no = {t.no: t for t in tasks}
    return "\n".join(task_line(by_no[n], gaz, lang) for n in numbers if n in by_no)


def table_totals(lang: str, tasks: list[Task], indicators: list[Indicator], *, want_tasks: bool,
                 want_indicators: bool) -> TableResult:
    """How many tasks and indicators the appendices list, counted from the parsed tables."""
    vi = lang == "vi"
    parts: list[str] = []
    cited: list[str] = []
    if want_tasks:
        groups: dict[str, int] = {}
        for t in tasks:
            groups[t.group] = groups.get(t.group, 0) + 1
        per = "; ".join(f"{'nhóm' if vi else 'group'} {g}: {n}" for g, n in groups.items())
        parts.append(f"**Phụ lục II của Nghị quyết 03/NQ-CP có {len(tasks)} nhiệm vụ**, chia thành {len(groups)} "
                     f"nhóm ({per})." if vi else
                     f"**Appendix II of Resolution 03/NQ-CP lists {len(tasks)} tasks** in {len(groups)} groups "
                     f"({per}).")
        cited.append("appendix-II")
    if want_indicators:
        top = [i for i in indicators if i.parent is None]
        subs = [i for i in indicators if i.parent is not None]
        parents = sorted({i.parent for i in subs if i.parent}, key=lambda x: int(x) if x.isdigit() else 0)
        by_h = {h: sum(1 for i in top if i.horizon == h) for h in sorted({i.horizon for i in top})}
        horizons = "; ".join(f"{'đến năm' if vi else 'by'} {h}: {n}" for h, n in by_h.items())
        joiner = " và " if vi else " and "
        sub_note = joiner.join([", ".join(parents[:-1]), parents[-1]]) if len(parents) > 1 else "".join(parents)
        parts.append(f"**Phụ lục I có {len(top)} chỉ tiêu** ({horizons}); chỉ tiêu {sub_note} có thêm "
                     f"{len(subs)} chỉ tiêu thành phần, tổng cộng {len(indicators)} dòng." if vi else
                     f"**Appendix I lists {len(top)} indicators** ({horizons}); indicator{'s' if len(parents) > 1 else ''} "
                     f"{sub_note} {'have' if len(parents) > 1 else 'has'} {len(subs)} sub-indicators between them, "
                     f"{len(indicators)} rows in all.")
        cited.append("appendix-I")
    return TableResult("\n\n".join(parts), [], [], [], cited)


def agency_ranking(q: Query, tasks: list[Task], gaz: Gazetteer, *, fewest: bool = False) -> TableResult:
    """Named bodies by how many tasks they lead (or coordinate), from the table; collectives apart."""
    vi = q.lang == "vi"
    coord = q.role == "coord"
    counts: dict[str, list[int]] = {}
    for t in tasks:
        for a in (t.coordinating if coord else t.lead):
            if a not in COLLECTIVES:
                counts.setdefault(a, []).append(t.no)
    order = sorted(counts.items(), key=lambda kv: (len(kv[1]) if fewest else -len(kv[1]), kv[0]))
    verb = ("phối hợp" if coord else "chủ trì") if vi else ("coordinates" if coord else "leads")
    top = order[0]
    head = (f"**{gaz.name(top[0], 'vi')} {verb} nhiều nhiệm vụ nhất: {len(top[1])}** (Nghị quyết 03/NQ-CP, Phụ lục II)."
            if vi and not fewest else
            f"**{gaz.name(top[0], 'en')} {verb} the most tasks: {len(top[1])}** (Resolution 03/NQ-CP, Appendix II)."
            if not fewest else
            (f"Cơ quan {verb} ít nhiệm vụ nhất (Phụ lục II):" if vi else f"Bodies that {verb.rstrip('s')} fewest tasks (Appendix II):"))
    lines = [head, "", "Xếp hạng theo số nhiệm vụ:" if vi else "Ranking by number of tasks:"]
    for n, (a, nums) in enumerate(order[:15], 1):
        ab = gaz.get(a).abbrev if a in gaz else None
        lines.append(f"{n}. {gaz.name(a, q.lang)}{f' ({ab})' if ab else ''}: {len(nums)} "
                     f"({'nhiệm vụ' if vi else 'tasks'} {', '.join(map(str, nums))})")
    if len(order) > 15:
        lines.append(f"… và {len(order) - 15} cơ quan khác." if vi else f"… and {len(order) - 15} more bodies.")
    lines.append("")
    lines.append("Không tính các nhiệm vụ giao chung cho các bộ, ngành, địa phương; nhiệm vụ có nhiều cơ quan chủ trì "
                 "được tính cho mỗi cơ quan." if vi else
                 "Tasks assigned to ministries, sectors or localities as a group are not counted; a task with several "
                 "lead bodies counts for each.")
    return TableResult("\n".join(lines), [], [], [], ["appendix-II"])


def overdue_status(numbers: list[int], tasks: list[Task], as_of: date, lang: str) -> str:
    """One line per task: overdue, not yet due, or no end date, as of ``as_of``."""
    by_no = {t.no: t for t in tasks}
    vi = lang == "vi"
    day = _fmt_date(as_of, lang)
    lines = []
    for n in numbers:
        t = by_no[n]
        due = human(t.deadline, lang)
        if overdue(t, as_of):
            lines.append(f"**{'Nhiệm vụ' if vi else 'Task'} {n}: {'đã quá hạn' if vi else 'overdue'}** "
                         + (f"tính đến {day} (thời hạn: {due})." if vi else f"as of {day} (deadline: {due})."))
        elif t.deadline.due_date is not None:
            lines.append(f"**{'Nhiệm vụ' if vi else 'Task'} {n}: {'chưa đến hạn' if vi else 'not yet due'}** "
                         + (f"tính đến {day} (thời hạn: {due})." if vi else f"as of {day} (deadline: {due})."))
        else:
            lines.append(f"**{'Nhiệm vụ' if vi else 'Task'} {n}**: "
                         + (f"không có ngày kết thúc ({due})." if vi else f"no end date ({due})."))
    note = ("Tính theo thời hạn trong bảng; văn bản không nêu tiến độ thực tế." if vi
            else "Judged from the deadline in the table; the documents do not record actual progress.")
    return "\n".join(lines) + "\n" + note


def indicator_for_year(lang: str, prev_id: str, year: int, indicators: list[Indicator], gaz: Gazetteer
                       ) -> TableResult | None:
    """"And for 2045?" after a 2030 target: the row with the same measure for that horizon, or a plain
    statement that Appendix I sets none, with the row it does set."""
    by_id = {i.id: i for i in indicators}
    prev = by_id.get(prev_id)
    if prev is None:
        return None
    if prev.horizon != year:
        mine = set(words(prev.name_vi))
        best = max((i for i in indicators if i.horizon == year and i.parent is None),
                   key=lambda i: len(mine & set(words(i.name_vi))), default=None)
        if best is not None and len(mine & set(words(best.name_vi))) >= 0.6 * len(mine):
            return indicator_lookup([best.id], indicators, gaz, lang)
    r = indicator_lookup([prev_id], indicators, gaz, lang)
    if prev.horizon != year:
        r.text = ((f"Phụ lục I không đặt chỉ tiêu này cho năm {year}; mục tiêu đã nêu là đến năm {prev.horizon}:"
                   if lang == "vi" else
                   f"Appendix I sets no {year} target for this measure; the target it sets is for {prev.horizon}:")
                  + "\n" + r.text)
    return r
