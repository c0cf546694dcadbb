"""Inputs for the chart tests, built once per module from the bundled sample (and a small
synthetic corpus with outlets, and an article whose commentary has no sentiment word), and
the check that a chart can be read."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
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
from analysis.plots.sentiment import plot_distributions, plot_flow
from analysis.sentiment import describe_scores, paragraph_scores, top_sentiment_terms
from analysis.stats import describe_groups, within_article_differences
from analysis.synthetic import write_articles


@pytest.fixture(autouse=True)
def _close_figures():
    """Each test's figures are closed after it: pyplot keeps them otherwise."""
    yield
    plt.close("all")


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


# An article whose commentary holds no word of TextBlob's lexicon (VADER scores it), with
# a reporting sentence neither engine scores and one only TextBlob scores.
INSULT_ARTICLE = """port dispute talks
Port bosses met union leaders in Rotterdam on Monday. The talks were good and productive, a union spokesman said.

Workers said the deal was fair. "We are happy with the result," one docker said.

Comment: This is a disgraceful betrayal by greedy port bosses. The offer is an insult.

Shipping firms expect the port to reopen on Friday after a long week.
"""  # noqa: E501


@pytest.fixture(scope="module")
def insult_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("insult")
    (folder / "port-dispute.txt").write_text(INSULT_ARTICLE, encoding="utf-8")
    return load_corpus(folder)


@pytest.fixture(scope="module")
def insult_all(insult_corpus):
    """Every sentence of the insult article, scored by both engines."""
    sentences = insult_corpus.sentences
    return sentences.pipe(score_sentiment, engines=["textblob", "vader"], cache=False)


@pytest.fixture(scope="module")
def voices(corpus, insult_corpus):
    """The loader's voice of every paragraph of the sample and of the insult article."""
    return pd.concat([c.paragraphs[["paragraph_id", "voice"]] for c in (corpus, insult_corpus)])


@pytest.fixture(scope="module")
def insult(insult_all):
    """Its reporting and commentary sentences: 7, of which the 2 commentary ones and 1
    reporting one have no TextBlob word."""
    return insult_all[insult_all["section"].isin(["reporting", "commentary"])]


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
    """``(framed, columns, labels, summary)`` for ``plot_profile``: frame dictionary hits
    per paragraph, and their means and intervals by section."""
    lexicons = load_lexicons(None)
    columns = [f"frame_{lexicon.name}" for lexicon in lexicons]
    labels = {f"frame_{lexicon.name}": lexicon.label for lexicon in lexicons}
    framed = count_lexicons(prose, lexicons)
    return framed, columns, labels, describe_groups(framed, columns, categories=SECTIONS)


@pytest.fixture(scope="module")
def styles(prose):
    """``(styled, columns, labels, summary)`` for ``plot_profile``: style measures per
    paragraph, and their means and intervals by section."""
    styled = style_profile(prose)
    columns = [c for c in STYLE_LABELS if c in styled.columns]
    return styled, columns, STYLE_LABELS, describe_groups(styled, columns, categories=SECTIONS)


SECTIONS = ["reporting", "commentary"]
SCORES = ("tb_polarity", "tb_subjectivity", "vader_compound", "opinion")


def measures_of(scored) -> list[str]:
    """The score columns a table holds."""
    return [m for m in SCORES if m in scored]


@pytest.fixture
def distributions():
    """``plot_distributions`` of a scored table, drawn from its ``describe_scores``."""

    def draw(scored, *, category_col="section", categories=None, **options):
        means = describe_scores(
            scored, measures_of(scored), category_col=category_col, categories=categories
        )
        return plot_distributions(
            scored, means, category_col=category_col, categories=categories, **options
        )

    return draw


@pytest.fixture
def flow(voices):
    """``plot_flow`` of a scored table, its sentences averaged per paragraph first."""

    def draw(scored, **options):
        return plot_flow(paragraph_scores(scored, measures_of(scored), voices=voices), **options)

    return draw


@pytest.fixture
def legend_texts():
    """Every legend entry of a figure, its own legends and its Axes'."""

    def texts(fig):
        legends = fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
        return [t.get_text() for legend in legends for t in legend.get_texts()]

    return texts


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
