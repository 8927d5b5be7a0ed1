"""Generate evals/table_qa.jsonl from the raw Appendix I/II text.

Run: ``python -m evals.generators.make_table_qa`` (rewrites the file; the output is deterministic).
Every expectation is computed by ``appendix_scan`` + ``agencies`` + ``deadlines`` from the source
text, never from the project's parser; ``checked`` records which generator rule produced it and the
source lines it rests on, plus the hand-check note for the sampled cases (``hand_checks.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from evals.generators import deadlines as dl
from evals.generators.agencies import BY_ID, Body, coordinates, leads, names
from evals.generators.appendix_scan import IndicatorRow, Row, fold, scan_indicators, scan_tasks
from evals.generators.common import (
    EVALS_DIR,
    body_facts,
    case,
    deadline_facts,
    indicator_ref,
    lines_of,
    task_ref,
    write_jsonl,
)
from evals.generators.hand_checks import HAND_CHECKED

DEFAULT_AS_OF = "2025-01-15"  # before the 2025 ministry mergers; see README

Cases = list[dict[str, Any]]


def _expect(tasks: list[int], *, facts: list[list[str]] | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"tasks": sorted(tasks), "refused": False}
    if tasks:
        out["citations"] = [task_ref(n) for n in sorted(tasks)]
    if facts:
        out["key_facts"] = facts
    out.update(extra)
    return out


class Gen:
    def __init__(self) -> None:
        self.rows: dict[int, Row] = scan_tasks()
        self.inds: dict[str, IndicatorRow] = scan_indicators()
        self.cases: Cases = []

    # -- helpers ---------------------------------------------------------------------------
    def due(self, no: int) -> dl.Due:
        return dl.read(self.rows[no].deadline)

    def where(self, pred: Callable[[dl.Due], bool], among: list[int] | None = None) -> list[int]:
        pool = among if among is not None else list(self.rows)
        return sorted(n for n in pool if pred(self.due(n)))

    def add(self, c: dict[str, Any]) -> None:
        note = HAND_CHECKED.get(c["id"])
        if note:
            c["checked"] += f" + hand-checked: {note}"
        self.cases.append(c)

    # -- lead / coordinate -------------------------------------------------------------------
    def lead_cases(self) -> None:
        en = [
            "Which tasks does {a} lead?",
            "Which tasks does {a} lead and when are they due?",
            "What tasks is {a} in charge of under Resolution 03/NQ-CP?",
            "List the action programme tasks where {a} is the lead agency.",
            "Which tasks in Appendix II are assigned to {a} to preside over?",
            "what does {a} have to lead in the government action programme",
        ]
        vi = [
            "{a} chủ trì những nhiệm vụ nào?",
            "Những nhiệm vụ nào do {a} chủ trì?",
            "{a} được giao chủ trì nhiệm vụ gì trong Nghị quyết 03/NQ-CP?",
            "Liệt kê các nhiệm vụ mà {a} là cơ quan chủ trì.",
            "Cho tôi danh sách nhiệm vụ {a} chủ trì thực hiện",
        ]
        # (body, forms): forms pick which spellings of the agency to ask with.
        plan: list[tuple[str, tuple[str, ...]]] = [
            ("MOH", ("en", "abbr", "vi", "nodiac", "short")),
            ("MOST", ("en", "abbr", "vi", "nodiac", "short", "short2")),
            ("MIC", ("en", "abbr", "vi", "nodiac", "short", "short2")),
            ("MOET", ("en", "abbr", "vi", "short")),
            ("MPS", ("en", "abbr", "vi", "nodiac", "short")),
            ("MPI", ("en", "abbr", "vi", "short")),
            ("MOF", ("en", "abbr", "vi", "nodiac")),
            ("MOHA", ("en", "abbr", "vi", "nodiac")),
            ("MOIT", ("en", "abbr", "vi")),
            ("MOFA", ("en", "abbr", "vi", "nodiac")),
            ("MND", ("en", "abbr", "vi")),
            ("MONRE", ("en", "abbr", "vi", "short")),
            ("MOCST", ("en", "vi")),
            ("MOC", ("en", "vi")),
            ("MOT", ("en", "vi", "short")),
            ("MOLISA", ("abbr", "vi")),
            ("MARD", ("en", "short")),
            ("SBV", ("en", "vi", "short")),
            ("GO", ("en", "vi", "short")),
            ("VAST", ("en", "vi")),
            ("MOJ", ("en", "vi")),
        ]
        k = 0
        for bid, forms in plan:
            body = BY_ID[bid]
            tasks = leads(self.rows, bid)
            for form in forms:
                k += 1
                q, lang, tags = self._ask(body, form, en[k % len(en)], vi[k % len(vi)])
                facts = None
                if "when are they due" in q and tasks:
                    facts = [deadline_facts(self.rows[n].deadline) for n in tasks]
                rule = f"generator:lead_scan (agencies.leads {bid}) lead cells {lines_of(self.rows, tasks, 'lead')}"
                if not tasks:
                    rule = f"generator:lead_scan (agencies.leads {bid}): no lead cell names it; coordinating cells {coordinates(self.rows, bid)}"
                self.add(case(id=f"tq-lead-{bid.lower()}-{form}", suite="table", language=lang, category="lead",
                              question=q, expect=_expect(tasks, facts=facts), checked=rule, tags=tags))

    def _ask(self, body: Body, form: str, en_tpl: str, vi_tpl: str) -> tuple[str, str, list[str]]:
        """Question text, language and tags for one spelling of an agency."""
        if form == "en":
            return en_tpl.format(a=f"the {body.en}"), "en", []
        if form == "abbr":
            return en_tpl.format(a=body.abbr[0]), "en", ["abbrev"]
        if form == "vi":
            return vi_tpl.format(a=body.vi), "vi", []
        if form == "nodiac":
            return fold(vi_tpl.format(a=body.vi)).rstrip("?."), "vi", ["no-diacritics"]
        if form == "short":
            return vi_tpl.format(a=body.short[0]), "vi", ["shorthand"]
        if form == "short2":
            return vi_tpl.format(a=body.short[1]), "vi", ["shorthand"]
        raise ValueError(form)

    def coordinate_cases(self) -> None:
        en = [
            "Which tasks does {a} coordinate on?",
            "In which tasks is {a} a coordinating agency?",
            "What tasks does {a} support as a coordinating body?",
            "Where is {a} listed among the coordinating agencies?",
        ]
        vi = [
            "{a} phối hợp thực hiện những nhiệm vụ nào?",
            "Những nhiệm vụ nào {a} là cơ quan phối hợp?",
            "{a} tham gia phối hợp trong các nhiệm vụ nào?",
        ]
        plan = [
            ("MOH", ("en", "vi")), ("MOJ", ("en", "nodiac")), ("MOFA", ("abbr", "vi")), ("VSS", ("en",)),
            ("MOC", ("en", "vi")), ("SBV", ("abbr", "vi")), ("GO", ("en", "short")), ("MND", ("abbr", "vi")),
            ("MOLISA", ("en",)), ("MOHA", ("en", "vi")), ("MOET", ("abbr", "short")), ("MOF", ("en", "vi")),
            ("MPI", ("abbr", "vi")), ("MPS", ("en", "short")), ("MOST", ("abbr", "short")), ("MIC", ("en", "short2")),
            ("GI", ("en",)),
        ]
        k = 0
        for bid, forms in plan:
            body = BY_ID[bid]
            tasks = coordinates(self.rows, bid)
            for form in forms:
                k += 1
                q, lang, tags = self._ask(body, form, en[k % len(en)], vi[k % len(vi)])
                rule = f"generator:coord_scan (agencies.coordinates {bid}) coordinating cells of tasks {tasks}"
                self.add(case(id=f"tq-coord-{bid.lower()}-{form}", suite="table", language=lang,
                              category="coordinate", question=q, expect=_expect(tasks), checked=rule, tags=tags))

    def joint_cases(self) -> None:
        pairs = [
            ("MOST", "MIC", "en", "Which tasks do MOST and MIC lead jointly?"),
            ("MOST", "MIC", "vi", "Nhiệm vụ nào do Bộ Khoa học và Công nghệ và Bộ Thông tin và Truyền thông cùng chủ trì?"),
            ("MPS", "MND", "vi", "Bộ Công an và Bộ Quốc phòng cùng chủ trì những nhiệm vụ nào?"),
            ("MPI", "MOF", "en", "Which tasks are co-led by the Ministry of Planning and Investment and the Ministry of Finance?"),
            ("MIC", "MND", "en", "Which tasks does MIC lead together with the Ministry of National Defence?"),
            ("GO", "MPS", "en", "Which tasks do the Government Office and MPS lead together?"),
            ("MIC", "MOET", "vi", "nhiem vu nao do bo thong tin va truyen thong va bo giao duc va dao tao cung chu tri"),
            ("MPI", "MOIT", "vi", "BKHĐT và Bộ Công Thương cùng chủ trì nhiệm vụ nào?"),
        ]
        for a, b, lang, q in pairs:
            tasks = sorted(set(leads(self.rows, a)) & set(leads(self.rows, b)))
            tags = ["no-diacritics"] if q == fold(q) else []
            self.add(case(id=f"tq-joint-{a.lower()}-{b.lower()}-{lang}", suite="table", language=lang,
                          category="joint_lead", question=q, expect=_expect(tasks), tags=tags,
                          checked=f"generator:lead_scan (leads {a} ∩ leads {b}) lead cells {lines_of(self.rows, tasks, 'lead')}"))
        shared = [
            ("MONRE", "en", "Which tasks does MONRE share the lead on with other agencies?"),
            ("MOIT", "en", "Which tasks does the Ministry of Industry and Trade co-lead with another body?"),
            ("MPS", "vi", "Nhiệm vụ nào Bộ Công an chủ trì cùng với cơ quan khác?"),
            ("MOH", "en", "Does the Ministry of Health co-lead any task with another ministry?"),
        ]
        for bid, lang, q in shared:
            tasks = [n for n in leads(self.rows, bid) if len(names(self.rows[n].lead)) >= 2]
            self.add(case(id=f"tq-joint-{bid.lower()}-shared-{lang}", suite="table", language=lang,
                          category="joint_lead", question=q, expect=_expect(tasks),
                          checked=f"generator:lead_scan (leads {bid} whose lead cell names >= 2 bodies) {lines_of(self.rows, tasks, 'lead')}"))

    # -- deadlines --------------------------------------------------------------------------
    def deadline_cases(self) -> None:
        def month(y: int, m: int) -> Callable[[dl.Due], bool]:
            first = date(y, m, 1)
            last = date(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
            return lambda d: dl.due_within(d, first, date.fromordinal(last))

        def quarter(y: int, q: int) -> Callable[[dl.Due], bool]:
            first = date(y, 3 * q - 2, 1)
            last = date.fromordinal(date(y + (q == 4), (3 * q) % 12 + 1, 1).toordinal() - 1)
            return lambda d: dl.due_within(d, first, last)

        def year(y: int) -> Callable[[dl.Due], bool]:
            return lambda d: dl.due_within(d, date(y, 1, 1), date(y, 12, 31))

        specs: list[tuple[str, str, str, str, Callable[[dl.Due], bool], str]] = [
            ("month-2025-06-en", "deadline_month", "en", "Which tasks are due in June 2025?", month(2025, 6), "due_within June 2025"),
            ("month-2025-06-vi", "deadline_month", "vi", "Những nhiệm vụ nào có thời hạn hoàn thành trong tháng 6/2025?", month(2025, 6), "due_within 6/2025"),
            ("month-2025-09-nodiac", "deadline_month", "vi", "nhiem vu nao phai hoan thanh trong thang 9/2025", month(2025, 9), "due_within 9/2025"),
            ("month-2025-12-en", "deadline_month", "en", "What has to be delivered in December 2025?", month(2025, 12), "due_within 12/2025 (year-2025 deadlines excluded)"),
            ("month-2025-03-vi", "deadline_month", "vi", "Tháng 3/2025 có những nhiệm vụ nào đến hạn?", month(2025, 3), "due_within 3/2025"),
            ("month-2025-01-en", "deadline_month", "en", "Which tasks had a January 2025 deadline?", month(2025, 1), "due_within 1/2025"),
            ("month-2025-10-vi", "deadline_month", "vi", "Nhiệm vụ nào hạn chót là tháng 10 năm 2025?", month(2025, 10), "due_within 10/2025"),
            ("month-2025-07-en", "deadline_month", "en", "Anything due in July 2025?", month(2025, 7), "due_within 7/2025"),
            ("month-2026-12-en", "deadline_month", "en", "Which tasks are due in December 2026?", month(2026, 12), "due_within 12/2026"),
            ("month-2026-09-vi", "deadline_month", "vi", "Các nhiệm vụ có thời hạn tháng 9/2026 là gì?", month(2026, 9), "due_within 9/2026"),
            ("month-2028-12-en", "deadline_month", "en", "Which tasks are scheduled for completion in December 2028?", month(2028, 12), "due_within 12/2028"),
            ("quarter-2025-2-en", "deadline_quarter", "en", "Which tasks are due in Q2 2025?", quarter(2025, 2), "due_within 2025-04-01..2025-06-30"),
            ("quarter-2025-1-vi", "deadline_quarter", "vi", "Nhiệm vụ nào phải hoàn thành trong quý I/2025?", quarter(2025, 1), "due_within 2025-01-01..2025-03-31"),
            ("quarter-2025-3-en", "deadline_quarter", "en", "What is due in the third quarter of 2025?", quarter(2025, 3), "due_within 2025-07-01..2025-09-30"),
            ("quarter-2025-4-nodiac", "deadline_quarter", "vi", "nhiem vu nao den han trong quy 4 nam 2025", quarter(2025, 4), "due_within 2025-10-01..2025-12-31"),
            ("year-2026-en", "deadline_year", "en", "Which tasks are due in 2026?", year(2026), "due_within 2026 (ranges 2025-2026 count: due at their end)"),
            ("year-2027-vi", "deadline_year", "vi", "Nhiệm vụ nào có thời hạn năm 2027?", year(2027), "due_within 2027"),
            ("year-2030-en", "deadline_year", "en", "Which tasks have a 2030 deadline?", year(2030), "due_within 2030"),
            ("year-2028-vi", "deadline_year", "vi", "Những nhiệm vụ nào hoàn thành trong năm 2028?", year(2028), "due_within 2028"),
            ("by-2025-03-en", "deadline_before", "en", "Which tasks are due by March 2025?", lambda d: dl.due_by(d, date(2025, 3, 31)), "due <= 2025-03-31"),
            ("before-2025-06-vi", "deadline_before", "vi", "Những nhiệm vụ nào phải xong trước tháng 6/2025?", lambda d: dl.due_before(d, date(2025, 6, 1)), "due < 2025-06-01 (strict 'trước')"),
            ("by-2025-06-vi", "deadline_before", "vi", "Nhiệm vụ nào có hạn chậm nhất đến hết tháng 6/2025?", lambda d: dl.due_by(d, date(2025, 6, 30)), "due <= 2025-06-30"),
            ("by-2025-05-en", "deadline_before", "en", "What must be finished no later than May 2025?", lambda d: dl.due_by(d, date(2025, 5, 31)), "due <= 2025-05-31"),
            ("after-2026-en", "deadline_after", "en", "Which tasks have deadlines after 2026?", lambda d: dl.due_after(d, date(2026, 12, 31)), "due > 2026-12-31"),
            ("after-2028-vi", "deadline_after", "vi", "Nhiệm vụ nào có thời hạn sau năm 2028?", lambda d: dl.due_after(d, date(2028, 12, 31)), "due > 2028-12-31"),
            ("after-2027-nodiac", "deadline_after", "vi", "nhiem vu nao co han sau nam 2027", lambda d: dl.due_after(d, date(2027, 12, 31)), "due > 2027-12-31"),
            ("ongoing-en", "deadline_kind", "en", "Which tasks are marked as ongoing?", lambda d: d.kind == "ongoing", "kind ongoing (Thường xuyên)"),
            ("ongoing-vi", "deadline_kind", "vi", "Những nhiệm vụ nào thực hiện thường xuyên?", lambda d: d.kind == "ongoing", "kind ongoing (Thường xuyên)"),
            ("annual-en", "deadline_kind", "en", "Which tasks are annual?", lambda d: d.kind == "annual", "kind annual (Hằng năm)"),
            ("onward-vi", "deadline_kind", "vi", "Nhiệm vụ nào thực hiện từ năm 2025 và những năm tiếp theo?", lambda d: d.kind == "from-year-onward", "kind from-year-onward"),
            ("none-en", "deadline_kind", "en", "Which task has no deadline at all?", lambda d: d.kind == "none", "kind none (empty deadline cell)"),
        ]
        for sid, cat, lang, q, pred, rule in specs:
            tasks = self.where(pred)
            tags = ["no-diacritics"] if q == fold(q) else []
            self.add(case(id=f"tq-{sid}", suite="table", language=lang, category=cat, question=q,
                          expect=_expect(tasks), tags=tags,
                          checked=f"generator:deadline_scan ({rule}) deadline cells {lines_of(self.rows, tasks, 'deadline')}"))

    def agency_deadline_cases(self) -> None:
        specs: list[tuple[str, str, str, str, Callable[[dl.Due], bool], str]] = [
            ("mic-before-2025-06-short", "MIC", "vi", "Nhiệm vụ nào BTTTT chủ trì phải xong trước tháng 6/2025?",
             lambda d: dl.due_before(d, date(2025, 6, 1)), "due < 2025-06-01"),
            ("mic-2025-09-en", "MIC", "en", "Which MIC-led tasks are due in September 2025?",
             lambda d: dl.due_within(d, date(2025, 9, 1), date(2025, 9, 30)), "due_within 9/2025"),
            ("most-2025-short", "MOST", "vi", "Bộ KH&CN chủ trì những nhiệm vụ nào có thời hạn trong năm 2025?",
             lambda d: dl.due_within(d, date(2025, 1, 1), date(2025, 12, 31)), "due_within 2025"),
            ("most-ongoing-en", "MOST", "en", "Which of the Ministry of Science and Technology's tasks are ongoing?",
             lambda d: d.kind == "ongoing", "kind ongoing"),
            ("moet-2026-en", "MOET", "en", "Which MOET tasks are due in 2026?",
             lambda d: dl.due_within(d, date(2026, 1, 1), date(2026, 12, 31)), "due_within 2026"),
            ("mof-by-2025-12-vi", "MOF", "vi", "Bộ Tài chính chủ trì nhiệm vụ nào phải hoàn thành chậm nhất vào tháng 12/2025?",
             lambda d: dl.due_by(d, date(2025, 12, 31)), "due <= 2025-12-31"),
            ("go-2025-06-en", "GO", "en", "What does the Government Office have to deliver in June 2025?",
             lambda d: dl.due_within(d, date(2025, 6, 1), date(2025, 6, 30)), "due_within 6/2025"),
            ("mps-2025-q1-nodiac", "MPS", "vi", "bo cong an chu tri nhiem vu nao han trong quy 1/2025",
             lambda d: dl.due_within(d, date(2025, 1, 1), date(2025, 3, 31)), "due_within Q1 2025"),
            ("mpi-ongoing-vi", "MPI", "vi", "Bộ Kế hoạch và Đầu tư có nhiệm vụ chủ trì nào thực hiện thường xuyên không?",
             lambda d: d.kind == "ongoing", "kind ongoing"),
            ("mofa-after-2025-en", "MOFA", "en", "Which MOFA tasks are due after 2025?",
             lambda d: dl.due_after(d, date(2025, 12, 31)), "due > 2025-12-31"),
        ]
        for sid, bid, lang, q, pred, rule in specs:
            tasks = self.where(pred, leads(self.rows, bid))
            tags = ["no-diacritics"] if q == fold(q) else (["shorthand"] if "BTTTT" in q or "KH&CN" in q else [])
            self.add(case(id=f"tq-ld-{sid}", suite="table", language=lang, category="lead_deadline", question=q,
                          expect=_expect(tasks), tags=tags,
                          checked=f"generator:lead_scan ∩ deadline_scan (leads {bid}; {rule}) {lines_of(self.rows, tasks, 'deadline')}"))

    def overdue_cases(self) -> None:
        specs = [
            ("all-2025-07-01-en", None, "en", "As of 1 July 2025, which tasks are overdue?", "2025-07-01"),
            ("all-2025-04-01-en", None, "en", "Which tasks are overdue?", "2025-04-01"),
            ("mic-2025-10-01-en", "MIC", "en", "Which MIC tasks are past their deadline?", "2025-10-01"),
            ("mps-2026-01-01-vi", "MPS", "vi", "Tính đến ngày 1/1/2026, Bộ Công an có nhiệm vụ chủ trì nào đã quá hạn?", "2026-01-01"),
            ("moh-2025-04-15-nodiac", "MOH", "vi", "nhiem vu nao cua bo y te da qua han", "2025-04-15"),
            ("most-2025-11-01-vi", "MOST", "vi", "Những nhiệm vụ do Bộ KH&CN chủ trì nào đã trễ hạn?", "2025-11-01"),
            ("all-2026-10-01-vi", None, "vi", "Nhiệm vụ nào đã quá hạn (tính đến 01/10/2026) mà có thời hạn trong năm 2026?", "2026-10-01"),
            ("go-2025-07-15-en", "GO", "en", "Is the Government Office behind on any of its tasks?", "2025-07-15"),
        ]
        for sid, bid, lang, q, as_of in specs:
            d0 = date.fromisoformat(as_of)
            pool = leads(self.rows, bid) if bid else None

            def pred(d: dl.Due, d0: date = d0) -> bool:
                return dl.overdue(d, d0)

            if "trong năm 2026" in q:  # also restricted to 2026 deadlines

                def pred(d: dl.Due, d0: date = d0) -> bool:
                    return dl.overdue(d, d0) and dl.due_within(d, date(2026, 1, 1), date(2026, 12, 31))

            tasks = self.where(pred, pool)
            tags = ["no-diacritics"] if q == fold(q) else []
            self.add(case(id=f"tq-overdue-{sid}", suite="table", language=lang, category="overdue", question=q,
                          as_of=as_of, expect=_expect(tasks), tags=tags,
                          checked=f"generator:deadline_scan (overdue: due < {as_of}{', leads ' + bid if bid else ''}) {lines_of(self.rows, tasks, 'deadline')}"))

    # -- look-ups ----------------------------------------------------------------------------
    def task_lookup_cases(self) -> None:
        # (task, language, question, what the answer must state: lead / coord / deadline)
        specs: list[tuple[int, str, str, tuple[str, ...]]] = [
            (57, "en", "What is task 57 about?", ()),
            (110, "vi", "Nhiệm vụ 110 là gì?", ()),
            (111, "en", "Tell me about task 111 - who leads it and what is the deadline?", ("lead", "deadline")),
            (42, "en", "Who leads task 42 and when is it due?", ("lead",)),
            (8, "vi", "Nhiệm vụ số 8 do ai chủ trì, thời hạn khi nào?", ("lead", "deadline")),
            (11, "en", "Who coordinates task 11?", ("coord",)),
            (71, "vi", "Kết quả của nhiệm vụ 71 là gì?", ()),
            (14, "en", "What does task 14 require?", ()),
            (26, "vi", "Nhiệm vụ 26 gồm những Nghị định nào?", ()),
            (108, "en", "Which agencies lead task 108?", ("lead",)),
            (140, "vi", "nhiem vu 140 la gi", ()),
            (123, "en", "When is task 123 due?", ("deadline",)),
            (76, "vi", "Nhiệm vụ 76 có thời hạn thế nào?", ("deadline",)),
            (49, "en", "What is task 49 and how often is it done?", ("deadline",)),
            (1, "vi", "Nhiệm vụ 1 do cơ quan nào chủ trì?", ("lead",)),
            (90, "en", "Who leads task 90?", ("lead",)),
            (46, "en", "Which bodies lead task 46?", ("lead",)),
            (113, "vi", "Ai chủ trì nhiệm vụ 113?", ("lead",)),
            (37, "en", "What is the expected output of task 37?", ()),
            (61, "vi", "Nhiệm vụ 61 có thời hạn ra sao?", ("deadline",)),
            (83, "en", "Who is in charge of task 83?", ("lead",)),
        ]
        for no, lang, q, wants in specs:
            r = self.rows[no]
            facts: list[list[str]] = []
            if "lead" in wants:
                facts += [body_facts(BY_ID[b]) for b in sorted(names(r.lead))]
            if "coord" in wants:
                facts += [body_facts(BY_ID[b]) for b in sorted(names(r.coordinating))]
            if "deadline" in wants:
                facts.append(deadline_facts(r.deadline))
            tags = ["no-diacritics"] if q == fold(q) else []
            self.add(case(id=f"tq-task-{no}-{lang}", suite="table", language=lang, category="task_lookup", question=q,
                          expect=_expect([no], facts=facts or None), tags=tags,
                          checked=f"generator:row_scan task {no} at line {r.line} (lead {r.lead!r}; deadline {r.deadline!r})"))

    def indicator_cases(self) -> None:
        single = [
            ("32", "vi", "chỉ tiêu 32 là gì?", ["95"]),
            ("15", "en", "What is the 2030 target for R&D spending in Appendix I?", ["2%", "2 % GDP", "2 (% GDP)"]),
            ("10", "en", "What is indicator 10's target for the digital economy?", ["30"]),
            ("23.3", "vi", "Chỉ tiêu 23.3 về dung lượng cáp quang biển là bao nhiêu?", ["350"]),
            ("11.1", "en", "What is indicator 11.1?", ["80"]),
            ("36", "vi", "Mục tiêu quy mô kinh tế số đến năm 2045 trong Phụ lục I là bao nhiêu?", ["50"]),
            ("37", "en", "What Global Innovation Index rank is targeted for 2045 (indicator 37)?", ["30"]),
            ("12", "vi", "chi tieu 12 ty le giao dich khong dung tien mat la bao nhieu", ["80"]),
            ("28", "en", "How many data exchanges does indicator 28 target?", ["5"]),
        ]
        for ind, lang, q, facts in single:
            row = self.inds[ind]
            tags = ["no-diacritics"] if q == fold(q) else []
            self.add(case(id=f"tq-ind-{ind}-{lang}", suite="table", language=lang, category="indicator", question=q,
                          expect={"indicators": [ind], "refused": False, "citations": [indicator_ref(ind)],
                                  "key_facts": [facts]}, tags=tags,
                          checked=f"generator:indicator_scan row {ind} at line {row.line} (target {row.target!r}, unit {row.unit!r})"))
        monitors = [
            ("MOH", "en", "Which indicators does the Ministry of Health monitor?"),
            ("GO", "vi", "Chỉ tiêu nào do Văn phòng Chính phủ theo dõi, đánh giá?"),
            ("MPS", "en", "Which Appendix I indicators is MPS responsible for monitoring?"),
            ("SBV", "vi", "Ngân hàng Nhà nước theo dõi những chỉ tiêu nào?"),
            ("MPI", "en", "What indicators does MPI track?"),
            ("MOF", "vi", "bo tai chinh theo doi chi tieu nao"),
        ]
        for bid, lang, q in monitors:
            ids = [i for i, row in self.inds.items() if bid in names(row.monitor)]
            tags = ["no-diacritics"] if q == fold(q) else []
            self.add(case(id=f"tq-ind-monitor-{bid.lower()}-{lang}", suite="table", language=lang, category="indicator",
                          question=q, tags=tags,
                          expect={"indicators": ids, "refused": False, "citations": [indicator_ref(i) for i in ids]},
                          checked="generator:indicator_scan monitor cells " + ", ".join(f"{i}@{self.inds[i].line}" for i in ids)))
        ids2045 = [i for i, row in self.inds.items() if row.horizon == 2045]
        self.add(case(id="tq-ind-2045-en", suite="table", language="en", category="indicator",
                      question="Which indicators in Appendix I are targets for 2045?",
                      expect={"indicators": ids2045, "refused": False, "citations": [indicator_ref(i) for i in ids2045]},
                      checked="generator:indicator_scan rows after the 'II / Đến năm 2045' heading (line 915): " + ", ".join(ids2045)))

    # -- conversation --------------------------------------------------------------------------
    def followup_cases(self) -> None:
        L = lambda b: leads(self.rows, b)  # noqa: E731
        specs: list[tuple[str, str, list[str], str, list[int], str]] = [
            ("most-by-2025-06", "en", ["Which tasks does MOST lead?"], "which of those are due by June 2025?",
             self.where(lambda d: dl.due_by(d, date(2025, 6, 30)), L("MOST")), "leads MOST ∩ due <= 2025-06-30"),
            ("mic-by-2025-03", "en", ["Which tasks does MIC lead?"], "which of those are due by March 2025?",
             self.where(lambda d: dl.due_by(d, date(2025, 3, 31)), L("MIC")), "leads MIC ∩ due <= 2025-03-31"),
            ("moh-then-mofa-vi", "vi", ["Bộ Y tế chủ trì những nhiệm vụ nào?"], "còn Bộ Ngoại giao thì sao?",
             L("MOFA"), "leads MOFA"),
            ("moh-then-mofa-en", "en", ["Which tasks does MOH lead?"], "And MOFA?", L("MOFA"), "leads MOFA"),
            ("mic-coord-en", "en", ["Which tasks does MIC lead?"], "And which ones does it coordinate?",
             coordinates(self.rows, "MIC"), "coordinates MIC"),
            ("june-go-vi", "vi", ["Nhiệm vụ nào có thời hạn trong tháng 6/2025?"], "Trong số đó, nhiệm vụ nào do Văn phòng Chính phủ chủ trì?",
             self.where(lambda d: dl.due_within(d, date(2025, 6, 1), date(2025, 6, 30)), L("GO")), "due_within 6/2025 ∩ leads GO"),
            ("task-110-then-111-en", "en", ["What is task 110 about?"], "And task 111?", [111], "row 111"),
            ("mps-2025-nodiac", "vi", ["bo cong an chu tri nhiem vu nao"], "nhung nhiem vu nao trong do co han trong nam 2025",
             self.where(lambda d: dl.due_within(d, date(2025, 1, 1), date(2025, 12, 31)), L("MPS")), "leads MPS ∩ due_within 2025"),
            ("moet-2026-2027-en", "en", ["Which tasks does MOET lead?", "Which of those are due in 2026?"], "And in 2027?",
             self.where(lambda d: dl.due_within(d, date(2027, 1, 1), date(2027, 12, 31)), L("MOET")), "leads MOET ∩ due_within 2027"),
            ("mof-coord-vi", "vi", ["Bộ Tài chính chủ trì nhiệm vụ nào?"], "Bộ đó phối hợp trong những nhiệm vụ nào?",
             coordinates(self.rows, "MOF"), "coordinates MOF"),
            ("go-june-en", "en", ["Which tasks does the Government Office lead?"], "which of them are due in June 2025?",
             self.where(lambda d: dl.due_within(d, date(2025, 6, 1), date(2025, 6, 30)), L("GO")), "leads GO ∩ due_within 6/2025"),
            ("mic-then-most-short", "vi", ["BTTTT chủ trì những nhiệm vụ nào?"], "còn BKHCN?", L("MOST"), "leads MOST"),
        ]
        for sid, lang, hist, q, tasks, rule in specs:
            tags = ["no-diacritics"] if q == fold(q) and lang == "vi" else []
            self.add(case(id=f"tq-follow-{sid}", suite="table", language=lang, category="followup", question=q,
                          history=hist, expect=_expect(tasks), tags=tags,
                          checked=f"generator:lead/coord/deadline scans ({rule}) {lines_of(self.rows, tasks, 'lead')}"))

    def successor_cases(self) -> None:
        L = lambda b: set(leads(self.rows, b))  # noqa: E731
        specs: list[tuple[str, str, str, str, set[int], set[int] | None, str]] = [
            ("mae-en", "en", "Which tasks does the Ministry of Agriculture and Environment lead?", "2026-01-15",
             L("MONRE") | L("MARD"), None, "MAE (from 2025-03-01) = former MONRE + MARD"),
            ("mae-vi", "vi", "Bộ Nông nghiệp và Môi trường chủ trì những nhiệm vụ nào?", "2026-01-15",
             L("MONRE") | L("MARD"), None, "MAE = former MONRE + MARD"),
            ("most-2025-06-en", "en", "Which tasks does MOST lead?", "2025-06-01",
             L("MOST"), L("MIC") - L("MOST"), "MOST own in tasks; former MIC in related_tasks"),
            ("most-2026-vi", "vi", "Bộ KH&CN chủ trì nhiệm vụ nào?", "2026-01-15",
             L("MOST"), L("MIC") - L("MOST"), "MOST own; former MIC related"),
            ("most-before-merger-en", "en", "Which tasks does MOST lead?", "2025-01-20",
             L("MOST"), None, "before 2025-03-01 no successor relation; related_tasks not scored"),
            ("mof-2026-en", "en", "Which tasks does the Ministry of Finance lead?", "2026-01-15",
             L("MOF"), L("MPI") - L("MOF"), "MOF own; former MPI related"),
            ("moc-2026-vi", "vi", "Bộ Xây dựng chủ trì những nhiệm vụ nào?", "2026-01-15",
             L("MOC"), L("MOT") - L("MOC"), "MOC own; former MOT related"),
        ]
        for sid, lang, q, as_of, tasks, related, rule in specs:
            exp = _expect(sorted(tasks))
            if related is not None:  # at least these; related_tasks also carries e.g. coordinated tasks
                exp["related_tasks_include"] = sorted(related)
            self.add(case(id=f"tq-succ-{sid}", suite="table", language=lang, category="successor", question=q,
                          as_of=as_of, expect=exp, min_version="successors",
                          checked=f"generator:lead_scan + 2025 mergers ({rule}; effective 2025-03-01)"))


def build() -> Cases:
    g = Gen()
    for step in (g.lead_cases, g.coordinate_cases, g.joint_cases, g.deadline_cases, g.agency_deadline_cases,
                 g.overdue_cases, g.task_lookup_cases, g.indicator_cases, g.followup_cases, g.successor_cases):
        step()
    for c in g.cases:
        c.setdefault("as_of", DEFAULT_AS_OF)
    return g.cases


def main() -> None:
    cases = build()
    write_jsonl(EVALS_DIR / "table_qa.jsonl", cases)
    print(f"wrote {len(cases)} table cases to {EVALS_DIR / 'table_qa.jsonl'}")


if __name__ == "__main__":
    main()
