"""The abstention threshold's trade-off on the tuning split: right / wrong / abstained per threshold.

Run from the project root: ``python -m evals.threshold_sweep``. Every tuning clause question (held-out
ones are skipped) is answered once; for those the router sends to the passage answer, the answer's
confidence (``confidence=`` in ``Answer.notes``: the best sentence's share of the question) and its
outcome are kept, and each threshold is applied to them afterwards. ``MIN_COVERAGE`` in
``assistant/passage_compose.py`` is the threshold in force.
"""

from __future__ import annotations

import re

from assistant.core import Assistant
from evals.cases import load_suites
from evals.metrics import score
from evals.runner import DEFAULT_AS_OF, answer_dict, clause_ids_for
from ingest.settings import Settings

THRESHOLDS = (0.30, 0.34, 0.38, 0.42, 0.46, 0.50, 0.55)


def outcomes() -> list[tuple[float, str]]:
    settings = Settings.from_env()
    a = Assistant.load(settings, build=False)
    ids = clause_ids_for(settings, a)
    rows: list[tuple[float, str]] = []
    for c in load_suites(["clause"]):
        if c.split == "heldout":
            continue
        ans = a.ask(c.question, history=list(c.history) or None, as_of=c.as_of or DEFAULT_AS_OF)
        m = re.search(r"confidence=([0-9.]+)", " ".join(ans.notes or []))
        if ans.route != "passage" or m is None:
            continue
        r = score(c, answer_dict(ans), 0.0, ids, None)
        rows.append((float(m.group(1)), "right" if r.direct_ok and not r.abstained else
                     "abstained" if r.abstained else "wrong"))
    return rows


def main() -> None:
    rows = outcomes()
    print(f"{len(rows)} tuning questions answered as passages")
    for th in THRESHOLDS:
        kept = [o for c, o in rows if c >= th]
        print(f"threshold {th:.2f}: right {kept.count('right')}, wrong {kept.count('wrong')}, "
              f"abstained {len(rows) - len(kept) + kept.count('abstained')}")


if __name__ == "__main__":
    main()
