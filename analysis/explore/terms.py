"""The data of the term explorer page (``terms.html``, drawn by
:mod:`analysis.report.terms`): which terms it plots, a few lines of context for each, read
from the paragraphs once so the page is small whatever the corpus, and what the terms were
counted in. Notebook 20 saves the lines (``20-term-contexts``) and the counts
(``20-term-sample``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from ..framing.vocabulary import keyword_in_context
from ..load.text import WORD

__all__ = [
    "CONTEXT_LINES",
    "OTHER_TERMS",
    "plotted_terms",
    "term_contexts",
    "term_sample",
    "term_sides",
]

# Terms plotted besides the bar chart's, the most frequent first, and lines of context per
# term and side: together they bound the page (about 1-2 MB at most), whatever the corpus.
OTHER_TERMS = 2_000
CONTEXT_LINES = 3

# Candidate paragraphs read per term and side before giving up on finding more lines: a
# phrase whose words are common but seldom adjacent must not scan the whole corpus.
_MOST_SCANNED = 200


def term_sides(table: pd.DataFrame) -> tuple[str, str]:
    """The two sides a distinctive-terms table compares: its ``count_<side>`` columns, the
    target (commentary) first."""
    target, reference = (c.removeprefix("count_") for c in table.columns if c.startswith("count_"))
    return target, reference


def plotted_terms(
    table: pd.DataFrame, top: pd.DataFrame, *, others: int = OTHER_TERMS
) -> pd.DataFrame:
    """The terms the explorer plots: every row of ``top`` (``highlighted``), then the
    ``others`` most frequent terms of ``table`` not in ``top`` (both sides' counts together;
    ties alphabetical).

    ``table`` is :func:`~analysis.framing.distinctive_terms` ``.table`` and ``top`` is what
    the bar chart draws (:func:`~analysis.framing.top_distinctive` of it): its rows are
    taken as they are, so the page highlights exactly the chart's terms.

    >>> from analysis.framing import top_distinctive
    >>> table = pd.DataFrame({"term": ["a", "b", "c", "d"], "count_x": [5, 1, 0, 2],
    ...     "count_y": [0, 9, 1, 2], "log_odds": [2.0, -1.0, -0.5, 0.0],
    ...     "distinctive": [True, True, False, False], "favours": ["x", "y", "y", "x"]})
    >>> shown = plotted_terms(table, top_distinctive(table, n=1), others=2)
    >>> shown[["term", "highlighted"]].values.tolist()
    [['a', True], ['b', True], ['d', False], ['c', False]]
    """
    if others < 0:
        raise ValueError(f"others must be at least 0, not {others}")
    target, reference = term_sides(table)
    rest = table[~table["term"].isin(top["term"])]
    total = (rest[f"count_{target}"] + rest[f"count_{reference}"]).to_numpy()
    order = np.lexsort((rest["term"].to_numpy(), -total))[:others]
    return pd.concat(
        [top.assign(highlighted=True), rest.iloc[order].assign(highlighted=False)],
        ignore_index=True,
    )


def _spread(rows: np.ndarray, first: int) -> np.ndarray:
    """``rows`` reordered so the first ``first`` are spread evenly through them."""
    if len(rows) <= first:
        return rows
    picks = np.unique(np.linspace(0, len(rows) - 1, first).round().astype(int))
    return np.concatenate([rows[picks], np.delete(rows, picks)])


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both of two sorted arrays of distinct values (without sorting again:
    a common word's array is long, and there is one per word of every term)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return a[b[at] == a]


def term_contexts(
    paragraphs: pd.DataFrame,
    terms: Iterable[str],
    *,
    sections: Sequence[str] = ("commentary", "reporting"),
    lines: int = CONTEXT_LINES,
    width: int = 40,
    text_col: str = "text",
    category_col: str = "section",
    article_col: str = "article_id",
    paragraph_col: str = "paragraph_id",
) -> pd.DataFrame:
    """Up to ``lines`` lines of context of each term in each of ``sections``, each from a
    different paragraph, spread through the corpus; the terms' order, then the sections'.

    The lines are :func:`~analysis.framing.keyword_in_context`'s (the term in brackets,
    ``width`` characters each side), but only a few candidate paragraphs are read per
    term, those holding all its words, so the cost stays small for thousands of terms.

    >>> rows = pd.DataFrame({"article_id": ["a", "a", "b"], "paragraph_id": ["a:1", "a:2", "b:1"],
    ...     "section": ["reporting", "commentary", "commentary"],
    ...     "text": ["Talks went on.", "A failing war.", "Their war, failing."]})
    >>> term_contexts(rows, ["failing war"])[["paragraph_id", "section", "line"]].values.tolist()
    [['a:2', 'commentary', 'A [failing war].']]

    Returns:
        ``article_id``, ``paragraph_id`` (those of the two that ``paragraphs`` has),
        ``section``, ``term`` and ``line``.
    """
    if lines < 1:
        raise ValueError(f"lines must be at least 1, not {lines}")
    keep = [c for c in (article_col, paragraph_col) if c in paragraphs] + [category_col]
    columns = [*keep, "term", "line"]
    terms = list(dict.fromkeys(terms))
    labels = paragraphs[category_col].astype(str)
    frame = paragraphs.loc[labels.isin(sections), [*keep, text_col]].reset_index(drop=True)
    words = sorted({word for term in terms for word in term.lower().split()})
    if not words or frame.empty:
        return pd.DataFrame(columns=columns)
    # Which paragraphs hold each word (any word of letters and digits, lower-cased): a
    # superset of those where keyword_in_context finds the term, which confirms it.
    finder = CountVectorizer(
        vocabulary=words, token_pattern=r"(?u)\b\w+\b", binary=True, dtype=np.int8
    )
    holding = finder.transform(frame[text_col].fillna("").astype(str)).tocsc()
    holding.sort_indices()  # each word's paragraphs in order, for _common
    column = {word: number for number, word in enumerate(words)}
    section_of = frame[category_col].astype(str).map({s: i for i, s in enumerate(sections)})
    section_of = section_of.to_numpy()
    # Plain Python strings: keyword_in_context reads the few rows it is given one by one,
    # which costs more than the reading itself on an Arrow-backed column.
    text = frame[text_col].fillna("").astype(str).to_numpy(dtype=object)
    texts = pd.DataFrame({text_col: pd.Series(text, dtype=object), "row": np.arange(len(frame))})
    first = 4 * lines  # candidates read first; then twice as many each time
    found: list[tuple[int, int, int, str]] = []  # term, section, row, line
    for number, term in enumerate(terms):
        rows = None
        for word in term.lower().split():
            hits = holding.indices[holding.indptr[column[word]] : holding.indptr[column[word] + 1]]
            rows = hits if rows is None else _common(rows, hits)
        queue = [
            _spread(rows[section_of[rows] == s], first)[:_MOST_SCANNED]
            for s in range(len(sections))
        ]
        need = [lines] * len(sections)
        seen: set[int] = set()
        # One call for every section's next candidates: the calls, not the reading, cost.
        start, size = 0, first
        while start < _MOST_SCANNED:
            batch = [q[start : start + size] for q, n in zip(queue, need, strict=True) if n]
            start, size = start + size, 2 * size
            batch = np.concatenate(batch) if batch else np.array([], dtype=int)
            if not len(batch):
                break
            # Only the first line of a paragraph is kept, so the call stops after a few per
            # paragraph; a side left short reads its next candidates.
            got = keyword_in_context(
                texts.iloc[batch],
                term,
                text_col=text_col,
                width=width,
                limit=4 * len(batch),
                keep=["row"],
            )
            for row, line in zip(got["row"].tolist(), got["line"].tolist(), strict=True):
                side = section_of[row]
                if row not in seen and need[side]:
                    seen.add(row)
                    need[side] -= 1
                    found.append((number, side, row, line))
    if not found:
        return pd.DataFrame(columns=columns)
    found.sort(key=lambda f: f[:2])  # stable: within a section, in the order found
    term_of, _, row_of, line_of = zip(*found, strict=True)
    result = frame.iloc[list(row_of)][keep].reset_index(drop=True)
    return result.assign(term=[terms[t] for t in term_of], line=list(line_of))[columns]


def term_sample(
    paragraphs: pd.DataFrame,
    sides: Sequence[str] = ("commentary", "reporting"),
    *,
    text_col: str = "text",
    category_col: str = "section",
    article_col: str = "article_id",
) -> pd.DataFrame:
    """What the terms were counted in: per side (in ``sides``' order) its ``paragraphs``
    and ``words`` (the loader's ``n_words``, else the words of the text), and the
    ``articles`` that hold either side.

    >>> rows = pd.DataFrame({"article_id": ["a", "a", "b"], "n_words": [4, 6, 5],
    ...     "section": ["commentary", "reporting", "title"]})
    >>> term_sample(rows).values.tolist()
    [['commentary', 1, 4, 1], ['reporting', 1, 6, 1]]
    """
    section = paragraphs[category_col].astype(str)
    prose = section.isin(sides).to_numpy()
    if "n_words" in paragraphs:
        words = paragraphs.loc[prose, "n_words"]
    else:  # rows without the loader's count: the same count of their text
        words = paragraphs.loc[prose, text_col].fillna("").astype(str).str.count(WORD.pattern)
    words = words.groupby(section[prose]).sum()
    counts = section[prose].value_counts()
    articles = paragraphs.loc[prose, article_col].nunique() if article_col in paragraphs else 1
    return pd.DataFrame(
        {
            "section": list(sides),
            "paragraphs": [int(counts.get(s, 0)) for s in sides],
            "words": [int(words.get(s, 0)) for s in sides],
            "articles": int(articles),
        }
    )
