"""The within-article term test holds under the null and finds planted differences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy import stats
from sklearn.feature_extraction.text import CountVectorizer

from analysis.framing.term_tests import PresenceTest
from analysis.synthetic import word_paragraphs


def _test(rows: pd.DataFrame) -> tuple[PresenceTest, np.ndarray]:
    vectorizer = CountVectorizer(ngram_range=(1, 2), min_df=3)
    presence = vectorizer.fit_transform(rows["text"])
    articles = pd.factorize(rows["article_id"])[0]
    test = PresenceTest(presence, articles, (rows["section"] == "commentary").to_numpy())
    return test, vectorizer.get_feature_names_out()


@pytest.fixture(scope="module")
def null_corpus():
    return _test(word_paragraphs(300, seed=11))


def test_with_nothing_planted_no_term_passes_on_either_side(null_corpus):
    test, _ = null_corpus
    q, z = test.adjusted()
    assert ((q <= 0.05) & (z > 0)).sum() <= 1 and ((q <= 0.05) & (z < 0)).sum() <= 1
    chance = test.by_chance(n=50)
    assert chance.describe("target")[0] < 0.5 and chance.describe("reference")[0] < 0.5


def test_shuffled_labels_give_p_values_no_smaller_than_chance(null_corpus):
    test, _ = null_corpus
    rng = np.random.default_rng(0)
    p = np.stack([test.p_values(test.observed(test.shuffled(rng))) for _ in range(20)])
    assert (p < 0.05).mean() <= 0.05 and (p < 0.01).mean() <= 0.01  # valid
    # Rare terms cannot reach 0.05 at all (their counts are too discrete); terms with
    # enough evidence are rejected about as often as chance says, no more.
    common = p[:, test.variance >= 2]
    assert 0.02 < (common < 0.05).mean() <= 0.06


def test_shuffles_keep_each_articles_number_of_commentary_paragraphs(null_corpus):
    test, _ = null_corpus
    shuffled = test.shuffled(np.random.default_rng(3))
    assert not np.array_equal(shuffled, test.labels)
    per_article = pd.Series(test.labels).groupby(test.articles).sum()
    assert (pd.Series(shuffled).groupby(test.articles).sum() == per_article).all()


def test_planted_words_are_found_and_little_else():
    planted = {"shameful": 0.6, "reckless": 0.4}
    test, names = _test(word_paragraphs(300, planted=planted, seed=12))
    q, z = test.adjusted()
    found = set(names[(q <= 0.05) & (z > 0)])
    assert set(planted) <= found
    # Phrases holding a planted word differ too; of the others, at most one by chance.
    unplanted = {term for term in found if not set(term.split()) & set(planted)}
    assert len(unplanted) <= 1, unplanted
    assert not ((q <= 0.05) & (z < 0)).sum() > 1


def test_exact_and_normal_p_values_agree_by_hand():
    # one article of four paragraphs, two commentary; a term in two paragraphs, both
    # commentary: P = C(2,2) C(2,0) / C(4,2) = 1/6 for the upper tail
    presence = sp.csr_matrix(np.array([[1], [1], [0], [0]]))
    test = PresenceTest(presence, np.zeros(4, dtype=int), np.array([True, True, False, False]))
    assert test.exact[0]
    assert test.p_values(test.observed())[0] == pytest.approx(2 / 6)
    assert test.expected[0] == pytest.approx(1.0)
    assert test.variance[0] == pytest.approx(stats.hypergeom.var(4, 2, 2))
