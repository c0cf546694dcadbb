"""The scorers: TextBlob's analyser and VADER (lexicons), and the opinion model trained on
news (:mod:`analysis.sentiment.opinion`), each scoring texts into the columns it adds.
Module-level functions, so worker processes can import them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Sequence
from functools import cache

__all__ = [
    "ENGINES",
    "NO_EVIDENCE",
    "SCORE_COLUMNS",
    "SCORE_DTYPES",
    "SCORE_SCHEMA",
    "check_engines",
    "engine_version",
    "evidence_column",
    "has_evidence",
    "opinion_weights_digest",
    "score_chunk",
    "score_columns",
    "sentiment_measures",
]


ENGINES = ("textblob", "vader", "opinion")


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
    "opinion": ("opinion", "opinion_n_features"),
}


SCORE_DTYPES = {
    "tb_polarity": "float64",
    "tb_subjectivity": "float64",
    "tb_n_terms": "int64",
    "vader_compound": "float64",
    "vader_pos": "float64",
    "vader_neu": "float64",
    "vader_neg": "float64",
    "opinion": "float64",
    "opinion_n_features": "int64",
}


# What a 0.0 from a lexicon without any of the row's words is called, everywhere it is shown.
NO_EVIDENCE = "no sentiment word"


def evidence_column(measure: str) -> str:
    """The engine whose vocabulary must have matched for ``measure`` to carry evidence:
    ``"textblob"`` for ``tb_*`` columns, ``"vader"`` for ``vader_*``, ``"opinion"`` for
    ``opinion*``.

    >>> evidence_column("tb_subjectivity"), evidence_column("vader_compound")
    ('textblob', 'vader')
    """
    if measure.startswith("tb_"):
        return "textblob"
    if measure.startswith("vader_"):
        return "vader"
    if measure.startswith("opinion"):
        return "opinion"
    raise ValueError(
        f"{measure!r} is not a TextBlob (tb_*), VADER (vader_*) or opinion score column"
    )


def has_evidence(scored, engine: str = "textblob"):
    """Which rows hold at least one word of ``engine``'s lexicon (a boolean Series).

    A row without one scores exactly 0.0: that zero means *no evidence*, not *neutral*,
    and every chart and table marks those rows (``NO_EVIDENCE``) instead of averaging
    them in unannounced. TextBlob: ``tb_n_terms > 0``. VADER: a positive or negative
    share above 0 (``vader_neu`` is 1.0 when no word of its lexicon was found). Opinion
    model: ``opinion_n_features > 0`` (without any of its n-grams its score is its
    prior). ``engine`` may also be a score column (``tb_polarity``, ``vader_compound``):
    its engine is meant.

    Raises:
        ValueError: the table lacks the columns that tell a 0.0 of no sentiment word from
            a neutral one (``tb_n_terms``; ``vader_pos`` and ``vader_neg``).

    >>> import pandas as pd
    >>> rows = pd.DataFrame(
    ...     {"tb_n_terms": [0, 2], "vader_pos": [0.0, 0.3], "vader_neg": [0.2, 0.0]}
    ... )
    >>> has_evidence(rows).tolist(), has_evidence(rows, "vader_compound").tolist()
    ([False, True], [True, True])
    """
    if engine not in ENGINES:
        engine = evidence_column(engine)
    needed = {
        "textblob": ["tb_n_terms"],
        "vader": ["vader_pos", "vader_neg"],
        "opinion": ["opinion_n_features"],
    }[engine]
    missing = [c for c in needed if c not in scored.columns]
    if missing:
        raise ValueError(
            f"the table lacks {', '.join(missing)}: without it a 0.0 of {NO_EVIDENCE} cannot "
            "be told from a neutral score. Score the rows with score_sentiment"
        )
    if engine == "textblob":
        return (scored["tb_n_terms"] > 0).fillna(False).astype(bool)
    if engine == "opinion":
        return (scored["opinion_n_features"] > 0).fillna(False).astype(bool)
    return ((scored["vader_pos"] + scored["vader_neg"]) > 0).fillna(False).astype(bool)


def score_columns(engines: Sequence[str] = ENGINES, *, lists: bool = True) -> list[str]:
    """The columns ``engines`` add, in order; without ``lists``, only the numbers (not the
    words TextBlob found, which a saved score table leaves to ``10-terms``).

    >>> score_columns(["textblob"], lists=False)
    ['tb_polarity', 'tb_subjectivity', 'tb_n_terms']
    """
    return [
        column
        for engine in check_engines(engines)
        for column in SCORE_COLUMNS[engine]
        if lists or column in SCORE_DTYPES
    ]


def engine_version(engine: str) -> str:
    """The engine's package version (the opinion model's: a digest of its weights) and the
    cache schema: a new one means new scores."""
    (engine,) = check_engines([engine])
    if engine == "opinion":
        return f"{opinion_weights_digest()}-s{SCORE_SCHEMA}"
    package = {"textblob": "textblob", "vader": "vaderSentiment"}[engine]
    return f"{importlib.metadata.version(package)}-s{SCORE_SCHEMA}"


@cache
def opinion_weights_digest() -> str:
    from .opinion import MODEL_FILE

    return hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()[:12]


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


def _score_opinion(texts: list[str]) -> list[tuple]:
    from .opinion import score_opinion  # the model scores a batch at once

    scores = score_opinion(texts)
    return list(zip(scores["opinion"].tolist(), scores["opinion_n_features"].tolist(), strict=True))


_SCORERS = {"textblob": _score_textblob, "vader": _score_vader}
_BATCH_SCORERS = {"opinion": _score_opinion}


def score_chunk(job: tuple[tuple[str, ...], list[str]]) -> list[tuple]:
    engines, texts = job
    columns = [
        _BATCH_SCORERS[e](texts) if e in _BATCH_SCORERS else [_SCORERS[e](t) for t in texts]
        for e in engines
    ]
    return [sum(parts, ()) for parts in zip(*columns, strict=True)] if columns else []


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

    >>> sentiment_measures(["textblob", "vader", "opinion"])
    ['tb_polarity', 'tb_subjectivity', 'vader_compound', 'opinion']
    """
    engines = check_engines(engines)
    if "textblob" not in engines:
        raise ValueError("engines must include 'textblob': the comparisons and charts use it")
    return (
        ["tb_polarity", "tb_subjectivity"]
        + (["vader_compound"] if "vader" in engines else [])
        + (["opinion"] if "opinion" in engines else [])
    )
