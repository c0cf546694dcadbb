"""Media-bias analysis: compare inserted commentary with the reporting around it.

Load articles into tidy pandas DataFrames (article, paragraph and sentence level),
then compare sections and voices in the notebooks under ``notebooks/``.
"""

from .corpus import Corpus, load_articles, load_corpus, split_paragraphs, split_sentences
from .errors import InputError, SkippedInputWarning
from .intermediate import cached_corpus, cached_scores, input_files
from .paths import DATA_DIR, PROJECT_ROOT, REPORTS_DIR, SAMPLE_DIR, resolve_input
from .sentences import sentence_spans
from .sentiment import (
    engine_disagreements,
    explain_score,
    score_sentiment,
    score_texts,
    sentiment_terms,
)
from .stats import compare_groups, within_article_differences
from .structure import DEFAULT_MARKERS, compile_markers, find_attribution, find_title

__version__ = "0.1.0"

__all__ = [
    "DATA_DIR",
    "DEFAULT_MARKERS",
    "PROJECT_ROOT",
    "REPORTS_DIR",
    "SAMPLE_DIR",
    "Corpus",
    "InputError",
    "SkippedInputWarning",
    "cached_corpus",
    "cached_scores",
    "compare_groups",
    "compile_markers",
    "engine_disagreements",
    "explain_score",
    "find_attribution",
    "find_title",
    "input_files",
    "load_articles",
    "load_corpus",
    "resolve_input",
    "score_sentiment",
    "score_texts",
    "sentence_spans",
    "sentiment_terms",
    "split_paragraphs",
    "split_sentences",
    "within_article_differences",
]
