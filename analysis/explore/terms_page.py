"""The term explorer page, ``terms.html``: how often commentary and reporting use each term,
as a scatter, with any term readable in context on a click or a search.

Like scattertext's explorer, but small whatever the corpus: the page plots the terms of the
bar chart (``top_distinctive`` output, passed in and never re-selected) and a bounded number
of the most frequent others, and embeds a few lines of context for those terms only, never
the documents. It is one self-contained file: the scatter is SVG drawn here, and the one
inline script (allowed by its hash in a strict Content-Security-Policy) only looks terms up
in a JSON block and shows them, inserting every piece of article text with ``textContent``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from ..framing.vocabulary import (
    DistinctiveTerms,
    describe_distinctive,
    keyword_in_context,
    top_distinctive,
)
from ..load.text import WORD
from ..plots.base import BLUE, GREYS, VERMILION, plural
from ..stats import format_number, format_p
from .web import json_for_script, page_template, script_hash

__all__ = [
    "CONTEXT_LINES",
    "OTHER_TERMS",
    "plotted_terms",
    "term_contexts",
    "terms_page",
    "write_terms_page",
]

# Terms plotted besides the bar chart's, the most frequent first, and lines of context per
# term and side: together they bound the page (about 1-2 MB at most), whatever the corpus.
OTHER_TERMS = 2_000
CONTEXT_LINES = 3

# Candidate paragraphs read per term and side before giving up on finding more lines: a
# phrase whose words are common but seldom adjacent must not scan the whole corpus.
_MOST_SCANNED = 200


def _sides(table: pd.DataFrame) -> tuple[str, str]:
    target, reference = (c.removeprefix("count_") for c in table.columns if c.startswith("count_"))
    return target, reference


def plotted_terms(
    table: pd.DataFrame, top: pd.DataFrame, *, others: int = OTHER_TERMS
) -> pd.DataFrame:
    """The terms the explorer plots: every row of ``top`` (``highlighted``), then the
    ``others`` most frequent terms of ``table`` not in ``top`` (both sides' counts together;
    ties alphabetical).

    ``table`` is :func:`~analysis.framing.distinctive_terms` ``.table`` and ``top`` is what
    the bar chart draws (:func:`~analysis.framing.top_distinctive` of it): its rows are
    taken as they are, so the page highlights exactly the chart's terms.

    >>> table = pd.DataFrame({"term": ["a", "b", "c", "d"], "count_x": [5, 1, 0, 2],
    ...     "count_y": [0, 9, 1, 2], "log_odds": [2.0, -1.0, -0.5, 0.0],
    ...     "distinctive": [True, True, False, False], "favours": ["x", "y", "y", "x"]})
    >>> shown = plotted_terms(table, top_distinctive(table, n=1), others=2)
    >>> shown[["term", "highlighted"]].values.tolist()
    [['a', True], ['b', True], ['d', False], ['c', False]]
    """
    if others < 0:
        raise ValueError(f"others must be at least 0, not {others}")
    target, reference = _sides(table)
    rest = table[~table["term"].isin(top["term"])]
    total = (rest[f"count_{target}"] + rest[f"count_{reference}"]).to_numpy()
    order = np.lexsort((rest["term"].to_numpy(), -total))[:others]
    return pd.concat(
        [top.assign(highlighted=True), rest.iloc[order].assign(highlighted=False)],
        ignore_index=True,
    )


def _spread(rows: np.ndarray, first: int) -> np.ndarray:
    """``rows`` reordered so the first ``first`` are spread evenly through them."""
    if len(rows) <= first:
        return rows
    picks = np.unique(np.linspace(0, len(rows) - 1, first).round().astype(int))
    return np.concatenate([rows[picks], np.delete(rows, picks)])


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both of two sorted arrays of distinct values (without sorting again:
    a common word's array is long, and there is one per word of every term)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return a[b[at] == a]


def term_contexts(
    paragraphs: pd.DataFrame,
    terms: Iterable[str],
    *,
    sections: Sequence[str] = ("commentary", "reporting"),
    lines: int = CONTEXT_LINES,
    width: int = 40,
    text_col: str = "text",
    category_col: str = "section",
    article_col: str = "article_id",
    paragraph_col: str = "paragraph_id",
) -> pd.DataFrame:
    """Up to ``lines`` lines of context of each term in each of ``sections``, each from a
    different paragraph, spread through the corpus; the terms' order, then the sections'.

    The lines are :func:`~analysis.framing.keyword_in_context`'s (the term in brackets,
    ``width`` characters each side), but only a few candidate paragraphs are read per
    term, those holding all its words, so the cost stays small for thousands of terms.

    >>> rows = pd.DataFrame({"article_id": ["a", "a", "b"], "paragraph_id": ["a:1", "a:2", "b:1"],
    ...     "section": ["reporting", "commentary", "commentary"],
    ...     "text": ["Talks went on.", "A failing war.", "Their war, failing."]})
    >>> term_contexts(rows, ["failing war"])[["paragraph_id", "section", "line"]].values.tolist()
    [['a:2', 'commentary', 'A [failing war].']]

    Returns:
        ``article_id``, ``paragraph_id`` (those of the two that ``paragraphs`` has),
        ``section``, ``term`` and ``line``.
    """
    if lines < 1:
        raise ValueError(f"lines must be at least 1, not {lines}")
    keep = [c for c in (article_col, paragraph_col) if c in paragraphs] + [category_col]
    columns = [*keep, "term", "line"]
    terms = list(dict.fromkeys(terms))
    labels = paragraphs[category_col].astype(str)
    frame = paragraphs.loc[labels.isin(sections), [*keep, text_col]].reset_index(drop=True)
    words = sorted({word for term in terms for word in term.lower().split()})
    if not words or frame.empty:
        return pd.DataFrame(columns=columns)
    # Which paragraphs hold each word (any word of letters and digits, lower-cased): a
    # superset of those where keyword_in_context finds the term, which confirms it.
    finder = CountVectorizer(
        vocabulary=words, token_pattern=r"(?u)\b\w+\b", binary=True, dtype=np.int8
    )
    holding = finder.transform(frame[text_col].fillna("").astype(str)).tocsc()
    holding.sort_indices()  # each word's paragraphs in order, for _common
    column = {word: number for number, word in enumerate(words)}
    section_of = frame[category_col].astype(str).map({s: i for i, s in enumerate(sections)})
    section_of = section_of.to_numpy()
    # Plain Python strings: keyword_in_context reads the few rows it is given one by one,
    # which costs more than the reading itself on an Arrow-backed column.
    text = frame[text_col].fillna("").astype(str).to_numpy(dtype=object)
    texts = pd.DataFrame({text_col: pd.Series(text, dtype=object), "row": np.arange(len(frame))})
    first = 4 * lines  # candidates read first; then twice as many each time
    found: list[tuple[int, int, int, str]] = []  # term, section, row, line
    for number, term in enumerate(terms):
        rows = None
        for word in term.lower().split():
            hits = holding.indices[holding.indptr[column[word]] : holding.indptr[column[word] + 1]]
            rows = hits if rows is None else _common(rows, hits)
        queue = [
            _spread(rows[section_of[rows] == s], first)[:_MOST_SCANNED]
            for s in range(len(sections))
        ]
        need = [lines] * len(sections)
        seen: set[int] = set()
        # One call for every section's next candidates: the calls, not the reading, cost.
        start, size = 0, first
        while start < _MOST_SCANNED:
            batch = [q[start : start + size] for q, n in zip(queue, need, strict=True) if n]
            start, size = start + size, 2 * size
            batch = np.concatenate(batch) if batch else np.array([], dtype=int)
            if not len(batch):
                break
            # Only the first line of a paragraph is kept, so the call stops after a few per
            # paragraph; a side left short reads its next candidates.
            got = keyword_in_context(texts.iloc[batch], term, text_col=text_col, width=width,
                                     limit=4 * len(batch), keep=["row"])  # fmt: skip
            for row, line in zip(got["row"].tolist(), got["line"].tolist(), strict=True):
                side = section_of[row]
                if row not in seen and need[side]:
                    seen.add(row)
                    need[side] -= 1
                    found.append((number, side, row, line))
    if not found:
        return pd.DataFrame(columns=columns)
    found.sort(key=lambda f: f[:2])  # stable: within a section, in the order found
    term_of, _, row_of, line_of = zip(*found, strict=True)
    result = frame.iloc[list(row_of)][keep].reset_index(drop=True)
    return result.assign(term=[terms[t] for t in term_of], line=list(line_of))[columns]


# The kinds of dot, drawn in this order (so the bar chart's terms are on top): the class
# each gets in the page and its colour.
_KIND_COLORS = {
    "o": GREYS[73],  # not distinctive
    "d": GREYS[40],  # distinctive, but not among the bar chart's
    "t": VERMILION,  # the bar chart's, used more by the target side (commentary)
    "r": BLUE,  # the bar chart's, used more by the reference side (reporting)
}

_STYLE = (
    "body{font:15px/1.45 system-ui,sans-serif;color:#222;margin:1.2rem auto;max-width:82rem;"
    "padding:0 1rem}h1{font-size:1.3rem;margin:.2rem 0 .4rem}h2{font-size:1.1rem;margin:.4rem 0}"
    ".note{color:#555;font-size:.9rem;margin:.3rem 0}"
    "main{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}"
    ".chart{flex:1 1 34rem;max-width:44rem}.panel{flex:1 1 24rem;min-width:18rem}"
    "svg{width:100%;height:auto;display:block}"
    ".axis{stroke:#444;stroke-width:1}.grid{stroke:#eee;stroke-width:1}"
    ".band{fill:#f6f6f6}.same{stroke:#999;stroke-width:1;stroke-dasharray:4 4}"
    ".tick{font-size:11px;fill:#444}.title{font-size:12.5px;fill:#222}"
    ".dot{stroke:#fff;stroke-width:.6;cursor:pointer}"
    ".lab{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px;pointer-events:none}"
    "#ring{fill:none;stroke:#000;stroke-width:2;pointer-events:none}"
    + "".join(
        f".k-{kind}{{fill:{color}}}.lab.k-{kind}{{fill:{color}}}"
        f".sw.k-{kind}{{background:{color}}}.term.k-{kind}{{border-left-color:{color}}}"
        for kind, color in _KIND_COLORS.items()
    )
    + ".lab.k-t,.lab.k-r{font-weight:600}"
    ".legend{list-style:none;padding:0;margin:.3rem 0;font-size:.9rem}.legend li{margin:.15rem 0}"
    ".sw{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.4em}"
    ".sw.line{border-radius:0;height:0;border-top:2px dashed #999;vertical-align:middle}"
    "input{font:inherit;width:100%;box-sizing:border-box;padding:.35rem .5rem}"
    ".terms{display:flex;flex-wrap:wrap;gap:.3rem;margin:.3rem 0}"
    ".term{font:inherit;font-size:.88rem;background:#f4f4f4;border:1px solid #ddd;"
    "border-left:4px solid #bbb;padding:.1rem .45rem;cursor:pointer}"
    "#detail table{border-collapse:collapse;font-size:.9rem;margin:.3rem 0}"
    "#detail td,#detail th{border:1px solid #ddd;padding:.15rem .45rem;text-align:right}"
    "#detail th{background:#f3f3f3}#detail td:first-child{text-align:left}"
    "#contexts{list-style:none;padding:0}#contexts li{margin:.45rem 0;padding-left:.5rem;"
    "border-left:4px solid #bbb}#contexts li.s-t{border-left-color:" + VERMILION + "}"
    "#contexts li.s-r{border-left-color:" + BLUE + "}"
    ".where{font-size:.8rem;color:#555}.line{font-family:ui-monospace,monospace;"
    "font-size:.85rem;white-space:pre-wrap;overflow-wrap:anywhere}"
)

# The page's one script. It reads the JSON block and writes text only with textContent.
_SCRIPT = r"""(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("terms-data").textContent);
  var terms = data.terms, sides = data.sides, words = data.words;
  var byName = new Map(), contexts = new Map();
  terms.forEach(function (t, i) { byName.set(t[0], i); contexts.set(i, []); });
  data.contexts.forEach(function (c) { contexts.get(c[0]).push(c); });
  var svg = document.getElementById("scatter"), ring = document.getElementById("ring");
  var detail = document.getElementById("detail"), matches = document.getElementById("matches");
  var search = document.getElementById("search"), pointing = document.getElementById("pointing");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function rate(count, side) {
    if (!count) { return "0"; }
    var r = 10000 * count / words[side];
    return r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2);
  }
  function verdict(t) {
    var kind = t[1], favoured = sides[t[9]];
    var q = t[7].charAt(0) === "<" ? "q " + t[7] : "q = " + t[7];
    if (kind === "t" || kind === "r") {
      return "Distinctive, used more in " + favoured + ": one of the bar chart's terms (" + q +
        ").";
    }
    if (kind === "d") {
      return "Distinctive, used more in " + favoured + ", but not among the bar chart's (" + q +
        ").";
    }
    return "Not distinctive (" + q + "): the difference is within what chance gives.";
  }
  function show(i) {
    var t = terms[i];
    if (!t) { return; }
    var dot = svg.querySelector('circle[data-i="' + i + '"]');
    if (dot) {
      ring.setAttribute("cx", dot.getAttribute("cx"));
      ring.setAttribute("cy", dot.getAttribute("cy"));
    }
    detail.replaceChildren();
    detail.appendChild(el("h2", t[0]));
    detail.appendChild(el("p", verdict(t), "note"));
    var table = el("table"), head = el("tr");
    ["", "uses", "per 10,000 words", "paragraphs"].forEach(function (h) {
      head.appendChild(el("th", h));
    });
    table.appendChild(head);
    [0, 1].forEach(function (s) {
      var row = el("tr");
      [sides[s], t[2 + s], rate(t[2 + s], s), t[4 + s]].forEach(function (v) {
        row.appendChild(el("td", v));
      });
      table.appendChild(row);
    });
    detail.appendChild(table);
    detail.appendChild(el("p", "Log-odds ratio, " + sides[0] + " against " + sides[1] + ": " +
      t[6] + " (0: the same rate; ±0.7: about twice as often).", "note"));
    var found = contexts.get(i);
    detail.appendChild(el("h2", found.length ? "In context" : "No line of context found"));
    var list = el("ul");
    list.id = "contexts";
    found.forEach(function (c) {
      var item = el("li", null, c[1] === 0 ? "s-t" : "s-r");
      var where = sides[c[1]] + " · " + data.articles[c[2]] + (c[3] ? " · " + c[3] : "");
      item.appendChild(el("div", where, "where"));
      item.appendChild(el("div", c[4], "line"));
      list.appendChild(item);
    });
    detail.appendChild(list);
  }
  function pick(event) {
    var target = event.target.closest ? event.target.closest("[data-i]") : null;
    if (target) { show(Number(target.getAttribute("data-i"))); }
  }
  svg.addEventListener("click", pick);
  matches.addEventListener("click", pick);
  document.getElementById("top-terms").addEventListener("click", pick);
  svg.addEventListener("mouseover", function (event) {
    var i = event.target.getAttribute("data-i");
    if (i !== null) {
      var t = terms[Number(i)];
      pointing.textContent = t[0] + ": " + t[2] + " in " + sides[0] + ", " + t[3] + " in " +
        sides[1] + " (click to read it in context)";
    }
  });
  function button(i) {
    var b = el("button", terms[i][0], "term k-" + terms[i][1]);
    b.type = "button";
    b.setAttribute("data-i", String(i));
    return b;
  }
  function find() {
    var query = search.value.trim().toLowerCase().replace(/\s+/g, " ");
    matches.replaceChildren();
    if (!query) { return; }
    var exact = byName.get(query), starting = [], containing = [];
    for (var i = 0; i < terms.length && starting.length < 12; i++) {
      if (i === exact) { continue; }
      var at = terms[i][0].indexOf(query);
      if (at === 0) { starting.push(i); } else if (at > 0 && containing.length < 12) {
        containing.push(i);
      }
    }
    var others = starting.concat(containing).slice(0, 12);
    if (exact !== undefined) { show(exact); }
    if (exact === undefined && others.length === 0) {
      matches.appendChild(el("p", "No plotted term matches \u201c" + query + "\u201d.", "note"));
    }
    others.forEach(function (i) { matches.appendChild(button(i)); });
  }
  search.addEventListener("input", find);
  search.addEventListener("keydown", function (event) {
    var first = matches.querySelector("[data-i]");
    if (event.key === "Enter" && first) { show(Number(first.getAttribute("data-i"))); }
  });
  document.body.setAttribute("data-ready", "");
  performance.mark("terms-ready");
})();
"""


# The page's policy: nothing from anywhere, but the one script and the one style sheet.
_POLICY = (
    f"default-src 'none'; script-src {script_hash(_SCRIPT)}; "
    f"style-src {script_hash(_STYLE)}; base-uri 'none'; form-action 'none'"
)

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
    ticks = [{"at": round(left + band / 2, 1), "at_y": round(bottom - band / 2, 1),
              "label": "0", "grid": False}]  # fmt: skip
    ticks += [{"at": round(left + a, 1), "at_y": round(bottom - a, 1), "label": _tick_label(p),
               "grid": True} for p, a in zip(powers.tolist(), at, strict=True)]  # fmt: skip
    kinds = np.where(
        shown["highlighted"],
        np.where(shown["favours"] == sides[0], "t", "r"),
        np.where(shown["distinctive"].astype(bool), "d", "o"),
    )
    dots = [
        {"i": i, "x": f"{xs[i]:.1f}", "y": f"{ys[i]:.1f}", "r": 4.5 if kinds[i] in "tr" else 2.8,
         "kind": kinds[i]}
        for kind in _KIND_COLORS for i in np.flatnonzero(kinds == kind)
    ]  # fmt: skip
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
    spots = [("start", 7, 4), ("end", -7, 4), ("start", 5, -6), ("start", 5, 14),
             ("end", -5, -6), ("end", -5, 14), ("start", 7, 16), ("start", 7, -8),
             ("end", -7, 16), ("end", -7, -8)]  # fmt: skip
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    strength = shown["log_odds"].abs().to_numpy()
    for i in sorted(np.flatnonzero(np.isin(kinds, ["t", "r"])), key=lambda i: -strength[i]):
        text = str(shown["term"].iloc[i])
        width = _CHAR_WIDTH * len(text) + 2
        for anchor, dx, dy in spots:
            x, y = xs[i] + dx, ys[i] + dy
            box = (x if anchor == "start" else x - width, y - _LABEL_HEIGHT + 2,
                   x + width if anchor == "start" else x, y + 2)  # fmt: skip
            inside = box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2]
            inside = inside and box[3] <= bounds[3]
            free = all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3]
                       for b in placed)  # fmt: skip
            if inside and free:
                placed.append(box)
                labels.append({"text": text, "x": f"{x:.1f}", "y": f"{y:.1f}",
                               "anchor": anchor, "kind": kinds[i]})  # fmt: skip
                break
    return labels


def _word_counts(frame: pd.DataFrame, text_col: str) -> pd.Series:
    if "n_words" in frame:
        return frame["n_words"]
    return frame[text_col].fillna("").astype(str).str.count(WORD.pattern)


def terms_page(
    paragraphs: pd.DataFrame,
    distinctive: DistinctiveTerms,
    top: pd.DataFrame | None = None,
    *,
    others: int = OTHER_TERMS,
    lines: int = CONTEXT_LINES,
    width: int = 40,
    text_col: str = "text",
    category_col: str = "section",
    article_col: str = "article_id",
    paragraph_col: str = "paragraph_id",
) -> str:
    """The term explorer as one self-contained HTML page.

    A scatter of how often each plotted term (:func:`plotted_terms`) is used per 10,000
    words of commentary against reporting, on log scales, the bar chart's terms coloured by
    the side they favour; a search box; and, for a clicked or found term, its counts and up
    to ``lines`` lines of context on each side (:func:`term_contexts`). The title is the
    test's finding (:func:`~analysis.framing.vocabulary.describe_distinctive`) and the
    sample's size; the page says how many of the terms it plots.

    Args:
        paragraphs: the paragraphs ``distinctive`` was computed from.
        distinctive: :func:`~analysis.framing.distinctive_terms` output.
        top: the bar chart's terms (:func:`~analysis.framing.top_distinctive` of
            ``distinctive.table``, its default when ``None``).
        others: terms plotted besides ``top``, the most frequent.
        lines: lines of context per term and side; ``width``: characters each side.
    """
    table, summary = distinctive.table, distinctive.summary
    sides = (str(summary["side"].iloc[0]), str(summary["side"].iloc[1]))
    top = top_distinctive(table) if top is None else top
    shown = plotted_terms(table, top, others=others)
    labels = paragraphs[category_col].astype(str)
    # The prose rows with the columns the page reads, not every loaded column.
    needed = [c for c in (article_col, paragraph_col, category_col, text_col, "n_words")
              if c in paragraphs]  # fmt: skip
    prose = paragraphs.loc[labels.isin(sides).to_numpy(), needed]
    section = prose[category_col].astype(str)
    words = _word_counts(prose, text_col).groupby(section).sum()
    words = [int(words.get(s, 0)) for s in sides]
    counts = shown[[f"count_{s}" for s in sides]].to_numpy(dtype=float)
    rates = 10_000 * counts / np.maximum(np.array(words, dtype=float), 1)
    geometry = _geometry(shown, rates, sides)
    kinds = geometry.pop("kinds")

    contexts = term_contexts(
        prose, shown["term"], sections=sides, lines=lines, width=width, text_col=text_col,
        category_col=category_col, article_col=article_col, paragraph_col=paragraph_col,
    )  # fmt: skip
    index = {term: i for i, term in enumerate(shown["term"])}
    where = contexts.reindex(columns=[article_col, paragraph_col]).fillna("").astype(str)
    article_ids = list(dict.fromkeys(where[article_col]))
    article_index = {a: i for i, a in enumerate(article_ids)}
    context_rows = [
        [index[term], sides.index(str(side)), article_index[article], paragraph, str(line)]
        for term, side, article, paragraph, line in zip(
            contexts["term"], contexts[category_col], where[article_col], where[paragraph_col],
            contexts["line"], strict=True,
        )
    ]  # fmt: skip
    term_rows = [
        [str(row["term"]), kinds[i], int(row[f"count_{sides[0]}"]), int(row[f"count_{sides[1]}"]),
         int(row[f"paragraphs_{sides[0]}"]), int(row[f"paragraphs_{sides[1]}"]),
         format_number(float(row["log_odds"]), 2), format_p(row["q_value"]),
         bool(row["distinctive"]), sides.index(str(row["favours"]))]
        for i, (_, row) in enumerate(shown.iterrows())
    ]  # fmt: skip
    data = {"sides": list(sides), "words": words, "terms": term_rows,
            "articles": article_ids, "contexts": context_rows}  # fmt: skip

    n_top = int(shown["highlighted"].sum())
    n_articles = prose[article_col].nunique() if article_col in prose else 1
    paragraph_counts = section.value_counts()
    sample = (
        f"{plural(n_articles, 'article')}: "
        + " and ".join(
            f"{plural(int(paragraph_counts.get(s, 0)), f'{s} paragraph')} ({words[i]:,} words)"
            for i, s in enumerate(sides)
        )
        + "."
    )
    if len(shown) >= len(table):
        plotted = f"The chart plots all {len(table):,} terms"
    elif n_top:
        plotted = (
            f"The chart plots {len(shown):,} of the {len(table):,} terms: the bar chart's "
            f"{n_top}, coloured, and the {len(shown) - n_top:,} most frequent others"
        )
    else:
        plotted = f"The chart plots {len(shown):,} of the {len(table):,} terms, the most frequent"
    fdr = float(summary["fdr"].iloc[0])
    meaning = {
        "t": f"one of the bar chart's terms, used more in {sides[0]}",
        "r": f"one of the bar chart's terms, used more in {sides[1]}",
        "d": "distinctive too, not among the bar chart's strongest",
        "o": f"not distinctive at a {fdr:.0%} false-discovery rate",
    }
    drawn = pd.Series(kinds).value_counts()
    legend = [{"swatch": f"k-{kind}", "text": f"{text} ({int(drawn[kind]):,})"}
              for kind, text in meaning.items() if kind in drawn]  # fmt: skip
    legend.append({"swatch": "line", "text": "dashed: the same rate on both sides; the grey "
                   "bands: terms one side never uses"})  # fmt: skip
    buttons = [{"i": i, "kind": kinds[i], "term": shown["term"].iloc[i]} for i in range(n_top)]
    return page_template("terms.html.j2").render(
        policy=_POLICY,
        style=_STYLE,
        script=_SCRIPT,
        data=json_for_script(data),
        sides=sides,
        headline=describe_distinctive(summary),
        sample=sample,
        shown=f"{plotted}; up to {plural(lines, 'line')} of context per term and side.",
        n_shown=f"{len(shown):,}",
        g=geometry,
        legend=legend,
        buttons=buttons,
    )


def write_terms_page(
    report_dir: str | Path | None,
    paragraphs: pd.DataFrame,
    distinctive: DistinctiveTerms,
    top: pd.DataFrame | None = None,
    **options,
) -> Path | None:
    """Write :func:`terms_page` to ``report_dir/terms.html`` and return its path; nothing
    when no folder is given (as :func:`~analysis.plots.save_figure`). ``options`` are
    :func:`terms_page`'s."""
    if not report_dir:
        return None
    folder = Path(report_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "terms.html"
    path.write_text(terms_page(paragraphs, distinctive, top, **options), encoding="utf-8")
    return path
