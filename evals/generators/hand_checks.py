"""The hand-checked sample: cases whose expectation a person re-derived from the file by reading it.

Each note says which lines were read (004_7ab47f71d36a34c5.txt unless another file is named) and
what they show. ``make_table_qa`` appends the note to the case's ``checked`` field; the clause and
refusal generators verify their evidence mechanically, and their sample is listed in evals/README.md.
Re-check these notes whenever the corpus file changes.
"""

from __future__ import annotations

HAND_CHECKED: dict[str, str] = {
    # lead_scan
    "tq-lead-moh-en": "rows 110/111 (2378-2400) name 'Bộ Y tế' as lead (2382, 2394); the only other 'Bộ Y tế' in "
    "Appendix II is the coordinating cell of 112 (2408); deadlines 03/2025 (2388) and 2025 (2400)",
    "tq-lead-mofa-vi": "lead cells 2682, 2694, 2706, 2718 (tasks 133-136); otherwise only in the coordinating cell of 46 (1568)",
    "tq-lead-mot-en": "grep 'Bộ Giao thông vận tải' in Appendix II: 1638 (lead 52), 2252 (lead 101), 2358 (lead 108); "
    "in no coordinating cell",
    "tq-lead-moj-en": "'Bộ Tư pháp' occurs only at 1448 (coordinating cell of 37) and 1450 (its output cell)",
    "tq-lead-most-en": "20 lead cells by grep (1148 ... 2766), incl. the typo 'Bộ Khoa học, Công nghệ' (1566, task 46) "
    "and the lead list of 108 (2358); task 11's 1092 paragraph is read as coordinating (see IRREGULAR)",
    # coord_scan
    "tq-coord-most-abbr": "24 coordinating cells by grep (982 ... 2744) plus the lower-case 'Bộ Khoa học và công nghệ' "
    "of task 87 (2074)",
    "tq-coord-moh-en": "coordinating cell of 112 (2408) is 'Bộ Y tế'; no other",
    "tq-coord-mnd-abbr": "'Bộ Quốc phòng' at 1508 (coordinating 42) and 1628 (coordinating 51); the rest are lead cells",
    "tq-coord-gi-en": "'Thanh tra Chính phủ' occurs only in the coordinating cell of 14 (1150)",
    # joint lead
    "tq-joint-mps-mnd-vi": "2276 and 2288 read 'Bộ Thông tin và Truyền thông, Bộ Quốc phòng, Bộ Công an' (tasks 103, 104)",
    "tq-joint-go-mps-en": "2418 reads 'Văn phòng Chính phủ; Bộ Công an' (task 113); no other cell names both",
    # deadline_scan
    "tq-month-2025-06-en": "exact-cell grep for 6/2025 and 06/2025: 974, 1010, 1022, 1098, 1238, 1452, 1898, 2138, "
    "2150, 2174, 2186, 2412, 2640 = tasks 1, 4, 5, 11, 21, 37, 73, 91, 92, 94, 95, 112, 130",
    "tq-by-2025-03-en": "01/2025 (1046, task 7), 03/2025 (1060, task 8), 2/2025 (1226, task 20), 3/2025 (1922, "
    "task 75), 03/2025 (2388, task 110); nothing else is due before April 2025",
    "tq-quarter-2025-2-en": "the June set plus 'Tháng 5/2025' (1190, task 17) and 'Quý II/2025' (2556, task 123, "
    "the only quarter deadline)",
    "tq-overdue-all-2025-07-01-en": "the 20 month/quarter cells due by 2025-06-30 from the greps above; year deadlines "
    "fall due 2025-12-31 at the earliest",
    "tq-none-en": "task 42 (1502-1512): lead 1506, coordinating 1508, output and deadline hold only no-break spaces",
    # row_scan
    "tq-task-42-en": "lead 'Bộ Công an' (1506); no deadline cell content (1510, 1512 are no-break spaces)",
    "tq-task-11-en": "1086-1098: lead 'Bộ Thông tin và Truyền thông' (1090), then 'Bộ Khoa học và Công nghệ' (1092) and "
    "'Các bộ, ngành, địa phương' (1094), output 1096, deadline 6/2025 (1098)",
    "tq-task-71-vi": "1862-1874: coordinating '-' (1868); output split over 1870 and 1872; deadline 2026 (1874)",
    # indicator_scan
    "tq-ind-32-vi": "Appendix I row 32: target '≥ 95' (829), monitoring agency 'Bộ Y tế' (831)",
    "tq-ind-monitor-go-vi": "'Văn phòng Chính phủ' monitor cells 481-581 belong to rows 11.2-11.12 (473-573); it is "
    "named in no other Appendix I row",
    "tq-ind-2045-en": "heading 'II' / 'Đến năm 2045' (865) followed by rows 36-41 up to 'PHỤ LỤC II' (935)",
    # follow-ups and successors
    "tq-follow-mic-by-2025-03": "of MIC's lead rows only task 8 (lead 1052) is due by March 2025 (03/2025, 1060)",
    "tq-succ-mae-en": "MONRE lead cells 1626, 1638, 1650, 2240, 2264, 2358 (51, 52, 53, 100, 102, 108, incl. the "
    "lower-case 'môi trường' of 51/52); MARD only in 2358 (108)",
}
