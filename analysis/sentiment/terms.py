"""The words behind the scores: each lexicon term's part in its row's polarity, the terms
that drive each section, a score checked by hand, and where the two engines disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .engines import has_evidence

__all__ = [
    "engine_disagreements",
    "explain_score",
    "lexicon_coverage",
    "rows_to_check",
    "sentiment_terms",
    "top_sentiment_terms",
]


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


def explain_score(scored: pd.DataFrame, row, *, terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """The TextBlob terms of one row, so its polarity can be checked by hand.

    The last line is the mean of the term polarities, which is the row's polarity. The
    terms come from the row's lists, or from ``terms`` (:func:`sentiment_terms` or
    :func:`~analysis.sentiment.cache.cached_terms` of the same table) when ``scored`` was
    read without them.

    >>> from analysis import score_texts
    >>> scored = score_texts(["A friendly and great partner."], engines=["textblob"], cache=False)
    >>> explain_score(scored, 0)["polarity"].round(4).tolist()
    [0.375, 0.8, 0.5875]
    >>> explain_score(scored.drop(columns="tb_terms"), 0, terms=sentiment_terms(scored)).equals(
    ...     explain_score(scored, 0))
    True
    """
    record = scored.loc[row]
    if terms is not None:
        mine = terms[terms["row"] == row]
        table = pd.DataFrame(
            {
                "term": mine["term"].astype(str).tolist(),
                "polarity": mine["term_polarity"].astype(float).tolist(),
                "subjectivity": mine["term_subjectivity"].astype(float).tolist(),
            }
        )
    else:
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
    category_col: str = "section",
    categories: Sequence[str] | None = None,
    top: int = 10,
) -> pd.DataFrame:
    """The terms that move each group's mean polarity most: the table the words chart draws.

    ``share_of_mean`` is the term's summed contribution divided by the group's number of
    rows with at least one lexicon word (``rows_in_group``; rows without one score 0.0 for
    want of evidence and are counted in ``rows_without_words``), so a group's shares add up
    to its mean polarity over the rows with evidence, the mean the distribution chart draws,
    and categories of different sizes compare fairly. Ranked by absolute share within each
    group; terms of polarity 0 are left out, since they move nothing.

    >>> from analysis import score_texts
    >>> scored = score_texts(["A good and great day.", "A bad day."], engines=["textblob"],
    ...                      cache=False).assign(section="reporting")
    >>> top = top_sentiment_terms(sentiment_terms(scored, keep=["section"]), scored)
    >>> top[["term", "count"]].values.tolist(), top["share_of_mean"].round(3).tolist()
    ([['bad', 1], ['great', 1], ['good', 1]], [-0.35, 0.2, 0.175])
    """
    groups = scored[category_col].astype(str)
    evidence = has_evidence(scored)
    sizes, without = groups[evidence].value_counts(), groups[~evidence].value_counts()
    categories = list(categories) if categories is not None else list(groups.value_counts().index)
    table = (
        terms.assign(**{category_col: terms[category_col].astype(str)})
        .groupby([category_col, "term"])
        .agg(count=("contribution", "size"), contribution=("contribution", "sum"))
        .reset_index()
    )
    table = table[table[category_col].isin(categories)]
    table["share_of_mean"] = table["contribution"] / table[category_col].map(sizes)
    table = table[table["share_of_mean"] != 0]  # terms of polarity 0 move nothing
    table = table.assign(size=table["share_of_mean"].abs()).sort_values(
        [category_col, "size", "term"], ascending=[True, False, True]
    )
    table["rank"] = table.groupby(category_col).cumcount() + 1
    table = table[table["rank"] <= top].drop(columns="size")
    order = {g: i for i, g in enumerate(categories)}
    table = table.sort_values(
        [category_col, "rank"], key=lambda c: c.map(order) if c.name == category_col else c
    )
    table["rows_in_group"] = table[category_col].map(sizes).astype(int)
    table["rows_without_words"] = table[category_col].map(without).fillna(0).astype(int)
    columns = ["rank", "term", "count", "contribution", "share_of_mean", "rows_in_group"]
    return table[[category_col, *columns, "rows_without_words"]]


def lexicon_coverage(scored: pd.DataFrame, *, category_col: str = "section") -> pd.DataFrame:
    """Per category, how many rows hold at least one TextBlob lexicon word: the rest score
    0.0 for want of evidence, not because they are neutral.

    >>> from analysis import score_texts
    >>> scored = score_texts(["A good day.", "The port opened."], engines=["textblob"],
    ...                      cache=False).assign(section="reporting")
    >>> lexicon_coverage(scored).to_dict("index")
    {'reporting': {'rows': 2, 'with_sentiment_words': 1, 'share': 0.5}}
    """
    return (
        scored.assign(has_terms=scored["tb_n_terms"] > 0)
        .groupby(category_col, observed=True)
        .agg(
            rows=("tb_n_terms", "size"),
            with_sentiment_words=("has_terms", "sum"),
            share=("has_terms", "mean"),
        )
    )


def rows_to_check(
    scored: pd.DataFrame, *, category_col: str = "section"
) -> list[tuple[str, object | None]]:
    """Two rows to check by hand: the most negative commentary row and the most positive
    reporting row with at least one lexicon word, as ``(section, row label or None)``.

    >>> from analysis import score_texts
    >>> scored = score_texts(["Awful.", "Fine.", "A good day."], engines=["textblob"],
    ...                      cache=False).assign(section=["commentary", "reporting", "reporting"])
    >>> [(section, int(row)) for section, row in rows_to_check(scored)]
    [('commentary', 0), ('reporting', 2)]
    """
    found = []
    for section, pick in (("commentary", "idxmin"), ("reporting", "idxmax")):
        rows = scored[(scored[category_col].astype(str) == section) & (scored["tb_n_terms"] > 0)]
        found.append((section, getattr(rows["tb_polarity"], pick)() if len(rows) else None))
    return found
