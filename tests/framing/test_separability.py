"""How well a classifier tells commentary from reporting, and when it cannot say."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from analysis.framing.separability import (
    RANKED_BY,
    commentary_separability,
    editorial_score,
    shuffle_within,
)
from analysis.load.corpus import load_corpus
from analysis.synthetic import word_paragraphs

FEW = {"n_permutations": 39, "n_resamples": 39}  # enough to test, quick to run

# Plain reporting and unmarked opinion, hand-written: the opinion model (trained on news
# sentences) scores the opinion 0.67 to 0.75 and the reporting 0.08 to 0.21.
PLAIN = [
    "The ministry said on Tuesday that 40 people had died in the floods.",
    "Officials from both countries signed a trade agreement in Minsk on Monday.",
    "The delegation arrived in Beijing on Sunday for a two-day visit, the agency reported.",
    "Trade between the two countries rose by 12 percent last year, according to customs data.",
    "The talks will continue next week in Geneva, a spokesman said.",
]
OPINIONATED = [
    "This is a disgraceful, cowardly betrayal of everything the West claims to stand for.",
    "Sadly, the government's arrogant leaders seem to think voters are fools.",
    "It is a shameful and hypocritical decision that should outrage every decent person.",
]


def _corpus(n_articles: int, commentary_words: list[str], reporting_words: list[str], seed=0):
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
    # No classifier on one article, but still a ranking: the opinion model's.
    assert result.ranked_by == "opinion" and result.summary()["ranked_by"].iloc[0] == "opinion"
    suspects = result.reads_like_commentary(20)
    assert len(suspects) == 17 and set(suspects["section"].astype(str)) == {"reporting"}
    assert suspects["reads_like_commentary"].isna().all()
    assert (suspects["editorial_score"] == suspects["opinion"]).all()
    assert suspects["opinion"].between(0, 1).all() and suspects["opinion"].is_monotonic_decreasing
    assert result.ranking_headline().startswith("Reporting paragraphs ranked by the opinion model")
    assert result.ranking_headline().endswith(
        f"No classifier could be fitted on this corpus: {result.note}."
    )


def _article(reporting: list[str], commentary: list[str], hidden: list[str], name="a0"):
    """One article's paragraphs: ``hidden`` are opinion labelled reporting, the first among
    the reporting, the rest at the end."""
    paragraphs = [("reporting", t) for t in reporting[:3] + hidden[:1]]
    paragraphs += [("commentary", t) for t in commentary]
    paragraphs += [("reporting", t) for t in reporting[3:] + hidden[1:]]
    sections, texts = zip(*paragraphs, strict=True)
    return pd.DataFrame({"article_id": name, "section": sections, "text": texts})


def test_one_article_is_ranked_by_opinion_and_the_hidden_opinion_comes_first():
    rows = _article(PLAIN, ["Comment aside, the sanctions are a farce."], OPINIONATED[:2])
    result = commentary_separability(rows)
    assert result.ranked_by == "opinion" and "too few to learn from" in result.note
    suspects = result.reads_like_commentary(3)
    assert set(suspects["text"].head(2)) == set(OPINIONATED[:2]), suspects
    assert suspects["opinion"].iloc[1] > suspects["opinion"].iloc[2] + 0.3
    # The ranking follows the opinion probability, whatever order the paragraphs came in.
    reversed_rows = commentary_separability(rows.iloc[::-1]).reads_like_commentary(2)
    assert set(reversed_rows["text"]) == set(OPINIONATED[:2])


def test_an_opinion_column_the_table_has_is_used_and_gaps_are_scored():
    rows = _article(PLAIN, ["Comment aside, the sanctions are a farce."], OPINIONATED[:1])
    given = np.linspace(0.1, 0.9, len(rows))
    given[0] = np.nan  # missing: scored by the model
    result = commentary_separability(rows.assign(opinion=given))
    scored = commentary_separability(rows)
    assert result.scores["opinion"].iloc[1:].tolist() == given[1:].tolist()
    assert result.scores["opinion"].iloc[0] == scored.scores["opinion"].iloc[0]
    assert result.reads_like_commentary(1)["text"].iloc[0] == rows["text"].iloc[-1]


def test_nothing_is_ranked_without_reporting():
    commentary = pd.DataFrame(
        {"article_id": ["a0", "a1"], "section": "commentary", "text": OPINIONATED[:2]}
    )
    for rows in (commentary, commentary.iloc[:0]):
        result = commentary_separability(rows)
        assert result.ranked_by == RANKED_BY[-1] == "none"
        assert result.reads_like_commentary(5).empty
        assert result.ranking_headline() == "No reporting paragraphs: nothing to rank."
    assert len(result.scores) == 0 and {"opinion", "editorial_score"} <= set(result.scores)


def test_separability_finds_distinct_vocabulary():
    commentary = ["failing", "shameful", "reckless", "disgrace", "provoke", "treason"]
    reporting = ["talks", "trade", "officials", "visit", "agreement", "minister"]
    result = commentary_separability(_corpus(12, commentary, reporting), **FEW)
    assert result.note == "" and result.n_folds == 5
    assert result.auc > 0.95 and result.auc_low <= result.auc <= result.auc_high
    assert result.auc_low > 0.5 and result.p_value == 1 / 40  # no shuffle comes close
    assert set(result.features.loc[result.features["favours"] == "commentary", "term"]) & set(
        commentary
    )
    assert result.scores["reads_like_commentary"].between(0, 1).all()


def test_separability_is_chance_when_the_vocabularies_are_the_same():
    # No leak from article to article: on average over corpora, the AUC is 0.5.
    words = ["talks", "trade", "officials", "visit", "failing", "shameful", "agreement"]
    aucs = [
        commentary_separability(_corpus(12, words, words, seed=seed), **FEW).auc
        for seed in range(4)
    ]
    assert 0.4 < sum(aucs) / len(aucs) < 0.6


def test_shuffled_labels_come_out_as_chance_and_planted_words_are_found():
    rows = word_paragraphs(40, planted={"shameful": 0.8, "reckless": 0.5}, seed=2)
    planted = commentary_separability(rows, **FEW)
    assert planted.p_value == 1 / 40 and planted.auc_low > 0.5
    assert "better than chance" in planted.headline()
    shuffled = rows.assign(section=np.random.default_rng(1).permutation(rows["section"]))
    null = commentary_separability(shuffled, n_permutations=39, n_resamples=99)
    assert null.auc_low <= 0.5 <= null.auc_high and null.p_value > 0.05
    assert "no evidence that the words tell commentary from reporting" in null.headline()
    assert abs(null.chance_auc - 0.5) < 0.05


@pytest.mark.slow
def test_the_interval_holds_one_half_in_most_null_corpora():
    # The interval refits, so on small corpora with nothing to find it includes 0.5 about
    # 95% of the time (the old interval, resampling without refitting, missed it in 2 of 8);
    # and the permutation test rejects about 5% of the time. Of 16 corpora, 14 or more
    # hold 0.5 with probability 0.96 if the true rate is 95%.
    results = [
        commentary_separability(word_paragraphs(30, seed=s), n_permutations=39, n_resamples=99)
        for s in range(16)
    ]
    held = sum(r.auc_low <= 0.5 <= r.auc_high for r in results)
    rejected = sum(r.p_value < 0.05 for r in results)
    assert held >= 14 and rejected <= 3, (held, rejected)


def test_shuffling_within_articles_keeps_each_articles_count():
    groups = np.repeat([0, 1, 2], [3, 5, 4])
    labels = np.array([1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1])
    rng = np.random.default_rng(0)
    orders = [shuffle_within(groups, rng) for _ in range(50)]
    for order in orders:
        assert (groups[order] == groups).all()
        assert (np.bincount(groups, labels[order]) == np.bincount(groups, labels)).all()
    assert len({tuple(o) for o in orders}) > 10  # it does shuffle


def test_separability_when_commentary_sits_in_one_article():
    rows = _corpus(6, ["talks"], ["trade"])
    rows.loc[rows["article_id"] != "a0", "section"] = "reporting"
    rows.loc[rows["article_id"] == "a0", "section"] = "commentary"
    result = commentary_separability(rows, min_per_class=5)
    assert math.isnan(result.auc) and "too few of the 6 articles" in result.note


def test_the_headline_and_the_reporting_that_reads_like_commentary():
    result = commentary_separability(_corpus(12, ["shameful", "reckless"], ["said", "met"]), **FEW)
    assert result.headline().startswith(f"ROC-AUC {result.auc:.3f} (95% interval")
    assert "0 of 39 shuffles (p = 0.025)" in result.headline() and result.n_reached == 0
    assert result.summary()["headline"].iloc[0] == result.headline()
    suspects = result.reads_like_commentary(3)
    assert len(suspects) == 3 and set(suspects["section"].astype(str)) == {"reporting"}
    reporting = result.scores[result.scores["section"] == "reporting"]
    assert suspects["editorial_score"].iloc[0] == reporting["editorial_score"].max()
    too_few = commentary_separability(load_corpus().paragraphs)
    assert too_few.headline() == f"No classifier: {too_few.note}"


def test_topic_alone_is_not_read_as_words_that_tell_commentary():
    # Commentary only in articles about one topic: the AUC is above 0.5 from the topic alone,
    # the shuffles (which keep each article's count) score as high, and the headline says so.
    rows = word_paragraphs(40, seed=6)
    topical = rows["article_id"].isin(rows["article_id"].unique()[:20])
    rows.loc[~topical, "section"] = "reporting"
    rows.loc[topical, "text"] = rows.loc[topical, "text"] + " harbour strike"
    result = commentary_separability(rows, **FEW)
    assert result.chance_auc > 0.55 and result.p_value > 0.05
    assert "because which articles carry commentary can be told from their topic" in (
        result.headline()
    )


def test_on_a_corpus_both_signals_rank_the_reporting_and_both_are_shown():
    commentary = ["failing", "shameful", "reckless", "disgrace", "provoke", "treason"]
    reporting = ["talks", "trade", "officials", "visit", "agreement", "minister"]
    rows = _corpus(12, commentary, reporting)
    hidden = rows.index[(rows["article_id"] == "a3") & (rows["section"] == "reporting")][0]
    rows.loc[hidden, "text"] = OPINIONATED[0]  # unmarked opinion, none of the commentary's words
    result = commentary_separability(rows, **FEW)
    assert result.ranked_by == "classifier+opinion" and result.p_value < 0.05
    assert result.summary()["ranked_by"].iloc[0] == "classifier+opinion"
    suspects = result.reads_like_commentary(5)
    assert {"reads_like_commentary", "opinion", "editorial_score"} <= set(suspects)
    assert suspects[["reads_like_commentary", "opinion"]].notna().all().all()
    expected = editorial_score(suspects["reads_like_commentary"], suspects["opinion"])
    assert np.allclose(suspects["editorial_score"], expected)
    assert suspects["editorial_score"].is_monotonic_decreasing
    assert suspects.index[0] == hidden, suspects
    assert "two signals together" in result.ranking_headline()
    assert "reads_like_commentary" in result.ranking_headline()


def test_a_classifier_no_better_than_chance_is_left_out_of_the_ranking():
    words = ["talks", "trade", "officials", "visit", "failing", "shameful", "agreement"]
    result = commentary_separability(_corpus(12, words, words, seed=3), **FEW)  # p = 0.45
    assert result.note == "" and result.p_value >= 0.05, result.headline()
    assert result.ranked_by == "opinion"
    assert result.scores["reads_like_commentary"].notna().all()  # shown, not used
    assert (result.scores["editorial_score"] == result.scores["opinion"]).all()
    assert "did no better than chance" in result.ranking_headline()
    assert "no evidence that the words tell commentary" in result.headline()


def test_the_editorial_score_adds_the_two_signals_log_odds():
    assert editorial_score([0.5], [0.5])[0] == 0.5
    classifier, opinion = np.array([0.2, 0.5, 0.9]), np.array([0.7, 0.3, 0.6])
    combined = editorial_score(classifier, opinion)
    assert np.all(np.diff(editorial_score(np.full(3, 0.4), [0.2, 0.5, 0.8])) > 0)
    assert np.all(np.diff(editorial_score([0.2, 0.5, 0.8], np.full(3, 0.4))) > 0)
    assert editorial_score([0.8], [0.2])[0] == pytest.approx(0.5)  # they cancel
    assert combined.tolist() == editorial_score(opinion, classifier).tolist()  # symmetric
    assert np.isfinite(editorial_score([0.0, 1.0], [1.0, 0.0])).all()  # kept off 0 and 1


# --- at scale: refits on a sample of articles, shared out over the CPUs -----------------------


def _fields(result):
    return (result.auc, result.auc_low, result.auc_high, result.p_value, result.chance_auc)


def test_refits_run_with_one_thread_and_give_the_same_result(monkeypatch):
    import analysis.framing.separability as separability

    commentary, reporting = ["shameful", "reckless", "said"], ["said", "met", "talks"]
    rows = _corpus(12, commentary, reporting)
    limits = []

    def counted(limit):
        limits.append(limit)
        return threadpool_limits(limit)

    first = commentary_separability(rows, **FEW)
    monkeypatch.setattr(separability, "threadpool_limits", counted)
    again = commentary_separability(rows, **FEW)
    assert limits == [1, 1], "the shuffles and the resamples, each with one thread"
    assert _fields(again) == _fields(first)


def test_a_large_corpus_is_tested_on_a_stated_sample_of_whole_articles(monkeypatch):
    import analysis.framing.separability as separability

    monkeypatch.setattr(separability, "TEST_ROWS", 100)  # 12 of the 40 articles of 8 rows
    rows = _corpus(40, ["shameful", "reckless", "said"], ["said", "met", "talks"])
    result = commentary_separability(rows, **FEW)
    assert result.n_articles == 40 and result.n_tested_articles == 12
    assert result.n_tested_rows == 96 and 0.5 < result.tested_auc <= 1
    assert result.p_value < 0.05 and result.auc_low <= result.auc <= result.auc_high
    assert "refit on a random 12 of the 40 articles (96 paragraphs" in result.headline()
    assert len(result.scores) == 320, "every paragraph is still scored"
    null = commentary_separability(_corpus(40, ["said", "met"], ["said", "met"], seed=2), **FEW)
    assert null.p_value > 0.05


def test_a_very_large_corpus_is_fitted_on_a_sample_and_scores_the_rest_out_of_it(monkeypatch):
    """Above FIT_ROWS the classifier learns from a sample of articles; the paragraphs of the
    other articles are scored by it (they were never seen), and planted words are found
    there as well, while a corpus without them shows nothing."""
    import analysis.framing.separability as separability

    monkeypatch.setattr(separability, "FIT_ROWS", 160)  # 20 of the 40 articles of 8 rows
    monkeypatch.setattr(separability, "TEST_ROWS", 100)
    rows = _corpus(40, ["shameful", "reckless", "said"], ["said", "met", "talks"])
    result = commentary_separability(rows, **FEW)
    assert result.n_articles == 40 and result.n_fitted_articles == 20
    assert result.n_fitted_rows == 160 and result.n_tested_rows <= 100
    assert "fitted on a random 20 of the 40 articles (160 paragraphs" in result.headline()
    scores = result.scores
    assert scores["reads_like_commentary"].notna().all() and len(scores) == 320
    unseen = scores[~scores["fitted"]]
    assert unseen["article_id"].nunique() == 20
    assert not set(unseen["article_id"]) & set(scores.loc[scores["fitted"], "article_id"])
    y = unseen["section"].astype(str) == "commentary"
    assert roc_auc_score(y, unseen["reads_like_commentary"]) > 0.7
    assert result.p_value < 0.05 and result.auc > 0.7
    summary = result.summary().iloc[0]
    assert summary["n_fitted_articles"] == 20 and summary["n_fitted_rows"] == 160
    null = commentary_separability(_corpus(40, ["said", "met"], ["said", "met"], seed=2), **FEW)
    assert null.p_value > 0.05 and null.n_fitted_articles == 20
