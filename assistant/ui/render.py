"""Turning answers into what the page shows: sanitised Markdown, source cards, plain text.

Everything that reaches the browser passes through here. Corpus text and user text are untrusted:
HTML is escaped *before* the Markdown goes to Gradio (Gradio's own sanitiser is a second layer, not
the only one), and Markdown link/image syntax is neutralised so neither text can pull in a URL.
The only HTML tags on the page are the ones this module writes itself.
"""

from __future__ import annotations

import html
import json
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.models import Answer, Citation
from ingest.models import Clause, Indicator, KnowledgeBase, Task

AgencyNamer = Callable[[str, str], str]

# Long clauses (a whole article) would swamp the chat; the card shows the start and the citation.
MAX_CARD_CHARS = 900
TASK_DOC = "03/NQ-CP"
_TASK_CLAUSE = re.compile(r"^appendix-II\.(\d+)$")
_INDICATOR_CLAUSE = re.compile(r"^appendix-I\.([0-9.]+)$")
_MD_PUNCT = set(string.punctuation) - set("&<>\"'")

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "sources": "Sources",
        "lead": "Lead",
        "coordinating": "Coordinating",
        "output": "Output",
        "deadline": "Deadline",
        "target": "Target",
        "monitor": "Monitoring",
        "vi": "Tiếng Việt (official)",
        "en": "English (translation)",
        "truncated": "(shortened; see the cited clause for the full text)",
        "none": "—",
    },
    "vi": {
        "sources": "Nguồn",
        "lead": "Chủ trì",
        "coordinating": "Phối hợp",
        "output": "Sản phẩm",
        "deadline": "Thời hạn",
        "target": "Chỉ tiêu",
        "monitor": "Theo dõi",
        "vi": "Tiếng Việt (chính thức)",
        "en": "English (bản dịch)",
        "truncated": "(đã rút gọn; xem điều khoản được trích dẫn để có toàn văn)",
        "none": "—",
    },
}


def labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang, _LABELS["en"])


# --- escaping -------------------------------------------------------------------------------


def escape_html(text: str) -> str:
    """Text for inside our own HTML tags: every tag-significant character becomes an entity."""
    return html.escape(text, quote=True)


def safe_markdown(markdown: str) -> str:
    """Markdown we trust for its structure (the assistant's answer) but not for its contents.

    Emphasis, lists and tables keep working. Raw HTML cannot: ``<`` and ``&`` become entities.
    Links and images cannot: ``[`` becomes ``&#91;``, and CommonMark never reads an entity as
    structure, so ``[x](javascript:...)`` and ``![](http://tracker)`` show as literal text.
    """
    text = html.escape(markdown, quote=False)
    return text.replace("[", "&#91;")


def escape_markdown_text(text: str) -> str:
    """Literal text (what the user typed): no HTML, and no Markdown formatting either."""
    out: list[str] = []
    for ch in text:
        if ch in "&<>\"'":
            out.append(html.escape(ch, quote=True))
        elif ch in _MD_PUNCT:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _html_text(text: str) -> str:
    """Escaped text with its line breaks kept, and no blank line (which would end the HTML block)."""
    lines = [escape_html(line.strip()) for line in text.splitlines() if line.strip()]
    return "<br>".join(lines)


def _shorten(text: str, limit: int = MAX_CARD_CHARS) -> tuple[str, bool]:
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + " …", True


# --- looking sources up ---------------------------------------------------------------------


@dataclass
class SourceLookup:
    """Everything a source card needs, indexed once from the knowledge base."""

    clauses: dict[tuple[str, str], dict[str, Clause]] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    agency_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (vi, en)
    namer: AgencyNamer | None = None  # the gazetteer's name(), when the caller has one
    links: Any = None  # ingest.links.LinkTable over kb.links: what a card's clause carries out, or is carried out by

    @classmethod
    def from_kb(cls, kb: KnowledgeBase, namer: AgencyNamer | None = None) -> SourceLookup:
        from ingest.links import LinkTable

        lookup = cls(namer=namer, links=LinkTable(kb.links))
        for clause in kb.clauses:
            lookup.clauses.setdefault((clause.doc_id, clause.clause_id), {})[clause.lang] = clause
        lookup.tasks = {t.no: t for t in kb.tasks}
        lookup.indicators = {i.id: i for i in kb.indicators}
        lookup.agency_names = {a.id: (a.name_vi, a.name_en) for a in kb.agencies}
        return lookup

    def agency(self, agency_id: str, lang: str) -> str:
        if self.namer is not None:
            try:
                name = self.namer(agency_id, lang)
            except (KeyError, ValueError):
                name = ""
            if name:
                return name
        vi, en = self.agency_names.get(agency_id, ("", ""))
        return (en if lang == "en" else vi) or vi or en or agency_id

    def task_for(self, citation: Citation) -> Task | None:
        m = _TASK_CLAUSE.match(citation.clause_id)
        if m and citation.doc_id == TASK_DOC:
            return self.tasks.get(int(m.group(1)))
        return None

    def indicator_for(self, citation: Citation) -> Indicator | None:
        m = _INDICATOR_CLAUSE.match(citation.clause_id)
        if m and citation.doc_id == TASK_DOC:
            return self.indicators.get(m.group(1))
        return None

    def texts(self, citation: Citation) -> dict[str, str]:
        """The cited clause in each language the corpus has it in (vi first); the quote as fallback."""
        found = self.clauses.get((citation.doc_id, citation.clause_id), {})
        texts = {lang: found[lang].text for lang in ("vi", "en") if lang in found and found[lang].text}
        if not texts and citation.quote:
            texts[citation.lang] = citation.quote
        return texts


def agencies_text(ids: tuple[str, ...], raw: str | None, lookup: SourceLookup, lang: str) -> str:
    """Agency names in the reader's language; the document's own wording when no id resolved."""
    if ids:
        return "; ".join(lookup.agency(a, lang) for a in ids)
    return (raw or "").strip()


def task_fields(task: Task, lookup: SourceLookup, lang: str) -> list[tuple[str, str]]:
    lab = labels(lang)
    en = lang == "en"
    output = (task.output_en if en else None) or task.output_vi or ""
    deadline = (task.deadline.raw_en if en else None) or task.deadline.raw or ""
    lead_raw = (task.lead_raw_en if en else None) or task.lead_raw
    coord_raw = (task.coordinating_raw_en if en else None) or task.coordinating_raw
    return [
        (lab["lead"], agencies_text(task.lead, lead_raw, lookup, lang) or lab["none"]),
        (lab["coordinating"], agencies_text(task.coordinating, coord_raw, lookup, lang) or lab["none"]),
        (lab["output"], output.strip() or lab["none"]),
        (lab["deadline"], deadline.strip() or lab["none"]),
    ]


def indicator_fields(ind: Indicator, lookup: SourceLookup, lang: str) -> list[tuple[str, str]]:
    lab = labels(lang)
    en = lang == "en"
    target = (ind.target_en if en else None) or ind.target_raw or ""
    unit = (ind.unit_en if en else None) or ind.unit_vi or ""
    monitor_raw = (ind.monitor_raw_en if en else None) or ind.monitor_raw
    target_text = f"{target} {unit}".strip() if unit and unit not in target else target
    return [
        (lab["target"], f"{target_text} ({ind.horizon})".strip() if target_text else lab["none"]),
        (lab["monitor"], agencies_text(ind.monitor, monitor_raw, lookup, lang) or lab["none"]),
    ]


# --- source cards ---------------------------------------------------------------------------


def source_card_html(n: int, citation: Citation, lookup: SourceLookup, lang: str) -> str:
    lab = labels(lang)
    parts = [
        '<div class="nq57-card">',
        '<div class="nq57-card-head">'
        f'<span class="nq57-card-num">[{n}]</span> '
        f'<strong class="nq57-card-label">{escape_html(citation.label or citation.ref)}</strong> '
        f'<code class="nq57-card-ref">{escape_html(citation.ref)}</code></div>',
    ]
    task = lookup.task_for(citation)
    indicator = lookup.indicator_for(citation)
    fields = (
        task_fields(task, lookup, lang)
        if task
        else indicator_fields(indicator, lookup, lang)
        if indicator
        else []
    )
    if fields:
        rows = "".join(
            f'<div class="nq57-field"><span class="nq57-field-name">{escape_html(k)}:</span> '
            f'<span class="nq57-field-value">{_html_text(v)}</span></div>'
            for k, v in fields
        )
        parts.append(f'<div class="nq57-fields">{rows}</div>')
    parts.extend(link_rows_html(citation, lookup, lang))
    texts = lookup.texts(citation)
    if texts:
        cols = []
        for text_lang, text in texts.items():
            short, cut = _shorten(text)
            note = f' <em class="nq57-truncated">{escape_html(lab["truncated"])}</em>' if cut else ""
            cols.append(
                f'<div class="nq57-lang" lang="{text_lang}">'
                f'<div class="nq57-lang-tag">{escape_html(lab[text_lang])}</div>'
                f'<div class="nq57-text">{_html_text(short)}{note}</div></div>'
            )
        parts.append(f'<div class="nq57-bilingual nq57-cols-{len(cols)}">{"".join(cols)}</div>')
    parts.append("</div>")
    return "".join(parts)


def card_links(citation: Citation, lookup: SourceLookup) -> list[Any]:
    """The links a card shows: what a 03/NQ-CP clause carries out (implements / measures)."""
    if lookup.links is None or citation.doc_id != TASK_DOC:
        return []
    return [lk for lk in lookup.links.targets(citation.ref) if lk.kind in ("implements", "measures")][:1]


def link_rows_html(citation: Citation, lookup: SourceLookup, lang: str) -> list[str]:
    """A task/indicator/point card: the 57-NQ/TW clause it carries out; a 57-NQ/TW card: what carries it out."""
    from assistant.messages import text as msg

    if lookup.links is None:
        return []
    out = []
    for lk in card_links(citation, lookup):
        item = lk.to_ref.split(":", 1)[1]
        key = "links_card_measures" if lk.kind == "measures" else "links_card_carries_out"
        evidence = escape_html(json.dumps(list(lk.evidence), ensure_ascii=False))
        sentence = next((e.get("sentence") for e in lk.evidence if e.get("sentence")), "")
        quote = f' — “{_html_text(_shorten(sentence, 240)[0])}”' if sentence else ""
        out.append(f'<div class="nq57-link" data-link-kind="{escape_html(lk.kind)}" data-evidence="{evidence}">'
                   f'{escape_html(msg(key, lang, item=item))} <code>{escape_html(lk.to_ref)}</code>{quote}</div>')
    if citation.doc_id == "57-NQ/TW":
        counts = lookup.links.carried_out(citation.clause_id)
        nums = lookup.links.tasks_for(citation.clause_id)
        runs: list[str] = []
        for n in nums:  # "77–88" for a run, not twelve numbers
            if runs and n == int(runs[-1].split("–")[-1]) + 1:
                runs[-1] = f"{runs[-1].split('–')[0]}–{n}"
            else:
                runs.append(str(n))
        task_list = ", ".join(runs) or "—"
        indicator_list = ", ".join(lookup.links.indicators_for(citation.clause_id)) or "—"
        if counts["tasks"] or counts["points"] or counts["indicators"]:
            kinds = "implements" if counts["tasks"] or counts["points"] else "measures"
            out.append(f'<div class="nq57-link" data-link-kind="{kinds}" '
                       f'data-counts="{escape_html(json.dumps(counts))}">'
                       f'{escape_html(msg("links_card_carried_by", lang, task_list=task_list, indicator_list=indicator_list, **counts))}'
                       '</div>')
    return out


def source_cards_html(citations: list[Citation], lookup: SourceLookup, lang: str) -> str:
    """One HTML block (no blank lines, so Markdown leaves it whole) with a card per citation."""
    if not citations:
        return ""
    lab = labels(lang)
    cards = "".join(source_card_html(i, c, lookup, lang) for i, c in enumerate(citations, 1))
    # Few sources: open, so they sit visibly under the answer; many: collapsed to keep the chat readable.
    state = " open" if len(citations) <= 6 else ""
    return (
        f'<div class="nq57-sources"><details{state}>'
        f'<summary>{escape_html(lab["sources"])} ({len(citations)})</summary>'
        f"{cards}</details></div>"
    )


def answer_message(answer: Answer, lookup: SourceLookup) -> str:
    """The full assistant message: the answer's Markdown, then its source cards."""
    body = safe_markdown(answer.answer)
    cards = source_cards_html(answer.citations, lookup, answer.language)
    return f"{body}\n\n{cards}" if cards else body


def progressive_drafts(markdown: str, steps: int = 4) -> Iterator[str]:
    """Growing prefixes of an answer, cut at line ends, for showing a finished answer progressively.

    The seam where a streaming LLM will plug in: it yields its own growing drafts instead.
    """
    lines = markdown.splitlines(keepends=True)
    if len(lines) <= 1:
        yield markdown
        return
    per_step = max(1, -(-len(lines) // steps))
    for end in range(per_step, len(lines) + per_step, per_step):
        yield "".join(lines[: min(end, len(lines))]).rstrip("\n")


# --- plain text ---------------------------------------------------------------------------

_MD_EMPHASIS = re.compile(r"(\*\*|__|`)")
_MD_HEADING = re.compile(r"^#{1,6}\s*", re.MULTILINE)


def markdown_to_plain(markdown: str) -> str:
    text = _MD_EMPHASIS.sub("", markdown)
    text = _MD_HEADING.sub("", text)
    return text.replace("\\", "").strip()


def plain_text(answer: Answer, lookup: SourceLookup | None = None) -> str:
    """The answer with its citations as plain text, for pasting into a memo or an e-mail."""
    lab = labels(answer.language)
    out = [markdown_to_plain(answer.answer)]
    if answer.citations:
        out.append("")
        out.append(f"{lab['sources']}:")
        for i, c in enumerate(answer.citations, 1):
            out.append(f"[{i}] {c.label} ({c.ref})")
            task = lookup.task_for(c) if lookup else None
            if task and lookup:
                for name, value in task_fields(task, lookup, answer.language):
                    out.append(f"    {name}: {value}")
            if c.quote:
                quote, _ = _shorten(" ".join(c.quote.split()), 400)
                out.append(f'    "{quote}"')
    return "\n".join(out)
