"""Lexical index: folded syllables + bigrams, so accents and case do not matter."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vectorstore.lexical import LexicalIndex, lexical_tokens


def test_tokens_fold_case_and_diacritics() -> None:
    expected = ["bo", "y", "te", "bo_y", "y_te"]
    assert lexical_tokens("Bộ Y tế") == expected
    assert lexical_tokens("bo y te") == expected
    assert lexical_tokens("BỘ Y TẾ") == expected
    assert lexical_tokens("Đài Tiếng nói") == ["dai", "tieng", "noi", "dai_tieng", "tieng_noi"]
    assert lexical_tokens("chỉ tiêu 11.1") == ["chi", "tieu", "11.1", "chi_tieu", "tieu_11.1"]
    assert lexical_tokens("") == []


def test_index_scores_save_load_and_mask(tmp_path: Path) -> None:
    docs = [
        "Cơ quan chủ trì: Bộ Y tế",
        "Cơ quan chủ trì: Bộ Tài chính",
        "The Ministry of Health leads",
        "Y tế cơ sở và bộ phận khác",  # same syllables, not the same word
    ]
    index = LexicalIndex.build(docs)
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    for q in ("bo y te", "BỘ Y TẾ", "Bộ Y tế"):
        scores = loaded.scores(q)
        assert int(np.argmax(scores)) == 0
        assert scores[0] > scores[3] > 0  # the bigram "bo_y" rewards the real word
        assert scores[2] == 0
    mask = np.array([False, True, True, True])
    masked = loaded.scores("bo y te", mask)
    assert masked[0] == 0 and masked[3] > 0
    assert not loaded.scores("zzz unknown").any()
    assert not loaded.scores("").any()
