"""What an article's marked-up view shows, computed once as two tables: its paragraphs with
their opinion probability and rank, and the marks in their text (quoted speech, the
sentiment words TextBlob scored, the words that pushed a paragraph towards opinion).

The notebooks save them (``20-article-paragraphs``, ``20-article-marks``) and the report
draws the article pages from them (:mod:`analysis.report.article_view`), so no page scores
a text again.
"""

from __future__ import annotations

import re

import pandas as pd

from ..load.corpus import Corpus
from ..load.quotes import find_quotes
from ..sentiment.opinion import explain_opinions, score_opinion
from ..sentiment.scores import score_texts

__all__ = [
    "MARK_COLUMNS",
    "OPINION_LEAST",
    "OPINION_WORDS",
    "PARAGRAPH_COLUMNS",
    "article_marks",
    "article_paragraphs",
    "paged_paragraphs",
]

# The words marked as pushing a paragraph towards opinion: its strongest few content words,
# each worth at least this much log-odds (smaller pushes are many and would mark half the
# text). Function words ("is", "their") carry real weight in the model, as tense and person
# do in opinion, but underlined they read as noise; the explanation table keeps them.
OPINION_WORDS = 3
OPINION_LEAST = 0.1

PARAGRAPH_COLUMNS = [
    "article_id",
    "paragraph_id",
    "paragraph",
    "section",
    "marker",
    "text",
    "opinion",
    "opinion_rank",
    "n_ranked",
]
MARK_COLUMNS = ["article_id", "paragraph_id", "kind", "start", "end", "term", "value"]

_PROSE = ("reporting", "commentary")


def article_paragraphs(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Every paragraph of the given articles, in order, with its opinion probability and
    its rank among its article's reporting and commentary paragraphs (1: the most
    opinionated; ``n_ranked`` of them). The probability is the ``opinion`` column when
    the rows have it (the saved scores), else the opinion model's score of the text.

    >>> rows = pd.DataFrame({"article_id": ["a"] * 3, "paragraph_id": ["a:0", "a:1", "a:2"],
    ...     "paragraph": [0, 1, 2], "section": ["title", "reporting", "commentary"],
    ...     "marker": [None, None, "Comment:"], "text": ["T", "It rained.", "Shameful."],
    ...     "opinion": [None, 0.2, 0.9]})
    >>> article_paragraphs(rows)[["opinion_rank", "n_ranked"]].values.tolist()
    [[nan, nan], [2.0, 2.0], [1.0, 2.0]]
    """
    rows = paragraphs.reset_index(drop=True)
    prose = rows["section"].astype(str).isin(_PROSE)
    if "opinion" in rows:
        opinion = pd.to_numeric(rows["opinion"], errors="coerce").where(prose)
    else:
        opinion = pd.Series(float("nan"), index=rows.index)
        opinion[prose] = score_opinion(rows.loc[prose, "text"].tolist())["opinion"].to_numpy()
    ranked = opinion.groupby(rows["article_id"], sort=False)
    table = rows.assign(
        marker=rows.get("marker", None),
        opinion=opinion,
        opinion_rank=ranked.rank(ascending=False, method="min"),
        n_ranked=ranked.transform("count").where(prose),
    )
    return table[PARAGRAPH_COLUMNS]


def paged_paragraphs(
    corpus: Corpus, results: pd.DataFrame, scores: pd.DataFrame, *, pages: int
) -> pd.DataFrame:
    """Every paragraph of the first ``pages`` articles of a per-article table (those that
    differ most: the ones given a page), with the ``opinion`` of the saved ``scores``
    (rows with ``paragraph_id``; titles and captions have none)."""
    chosen = results["article_id"].head(max(pages, 0)).tolist()
    paragraphs = corpus.read("paragraphs", articles=chosen)
    opinion = scores[["paragraph_id", "opinion"]].drop_duplicates("paragraph_id")
    return paragraphs.merge(opinion, on="paragraph_id", how="left")


def _opinion_marks(text: str, words: pd.DataFrame) -> list[tuple[int, int, str, float]]:
    """Where the words that pushed ``text`` hardest towards opinion (``words``, its
    :func:`~analysis.sentiment.opinion.explain_opinions`) occur in it."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    found = []
    chosen = 0
    pairs = zip(words["word"].tolist(), words["contribution"].tolist(), strict=True)
    for word, contribution in pairs:  # the strongest push first
        if contribution < OPINION_LEAST or chosen == OPINION_WORDS:
            break
        if word in ENGLISH_STOP_WORDS or not re.search(r"\w", word):
            continue
        chosen += 1
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        found += [(m.start(), m.end(), word, contribution) for m in pattern.finditer(text)]
    return found


def _sentiment_marks(text: str, terms, polarities) -> list[tuple[int, int, str, float]]:
    """The sentiment words TextBlob scored, matched in order through the text."""
    found, cursor = [], 0
    for term, polarity in zip(terms, polarities, strict=True):
        for word in (w for w in term.split() if w.isalpha()):
            match = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE).search(text, cursor)
            if match:
                found.append((match.start(), match.end(), term, float(polarity)))
                cursor = match.end()
    return found


def article_marks(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The marks of the given paragraphs' text: one row per mark, ``kind`` ``quote``
    (quoted speech), ``sentiment`` (a word TextBlob scored; ``value`` its polarity) or
    ``opinion`` (a word that pushed the paragraph towards opinion; ``value`` its log-odds),
    from character ``start`` to ``end`` of the paragraph's text. Only reporting and
    commentary paragraphs carry quotes and opinion; every paragraph its sentiment words.

    >>> rows = pd.DataFrame({"article_id": ["a"], "paragraph_id": ["a:1"],
    ...     "section": ["commentary"], "quote_continued": [False],
    ...     "text": ['A shameful plan, "we will win," he said.']})
    >>> article_marks(rows)[["kind", "start", "end", "term"]].values.tolist()
    [['quote', 17, 31, ''], ['sentiment', 26, 29, 'win'], ['opinion', 11, 15, 'plan']]
    """
    rows = paragraphs.reset_index(drop=True)
    if rows.empty:
        return pd.DataFrame(columns=MARK_COLUMNS).astype({"start": int, "end": int})
    texts = rows["text"].fillna("").astype(str).tolist()
    scores = score_texts(texts, engines=["textblob"], cache=False, progress=False)
    prose = rows["section"].astype(str).isin(_PROSE).to_numpy()
    explained = iter(explain_opinions([t for t, p in zip(texts, prose, strict=True) if p]))
    continued = rows["quote_continued"] if "quote_continued" in rows else [False] * len(rows)
    marks = []
    for i, text in enumerate(texts):
        keys = (rows["article_id"].iloc[i], rows["paragraph_id"].iloc[i])
        if prose[i]:
            spans = find_quotes(text, 0, len(text), continued=bool(continued[i])).spans
            marks += [(*keys, "quote", start, end, "", float("nan")) for start, end in spans]
        terms = scores["tb_terms"].iloc[i]
        polarities = scores["tb_term_polarity"].iloc[i]
        found = _sentiment_marks(text, list(terms), list(polarities))
        marks += [(*keys, "sentiment", *mark) for mark in found]
        if prose[i]:
            marks += [(*keys, "opinion", *mark) for mark in _opinion_marks(text, next(explained))]
    return pd.DataFrame(marks, columns=MARK_COLUMNS).astype({"start": int, "end": int})
