"""The generated articles the benchmarks and tests use: the sample's format, reproducible."""

from __future__ import annotations

from analysis.load.corpus import load_corpus
from analysis.synthetic import generate_articles, write_articles


def test_the_same_seed_gives_the_same_articles_and_another_does_not():
    assert generate_articles(3, seed=7) == generate_articles(3, seed=7)
    assert generate_articles(3, seed=7) != generate_articles(3, seed=8)


def test_written_articles_load_with_outlets_and_commentary(tmp_path):
    paths = write_articles(tmp_path, 12, outlets=("Daily", "Weekly"), seed=1)
    assert [p.name for p in paths[:2]] == ["article-00001.txt", "article-00002.txt"]
    corpus = load_corpus(tmp_path)
    assert sorted(corpus.articles["outlet"].unique()) == ["Daily", "Weekly"]
    assert (corpus.articles["n_commentary"] > 0).sum() >= 6
    assert corpus.paragraphs["text"].str.startswith("Comment:").sum() == 0  # markers removed
