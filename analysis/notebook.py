"""Helpers the notebooks share: the checked corpus from the raw parameter values, tables
styled for reading, and outputs saved under the report folder.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from .load.cache import load_cached
from .load.corpus import PROSE, Corpus, choose_article
from .load.dataset import StoredTable, release_arrow_memory
from .load.markers import DEFAULT_MARKERS
from .load.options import LoadOptions
from .plots.base import corpus_source
from .stats import format_p

__all__ = [
    "CSV_FLOATS",
    "CSV_ROWS",
    "PARQUET_COMPRESSION",
    "PARQUET_LEVEL",
    "CORPUS_PARAMETERS",
    "as_list",
    "escape_html_in_tables",
    "format_table",
    "free_memory_after_cells",
    "open_corpus",
    "save_table",
    "save_tables",
    "source_line",
    "start_session",
]


# Decimals in CSV files: six significant digits, as a spreadsheet shows them (a score of
# 0.123456789 is 0.123457); the Parquet beside it keeps every digit. Full precision made
# the per-article table of 100,000 articles a 33 MB CSV.
CSV_FLOATS = "%.6g"

# Parameters of the notebooks that load a corpus besides the loading options
# (:class:`~analysis.load.options.LoadOptions`): both may be left out of a parameters cell.
CORPUS_PARAMETERS = {
    "article_id": "",  # the article shown in detail; empty: the first with commentary
    "corpus_key": "",  # set by media-bias run: the corpus it cached; empty: load input_path
}


def open_corpus(
    parameters: Mapping[str, object] | None = None,
    /,
    *,
    require_commentary: bool = False,
    **values: object,
) -> tuple[Corpus, str]:
    """The corpus a notebook's parameters name, and the article it shows in detail.

    ``parameters`` is the notebook's namespace (``globals()``) or any mapping: the loading
    options (:class:`~analysis.load.options.LoadOptions`), ``article_id`` and ``corpus_key``
    are read from it, as papermill or the parameters cell set them (``markers`` may be the
    text ``-p`` passes), and keyword arguments override them. Each loading option must be
    there: a namespace without them means the parameters cell has not run. Without a
    mapping, the keyword arguments are used and the rest take their defaults.

    Loads through the shared cache; ``corpus_key`` (set by ``media-bias run``) reads the
    corpus the run cached without listing the input again. Says what it read and what it
    skipped, and checks ``article_id`` (empty: the first article with commentary).
    ``require_commentary`` stops with a clear message when no paragraph has a marker (or
    none is reporting), for notebooks that compare the two.

    >>> corpus, shown = open_corpus(use_cache=False)
    Read the bundled sample: 1 article, 17 reporting and 2 commentary paragraphs, 21 sentences (markers ['Comment:'])
    >>> shown
    'xi-china-belarus-lukashenko'
    """  # noqa: E501
    names = (*LoadOptions.names(), *CORPUS_PARAMETERS)
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise TypeError(f"open_corpus() got unknown parameters {unknown}")
    if parameters is not None:
        # A notebook's namespace lacks them when its parameters cell has not run: better
        # to say so than to load the sample with the defaults behind the user's back.
        lacking = [k for k in LoadOptions.names() if k not in parameters and k not in values]
        if lacking:
            raise NameError(
                f"{', '.join(lacking)} not set: run the notebook's parameters cell first "
                "(or pass them by name)"
            )
    given = {**CORPUS_PARAMETERS, **{k: v for k, v in (parameters or {}).items() if k in names}}
    given.update(values)
    given["markers"] = as_list(given.get("markers", DEFAULT_MARKERS), "markers")
    options = LoadOptions.from_values(given)
    corpus = load_cached(options, key=str(given["corpus_key"] or ""))
    counts = corpus.read("paragraphs", ["section"])["section"].astype(str).value_counts()
    n = corpus.rows("articles")
    source = options.input_path or "the bundled sample"
    print(
        f"Read {source}: {n:,} article{'s' if n != 1 else ''}, "
        f"{counts.get('reporting', 0):,} reporting and {counts.get('commentary', 0):,} "
        f"commentary paragraphs, {corpus.rows('sentences'):,} sentences "
        f"(markers {list(options.markers)}"
        + (f", regex {options.marker_regex!r}" if options.marker_regex else "")
        + ")"
    )
    if not corpus.skipped.empty:
        print(f"Skipped {len(corpus.skipped)} bad inputs (they are in no table or number):")
        _display(corpus.skipped)
    missing = [section for section in PROSE if not counts.get(section)]
    if require_commentary and missing:
        raise ValueError(
            f"this notebook compares commentary with reporting, and the corpus has no "
            f"{missing[0]} paragraph; check the markers parameter (now {list(options.markers)})"
        )
    shown = choose_article(
        corpus.read("articles", ["article_id", "n_commentary"]), given["article_id"]
    )
    return corpus, shown


def source_line(corpus: Corpus, input_path: str = "", *, day: date | None = None) -> str:
    """The line under every figure: the corpus by name, what it holds, and the date of the
    run, so a chart that travels alone still says where it comes from.

    >>> corpus, _ = open_corpus(use_cache=False)
    Read the bundled sample: 1 article, 17 reporting and 2 commentary paragraphs, 21 sentences (markers ['Comment:'])
    >>> source_line(corpus, day=date(2026, 12, 2))
    'Source: the bundled sample (1 article: 17 reporting and 2 commentary paragraphs). media-bias analysis, run 2026-12-02.'
    """  # noqa: E501
    counts = corpus.read("paragraphs", ["section"])["section"].astype(str).value_counts()
    return corpus_source(
        input_path,
        corpus.rows("articles"),
        counts.get("reporting", 0),
        counts.get("commentary", 0),
        day=day,
    )


def _display(table: pd.DataFrame) -> None:
    try:
        from IPython.display import display
    except ImportError:  # outside Jupyter
        print(table.to_string())
    else:
        display(table)


def save_tables(tables: Mapping[str, pd.DataFrame], report_dir: str | Path | None) -> list[Path]:
    """:func:`save_table` for each ``name: table``, then a line per file written (or that
    nothing was, without a ``report_dir``).

    >>> save_tables({"00-none": pd.DataFrame({"a": [1]})}, "")
    report_dir is empty: nothing saved
    []
    """
    saved, lines = [], []
    for name, table in tables.items():
        paths = save_table(table, report_dir, name)
        saved += paths
        lines += map(str, paths)
        if len(paths) == 1:
            lines.append(
                f"  ({len(table):,} rows: Parquet only, CSV is written up to {CSV_ROWS:,})"
            )
    print("\n".join(lines) or "report_dir is empty: nothing saved")
    return saved


def start_session() -> None:
    """What every notebook sets up in its first cell: tables that escape article text
    (:func:`escape_html_in_tables`) and memory given back after each cell
    (:func:`free_memory_after_cells`)."""
    escape_html_in_tables()
    free_memory_after_cells()


def free_memory_after_cells() -> bool:
    """After every cell of this IPython session, give the memory its tables freed back to
    the system (:func:`~analysis.load.dataset.release_arrow_memory`), so that a kernel's
    size follows the tables it holds, not the largest step it ran; once per session.
    Returns whether it is set up (not outside IPython).

    >>> free_memory_after_cells()  # a doctest runs outside IPython
    False
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    callbacks = shell.events.callbacks["post_run_cell"]
    if not any(getattr(c, "__name__", "") == "_release_after_cell" for c in callbacks):
        shell.events.register("post_run_cell", _release_after_cell)
    return True


def _release_after_cell(result=None) -> None:
    release_arrow_memory()


def escape_html_in_tables() -> None:
    """Make pandas' styled tables escape their cells, as plain DataFrames already do.

    Tables show article text, and a notebook's HTML rendering must show an article's
    ``<script>`` as text. pandas' ``Styler`` does not escape by default; this sets the
    default for the session's cells. It does not cover index or column labels, captions,
    or a ``.format(...)`` call without ``escape="html"``: :func:`format_table` escapes
    all of those, so use it for any table with labels from the user's files.
    """
    pd.set_option("styler.format.escape", "html")


def as_list(value: str | list | tuple | None, name: str) -> list[str]:
    """Read a list parameter that may arrive as a list, or as text from the command line.

    ``papermill -p markers '["Comment:", "Opinion:"]'`` passes a string; this reads
    it as YAML (so JSON works too). A plain string is a list of one.

    >>> as_list('["Comment:", "Opinion:"]', "markers")
    ['Comment:', 'Opinion:']
    >>> as_list("Comment:", "markers")
    ['Comment:']
    """
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = yaml.safe_load(text)
            except yaml.YAMLError as err:
                raise ValueError(
                    f"parameter {name!r}: {text!r} is not a valid list ({err.problem}); "
                    'write it like \'["Comment:", "Opinion:"]\''
                ) from None
        else:
            return [value] if text else []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"parameter {name!r} must be a list of strings, not {value!r}")
    return list(value)


# Tables longer than this (one row per sentence of a large corpus) are written as Parquet
# only: a spreadsheet cannot open them anyway, and their CSV was most of a large report.
CSV_ROWS = 100_000


# zstd: a third smaller than Parquet's default (snappy) on article text, as fast to read.
# At level 6 rather than pyarrow's 1, and in large row groups (``ROW_GROUP_ROWS``), the
# text tables of 100,000 articles take 114 MB, not 159 MB (``benchmarks/bench_scale.py``).
PARQUET_COMPRESSION = "zstd"
PARQUET_LEVEL = 6


def save_table(
    table: pd.DataFrame | StoredTable,
    report_dir: str | Path | None,
    name: str,
    *,
    csv_rows: int | None = None,
) -> list[Path]:
    """Save ``table`` as CSV and Parquet under ``report_dir/tables``; nothing when no folder
    is given.

    CSV is for reading anywhere; Parquet keeps the types (categories, lists of terms,
    missing values) for analysis. A table of more than ``csv_rows`` rows (default
    ``CSV_ROWS``) is written as Parquet only (and :func:`save_tables` says so). A named
    index is kept as columns. A :class:`~analysis.load.dataset.StoredTable`
    (``corpus.stored_table(...)``) is copied from its Parquet parts a part at a time, never
    loaded whole.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = save_table(pd.DataFrame({"term": ["war"], "n": [3]}), tmp, "t")
    ...     back = pd.read_parquet(paths[1])
    >>> [p.name for p in paths], back.to_dict("records")
    (['t.csv', 't.parquet'], [{'term': 'war', 'n': 3}])
    """
    if not report_dir:
        return []
    csv_rows = CSV_ROWS if csv_rows is None else csv_rows
    folder = Path(report_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(table, StoredTable):  # a corpus table from the cache: copied part by part
        (folder / f"{name}.csv").unlink(missing_ok=True)
        paths = [folder / f"{name}.parquet"]
        table.write_parquet(paths[0], compression=PARQUET_COMPRESSION, level=PARQUET_LEVEL)
        if len(table) <= csv_rows:
            paths.insert(0, folder / f"{name}.csv")
            table.read().to_csv(paths[0], index=False, float_format=CSV_FLOATS)
        return paths
    # A named index (a group, a term) becomes columns; row numbers left by filtering go.
    table = table.reset_index(drop=all(name is None for name in table.index.names))
    paths = [folder / f"{name}.csv", folder / f"{name}.parquet"]
    (folder / f"{name}.csv").unlink(missing_ok=True)  # never a stale CSV beside new Parquet
    if len(table) <= csv_rows:
        table.to_csv(paths[0], index=False, float_format=CSV_FLOATS)
    else:
        paths = paths[1:]
    table.to_parquet(
        paths[-1], index=False, compression=PARQUET_COMPRESSION, compression_level=PARQUET_LEVEL
    )
    return paths


def format_table(
    table: pd.DataFrame,
    *,
    caption: str = "",
    precision: int = 3,
    index: bool = False,
    percent: Sequence[str] = (),
    signed: Sequence[str] = (),
    shade_commentary: bool = False,
):
    """Style a results table for reading: 3 decimals, p-values in 2 significant digits,
    missing values as a dash, the index hidden unless ``index=True``.

    ``percent`` columns are shares shown as percentages, ``signed`` ones carry their sign
    (``+0.400``); names of either that the table lacks are passed over (a table without
    VADER has no ``vader_share``); ``shade_commentary`` shades the
    rows whose ``section`` is commentary. Cells, index and column labels and the caption
    are HTML-escaped: labels can be outlets or article ids, which come from the user's files.

    >>> html = format_table(pd.DataFrame({"p_value": [0.00012], "mean": [0.25]})).to_html()
    >>> "0.00012" in html and "0.250" in html
    True
    >>> outlets = pd.DataFrame({"term": ["<b>"]}, index=pd.Index(["<i>"], name="outlet"))
    >>> html = format_table(outlets, caption="<u>", index=True).to_html()
    >>> "<b>" in html or "<i>" in html or "<u>" in html
    False
    """
    p_columns = [c for c in table.columns if isinstance(c, str) and c.startswith("p_")]
    styled = (
        table.style.format(precision=precision, na_rep="–", escape="html")
        .format(format_p, subset=p_columns, na_rep="–", escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .set_caption(html.escape(caption))  # captions are not escaped by the Styler
    )
    percent = [c for c in percent if c in table.columns]
    signed = [c for c in signed if c in table.columns]
    if percent:
        styled = styled.format("{:.1%}", subset=percent, na_rep="–", escape="html")
    if signed:
        styled = styled.format(f"{{:+.{precision}f}}", subset=signed, na_rep="–", escape="html")
    if shade_commentary:
        from .plots.base import VOICE_COLORS

        shade = f"background-color: {VOICE_COLORS['commentary']}22"  # a light tint
        styled = styled.apply(
            lambda row: [shade if row.get("section") == "commentary" else "" for _ in row], axis=1
        )
    return styled if index else styled.hide(axis="index")
