"""What every chart shares: the palette, the labels of sections, voices and measures, legend
entries, the band for rows without a sentiment word, titles, the chart style and saving.
The look itself (font sizes, spines, grid, legend frame, colour cycle) is the style file
``media-bias.mplstyle`` beside this module; every public chart function runs inside it
through :func:`chart_style`.

Colours are the Okabe-Ito palette (Okabe and Ito 2008), distinguishable with the
common colour-vision deficiencies, plus a few greys; commentary is also hatched, so it
stands out in grey-scale print. The chart modules and the HTML view take every colour
from here, never a literal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.style  # makes mpl.style available
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

__all__ = [
    "corpus_source",
    "MAX_DOTS",
    "MAX_PARAGRAPHS",
    "RASTER_ABOVE",
    "article_window",
    "BLACK",
    "BLUE",
    "BLUISH_GREEN",
    "GREYS",
    "GROUP_COLORS",
    "ENGINE_NAMES",
    "MEASURE_LABELS",
    "MEASURE_NAMES",
    "NEGATIVE",
    "NO_EVIDENCE_COLOR",
    "NO_EVIDENCE_MARKER",
    "NOTE_SIZE",
    "OKABE_ITO",
    "ORANGE",
    "POSITIVE",
    "REDDISH_PURPLE",
    "SKY_BLUE",
    "SOURCE_GID",
    "STYLE_FILE",
    "VERMILION",
    "VOICE_COLORS",
    "VOICE_LABELS",
    "PNG_DPI",
    "SVG_FONTTYPE",
    "WHITE",
    "YELLOW",
    "add_source",
    "chart_style",
    "count_of",
    "dot_style",
    "figure_title",
    "format_score",
    "group_color",
    "no_evidence_band",
    "no_evidence_marker",
    "open_marker",
    "plural",
    "sample_rows",
    "sample_note",
    "save_figure",
    "source_text",
    "tidy_axes",
    "tint",
]


# The palette: the eight Okabe-Ito colours by their own names, white, and the greys in use.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

OKABE_ITO = {
    "black": BLACK,
    "orange": ORANGE,
    "sky blue": SKY_BLUE,
    "bluish green": BLUISH_GREEN,
    "yellow": YELLOW,
    "blue": BLUE,
    "vermilion": VERMILION,
    "reddish purple": REDDISH_PURPLE,
}

WHITE = "#FFFFFF"

# Greys keyed by their lightness in per cent (0 black, 100 white), dark to light: medians,
# fallbacks and open markers, notes, reference lines, captions, zero lines, bylines, the
# grid, separators and shading.
GREYS = {
    27: "#444444",
    40: "#666666",
    47: "#777777",
    53: "#888888",
    60: "#999999",
    73: "#BBBBBB",
    80: "#CCCCCC",
    87: "#DDDDDD",
    90: "#E6E6E6",
    93: "#EEEEEE",
}


# One colour per voice.
VOICE_COLORS = {
    "narration": BLUE,
    "quote": SKY_BLUE,
    "commentary": VERMILION,
    "caption": GREYS[60],
    "byline": GREYS[80],
    "title": BLACK,
    "other": GREYS[90],
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


GROUP_COLORS = {**VOICE_COLORS, "reporting": BLUE}


def tint(color: str, share: float) -> str:
    """``color`` mixed with white, ``share`` of it kept: a light background for HTML.

    >>> tint(BLUE, 0.1)
    '#E6F1F7'
    """
    rgb = (round(255 * c) for c in to_rgb(color))
    return "#" + "".join(f"{round(255 - share * (255 - c)):02X}" for c in rgb)


def group_color(group: str) -> str:
    """The colour of a section or voice; grey for a group the palette does not know."""
    return GROUP_COLORS.get(group, GREYS[40])


POSITIVE, NEGATIVE = BLUISH_GREEN, REDDISH_PURPLE


MEASURE_LABELS = {
    "tb_polarity": "TextBlob polarity (-1 negative to +1 positive)",
    "tb_subjectivity": "TextBlob subjectivity (0 factual to 1 opinionated)",
    "vader_compound": "VADER compound (-1 negative to +1 positive)",
    "opinion": "Opinion probability (0 fact to 1 opinion; model trained on news)",
}


# The measures as a title names them ("mean polarity -0.12").
MEASURE_NAMES = {
    "tb_polarity": "polarity",
    "tb_subjectivity": "subjectivity",
    "vader_compound": "VADER compound",
    "opinion": "opinion probability",
}

ENGINE_NAMES = {"textblob": "TextBlob", "vader": "VADER", "opinion": "opinion model"}


# Rows without a sentiment word: a grey cross, always in a band beyond the scale's low end,
# never a dot at 0 (see :func:`no_evidence_band`).
NO_EVIDENCE_COLOR = GREYS[47]
NO_EVIDENCE_MARKER = "x"


# Text a point under the body text (the style's font.size): notes on a chart, long tick labels.
NOTE_SIZE = 9


STYLE_FILE = Path(__file__).with_name("media-bias.mplstyle")

_P = ParamSpec("_P")
_R = TypeVar("_R")


def chart_style(draw: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a chart function inside ``matplotlib.style.context(STYLE_FILE)``.

    The style sets only what matplotlib reads when an artist is created (fonts, spines,
    grid, legend frame, colour cycle), so a figure keeps its look when it is drawn later,
    outside the context: by the notebook's inline backend or by ``save_figure``. What is
    read at draw time a chart sets on the artist itself (the hatch of an edgeless patch
    follows ``patch.edgecolor`` then: give it an edge colour). The user's rcParams are
    restored when the function returns or raises; settings the style does not name (which
    sans-serif font, say) stay the user's.
    """

    @functools.wraps(draw)
    def styled(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        interactive = mpl.is_interactive()
        try:
            with mpl.style.context(STYLE_FILE):
                try:
                    return draw(*args, **kwargs)
                finally:
                    interactive = mpl.is_interactive()
        finally:
            # The first figure may start the backend, and IPython's inline backend turns
            # interactive mode on as it starts: the context must not undo that, or the
            # notebook shows no later figure.
            mpl.interactive(interactive)

    styled.style_file = STYLE_FILE
    return styled


def figure_title(fig: Figure, text: str) -> None:
    """The figure's title, flush left like the Axes titles; its size comes from the style.

    A title states the finding and its sample size in two lines at most: a third would
    crowd the chart at report size.
    """
    if text.count("\n") > 1:
        raise ValueError(f"a chart title has two lines at most, not: {text!r}")
    fig.suptitle(text, x=0.01, ha="left")


def format_score(value: float, *, signed: bool = False) -> str:
    """A score as titles print it: two decimals and a true minus sign, "–" for a missing one.

    >>> format_score(-0.123), format_score(0.5, signed=True), format_score(float("nan"))
    ('−0.12', '+0.50', '–')
    """
    if value is None or not np.isfinite(value):
        return "–"
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    return text.replace("-", "\N{MINUS SIGN}")


def plural(n: int, unit: str) -> str:
    """``n`` and its unit, in the plural when ``n`` is not 1.

    >>> plural(1, "sentence"), plural(1234, "paragraph")
    ('1 sentence', '1,234 paragraphs')
    """
    return f"{n:,} {unit}{'' if n == 1 else 's'}"


# Dots a chart draws per group: beyond this, a random sample of this many stands for them
# (boxes, means and counts still use every row), so that a chart of a million sentences
# draws in seconds and its file stays small. Dots beyond RASTER_ABOVE are drawn as one
# image inside the SVG instead of a path each.
MAX_DOTS = 5_000
RASTER_ABOVE = 500


def sample_rows(n: int, rng: np.random.Generator, *, limit: int = MAX_DOTS) -> np.ndarray:
    """The positions of the rows to draw as dots: all ``n``, or a random ``limit`` of
    them in their order.

    >>> rng = np.random.default_rng(0)
    >>> len(sample_rows(3, rng)), len(sample_rows(20_000, rng))
    (3, 5000)
    """
    if n <= limit:
        return np.arange(n)
    return np.sort(rng.choice(n, size=limit, replace=False))


def dot_style(n: int) -> dict:
    """Keyword arguments for ``scatter`` of ``n`` dots: many are rasterised in the SVG."""
    return {"rasterized": n > RASTER_ABOVE}


def sample_note(unit: str) -> Line2D:
    """A legend entry saying the dots are a sample, where a chart drew one."""
    return Line2D(
        [], [], linestyle="", label=f"dots: a random {MAX_DOTS:,} {unit}s per group where more"
    )


def count_of(n: int, total: int, unit: str) -> str:
    """``"5 of 19 sentences (26%)"``: a part, its whole and its share.

    >>> count_of(5, 19, "sentence"), count_of(0, 0, "row")
    ('5 of 19 sentences (26%)', '0 of 0 rows')
    """
    share = f" ({n / total:.0%})" if total else ""
    return f"{n:,} of {plural(total, unit)}{share}"


def no_evidence_band(ax, scale: tuple[float, float], *, axis: str = "y") -> float:
    """Shade a band beyond the low end of ``scale`` on ``axis`` (``"x"`` or ``"y"``), limit
    the axis to the scale and the band, tick the scale and label the band "no word", and
    return the band's centre: where a chart draws the rows without a sentiment word, apart
    from the scale's 0.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> round(no_evidence_band(ax, (-1.05, 1.05)), 3), [t.get_text() for t in ax.get_yticklabels()]
    (-1.302, ['−1', '−0.5', '0', '0.5', '1', 'no word'])
    >>> plt.close(fig)
    """
    low, high = scale
    span = high - low
    centre, half = low - 0.12 * span, 0.06 * span
    # Ticks of the scale alone, whatever the Axes' size: the band is no value to tick.
    locator = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])
    ticks = [float(t) for t in locator.tick_values(low, high) if low <= t <= high]
    labels = [f"{t:g}".replace("-", "\N{MINUS SIGN}") for t in ticks]
    if axis == "y":
        ax.axhspan(centre - half, centre + half, color=GREYS[93], linewidth=0, zorder=0)
        ax.set_ylim(centre - half - 0.02 * span, high)
        ax.set_yticks([*ticks, centre], [*labels, "no word"])
        band_label = ax.get_yticklabels()[-1]
    else:
        ax.axvspan(centre - half, centre + half, color=GREYS[93], linewidth=0, zorder=0)
        ax.set_xlim(centre - half - 0.02 * span, high)
        ax.set_xticks([*ticks, centre], [*labels, "no word"])
        band_label = ax.get_xticklabels()[-1]
    band_label.set_color(NO_EVIDENCE_COLOR)
    band_label.set_fontsize(NOTE_SIZE)
    return centre


def no_evidence_marker(label: str, *, marker: str = NO_EVIDENCE_MARKER) -> Line2D:
    """A legend entry for the grey cross that stands for rows without a sentiment word."""
    return Line2D([], [], marker=marker, linestyle="", color=NO_EVIDENCE_COLOR, label=label)


def open_marker(label: str, *, marker: str = "o", color: str = GREYS[40]) -> Line2D:
    """A legend entry for the open marker that stands for "too few for an interval"."""
    return Line2D(
        [], [], marker=marker, linestyle="", color=color, markerfacecolor=WHITE, label=label
    )


# Per-article views draw at most this many paragraphs: past it, a window of them.
MAX_PARAGRAPHS = 300


def article_window(rows: pd.DataFrame, *, limit: int = MAX_PARAGRAPHS) -> tuple[pd.DataFrame, str]:
    """At most ``limit`` of one article's rows, in order, and a note saying which, or ``""``.

    One article of thousands of paragraphs (a corpus file that was never split into
    articles) would make a chart of one bar per paragraph run for minutes: past ``limit``
    the view shows the ``limit`` paragraphs around the first commentary paragraph (or the
    first ones), and the note says how many of how many.

    >>> rows = pd.DataFrame({"section": ["reporting"] * 999 + ["commentary"]})
    >>> window, note = article_window(rows, limit=10)
    >>> len(window), note
    (10, 'paragraphs 991 to 1,000 of 1,000 shown, around the first commentary')
    """
    if len(rows) <= limit:
        return rows, ""
    commentary = np.flatnonzero(rows["section"].astype(str).to_numpy() == "commentary")
    centre = int(commentary[0]) if len(commentary) else 0
    start = min(max(0, centre - limit // 2), len(rows) - limit)
    where = ", around the first commentary" if len(commentary) else ""
    note = f"paragraphs {start + 1:,} to {start + limit:,} of {len(rows):,} shown{where}"
    return rows.iloc[start : start + limit], note


def tidy_axes(ax) -> None:
    """Give an Axes made outside a chart (one passed in with ``ax=``) the style's spines,
    grid and layering; call it inside :func:`chart_style`, which it reads. The style file
    itself reaches only the Axes a chart creates."""
    rc = mpl.rcParams
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(rc[f"axes.spines.{side}"])
    ax.set_axisbelow(rc["axes.axisbelow"])
    ax.grid(False)
    if rc["axes.grid"]:
        ax.grid(
            True,
            which=rc["axes.grid.which"],
            axis=rc["axes.grid.axis"],
            color=rc["grid.color"],
            linewidth=rc["grid.linewidth"],
            linestyle=rc["grid.linestyle"],
            alpha=rc["grid.alpha"],
        )


# What a saved figure is for: PNG at print resolution, SVG with its letters as text (not
# paths), so a newsroom can restyle, translate or correct it in an editor.
PNG_DPI = 200
SVG_FONTTYPE = "none"
SOURCE_GID = "source-line"  # the id of the source line, in the figure and in the SVG


def source_text(what: str, *, day: date | None = None) -> str:
    """A figure's source line: what the data is, this project, and the date of the run.

    >>> source_text("NewsSD-ENG's test split", day=date(2026, 12, 2))
    "Source: NewsSD-ENG's test split. media-bias analysis, run 2026-12-02."
    """
    return f"Source: {what}. media-bias analysis, run {(day or date.today()).isoformat()}."


def corpus_source(
    input_path: str, articles: int, reporting: int, commentary: int, *, day: date | None = None
) -> str:
    """The source line of a corpus: its input by name (a pattern as typed) and what it
    holds; the one wording under every figure and on every page.

    >>> corpus_source("/data/wire", 2, 9, 1, day=date(2026, 12, 2))
    'Source: wire (2 articles: 9 reporting and 1 commentary paragraphs). media-bias analysis, run 2026-12-02.'
    """  # noqa: E501
    path = str(input_path)
    name = Path(path).name if path and not any(c in path for c in "*?[") else path
    return source_text(
        f"{name or 'the bundled sample'} ({articles:,} article{'s' if articles != 1 else ''}: "
        f"{reporting:,} reporting and {commentary:,} commentary paragraphs)",
        day=day,
    )


def add_source(fig: Figure, source: str) -> Text:
    """Write ``source`` (the corpus, its counts, the date of the run) under the figure,
    flush left in small grey type, as a published chart credits its data; a second call
    replaces the line.

    The figure is laid out first and its layout then kept (the layout engine is switched
    off); it grows by a band at its foot for the line, and everything it holds (axes,
    texts, the legends under the axes) keeps its place above the band, at any resolution.
    """
    for text in fig.texts:
        if text.get_gid() == SOURCE_GID:
            text.set_text(source)
            return text
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()
    to_inches = fig.dpi_scale_trans.inverted()
    legends = [
        (legend, legend.get_window_extent(renderer).transformed(to_inches))
        for legend in fig.legends
    ]
    height, band = fig.get_figheight(), 2.2 * NOTE_SIZE / 72  # inches
    fig.set_figheight(height + band)

    def lifted(y: float) -> float:  # a height as a share of the old figure, in the new one
        return (y * height + band) / (height + band)

    for ax in fig.axes:
        box = ax.get_position()
        ax.set_position([box.x0, lifted(box.y0), box.width, box.height * height / (height + band)])
    for text in [*fig.texts, *([fig._suptitle] if fig._suptitle else [])]:  # noqa: SLF001
        text.set_y(lifted(text.get_position()[1]))
    for legend, box in legends:
        legend.set_bbox_to_anchor(box.translated(0, band), transform=fig.dpi_scale_trans)
    line = fig.text(
        0.01,
        band / 2 / (height + band),
        source,
        ha="left",
        va="center",
        fontsize=NOTE_SIZE,
        color=GREYS[40],
    )
    line.set_gid(SOURCE_GID)
    return line


def save_figure(
    fig: Figure, report_dir: str | Path | None, name: str, *, source: str = ""
) -> list[Path]:
    """Save ``fig`` as PNG (200 dpi) and SVG (text as ``<text>``) under
    ``report_dir/figures``; nothing when no folder is given.

    ``source`` is the line written under the figure (see
    :func:`analysis.notebook.source_line`); it is added even without a folder, so the
    figure the notebook shows carries it too.
    """
    if source:
        add_source(fig, source)
    if not report_dir:
        return []
    folder = Path(report_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    fig.savefig(paths[0], dpi=PNG_DPI, bbox_inches="tight")
    with mpl.rc_context({"svg.fonttype": SVG_FONTTYPE}):
        fig.savefig(paths[1], bbox_inches="tight")
    return paths
