"""Questions about a document's structure: "What are the guiding viewpoints?", "Summarise Resolution 57"."""

from __future__ import annotations

import re

from assistant.answer_clause import cut_at_sentence
from assistant.answer_passage import PassageResult, content_terms
from assistant.citations import ClauseIndex, label
from assistant.render_tasks import md_escape
from assistant.understanding.parse import Query
from ingest.models import Indicator, Task
from ingest.textnorm import fold

# Section titles as people name them. The printed titles are one to three words ("GOAL"), too short for
# retrieval to tell apart from every other clause that uses the word.
SECTION_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("57-NQ/TW", "I"): ("guiding viewpoints", "viewpoints", "guiding principles", "quan diem chi dao", "quan diem"),
    ("57-NQ/TW", "II"): ("goals", "goal", "objectives", "objective", "muc tieu"),
    ("57-NQ/TW", "III"): ("tasks and solutions", "solutions", "nhiem vu va giai phap", "nhiem vu, giai phap",
                          "nhom nhiem vu, giai phap", "nhom nhiem vu giai phap", "giai phap"),
    ("57-NQ/TW", "IV"): ("implementation", "organisation of implementation", "organization of implementation",
                         "to chuc thuc hien"),
    ("03/NQ-CP", "I"): ("goals", "goal", "objectives", "objective", "muc tieu"),
    ("03/NQ-CP", "II"): ("specific tasks", "nhiem vu cu the", "task groups", "groups of tasks", "nhom nhiem vu"),
    ("03/NQ-CP", "III"): ("implementation", "organisation of implementation", "organization of implementation",
                          "to chuc thuc hien"),
}
# Words that leave a question about the section as a whole.
_GENERAL = {"main", "key", "overall", "general", "list", "all", "what", "are", "the", "its", "set", "sets", "out",
            "chinh", "nhung", "cac", "gom", "neu", "liet", "ke", "chu", "yeu", "resolution", "action", "programme",
            "program", "chuong", "trinh", "hanh", "dong", "nghi", "quyet", "politburo", "government", "say",
            "says", "state", "states", "and", "for", "give", "show", "tell", "dat", "ra", "de", "gi", "cho", "nam",
            "den", "toi", "ve", "la", "nao", "co", "duoc", "cua", "trong", "which", "by", "how", "many", "may",
            "seven", "bay", "number", "groups", "nhom", "there", "has", "have"}
_OVERVIEW = re.compile(
    r"\b(summary|summari[sz]e|overview|outline|structure|main (?:points|content|contents|parts|ideas)|"
    r"tom tat|tong quan|noi dung chinh|cau truc|bo cuc|"
    r"what is (?:the )?(?:resolution|nghi quyet)?\s*(?:no\.?\s*)?(?:57|03)\S*(?: about)?\s*\??$|"
    r"(?:57|03)\S* (?:la gi|noi ve (?:gi|dieu gi)|co noi dung gi)|what (?:is|does) .{0,30}(?:57|03)\S* (?:about|cover))"
)


def asks_overview(folded: str) -> bool:
    return bool(_OVERVIEW.search(folded.strip()))


def named_sections(question: str, doc_hint: str | None) -> list[tuple[str, str]]:
    """The sections a question names by title when it asks about nothing narrower."""
    f = " " + fold(question) + " "
    found: list[tuple[str, str]] = []
    used: set[str] = set()
    for (doc, sec), names in SECTION_NAMES.items():
        if doc_hint and doc != doc_hint:
            continue
        for name in names:
            if re.search(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", f):
                found.append((doc, sec))
                used.update(name.replace(",", " ").split())
                break
    if not found:
        return []
    rest = {t for t in content_terms(question) if not re.fullmatch(r"\d+|20\d\d", t)} - used - _GENERAL
    rest -= {"57", "03", "nq", "tw", "cp", "57-nq", "03-nq"}
    return found if not rest else []


def _first(text: str, limit: int, *, whole: bool = False) -> str:
    """The opening sentence (or, with ``whole``, as many sentences as fit), never cut after "No."."""
    text = re.sub(r"\s+", " ", text).strip()
    if whole:
        return cut_at_sentence(text, limit)
    m = re.match(r"(.{20,}?(?<!\bNo)(?<!\bno)[.;:])\s", text + " ")
    s = m.group(1) if m and len(m.group(1)) <= limit else text
    return s if len(s) <= limit else s[: limit - 1].rsplit(" ", 1)[0] + "…"


def _section_line(index: ClauseIndex, doc: str, sec: str, lang: str, cited: list, child_limit: int,
                  *, whole: bool = False, year: str | None = None) -> list[str]:
    clause = index.best(doc, sec, lang)
    if clause is None:
        return []
    title = _first(clause.text.split("\n", 1)[0], 160)
    cited.append((doc, sec, clause.lang, title))
    lines = [f"- **{label(doc, sec, lang)}**: {md_escape(title)}"]
    kids = [(cid, c) for cid in index.children(doc, sec) if (c := index.best(doc, cid, lang)) is not None]
    if year:
        # "Goals for 2030": the part headed by that year, when the section is split by horizon.
        dated = [(cid, c) for cid, c in kids if year in c.text[:60]]
        kids = dated or kids
    for cid, child in kids:
        quote = _first(child.text, child_limit, whole=whole)
        cited.append((doc, cid, child.lang, quote))
        lines.append(f"   - {cid}: {md_escape(quote)}")
    return lines


def document_overview(doc: str, index: ClauseIndex, tasks: list[Task], indicators: list[Indicator],
                      lang: str) -> PassageResult:
    """The parts of a resolution in order, each with its title and its items' opening words."""
    vi = lang == "vi"
    cited: list[tuple[str, str, str, str]] = []
    head = index.best(doc, "doc", lang)
    title = index.doc_titles.get((doc, lang)) or index.doc_titles.get((doc, "vi")) or doc
    lines = [f"**{md_escape(title)}**"]
    if head is not None:
        cited.append((doc, "doc", head.lang, _first(head.text, 200)))
    lines.append("Các phần chính:" if vi else "Its parts:")
    for art in ("art.1", "art.2", "art.3"):
        c = index.best(doc, art, lang)
        if c is not None:
            q = _first(c.text, 200)
            cited.append((doc, art, c.lang, q))
            lines.append(f"- **{label(doc, art, lang)}**: {md_escape(q)}")
    for sec in ("I", "II", "III", "IV"):
        lines += _section_line(index, doc, sec, lang, cited, 140)
    if doc == "03/NQ-CP":
        groups = len({t.group for t in tasks})
        top = sum(1 for i in indicators if i.parent is None)
        for cid, text in (("appendix-I", f"{top} chỉ tiêu" if vi else f"{top} indicators"),
                          ("appendix-II", f"{len(tasks)} nhiệm vụ trong {groups} nhóm" if vi
                           else f"{len(tasks)} tasks in {groups} groups")):
            c = index.best(doc, cid, lang)
            if c is not None:
                cited.append((doc, cid, c.lang, c.text))
                lines.append(f"- **{label(doc, cid, lang)}**: {md_escape(c.text)} ({text})")
    return PassageResult("\n".join(lines), cited, found=len(cited) > 1)


def sections_answer(found: list[tuple[str, str]], index: ClauseIndex, lang: str, question: str) -> PassageResult:
    cited: list[tuple[str, str, str, str]] = []
    lines: list[str] = []
    year = next(iter(re.findall(r"\b(2030|2045)\b", question)), None)
    for doc, sec in found:
        kids = index.children(doc, sec)
        limit = max(240, min(1600, 2400 // max(1, len(kids))))
        lines += _section_line(index, doc, sec, lang, cited, limit, whole=True, year=year)
    return PassageResult("\n".join(lines), cited, found=bool(cited))


def structure_result(q: Query, index: ClauseIndex, tasks: list[Task], indicators: list[Indicator]
                     ) -> PassageResult | None:
    """An overview, an article or appendix count, or a section named by its title; None otherwise."""
    vi = q.lang == "vi"
    if asks_overview(q.folded):
        docs = [q.doc_hint] if q.doc_hint else ["57-NQ/TW", "03/NQ-CP"]
        parts = [document_overview(d, index, tasks, indicators, q.lang) for d in docs]
        return PassageResult("\n\n".join(p.text for p in parts), [c for p in parts for c in p.cited])
    if q.count and (m := re.search(r"\b(dieu|articles?|phu luc|appendi(?:ces|xes|x))\b", q.folded)) \
            and not (q.agencies or q.task_numbers or q.has_time):
        doc = q.doc_hint or "03/NQ-CP"
        article = m.group(1) in ("dieu", "article", "articles")
        ids = index.matching(doc, r"art\.\d+" if article else r"appendix-I{1,2}")
        if ids:  # "Nghị quyết 03 gồm mấy điều?"
            kind = ("điều" if article else "phụ lục") if vi else ("articles" if article else "appendices")
            cited = [(doc, cid, c.lang, c.text[:200]) for cid in ids if (c := index.best(doc, cid, q.lang))]
            body = "\n".join(f"- {label(doc, cid, q.lang)}: {md_escape(t[:160])}" for _, cid, _, t in cited)
            return PassageResult(f"**{doc}: {len(ids)} {kind}.**\n" + body, cited)
    sections = named_sections(q.text, q.doc_hint)
    if not sections:
        return None
    res = sections_answer(sections, index, q.lang, q.text)
    if q.count:  # "Nghị quyết 57 có mấy nhóm nhiệm vụ, giải pháp?"
        counts = "; ".join(f"{doc} {sec}: {len(index.children(doc, sec))}" for doc, sec in sections)
        res.text = (f"**Số mục: {counts}.**" if vi else f"**Number of items: {counts}.**") + "\n\n" + res.text
    return res
