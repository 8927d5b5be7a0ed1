"""Word lists and patterns the router uses to tell question shapes apart."""

from __future__ import annotations

import re

from assistant.understanding.parse import Query

# Questions after a target figure ("what share…", "tỷ lệ … bao nhiêu", "target for …").
TARGET_Q = re.compile(
    r"\b(targets?|what share|what proportion|what percentage|how many|how much|what rate|muc tieu|ty le|ty trong|"
    r"bao nhieu|chi tieu|at least|toi thieu|reach|dat)\b"
)
# "Which ministry has the most tasks?", "Bộ nào chủ trì nhiều nhiệm vụ nhất?", "tasks per ministry".
RANKING = re.compile(
    r"\b(?:the )?(?:most|fewest|least|largest number of|highest number of) (?:number of )?tasks\b|"
    r"\bnhieu nhiem vu nhat\b|\bit nhiem vu nhat\b|\b(?:chu tri|phoi hop|co) nhieu nhat\b|"
    r"\b(?:tasks|nhiem vu) (?:per|by|for each|of each|cua moi|cua tung) (?:ministry|agency|body|bo|co quan)\b|"
    r"\b(?:each|every) (?:ministry|agency|body) (?:lead|leads|have|has|coordinat)|\bmoi bo\b|\btung bo\b|"
    r"\b(?:rank|ranking|xep hang) (?:of )?(?:the )?(?:ministries|agencies|bodies|cac bo|co quan)\b"
)
FEWEST = re.compile(r"\b(fewest|least|it nhat|it nhiem vu nhat)\b")
# Words that leave "how many tasks/indicators are there?" unnarrowed.
TOTAL_TERMS = {"how", "many", "number", "total", "tasks", "task", "indicators", "indicator", "there", "appendix",
                "action", "programme", "program", "listed", "list", "lists", "contain", "contains", "include",
                "includes", "set", "sets", "out", "altogether", "all", "overall", "national", "government",
                "nhiem", "chi", "tieu", "bao", "nhieu", "tat", "tong", "cong", "phu", "luc", "chuong", "trinh",
                "hanh", "dong", "so", "luong", "gom", "ban", "kem", "theo", "quoc", "gia", "chinh",
                "count", "are", "have", "has", "does", "resolution", "nq-cp", "03/nq-cp", "cp", "nq", "03", "57"}
LISTING_TERMS = {"list", "show", "give", "every", "what", "indicators", "indicator", "nhung", "co", "gom", "liet",
                  "ke", "danh", "sach", "national", "quoc", "gia", "there", "contain", "contains", "include",
                  "includes", "the", "resolution", "nghi", "quyet", "03", "57", "03/nq-cp", "nq-cp", "cp", "nq"}
INDICATOR_TERMS = {"have", "has", "with", "set", "sets", "co", "dat",
                    "indicator", "indicators", "target", "targets", "appendix", "chi", "tieu", "muc", "phu", "luc",
                    "2030", "2045", "which", "list", "all", "cac", "nao", "nhung", "nam", "den", "for", "are"}


def horizon_years(q: Query) -> tuple[int, ...]:
    """Every goal horizon the question names, in the documents' order."""
    return tuple(year for year in (2030, 2045) if str(year) in q.folded)


def horizon_year(q: Query) -> int | None:
    """The first goal horizon the question names (2030 before 2045)."""
    years = horizon_years(q)
    return years[0] if years else None
