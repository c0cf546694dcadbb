"""The report's pages for the per-article results: ``articles.html``, the table sorted by
the size of the difference (sortable by any column), and ``articles/<name>.html`` for the
articles that differ most, each marked up with its numbers.

Every value is escaped by Jinja2's autoescaping, and the marked-up article by
:func:`analysis.plots.article_html`; the pages load nothing from outside, and the one
script (sorting) runs only because the page's Content-Security-Policy names its hash.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from ..framing.style import STYLE_LABELS
from ..load.corpus import Corpus
from ..plots.article_html import article_html
from ..plots.base import BLUE, VERMILION, format_score, plural, tint
from ..sentiment.compare import MEASURE_NAMES
from .articles import difference_column, sort_measure
from .web import page_template, script_hash

__all__ = [
    "ARTICLE_PAGES",
    "SHADE_AT",
    "TABLE_ROWS",
    "article_page_name",
    "articles_page",
    "write_article_pages",
]

# Rows the HTML table lists (the CSV and Parquet tables hold every article), and the
# articles that get a page of their own: the same, so every row listed links to its page
# (about 17 kB a page: 17 MB for 1,000).
TABLE_ROWS = 1_000
ARTICLE_PAGES = TABLE_ROWS

# A difference is shaded when its size is at least this share of the measure's spread
# (standard deviation) across the articles.
SHADE_AT = 1.0

# Sorts the table by the clicked column: numbers by their data-value, text as text;
# a second click reverses. Rows are moved, never rebuilt from text.
_SORT_SCRIPT = """
(function () {
  var table = document.getElementById("articles");
  var body = table.tBodies[0];
  var state = {column: -1, down: true};
  function key(row, column) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-value");
    if (value !== null) { return value === "" ? NaN : parseFloat(value); }
    return cell.textContent.toLowerCase();
  }
  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = parseInt(button.getAttribute("data-column"), 10);
      state.down = state.column === column ? !state.down : true;
      state.column = column;
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, column), y = key(b, column);
        if (typeof x === "number") {
          if (isNaN(x)) { return isNaN(y) ? 0 : 1; }
          if (isNaN(y)) { return -1; }
          return state.down ? Math.abs(y) - Math.abs(x) : Math.abs(x) - Math.abs(y);
        }
        return state.down ? (x < y ? -1 : x > y ? 1 : 0) : (x < y ? 1 : x > y ? -1 : 0);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
"""


def article_page_name(article_id: str) -> str:
    """The file name of an article's page: its id's letters, digits, ``-`` and ``_`` (up
    to 60), and a digest of the whole id, so ids that differ only in other characters
    (``<img src=x>``, spaces, slashes) never share a page or leave the folder.

    >>> article_page_name("xi-china-belarus-lukashenko")
    'xi-china-belarus-lukashenko-d33a84d6.html'
    >>> article_page_name("../<b>x</b>")
    'b-x-b-3d5a88e9.html'
    """
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", article_id).strip("-")[:60]
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}.html" if readable else f"article-{digest}.html"


def _label(column: str) -> tuple[str, str]:
    """A column's short header and its longer title (shown on hover)."""
    if column.endswith("_difference"):
        measure = column.removesuffix("_difference")
        if measure in MEASURE_NAMES:
            name = MEASURE_NAMES[measure]
        elif measure in STYLE_LABELS:
            name = f"style: {STYLE_LABELS[measure]}"
        elif measure.startswith("frame_"):
            name = f"frame: {measure.removeprefix('frame_').replace('_', ' ')} (per 100 words)"
        else:
            name = measure.replace("_", " ")
        return name, f"{name}: commentary mean minus reporting mean"
    for engine, label in (("textblob", "TextBlob"), ("vader", "VADER")):
        for side in ("commentary", "reporting"):
            if column == f"{engine}_{side}":
                return f"{side} ¶ with a {label} word", f"{side} paragraphs with a {label} word"
    labels = {
        "article_id": ("article", "the article's id (a link: its marked-up page)"),
        "n_commentary": ("commentary ¶", "commentary paragraphs"),
        "n_reporting": ("reporting ¶", "reporting paragraphs"),
        "commentary_terms": ("commentary terms", "the terms its commentary uses most"),
    }
    if column in labels:
        return labels[column]
    text = column.replace("_", " ")
    return text, text


def _cell(text: str, *, href: str = "", value: str | None = None, shade: str = "") -> dict:
    """A table cell as the template reads it: a number has a ``value`` to sort by."""
    return {"text": text, "href": href, "number": value is not None, "value": value or "",
            "shade": shade}  # fmt: skip


def _cells(row: pd.Series, columns: Sequence[str], spread: pd.Series, linked: set) -> list:
    cells = []
    for column in columns:
        value = row[column]
        if column == "article_id":
            href = f"articles/{article_page_name(str(value))}" if value in linked else ""
            cells.append(_cell(str(value), href=href))
        elif (
            column.endswith("_difference")
            or column.startswith("n_")
            or (isinstance(value, int | float) and not isinstance(value, bool))
        ):
            number = float(value) if pd.notna(value) else math.nan
            whole = column.startswith("n_") or column.endswith(("_commentary", "_reporting"))
            text = (
                f"{int(number):,}"
                if whole and math.isfinite(number)
                else format_score(number, signed=column.endswith("_difference"))
            )
            shade = ""
            scale = spread.get(column, math.nan)
            large = math.isfinite(number) and scale > 0 and abs(number) >= SHADE_AT * scale
            if column.endswith("_difference") and large:
                shade = "up" if number > 0 else "down"
            cells.append(
                _cell(text, value=repr(number) if math.isfinite(number) else "", shade=shade)
            )
        else:
            cells.append(_cell("" if pd.isna(value) else str(value)))
    return cells


def articles_page(
    results: pd.DataFrame,
    *,
    name: str,
    source: str,
    linked: Sequence[str] = (),
    limit: int = TABLE_ROWS,
) -> str:
    """``articles.html``: the first ``limit`` rows of an
    :func:`~analysis.explore.articles.article_results` table, ids in ``linked`` linking to
    their pages, with a note of how many rows are shown and where the rest are."""
    measures = [c.removesuffix("_difference") for c in results if c.endswith("_difference")]
    sort_by = results.attrs.get("sort_by") or (sort_measure(measures) if measures else "")
    sort_label = _label(difference_column(sort_by))[0] if sort_by else "first"
    columns = list(results.columns)
    shown = results.head(limit)
    spread = results[[c for c in columns if c.endswith("_difference")]].std()
    n = len(results)
    shown_note = (
        f"All {plural(n, 'article')} with commentary listed."
        if n <= limit
        else f"The {limit:,} that differ most of {n:,} articles with commentary are listed; "
        "the table 20-articles (CSV and Parquet, in tables/) holds them all."
    )
    if linked:
        shown_note += f" The first {plural(len(linked), 'article')} link to a marked-up page."
    heading = f"Articles whose commentary differs most from their reporting ({n:,} with commentary)"
    tints = {"commentary_tint": tint(VERMILION, 0.18), "reporting_tint": tint(BLUE, 0.14)}
    return page_template("articles.html.j2").render(
        name=name,
        heading=heading,
        source=source,
        sort_label=sort_label,
        shade_at=f"{SHADE_AT:g} standard deviation",
        shown_note=shown_note,
        columns=[dict(zip(("label", "title"), _label(c), strict=True)) for c in columns],
        rows=[_cells(row, columns, spread, set(linked)) for _, row in shown.iterrows()],
        script=Markup(_SORT_SCRIPT),
        script_hash=script_hash(_SORT_SCRIPT),
        **tints,
    )


def _article_page(paragraphs: pd.DataFrame, row: pd.Series, source: str) -> str:
    numbers = [
        (_label(c)[0], format_score(row[c], signed=True))
        for c in row.index
        if c.endswith("_difference")
    ]
    numbers += [(_label(c)[1], f"{int(row[c]):,}") for c in ("n_commentary", "n_reporting")]
    if "commentary_terms" in row and row["commentary_terms"]:
        numbers.append(("Terms its commentary uses most", row["commentary_terms"]))
    return page_template("article.html.j2").render(
        article_id=str(row["article_id"]),
        title=row.get("title") if isinstance(row.get("title"), str) else "",
        outlet=row.get("outlet") if isinstance(row.get("outlet"), str) else "",
        source=source,
        numbers=numbers,
        marked_up=Markup(article_html(paragraphs, article_id=row["article_id"])),
    )


def write_article_pages(
    report_dir: str | Path | None,
    corpus: Corpus,
    results: pd.DataFrame,
    *,
    name: str = "",
    source: str = "",
    pages: int = ARTICLE_PAGES,
) -> list[Path]:
    """Write ``articles.html`` and a page for each of the first ``pages`` articles of
    ``results`` under ``report_dir``; nothing when no folder is given. Returns the paths,
    ``articles.html`` first."""
    if not report_dir:
        return []
    folder = Path(report_dir)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    chosen = results.head(max(pages, 0))
    paragraphs = corpus.read("paragraphs", articles=chosen["article_id"].tolist())
    written = []
    for _, row in chosen.iterrows():
        page = folder / "articles" / article_page_name(str(row["article_id"]))
        rows = paragraphs[paragraphs["article_id"] == row["article_id"]]
        page.write_text(_article_page(rows, row, source), encoding="utf-8")
        written.append(page)
    index = folder / "articles.html"
    html = articles_page(results, name=name, source=source, linked=chosen["article_id"].tolist())
    index.write_text(html, encoding="utf-8")
    return [index, *written]
