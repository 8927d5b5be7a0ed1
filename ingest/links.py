"""Cross-document links: which part of Resolution 57-NQ/TW each 03/NQ-CP group, point, task and indicator carries out.

Read from the two texts (corpus/002 and corpus/004), not assumed:
- 03/NQ-CP programme section II has items 1-7 whose headings repeat, in the same order, the headings
  of 57-NQ/TW section III items 1-7 (II.4 "Developing and retaining high-quality human resources
  and talents ..." / III.4 "Developing and promoting high-quality human resources and talents ...").
  Both facts are recorded: the position (``order``) and the word overlap of the English headings
  (``title-overlap``, 57-NQ/TW exists only in English so the English half of 03/NQ-CP is compared).
  A programme item is linked only when the best-overlapping heading is the one at the same position.
- Appendix II groups I-VII carry the programme item headings word for word (Vietnamese, which
  every group has: the English half lost three group headings) -> ``group-title``.
- A programme point (II.4.a) and a task (appendix-II.80) carry out what their item / group does
  -> ``structure`` with the clause it goes through (``via``).
- ``restates``: a programme point whose English sentence repeats a 57-NQ/TW section III sentence
  (content-word overlap at least ``RESTATE_MIN``).
- ``measures``: an Appendix I indicator -> the 57-NQ/TW goal (II.1 by 2030, II.2 by 2045) whose
  sentence carries the same numbers and unit (``number-unit``), the indicator's name sharing words
  with it (``text-overlap``). Indicators the numbers cannot place (no number in 57-NQ/TW, or the
  number is ambiguous) are judgement links in ``ingest/data/links_reviewed.json``, one source note
  per row; the builder checks every reviewed row against the texts and fails loudly if it drifted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ingest.errors import CorpusError
from ingest.models import Clause, Indicator, KnowledgeBase, Link, Task
from ingest.textnorm import fold

NQ03 = "03/NQ-CP"
NQ57 = "57-NQ/TW"
RESTATE_MIN = 0.5  # Dice overlap of a point's and one 57-NQ/TW sentence's content words
MEASURE_TEXT_MIN = 0.25  # share of an indicator name's content words in the target sentence
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
# Words that carry no content in either document's headings and goals.
_STOP = frozenset(
    ["a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "by", "with", "at", "as", "from", "into", "its", "their", "is", "are", "be", "been", "being", "this", "that", "these", "those", "which", "who", "all", "each", "every", "some", "any", "other", "than", "more", "most", "over", "least", "at", "reach", "reaches", "reaching", "va", "cua", "cac", "cho", "trong", "tren", "duoi", "voi", "ve", "la", "co", "duoc", "nhung", "mot", "theo", "tu", "den", "tai", "de", "nham"]
)
_NUM = re.compile(r"(?<![\d.,\w])(\d+(?:[.,]\d+)?)(?![\d\w])")  # "5G" is not the number 5
_SPLIT = re.compile(r"(?<=[.;])\s+|\s+-\s+(?=[A-Z])")  # "40 - 50" is a range, "- Contribution" a new target


def _stem(w: str) -> str:
    # A five-letter prefix: the two texts are different translations ("scientific and technological"
    # / "science, technology"), so word families must meet; headings and goals are short enough
    # that the prefixes rarely collide.
    return w[:5]


def content_words(text: str) -> set[str]:
    """Folded, lightly stemmed content words: enough to compare two renderings of one sentence."""
    return {_stem(w) for w in re.findall(r"[a-z]+", fold(text)) if w not in _STOP and len(w) > 1}


def overlap(part: str, whole: str) -> float:
    """Share of ``part``'s content words that ``whole`` also has (0 when ``part`` has none)."""
    a, b = content_words(part), content_words(whole)
    return round(len(a & b) / len(a), 3) if a else 0.0


def sentences(text: str) -> list[str]:
    """Sentences and '- ' / ';' parts of a clause: 57-NQ/TW puts several targets in one sentence."""
    return [s.strip(" -;") for s in _SPLIT.split(text) if len(s.strip(" -;")) > 3]


@dataclass
class Coverage:
    """Linked / total per kind of 03/NQ-CP clause, and what stayed unlinked."""

    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    unlinked: dict[str, list[str]] = field(default_factory=dict)
    restated_points: int = 0
    reviewed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"counts": {k: {"linked": a, "total": b} for k, (a, b) in self.counts.items()},
                "unlinked": self.unlinked, "restated_points": self.restated_points, "reviewed": self.reviewed}

    def lines(self) -> list[str]:
        out = ["Links to 57-NQ/TW: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in self.counts.items())
               + f"; {self.restated_points} programme points restate a 57-NQ/TW sentence; "
               f"{self.reviewed} reviewed judgement links"]
        for k, ids in self.unlinked.items():
            if ids:
                out.append(f"  unlinked {k} ({len(ids)}): {', '.join(ids)}")
        return out


def _clauses(kb: KnowledgeBase, doc: str, lang: str) -> dict[str, Clause]:
    return {c.clause_id: c for c in kb.clauses if c.doc_id == doc and c.lang == lang}


def _items(by_id: dict[str, Clause], section: str) -> list[Clause]:
    return [c for cid, c in by_id.items() if c.kind == "item" and c.parent_id == section]


def programme_links(kb: KnowledgeBase) -> tuple[list[Link], dict[str, str]]:
    """03/NQ-CP programme items II.n -> 57-NQ/TW III.n; returns the links and item -> 57 clause."""
    en03, vi03, en57 = _clauses(kb, NQ03, "en"), _clauses(kb, NQ03, "vi"), _clauses(kb, NQ57, "en")
    targets = _items(en57, "III")
    links: list[Link] = []
    mapping: dict[str, str] = {}
    for pos, item in enumerate(_items(vi03, "II"), 1):
        en = en03.get(item.clause_id)
        if en is None or not targets:
            continue
        scores = [(overlap(en.title, t.title), t) for t in targets]
        best_score, best = max(scores, key=lambda s: s[0])
        same_pos = targets[pos - 1] if pos <= len(targets) else None
        if same_pos is None or best is not same_pos:
            continue  # position and wording disagree: leave it for review rather than guess
        ev = ({"kind": "order", "score": 1.0, "detail": f"item {pos} of {NQ03} II and of {NQ57} III"},
              {"kind": "title-overlap", "score": best_score, "from_title": en.title, "to_title": best.title,
               "runner_up": round(sorted((s for s, _ in scores), reverse=True)[1], 3) if len(scores) > 1 else 0.0})
        links.append(Link(f"{NQ03}:{item.clause_id}", f"{NQ57}:{best.clause_id}", "implements", ev))
        mapping[item.clause_id] = best.clause_id
    return links, mapping


def group_links(kb: KnowledgeBase, mapping: dict[str, str]) -> tuple[list[Link], dict[str, tuple[str, str]]]:
    """Appendix II groups -> 57-NQ/TW through the programme item whose heading they repeat."""
    vi03 = _clauses(kb, NQ03, "vi")
    items = {cid: c for cid, c in vi03.items() if c.kind == "item" and c.parent_id == "II"}
    links: list[Link] = []
    via: dict[str, tuple[str, str]] = {}
    for cid, g in vi03.items():
        if g.kind != "group" or not cid.startswith("appendix-II."):
            continue
        scored = [(overlap(g.title, it.title), iid) for iid, it in items.items()]
        if not scored:
            continue
        score, iid = max(scored)
        if score < 0.8 or iid not in mapping:
            continue
        ev = ({"kind": "group-title", "score": score, "via": f"{NQ03}:{iid}", "from_title": g.title},
              {"kind": "structure", "score": 1.0, "via": f"{NQ03}:{iid}",
               "detail": f"{NQ03}:{iid} implements {NQ57}:{mapping[iid]}"})
        links.append(Link(f"{NQ03}:{cid}", f"{NQ57}:{mapping[iid]}", "implements", ev))
        via[cid.split(".", 1)[1]] = (iid, mapping[iid])
    return links, via


def point_links(kb: KnowledgeBase, mapping: dict[str, str]) -> list[Link]:
    out = []
    for cid, c in _clauses(kb, NQ03, "vi").items():
        if c.kind == "point" and c.parent_id in mapping:
            out.append(Link(f"{NQ03}:{cid}", f"{NQ57}:{mapping[c.parent_id]}", "implements",
                            ({"kind": "structure", "score": 1.0, "via": f"{NQ03}:{c.parent_id}"},)))
    return out


def task_links(tasks: list[Task], via: dict[str, tuple[str, str]]) -> list[Link]:
    out = []
    for t in tasks:
        if t.group in via:
            iid, target = via[t.group]
            out.append(Link(f"{NQ03}:{t.clause_id}", f"{NQ57}:{target}", "implements",
                            ({"kind": "structure", "score": 1.0, "via": f"{NQ03}:appendix-II.{t.group}",
                              "path": [f"{NQ03}:appendix-II.{t.group}", f"{NQ03}:{iid}", f"{NQ57}:{target}"]},)))
    return out


def restate_links(kb: KnowledgeBase, mapping: dict[str, str]) -> list[Link]:
    """A programme point whose English repeats a sentence of the 57-NQ/TW item its programme item carries out.

    The score is the Dice overlap of content words (both directions count: a short point inside a long
    sentence is not a restatement); only the item the point implements is searched, which keeps a
    generic "develop … human resources" point from matching section III.4 by its common words.
    """
    en03, en57 = _clauses(kb, NQ03, "en"), _clauses(kb, NQ57, "en")
    out = []
    for cid, c in en03.items():
        target = mapping.get(c.parent_id or "")
        if c.kind != "point" or target is None or target not in en57:
            continue
        best = (0.0, 0.0, 0.0, "")
        for sent in sentences(en57[target].text)[1:]:  # not the heading: its generic words match anything
            a, b = overlap(c.text, sent), overlap(sent, c.text)
            dice = round(2 * a * b / (a + b), 3) if a + b else 0.0
            best = max(best, (dice, a, b, sent))
        dice, a, b, sent = best
        if dice >= RESTATE_MIN:
            out.append(Link(f"{NQ03}:{cid}", f"{NQ57}:{target}", "restates",
                            ({"kind": "text-overlap", "score": dice, "point_in_sentence": a, "sentence_in_point": b,
                              "sentence": sent, "compared": "en"},)))
    return out


def _numbers(text: str | None) -> set[float]:
    return {float(m.replace(",", ".")) for m in _NUM.findall(text or "")}


def _unit_ok(ind: Indicator, sentence: str) -> bool:
    unit = fold(ind.unit_en or ind.unit_vi or "")
    s = fold(sentence)
    if "gdp" in unit:
        return "gdp" in s
    if unit.startswith("%"):
        return "%" in s
    return True  # counts, ranks: the number itself is the evidence


def _glossary_en(text: str) -> str:
    """English words for a Vietnamese indicator name (the English half lost many Appendix I names)."""
    raw = resources.files("assistant.data").joinpath("glossary.json").read_text(encoding="utf-8")
    f = fold(text)
    return " ".join(en.replace("|", " ") for vi, en in json.loads(raw)["pairs"] if fold(vi) in f)


def measure_links(kb: KnowledgeBase) -> list[Link]:
    en57 = _clauses(kb, NQ57, "en")
    goals = {2030: en57.get("II.1"), 2045: en57.get("II.2")}
    out = []
    best: list[tuple[Indicator, set[float], float, str]] = []
    for ind in kb.indicators:
        goal = goals.get(ind.horizon)
        nums = _numbers(ind.target_raw) | ({ind.value} if ind.value is not None else set())
        nums.discard(0.0)
        if goal is None or not nums:
            continue
        name = ind.name_en or _glossary_en(ind.name_vi)
        cands = []
        for s in sentences(goal.text):
            if nums <= _numbers(s) and _unit_ok(ind, s):
                cands.append((overlap(name, s) if name else 0.0, s))
        cands.sort(key=lambda c: -c[0])
        if not cands or cands[0][0] < MEASURE_TEXT_MIN or (len(cands) > 1 and cands[1][0] == cands[0][0]):
            continue  # no sentence, or two equally good ones: a judgement, not a derivation
        best.append((ind, nums, *cands[0]))
    # Two indicators with the same numbers on one sentence (11.1 and 11.6 are both 80%): the name
    # that matches the sentence better measures it; an exact tie keeps both (4 and 5 share "top 3 … top 50").
    top: dict[tuple[str, frozenset[float]], float] = {}
    for _ind, nums, score, sent in best:
        key = (sent, frozenset(nums))
        top[key] = max(top.get(key, 0.0), score)
    for ind, nums, score, sent in best:
        if score < top[(sent, frozenset(nums))]:
            continue
        goal = goals[ind.horizon]
        ev = ({"kind": "number-unit", "score": 1.0, "numbers": sorted(nums), "unit": ind.unit_en or ind.unit_vi,
               "sentence": sent},
              {"kind": "text-overlap", "score": score, "compared": "en" if ind.name_en else "vi-via-glossary",
               "sentence": sent})
        out.append(Link(f"{NQ03}:{ind.clause_id}", f"{NQ57}:{goal.clause_id}", "measures", ev))
    return out


def reviewed_links(kb: KnowledgeBase, taken: set[str]) -> list[Link]:
    """Judgement links from ingest/data/links_reviewed.json, each checked against the texts."""
    raw = json.loads(resources.files("ingest.data").joinpath("links_reviewed.json").read_text(encoding="utf-8"))
    ids = {f"{c.doc_id}:{c.clause_id}" for c in kb.clauses}
    texts = {f"{c.doc_id}:{c.clause_id}": c.text for c in kb.clauses if c.lang == "en"}
    out = []
    for row in raw["links"]:
        frm, to, kind = row["from"], row["to"], row["kind"]
        for ref in (frm, to):
            if ref not in ids:
                raise CorpusError(f"reviewed link {frm} -> {to}: no clause {ref}; fix the row or the parser",
                                  file="ingest/data/links_reviewed.json")
        sent = row.get("sentence", "")
        if sent and sent not in texts.get(to, ""):
            raise CorpusError(f"reviewed link {frm} -> {to}: the sentence is not in {to} any more: {sent[:80]!r}",
                              file="ingest/data/links_reviewed.json")
        if frm in taken:
            continue  # the structure or the numbers already give this one
        ev = {"kind": "reviewed", "score": float(row.get("score", 1.0)), "note": row["note"]}
        if sent:
            ev["sentence"] = sent
        out.append(Link(frm, to, kind, (ev,), source="reviewed"))
    return out


def build_links(kb: KnowledgeBase) -> tuple[list[Link], Coverage]:
    prog, mapping = programme_links(kb)
    groups, via = group_links(kb, mapping)
    links = prog + groups + point_links(kb, mapping) + task_links(kb.tasks, via)
    measures = measure_links(kb)
    reviewed = reviewed_links(kb, {lk.from_ref for lk in links + measures})
    links += measures + reviewed + restate_links(kb, mapping)
    return links, coverage(kb, links)


def coverage(kb: KnowledgeBase, links: list[Link]) -> Coverage:
    linked = {lk.from_ref for lk in links if lk.kind in ("implements", "measures")}
    vi03 = _clauses(kb, NQ03, "vi")
    pools = {
        "programme items": [f"{NQ03}:{c}" for c, x in vi03.items() if x.kind == "item" and x.parent_id == "II"],
        "groups": [f"{NQ03}:{c}" for c, x in vi03.items() if x.kind == "group"],
        "points": [f"{NQ03}:{c}" for c, x in vi03.items() if x.kind == "point"],
        "tasks": [f"{NQ03}:{t.clause_id}" for t in kb.tasks],
        "indicators": [f"{NQ03}:{i.clause_id}" for i in kb.indicators],
    }
    cov = Coverage()
    for name, refs in pools.items():
        hit = [r for r in refs if r in linked]
        cov.counts[name] = (len(hit), len(refs))
        cov.unlinked[name] = [r.split(":", 1)[1] for r in refs if r not in linked]
    cov.restated_points = len({lk.from_ref for lk in links if lk.kind == "restates"})
    cov.reviewed = sum(1 for lk in links if lk.source == "reviewed")
    return cov


class LinkTable:
    """Look-ups over ``kb.links`` both ways: what a 03/NQ-CP clause carries out, and what carries out a 57-NQ/TW one."""

    def __init__(self, links: list[Link]) -> None:
        self.links = links
        self._from: dict[str, list[Link]] = {}
        self._to: dict[str, list[Link]] = {}
        for lk in links:
            self._from.setdefault(lk.from_ref, []).append(lk)
            self._to.setdefault(lk.to_ref, []).append(lk)

    @staticmethod
    def ref57(clause: str) -> str:
        """"III.4", "iii.4", "57-NQ/TW:III.4" -> "57-NQ/TW:III.4"."""
        clause = clause.split(":", 1)[1] if ":" in clause else clause
        return f"{NQ57}:{clause.upper()}"

    def targets(self, from_ref: str, kind: str | None = None) -> list[Link]:
        return [lk for lk in self._from.get(from_ref, []) if kind is None or lk.kind == kind]

    def sources(self, to_ref: str, kind: str | None = None) -> list[Link]:
        return [lk for lk in self._to.get(to_ref, []) if kind is None or lk.kind == kind]

    def task_item(self, no: int) -> Link | None:
        """The 57-NQ/TW section III item task ``no`` carries out."""
        found = self.targets(f"{NQ03}:appendix-II.{no}", "implements")
        return found[0] if found else None

    def tasks_for(self, clause: str) -> list[int]:
        """Task numbers carrying out a 57-NQ/TW item, in table order."""
        out = []
        for lk in self.sources(self.ref57(clause), "implements"):
            tail = lk.from_ref.rsplit(".", 1)[-1]
            if lk.from_ref.startswith(f"{NQ03}:appendix-II.") and tail.isdigit():
                out.append(int(tail))
        return sorted(out)

    def indicators_for(self, clause: str, sentence: str | None = None) -> list[str]:
        """Appendix I ids measuring a 57-NQ/TW goal clause (only those resting on ``sentence`` when given)."""
        out = []
        for lk in self.sources(self.ref57(clause), "measures"):
            if sentence is not None and not any(e.get("sentence") == sentence for e in lk.evidence):
                continue
            out.append(lk.from_ref.split("appendix-I.", 1)[1])
        return out

    def carried_out(self, clause: str) -> dict[str, int]:
        """Counts for a 57-NQ/TW clause card: tasks, points and indicators carrying it out."""
        src = self.sources(self.ref57(clause))
        return {"tasks": len(self.tasks_for(clause)),
                "points": sum(1 for lk in src if lk.kind == "implements" and lk.from_ref.count(".") == 2
                              and not lk.from_ref.startswith(f"{NQ03}:appendix")),
                "indicators": sum(1 for lk in src if lk.kind == "measures"),
                "restating": sum(1 for lk in src if lk.kind == "restates")}
