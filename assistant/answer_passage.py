"""Passage answers: retrieved clauses quoted with their citations, the direct answer first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.citations import ClauseIndex, label
from assistant.glossary import expansions, matches_any
from assistant.render_tasks import md_escape
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


def content_terms(question: str) -> set[str]:
    f = fold(question)
    special = set(re.findall(r"\b[a-z]&[a-z]\b|\b\d+g\b|\b\d{2}\b", f))  # "r&d", "5g", "Đề án 06"
    return {w for w in words(question) if len(w) > 2 and w not in _STOP} | special


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
    body = " ".join([*hit.texts.values(), hit.title or ""])
    folded = " " + fold(body) + " "
    hit_groups = [g for g in groups if matches_any(g, folded)]
    # A question word inside a glossary term the clause has in the other language counts as found:
    # "digital economy" is in "Quy mô kinh tế số".
    covered = set(words(body)) | {w for g in hit_groups for alt in g for w in words(alt)}
    covered |= {_singular(w) for w in covered}
    return (sum(1 for t in terms if t in covered or _singular(t) in covered) + len(hit_groups)) / units


def _singular(w: str) -> str:
    """"satellites" → "satellite", "universities" → "universiti": enough for a question/clause match."""
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "i"
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def rerank(hits: list, question: str) -> list:
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
        low = structural(h) and not asks_structure
        scored.append((low, -round(overlap * 6), n, h))  # coarse steps: small differences do not reorder
    scored.sort(key=lambda x: (x[0], x[1], x[2]))
    primary_first = [h for *_, h in scored]
    primary_first.sort(key=lambda h: not h.primary)
    return primary_first


_DOC_TOKENS = {"57", "03", "nq", "tw", "cp", "57-nq", "03-nq", "nqtw", "nqcp", "resolution", "resolutions", "action",
               "programme", "program", "chuong", "trinh", "hanh", "dong", "nghi", "quyet"}
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


def strip_doc_refs(text: str) -> str:
    """The question without the documents' names: "Resolution 57" matches every heading, not the topic.

    The document the user named still filters retrieval (``Query.doc_hint``); what is left must still
    say something, or the question is returned unchanged ("What is Resolution 57?").
    """
    # The bare noun stays: "who implements this resolution" is about the Articles that say "this Resolution".
    rest = re.sub(r"\s{2,}", " ", _DOC_REF.sub(_doc_word, text)).strip()
    return rest if len(content_terms(rest)) >= 1 else text


def structural(hit) -> bool:
    """A heading, a bare section title or the legal preamble: they name a topic but say nothing about it."""
    if hit.clause_id in ("doc", "preamble") or hit.kind in ("heading", "preamble", "document"):
        return True
    longest = max((len(t) for t in hit.texts.values()), default=len(hit.chunk_text))
    return longest < 80 and not re.search(r"\d", " ".join(hit.texts.values()))
