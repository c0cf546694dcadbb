"""Charts: each has a title, labelled axes and a legend, and shows what its table says."""

from __future__ import annotations

import pytest

from analysis import load_corpus, score_sentiment, sentiment_terms
from analysis.plots import plot_article_structure, save_figure
from analysis.plots.sentiment import (
    plot_distributions,
    plot_engines,
    plot_flow,
    plot_polarity_subjectivity,
    plot_sentiment_words,
    plot_within_article,
)
from analysis.sentiment import top_sentiment_terms
from analysis.stats import within_article_differences
from analysis.synthetic import write_articles


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def scored(corpus):
    rows = corpus.sentences.pipe(score_sentiment, cache=False)
    return rows[rows["section"].isin(["reporting", "commentary"])]


def _check_readable(fig):
    title = fig.get_suptitle() or fig.axes[0].get_title(loc="left")
    assert title.strip(), "no title"
    for ax in fig.axes:
        assert ax.get_xlabel() or ax.get_ylabel() or not ax.has_data()
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
    assert legends, "no legend"


def test_structure_chart_has_a_bar_per_row_and_names_the_commentary(corpus, tmp_path):
    fig = plot_article_structure(corpus.paragraphs)
    _check_readable(fig)
    ax = fig.axes[0]
    assert len(ax.patches) == len(corpus.paragraphs)
    assert "2 of 19 paragraphs" in ax.get_title(loc="left")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:7] == ["title", "1", "2", "3", "4", "5", "5 caption"]
    assert [p.name for p in save_figure(fig, tmp_path, "structure")] == [
        "structure.png",
        "structure.svg",
    ]
    assert save_figure(fig, "", "structure") == []


def test_structure_chart_unknown_article(corpus):
    with pytest.raises(ValueError, match="no article 'nope'"):
        plot_article_structure(corpus.paragraphs, article_id="nope")


@pytest.mark.parametrize(
    "draw",
    [
        lambda s: plot_distributions(s, category_col="section"),
        lambda s: plot_distributions(s, category_col="voice"),
        lambda s: plot_flow(s),
        lambda s: plot_polarity_subjectivity(s),
        lambda s: plot_engines(s),
    ],
    ids=["distributions-section", "distributions-voice", "flow", "scatter", "engines"],
)
def test_sentiment_charts_are_readable(scored, draw):
    _check_readable(draw(scored))


def test_distribution_ticks_count_the_rows(scored):
    fig = plot_distributions(scored, measures=["tb_polarity"], category_col="section")
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["reporting\n(n=17)", "commentary\n(n=2)"]


def test_words_chart_draws_the_tables_top_terms(scored):
    terms = sentiment_terms(scored, keep=["section"])
    top_terms = top_sentiment_terms(terms, scored, categories=["reporting", "commentary"], top=3)
    fig = plot_sentiment_words(top_terms, categories=["reporting", "commentary"])
    _check_readable(fig)
    sums = terms[terms["section"] == "reporting"].groupby("term")["contribution"].sum()
    top = sums.abs().sort_values(ascending=False).index[:3]
    drawn = [t.get_text().split(" (")[0] for t in fig.axes[0].get_yticklabels()]
    assert sorted(drawn) == sorted(top)
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["worst (×1)"]


def test_within_article_chart_for_a_corpus(tmp_path):
    write_articles(tmp_path, 30, outlets=("A", "B"), seed=2)
    rows = load_corpus(tmp_path).sentences.pipe(score_sentiment, engines=["textblob"], cache=False)
    per_article, summary = within_article_differences(rows, "tb_polarity")
    fig = plot_within_article(per_article, summary)
    _check_readable(fig)
    assert summary.loc[0, "n_articles"] == len(per_article) > 20


def test_distributions_of_constant_groups_and_the_full_scale():
    import pandas as pd

    frame = pd.DataFrame({"section": ["reporting"] * 6, "tb_polarity": 0.7, "tb_subjectivity": 0.5})
    fig = plot_distributions(frame)  # the mean of equal values must not fall outside (v, v)
    assert fig.axes[0].get_ylim() == pytest.approx((-1.05, 1.05))


def test_flow_names_an_unknown_article(scored):
    with pytest.raises(ValueError, match="no article 'nope'"):
        plot_flow(scored, article_id="nope")


def test_distinctive_terms_chart_draws_its_table_in_order(corpus):
    from analysis.framing import distinctive_terms, top_distinctive
    from analysis.plots.framing import plot_distinctive_terms

    prose = corpus.paragraphs[corpus.paragraphs["section"].isin(["reporting", "commentary"])]
    top = top_distinctive(distinctive_terms(prose), n=10)
    fig = plot_distinctive_terms(top)
    _check_readable(fig)
    drawn = [t.get_text().split(" (")[0] for t in fig.axes[0].get_yticklabels()][::-1]
    assert drawn == top["term"].tolist()
