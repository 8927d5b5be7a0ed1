"""Turning answers into what the page shows: sanitised Markdown, source cards, plain text.

Everything that reaches the browser passes through here; the escaping of untrusted text (the corpus,
the user) is in ``assistant.ui.escaping``.
The only HTML tags on the page are the ones this module writes itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.citations import label as citation_label
from assistant.messages import text
from assistant.models import Answer, Citation
from assistant.ui.escaping import ascii_markup, escape_html, html_text, safe_markdown, shorten
from ingest.models import Clause, Indicator, KnowledgeBase, Task

AgencyNamer = Callable[[str, str], str]

TASK_DOC = "03/NQ-CP"
_TASK_CLAUSE = re.compile(r"^appendix-II\.(\d+)$")
_INDICATOR_CLAUSE = re.compile(r"^appendix-I\.([0-9.]+)$")
MAX_QUOTE_CHARS = 400  # the highlighted answering passage; the whole clause is one click away

# Card labels, by the short names the renderer uses, from the ui message catalogue.
_LABEL_KEYS = {
    "sources": "ui_sources",
    "lead": "ui_card_lead",
    "coordinating": "ui_card_coordinating",
    "output": "ui_card_output",
    "deadline": "ui_card_deadline",
    "target": "ui_card_target",
    "monitor": "ui_card_monitor",
    "vi": "ui_card_vi",
    "en": "ui_card_en",
    "full": "ui_card_full",
    "quote": "ui_card_quote",
    "none": "ui_none",
}


def labels(lang: str) -> dict[str, str]:
    lang = lang if lang in ("en", "vi") else "en"
    return {short: text(key, lang) for short, key in _LABEL_KEYS.items()}


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

    def clause_texts(self, doc_id: str, clause_id: str) -> dict[str, str]:
        """The clause in each language the corpus has it in (vi first); empty when it has none."""
        found = self.clauses.get((doc_id, clause_id), {})
        return {lang: found[lang].text for lang in ("vi", "en") if lang in found and found[lang].text}

    def texts(self, citation: Citation) -> dict[str, str]:
        """The cited clause in each language the corpus has it in (vi first); the quote as fallback."""
        texts = self.clause_texts(citation.doc_id, citation.clause_id)
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


# --- numbered sources ---------------------------------------------------------------------


@dataclass
class Source:
    """One numbered source card: a clause cited once or more (duplicates merged)."""

    n: int
    citation: Citation
    quotes: list[str] = field(default_factory=list)  # every distinct quote the citations carried
    anchor: str = ""  # the card's element id, the target of the [n] links


def _norm(label_text: str) -> str:
    return " ".join(label_text.split()).casefold()


def _label_forms(c: Citation) -> set[str]:
    """Every way a composer writes this citation inside brackets: full or short label, either language, ref."""
    forms = {c.label, c.ref}
    forms.update(citation_label(c.doc_id, c.clause_id, lang) for lang in ("en", "vi"))
    for f in list(forms):
        forms.add(f.replace("Nghị quyết ", "").replace("Resolution ", ""))
    return {_norm(f) for f in forms if f}


# A bracketed span that is not a Markdown link target; parts separated by ";" may each be a citation.
_BRACKETS = re.compile(r"\[([^\[\]\n]{1,400})\](?!\()")
_SENTINEL = "\x00{}\x00"


def number_sources(answer: Answer, anchor_prefix: str = "nq57-src") -> tuple[str, list[Source]]:
    """The answer's Markdown with each citation label replaced by a numbered link, and the cards' sources.

    Numbers follow first mention in the text; sources the text never names come after, still
    numbered. The same clause cited twice is one source (its quotes merged). The Markdown is
    escaped as ``safe_markdown`` does; only the links are HTML, written here.
    """
    sources: list[Source] = []
    by_ref: dict[str, Source] = {}
    for c in answer.citations:
        if c.ref in by_ref:
            src = by_ref[c.ref]
        else:
            src = by_ref[c.ref] = Source(0, c)
            sources.append(src)
        quote = " ".join((c.quote or "").split())
        if quote and quote not in src.quotes:
            src.quotes.append(quote)
    forms: dict[str, Source] = {}
    for src in sources:
        for f in _label_forms(src.citation):
            forms.setdefault(f, src)

    order: list[Source] = []
    spans: list[list[Source]] = []

    def replace(m: re.Match[str]) -> str:
        found = [forms.get(_norm(p)) for p in m.group(1).split(";")]
        if any(f is None for f in found):
            return m.group(0)  # not (only) citations: leave the text as written
        cited = [f for f in found if f is not None]
        for src in cited:
            if src not in order:
                order.append(src)
        spans.append(cited)
        return _SENTINEL.format(len(spans) - 1)

    marked = _BRACKETS.sub(replace, answer.answer.replace("\x00", ""))
    order += [src for src in sources if src not in order]  # the ones the text never names
    for n, src in enumerate(order, 1):
        src.n = n
        src.anchor = f"{anchor_prefix}-{n}"
    body = safe_markdown(marked)
    for i, cited in enumerate(spans):
        body = body.replace(_SENTINEL.format(i), "".join(_cite_link(src) for src in cited))
    return body, order


def _cite_link(src: Source) -> str:
    title = escape_html(src.citation.label or src.citation.ref)
    return f'<a class="nq57-cite" href="#{escape_html(src.anchor)}" title="{title}">&#91;{src.n}&#93;</a>'


def _seam(space: str, side: str) -> str:
    """What stands between the mark and the text beside it: a line break, a space, or nothing."""
    if not side.strip() or not space:
        return ""
    return "<br>" if "\n" in space else " "


def _highlight(text: str, quotes: list[str]) -> str:
    """The clause as HTML with the first quote it contains marked; plain escaped text otherwise."""
    for q in quotes:
        core = q.rstrip("…").strip()
        if len(core) < 12:
            continue
        # Matched across any whitespace, so the clause keeps its own line breaks around the mark.
        m = re.search(r"\s+".join(map(re.escape, core.split())), text)
        if m is None:
            continue
        before, after = text[: m.start()], text[m.end():]
        return (
            html_text(before) + _seam(before[len(before.rstrip()):], before) + '<mark class="nq57-quote-mark">'
            + html_text(m.group(0)) + "</mark>" + _seam(after[: len(after) - len(after.lstrip())], after)
            + html_text(after)
        )
    return html_text(text)


def source_card_html(src: Source, lookup: SourceLookup, lang: str) -> str:
    citation = src.citation
    lab = labels(lang)
    anchor = f' id="{escape_html(src.anchor)}"' if src.anchor else ""
    parts = [
        f'<div class="nq57-card"{anchor}>',
        '<div class="nq57-card-head">'
        f'<span class="nq57-card-num">[{src.n}]</span> '
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
        # Terse markup on purpose: Gradio keeps every session's chat in memory, tags and all.
        rows = "".join(f"<div><b>{escape_html(k)}:</b> {html_text(v)}</div>" for k, v in fields)
        parts.append(f'<div class="nq57-fields">{rows}</div>')
    parts.extend(link_rows_html(citation, lookup, lang))
    cut = False
    if src.quotes:
        quote, cut = shorten(src.quotes[0], MAX_QUOTE_CHARS)
        parts.append(
            f'<div class="nq57-quote" lang="{escape_html(citation.lang)}">'
            f'<mark class="nq57-quote-mark">{escape_html(quote)}</mark></div>'
        )
    if lookup.clause_texts(citation.doc_id, citation.clause_id):
        # The whole clause comes when the reader opens it (GET /nq57-card-text, page JS from
        # card_text.card_text_js): it is over a third of a chat message, and Gradio holds each session's
        # chat until it ends. The page's sanitiser keeps no data-* attribute, so the script finds the
        # reference on the card (its ref code, the sources' lang) and any quote beyond the one shown
        # (cut, or a second one) in hidden spans.
        more = src.quotes if len(src.quotes) > 1 or cut else []
        hidden = "".join(f"<span>{escape_html(q)}</span>" for q in more)
        parts.append(
            f'<details class="nq57-full"><summary>{escape_html(lab["full"])}</summary>'
            + (f'<div class="nq57-quotes">{hidden}</div>' if hidden else "")
            + '<div class="nq57-full-body"></div></details>'
        )
    elif texts := lookup.texts(citation):  # a quote-only source (no clause in the corpus): shown inline
        parts.append(
            f'<details class="nq57-full"><summary>{escape_html(lab["full"])}</summary>'
            f'{full_text_html(texts, src.quotes, lang)}</details>'
        )
    parts.append("</div>")
    return "".join(parts)


def full_text_html(texts: dict[str, str], quotes: list[str], lang: str) -> str:
    """The clause in each language side by side, the first quote it contains marked."""
    lab = labels(lang)
    cols = [
        f'<div class="nq57-lang" lang="{text_lang}">'
        f'<div class="nq57-lang-tag">{escape_html(lab[text_lang])}</div>'
        f'<div class="nq57-text">{_highlight(clause_text, quotes)}</div></div>'
        for text_lang, clause_text in texts.items()
    ]
    return f'<div class="nq57-bilingual nq57-cols-{len(cols)}">{"".join(cols)}</div>'


def card_text_html(lookup: SourceLookup, ref: str, quotes: list[str], lang: str) -> str | None:
    """A card's full clause text, opened: ``ref`` is ``doc_id:clause_id``; None when no such clause."""
    doc_id, sep, clause_id = ref.partition(":")
    texts = lookup.clause_texts(doc_id, clause_id) if sep else {}
    return full_text_html(texts, quotes, lang if lang in ("en", "vi") else "en") if texts else None


def card_links(citation: Citation, lookup: SourceLookup) -> list[Any]:
    """The links a card shows: what a 03/NQ-CP clause carries out (implements / measures)."""
    if lookup.links is None or citation.doc_id != "03/NQ-CP":
        return []
    return [lk for lk in lookup.links.targets(citation.ref) if lk.kind in ("implements", "measures")][:1]


def link_rows_html(citation: Citation, lookup: SourceLookup, lang: str) -> list[str]:
    """A task/indicator/point card: the 57-NQ/TW clause it carries out; a 57-NQ/TW card: what carries it out."""
    if lookup.links is None:
        return []
    out = []
    for lk in card_links(citation, lookup):
        item = lk.to_ref.split(":", 1)[1]
        key = "links_card_measures" if lk.kind == "measures" else "links_card_carries_out"
        sentence = next((e.get("sentence") for e in lk.evidence if e.get("sentence")), "")
        quote = f' — “{html_text(shorten(sentence, 240)[0])}”' if sentence else ""
        # The kind as a class: the page's sanitiser drops data-* attributes, and the answer JSON carries
        # each link with its evidence for whoever needs more than the sentence.
        out.append(f'<div class="nq57-link nq57-link-{escape_html(lk.kind)}">'
                   f'{escape_html(text(key, lang, item=item))} <code>{escape_html(lk.to_ref)}</code>{quote}</div>')
    if citation.doc_id == "57-NQ/TW":
        counts = lookup.links.carried_out(citation.clause_id)
        runs: list[str] = []
        for n in lookup.links.tasks_for(citation.clause_id):  # "77–88" for a run, not twelve numbers
            if runs and n == int(runs[-1].split("–")[-1]) + 1:
                runs[-1] = f"{runs[-1].split('–')[0]}–{n}"
            else:
                runs.append(str(n))
        indicator_list = ", ".join(lookup.links.indicators_for(citation.clause_id)) or "—"
        if counts["tasks"] or counts["points"] or counts["indicators"]:
            kinds = "implements" if counts["tasks"] or counts["points"] else "measures"
            label = text("links_card_carried_by", lang, task_list=", ".join(runs) or "—",
                         indicator_list=indicator_list, **counts)
            out.append(f'<div class="nq57-link nq57-link-{kinds}">{escape_html(label)}</div>')
    return out


def source_cards_html(sources: list[Source] | list[Citation], lookup: SourceLookup, lang: str) -> str:
    """One HTML block (no blank lines, so Markdown leaves it whole) with a card per source.

    Takes the numbered sources of ``number_sources``; bare citations are numbered (and merged) here.
    """
    if not sources:
        return ""
    if not isinstance(sources[0], Source):
        _, sources = number_sources(Answer("", "en", "", citations=list(sources)))  # type: ignore[arg-type]
    lab = labels(lang)
    cards = "".join(source_card_html(s, lookup, lang) for s in sources)  # type: ignore[arg-type]
    return (
        f'<div class="nq57-sources" lang="{escape_html(lang)}"><div class="nq57-sources-head">'
        f'{escape_html(lab["sources"])} ({len(sources)})</div>{cards}</div>'
    )


def answer_message(answer: Answer, lookup: SourceLookup, anchor_prefix: str = "nq57-src") -> str:
    """The full assistant message: the answer's Markdown with numbered citation links, then the cards."""
    body, sources = number_sources(answer, anchor_prefix)
    cards = source_cards_html(sources, lookup, answer.language)
    return ascii_markup(f"{body}\n\n{cards}" if cards else body)


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
    _, sources = number_sources(answer)
    if sources:
        out.append("")
        out.append(f"{lab['sources']}:")
        for i, c in enumerate((s.citation for s in sources), 1):
            out.append(f"[{i}] {c.label} ({c.ref})")
            task = lookup.task_for(c) if lookup else None
            if task and lookup:
                for name, value in task_fields(task, lookup, answer.language):
                    out.append(f"    {name}: {value}")
            if c.quote:
                quote, _ = shorten(" ".join(c.quote.split()), MAX_QUOTE_CHARS)
                out.append(f'    "{quote}"')
    return "\n".join(out)
