"""Table rows as answer units: an Appendix II task row or an Appendix I indicator row competes whole (its
name and its field lines in one text), and says what it carries for the asked type from the parsed table
(the lead, the deadline, the target), never from the text's wording alone."""

from __future__ import annotations

import re

from assistant.answer_type import AnswerType
from assistant.clause_terms import Unit, word_set
from assistant.direct_answer import Carried, numbers_in
from ingest.gazetteer import COLLECTIVES
from ingest.models import Indicator, Task
from ingest.textnorm import fold


def task_row(units: list[Unit]) -> Unit | None:
    """An Appendix II row as one unit: its task sentence and its field lines (lead, coordinating, output, deadline)
    in one text. "By when must the standards law go to the Assembly?" or "what result must the task reach?" is
    answered by a field line that names nothing of the question; the row as a whole holds both. Fields left
    empty ("Cơ quan phối hợp: —") are left out."""
    if not units:
        return None
    key = "task-row"
    if key not in units[0].cache:
        kept = [u for u in units if not re.search(r":\s*[—–-]?\s*$", u.text)]
        # "Nhiệm vụ 124." / "Task 124." opens the row's first sentence, not a field of its own
        parts = [u.text.rstrip(" ;") for u in kept]
        if len(parts) > 1 and re.fullmatch(r"(?:Nhiệm vụ|Task)\s+\d+\.?", parts[0]):
            parts[:2] = [f"{parts[0]} {parts[1]}"]
        text = "; ".join(parts)
        # The field labels ("Cơ quan chủ trì:", "Lead agency:") are in every row: their words ("chủ trì",
        # "lead") would count for any "who leads …" question, so only the values are scored.
        values = [_LABEL.sub("", u.text) for u in kept]
        units[0].cache[key] = Unit(text, units[0].lang, 0, " " + " ".join(fold(v) for v in values) + " ",
                                   frozenset().union(*(word_set(v) for v in values)), {ROW: True})
    return units[0].cache[key]  # type: ignore[return-value]


ROW = "is-task-row"  # in a row unit's cache: the unit is a whole task row, the answer as a whole


def row_carried(task: Task, row: Unit, kind: AnswerType, ql: str, gaz) -> Carried:
    """What a task row carries for ``kind``: its deadline, its lead agency, or a number of its output line."""
    vi = ql == "vi"
    if kind is AnswerType.DATE:
        raw = task.deadline.raw if vi else (task.deadline.raw_en or task.deadline.raw)
        # "Thường xuyên" (ongoing) and an empty cell answer no "by when"
        dated = bool(raw.strip("—– ")) and task.deadline.kind not in ("ongoing", "none")
        return Carried(dated, raw if dated else "", max(0, row.text.rfind(raw)))
    if kind is AnswerType.AGENCY:
        raw = task.lead_raw if vi else (task.lead_raw_en or task.lead_raw)
        if not vi and not task.lead_raw_en and task.lead:
            # The English row lacks its lead cell (a gap of the translation): the gazetteer's English names of
            # the parsed lead, not the Vietnamese cell, in an English answer line.
            raw = ", ".join(dict.fromkeys(gaz.name(a, "en") for a in task.lead))
        collective = all(a in COLLECTIVES for a in task.lead) if task.lead else True
        return Carried(bool(raw), raw, max(0, row.text.find(raw)), collective=collective)
    if kind is AnswerType.NUMBER:
        output = (task.output_vi if vi else (task.output_en or task.output_vi)) or ""
        ms = numbers_in(output)
        if ms:
            return Carried(True, ms[0].group().strip(" ,.;"), max(0, row.text.find(output)))
        return Carried(False, "", -1)
    return Carried(True, "", -1)


def indicator_carried(ind: Indicator | None, row: Unit, kind: AnswerType, ql: str) -> Carried:
    """What an Appendix I row carries for ``kind``: its target, its monitoring agency, or its horizon year."""
    if ind is None:
        return Carried(False, "", -1)
    if kind is AnswerType.DATE:
        return Carried(True, str(ind.horizon), max(0, row.text.find(str(ind.horizon))))
    answer = row_answer(ind, kind, ql)
    return Carried(bool(answer), answer, max(0, row.text.rfind(answer)) if answer else -1)


_LABEL = re.compile(r"^(?:task \d+\.?$|nhiệm vụ \d+\.?$|lead agenc|coordinating|cơ quan chủ trì|cơ quan phối hợp|"
                    r"expected output|output|sản phẩm|deadline|completion|thời hạn|thời gian|unit|đơn vị|"
                    r"monitor|lead agency for|cơ quan theo dõi)[^:]{0,40}:", re.IGNORECASE)


def is_label_dump(text: str) -> bool:
    """Field dumps of a table row ("Lead agency: … / Coordinating: …") are not a quote."""
    return bool(_LABEL.match(text.strip())) or text.count(":") >= 3


def indicator_row(hit, ql: str) -> str | None:
    """The row's lines as one, in the quoted language; a name line the translation left as "…" is taken
    from the other language's row."""
    texts = hit.texts or {}
    lines = [ln.strip() for ln in (texts.get(ql) or "").split("\n") if ln.strip()]
    if not lines:
        return None
    if re.fullmatch(r"(?:Indicator|Chỉ tiêu)\s+[\d.]+\.?\s*…?", lines[0]):
        other = next((t for k, t in texts.items() if k != ql), "")
        if other.strip():
            lines[0] = other.strip().split("\n")[0].strip()
    return "; ".join(lines)


def row_answer(ind: Indicator, kind: AnswerType, ql: str) -> str:
    """The parsed row's target (its monitoring agency for a "who" question), as the quoted row writes it."""
    vi = ql == "vi"
    if kind is AnswerType.AGENCY:
        monitor = ind.monitor_raw if vi else (ind.monitor_raw_en or ind.monitor_raw)
        if monitor:
            return monitor
    return (ind.target_raw if vi else (ind.target_en or ind.target_raw)) or ""
