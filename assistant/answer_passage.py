"""Passage answers: retrieved clauses quoted with their citations, the direct answer first."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer_type import AnswerType, asks_organisation
from assistant.citations import ClauseIndex, label
from assistant.clause_terms import clause_terms, forms, singular
from assistant.glossary import expand_query, expansions, matches_any
from assistant.marks import held as marks_held
from assistant.marks import question_marks
from assistant.messages import text as msg
from assistant.render_tasks import md_escape
from ingest.gazetteer import COLLECTIVES
from ingest.textnorm import fold, words

_STOP = set(
    ["the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "by", "with", "what", "which", "who", "when", "where", "how", "does", "do", "is", "are", "was", "were", "be", "about", "say", "says", "said", "resolution", "document", "documents", "tell", "me", "please", "it", "its", "this", "that", "these", "those", "there", "any", "from", "as", "at", "into", "la", "gi", "cua", "va", "cac", "nhung", "nao", "ve", "co", "khong", "duoc", "trong", "voi", "cho", "nay", "do", "thi", "sao", "the", "nghi", "quyet", "noi", "gi", "nhu"]
)
_SENT = re.compile(r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ0-9“\"(-])")


@dataclass
class Passage:
    doc_id: str
    clause_id: str
    text: str  # the clause text in the language quoted
    lang: str
    primary: bool
    other_text: str | None = None
    focus: str | None = None  # the chunk that matched, when it is in the quoted language


@dataclass
class PassageResult:
    text: str
    cited: list[tuple[str, str, str, str]] = field(default_factory=list)  # (doc_id, clause_id, lang, quote)
    found: bool = True
    # Passage answers (issue 14). ``abstained``: no passage states the asked fact; the text shows the
    # closest ones as such. ``direct``: the one-line direct answer (empty when abstaining).
    abstained: bool = False
    direct: str = ""
    retrieved: list[str] = field(default_factory=list)  # citation ids of the retrieved clauses, best first
    elsewhere: bool = False  # the named document does not say it; another one does (the text says so)
    confidence: float = 0.0  # share of the question's units in the answering sentence


def _must_hold(tw, terms: set[str], groups: list[tuple[str, ...]], kind: AnswerType) -> tuple[object, ...]:
    """The units a sentence must hold one of to state the asked figure or body: the question's rare named things;
    for a figure also the fairly rare ones ("kỹ sư" in "how many AI engineers by 2030?", which the AI ranking is
    not)."""
    if kind is AnswerType.AGENCY:
        return tw.rare_units(terms, groups)
    if kind is not AnswerType.NUMBER:
        return ()
    return tw.rare_units(terms, groups, at_least=FIGURE_RARE)


def content_terms(question: str) -> set[str]:
    f = fold(question)
    special = set(re.findall(r"\b[a-z]&[a-z]\b|\b\d+g\b|\b\d{2}\b", f))  # "r&d", "5g", "Đề án 06"
    return {w for w in words(question) if len(w) > 2 and w not in _STOP} | special


FIGURE_RARE = 0.78
_QUANTITY = re.compile(r"\b(bao nhieu|how much|how many|what share|percent\w*|phan tram|ty le|ty trong|"
                       r"targets?|muc tieu|at least|toi thieu|proportion|rate|share)\b")


def best_sentence(text: str, terms: set[str], limit: int = 420, *, numbers: bool = False,
                  focus: str | None = None, groups: list[tuple[str, ...]] | None = None) -> str:
    """The sentence of ``text`` that shares most words with the question (sentences of the matched chunk win ties)."""
    sentences = [s.strip() for s in re.split(r"(?<=[.;!?])\s+|\s+-\s+(?=[A-ZĐ])", text) if s.strip()]
    if not sentences:
        return text[:limit]
    focus_f = fold(focus) if focus else ""
    # A term matches at the start of a word ("semiconductor" in "semiconductors"); short ones only whole,
    # or the syllables of a glossary expansion ("ban", "dan") would match "bandwidth" and "guidance".
    patterns = [re.compile(r"(?<![a-z0-9])" + re.escape(t) + (r"(?![a-z0-9])" if len(t) <= 3 else "")) for t in terms]
    # A glossary term is one unit, matched by any of its forms ("cybersecurity" / "network security").
    patterns += [re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(fold(a)) for a in g) + r")") for g in groups or ()]
    scored = []
    for n, s in enumerate(sentences):
        f = fold(s)
        overlap = sum(1 for p in patterns if p.search(f))
        if numbers and re.search(r"\d", s):
            overlap += 1.5
        if len(s) < 25:
            overlap -= 2  # headings such as "By 2030" say nothing on their own
        if focus_f and f[:60] in focus_f:
            overlap += 0.5
        scored.append((overlap, -n, s))
    scored.sort(reverse=True)
    best = scored[0][2] if scored[0][0] > 0 else sentences[0]
    if len(best) > limit:
        # Long one-paragraph clauses: centre the window on the first matching term.
        f = fold(best)
        pos = min((f.find(t) for t in terms if f.find(t) >= 0), default=0)
        start = max(0, pos - limit // 3)
        best = ("…" if start else "") + best[start : start + limit].strip() + "…"
    return best


def compose(question: str, lang: str, passages: list[Passage], index: ClauseIndex, *, heading: str | None = None
            ) -> PassageResult:
    vi = lang == "vi"
    groups = expansions(question)
    terms = content_terms(question)
    numbers = bool(_QUANTITY.search(fold(question)))
    if not passages:
        return PassageResult("", [], found=False)
    lines: list[str] = []
    cited: list[tuple[str, str, str, str]] = []
    top = passages[0]
    quote = best_sentence(top.text, terms, numbers=numbers, focus=top.focus, groups=groups)
    lab = label(top.doc_id, top.clause_id, lang)
    note = ""
    if lang == "en" and top.lang == "vi":
        note = " *(quoted from the official Vietnamese text; the English translation omits this passage)*"
    elif lang == "vi" and top.lang == "en":
        note = " *(trích bản tiếng Anh; văn bản nguồn không có bản tiếng Việt)*"
    if not top.primary:
        note += " *(nguồn thứ cấp: bài báo)*" if vi else " *(secondary source: news summary)*"
    lead = heading or ("Theo" if vi else "According to")
    lines.append(f"**{lead} {lab}**:{note}\n\n> {md_escape(quote)}")
    cited.append((top.doc_id, top.clause_id, top.lang, quote))
    rest = passages[1:4]
    if rest:
        lines.append("\n" + ("Các đoạn liên quan khác:" if vi else "Other relevant passages:"))
        for p in rest:
            q2 = best_sentence(p.text, terms, limit=260, numbers=numbers, focus=p.focus, groups=groups)
            tag = ""
            if not p.primary:
                tag = " *(bài báo)*" if vi else " *(news summary)*"
            elif lang == "en" and p.lang == "vi":
                tag = " *(Vietnamese text)*"
            lines.append(f"- **{label(p.doc_id, p.clause_id, lang)}**{tag}: “{md_escape(q2)}”")
            cited.append((p.doc_id, p.clause_id, p.lang, q2))
    return PassageResult("\n".join(lines), cited)


def passages_from_hits(hits: list, lang: str) -> list[Passage]:
    """Primary sources first, then news; text in the question's language where the source has it."""
    out: list[Passage] = []
    for h in hits:
        texts = h.texts or {h.chunk_lang: h.chunk_text}
        if texts.get(lang):
            text, tl = texts[lang], lang
        else:
            tl = next(iter(texts))
            text = texts[tl]
        other = next((v for k, v in texts.items() if k != tl), None)
        focus = h.chunk_text if h.chunk_lang == tl and h.chunk_text else None
        out.append(Passage(h.doc_id, h.clause_id, text, tl, h.primary, other, focus))
    out.sort(key=lambda p: not p.primary)
    return out


@lru_cache(maxsize=256)
def _question_units(question: str) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    # The documents' own numbers ("57", "03") match their headings, not what the question is about.
    return frozenset(content_terms(question) - _DOC_TOKENS), tuple(expansions(question))


def coverage(hit, question: str) -> float:
    """Share of the question's content words (a glossary term counting once, in either language) in a clause."""
    terms, groups = _question_units(question)  # the same for every hit the rerank scores
    units = len(terms) + len(groups)
    if not units:
        return 0.0
    ct = clause_terms(hit)  # folded once per clause, not once per question (issue 17)
    hit_groups = [g for g in groups if matches_any(g, ct.folded)]
    # A question word inside a glossary term the clause has in the other language counts as found:
    # "digital economy" is in "Quy mô kinh tế số".
    crossed = {w for g in hit_groups for alt in g for w in _alt_words(alt)}
    asked = question_marks(question)
    vi = (hit.texts or {}).get("vi", "")
    other = " ".join(t for lang, t in (hit.texts or {}).items() if lang != "vi") + " " + (hit.title or "")

    def holds(t: str) -> bool:
        if t in crossed or not forms(t).isdisjoint(crossed):
            return True  # in a glossary term the clause has (its marks read when the term was found)
        if not (t in ct.words or not forms(t).isdisjoint(ct.words)):
            return False
        # a syllable the question writes with marks: in the Vietnamese text as written, or in the other words
        return t not in asked or marks_held(t, vi, None, asked) or marks_held(t, other, None, asked)

    return (sum(1 for t in terms if holds(t)) + len(hit_groups)) / units


@lru_cache(maxsize=2048)
def _alt_words(alt: str) -> frozenset[str]:
    ws = words(alt)
    return frozenset(ws) | frozenset(_singular(w) for w in ws)


_singular = singular


def rerank(hits: list, question: str, *, keep_structure: bool = False) -> list:
    """Fused hits reordered by how much of the question each clause contains (ties keep fused order).

    Fusion ranks a long clause that matches every term below short ones that match one term well; for
    "what does the resolution say about X" questions the clause that says all of X should come first.
    A glossary term counts as one unit matched by any of its equivalents in the other language, so
    "bán dẫn" helps a Vietnamese clause without its syllables matching "ban it" in an English one.
    """
    asks_structure = bool(_STRUCTURE_Q.search(fold(question)))
    scored = []
    for n, h in enumerate(hits):
        overlap = coverage(h, question)
        low = structural(h) and not asks_structure and not keep_structure
        scored.append((low, -round(overlap * 6), n, h))  # coarse steps: small differences do not reorder
    scored.sort(key=lambda x: (x[0], x[1], x[2]))
    primary_first = [h for *_, h in scored]
    primary_first.sort(key=lambda h: not h.primary)
    return primary_first


_DOC_TOKENS = {"57", "03", "nq", "tw", "cp", "57-nq", "03-nq", "nqtw", "nqcp", "resolution", "resolutions", "action",
               "programme", "program", "chuong", "trinh", "hanh", "dong", "nghi", "quyet", "nq57", "nq03", "cthd"}
_STRUCTURE_Q = re.compile(r"\b(appendix|phu luc|preamble|can cu|heading|title|tieu de|section|muc|chapter|chuong)\b")


_DOC_REF = re.compile(
    r"\b(?:the\s+)?(?:resolution|nghị quyết|nghi quyet|NQ)\s*(?:no\.?|số|so)?\s*(?:57|03)"
    r"(?:\s*[-/]?\s*NQ\s*[-/]\s*(?:TW|CP))?(?:/\d{4})?\b|\b(?:57|03)\s*[-/]\s*NQ\s*[-/]\s*(?:TW|CP)\b|\bNQ57\b",
    re.IGNORECASE,
)


_PROGRAMME = re.compile(r"\b(?:the\s+)?(?:government'?s\s+)?action\s+program(?:me)?\b|"
                        r"\bch(?:ư|u)(?:ơ|o)ng tr(?:ì|i)nh h(?:à|a)nh (?:độ|do)ng\b", re.IGNORECASE)


def _doc_word(m: re.Match[str]) -> str:
    return " nghị quyết " if m.group().lower().startswith("ngh") else " resolution "


def without_programme(text: str) -> str:
    """The question without "the Action Programme": for looking beyond the programme's own text."""
    rest = re.sub(r"\s{2,}", " ", _PROGRAMME.sub(" ", text)).strip()
    return rest if content_terms(rest) else text


def spelled_agencies(text: str, gazetteer, lang: str) -> str:
    """The question with each agency's shorthand written out as the documents name it ("sent to MOST and MIC"
    → "sent to Ministry of Science and Technology and Ministry of Information and Communications"): the clauses
    spell names in full, so an acronym matched none of their words."""
    if gazetteer is None:
        return text
    out = text
    for m in sorted(gazetteer.find_mentions(text), key=lambda m: -m.start):
        if " " in m.text.strip() or m.agency_id in COLLECTIVES:
            continue  # already a name, or a collective ("ministries and sectors")
        out = out[:m.start] + gazetteer.name(m.agency_id, lang) + out[m.end:]
    return out


def strip_doc_refs(text: str) -> str:
    """The question without the documents' names: "Resolution 57" matches every heading, not the topic.

    The document the user named still filters retrieval (``Query.doc_hint``); what is left must still
    say something, or the question is returned unchanged ("What is Resolution 57?").
    """
    # The bare noun stays: "who implements this resolution" is about the Articles that say "this Resolution".
    rest = re.sub(r"\s{2,}", " ", _DOC_REF.sub(_doc_word, text)).strip()
    return rest if len(content_terms(rest)) >= 1 else text


_HEADING_KINDS = frozenset({"item", "group", "section"})
_LEGAL_BASIS = re.compile(r"\s*(?:căn cứ|pursuant to|theo đề nghị|at the (?:request|proposal))", re.IGNORECASE)


def structural(hit) -> bool:
    """A heading, a bare section title or the legal preamble: they name a topic but say nothing about it.

    A preamble that is not a legal basis is text: 57-NQ/TW's opening states the 2030 and 2045 goals
    ("by 2045, it will become a developed country with high income") that no later clause restates."""
    if hit.clause_id == "doc" or hit.kind in ("heading", "document"):
        return True
    if hit.clause_id == "preamble" or hit.kind == "preamble":
        return any(_LEGAL_BASIS.match(t) for t in hit.texts.values()) or not hit.texts
    longest = max((len(t) for t in hit.texts.values()), default=len(hit.chunk_text))
    # A short sentence that ends like one ("Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành.")
    # is a provision, not a title.
    sentence = any(t.rstrip().endswith((".", ";", ".”")) for t in hit.texts.values())
    if hit.kind in _HEADING_KINDS and hit.texts and not sentence:
        # 03/NQ-CP's task-group titles ("Đẩy mạnh chuyển đổi số … bảo đảm quốc phòng và an ninh", 240
        # characters) name what their points then say: the point answers, the title does not.
        return True
    return longest < 80 and not sentence and not re.search(r"\d", " ".join(hit.texts.values()))


# -- the passage pipeline (issue 14): one function the router calls ------------------------------------

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,6}\b|\b\w*\d\w*\b|\b\w+&\w+\b")


def _neutral(question: str) -> frozenset[str]:
    """Tokens that read the same in both languages: acronyms as typed (AI, IoT, STEM, R&D), numbers."""
    return frozenset(fold(m.group()) for m in _ACRONYM.finditer(question)) | {"iot", "stem", "ai", "ppp", "oda", "fdi"}


@lru_cache(maxsize=1)
def _filler() -> frozenset[str]:
    from importlib import resources

    raw = resources.files("assistant.data").joinpath("words/passage_filler.json").read_text(encoding="utf-8")
    return frozenset(json.loads(raw)["words"])


@lru_cache(maxsize=256)
def scoring_units(question: str) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The question's units for scoring sentences: topic words outside its glossary terms, and the terms.

    A word inside a glossary term the question names ("every year" in "hằng năm | every year") is
    represented by that term, which any of its forms matches; counting it again would ask a Vietnamese
    sentence for the English word.
    """
    terms, groups = _question_units(question)
    f = " " + fold(question) + " "
    inside: set[str] = set()
    for g in groups:
        for alt in g:
            if re.search(r"(?<![a-z0-9])" + re.escape(fold(alt)) + r"(?![a-z0-9])", f):
                inside |= set(words(alt))
    unique = tuple({fold(g[0]): g for g in groups}.values())  # "hàng năm" and "hằng năm" are one term
    return frozenset(t for t in terms if t not in inside and t not in _filler()), unique


def syllable_pairs(question: str) -> frozenset[str]:
    """Adjacent content syllables of a Vietnamese question, folded ("đầu tư ra nước ngoài" → "dau tu", "nuoc ngoai")."""
    ws = words(question)
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(ws) if a not in _STOP and b not in _STOP
             and not a.isdigit() and not b.isdigit()]
    # and runs of three: "cơ chế ưu đãi", "công nghệ số chiến lược" held together say more than their pairs apart
    triples = [f"{a} {b} {c}" for a, b, c in zip(ws, ws[1:], ws[2:], strict=False)
               if not ({a, b, c} & _STOP) and not any(x.isdigit() for x in (a, b, c))]
    return frozenset(pairs + triples)


def retrieve(retriever, plain: str, expanded: str, doc_ids: list[str] | None, within: tuple[str, ...] = ()) -> list:
    """Fused hits plus the lexical top two, reranked by how much of the question each clause contains.
    ``within``: clause prefixes ("III", "art") the hits must fall under; each is searched on its own."""
    if within:
        pool = {h.citation_id: h for p in within
                for h in retriever.search(plain, k=8, doc_ids=doc_ids, clause_prefix=p, lexical_query=expanded)}
        # the legal basis is an answer here ("who proposed the programme?" is its "Theo đề nghị của …")
        return rerank(sorted(pool.values(), key=lambda h: -h.score), plain, keep_structure=True)[:6]
    found = retriever.search(plain, k=16, doc_ids=doc_ids, lexical_query=expanded)
    # Fusion buries a clause that only the lexical side ranks first (a rare exact term such as
    # "blockchain" that the embedding misses): the lexical top two join the pool the rerank orders.
    seen = {h.citation_id for h in found}
    exact = [h for h in retriever.search(expanded, k=3, doc_ids=doc_ids, mode="lexical") if h.citation_id not in seen]
    return rerank(found + exact, plain)[:6]


def answer_passage(question: str, lang: str, answer_type, doc_hint: str | None, retriever, index: ClauseIndex,
                   tasks, gazetteer, indicators=(), within: tuple[str, ...] = (), position: int | None = None
                   ) -> PassageResult:
    """The passage answer to ``question``: direct line, marked quote, other passages that add something.

    ``found=False`` means not one word of the question is in the best clause (the caller answers "the
    documents do not say"); ``abstained=True`` means the closest passages are shown but none states the
    asked fact. ``tasks`` (the Appendix II rows) add their lead/deadline lines for quoted task rows;
    ``indicators`` (the Appendix I rows) give a quoted row's target and monitoring agency. ``within``: only
    clauses under these prefixes of ``doc_hint`` answer; ``position`` (0-based, "the second objective") keeps
    the numbered items at that place when there are any.
    """
    from assistant.answer_table import task_rows_for
    from assistant.passage_compose import HIGH_COVERAGE, compose_answer

    if retriever is None:
        return PassageResult(msg("passage.no_index", lang), [], found=False)
    doc_ids = [doc_hint] if doc_hint else None
    plain = spelled_agencies(strip_doc_refs(question), gazetteer, lang)
    hits = retrieve(retriever, plain, expand_query(plain), doc_ids, within)
    if position is not None and position >= 0:
        # "What is the second objective?": the item numbered so, whatever words it shares with the question
        placed = [h for h in hits if h.clause_id.rsplit(".", 1)[-1] == str(position + 1)
                  and not h.clause_id.startswith("art.")]  # Article 1 is not the first objective
        hits = placed or hits
    prefix = ""
    if doc_ids and not within and (not hits or coverage(hits[0], plain) == 0):
        # "What does the Action Programme say about blockchain?": only 57-NQ/TW does; say so.
        wider = without_programme(plain)
        hits = retrieve(retriever, wider, expand_query(wider), None)
        if hits and coverage(hits[0], plain) > 0 and hits[0].doc_id != doc_ids[0]:
            prefix = msg("passage.elsewhere", lang, doc=doc_ids[0], other=hits[0].doc_id) + "\n\n"
    retrieved = [h.citation_id for h in hits]
    covs = [coverage(h, plain) for h in hits]
    if not hits or covs[0] == 0:
        return PassageResult("", [], found=False, retrieved=retrieved)
    terms, groups = scoring_units(plain)
    pairs = syllable_pairs(plain) if lang == "vi" else frozenset()
    organisation = asks_organisation(fold(question))
    # Only an agency answer excludes the bodies the question names; other answers need not look for them.
    named = frozenset(m.agency_id for m in gazetteer.find_mentions(question) if m.agency_id not in COLLECTIVES) \
        if gazetteer is not None and answer_type == AnswerType.AGENCY else frozenset()
    weights = index.term_weights.of(terms, groups) if index is not None else None
    # A figure or a body is stated for one thing: the sentence giving it must name what the question's rare words
    # name. (Not a list or a description: those are said in many words.)
    rare = _must_hold(index.term_weights, terms, groups, answer_type) if index is not None else ()
    foreign = tuple(index.term_weights.foreign(terms, groups)) if index is not None else ()
    asked_marks = question_marks(plain)
    unheard_year = index is not None and any(index.term_weights.unheard_year(t) for t in terms)
    by_indicator = {ind.clause_id: ind for ind in indicators}
    by_task = {t.clause_id: t for t in tasks} if tasks is not None else None

    def compose(found: list, found_covs: list[float]):
        return compose_answer(found, lang, answer_type, terms, groups, _neutral(plain), gazetteer, found_covs,
                              pairs, by_indicator, by_task, organisation, whole_item=position is not None,
                              named=named, weights=weights, rare=rare, foreign=foreign,
                              asked_marks=asked_marks, unheard_year=unheard_year)

    c = compose(hits, covs)
    if c.abstained and doc_ids and not prefix and not within:
        # "Who ensures annual funding to implement NQ57?": 57-NQ/TW does not say; 03/NQ-CP III.5 does. Users
        # name the resolution they think of, and another document answering is said as such.
        wider = without_programme(plain)
        other = [h for h in retrieve(retriever, wider, expand_query(wider), None) if h.doc_id != doc_ids[0]]
        if other:
            alt = compose(other, [coverage(h, plain) for h in other])
            # From a document the user did not name, only a sentence holding most of the question answers
            # (the bar at which a sentence answers without even carrying the asked type).
            if not alt.abstained and alt.confidence >= HIGH_COVERAGE:
                c, hits = alt, other
                retrieved = [h.citation_id for h in hits]
                prefix = msg("passage.elsewhere", lang, doc=doc_ids[0], other=hits[0].doc_id) + "\n\n"
    text = prefix + c.text
    nums = [int(cid.split(".")[1]) for _, cid, _, _ in c.cited
            if cid.startswith("appendix-II.") and cid.split(".")[1].isdigit()]
    rows = task_rows_for(nums[:3], tasks, gazetteer, lang) if tasks is not None and not c.abstained else ""
    if rows:
        # What the table says about the tasks quoted above: lead, output, deadline, from structured data.
        text += "\n\n" + msg("passage.task_rows", lang) + "\n" + rows
    return PassageResult(text, c.cited, True, abstained=c.abstained, direct=c.direct, retrieved=retrieved,
                         elsewhere=bool(prefix), confidence=c.confidence)
