"""Escaping: untrusted text (the corpus, the user) into the page's Markdown and HTML as text only.

Corpus text and user text are untrusted: HTML is escaped *before* the Markdown goes to Gradio
(Gradio's own sanitiser is a second layer, not the only one), and Markdown link/image syntax is
neutralised so neither text can pull in a URL.
"""

from __future__ import annotations

import html
import re
import string

_MD_PUNCT = set(string.punctuation) - set("&<>\"'")


def escape_html(text: str) -> str:
    """Text for inside our own HTML tags: every tag-significant character becomes an entity."""
    return html.escape(text, quote=True)


def safe_markdown(markdown: str) -> str:
    """Markdown we trust for its structure (the assistant's answer) but not for its contents.

    Emphasis, lists and tables keep working. Raw HTML cannot: ``<`` and ``&`` become entities.
    Links and images cannot: ``[`` becomes ``&#91;``, and CommonMark never reads an entity as
    structure, so ``[x](javascript:...)`` and ``![](http://tracker)`` show as literal text.
    """
    text = html.escape(markdown, quote=False).replace("[", "&#91;")
    # A line starting with ">" is a Markdown blockquote, not markup: give its markers back
    # (nested "> >" too). Only line-leading markers; every other ">" stays an entity.
    return _QUOTE_MARKERS.sub(lambda m: m.group(0).replace("&gt;", ">"), text)


_QUOTE_MARKERS = re.compile(r"^[ ]{0,3}(?:&gt;[ ]?)+", re.MULTILINE)


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


_MD_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unescape_markdown_text(text: str) -> str:
    """What the user typed, back from ``escape_markdown_text`` (the question in a chat message)."""
    return html.unescape(_MD_ESCAPED.sub(lambda m: m.group(1), text))


def html_text(text: str) -> str:
    """Escaped text with its line breaks kept, and no blank line (which would end the HTML block)."""
    lines = [escape_html(line.strip()) for line in text.splitlines() if line.strip()]
    return "<br>".join(lines)


def shorten(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text, False
    cut = text[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if text[len(cut)] != " " and space > 0:  # mid-word: back to the last whole word
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…", True


_CODE_SPAN = re.compile(r"(`+)[^`]+?\1")


def ascii_markup(markup: str) -> str:
    """``markup`` with every non-ASCII character outside code spans as a numeric character reference.

    The page shows the same text (Markdown and HTML both read ``&#7879;`` as "ệ"). It is for the
    server's memory: Gradio keeps each session's chat, and one "—" makes a whole message a 2-byte-per-
    character string that also caches a UTF-8 copy once it is sent; pure ASCII is one byte per
    character and has no copy. Measured with ``tests/ui_loadbench.py``: a third less growth.
    Code spans are left alone because Markdown shows a reference inside them literally.
    """
    if markup.isascii():
        return markup
    out, last = [], 0
    for m in _CODE_SPAN.finditer(markup):
        out.append(markup[last:m.start()].encode("ascii", "xmlcharrefreplace").decode("ascii"))
        out.append(m.group(0))
        last = m.end()
    out.append(markup[last:].encode("ascii", "xmlcharrefreplace").decode("ascii"))
    return "".join(out)
