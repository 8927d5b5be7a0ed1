"""The deterministic check every model-written answer passes before anyone sees it.

A sentence survives only if
- it carries at least one citation tag ``[doc:clause]``, and every tag names an item of the context;
- every number, date, percentage and document number in it is stated by the items it cites;
- every agency it names is named by the items it cites;
- it is written in the answer's language;
- (table questions) every task it refers to is in the structured result.
After that, a table answer must still cover every task of the structured result; the caller
falls back to the deterministic answer when it does not.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.llm import facts
from assistant.llm.agencies import agency_keys, find_agencies, supported
from assistant.llm.context import TASKS_DOC, ContextItem
from ingest.textnorm import fold, has_vietnamese_marks

log = logging.getLogger(__name__)

# Documents an answer may always name by number: the two resolutions the assistant is about.
KNOWN_DOCS = ("57-NQ/TW", "03/NQ-CP")

_BRACKET = re.compile(r"\[([^\[\]\n]{1,300})\]")
_BULLET = re.compile(r"^(\s*(?:[-*•+]|\d{1,2}[.)])\s+)")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
# Candidate sentence ends: . ! ? (maybe closed by a quote or parenthesis), or a citation tag's "]".
_END = re.compile(r"(?:[.!?…][\"”')]?|\])\s+")
_ABBREV = re.compile(r"(?:\b(?:No|no|Nos|e\.g|i\.e|etc|Mr|Ms|Dr|St|vs|approx|Art|art|Fig|cf|Co|Ltd)\.)$")
_TASK_REF = re.compile(r"\b(?:tasks?|nhiem vu)\s*(?:no\.?\s*|number\s+|so\s+|#)?(\d{1,3})\b")
_TASK_LIST_MORE = re.compile(r"^\s*(?:,|and|va|&)\s*(\d{1,3})\b")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Removed:
    sentence: str
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.sentence}  -- removed: {'; '.join(self.reasons)}"


@dataclass
class VerifyResult:
    kept: list[str] = field(default_factory=list)  # sentences as written, tags included
    removed: list[Removed] = field(default_factory=list)
    text: str = ""  # the kept sentences reassembled (Markdown, bullets and lines preserved)
    cited: list[str] = field(default_factory=list)  # citation ids used by kept sentences, first use first
    covered_tasks: list[int] = field(default_factory=list)
    missing_tasks: list[int] = field(default_factory=list)  # table questions: expected but not in kept text
    total: int = 0  # sentences checked

    @property
    def kept_share(self) -> float:
        return len(self.kept) / self.total if self.total else 0.0


@dataclass
class _Unit:
    text: str
    line: int
    prefix: str = ""  # bullet marker of the line it opens, if any


def _norm_cid(raw: str) -> str:
    return re.sub(r"\s*:\s*", ":", raw.strip())


def citations_in(sentence: str) -> tuple[list[str], str]:
    """Citation ids in ``sentence`` and the sentence with its citation brackets removed.

    A bracket counts as a citation when any part of it (split on ; or ,) has a colon, so "[1]"
    stays ordinary text while "[03/NQ-CP:appendix-II.5; 03/NQ-CP:appendix-II.6]" gives two ids.
    """
    cids: list[str] = []

    def repl(m: re.Match[str]) -> str:
        parts = [p for p in re.split(r"[;,]", m.group(1)) if p.strip()]
        if not any(":" in p for p in parts):
            return m.group(0)
        cids.extend(_norm_cid(p) for p in parts)
        return " "

    body = _BRACKET.sub(repl, sentence)
    return cids, " ".join(body.split())


def _split_line(line: str) -> list[str]:
    """Split where a sentence ends and the next one starts with a capital, digit, tag or quote."""
    pieces: list[str] = []
    start = 0
    for m in _END.finditer(line):
        nxt = line[m.end() : m.end() + 2].lstrip('["“(*')
        if nxt and (nxt[0].isupper() or nxt[0].isdigit()):
            pieces.append(line[start : m.end()].strip())
            start = m.end()
    pieces.append(line[start:].strip())
    return pieces


def split_sentences(text: str) -> list[_Unit]:
    """Sentences of a model's Markdown answer, in order; citation tags stay with their sentence."""
    units: list[_Unit] = []
    for lineno, raw_line in enumerate(text.splitlines()):
        line = _HEADING.sub("", raw_line).strip()
        if not line:
            continue
        prefix = ""
        bm = _BULLET.match(line)
        if bm:
            prefix = bm.group(1).strip() + " "
            line = line[bm.end() :]
        pieces = _split_line(line)
        merged: list[str] = []
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            _cids, body = citations_in(piece)
            tag_only = not _WORD.search(body) and not re.search(r"\d", body)
            if merged and (tag_only or _ABBREV.search(merged[-1])):
                merged[-1] = f"{merged[-1]} {piece}"
            elif tag_only and units and not merged:
                units[-1].text = f"{units[-1].text} {piece}"  # a tag on its own line closes the last sentence
            else:
                merged.append(piece)
        for i, piece in enumerate(merged):
            units.append(_Unit(piece, lineno, prefix if i == 0 else ""))
    return units


def _task_refs(cids: Iterable[str], body: str) -> set[int]:
    """Tasks a sentence refers to: by citation tag, or written as "task 12", "nhiệm vụ 12, 13"."""
    found: set[int] = set()
    for cid in cids:
        doc, _, clause = cid.partition(":")
        if doc.upper() == TASKS_DOC and clause.lower().startswith("appendix-ii."):
            tail = clause.split(".", 1)[1]
            if tail.isdigit():
                found.add(int(tail))
    folded = fold(body)
    for m in _TASK_REF.finditer(folded):
        found.add(int(m.group(1)))
        rest = folded[m.end() :]
        while (more := _TASK_LIST_MORE.match(rest)) is not None:
            found.add(int(more.group(1)))
            rest = rest[more.end() :]
    return found


def _language_problem(body: str, lang: str) -> str | None:
    words = _WORD.findall(body)
    if len(words) < 4:
        return None
    marked = sum(1 for w in words if has_vietnamese_marks(w))
    if lang == "vi" and marked == 0:
        return "not written in Vietnamese"
    if lang == "en" and marked / len(words) > 0.5:
        return "not written in English"
    return None


def verify(
    text: str,
    context: list[ContextItem],
    *,
    expected_tasks: list[int] | None = None,
    lang: str = "en",
) -> VerifyResult:
    """Check every sentence of ``text`` against ``context``; see the module docstring for the rules."""
    by_cid = {item.cid.lower(): item for item in context}
    doc_support = facts.support_set(" ".join([*KNOWN_DOCS, *{c.cid.split(":", 1)[0] for c in context}]))
    expected = set(expected_tasks) if expected_tasks is not None else None
    result = VerifyResult()
    kept_units: list[_Unit] = []
    seen: set[str] = set()
    covered: set[int] = set()

    for unit in split_sentences(text):
        cids, body = citations_in(unit.text)
        if not _WORD.search(body) and not re.search(r"\d", body):
            continue  # punctuation or stray tags only: nothing is claimed
        result.total += 1
        reasons: list[str] = []
        items = [by_cid[c.lower()] for c in cids if c.lower() in by_cid]
        unknown = [c for c in cids if c.lower() not in by_cid]
        if not cids:
            reasons.append("no citation")
        if unknown:
            reasons.append("citation not in the context: " + ", ".join(unknown))
        if items and not unknown:
            cited_text = "\n".join(i.text for i in items)
            missing_facts = facts.unsupported(body, facts.support_set(cited_text) | doc_support)
            if missing_facts:
                reasons.append("not in the cited text: " + ", ".join(missing_facts))
            cited_keys = agency_keys(cited_text)
            cited_folded = fold(cited_text)
            bad_agencies = [m.text for m in find_agencies(body) if not supported(m, cited_keys, cited_folded)]
            if bad_agencies:
                reasons.append("agency not in the cited text: " + ", ".join(bad_agencies))
        problem = _language_problem(body, lang)
        if problem:
            reasons.append(problem)
        refs = _task_refs(cids, body)
        if expected is not None and refs - expected:
            extra = ", ".join(str(n) for n in sorted(refs - expected))
            reasons.append(f"task {extra} is not in the structured result")
        key = re.sub(r"\W+", " ", fold(body)).strip()
        if not reasons and key in seen:
            reasons.append("repeats an earlier sentence")
        if reasons:
            result.removed.append(Removed(unit.text, tuple(reasons)))
            log.info("verifier removed %r: %s", unit.text, "; ".join(reasons))
            continue
        seen.add(key)
        kept_units.append(unit)
        result.kept.append(unit.text)
        covered |= refs
        for item in items:
            if item.cid not in result.cited:
                result.cited.append(item.cid)

    result.text = _reassemble(kept_units)
    result.covered_tasks = sorted(covered)
    if expected is not None:
        result.missing_tasks = sorted(expected - covered)
    return result


def _reassemble(units: list[_Unit]) -> str:
    lines: list[str] = []
    current = -1
    for unit in units:
        if unit.line != current:
            lines.append(unit.prefix + unit.text)
            current = unit.line
        else:
            lines[-1] = f"{lines[-1]} {unit.text}"
    bullets = [ln for ln in lines if _BULLET.match(ln)]
    # Bulleted lines form one list; prose lines are paragraphs.
    return "\n".join(lines) if bullets else "\n\n".join(lines)
