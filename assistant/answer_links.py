"""Answers that follow the 03/NQ-CP -> 57-NQ/TW link table (kb.links, built by ingest/links.py).

Three directions, both languages:
- ``tasks_for_clause``: "Which tasks carry out what Resolution 57 says about human resources?" ->
  the section III item (by number, or by topic matched against the item headings and texts), then
  the Appendix II tasks carrying it out, grouped under the path 57-NQ/TW item -> programme item ->
  Appendix II group, each row cited, the 57-NQ/TW item quoted;
- ``clause_for_task``: "Nhiệm vụ 110 thực hiện nội dung nào của Nghị quyết 57?" -> the item, quoted,
  with the path task -> group -> programme item -> 57-NQ/TW item;
- ``indicator_for_target`` / ``clause_for_indicator``: "is the 2030 digital-economy target tracked?" ->
  the 57-NQ/TW goal sentence beside the Appendix I indicator(s) measuring it (target, unit, monitor).
57-NQ/TW exists only in English here: a Vietnamese answer labels its quotes as the English translation.
Plain functions with explicit arguments: the router calls ``link_question`` then ``answer_link``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from assistant.answer_clause import cut_at_sentence
from assistant.citations import ClauseIndex, make_citation, short_ref, verify
from assistant.glossary import expand_query
from assistant.messages import text as msg
from assistant.models import Answer, Citation
from assistant.render_tasks import indicator_line, md_escape, task_line
from ingest.links import NQ03, NQ57, LinkTable, content_words, sentences
from ingest.models import KnowledgeBase, Link
from ingest.textnorm import fold

Direction = Literal["tasks_for_clause", "clause_for_task", "indicator_for_target", "clause_for_indicator"]
_TASK_NO = re.compile(r"\b(?:task|nhiem vu|nv)\s*(?:so\s*|no\.?\s*)?(\d{1,3})\b")
_IND_NO = re.compile(r"\b(?:indicator|chi tieu)\s*(?:so\s*|no\.?\s*)?(\d{1,2}(?:\.\d{1,2})?)\b")
_ITEM_REF = re.compile(r"^III\.[1-7]$")
_GOAL_WORDS = re.compile(r"\b(?:target|targets|goal|goals|muc tieu|chi tieu)\b")


@dataclass(frozen=True)
class LinkAsk:
    direction: Direction
    names57: bool = False  # the question names Resolution 57 (links.json "resolution_57")


@dataclass
class LinkResult:
    text: str  # Markdown
    cited: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, clause_id), in order
    quotes: dict[tuple[str, str], str] = field(default_factory=dict)  # a sentence to quote instead of the clause
    tasks: list[int] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)  # Link.to_dict() of every link shown


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    raw = resources.files("assistant.data").joinpath("words/links.json").read_text(encoding="utf-8")
    data = {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}
    pats = {k: re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(fold(w)) for w in v) + r")(?![\w-])")
            for k, v in data.items() if k != "topic_stop"}
    return {"re": pats, "stop": frozenset(fold(w) for w in data["topic_stop"])}


def _has(kind: str, folded: str) -> bool:
    return bool(_words()["re"][kind].search(folded))


def link_question(folded: str) -> LinkAsk | None:
    """Is this a question across the 03/NQ-CP -> 57-NQ/TW link, and which way does it go?"""
    names57 = _has("resolution_57", folded)
    carry, which, tracked = _has("carry_out", folded), _has("which_part", folded), _has("tracked", folded)
    if _TASK_NO.search(folded) and names57 and (carry or which):
        return LinkAsk("clause_for_task", names57)
    if _IND_NO.search(folded) and names57 and (carry or which or tracked):
        return LinkAsk("clause_for_indicator", names57)
    if tracked and _GOAL_WORDS.search(folded) and not _TASK_NO.search(folded) and not _IND_NO.search(folded) \
            and (names57 or re.search(r"\b20(?:30|45)\b", folded)) and _tracked_verb(folded):
        return LinkAsk("indicator_for_target", names57)
    if names57 and carry and (_has("tasks", folded) or which):
        return LinkAsk("tasks_for_clause", names57)
    return None


def _tracked_verb(folded: str) -> bool:
    # "indicator" alone names the table; a link question asks whether a goal is tracked/measured.
    return bool(re.search(r"\b(?:track\w*|measur\w*|monitor\w*|quantif\w*|theo doi|do luong|luong hoa|giam sat)\b",
                          folded))


# -- matching a question's topic to 57-NQ/TW text ------------------------------------------------------
def _cw(text: str) -> set[str]:
    # "R&D" is two one-letter words to the tokenizer: spell it out on both sides.
    return content_words(re.sub(r"\br\s*&\s*d\b", " research development ", fold(text)))


def _topic_words(text: str) -> list[str]:
    stop = _words()["stop"]
    f = re.sub(r"\br\s*&\s*d\b", " research development ", fold(expand_query(text)))
    kept = [w for w in re.findall(r"[a-z]+", f) if w not in stop and len(w) > 1]
    return sorted(content_words(" ".join(kept)))


def _best(docs: list[tuple[str, list[tuple[set[str], float]]]], qwords: list[str]) -> tuple[str | None, float]:
    """The doc whose weighted word sets best cover the question words (IDF over the docs).

    Between equal scores the shorter doc wins (it says the asked thing more specifically: "the
    digital economy reaches 30% of GDP" over a list naming digital government, economy and society);
    a tie on both is no answer.
    """
    df = {w: sum(1 for _, parts in docs if any(w in ws for ws, _ in parts)) for w in qwords}
    scores = []
    for key, parts in docs:
        s = 0.0
        for w in qwords:
            if df[w]:
                idf = math.log(1 + len(docs) / df[w])
                s += idf * max((wt for ws, wt in parts if w in ws), default=0.0)
        size = len(parts[0][0])  # the doc's own words, not its descriptions
        scores.append((round(s, 6), -size, key))
    scores.sort(reverse=True)
    if not scores or scores[0][0] <= 0 or (len(scores) > 1 and scores[1][:2] == scores[0][:2]):
        return None, 0.0
    return scores[0][2], round(scores[0][0], 3)


def topic_item(text: str, index: ClauseIndex, table: LinkTable) -> tuple[str | None, float]:
    """The 57-NQ/TW section III item a topic question is about, from the item headings and texts.

    Each item is described by its own heading and text (English) and by the heading of the
    03/NQ-CP programme item linked to it, in both languages, so a Vietnamese question meets
    Vietnamese words.
    """
    docs = []
    for cid in index.children(NQ57, "III"):
        c = index.get(NQ57, cid, "en")
        if c is None:
            continue
        heads = {c.title}
        for lk in table.sources(f"{NQ57}:{cid}", "implements"):
            frm = lk.from_ref.split(":", 1)[1]
            if re.fullmatch(r"II\.\d", frm):
                heads |= {x.title for x in (index.get(NQ03, frm, "en"), index.get(NQ03, frm, "vi")) if x}
        docs.append((cid, [(_cw(" ".join(heads)), 2.0), (_cw(c.text), 1.0)]))
    return _best(docs, _topic_words(text))


def goal_sentence(text: str, index: ClauseIndex, year: int, table: LinkTable | None = None,
                  kb: KnowledgeBase | None = None) -> tuple[str | None, str | None, float]:
    """(57-NQ/TW goal clause, its sentence) a "is the … target tracked?" question is about.

    57-NQ/TW is English only; a sentence is also described by the Vietnamese and English names of the
    Appendix I indicators linked to it, so "giao dịch không dùng tiền mặt" finds "non-cash transactions".
    """
    cid = "II.2" if year == 2045 else "II.1"
    c = index.get(NQ57, cid, "en")
    if c is None:
        return None, None, 0.0
    sents = sentences(c.text)
    names: dict[str, list[str]] = {}
    if table is not None and kb is not None:
        by_id = {i.id: i for i in kb.indicators}
        for lk in table.sources(f"{NQ57}:{cid}", "measures"):
            ind = by_id.get(lk.from_ref.split("appendix-I.", 1)[1])
            sent = next((e["sentence"] for e in lk.evidence if e.get("sentence")), "")
            for s in sents:
                if ind is not None and sent and (sent in s or s in sent):
                    names.setdefault(s, []).extend([ind.name_vi, ind.name_en or ""])
    docs = [(s, [(_cw(s), 1.0), (_cw(" ".join(names.get(s, []))), 0.5)]) for s in sents[1:] or sents]
    qwords = [w for w in _topic_words(text) if w not in ("2030", "2045")]
    best, score = _best(docs, qwords)
    return (cid, best, score) if best else (None, None, 0.0)


# -- composing ---------------------------------------------------------------------------------------------
def _quote57(index: ClauseIndex, cid: str, lang: str, limit: int = 700, sentence: str | None = None) -> str:
    c = index.get(NQ57, cid, "en")
    body = sentence or (c.text if c else "")
    head = msg("links_quote_translation", lang) if lang == "vi" else msg("links_quote", lang)
    return f"{head} {short_ref(NQ57, cid, lang)}\n> {md_escape(cut_at_sentence(body, limit))}"


def _group_title(index: ClauseIndex, group: str, prog: str | None, lang: str) -> str:
    """The group heading in ``lang``; the English half lost three group headings, and the programme item
    the group repeats word for word (ingest/links.py ``group-title``) still has its English."""
    c = index.get(NQ03, f"appendix-II.{group}", lang)
    if c is None and prog:
        c = index.get(NQ03, prog, lang)
    c = c or index.best(NQ03, f"appendix-II.{group}", lang)
    title = c.title if c else group
    return title if len(title) < 140 else title[:137].rsplit(" ", 1)[0] + "…"


def tasks_for_clause(item: str, kb: KnowledgeBase, index: ClauseIndex, table: LinkTable, gaz: Any, lang: str,
                     *, via_topic: float | None = None) -> LinkResult | None:
    nums = table.tasks_for(item)
    if not nums:
        return None
    by_no = {t.no: t for t in kb.tasks}
    rows = [by_no[n] for n in nums if n in by_no]
    res = LinkResult(text="", tasks=[t.no for t in rows])
    out = [msg("links_tasks_for_head", lang, item=item, n=len(rows))]
    if via_topic is not None:
        out.append(msg("links_topic_note", lang, item=item))
    out.append(_quote57(index, item, lang))
    res.cited.append((NQ57, item))
    for group in dict.fromkeys(t.group for t in rows):
        glink = table.targets(f"{NQ03}:appendix-II.{group}", "implements")
        prog = next((e["via"].split(":", 1)[1] for lk in glink for e in lk.evidence if e.get("via")), None)
        in_group = [t for t in rows if t.group == group]
        path = msg("links_path_group", lang, item=item, prog=prog or "?", group=group)
        out.append(f"\n**{path}** — {md_escape(_group_title(index, group, prog, lang))} ({len(in_group)}) "
                   f"{short_ref(NQ03, f'appendix-II.{group}', lang)}")
        res.cited.append((NQ03, f"appendix-II.{group}"))
        if prog:
            res.cited.append((NQ03, prog))
            res.links += [lk.to_dict() for lk in table.targets(f"{NQ03}:{prog}", "implements")]
        res.links += [lk.to_dict() for lk in glink]
        for i, t in enumerate(in_group, 1):
            out.append(task_line(t, gaz, lang, n=i))
            res.cited.append((NQ03, t.clause_id))
            lk = table.task_item(t.no)
            if lk is not None:
                res.links.append(lk.to_dict())
    restated = table.sources(table.ref57(item), "restates")
    if restated:
        refs = " ".join(short_ref(NQ03, lk.from_ref.split(":", 1)[1], lang) for lk in restated)
        out.append("\n" + msg("links_restated", lang, n=len(restated), item=item) + " " + refs)
        for lk in restated:
            res.cited.append((NQ03, lk.from_ref.split(":", 1)[1]))
            res.links.append(lk.to_dict())
    ind = table.indicators_for(item)
    if ind:
        out.append(msg("links_item_indicators", lang, ids=", ".join(ind)))
    res.text = "\n".join(out)
    return res


def clause_for_task(numbers: list[int], kb: KnowledgeBase, index: ClauseIndex, table: LinkTable, gaz: Any,
                    lang: str) -> LinkResult | None:
    by_no = {t.no: t for t in kb.tasks}
    res = LinkResult(text="")
    out: list[str] = []
    for no in [n for n in numbers if n in by_no][:3]:
        lk = table.task_item(no)
        if lk is None:
            continue
        t = by_no[no]
        item = lk.to_ref.split(":", 1)[1]
        glink = table.targets(f"{NQ03}:appendix-II.{t.group}", "implements")
        prog = next((e["via"].split(":", 1)[1] for g in glink for e in g.evidence if e.get("via")), "?")
        out.append(msg("links_task_head", lang, no=no, item=item))
        out.append(msg("links_task_path", lang, no=no, group=t.group, prog=prog, item=item,
                       title=md_escape(_group_title(index, t.group, prog, lang))))
        out.append(task_line(t, gaz, lang))
        out.append(_quote57(index, item, lang))
        res.tasks.append(no)
        res.cited += [(NQ03, t.clause_id), (NQ03, f"appendix-II.{t.group}"), (NQ03, prog), (NQ57, item)]
        res.links += [lk.to_dict()] + [g.to_dict() for g in glink] + \
            [p.to_dict() for p in table.targets(f"{NQ03}:{prog}", "implements")]
    if not res.tasks:
        return None
    res.cited = [c for c in dict.fromkeys(res.cited) if index.exists(*c)]
    res.text = "\n\n".join(out)
    return res


def _indicator_block(links: list[Link], kb: KnowledgeBase, gaz: Any, lang: str, res: LinkResult) -> list[str]:
    by_id = {i.id: i for i in kb.indicators}
    out = []
    for lk in links:
        iid = lk.from_ref.split("appendix-I.", 1)[1]
        if iid not in by_id or iid in res.indicators:
            continue
        ev = ", ".join(f"{e['kind']} {e.get('score', 1.0):.2f}" for e in lk.evidence)
        out.append(indicator_line(by_id[iid], gaz, lang) + " · " + msg("links_evidence", lang, ev=ev))
        res.indicators.append(iid)
        res.cited.append((NQ03, f"appendix-I.{iid}"))
        res.links.append(lk.to_dict())
    return out


def indicator_for_target(text: str, kb: KnowledgeBase, index: ClauseIndex, table: LinkTable, gaz: Any,
                         lang: str) -> LinkResult | None:
    year = 2045 if "2045" in fold(text) else 2030
    cid, sent, _ = goal_sentence(text, index, year, table, kb)
    if cid is None or sent is None:
        return None
    measuring = [lk for lk in table.sources(f"{NQ57}:{cid}", "measures")
                 if any(e.get("sentence") and (e["sentence"] in sent or sent in e["sentence"]) for e in lk.evidence)]
    res = LinkResult(text="", cited=[(NQ57, cid)], quotes={(NQ57, cid): sent})
    out = [_quote57(index, cid, lang, sentence=sent)]
    rows = _indicator_block(measuring, kb, gaz, lang, res)
    if rows:
        out.insert(0, msg("links_tracked_yes", lang, n=len(rows), year=year))
        out += rows
    else:
        out.insert(0, msg("links_tracked_no", lang, year=year))
    res.text = "\n\n".join(out[:2]) + ("\n" + "\n".join(out[2:]) if len(out) > 2 else "")
    return res


def clause_for_indicator(ids: list[str], kb: KnowledgeBase, index: ClauseIndex, table: LinkTable, gaz: Any,
                         lang: str) -> LinkResult | None:
    res = LinkResult(text="")
    out: list[str] = []
    for iid in ids[:3]:
        found = table.targets(f"{NQ03}:appendix-I.{iid}", "measures")
        if not found:
            if any(i.id == iid for i in kb.indicators):
                out.append(msg("links_indicator_unlinked", lang, id=iid))
                res.indicators.append(iid)
                res.cited.append((NQ03, f"appendix-I.{iid}"))
            continue
        lk = found[0]
        cid = lk.to_ref.split(":", 1)[1]
        sent = next((e["sentence"] for e in lk.evidence if e.get("sentence")), None)
        out.append(msg("links_indicator_head", lang, id=iid, clause=cid))
        out += _indicator_block([lk], kb, gaz, lang, res)
        out.append(_quote57(index, cid, lang, sentence=sent))
        res.cited.append((NQ57, cid))
        if sent:
            res.quotes[(NQ57, cid)] = sent
    if not out:
        return None
    res.text = "\n\n".join(out)
    return res


def answer_link(ask: LinkAsk, *, text: str, lang: str, task_numbers: list[int], indicator_ids: list[str],
                clause_refs: list[str], kb: KnowledgeBase, index: ClauseIndex, gazetteer: Any,
                retriever: Any = None) -> LinkResult | None:
    """The link answer, or None when the question names nothing the link table can follow."""
    del retriever  # the link table and the clause texts are enough; kept for the router's uniform call
    table = link_table(kb)
    if not table.links:
        return None
    if ask.direction == "clause_for_task":
        nums = task_numbers or [int(m) for m in _TASK_NO.findall(fold(text))]
        return clause_for_task(nums, kb, index, table, gazetteer, lang)
    if ask.direction == "clause_for_indicator":
        ids = indicator_ids or _IND_NO.findall(fold(text))
        return clause_for_indicator(ids, kb, index, table, gazetteer, lang)
    if ask.direction == "indicator_for_target":
        return indicator_for_target(text, kb, index, table, gazetteer, lang)
    items = [r.upper() for r in clause_refs if _ITEM_REF.match(r.upper())]
    if items:
        return tasks_for_clause(items[0], kb, index, table, gazetteer, lang)
    item, score = topic_item(text, index, table)
    if item is None:
        return None
    return tasks_for_clause(item, kb, index, table, gazetteer, lang, via_topic=score)


_TABLES: dict[int, LinkTable] = {}


def link_table(kb: KnowledgeBase) -> LinkTable:
    """One LinkTable per knowledge base (the router calls this for every link question)."""
    key = id(kb.links)
    if key not in _TABLES:
        _TABLES.clear()
        _TABLES[key] = LinkTable(kb.links)
    return _TABLES[key]


def link_answer(question: str, lang: str, res: LinkResult, index: ClauseIndex) -> Answer:
    """Wrap a LinkResult into an Answer: every cited clause checked, every shown link with kind and evidence."""
    cites: list[Citation] = []
    for doc, cid in dict.fromkeys(res.cited):
        cites.append(make_citation(index, doc, cid, lang, quote=res.quotes.get((doc, cid))))
    verify(cites, index, {c.ref for c in cites})
    seen: set[tuple[str, str, str]] = set()
    links = []
    for lk in res.links:
        key = (lk["from_ref"], lk["to_ref"], lk["kind"])
        if key not in seen:
            seen.add(key)
            links.append(lk)
    return Answer(question=question, language=lang, answer=res.text, tasks=res.tasks, indicators=res.indicators,
                  citations=cites, route="link", retrieved=[c.ref for c in cites], links=links)


def links_for_citations(citations: list[Citation], kb: KnowledgeBase) -> list[dict[str, Any]]:
    """The links the source cards of these citations show (assistant/ui/render.py), with kind and evidence.

    A 03/NQ-CP task, point, group or indicator card shows the 57-NQ/TW clause it carries out; a 57-NQ/TW
    card counts what carries it out, and the links behind those counts are the group and programme-item
    ones (each task's link goes through its group).
    """
    table = link_table(kb)
    out: list[dict[str, Any]] = []
    for c in citations:
        if c.doc_id == NQ03:
            out += [lk.to_dict() for lk in table.targets(c.ref) if lk.kind in ("implements", "measures")][:1]
        elif c.doc_id == NQ57:
            out += [lk.to_dict() for lk in table.sources(c.ref)
                    if lk.kind == "measures" or re.fullmatch(rf"{re.escape(NQ03)}:(?:II\.\d|appendix-II\.[IVX]+)",
                                                             lk.from_ref)]
    seen: set[tuple[str, str, str]] = set()
    uniq = []
    for lk in out:
        key = (lk["from_ref"], lk["to_ref"], lk["kind"])
        if key not in seen:
            seen.add(key)
            uniq.append(lk)
    return uniq
