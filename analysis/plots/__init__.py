"""Drawing: one chart module per notebook (``articles`` for 00, ``sentiment`` for 10,
``framing`` for 20, ``opinion`` for 90) on a shared ``base`` (palette, labels, legends,
saving) and one matplotlib style file. The marked-up article is a page of the report
(:func:`analysis.report.article_view`).
"""

from .articles import plot_article_structure
from .base import save_figure, source_text
from .framing import plot_actors, plot_distinctive_terms, plot_profile
from .opinion import plot_reliability, plot_validity
from .sentiment import (
    plot_distributions,
    plot_engines,
    plot_flow,
    plot_polarity_subjectivity,
    plot_sentiment_words,
    plot_within_article,
)

__all__ = [
    "plot_actors",
    "plot_article_structure",
    "plot_distinctive_terms",
    "plot_distributions",
    "plot_engines",
    "plot_flow",
    "plot_polarity_subjectivity",
    "plot_profile",
    "plot_reliability",
    "plot_sentiment_words",
    "plot_validity",
    "plot_within_article",
    "save_figure",
    "source_text",
]
