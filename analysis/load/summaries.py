"""What the loader found, as tables a reader checks: how each paragraph of an article was
labelled and why, rows and words per section and voice, and counts per outlet.
"""

from __future__ import annotations

import pandas as pd

from .corpus import NO_OUTLET, choose_article

__all__ = ["classification_table", "outlet_counts", "section_counts"]


def classification_table(
    paragraphs: pd.DataFrame, *, article_id: str | None = None, width: int = 70
) -> pd.DataFrame:
    """How each paragraph of one article was classified, and why, with the text shortened.

    >>> from analysis import load_corpus
    >>> table = classification_table(load_corpus().paragraphs)
    >>> table.loc[table["paragraph"] == 8, ["section", "marker"]].values.tolist()
    [['commentary', 'Comment:']]
    """
    article_id = choose_article(paragraphs, article_id)
    rows = paragraphs[paragraphs["article_id"] == article_id]
    text = rows["text"].str.replace(r"\s+", " ", regex=True)
    short = text.where(text.str.len() <= width, text.str.slice(0, width - 1) + "…")
    table = rows.assign(text=short)[
        [
            "paragraph",
            "section",
            "voice",
            "marker",
            "speaker",
            "quote_share",
            "n_words",
            "reason",
            "text",
        ]
    ]
    return table.reset_index(drop=True).astype({"section": str, "voice": str})


def section_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows and words per section and voice, with each voice's share of the words.

    >>> from analysis import load_corpus
    >>> int(section_counts(load_corpus().paragraphs).loc[("commentary", "commentary"), "rows"])
    2
    """
    counts = (
        frame.groupby(["section", "voice"], observed=True)
        .agg(rows=("n_words", "size"), words=("n_words", "sum"))
        .assign(share_of_words=lambda t: t["words"] / t["words"].sum())
    )
    return counts


def outlet_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: articles, reporting and commentary paragraphs, sentences; articles
    without an outlet are counted under ``NO_OUTLET``, not dropped.

    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["D", None, "D"],
    ...     "n_reporting": [3, 4, 5], "n_commentary": [1, 0, 2], "n_sentences": [9, 8, 7]})
    >>> outlet_counts(articles).to_dict("index")["D"]
    {'articles': 2, 'reporting_paragraphs': 8, 'commentary_paragraphs': 3, 'sentences': 16}
    """
    return (
        articles.assign(outlet=articles["outlet"].astype("string").fillna(NO_OUTLET))
        .groupby("outlet")
        .agg(
            articles=("article_id", "size"),
            reporting_paragraphs=("n_reporting", "sum"),
            commentary_paragraphs=("n_commentary", "sum"),
            sentences=("n_sentences", "sum"),
        )
    )
