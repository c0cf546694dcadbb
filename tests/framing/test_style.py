"""Style rates of reporting and opinion, counted by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.framing.style import style_profile


def test_style_profile_on_written_paragraphs():
    rows = pd.DataFrame(
        {
            "text": [
                "Officials said the talks may resume, according to a statement.",
                "We must never forget our terrible failure! Why?",
            ],
            "quote_share": [0.0, 0.5],
        }
    )
    profile = style_profile(rows)
    # 10 words: "said", "according to", "statement" -> 3 attributions; "may" -> 1 hedge
    assert profile.loc[0, "style_attribution"] == pytest.approx(30.0)
    assert profile.loc[0, "style_hedges"] == pytest.approx(10.0)
    # 8 words: "we", "our"; "never"; "terrible"; one "!" and one "?"
    assert profile.loc[1, "style_collective_pronouns"] == pytest.approx(25.0)
    assert profile.loc[1, "style_intensifiers_absolutes"] >= 12.5
    assert profile.loc[1, "style_evaluative_adjectives"] == pytest.approx(12.5)
    assert profile.loc[1, "style_exclamations"] == pytest.approx(12.5)
    assert profile.loc[1, "style_quoted_percent"] == 50.0


def test_style_of_a_large_corpus_is_counted_in_workers_the_same_way(tmp_path, monkeypatch):
    import analysis.parallel as parallel
    from analysis.load.corpus import load_corpus
    from analysis.synthetic import write_articles

    write_articles(tmp_path, 40, seed=5)
    paragraphs = load_corpus(tmp_path).paragraphs
    alone = style_profile(paragraphs)
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 100)
    monkeypatch.setattr(parallel, "CHUNK_ROWS", 120)
    spread = style_profile(paragraphs, terms=False)
    assert len(paragraphs) > 240 and not spread.filter(like="_terms").columns.any()
    pd.testing.assert_frame_equal(spread, alone.drop(columns=alone.filter(like="_terms").columns))
    assert spread["style_attribution"].gt(0).any()  # the synthetic quotes are attributed
