"""Clause tree of Resolution 03/NQ-CP up to Appendix I: articles and the programme's sections I-III.

Called once per language half. Ids are language-neutral (``art.2``, ``II.1.đ``; the English
``dd)`` is ``đ``). Each clause's ``text`` is its own text only: its heading plus the paragraphs up
to its first child, so every content paragraph lands in exactly one clause and nothing is indexed
twice. ``line_start``/``line_end`` span the clause with its descendants.

Translation gaps (``gap=True`` paragraphs) are missing text: never kept, counted in
``Clause.gaps`` of the deepest clause certain to contain them. Unmarked text that follows a gap is
kept only when no clause can have been swallowed between the clause before the gap and the next
marker; otherwise it is dropped (it may belong to a swallowed clause).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.errors import CorpusError
from ingest.models import Clause, Document
from ingest.paragraphs import Paragraph, paragraphs
from ingest.parse_news import sentence_title, shorten, without_inline_gaps

# The Vietnamese list alphabet (no f, j, w, z); the English translation keeps it, writing đ as dd.
VI_LETTERS = tuple("abcdđeghiklmnopqrstuvxy")
ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

_APPENDIX = re.compile(r"^(?:PHỤ LỤC|APPENDIX)(?:\s+[IVX]+)?\s*$")
_PREAMBLE = re.compile(r"^(?:Căn cứ|Pursuant to)\b")
_ARTICLE = re.compile(r"^(?:Điều|Article)\s+(?P<num>\d{1,3})\b\s*[.:]?\s*(?P<rest>.*)$")
_SIGN_OFF = re.compile(r"^(?:Nơi nhận|Recipients?)\s*:|^(?:TM\.|KT\.|Q\.|PP\.|P\.P\.|ON BEHALF OF|FOR THE)\s")
# The programme's own title, which follows the signature block (the resolution's title above
# also names the programme, so this is only looked for after the articles).
_PROGRAMME = re.compile(
    r"^(?:CHƯƠNG TRÌNH HÀNH ĐỘNG|(?:THE\s+)?(?:GOVERNMENT[’']?S?\s+)?ACTION PROGRAM(?:ME)?)\b"
)
_SECTION = re.compile(r"^(?P<num>X|IX|VIII|VII|VI|V|IV|III|II|I)\.\s+(?P<rest>\S.*)$")
_ITEM = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<rest>\S.*)$")
_POINT = re.compile(r"^(?P<letter>dd|đ|[a-z])\)\s*(?P<rest>\S.*)$")
# Heading-like markers this document never uses; inside the programme they mean the structure
# changed and the ids would be wrong, so they stop the parse.
_UNKNOWN_MARK = re.compile(
    r"^(?:\d{1,2}\)|\(\s*[a-zđ0-9]{1,3}\s*\)|[a-zđ]\.\s|[A-Z]\)\s|\d{1,2}\.\d{1,2}\.?\s)"
)

_PREAMBLE_TITLE = {"vi": "Căn cứ ban hành", "en": "Legal bases"}
_FIRST = {"preamble": 0, "article": 1, "section": 1, "item": 1, "point": 0}

Path = tuple[tuple[str, int], ...]


def path_id(path: Path) -> str:
    if not path:
        return "doc"
    kind, n = path[0]
    if kind == "preamble":
        return "preamble"
    if kind == "article":
        return f"art.{n}"
    parts = [ROMANS[n - 1]]
    for k, m in path[1:]:
        parts.append(str(m) if k == "item" else VI_LETTERS[m])
    return ".".join(parts)


def id_path(cid: str) -> Path | None:
    """Inverse of ``path_id``; None for ids outside this scheme (appendix rows, paragraphs)."""
    if cid == "doc":
        return ()
    if cid == "preamble":
        return (("preamble", 0),)
    if cid.startswith("art.") and cid[4:].isdigit():
        return (("article", int(cid[4:])),)
    parts = cid.split(".")
    if parts[0] not in ROMANS or len(parts) > 3:
        return None
    path: Path = (("section", ROMANS.index(parts[0]) + 1),)
    if len(parts) > 1:
        if not parts[1].isdigit():
            return None
        path += (("item", int(parts[1])),)
    if len(parts) > 2:
        if parts[2] not in VI_LETTERS:
            return None
        path += (("point", VI_LETTERS.index(parts[2])),)
    return path


@dataclass
class _Node:
    path: Path
    kind: str
    title: str
    label: str = ""  # the printed marker ("II.", "1.", "dd)", "Điều 2."): shown in trails, not in text
    parts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    gaps: int = 0

    def add(self, p: Paragraph, text: str | None = None) -> None:
        self.parts.append(p.text if text is None else text)
        self.lines.extend((p.line, p.end_line))


class _Parser:
    def __init__(self, doc: Document, reference: Sequence[Clause] | None) -> None:
        self.doc = doc
        self.root = _Node((), "document", doc.title)
        self.nodes: dict[Path, _Node] = {(): self.root}
        self.current = self.root
        self.phase = "header"  # header -> preamble -> articles -> backmatter -> programme
        self.programme_label = ""
        self.gap: Paragraph | None = None  # first of the unresolved gaps before the next marker
        self.gap_runs = 0
        self.after_gap: list[Paragraph] = []
        self.ref_pos = -1
        self.ref: list[Path] | None = None
        if reference is not None:
            ref_paths = (id_path(c.clause_id) for c in reference if c.doc_id == doc.doc_id)
            self.ref = [p for p in ref_paths if p is not None]
            if () not in self.ref:
                self.ref.insert(0, ())  # the document itself always has a counterpart

    def fail(self, line: int, reason: str) -> CorpusError:
        return CorpusError(reason, file=self.doc.source_file, line=line)

    # -- where a marker lands -------------------------------------------------------------
    def _counter(self, kind: str) -> int:
        """Index of the newest open clause of ``kind`` (0 / -1 for points when none)."""
        for k, n in reversed(self.current.path):
            if k == kind:
                return n
        return _FIRST[kind] - 1

    def _target(self, kind: str, n: int, line: int) -> Path:
        gap = self.gap is not None
        cur = self.current.path
        sec = self._counter("section") if any(k == "section" for k, _ in cur) else 0
        item = self._counter("item") if any(k == "item" for k, _ in cur) else 0
        if kind == "article":
            last = max((q[0][1] for q in self.nodes if len(q) == 1 and q[0][0] == "article"), default=0)
            if n == last + 1 or (gap and n > last):
                return (("article", n),)
            raise self.fail(line, f"article {n} follows article {last}")
        if kind == "section":
            if n == sec + 1 or (gap and n > sec):
                return (("section", n),)
            raise self.fail(line, f"section {ROMANS[n - 1]} out of order after section {sec}")
        if kind == "item":
            if sec == 0 or (gap and n <= item):
                # A gap swallowed the next section's heading: the item opens that section.
                if not gap:
                    raise self.fail(line, f"item {n}. appears before any programme section")
                if sec + 1 > len(ROMANS):
                    raise self.fail(line, f"item {n}. would open a section after {ROMANS[-1]}")
                return (("section", sec + 1), ("item", n))
            if n == item + 1 or (gap and n > item):
                return (("section", sec), ("item", n))
            raise self.fail(line, f"item {n}. out of order after item {item} in section {ROMANS[sec - 1]}")
        # point
        letter = self._counter("point") if any(k == "point" for k, _ in cur) else -1
        if item == 0:
            raise self.fail(line, f"point {VI_LETTERS[n]}) appears outside any numbered item")
        if n == letter + 1 or (gap and n > letter):
            return (("section", sec), ("item", item), ("point", n))
        if gap and n <= letter:
            # A gap swallowed the next item's heading: the point opens that item.
            return (("section", sec), ("item", item + 1), ("point", n))
        after = f"{VI_LETTERS[letter]})" if letter >= 0 else "the item heading"
        raise self.fail(
            line, f"point {VI_LETTERS[n]}) out of order after {after} in item {ROMANS[sec - 1]}.{item}"
        )

    # -- gaps -----------------------------------------------------------------------------
    def _missing(self, c: Path, n: Path | None) -> list[Path] | None:
        """Clauses that must lie between ``c`` and ``n`` (None: end of text); None when unknowable."""
        if self.ref is not None:
            i = self.ref.index(c)  # c was checked against the reference when it was opened
            j = self.ref.index(n) if n is not None else len(self.ref)
            return self.ref[i + 1 : j]
        if n is None:
            return None
        k = 0
        while k < min(len(c), len(n)) and c[k] == n[k]:
            k += 1
        if k >= len(n):
            return None
        missing: list[Path] = []
        kind, m = n[k]
        start = c[k][1] + 1 if k < len(c) and c[k][0] == kind else _FIRST[kind]
        missing += [(*n[:k], (kind, i)) for i in range(start, m)]
        for j in range(k + 1, len(n)):
            if n[:j] not in self.nodes:
                missing.append(n[:j])
            kind, m = n[j]
            missing += [(*n[:j], (kind, i)) for i in range(_FIRST[kind], m)]
        if not missing and k < len(c) - 1:
            return None  # n closes c's parents: c's subtree may have lost its tail
        return missing

    def _resolve_gap(self, n: Path | None, *, at_end: bool = False) -> None:
        """Count the pending gap(s) in their owner; keep the text after them only if safe.

        ``n`` is the clause about to open; None at a phase boundary or (``at_end``) the end.
        """
        if self.gap is None:
            return
        c = self.current.path
        missing = self._missing(c, n) if n is not None or at_end else None
        if missing == []:
            owner = self.current  # nothing swallowed: the gap is the tail of the current clause
            for p in self.after_gap:
                owner.add(p)
        else:
            if missing is None:
                k = 0
                while n is not None and k < min(len(c), len(n)) and c[k] == n[k]:
                    k += 1
                anchor = c[: k + 1]
            else:
                anchor = _common_prefix([p[:-1] for p in missing])
            while anchor not in self.nodes:
                anchor = anchor[:-1]
            owner = self.nodes[anchor]
        owner.gaps += self.gap_runs
        self.gap, self.gap_runs, self.after_gap = None, 0, []

    # -- main loop ------------------------------------------------------------------------
    def open(self, path: Path, kind: str, p: Paragraph, label: str = "", body: str | None = None) -> None:
        """Start clause ``path`` at paragraph ``p``; ``body`` is its first line without ``label``."""
        if path in self.nodes:
            raise self.fail(p.line, f"clause {path_id(path)} appears twice")
        if self.ref is not None:
            # The translation must follow the official text: same ids, same order.
            if path not in self.ref:
                raise self.fail(p.line, f"clause {path_id(path)} has no counterpart in the reference text")
            pos = self.ref.index(path)
            if pos <= self.ref_pos:
                raise self.fail(p.line, f"clause {path_id(path)} is out of the reference order")
            self.ref_pos = pos
        self._resolve_gap(path)
        body = p.text if body is None else body.strip()
        if kind == "preamble":
            title = _PREAMBLE_TITLE.get(self.doc.lang, "Preamble")
        elif kind == "section":
            title = body
        else:
            title = sentence_title(body, 250 if kind == "item" else 160)
        node = _Node(path, kind, title, label)
        node.add(p, body)
        self.nodes[path] = node
        self.current = node

    def feed(self, p: Paragraph) -> None:
        t = p.text
        if p.gap:
            # Several gaps before the next marker form one unknown region; each one is counted.
            self.gap = self.gap or p
            self.gap_runs += 1
            return
        if t == "":  # empty cell / spacer: it ends the articles (the signature block follows)
            if self.phase == "articles":
                self._resolve_gap(None)
                self.phase, self.current = "backmatter", self.root
            return
        if self.phase != "programme" and (m := _ARTICLE.match(t)):
            path = self._target("article", int(m["num"]), p.line)
            self.phase = "articles"
            self.open(path, "article", p, t[: m.start("rest")].strip(), m["rest"])
            return
        if self.phase == "header" and _PREAMBLE.match(t):
            self.phase = "preamble"
            self.open((("preamble", 0),), "preamble", p)
            return
        if self.phase == "articles" and _SIGN_OFF.match(t):
            self._resolve_gap(None)
            self.phase, self.current = "backmatter", self.root
        if self.phase in ("articles", "backmatter") and _PROGRAMME.match(t) and t.upper() == t:
            self._resolve_gap(None)
            self.phase, self.current = "programme", self.root
            self.programme_label = self.programme_label or shorten(t, 120)
            self.root.add(p)
            return
        if self.phase in ("programme", "backmatter") and self._structural(p):
            return
        if self.gap is not None:
            self.after_gap.append(p)  # unmarked text after a gap: owner decided at the next marker
            return
        self.current.add(p)

    def _structural(self, p: Paragraph) -> bool:
        t = p.text
        if m := _SECTION.match(t):
            self.phase = "programme"
            path = self._target("section", ROMANS.index(m["num"]) + 1, p.line)
            self.open(path, "section", p, f"{m['num']}.", m["rest"])
            return True
        if self.phase == "backmatter" and self.gap is None:
            return False  # the signature block and recipient list are not structured
        if m := _ITEM.match(t):
            self.phase = "programme"
            self.open(self._target("item", int(m["num"]), p.line), "item", p, f"{m['num']}.", m["rest"])
            return True
        if m := _POINT.match(t):
            letter = "đ" if m["letter"] == "dd" else m["letter"]
            if letter not in VI_LETTERS:
                raise self.fail(p.line, f"unknown point letter {m['letter']!r}")
            path = self._target("point", VI_LETTERS.index(letter), p.line)
            self.open(path, "point", p, f"{m['letter']})", m["rest"])
            return True
        if self.phase == "programme" and _UNKNOWN_MARK.match(t):
            raise self.fail(p.line, f"unknown heading pattern {t[:20]!r} inside the programme")
        return False

    def finish(self, first_line: int, last_line: int) -> list[Clause]:
        self._resolve_gap(None, at_end=True)
        if len(self.nodes) == 1:
            raise self.fail(
                first_line, "no preamble, article or programme section found before the appendices"
            )
        out: list[Clause] = []
        for path, node in self.nodes.items():
            span = [ln for q, other in self.nodes.items() if q[: len(path)] == path for ln in other.lines]
            start, end = (first_line, last_line) if not path else (min(span), max(span))
            out.append(self._clause(path, node, start, end))
        return out

    def _clause(self, path: Path, node: _Node, start: int, end: int) -> Clause:
        trail: list[str] = []
        if path:
            trail.append(self.doc.title)
            if path[0][0] == "section" and self.programme_label:
                trail.append(self.programme_label)
            for j in range(1, len(path)):
                anc = self.nodes.get(path[:j])
                # A heading swallowed by a gap shows as its bare number.
                trail.append(f"{anc.label} {shorten(anc.title, 120)}".strip() if anc else path_id(path[:j]))
        return Clause(
            doc_id=self.doc.doc_id,
            clause_id=path_id(path),
            lang=self.doc.lang,
            kind=node.kind,
            text="\n".join(node.parts) or node.title,
            title=node.title,
            trail=tuple(trail),
            parent_id=path_id(path[:-1]) if path else None,
            source_file=self.doc.source_file,
            line_start=start,
            line_end=end,
            primary=self.doc.primary,
            gaps=node.gaps,
        )


def _common_prefix(paths: list[Path]) -> Path:
    if not paths:
        return ()
    first = paths[0]
    k = 0
    while all(len(p) > k and p[k] == first[k] for p in paths):
        k += 1
    return first[:k]


def parse_nq03_body(
    lines: list[str],
    doc: Document,
    first_line: int,
    *,
    reference: Sequence[Clause] | None = None,
) -> list[Clause]:
    """Clauses of one language half of 03/NQ-CP before ``PHỤ LỤC I``/``APPENDIX I``, in order.

    ``lines`` is the half, ``first_line`` the file line number of ``lines[0]``. Pass the Vietnamese
    clauses as ``reference`` when parsing the English half: every English id must then exist in
    the Vietnamese and come in the same order (else ``CorpusError``), and gaps are attributed using
    the Vietnamese structure. Raises ``CorpusError`` on out-of-order or unknown headings.
    """
    parser = _Parser(doc, reference)
    last_line = first_line
    for p in without_inline_gaps(paragraphs(lines, first_line)):
        if not p.gap and _APPENDIX.match(p.text):
            break
        parser.feed(p)
        last_line = p.end_line
    return parser.finish(first_line, last_line)
