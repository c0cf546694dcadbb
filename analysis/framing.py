"""Framing: the vocabulary that sets commentary apart from reporting.

``distinctive_terms`` is the weighted log-odds ratio with an informative Dirichlet
prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words", Political Analysis 16(4)),
on unigram and bigram counts from scikit-learn's ``CountVectorizer``, sparse
throughout. ``keyword_in_context`` shows where a term is used, so a reader can judge it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

__all__ = ["distinctive_terms", "keyword_in_context", "log_odds_dirichlet"]


def log_odds_dirichlet(
    counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al.'s log-odds ratio of each word, group a against group b, and its z-score.

    With ``y`` the counts, ``n`` the group totals, ``α`` the prior pseudo-counts and
    ``α0 = Σα``:

        δ = log[(y_a + α) / (n_a + α0 - y_a - α)] - log[(y_b + α) / (n_b + α0 - y_b - α)]
        σ² ≈ 1 / (y_a + α) + 1 / (y_b + α),   z = δ / σ

    >>> delta, z = log_odds_dirichlet(np.array([3.0, 1.0]), np.array([1.0, 3.0]),
    ...                               np.array([1.0, 1.0]))
    >>> delta.round(4).tolist(), z.round(4).tolist()
    ([1.3863, -1.3863], [1.6008, -1.6008])
    """
    counts_a, counts_b, prior = (np.asarray(v, dtype=float) for v in (counts_a, counts_b, prior))
    n_a, n_b, alpha0 = counts_a.sum(), counts_b.sum(), prior.sum()
    log_a = np.log(counts_a + prior) - np.log(n_a + alpha0 - counts_a - prior)
    log_b = np.log(counts_b + prior) - np.log(n_b + alpha0 - counts_b - prior)
    delta = log_a - log_b
    z = delta / np.sqrt(1 / (counts_a + prior) + 1 / (counts_b + prior))
    return delta, z


def distinctive_terms(
    frame: pd.DataFrame,
    *,
    group_col: str = "section",
    first: str = "commentary",
    second: str = "reporting",
    text_col: str = "text",
    background: Sequence[str] | None = None,
    prior_scale: float = 1.0,
    min_count: int = 2,
    ngram_range: tuple[int, int] = (1, 2),
) -> pd.DataFrame:
    """Terms that set ``first`` apart from ``second``, with log-odds and z-scores.

    A positive z favours ``first`` (commentary), a negative one ``second`` (reporting);
    |z| > 1.96 is the conventional threshold. The prior's pseudo-counts come from the
    whole table (both groups) or from ``background`` texts, scaled so that they add
    up to ``prior_scale`` times the background's word count.

    Args:
        background: texts of a background corpus for the prior; ``None``: the table's.
        prior_scale: weight of the prior against the data (1: as many pseudo-counts as
            background words).
        min_count: a term must occur at least this often in the two groups together.
        ngram_range: word n-grams counted, after English stop words are removed.

    Returns:
        One row per term, most distinctive for ``first`` first: ``term``, ``count_<first>``,
        ``count_<second>``, ``log_odds``, ``z``, ``favours``.
    """
    labels = frame[group_col].astype(str)
    texts = frame.loc[labels.isin([first, second]), text_col].fillna("").astype(str)
    in_first = (labels[texts.index] == first).to_numpy()
    if not in_first.any() or in_first.all():
        raise ValueError(
            f"distinctive_terms needs rows of both {first!r} and {second!r} in {group_col!r}"
        )
    vectorizer = CountVectorizer(ngram_range=ngram_range, stop_words="english")
    matrix = vectorizer.fit_transform(texts)  # sparse: rows x vocabulary
    counts_a = np.asarray(matrix[in_first].sum(axis=0)).ravel()
    counts_b = np.asarray(matrix[~in_first].sum(axis=0)).ravel()
    if background is None:
        prior = counts_a + counts_b
    else:
        prior = np.asarray(vectorizer.transform(list(background)).sum(axis=0)).ravel()
    prior = prior.astype(float)
    if prior.sum() == 0:
        raise ValueError("the background corpus shares no term with the texts compared")
    # Unseen in the background: a small pseudo-count, so every log stays finite.
    prior = np.where(prior > 0, prior, 0.01)
    prior *= prior_scale * (counts_a.sum() + counts_b.sum() if background is None else
                            prior.sum()) / prior.sum()  # fmt: skip
    delta, z = log_odds_dirichlet(counts_a, counts_b, prior)
    table = pd.DataFrame(
        {
            "term": vectorizer.get_feature_names_out(),
            f"count_{first}": counts_a.astype(int),
            f"count_{second}": counts_b.astype(int),
            "log_odds": delta,
            "z": z,
        }
    )
    table = table[table[f"count_{first}"] + table[f"count_{second}"] >= min_count]
    table["favours"] = np.where(table["z"] > 0, first, second)
    return table.sort_values("z", ascending=False, ignore_index=True)


def keyword_in_context(
    frame: pd.DataFrame,
    term: str,
    *,
    text_col: str = "text",
    width: int = 45,
    limit: int = 3,
    keep: Sequence[str] = ("article_id", "paragraph_id", "section"),
) -> pd.DataFrame:
    """Up to ``limit`` lines showing ``term`` in its context, ``width`` characters each side.

    Words of a bigram may be separated by stop words in the text ("war in Ukraine" for
    "war ukraine"), so up to three words may stand between them.

    >>> rows = pd.DataFrame({"text": ["The West's failing war in Ukraine goes on."],
    ...                      "section": ["commentary"]})
    >>> keyword_in_context(rows, "war ukraine", keep=["section"])["line"].tolist()
    ["The West's failing [war in Ukraine] goes on."]
    """
    words = [re.escape(w) for w in term.split()]
    gap = r"\W+(?:\w+\W+){0,3}?"
    pattern = re.compile(rf"\b{gap.join(words)}\b", re.IGNORECASE)
    lines = []
    for index, text in frame[text_col].fillna("").items():
        for match in pattern.finditer(text):
            left = text[max(0, match.start() - width) : match.start()]
            right = text[match.end() : match.end() + width]
            line = f"{left}[{match.group()}]{right}".replace("\n", " ")
            lines.append({**{k: frame.at[index, k] for k in keep}, "term": term, "line": line})
            if len(lines) >= limit:
                return pd.DataFrame(lines)
    return pd.DataFrame(lines, columns=[*keep, "term", "line"])
