"""An HTML view of one article: sections shaded, quotes marked, sentiment words coloured,
each paragraph's opinion probability and the words that pushed it towards opinion.

All article text is HTML-escaped piece by piece, so markup in an article (``<script>``,
``<img onerror=...>``) is shown as text and never runs.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from matplotlib.colors import to_rgb

from ..load.corpus import choose_article
from ..load.quotes import find_quotes
from ..sentiment.opinion import explain_opinions, score_opinion
from ..sentiment.scores import score_texts
from .base import BLUE, GREYS, NEGATIVE, ORANGE, POSITIVE, SKY_BLUE, VERMILION, article_window, tint

__all__ = ["article_html"]


# CSS takes the palette's colours as they are, or as a light tint (mixed with white) for a
# paragraph's background, or with an alpha for a word's highlight.
def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(round(255 * c) for c in to_rgb(color))


def _rgba(color: str, alpha: float) -> str:
    return "rgba({},{},{},{:.2f})".format(*_rgb(color), alpha)


_SECTION_STYLE = {
    "title": "font-weight:bold;font-size:1.15em;",
    "byline": f"color:{GREYS[40]};font-style:italic;",
    "reporting": f"border-left:4px solid {BLUE};background:{tint(BLUE, 0.05)};",
    "commentary": f"border-left:4px solid {VERMILION};background:{tint(VERMILION, 0.1)};",
    "caption": (
        f"border-left:4px solid {GREYS[60]};background:{tint(GREYS[60], 0.13)};"
        f"color:{GREYS[27]};font-size:0.9em;"
    ),
}
_QUOTE_STYLE = f"text-decoration:underline dotted {SKY_BLUE} 2px;text-underline-offset:3px;"
_OPINION_STYLE = f"border-bottom:3px solid {ORANGE};"

# The words marked as pushing a paragraph towards opinion: its strongest few content words,
# each worth at least this much log-odds (smaller pushes are many and would mark half the
# text). Function words ("is", "their") carry real weight in the model, as tense and person
# do in opinion, but underlined they read as noise; the explanation table keeps them.
_OPINION_WORDS = 3
_OPINION_LEAST = 0.1


def _opinion_spans(text: str, words: pd.DataFrame) -> list[tuple[int, int, float]]:
    """Where the words that pushed ``text`` hardest towards opinion (``words``, its
    :func:`~analysis.sentiment.opinion.explain_opinions`) occur in it."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    spans: list[tuple[int, int, float]] = []
    chosen = 0
    pairs = zip(words["word"].tolist(), words["contribution"].tolist(), strict=True)
    for word, contribution in pairs:  # the strongest push first
        if contribution < _OPINION_LEAST or chosen == _OPINION_WORDS:
            break
        if word in ENGLISH_STOP_WORDS or not re.search(r"\w", word):
            continue
        chosen += 1
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        spans += [(m.start(), m.end(), contribution) for m in pattern.finditer(text)]
    return spans


def _polarity_style(polarity: float) -> str:
    strength = min(1.0, abs(polarity)) * 0.55 + 0.2
    if polarity == 0:
        return f"background:{_rgba(GREYS[47], 0.18)};"
    color = POSITIVE if polarity > 0 else NEGATIVE
    return f"background:{_rgba(color, strength)};border-radius:3px;"


def _word_spans(text: str, terms: list[str], polarities: list[float]) -> list[tuple]:
    """Character spans of the sentiment words, matched in order through the text."""
    spans, cursor = [], 0
    for term, polarity in zip(terms, polarities, strict=True):
        words = [w for w in term.split() if w.isalpha()]
        found = None
        for word in words:
            match = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE).search(text, cursor)
            if match:
                found = found or match.start()
                spans.append((match.start(), match.end(), polarity, term))
                cursor = match.end()
    return spans


def _render(
    text: str,
    quotes: list[tuple[int, int]],
    words: list[tuple],
    opinion: list[tuple[int, int, float]] = (),
) -> str:
    cuts = sorted(
        {
            0,
            len(text),
            *(p for s, e in quotes for p in (s, e)),
            *(p for s, e, _, _ in words for p in (s, e)),
            *(p for s, e, _ in opinion for p in (s, e)),
        }
    )
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[start:end])
        word = next((w for w in words if w[0] <= start and end <= w[1]), None)
        if word is not None:
            title = html.escape(f"{word[3]}: polarity {word[2]:+.2f}", quote=True)
            piece = f'<span style="{_polarity_style(word[2])}" title="{title}">{piece}</span>'
        push = next((w for w in opinion if w[0] <= start and end <= w[1]), None)
        if push is not None:
            title = html.escape(f"towards opinion: {push[2]:+.2f} log-odds", quote=True)
            piece = f'<span style="{_OPINION_STYLE}" title="{title}">{piece}</span>'
        if any(s <= start and end <= e for s, e in quotes):
            piece = f'<span style="{_QUOTE_STYLE}">{piece}</span>'
        pieces.append(piece)
    return "".join(pieces)


def article_html(paragraphs: pd.DataFrame, *, article_id: str | None = None) -> str:
    """Render one article as HTML with a legend; show it with ``IPython.display.HTML``.

    Paragraphs are shaded by section, quoted speech is underlined, and each word TextBlob
    scored is coloured by its polarity (hover for the value). Each reporting and
    commentary paragraph carries its opinion probability and rank in the article (1: the
    most opinionated), and the few words that pushed it hardest towards opinion are
    underlined. A long article shows a window of ``MAX_PARAGRAPHS`` paragraphs around its
    first commentary, and says so.

    >>> from analysis import load_corpus
    >>> page = article_html(load_corpus().paragraphs)
    >>> page.count("<p "), "worst" in page, page.count("opinion 0.")
    (21, True, 19)
    """
    article_id = choose_article(paragraphs, article_id)
    # Positions, not the caller's labels: a table joined from two may repeat them.
    article = paragraphs[paragraphs["article_id"] == article_id].reset_index(drop=True)
    prose = article[article["section"].astype(str).isin(["reporting", "commentary"])]
    opinion = pd.Series(score_opinion(prose["text"].tolist())["opinion"].to_numpy(), prose.index)
    ranks = opinion.rank(ascending=False, method="min")
    rows, window = article_window(article)
    scores = score_texts(rows["text"].tolist(), engines=["textblob"], cache=False)
    scored_rows = rows["section"].astype(str).isin(["reporting", "commentary"])
    explanations = explain_opinions(rows.loc[scored_rows, "text"].tolist())
    explained = dict(zip(rows.index[scored_rows], explanations, strict=True))
    parts = [
        '<div style="font-family:Georgia,serif;max-width:46em;line-height:1.5">',
        f"<h4 style='font-family:sans-serif'>{html.escape(str(article_id))}</h4>",
        _legend(),
    ]
    if window:
        parts.append(
            f"<p style='font-family:sans-serif;color:{GREYS[40]}'>A long article: "
            f"{html.escape(window)}.</p>"
        )
    for index, row, terms, polarities in zip(
        rows.index, rows.itertuples(), scores["tb_terms"], scores["tb_term_polarity"], strict=True
    ):
        section = str(row.section)
        text = row.text
        quotes, pushes, scored = [], [], ""
        if section in ("reporting", "commentary"):
            quotes = find_quotes(text, 0, len(text), continued=bool(row.quote_continued)).spans
            pushes = _opinion_spans(text, explained[index])
            scored = f" · opinion {opinion[index]:.2f}, rank {int(ranks[index])} of {len(prose)}"
        body = _render(text, quotes, _word_spans(text, list(terms), list(polarities)), pushes)
        marker = ""
        if isinstance(row.marker, str):
            marker = f'<b style="color:{VERMILION}">{html.escape(row.marker)}</b> '
        label = (
            f"<small style='color:{GREYS[40]};font-family:sans-serif'>"
            f"{row.paragraph} {section}{scored}</small>"
        )
        parts.append(
            f'<p style="{_SECTION_STYLE.get(section, "")}padding:4px 8px;margin:6px 0">'
            f"{label}<br>{marker}{body}</p>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def _legend() -> str:
    items = [
        (_SECTION_STYLE["reporting"], "reporting"),
        (_SECTION_STYLE["commentary"], "inserted commentary"),
        (_SECTION_STYLE["caption"], "caption"),
        (_QUOTE_STYLE, "quoted speech"),
        (_polarity_style(0.8), "positive word"),
        (_polarity_style(-0.8), "negative word"),
        (_polarity_style(0.0), "sentiment word, polarity 0"),
        (_OPINION_STYLE, "pushed the paragraph towards opinion"),
    ]
    cells = "".join(
        f'<span style="{style}padding:1px 6px;margin-right:8px">{label}</span>'
        for style, label in items
    )
    return (
        f"<div style='font-family:sans-serif;font-size:0.85em;margin:4px 0'>Legend: {cells}</div>"
    )
