"""The term explorer page, ``terms.html``: how often commentary and reporting use each term,
as a scatter, with any term readable in context on a click or a search.

Like scattertext's explorer, but small whatever the corpus: the page plots the terms of the
bar chart (``20-top-distinctive-terms``, never re-selected) and a bounded number of the
most frequent others, and embeds the few lines of context notebook 20 saved for those terms
(``20-term-contexts``), never the documents. It is one self-contained file: the scatter is
SVG laid out here (``templates/terms.html.j2``), and the one inline script
(``static/terms.js``, allowed by its hash in a strict Content-Security-Policy, as is
``static/terms.css``) only looks terms up in a JSON block and shows them, inserting every
piece of article text with ``textContent``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..explore.terms import CONTEXT_LINES, OTHER_TERMS, plotted_terms
from ..framing.vocabulary import describe_distinctive
from ..plots.base import plural
from ..stats import format_number, format_p
from .assets import inline, json_for_script, page_template
from .summary import read_table

__all__ = ["terms_page", "write_terms_page"]


# The kinds of dot, drawn in this order (so the bar chart's terms are on top); each is a
# class of static/terms.css: o not distinctive, d distinctive but not among the bar
# chart's, t the bar chart's favouring the target side (commentary), r the reference side.
_KINDS = ("o", "d", "t", "r")

# The scatter's geometry, in SVG units: a square plot, a band along each axis for terms the
# side never uses (a log scale has no 0).
_LEFT, _TOP, _SIDE, _BAND, _GAP = 64, 14, 520, 28, 12
_CHAR_WIDTH, _LABEL_HEIGHT = 6.9, 11.0  # of a bold label, a little wide: labels never touch


def _tick_label(power: int) -> str:
    return f"{10.0**power:,.{max(0, -power)}f}"


def _geometry(shown: pd.DataFrame, rates: np.ndarray, sides: tuple[str, str]) -> dict:
    """Where the dots, ticks and labels of the scatter go; ``rates`` is (terms, 2): per
    10,000 words of the target side (y) and the reference side (x), both on one log scale
    of whole decades, 0 in a band of its own below the scale."""
    positive = rates[rates > 0]
    low = math.floor(math.log10(positive.min())) if len(positive) else -1
    high = math.ceil(math.log10(positive.max())) if len(positive) else 1
    high = max(high, low + 1)
    left, top, side, band = _LEFT, _TOP, _SIDE, _BAND
    right, bottom = left + side, top + side
    start, length = band + _GAP, side - band - _GAP  # the log scale, from the band's edge

    def offset(rate: np.ndarray) -> np.ndarray:
        """Distance from the axis' origin: on the scale, or the band's middle for 0."""
        power = np.log10(np.where(rate > 0, rate, 10.0**low))
        return np.where(rate > 0, start + (power - low) / (high - low) * length, band / 2)

    xs, ys = left + offset(rates[:, 1]), bottom - offset(rates[:, 0])
    powers = np.arange(low, high + 1)
    at = start + (powers - low) / (high - low) * length
    ticks = [
        {
            "at": round(left + band / 2, 1),
            "at_y": round(bottom - band / 2, 1),
            "label": "0",
            "grid": False,
        }
    ]
    ticks += [
        {
            "at": round(left + a, 1),
            "at_y": round(bottom - a, 1),
            "label": _tick_label(p),
            "grid": True,
        }
        for p, a in zip(powers.tolist(), at, strict=True)
    ]
    kinds = np.where(
        shown["highlighted"],
        np.where(shown["favours"] == sides[0], "t", "r"),
        np.where(shown["distinctive"].astype(bool), "d", "o"),
    )
    dots = [
        {
            "i": i,
            "x": f"{xs[i]:.1f}",
            "y": f"{ys[i]:.1f}",
            "r": 4.5 if kinds[i] in "tr" else 2.8,
            "kind": kinds[i],
        }
        for kind in _KINDS
        for i in np.flatnonzero(kinds == kind)
    ]
    return {
        "width": right + 30,  # room for the last tick's label
        "height": bottom + 48,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "side": side,
        "band": band,
        "ticks": ticks,
        "same": [left + start, bottom - start, right, top],  # the diagonal: the same rate
        "dots": dots,
        "kinds": kinds,
        "labels": _labels(shown, xs, ys, kinds, (left + 2, top, right + 16, bottom - 2)),
        "xlabel": f"{sides[1].capitalize()}: uses per 10,000 words (log scale)",
        "ylabel": f"{sides[0].capitalize()}: uses per 10,000 words (log scale)",
        "label": f"Scatter of {len(shown):,} terms: uses per 10,000 words of {sides[0]} "
        f"against {sides[1]}",
    }


def _labels(shown, xs, ys, kinds, bounds) -> list[dict]:
    """Labels of the bar chart's terms, strongest first, each at the first free spot
    around its dot; a label with no free spot is left out (the panel lists every term)."""
    spots = [
        ("start", 7, 4),
        ("end", -7, 4),
        ("start", 5, -6),
        ("start", 5, 14),
        ("end", -5, -6),
        ("end", -5, 14),
        ("start", 7, 16),
        ("start", 7, -8),
        ("end", -7, 16),
        ("end", -7, -8),
    ]
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    strength = shown["log_odds"].abs().to_numpy()
    for i in sorted(np.flatnonzero(np.isin(kinds, ["t", "r"])), key=lambda i: -strength[i]):
        text = str(shown["term"].iloc[i])
        width = _CHAR_WIDTH * len(text) + 2
        for anchor, dx, dy in spots:
            x, y = xs[i] + dx, ys[i] + dy
            box = (
                x if anchor == "start" else x - width,
                y - _LABEL_HEIGHT + 2,
                x + width if anchor == "start" else x,
                y + 2,
            )
            inside = box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2]
            inside = inside and box[3] <= bounds[3]
            free = all(
                box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed
            )
            if inside and free:
                placed.append(box)
                labels.append(
                    {
                        "text": text,
                        "x": f"{x:.1f}",
                        "y": f"{y:.1f}",
                        "anchor": anchor,
                        "kind": kinds[i],
                    }
                )
                break
    return labels


def _term_rows(shown: pd.DataFrame, kinds: np.ndarray, sides: tuple[str, str]) -> list:
    """Each plotted term as the script reads it: term, kind, uses and paragraphs per side,
    log-odds, q-value, distinctive, and the side it favours."""
    return [
        [
            str(row["term"]),
            kinds[i],
            int(row[f"count_{sides[0]}"]),
            int(row[f"count_{sides[1]}"]),
            int(row[f"paragraphs_{sides[0]}"]),
            int(row[f"paragraphs_{sides[1]}"]),
            format_number(float(row["log_odds"]), 2),
            format_p(row["q_value"]),
            bool(row["distinctive"]),
            sides.index(str(row["favours"])),
        ]
        for i, (_, row) in enumerate(shown.iterrows())
    ]


def _context_rows(
    contexts: pd.DataFrame, shown: pd.DataFrame, sides: tuple[str, str]
) -> tuple[list, list[str]]:
    """The lines of context as the script reads them (term, side, article, paragraph, line),
    and the article ids they name (each once: the lines refer to them by position)."""
    index = {term: i for i, term in enumerate(shown["term"])}
    contexts = contexts[contexts["term"].isin(index)]
    where = contexts.reindex(columns=["article_id", "paragraph_id"]).fillna("").astype(str)
    article_ids = list(dict.fromkeys(where["article_id"]))
    article_index = {a: i for i, a in enumerate(article_ids)}
    rows = [
        [index[term], sides.index(str(side)), article_index[article], paragraph, str(line)]
        for term, side, article, paragraph, line in zip(
            contexts["term"],
            contexts["section"],
            where["article_id"],
            where["paragraph_id"],
            contexts["line"],
            strict=True,
        )
    ]
    return rows, article_ids


def _what_is_plotted(shown: pd.DataFrame, table: pd.DataFrame, n_top: int) -> str:
    if len(shown) >= len(table):
        return f"The chart plots all {len(table):,} terms"
    if n_top:
        return (
            f"The chart plots {len(shown):,} of the {len(table):,} terms: the bar chart's "
            f"{n_top}, coloured, and the {len(shown) - n_top:,} most frequent others"
        )
    return f"The chart plots {len(shown):,} of the {len(table):,} terms, the most frequent"


def _legend(kinds: np.ndarray, sides: tuple[str, str], fdr: float) -> list[dict]:
    meaning = {
        "t": f"one of the bar chart's terms, used more in {sides[0]}",
        "r": f"one of the bar chart's terms, used more in {sides[1]}",
        "d": "distinctive too, not among the bar chart's strongest",
        "o": f"not distinctive at a {fdr:.0%} false-discovery rate",
    }
    drawn = pd.Series(kinds).value_counts()
    legend = [
        {"swatch": f"k-{kind}", "text": f"{text} ({int(drawn[kind]):,})"}
        for kind, text in meaning.items()
        if kind in drawn
    ]
    legend.append(
        {
            "swatch": "line",
            "text": "dashed: the same rate on both sides; the grey "
            "bands: terms one side never uses",
        }
    )
    return legend


def terms_page(
    table: pd.DataFrame,
    summary: pd.DataFrame,
    top: pd.DataFrame,
    contexts: pd.DataFrame,
    sample: pd.DataFrame,
    *,
    others: int = OTHER_TERMS,
    lines: int = CONTEXT_LINES,
) -> str:
    """The term explorer as one self-contained HTML page.

    A scatter of how often each plotted term (:func:`~analysis.explore.plotted_terms`) is
    used per 10,000 words of commentary against reporting, on log scales, the bar chart's
    terms coloured by the side they favour; a search box; and, for a clicked or found term,
    its counts and its lines of context on each side. The title is the test's finding
    (:func:`~analysis.framing.vocabulary.describe_distinctive`) and the sample's size; the
    page says how many of the terms it plots.

    Args:
        table, summary: :func:`~analysis.framing.distinctive_terms`' ``table`` and
            ``summary`` (``20-distinctive-terms``, ``20-distinctive-summary``).
        top: the bar chart's terms (``20-top-distinctive-terms``).
        contexts: :func:`~analysis.explore.term_contexts` of the plotted terms
            (``20-term-contexts``), made with up to ``lines`` lines per term and side.
        sample: what the terms were counted in (:func:`~analysis.explore.term_sample`,
            ``20-term-sample``).
        others: terms plotted besides ``top``, the most frequent.
    """
    sides = (str(summary["side"].iloc[0]), str(summary["side"].iloc[1]))
    per_side = sample.set_index("section").reindex(list(sides)).fillna(0)
    words = [int(n) for n in per_side["words"]]
    paragraphs = [int(n) for n in per_side["paragraphs"]]
    articles = int(sample["articles"].max()) if len(sample) else 0
    shown = plotted_terms(table, top, others=others)
    counts = shown[[f"count_{s}" for s in sides]].to_numpy(dtype=float)
    rates = 10_000 * counts / np.maximum(np.array(words, dtype=float), 1)
    geometry = _geometry(shown, rates, sides)
    kinds = geometry.pop("kinds")
    context_rows, article_ids = _context_rows(contexts, shown, sides)
    data = {
        "sides": list(sides),
        "words": words,
        "terms": _term_rows(shown, kinds, sides),
        "articles": article_ids,
        "contexts": context_rows,
    }
    n_top = int(shown["highlighted"].sum())
    described = " and ".join(
        f"{plural(paragraphs[i], f'{s} paragraph')} ({words[i]:,} words)"
        for i, s in enumerate(sides)
    )
    plotted = _what_is_plotted(shown, table, n_top)
    return page_template("terms.html.j2").render(
        script=inline("terms.js"),
        style=inline("terms.css"),
        data=json_for_script(data),
        sides=sides,
        headline=describe_distinctive(summary),
        sample=f"{plural(articles, 'article')}: {described}.",
        shown=f"{plotted}; up to {plural(lines, 'line')} of context per term and side.",
        n_shown=f"{len(shown):,}",
        g=geometry,
        legend=_legend(kinds, sides, float(summary["fdr"].iloc[0])),
        buttons=[{"i": i, "kind": kinds[i], "term": shown["term"].iloc[i]} for i in range(n_top)],
    )


def write_terms_page(folder: str | Path) -> Path | None:
    """Write :func:`terms_page` to ``terms.html`` in a report folder, from the tables
    notebook 20 saved there; nothing (``None``) when it saved no terms or no lines of
    context."""
    folder = Path(folder)
    names = (
        "20-distinctive-terms",
        "20-distinctive-summary",
        "20-top-distinctive-terms",
        "20-term-contexts",
        "20-term-sample",
    )
    tables = [read_table(folder, name) for name in names]
    if any(t is None for t in tables):
        return None
    path = folder / "terms.html"
    path.write_text(terms_page(*tables), encoding="utf-8")
    return path
