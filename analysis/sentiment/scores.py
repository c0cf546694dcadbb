"""Score sentiment with TextBlob (and VADER as a second opinion), fast and cached.

``score_sentiment`` takes a paragraph or sentence table and returns it with score
columns added. Texts are scored once: repeated texts are scored once per run, and
scores are cached on disk by a hash of the text and the scorer's version, so
re-running an unchanged corpus reads the scores back instead of computing them.
Large inputs are scored in worker processes.

TextBlob's polarity is the mean of the polarities of the lexicon words it found
(with negation and intensifiers applied); ``tb_n_terms`` counts those words, so a
polarity of exactly 0.0 with ``tb_n_terms == 0`` means "no sentiment word found",
not "balanced".
"""

from __future__ import annotations

import hashlib
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..load.cache import warn_not_cached
from ..parallel import map_parts
from ..paths import default_cache_dir
from .engines import (
    ENGINES,
    SCORE_COLUMNS,
    SCORE_DTYPES,
    check_engines,
    engine_version,
    score_chunk,
)

__all__ = ["PARALLEL_THRESHOLD", "score_sentiment", "score_texts"]


PARALLEL_THRESHOLD = 4000  # texts to score before worker processes pay for their start-up


_CHUNK = 250


_CACHE_COMPACT_AFTER = 16  # shard files per engine before they are merged into one


def _hashes(texts: Sequence[str]) -> list[str]:
    return [hashlib.blake2b(t.encode("utf-8"), digest_size=16).hexdigest() for t in texts]


class _Cache:
    """Scores of one engine and version, as Parquet shards keyed by text hash."""

    def __init__(self, root: Path, engine: str):
        self.folder = root / "sentiment" / f"{engine}-{engine_version(engine)}"
        self.columns = list(SCORE_COLUMNS[engine])

    def _shards(self) -> list[Path]:
        return sorted(self.folder.glob("*.parquet")) if self.folder.is_dir() else []

    def load(self) -> pd.DataFrame:
        shards = self._shards()
        if not shards:
            return pd.DataFrame(columns=self.columns, index=pd.Index([], name="key", dtype=object))
        frames = [frame for frame in map(self._read, shards) if frame is not None]
        if not frames:
            return pd.DataFrame(columns=self.columns, index=pd.Index([], name="key", dtype=object))
        table = pd.concat(frames) if len(frames) > 1 else frames[0]
        # Object keys: pandas' Arrow-backed string index is slow to match against.
        table.index = table.index.astype(object)
        table = table[~table.index.duplicated()]
        if len(shards) > _CACHE_COMPACT_AFTER:
            self._write(table)
            for path in shards:
                path.unlink(missing_ok=True)
        return table

    def _read(self, path: Path) -> pd.DataFrame | None:
        """One shard; ``None`` when another run merged it away or it is unreadable."""
        try:
            return pd.read_parquet(path)
        except FileNotFoundError:
            return None  # merged into a new shard by a run working at the same time
        except Exception as err:  # a damaged file: pyarrow raises several kinds
            aside = path.with_suffix(".damaged")
            path.replace(aside)
            warnings.warn(
                f"sentiment cache file {path} is unreadable ({type(err).__name__}: {err}); "
                f"moved it to {aside.name} and will score those texts again",
                RuntimeWarning,
                stacklevel=4,
            )
            return None

    def store(self, table: pd.DataFrame) -> None:
        if not table.empty:
            self._write(table[self.columns])

    def _write(self, table: pd.DataFrame) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            final = self.folder / f"{uuid.uuid4().hex}.parquet"
            partial = final.with_suffix(".tmp")
            table.to_parquet(partial)
            partial.replace(final)  # readers never see a half-written shard
        except OSError as err:  # a read-only or full cache: the scores are kept all the same
            warn_not_cached(
                "sentiment cache", self.folder, err, "the texts are scored", stacklevel=5
            )


def score_texts(
    texts: Sequence[str],
    *,
    engines: Sequence[str] = ENGINES,
    workers: int | None = None,
    cache: bool | str | Path = True,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Score ``texts`` and return one row per text (same order) with the engines' columns.

    >>> score_texts(["A good day.", "A terrible war."], engines=["textblob"], cache=False)[
    ...     ["tb_polarity", "tb_terms"]].values.tolist()
    [[0.7, ['good']], [-1.0, ['terrible']]]

    Args:
        engines: ``"textblob"`` and/or ``"vader"``.
        workers: worker processes; ``None`` one per usable CPU
            (:func:`~analysis.parallel.usable_cpus`) for large inputs, ``1`` none.
        cache: ``True`` caches under :func:`default_cache_dir`, a path caches there,
            ``False`` does not cache.
        progress: show a progress bar; ``None`` shows one for large inputs.
    """
    engines = check_engines(engines)
    missing_text = [not isinstance(t, str) for t in texts]
    texts = [t if isinstance(t, str) else "" for t in texts]
    keys = pd.Index(_hashes(texts), name="key", dtype=object)
    unique = pd.Series(texts, index=keys)
    unique = unique[~unique.index.duplicated()]
    found: dict[str, pd.DataFrame] = {}
    caches: dict[str, _Cache] = {}
    if cache is not False:
        root = default_cache_dir() if cache is True else Path(cache)
        for engine in engines:
            caches[engine] = _Cache(root, engine)
            table = caches[engine].load()
            found[engine] = table[table.index.isin(unique.index)]
    # A text is scored again only for the engines whose cache lacks it.
    missing = {
        e: unique.index.difference(found[e].index) if e in found else unique.index for e in engines
    }
    todo_keys = pd.Index(sorted(set().union(*missing.values())), name="key", dtype=object)
    todo_engines = tuple(e for e in engines if len(missing[e]))
    if len(todo_keys):
        fresh = _compute(unique.loc[todo_keys].tolist(), todo_engines, workers, progress)
        fresh.index = todo_keys
        for engine in todo_engines:
            columns = list(SCORE_COLUMNS[engine])
            new = fresh.loc[missing[engine], columns]
            if engine in caches:
                caches[engine].store(new)
            if engine in found and len(found[engine]):  # pandas warns on concatenating empties
                new = pd.concat([found[engine], new])
            found[engine] = new
    result = pd.concat([found[e].reindex(keys) for e in engines], axis=1)
    types = {c: t for c, t in SCORE_DTYPES.items() if c in result.columns}
    result = result.astype(types).reset_index(drop=True)
    for column in ("tb_terms", "tb_term_polarity", "tb_term_subjectivity"):
        if column in result:  # lists, whether scored now or read back as arrays
            result[column] = [list(v) for v in result[column]]
    if any(missing_text):  # no text is no score, not a score of 0
        result.loc[missing_text, [c for c in result.columns if c in SCORE_DTYPES]] = np.nan
    return result


def _compute(texts: list[str], engines: tuple[str, ...], workers, progress) -> pd.DataFrame:
    """Score ``texts`` in chunks: in worker processes (:func:`~analysis.parallel.map_parts`,
    which sizes the pool) once there are enough texts to pay for their start-up."""
    chunks = [texts[i : i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
    jobs = [(engines, chunk) for chunk in chunks]
    parallel = len(texts) >= PARALLEL_THRESHOLD
    show = parallel if progress is None else progress
    scored = map_parts(
        score_chunk,
        jobs,
        workers=workers if parallel else 1,
        desc="Scoring sentiment",
        progress=show,
    )
    columns = [c for e in engines for c in SCORE_COLUMNS[e]]
    return pd.DataFrame.from_records([row for rows in scored for row in rows], columns=columns)


def score_sentiment(
    frame: pd.DataFrame,
    *,
    text_col: str = "text",
    engines: Sequence[str] = ENGINES,
    workers: int | None = None,
    cache: bool | str | Path = True,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Return ``frame`` with sentiment columns added, one score per row of ``text_col``.

    Works at any level: pass the sentence table to score sentences, the paragraph
    table to score paragraphs. Columns added (see ``data/README.md``): ``tb_polarity``
    (-1 to 1), ``tb_subjectivity`` (0 to 1), ``tb_n_terms``, ``tb_terms``,
    ``tb_term_polarity``, ``tb_term_subjectivity`` for TextBlob; ``vader_compound``
    (-1 to 1), ``vader_pos``, ``vader_neu``, ``vader_neg`` for VADER.

    >>> from analysis import load_corpus
    >>> scored = load_corpus().sentences.pipe(score_sentiment, cache=False)
    >>> (scored.loc[scored["section"] == "commentary", ["tb_polarity", "tb_n_terms", "tb_terms"]]
    ...     .values.tolist())
    [[0.0, 0, []], [-1.0, 1, ['worst']]]

    Args:
        text_col: the column to score.
        engines, workers, cache, progress: as for :func:`score_texts`.
    """
    if text_col not in frame.columns:
        raise ValueError(f"no column {text_col!r} to score (columns: {list(frame.columns)})")
    scores = score_texts(
        frame[text_col].tolist(),
        engines=engines,
        workers=workers,
        cache=cache,
        progress=progress,
    )
    kept = frame.drop(columns=[c for c in scores.columns if c in frame.columns])
    # Positional, so a frame with repeated index labels keeps one score per row.
    return kept.assign(**{column: scores[column].to_numpy() for column in scores.columns})
