"""The words behind the scores, and where the two engines disagree."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.sentiment.scores import score_sentiment
from analysis.sentiment.terms import engine_disagreements, sentiment_terms


def test_terms_explain_the_polarity(sample_sentences):
    scored = score_sentiment(sample_sentences, engines=["textblob"], cache=False)
    terms = sentiment_terms(scored, keep=["section"])
    per_row = terms.groupby("row")["contribution"].sum()
    expected = scored.loc[per_row.index, "tb_polarity"]
    assert per_row.to_numpy() == pytest.approx(expected.to_numpy())
    commentary = terms[terms["section"] == "commentary"]
    assert commentary["term"].tolist() == ["worst"]


def test_engine_disagreements_lists_opposite_signs():
    scored = pd.DataFrame(
        {
            "tb_polarity": [0.5, -0.4, 0.3, 0.0, 0.02],
            "vader_compound": [-0.6, -0.5, 0.2, -0.9, -0.7],
        }
    )
    assert engine_disagreements(scored).index.tolist() == [0]


def test_lexicon_coverage_counts_rows_without_any_sentiment_word(sample_sentences):
    from analysis.load.corpus import prose
    from analysis.sentiment.terms import lexicon_coverage

    scored = prose(score_sentiment(sample_sentences, engines=["textblob"], cache=False))
    coverage = lexicon_coverage(scored)
    for section, row in coverage.iterrows():
        rows = scored[scored["section"] == section]
        assert row["rows"] == len(rows)
        assert row["with_sentiment_words"] == (rows["tb_n_terms"] > 0).sum()
    assert coverage.loc["commentary", "with_sentiment_words"] == 1  # "worst"; the other: none


def test_rows_to_check_are_the_extremes_with_evidence():
    from analysis.sentiment.scores import score_texts
    from analysis.sentiment.terms import rows_to_check

    texts = ["A terrible war.", "The port opened.", "A bad day.", "A great, good day."]
    scored = score_texts(texts, engines=["textblob"], cache=False).assign(
        section=["commentary", "commentary", "reporting", "reporting"]
    )
    assert rows_to_check(scored) == [("commentary", 0), ("reporting", 3)]
    no_words = scored.assign(tb_n_terms=0)
    assert rows_to_check(no_words) == [("commentary", None), ("reporting", None)]
