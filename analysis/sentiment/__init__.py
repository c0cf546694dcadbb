"""Sentiment: TextBlob and VADER scores for every sentence or paragraph, cached, with the
words behind each score.

``engines`` (the scorers) → ``scores`` (fast, cached scoring of a table) → ``cache`` (a
corpus's scores shared by the notebooks) → ``terms`` (which words drive a section) and
``compare`` (commentary against reporting, article by article, with the lexicons' coverage).
"""

from .cache import cached_scores
from .compare import (
    ALL_ROWS,
    EVIDENCE_ROWS,
    MEASURE_NAMES,
    SectionComparison,
    compare_sections,
    evidence_coverage,
)
from .engines import ENGINES, NO_EVIDENCE, evidence_column, has_evidence, sentiment_measures
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
    "ALL_ROWS",
    "ENGINES",
    "EVIDENCE_ROWS",
    "MEASURE_NAMES",
    "NO_EVIDENCE",
    "SectionComparison",
    "cached_scores",
    "compare_sections",
    "engine_disagreements",
    "evidence_column",
    "evidence_coverage",
    "explain_score",
    "has_evidence",
    "lexicon_coverage",
    "rows_to_check",
    "score_sentiment",
    "score_texts",
    "sentiment_measures",
    "sentiment_terms",
    "top_sentiment_terms",
]
