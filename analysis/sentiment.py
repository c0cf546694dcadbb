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
import importlib.metadata
import multiprocessing
import os
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

__all__ = [
    "ENGINES",
    "engine_disagreements",
    "explain_score",
    "score_sentiment",
    "score_texts",
    "sentiment_terms",
    "top_sentiment_terms",
]

ENGINES = ("textblob", "vader")
# Bump when the meaning of a cached column changes, so old caches are not reused.
_SCHEMA = "1"
_COLUMNS = {
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
_DTYPES = {
    "tb_polarity": "float64",
    "tb_subjectivity": "float64",
    "tb_n_terms": "int64",
    "vader_compound": "float64",
    "vader_pos": "float64",
    "vader_neu": "float64",
    "vader_neg": "float64",
}
_PARALLEL_THRESHOLD = 4000  # texts to score before worker processes pay for their start-up
_CHUNK = 250
_CACHE_COMPACT_AFTER = 16  # shard files per engine before they are merged into one


def _version(engine: str) -> str:
    package = {"textblob": "textblob", "vader": "vaderSentiment"}[engine]
    return f"{importlib.metadata.version(package)}-s{_SCHEMA}"


# --- scorers (module level, so worker processes can import them) ---------------------

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


def _score_chunk(job: tuple[tuple[str, ...], list[str]]) -> list[tuple]:
    engines, texts = job
    scorers = [_SCORERS[e] for e in engines]
    return [sum((scorer(text) for scorer in scorers), ()) for text in texts]


# --- cache ---------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """Where scores are cached: ``$MEDIA_BIAS_CACHE``, else ``~/.cache/media-bias-analysis``."""
    return Path(
        os.environ.get("MEDIA_BIAS_CACHE") or Path.home() / ".cache" / "media-bias-analysis"
    )


def _hashes(texts: Sequence[str]) -> list[str]:
    return [hashlib.blake2b(t.encode("utf-8"), digest_size=16).hexdigest() for t in texts]


class _Cache:
    """Scores of one engine and version, as Parquet shards keyed by text hash."""

    def __init__(self, root: Path, engine: str):
        self.folder = root / "sentiment" / f"{engine}-{_version(engine)}"
        self.columns = list(_COLUMNS[engine])

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
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.folder / f"{uuid.uuid4().hex}.parquet"
        partial = final.with_suffix(".tmp")
        table.to_parquet(partial)
        partial.replace(final)  # readers never see a half-written shard


# --- public API ----------------------------------------------------------------------


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
        workers: worker processes; ``None`` uses every core for large inputs, ``1`` none.
        cache: ``True`` caches under :func:`default_cache_dir`, a path caches there,
            ``False`` does not cache.
        progress: show a progress bar; ``None`` shows one for large inputs.
    """
    engines = _check_engines(engines)
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
            columns = list(_COLUMNS[engine])
            new = fresh.loc[missing[engine], columns]
            found[engine] = pd.concat([found[engine], new]) if engine in found else new
            if engine in caches:
                caches[engine].store(new)
    result = pd.concat([found[e].reindex(keys) for e in engines], axis=1)
    types = {c: t for c, t in _DTYPES.items() if c in result.columns}
    result = result.astype(types).reset_index(drop=True)
    for column in ("tb_terms", "tb_term_polarity", "tb_term_subjectivity"):
        if column in result:  # lists, whether scored now or read back as arrays
            result[column] = [list(v) for v in result[column]]
    if any(missing_text):  # no text is no score, not a score of 0
        result.loc[missing_text, [c for c in result.columns if c in _DTYPES]] = np.nan
    return result


def _check_engines(engines: Sequence[str] | str) -> tuple[str, ...]:
    if isinstance(engines, str):
        engines = [engines]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown or not engines:
        raise ValueError(f"unknown sentiment engine(s) {unknown}; choose from {list(ENGINES)}")
    return tuple(dict.fromkeys(engines))


def _compute(texts: list[str], engines: tuple[str, ...], workers, progress) -> pd.DataFrame:
    chunks = [texts[i : i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
    jobs = [(engines, chunk) for chunk in chunks]
    workers = os.cpu_count() or 1 if workers is None else max(1, int(workers))
    parallel = workers > 1 and len(texts) >= _PARALLEL_THRESHOLD
    show = len(texts) >= _PARALLEL_THRESHOLD if progress is None else progress
    bar = tqdm(total=len(texts), desc="Scoring sentiment", unit="text", disable=not show)
    rows: list[tuple] = []
    if parallel:
        with multiprocessing.get_context().Pool(min(workers, len(chunks))) as pool:
            for scored in pool.imap(_score_chunk, jobs):
                rows += scored
                bar.update(len(scored))
    else:
        for job in jobs:
            rows += _score_chunk(job)
            bar.update(len(job[1]))
    bar.close()
    columns = [c for e in engines for c in _COLUMNS[e]]
    return pd.DataFrame.from_records(rows, columns=columns)


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


def sentiment_terms(scored: pd.DataFrame, *, keep: Sequence[str] = ()) -> pd.DataFrame:
    """One row per TextBlob lexicon term found, with its contribution to its row's polarity.

    A row's polarity is the mean of its terms' polarities, so a term contributes
    ``term_polarity / tb_n_terms``. Summing ``contribution`` by section shows which
    words drive each section's sentiment.

    Args:
        keep: further columns of ``scored`` to carry (``section``, ``voice``, ...).
    """
    columns = ["tb_terms", "tb_term_polarity", "tb_term_subjectivity", "tb_n_terms", *keep]
    exploded = scored.loc[scored["tb_n_terms"] > 0, columns].explode(
        ["tb_terms", "tb_term_polarity", "tb_term_subjectivity"]
    )
    exploded = exploded.rename(
        columns={
            "tb_terms": "term",
            "tb_term_polarity": "term_polarity",
            "tb_term_subjectivity": "term_subjectivity",
        }
    )
    exploded["term_polarity"] = exploded["term_polarity"].astype(float)
    exploded["term_subjectivity"] = exploded["term_subjectivity"].astype(float)
    exploded["contribution"] = exploded["term_polarity"] / exploded["tb_n_terms"]
    exploded.index.name = "row"
    return exploded.reset_index()


_NEUTRAL_BAND = 0.05  # VADER's conventional neutral band for the compound score


def engine_disagreements(scored: pd.DataFrame, *, band: float = _NEUTRAL_BAND) -> pd.DataFrame:
    """Rows where TextBlob and VADER disagree in sign (each outside +/- ``band``).

    Sorted by how far apart the two scores are, largest first.
    """
    tb = np.sign(scored["tb_polarity"].where(scored["tb_polarity"].abs() > band, 0))
    vader = np.sign(scored["vader_compound"].where(scored["vader_compound"].abs() > band, 0))
    disagree = scored[(tb * vader) < 0]
    gap = (disagree["tb_polarity"] - disagree["vader_compound"]).abs()
    return disagree.assign(gap=gap).sort_values("gap", ascending=False)


def explain_score(scored: pd.DataFrame, row) -> pd.DataFrame:
    """The TextBlob terms of one row, so its polarity can be checked by hand.

    The last line is the mean of the term polarities, which is the row's polarity.

    >>> scored = score_texts(["A friendly and great partner."], engines=["textblob"], cache=False)
    >>> explain_score(scored, 0)["polarity"].round(4).tolist()
    [0.375, 0.8, 0.5875]
    """
    record = scored.loc[row]
    table = pd.DataFrame(
        {
            "term": list(record["tb_terms"]),
            "polarity": list(record["tb_term_polarity"]),
            "subjectivity": list(record["tb_term_subjectivity"]),
        }
    )
    mean = {
        "term": f"mean of {len(table)} terms = the row's score",
        "polarity": record["tb_polarity"],
        "subjectivity": record["tb_subjectivity"],
    }
    return pd.concat([table, pd.DataFrame([mean])], ignore_index=True)


def top_sentiment_terms(
    terms: pd.DataFrame,
    scored: pd.DataFrame,
    *,
    by: str = "section",
    groups: Sequence[str] | None = None,
    top: int = 10,
) -> pd.DataFrame:
    """The terms that move each group's mean polarity most: the table the words chart draws.

    ``share_of_mean`` is the term's summed contribution divided by the group's number of
    rows, so a group's shares add up to its mean polarity and groups of different sizes
    compare fairly. Ranked by absolute share within each group; terms of polarity 0 are
    left out, since they move nothing.

    >>> scored = score_texts(["A good and great day.", "A bad day."], engines=["textblob"],
    ...                      cache=False).assign(section="reporting")
    >>> top = top_sentiment_terms(sentiment_terms(scored, keep=["section"]), scored)
    >>> top[["term", "count"]].values.tolist(), top["share_of_mean"].round(3).tolist()
    ([['bad', 1], ['great', 1], ['good', 1]], [-0.35, 0.2, 0.175])
    """
    sizes = scored[by].astype(str).value_counts()
    groups = list(groups) if groups is not None else list(sizes.index)
    table = (
        terms.assign(**{by: terms[by].astype(str)})
        .groupby([by, "term"])
        .agg(count=("contribution", "size"), contribution=("contribution", "sum"))
        .reset_index()
    )
    table = table[table[by].isin(groups)]
    table["share_of_mean"] = table["contribution"] / table[by].map(sizes)
    table = table[table["share_of_mean"] != 0]  # terms of polarity 0 move nothing
    table = table.assign(size=table["share_of_mean"].abs()).sort_values(
        [by, "size", "term"], ascending=[True, False, True]
    )
    table["rank"] = table.groupby(by).cumcount() + 1
    table = table[table["rank"] <= top].drop(columns="size")
    order = {g: i for i, g in enumerate(groups)}
    table = table.sort_values([by, "rank"], key=lambda c: c.map(order) if c.name == by else c)
    table["rows_in_group"] = table[by].map(sizes).astype(int)
    return table[[by, "rank", "term", "count", "contribution", "share_of_mean", "rows_in_group"]]
