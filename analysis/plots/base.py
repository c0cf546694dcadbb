"""What every chart shares: the palette, the labels of sections, voices and measures, legend
entries, and saving. The look itself (fonts, spines, grid) is the style file
``media-bias.mplstyle`` beside this module.

Colours are the Okabe-Ito palette (Okabe and Ito 2008), distinguishable with the
common colour-vision deficiencies; commentary is also hatched, so it stands out in
grey-scale print.
"""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

__all__ = [
    "GROUP_COLORS",
    "MEASURE_LABELS",
    "NEGATIVE",
    "POSITIVE",
    "VOICE_COLORS",
    "VOICE_LABELS",
    "open_marker",
    "save_figure",
    "tidy_axes",
]


# Okabe-Ito colours, one per voice.
VOICE_COLORS = {
    "narration": "#0072B2",  # blue
    "quote": "#56B4E9",  # sky blue
    "commentary": "#D55E00",  # vermilion
    "caption": "#999999",  # grey
    "byline": "#CCCCCC",  # light grey
    "title": "#000000",  # black
    "other": "#E6E6E6",  # very light grey
}


VOICE_LABELS = {
    "narration": "Reporting: narration",
    "quote": "Reporting: mostly quoted speech",
    "commentary": "Inserted commentary",
    "caption": "Photo caption",
    "byline": "Byline / credit line",
    "title": "Title line",
    "other": "Separator",
}


GROUP_COLORS = {**VOICE_COLORS, "reporting": "#0072B2"}


POSITIVE, NEGATIVE = "#009E73", "#CC79A7"  # Okabe-Ito bluish green and reddish purple


MEASURE_LABELS = {
    "tb_polarity": "TextBlob polarity (-1 negative to +1 positive)",
    "tb_subjectivity": "TextBlob subjectivity (0 factual to 1 opinionated)",
    "vader_compound": "VADER compound (-1 negative to +1 positive)",
}


def open_marker(label: str, *, marker: str = "o", color: str = "#666") -> Line2D:
    """A legend entry for the open marker that stands for "too few for an interval"."""
    return Line2D(
        [], [], marker=marker, linestyle="", color=color, markerfacecolor="white", label=label
    )


def tidy_axes(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def save_figure(fig: Figure, report_dir: str | Path | None, name: str) -> list[Path]:
    """Save ``fig`` as PNG and SVG under ``report_dir/figures``; nothing when no folder is given."""
    if not report_dir:
        return []
    folder = Path(report_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    fig.savefig(paths[0], dpi=150, bbox_inches="tight")
    fig.savefig(paths[1], bbox_inches="tight")
    return paths
