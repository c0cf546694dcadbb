"""The chart of notebook 00: one article's paragraphs in reading order."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from analysis.plots.articles import plot_article_structure


def test_structure_chart_has_a_bar_per_row_and_names_the_commentary(corpus, check_readable):
    fig = plot_article_structure(corpus.paragraphs)
    check_readable(fig)
    ax = fig.axes[0]
    assert len(ax.patches) == len(corpus.paragraphs)
    title = ax.get_title(loc="left")
    prose = corpus.paragraphs[corpus.paragraphs["section"].isin(["reporting", "commentary"])]
    words = prose.loc[prose["section"] == "commentary", "n_words"].sum()
    assert title.startswith(
        f"Inserted commentary: 2 of 19 paragraphs, {words} of {prose['n_words'].sum()} words"
    )
    assert title.endswith("at paragraphs 8 and 17")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:7] == ["title", "1", "2", "3", "4", "5", "5 caption"]
    notes = [t.get_text() for t in ax.texts]
    assert notes == ["commentary", "commentary"]


def test_structure_chart_unknown_article(corpus):
    with pytest.raises(ValueError, match="'nope' is not in the corpus"):
        plot_article_structure(corpus.paragraphs, article_id="nope")


def test_structure_chart_on_the_callers_axes_gets_the_charts_frame(corpus):
    with plt.rc_context({"axes.spines.top": True, "axes.spines.right": True, "axes.grid": False}):
        fig, (other, ax) = plt.subplots(1, 2)
    assert plot_article_structure(corpus.paragraphs, ax=ax) is fig
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert any(line.get_visible() for line in ax.get_xgridlines())
    assert not any(line.get_visible() for line in ax.get_ygridlines())
    assert other.spines["top"].get_visible(), "the caller's other Axes is left as it was"
    plt.close(fig)
