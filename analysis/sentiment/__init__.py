"""Sentiment: TextBlob and VADER scores for every sentence or paragraph, cached, with the
words behind each score.

``engines`` (the scorers) → ``scores`` (fast, cached scoring of a table) → ``cache`` (a
corpus's scores shared by the notebooks) → ``terms`` (which words drive a section).
"""

from .cache import cached_scores
from .engines import ENGINES, sentiment_measures
from .scores import score_sentiment, score_texts
from .terms import (
    engine_disagreements,
    explain_score,
    lexicon_coverage,
    rows_to_check,
    sentiment_terms,
    top_sentiment_terms,
)

__all__ = [
    "ENGINES",
    "cached_scores",
    "engine_disagreements",
    "explain_score",
    "lexicon_coverage",
    "rows_to_check",
    "score_sentiment",
    "score_texts",
    "sentiment_measures",
    "sentiment_terms",
    "top_sentiment_terms",
]
