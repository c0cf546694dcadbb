"""The sentiment engines: TextBlob's analyser and VADER, each scoring one text into the
columns it adds. Module-level functions, so worker processes can import them.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence

__all__ = [
    "ENGINES",
    "SCORE_COLUMNS",
    "SCORE_DTYPES",
    "SCORE_SCHEMA",
    "check_engines",
    "engine_version",
    "score_chunk",
    "sentiment_measures",
]


ENGINES = ("textblob", "vader")


# Bump when the meaning of a cached column changes, so old caches are not reused.
SCORE_SCHEMA = "1"


SCORE_COLUMNS = {
    "textblob": (
        "tb_polarity",
        "tb_subjectivity",
        "tb_n_terms",
        "tb_terms",
        "tb_term_polarity",
        "tb_term_subjectivity",
    ),
    "vader": ("vader_compound", "vader_pos", "vader_neu", "vader_neg"),
}


SCORE_DTYPES = {
    "tb_polarity": "float64",
    "tb_subjectivity": "float64",
    "tb_n_terms": "int64",
    "vader_compound": "float64",
    "vader_pos": "float64",
    "vader_neu": "float64",
    "vader_neg": "float64",
}


def engine_version(engine: str) -> str:
    """The engine's package version and the cache schema: a new one means new scores."""
    (engine,) = check_engines([engine])
    package = {"textblob": "textblob", "vader": "vaderSentiment"}[engine]
    return f"{importlib.metadata.version(package)}-s{SCORE_SCHEMA}"


_vader = None


def _score_textblob(text: str) -> tuple:
    from textblob.en import sentiment  # the analyser behind TextBlob(text).sentiment

    score = sentiment(text)
    terms = [" ".join(words) for words, _, _, _ in score.assessments]
    return (
        float(score[0]),
        float(score[1]),
        len(terms),
        terms,
        [float(p) for _, p, _, _ in score.assessments],
        [float(s) for _, _, s, _ in score.assessments],
    )


def _score_vader(text: str) -> tuple:
    global _vader
    if _vader is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _vader = SentimentIntensityAnalyzer()
    scores = _vader.polarity_scores(text)
    return scores["compound"], scores["pos"], scores["neu"], scores["neg"]


_SCORERS = {"textblob": _score_textblob, "vader": _score_vader}


def score_chunk(job: tuple[tuple[str, ...], list[str]]) -> list[tuple]:
    engines, texts = job
    scorers = [_SCORERS[e] for e in engines]
    return [sum((scorer(text) for scorer in scorers), ()) for text in texts]


def check_engines(engines: Sequence[str] | str) -> tuple[str, ...]:
    if isinstance(engines, str):
        engines = [engines]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown or not engines:
        raise ValueError(f"unknown sentiment engine(s) {unknown}; choose from {list(ENGINES)}")
    return tuple(dict.fromkeys(engines))


def sentiment_measures(engines: Sequence[str] | str) -> list[str]:
    """The score columns the comparisons and charts use for these engines; TextBlob is
    required (its polarity and subjectivity are the headline measures).

    >>> sentiment_measures(["textblob", "vader"])
    ['tb_polarity', 'tb_subjectivity', 'vader_compound']
    """
    engines = check_engines(engines)
    if "textblob" not in engines:
        raise ValueError("engines must include 'textblob': the comparisons and charts use it")
    return ["tb_polarity", "tb_subjectivity"] + (["vader_compound"] if "vader" in engines else [])
