"""Generate evals/link_qa.jsonl: cross-document link questions (03/NQ-CP -> 57-NQ/TW), both languages.

Run: ``python -m evals.generators.make_link_qa`` (rewrites the file; deterministic).

Built from an independent reading of the two texts, NOT from ingest/links.py: the constants below
were read off the corpus files by hand (line numbers in corpus/004_7ab47f71d36a34c5.txt and the
sentences of corpus/002_a03b92f11f0c2dda.txt) and are what the cases expect.

- Appendix II group headings (Vietnamese table) and the first task number under each:
  I@952 -> 1, II@1124 -> 14, III@1514 -> 43, IV@1936 -> 77, V@2092 -> 89, VI@2462 -> 117,
  VII@2654 -> 132, last task 140. Each heading repeats the programme item II.n heading (lines 81, 107,
  138, 170, 200, 236, 265 of the Vietnamese programme), and the English programme items II.1-II.7
  (lines 2809, 2853, 2894, 2946, 2995, ...) have the headings of 57-NQ/TW III.1-III.7 in the same
  order: III.4 "Developing and promoting high-quality human resources and talents ..." / II.4
  "Developing and retaining high-quality human resources and talents ...".
- 57-NQ/TW II.1 (by 2030) / II.2 (2045) goal sentences and the Appendix I rows that quantify them:
  digital economy >= 30% GDP -> 10 (MIC); R&D 2% GDP, social share > 60% -> 15, 16 (MOST); TFP > 55% -> 8;
  high-tech exports >= 50% -> 9; non-cash 80% -> 12 (SBV); online public service use > 80% -> 11.1;
  5 digital technology enterprises -> 7; researchers 12 per 10,000 -> 18; patents 16-18%/year and
  commercialisation 8-10% -> 21, 22; innovating enterprises > 40% -> 13; 2045 digital economy >= 50% -> 36;
  2045 10 digital technology enterprises -> 39; smart cities -> 24; cover 5G nationwide -> 23.4.
"""

from __future__ import annotations

from typing import Any

from evals.generators.common import EVALS_DIR, case, indicator_ref, task_ref, write_jsonl

# group -> (57-NQ/TW item, first task, last task, corpus line of the Vietnamese group heading)
GROUPS = {
    "I": ("III.1", 1, 13, 952), "II": ("III.2", 14, 42, 1124), "III": ("III.3", 43, 76, 1514),
    "IV": ("III.4", 77, 88, 1936), "V": ("III.5", 89, 116, 2092), "VI": ("III.6", 117, 131, 2462),
    "VII": ("III.7", 132, 140, 2654),
}
ITEM_GROUP = {v[0]: k for k, v in GROUPS.items()}

# topic questions: (id, lang, question, 57-NQ/TW item)
TOPICS = [
    ("hr-en", "en", "Which tasks carry out what Resolution 57 says about human resources?", "III.4"),
    ("hr-talent-en", "en", "Which Action Programme tasks implement the Politburo's resolution on high-quality human resources and talents?", "III.4"),
    ("hr-vi", "vi", "Những nhiệm vụ nào thực hiện nội dung về nguồn nhân lực của Nghị quyết 57?", "III.4"),
    ("hr-vi-nodia", "vi", "nhung nhiem vu nao thuc hien noi dung ve nhan luc chat luong cao cua nghi quyet 57", "III.4"),
    ("inst-en", "en", "Which tasks carry out what Resolution 57 says about institutions?", "III.2"),
    ("inst-vi", "vi", "Các nhiệm vụ nào thực hiện nội dung hoàn thiện thể chế của Nghị quyết 57?", "III.2"),
    ("infra-en", "en", "Which tasks implement Resolution 57's section on infrastructure?", "III.3"),
    ("infra-vi", "vi", "Nhiệm vụ nào triển khai nội dung về hạ tầng của Nghị quyết 57?", "III.3"),
    ("intl-en", "en", "Which tasks carry out the international cooperation part of Resolution 57?", "III.7"),
    ("intl-vi", "vi", "Những nhiệm vụ nào thực hiện nội dung hợp tác quốc tế của Nghị quyết 57-NQ/TW?", "III.7"),
    ("ent-en", "en", "Which tasks carry out what Resolution 57 says about science and innovation in enterprises?", "III.6"),
    ("aware-en", "en", "Which tasks implement what Resolution 57 says about raising awareness and innovation of thinking?", "III.1"),
    ("gov-en", "en", "Which tasks carry out what Resolution 57 says about digital transformation in agencies of the political system?", "III.5"),
]

# task -> clause questions: (task number, lang, question)
TASK_QS = [
    (110, "vi", "Nhiệm vụ 110 thực hiện nội dung nào của Nghị quyết 57?"),
    (110, "en", "Which part of Resolution 57 does task 110 carry out?"),
    (5, "en", "Which section of Resolution 57-NQ/TW does task 5 implement?"),
    (5, "vi", "nhiem vu 5 thuc hien muc nao cua nghi quyet 57"),
    (30, "en", "What part of Resolution 57 does task 30 implement?"),
    (50, "en", "Which part of Resolution 57 does task 50 carry out?"),
    (50, "vi", "Nhiệm vụ 50 triển khai phần nào của Nghị quyết 57-NQ/TW?"),
    (80, "en", "Which clause of Resolution 57 does task 80 carry out?"),
    (80, "vi", "Nhiệm vụ 80 thực hiện nội dung nào của Nghị quyết số 57?"),
    (100, "en", "Which part of Resolution 57 does task 100 implement?"),
    (120, "vi", "Nhiệm vụ 120 cụ thể hóa nội dung nào của Nghị quyết 57?"),
    (135, "en", "Which part of Resolution 57 does task 135 carry out?"),
    (135, "vi", "Nhiệm vụ 135 thực hiện nội dung nào của Nghị quyết 57?"),
]

# goal questions: (id, lang, question, goal clause, indicators, key facts)
GOALS: list[tuple[str, str, str, str, list[str], list[list[str]]]] = [
    ("de2030-en", "en", "Is the 2030 digital-economy target tracked?", "II.1", ["10"],
     [["30"], ["Ministry of Information and Communications", "MIC"]]),
    ("de2030-en2", "en", "Is Resolution 57's 2030 digital economy goal measured by an indicator, and who monitors it?", "II.1",
     ["10"], [["30"], ["Ministry of Information and Communications", "MIC"]]),
    ("de2030-vi", "vi", "Mục tiêu kinh tế số năm 2030 của Nghị quyết 57 có được theo dõi bằng chỉ tiêu nào không?", "II.1",
     ["10"], [["30"], ["Bộ Thông tin và Truyền thông"]]),
    ("de2045-en", "en", "Is the 2045 digital economy target of Resolution 57 tracked?", "II.2", ["36"], [["50"]]),
    ("de2045-vi", "vi", "Mục tiêu quy mô kinh tế số năm 2045 của Nghị quyết 57 có chỉ tiêu theo dõi không?", "II.2", ["36"],
     [["50"]]),
    ("rd-en", "en", "Is the 2030 R&D target in Resolution 57 tracked by an indicator, and who monitors it?", "II.1",
     ["15", "16"], [["Ministry of Science and Technology", "MOST"]]),
    ("rd-vi", "vi", "Mục tiêu chi cho nghiên cứu phát triển đến 2030 của Nghị quyết 57 có được theo dõi không?", "II.1",
     ["15", "16"], [["Bộ Khoa học và Công nghệ"]]),
    ("tfp-en", "en", "Is Resolution 57's 2030 target for total factor productivity tracked?", "II.1", ["8"], [["55"]]),
    ("hightech-en", "en", "Is the 2030 target for high-tech product exports measured by an indicator?", "II.1", ["9"], [["50"]]),
    ("cash-en", "en", "Is the 2030 non-cash transactions target of Resolution 57 tracked?", "II.1", ["12"], [["80"]]),
    ("cash-vi", "vi", "Mục tiêu giao dịch không dùng tiền mặt năm 2030 của Nghị quyết 57 có được theo dõi bằng chỉ tiêu không?",
     "II.1", ["12"], [["80"]]),
    ("researchers-en", "en", "Is Resolution 57's 2030 target of 12 researchers per 10,000 people tracked?", "II.1", ["18"],
     [["12"]]),
    ("patents-en", "en", "Is the 2030 patent target of Resolution 57 tracked by indicators?", "II.1", ["21", "22"], [["16"]]),
    ("enterprises-en", "en", "Is the 2030 target for enterprises with innovation activities tracked?", "II.1", ["13"], [["40"]]),
    ("5g-en", "en", "Is Resolution 57's 2030 goal to cover 5G nationwide tracked?", "II.1", ["23.4"], [["99"]]),
    ("smartcity-vi", "vi", "Mục tiêu xây dựng đô thị thông minh đến 2030 của Nghị quyết 57 có được theo dõi không?", "II.1",
     ["24"], [["6"]]),
    ("dte2045-en", "en", "Is the 2045 goal of 10 digital technology enterprises on par with advanced countries tracked?",
     "II.2", ["39"], [["10"]]),
]

# indicator -> goal questions: (indicator, lang, question, goal clause)
IND_QS = [
    ("10", "en", "Which target of Resolution 57 does indicator 10 measure?", "II.1"),
    ("10", "vi", "Chỉ tiêu 10 đo lường mục tiêu nào của Nghị quyết 57?", "II.1"),
    ("15", "en", "Which Resolution 57 goal does indicator 15 track?", "II.1"),
    ("36", "en", "Which part of Resolution 57 does indicator 36 measure?", "II.2"),
    ("8", "vi", "Chỉ tiêu 8 thực hiện mục tiêu nào của Nghị quyết 57?", "II.1"),
]


def _group_note(group: str) -> str:
    item, first, last, line = GROUPS[group]
    return (f"hand-read: Appendix II group {group} heading at corpus/004 line {line}, tasks {first}-{last}; "
            f"its heading repeats programme item II.{item[-1]}, whose English heading matches 57-NQ/TW {item}")


def cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for group, (item, first, last, _) in GROUPS.items():
        nums = list(range(first, last + 1))
        for lang, q in (("en", f"Which tasks carry out Resolution 57-NQ/TW section {item}?"),
                        ("vi", f"Những nhiệm vụ nào thực hiện mục {item} của Nghị quyết 57?")):
            out.append(case(id=f"lq-item-{item}-{lang}", suite="link", language=lang, category="tasks_for_clause",
                            question=q, expect={"tasks": nums, "refused": False,
                                                "citations": [f"57-NQ/TW:{item}"] + [task_ref(n) for n in nums],
                                                "link_to": [f"57-NQ/TW:{item}"]},
                            checked=_group_note(group)))
    for cid, lang, q, item in TOPICS:
        group = ITEM_GROUP[item]
        _, first, last, _ = GROUPS[group]
        nums = list(range(first, last + 1))
        out.append(case(id=f"lq-topic-{cid}", suite="link", language=lang, category="topic", question=q,
                        expect={"tasks": nums, "refused": False,
                                "citations": [f"57-NQ/TW:{item}"] + [task_ref(n) for n in nums],
                                "link_to": [f"57-NQ/TW:{item}"]},
                        checked=_group_note(group) + f"; topic read as 57-NQ/TW {item} from its heading"))
    for no, lang, q in TASK_QS:
        group = next(g for g, (_, a, b, _) in GROUPS.items() if a <= no <= b)
        item = GROUPS[group][0]
        out.append(case(id=f"lq-task-{no}-{lang}", suite="link", language=lang, category="clause_for_task", question=q,
                        expect={"tasks": [no], "refused": False, "citations": [f"57-NQ/TW:{item}", task_ref(no)],
                                "key_facts": [[item], [group]], "link_to": [f"57-NQ/TW:{item}"]},
                        checked=_group_note(group)))
    for cid, lang, q, goal, inds, facts in GOALS:
        out.append(case(id=f"lq-goal-{cid}", suite="link", language=lang, category="indicator_for_target", question=q,
                        expect={"indicators": inds, "refused": False,
                                "citations": [f"57-NQ/TW:{goal}"] + [indicator_ref(i) for i in inds],
                                "key_facts": facts, "link_to": [f"57-NQ/TW:{goal}"]},
                        checked=f"hand-read: 57-NQ/TW {goal} goal sentence and Appendix I row(s) {', '.join(inds)} "
                                "(same number and unit, see module docstring)"))
    for ind, lang, q, goal in IND_QS:
        out.append(case(id=f"lq-ind-{ind}-{lang}", suite="link", language=lang, category="clause_for_indicator",
                        question=q, expect={"indicators": [ind], "refused": False,
                                            "citations": [f"57-NQ/TW:{goal}", indicator_ref(ind)],
                                            "link_to": [f"57-NQ/TW:{goal}"]},
                        checked=f"hand-read: Appendix I row {ind} quantifies a 57-NQ/TW {goal} goal sentence"))
    return out


def main() -> None:
    write_jsonl(EVALS_DIR / "link_qa.jsonl", cases())


if __name__ == "__main__":
    main()
