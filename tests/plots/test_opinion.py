"""Charts of notebook 90: each draws exactly the table it is given, states its finding and
sample size in the title, is drawn in the shared style, and refuses a table it cannot draw."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import analysis.plots.opinion as opinion_charts
from analysis.modeling.opinion_training import reliability_table
from analysis.plots import plot_reliability, plot_validity
from analysis.plots.base import STYLE_FILE
from analysis.sentiment.opinion import opinion_model, opinion_validity
from analysis.stats import share_intervals


@pytest.fixture(scope="module")
def reliability():
    """The shipped model's reliability bins on NewsSD-ENG's test split, with the Wilson
    interval of each bin's share."""
    return share_intervals(pd.DataFrame(opinion_model().report["reliability"]))


@pytest.fixture(scope="module")
def validity():
    return opinion_validity()


def _points(ax, gid: str) -> np.ndarray:
    (collection,) = [c for c in ax.collections if c.get_gid() == gid]
    return np.asarray(collection.get_offsets())


# -- the reliability diagram ---------------------------------------------------------------


def test_reliability_draws_a_point_and_a_count_per_bin(reliability, check_readable):
    fig = plot_reliability(reliability)
    check_readable(fig)
    ax, strip = fig.axes
    points = _points(ax, "bins")
    assert len(points) == len(reliability)
    np.testing.assert_allclose(points[:, 0], reliability["mean_probability"])
    np.testing.assert_allclose(points[:, 1], reliability["share_opinion"])
    bars = [p for p in strip.patches if p.get_gid() == "bin-counts"]
    assert [round(b.get_height()) for b in bars] == reliability["n"].tolist()
    assert [round(b.get_x(), 6) for b in bars] == reliability["low"].tolist()
    diagonal = [line for line in ax.lines if list(line.get_xdata()) == [0, 1]]
    assert diagonal and list(diagonal[0].get_ydata()) == [0, 1], "the diagonal is drawn"


def test_reliability_title_states_the_calibration_error_and_n(reliability):
    fig = plot_reliability(reliability)
    n = int(reliability["n"].sum())
    gaps = (reliability["share_opinion"] - reliability["mean_probability"]).abs()
    error = float((reliability["n"] * gaps).sum() / n)
    title = fig.get_suptitle()
    assert f"differ by {error:.3f}" in title
    assert f"{n} sentences" in title
    # the shipped report's own figure, to its rounding
    assert error == pytest.approx(
        opinion_model().report["test"]["expected_calibration_error"], abs=1e-4
    )


def test_reliability_draws_what_reliability_table_gives():
    rng = np.random.default_rng(1)
    probabilities = rng.uniform(0, 1, 500)
    labels = rng.uniform(0, 1, 500) < probabilities  # calibrated by construction
    table = share_intervals(reliability_table(probabilities, labels, bins=5))
    fig = plot_reliability(table, sample="a simulation", unit="text")
    assert len(_points(fig.axes[0], "bins")) == 5
    title = fig.get_suptitle()
    assert "500 texts of a simulation" in title
    assert fig.axes[0].get_ylabel() == "Observed share of opinion texts (0 to 1)"


def test_reliability_interval_of_a_bin_of_one_sentence_is_wide(reliability):
    fig = plot_reliability(reliability)
    ax = fig.axes[0]
    (bars,) = [c for c in ax.collections if isinstance(c, mpl.collections.LineCollection)]
    spans = {round(seg[0][0], 4): seg[1][1] - seg[0][1] for seg in bars.get_segments()}
    single = reliability.loc[reliability["n"] == 1, "mean_probability"].iloc[0]
    largest = reliability.loc[reliability["n"].idxmax(), "mean_probability"]
    assert spans[round(single, 4)] > 0.7 > 0.3 > spans[round(largest, 4)]


def test_reliability_draws_the_intervals_of_its_table(reliability):
    made_up = reliability.assign(share_low=reliability["share_opinion"] / 2, share_high=1.0)
    ax = plot_reliability(made_up).axes[0]
    (bars,) = [c for c in ax.collections if isinstance(c, mpl.collections.LineCollection)]
    drawn = sorted((seg[0][1], seg[1][1]) for seg in bars.get_segments())
    shown = made_up[made_up["n"] > 0]
    expected = sorted(zip(shown["share_low"], shown["share_high"], strict=True))
    np.testing.assert_allclose(drawn, expected)


def test_reliability_refuses_an_empty_or_incomplete_table(reliability):
    with pytest.raises(ValueError, match="no rows, so there is nothing to draw"):
        plot_reliability(reliability.iloc[0:0])
    with pytest.raises(ValueError, match=r"needs the columns \['share_opinion'\]"):
        plot_reliability(reliability.drop(columns="share_opinion"))
    with pytest.raises(ValueError, match=r"\['share_low', 'share_high'\].*share_intervals"):
        plot_reliability(reliability.drop(columns=["share_low", "share_high"]))
    with pytest.raises(ValueError, match="hold no sentence"):
        plot_reliability(reliability.assign(n=0))


# -- the validity chart --------------------------------------------------------------------


def test_validity_draws_each_score_in_order_with_its_interval(validity, check_readable):
    fig = plot_validity(validity)
    check_readable(fig)
    ax = fig.axes[0]
    points = _points(ax, "scores")
    assert len(points) == len(validity)
    np.testing.assert_allclose(points[:, 0], validity["roc_auc"])
    order = np.argsort(-points[:, 1])  # top to bottom
    labels = [t.get_text().split("\n")[0] for t in ax.get_yticklabels()]
    ticks = ax.get_yticks()
    assert [labels[list(ticks).index(points[i, 1])] for i in order] == validity["score"].tolist()
    chance = [line for line in ax.lines if list(line.get_xdata()) == [0.5, 0.5]]
    assert chance, "a line at 0.5 for chance"
    (intervals,) = [c for c in ax.collections if isinstance(c, mpl.collections.LineCollection)]
    ends = sorted((round(s[0][0], 4), round(s[1][0], 4)) for s in intervals.get_segments())
    assert ends == sorted(zip(validity["low"], validity["high"], strict=True))


def test_validity_title_names_the_best_score_and_n(validity):
    title = plot_validity(validity).get_suptitle()
    best = validity.loc[validity["roc_auc"].idxmax()]
    assert title.startswith(f"{best['score']} tracks opinion best: ROC-AUC {best['roc_auc']:.2f}")
    assert f"{int(best['n_sentences'])} sentences" in title
    assert f"({int(best['n_opinion'])} opinion)" in title


def test_validity_best_is_the_highest_auc_whichever_row_it_is(validity):
    flipped = validity.assign(roc_auc=validity["roc_auc"][::-1].to_numpy())
    title = plot_validity(flipped).get_suptitle()
    assert title.startswith(f"{validity['score'].iloc[0]} tracks opinion best")


def test_validity_labels_say_each_scores_difference_from_textblob(validity):
    labels = [t.get_text() for t in plot_validity(validity).axes[0].get_yticklabels()]
    model = [label for label in labels if label.startswith("Opinion probability")][0]
    row = validity.set_index("score").loc["Opinion probability"]
    low = f"+{row['minus_textblob_low']:.2f}"
    assert "vs TextBlob subjectivity: +" in model and f"(95%: {low} to" in model
    assert "TextBlob subjectivity" in labels, "the reference has no difference from itself"
    plain = plot_validity(validity.drop(columns=["minus_textblob_low", "minus_textblob_high"]))
    assert all("\n" not in t.get_text() for t in plain.axes[0].get_yticklabels())


def test_validity_refuses_an_empty_or_incomplete_table(validity):
    with pytest.raises(ValueError, match="no rows, so there is nothing to draw"):
        plot_validity(validity.iloc[0:0])
    with pytest.raises(ValueError, match=r"needs the columns \['n_sentences'\]"):
        plot_validity(validity.drop(columns="n_sentences"))
    with pytest.raises(ValueError, match="no score has a ROC-AUC"):
        plot_validity(validity.assign(roc_auc=np.nan))


# -- the shared look -------------------------------------------------------------------------


@pytest.mark.parametrize("name", opinion_charts.__all__)
def test_charts_are_drawn_in_the_style_and_leave_the_users_settings(name, reliability, validity):
    draw = getattr(opinion_charts, name)
    assert draw.style_file == STYLE_FILE
    table = reliability if name == "plot_reliability" else validity
    with plt.rc_context({"axes.titlesize": 20, "figure.titlesize": 22, "axes.grid": False}):
        before = dict(mpl.rcParams)
        fig = draw(table)
        assert dict(mpl.rcParams) == before
    assert fig._suptitle.get_fontsize() == 12
    title = fig.get_suptitle()
    assert 1 <= len(title.splitlines()) <= 2 and re.search(r"\d", title)
    for ax in fig.axes:
        assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    fig.canvas.draw()


def test_the_module_spells_no_colour_and_no_font_size():
    source = Path(opinion_charts.__file__).read_text(encoding="utf-8")
    assert not re.search(r"#[0-9A-Fa-f]{6}\b", source), "colours come from analysis.plots.base"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and isinstance(node.value, ast.Constant):
            assert node.arg not in ("fontsize", "size"), f"line {node.value.lineno}: a size"
            if node.arg in ("color", "colors", "ecolor", "edgecolor", "facecolor"):
                assert node.value.value == "none", f"line {node.value.lineno}: a colour"
