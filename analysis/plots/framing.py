"""Charts of notebook 20: distinctive terms, actors, frame and style profiles. Each draws
exactly the table it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..sentiment import NO_EVIDENCE
from ..stats import MIN_GROUP
from .base import (
    GREYS,
    NO_EVIDENCE_MARKER,
    NOTE_SIZE,
    WHITE,
    chart_style,
    figure_title,
    format_score,
    group_color,
    no_evidence_band,
    no_evidence_marker,
    open_marker,
    plural,
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


# Measures on a scale of their own, with the label of their axis: a chart never draws them
# on the same axis as rates per 100 words (``units=`` of ``plot_profile`` adds others).
_OWN_UNITS = {"style_quoted_percent": "Per cent of the characters"}


@chart_style
def plot_profile(
    summary: pd.DataFrame,
    measures: Sequence[str],
    labels: dict[str, str],
    *,
    categories: Sequence[str] = ("reporting", "commentary"),
    title: str | None = None,
    xlabel: str,
    units: Mapping[str, str] | None = None,
    unit: str = "paragraph",
) -> Figure:
    """Mean of each measure per group, with 95% intervals: a dot per group and measure, as
    ``summary`` gives them.

    ``summary`` is :func:`analysis.stats.describe_groups` (or the summary of
    :func:`analysis.stats.compare_groups`): one row per measure and group with ``n``,
    ``mean``, ``mean_low`` and ``mean_high`` (intervals that resample whole articles). A
    group without an interval (fewer than 5 rows) gets an open dot. An axis never mixes
    units: measures with an axis label of their own (``units``, measure to label; by
    default ``style_quoted_percent``, the style chart's share of quoted text, apart from
    its rates per 100 words) get a panel each label, under the panel of the others
    (labelled ``xlabel``). The figure's title states the finding (on how many measures the
    last group is higher than the first, with the group sizes, and the widest gap on the
    main axis); ``title``, the chart's subject, heads the first panel.

    Args:
        summary: the means and intervals, one row per measure and group.
        measures: the columns, top to bottom.
        labels: the label of each column.
        categories: the groups, in order.
        title: the chart's subject, over the first panel (optional).
        xlabel: the label of the main axis (the measures without a unit of their own).
        units: the axis label of the measures on a scale of their own.
        unit: what a row is, for the title ("paragraph", "sentence").
    """
    units = dict(_OWN_UNITS if units is None else units)
    panels: dict[str, list[str]] = {xlabel: [m for m in measures if m not in units]}
    for measure in measures:
        if measure in units:
            panels.setdefault(units[measure], []).append(measure)
    panels = {label: group for label, group in panels.items() if group}
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(9.5, 0.55 * len(measures) + 1.2 * len(panels) + 1.4),
        layout="constrained",
        squeeze=False,
        height_ratios=[len(group) + 0.8 for group in panels.values()],
    )
    table = summary.set_index(["group", "measure"])
    offsets = np.linspace(-0.15, 0.15, len(categories))
    for ax, (axis_label, group_measures) in zip(axes[:, 0], panels.items(), strict=True):
        for offset, group in zip(offsets, categories, strict=True):
            for y, measure in enumerate(group_measures):
                if (group, measure) in table.index and table.loc[(group, measure), "n"]:
                    _profile_dot(ax, table.loc[(group, measure)], y + offset, group_color(group))
        ax.set_yticks(range(len(group_measures)), [labels.get(m, m) for m in group_measures])
        ax.set_ylim(len(group_measures) - 0.5, -0.5)
        ax.set_xlim(left=0)
        ax.set_xlabel(axis_label)
    # A group's size: its rows with a value of any measure drawn.
    drawn = summary[summary["measure"].isin(measures)]
    sizes = drawn.groupby("group")["n"].max()
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            color=group_color(g),
            label=f"{g} (n={sizes.get(g, 0):,}), "
            + ("mean and 95% interval" if sizes.get(g, 0) >= MIN_GROUP else "mean only"),
        )
        for g in categories
    ]
    handles.append(open_marker(f"mean of fewer than {MIN_GROUP} rows: no interval"))
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    if title:  # the chart's subject heads its first panel; the figure's title is the finding
        axes[0, 0].set_title(title, loc="left")
    main = next(iter(panels.values()))
    means = drawn.pivot(index="measure", columns="group", values="mean")
    figure_title(fig, _profile_finding(means, measures, main, labels, categories, sizes, unit))
    return fig


def _profile_dot(ax, row: pd.Series, y: float, color) -> None:
    """A group's mean of one measure, with the interval ``row`` gives, or an open dot."""
    mean, low, high = row["mean"], row["mean_low"], row["mean_high"]
    if np.isfinite(low) and np.isfinite(high):
        # A mean of equal values can sit a hair outside its interval (v, v) in floating point.
        spread = [[max(mean - low, 0.0)], [max(high - mean, 0.0)]]
        ax.errorbar(mean, y, xerr=spread, fmt="o", color=color, capsize=3)
    else:
        ax.plot(mean, y, "o", markerfacecolor=WHITE, color=color)


def _profile_finding(means, measures, main, labels, categories, sizes, unit) -> str:
    """ "Commentary higher than reporting on 5 of 8 measures (2 commentary, 17 reporting
    paragraphs)", then the widest gap on the main axis; ``means`` is measures by groups."""
    counts = ", ".join(f"{int(sizes.get(g, 0)):,} {g}" for g in categories[::-1]) + f" {unit}s"
    if len(categories) != 2:
        return f"Means of {len(measures)} measures ({counts})"
    reference, target = categories
    means = means.reindex(index=list(measures), columns=list(categories))
    gaps = (means[target] - means[reference]).dropna()
    if gaps.empty:
        return f"Nothing to compare: no {target} or no {reference} {unit} ({counts})"
    head = (
        f"{target.capitalize()} higher than {reference} on {int((gaps > 0).sum())} of "
        f"{len(gaps)} measures ({counts})"
    )
    widest = gaps.reindex(main).dropna()
    if widest.empty or not widest.abs().max():
        return head
    measure = widest.abs().idxmax()
    name = labels.get(measure, measure).split(" (")[0]
    return (
        f"{head}\nWidest gap: {name[:1].lower()}{name[1:]}, "
        f"{means.loc[measure, target]:.2f} in {target} against "
        f"{means.loc[measure, reference]:.2f} in {reference}"
    )


@chart_style
def plot_actors(summary: pd.DataFrame, *, category_col: str = "section") -> Figure:
    """Who is named where (mentions per 1,000 words) and in what light (mean polarity of
    the sentences naming them that have a sentiment word), per actor and group, from
    ``actor_summary``.

    An actor named only in sentences without a sentiment word has no polarity: it is a
    cross in the band left of the scale ("no word"), counted in the legend, never a dot at
    0. The title names the actor the last group (the commentary) names most and the one it
    casts most negatively, with their numbers.

    Raises:
        ValueError: no actor of the list is named at all: say so in words, there is
            nothing to draw.
    """
    named = summary.groupby("actor")["mentions"].transform("sum") > 0
    if not named.any():
        raise ValueError(
            "no actor of the list is named in the text: say so in words, there is nothing to draw"
        )
    rows = summary[named]
    actors = list(dict.fromkeys(rows["label"]))
    groups = list(dict.fromkeys(rows[category_col]))
    with_sentiment = "mean_sentiment" in rows.columns
    fig, axes = plt.subplots(
        1,
        2 if with_sentiment else 1,
        figsize=(11, 0.45 * len(actors) + 2.4),
        layout="constrained",
        squeeze=False,
        sharey=True,
    )
    offsets = np.linspace(-0.15, 0.15, len(groups))
    band = no_evidence_band(axes[0, 1], (-1.05, 1.05), axis="x") if with_sentiment else None
    no_word = 0
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
            none = (part["sentences"].fillna(0) > 0) & mean.isna()
            no_word += int(none.sum())
            ax.scatter(
                np.full(int(none.sum()), band),
                y[none.to_numpy()],
                marker=NO_EVIDENCE_MARKER,
                color=color,
                s=40,
                linewidth=1.5,
                zorder=3,
                gid="no-evidence",
            )
    axes[0, 0].set_yticks(range(len(actors)), actors)
    axes[0, 0].invert_yaxis()
    axes[0, 0].set_xlabel("Mentions per 1,000 words")
    axes[0, 0].set_title("Who is named where", loc="left")
    if with_sentiment:
        axes[0, 1].axvline(0, color=GREYS[53], linewidth=0.8)
        axes[0, 1].set_xlabel("Mean TextBlob polarity of sentences naming the actor (-1 to +1)")
        axes[0, 1].set_title("In what light", loc="left")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=group_color(g), label=g) for g in groups
    ]
    handles.append(
        open_marker(f"no interval: fewer than {MIN_GROUP} sentences, or all in one article")
    )
    if with_sentiment:
        pairs = int((rows["sentences"].fillna(0) > 0).sum())
        handles.append(
            no_evidence_marker(
                f"{NO_EVIDENCE} in any sentence naming it: {no_word} of {pairs} "
                f"actor–{category_col} pairs"
            )
        )
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3))
    figure_title(fig, _actors_title(rows, groups, category_col, len(actors), summary))
    return fig


def _actors_title(rows, groups, category_col: str, n_named: int, summary) -> str:
    target = "commentary" if "commentary" in groups else groups[-1]
    mine = rows[rows[category_col] == target]
    others = [g for g in groups if g != target]
    n_listed = summary["actor"].nunique()
    if mine["mentions"].sum() == 0:
        head = f"No actor is named in {target}"
    else:
        top = mine.loc[mine["per_1000_words"].idxmax()]
        head = (
            f"{target.capitalize()} names {top['label']} most: "
            f"{top['per_1000_words']:.1f} per 1,000 words"
        )
        if others:
            theirs = rows[(rows[category_col] == others[0]) & (rows["actor"] == top["actor"])]
            if len(theirs):
                head += f" ({others[0]} {theirs['per_1000_words'].iloc[0]:.1f})"
    head += f"; {n_named} of {n_listed} actors named"
    if "mean_sentiment" not in rows.columns:
        return head
    scored = mine.dropna(subset=["mean_sentiment"])
    if scored.empty:
        return f"{head}\nNo sentence of {target} naming an actor has a sentiment word"
    low = scored.loc[scored["mean_sentiment"].idxmin()]
    n = int(low["sentences_with_evidence"])
    without = int(low["sentences"]) - n
    ties = int((scored["mean_sentiment"] == low["mean_sentiment"]).sum()) - 1
    return (
        f"{head}\nIn {target}, {low['label']} is cast most negatively: mean polarity "
        f"{format_score(low['mean_sentiment'])} over {plural(n, 'sentence')} with a sentiment "
        f"word"
        + (f" ({without} without)" if without else "")
        + (f"; {ties} more at {format_score(low['mean_sentiment'])}" if ties else "")
    )
