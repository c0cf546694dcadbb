"""Charts of notebook 10: each has a title that states its finding, labelled axes and a
legend, shows its table, and draws rows without a sentiment word apart: grey crosses in a
band off the scale, counted, never a dot at 0, in a box, a mean or a line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.text import Text

from analysis import score_texts
from analysis.plots.base import format_score
from analysis.plots.sentiment import (
    plot_engines,
    plot_polarity_subjectivity,
    plot_sentiment_words,
    plot_within_article,
)


def _crosses(ax, gid="no-evidence"):
    """The points of the no-evidence artists of an Axes."""
    found = [c.get_offsets() for c in ax.collections if c.get_gid() == gid]
    assert found, f"no {gid} artist"
    return np.concatenate(found)


def _dots(ax):
    """The points of every other scatter of an Axes."""
    parts = [
        c.get_offsets()
        for c in ax.collections
        if isinstance(c, PathCollection) and not (c.get_gid() or "").startswith("no-evidence")
    ]
    return np.concatenate(parts) if parts else np.empty((0, 2))


def _band(ax, axis="y"):
    """Where the 'no word' tick sits on ``axis``."""
    ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    (position,) = [
        t for t, label in zip(ticks, labels, strict=True) if label.get_text() == "no word"
    ]
    return position


def _evidence_mean(frame, section, measure="tb_polarity", col="section"):
    rows = frame[(frame[col] == section) & (frame["tb_n_terms"] > 0)]
    return rows[measure].mean()


@pytest.mark.parametrize(
    "draw",
    [
        lambda s, d, f: d(s, category_col="section"),
        lambda s, d, f: d(s, category_col="voice"),
        lambda s, d, f: f(s),
        lambda s, d, f: plot_polarity_subjectivity(s),
        lambda s, d, f: plot_engines(s),
    ],
    ids=["distributions-section", "distributions-voice", "flow", "scatter", "engines"],
)
@pytest.mark.parametrize("table", ["scored", "insult"])
def test_sentiment_charts_are_readable(table, draw, check_readable, request, distributions, flow):
    fig = draw(request.getfixturevalue(table), distributions, flow)
    check_readable(fig)
    assert fig.get_suptitle().count("\n") <= 1, "two title lines at most"


def test_the_insult_article_has_no_textblob_word_in_its_commentary(insult):
    texts = ["This is a disgraceful betrayal by greedy port bosses.", "The offer is an insult."]
    alone = score_texts(texts, engines=["textblob", "vader"], cache=False)
    assert alone["tb_n_terms"].tolist() == [0, 0] and alone["tb_polarity"].tolist() == [0, 0]
    assert (alone["vader_compound"] < -0.5).all(), "VADER finds them negative"
    commentary = insult[insult["section"] == "commentary"]
    assert commentary["text"].tolist() == texts
    assert commentary["tb_n_terms"].tolist() == [0, 0]
    assert (insult.loc[insult["section"] == "reporting", "tb_n_terms"] == 0).sum() == 1


# -- distributions -----------------------------------------------------------------------


def test_distributions_draw_no_evidence_rows_apart_and_count_them(
    insult, legend_texts, distributions
):
    fig = distributions(insult, measures=["tb_polarity"], category_col="section")
    ax = fig.axes[0]
    band = _band(ax)
    assert band < -1.05, "the band is off the scale, not at 0"
    crosses = _crosses(ax)
    # 1 reporting sentence and both commentary ones, in the band, beside their groups
    assert len(crosses) == 3 and np.allclose(crosses[:, 1], band)
    assert sorted(np.round(crosses[:, 0])) == [0, 1, 1]
    dots = _dots(ax)
    assert len(dots) == 4 and not np.any(np.abs(dots[:, 0] - 1) < 0.3), "no commentary dot"
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "reporting\n4 with a word\n1 without",
        "commentary\n0 with a word\n2 without",
    ]
    notes = [t.get_text() for t in ax.texts]
    assert "none of its\n2 sentences\nhas a sentiment word" in notes
    assert "no sentiment word: 3 of 7 sentences (43%)" in legend_texts(fig)
    title = fig.get_suptitle()
    assert title.startswith("Commentary: none of its 2 sentences has a sentiment word")
    assert (
        f"mean polarity {format_score(_evidence_mean(insult, 'reporting'))} in reporting" in title
    )
    assert "3 of 7 sentences (43%) have none" in title


def test_distribution_means_and_ticks_are_of_rows_with_a_sentiment_word(scored, distributions):
    fig = distributions(scored, measures=["tb_polarity"], category_col="section")
    ax = fig.axes[0]
    evidence = scored["tb_n_terms"] > 0
    sections = scored["section"]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == [
        f"{s}\n{(evidence & (sections == s)).sum()} with a word\n"
        f"{(~evidence & (sections == s)).sum()} without"
        for s in ("reporting", "commentary")
    ]
    assert labels[0] == "reporting\n13 with a word\n4 without"
    means = [line.get_ydata()[0] for line in ax.lines if line.get_marker() == "D"]
    reporting = _evidence_mean(scored, "reporting")
    assert means[0] == pytest.approx(reporting)
    assert means[0] != pytest.approx(scored.loc[sections == "reporting", "tb_polarity"].mean())
    assert len(_dots(ax)) == evidence.sum() and len(_crosses(ax)) == (~evidence).sum()
    title = fig.get_suptitle()
    commentary = _evidence_mean(scored, "commentary")
    assert title.startswith(
        f"Commentary: mean polarity {format_score(commentary)} against "
        f"{format_score(reporting)} in reporting"
    )
    none = int((~evidence).sum())
    assert none == 5
    assert f"(sentences with a sentiment word; {none} of 19 sentences (26%) have none" in title


def test_distributions_count_each_engines_rows_without_a_word(insult, legend_texts, distributions):
    fig = distributions(insult, measures=["tb_polarity", "vader_compound"])
    entries = legend_texts(fig)
    assert "no sentiment word (TextBlob): 3 of 7 sentences (43%)" in entries
    assert "no sentiment word (VADER): 2 of 7 sentences (29%)" in entries
    assert len(_crosses(fig.axes[1])) == 2
    assert len(_dots(fig.axes[1])) == 5  # VADER scores the commentary


def test_an_empty_group_says_so_and_draws_no_box(distributions):
    frame = pd.DataFrame({"section": ["reporting"] * 6, "tb_polarity": 0.7,
                          "tb_subjectivity": 0.5, "tb_n_terms": 1})  # fmt: skip
    fig = distributions(frame, categories=["reporting", "commentary"])
    ax = fig.axes[0]
    assert "no rows" in [t.get_text() for t in ax.texts]
    assert fig.get_suptitle().startswith("No commentary sentences; mean polarity 0.70 in reporting")


def test_distributions_of_constant_groups_and_the_full_scale(distributions):
    frame = pd.DataFrame({"section": ["reporting"] * 6, "tb_polarity": 0.7,
                          "tb_subjectivity": 0.5, "tb_n_terms": 1})  # fmt: skip
    fig = distributions(frame)  # the mean of equal values must not fall outside (v, v)
    low, high = fig.axes[0].get_ylim()
    assert high == pytest.approx(1.05) and low < -1.05  # the full scale and the band below


def test_a_table_that_cannot_tell_no_evidence_from_neutral_is_refused(distributions):
    frame = pd.DataFrame({"section": ["reporting"] * 3, "tb_polarity": 0.0, "tb_subjectivity": 0})
    with pytest.raises(ValueError, match="lacks tb_n_terms"):
        distributions(frame)


# -- the article flow --------------------------------------------------------------------


def _flow_line(ax):
    (line,) = [ln for ln in ax.lines if ln.get_linestyle() == "-" and len(ln.get_xdata()) > 2]
    return line


def test_flow_breaks_its_line_at_paragraphs_without_a_sentiment_word(
    insult_all, legend_texts, flow
):
    fig = flow(insult_all)
    ax = fig.axes[0]
    line = _flow_line(ax)
    x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata(), dtype=float)
    assert x.tolist() == [1, 2, 3, 4]
    assert np.isnan(y[2]), "the commentary paragraph has no word: the line breaks there"
    # paragraph 1: one sentence scores 0.7, the other has no word and is not averaged in
    assert y[0] == pytest.approx(0.7)
    crosses = _crosses(ax)
    assert crosses[:, 0].tolist() == [3] and crosses[0, 1] == pytest.approx(_band(ax))
    assert "no sentiment word (1 paragraph)" in legend_texts(fig)
    title = fig.get_suptitle()
    assert title.startswith("Article ‘port-dispute’: no commentary paragraph has a sentiment word")
    assert "1 of 4 paragraphs have none" in title


def test_flow_title_gives_both_averages(scored_all, flow):
    fig = flow(scored_all)
    title = fig.get_suptitle()
    assert "commentary paragraphs average polarity −1.00, reporting 0.06" in title
    line = _flow_line(fig.axes[0])
    crossed = set(_crosses(fig.axes[0])[:, 0])
    values = dict(zip(line.get_xdata(), line.get_ydata(), strict=True))
    assert crossed and all(np.isnan(values[p]) for p in crossed)
    assert f"{len(crossed)} of 19 paragraphs have none" in title


def test_flow_names_an_unknown_article(scored, flow):
    with pytest.raises(ValueError, match="'nope' is not in the corpus"):
        flow(scored, article_id="nope")


# -- polarity against subjectivity, TextBlob against VADER ---------------------------------


def test_scatter_marks_and_counts_rows_without_a_word(insult, legend_texts):
    fig = plot_polarity_subjectivity(insult, category_col="voice")
    ax = fig.axes[0]
    crosses = _crosses(ax)
    assert len(crosses) == 1 and crosses[0, 0] == pytest.approx(_band(ax, "x"))
    assert crosses[0, 0] < -1.05
    assert "3" in [t.get_text() for t in ax.texts]
    assert len(_dots(ax)) == 4
    entries = legend_texts(fig)
    assert "no sentiment word: 3 of 7 rows (43%)" in entries
    assert "commentary (n=0; 2 without a word)" in entries
    assert fig.get_suptitle().startswith("Commentary: none of its 2 rows has a sentiment word")


def test_scatter_title_states_the_groups_means(scored):
    fig = plot_polarity_subjectivity(scored, category_col="voice")
    words = scored[scored["tb_n_terms"] > 0]
    commentary = words[words["voice"] == "commentary"]
    title = fig.get_suptitle()
    assert title.startswith(
        "Commentary: mean subjectivity and polarity "
        f"{format_score(commentary['tb_subjectivity'].mean())} and "
        f"{format_score(commentary['tb_polarity'].mean())}"
    )
    assert f"({len(words)} rows with a sentiment word; 5 of 19 rows (26%) have none" in title


def test_engines_chart_shows_what_vader_scores_where_textblob_finds_no_word(insult, legend_texts):
    fig = plot_engines(insult, category_col="voice")
    ax = fig.axes[0]
    x_band, y_band = _band(ax, "x"), _band(ax, "y")
    crosses = _crosses(ax)
    no_word = insult[insult["tb_n_terms"] == 0]
    assert len(crosses) == 3 and np.all(np.abs(crosses[:, 0] - x_band) <= 0.05)
    vader_scored = no_word[no_word["vader_pos"] + no_word["vader_neg"] > 0]["vader_compound"]
    assert sorted(crosses[:, 1]) == pytest.approx(sorted([y_band, *vader_scored]))
    pluses = _crosses(ax, "no-evidence-vader")  # TextBlob scores it, VADER finds no word
    assert pluses[:, 0].tolist() == pytest.approx([-0.05])
    assert len(_dots(ax)) == 3
    title = fig.get_suptitle()
    assert title.startswith(
        f"VADER scores 2 of the 3 rows TextBlob finds no word in (from "
        f"{format_score(vader_scored.min())} to {format_score(vader_scored.max())})"
    )
    assert "opposite signs on 0 of the 3 rows both engines score" in title
    entries = legend_texts(fig)
    assert "no TextBlob word: 3 of 7 rows (43%); \nVADER scores 2 of them" in entries
    assert "no VADER word, TextBlob has one: 1" in entries
    assert "commentary (n=0; 2 without a TextBlob word)" in entries


# -- the words and the within-article chart -----------------------------------------------


def test_words_chart_draws_the_tables_top_terms(scored, terms, top_terms, check_readable):
    fig = plot_sentiment_words(top_terms, categories=["reporting", "commentary"])
    check_readable(fig)
    sums = terms[terms["section"] == "reporting"].groupby("term")["contribution"].sum()
    top = sums.abs().sort_values(ascending=False).index[:3]
    drawn = [t.get_text().split(" (")[0] for t in fig.axes[0].get_yticklabels()]
    assert sorted(drawn) == sorted(top)
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["worst (×1)"]
    share = top_terms.set_index(["section", "term"]).loc[("commentary", "worst"), "share_of_mean"]
    title = fig.get_suptitle()
    assert f"'worst' in commentary ({format_score(share, signed=True)})" in title
    assert "its mean over its rows with a sentiment word" in title
    # the sample's commentary: one paragraph with a word, one without, named in the panel
    assert (
        share == -1.0
        and fig.axes[1].get_title(loc="left")
        == "commentary\n1 row with a word; 1 without, not counted"
    )
    # The panels' titles do not run into each other at report size.
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    left, right = (
        next(a for a in ax.get_children() if isinstance(a, Text) and a.get_text() == title)
        for ax, title in ((a, a.get_title(loc="left")) for a in fig.axes[:2])
    )
    assert left.get_window_extent(renderer).x1 < right.get_window_extent(renderer).x0


def test_words_chart_says_so_for_a_group_without_sentiment_words(top_terms):
    fig = plot_sentiment_words(top_terms, categories=["reporting", "commentary", "caption"])
    empty = fig.axes[2]
    assert [t.get_text() for t in empty.texts] == ["no sentiment word found"]
    assert empty.get_title(loc="left") == "caption"
    assert not any(line.get_visible() for line in empty.get_xgridlines())
    assert "; none in caption\n" in fig.get_suptitle()


def test_within_article_chart_for_a_corpus(within, check_readable):
    per_article, summary = within
    fig = plot_within_article(per_article, summary)
    check_readable(fig)
    assert summary.loc[0, "n_articles"] == len(per_article) > 20
    lower = int((per_article["difference"] < 0).sum())
    higher = int((per_article["difference"] > 0).sum())
    lead = max(lower, higher)
    word = "more negative" if lower >= higher else "more positive"
    title = fig.get_suptitle()
    assert title.startswith(
        f"Commentary is {word} than reporting in {lead} of {len(per_article)} articles"
    )
    assert f"(median difference {format_score(per_article['difference'].median())})" in title


def test_within_article_title_by_hand():
    per_article = pd.DataFrame({"article_id": list("abc"), "difference": [-0.1, -0.2, 0.3]})
    note = "3 articles with both sections: too few"
    summary = pd.DataFrame(
        [{"group": "all", "mean_difference": 0.0, "low": np.nan, "high": np.nan, "note": note}]
    )
    fig = plot_within_article(per_article, summary, measure="tb_subjectivity")
    assert fig.get_suptitle() == (
        "Commentary is less subjective than reporting in 2 of 3 articles, more subjective "
        "in 1 (median difference −0.10)\nMean difference 0.00; 3 articles with both "
        "sections: too few"
    )


def test_within_article_title_says_which_rows_the_means_are_of(insult):
    from analysis.stats import within_article_differences

    per_article, summary = within_article_differences(insult, "tb_polarity")
    fig = plot_within_article(per_article.assign(rows="all rows"), summary)
    assert fig.get_suptitle().split("\n")[1].startswith("All rows: mean difference")
    # on the rows with a sentiment word the insult article has no commentary left
    with_word = insult[insult["tb_n_terms"] > 0]
    per_article, summary = within_article_differences(with_word, "tb_polarity")
    fig = plot_within_article(per_article, summary)
    assert fig.get_suptitle() == "No article has both commentary and reporting: nothing to compare"


def test_many_rows_are_drawn_as_a_stated_sample_rasterised_in_a_small_svg(tmp_path, distributions):
    from analysis.plots import save_figure
    from analysis.plots.base import MAX_DOTS

    rng = np.random.default_rng(1)
    n = 60_000
    scored = pd.DataFrame(
        {
            "article_id": rng.integers(0, 3000, n).astype(str),
            "section": rng.choice(["reporting", "commentary"], n, p=[0.8, 0.2]),
            "tb_polarity": rng.uniform(-1, 1, n),
            "tb_subjectivity": rng.uniform(0, 1, n),
            "tb_n_terms": rng.integers(0, 3, n),
        }
    )
    fig = distributions(scored, unit="sentence")
    drawn = [c for c in fig.axes[0].collections if c.get_gid() != "no-evidence"]
    assert max(len(c.get_offsets()) for c in drawn) == MAX_DOTS
    assert all(c.get_rasterized() for c in drawn if len(c.get_offsets()) > 500)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert f"dots: a random {MAX_DOTS:,} sentences per group where more" in labels
    svg = next(p for p in save_figure(fig, tmp_path, "many") if p.suffix == ".svg")
    assert svg.stat().st_size < 2_000_000
