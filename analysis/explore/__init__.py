"""Looking around a corpus, not only reading its digest: the per-article results (which
articles' commentary differs most from their reporting), the report's pages for them, the
term explorer page (``terms.html``) and the explorer the notebooks show in JupyterLab.

It sits above the measures and the charts (``sentiment``, ``framing``, ``plots``) and below
what the notebooks and the ``media-bias`` command call.
"""

from .articles import LEXICON_MEASURES, article_results, difference_column, sort_measure
from .pages import ARTICLE_PAGES, TABLE_ROWS, article_page_name, articles_page, write_article_pages
from .terms_page import (
    CONTEXT_LINES,
    OTHER_TERMS,
    plotted_terms,
    term_contexts,
    terms_page,
    write_terms_page,
)
from .web import json_for_script, page_template, script_hash
from .widgets import EXPLORER_LINES, EXPLORER_MATCHES, STATIC_MESSAGE, Explorer, find_articles

__all__ = [
    "EXPLORER_LINES",
    "EXPLORER_MATCHES",
    "STATIC_MESSAGE",
    "Explorer",
    "find_articles",
    "ARTICLE_PAGES",
    "LEXICON_MEASURES",
    "TABLE_ROWS",
    "article_page_name",
    "article_results",
    "articles_page",
    "difference_column",
    "sort_measure",
    "write_article_pages",
    "page_template",
    "script_hash",
    "CONTEXT_LINES",
    "OTHER_TERMS",
    "json_for_script",
    "plotted_terms",
    "term_contexts",
    "terms_page",
    "write_terms_page",
]
