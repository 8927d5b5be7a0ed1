"""A passage answer from reranked hits: the direct line, the quote with its span marked, or an honest abstention.

Every candidate sentence of the best clauses is scored for carrying the asked answer type and for the
question's content units; the best one answers, unless it falls below the calibrated threshold, in which
case the answer says the documents do not state it exactly and lists the closest passages as such.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.answer_type import AnswerType
from assistant.citations import label
from assistant.clause_terms import Unit, clause_terms, forms
from assistant.direct_answer import (
    Carried,
    asked_numbers,
    asked_years,
    carried,
    cut_span,
    named_years,
    segment_hits,
    segment_patterns,
    unit_coverage,
    unit_shares,
)
from assistant.glossary import matches_any
from assistant.guard import is_injection
from assistant.messages import text as msg
from assistant.render_tasks import md_escape
from assistant.table_rows import (
    ROW,
    indicator_carried,
    indicator_row,
    is_label_dump,
    row_answer,
    row_carried,
    task_row,
)
from assistant.term_weights import held_in
from assistant.understanding import words as W
from ingest.models import Indicator, Task
from ingest.textnorm import fold

# Calibrated on the tuning split of evals/clause_qa.jsonl (see evals/README.md, "Passage answers"):
# below this share of the question's units in the best sentence, the answer abstains.
MIN_COVERAGE = 0.34
# A sentence holding this much of the question answers it even without the asked type ("who is the
# key factor?" -> "scientists are the key factor", which names no agency).
HIGH_COVERAGE = 0.6
# Two sentences whose scores are this close are told apart by how much of the question each holds, when one holds
# this much more of it.
_NEAR_TIE = 0.1
_MORE_OF_IT = 0.1
# How much what the matched words say (their rarity, assistant.term_weights) adds to a sentence's score: a
# tie-break between sentences that hold as many of the question's units, not a share the thresholds read.
_SPECIFIC = 0.15
_STRONG = 0.7  # a question unit this rare (term_weights: held by some 20 of the ~770 clauses or fewer) names its topic
LOW_TYPED_COVERAGE = 0.25  # ... and a sentence carrying the asked type answers from here when it is
CLEAR_MARGIN = 2.0  # this many times the next sentence's score
SHORT_CLAUSE = 600
TYPED = (AnswerType.AGENCY, AnswerType.NUMBER, AnswerType.DATE)
_CANDIDATE_HITS = 6
_MAX_LIST_SPAN = 440
_PAIR_WEIGHT = 0.4


@dataclass
class Candidate:
    hit: object
    rank: int
    unit: Unit
    carried: Carried
    cov: float
    score: float
    topical: bool = True  # holds one of the question's topic words itself, not only its year or heading
    names_rare: bool = True  # holds one of the question's rare terms, if it has any (_holds_rare)
    rare_held: bool = False  # the question has rare terms and this sentence holds every fairly rare one


@dataclass
class Composed:
    text: str
    cited: list[tuple[str, str, str, str]]
    abstained: bool
    direct: str
    confidence: float = 0.0  # the best sentence's share of the question (what the threshold compares)


def _quoted_lang(hit, lang: str) -> str:
    texts = hit.texts or {hit.chunk_lang: hit.chunk_text}
    return lang if texts.get(lang) else next(iter(texts))


def candidates(hits: list, lang: str, kind: AnswerType, terms: frozenset[str], groups: tuple, neutral: frozenset[str],
               gaz, clause_cov: list[float], pairs: frozenset[str] = frozenset(),
               tasks: Mapping[str, Task] | None = None, named: frozenset[str] = frozenset(),
               weights: Mapping[object, float] | None = None,
               indicators: Mapping[str, Indicator] | None = None, rare: tuple = (),
               strong: tuple = (), asked_marks: Mapping[str, frozenset] | None = None) -> list[Candidate]:
    """``pairs``: the question's adjacent Vietnamese syllable pairs ("dau tu", "nuoc ngoai"): a Vietnamese word
    is several syllables, and a sentence holding the pairs holds the words, not just their syllables.
    ``tasks``: the parsed Appendix II rows by clause id; a task row competes as a whole too (see task_row).
    ``rare``: the question's rare units (TermWeights.rare_units) that a sentence must hold to answer;
    ``strong``: its fairly rare units (and the words no clause holds), which ``rare_held`` asks all of."""
    out: list[Candidate] = []
    asked = asked_numbers(terms) if kind is AnswerType.NUMBER else frozenset()
    years = asked_years(terms)
    topic = [t for t in terms if t not in years]
    for rank, h in enumerate(hits[:_CANDIDATE_HITS]):
        ct = clause_terms(h)
        ql = _quoted_lang(h, lang)
        # A short clause (a table row, a point of the programme) is the context of each of its sentences:
        # "Target (by 2030): 16 - 18" answers a question whose words are in the row's name.
        short = len(next(iter(h.texts.values()), "")) <= SHORT_CLAUSE if h.texts else True
        prev_own = 0.0
        units = ct.units.get(ql, [])
        task = (tasks or {}).get(h.clause_id) if getattr(h, "kind", "") == "task" else None
        ind = (indicators or {}).get(h.clause_id) if getattr(h, "kind", "") == "indicator" else None
        # Only for a field the row holds (its deadline, lead, output number): for a list or a description
        # the row's extra words would outscore the sentence that says it.
        # An Appendix I row likewise: "Tỷ lệ doanh nghiệp công nghệ số trên dân số đến 2045?" is its name, unit
        # ("/1000 dân") and target line together, which no one line of it holds.
        row = task_row(units) if (task is not None or ind is not None) and kind in TYPED else None
        # Whole semicolon-cut sentences compete for lists and descriptions only: for a number, a date or an
        # agency, a longer text holds more of them and the wrong one wins.
        # An agency question also reads a pronoun's sentence with the one naming who the pronoun is.
        runs = anaphora_runs(units) if kind is AnswerType.AGENCY else [] if kind in TYPED else sentence_runs(units)
        head = ct.headings.get(ql)  # every unit below is in the quoted language
        head_years = set(_YEAR_IN.findall(head.text)) if years and head is not None else set()
        # a short clause (a table row) is dated by its target line, whichever of its lines matched
        clause_years = set(_YEAR_IN.findall(" ".join(x.text for x in units))) if years and short else None
        for u in [*units, *runs, *([row] if row else [])]:
            if not getattr(h, "primary", True) and is_injection(u.text):
                continue  # a secondary source's sentence that instructs the assistant is never quoted as text
            # Equal shares are told apart by what the matched words say ("non-cash transactions" over "rate"):
            # ``specific``, the share weighted by the words' rarity, is a tie-break only.
            cov, specific, first = unit_shares(u, terms, groups, lang, neutral, head, weights, asked_marks)
            if not (terms or groups):
                cov = 0.0
            elif cov == 0.0 and ql != lang and not groups and not any(t in neutral for t in terms):
                cov = clause_cov[rank] * 0.5  # nothing can match across the languages: lean on the clause
            own = cov
            if short:
                cov = max(cov, clause_cov[rank])  # for the threshold; the sentence's own words still rank it
            said = u.cache.get(_REFERENT, u)  # a pronoun's sentence is answered by the one naming who it is
            c = (row_carried(task, u, kind, ql, gaz) if task is not None else indicator_carried(ind, u, kind, ql)) \
                if u is row else carried(said, kind, lang, gaz, first, asked, named)
            typed = kind in TYPED
            unit_own = own
            if typed and c.ok and c.answer:
                # The asked value often sits in the sentence after the one that names the topic
                # ("… harmonise their plans. Adjustments shall be completed by 2025."), or in the
                # target line of a short table row: the sentence borrows that context.
                borrowed = max(0.8 * prev_own, 0.9 * clause_cov[rank] if short else 0.0)
                cov = max(cov, borrowed)  # enough to answer, but ranks below a sentence with its own words
                own = max(own, 0.3 * borrowed)
            prev_own = unit_own
            score = own + 0.5 * cov + 0.25 * clause_cov[rank] - 0.03 * rank + _SPECIFIC * specific
            if pairs and u.lang == "vi":
                score += _PAIR_WEIGHT * sum(1 for p in pairs if f" {p} " in u.folded) / len(pairs)
            if typed and c.ok:
                score += 0.6 if c.answer and not c.collective else 0.25
            if len(u.text) < 25:
                score -= 0.5  # "By 2030", a bare heading: says nothing on its own
            if is_label_dump(u.text) and u is not row:
                score -= 0.5
            said = None if not years else head_years | (clause_years if clause_years is not None
                                                         else set(_YEAR_IN.findall(u.text)))
            named_rare = _holds_rare(u, ct, short, head, rare)
            # every fairly rare word of the question, not only one: "who chairs the National Council?" is not
            # answered by the sentence that founds the council and names no chair
            every_rare = bool(rare) and named_rare and all(_holds_rare(u, ct, short, head, (x,)) for x in strong)
            out.append(Candidate(h, rank, u, c, cov, score, _topical(u, ct, short, topic, groups, years, said),
                                 named_rare, every_rare))
    out.sort(key=lambda c: (-c.score, c.rank, c.unit.start))
    return out


def _names_work(c: Candidate, terms: frozenset[str], foreign: tuple[str, ...]) -> bool:
    """Whether a task row holds a word of the question about the work itself, not only the words that ask for a
    row ("who leads", "task"): "Who leads the esports task?" names no work the row does."""
    ct = clause_terms(c.hit)
    work = [t for t in terms if t not in foreign and t not in W.terms("question", "task_fact_question_words")]
    return any(not forms(t).isdisjoint(ct.words) for t in work)


def _topical(u: Unit, ct, short: bool, topic: list[str], groups: tuple, years: frozenset[str],
             said: set[str] | None) -> bool:
    """Whether the sentence (or, for a short clause such as a table row, the clause) holds a word of the
    question's topic: a year alone ("2030", from the heading "By 2030") does not make "how many semiconductor
    engineers by 2030?" a question "The human resource … reaches 12 people per 10,000" answers. Nor does a
    sentence dated another year than the one asked (``said``: the years it, its heading or its row name):
    "Vietnam's GII rank in 2024?" is not "≤ 30 by 2045". ``topic``: the question's words that are not years."""
    if said and not said & years:
        return False
    if not topic and not groups:
        return True  # the question names nothing but its year: nothing to hold
    for words, folded in ((u.words, u.folded), *(((ct.words, ct.folded),) if short else ())):
        if any(t in words or not forms(t).isdisjoint(words) for t in topic) or any(matches_any(g, folded) for g in groups):
            return True
    return False


def _holds_rare(u: Unit, ct, short: bool, head: Unit | None, rare: tuple) -> bool:
    """"What share of the population should have 6G coverage?" is not answered by "… exports reaches at least
    50%", which holds "percentage" and "2030" but neither "6G" nor "population": a figure answers only from a
    sentence (its row, its heading) that holds at least one rare word of the question."""
    if not rare:
        return True
    places = [(u.words, u.folded), *(((ct.words, ct.folded),) if short else ()),
              *(((head.words, head.folded),) if head is not None else ())]
    return any(held_in(x, words, folded) for x in rare for words, folded in places)


_YEAR_IN = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/])")  # "2045", not the year inside "157/2007/QĐ-TTg"


def sentence_runs(units: list[Unit]) -> list[Unit]:
    """The sentences that semicolons cut into several units, whole, as candidates of their own: the items of
    "… tài nguyên, môi trường; hệ thống thông tin địa lý; …" or "the head must be directly responsible; cadres
    and party members must be exemplary" answer together what each part answers in half."""
    out: list[Unit] = []
    run: list[Unit] = []
    for u in [*units, None]:
        if u is not None and not is_label_dump(u.text):
            run.append(u)
            if u.text.rstrip().endswith(";"):
                continue
        if len(run) > 1 and len((joined := _joined(run)).text) <= _CONTINUATION_LIMIT:
            out.append(joined)
        run = []
    return out


def _joined(run: list[Unit], cache: dict[str, object] | None = None) -> Unit:
    """Consecutive units of one clause as one unit."""
    return Unit(" ".join(x.text for x in run), run[0].lang, run[0].start,
                " " + " ".join(x.folded.strip() for x in run) + " ", frozenset().union(*(x.words for x in run)),
                cache or {})


_REFERENT = "referent"  # in an anaphora run's cache: the sentence naming who the pronoun is, which answers
_ANAPHOR = re.compile(r"(?:They|These|Such bodies|Họ|Các cơ quan này)\b")


def anaphora_runs(units: list[Unit]) -> list[Unit]:
    """A sentence whose subject is a pronoun ("They shall submit biannual progress reports to MOST …"), with
    the sentence before it that names who "they" are: "who submits the reports?" is answered by that subject,
    not by the bodies the pronoun's sentence names."""
    out: list[Unit] = []
    for prev, u in itertools.pairwise(units):
        if _ANAPHOR.match(u.text.strip()) and prev.lang == u.lang and not is_label_dump(prev.text):
            joined = _joined([prev, u], {_REFERENT: prev})
            if len(joined.text) <= _CONTINUATION_LIMIT * 2:
                out.append(joined)
    return out


def answers(c: Candidate | None, kind: AnswerType, runner_up: Candidate | None = None,
            organisation: bool = False, placed: bool = False) -> bool:
    """``organisation``: the question asks for a body by name ("which ministry"); a sentence naming none
    does not answer it however much of the question it holds (3 % of the budget is not who pays).
    ``placed``: the item was asked by its number ("the second objective"), which names no topic to hold."""
    if c is None or not ((c.topical and c.names_rare) or placed):
        return False
    if organisation and kind is AnswerType.AGENCY and not c.carried.ok:
        return False
    if kind is AnswerType.AGENCY and not organisation and c.rare_held:
        # "Who is the key factor?": the one clause part that names the key factor answers with the people it
        # names ("scientists are the key factor;"), however few of the question's common words it holds.
        return True
    if c.cov < MIN_COVERAGE:
        # Below the threshold only a sentence that carries the asked type (the agency, the number, the
        # date) and stands far ahead of every other sentence answers: a translated question often shares
        # few words with the clause that answers it.
        return (runner_up is not None and kind in TYPED and c.carried.ok and c.cov >= LOW_TYPED_COVERAGE
                and c.score >= CLEAR_MARGIN * runner_up.score)
    if kind is AnswerType.DATE and not c.carried.ok:
        return False  # "by when" is not answered by a sentence without a date
    return not (kind in TYPED and not c.carried.ok and c.cov < HIGH_COVERAGE)


def _mark(text: str, span: str) -> str:
    """The sentence with the answering span in bold (the span is a substring of the sentence, or all of it)."""
    core = span.strip("…")
    at = text.find(core)
    if at < 0 or not core:
        return f"**{md_escape(text)}**"
    return md_escape(text[:at]) + f"**{md_escape(core)}**" + md_escape(text[at + len(core):])


def _quote_window(hit, unit: Unit, limit: int = 700) -> str:
    """The clause's sentences (not its field lines) when they are short enough, else the answering sentence."""
    units = [u for u in clause_terms(hit).units.get(unit.lang, []) if not is_label_dump(u.text) or u is unit]
    body = " ".join(u.text for u in units)
    return body if len(body) <= limit and unit.text in body else unit.text


def _note(hit, ql: str, lang: str) -> str:
    if not getattr(hit, "primary", True):
        return " " + msg("passage.secondary", lang)
    if lang == "en" and ql == "vi":
        return " " + msg("passage.vi_only", lang)
    if ql == "en" and "vi" not in (hit.texts or {}):  # 57-NQ/TW: only its English translation is held
        return " " + msg("passage.translation_only", lang, doc=hit.doc_id)
    return ""


def _beside(c: Candidate, lang: str, kind: AnswerType, gaz, terms, groups, neutral) -> str:
    """For a Vietnamese question quoted from the official text: the English translation's matching sentence."""
    if lang != "vi" or c.unit.lang != "vi":
        return ""
    units = clause_terms(c.hit).units.get("en") or []
    if not units:
        return ""
    want = re.sub(r"\D", "", c.carried.answer) if kind is AnswerType.NUMBER else ""

    def score(u: Unit) -> float:
        s = unit_coverage(u, terms, groups, "en", neutral)[0]
        if want and want in re.sub(r"\D", "", u.text):
            s += 1
        if kind is AnswerType.AGENCY and carried(u, kind, "en", gaz).ok:
            s += 0.5
        return s

    best = max(units, key=score)
    text = best.text if len(best.text) <= 400 else best.text[:400].rsplit(" ", 1)[0] + "…"
    return f"\n\n*{msg('passage.other_lang', lang)}:* “{md_escape(text)}”"


def compose_answer(hits: list, lang: str, kind: AnswerType, terms: frozenset[str], groups: tuple,
                   neutral: frozenset[str], gaz, clause_cov: list[float],
                   pairs: frozenset[str] = frozenset(), indicators: Mapping[str, Indicator] | None = None,
                   tasks: Mapping[str, Task] | None = None, organisation: bool = False,
                   whole_item: bool = False, named: frozenset[str] = frozenset(),
                   weights: Mapping[object, float] | None = None, rare: tuple = (),
                   foreign: tuple[str, ...] = (), asked_marks: Mapping[str, frozenset] | None = None,
                   unheard_year: bool = False) -> Composed:
    """``indicators``: the parsed Appendix I rows by clause id; a row quoted answers with its target and
    monitoring agency from them. ``tasks``: the Appendix II rows; a task row answers as a whole (task_row).
    ``whole_item``: the item was asked by its number ("the second objective"), so its sentence is the answer.
    ``named``: the specific agencies the question names, which an agency answer is not. ``rare``: the
    question's rare terms, one of which a figure's sentence must hold; ``foreign``: its words no clause holds
    that name something (TermWeights.foreign). ``unheard_year``: the question asks about a year no clause names
    ("mục tiêu cho năm 2035"), which no passage answers."""
    strong = tuple(k for k, w in (weights or {}).items() if w >= _STRONG
                   and not (isinstance(k, str) and any(ch.isdigit() for ch in k)))
    cands = candidates(hits, lang, kind, terms, groups, neutral, gaz, clause_cov, pairs, tasks, named, weights,
                       indicators, rare, strong, asked_marks)
    if kind is AnswerType.AGENCY:
        # "Who will chair the National Council …?": the body named in a sentence about the council, not in one
        # that outscores it on the other words ("Invest in … the Vietnam Academy of Science and Technology")
        cands.sort(key=lambda c: not c.names_rare)
    best = cands[0] if cands else None
    if best is not None and kind in (AnswerType.NUMBER, AnswerType.DATE) and best.carried.answer:
        # "… tỷ lệ bao nhiêu doanh thu?": a sentence scoring nearly as well that holds clearly more of the question
        # and carries the asked value ("1% - 3% doanh thu") says it, not the row that only shares its topic (≥ 5)
        close = [c for c in cands[1:8] if c.score >= best.score - _NEAR_TIE and c.carried.ok and c.carried.answer
                 and c.topical and c.names_rare and c.cov >= best.cov + _MORE_OF_IT]
        if close:
            best = max(close, key=lambda c: (c.cov, c.score))
    if best is not None and not best.topical:
        # "Vietnam's rank in innovation by 2045?": the top scorer is dated 2030; the best sentence that holds the
        # question's topic is the one to judge.
        best = next((c for c in cands if c.topical and c.carried.ok), best)
    # "Who leads the esports task?": no clause says "esports", so a task row sharing the question's other words
    # ("development", "task") is not that task unless it holds most of the question.
    unnamed = bool(foreign) and best is not None and best.hit.clause_id.startswith("appendix-II.") \
        and (best.cov < HIGH_COVERAGE or not _names_work(best, terms, foreign))
    if unnamed or unheard_year or not answers(best, kind, cands[1] if len(cands) > 1 else None, organisation, placed=whole_item):
        out = _abstain(hits, cands, lang)
        out.confidence = best.cov if best else 0.0
        return out
    assert best is not None
    h, u = best.hit, best.unit
    ql = u.lang
    lab = label(h.doc_id, h.clause_id, lang)
    # A list is the answer itself: its span may run to a whole unit; other answers keep the short cut.
    # "Who" answered by people, not a body ("to attract whom?": scientists, experts, chief engineers) is a list.
    listed = kind is AnswerType.LIST or (kind is AnswerType.AGENCY and not best.carried.answer)
    span = cut_span(u, best.carried.at, terms, groups, limit=_MAX_LIST_SPAN if listed else 320,
                    grow=listed or kind is AnswerType.DESCRIPTION)
    answer = best.carried.answer
    quote = _mark(_quote_window(h, u), span)
    if listed or kind is AnswerType.DESCRIPTION:
        span = _with_lead_in(h, u, _with_continuation(h, u, _list_span(h, u, span, terms, groups)))
    if u.cache.get(ROW):
        span, quote = u.text, _mark(u.text, u.text)  # the row is the answer: name, lead, output, deadline
    elif whole_item and kind in (AnswerType.LIST, AnswerType.DESCRIPTION):
        span = cut_span(u, 0, limit=_MAX_LIST_SPAN, grow=True)
        quote = _mark(_quote_window(h, u), span)
    indicator = (indicators or {}).get(h.clause_id) if h.kind == "indicator" else None
    row = indicator_row(h, ql) if indicator is not None else None
    if indicator is not None and row is not None:
        # An Appendix I row answers as a whole: its target, unit and monitoring agency are one fact
        # ("how many …, and who tracks it?"); one of its lines alone drops the rest.
        span, answer = row, row_answer(indicator, kind, ql) or answer
        quote = _mark(_quote_window(h, u), u.text)
    direct = _escape_direct(answer, span, lab)
    lines = [direct,
             f"**{msg('passage.according', lang, label=lab)}**:{_note(h, ql, lang)}\n> {quote}"
             + _beside(best, lang, kind, gaz, terms, groups, neutral)]
    cited = [(h.doc_id, h.clause_id, ql, span)]
    extra = _others(cands, best, kind, lang)
    if extra:
        lines.append(msg("passage.other", lang))
        for c in extra:
            lab2 = label(c.hit.doc_id, c.hit.clause_id, lang)
            s2 = cut_span(c.unit, c.carried.at, terms, groups)
            tag = _note(c.hit, c.unit.lang, lang) if c.unit.lang != lang or not c.hit.primary else ""
            lines.append(f"- **{lab2}**{tag}: “{md_escape(s2)}”")
            cited.append((c.hit.doc_id, c.hit.clause_id, c.unit.lang, s2))
    return Composed("\n\n".join(lines), cited, False, direct, best.cov)


_LEAD_IN = re.compile(r"(?::|\b(?:để|gồm|bao gồm|như sau|sau đây|như|including|include|includes|such as|"
                      r"as follows|namely|to))\s*$", re.IGNORECASE)
_CONTINUATION_LIMIT = 480
# "(1) Định danh tàu thuyền; … (8) Phát triển kinh tế đêm; …": a numbered list is one answer, even where an
# item ends with a full stop, and it may run longer than a sentence.
_ITEM = re.compile(r"\((?:\d{1,2}|[ivx]{1,4})\)\s")
_NUMBERED_LIMIT = 900


def _with_continuation(hit, unit: Unit, span: str) -> str:
    """A sentence that only leads in to a list ("… in order to:", "… nhằm để") answers with its items: the
    span runs on into the clause's next units while they fit, so the direct line states the list."""
    if span.endswith("…") or not _LEAD_IN.search(unit.text) or len(span) > len(unit.text):
        return span  # cut, no lead-in, or already run on into its list (_list_span)
    units = clause_terms(hit).units.get(unit.lang, [])
    at = next((i for i, x in enumerate(units) if x is unit), -1)
    out = unit.text
    for nxt in units[at + 1:] if at >= 0 else []:
        if is_label_dump(nxt.text) or len(out) + 1 + len(nxt.text) > _CONTINUATION_LIMIT:
            break
        out += " " + nxt.text
    return out


def _with_lead_in(hit, unit: Unit, span: str) -> str:
    """An item under a lead-in ("Bổ sung … và hoàn thiện Luật Công nghiệp công nghệ số trình Quốc hội ban hành:
    - Thí điểm …") is said with it: the lead-in names what the item is part of, often the thing asked ("which
    law …?"). The clause's own text between them is kept, so the span stays a quote."""
    units = clause_terms(hit).units.get(unit.lang, [])
    # by offset: the answering unit may be a run of several (sentence_runs), which starts where its first does
    at = next((i for i, x in enumerate(units) if x.start == unit.start), -1)
    text = (hit.texts or {}).get(unit.lang, "")
    if at <= 0 or span.startswith("…") or not text:
        return span
    prev = units[at - 1]
    if not prev.text.rstrip().endswith(":") or is_label_dump(prev.text) or len(prev.text) > _LEAD_IN_MAX \
            or prev.text in span:
        return span
    lead = text[prev.start:unit.start].strip()
    return f"{lead} {span}" if lead.startswith(prev.text[:20]) else span


_LEAD_IN_MAX = 240


def _list_span(hit, unit: Unit, span: str, terms, groups) -> str:
    """A list is one sentence whose items a semicolon separates ("… tài nguyên, môi trường; hệ thống thông tin
    địa lý; hệ thống giao thông thông minh."): the answer is the whole sentence, not the item that matched.
    A sentence too long for that keeps its tail from the question's last word on, where the items are
    ("…, especially in the fields of artificial intelligence, …")."""
    units = clause_terms(hit).units.get(unit.lang, [])
    at = next((i for i, x in enumerate(units) if x is unit), -1)
    if at < 0:
        return span
    first = at
    while first > 0 and units[first - 1].text.rstrip().endswith((";", ":")) and not is_label_dump(units[first - 1].text):
        first -= 1
    last = at
    while (last + 1 < len(units) and (units[last].text.rstrip().endswith((";", ":")) or _ITEM.match(units[last + 1].text))
           and not is_label_dump(units[last + 1].text)):
        last += 1
    sentence = " ".join(x.text for x in units[first:last + 1])
    numbered = sum(1 for x in units[first:last + 1] if _ITEM.match(x.text))
    if len(sentence) <= (_NUMBERED_LIMIT if numbered >= 3 else _CONTINUATION_LIMIT):
        return sentence if len(sentence) > len(span.strip("…")) else span
    if first != last or len(unit.text) <= _MAX_LIST_SPAN:
        return span
    # One long sentence: from the segment holding the question's last word to the end, cut at a boundary.
    text = unit.text
    starts = [0] + [m.end() for m in re.finditer(r"[,;:]\s+", text)]
    pats = segment_patterns(terms)
    segs = [(a, " " + fold(text[a:b]) + " ") for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    hit_at = [a for a, folded in segs if segment_hits(folded, pats, groups)]
    if not hit_at:
        return span
    # The question names a year: the answer starts where the sentence does ("by 2030, …, and by 2045, …").
    years = named_years(terms)
    dated = [a for a, folded in segs if any(y.search(folded) for y in years)]
    seg = dated[0] if dated else hit_at[-1]
    tail = text[seg:]
    if len(tail) > _MAX_LIST_SPAN:
        tail = tail[:_MAX_LIST_SPAN].rsplit(" ", 1)[0] + "…"
    return ("…" if seg else "") + tail if len(tail) >= 40 else span


def _escape_direct(answer: str, span: str, lab: str) -> str:
    body = f"“{md_escape(span)}” ({lab})"
    return f"**{md_escape(answer)}** — {body}" if answer else body


def _others(cands: list[Candidate], best: Candidate, kind: AnswerType, lang: str) -> list[Candidate]:
    """Up to two passages from other clauses that also answer and say something the first does not."""
    out: list[Candidate] = []
    seen = {best.hit.citation_id}
    shown = {best.unit.folded}
    for c in cands[1:]:
        if len(out) >= 2:
            break
        # Only as strong as the first, nearly: a weaker passage that merely shares a few words is noise.
        if c.hit.citation_id in seen or not answers(c, kind) or c.score < best.score * 0.6 or c.cov < 0.8 * best.cov:
            continue
        if c.unit.folded in shown or (kind in TYPED and c.carried.answer and c.carried.answer == best.carried.answer
                                      and c.hit.doc_id == best.hit.doc_id):
            continue  # the same fact again from the same document adds nothing
        seen.add(c.hit.citation_id)
        shown.add(c.unit.folded)
        out.append(c)
    return out


def _abstain(hits: list, cands: list[Candidate], lang: str) -> Composed:
    lines = [msg("passage.not_exact", lang), msg("passage.closest", lang)]
    cited: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for c in cands:
        if len(cited) >= 3:
            break
        if c.hit.citation_id in seen:
            continue
        seen.add(c.hit.citation_id)
        s = cut_span(c.unit, c.carried.at, (), ())
        lab = label(c.hit.doc_id, c.hit.clause_id, lang)
        tag = _note(c.hit, c.unit.lang, lang)
        lines.append(f"- **{lab}**{tag}: “{md_escape(s)}”")
        cited.append((c.hit.doc_id, c.hit.clause_id, c.unit.lang, s))
    return Composed("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]), cited, True, "")
