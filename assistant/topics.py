"""Topic words in a table question ("What does MIC do about 5G?") and the task rows that match them."""

from __future__ import annotations

import itertools
import re
from typing import Any

from assistant.answer_passage import content_terms
from assistant.glossary import expand_query, expansions, matches_any
from assistant.understanding.parse import Query
from ingest.gazetteer import Gazetteer
from ingest.textnorm import fold, words

_GENERIC = set(
    ["which", "what", "when", "where", "who", "whom", "whose", "tasks", "task", "lead", "leads", "leading", "led", "responsible", "responsibility", "charge", "coordinate", "coordinates", "coordinating", "coordinator", "due", "deadline", "deadlines", "date", "dates", "list", "show", "give", "tell", "ministry", "ministries", "agency", "agencies", "body", "bodies", "action", "programme", "program", "resolution", "government", "appendix", "does", "did", "are", "was", "were", "have", "has", "the", "and", "for", "with", "under", "about", "related", "assigned", "own", "owns", "their", "its", "they", "them", "those", "these", "also", "please", "many", "how", "much", "number", "count", "any", "all", "each", "other", "ongoing", "overdue", "month", "year", "quarter", "complete", "completed", "finish", "deliver", "delivered", "must", "should", "will", "need", "needs", "jointly", "together", "share", "shared", "involved", "involve", "involves", "role", "roles", "work", "works", "doing", "main", "what's", "whats", "plan", "plans", "document", "documents", "say", "says", "said", "mention", "mentions", "nhiem", "chu", "tri", "phoi", "hop", "nhung", "nao", "cua", "bo", "quan", "duoc", "giao", "han", "thoi", "hoan", "thanh", "bao", "nhieu", "cac", "ve", "trong", "thuc", "hien", "danh", "sach", "liet", "cho", "biet", "xem", "nghi", "quyet", "chuong", "trinh", "hanh", "dong", "phu", "luc", "lam", "viec", "gi", "nay", "kia", "thi", "sao", "con", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "thang", "nam", "quy",
     # a sector or field by itself names no topic ("nhiệm vụ về chữ ký số cho ngành y tế": the topic is the signature)
     "nganh", "sector", "sectors", "field", "fields", "area", "areas", "noi", "dung"]
)


# Two-letter Vietnamese function syllables: never half of a topic word ("về các", "và", "có", "để").
_VI_FILLER = frozenset({"va", "co", "de", "la", "ma", "da", "se", "do", "di", "tu", "o", "voi", "cac", "mot", "gi"})


_MARKER = re.compile(
    r"\b(about|regarding|concerning|related to|relating to|relate to|relates to|on the topic of|involv\w*|"
    r"mention\w*|dealing with|deal with|deals with|in the (?:area|field) of|ve|lien quan (?:den|toi)|linh vuc)\s+"
)


def topic_terms(q: Query, gaz: Gazetteer) -> set[str]:
    """Topic words after an explicit marker ("about 5G", "về an ninh mạng"); empty when there is none."""
    m = _MARKER.search(q.folded)
    related = re.search(r"\b([a-z0-9&]+)[- ](?:related|focused|oriented)\b", q.folded)
    if not m and not related:
        return set()
    tail_text = q.folded[m.end() :] if m else related.group(1)  # "AI-related tasks"
    short = {w for w in words(tail_text) if len(w) == 2 and any(c.isdigit() for c in w)}
    if re.search(r"\bAI\b", q.text):  # "ai" in Vietnamese is "who"
        short.add("ai")
    terms = ({t for t in content_terms(tail_text) if not t.isdigit()} | short) - _GENERIC
    # Vietnamese words of two short syllables ("y tế", "ký số") fall below content_terms' length: the pair is
    # the word. Only a pair holding such a syllable, so "an ninh mạng" keeps its own terms.
    tail_words = words(tail_text) if q.lang == "vi" else []
    terms |= {f"{a} {b}" for a, b in itertools.pairwise(tail_words)
              if (len(a) <= 2 or len(b) <= 2) and a not in _GENERIC and b not in _GENERIC
              and not (a.isdigit() or b.isdigit()) and a not in _VI_FILLER and b not in _VI_FILLER}
    for a in q.agencies:
        terms -= gaz.name_words(a)
    return terms


def topic_tasks(retriever: Any, q: Query, terms: set[str], k: int = 25) -> list[int]:
    """Task rows among the best hits whose text (either language) contains every topic word, best first."""
    if retriever is None or not terms:
        return []
    hits = retriever.search(q.text, k=k, clause_prefix="appendix-II.", lexical_query=expand_query(q.text))
    # A topic word also matches through its glossary equivalents: "AI" in a row that says "trí tuệ nhân tạo".
    groups = {t: expansions(t) for t in terms}
    phrases = expansions(q.text)  # "artificial intelligence" as one term, matched by "AI" or "trí tuệ nhân tạo"
    out: list[int] = []
    for h in hits:
        tail = h.clause_id.split(".", 1)[1]
        if not tail.isdigit():
            continue
        body = " ".join(h.texts.values())
        present = set(words(body))
        folded = " " + fold(body) + " "
        covered = {w for g in phrases if matches_any(g, folded) for alt in g for w in words(alt)}
        if all(t in present or t in covered or (" " in t and f" {t} " in folded)
               or any(matches_any(g, folded) for g in groups[t]) for t in terms) \
                and int(tail) not in out:
            out.append(int(tail))
    return out
