"""Charts of notebook 10: sentiment by section and voice, each drawn from a scored table."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..load.corpus import choose_article
from ..sentiment.terms import engine_disagreements
from ..stats import MIN_GROUP, mean_ci
from .base import (
    BLACK,
    GREYS,
    MEASURE_LABELS,
    NEGATIVE,
    NOTE_SIZE,
    POSITIVE,
    VOICE_COLORS,
    WHITE,
    chart_style,
    figure_title,
    group_color,
    open_marker,
)

__all__ = [
    "plot_distributions",
    "plot_engines",
    "plot_flow",
    "plot_polarity_subjectivity",
    "plot_sentiment_words",
    "plot_within_article",
]


_RANGES = {
    "tb_polarity": (-1.05, 1.05),
    "tb_subjectivity": (-0.05, 1.05),
    "vader_compound": (-1.05, 1.05),
}


def _groups(frame: pd.DataFrame, category_col: str, categories: Sequence[str] | None) -> list[str]:
    if categories is not None:
        return list(categories)
    order = ["reporting", "narration", "quote", "commentary"]
    present = set(frame[category_col].astype(str))
    return [g for g in order if g in present] + sorted(present - set(order))


@chart_style
def plot_distributions(
    scored: pd.DataFrame,
    *,
    measures: Sequence[str] = ("tb_polarity", "tb_subjectivity"),
    category_col: str = "section",
    categories: Sequence[str] | None = None,
    unit: str = "sentence",
    seed: int = 0,
) -> Figure:
    """Every score as a dot over a box plot, per group, with the mean and its 95% interval.

    Args:
        scored: a scored table (``score_sentiment``).
        measures: the score columns, one panel each.
        category_col: the grouping column (``section`` or ``voice``).
        categories: the categories to show, in order; ``None``: reporting/narration, quote,
            commentary as present.
        unit: what one dot is, for the axis label ("sentence", "paragraph").
    """
    categories = _groups(scored, category_col, categories)
    fig, axes = plt.subplots(
        1, len(measures), figsize=(5.2 * len(measures), 4.8), layout="constrained", squeeze=False
    )
    rng = np.random.default_rng(seed)
    for ax, measure in zip(axes[0], measures, strict=True):
        data = [
            scored.loc[scored[category_col].astype(str) == g, measure].dropna().to_numpy()
            for g in categories
        ]
        boxed = [i for i, v in enumerate(data) if len(v) >= MIN_GROUP]  # no box for 2 dots
        ax.boxplot(
            [data[i] for i in boxed],
            positions=boxed,
            widths=0.5,
            showfliers=False,
            medianprops={"color": GREYS[27]},
            boxprops={"color": GREYS[53]},
            whiskerprops={"color": GREYS[53]},
            capprops={"color": GREYS[53]},
        )
        for x, (group, values) in enumerate(zip(categories, data, strict=True)):
            jitter = rng.uniform(-0.17, 0.17, len(values))
            ax.scatter(
                x + jitter,
                values,
                s=18,
                alpha=0.6,
                color=group_color(group),
                edgecolor="none",
                zorder=3,
            )
            if len(values) >= MIN_GROUP:
                mean = values.mean()
                low, high = mean_ci(values)
                # Rounding can put the mean of equal values a hair outside (v, v).
                low, high = min(low, mean), max(high, mean)
                ax.errorbar(
                    x + 0.32,
                    mean,
                    yerr=[[mean - low], [high - mean]],
                    fmt="D",
                    color=BLACK,
                    capsize=4,
                    markersize=6,
                    zorder=4,
                )
            elif len(values):
                ax.plot(
                    x + 0.32,
                    values.mean(),
                    "D",
                    color=BLACK,
                    markerfacecolor=WHITE,
                    markersize=6,
                    zorder=4,
                )
        ax.set_xticks(
            range(len(categories)),
            [f"{g}\n(n={len(v)})" for g, v in zip(categories, data, strict=True)],
        )
        ax.set_xlim(-0.6, len(categories) - 0.3)
        if measure in _RANGES:  # the full scale, so small differences are not blown up
            ax.set_ylim(*_RANGES[measure])
        ax.set_ylabel(MEASURE_LABELS.get(measure, measure))
        ax.set_xlabel(f"{category_col.capitalize()} (one dot per {unit})")
        ax.axhline(0, color=GREYS[73], linewidth=0.8, zorder=1)
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", color=GREYS[93])
    handles = [
        Line2D([], [], marker="o", linestyle="", color=group_color(g), label=g) for g in categories
    ]
    handles += [
        Line2D([], [], marker="D", color=BLACK, label="mean, 95% interval"),
        open_marker(f"mean (fewer than {MIN_GROUP}: no interval)", marker="D", color=BLACK),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    figure_title(fig, f"Sentiment by {category_col}: every {unit}'s score, box plot and mean")
    return fig


def _paragraph_scores(scored: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """Paragraph-level rows: as given, or sentence scores averaged per paragraph row."""
    if "sentence_id" not in scored.columns:
        return scored
    keys = ["article_id", "paragraph_id", "paragraph", "section"]
    table = scored.assign(section=scored["section"].astype(str), voice=scored["voice"].astype(str))
    aggregated = table.groupby(keys, sort=False, observed=True).agg(
        **{m: (m, "mean") for m in measures},
        tb_n_terms=("tb_n_terms", "sum"),
        quote_share=("quote_share", "mean"),
    )
    aggregated["voice"] = np.where(
        aggregated.index.get_level_values("section") == "commentary",
        "commentary",
        np.where(aggregated["quote_share"] >= 0.5, "quote", "narration"),
    )
    return aggregated.reset_index()


@chart_style
def plot_flow(
    scored: pd.DataFrame,
    *,
    article_id: str | None = None,
    measures: Sequence[str] = ("tb_polarity", "tb_subjectivity"),
) -> Figure:
    """One article's sentiment paragraph by paragraph, in reading order.

    Commentary paragraphs are shaded; quote paragraphs are drawn as open circles;
    a paragraph with no sentiment word at all is a grey cross (its 0.0 is no evidence).
    A sentence table is averaged per paragraph first.
    """
    article_id = choose_article(scored, article_id)
    rows = _paragraph_scores(scored[scored["article_id"] == article_id], measures)
    rows = rows[rows["section"].astype(str).isin(["reporting", "commentary"])].reset_index()
    fig, axes = plt.subplots(
        len(measures),
        1,
        figsize=(10, 2.6 * len(measures) + 1.2),
        sharex=True,
        layout="constrained",
        squeeze=False,
    )
    x = rows["paragraph"].to_numpy()
    for ax, measure in zip(axes[:, 0], measures, strict=True):
        for position, section in zip(x, rows["section"].astype(str), strict=True):
            if section == "commentary":
                ax.axvspan(
                    position - 0.5,
                    position + 0.5,
                    color=VOICE_COLORS["commentary"],
                    alpha=0.18,
                    linewidth=0,
                )
        ax.plot(x, rows[measure], color=GREYS[60], linewidth=1, zorder=2)
        evidence = rows["tb_n_terms"] > 0
        for voice, style in (
            ("narration", {"marker": "o"}),
            ("quote", {"marker": "o", "facecolor": WHITE}),
            ("commentary", {"marker": "s"}),
        ):
            pick = evidence & (rows["voice"].astype(str) == voice)
            ax.scatter(
                x[pick],
                rows.loc[pick, measure],
                s=46,
                zorder=3,
                marker=style["marker"],
                edgecolor=VOICE_COLORS[voice],
                linewidth=1.5,
                facecolor=style.get("facecolor", VOICE_COLORS[voice]),
            )
        ax.scatter(
            x[~evidence], rows.loc[~evidence, measure], marker="x", color=GREYS[47], s=40, zorder=3
        )
        ax.axhline(0, color=GREYS[73], linewidth=0.8)
        if measure in _RANGES:
            ax.set_ylim(*_RANGES[measure])
        ax.set_ylabel(MEASURE_LABELS.get(measure, measure).replace(" (", "\n("), fontsize=NOTE_SIZE)
        ax.grid(axis="x", visible=False)
    axes[-1, 0].set_xlabel("Paragraph, in reading order")
    axes[-1, 0].set_xticks(x)
    handles = [
        Patch(color=VOICE_COLORS["commentary"], alpha=0.3, label="commentary paragraph"),
        Line2D(
            [], [], marker="o", linestyle="", color=VOICE_COLORS["narration"], label="narration"
        ),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=WHITE,
            markeredgecolor=VOICE_COLORS["quote"],
            label="mostly quoted",
        ),
        Line2D(
            [], [], marker="s", linestyle="", color=VOICE_COLORS["commentary"], label="commentary"
        ),
        Line2D([], [], marker="x", linestyle="", color=GREYS[47], label="no sentiment word"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=5)
    figure_title(fig, f"Sentiment through the article, paragraph by paragraph: {article_id!r}")
    return fig


def _scatter_groups(
    ax, frame: pd.DataFrame, x: str, y: str, *, category_col: str, alpha: float = 0.7
):
    """One dot per row, a colour per group, the group's size in the legend label."""
    for group in _groups(frame, category_col, None):
        pick = frame[frame[category_col].astype(str) == group]
        ax.scatter(
            pick[x],
            pick[y],
            s=28,
            alpha=alpha,
            color=group_color(group),
            edgecolor=WHITE,
            linewidth=0.4,
            label=f"{group} (n={len(pick)})",
            zorder=2,
        )


def _polarity_axes(ax, y: str, ylim: tuple[float, float], category_col: str) -> None:
    """TextBlob polarity across, ``y`` up: the full scales, the zero line, the legend."""
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(*ylim)
    ax.axvline(0, color=GREYS[73], linewidth=0.8)
    ax.set_xlabel(MEASURE_LABELS["tb_polarity"])
    ax.set_ylabel(MEASURE_LABELS[y])
    ax.legend(title=category_col.capitalize(), loc="upper left", bbox_to_anchor=(1.01, 1))


@chart_style
def plot_polarity_subjectivity(scored: pd.DataFrame, *, category_col: str = "voice") -> Figure:
    """Polarity against subjectivity, one dot per row with at least one sentiment word."""
    evidence = scored[scored["tb_n_terms"] > 0]
    hidden = len(scored) - len(evidence)
    fig, ax = plt.subplots(figsize=(7.5, 5.5), layout="constrained")
    # Many rows share a few lexicon values: fainter dots let the piles show as darker.
    alpha = 0.7 if len(evidence) < 300 else max(0.05, 0.7 * 300 / len(evidence))
    _scatter_groups(
        ax, evidence, "tb_polarity", "tb_subjectivity", category_col=category_col, alpha=alpha
    )
    _polarity_axes(ax, "tb_subjectivity", (-0.03, 1.03), category_col)
    ax.set_title(
        f"Polarity against subjectivity, by {category_col}\n"
        f"({hidden} rows without any sentiment word are not shown)",
        loc="left",
    )
    ax.grid(color=GREYS[93])
    return fig


@chart_style
def plot_engines(
    scored: pd.DataFrame, *, category_col: str = "voice", band: float = 0.05
) -> Figure:
    """TextBlob polarity against VADER compound; shaded corners are sign disagreements."""
    fig, ax = plt.subplots(figsize=(7.5, 6), layout="constrained")
    for corner in ((band, -1.05), (-1.05, band)):
        ax.add_patch(plt.Rectangle(corner, 1.05 - band, 1.05 - band, color=GREYS[93], zorder=0))
    ax.text(0.55, -0.97, "engines disagree", ha="center", color=GREYS[47], fontsize=NOTE_SIZE)
    ax.text(-0.55, 0.93, "engines disagree", ha="center", color=GREYS[47], fontsize=NOTE_SIZE)
    _scatter_groups(ax, scored, "tb_polarity", "vader_compound", category_col=category_col)
    disagree = len(engine_disagreements(scored, band=band))
    both = int(
        ((scored["tb_polarity"].abs() > band) & (scored["vader_compound"].abs() > band)).sum()
    )
    ax.axhline(0, color=GREYS[73], linewidth=0.8)
    _polarity_axes(ax, "vader_compound", (-1.05, 1.05), category_col)
    ax.set_title(
        f"TextBlob against VADER: opposite signs on {disagree} of the {both} rows\n"
        f"both engines score as non-neutral (|score| > {band})",
        loc="left",
    )
    return fig


@chart_style
def plot_sentiment_words(
    top_terms: pd.DataFrame,
    *,
    category_col: str = "section",
    categories: Sequence[str] | None = None,
) -> Figure:
    """The words that move each group's mean polarity, drawn from ``top_sentiment_terms``.

    Each bar is a term's share of its group's mean polarity (its summed contribution
    divided by the group's number of rows), so categories of different sizes compare
    fairly. The chart draws exactly the rows of ``top_terms``.
    """
    categories = (
        list(categories) if categories is not None else list(dict.fromkeys(top_terms[category_col]))
    )
    most = max(2, int(top_terms.groupby(category_col).size().max()) if len(top_terms) else 2)
    fig, axes = plt.subplots(
        1,
        len(categories),
        figsize=(4.6 * len(categories), 0.32 * most + 2.2),
        layout="constrained",
        squeeze=False,
        sharex=True,
    )
    signs = set()
    for ax, group in zip(axes[0], categories, strict=True):
        table = top_terms[top_terms[category_col] == group].sort_values("rank", ascending=False)
        if table.empty:
            ax.text(0.5, 0.5, "no sentiment word found", ha="center", transform=ax.transAxes)
            ax.set_title(group, loc="left")
            ax.set_yticks([])
            ax.grid(visible=False)  # nothing to read off a grid
            continue
        rows = int(table["rows_in_group"].iloc[0])
        colors = [POSITIVE if v > 0 else NEGATIVE for v in table["share_of_mean"]]
        signs.update(colors)
        ax.barh(range(len(table)), table["share_of_mean"], color=colors)
        ax.set_yticks(
            range(len(table)),
            [f"{t} (×{n})" for t, n in zip(table["term"], table["count"], strict=True)],
        )
        ax.axvline(0, color=GREYS[53], linewidth=0.8)
        ax.set_title(f"{group} ({rows} rows)", loc="left")
        ax.set_xlabel("Share of the mean polarity (polarity units)")
    handles = [
        Patch(color=color, label=label)
        for color, label in ((POSITIVE, "pushes positive"), (NEGATIVE, "pushes negative"))
        if color in signs
    ]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=2)
    figure_title(
        fig,
        f"The words behind the sentiment, by {category_col}: "
        "each term's share of the mean polarity",
    )
    return fig


@chart_style
def plot_within_article(
    per_article: pd.DataFrame,
    summary: pd.DataFrame,
    *,
    measure: str = "tb_polarity",
    outlet_col: str | None = None,
    seed: int = 0,
) -> Figure:
    """Commentary minus reporting, one dot per article, with each group's mean and interval.

    ``per_article`` and ``summary`` come from ``within_article_summary`` (or
    ``within_article_differences``); with ``outlet_col`` (e.g. ``"outlet"``) there is one
    row per outlet besides "all".
    """
    rng = np.random.default_rng(seed)
    rows = [("all articles", per_article)]
    if outlet_col:
        rows += [(str(k), part) for k, part in per_article.groupby(outlet_col)]
    summaries = summary.set_index("group")
    fig, ax = plt.subplots(figsize=(9, 1.6 + 0.55 * len(rows)), layout="constrained")
    for y, (label, part) in enumerate(rows):
        values = part["difference"].to_numpy()
        ax.scatter(
            values,
            y + rng.uniform(-0.18, 0.18, len(values)),
            s=18,
            alpha=0.55,
            color=group_color("commentary"),
            edgecolor="none",
            zorder=2,
        )
        key = "all" if label == "all articles" else label
        if key in summaries.index:
            row = summaries.loc[key]
            if np.isfinite(row["low"]):
                ax.errorbar(
                    row["mean_difference"],
                    y,
                    xerr=[
                        [row["mean_difference"] - row["low"]],
                        [row["high"] - row["mean_difference"]],
                    ],
                    fmt="D",
                    color=BLACK,
                    capsize=4,
                    zorder=3,
                )
            else:
                ax.plot(row["mean_difference"], y, "D", color=BLACK, markerfacecolor=WHITE)
    ax.axvline(0, color=GREYS[53], linewidth=0.8)
    ax.set_yticks(range(len(rows)), [f"{label} (n={len(part)})" for label, part in rows])
    ax.invert_yaxis()
    ax.set_xlabel(f"Commentary minus reporting: mean {MEASURE_LABELS.get(measure, measure)}")
    fig.legend(
        handles=[
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color=group_color("commentary"),
                label="one article",
            ),
            Line2D([], [], marker="D", color=BLACK, label="mean, 95% interval"),
            open_marker("mean (too few articles for an interval)", marker="D", color=BLACK),
        ],
        loc="outside lower center",
        ncols=3,
    )
    figure_title(fig, "Commentary minus reporting, article by article (0 = no difference)")
    return fig
