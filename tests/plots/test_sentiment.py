"""Charts of notebook 10: each has a title, labelled axes and a legend, and shows its table."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.plots.sentiment import (
    plot_distributions,
    plot_engines,
    plot_flow,
    plot_polarity_subjectivity,
    plot_sentiment_words,
    plot_within_article,
)


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
def test_sentiment_charts_are_readable(scored, draw, check_readable):
    check_readable(draw(scored))


def test_distribution_ticks_count_the_rows(scored):
    fig = plot_distributions(scored, measures=["tb_polarity"], category_col="section")
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["reporting\n(n=17)", "commentary\n(n=2)"]


def test_words_chart_draws_the_tables_top_terms(scored, terms, top_terms, check_readable):
    fig = plot_sentiment_words(top_terms, categories=["reporting", "commentary"])
    check_readable(fig)
    sums = terms[terms["section"] == "reporting"].groupby("term")["contribution"].sum()
    top = sums.abs().sort_values(ascending=False).index[:3]
    drawn = [t.get_text().split(" (")[0] for t in fig.axes[0].get_yticklabels()]
    assert sorted(drawn) == sorted(top)
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["worst (×1)"]


def test_words_chart_says_so_for_a_group_without_sentiment_words(top_terms):
    fig = plot_sentiment_words(top_terms, categories=["reporting", "commentary", "caption"])
    empty = fig.axes[2]
    assert [t.get_text() for t in empty.texts] == ["no sentiment word found"]
    assert empty.get_title(loc="left") == "caption"
    assert not any(line.get_visible() for line in empty.get_xgridlines())


def test_within_article_chart_for_a_corpus(within, check_readable):
    per_article, summary = within
    fig = plot_within_article(per_article, summary)
    check_readable(fig)
    assert summary.loc[0, "n_articles"] == len(per_article) > 20


def test_distributions_of_constant_groups_and_the_full_scale():
    frame = pd.DataFrame({"section": ["reporting"] * 6, "tb_polarity": 0.7, "tb_subjectivity": 0.5})
    fig = plot_distributions(frame)  # the mean of equal values must not fall outside (v, v)
    assert fig.axes[0].get_ylim() == pytest.approx((-1.05, 1.05))


def test_flow_names_an_unknown_article(scored):
    with pytest.raises(ValueError, match="'nope' is not in the corpus"):
        plot_flow(scored, article_id="nope")
