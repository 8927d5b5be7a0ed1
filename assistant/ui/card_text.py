"""A source card's whole clause, fetched when the reader opens it.

A chat message used to carry every card's full bilingual clause text: over a third of the message,
and Gradio keeps each session's chat in memory until the session ends, so that text was most of what
fifty open tabs cost the server. The card now carries its reference; opening "Full clause text" asks
``GET /nq57-card-text`` (below) for the clause, built by ``render.card_text_html`` from the knowledge
base, so it is the same escaped HTML the card used to hold. The route sits behind the same middleware
as every Gradio route (host allow-list, login), see ``assistant.ui.security``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from assistant.messages import text
from assistant.ui.render import SourceLookup, card_text_html

CARD_TEXT_PATH = "/nq57-card-text"
MAX_REF_CHARS = 200
MAX_QUOTES = 8
MAX_QUOTE_CHARS = 5000  # a quote is one clause's sentence or passage; longer is not from a card

# Runs once when the page loads (launch(js=...)). ``toggle`` does not bubble, hence the capture
# listener on the document: it sees every card, including those of answers that arrive later.
# Gradio's sanitiser strips data-* attributes from messages, so the card's own parts say what to
# fetch: its reference code, the sources' lang, the quote it shows (or hidden .nq57-quotes spans).
# The body is filled with the server's escaped HTML; a failure says so in the card's language and
# lets the next opening try again. The two messages live here, once, not in every card.
_JS = """() => {
  const path = %(path)s;
  const words = %(words)s;
  document.addEventListener("toggle", async (event) => {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.open) return;
    const card = details.closest(".nq57-card");
    const ref = card && card.querySelector(".nq57-card-ref");
    const body = details.querySelector(".nq57-full-body");
    if (!details.classList.contains("nq57-full") || !ref || !body) return;
    if (details.dataset.state === "loading" || details.dataset.state === "loaded") return;
    const sources = card.closest(".nq57-sources");
    const lang = sources && sources.getAttribute("lang") === "vi" ? "vi" : "en";
    details.dataset.state = "loading";
    body.setAttribute("aria-busy", "true");
    body.textContent = words[lang].loading;
    const more = Array.from(details.querySelectorAll(".nq57-quotes > span"), (el) => el.textContent);
    const shown = card.querySelector(".nq57-quote mark");
    const quotes = more.length ? more : (shown ? [shown.textContent] : []);
    const root = ((window.gradio_config && window.gradio_config.root) || window.location.origin).replace(/\\/+$/, "");
    const url = new URL(root + path, window.location.href);
    url.searchParams.set("ref", ref.textContent);
    url.searchParams.set("lang", lang);
    for (const q of quotes) url.searchParams.append("q", q);
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      body.innerHTML = await response.text();
      details.dataset.state = "loaded";
    } catch (error) {
      body.textContent = words[lang].failed;
      details.dataset.state = "failed";
    }
    body.removeAttribute("aria-busy");
  }, true);
}"""


def card_text_js() -> str:
    """The page script, with the two messages in both languages from the message catalogue."""
    words = {lang: {"loading": text("ui_card_loading", lang), "failed": text("ui_card_load_failed", lang)}
             for lang in ("en", "vi")}
    return _JS % {"path": json.dumps(CARD_TEXT_PATH), "words": json.dumps(words, ensure_ascii=False)}


def card_text_route(lookup: SourceLookup) -> Route:
    """The Starlette route; ``lookup`` is the chat's own (the clauses are not indexed twice)."""

    async def card_text(request: Request) -> Response:
        params = request.query_params
        ref, lang, quotes = params.get("ref", ""), params.get("lang", "en"), params.getlist("q")
        if not ref or len(ref) > MAX_REF_CHARS or len(quotes) > MAX_QUOTES or any(len(q) > MAX_QUOTE_CHARS for q in quotes):
            return PlainTextResponse(
                f"card-text needs ref=<doc_id:clause_id> (at most {MAX_REF_CHARS} characters) and at most "
                f"{MAX_QUOTES} q= quotes of at most {MAX_QUOTE_CHARS} characters", status_code=400,
            )
        html = card_text_html(lookup, ref, quotes, lang)
        if html is None:
            return PlainTextResponse(f"no clause {ref!r} in the knowledge base", status_code=404)
        # The corpus does not change while the server runs; the browser may keep what it opened.
        return HTMLResponse(html, headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"})

    return Route(CARD_TEXT_PATH, card_text, methods=["GET"], name="nq57_card_text")


def extra_routes(demo: Any) -> list[Route]:
    """The routes ``create_blocks`` attached to the page (``launch_app`` serves them)."""
    return list(getattr(demo, "nq57_routes", []))
