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


def test_numpy_scores_equal_bm25s_on_a_saved_index(tmp_path) -> None:
    """Queries read the saved bm25s arrays with numpy alone; the scores must be bm25s's own."""
    import bm25s
    import numpy as np

    from vectorstore.lexical import LexicalIndex, query_tokens

    texts = ["Bộ Y tế chủ trì xây dựng cơ sở dữ liệu y tế", "Ministry of Health builds the health database",
             "Bộ Tài chính bảo đảm kinh phí hằng năm", "digital transformation of health care", ""]
    LexicalIndex.build(texts).save(tmp_path / "lex")
    ours = LexicalIndex.load(tmp_path / "lex")
    ref = bm25s.BM25.load(str(tmp_path / "lex"))
    mask = np.array([True, False, True, True, True])
    for q in ["bo y te", "health health database", "kinh phí hằng năm", "nothing matches xyzzy", "y te y te"]:
        ids = ref.get_tokens_ids(query_tokens(q))
        want = np.asarray(ref.get_scores_from_ids(ids), dtype=np.float32) if ids else np.zeros(5, np.float32)
        np.testing.assert_allclose(ours.scores(q), want, rtol=1e-6)
        np.testing.assert_allclose(ours.scores(q, mask), want * mask, rtol=1e-6)
