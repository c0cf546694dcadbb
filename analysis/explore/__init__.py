"""Looking around a corpus, not only reading its digest: the per-article results (which
articles' commentary differs most from their reporting), what an article's marked-up view
shows (its paragraphs' opinion and the marks in its text), the terms and lines of context
of the term explorer. The report's pages, and the explorer the notebooks show in
JupyterLab, are drawn from these tables by :mod:`analysis.report`.

It sits above the measures and the charts (``sentiment``, ``framing``, ``plots``) and below
what the notebooks and the ``media-bias`` command call.
"""

from .articles import LEXICON_MEASURES, article_results, difference_column, sort_measure
from .marks import article_marks, article_paragraphs, paged_paragraphs
from .terms import (
    CONTEXT_LINES,
    OTHER_TERMS,
    plotted_terms,
    term_contexts,
    term_sample,
    term_sides,
)

__all__ = [
    "CONTEXT_LINES",
    "LEXICON_MEASURES",
    "OTHER_TERMS",
    "article_marks",
    "article_paragraphs",
    "article_results",
    "difference_column",
    "paged_paragraphs",
    "plotted_terms",
    "sort_measure",
    "term_contexts",
    "term_sample",
    "term_sides",
]
