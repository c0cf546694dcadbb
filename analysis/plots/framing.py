"""Charts of notebook 20: distinctive terms, actors, frame and style profiles. Each draws
exactly the table it is given.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..stats import MIN_GROUP, mean_ci
from .base import (
    GREYS,
    NOTE_SIZE,
    WHITE,
    chart_style,
    figure_title,
    group_color,
    open_marker,
)

__all__ = ["plot_actors", "plot_distinctive_terms", "plot_profile"]


@chart_style
def plot_distinctive_terms(top: pd.DataFrame, summary: pd.DataFrame) -> Figure:
    """Diverging bars of the log-odds ratio of the terms that pass the test: terms of the
    first side of ``summary`` to the right, of the other to the left.

    ``top`` is :func:`analysis.framing.top_distinctive` output (distinctive terms only) and
    ``summary`` the :class:`~analysis.framing.vocabulary.DistinctiveTerms` summary, whose
    counts and chance counts make the title. With nothing to draw there is no chart: the
    finding is a sentence (:func:`~analysis.framing.vocabulary.describe_distinctive`).
    """
    if top.empty:
        raise ValueError("no term passes the test: say so in words, there is nothing to draw")
    sides = summary.set_index("side")
    target, reference = sides.index[0], sides.index[1]
    rows = top.iloc[::-1]  # top_distinctive is strongest first on each side: draw bottom-up
    fig, ax = plt.subplots(figsize=(8.5, 0.3 * max(len(rows), 4) + 2.0), layout="constrained")
    count_columns = [f"count_{target}", f"count_{reference}"]
    labels = [
        f"{term} ({', '.join(str(row[c]) for c in count_columns)})"
        for term, (_, row) in zip(rows["term"], rows.iterrows(), strict=True)
    ]
    ax.barh(range(len(rows)), rows["log_odds"], color=[group_color(f) for f in rows["favours"]])
    ax.set_yticks(range(len(rows)), labels, fontsize=NOTE_SIZE)
    ax.axvline(0, color=GREYS[27], linewidth=0.8)
    ax.set_xlabel(
        f"Log-odds ratio, {target} against {reference} (0: same rate; ±0.7: about twice as often)"
    )
    drawn = list(dict.fromkeys(rows["favours"]))[::-1]
    ax.legend(
        handles=[Patch(color=group_color(s), label=f"used more in {s}") for s in drawn],
        loc="lower right",
    )
    fdr = sides["fdr"].iloc[0]
    chance = " and ".join(f"{sides.loc[s, 'by_chance']:.1f}" for s in (target, reference))
    ax.set_title(
        f"{int(sides.loc[target, 'passing'])} terms favour {target}, "
        f"{int(sides.loc[reference, 'passing'])} {reference} "
        f"(of {int(sides['tested'].iloc[0]):,}; false-discovery rate {fdr:.0%})\n"
        f"by chance about {chance} would; the strongest are drawn. "
        f"In brackets: counts in {target} / {reference}",
        loc="left",
    )
    return fig


@chart_style
def plot_profile(
    frame: pd.DataFrame,
    measures: Sequence[str],
    labels: dict[str, str],
    *,
    category_col: str = "section",
    categories: Sequence[str] = ("reporting", "commentary"),
    title: str,
    xlabel: str,
) -> Figure:
    """Mean of each measure per group, with 95% intervals: a dot per group and measure.

    Groups smaller than 5 rows get an open dot and no interval.
    """
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(measures) + 1.8), layout="constrained")
    offsets = np.linspace(-0.15, 0.15, len(categories))
    for offset, group in zip(offsets, categories, strict=True):
        values = frame[frame[category_col].astype(str) == group]
        for y, measure in enumerate(measures):
            data = values[measure].dropna().to_numpy()
            if not len(data):
                continue
            mean = data.mean()
            color = group_color(group)
            if len(data) >= MIN_GROUP:
                low, high = mean_ci(data)
                low, high = min(low, mean), max(high, mean)
                ax.errorbar(
                    mean,
                    y + offset,
                    xerr=[[mean - low], [high - mean]],
                    fmt="o",
                    color=color,
                    capsize=3,
                )
            else:
                ax.plot(mean, y + offset, "o", markerfacecolor=WHITE, color=color)
    ax.set_yticks(range(len(measures)), [labels.get(m, m) for m in measures])
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel(xlabel)
    sizes = frame[category_col].astype(str).value_counts()
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            color=group_color(g),
            label=f"{g} (n={sizes.get(g, 0)}), "
            + ("mean and 95% interval" if sizes.get(g, 0) >= MIN_GROUP else "mean only"),
        )
        for g in categories
    ]
    handles.append(open_marker(f"mean of fewer than {MIN_GROUP} rows: no interval"))
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    ax.set_title(title, loc="left")
    return fig


@chart_style
def plot_actors(summary: pd.DataFrame, *, category_col: str = "section") -> Figure:
    """Who is named where (mentions per 1,000 words) and in what light (mean polarity of
    the sentences naming them), per actor and group, from ``actor_summary``."""
    named = summary.groupby("actor")["mentions"].transform("sum") > 0
    rows = summary[named]
    actors = list(dict.fromkeys(rows["label"]))
    groups = list(dict.fromkeys(rows[category_col]))
    with_sentiment = "mean_sentiment" in rows.columns
    fig, axes = plt.subplots(
        1,
        2 if with_sentiment else 1,
        figsize=(11, 0.45 * len(actors) + 2),
        layout="constrained",
        squeeze=False,
        sharey=True,
    )
    offsets = np.linspace(-0.15, 0.15, len(groups))
    for offset, group in zip(offsets, groups, strict=True):
        part = rows[rows[category_col] == group].set_index("label").reindex(actors)
        color = group_color(group)
        y = np.arange(len(actors)) + offset
        axes[0, 0].scatter(part["per_1000_words"], y, color=color, s=36, label=group)
        if with_sentiment:
            ax = axes[0, 1]
            has_ci = part["sentiment_low"].notna()
            mean = part["mean_sentiment"]
            ax.errorbar(
                mean[has_ci],
                y[has_ci.to_numpy()],
                xerr=[
                    (mean - part["sentiment_low"])[has_ci],
                    (part["sentiment_high"] - mean)[has_ci],
                ],
                fmt="o",
                color=color,
                capsize=3,
            )
            few = ~has_ci & mean.notna()
            ax.plot(mean[few], y[few.to_numpy()], "o", color=color, markerfacecolor=WHITE)
    axes[0, 0].set_yticks(range(len(actors)), actors)
    axes[0, 0].invert_yaxis()
    axes[0, 0].set_xlabel("Mentions per 1,000 words")
    axes[0, 0].set_title("Who is named where", loc="left")
    if with_sentiment:
        axes[0, 1].axvline(0, color=GREYS[53], linewidth=0.8)
        axes[0, 1].set_xlim(-1.05, 1.05)
        axes[0, 1].set_xlabel("Mean TextBlob polarity of sentences naming the actor (-1 to +1)")
        axes[0, 1].set_title("In what light", loc="left")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=group_color(g), label=g) for g in groups
    ]
    handles.append(
        open_marker(f"no interval: fewer than {MIN_GROUP} sentences, or all in one article")
    )
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    figure_title(fig, f"Actors by {category_col}: how often each is named, and in what light")
    return fig
