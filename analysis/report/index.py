"""``index.html``: the report's front page, rendered from ``templates/index.html.j2`` and
the summary (:func:`~analysis.report.summary.build_summary`) of the folder's tables.

Every value from the summary is HTML-escaped as the template prints it, so an article
containing ``<script>`` shows it as text. The page is static: no script runs in it (its
Content-Security-Policy forbids scripts and allows its one style sheet by its hash).
"""

from __future__ import annotations

from pathlib import Path

from .assets import inline, page_template
from .summary import table_columns

__all__ = ["EXPLORE_PAGES", "render_index", "write_index"]

# The pages beside index.html for looking around: the per-article table and the terms.
EXPLORE_PAGES = ("articles", "terms")


def _figures(folder: Path) -> list[dict]:
    return [
        {
            "png": png.name,
            "stem": png.stem,
            "svg": png.with_suffix(".svg").name if png.with_suffix(".svg").exists() else None,
        }
        for png in sorted((folder / "figures").glob("*.png"))
    ]


def _tables(folder: Path) -> list[dict]:
    tables = []
    for parquet in sorted((folder / "tables").glob("*.parquet")):
        rows, columns = table_columns(parquet)
        csv = parquet.with_suffix(".csv")
        tables.append(
            {
                "stem": parquet.stem,
                "csv": csv.name if csv.exists() else None,
                "parquet": parquet.name,
                "rows": rows,
                "columns": columns,
            }
        )
    return tables


def render_index(folder: Path, summary: dict) -> str:
    """The text of ``index.html`` for a report folder and its summary."""
    pages = {name: (folder / f"{name}.html").is_file() for name in EXPLORE_PAGES}
    return page_template("index.html.j2").render(
        summary=summary,
        figures=_figures(folder),
        tables=_tables(folder),
        pages=pages,
        style=inline("index.css"),
    )


def write_index(folder: Path, summary: dict) -> Path:
    """Write ``index.html``: the findings, then links to every notebook, figure and table."""
    target = folder / "index.html"
    target.write_text(render_index(folder, summary), encoding="utf-8")
    return target
