"""Charts of notebook 10: sentiment by section and voice, each drawn from a scored table.

A row without a word of the engine's lexicon scores 0.0 for want of evidence, not because
it is neutral. Every chart here treats those rows alike: grey crosses in a band beyond the
low end of the scale ("no word"), counted in the legend and the title, and left out of
boxes, means, lines and intervals.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..load.corpus import choose_article
from ..sentiment import (
    NO_EVIDENCE,
    engine_disagreements,
    evidence_column,
    group_order,
    has_evidence,
)
from ..stats import MIN_GROUP
from .base import (
    BLACK,
    ENGINE_NAMES,
    GREYS,
    MAX_DOTS,
    MEASURE_LABELS,
    MEASURE_NAMES,
    NEGATIVE,
    NO_EVIDENCE_COLOR,
    NO_EVIDENCE_MARKER,
    NOTE_SIZE,
    POSITIVE,
    VOICE_COLORS,
    WHITE,
    article_window,
    chart_style,
    count_of,
    dot_style,
    figure_title,
    format_score,
    group_color,
    no_evidence_band,
    no_evidence_marker,
    open_marker,
    plural,
    sample_note,
    sample_rows,
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
    "opinion": (-0.05, 1.05),
}

# How a title reads a difference of each measure: (below, above).
_DIRECTIONS = {
    "tb_polarity": ("more negative", "more positive"),
    "vader_compound": ("more negative", "more positive"),
    "tb_subjectivity": ("less subjective", "more subjective"),
    "opinion": ("less opinionated", "more opinionated"),
}


def _default_measures(present: Sequence[str], measures: Sequence[str] | None) -> list[str]:
    """TextBlob's polarity and subjectivity, and the opinion model's score when present."""
    if measures is not None:
        return list(measures)
    return ["tb_polarity", "tb_subjectivity"] + (["opinion"] if "opinion" in present else [])


def _band(ax, scale: tuple[float, float], measure: str, n_without: int) -> float:
    """The no-evidence band below the scale; the opinion model, which has evidence for
    nearly every row, gets one only when some row has none."""
    if measure == "opinion" and not n_without:
        ax.set_ylim(*scale)
        return np.nan
    return no_evidence_band(ax, scale)


def _groups(frame: pd.DataFrame, category_col: str, categories: Sequence[str] | None) -> list[str]:
    return list(categories) if categories is not None else group_order(frame[category_col])


def _target(groups: Sequence[str]) -> str:
    """The group a title leads with: the commentary when it is shown, else the last."""
    return "commentary" if "commentary" in groups else groups[-1]


def _scale(frame: pd.DataFrame, measure: str) -> tuple[float, float]:
    """The full scale of a known measure (small differences are not blown up), else the data's."""
    if measure in _RANGES:
        return _RANGES[measure]
    values = frame[measure].dropna()
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
    pad = 0.05 * ((high - low) or 1.0)
    return low - pad, high + pad


def _faded(n: int, *, alpha: float = 0.7) -> float:
    """Fainter marks when there are many, so that piles show as darker."""
    return alpha if n < 300 else max(0.05, alpha * 300 / n)


def _name(measure: str) -> str:
    return MEASURE_NAMES.get(measure, measure)


def _no_word_entries(counts: dict[str, tuple[int, int]], unit: str) -> list[Line2D]:
    """Legend entries of the crosses: per engine, rows without a word of its lexicon."""
    several = len(counts) > 1
    return [
        no_evidence_marker(
            f"{NO_EVIDENCE}{f' ({ENGINE_NAMES[engine]})' if several else ''}: "
            f"{count_of(none, total, unit)}"
        )
        for engine, (none, total) in counts.items()
    ]


@chart_style
def plot_distributions(
    scored: pd.DataFrame,
    means: pd.DataFrame,
    *,
    measures: Sequence[str] | None = None,
    category_col: str = "section",
    categories: Sequence[str] | None = None,
    unit: str = "sentence",
    seed: int = 0,
) -> Figure:
    """Every score with a sentiment word as a dot over a box plot, per group, with the mean
    and its 95% interval from ``means``; the rows without one as grey crosses in a band
    below the scale.

    Box and dots are of the rows whose engine found a word of its lexicon; a row without
    one scores 0.0 for want of evidence, so it is drawn apart ("no word"), counted beside
    its crosses, in the tick labels, the legend and the title, and never averaged in. A
    group with no row, or no row with a word, says so in the panel. The means and
    intervals are drawn as ``means`` gives them, not computed here.

    Args:
        scored: a scored table (``score_sentiment``), with ``tb_n_terms`` (and
            ``vader_pos``, ``vader_neg`` for VADER measures).
        means: :func:`analysis.sentiment.describe_scores` of ``scored`` by ``category_col``.
        measures: the score columns, one panel each; default TextBlob polarity and
            subjectivity, and the opinion probability when ``means`` has it.
        category_col: the grouping column (``section`` or ``voice``).
        categories: the categories to show, in order; ``None``: the groups of ``means``.
        unit: what one dot is, for labels and the title ("sentence", "paragraph").
    """
    measures = _default_measures(list(means["measure"].unique()), measures)
    if categories is None:
        categories = list(dict.fromkeys(means.loc[means["measure"] == measures[0], "group"]))
    fig, axes = plt.subplots(
        1, len(measures), figsize=(5.6 * len(measures), 5.4), layout="constrained", squeeze=False
    )
    rng = np.random.default_rng(seed)
    labels = scored[category_col].astype(str)
    no_word: dict[str, tuple[int, int]] = {}
    first = None
    sampled = False
    for ax, measure in zip(axes[0], measures, strict=True):
        evidence = has_evidence(scored, measure)
        valued = scored[measure].notna()
        picks = [labels == g for g in categories]
        data = [scored.loc[p & valued & evidence, measure].to_numpy() for p in picks]
        without = [int((p & valued & ~evidence).sum()) for p in picks]
        engine = evidence_column(measure)
        if engine not in no_word and (engine != "opinion" or sum(without)):
            no_word[engine] = (sum(without), sum(without) + sum(map(len, data)))
        table = means[means["measure"] == measure].set_index("group").reindex(categories)
        if first is None:
            first = (measure, table, data, without)
        sampled |= _distribution_panel(
            ax, scored, measure, categories, data, without, table, rng=rng, unit=unit
        )
        _distribution_axes(ax, measure, categories, data, without, category_col, unit)
    shown = means[means["measure"].isin(measures) & means["group"].isin(categories)]
    # The legend lists the open mean only when a panel draws one: every entry applies.
    drawn_open = bool((shown["mean"].notna() & shown["mean_low"].isna()).any())
    open_mean = open_marker(f"mean (fewer than {MIN_GROUP}: no interval)", marker="D", color=BLACK)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=group_color(g), label=g) for g in categories
    ]
    handles += [
        Line2D([], [], marker="D", color=BLACK, label="mean, 95% interval"),
        *([open_mean] if drawn_open else []),
        *_no_word_entries(no_word, unit),
        *([sample_note(unit)] if sampled else []),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 4))
    figure_title(fig, _distribution_title(categories, *first, unit=unit))
    return fig


def _distribution_panel(ax, scored, measure, categories, data, without, table, *, rng, unit):
    """One measure's panel: box, dots and crosses of each group, and the mean with its
    interval from ``table``; says whether the dots are a sample."""
    low, high = _scale(scored, measure)
    band = _band(ax, (low, high), measure, sum(without))
    boxed = [i for i, v in enumerate(data) if len(v) >= MIN_GROUP]  # no box for 2 dots
    if boxed:
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
    sampled = False
    for x, (group, values, none) in enumerate(zip(categories, data, without, strict=True)):
        sampled |= _group_dots(ax, x, group, values, none, band, rng)
        if not len(values):  # never an empty-looking box: say why there is none
            ax.text(
                x,
                (low + high) / 2,
                f"none of its\n{plural(none, unit)}\nhas a sentiment word" if none else "no rows",
                ha="center",
                va="center",
                fontsize=NOTE_SIZE,
                color=GREYS[40],
            )
        else:
            _mean_marker(ax, x + 0.32, table.loc[group], axis="y")
    return sampled


def _group_dots(ax, x: int, group: str, values: np.ndarray, none: int, band: float, rng) -> bool:
    """A group's dots, jittered about ``x``, and its crosses in the band; says whether the
    dots or the crosses are a sample."""
    shown = values[sample_rows(len(values), rng)]
    ax.scatter(
        x + rng.uniform(-0.17, 0.17, len(shown)),
        shown,
        s=18,
        alpha=_faded(len(shown), alpha=0.6),
        color=group_color(group),
        edgecolor="none",
        zorder=3,
        **dot_style(len(shown)),
    )
    if none:
        crosses = min(none, MAX_DOTS)
        ax.scatter(
            x + rng.uniform(-0.17, 0.17, crosses),
            np.full(crosses, band),
            s=18,
            **dot_style(crosses),
            alpha=_faded(crosses, alpha=0.6),
            marker=NO_EVIDENCE_MARKER,
            color=NO_EVIDENCE_COLOR,
            linewidth=1,
            zorder=3,
            gid="no-evidence",
        )
        ax.text(x + 0.24, band, f"{none:,}", va="center", fontsize=NOTE_SIZE, color=GREYS[27])
    return len(shown) < len(values) or none > MAX_DOTS


def _mean_marker(ax, position: float, row: pd.Series, *, axis: str, **style) -> None:
    """A group's mean as a diamond with its 95% interval, both as the table gives them
    (``mean``, ``mean_low``, ``mean_high``), or an open diamond when it has no interval."""
    mean, low, high = row["mean"], row["mean_low"], row["mean_high"]
    where = (position, mean) if axis == "y" else (mean, position)
    if np.isfinite(low) and np.isfinite(high):
        # A mean of equal values can sit a hair outside its interval (v, v) in floating point.
        spread = [[max(mean - low, 0.0)], [max(high - mean, 0.0)]]
        error = {"yerr": spread} if axis == "y" else {"xerr": spread}
        ax.errorbar(*where, **error, fmt="D", color=BLACK, capsize=4, markersize=6, zorder=4)
    else:
        ax.plot(*where, "D", color=BLACK, markerfacecolor=WHITE, markersize=6, zorder=4)


def _distribution_axes(ax, measure, categories, data, without, category_col, unit) -> None:
    """Tick labels with each group's counts, the axis labels, the zero line and the grid."""
    # Six-digit counts side by side overlap: then "with a word" gets its own line.
    wide = max([len(v) for v in data] + list(without)) >= 100_000
    ax.set_xticks(
        range(len(categories)),
        [
            f"{g}\n{len(v):,}{chr(10) if wide else ' '}with a word\n{n:,} without"
            for g, v, n in zip(categories, data, without, strict=True)
        ],
    )
    ax.set_xlim(-0.6, len(categories) - 0.3)
    ax.set_ylabel(MEASURE_LABELS.get(measure, measure))
    ax.set_xlabel(f"{category_col.capitalize()} (one dot per {unit})")
    ax.axhline(0, color=GREYS[73], linewidth=0.8, zorder=1)
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", color=GREYS[93])


def _distribution_title(
    categories: Sequence[str],
    measure: str,
    table: pd.DataFrame,
    data: Sequence[np.ndarray],
    without: Sequence[int],
    *,
    unit: str,
) -> str:
    """ "Commentary: mean polarity −0.12 against 0.03 in reporting", and how many rows
    have no sentiment word; the means are ``table``'s."""
    means = table["mean"].to_dict()
    sizes = dict(zip(categories, map(len, data), strict=True))
    nones = dict(zip(categories, without, strict=True))
    target = _target(categories)
    name = _name(measure)
    others = [f"{format_score(means[g])} in {g}" for g in categories if g != target and sizes[g]]
    if sizes[target]:
        head = f"{target.capitalize()}: mean {name} {format_score(means[target])}"
        head += f" against {', '.join(others)}" if others else ""
    else:
        head = (
            f"{target.capitalize()}: none of its {plural(nones[target], unit)} has a sentiment word"
            if nones[target]
            else f"No {target} {unit}s"
        )
        head += f"; mean {name} {', '.join(others)}" if others else ""
    total_none, total = sum(without), sum(without) + sum(sizes.values())
    return (
        f"{head}\n({unit}s with a sentiment word; {count_of(total_none, total, unit)} have none: "
        "crosses in the grey band, not in box or mean)"
    )


@chart_style
def plot_flow(
    scored: pd.DataFrame,
    *,
    article_id: str | None = None,
    measures: Sequence[str] | None = None,
) -> Figure:
    """One article's sentiment paragraph by paragraph, in reading order.

    Commentary paragraphs are shaded; quote paragraphs are drawn as open circles. A
    paragraph without a sentiment word is a grey cross in the band below the scale, and
    the line breaks there (its 0.0 is no evidence, not a neutral point to run through).
    ``scored`` holds paragraph rows with their ``voice``; a sentence table is averaged per
    paragraph first by :func:`analysis.sentiment.paragraph_scores`.
    """
    if "sentence_id" in scored.columns:
        raise ValueError(
            "plot_flow draws paragraphs: average the sentences with "
            "sentiment.paragraph_scores(scored, measures, voices=...) first"
        )
    article_id = choose_article(scored, article_id)
    measures = _default_measures(list(scored.columns), measures)
    everything = scored[scored["article_id"] == article_id]
    everything = everything[
        everything["section"].astype(str).isin(["reporting", "commentary"])
    ].reset_index()
    rows, window = article_window(everything)
    fig, axes = plt.subplots(
        len(measures),
        1,
        figsize=(10, 2.8 * len(measures) + 1.4),
        sharex=True,
        layout="constrained",
        squeeze=False,
    )
    x = rows["paragraph"].to_numpy()
    no_word: dict[str, tuple[int, int]] = {}
    for ax, measure in zip(axes[:, 0], measures, strict=True):
        evidence = has_evidence(rows, measure)
        if evidence_column(measure) != "opinion" or not evidence.all():
            no_word.setdefault(evidence_column(measure), (int((~evidence).sum()), len(rows)))
        _flow_panel(ax, rows, measure, evidence, x)
    axes[-1, 0].set_xlabel("Paragraph, in reading order" + (f" ({window})" if window else ""))
    if len(x) <= 40:
        axes[-1, 0].set_xticks(x)
    handles = _flow_legend(no_word)
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    figure_title(fig, _flow_title(everything, measures, article_id))
    return fig


def _flow_panel(ax, rows: pd.DataFrame, measure: str, evidence: pd.Series, x: np.ndarray) -> None:
    """One measure's line through the paragraphs: commentary shaded, a marker per voice,
    the paragraphs without a word as crosses in the band."""
    values = rows[measure].where(evidence)  # NaN breaks the line
    for position, section in zip(x, rows["section"].astype(str), strict=True):
        if section == "commentary":
            ax.axvspan(
                position - 0.5,
                position + 0.5,
                color=VOICE_COLORS["commentary"],
                alpha=0.18,
                linewidth=0,
            )
    band = _band(ax, _scale(rows, measure), measure, int((~evidence).sum()))
    ax.plot(x, values, color=GREYS[60], linewidth=1, zorder=2)
    for voice, style in (
        ("narration", {"marker": "o"}),
        ("quote", {"marker": "o", "facecolor": WHITE}),
        ("commentary", {"marker": "s"}),
    ):
        pick = (evidence & (rows["voice"].astype(str) == voice)).to_numpy()
        ax.scatter(
            x[pick],
            values[pick],
            s=46,
            zorder=3,
            marker=style["marker"],
            edgecolor=VOICE_COLORS[voice],
            linewidth=1.5,
            facecolor=style.get("facecolor", VOICE_COLORS[voice]),
        )
    none = (~evidence).to_numpy()
    ax.scatter(
        x[none],
        np.full(none.sum(), band),
        marker=NO_EVIDENCE_MARKER,
        color=NO_EVIDENCE_COLOR,
        s=40,
        zorder=3,
        gid="no-evidence",
    )
    ax.axhline(0, color=GREYS[73], linewidth=0.8)
    ax.set_ylabel(MEASURE_LABELS.get(measure, measure).replace(" (", "\n("), fontsize=NOTE_SIZE)
    ax.grid(axis="x", visible=False)


def _flow_legend(no_word: dict[str, tuple[int, int]]) -> list:
    """The legend of the flow chart: the shading, a marker per voice, the crosses."""
    several = len(no_word) > 1
    return [
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
        *(
            no_evidence_marker(
                f"{NO_EVIDENCE}{f' ({ENGINE_NAMES[e]})' if several else ''} "
                f"({plural(n, 'paragraph')})"
            )
            for e, (n, _) in no_word.items()
        ),
    ]


def _flow_title(rows: pd.DataFrame, measures: Sequence[str], article_id: str) -> str:
    measure = measures[0]
    evidence = has_evidence(rows, measure)
    sections = rows["section"].astype(str)
    name = _name(measure)

    def mean(section: str) -> float:
        return rows.loc[evidence & (sections == section), measure].mean()

    commentary, reporting = mean("commentary"), mean("reporting")
    if not (sections == "commentary").any():
        head = f"Article ‘{article_id}’: no commentary paragraph"
    elif np.isnan(commentary):
        head = f"Article ‘{article_id}’: no commentary paragraph has a sentiment word"
    else:
        head = (
            f"Article ‘{article_id}’: commentary paragraphs average {name} "
            f"{format_score(commentary)}"
        )
    if np.isfinite(reporting):
        head += (
            ", reporting " if np.isfinite(commentary) else f"; reporting paragraphs average {name} "
        )
        head += format_score(reporting)
    if "opinion" in measures and (sections == "commentary").any():
        opinion = rows.groupby(sections)["opinion"].mean()
        head += (
            f"; opinion probability {format_score(opinion.get('commentary', np.nan))} against "
            f"{format_score(opinion.get('reporting', np.nan))}"
        )
    return (
        f"{head}\n(paragraphs with a sentiment word; {int((~evidence).sum()):,} of "
        f"{plural(len(rows), 'paragraph')} have none: crosses at the bottom)"
    )


def _scatter_groups(
    ax,
    frame: pd.DataFrame,
    x: str,
    y: str,
    *,
    category_col: str,
    groups: Sequence[str],
    alpha: float = 0.7,
    notes: dict[str, str] | None = None,
) -> list[Line2D]:
    """One dot per row, a colour per group; returns the legend entries, opaque whatever the
    dots' alpha, with each group's size (also of a group with no dot to draw)."""
    handles = []
    rng = np.random.default_rng(0)
    for group in groups:
        pick = frame[frame[category_col].astype(str) == group]
        shown = pick.iloc[sample_rows(len(pick), rng)]
        ax.scatter(
            shown[x],
            shown[y],
            s=28,
            alpha=_faded(len(shown), alpha=alpha),
            color=group_color(group),
            edgecolor=WHITE,
            linewidth=0.4,
            zorder=2,
            **dot_style(len(shown)),
        )
        drawn = f"; a random {len(shown):,} drawn" if len(shown) < len(pick) else ""
        label = f"{group} (n={len(pick):,}{(notes or {}).get(group, '')}{drawn})"
        handles.append(
            Line2D([], [], marker="o", linestyle="", color=group_color(group), label=label)
        )
    return handles


def _polarity_axes(ax, y: str, category_col: str, handles: Sequence[Line2D]) -> None:
    """TextBlob polarity across, ``y`` up, the zero line, the legend of ``handles``."""
    ax.axvline(0, color=GREYS[73], linewidth=0.8)
    ax.set_xlabel(MEASURE_LABELS["tb_polarity"])
    ax.set_ylabel(MEASURE_LABELS[y])
    ax.legend(
        handles=list(handles),
        title=category_col.capitalize(),
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
    )


@chart_style
def plot_polarity_subjectivity(
    scored: pd.DataFrame, *, category_col: str = "voice", unit: str = "row"
) -> Figure:
    """Polarity against subjectivity, one dot per row with at least one sentiment word.

    The rows without one have neither score: they are one grey cross in the band left of
    the polarity scale, with their count beside it and in the legend.
    """
    evidence = has_evidence(scored, "tb_polarity")
    shown, hidden = scored[evidence], scored[~evidence]
    groups = scored[category_col].astype(str)
    notes = {g: f"; {n:,} without a word" for g, n in groups[~evidence].value_counts().items()}
    fig, ax = plt.subplots(figsize=(8.5, 5.8), layout="constrained")
    alpha = _faded(len(shown))  # many rows share a few lexicon values
    handles = _scatter_groups(
        ax,
        shown,
        "tb_polarity",
        "tb_subjectivity",
        category_col=category_col,
        groups=_groups(scored, category_col, None),
        alpha=alpha,
        notes=notes,
    )
    band = no_evidence_band(ax, _RANGES["tb_polarity"], axis="x")
    ax.set_ylim(-0.03, 1.03)
    if len(hidden):
        ax.scatter(
            [band],
            [0.5],
            marker=NO_EVIDENCE_MARKER,
            s=90,
            linewidth=2,
            color=NO_EVIDENCE_COLOR,
            zorder=3,
            gid="no-evidence",
        )
        ax.annotate(
            f"{len(hidden):,}",
            (band, 0.5),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=NOTE_SIZE,
            color=GREYS[27],
        )
    _polarity_axes(
        ax,
        "tb_subjectivity",
        category_col,
        [
            *handles,
            no_evidence_marker(f"{NO_EVIDENCE}: {count_of(len(hidden), len(scored), unit)}"),
        ],
    )
    ax.grid(color=GREYS[93])
    figure_title(fig, _scatter_title(scored, evidence, category_col, unit))
    return fig


def _scatter_title(scored: pd.DataFrame, evidence: pd.Series, category_col: str, unit: str) -> str:
    """ "Commentary: mean subjectivity and polarity 0.62 and −0.40; reporting ...", over the
    rows with a sentiment word, and how many have none."""
    groups = _groups(scored, category_col, None) if len(scored) else []
    if not evidence.any():
        return f"No {unit} has a sentiment word ({plural(len(scored), unit)}): nothing to place"
    labels = scored[category_col].astype(str)
    means = scored[evidence].groupby(labels[evidence])[["tb_subjectivity", "tb_polarity"]].mean()
    target = _target(groups)

    def pair(group: str) -> str:
        s, p = means.loc[group]
        return f"{format_score(s)} and {format_score(p)}"

    others = ", ".join(f"{g} {pair(g)}" for g in groups if g != target and g in means.index)
    if target in means.index:
        head = f"{target.capitalize()}: mean subjectivity and polarity {pair(target)}"
        head += f"; {others}" if others else ""
    else:
        head = f"{target.capitalize()}: none of its {plural(int((labels == target).sum()), unit)} "
        head += f"has a sentiment word; mean subjectivity and polarity {others}"
    hidden = int((~evidence).sum())
    return (
        f"{head}\n({int(evidence.sum()):,} {unit}s with a sentiment word; "
        f"{count_of(hidden, len(scored), unit)} have none: the cross at left)"
    )


@chart_style
def plot_engines(
    scored: pd.DataFrame, *, category_col: str = "voice", band: float = 0.05, unit: str = "row"
) -> Figure:
    """TextBlob polarity against VADER compound; shaded corners are sign disagreements.

    Dots are rows where both engines found a word of their lexicon. A row without a
    TextBlob word is a grey cross in the band left of the polarity scale, at its VADER
    score (or in the corner when VADER found none either); a row without a VADER word is a
    grey plus in the band below. Both are counted in the legend and the title.
    """
    tb, vader = has_evidence(scored, "tb_polarity"), has_evidence(scored, "vader_compound")
    fig, ax = plt.subplots(figsize=(8.5, 6.4), layout="constrained")
    for corner in ((band, -1.05), (-1.05, band)):
        ax.add_patch(plt.Rectangle(corner, 1.05 - band, 1.05 - band, color=GREYS[93], zorder=0))
    ax.text(0.55, -0.97, "engines disagree", ha="center", color=GREYS[47], fontsize=NOTE_SIZE)
    ax.text(-0.55, 0.93, "engines disagree", ha="center", color=GREYS[47], fontsize=NOTE_SIZE)
    labels = scored[category_col].astype(str)
    notes = {g: f"; {n:,} without a TextBlob word" for g, n in labels[~tb].value_counts().items()}
    handles = _scatter_groups(
        ax,
        scored[tb & vader],
        "tb_polarity",
        "vader_compound",
        category_col=category_col,
        groups=_groups(scored, category_col, None),
        notes=notes,
    )
    no_tb, no_vader = _engine_crosses(ax, scored, tb, vader)
    both = scored[tb & vader]
    disagree = len(engine_disagreements(both, band=band))
    scoring = int(
        ((both["tb_polarity"].abs() > band) & (both["vader_compound"].abs() > band)).sum()
    )
    rescued = no_tb.loc[vader[~tb], "vader_compound"]
    ax.axhline(0, color=GREYS[73], linewidth=0.8)
    _polarity_axes(
        ax,
        "vader_compound",
        category_col,
        [
            *handles,
            no_evidence_marker(
                f"no TextBlob word: {count_of(len(no_tb), len(scored), unit)}; "
                f"\nVADER scores {len(rescued):,} of them"
            ),
            no_evidence_marker(f"no VADER word, TextBlob has one: {len(no_vader):,}", marker="+"),
        ],
    )
    if len(no_tb):
        spread = (
            f" (from {format_score(rescued.min())} to {format_score(rescued.max())})"
            if len(rescued)
            else ""
        )
        head = (
            f"VADER scores {len(rescued):,} of the {plural(len(no_tb), unit)} TextBlob "
            f"finds no word in{spread}"
        )
    else:
        head = f"TextBlob finds a sentiment word in all {plural(len(scored), unit)}"
    figure_title(
        fig,
        f"{head}\nopposite signs on {disagree:,} of the {plural(scoring, unit)} both engines "
        f"score beyond ±{band:g}",
    )
    return fig


def _engine_crosses(ax, scored: pd.DataFrame, tb: pd.Series, vader: pd.Series):
    """The rows one engine finds no word in, in the bands beside the scales: crosses at
    their VADER score (or in the corner) without a TextBlob word, pluses at their polarity
    without a VADER word. Returns the two sets of rows."""
    x_band = no_evidence_band(ax, _RANGES["tb_polarity"], axis="x")
    y_band = no_evidence_band(ax, _RANGES["vader_compound"], axis="y")
    rng = np.random.default_rng(0)
    no_tb = scored[~tb]
    keep = sample_rows(len(no_tb), rng)
    crosses = no_tb.iloc[keep]
    ax.scatter(
        x_band + rng.uniform(-0.05, 0.05, len(crosses)),
        np.where(vader[~tb].to_numpy()[keep], crosses["vader_compound"], y_band),
        marker=NO_EVIDENCE_MARKER,
        color=NO_EVIDENCE_COLOR,
        s=30,
        zorder=3,
        gid="no-evidence",
        alpha=_faded(len(crosses)),
        **dot_style(len(crosses)),
    )
    no_vader = scored[tb & ~vader]
    pluses = no_vader.iloc[sample_rows(len(no_vader), rng)]
    ax.scatter(
        pluses["tb_polarity"],
        y_band + rng.uniform(-0.05, 0.05, len(pluses)),
        marker="+",
        color=NO_EVIDENCE_COLOR,
        s=40,
        zorder=3,
        gid="no-evidence-vader",
        alpha=_faded(len(pluses)),
        **dot_style(len(pluses)),
    )
    return no_tb, no_vader


@chart_style
def plot_sentiment_words(
    top_terms: pd.DataFrame,
    *,
    category_col: str = "section",
    categories: Sequence[str] | None = None,
) -> Figure:
    """The words that move each group's mean polarity, drawn from ``top_sentiment_terms``.

    Each bar is a term's share of its group's mean polarity (its summed contribution
    divided by the group's number of rows with a sentiment word, ``rows_in_group``; the
    rows without one, ``rows_without_words``, are named in the panel title), so categories
    of different sizes compare fairly; the title says what the shares add up to. The chart draws
    exactly the rows of ``top_terms``.
    """
    categories = (
        list(categories) if categories is not None else list(dict.fromkeys(top_terms[category_col]))
    )
    most = max(2, int(top_terms.groupby(category_col).size().max()) if len(top_terms) else 2)
    fig, axes = plt.subplots(
        1,
        len(categories),
        figsize=(4.8 * max(len(categories), 2), 0.32 * most + 2.5),
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
        without = int(table["rows_without_words"].iloc[0]) if "rows_without_words" in table else 0
        ax.set_title(
            f"{group}\n{plural(rows, 'row')} with a word"  # two lines: panels side by side
            + (f"; {without} without, not counted" if without else ""),
            loc="left",
        )
        ax.set_xlabel("Share of the mean polarity (polarity units)")
    handles = [
        Patch(color=color, label=label)
        for color, label in ((POSITIVE, "pushes positive"), (NEGATIVE, "pushes negative"))
        if color in signs
    ]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=2)
    figure_title(fig, _words_title(top_terms, categories, category_col))
    return fig


def _words_title(top_terms: pd.DataFrame, categories: Sequence[str], category_col: str) -> str:
    strongest = []
    for group in categories:
        table = top_terms[top_terms[category_col] == group]
        if len(table):
            row = table.loc[table["share_of_mean"].abs().idxmax()]
            strongest.append(
                f"'{row['term']}' in {group} ({format_score(row['share_of_mean'], signed=True)})"
            )
    if not strongest:
        return f"No sentiment word moves the mean polarity of any {category_col}"
    empty = [g for g in categories if not (top_terms[category_col] == g).any()]
    most = int(top_terms.groupby(category_col).size().max())
    return (
        f"The word that moves the mean polarity most: {', '.join(strongest)}"
        + (f"; none in {', '.join(empty)}" if empty else "")
        + "\n"
        f"(top {most} per {category_col}; a {category_col}'s shares add up to its mean over "
        f"its rows with a sentiment word, the mean the distribution chart draws)"
    )


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
    row per outlet besides "all". The title counts the articles where the commentary is
    below and above the reporting, with the median difference.
    """
    rng = np.random.default_rng(seed)
    rows = [("all articles", per_article)]
    if outlet_col:
        rows += [(str(k), part) for k, part in per_article.groupby(outlet_col)]
    summaries = summary.set_index("group")
    fig, ax = plt.subplots(figsize=(9, 2.0 + 0.55 * len(rows)), layout="constrained")
    for y, (label, part) in enumerate(rows):
        values = part["difference"].to_numpy()
        values = values[sample_rows(len(values), rng)]  # the interval uses every article
        ax.scatter(
            values,
            y + rng.uniform(-0.18, 0.18, len(values)),
            s=18,
            alpha=_faded(len(values), alpha=0.55),
            color=group_color("commentary"),
            edgecolor="none",
            zorder=2,
            **dot_style(len(values)),
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
            elif np.isfinite(row["mean_difference"]):
                ax.plot(row["mean_difference"], y, "D", color=BLACK, markerfacecolor=WHITE)
    ax.axvline(0, color=GREYS[53], linewidth=0.8)
    ax.set_yticks(range(len(rows)), [f"{label} (n={len(part):,})" for label, part in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)  # top to bottom, one row per group
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
    figure_title(fig, _within_title(per_article, summaries, measure))
    return fig


def _within_title(per_article: pd.DataFrame, summaries: pd.DataFrame, measure: str) -> str:
    """ "Commentary is more negative than reporting in 14 of 20 articles, more positive in 6
    (median difference −0.08)", then the interval or why there is none, led by which rows
    the means are of when the table says (a ``rows`` column with one value)."""
    differences = per_article["difference"].dropna()
    if differences.empty:
        return "No article has both commentary and reporting: nothing to compare"
    below, above = _DIRECTIONS.get(measure, ("lower", "higher"))
    counts = [(int((differences < 0).sum()), below), (int((differences > 0).sum()), above)]
    (lead, lead_word), (other, other_word) = sorted(counts, key=lambda c: -c[0])
    n = plural(len(differences), "article")
    head = f"Commentary is {lead_word} than reporting in {lead:,} of {n}"
    head += f", {other_word} in {other:,}" if other else ""
    head += f" (median difference {format_score(differences.median())})"
    scopes = per_article["rows"].dropna().unique() if "rows" in per_article else []
    parts = [str(scopes[0])] if len(scopes) == 1 else []
    if "all" in summaries.index:
        row = summaries.loc["all"]
        row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
        median_low, median_high = row.get("median_low", np.nan), row.get("median_high", np.nan)
        mean = format_score(row["mean_difference"])
        if np.isfinite(median_low) and np.isfinite(median_high):
            parts.append(
                f"median's 95% interval {format_score(median_low)} to "
                f"{format_score(median_high)}; mean {mean}"
            )
        elif np.isfinite(row["low"]):
            parts.append(
                f"mean difference {mean}, 95% interval {format_score(row['low'])} to "
                f"{format_score(row['high'])} (articles resampled)"
            )
        else:
            parts.append(f"mean difference {mean}; {row['note']}")
    if not parts:
        return head
    tail = ": ".join(parts)
    return f"{head}\n{tail[:1].upper()}{tail[1:]}"
