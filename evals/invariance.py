"""Paraphrase invariance (CheckList-style): every table case asked in other words must get the same answer.

For each gold table case, deterministic variants are generated: diacritics removed, the agency's name
misspelt by one edit, abbreviation and full name swapped, polite or colloquial wrappers ("please
list…", "cho tôi biết…"), lower case without punctuation, and the document named at the end. A variant
passes when its task set, indicator set and refusal equal those of the original question's answer in
the same run (not the gold set: a wrong original is the table metrics' business).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from evals.cases import Case
from ingest.gazetteer import Gazetteer

_EN_WRAP = ("Please tell me: {q}", "Hi, quick question. {q}", "Could you check this for me? {q}")
_EN_SUFFIX = "{q} (according to Resolution 03/NQ-CP)"
_VI_WRAP = ("Cho tôi biết: {q}", "Xin hỏi, {q}", "Anh/chị cho em hỏi: {q}")
_VI_SUFFIX = "{q} (theo Nghị quyết 03/NQ-CP)"


@dataclass(frozen=True)
class Variant:
    case: Case
    kind: str
    question: str


def strip_marks(text: str) -> str:
    """Vietnamese typed without diacritics: tone and vowel marks off, đ -> d, case kept."""
    out = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in out if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", out.replace("đ", "d").replace("Đ", "D"))


def _typo(word: str, seed: str) -> str:
    """One edit inside a long word: two inner letters swapped, or one dropped (seeded by the case id)."""
    h = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    i = 1 + h % (len(word) - 3)
    if (h >> 8) % 2 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i + 1:]


def _agency_variants(case: Case, gaz: Gazetteer) -> Iterable[tuple[str, str]]:
    q = case.question
    mentions = gaz.find_mentions(q)
    if not mentions:
        return
    m = mentions[0]
    agency = gaz.get(m.agency_id)
    written = q[m.start:m.end]
    words = re.findall(r"[^\W\d_]{6,}", written)
    if len(written.split()) >= 2 and words:
        longest = max(words, key=len)
        yield "agency-typo", q[:m.start] + written.replace(longest, _typo(longest, case.id), 1) + q[m.end:]
    full = agency.name_vi if case.language == "vi" else agency.name_en
    if agency.abbrev and written.strip() != agency.abbrev and agency.kind not in ("collective", "province") \
            and case.language == "en":
        yield "abbreviation", q[:m.start] + agency.abbrev + q[m.end:]
    elif agency.abbrev and written.strip() == agency.abbrev and full:
        yield "full-name", q[:m.start] + full + q[m.end:]


def variants(case: Case, gaz: Gazetteer) -> list[Variant]:
    q = case.question
    out: list[tuple[str, str]] = []
    vi = case.language == "vi"
    if not case.history:
        wraps = _VI_WRAP if vi else _EN_WRAP
        for i, w in enumerate(wraps):
            body = q[0].lower() + q[1:] if i and q[:2] != q[:2].upper() else q
            out.append((f"wrapper-{i + 1}", w.format(q=body)))
        out.append(("document-named", (_VI_SUFFIX if vi else _EN_SUFFIX).format(q=q.rstrip("?. ")) + "?"))
        out.extend(_agency_variants(case, gaz))
    out.append(("lower-no-punct", re.sub(r"[?!.]+\s*$", "", q).lower()))
    if vi and strip_marks(q) != q:
        out.append(("no-diacritics", strip_marks(q)))
    return [Variant(case, k, v) for k, v in out if v.strip() and v != q]


def _signature(got: dict[str, Any]) -> tuple:
    return (tuple(sorted(int(n) for n in got.get("tasks") or [])), tuple(sorted(map(str, got.get("indicators") or []))),
            bool(got.get("refused")))


@dataclass
class InvarianceResult:
    variant: Variant
    same: bool
    expected: tuple
    got: tuple
    rule: str = ""


def run(assistant: Any, cases: list[Case], gaz: Gazetteer, originals: dict[str, dict[str, Any]],
        default_as_of: Any) -> list[InvarianceResult]:
    """Ask every variant of every table case; compare with the original's answer in ``originals``."""
    out: list[InvarianceResult] = []
    for case in cases:
        if case.suite != "table" or case.id not in originals:
            continue
        want = _signature(originals[case.id])
        for v in variants(case, gaz):
            try:
                ans = assistant.ask(v.question, history=list(case.history) or None,
                                    as_of=case.as_of or default_as_of)
            except Exception as exc:  # a crash on a paraphrase is a changed answer, not a reason to stop
                out.append(InvarianceResult(v, False, want, ((), (), False), f"error: {type(exc).__name__}"))
                continue
            got = ans.to_dict() if hasattr(ans, "to_dict") else dict(ans)
            sig = _signature(got)
            out.append(InvarianceResult(v, sig == want, want, sig, str(got.get("rule") or "")))
    return out


def metrics(results: list[InvarianceResult]) -> dict[str, float]:
    if not results:
        return {}
    m = {"invariance.rate": sum(r.same for r in results) / len(results), "invariance.variants": float(len(results))}
    kinds: dict[str, list[bool]] = {}
    for r in results:
        kinds.setdefault(r.variant.kind.split("-")[0] if r.variant.kind.startswith("wrapper") else r.variant.kind,
                         []).append(r.same)
    for k, v in sorted(kinds.items()):
        m[f"invariance.rate.kind.{k}"] = sum(v) / len(v)
    return m


def failures(results: list[InvarianceResult], limit: int = 50) -> list[dict[str, Any]]:
    return [{"case": r.variant.case.id, "kind": r.variant.kind, "question": r.variant.question,
             "expected": list(r.expected[0]), "got": list(r.got[0]), "refused": r.got[2], "rule": r.rule}
            for r in results if not r.same][:limit]
