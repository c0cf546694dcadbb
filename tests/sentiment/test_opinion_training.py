"""The opinion model against its training script: its own feature counting is
scikit-learn's, its explanations add up, the shipped report is what the test split gives,
retraining gives the shipped file, and shuffled labels teach it nothing."""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import brier_score_loss, f1_score

import analysis.sentiment.opinion_training as opinion_training
from analysis.load.sentences import sentence_spans
from analysis.sentiment.opinion import (
    MODEL_FILE,
    OpinionModel,
    explain_opinion,
    explain_opinions,
    logit,
    opinion_model,
    score_opinion,
)
from analysis.sentiment.opinion_training import (
    fit_opinion_model,
    last_digit_apart,
    load_newssd,
    measure_validity,
    reliability_table,
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


def _versions() -> dict[str, str]:
    return {n: importlib.metadata.version(n) for n in ("scikit-learn", "scipy", "numpy")}


def _recorded_versions() -> dict[str, str]:
    data = json.loads(gzip.decompress(MODEL_FILE.read_bytes()))
    return data.get("versions") or data.get("report", {}).get("versions", {})


# -- the data ---------------------------------------------------------------------------


def test_the_splits_are_the_published_ones(training, test_split):
    """The counts data/newssd-eng/README.md states; a sentence may span lines in its field."""
    counts = {
        name: (len(rows), int(rows["opinion"].sum()))
        for name, rows in {"train": load_newssd("train"), "val": load_newssd("val")}.items()
    }
    assert counts == {"train": (731, 244), "val": (99, 54)}
    assert (len(test_split), int(test_split["opinion"].sum())) == (219, 113)
    assert len(training) == opinion_model().settings["n_sentences"] == 830
    assert not test_split["text"].str.endswith("\n").any(), "the fields are stripped"


def test_a_wrong_label_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "train.csv"
    path.write_text(
        'Sentence,Label,Solved conflict\n"A fact.",OBJ,False\n"A view!",MAYBE,True\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=re.escape(f"{path}: labels ['MAYBE'] are neither")):
        load_newssd("train", folder=tmp_path)


# -- the scorer's own feature counting --------------------------------------------------------


@pytest.mark.parametrize("part", ["word", "char"])
def test_features_are_scikit_learns_tfidf_fitted_with_the_training_settings(
    part, model, training, test_split
):
    settings = opinion_training.SETTINGS[part]
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


def test_weights_a_unit_apart_in_the_last_digit_are_told_from_other_weights():
    shipped = json.loads(gzip.decompress(MODEL_FILE.read_bytes()))
    nudged = json.loads(json.dumps(shipped))
    weights = nudged["word"]["coef"]
    largest = max(abs(w) for w in weights)
    unit = 10.0 ** (np.floor(np.log10(largest)) - 7)
    weights[0] += unit
    weights[5] -= unit
    assert last_digit_apart(nudged, shipped) == 2 and last_digit_apart(shipped, shipped) == 0
    weights[9] += 3 * unit  # a real change
    assert last_digit_apart(nudged, shipped) is None
    assert last_digit_apart({**shipped, "extra": 1}, shipped) is None


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


# -- the shipped report is what the test split gives ------------------------------------------


def test_validity_recomputed_gives_the_shipped_aucs(model, test_split):
    """The point AUCs do not depend on the resamples: 300 keep the test quick."""
    shipped = pd.DataFrame(model.report["validity"]).set_index("score")
    again = pd.DataFrame(measure_validity(model, test_split, n_resamples=300)).set_index("score")
    assert again.index.tolist() == shipped.index.tolist()
    assert again["roc_auc"].to_dict() == shipped["roc_auc"].to_dict()
    counts = ["n_sentences", "n_opinion"]
    assert again[counts].equals(shipped[counts])
    # "well above TextBlob": the difference's interval excludes 0, shipped and recomputed
    for table in (shipped, again):
        row = table.loc["Opinion probability"]
        assert 0 < row["minus_textblob_low"] < row["minus_textblob_high"]
        assert row["low"] > 0.5, "and the model is above chance"


def test_reliability_and_calibration_figures_are_the_test_splits(model, test_split):
    probabilities = score_opinion(test_split["text"].tolist(), model=model)["opinion"].to_numpy()
    labels = test_split["opinion"].to_numpy()
    again = reliability_table(probabilities, labels)
    shipped = pd.DataFrame(model.report["reliability"])[again.columns]
    assert again[["low", "high", "n"]].equals(shipped[["low", "high", "n"]])
    for column in ("mean_probability", "share_opinion"):  # stored to 4 significant digits
        np.testing.assert_allclose(again[column], shipped[column], rtol=5e-4, atol=1e-12)
    test = model.report["test"]
    gaps = (again["share_opinion"] - again["mean_probability"]).abs()
    error = float((again["n"] * gaps).sum() / len(labels))
    assert error == pytest.approx(test["expected_calibration_error"], rel=5e-4)
    assert brier_score_loss(labels, probabilities) == pytest.approx(test["brier"], rel=5e-4)
    assert f1_score(labels, probabilities >= 0.5) == pytest.approx(test["f1_at_half"], rel=5e-4)
    assert (test["n_sentences"], test["n_opinion"]) == (len(labels), int(labels.sum()))


def test_reliability_table_bins_the_edges():
    table = reliability_table([0.0, 0.05, 0.5, 0.99, 1.0], [False, True, True, True, False])
    assert table["low"].tolist() == [0.0, 0.5, 0.9], "1.0 falls in the last bin; empty bins go"
    assert table["n"].tolist() == [2, 1, 2]
    assert table["share_opinion"].tolist() == [0.5, 1.0, 0.5]


# -- the weights file ----------------------------------------------------------------------------


def test_a_missing_weights_file_says_where_and_how_to_rebuild(tmp_path):
    path = tmp_path / "nowhere" / "opinion_model.json.gz"
    with pytest.raises(FileNotFoundError) as raised:
        opinion_model(path)
    message = str(raised.value)
    assert str(path) in message
    assert "python -m analysis.sentiment.opinion_training" in message
    assert "reinstall" in message


def test_the_file_records_the_versions_it_was_built_with():
    assert set(_recorded_versions()) == {"scikit-learn", "scipy", "numpy"}


@pytest.mark.slow
def test_retraining_gives_the_shipped_file(test_split):
    built = opinion_training.build_model_file()
    if _versions() == _recorded_versions():
        # Same versions, same seed: the same bytes, or (on another CPU) weights a unit
        # apart in the last digit kept at most
        new, old = (json.loads(gzip.decompress(b)) for b in (built, MODEL_FILE.read_bytes()))
        assert built == MODEL_FILE.read_bytes() or last_digit_apart(new, old) is not None
        return
    # Other library versions may stop the solver a hair apart: the predictions must agree.
    fresh = OpinionModel.from_dict(json.loads(gzip.decompress(built)))
    texts = test_split["text"].tolist() + HOSTILE
    gap = np.abs(fresh.probability(texts) - opinion_model().probability(texts)).max()
    assert gap < 1e-6, f"built with {_recorded_versions()}, now {_versions()}"


@pytest.mark.slow
def test_shuffled_labels_teach_the_model_nothing(training, test_split):
    """The null: the same training on labels shuffled across the sentences (seeded) gives a
    test-split AUC whose interval includes chance."""
    labels = np.random.default_rng(0).permutation(training["opinion"].to_numpy())
    null = OpinionModel.from_dict(fit_opinion_model(training.assign(opinion=labels)))
    rows = pd.DataFrame(measure_validity(null, test_split, n_resamples=1000))
    row = rows.set_index("score").loc["Opinion probability"]
    assert row["low"] < 0.5 < row["high"], row.to_dict()
