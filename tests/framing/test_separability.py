"""How well a classifier tells commentary from reporting, and when it cannot say."""

from __future__ import annotations

import math

import pandas as pd

from analysis.framing.separability import commentary_separability
from analysis.load.corpus import load_corpus


def _corpus(n_articles: int, commentary_words: list[str], reporting_words: list[str], seed=0):
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for article in range(n_articles):
        for i in range(8):
            section = "commentary" if i < 3 else "reporting"
            words = commentary_words if section == "commentary" else reporting_words
            text = " ".join(rng.choice(words, size=12))
            rows.append({"article_id": f"a{article}", "section": section, "text": text})
    return pd.DataFrame(rows)


def test_separability_says_when_there_is_too_little_to_learn():
    result = commentary_separability(load_corpus().paragraphs)
    assert math.isnan(result.auc) and result.features.empty
    assert "2 commentary and 17 reporting paragraphs in 1 article: too few" in result.note


def test_separability_finds_distinct_vocabulary():
    commentary = ["failing", "shameful", "reckless", "disgrace", "provoke", "treason"]
    reporting = ["talks", "trade", "officials", "visit", "agreement", "minister"]
    result = commentary_separability(_corpus(12, commentary, reporting), n_resamples=200)
    assert result.note == "" and result.n_folds == 5
    assert result.auc > 0.95 and result.auc_low <= result.auc <= result.auc_high
    assert set(result.features.loc[result.features["favours"] == "commentary", "term"]) & set(
        commentary
    )
    assert result.scores["reads_like_commentary"].between(0, 1).all()


def test_separability_is_chance_when_the_vocabularies_are_the_same():
    # No leak from article to article: on average over corpora, the AUC is 0.5.
    words = ["talks", "trade", "officials", "visit", "failing", "shameful", "agreement"]
    aucs = [
        commentary_separability(_corpus(12, words, words, seed=seed), n_resamples=50).auc
        for seed in range(8)
    ]
    assert 0.42 < sum(aucs) / len(aucs) < 0.58


def test_separability_when_commentary_sits_in_one_article():
    rows = _corpus(6, ["talks"], ["trade"])
    rows.loc[rows["article_id"] != "a0", "section"] = "reporting"
    rows.loc[rows["article_id"] == "a0", "section"] = "commentary"
    result = commentary_separability(rows, min_per_class=5)
    assert math.isnan(result.auc) and "too few of the 6 articles" in result.note


def test_the_headline_and_the_reporting_that_reads_like_commentary():
    result = commentary_separability(_corpus(12, ["shameful", "reckless"], ["said", "met"]))
    assert result.headline().startswith(f"ROC-AUC {result.auc:.3f} (95% interval")
    suspects = result.reads_like_commentary(3)
    assert len(suspects) == 3 and set(suspects["section"].astype(str)) == {"reporting"}
    reporting = result.scores[result.scores["section"] == "reporting"]
    assert suspects["reads_like_commentary"].iloc[0] == reporting["reads_like_commentary"].max()
    too_few = commentary_separability(load_corpus().paragraphs)
    assert too_few.headline() == f"No classifier: {too_few.note}"
