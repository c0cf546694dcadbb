"""One article marked up (``templates/article_view.html.j2``, styled by
``static/article-view.css``): sections shaded, quotes underlined, sentiment words
coloured by their polarity, each paragraph's opinion probability and rank and the words
that pushed it towards opinion.

It draws the tables :func:`~analysis.explore.article_paragraphs` and
:func:`~analysis.explore.article_marks` computed (the notebooks save them): nothing here
scores a text. Every piece of article text is escaped by the template, so markup in an
article (``<img onerror=...>``) is shown as text and never runs.
"""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup

from ..load.corpus import choose_article
from ..plots.base import article_window
from .assets import inline, page_template

__all__ = ["POLARITY_STEPS", "article_view", "polarity_class"]

# Steps of the sentiment words' shading (the classes av-p0 to av-p11 and av-n0 to av-n11 of
# static/article-view.css): the larger the polarity, the stronger the colour.
POLARITY_STEPS = 12


def polarity_class(polarity: float) -> str:
    """The class that shades a sentiment word: ``av-z`` for 0, else positive (``av-p``) or
    negative (``av-n``) with a step from 0 (weak) to 11 (a polarity of ±1).

    >>> polarity_class(-1.0), polarity_class(0.0), polarity_class(0.05)
    ('av-n11', 'av-z', 'av-p1')
    """
    if polarity == 0:
        return "av-z"
    step = round(min(1.0, abs(polarity)) * (POLARITY_STEPS - 1))
    return f"av-{'p' if polarity > 0 else 'n'}{step}"


def _pieces(text: str, marks: pd.DataFrame) -> list[dict]:
    """The text cut where any mark starts or ends; each piece with the marks over it (the
    first sentiment word and the first opinion word that cover it, and whether it is
    quoted), as the template nests them."""
    spans = {
        kind: list(zip(group["start"], group["end"], group["term"], group["value"], strict=True))
        for kind, group in marks.groupby("kind", sort=False)
    }
    cuts = sorted({0, len(text), *marks["start"].tolist(), *marks["end"].tolist()})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):

        def over(kind: str, start: int = start, end: int = end):
            return next((s for s in spans.get(kind, ()) if s[0] <= start and end <= s[1]), None)

        word, push = over("sentiment"), over("opinion")
        pieces.append(
            {
                "text": text[start:end],
                "word": None
                if word is None
                else {
                    "class": polarity_class(word[3]),
                    "title": f"{word[2]}: polarity {word[3]:+.2f}",
                },
                "push": None if push is None else f"towards opinion: {push[3]:+.2f} log-odds",
                "quote": over("quote") is not None,
            }
        )
    return pieces


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def article_view(
    paragraphs: pd.DataFrame,
    marks: pd.DataFrame,
    *,
    article_id: str | None = None,
    style: bool = True,
) -> Markup:
    """One article of ``paragraphs`` (:func:`~analysis.explore.article_paragraphs` rows;
    ``article_id`` empty: the first with commentary) marked up with its ``marks``
    (:func:`~analysis.explore.article_marks`), as HTML to show in a page or a notebook
    (``IPython.display.HTML``). ``style``: embed the view's style sheet (a page that
    embeds it in its head passes ``False``). A long article shows a window of
    ``MAX_PARAGRAPHS`` paragraphs around its first commentary, and says so."""
    article_id = choose_article(paragraphs, article_id)
    article = paragraphs[paragraphs["article_id"] == article_id].reset_index(drop=True)
    rows, window = article_window(article)
    own = marks[marks["article_id"] == article_id]
    by_paragraph = dict(tuple(own.groupby("paragraph_id", sort=False)))
    empty = own.iloc[:0]
    shown = []
    for row in rows.itertuples():
        section = str(row.section)
        opinion, rank, ranked = _number(row.opinion), _number(row.opinion_rank), row.n_ranked
        text = "" if pd.isna(row.text) else str(row.text)
        shown.append(
            {
                "section": section,
                "paragraph": row.paragraph,
                "marker": row.marker if isinstance(row.marker, str) else "",
                "opinion": None if opinion is None or not math.isfinite(opinion) else opinion,
                "rank": None if rank is None else int(rank),
                "ranked": None if pd.isna(ranked) else int(ranked),
                "pieces": _pieces(text, by_paragraph.get(row.paragraph_id, empty)),
            }
        )
    html = page_template("article_view.html.j2").render(
        article_id=str(article_id),
        window=window,
        paragraphs=shown,
        style=inline("article-view.css") if style else None,
    )
    return Markup(html)
