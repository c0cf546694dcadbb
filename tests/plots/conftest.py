"""Inputs for the chart tests, built once per module from the bundled sample (and a small
synthetic corpus with outlets), and the check that a chart can be read."""

from __future__ import annotations

import pytest

from analysis import load_corpus, score_sentiment, sentiment_terms
from analysis.framing import (
    STYLE_LABELS,
    actor_summary,
    count_lexicons,
    distinctive_terms,
    load_actors,
    load_lexicons,
    style_profile,
    top_distinctive,
)
from analysis.sentiment import top_sentiment_terms
from analysis.stats import within_article_differences
from analysis.synthetic import write_articles


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def scored_all(corpus):
    """Every sentence of the sample scored, titles, bylines and captions included."""
    return corpus.sentences.pipe(score_sentiment, cache=False)


@pytest.fixture(scope="module")
def scored(scored_all):
    return scored_all[scored_all["section"].isin(["reporting", "commentary"])]


@pytest.fixture(scope="module")
def prose(corpus):
    """The sample's reporting and commentary paragraphs."""
    return corpus.paragraphs[corpus.paragraphs["section"].isin(["reporting", "commentary"])]


@pytest.fixture(scope="module")
def terms(scored):
    return sentiment_terms(scored, keep=["section"])


@pytest.fixture(scope="module")
def top_terms(terms, scored):
    return top_sentiment_terms(terms, scored, categories=["reporting", "commentary"], top=3)


@pytest.fixture(scope="module")
def within(tmp_path_factory):
    """``(per_article, summary)`` of commentary minus reporting, for 30 synthetic articles."""
    folder = tmp_path_factory.mktemp("within")
    write_articles(folder, 30, outlets=("A", "B"), seed=2)
    rows = load_corpus(folder).sentences.pipe(score_sentiment, engines=["textblob"], cache=False)
    return within_article_differences(rows, "tb_polarity")


@pytest.fixture(scope="module")
def distinctive():
    """``(top, summary)`` of a corpus with planted commentary words: terms to draw."""
    from analysis.synthetic import word_paragraphs

    rows = word_paragraphs(120, planted={"shameful": 0.8, "reckless": 0.5}, seed=4)
    result = distinctive_terms(rows, ngram_range=(1, 1), shuffles=20)
    return top_distinctive(result.table, n=10), result.summary


@pytest.fixture(scope="module")
def actor_table(corpus, scored_all):
    return actor_summary(corpus.paragraphs, load_actors(None), scored_sentences=scored_all)


@pytest.fixture(scope="module")
def frames(prose):
    """``(framed, columns, labels)`` for ``plot_profile``: frame dictionary hits per paragraph."""
    lexicons = load_lexicons(None)
    columns = [f"frame_{lexicon.name}" for lexicon in lexicons]
    labels = {f"frame_{lexicon.name}": lexicon.label for lexicon in lexicons}
    return count_lexicons(prose, lexicons), columns, labels


@pytest.fixture(scope="module")
def styles(prose):
    """``(styled, columns, labels)`` for ``plot_profile``: style measures per paragraph."""
    styled = style_profile(prose)
    return styled, [c for c in STYLE_LABELS if c in styled.columns], STYLE_LABELS


@pytest.fixture
def check_readable():
    """Assert that a figure has a title, labelled axes and a legend."""

    def check(fig):
        title = fig.get_suptitle() or fig.axes[0].get_title(loc="left")
        assert title.strip(), "no title"
        for ax in fig.axes:
            assert ax.get_xlabel() or ax.get_ylabel() or not ax.has_data()
        legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
        assert legends, "no legend"

    return check
