"""The loaded corpus as a Parquet dataset, built in parts so memory stays bounded.

A corpus of any size is read, split and checked in parts of at most :data:`PART_FILES`
input files. Each part is worked on alone (in this process, a local process pool or a
Dask cluster: :func:`analysis.parallel.map_parts`) and writes its rows at once, so no
process holds more than one part's text. The folder holds::

    meta.json                       key, options, files, rows and columns of every part,
                                    and what the markers found (sections, openings)
    articles/part-00000.parquet     one file per part and table, in input order
    paragraphs/part-00000.parquet
    sentences/part-00000.parquet
    skipped.parquet                 every input left out, and why
    scores/<level>/<engine>/...     scores the sentiment step adds, one file per part

:class:`StoredCorpus` reads it back lazily: a table is read when first asked for, and
:meth:`StoredCorpus.read` reads only the columns a step needs. The parts are the same
rows :func:`~analysis.load.corpus.load_corpus` gives for the whole input (tested), since
every rule of the loader works within one article.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import SkippedInputWarning
from ..parallel import map_parts
from .corpus import Corpus, skipped_table, split_corpus
from .inputs import no_article_error, read_articles
from .markers import marker_summary, merge_marker_summaries
from .records import check_unique_ids

__all__ = [
    "PART_FILES",
    "TABLES",
    "DatasetMismatch",
    "StoredCorpus",
    "StoredTable",
    "part_file",
    "read_meta",
    "read_parts",
    "release_arrow_memory",
    "use_system_allocator",
    "write_dataset",
    "ROW_GROUP_ROWS",
]


PART_FILES = 500  # input files per part: a few seconds of work, a few MB of text

TABLES = ("articles", "paragraphs", "sentences")

# Each table's own id, and the table its rows belong to: (table, id, parent, parent's id).
_IDS = (
    ("articles", "article_id", None, None),
    ("paragraphs", "paragraph_id", "articles", "article_id"),
    ("sentences", "sentence_id", "paragraphs", "paragraph_id"),
)


class DatasetMismatch(ValueError):
    """A dataset folder that can be read but does not hold the tables its meta.json names."""


def part_file(folder: Path, table: str, part: int) -> Path:
    return folder / table / f"part-{part:05d}.parquet"


@dataclass(frozen=True)
class _Part:
    """One part's work: which files, with which options, into which folder."""

    number: int
    inputs: tuple[tuple[str, str], ...]  # (file, id stem)
    options: dict
    folder: str


def _build_part(part: _Part) -> dict:
    """Read, split and write one part; return what the whole needs to know of it: its
    rows, columns, skipped inputs, ids, marker counts and the warnings it raised."""
    options = part.options
    inputs = [(Path(file), stem) for file, stem in part.inputs]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", SkippedInputWarning)  # gathered and warned of once
        articles, skipped = read_articles(
            inputs,
            text_col=options["text_col"],
            encoding=options["encoding"],
            on_error=options["on_error"],
            progress=False,
        )
        corpus, without = (None, [])
        if articles is not None:
            corpus, without = split_corpus(
                articles,
                markers=options["markers"],
                marker_regex=options["marker_regex"],
                paragraph_break=options["paragraph_break"],
                on_error=options["on_error"],
            )
    result = {
        "rows": dict.fromkeys(TABLES, 0),
        "columns": {},
        "skipped": skipped + without,
        # Every article read, with prose or not, as load_articles checks them.
        "ids": [] if articles is None else articles["article_id"].tolist(),
        "sources": [] if articles is None else articles["source"].tolist(),
        "found": None,
        "warnings": [(w.category, str(w.message)) for w in caught],
    }
    if corpus is not None:
        for table in TABLES:
            frame = getattr(corpus, table)
            path = part_file(Path(part.folder), table, part.number)
            path.parent.mkdir(exist_ok=True)  # not parents: a folder removed stays removed
            frame.to_parquet(path)
            result["rows"][table] = len(frame)
            result["columns"][table] = [str(c) for c in frame.columns]
        result["found"] = marker_summary(corpus.paragraphs)
    return result


# Columns the splitter adds after the article's own: they stay last when parts are joined.
_COUNTS = ("n_reporting", "n_commentary", "n_sentences")


def _joined_columns(lists: Sequence[Sequence[str]]) -> list[str]:
    """The columns of parts joined, in the order loading the whole input gives: each in
    the order it first appears, the splitter's counts last.

    >>> _joined_columns([["id", "text", "n_sentences"], ["id", "author", "text", "n_sentences"]])
    ['id', 'text', 'author', 'n_sentences']
    """
    joined = list(dict.fromkeys(c for columns in lists for c in columns if c not in _COUNTS))
    return joined + [c for c in _COUNTS if any(c in columns for columns in lists)]


def _align_parts(folder: Path, table: str, parts: Sequence[int], columns: list[list[str]]):
    """Rewrite the parts of ``table`` whose columns differ from the joined ones (a
    front-matter key or table column that only some files have), adding the missing
    columns as nulls, so that every part has the same columns in the same order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    joined = _joined_columns(columns)
    if all(own == joined for own in columns):
        return
    types = {}
    for number in parts:
        schema = pq.read_schema(part_file(folder, table, number))
        for name in schema.names:
            types.setdefault(name, schema.field(name).type)
    for number, own in zip(parts, columns, strict=True):
        if own == joined:
            continue
        path = part_file(folder, table, number)
        data = pq.read_table(path)
        for name in joined:
            if name not in own:
                data = data.append_column(name, pa.nulls(len(data), types[name]))
        pq.write_table(data.select(joined), path)


def _warn_once(caught: Sequence[tuple[type, str]]) -> None:
    """Warn here, once each, what the parts' workers warned (or it would be lost there)."""
    for category, message in dict.fromkeys(caught):
        warnings.warn(message, category, stacklevel=4)


def write_dataset(
    inputs: Sequence[tuple[Path, str]],
    options: dict,
    folder: Path,
    *,
    label: str,
    part_files: int | None = None,
) -> dict:
    """Load ``inputs`` (``(file, id stem)`` pairs, in reading order) part by part into
    ``folder`` (which must exist and be empty) and return the dataset's metadata, to be
    written as ``meta.json`` once the caller has added its own keys.

    Raises :class:`~analysis.errors.InputError` as :func:`load_corpus` does: for the first
    bad file with ``on_error="raise"``, for an article id used in two files, or when no
    article could be read; ``label`` names the input in that last message.
    """
    size = part_files or PART_FILES
    chunks = [inputs[i : i + size] for i in range(0, len(inputs), size)]
    jobs = [
        _Part(number, tuple((str(f), stem) for f, stem in chunk), options, str(folder))
        for number, chunk in enumerate(chunks)
    ]
    results = map_parts(_build_part, jobs, desc="Loading articles")
    _warn_once([w for result in results for w in result["warnings"]])
    skipped = [entry for result in results for entry in result["skipped"]]
    if not any(result["rows"]["articles"] for result in results):
        raise no_article_error(label, skipped)
    check_unique_ids(
        pd.Series([i for r in results for i in r["ids"]], dtype=object),
        pd.Series([s for r in results for s in r["sources"]], dtype=object),
    )
    skipped_table(skipped).to_parquet(folder / "skipped.parquet")
    parts = [number for number, result in enumerate(results) if result["rows"]["articles"]]
    for table in TABLES:
        _align_parts(folder, table, parts, [results[n]["columns"][table] for n in parts])
    return {
        "parts": parts,
        "rows": {t: [results[n]["rows"][t] for n in parts] for t in TABLES},
        "tables": {t: _schema(part_file(folder, t, parts[0])) for t in TABLES},
        "found": merge_marker_summaries(results[n]["found"] for n in parts),
    }


def _schema(path: Path) -> dict:
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    return {name: str(schema.field(name).type) for name in schema.names}


# Parts are copied into row groups of at least this many rows: zstd compresses large ones
# better (the paragraphs of 100,000 articles: 59.8 MB in row groups of a part, 9,210
# rows, against 49.1 MB in one), and a batch of parts is held only while it is written.
ROW_GROUP_ROWS = 500_000


@dataclass(frozen=True)
class StoredTable:
    """A table of a stored corpus as its Parquet parts, to be copied without being loaded
    (:func:`~analysis.notebook.save_table` writes it part by part)."""

    paths: tuple[Path, ...]
    rows: int
    columns: tuple[str, ...]

    def __len__(self) -> int:
        return self.rows

    def write_parquet(
        self, path: Path, *, compression: str = "zstd", level: int | None = None
    ) -> None:
        """Write the table to one Parquet file, a part at a time (a row group each)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = list(self.columns)
        schemas = [pq.read_schema(p) for p in self.paths]
        schema = pa.unify_schemas(
            [pa.schema([s.field(c) for c in columns], metadata=s.metadata) for s in schemas],
            promote_options="permissive",
        )
        with pq.ParquetWriter(
            path, schema, compression=compression, compression_level=level
        ) as writer:
            batch: list[pa.Table] = []
            rows = 0
            for part in self.paths:
                batch.append(pq.read_table(part, columns=columns).cast(schema))
                rows += len(batch[-1])
                if rows >= ROW_GROUP_ROWS:
                    writer.write_table(pa.concat_tables(batch))
                    batch, rows = [], 0
            if batch:
                writer.write_table(pa.concat_tables(batch))

    def read(self) -> pd.DataFrame:
        return read_parts(self.paths, self.columns)


class StoredCorpus(Corpus):
    """A corpus read lazily from its dataset folder: each table is read on first use.

    It is a :class:`~analysis.load.corpus.Corpus` (``articles``, ``paragraphs``,
    ``sentences``, ``skipped``); :meth:`read` reads chosen columns without keeping them,
    and :meth:`rows` counts rows without reading any.
    """

    def __init__(self, folder: Path, meta: dict):  # noqa: D107 - no dataclass fields
        self.folder = Path(folder)
        self.meta = meta
        self._tables: dict[str, pd.DataFrame] = {}

    def __repr__(self) -> str:
        counts = ", ".join(f"{self.rows(t):,} {t}" for t in TABLES)
        return f"StoredCorpus({str(self.folder)!r}: {counts})"

    def __eq__(self, other) -> bool:
        return self is other

    __hash__ = object.__hash__

    @property
    def parts(self) -> list[int]:
        return list(self.meta["parts"])

    def rows(self, table: str) -> int:
        return sum(self.meta["rows"][table])

    def part_rows(self, table: str) -> list[int]:
        return list(self.meta["rows"][table])

    def marker_summary(self) -> dict:
        return self.meta["found"]

    def in_memory(self, table: str) -> bool:
        """Whether ``table`` is held in memory (read whole, or set): what it holds then wins
        over its files."""
        return table in self._tables

    def columns(self, table: str) -> list[str]:
        if self.in_memory(table):
            return list(self._tables[table].columns)
        return list(self.meta["tables"][table])

    def stored_table(self, table: str, *, drop: Sequence[str] = ()) -> StoredTable | pd.DataFrame:
        """``table`` without ``drop`` as its Parquet parts, to be saved without loading (as
        a frame when the table is held in memory)."""
        if self.in_memory(table):
            return Corpus.stored_table(self, table, drop=drop)
        return StoredTable(
            tuple(part_file(self.folder, table, n) for n in self.parts),
            self.rows(table),
            tuple(c for c in self.columns(table) if c not in drop),
        )

    def read(
        self,
        table: str,
        columns: Sequence[str] | None = None,
        *,
        articles: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """``table`` (all parts, in order) with only ``columns`` (default all), and only the
        rows of ``articles`` (ids) if given; read from the files, not kept."""
        if self.in_memory(table):
            return Corpus.read(self, table, columns, articles=articles)
        paths = [part_file(self.folder, table, n) for n in self.parts]
        filters = None if articles is None else [("article_id", "in", list(articles))]
        return read_parts(paths, columns, filters=filters)

    def _table(self, table: str) -> pd.DataFrame:
        if table not in self._tables:
            self._tables[table] = self.read(table)
        return self._tables[table]

    @property
    def articles(self) -> pd.DataFrame:
        return self._table("articles")

    @articles.setter
    def articles(self, frame: pd.DataFrame) -> None:  # kept in memory; the files stay
        self._tables["articles"] = frame

    @property
    def paragraphs(self) -> pd.DataFrame:
        return self._table("paragraphs")

    @paragraphs.setter
    def paragraphs(self, frame: pd.DataFrame) -> None:  # kept in memory; the files stay
        self._tables["paragraphs"] = frame

    @property
    def sentences(self) -> pd.DataFrame:
        return self._table("sentences")

    @sentences.setter
    def sentences(self, frame: pd.DataFrame) -> None:  # kept in memory; the files stay
        self._tables["sentences"] = frame

    @property
    def skipped(self) -> pd.DataFrame:
        if "skipped" not in self._tables:
            self._tables["skipped"] = pd.read_parquet(self.folder / "skipped.parquet")
        return self._tables["skipped"]

    def check(self) -> None:
        """Raise :class:`DatasetMismatch` unless every part is there with the rows and
        columns ``meta.json`` records, and the ids are unique and join up. Reads the id
        columns (and the skipped inputs, which are few) only."""
        import pyarrow.parquet as pq

        self.skipped  # noqa: B018 - read now, so a damaged file is found here

        for table in TABLES:
            for number, rows in zip(self.parts, self.part_rows(table), strict=True):
                path = part_file(self.folder, table, number)
                schema = pq.read_schema(path)
                columns = {name: str(schema.field(name).type) for name in schema.names}
                if pq.read_metadata(path).num_rows != rows or columns != self.meta["tables"][table]:
                    raise DatasetMismatch(
                        f"{path.relative_to(self.folder)} does not match the table written "
                        "there (its columns, their types or its rows differ)"
                    )
        ids = {}
        for table, id_col, parent, parent_col in _IDS:
            columns = [id_col] + ([parent_col] if parent else [])
            frame = self.read(table, columns)
            if not frame[id_col].is_unique:
                raise DatasetMismatch(f"{table} does not match: {id_col} repeats")
            if parent and not frame.empty:
                import pyarrow as pa
                import pyarrow.compute as pc

                known = pa.array(ids[parent])  # pyarrow: 10 times pandas' isin
                if not pc.all(pc.is_in(pa.array(frame[parent_col]), value_set=known)).as_py():
                    raise DatasetMismatch(
                        f"{table} does not match: {parent_col} names rows {parent} lacks"
                    )
            ids[table] = frame[id_col]
        del ids, frame
        release_arrow_memory()


def read_parts(
    paths: Sequence[Path], columns: Sequence[str] | None = None, *, filters=None
) -> pd.DataFrame:
    """The Parquet files ``paths`` as one frame, in order (only ``columns``, and only the
    rows pyarrow's ``filters`` keep, if given)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = None if columns is None else list(columns)
    tables = [pq.read_table(path, columns=columns, filters=filters) for path in paths]
    if len(tables) == 1:
        frame = tables[0].to_pandas()
    else:
        frame = pa.concat_tables(tables, promote_options="permissive").to_pandas()
    del tables
    release_arrow_memory()
    return frame


def release_arrow_memory() -> None:
    """Give the memory of Arrow tables already freed back to the system: the allocator
    keeps it for reuse otherwise, and a notebook that has read a large table and kept only
    some columns would hold the rest's memory for good (with the system allocator this
    trims the C heap, where NumPy's freed arrays wait too)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def use_system_allocator() -> None:
    """Have pyarrow (and pandas' Arrow-backed text columns) allocate with the C library's
    allocator rather than its default, mimalloc or jemalloc, unless the user chose one
    (``ARROW_DEFAULT_MEMORY_POOL``). Those keep freed memory for pyarrow's own reuse, where
    NumPy cannot use it: at 100,000 articles a notebook held 2.5 GB after a step whose
    tables came to 1.1 GB, against 1.9 GB with the system's. Called on import."""
    import pyarrow as pa

    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        pa.set_memory_pool(pa.system_memory_pool())


use_system_allocator()


def read_meta(folder: Path) -> dict:
    return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
