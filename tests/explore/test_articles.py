"""The per-article results: one row per article with commentary, the differences in every
measure with the lexicons' "no evidence" kept apart, the articles that differ most first,
each article's own distinctive commentary terms (the pages the report makes of them are
tested in tests/report/test_articles.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import load_corpus, score_sentiment
from analysis.explore import article_results, difference_column
from analysis.framing import article_terms
from analysis.load import prose
from analysis.sentiment import ALL_ROWS, EVIDENCE_ROWS, compare_sections, sentiment_measures
from analysis.synthetic import write_articles

MEASURES = sentiment_measures(["textblob", "vader", "opinion"])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """300 generated articles, loaded and scored by paragraph: (corpus, scored prose)."""
    folder = tmp_path_factory.mktemp("generated")
    write_articles(folder, 300, seed=3)
    corpus = load_corpus(folder)
    scored = prose(score_sentiment(corpus.paragraphs, engines=["textblob", "vader", "opinion"]))
    return corpus, scored


def _rows(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


# -- the table ---------------------------------------------------------------------------


def test_one_row_per_article_with_commentary_the_largest_difference_first(generated):
    corpus, scored = generated
    results = article_results(scored, MEASURES, articles=corpus.articles)
    with_commentary = set(corpus.articles.loc[corpus.articles["n_commentary"] > 0, "article_id"])
    assert len(results) == len(with_commentary) and results["article_id"].is_unique
    assert set(results["article_id"]) == with_commentary
    size = results["opinion_difference"].abs().to_numpy()
    assert (np.diff(size[np.isfinite(size)]) <= 0).all(), "sorted by the size of the difference"
    # Each difference is that article's own commentary mean minus its reporting mean.
    row = results.iloc[len(results) // 2]
    own = scored[scored["article_id"] == row["article_id"]]
    means = own.groupby(own["section"].astype(str))["opinion"].mean()
    assert row["opinion_difference"] == pytest.approx(means["commentary"] - means["reporting"])
    assert (results["n_commentary"] > 0).all()
    assert {"title", "outlet"} <= set(results.columns)


def test_the_per_article_difference_is_the_headlines_to_the_last_bit(generated):
    """One per-article difference: the headline's table (``compare_sections``, on the rows
    where TextBlob found a word for its polarity, on all rows for the opinion model) and
    the per-article table give each article the same number."""
    _, scored = generated
    results = article_results(scored, MEASURES).set_index("article_id")
    per_article = compare_sections(scored, MEASURES).per_article
    for rows, measure in ((EVIDENCE_ROWS, "tb_polarity"), (ALL_ROWS, "opinion")):
        headline = per_article[(per_article["rows"] == rows) & (per_article["measure"] == measure)]
        headline = headline.set_index("article_id")["difference"]
        assert len(headline) > 100
        ours = results.loc[headline.index, difference_column(measure)]
        assert ours.tolist() == headline.tolist(), measure


def test_shuffled_sections_give_no_typical_difference_and_the_real_ones_do(generated):
    """The null: with each article's section labels shuffled among its own paragraphs, the
    median article shows no difference in opinion; with the real labels (the generated
    commentary is opinionated) nearly every article does."""
    corpus, scored = generated
    real = article_results(scored, MEASURES)["opinion_difference"].dropna()
    rng = np.random.default_rng(11)
    medians = []
    for _ in range(20):
        shuffled = scored.copy()
        shuffled["section"] = shuffled.groupby("article_id", observed=True)["section"].transform(
            lambda s: rng.permutation(s.to_numpy())
        )
        medians.append(article_results(shuffled, MEASURES)["opinion_difference"].median())
    assert real.median() > 0.1 and (real > 0).mean() > 0.8, real.describe()
    assert abs(np.median(medians)) < 0.1 * real.median(), medians
    assert max(map(abs, medians)) < 0.25 * real.median(), medians


def test_a_planted_difference_comes_first_and_a_reversed_one_keeps_its_sign():
    rows = _rows(
        article_id=["flat"] * 4 + ["loud"] * 4 + ["quiet"] * 4,
        section=["reporting", "reporting", "commentary", "commentary"] * 3,
        opinion=[0.3, 0.3, 0.32, 0.3] + [0.1, 0.2, 0.9, 0.95] + [0.6, 0.8, 0.2, 0.1],
    )
    results = article_results(rows, ["opinion"])
    assert results["article_id"].tolist() == ["loud", "quiet", "flat"]
    assert results["opinion_difference"].round(3).tolist() == [0.775, -0.55, 0.01]


def test_a_side_without_a_lexicon_word_gives_no_difference_not_zero():
    """A TextBlob 0.0 from no word is no evidence: averaged in, it would pull the
    commentary's mean toward neutral."""
    rows = _rows(
        article_id=["a"] * 4,
        section=["reporting", "reporting", "commentary", "commentary"],
        tb_polarity=[0.5, 0.0, 0.0, -0.6],
        tb_n_terms=[2, 0, 0, 3],
        opinion=[0.2, 0.3, 0.8, 0.9],
    )
    results = article_results(rows, ["tb_polarity", "opinion"])
    row = results.iloc[0]
    assert row["tb_polarity_difference"] == pytest.approx(-0.6 - 0.5)  # the rows with a word
    assert (row["textblob_commentary"], row["textblob_reporting"]) == (1, 1)
    none = rows.assign(tb_n_terms=[2, 0, 0, 0], tb_polarity=[0.5, 0.0, 0.0, 0.0])
    assert np.isnan(article_results(none, ["tb_polarity"]).loc[0, "tb_polarity_difference"])


def test_an_article_without_reporting_is_kept_last_with_no_difference():
    rows = _rows(
        article_id=["a", "a", "b", "c"],
        section=["reporting", "commentary", "commentary", "reporting"],
        opinion=[0.2, 0.6, 0.9, 0.1],
    )
    results = article_results(rows, ["opinion"])
    assert results["article_id"].tolist() == ["a", "b"], "c has no commentary: no row"
    assert np.isnan(results.loc[1, "opinion_difference"]) and results.loc[1, "n_reporting"] == 0


def test_bad_measures_are_refused_by_name():
    rows = _rows(article_id=["a"], section=["commentary"], opinion=[0.5])
    with pytest.raises(KeyError, match="tb_polarity"):
        article_results(rows, ["tb_polarity"])
    with pytest.raises(ValueError, match="sort_by"):
        article_results(rows, ["opinion"], sort_by="vader_compound")


# -- each article's terms ---------------------------------------------------------------


def test_a_term_planted_in_one_articles_commentary_leads_its_terms(generated):
    _, scored = generated
    first = scored["article_id"].iloc[0]
    commentary = scored.index[(scored["article_id"] == first) & (scored["section"] == "commentary")]
    planted = scored.copy()
    planted.loc[commentary, "text"] += " Zanzibarian zanzibarian folly, zanzibarian again."
    terms = article_terms(planted, n=3)
    assert terms[first][0] == "zanzibarian"
    assert not any("zanzibarian" in t for a, ts in terms.items() if a != first for t in ts)


def test_a_term_the_commentary_repeats_outranks_a_rarer_one_it_uses_once():
    """The corpus's rarity is not distinctiveness within the article: "shameful", common
    elsewhere, used three times against a one-off word found nowhere else."""
    rows = _rows(
        article_id=["a", "a", "b", "b", "c", "c"],
        section=["reporting", "commentary"] * 3,
        text=["Talks in Minsk went on.", "Shameful, shameful, shameful talks: a zanzibarian idea.",
              "A shameful day, officials said.", "Shameful.", "Shameful votes.", "Shameful!"],
    )  # fmt: skip
    assert article_terms(rows, ngram_range=(1, 1))["a"][:2] == ["shameful", "idea"]


def test_rows_without_an_article_are_refused():
    rows = _rows(article_id=["a", None], section=["reporting", "commentary"], text=["x y", "z w"])
    with pytest.raises(ValueError, match="no article_id"):
        article_terms(rows)


def test_commentary_that_repeats_its_reporting_has_no_distinctive_terms():
    text = "The minister met the delegation in Minsk to discuss trade and energy."
    rows = _rows(article_id=["a", "a"], section=["reporting", "commentary"], text=[text, text])
    assert article_terms(rows).to_dict() == {"a": []}


def test_terms_come_from_the_vocabulary_given():
    rows = _rows(
        article_id=["a", "a"],
        section=["reporting", "commentary"],
        text=["Talks went on in Minsk.", "Reckless, reckless talks and a disgrace."],
    )
    terms = article_terms(rows, vocabulary=["disgrace", "talks"])
    assert terms.to_dict() == {"a": ["disgrace"]}, "talks: as often in its reporting"
    assert article_terms(rows, vocabulary=[]).to_dict() == {"a": []}


def test_measures_read_from_other_tables_of_the_same_rows_give_the_joined_result(generated):
    _, scored = generated
    rates = pd.DataFrame({"frame_x": np.arange(len(scored)) % 7 / 3}, index=scored.index)
    apart = article_results(scored, ["opinion", "frame_x"], also=[rates])
    joined = article_results(scored.join(rates), ["opinion", "frame_x"])
    pd.testing.assert_frame_equal(apart, joined)
    with pytest.raises(ValueError, match="same rows"):
        article_results(scored, ["frame_x"], also=[rates.iloc[1:]])


def test_a_fixed_vocabulary_ranks_the_same_a_part_of_the_articles_at_a_time(generated, monkeypatch):
    from analysis.framing import vocabulary

    _, scored = generated
    terms = vocabulary.distinctive_terms(scored, shuffles=0).table["term"]
    whole = article_terms(scored, vocabulary=terms)
    monkeypatch.setattr(vocabulary, "ARTICLE_TERMS_ROWS", 97)  # about 6 articles a part
    parts = article_terms(scored.sample(frac=1, random_state=1), vocabulary=terms)
    assert parts.sort_index().to_dict() == whole.sort_index().to_dict()
    assert sum(len(t) for t in whole) > len(whole), "most articles have terms"
