"""The loaded corpus, cached as Parquet for every notebook to share.

Each notebook can run alone (in JupyterLab, or with papermill), so each one loads the
corpus it analyses. Loading happens once: the first caller writes the tables under
``<cache>/corpus/<key>/`` and later callers, in any process, read them back. The key is a
hash of the input files' paths and contents, the loading options and the loader's own
source code, so a changed article, option or loader never reads stale tables.

``media-bias run`` fills the cache before its notebooks start, so notebooks running side
by side (``--jobs``) all read the same tables.

What is read back is checked against what was written (``meta.json`` records the key and
each table's columns, types and rows; ids must be unique and refer to rows that exist):
a folder that does not match is loaded again with a warning, and a cache that cannot be
written leaves the corpus loaded but not cached, with a warning.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import SkippedInputWarning
from ..paths import default_cache_dir, resolve_input
from .corpus import Corpus, load_corpus
from .dataset import DatasetMismatch, StoredCorpus, read_meta, write_dataset
from .discover import file_sha256
from .inputs import check_reading_options, find_inputs, warn_not_read
from .markers import compile_markers
from .options import LoadOptions

__all__ = [
    "InputListing",
    "cache_folder",
    "cached_corpus",
    "corpus_key",
    "file_sha256",
    "input_files",
    "input_listing",
    "list_input",
    "load_cached",
    "warn_not_cached",
    "write_atomically",
]


def input_files(input_path: str | Path | None = "") -> list[dict]:
    """The files an input names, each with its size and sha256, in reading order.

    Raises :class:`~analysis.errors.InputError` as the loader does for a missing path or
    a folder without articles.

    >>> [f["file"] for f in input_files("")]
    ['xi-china-belarus-lukashenko.txt']
    """
    return list_input(input_path).files


def input_listing(input_path: str | Path | None = "") -> tuple[list[dict], list[str]]:
    """:func:`input_files`, and the files of the input that are not read, with why."""
    listing = list_input(input_path)
    return listing.files, listing.not_read


@dataclass(frozen=True)
class InputListing:
    """An input walked and hashed once: what to read, and what the cache key hashes."""

    found: list[tuple[Path, str]]  # the files to read, with their article id stems
    files: list[dict]  # each file's name, absolute path, size and sha256
    not_read: list[str]  # the input's files that are not read, with why


def list_input(input_path: str | Path | None = "") -> InputListing:
    """Walk the input and hash every file it names: the one costly look at a corpus's
    files that a run makes (``media-bias run`` hands the notebooks the key it gives).

    >>> [f["bytes"] > 0 for f in list_input("").files]
    [True]
    """
    found, not_read = find_inputs(resolve_input(input_path))
    files = [
        {
            "file": stem + path.suffix,
            "path": str(path.resolve()),
            "bytes": path.stat().st_size,
            "sha256": file_sha256(path),
        }
        for path, stem in found
    ]
    return InputListing(found, files, not_read)


def _loader_version() -> str:
    """A hash of the loader's source: every module of ``analysis/load`` and the errors it
    raises, so a changed rule never reads tables the old rules made."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*sorted(here.glob("*.py")), here.parent / "errors.py"]:
        digest.update(path.read_bytes())
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


def cache_folder(cache: bool | str | Path, kind: str, key: str) -> Path:
    root = default_cache_dir() if cache is True else Path(cache)
    return root / kind / key


def write_atomically(folder: Path, tables: dict[str, pd.DataFrame], meta: dict) -> None:
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


_DEFAULT = LoadOptions()


def cached_corpus(
    input_path: str | Path | None = _DEFAULT.input_path,
    *,
    markers: str | Sequence[str] | None = _DEFAULT.markers,
    marker_regex: str | None = _DEFAULT.marker_regex,
    paragraph_break: str = _DEFAULT.paragraph_break,
    text_col: str = _DEFAULT.text_col,
    encoding: str = _DEFAULT.encoding,
    on_error: str = _DEFAULT.on_error,
    cache: bool | str | Path = True,
) -> Corpus:
    """:func:`~analysis.load.corpus.load_corpus`, read from the cache when these files were
    loaded with these options before (:func:`load_cached` with these options).

    The first call loads the input part by part into a Parquet dataset
    (:mod:`analysis.load.dataset`), so memory stays bounded whatever the corpus, and
    returns a :class:`~analysis.load.dataset.StoredCorpus` that reads each table when it
    is first used. Inputs skipped on the first load are reported again on every read from
    the cache (as a :class:`~analysis.errors.SkippedInputWarning`), so nothing drops out
    silently.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = cached_corpus("", cache=tmp)
    ...     again = cached_corpus("", cache=tmp)
    ...     same = again.paragraphs.equals(first.paragraphs)
    >>> same, again.rows("sentences")
    (True, 21)
    """
    options = LoadOptions(
        input_path=input_path,
        markers=markers,
        marker_regex=marker_regex,
        paragraph_break=paragraph_break,
        text_col=text_col,
        encoding=encoding,
        on_error=on_error,
    )
    return load_cached(options, cache=cache)


def load_cached(
    options: LoadOptions,
    *,
    cache: bool | str | Path | None = None,
    key: str = "",
    listing: InputListing | None = None,
) -> Corpus:
    """The corpus ``options`` name, from the cache (``cache``; ``None``: as
    ``options.use_cache`` says) or loaded into it.

    ``key`` is the corpus key ``media-bias run`` hands its notebooks: the corpus it has
    just cached for these options, read without walking or hashing the input again (a key
    that names no such corpus is passed over with a warning). ``listing`` is the input
    already walked and hashed (:func:`list_input`).
    """
    cache = options.use_cache if cache is None else cache
    loader = options.loader_options()
    if cache is False:
        return load_corpus(resolve_input(options.input_path), **loader)
    # A bad option stops here, before any file is read.
    check_reading_options(encoding=options.encoding, on_error=options.on_error)
    compile_markers(loader["markers"], marker_regex=loader["marker_regex"])
    if key:
        corpus = _open_by_key(cache_folder(cache, "corpus", key), key, options)
        if corpus is not None:
            return corpus
    listing = listing or list_input(options.input_path)
    key = corpus_key(listing.files, loader)
    folder = cache_folder(cache, "corpus", key)
    if (folder / "meta.json").is_file():
        try:
            corpus = _open(folder, key)
        except DatasetMismatch as err:  # readable, but other tables (copied, or written by hand)
            problem = f"cached corpus {folder}: {err}"
        except Exception as err:  # damaged or half-deleted by hand: load again
            problem = f"cached corpus {folder} is unreadable ({type(err).__name__}: {err})"
        else:
            warn_not_read(listing.not_read)  # as loading them did: nothing drops out silently
            _warn_skipped(corpus.skipped)
            return corpus
        warnings.warn(f"{problem}; loading the articles again", RuntimeWarning, stacklevel=2)
        shutil.rmtree(folder, ignore_errors=True)
    elif folder.is_dir():  # without meta.json: never written whole, as written ones are
        shutil.rmtree(folder, ignore_errors=True)
    warn_not_read(listing.not_read)
    return _write(folder, key, options, listing)


def _write(folder: Path, key: str, options: LoadOptions, listing: InputListing) -> Corpus:
    """Load the input into the cache folder of ``key`` (it appears whole or not at all)."""
    input_path, loader = options.input_path, options.loader_options()
    label = str(input_path) if input_path else "the bundled sample"
    partial = None
    try:
        partial = _partial_folder(folder)
        meta = write_dataset(listing.found, loader, partial, label=label)
        meta = {
            "input": _input_label(input_path),
            "files": listing.files,
            "options": loader,
            "not_read": listing.not_read,
            "key": key,
            **meta,
        }
        (partial / "meta.json").write_text(json.dumps(meta, indent=1, default=str))
        try:
            partial.rename(folder)
        except OSError:  # another process wrote the same tables first: theirs are as good
            shutil.rmtree(partial, ignore_errors=True)
    except OSError as err:  # a read-only or full cache: the corpus is loaded all the same
        if partial is not None:
            shutil.rmtree(partial, ignore_errors=True)
        warn_not_cached("corpus cache", folder.parent, err, "the articles are loaded")
        return load_corpus(resolve_input(input_path), **loader)
    except BaseException:
        if partial is not None:
            shutil.rmtree(partial, ignore_errors=True)
        raise
    corpus = StoredCorpus(folder, read_meta(folder))
    _warn_skipped(corpus.skipped, fresh=True)
    return corpus


def _input_label(input_path: str) -> str:
    return str(input_path or "(the sample)")


def _open_by_key(folder: Path, key: str, options: LoadOptions) -> StoredCorpus | None:
    """The cached corpus of ``key`` if it holds this input loaded with these options;
    ``None``, with a warning, if it does not (the input is then listed as usual)."""
    try:
        corpus = _open(folder, key)
        meta = corpus.meta
    except Exception as err:  # absent, damaged or another corpus's
        problem = f"is not readable ({type(err).__name__}: {err})"
    else:
        loader = json.loads(json.dumps(options.loader_options(), default=str))
        if meta.get("input") == _input_label(options.input_path) and meta.get("options") == loader:
            warn_not_read(meta.get("not_read", []))
            _warn_skipped(corpus.skipped)
            return corpus
        problem = "holds another input or other loading options"
    warnings.warn(
        f"corpus_key {key!r}: the cached corpus {folder} {problem}; reading input_path",
        RuntimeWarning,
        stacklevel=3,
    )
    return None


def _partial_folder(folder: Path) -> Path:
    """A new empty folder beside ``folder``, to be renamed to it once complete."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.parent / f".{folder.name}.{uuid.uuid4().hex}.partial"
    partial.mkdir()
    return partial


def _open(folder: Path, key: str) -> StoredCorpus:
    meta = read_meta(folder)
    if meta.get("key") != key or not isinstance(meta.get("tables"), dict):
        raise DatasetMismatch(
            "does not match its key (its meta.json names another corpus, or none)"
        )
    corpus = StoredCorpus(folder, meta)
    corpus.check()
    return corpus


def warn_not_cached(what: str, folder: Path, err: OSError, done: str, *, stacklevel=3) -> None:
    """Warn that ``folder`` could not be written: the work is ``done`` but not cached.

    Every cache (corpus, scores) falls back the same way: a read-only or full disk costs
    the reuse, not the run.
    """
    warnings.warn(
        f"cannot write the {what} {folder} ({err.strerror or err}); {done} but not cached "
        "(set MEDIA_BIAS_CACHE to a writable folder)",
        RuntimeWarning,
        stacklevel=stacklevel,
    )


def _warn_skipped(skipped: pd.DataFrame, *, fresh: bool = False) -> None:
    if skipped.empty:
        return
    listed = "\n  ".join(
        f"{row.source}"
        + (f", line {row.line}" if pd.notna(row.line) else "")
        + (f", row {row.row}" if pd.notna(row.row) else "")
        + f": {row.problem}"
        for row in skipped.itertuples()
    )
    warnings.warn(
        f"skipped {len(skipped)} bad inputs"
        + ("" if fresh else " when these articles were loaded")
        + f":\n  {listed}",
        SkippedInputWarning,
        stacklevel=3,
    )
