"""Sentiment: TextBlob and VADER scores and the opinion model's probability for every
sentence or paragraph, cached, with the words behind each score.

``engines`` (the scorers; ``opinion`` the model trained on news, scored from the weights
that :mod:`analysis.modeling.opinion_training` builds) → ``scores`` (fast, cached scoring of
a table) → ``cache`` (a corpus's scores shared by the notebooks) → ``terms`` (which words
drive a section) and ``compare`` (commentary against reporting, article by article, with the
lexicons' coverage). Nothing here trains: model building lives in :mod:`analysis.modeling`.
"""

from .cache import cached_scores, cached_terms, level_table, map_scored
from .compare import (
    ALL_ROWS,
    EVIDENCE_ROWS,
    MEASURE_NAMES,
    SectionComparison,
    compare_sections,
    describe_scores,
    evidence_coverage,
    group_order,
    opinion_ranks,
    paragraph_scores,
)
from .engines import (
    ENGINES,
    NO_EVIDENCE,
    evidence_column,
    has_evidence,
    score_columns,
    sentiment_measures,
)
from .opinion import explain_opinion, explain_opinions, opinion_validity, score_opinion
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
    "cached_terms",
    "compare_sections",
    "describe_scores",
    "engine_disagreements",
    "evidence_column",
    "evidence_coverage",
    "explain_opinion",
    "explain_opinions",
    "explain_score",
    "group_order",
    "has_evidence",
    "level_table",
    "lexicon_coverage",
    "map_scored",
    "opinion_ranks",
    "opinion_validity",
    "paragraph_scores",
    "rows_to_check",
    "score_columns",
    "score_opinion",
    "score_sentiment",
    "score_texts",
    "sentiment_measures",
    "sentiment_terms",
    "top_sentiment_terms",
]
