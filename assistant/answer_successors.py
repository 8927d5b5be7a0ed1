"""Agencies as they are today: successor notes on top of what the documents assign (never instead of it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from assistant import answer_table as tables
from assistant.citations import make_citation
from assistant.models import Answer
from assistant.understanding.parse import Query
from ingest.gazetteer import COLLECTIVES, Gazetteer

if TYPE_CHECKING:
    # Anything with .successors, .gazetteer, .kb and .index: the routing context.
    from assistant.routing.context import AnswerContext as Assistant

DOC = "03/NQ-CP"


def _legal_citation(a: Assistant, change, lang: str):
    from ingest.pipeline import succession_clause_id

    return make_citation(a.index, change.doc_id, succession_clause_id(change), lang)


def new_body_answer(a: Assistant, q: Query, as_of: date, build) -> Answer | None:
    """A body formed after the resolution (MAE): answer with its predecessors' tasks, saying so first."""
    smap = a.successors
    named = [x for x in q.agencies if x not in COLLECTIVES]
    if smap is None or len(named) != 1:
        return None
    body = named[0]
    established = smap.established_on(body)
    if established is None:
        return None
    lang = q.lang
    name = a.gazetteer.name(body, lang)
    if as_of < established:
        text = (f"{name} chưa tồn tại vào ngày {as_of.day}/{as_of.month}/{as_of.year} (được thành lập từ ngày "
                f"{established.day}/{established.month}/{established.year}); Nghị quyết 03/NQ-CP không giao nhiệm vụ "
                f"nào cho cơ quan này." if lang == "vi" else
                f"The {name} did not exist on {as_of.isoformat()} (it was formed on {established.isoformat()}); "
                f"Resolution 03/NQ-CP assigns it no task.")
        return Answer(question=q.text, language=lang, answer=text, route="table")
    changes = [c for c in smap.absorbed_by(body, as_of)]
    preds = [c.predecessor for c in changes]
    if not preds:
        return None
    r = tables.agency_tasks(replace(q, agencies=tuple(preds)), a.kb.tasks, a.gazetteer, a.kb.indicators, as_of)
    note = smap.new_body_note(body, as_of, lang) or ""
    answer = build(q, r)
    cites = list(answer.citations)
    for c in changes:
        cites.append(_legal_citation(a, c, lang))
    answer.answer = f"{note}\n\n{answer.answer}"
    answer.citations = cites
    answer.retrieved = [c.ref for c in cites]
    return answer


def add_successor_notes(a: Assistant, q: Query, answer: Answer, as_of: date) -> Answer:
    """After the document's own answer: tasks a body absorbed from predecessors; successors of former bodies."""
    from ingest.successors import tasks_of_predecessors

    smap = a.successors
    lang = q.lang
    role = {"coord": "coordinating", "either": "any"}.get(q.role or "lead", "lead")
    extra: list[str] = []
    cites = list(answer.citations)
    related = list(answer.related_tasks)
    for body in [x for x in q.agencies if x not in COLLECTIVES]:
        former = smap.former_note(body, as_of, lang)
        if former:
            extra.append(former)
            ch = smap.successor_of(body, as_of)
            if ch is not None:
                cites.append(_legal_citation(a, ch, lang))
        if smap.established_on(body) is not None:
            continue  # new bodies are answered by new_body_answer
        by_pred = tasks_of_predecessors(a.kb.tasks, body, as_of, role, successor_map=smap)
        for change in smap.absorbed_by(body, as_of):
            nums = by_pred.get(change.predecessor, [])
            if not nums:
                continue
            head = smap.absorbed_note(change, lang)
            tasks = [t for t in a.kb.tasks if t.no in nums]
            listing = "; ".join(f"{t.no}" for t in tasks)
            extra.append(f"**{head}**\n" + ("Nhiệm vụ: " if lang == "vi" else "Tasks: ") + listing)
            related += [n for n in nums if n not in related and n not in answer.tasks]
            cites += [make_citation(a.index, DOC, t.clause_id, lang) for t in tasks
                      if f"{DOC}:{t.clause_id}" not in {c.ref for c in cites}]
            cites.append(_legal_citation(a, change, lang))
    if not extra:
        return answer
    sep = "\n\n---\n" + ("**Sau sắp xếp bộ máy năm 2025:**\n\n" if lang == "vi" else "**After the 2025 reorganisation:**\n\n")
    answer.answer += sep + "\n\n".join(extra)
    answer.citations = cites
    answer.related_tasks = related
    answer.retrieved = [c.ref for c in cites]
    return answer


def expand_for_as_of(lead: list[str], as_of: date, gaz: Gazetteer) -> tuple[list[str], str | None]:
    """For `nq57 tasks --lead MAE --as-of …`: a new body's filter becomes its predecessors."""
    from ingest.successors import default_map

    smap = default_map()
    out: list[str] = []
    notes: list[str] = []
    for body in lead:
        if smap.established_on(body) is not None and smap.exists_at(body, as_of):
            preds = smap.predecessors_of(body, as_of)
            out += preds
            notes.append(smap.new_body_note(body, as_of, "en") or "")
        else:
            out.append(body)
    return out, " ".join(n for n in notes if n) or None


def current_bodies(ids: tuple[str, ...] | list[str], as_of: date) -> list[str]:
    from ingest.successors import default_map

    return default_map().current_bodies(ids, as_of)


MERGER_WORDS = r"\b(merg\w*|sap nhap|hop nhat|reorgani[sz]\w*|restructur\w*|doi ten|renamed|successor\w*|ke thua|" \
    r"now part of|no longer exist\w*|con ton tai|giai the|dissolv\w*|absorb\w*)\b"


def merger_answer(a: Assistant, q: Query) -> Answer | None:
    """"Khi nào Bộ KH&CN sáp nhập với Bộ TT&TT?": the changes of 2025 that concern the named bodies."""
    import re

    smap = a.successors
    if smap is None or q.asks_tasks or not re.search(MERGER_WORDS, q.folded):
        return None  # "after the merger, which tasks does MOST carry?" is a task table with successor notes
    far = date(2100, 1, 1)
    vi = q.lang == "vi"
    changes = []
    for ag in q.agencies:
        ch = smap.successor_of(ag, far)
        if ch is not None and ch not in changes:
            changes.append(ch)
        for c in smap.absorbed_by(ag, far):
            if c not in changes and (len(q.agencies) == 1 or c.predecessor in q.agencies):
                changes.append(c)
    if not changes:
        return None
    lines, cites = [], []
    for c in changes:
        pred, succ = a.gazetteer.name(c.predecessor, q.lang), a.gazetteer.name(c.main_successor, q.lang)
        day = date.fromisoformat(c.date)
        when = f"{day.day}/{day.month}/{day.year}" if vi else day.strftime("%d %B %Y").lstrip("0")
        src = c.legal_source_vi if vi else c.legal_source
        verb = {"merged": ("được hợp nhất vào", "was merged into"), "renamed": ("được đổi tên thành", "was renamed")
                }.get(c.kind, ("chuyển chức năng sang", "passed functions to"))[0 if vi else 1]
        lines.append(f"- {pred} {verb} {succ} " + (f"từ ngày {when} ({src})." if vi else f"from {when} ({src})."))
        cites.append(_legal_citation(a, c, q.lang))
    note = ("Các văn bản 57-NQ/TW và 03/NQ-CP giao nhiệm vụ theo tên cơ quan trước khi sắp xếp; bảng kế thừa này "
            "lấy từ nghị quyết của Quốc hội nêu trên." if vi else
            "57-NQ/TW and 03/NQ-CP assign tasks to the bodies as they were before the reorganisation; this comes "
            "from the National Assembly resolution cited, not from those two documents.")
    return Answer(question=q.text, language=q.lang, answer="\n".join(lines) + "\n\n" + note, citations=cites,
                  route="lookup", retrieved=[c.ref for c in cites])
