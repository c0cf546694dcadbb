"""Distinctive vocabulary: the words that set commentary apart from reporting.

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

__all__ = [
    "distinctive_terms",
    "keyword_in_context",
    "log_odds_dirichlet",
    "tied_terms",
    "top_distinctive",
]


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
    category_col: str = "section",
    target: str = "commentary",
    reference: str = "reporting",
    text_col: str = "text",
    background: Sequence[str] | None = None,
    prior_scale: float = 1.0,
    min_count: int = 1,
    ngram_range: tuple[int, int] = (1, 2),
) -> pd.DataFrame:
    """Terms that set ``target`` apart from ``reference``, with log-odds and z-scores.

    A positive z favours ``target`` (commentary), a negative one ``reference`` (reporting);
    |z| > 1.96 is the conventional threshold. The prior's shares come from the whole
    table (both groups) or from ``background`` texts; its pseudo-counts add up to
    ``prior_scale`` times the word count of the smaller group.

    Args:
        background: texts of a background corpus for the prior; ``None``: the table's.
        prior_scale: weight of the prior (1: as many pseudo-counts as the smaller group
            has words).
        min_count: a term must occur at least this often in the two groups together (the
            prior already keeps rare terms from topping the list by chance).
        ngram_range: word n-grams counted (words start with a letter), after English stop
            words are removed.

    Returns:
        One row per term, most distinctive for ``target`` first (ties: single words before
        phrases, then alphabetical): ``term``, ``count_<target>``, ``count_<reference>``,
        ``log_odds``, ``z``, ``favours``.
    """
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}")
    labels = frame[category_col].astype(str).to_numpy()
    keep = np.isin(labels, [target, reference])
    texts = frame[text_col].fillna("").astype(str).to_numpy()[keep]
    in_target = labels[keep] == target
    if not in_target.any() or in_target.all():
        raise ValueError(
            f"distinctive_terms needs rows of both {target!r} and {reference!r} in {category_col!r}"
        )
    # Words of two or more characters that start with a letter: "12th" and "1991" are not
    # vocabulary.
    vectorizer = CountVectorizer(
        ngram_range=ngram_range, stop_words="english", token_pattern=r"(?u)\b[^\W\d_]\w+\b"
    )
    matrix = vectorizer.fit_transform(texts)  # sparse: rows x vocabulary
    counts_a = np.asarray(matrix[in_target].sum(axis=0)).ravel()
    counts_b = np.asarray(matrix[~in_target].sum(axis=0)).ravel()
    if background is None:
        prior = counts_a + counts_b
    else:
        prior = np.asarray(vectorizer.transform(list(background)).sum(axis=0)).ravel()
    prior = prior.astype(float)
    if prior.sum() == 0:
        raise ValueError("the background corpus shares no term with the texts compared")
    # Unseen in the background: a small pseudo-count, so every log stays finite.
    prior = np.where(prior > 0, prior, 0.01)
    # alpha0: as many pseudo-counts as the smaller group has words, so the prior weighs
    # like that group's own evidence and neither side is drowned (Monroe et al. leave
    # alpha0 to the analyst).
    prior *= prior_scale * min(counts_a.sum(), counts_b.sum()) / prior.sum()
    delta, z = log_odds_dirichlet(counts_a, counts_b, prior)
    table = pd.DataFrame(
        {
            "term": vectorizer.get_feature_names_out(),
            f"count_{target}": counts_a.astype(int),
            f"count_{reference}": counts_b.astype(int),
            "log_odds": delta,
            "z": z,
        }
    )
    table = table[table[f"count_{target}"] + table[f"count_{reference}"] >= min_count]
    table["favours"] = np.where(table["z"] > 0, target, reference)
    # Ties in z (common for rare terms): single words before phrases, then alphabetically.
    order = table.assign(words=table["term"].str.count(" ") + 1)
    order = order.sort_values(["z", "words", "term"], ascending=[False, True, True])
    return order.drop(columns="words").reset_index(drop=True)


def top_distinctive(table: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The ``n`` most distinctive terms on each side of a ``distinctive_terms`` table.

    This is the table the diverging bar chart draws, so the two always agree.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    if table.empty:
        return table
    target, reference = (c.removeprefix("count_") for c in table.columns if c.startswith("count_"))
    top_target = table[table["favours"] == target].head(n)
    top_reference = table[table["favours"] == reference].tail(n)
    return pd.concat([top_target, top_reference]).reset_index(drop=True)


def tied_terms(table: pd.DataFrame, top: pd.DataFrame) -> pd.DataFrame:
    """The terms of ``table`` not drawn in ``top`` whose |z| equals that of the weakest term
    drawn on their side: the chart could as well have drawn them (rare terms tie often).

    ``top`` is :func:`top_distinctive` output; the notebook lists these under the chart and
    the report counts them, so both name the same terms.

    >>> table = pd.DataFrame({"term": ["a", "b", "c", "d"], "count_x": [2, 1, 1, 0],
    ...                       "count_y": [0, 0, 0, 3], "z": [2.0, 1.0, 1.0, -2.0],
    ...                       "favours": ["x", "x", "x", "y"]})
    >>> tied_terms(table, top_distinctive(table, n=2))["term"].tolist()
    ['c']
    """
    if top.empty:
        return table.iloc[0:0]
    rest = table[~table["term"].isin(top["term"])]
    weakest = top.assign(strength=top["z"].abs()).groupby("favours")["strength"].min()
    return rest[rest["favours"].map(weakest) == rest["z"].abs()]


def keyword_in_context(
    frame: pd.DataFrame,
    term: str | Sequence[str],
    *,
    text_col: str = "text",
    width: int = 45,
    limit: int = 3,
    keep: Sequence[str] = ("article_id", "paragraph_id", "section"),
) -> pd.DataFrame:
    """Up to ``limit`` lines showing ``term`` in its context, ``width`` characters each side;
    for a list of terms, up to ``limit`` lines of each, in the list's order.

    Words of a bigram may be separated by stop words in the text ("war in Ukraine" for
    "war ukraine"), so up to three words may stand between them.

    >>> rows = pd.DataFrame({"text": ["The West's failing war in Ukraine goes on."],
    ...                      "section": ["commentary"]})
    >>> keyword_in_context(rows, "war ukraine", keep=["section"])["line"].tolist()
    ["The West's failing [war in Ukraine] goes on."]
    """
    if not isinstance(term, str):
        found = [keyword_in_context(frame, t, text_col=text_col, width=width, limit=limit,
                                    keep=keep) for t in term]  # fmt: skip
        return pd.concat(found, ignore_index=True) if found else _no_lines(keep)
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
    return pd.DataFrame(lines, columns=[*keep, "term", "line"]) if lines else _no_lines(keep)


def _no_lines(keep: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=[*keep, "term", "line"])
