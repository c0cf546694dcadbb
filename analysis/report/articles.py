"""The report's pages for the per-article results: ``articles.html``, the table sorted by
the size of the difference (sortable by any column), and ``articles/<name>.html`` for the
articles that differ most, each marked up with its numbers.

They are drawn from the tables notebook 20 saved: the per-article table (``20-articles``)
and the marked-up articles' paragraphs and marks (``20-article-paragraphs``,
``20-article-marks``); an article page's numbers are its row of ``20-articles``. Every
value is escaped by Jinja2's autoescaping; the pages load nothing from outside, and the
one script (sorting, ``static/articles.js``) runs only because the page's
Content-Security-Policy names its hash.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..explore.articles import difference_column, sort_measure
from ..framing.style import STYLE_LABELS
from ..plots.base import format_score, plural
from ..sentiment.compare import MEASURE_NAMES
from .article_view import article_view
from .assets import inline, page_template
from .summary import read_table

__all__ = [
    "ARTICLE_PAGES",
    "SHADE_AT",
    "TABLE_ROWS",
    "article_numbers",
    "article_page",
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
    return {
        "text": text,
        "href": href,
        "number": value is not None,
        "value": value or "",
        "shade": shade,
    }


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
    :func:`~analysis.explore.articles.article_results` table (``20-articles``), ids in
    ``linked`` linking to their pages, with a note of how many rows are shown and where the
    rest are."""
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
    return page_template("articles.html.j2").render(
        name=name,
        heading=heading,
        source=source,
        sort_label=sort_label,
        shade_at=f"{SHADE_AT:g} standard deviation",
        shown_note=shown_note,
        columns=[dict(zip(("label", "title"), _label(c), strict=True)) for c in columns],
        rows=[_cells(row, columns, spread, set(linked)) for _, row in shown.iterrows()],
        script=inline("articles.js"),
        style=inline("articles.css"),
    )


def article_numbers(row: pd.Series) -> list[tuple[str, str]]:
    """An article's numbers as its page lists them, from its row of the per-article table:
    each measure's difference (signed, as ``articles.html`` prints it), its paragraphs, and
    the terms its commentary uses most."""
    numbers = [
        (_label(c)[0], format_score(row[c], signed=True))
        for c in row.index
        if c.endswith("_difference")
    ]
    numbers += [(_label(c)[1], f"{int(row[c]):,}") for c in ("n_commentary", "n_reporting")]
    if "commentary_terms" in row and row["commentary_terms"]:
        numbers.append(("Terms its commentary uses most", row["commentary_terms"]))
    return numbers


def article_page(
    row: pd.Series, paragraphs: pd.DataFrame, marks: pd.DataFrame, *, source: str = ""
) -> str:
    """An article's page: its numbers (:func:`article_numbers` of its ``row`` of the
    per-article table) above its text marked up (:func:`~analysis.report.article_view`
    of its saved ``paragraphs`` and ``marks``)."""
    article_id = str(row["article_id"])
    return page_template("article.html.j2").render(
        article_id=article_id,
        title=row.get("title") if isinstance(row.get("title"), str) else "",
        outlet=row.get("outlet") if isinstance(row.get("outlet"), str) else "",
        source=source,
        numbers=article_numbers(row),
        marked_up=article_view(paragraphs, marks, article_id=row["article_id"], style=False),
        page_style=inline("article.css"),
        view_style=inline("article-view.css"),
    )


def write_article_pages(folder: str | Path, *, name: str = "", source: str = "") -> list[Path]:
    """Write ``articles.html`` and the page of each article whose paragraphs notebook 20
    saved (``20-article-paragraphs``: those that differ most) into a report folder, from
    its tables; nothing when it has no per-article table. Returns the paths,
    ``articles.html`` first."""
    folder = Path(folder)
    results = read_table(folder, "20-articles")
    if results is None:
        return []
    paragraphs = read_table(folder, "20-article-paragraphs")
    marks = read_table(folder, "20-article-marks")
    written = []
    chosen: list = []
    if paragraphs is not None and marks is not None:
        paged = set(paragraphs["article_id"])  # once: a set per row took minutes at scale
        chosen = [a for a in results["article_id"] if a in paged]
        (folder / "articles").mkdir(parents=True, exist_ok=True)
        by_id = results.set_index("article_id", drop=False)
        own = dict(tuple(paragraphs.groupby("article_id", sort=False)))
        own_marks = dict(tuple(marks.groupby("article_id", sort=False)))
        for article_id in chosen:
            page = folder / "articles" / article_page_name(str(article_id))
            html = article_page(
                by_id.loc[article_id],
                own[article_id],
                own_marks.get(article_id, marks.iloc[:0]),
                source=source,
            )
            page.write_text(html, encoding="utf-8")
            written.append(page)
    index = folder / "articles.html"
    index.write_text(
        articles_page(results, name=name, source=source, linked=chosen), encoding="utf-8"
    )
    return [index, *written]
