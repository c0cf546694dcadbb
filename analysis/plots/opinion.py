"""Charts of notebook 90, the opinion model's card: how well its probability is calibrated
(a reliability diagram) and how well each score tracks opinion in news (ROC-AUC per score).
Each draws exactly the table it is given.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .base import (
    BLACK,
    BLUE,
    GREYS,
    NOTE_SIZE,
    SKY_BLUE,
    WHITE,
    chart_style,
    figure_title,
    format_score,
    plural,
)

__all__ = ["plot_reliability", "plot_validity"]


_RELIABILITY_COLUMNS = (
    "low",
    "high",
    "n",
    "mean_probability",
    "share_opinion",
    "share_low",
    "share_high",
)
_VALIDITY_COLUMNS = ("score", "roc_auc", "low", "high", "n_sentences")

# The score the validity table measures the others against (its difference columns).
_REFERENCE = "TextBlob subjectivity"


def _check(table: pd.DataFrame, columns: Sequence[str], what: str, source: str) -> None:
    """Refuse a table a chart cannot draw, saying what it needs."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{what} needs the columns {missing} (as {source} gives them)")
    if table.empty:
        raise ValueError(f"{what}: the table has no rows, so there is nothing to draw")


@chart_style
def plot_reliability(
    reliability: pd.DataFrame,
    *,
    sample: str = "NewsSD-ENG's test split",
    unit: str = "sentence",
) -> Figure:
    """A reliability diagram: for each bin of predicted probability, the mean prediction
    against the share of its sentences that are opinion, with its 95% interval as the table
    gives it, the diagonal of perfect calibration, and a strip under it counting the
    sentences per bin.

    Args:
        reliability: one row per bin with ``low``, ``high``, ``n``, ``mean_probability``
            and ``share_opinion``, as :func:`analysis.modeling.opinion_training.
            reliability_table` gives it (or the weights file's ``report["reliability"]``),
            and ``share_low``, ``share_high``, the Wilson interval of the share that
            :func:`analysis.stats.share_intervals` adds.
        sample: what the sentences are, for the title.
        unit: what one counted row is, for the title and the strip's label.

    The title states the expected calibration error (the count-weighted mean gap between
    prediction and observed share) and the number of sentences.
    """
    _check(
        reliability,
        _RELIABILITY_COLUMNS,
        "plot_reliability",
        "stats.share_intervals of reliability_table",
    )
    # A bin without sentences has no observed share: it is not a point.
    rows = reliability[reliability["n"] > 0].sort_values("low", ignore_index=True)
    n = rows["n"].to_numpy(dtype=int)
    total = int(n.sum())
    if not total:
        raise ValueError("plot_reliability: the bins hold no sentence, so there is nothing to draw")
    predicted = rows["mean_probability"].to_numpy(dtype=float)
    observed = rows["share_opinion"].to_numpy(dtype=float)
    calibration_error = float((n * np.abs(observed - predicted)).sum() / total)
    # The report rounds shares to four digits: the count of opinion sentences is whole.
    base_rate = float(np.rint(observed * n).sum() / total)
    fig, (ax, strip) = plt.subplots(
        2,
        1,
        figsize=(7.2, 7.6),
        sharex=True,
        height_ratios=[4, 1],
        layout="constrained",
    )
    ax.plot([0, 1], [0, 1], linestyle="--", color=GREYS[53], linewidth=1, zorder=1)
    ax.axhline(base_rate, color=GREYS[73], linewidth=1, linestyle=":", zorder=1)
    low, high = rows["share_low"].to_numpy(float), rows["share_high"].to_numpy(float)
    ax.errorbar(
        predicted,
        observed,
        yerr=[observed - np.minimum(low, observed), np.maximum(high, observed) - observed],
        fmt="none",
        ecolor=SKY_BLUE,
        elinewidth=1.5,
        capsize=3,
        zorder=2,
    )
    ax.scatter(predicted, observed, s=42, color=BLUE, edgecolor=WHITE, zorder=4, gid="bins")
    for x, y, count in zip(predicted, observed, n, strict=True):
        ax.annotate(
            f"{count:,}",
            (x, y),
            xytext=(6, -3),
            textcoords="offset points",
            fontsize=NOTE_SIZE,
            color=GREYS[27],
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel(f"Observed share of opinion {unit}s (0 to 1)")
    ax.grid(axis="y", color=GREYS[93])
    ax.legend(handles=_reliability_legend(base_rate), loc="upper left", fontsize=NOTE_SIZE)
    _count_strip(strip, rows, n, unit)
    figure_title(
        fig,
        f"Predicted and observed share of opinion differ by {calibration_error:.3f} on "
        f"average\n(expected calibration error; {plural(total, unit)} of {sample})",
    )
    return fig


def _reliability_legend(base_rate: float) -> list[Line2D]:
    return [
        Line2D([], [], marker="o", linestyle="", color=BLUE, label="bin: mean prediction, share"),
        Line2D([], [], color=SKY_BLUE, linewidth=1.5, label="95% interval of the share"),
        Line2D([], [], linestyle="--", color=GREYS[53], label="perfect calibration"),
        Line2D(
            [],
            [],
            linestyle=":",
            color=GREYS[73],
            label=f"share of opinion overall: {base_rate:.0%}",
        ),
    ]


def _count_strip(strip, rows: pd.DataFrame, n: np.ndarray, unit: str) -> None:
    """The strip under the diagram: a bar per bin, as wide as the bin, as high as its count."""
    strip.bar(
        rows["low"],
        n,
        width=rows["high"] - rows["low"],
        align="edge",
        color=GREYS[80],
        edgecolor=WHITE,
        linewidth=1,
        gid="bin-counts",
    )
    strip.set_ylabel(f"{unit.capitalize()}s\nper bin")
    strip.set_xlabel("Predicted opinion probability (bins of the prediction)")
    strip.set_xlim(0, 1)
    strip.grid(axis="y", color=GREYS[93])


@chart_style
def plot_validity(validity: pd.DataFrame, *, sample: str = "NewsSD-ENG's test split") -> Figure:
    """ROC-AUC of each score against expert labels of opinion, with its 95% interval, and
    the line of chance at 0.5; the score with the highest AUC in blue, the rest in grey.

    Args:
        validity: one row per score with ``score``, ``roc_auc``, ``low``, ``high`` and
            ``n_sentences`` (``n_opinion``, ``minus_textblob_low`` and ``minus_textblob_high``
            are used when present), as :func:`analysis.sentiment.opinion.opinion_validity`
            gives it. Drawn top to bottom in its order.
        sample: what the sentences are, for the title.

    With the difference columns, each score's difference from TextBlob subjectivity (on the
    same bootstrap resamples) is written under its name: an interval that excludes 0 says the
    gap is more than the test split's chance.
    """
    _check(validity, _VALIDITY_COLUMNS, "plot_validity", "opinion_validity()")
    rows = validity.reset_index(drop=True)
    auc = rows["roc_auc"].to_numpy(dtype=float)
    if not np.isfinite(auc).any():
        raise ValueError("plot_validity: no score has a ROC-AUC, so there is nothing to draw")
    best = int(np.nanargmax(auc))
    y = np.arange(len(rows))[::-1]  # the table's first row at the top
    differences = {"minus_textblob_low", "minus_textblob_high"} <= set(rows.columns)

    fig, ax = plt.subplots(figsize=(9.5, 0.75 * len(rows) + 2.4), layout="constrained")
    ax.axvline(0.5, color=GREYS[40], linewidth=1, linestyle="--", zorder=1)
    colors = [BLUE if i == best else GREYS[53] for i in range(len(rows))]
    ax.hlines(y, rows["low"], rows["high"], colors=colors, linewidth=2.5, zorder=2)
    ax.scatter(auc, y, s=60, color=colors, edgecolor=WHITE, zorder=3, gid="scores")
    for i, row in rows.iterrows():
        ax.annotate(
            format_score(row["roc_auc"]),
            (row["roc_auc"], y[i]),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=NOTE_SIZE,
            color=BLACK,
        )
    ax.set_yticks(y, [_score_label(row, rows, differences) for _, row in rows.iterrows()])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    # From 0.3, so that chance sits well inside; lower when a score's interval reaches below.
    ax.set_xlim(min(0.3, float(np.nanmin(rows["low"])) - 0.03), 1.0)
    ax.set_xlabel(
        "ROC-AUC against the annotators' opinion labels (0.5: chance; 1: separates perfectly)"
    )
    handles = [
        Line2D([], [], marker="o", color=BLUE, linewidth=2.5, label="best: AUC, 95% interval"),
        Line2D([], [], marker="o", color=GREYS[53], linewidth=2.5, label="other scores"),
        Line2D([], [], linestyle="--", color=GREYS[40], label="chance (0.5)"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=NOTE_SIZE)

    top = rows.iloc[best]
    n = int(top["n_sentences"])
    opinion = f" ({int(top['n_opinion']):,} opinion)" if "n_opinion" in rows else ""
    figure_title(
        fig,
        f"{top['score']} tracks opinion best: ROC-AUC {format_score(top['roc_auc'])} "
        f"(95% interval {format_score(top['low'])} to {format_score(top['high'])})\n"
        f"{plural(n, 'sentence')} of {sample}{opinion}, labelled by annotators",
    )
    return fig


def _score_label(row: pd.Series, rows: pd.DataFrame, differences: bool) -> str:
    """A score's tick label; with the difference columns, a second line with its difference
    from TextBlob subjectivity and that difference's interval (paired resamples)."""
    if not differences or row["score"] == _REFERENCE:
        return str(row["score"])
    reference = rows.loc[rows["score"] == _REFERENCE, "roc_auc"]
    gap = row["roc_auc"] - reference.iloc[0] if len(reference) else float("nan")
    low, high = row["minus_textblob_low"], row["minus_textblob_high"]
    return (
        f"{row['score']}\nvs TextBlob subjectivity: {format_score(gap, signed=True)} "
        f"(95%: {format_score(low, signed=True)} to {format_score(high, signed=True)})"
    )
