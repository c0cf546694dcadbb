"""Charts of notebook 00: where the commentary sits in an article."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..load.corpus import choose_article
from .base import (
    NOTE_SIZE,
    VOICE_COLORS,
    VOICE_LABELS,
    WHITE,
    article_window,
    chart_style,
    tidy_axes,
)

__all__ = ["plot_article_structure"]


_HATCH = {"commentary": "///"}


@chart_style
def plot_article_structure(
    paragraphs: pd.DataFrame, *, article_id: str | None = None, ax=None
) -> Figure:
    """Draw one article in reading order: a bar per paragraph, its length in words,
    coloured by voice, with commentary hatched and labelled.

    >>> from analysis import load_corpus
    >>> fig = plot_article_structure(load_corpus().paragraphs)
    >>> fig.axes[0].get_xlabel()
    'Length of the paragraph (words)'

    Args:
        paragraphs: the paragraph table (``split_paragraphs``).
        article_id: the article to draw; ``None`` draws the first.
        ax: an existing Axes to draw on.

    Returns:
        The figure.
    """
    article_id = choose_article(paragraphs, article_id)
    everything = paragraphs[paragraphs["article_id"] == article_id].reset_index(drop=True)
    rows, window = article_window(everything)
    if ax is None:
        height = min(max(3.0, 0.32 * len(rows) + 1.6), 14.0)
        fig, ax = plt.subplots(figsize=(10, height), layout="constrained")
    else:  # made outside the style: give it the style's frame
        fig = ax.figure
        tidy_axes(ax)
    labels = [
        "title" if p == 0 else (f"{p} caption" if s == "caption" else str(p))
        for p, s in zip(rows["paragraph"], rows["section"], strict=True)
    ]
    positions = range(len(rows))
    voices = rows["voice"].astype(str)
    ax.barh(
        positions,
        rows["n_words"],
        color=[VOICE_COLORS[v] for v in voices],
        hatch=[_HATCH.get(v, "") for v in voices],
        edgecolor=WHITE,
        linewidth=0.5,
    )
    for y, (voice, words) in enumerate(zip(voices, rows["n_words"], strict=True)):
        if voice == "commentary":
            ax.annotate(
                "commentary",
                (words, y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=NOTE_SIZE,
                fontweight="bold",
                color=VOICE_COLORS["commentary"],
            )
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    ax.set_ylabel("Paragraph, in reading order")
    ax.set_xlabel("Length of the paragraph (words)")
    ax.set_xlim(0, rows["n_words"].max() * 1.25 + 1)
    ax.set_title(_structure_title(everything, article_id, window), loc="left")
    present = [v for v in VOICE_COLORS if v in set(voices)]
    ax.legend(
        handles=[
            # Edged like the bars: the hatch takes the edge colour, not rcParams at draw time.
            Patch(
                facecolor=VOICE_COLORS[v],
                hatch=_HATCH.get(v, ""),
                edgecolor=WHITE,
                linewidth=0.5,
                label=VOICE_LABELS[v],
            )
            for v in present
        ],
        title="Voice",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    return fig


def _structure_title(rows: pd.DataFrame, article_id: str, window: str = "") -> str:
    """ "Inserted commentary: 2 of 19 paragraphs, 69 of 522 words (13%)", then where (and,
    for a long article, which paragraphs are drawn)."""
    sections = rows["section"].astype(str)
    commentary = rows[sections == "commentary"]
    numbered = rows.loc[rows["paragraph"] > 0, "paragraph"].nunique()
    prose = rows.loc[sections.isin(["reporting", "commentary"]), "n_words"].sum()
    words = int(commentary["n_words"].sum())
    share = f" ({words / prose:.0%})" if prose else ""
    places = [f"{p:,}" for p in commentary["paragraph"]]
    if len(places) > 6:
        places = [*places[:5], f"{len(places) - 5:,} more"]
    where = (
        f"at paragraph{'s' if len(places) > 1 else ''} "
        + (", ".join(places[:-1]) + " and " + places[-1] if len(places) > 1 else places[0])
        if places
        else "no paragraph is commentary"
    )
    return (
        f"Inserted commentary: {len(commentary):,} of {numbered:,} paragraphs, "
        f"{words:,} of {int(prose):,} words of prose{share}\narticle ‘{article_id}’, {where}"
        + (f"; {window}" if window else "")
    )
