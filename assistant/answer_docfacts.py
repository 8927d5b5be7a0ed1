"""When, by whom and from when each resolution was issued (assistant/data/document_facts.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from assistant.answer_passage import PassageResult
from assistant.citations import ClauseIndex, short_ref
from ingest.errors import CorpusError

_ISSUED = re.compile(
    # The document is what was issued ("When was Resolution 57 issued?"), not ministries' plans.
    r"\b(?:when|what date|which date|what year)\b (?:was|were|did|is)\b.{0,60}\b(?:issu\w*|sign\w*|adopt\w*|pass\w*|"
    r"promulgat\w*|dated|approv\w*|release\w*|enact\w*)|\bdate of (?:issu\w*|sign\w*|adoption|promulgation)\b|\bngay ban hanh\b|\bban hanh (?:ngay nao|khi nao|luc nao|nam nao|vao "
    r"(?:ngay|thoi gian) nao|bao gio)|\bky (?:ngay nao|khi nao|luc nao|bao gio)|\bngay ky\b|\bthoi diem ban hanh\b|"
    r"\bissue date\b|\bdate (?:it was )?(?:issued|signed)\b"
)
# A law, decree or decision just before "ban hành …" / "issued …": the act asked about is that one.
_OTHER_ACT_ISSUED = re.compile(r"\b(?:luat|nghi dinh|quyet dinh|thong tu|law|decree|decision)\b[^,.;?]{0,30}"
                               r"\b(?:ban hanh|issued|enacted|passed)\b")
_SIGNED = re.compile(
    r"\bwho\b.{0,30}\b(?:sign\w*|issu\w*|adopt\w*|approv\w*|promulgat\w*|enact\w*)|\bsigned by\b|\bsignator\w*|"
    r"\bnguoi ky\b|\bai ky\b|\bai (?:da )?ban hanh\b|\bco quan (?:nao )?ban hanh\b|\bissuing (?:body|authority)\b|"
    r"\b(?:issued|signed) by (?:whom|who)\b|\band by whom\b|\b(?:nghi quyet|resolution)\b.{0,25}\b(?:do ai|cua ai)\b|"
    # "tổng bí thư nào ký", "which General Secretary signed": who, by the office named
    r"\b(?:tong bi thu|thu tuong|pho thu tuong|lanh dao|nguoi) nao (?:da )?ky\b|"
    r"\bwhich (?:general secretary|prime minister|deputy prime minister|official|leader)\b.{0,20}\bsign\w*"
)
_PROPOSED = re.compile(
    r"\b(?:de nghi|to trinh|at the (?:request|proposal) of|proposed by|who proposed|submitted by|who drafted|"
    r"submission|statement no)\b"
)
_EFFECT = re.compile(
    r"\b(?:take|takes|taking|come|comes|came|took|enter|enters|entered|go|goes|went) (?:into )?(?:effect|force)\b|"
    r"\beffective (?:date|from|since|as of)\b|\bin force\b|\bhieu luc\b|\bwhen (?:is|was|does|did) .{0,30}effective\b"
)


@dataclass(frozen=True)
class DocFact:
    doc: str
    kind: str  # issued | signed | effect
    cite: tuple[str, str] | None
    quote: dict[str, str]
    text: dict[str, str]


def load_doc_facts(index: ClauseIndex) -> list[DocFact]:
    """The facts, each checked against the clause it cites: a quote that is not there is a corpus error."""
    path = resources.files("assistant.data").joinpath("document_facts.json")
    out: list[DocFact] = []
    for raw in json.loads(path.read_text(encoding="utf-8"))["facts"]:
        cite = tuple(raw["cite"]) if raw.get("cite") else None
        quote = raw.get("quote") or {}
        if cite is not None:
            for lang, q in quote.items():
                clause = index.get(cite[0], cite[1], lang)
                if clause is None or q not in clause.text:
                    raise CorpusError(str(path), 0, f"the {raw['kind']} fact of {raw['doc']} quotes {q!r}, which "
                                      f"is not in {cite[0]}:{cite[1]} ({lang}); fix document_facts.json")
        out.append(DocFact(raw["doc"], raw["kind"], cite, dict(quote), {"en": raw["en"], "vi": raw["vi"]}))  # type: ignore[arg-type]
    return out


def asked_kinds(folded: str) -> list[str]:
    kinds = []
    if _ISSUED.search(folded):
        kinds.append("issued")
    if _SIGNED.search(folded):
        kinds += ["issued", "signed"] if "issued" not in kinds else ["signed"]
    if _EFFECT.search(folded):
        kinds.append("effect")
    if _PROPOSED.search(folded):
        kinds.append("proposed")
    # Only about the resolutions themselves: "Luật Nhà giáo do ai chủ trì?" is a task question. The
    # programme is issued with 03/NQ-CP, by the same act ("CTHĐ được ban hành theo đề nghị của ai?").
    if kinds and not re.search(r"\b(?:nghi quyet|resolution|57|03|nq|nq ?57|nq ?03|van ban|document|"
                               r"chuong trinh hanh dong|action program(?:me)?|the program(?:me)?|cthd)\b", folded):
        return []
    if kinds == ["issued"] and _OTHER_ACT_ISSUED.search(folded):
        return []  # "NQ03 yêu cầu sửa Luật KHCN ban hành năm nào?": the law's year, which the passages give
    return kinds


def doc_facts_answer(facts: list[DocFact], kinds: list[str], doc_hint: str | None, lang: str) -> PassageResult:
    docs = [doc_hint] if doc_hint in ("03/NQ-CP", "57-NQ/TW") else ["57-NQ/TW", "03/NQ-CP"]
    lines: list[str] = []
    cited: list[tuple[str, str, str, str]] = []
    for doc in docs:
        for kind in kinds:
            fact = next((f for f in facts if f.doc == doc and f.kind == kind), None)
            if fact is None:
                continue
            line = fact.text[lang]
            if fact.cite is not None:
                qlang = lang if lang in fact.quote else next(iter(fact.quote))
                quote = fact.quote[qlang]
                cited.append((fact.cite[0], fact.cite[1], qlang, quote))
                line += f" {short_ref(fact.cite[0], fact.cite[1], lang)}: “{quote}”"
            lines.append(f"- {line}")
    return PassageResult("\n".join(lines), cited, found=bool(lines))
