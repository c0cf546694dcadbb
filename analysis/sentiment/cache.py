"""Sentence (or paragraph) scores of a loaded corpus, cached as Parquet so the next
notebook reads them instead of scoring again.

A corpus from the cache (:class:`~analysis.load.dataset.StoredCorpus`) is scored part by
part, each part in a worker that reads its own texts from the dataset and writes one
Parquet file per engine under ``scores/<level>/<engine>-<version>/``: memory stays
bounded, and an engine scored once serves every later notebook that asks for it.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..load.cache import cache_folder, warn_not_cached, write_atomically
from ..load.corpus import Corpus
from ..load.dataset import StoredCorpus, part_file, read_parts
from ..parallel import map_parts
from .engines import ENGINES, SCORE_COLUMNS, check_engines, engine_version, score_columns
from .scores import score_sentiment, score_texts
from .terms import sentiment_terms

__all__ = ["cached_scores", "cached_terms", "level_table", "map_scored", "store_scores"]


_LIST_COLUMNS = ("tb_terms", "tb_term_polarity", "tb_term_subjectivity")


_TABLE = {"sentence": "sentences", "paragraph": "paragraphs"}


def level_table(level: str) -> str:
    """The table that holds a ``level``'s rows: ``"sentences"`` or ``"paragraphs"``.

    >>> level_table("paragraph")
    'paragraphs'
    >>> level_table("article")
    Traceback (most recent call last):
    ValueError: level must be 'sentence' or 'paragraph', not 'article'
    """
    if level not in _TABLE:
        raise ValueError(f"level must be 'sentence' or 'paragraph', not {level!r}")
    return _TABLE[level]


def cached_scores(
    corpus: Corpus,
    *,
    level: str = "sentence",
    engines: Sequence[str] = ENGINES,
    cache: bool | str | Path = True,
    progress: bool | None = None,
    columns: Sequence[str] | None = None,
    lists: bool = True,
) -> pd.DataFrame:
    """The sentence (or paragraph) table with sentiment scores, stored in the cache so the
    next notebook reads it instead of scoring again.

    Only the scores are stored, found by the texts they score and the engines, and they
    are joined onto ``corpus``'s own table: its other columns (outlet, section, voice)
    are always the ones just loaded. ``columns`` keeps only those columns of the table and
    the scores (a corpus from the cache then reads no others: the memory a large corpus
    needs). Without ``lists``, TextBlob's lists of the words it found per row are left
    out (:func:`cached_terms` reads them as one long table).

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
    level_table(level)
    engines = list(check_engines(engines))
    if not lists:
        if columns is None:
            name = _TABLE[level]
            columns = list(
                dict.fromkeys([*corpus.columns(name), *score_columns(engines, lists=False)])
            )
        else:
            columns = [c for c in columns if c not in _LIST_COLUMNS]
    if isinstance(corpus, StoredCorpus) and cache is not False:
        return _stored_scores(corpus, level, engines, columns)
    table = corpus.sentences if level == "sentence" else corpus.paragraphs
    if columns is not None:
        return cached_scores(corpus, level=level, engines=engines, cache=cache, progress=progress)[
            list(columns)
        ]
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


def _engine_folder(corpus: StoredCorpus, level: str, engine: str) -> Path:
    return corpus.folder / "scores" / level / f"{engine}-{engine_version(engine)}"


@dataclass(frozen=True)
class _ScorePart:
    """One part to score: where its texts are, and where each engine's scores go."""

    texts: str
    engines: tuple[str, ...]
    out: tuple[str, ...]  # one file per engine


def _score_part(job: _ScorePart) -> int:
    import pyarrow.parquet as pq

    texts = pq.read_table(job.texts, columns=["text"]).column("text").to_pylist()
    scores = score_texts(texts, engines=job.engines, workers=1, cache=False, progress=False)
    for engine, out in zip(job.engines, job.out, strict=True):
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        scores[list(SCORE_COLUMNS[engine])].to_parquet(path)
    return len(texts)


def store_scores(
    corpus: StoredCorpus, *, level: str = "sentence", engines: Sequence[str] = ENGINES
) -> list[str]:
    """Score a stored corpus's ``level`` with the ``engines`` it has no scores of yet,
    part by part (:func:`~analysis.parallel.map_parts`), into its dataset folder; return
    the engines scored now. Nothing is read back: the runner fills the cache this way
    before the notebooks start.
    """
    table = level_table(level)
    engines = list(check_engines(engines))
    todo = [e for e in engines if not _engine_folder(corpus, level, e).is_dir()]
    if not todo:
        return []
    partial = {
        e: _engine_folder(corpus, level, e).with_name(
            f".{_engine_folder(corpus, level, e).name}.{uuid.uuid4().hex}.partial"
        )
        for e in todo
    }
    jobs = [
        _ScorePart(
            str(part_file(corpus.folder, table, number)),
            tuple(todo),
            tuple(str(part_file(partial[e], "", number)) for e in todo),
        )
        for number in corpus.parts
    ]
    try:
        map_parts(_score_part, jobs, desc=f"Scoring {table} ({', '.join(todo)})")
        for engine in todo:
            try:
                partial[engine].rename(_engine_folder(corpus, level, engine))
            except OSError:  # another process scored the same parts first: as good
                shutil.rmtree(partial[engine], ignore_errors=True)
    finally:
        for folder in partial.values():
            shutil.rmtree(folder, ignore_errors=True)
    return todo


def _stored_scores(
    corpus: StoredCorpus, level: str, engines: list[str], columns: Sequence[str] | None
) -> pd.DataFrame:
    name = _TABLE[level]
    score_columns = [c for e in engines for c in SCORE_COLUMNS[e]]
    table_columns = None
    if columns is not None:
        known = set(corpus.columns(name)) | set(score_columns)
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise KeyError(f"no columns {unknown} in the scored {name}")
        score_columns = [c for c in columns if c in score_columns]
        table_columns = [c for c in columns if c not in score_columns]
    try:
        store_scores(corpus, level=level, engines=engines)
    except OSError as err:  # a read-only cache: score here, without storing
        warn_not_cached("score cache", corpus.folder, err, "the rows are scored", stacklevel=4)
        scored = score_sentiment(corpus.read(name), engines=engines, cache=False)
        return scored if columns is None else scored[list(columns)]
    # At least one column is read, so the frame has its rows when only scores are asked for.
    if table_columns == []:
        table_columns = corpus.columns(name)[:1]
    table = corpus.read(name, table_columns)
    wanted = {}
    for engine in engines:
        folder = _engine_folder(corpus, level, engine)
        mine = [c for c in SCORE_COLUMNS[engine] if c in score_columns]
        if not mine:
            continue
        scores = read_parts([part_file(folder, "", n) for n in corpus.parts], mine)
        if len(scores) != len(table):
            raise ValueError(
                f"the stored {engine} scores of {folder} have {len(scores):,} rows, the "
                f"{name} {len(table):,}: delete {corpus.folder} and run again"
            )
        for column in mine:
            values = scores[column]
            if column in _LIST_COLUMNS:
                values = [list(v) for v in values]
            wanted[column] = values if isinstance(values, list) else values.to_numpy()
    kept = table.drop(columns=[c for c in wanted if c in table.columns])
    scored = kept.assign(**wanted)
    return scored if columns is None else scored[list(columns)]


def cached_terms(
    corpus: Corpus,
    *,
    level: str = "sentence",
    keep: Sequence[str] = (),
    cache: bool | str | Path = True,
) -> pd.DataFrame:
    """:func:`~analysis.sentiment.terms.sentiment_terms` of the scored ``level``: one row per
    TextBlob term found, its ``row`` the row's label in :func:`cached_scores`' table, with
    the ``keep`` columns of that table.

    A corpus from the cache is read a part at a time, its stored term lists flattened by
    pyarrow and the terms kept as a category: no list per row is ever held, which at a
    hundred thousand articles is most of a notebook's memory (``keep`` columns are read
    for every row, so keep few). Any other corpus is scored
    with :func:`cached_scores` and exploded, as is a table held in memory (read whole or
    set: its rows may not be the files'), and without the cache (``cache=False``: which
    scores TextBlob again).
    """
    name = level_table(level)
    if not isinstance(corpus, StoredCorpus) or corpus.in_memory(name) or cache is False:
        scored = cached_scores(corpus, level=level, engines=["textblob"], cache=cache)
        return sentiment_terms(scored, keep=keep)
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    unknown = [c for c in keep if c not in corpus.columns(name)]
    if unknown:
        raise KeyError(f"no columns {unknown} in the {name}")
    store_scores(corpus, level=level, engines=["textblob"])
    folder = _engine_folder(corpus, level, "textblob")
    frames, start = [], 0
    for part, rows in zip(corpus.parts, corpus.part_rows(name), strict=True):
        scores = pq.read_table(part_file(folder, "", part), columns=[*_LIST_COLUMNS, "tb_n_terms"])
        if scores.num_rows != rows:
            raise ValueError(
                f"the stored textblob scores of {folder} do not match the {name}: delete "
                f"{corpus.folder} and run again"
            )
        parents = pc.list_parent_indices(scores["tb_terms"])
        flat = {
            new: pc.list_flatten(scores[old])
            for old, new in zip(
                _LIST_COLUMNS, ["term", "term_polarity", "term_subjectivity"], strict=True
            )
        }
        frames.append(
            pa.table(
                {
                    "row": pc.add(parents.cast(pa.int64()), start),
                    **flat,
                    "tb_n_terms": scores["tb_n_terms"].take(parents),
                }
            )
        )
        start += rows
    terms = pa.concat_tables(frames, promote_options="permissive").to_pandas()
    terms["term"] = terms["term"].astype("category")
    if keep:  # the corpus's own columns, with their types
        kept = corpus.read(name, list(keep)).take(terms["row"].to_numpy())
        for column in keep:
            terms[column] = kept[column].reset_index(drop=True)
    terms["contribution"] = terms["term_polarity"] / terms["tb_n_terms"]
    return terms[
        ["row", "term", "term_polarity", "term_subjectivity", "tb_n_terms", *keep, "contribution"]
    ]


@dataclass(frozen=True)
class _ScoredPart:
    """One part of a scored table to hand to a function: its table's file and columns, and
    each engine's score file with the columns wanted of it."""

    table: str
    columns: tuple[str, ...]
    scores: tuple[tuple[str, tuple[str, ...]], ...]
    rows: int
    order: tuple[str, ...]  # the columns as asked for
    function: Callable
    extra: tuple


def _map_scored_part(job: _ScoredPart):
    import pyarrow.parquet as pq

    frame = pq.read_table(job.table, columns=list(job.columns)).to_pandas()
    for path, columns in job.scores:
        scores = pq.read_table(path, columns=list(columns))
        if scores.num_rows != job.rows or len(frame) != job.rows:
            raise ValueError(
                f"the stored scores {path} do not match the table {job.table}: delete the "
                "corpus's cache folder and run again"
            )
        for column in columns:
            values = scores.column(column)
            frame[column] = (
                values.to_pylist()
                if column in _LIST_COLUMNS
                else values.to_numpy(zero_copy_only=False)
            )
    return job.function(frame[list(job.order)], *job.extra)


def map_scored(
    corpus: Corpus,
    function: Callable,
    *,
    columns: Sequence[str],
    level: str = "sentence",
    extra: tuple = (),
    cache: bool | str | Path = True,
    desc: str = "Working",
) -> list:
    """``function(part, *extra)`` for each part of the scored ``level``, in order: ``part``
    a frame of ``columns`` (the table's and the scores', as :func:`cached_scores` names
    them), labelled from 0 in each part. For a corpus from the cache each part is read by a
    worker (:func:`~analysis.parallel.map_parts`), so the table is never held whole: send
    a function that returns little (counts, the rows it found). Any other corpus, a table
    held in memory, or no cache (``cache=False``): one part, the whole scored table.

    ``function`` and ``extra`` must pickle (a module's function, not a notebook cell's).

    >>> import tempfile
    >>> from analysis import cached_corpus
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     corpus = cached_corpus("", cache=tmp)
    ...     found = map_scored(corpus, len, columns=["text", "tb_polarity"], cache=tmp)
    >>> found == [corpus.rows("sentences")]
    True
    """
    name = level_table(level)
    columns = list(columns)
    engines = [e for e in ENGINES if set(SCORE_COLUMNS[e]) & set(columns)]
    if not isinstance(corpus, StoredCorpus) or corpus.in_memory(name) or cache is False:
        whole = (
            cached_scores(corpus, level=level, engines=engines, cache=cache, columns=columns)
            if engines
            else corpus.read(name, columns)
        )
        return [function(whole, *extra)]
    unknown = [
        c
        for c in columns
        if c not in corpus.columns(name) and not any(c in SCORE_COLUMNS[e] for e in engines)
    ]
    if unknown:
        raise KeyError(f"no columns {unknown} in the scored {name}")
    try:
        if engines:
            store_scores(corpus, level=level, engines=engines)
    except OSError:  # a read-only cache: cached_scores warns and scores the whole table
        whole = cached_scores(corpus, level=level, engines=engines, cache=cache, columns=columns)
        return [function(whole, *extra)]
    own = tuple(c for c in columns if c in corpus.columns(name))
    jobs = [
        _ScoredPart(
            str(part_file(corpus.folder, name, number)),
            own,
            tuple(
                (
                    str(part_file(_engine_folder(corpus, level, e), "", number)),
                    tuple(c for c in SCORE_COLUMNS[e] if c in columns),
                )
                for e in engines
            ),
            rows,
            tuple(columns),
            function,
            tuple(extra),
        )
        for number, rows in zip(corpus.parts, corpus.part_rows(name), strict=True)
    ]
    return map_parts(_map_scored_part, jobs, desc=desc)
