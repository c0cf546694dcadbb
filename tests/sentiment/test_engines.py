"""The engines: scores identical to TextBlob's and VADER's own, the engine check, and the
engine version that keys every cache."""

from __future__ import annotations

import importlib.metadata

import numpy as np
import pandas as pd
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis.sentiment.cache as score_cache
import analysis.sentiment.engines as engines
import analysis.sentiment.scores as scores
from analysis.load.corpus import load_corpus
from analysis.sentiment.cache import cached_scores
from analysis.sentiment.engines import (
    ENGINES,
    SCORE_COLUMNS,
    check_engines,
    engine_version,
    has_evidence,
    score_chunk,
    sentiment_measures,
)
from analysis.sentiment.scores import score_sentiment, score_texts


def test_scores_are_the_engines_own(sample_sentences, tmp_path):
    scored = score_sentiment(sample_sentences, cache=tmp_path)
    vader = SentimentIntensityAnalyzer()
    for text, row in zip(scored["text"], scored.itertuples(), strict=True):
        blob = TextBlob(text).sentiment
        assert (row.tb_polarity, row.tb_subjectivity) == (blob.polarity, blob.subjectivity)
        assert row.vader_compound == vader.polarity_scores(text)["compound"]
    assert scored["tb_polarity"].dtype == "float64" and scored["tb_n_terms"].dtype == "int64"


def test_no_evidence_zero_is_told_apart_from_a_balanced_zero():
    scored = score_texts(["The minister met the envoy.", "It was good and bad."], cache=False)
    assert scored["tb_polarity"].tolist() == pytest.approx([0.0, 0.0])
    assert scored["tb_n_terms"].tolist() == [0, 2]


# --- the engine check --------------------------------------------------------------------


@pytest.mark.parametrize("asked", [["flair"], ["textblob", "flair"], "flair"])
def test_unknown_engine_is_refused_with_the_choices(asked):
    message = (
        r"unknown sentiment engine\(s\) \['flair'\]; choose from \['textblob', 'vader', 'opinion'\]"
    )
    with pytest.raises(ValueError, match=message):
        check_engines(asked)
    with pytest.raises(ValueError, match=message):
        score_texts(["Fine words."], engines=asked, cache=False)


def test_no_engine_is_refused():
    with pytest.raises(ValueError, match="choose from"):
        check_engines([])


def test_engines_as_a_string_and_repeated():
    assert check_engines("vader") == ("vader",)
    assert check_engines(["vader", "textblob", "vader"]) == ("vader", "textblob")
    assert ENGINES == ("textblob", "vader", "opinion")


def test_score_chunk_gives_each_engine_its_columns():
    rows = score_chunk((("vader", "textblob"), ["A good day.", "A terrible war."]))
    width = len(SCORE_COLUMNS["vader"]) + len(SCORE_COLUMNS["textblob"])
    assert [len(row) for row in rows] == [width, width]
    assert rows[0][0] > 0 > rows[1][0]  # vader_compound first
    assert rows[1][len(SCORE_COLUMNS["vader"]) + 3] == ["terrible"]  # then tb_terms


def test_sentiment_measures_follow_the_engines_and_need_textblob():
    assert sentiment_measures("textblob") == ["tb_polarity", "tb_subjectivity"]
    assert sentiment_measures(["vader", "textblob"]) == [
        "tb_polarity",
        "tb_subjectivity",
        "vader_compound",
    ]
    with pytest.raises(ValueError, match="engines must include 'textblob'"):
        sentiment_measures(["vader"])
    with pytest.raises(ValueError, match="unknown sentiment engine"):
        sentiment_measures(["textblob", "flair"])


# --- the engine version keys the caches ------------------------------------------------------


def test_engine_version_names_the_package_and_the_schema(monkeypatch):
    before = {engine: engine_version(engine) for engine in ENGINES}
    assert before["textblob"].startswith(importlib.metadata.version("textblob") + "-s")
    assert before["vader"].startswith(importlib.metadata.version("vaderSentiment") + "-s")
    monkeypatch.setattr(engines, "SCORE_SCHEMA", "test-new-schema")
    after = {engine: engine_version(engine) for engine in ENGINES}
    assert all(after[e] != before[e] and after[e].endswith("-stest-new-schema") for e in ENGINES)


def test_a_schema_change_is_a_new_cache_key(tmp_path, monkeypatch):
    texts = ["A good start.", "A terrible end."]
    scored = score_texts(texts, engines=["textblob"], cache=tmp_path)
    stored = sorted(p.name for p in (tmp_path / "sentiment").iterdir())
    assert stored == [f"textblob-{engine_version('textblob')}"]
    monkeypatch.setattr(engines, "SCORE_SCHEMA", "test-new-schema")

    def refuse(job):
        raise AssertionError("scored again")

    with monkeypatch.context() as scoring:
        scoring.setattr(scores, "score_chunk", refuse)
        with pytest.raises(AssertionError, match="scored again"):
            score_texts(texts, engines=["textblob"], cache=tmp_path)
    pd.testing.assert_frame_equal(score_texts(texts, engines=["textblob"], cache=tmp_path), scored)
    assert sorted(p.name for p in (tmp_path / "sentiment").iterdir()) == sorted(
        [*stored, f"textblob-{engine_version('textblob')}"]
    )


def test_a_schema_change_is_a_new_key_of_the_corpus_scores(tmp_path, monkeypatch):
    corpus = load_corpus()
    cached_scores(corpus, engines=["textblob"], cache=tmp_path)

    def refuse(*args, **kwargs):
        raise AssertionError("scored again")

    monkeypatch.setattr(engines, "SCORE_SCHEMA", "test-new-schema")
    monkeypatch.setattr(score_cache, "score_sentiment", refuse)
    with pytest.raises(AssertionError, match="scored again"):
        cached_scores(corpus, engines=["textblob"], cache=tmp_path)


def test_evidence_needs_the_engines_word_counts():
    import pandas as pd

    rows = pd.DataFrame({"tb_n_terms": [0, 2], "vader_pos": [0.0, 0.0], "vader_neg": [0.3, 0.0]})
    assert has_evidence(rows, "tb_polarity").tolist() == [False, True]
    assert has_evidence(rows, "vader_compound").tolist() == [True, False]
    with pytest.raises(ValueError, match="lacks vader_pos, vader_neg"):
        has_evidence(rows[["tb_n_terms"]], "vader_compound")


# --- the opinion model as an engine ------------------------------------------------------


def test_the_opinion_engine_gives_the_models_scores_and_counts_its_evidence():
    from analysis.sentiment.opinion import score_opinion

    texts = ["The ministry said 40 people died.", "A shameful betrayal!", "中文", None]
    scored = score_texts(texts, engines=["opinion"], cache=False)
    direct = score_opinion(texts[:3])
    assert scored["opinion"][:3].tolist() == direct["opinion"].tolist()
    assert scored["opinion_n_features"][:3].tolist() == direct["opinion_n_features"].tolist()
    assert has_evidence(scored, "opinion").tolist() == [True, True, False, False]
    assert scored["opinion"].iloc[:3].between(0, 1).all() and np.isnan(scored["opinion"].iloc[3])


def test_new_opinion_weights_are_a_new_cache_key(tmp_path, monkeypatch):
    texts = ["A shameful betrayal.", "The port opened."]
    score_texts(texts, engines=["opinion"], cache=tmp_path)
    monkeypatch.setattr(engines, "opinion_weights_digest", lambda: "retrained")
    assert engine_version("opinion").startswith("retrained-s")

    def refuse(job):
        raise AssertionError("scored again")

    monkeypatch.setattr(scores, "score_chunk", refuse)
    with pytest.raises(AssertionError, match="scored again"):
        score_texts(texts, engines=["opinion"], cache=tmp_path)
