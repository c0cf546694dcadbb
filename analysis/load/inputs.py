"""Reading an input: the files an input names become the article table.

``load_articles`` gives one row per article, in three steps, each in its own module:
:mod:`.discover` finds the files of the input (and lists what it does not read, and why),
:mod:`.decode` turns each file's bytes into text, :mod:`.records` turns text and tables
into checked article rows. Bad input raises an :class:`~analysis.errors.InputError` that
names the file (and line or row) and says what to do; ``on_error="skip"`` lists what it
left out instead (a bad line of a JSON Lines file is that line, not the file).
"""

from __future__ import annotations

import codecs
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from ..errors import InputError, SkippedInputWarning
from ..paths import resolve_input
from .discover import TABLE_SUFFIXES, find_inputs, warn_not_read
from .records import (
    METADATA_COLUMNS,
    PROGRESS_THRESHOLD,
    check_unique_ids,
    skipped_entry,
    table_records,
    text_file_record,
)

# find_inputs and warn_not_read are discovery's (.discover); they are named here too
# because the cache lists an input as load_articles does.
__all__ = [
    "check_reading_options",
    "find_inputs",
    "load_articles",
    "no_article_error",
    "read_articles",
    "warn_not_read",
]


def read_articles(
    inputs: Sequence[tuple[Path, str]],
    *,
    text_col: str = "text",
    encoding: str = "utf-8",
    on_error: str = "raise",
    progress: bool | None = None,
) -> tuple[pd.DataFrame | None, list[dict]]:
    """The article table of ``inputs`` (``(file, id stem)`` pairs from :func:`find_inputs`)
    and the skipped-input entries; the table is ``None`` when no article could be read.

    :func:`load_articles` reads a whole input with it; the corpus dataset reads an input
    in chunks of files with it. Ids are checked within ``inputs`` only
    (:func:`check_unique_ids` checks them across chunks).
    """
    show = len(inputs) > PROGRESS_THRESHOLD if progress is None else progress
    records: list[dict] = []
    skipped: list[dict] = []
    for file, stem in tqdm(inputs, desc="Reading articles", unit="file", disable=not show):
        try:
            if file.suffix.lower() in TABLE_SUFFIXES:
                records += table_records(
                    file,
                    stem,
                    text_col=text_col,
                    encoding=encoding,
                    on_error=on_error,
                    skipped=skipped,
                    progress=progress,
                )
            else:
                records.append(text_file_record(file, stem, encoding))
        except InputError as err:
            if on_error != "skip":
                raise
            skipped.append(skipped_entry(str(file), err))
    if not records:
        return None, skipped
    articles = pd.DataFrame.from_records(records)
    articles["source_row"] = articles["source_row"].astype("Int64")
    articles = articles.astype({key: "string" for key in METADATA_COLUMNS})
    check_unique_ids(articles["article_id"], articles["source"])
    return articles, skipped


def check_reading_options(*, encoding: str, on_error: str) -> None:
    """Raise ``ValueError`` for an ``on_error`` or ``encoding`` the reader does not know."""
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(
            f"encoding {encoding!r} is not a text encoding Python knows; "
            "try 'utf-8', 'cp1252' or 'latin-1'"
        ) from None


def no_article_error(path: str | Path | None, skipped: list[dict]) -> InputError:
    """The error for an input of which no article could be read, with the first reasons."""
    reasons = "; ".join(f"{s['source']}: {s['problem']}" for s in skipped[:5])
    return InputError(
        str(path) if path else "the bundled sample",
        f"no article could be read ({reasons})",
        "Fix the files named",
    )


def load_articles(
    path: str | Path | None = None,
    *,
    text_col: str = "text",
    encoding: str = "utf-8",
    on_error: str = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Read articles into a DataFrame with one row per article.

    ``path`` is one text file, a folder (read recursively, in sorted order), a glob
    pattern, or a table (``.csv``, ``.jsonl``, ``.parquet``) with a ``text_col``
    column and optional ``id``, ``title``, ``outlet``, ``date``, ``url`` columns.
    Text files may start with YAML front matter holding the same keys. ``None`` or
    ``""`` reads the bundled sample.

    >>> articles = load_articles()
    >>> articles.loc[0, "title"]
    'xi china belarus lukashenko'

    Args:
        text_col: column that holds the article text in tables.
        encoding: text encoding of the files.
        on_error: ``"raise"`` stops at the first bad file, naming it; ``"skip"`` loads
            the rest, warns with each skipped file and why, and lists them in
            ``articles.attrs["skipped"]``.
        progress: show a progress bar; ``None`` shows one for large corpora.

    Returns:
        The article table (columns in ``data/README.md``).

    Raises:
        InputError: a missing path, an unreadable, empty or binary file (a PDF, an
            image, ...), text not in ``encoding``, a table without ``text_col``, duplicate
            article ids.
    """
    check_reading_options(encoding=encoding, on_error=on_error)
    inputs, ignored = find_inputs(resolve_input(path))
    warn_not_read(ignored)
    articles, skipped = read_articles(
        inputs, text_col=text_col, encoding=encoding, on_error=on_error, progress=progress
    )
    if articles is None:
        raise no_article_error(path, skipped)
    check_unique_ids(articles["article_id"], articles["source"])
    if skipped:
        listed = "\n  ".join(
            f"{s['source']}"
            + (f":{s['line']}" if s["line"] is not None else "")
            + (f" (row {s['row']})" if s["row"] is not None else "")
            + f": {s['problem']}"
            for s in skipped
        )
        warnings.warn(
            f"skipped {len(skipped)} bad inputs, loaded {len(articles)} articles:\n  {listed}",
            SkippedInputWarning,
            stacklevel=2,
        )
    articles.attrs["skipped"] = skipped
    return articles
