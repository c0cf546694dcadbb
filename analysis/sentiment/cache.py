"""Sentence (or paragraph) scores of a loaded corpus, cached as Parquet so the next
notebook reads them instead of scoring again.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..load.cache import cache_folder, warn_not_cached, write_atomically
from ..load.corpus import Corpus
from .engines import ENGINES, SCORE_COLUMNS, check_engines, engine_version
from .scores import score_sentiment

__all__ = ["cached_scores"]


_LIST_COLUMNS = ("tb_terms", "tb_term_polarity", "tb_term_subjectivity")


def cached_scores(
    corpus: Corpus,
    *,
    level: str = "sentence",
    engines: Sequence[str] = ENGINES,
    cache: bool | str | Path = True,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The sentence (or paragraph) table with sentiment scores, stored in the cache so the
    next notebook reads it instead of scoring again.

    Only the scores are stored, found by the texts they score and the engines, and they
    are joined onto ``corpus``'s own table: its other columns (outlet, section, voice)
    are always the ones just loaded.

    >>> import tempfile
    >>> from analysis import cached_corpus
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     corpus = cached_corpus("", cache=tmp)
    ...     scored = cached_scores(corpus, engines=["textblob"], cache=tmp)
    ...     corpus.sentences["section"] = "relabelled"
    ...     again = cached_scores(corpus, engines=["textblob"], cache=tmp)
    >>> again[["tb_polarity", "tb_terms"]].equals(scored[["tb_polarity", "tb_terms"]])
    True
    >>> set(again["section"]), "vader_compound" in again
    ({'relabelled'}, False)
    """
    if level not in ("sentence", "paragraph"):
        raise ValueError(f"level must be 'sentence' or 'paragraph', not {level!r}")
    table = corpus.sentences if level == "sentence" else corpus.paragraphs
    engines = list(check_engines(engines))
    if cache is False:
        return score_sentiment(table, engines=engines, cache=False, progress=progress)
    # The key of the scores: the texts in order, whatever files they came from.
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(table["text"], index=False).to_numpy().tobytes())
    table_key = f"{level}-{digest.hexdigest()[:16]}"
    tags = [f"{engine}{engine_version(engine)}" for engine in engines]  # a new engine: new scores
    wanted = [column for engine in engines for column in SCORE_COLUMNS[engine]]
    # Scores of more engines serve too (the sentiment notebook scores with TextBlob and
    # VADER, the framing notebook needs TextBlob alone).
    root = cache_folder(cache, "scores", "")
    stored = root.glob(f"{table_key}-*/table.parquet") if root.is_dir() else []
    for path in sorted(stored, key=lambda p: len(p.parent.name)):
        if not set(tags) <= set(path.parent.name.removeprefix(table_key + "-").split("+")):
            continue
        try:
            scores = pd.read_parquet(path, columns=wanted)
        except Exception:  # unreadable: score again (the text-hash cache makes it cheap)
            shutil.rmtree(path.parent, ignore_errors=True)
            continue
        if len(scores) != len(table):
            continue
        for column in _LIST_COLUMNS:
            if column in scores:
                scores[column] = [list(v) for v in scores[column]]
        kept = table.drop(columns=[c for c in wanted if c in table.columns])
        return kept.assign(**{column: scores[column].to_numpy() for column in wanted})
    folder = root / f"{table_key}-{'+'.join(sorted(tags))}"
    scored = score_sentiment(table, engines=engines, cache=cache, progress=progress)
    scores = scored[wanted].reset_index(drop=True)
    try:
        write_atomically(folder, {"table": scores}, {"level": level, "engines": engines})
    except OSError as err:  # a read-only or full cache: the scores are returned all the same
        warn_not_cached("score cache", folder.parent, err, "the rows are scored")
    return scored
