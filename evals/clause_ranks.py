"""Where the clause that states each gold clause fact ranks, per retriever (dense, lexical, fused, passage rerank).

Run: ``python -m evals.clause_ranks``. For every clause gold question (evals/clause_qa.jsonl) the
question, with the documents' names stripped as the passage answer does, goes to each retriever mode
(k=10), filtered to the document the question names as the answer is; the first expected clause's rank is recorded, and for the passage pipeline (fused + lexical
top two + coverage rerank, ``assistant.answer_passage.retrieve``) too. Prints recall@1/@5 and MRR per
mode for the tuning split and the held-out split; misses are listed for the tuning split only (the
held-out questions are never read while changing code).
"""

from __future__ import annotations

import json

from assistant.answer_passage import retrieve, strip_doc_refs
from assistant.core import Assistant
from assistant.glossary import expand_query
from evals.cases import EVALS_DIR
from evals.metrics import supports


def _rank(ids: list[str], want: list[str]) -> int | None:
    return next((i for i, c in enumerate(ids, 1) if any(supports(c, w) for w in want)), None)


def main() -> None:
    a = Assistant.load(build=False)
    rows = [json.loads(x) for x in (EVALS_DIR / "clause_qa.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    modes = ("dense", "lexical", "hybrid", "passage")
    table: dict[str, dict[str, list[int | None]]] = {"tune": {m: [] for m in modes}, "heldout": {m: [] for m in modes}}
    misses: list[str] = []
    for d in rows:
        split = d.get("split", "tune")
        plain = strip_doc_refs(d["question"])
        hint = a.understander.frame(d["question"]).doc_hint  # the document the question names filters, as in answers
        docs = [hint] if hint else None
        want = d["expect"]["clauses_any"]
        got: dict[str, int | None] = {}
        for m in modes[:3]:
            lq = expand_query(plain) if m != "dense" else None
            hits = a.retriever.search(plain if m != "lexical" else lq, k=10, mode=m, lexical_query=lq, doc_ids=docs)
            got[m] = _rank([h.citation_id for h in hits], want)
        got["passage"] = _rank([h.citation_id for h in retrieve(a.retriever, plain, expand_query(plain), docs)], want)
        for m in modes:
            table[split][m].append(got[m])
        if split == "tune" and got["passage"] != 1:
            misses.append(f"  {d['id']}: " + ", ".join(f"{m}={got[m]}" for m in modes) + f"  want {want}")
    for split, by_mode in table.items():
        n = len(by_mode["dense"])
        print(f"{split} ({n} questions)")
        for m, ranks in by_mode.items():
            r1 = sum(r == 1 for r in ranks) / n
            r5 = sum(r is not None and r <= 5 for r in ranks) / n
            mrr = sum(1 / r for r in ranks if r) / n
            print(f"  {m:<8} recall@1 {r1:.3f}  recall@5 {r5:.3f}  MRR {mrr:.3f}")
    print("tuning-split questions whose clause is not first in the passage pipeline:")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
