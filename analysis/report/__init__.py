"""The report's pages, every one rendered here from the tables the notebooks saved:
``index.html`` (:mod:`~analysis.report.index`, with ``summary.json``'s numbers from
:mod:`~analysis.report.summary`), ``articles.html`` and the article pages
(:mod:`~analysis.report.articles`, the marked-up article from
:mod:`~analysis.report.article_view`), ``terms.html`` (:mod:`~analysis.report.terms`) and
the executed notebooks' HTML (:mod:`~analysis.report.notebooks`), and the explorer the
framing notebook shows in JupyterLab (:mod:`~analysis.report.explorer`).

The markup is in ``templates/`` (Jinja2, autoescaped), the style sheets and scripts in
``static/`` (real files, embedded in the pages and allowed by their hashes in each page's
Content-Security-Policy: :mod:`~analysis.report.assets`). It sits above the measures, the
charts and ``explore`` (whose tables it draws) and below the notebooks and the
``media-bias`` command, which it never imports.
"""

from .article_view import article_view
from .articles import (
    ARTICLE_PAGES,
    TABLE_ROWS,
    article_numbers,
    article_page,
    article_page_name,
    articles_page,
    write_article_pages,
)
from .assets import json_for_script, page_template, script_hash, static_text
from .explorer import EXPLORER_LINES, EXPLORER_MATCHES, STATIC_MESSAGE, Explorer, find_articles
from .formats import FILTERS
from .index import EXPLORE_PAGES, render_index, write_index
from .notebooks import render_notebook_html
from .summary import FILES_LISTED, build_summary, describe_inputs, read_table
from .terms import terms_page, write_terms_page

__all__ = [
    "EXPLORER_LINES",
    "EXPLORER_MATCHES",
    "STATIC_MESSAGE",
    "Explorer",
    "find_articles",
    "ARTICLE_PAGES",
    "EXPLORE_PAGES",
    "FILES_LISTED",
    "FILTERS",
    "TABLE_ROWS",
    "article_numbers",
    "article_page",
    "article_page_name",
    "article_view",
    "articles_page",
    "build_summary",
    "describe_inputs",
    "json_for_script",
    "page_template",
    "read_table",
    "render_index",
    "render_notebook_html",
    "script_hash",
    "static_text",
    "terms_page",
    "write_article_pages",
    "write_index",
    "write_terms_page",
]
