"""The opinion model's training: the published splits, the settings the weights file
records, the shipped report is what the test split gives, retraining gives the shipped
file, and shuffled labels teach it nothing."""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import brier_score_loss, f1_score

import analysis.modeling.opinion_training as opinion_training
from analysis.modeling.opinion_training import (
    SETTINGS,
    fit_opinion_model,
    last_digit_apart,
    load_newssd,
    measure_validity,
    reliability_table,
)
from analysis.sentiment.opinion import MODEL_FILE, OpinionModel, opinion_model, score_opinion


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


def test_the_file_records_the_training_settings(model):
    """The scorer counts n-grams with the file's settings: they are the training's."""
    assert {key: model.settings[key] for key in SETTINGS} == SETTINGS
    assert model.settings["trained_on"] == "NewsSD-ENG train+val"


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
    texts = test_split["text"].tolist()
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
