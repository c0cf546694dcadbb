"""Charts of notebook 20: each draws exactly the table it is given, states its finding in
the title, never mixes units on an axis, and marks actors without a sentiment word."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.framing import load_actors
from analysis.plots.base import format_score
from analysis.plots.framing import plot_actors, plot_distinctive_terms, plot_profile


def test_distinctive_terms_chart_draws_its_table_in_order(distinctive, check_readable):
    top, summary = distinctive
    fig = plot_distinctive_terms(top, summary)
    check_readable(fig)
    drawn = [t.get_text().split(" (")[0] for t in fig.axes[0].get_yticklabels()][::-1]
    assert drawn == top["term"].tolist()
    passing = summary.set_index("side")["passing"]
    title = fig.axes[0].get_title(loc="left")
    assert title.startswith(
        f"{passing['commentary']} terms favour commentary, {passing['reporting']} reporting"
    )
    assert "by chance about" in title


def test_no_distinctive_term_is_no_chart(distinctive):
    top, summary = distinctive
    with pytest.raises(ValueError, match="say so in words"):
        plot_distinctive_terms(top.iloc[0:0], summary)


# -- profiles ------------------------------------------------------------------------------


def test_profile_has_a_row_per_measure_and_the_groups_sizes(frames, check_readable):
    framed, columns, labels, summary = frames
    fig = plot_profile(summary, columns, labels, title="Frames", xlabel="Hits per 100 words")
    check_readable(fig)
    ax = fig.axes[0]
    assert len(fig.axes) == 1, "frames share one unit: one panel"
    assert [t.get_text() for t in ax.get_yticklabels()] == [labels[c] for c in columns]
    entries = [t.get_text() for t in fig.legends[0].get_texts()]
    assert entries[:2] == [
        "reporting (n=17), mean and 95% interval",
        "commentary (n=2), mean only",
    ]
    assert ax.get_title(loc="left") == "Frames", "the caller's subject heads the panel"


def test_profile_title_states_the_finding(frames):
    framed, columns, labels, summary = frames
    fig = plot_profile(summary, columns, labels, xlabel="Hits per 100 words")
    means = framed.groupby("section")[columns].mean()
    gaps = means.loc["commentary"] - means.loc["reporting"]
    widest = gaps.abs().idxmax()
    first, second = fig.get_suptitle().split("\n")
    assert first == (
        f"Commentary higher than reporting on {(gaps > 0).sum()} of {len(columns)} measures "
        "(2 commentary, 17 reporting paragraphs)"
    )
    assert second.startswith(f"Widest gap: {labels[widest][:1].lower()}{labels[widest][1:]}")
    assert f"{means.loc['commentary', widest]:.2f} in commentary against" in second


def test_style_profile_puts_each_unit_on_its_own_axis(styles, check_readable):
    styled, columns, labels, summary = styles
    assert "style_quoted_percent" in columns  # per 100 words and % of characters, mixed
    fig = plot_profile(summary, columns, labels, title="Style", xlabel="Per 100 words")
    check_readable(fig)
    rates, quoted = fig.axes
    assert rates.get_xlabel() == "Per 100 words"
    assert [t.get_text() for t in rates.get_yticklabels()] == [
        labels[c] for c in columns if c != "style_quoted_percent"
    ]
    assert quoted.get_xlabel() == "Per cent of the characters"
    assert [t.get_text() for t in quoted.get_yticklabels()] == [labels["style_quoted_percent"]]
    # the quoted share (about 28% of reporting's characters) is drawn on its own axis only
    reporting = styled.loc[styled["section"] == "reporting", "style_quoted_percent"].mean()
    assert reporting > 10

    def xs(ax):
        return [x for line in ax.lines for x in np.atleast_1d(line.get_xdata())]

    assert any(np.isclose(x, reporting) for x in xs(quoted))
    assert max(xs(rates)) < reporting / 2, "no quoted share on the per-100-words axis"


def test_profile_takes_units_from_the_caller(styles):
    styled, columns, labels, summary = styles
    units = {"style_questions": "Questions per 100 words", "style_exclamations": "Per 100 words"}
    fig = plot_profile(summary, columns[:-1], labels, xlabel="Per 100 words", units=units)
    assert [ax.get_xlabel() for ax in fig.axes] == ["Per 100 words", "Questions per 100 words"]
    assert len(fig.axes[0].get_yticklabels()) == len(columns) - 2


# -- actors ------------------------------------------------------------------------------


def test_actors_chart_names_each_named_actor_once(actor_table, check_readable, legend_texts):
    fig = plot_actors(actor_table)
    check_readable(fig)
    named = actor_table.groupby("actor")["mentions"].transform("sum") > 0
    drawn = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert drawn == list(dict.fromkeys(actor_table.loc[named, "label"]))
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["Who is named where", "In what light"]
    # the sample is one article: its actors' open dots are explained by the legend
    assert "no interval: fewer than 5 sentences, or all in one article" in legend_texts(fig)


def _actor_crosses(ax):
    parts = [c.get_offsets() for c in ax.collections if c.get_gid() == "no-evidence"]
    return np.concatenate(parts) if parts else np.empty((0, 2))


def test_actors_without_a_sentiment_word_are_marked_not_neutral(actor_table, legend_texts):
    fig = plot_actors(actor_table)
    light = fig.axes[1]
    rows = actor_table[actor_table.groupby("actor")["mentions"].transform("sum") > 0]
    none = rows[(rows["sentences"] > 0) & rows["mean_sentiment"].isna()]
    # the sample's first commentary paragraph has no TextBlob word but names many actors
    assert len(none) >= 5 and set(none["section"]) == {"commentary"}
    crosses = _actor_crosses(light)
    assert len(crosses) == len(none)
    (band,) = [t for t, label in zip(light.get_xticks(), light.get_xticklabels(), strict=True)
               if label.get_text() == "no word"]  # fmt: skip
    assert np.allclose(crosses[:, 0], band) and band < -1.05
    drawn = [x for line in light.lines for x in np.atleast_1d(line.get_xdata())]
    dots = rows["mean_sentiment"].notna().sum()
    assert sum(np.isfinite(x) and abs(x) <= 1 for x in drawn) >= dots
    pairs = (rows["sentences"] > 0).sum()
    assert (
        f"no sentiment word in any sentence naming it: {len(none)} of {pairs} actor–section pairs"
        in legend_texts(fig)
    )


def test_actors_title_states_who_is_named_most_and_in_what_light(actor_table):
    fig = plot_actors(actor_table)
    commentary = actor_table[actor_table["section"] == "commentary"]
    top = commentary.loc[commentary["per_1000_words"].idxmax()]
    first, second = fig.get_suptitle().split("\n")
    assert first.startswith(
        f"Commentary names {top['label']} most: {top['per_1000_words']:.1f} per 1,000 words"
    )
    scored = commentary.dropna(subset=["mean_sentiment"])
    low = scored.loc[scored["mean_sentiment"].idxmin()]
    assert second.startswith(
        f"In commentary, {low['label']} is cast most negatively: mean polarity "
        f"{format_score(low['mean_sentiment'])}"
    )


def test_an_actor_named_only_without_sentiment_words_is_a_cross_by_hand():
    summary = pd.DataFrame(
        {
            "actor": ["china", "china", "belarus", "belarus"],
            "label": ["China", "China", "Belarus", "Belarus"],
            "section": ["reporting", "commentary"] * 2,
            "mentions": [2, 1, 0, 2],
            "per_1000_words": [10.0, 5.0, 0.0, 10.0],
            "share_of_paragraphs": [0.5, 0.5, 0.0, 1.0],
            "sentences": [2, 1, 0, 2],
            "sentences_with_evidence": [2, 1, 0, 0],
            "articles": [1, 1, 0, 0],
            "mean_sentiment": [0.4, -0.5, np.nan, np.nan],
            "sentiment_low": np.nan,
            "sentiment_high": np.nan,
            "note": ["n=2", "n=1", "", "no sentiment word in the 2 sentences naming it"],
        }
    )
    fig = plot_actors(summary)
    light = fig.axes[1]
    crosses = _actor_crosses(light)
    assert len(crosses) == 1 and crosses[0, 1] == pytest.approx(1 + 0.15)  # Belarus, commentary
    dots = [(x, y) for line in light.lines for x, y in zip(*line.get_data(), strict=True)]
    assert not any(abs(y - 1.15) < 1e-9 for _, y in dots), "Belarus has no dot at 0"
    assert "In commentary, China is cast most negatively: mean polarity −0.50" in fig.get_suptitle()


def test_no_actor_named_is_no_chart(corpus):
    from analysis.framing import actor_summary

    rows = corpus.paragraphs.assign(text="Nobody of the list is here.")
    table = actor_summary(rows, load_actors())
    with pytest.raises(ValueError, match="no actor of the list is named"):
        plot_actors(table)
