"""The opinion model as it scores, from the shipped weights: its own feature counting is
scikit-learn's, a text without evidence scores the prior, its explanations add up, a
paragraph scores the mean of its sentences, and a missing weights file says how to rebuild
it. Scoring never imports the training (``tests/modeling/test_opinion_training.py``)."""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.load.sentences import sentence_spans
from analysis.modeling.opinion_training import load_newssd
from analysis.paths import PROJECT_ROOT
from analysis.sentiment.opinion import (
    OpinionModel,
    explain_opinion,
    explain_opinions,
    logit,
    opinion_model,
    score_opinion,
)

# Texts a corpus holds that a whitespace split and scikit-learn's analysers might read apart.
HOSTILE = [
    "",
    "   \n\t  ",
    "İstanbul",
    "İSTANBUL'DA SAID",
    "tabs\tbetween\twords",
    "non\u00a0breaking\u00a0spaces",
    "line\u2028separator and\u3000ideographic space",
    "zero\u200bwidth joiner",
    "naïve café, déjà vu — “quoted”",
    "said said said said",
    "BA.5 and BA.2.75 🙂",
]


@pytest.fixture(scope="module")
def model() -> OpinionModel:
    return opinion_model()


@pytest.fixture(scope="module")
def test_split() -> pd.DataFrame:
    return load_newssd("test")


@pytest.fixture(scope="module")
def training() -> pd.DataFrame:
    """The sentences the shipped model was fitted on: the train and validation splits."""
    return pd.concat([load_newssd("train"), load_newssd("val")], ignore_index=True)


# -- the scorer's own feature counting --------------------------------------------------------


@pytest.mark.parametrize("part", ["word", "char"])
def test_features_are_scikit_learns_tfidf_fitted_with_the_files_settings(
    part, model, training, test_split
):
    settings = model.settings[part]
    vectorizer = TfidfVectorizer(
        analyzer=settings["analyzer"],
        ngram_range=tuple(settings["ngram_range"]),
        min_df=settings["min_df"],
        sublinear_tf=True,
    ).fit(training["text"])
    vocabulary = model.word_vocabulary if part == "word" else model.char_vocabulary
    assert vectorizer.vocabulary_ == vocabulary
    texts = test_split["text"].tolist() + HOSTILE
    ours = model.features(texts)[0 if part == "word" else 1]
    theirs = vectorizer.transform(texts)
    assert ours.shape == theirs.shape
    # the same n-grams in every row, and weights equal to the file's 8 significant digits
    assert ((ours != 0) != (theirs != 0)).nnz == 0
    assert abs(ours - theirs).max() < 1e-7
    empty = [i for i, t in enumerate(texts) if not t.strip()]
    assert ours[empty].nnz == 0


def test_words_beyond_the_cached_ones_are_analysed_again_the_same(monkeypatch, test_split):
    """The per-word analysis keeps only the latest words (a worker meets millions); with
    room for 3, every other word is analysed again, and the scores do not change."""
    import analysis.sentiment.opinion as opinion

    texts = test_split["text"].tolist()[:300] + HOSTILE
    expected = score_opinion(texts, model=opinion_model.__wrapped__())
    monkeypatch.setattr(opinion, "WORDS_CACHED", 3)
    small = opinion_model.__wrapped__()  # a model of its own, with its own cache
    pd.testing.assert_frame_equal(score_opinion(texts, model=small), expected)
    cached = small.word_cache_info()
    assert cached.maxsize == 3 and cached.currsize == 3 and cached.misses > 1000


def test_a_text_without_a_known_n_gram_scores_the_prior(model):
    texts = ["", "   \t", "中文报道", "the ministry said"]
    assert model.n_features(texts).tolist()[:3] == [0, 0, 0] and model.n_features(texts)[3] > 0
    prior = model.calibrate(np.array([model.intercept]))[0]
    assert model.probability(texts)[:3] == pytest.approx([prior] * 3)


# -- explanations ------------------------------------------------------------------------------


def test_explanations_sum_to_the_log_odds_above_the_prior(model, test_split):
    texts = test_split["text"].tolist()[::5] + HOSTILE
    prior = logit(model.probability([""])[0])
    for text in texts:
        # A text of several sentences: the mean of its sentences' log-odds above the prior.
        sentences = [text[a:b] for a, b in sentence_spans(text)] or [text]
        expected = np.mean(logit(model.probability(sentences)) - prior)
        words = explain_opinion(text, model=model)
        assert words["contribution"].sum() == pytest.approx(expected, abs=1e-9), text
        assert words["contribution"].is_monotonic_decreasing


def test_texts_explained_together_are_explained_as_each_alone(model, test_split):
    """An article page explains all its paragraphs in one pass: the same words with the
    same shares as one text at a time, in the same order (an empty text: no words)."""
    texts = [" ".join(test_split["text"].tolist()[i : i + 3]) for i in range(0, 60, 3)]
    texts += ["", *HOSTILE]
    together = explain_opinions(texts, model=model)
    assert len(together) == len(texts)
    for text, words in zip(texts, together, strict=True):
        alone = explain_opinion(text, model=model)
        assert words["word"].tolist() == alone["word"].tolist(), text
        np.testing.assert_allclose(words["contribution"], alone["contribution"], atol=1e-12)
    assert together[20].empty


def test_a_paragraph_scores_the_mean_of_its_sentences_not_more_for_its_length(model, test_split):
    """Scored whole, five factual sentences look more opinionated than each alone."""
    facts = test_split.loc[~test_split["opinion"], "text"].tolist()[:100]
    single = score_opinion(facts, model=model)["opinion"].to_numpy()
    paragraphs = [" ".join(facts[i : i + 5]) for i in range(0, 100, 5)]
    scored = score_opinion(paragraphs, model=model)["opinion"].to_numpy()
    means = single.reshape(20, 5).mean(axis=1)
    # The splitter may cut a test "sentence" in two; most paragraphs are exact means.
    assert np.mean(np.abs(scored - means) < 1e-9) >= 0.8
    assert abs(scored.mean() - single.mean()) < 0.02
    whole = model.probability(paragraphs)
    assert whole.mean() > single.mean() + 0.04, "the length effect the averaging removes"


# -- the weights file ----------------------------------------------------------------------------


def test_a_missing_weights_file_says_where_and_how_to_rebuild(tmp_path):
    path = tmp_path / "nowhere" / "opinion_model.json.gz"
    with pytest.raises(FileNotFoundError) as raised:
        opinion_model(path)
    message = str(raised.value)
    assert str(path) in message
    assert "python -m analysis.modeling.opinion_training" in message
    assert "reinstall" in message


# -- scoring only ------------------------------------------------------------------------------


def test_scoring_never_imports_the_training_or_the_framing_measures():
    """``sentiment`` scores; the model is built in ``analysis.modeling``, which may use both
    measures. An import of ``framing`` or ``modeling`` from here would run back up."""
    found = []
    for path in sorted((PROJECT_ROOT / "analysis" / "sentiment").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                names = [module, *(f"{module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            if any(part in ("framing", "modeling") for n in names for part in n.split(".")):
                found.append(f"{path.name}:{node.lineno}")
    assert not found, f"sentiment imports framing or modeling at {found}"
