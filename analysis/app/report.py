"""The report folder's own files, written once the notebooks have run: ``tables/00-inputs``,
``summary.json``, and every page :mod:`analysis.report` renders from the saved tables
(``index.html``, ``articles.html`` and the article pages, ``terms.html``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from ..notebook import save_table
from ..plots.base import corpus_source
from ..report import (
    FILES_LISTED,
    build_summary,
    write_article_pages,
    write_index,
    write_terms_page,
)

__all__ = ["source_of", "write_report"]


def source_of(summary: dict) -> str:
    """The source line of the report's pages (as under every figure): the input by name and
    what it holds, from the summary's counts.

    >>> source_of({"provenance": {"input": "/data/wire"}, "corpus": {"articles": 2,
    ...     "paragraphs": {"reporting": 9, "commentary": 1}}}).split(". media-bias")[0]
    'Source: wire (2 articles: 9 reporting and 1 commentary paragraphs)'
    """
    path = str(summary["provenance"]["input"])
    corpus = summary.get("corpus") or {"articles": 0, "paragraphs": {}}
    counts = corpus["paragraphs"]
    return corpus_source(
        "" if path == "(the bundled sample)" else path,
        corpus["articles"],
        counts.get("reporting", 0),
        counts.get("commentary", 0),
    )


def write_report(folder: Path, **run) -> dict:
    """Write ``tables/00-inputs``, ``summary.json`` and the pages into a report folder."""
    # CSV too while the list is short enough for summary.json to list it whole; a longer
    # one (13 MB of CSV at 100,000 files) is read with pandas, not opened in a spreadsheet.
    save_table(
        pd.DataFrame(list(run["files"]), columns=["file", "path", "bytes", "sha256"]),
        folder,
        "00-inputs",
        csv_rows=FILES_LISTED,
    )
    finished = dt.datetime.now().astimezone()
    summary = build_summary(folder, finished=finished, **run)
    text = json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False)
    (folder / "summary.json").write_text(text + "\n", encoding="utf-8")
    # The pages beside index.html first: index.html links to those that exist.
    source = source_of(summary)
    write_article_pages(folder, source=source)
    write_terms_page(folder)
    write_index(folder, summary)
    return summary
