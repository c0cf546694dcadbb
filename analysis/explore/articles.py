"""Per-article results: for every article with commentary, how its commentary differs from
its own reporting in each measure, and the terms its commentary uses most over its
reporting; sorted so the articles that differ most come first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..sentiment.engines import evidence_column, has_evidence
from ..stats import article_differences

__all__ = ["LEXICON_MEASURES", "article_results", "difference_column", "sort_measure"]

# The measures whose 0.0 can mean "no word of the lexicon" rather than neutral: their means
# are taken over the rows with evidence only (see analysis.sentiment.has_evidence).
LEXICON_MEASURES = ("tb_polarity", "tb_subjectivity", "vader_compound")


def difference_column(measure: str) -> str:
    """The per-article table's column for ``measure``: commentary minus reporting.

    >>> difference_column("opinion")
    'opinion_difference'
    """
    return f"{measure}_difference"


def sort_measure(measures: Sequence[str]) -> str:
    """The measure the table is sorted by: the opinion model's probability, the one score
    here validated on labelled news, when it is there; else the first measure.

    >>> sort_measure(["tb_polarity", "opinion"]), sort_measure(["frame_conflict"])
    ('opinion', 'frame_conflict')
    """
    if not measures:
        raise ValueError("article_results needs at least one measure")
    return "opinion" if "opinion" in measures else measures[0]


def article_results(
    paragraphs: pd.DataFrame,
    measures: Sequence[str],
    *,
    also: Sequence[pd.DataFrame] = (),
    articles: pd.DataFrame | None = None,
    terms: Mapping[str, Sequence[str]] | pd.Series | None = None,
    sort_by: str | None = None,
    article_col: str = "article_id",
    category_col: str = "section",
    target: str = "commentary",
    reference: str = "reporting",
) -> pd.DataFrame:
    """One row per article with ``target`` paragraphs: how many paragraphs each side has,
    ``target`` mean minus ``reference`` mean for each of ``measures``
    (``<measure>_difference``), its most distinctive ``target`` terms, and
    ``sort_by``'s difference first, largest size first.

    The lexicon scores (:data:`LEXICON_MEASURES`) are averaged over the paragraphs where
    their lexicon found a word, as everywhere in the package (a 0.0 without one is no
    evidence, not neutral); ``<engine>_commentary`` and ``<engine>_reporting`` count those
    paragraphs, and the difference is missing where a side has none. An article without
    ``reference`` paragraphs is kept, with missing differences: it has commentary, and a
    reader looking for it must find it.

    Args:
        paragraphs: paragraph rows with ``article_col``, ``category_col`` and each measure
            (and the evidence columns of the lexicon measures, e.g. ``tb_n_terms``).
        measures: the score and rate columns to compare.
        also: more tables of the same rows (the same index) holding some of the measures,
            e.g. frame and style rates: read where they are, not joined into a copy.
        articles: a table with ``article_col`` and any of ``title`` and ``outlet``, to name
            the articles.
        terms: each article's distinctive terms
            (:func:`analysis.framing.vocabulary.article_terms`), joined with "; ".
        sort_by: the measure whose difference orders the rows (default
            :func:`sort_measure`); missing differences last.

    >>> rows = pd.DataFrame({"article_id": ["a"] * 3 + ["b"] * 3,
    ...     "section": ["reporting", "commentary", "commentary"] * 2,
    ...     "opinion": [0.2, 0.9, 0.7, 0.3, 0.4, 0.4]})
    >>> article_results(rows, ["opinion"])[["article_id", "opinion_difference"]].round(2)
      article_id  opinion_difference
    0          a                 0.6
    1          b                 0.1
    """
    tables = [paragraphs, *also]
    where = {c: t for t in reversed(tables) for c in t.columns}
    missing = [c for c in [article_col, category_col, *measures] if c not in where]
    if missing:
        raise KeyError(f"article_results needs the columns {missing}")
    if any(not t.index.equals(paragraphs.index) for t in also):
        raise ValueError("the tables of also= must have the paragraphs' index (same rows)")
    sort_by = sort_by or sort_measure(measures)
    if sort_by not in measures:
        raise ValueError(f"sort_by must be one of the measures {list(measures)}, not {sort_by!r}")
    # Arrays of the prose rows only: sums by article and side with bincount, no copy of
    # the table (a large corpus has millions of rows).
    section = paragraphs[category_col]
    keep = section.isin([target, reference]).to_numpy()
    is_target = (section == target).to_numpy()[keep]
    ids, names = pd.factorize(paragraphs[article_col].to_numpy()[keep])
    if (ids < 0).any():
        raise ValueError(
            f"{(ids < 0).sum():,} rows have no {article_col}: give every row its article"
        )
    cell = 2 * ids + is_target  # (article, side): even reference, odd target
    size = 2 * len(names)

    def per_side(weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        sums = np.bincount(cell, weights=weights, minlength=size)
        return sums[1::2], sums[0::2]  # target, reference

    n_target, n_reference = per_side()
    table = pd.DataFrame(
        {f"n_{target}": n_target.astype(int), f"n_{reference}": n_reference.astype(int)},
        index=pd.Index(names, name=article_col),
    )
    # The rows of both sides with their article, to which each measure is added in turn:
    # the difference itself is the one every table computes (stats.article_differences).
    sides = pd.DataFrame(
        {
            article_col: paragraphs[article_col].to_numpy()[keep],
            category_col: np.where(is_target, target, reference),
        }
    )
    engines_done: set[str] = set()
    for measure in measures:
        values = where[measure][measure].to_numpy(dtype=float, na_value=np.nan)[keep]
        counted = np.isfinite(values)
        if measure in LEXICON_MEASURES:
            engine = evidence_column(measure)
            counted &= has_evidence(where[measure], engine).to_numpy(dtype=bool)[keep]
            if engine not in engines_done:  # how many paragraphs each side's mean rests on
                engines_done.add(engine)
                with_word = per_side(counted.astype(float))
                table[f"{engine}_{target}"] = with_word[0].astype(int)
                table[f"{engine}_{reference}"] = with_word[1].astype(int)
        sides[measure] = np.where(counted, values, np.nan)  # uncounted rows: left out
        differences = article_differences(
            sides,
            measure,
            article_col=article_col,
            category_col=category_col,
            target=target,
            reference=reference,
        ).set_index(article_col)["difference"]
        table[difference_column(measure)] = differences.reindex(table.index)
        del sides[measure]
    table = table[table[f"n_{target}"] > 0]
    if terms is not None:
        found = pd.Series(terms).reindex(table.index)
        table[f"{target}_terms"] = [
            "; ".join(t) if isinstance(t, list | tuple | np.ndarray) else "" for t in found
        ]
    table = _largest_first(_named(table.reset_index(), articles, article_col), sort_by, article_col)
    table.attrs["sort_by"] = sort_by  # for the pages that describe the order
    return table


def _named(table: pd.DataFrame, articles: pd.DataFrame | None, article_col: str) -> pd.DataFrame:
    """The table with each article's title and outlet after its id, when ``articles`` has them."""
    names = [c for c in ("title", "outlet") if articles is not None and c in articles]
    if not names:
        return table
    table = table.merge(articles[[article_col, *names]], on=article_col, how="left")
    return table[[article_col, *names, *[c for c in table if c not in names + [article_col]]]]


def _largest_first(table: pd.DataFrame, sort_by: str, article_col: str) -> pd.DataFrame:
    """The rows by the size of ``sort_by``'s difference, largest first, missing last; ties by
    article id."""
    size = table[difference_column(sort_by)].abs()
    order = np.lexsort((table[article_col].astype(str), -size.fillna(-1).to_numpy()))
    return table.iloc[order].reset_index(drop=True)
