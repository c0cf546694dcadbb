"""The loaded corpus and its sentence scores, cached as Parquet for every notebook to share.

Each notebook can run alone (in JupyterLab, or with papermill), so each one loads the
corpus it analyses. Loading and scoring happen once: the first caller writes the tables
under ``<cache>/corpus/<key>/`` (scores under ``<cache>/scores/``) and later callers,
in any process, read them back. The key is a hash of the input files' contents, the
loading options and the loader's own source code, so a changed article, option or
loader never reads stale tables.

``media-bias run`` fills the cache before its notebooks start, so notebooks running
side by side (``--jobs``) all read the same tables.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .corpus import Corpus, _find_inputs, load_corpus
from .errors import SkippedInputWarning
from .paths import resolve_input
from .sentiment import (
    _COLUMNS,
    ENGINES,
    _check_engines,
    _version,
    default_cache_dir,
    score_sentiment,
)
from .structure import DEFAULT_MARKERS

__all__ = ["cached_corpus", "cached_scores", "corpus_key", "input_files", "input_listing"]

_LOADER_MODULES = ("corpus.py", "structure.py", "sentences.py", "errors.py", "intermediate.py")
_TABLES = ("articles", "paragraphs", "sentences", "skipped")
_LIST_COLUMNS = ("tb_terms", "tb_term_polarity", "tb_term_subjectivity")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(input_path: str | Path | None = "") -> list[dict]:
    """The files an input names, each with its size and sha256, in reading order.

    Raises :class:`~analysis.errors.InputError` as the loader does for a missing path or
    a folder without articles.

    >>> [f["file"] for f in input_files("")]
    ['xi-china-belarus-lukashenko.txt']
    """
    return input_listing(input_path)[0]


def input_listing(input_path: str | Path | None = "") -> tuple[list[dict], list[str]]:
    """:func:`input_files`, and the files of the input that are not read, with why."""
    source = resolve_input(input_path)
    found, ignored = _find_inputs(source)
    files = [
        {
            "file": stem + path.suffix,
            "path": str(path.resolve()),
            "bytes": path.stat().st_size,
            "sha256": _sha256(path),
        }
        for path, stem in found
    ]
    return files, ignored


def _loader_version() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _LOADER_MODULES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def corpus_key(files: Sequence[dict], options: dict) -> str:
    """The cache key of a corpus: its files (where they are, and their contents), the
    loading options, the loader.

    >>> files = [{"path": "/corpus/a.txt", "sha256": "0" * 64}]
    >>> corpus_key(files, {"markers": ["Comment:"]}) == corpus_key(files, {"markers": ["Op:"]})
    False
    """
    payload = {
        "files": [(f["path"], f["sha256"]) for f in files],  # paths: `source` is stored
        "options": options,
        "loader": _loader_version(),
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _folder(cache: bool | str | Path, kind: str, key: str) -> Path:
    root = default_cache_dir() if cache is True else Path(cache)
    return root / kind / key


def _write_atomically(folder: Path, tables: dict[str, pd.DataFrame], meta: dict) -> None:
    """Write ``tables`` as Parquet into ``folder``, which appears complete or not at all."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.parent / f".{folder.name}.{uuid.uuid4().hex}.partial"
    partial.mkdir()
    try:
        for name, table in tables.items():
            table.to_parquet(partial / f"{name}.parquet")
        (partial / "meta.json").write_text(json.dumps(meta, indent=1, default=str))
        try:
            partial.rename(folder)
        except OSError:  # another process wrote the same tables first: theirs are as good
            shutil.rmtree(partial, ignore_errors=True)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def cached_corpus(
    input_path: str | Path | None = "",
    *,
    markers: str | Sequence[str] | None = DEFAULT_MARKERS,
    marker_regex: str | None = None,
    paragraph_break: str = "blank line",
    text_col: str = "text",
    encoding: str = "utf-8",
    on_error: str = "raise",
    cache: bool | str | Path = True,
) -> Corpus:
    """:func:`~analysis.corpus.load_corpus`, read from the cache when these files were
    loaded with these options before.

    Inputs skipped on the first load are reported again on every read from the cache
    (as a :class:`~analysis.errors.SkippedInputWarning`), so nothing drops out silently.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = cached_corpus("", cache=tmp)
    ...     again = cached_corpus("", cache=tmp)
    >>> again.paragraphs.equals(first.paragraphs)
    True
    """
    options = {
        "markers": [markers] if isinstance(markers, str) else list(markers or []),
        "marker_regex": marker_regex or None,
        "paragraph_break": paragraph_break,
        "text_col": text_col,
        "encoding": encoding,
        "on_error": on_error,
    }

    def load() -> Corpus:
        return load_corpus(resolve_input(input_path), **options)

    if cache is False:
        return load()
    files = input_files(input_path)
    folder = _folder(cache, "corpus", corpus_key(files, options))
    if (folder / "meta.json").is_file():
        try:
            tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in _TABLES}
        except Exception as err:  # damaged or half-deleted by hand: load again
            warnings.warn(
                f"cached corpus {folder} is unreadable ({type(err).__name__}: {err}); "
                "loading the articles again",
                RuntimeWarning,
                stacklevel=2,
            )
            shutil.rmtree(folder, ignore_errors=True)
        else:
            corpus = Corpus(**tables)
            _warn_skipped(corpus.skipped)
            return corpus
    corpus = load()
    meta = {"input": str(input_path or "(the sample)"), "files": files, "options": options}
    _write_atomically(folder, {name: getattr(corpus, name) for name in _TABLES}, meta)
    return corpus


def _warn_skipped(skipped: pd.DataFrame) -> None:
    if skipped.empty:
        return
    listed = "\n  ".join(
        f"{row.source}" + (f", line {row.line}" if pd.notna(row.line) else "")
        + (f", row {row.row}" if pd.notna(row.row) else "") + f": {row.problem}"
        for row in skipped.itertuples()
    )  # fmt: skip
    warnings.warn(
        f"skipped {len(skipped)} bad inputs when these articles were loaded:\n  {listed}",
        SkippedInputWarning,
        stacklevel=3,
    )


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
    engines = list(_check_engines(engines))
    if cache is False:
        return score_sentiment(table, engines=engines, cache=False, progress=progress)
    # The key of the scores: the texts in order, whatever files they came from.
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(table["text"], index=False).to_numpy().tobytes())
    table_key = f"{level}-{digest.hexdigest()[:16]}"
    tags = [f"{engine}{_version(engine)}" for engine in engines]  # a new engine: new scores
    wanted = [column for engine in engines for column in _COLUMNS[engine]]
    # Scores of more engines serve too (the sentiment notebook scores with TextBlob and
    # VADER, the framing notebook needs TextBlob alone).
    root = _folder(cache, "scores", "")
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
    _write_atomically(folder, {"table": scores}, {"level": level, "engines": engines})
    return scored
