"""Journalistic style: does the commentary drop the habits of reporting?

Per row: attribution, hedges, intensifiers and absolutes, collective pronouns (from the
dictionaries in ``data/lexicons/style``), evaluative adjectives (TextBlob's own lexicon),
questions and exclamations, all per 100 words, and the share of text in quotation marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from ..load.text import WORD
from .lexicons import Lexicon, count_lexicons, load_lexicons

__all__ = ["STYLE_LABELS", "style_profile"]

STYLE_LABELS = {
    "style_attribution": "Attribution (said, according to)",
    "style_hedges": "Hedges (may, reportedly)",
    "style_intensifiers_absolutes": "Intensifiers and absolutes (very, never)",
    "style_collective_pronouns": "Collective pronouns (we, our, us)",
    "style_evaluative_adjectives": "Evaluative adjectives (TextBlob lexicon)",
    "style_questions": "Questions (?)",
    "style_exclamations": "Exclamations (!)",
    "style_quoted_percent": "Text in quotation marks (% of characters)",
}


@cache
def _evaluative_adjectives() -> frozenset[str]:
    """Adjectives in TextBlob's lexicon that carry polarity or subjectivity."""
    from textblob.en import sentiment

    return frozenset(
        word
        for word, senses in sentiment.items()
        if "JJ" in senses and (senses["JJ"][0] != 0 or senses["JJ"][1] > 0)
    )


def style_profile(
    frame: pd.DataFrame,
    *,
    lexicons: Sequence[Lexicon] | None = None,
    text_col: str = "text",
    terms: bool = True,
) -> pd.DataFrame:
    """Add the style columns of :data:`STYLE_LABELS` (rates per 100 words).

    ``lexicons`` defaults to the bundled style dictionaries. ``style_quoted_percent``
    comes from the loader's ``quote_share`` when the table has it. With ``terms``, each
    dictionary also adds ``<column>_terms`` with the words that matched (leave them out
    for a large corpus: a list per row). From 100,000 rows it is counted by worker
    processes, as :func:`~analysis.framing.lexicons.count_lexicons` says.

    >>> rows = pd.DataFrame({"text": ["We will never, ever give up! Will they?"]})
    >>> profile = style_profile(rows)
    >>> columns = ["style_collective_pronouns", "style_questions", "style_exclamations"]
    >>> profile[columns].round(1).values.tolist()
    [[12.5, 12.5, 12.5]]
    """
    from ..parallel import map_chunks

    lexicons = load_lexicons(kind="style") if lexicons is None else lexicons
    result = count_lexicons(frame, lexicons, text_col=text_col, prefix="style_", terms=terms)
    texts = frame[text_col].fillna("").astype(str)  # chunked as it is: no list of every text
    counted = np.concatenate(map_chunks(_count_style, [texts])).reshape(-1, 4)
    words = pd.Series(counted[:, 0], index=frame.index).where(lambda n: n > 0)
    for i, column in enumerate(
        ["style_evaluative_adjectives", "style_questions", "style_exclamations"], start=1
    ):
        result[column] = 100 * pd.Series(counted[:, i], index=frame.index) / words
    if "quote_share" in frame.columns:
        result["style_quoted_percent"] = 100 * frame["quote_share"]
    return result


def _count_style(job) -> np.ndarray:
    """Per text: words, evaluative adjectives, question marks, exclamation marks."""
    ((texts,),) = job
    adjectives = _evaluative_adjectives()
    # The same words the dictionaries rate count, a row at a time: the tokens of every row
    # at once would hold each word of the corpus as an object.
    return np.array(
        [
            (
                len(tokens),
                sum(t.lower() in adjectives for t in tokens),
                text.count("?"),
                text.count("!"),
            )
            for text, tokens in zip(texts, map(WORD.findall, texts), strict=True)
        ],
        dtype=float,
    ).reshape(-1, 4)
