"""The renderer: corpus and user text reach the page as text, never as HTML or links."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from assistant.models import Answer, Citation
from assistant.ui.escaping import (
    ascii_markup,
    escape_markdown_text,
    safe_markdown,
    shorten,
    unescape_markdown_text,
)
from assistant.ui.render import (
    SourceLookup,
    answer_message,
    card_text_html,
    number_sources,
    plain_text,
    progressive_drafts,
    source_cards_html,
)
from ingest.models import Agency, Clause, Deadline, KnowledgeBase, Task

EVIL = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))",
    "![pixel](http://tracker.example/p.png)",
    '"><svg onload=alert(1)>',
    "&lt;script&gt;already escaped",
]

# Tags the renderer itself writes; anything else in its output came from the text.
OUR_TAGS = {"div", "span", "strong", "b", "code", "em", "br", "details", "summary", "mark", "a"}
OUR_ATTRS = {"class", "lang", "open", "id"}  # the page's sanitiser drops data-*: none are written


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(html_text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    p = _Tags()
    p.feed(html_text)
    return p.tags


def _task(no: int, name: str = "Task name", output: str = "A decree") -> Task:
    return Task(
        no=no,
        group="VII",
        group_title_vi="Nhóm VII",
        group_title_en="Group VII",
        name_vi=f"{name} (vi)",
        name_en=name,
        lead=("MOH",),
        lead_raw="Bộ Y tế",
        coordinating=("MOST", "MIC"),
        coordinating_raw="Bộ Khoa học và Công nghệ, Bộ Thông tin và Truyền thông",
        output_vi="Nghị định",
        output_en=output,
        deadline=Deadline(raw="6/2025", kind="month", due="2025-06-30", start="2025-06-01", raw_en="June 2025"),
    )


@pytest.fixture()
def kb() -> KnowledgeBase:
    evil = EVIL[1]
    return KnowledgeBase(
        clauses=[
            Clause("03/NQ-CP", "appendix-II.110", "vi", "task", f"Xây dựng hồ sơ sức khỏe điện tử {evil}"),
            Clause("03/NQ-CP", "appendix-II.110", "en", "task", "Build electronic health records <script>x()</script>"),
            Clause("57-NQ/TW", "III.1", "en", "item", "Science, technology and innovation are breakthroughs."),
        ],
        tasks=[_task(110, name=f"Build EHR {EVIL[0]}", output=EVIL[5])],
        agencies=[
            Agency("MOH", "Bộ Y tế", "Ministry of Health", "ministry"),
            Agency("MOST", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology", "ministry"),
            Agency("MIC", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications", "ministry"),
        ],
    )


@pytest.mark.parametrize("text", EVIL)
def test_safe_markdown_leaves_no_tag_and_no_link(text: str) -> None:
    out = safe_markdown(f"Answer about {text} end")
    assert "<" not in out and ">" not in out
    assert "[" not in out  # no Markdown link or image can start
    assert not tags_of(out)


@pytest.mark.parametrize("text", EVIL)
def test_user_text_is_literal(text: str) -> None:
    out = escape_markdown_text(text)
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<!\\)[\[\]()*_`]", out)  # every Markdown character is backslash-escaped


def test_markdown_structure_survives_escaping() -> None:
    md = "**Tasks led by MOH:**\n\n- Task 110 — due June 2025 [1]\n- Task 111 & more [2]"
    out = safe_markdown(md)
    assert out.startswith("**Tasks led by MOH:**")
    assert "\n- Task 110" in out
    assert "&amp; more" in out
    assert "&#91;1]" in out


def test_cards_escape_corpus_text_and_show_task_fields(kb: KnowledgeBase) -> None:
    lookup = SourceLookup.from_kb(kb)
    cit = Citation("03/NQ-CP", "appendix-II.110", "Resolution 03/NQ-CP, Appendix II, task 110", "en", "quote")
    card = source_cards_html([cit], lookup, "en")
    opened = card_text_html(lookup, cit.ref, [cit.quote], "en")  # what the card's "Full clause text" fetches
    assert opened is not None and "\n\n" not in card
    html_out = card + opened
    for tag, attrs in tags_of(html_out):
        assert tag in OUR_TAGS, tag
        for name, _value in attrs:
            assert name in OUR_ATTRS, name
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html_out
    assert "&lt;script&gt;x()&lt;/script&gt;" in html_out
    # task fields in the reader's language
    assert "Lead:" in html_out and "Ministry of Health" in html_out
    assert "Ministry of Science and Technology; Ministry of Information and Communications" in html_out
    assert "June 2025" in html_out
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in html_out  # the (hostile) output field
    # both languages side by side
    assert 'lang="vi"' in html_out and 'lang="en"' in html_out and "nq57-cols-2" in html_out



def test_card_in_vietnamese_uses_vietnamese_labels(kb: KnowledgeBase) -> None:
    lookup = SourceLookup.from_kb(kb)
    cit = Citation("03/NQ-CP", "appendix-II.110", "Nghị quyết 03/NQ-CP, Phụ lục II, nhiệm vụ 110", "vi", "q")
    html_out = source_cards_html([cit], lookup, "vi")
    assert "Chủ trì:" in html_out and "Bộ Y tế" in html_out and "6/2025" in html_out


def test_card_falls_back_to_quote_for_unknown_clause(kb: KnowledgeBase) -> None:
    lookup = SourceLookup.from_kb(kb)
    cit = Citation("57-NQ/TW", "IV.9", "Resolution 57, IV.9", "en", "A quote <b>bold</b>")
    html_out = source_cards_html([cit], lookup, "en")
    assert "A quote &lt;b&gt;bold&lt;/b&gt;" in html_out
    assert "nq57-cols-1" in html_out


def test_answer_message_and_plain_text(kb: KnowledgeBase) -> None:
    lookup = SourceLookup.from_kb(kb)
    cit = Citation("03/NQ-CP", "appendix-II.110", "Resolution 03/NQ-CP, Appendix II, task 110", "en", "Build EHR")
    answer = Answer(
        question="q",
        language="en",
        answer=f"**MOH leads task 110** {EVIL[0]} [03/NQ-CP:appendix-II.110]",
        tasks=[110],
        citations=[cit],
    )
    msg = answer_message(answer, lookup)
    body, cards = msg.split("\n\n", 1)
    assert [t for t, _ in tags_of(body)] == ["a"]  # the numbered citation link, nothing from the text
    assert cards.startswith('<div class="nq57-sources" lang="en">')
    text = plain_text(answer, lookup)
    assert "MOH leads task 110" in text and "**" not in text
    assert "[1] Resolution 03/NQ-CP, Appendix II, task 110 (03/NQ-CP:appendix-II.110)" in text
    assert "Lead: Ministry of Health" in text
    assert "Deadline: June 2025" in text


def test_long_clause_is_whole_when_opened_and_its_quote_highlighted(kb: KnowledgeBase) -> None:
    long_text = "word " * 400 + "The answering sentence is here. " + "tail " * 400 + "SIGNED"
    kb.clauses.append(Clause("57-NQ/TW", "II", "en", "section", long_text))
    lookup = SourceLookup.from_kb(kb)
    cit = Citation("57-NQ/TW", "II", "Resolution 57-NQ/TW, section II", "en", "The answering sentence is here.")
    card = source_cards_html([cit], lookup, "en")
    # The card holds the reference, not the text: the page fetches it when the reader opens it.
    assert '<details class="nq57-full"><summary>Full clause text</summary><div class="nq57-full-body"></div>' in card
    assert '<code class="nq57-card-ref">57-NQ/TW:II</code>' in card and '<div class="nq57-sources" lang="en">' in card
    assert "SIGNED" not in card and "nq57-quotes" not in card  # the card's own quote is the one to mark
    assert card.count("<mark") == 1
    opened = card_text_html(lookup, "57-NQ/TW:II", [cit.quote], "en")
    assert opened is not None and "SIGNED" in opened  # no cut: the signature at the end is there
    assert '<mark class="nq57-quote-mark">The answering sentence is here.</mark>' in opened
    assert card_text_html(lookup, "57-NQ/TW:XX", [], "en") is None and card_text_html(lookup, "nonsense", [], "en") is None


def test_a_cut_or_second_quote_travels_with_the_card(kb: KnowledgeBase) -> None:
    lookup = SourceLookup.from_kb(kb)
    long_quote = "Build the registry " * 40
    cit = Citation("03/NQ-CP", "appendix-II.110", "Resolution 03/NQ-CP, Appendix II, task 110", "en", long_quote)
    card = source_cards_html([cit], lookup, "en")
    hidden = re.search(r'<div class="nq57-quotes">(.*?)</div>', card)
    assert hidden and re.findall(r"<span>(.*?)</span>", hidden.group(1)) == [long_quote.strip()]


def test_the_marked_passage_keeps_the_clause_line_breaks_around_it(kb: KnowledgeBase) -> None:
    row = "Task 9. Build the\nregistry of <b>things</b>.\nLead agency: Ministry of Health\nExpected output: Decision"
    kb.clauses.append(Clause("57-NQ/TW", "IX", "en", "section", "Intro line\n" + row))
    lookup = SourceLookup.from_kb(kb)
    full = card_text_html(lookup, "57-NQ/TW:IX", ["Task 9. Build the registry of <b>things</b>."], "en") or ""
    assert ('Intro line<br><mark class="nq57-quote-mark">Task 9. Build the<br>registry of &lt;b&gt;things&lt;/b&gt;.'
            "</mark><br>Lead agency: Ministry of Health<br>Expected output: Decision") in full


def test_messages_are_ascii_and_show_the_same_text(kb: KnowledgeBase) -> None:
    lookup = SourceLookup.from_kb(kb)
    cit = Citation("03/NQ-CP", "appendix-II.110", "Nghị quyết 03/NQ-CP, Phụ lục II, nhiệm vụ 110", "vi", "Xây dựng")
    msg = answer_message(_answer("**Bộ Y tế** chủ trì — hạn 6/2025 `mã ổn` [03/NQ-CP:appendix-II.110]", [cit], "vi"), lookup)
    code = "`mã ổn`"
    assert msg.replace(code, "").isascii() and code in msg  # a code span shows references literally: kept
    assert "Bộ Y tế" in html.unescape(msg) and "Chủ trì:" in html.unescape(msg)
    typed = "Bộ Y tế <b>chủ trì</b> gì?"
    assert ascii_markup(escape_markdown_text(typed)).isascii()
    assert unescape_markdown_text(ascii_markup(escape_markdown_text(typed))) == typed


def _answer(text: str, cits: list[Citation], lang: str = "en") -> Answer:
    return Answer(question="q", language=lang, answer=text, citations=cits)  # type: ignore[arg-type]


C110 = Citation("03/NQ-CP", "appendix-II.110", "Resolution 03/NQ-CP, Appendix II, task 110", "en", "Build EHR")
C111 = Citation("03/NQ-CP", "appendix-II.111", "Resolution 03/NQ-CP, Appendix II, task 111", "en", "Telehealth")
CIND = Citation("03/NQ-CP", "appendix-I.1", "Resolution 03/NQ-CP, Appendix I, indicator 1", "en", "R&D 2%")


def test_citations_become_numbered_links_to_their_cards() -> None:
    text = (
        "MOH leads task 111 [03/NQ-CP, Appendix II, task 111] and task 110 "
        "[03/NQ-CP, Appendix II, task 110]. Again 111 [03/NQ-CP, Appendix II, task 111]."
    )
    body, sources = number_sources(_answer(text, [C110, C111, CIND, C110]), "p")
    # numbered by first mention; the uncited-in-text indicator still numbered, after; duplicate merged
    assert [(s.n, s.citation.clause_id) for s in sources] == [
        (1, "appendix-II.111"), (2, "appendix-II.110"), (3, "appendix-I.1")
    ]
    assert body.count('href="#p-1"') == 2 and body.count('href="#p-2"') == 1 and "#p-3" not in body
    assert "&#91;1&#93;</a>" in body and "Appendix II, task 111]" not in body
    links = [t for t in tags_of(body) if t[0] == "a"]
    assert all(dict(attrs)["href"].startswith("#p-") for _, attrs in links)
    cards = source_cards_html(sources, SourceLookup(), "en")
    assert cards.count('class="nq57-card"') == 3 and 'id="p-1"' in cards


def test_vietnamese_labels_groups_and_text_that_is_not_a_citation() -> None:
    c = Citation("03/NQ-CP", "appendix-II.110", "Nghị quyết 03/NQ-CP, Phụ lục II, nhiệm vụ 110", "vi", "q")
    text = "Nhiệm vụ [03/NQ-CP, Phụ lục II, nhiệm vụ 110; 03/NQ-CP:appendix-II.111] và [ghi chú]"
    body, _sources = number_sources(_answer(text, [c, C111], "vi"), "v")
    assert 'href="#v-1"' in body and 'href="#v-2"' in body
    assert "&#91;ghi chú]" in body  # an ordinary bracket stays text


def test_hostile_label_and_unknown_label_forms_stay_text() -> None:
    evil = Citation("03/NQ-CP", "appendix-II.110", '"><img src=x onerror=alert(1)>', "en", "q")
    body, _sources = number_sources(_answer('see ["><img src=x onerror=alert(1)>] <b>x</b>', [evil]), "e")
    assert "<img" not in body and "<b>" not in body
    assert [t for t, _ in tags_of(body)] == ["a"]


def test_blockquotes_survive_escaping() -> None:
    out = safe_markdown("> quoted <b>line</b>\n> > nested\nnot > a quote")
    assert out.startswith("> quoted &lt;b&gt;")
    assert "\n> > nested" in out and "not &gt; a quote" in out


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("Digital transformation of the health sector", 20) == ("Digital…", True)
    cut, was_cut = shorten("Digital transformation of the health sector", 30)
    assert was_cut and cut == "Digital transformation of the…"
    assert shorten("short", 30) == ("short", False)


def test_progressive_drafts_grow_to_the_full_answer() -> None:
    md = "\n".join(f"- line {i}" for i in range(10))
    drafts = list(progressive_drafts(md))
    assert 2 <= len(drafts) <= 5
    assert all(drafts[i + 1].startswith(drafts[i]) for i in range(len(drafts) - 1))
    assert drafts[-1] == md
    assert list(progressive_drafts("one line")) == ["one line"]
