"""A clause asked for by number ("What does section II.3 say?"): its text, then what it contains."""

from __future__ import annotations

import re

from assistant.answer_passage import PassageResult
from assistant.citations import ClauseIndex, label
from assistant.render_tasks import md_escape

_MAX_TEXT = 1500  # one clause shown whole up to this; 57-NQ/TW's long items are cut at a sentence
_MAX_CHILD = 220
_MAX_CHILDREN = 30


def cut_at_sentence(text: str, limit: int) -> str:
    text = re.sub(r"[ \t]+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("; "), cut.rfind("\n"))
    return (cut[: end + 1] if end > limit // 2 else cut.rsplit(" ", 1)[0]).rstrip() + " …"


def compose_clauses(found: list[tuple[str, str]], index: ClauseIndex, lang: str) -> PassageResult:
    """Each clause's text in the asked language where the source has it, and its points or items."""
    vi = lang == "vi"
    lines: list[str] = []
    cited: list[tuple[str, str, str, str]] = []
    many = len(found) > 1
    for doc, ref in found:
        clause = index.best(doc, ref, lang)
        if clause is None:
            continue
        note = ""
        if clause.lang != lang:
            note = (" *(trích bản tiếng Anh; văn bản nguồn không có bản tiếng Việt)*" if vi
                    else " *(quoted from the official Vietnamese text; the English translation omits it)*")
        text = cut_at_sentence(clause.text, 600 if many else _MAX_TEXT)
        head = "Nội dung của" if vi else "Text of"
        lines.append(f"**{head} {label(doc, ref, lang)}**:{note}\n\n> " + md_escape(text).replace("\n", "\n> "))
        cited.append((doc, ref, clause.lang, text))
        kids = index.children(doc, ref)
        if kids and not many:
            lines.append("\n" + (f"Gồm {len(kids)} điểm/mục:" if vi else f"It contains {len(kids)} points or items:"))
            for cid in kids[:_MAX_CHILDREN]:
                child = index.best(doc, cid, lang)
                if child is None:
                    continue
                quote = cut_at_sentence(child.text, _MAX_CHILD)
                tag = "" if child.lang == lang else (" *(tiếng Anh)*" if vi else " *(Vietnamese text)*")
                lines.append(f"- **{label(doc, cid, lang)}**{tag}: {md_escape(quote)}")
                cited.append((doc, cid, child.lang, quote))
            if len(kids) > _MAX_CHILDREN:
                rest = len(kids) - _MAX_CHILDREN
                lines.append(f"- … và {rest} điểm khác." if vi else f"- … and {rest} more.")
        lines.append("")
    return PassageResult("\n".join(lines).strip(), cited, found=bool(cited))


def doc_scope(doc_hint: str | None) -> list[str]:
    return [doc_hint] if doc_hint else ["03/NQ-CP", "57-NQ/TW"]


def find_clauses(index: ClauseIndex, refs: list[str], doc_hint: str | None) -> list[tuple[str, str]]:
    """(doc, clause id) for each reference that exists; "II..b" is point b of every item of section II."""
    found: list[tuple[str, str]] = []
    for ref in refs:
        for doc in doc_scope(doc_hint):
            if ".." in ref:  # "mục II điểm b"
                sec, letter = ref.split("..")
                found += [(doc, cid) for cid in index.matching(doc, rf"{sec}\.\d+\.{letter}")]
            elif index.exists(doc, ref):
                found.append((doc, ref))
    return found


def no_such_clause(index: ClauseIndex, refs: list[str], doc_hint: str | None, lang: str) -> str | None:
    """"Mục II.8" when section II ends at II.7: say so and list what is there (None if unsure)."""
    ref = refs[0]
    if ".." in ref or "." not in ref:
        return None
    parent = ref.rsplit(".", 1)[0]
    for doc in doc_scope(doc_hint):
        kids = index.children(doc, parent)
        if kids:
            have = ", ".join(kids)
            return (f"{doc} không có mục/điểm {ref}. Mục {parent} gồm: {have}." if lang == "vi"
                    else f"{doc} has no {ref}. Section {parent} contains: {have}.")
    return None
