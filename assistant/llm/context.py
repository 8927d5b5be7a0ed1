"""What the model may read: the retrieved clauses and table rows, each under its citation id.

The context is built only from what the deterministic answer already found (its citations,
tasks and indicators), so the model phrases a result; it never searches. Each item's ``text``
is also what the verifier checks the model's sentences against.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from assistant.models import Answer, Lang
from ingest.models import Clause, Indicator, KnowledgeBase, Task

ItemKind = Literal["task", "indicator", "clause"]

MAX_ITEM_CHARS = 1200  # long clauses are cut: a small model cannot use more, and it keeps prompts fast
TASKS_DOC = "03/NQ-CP"


@dataclass(frozen=True)
class ContextItem:
    cid: str  # citation id, e.g. "03/NQ-CP:appendix-II.110"
    kind: ItemKind
    text: str  # clause text, or a rendered task/indicator row
    lang: Lang


_LABELS = {
    "en": {
        "task": "Task",
        "group": "Group",
        "lead": "Lead agency",
        "coord": "Coordinating agencies",
        "output": "Output",
        "deadline": "Deadline",
        "none": "none",
        "indicator": "Indicator",
        "unit": "Unit",
        "target": "Target",
        "horizon": "Horizon",
        "monitor": "Monitoring agency",
    },
    "vi": {
        "task": "Nhiệm vụ",
        "group": "Nhóm",
        "lead": "Cơ quan chủ trì",
        "coord": "Cơ quan phối hợp",
        "output": "Kết quả",
        "deadline": "Thời gian hoàn thành",
        "none": "không có",
        "indicator": "Chỉ tiêu",
        "unit": "Đơn vị",
        "target": "Kết quả",
        "horizon": "Mốc",
        "monitor": "Cơ quan theo dõi",
    },
}


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_ITEM_CHARS else text[: MAX_ITEM_CHARS - 1].rstrip() + "…"


def _agency_names(ids: tuple[str, ...], kb: KnowledgeBase, lang: Lang) -> list[str]:
    by_id = {a.id: a for a in kb.agencies}
    return [(by_id[i].name_en if lang == "en" else by_id[i].name_vi) for i in ids if i in by_id]


def _agencies(raw_vi: str, raw_en: str | None, ids: tuple[str, ...], kb: KnowledgeBase, lang: Lang) -> str:
    """The cell as written in the answer's language, plus the gazetteer names when they add anything."""
    raw = (raw_en if lang == "en" and raw_en else raw_vi).strip()
    names = _agency_names(ids, kb, lang)
    extra = [n for n in names if n.lower() not in raw.lower()]
    if not raw:
        return "; ".join(names)
    return f"{raw} ({'; '.join(extra)})" if extra else raw


def render_task(task: Task, kb: KnowledgeBase, lang: Lang) -> tuple[str, Lang]:
    """One Appendix II row as text; falls back to Vietnamese cells where the translation has gaps."""
    lab = _LABELS[lang]
    use_en = lang == "en" and bool(task.name_en)
    name = (task.name_en if use_en else task.name_vi) or task.name_vi
    subitems = task.subitems_en if use_en else task.subitems_vi
    if subitems:
        name = name + " " + " ".join("- " + s.lstrip("-•* ").strip() for s in subitems)
    output = (task.output_en if lang == "en" and task.output_en else task.output_vi) or lab["none"]
    dl = task.deadline
    deadline = (dl.raw_en if lang == "en" and dl.raw_en else dl.raw) or lab["none"]
    if dl.raw and dl.raw not in deadline:
        deadline = f"{deadline} ({dl.raw})"  # both spellings, so either one the model copies checks out
    parts = [
        f"{lab['task']} {task.no}: {name}",
        f"{lab['group']} {task.group}",  # the number only: group titles are long and a small model needs few tokens
        f"{lab['lead']}: {_agencies(task.lead_raw, task.lead_raw_en, task.lead, kb, lang) or lab['none']}",
        f"{lab['coord']}: {_agencies(task.coordinating_raw, task.coordinating_raw_en, task.coordinating, kb, lang) or lab['none']}",
        f"{lab['output']}: {output}",
        f"{lab['deadline']}: {deadline}",
    ]
    return _cut(" | ".join(parts)), ("en" if use_en else "vi")


def render_indicator(ind: Indicator, kb: KnowledgeBase, lang: Lang) -> tuple[str, Lang]:
    lab = _LABELS[lang]
    use_en = lang == "en" and bool(ind.name_en)
    name = ind.name_en if use_en else ind.name_vi
    unit = (ind.unit_en if lang == "en" and ind.unit_en else ind.unit_vi) or ""
    target = (ind.target_en if lang == "en" and ind.target_en else ind.target_raw) or lab["none"]
    monitor = _agencies(ind.monitor_raw or "", ind.monitor_raw_en, ind.monitor, kb, lang) or lab["none"]
    parts = [
        f"{lab['indicator']} {ind.id}: {name}",
        f"{lab['horizon']}: {ind.horizon}",
        f"{lab['unit']}: {unit}" if unit else "",
        f"{lab['target']}: {target}",
        f"{lab['monitor']}: {monitor}",
    ]
    return _cut(" | ".join(p for p in parts if p)), ("en" if use_en else "vi")


def _clause_text(doc_id: str, clause_id: str, kb: KnowledgeBase, lang: Lang) -> Clause | None:
    best: Clause | None = None
    for c in kb.clauses:
        if c.doc_id == doc_id and c.clause_id == clause_id:
            if c.lang == lang:
                return c
            best = best or c
    return best


def _task_no(clause_id: str) -> int | None:
    if clause_id.startswith("appendix-II."):
        tail = clause_id.split(".", 1)[1]
        return int(tail) if tail.isdigit() else None
    return None


def context_from_answer(answer: Answer, kb: KnowledgeBase) -> list[ContextItem]:
    """The model's context for ``answer``: its tasks, indicators and cited clauses, de-duplicated.

    Tasks and indicators of the structured result are included even when the answer carries no
    citation object for them, so a table answer can always cite every row it must mention.
    """
    lang = answer.language
    items: dict[str, ContextItem] = {}
    tasks = {t.no: t for t in kb.tasks}
    indicators = {i.id: i for i in kb.indicators}

    def add_task(no: int) -> None:
        cid = f"{TASKS_DOC}:appendix-II.{no}"
        if cid not in items and no in tasks:
            text, tlang = render_task(tasks[no], kb, lang)
            items[cid] = ContextItem(cid, "task", text, tlang)

    def add_indicator(ind_id: str) -> None:
        cid = f"{TASKS_DOC}:appendix-I.{ind_id}"
        if cid not in items and ind_id in indicators:
            text, ilang = render_indicator(indicators[ind_id], kb, lang)
            items[cid] = ContextItem(cid, "indicator", text, ilang)

    for no in answer.tasks:
        add_task(no)
    for ind_id in answer.indicators:
        add_indicator(ind_id)
    for cit in answer.citations:
        if cit.ref in items:
            continue
        no = _task_no(cit.clause_id)
        if cit.doc_id == TASKS_DOC and no is not None and no in tasks:
            add_task(no)
            continue
        if cit.doc_id == TASKS_DOC and cit.clause_id.startswith("appendix-I."):
            ind_id = cit.clause_id.split(".", 1)[1]
            if ind_id in indicators:
                add_indicator(ind_id)
                continue
        clause = _clause_text(cit.doc_id, cit.clause_id, kb, lang)
        text = clause.text if clause is not None else cit.quote
        if clause is not None and clause.title and clause.title not in text:
            text = f"{clause.title}. {text}"
        if text.strip():
            items[cit.ref] = ContextItem(cit.ref, "clause", _cut(text), clause.lang if clause else cit.lang)
    return list(items.values())


def fence_nonce(items: list[ContextItem]) -> str:
    """A tag derived from the context itself: a clause cannot contain the hash of its own text,
    so it cannot forge the end of its fence and speak outside it."""
    digest = hashlib.sha256("\x00".join(f"{i.cid}\x01{i.text}" for i in items).encode("utf-8"))
    return digest.hexdigest()[:10]


def render_sources(items: list[ContextItem], nonce: str) -> str:
    """The context as fenced blocks, one per item, ready to go into the prompt."""
    blocks = []
    for item in items:
        # Strip anything that looks like a fence marker, whatever its nonce.
        text = item.text.replace("<<<", "‹‹‹").replace(">>>", "›››")
        # The text ends with its own tag, the way every answer sentence must end.
        blocks.append(
            f'<<<SOURCE {nonce} id="{item.cid}" kind="{item.kind}" lang="{item.lang}">>>\n'
            f"{text} [{item.cid}]\n"
            f"<<<END SOURCE {nonce}>>>"
        )
    return "\n\n".join(blocks)
