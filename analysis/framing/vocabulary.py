"""Distinctive vocabulary: the words that set commentary apart from reporting.

``distinctive_terms`` measures each word and two-word phrase twice. How much more often one
side uses it is the weighted log-odds ratio with an informative Dirichlet prior (Monroe,
Colaresi and Quinn 2008, "Fightin' Words", Political Analysis 16(4)), on counts from
scikit-learn's ``CountVectorizer``. Whether that is more than chance is the within-article
presence test of :mod:`analysis.framing.term_tests`, with Benjamini-Hochberg control of the
false-discovery rate and, for comparison, what label-shuffled corpora give.
``keyword_in_context`` shows where a term is used, so a reader can judge it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from .term_tests import PresenceTest

__all__ = [
    "ARTICLE_TERMS_ROWS",
    "CHANCE_ROWS",
    "article_terms",
    "DistinctiveTerms",
    "chance_shuffles",
    "describe_distinctive",
    "distinctive_terms",
    "keyword_in_context",
    "log_odds_dirichlet",
    "term_vectorizer",
    "tied_terms",
    "top_distinctive",
]


def log_odds_dirichlet(
    counts_a: np.ndarray,
    counts_b: np.ndarray,
    prior: np.ndarray,
    prior_b: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al.'s log-odds ratio of each word, group a against group b, and its z-score.

    With ``y`` the counts, ``n`` the group totals, ``α`` the prior pseudo-counts (``prior``
    for group a, ``prior_b`` for group b, the same when not given) and ``α0 = Σα``:

        δ = log[(y_a + α) / (n_a + α0 - y_a - α)] - log[(y_b + α) / (n_b + α0 - y_b - α)]
        σ² ≈ 1 / (y_a + α) + 1 / (y_b + α),   z = δ / σ

    The z-score is Monroe et al.'s; it is not calibrated for rare words (a word seen twice,
    both times in the smaller group, often passes 1.96 by chance), so
    :func:`distinctive_terms` tests terms with :mod:`analysis.framing.term_tests` instead.

    >>> delta, z = log_odds_dirichlet(np.array([3.0, 1.0]), np.array([1.0, 3.0]),
    ...                               np.array([1.0, 1.0]))
    >>> delta.round(4).tolist(), z.round(4).tolist()
    ([1.3863, -1.3863], [1.6008, -1.6008])
    """
    prior_b = prior if prior_b is None else prior_b
    counts_a, counts_b, prior_a, prior_b = (
        np.asarray(v, dtype=float) for v in (counts_a, counts_b, prior, prior_b)
    )
    n_a, n_b = counts_a.sum(), counts_b.sum()
    log_a = np.log(counts_a + prior_a) - np.log(n_a + prior_a.sum() - counts_a - prior_a)
    log_b = np.log(counts_b + prior_b) - np.log(n_b + prior_b.sum() - counts_b - prior_b)
    delta = log_a - log_b
    z = delta / np.sqrt(1 / (counts_a + prior_a) + 1 / (counts_b + prior_b))
    return delta, z


@dataclass
class DistinctiveTerms:
    """Every term with its effect and its test (``table``), and per side how many pass
    against how many would by chance (``summary``, one row per side)."""

    table: pd.DataFrame
    summary: pd.DataFrame

    def headline(self) -> str:
        """What the test found, in words (the report says the same)."""
        return describe_distinctive(self.summary)


def describe_distinctive(summary: pd.DataFrame) -> str:
    """The finding of a :class:`DistinctiveTerms` summary in one or two sentences.

    >>> summary = pd.DataFrame({"side": ["commentary", "reporting"], "tested": [472, 472],
    ...     "passing": [0, 0], "by_chance": [0.0, 0.0], "by_chance_95": [0, 0], "fdr": [0.05] * 2,
    ...     "shuffles": [200] * 2, "articles_with_both": [1] * 2, "target_paragraphs": [2] * 2})
    >>> describe_distinctive(summary)
    'No term distinguishes commentary from reporting: 0 of 472 pass at a 5% false-discovery rate (1 article holds both, with 2 commentary paragraphs: too little evidence for any word to stand out).'
    """  # noqa: E501
    rows = summary.set_index("side")
    target, reference = rows.index[0], rows.index[1]
    first = rows.iloc[0]
    rate = f"{first['fdr']:.0%}"
    if not rows["passing"].any():
        text = (
            f"No term distinguishes {target} from {reference}: 0 of {int(first['tested']):,} "
            f"pass at a {rate} false-discovery rate"
        )
        articles, paragraphs = int(first["articles_with_both"]), int(first["target_paragraphs"])
        if articles < 10 or paragraphs < 20:
            text += (
                f" ({articles} article{' holds' if articles == 1 else 's hold'} both, with "
                f"{paragraphs} {target} paragraph{'' if paragraphs == 1 else 's'}: too little "
                "evidence for any word to stand out)"
            )
        return text + "."
    parts = []
    for side, row in rows.iterrows():
        parts.append(
            f"{int(row['passing']):,} term{'s' if row['passing'] != 1 else ''} favour {side} "
            f"(by chance about {row['by_chance']:.1f} would)"
        )
    if 0 < int(first["shuffles"]) < 200:  # a large corpus: fewer shuffles, said
        parts[-1] += f", over {int(first['shuffles'])} label-shuffled corpora"
    return (
        f"Of {int(first['tested']):,} terms, at a {rate} false-discovery rate: "
        + "; ".join(parts)
        + "."
    )


# Label-shuffled corpora for the chance counts: every shuffle retests every term, so above
# this many paragraphs fewer are drawn (the summary says how many), keeping the cost flat.
CHANCE_ROWS = 100_000


def chance_shuffles(n_rows: int, *, most: int = 200, least: int = 50) -> int:
    """How many label-shuffled corpora give the chance counts of a table of ``n_rows``:
    ``most`` up to :data:`CHANCE_ROWS` rows, then fewer in proportion, at least ``least``.

    >>> chance_shuffles(20), chance_shuffles(400_000), chance_shuffles(2_000_000)
    (200, 50, 50)
    """
    return max(least, min(most, round(most * CHANCE_ROWS / max(n_rows, 1))))


def term_vectorizer(
    *, ngram_range: tuple[int, int] = (1, 2), vocabulary: Sequence[str] | None = None
) -> CountVectorizer:
    """What a term is, for every count of terms: words of two or more characters that start
    with a letter ("12th" and "1991" are not vocabulary) and their ``ngram_range`` n-grams,
    after English stop words are removed; only ``vocabulary`` when it is given.

    >>> term_vectorizer(ngram_range=(1, 1)).fit(["The 12th reckless visit"]).vocabulary_
    {'reckless': 0, 'visit': 1}
    """
    return CountVectorizer(
        ngram_range=ngram_range,
        stop_words="english",
        token_pattern=r"(?u)\b[^\W\d_]\w+\b",
        vocabulary=None if vocabulary is None else list(dict.fromkeys(vocabulary)),
        dtype=np.int32,  # counts in a paragraph; half the memory of the default
    )


def _prior_shares(vectorizer, background, kept: np.ndarray, n_terms: int) -> np.ndarray:
    """Each kept term's share of the prior: the same for every term, or its share of the
    ``background`` texts."""
    if background is None:
        # The same small share for every term: a pooled share would grow with the term's
        # own counts, and a term one side never uses would get one log-odds however often
        # the other side uses it.
        shares = np.full(n_terms, 1 / max(n_terms, 1))
    else:
        found = np.asarray(vectorizer.transform(list(background)).sum(axis=0)).ravel()[kept]
        if found.sum() == 0:
            raise ValueError("the background corpus shares no term with the texts compared")
        # Unseen in the background: a small share, so every log stays finite.
        shares = np.where(found > 0, found, 0.01) / np.where(found > 0, found, 0.01).sum()
    return np.maximum(shares, 1e-12)


def _strongest_first(table: pd.DataFrame, target: str, reference: str) -> pd.DataFrame:
    """The term table with the side each term favours, most distinctive for ``target``
    first."""
    table["favours"] = np.where(table["z"] > 0, target, reference)
    table.loc[table["z"] == 0, "favours"] = np.where(
        table.loc[table["z"] == 0, "log_odds"] > 0, target, reference
    )
    # Ties in z (common for rare terms): single words before phrases, then alphabetically.
    order = table.assign(words=table["term"].str.count(" ") + 1)
    order = order.sort_values(["z", "words", "term"], ascending=[False, True, True])
    return order.drop(columns="words").reset_index(drop=True)


def distinctive_terms(
    frame: pd.DataFrame,
    *,
    category_col: str = "section",
    target: str = "commentary",
    reference: str = "reporting",
    text_col: str = "text",
    article_col: str = "article_id",
    background: Sequence[str] | None = None,
    prior_scale: float = 1.0,
    min_count: int = 1,
    ngram_range: tuple[int, int] = (1, 2),
    fdr: float = 0.05,
    shuffles: int | None = None,
    seed: int = 0,
) -> DistinctiveTerms:
    """Terms that set ``target`` apart from ``reference``: effect, test, and chance.

    ``log_odds`` is how much more often ``target`` uses a term (positive) or ``reference``
    does (negative): the log-odds ratio of the two sides' rates, each rate shrunk toward a
    prior by the same share of its own evidence (pseudo-counts of ``prior_scale`` times its
    word count), so neither side is shrunk more than the other and swapping the sides only
    flips the sign. The prior's shares are the same for every term (so rare terms are
    shrunk most, and a term one side never uses grows more distinctive the more the other
    side uses it), or come from ``background`` texts (Monroe et al.'s informative prior).

    ``z`` and ``p_value`` test it: the number of ``target`` paragraphs containing the term
    against a within-article shuffle of the labels (:class:`~analysis.framing.term_tests.
    PresenceTest`); ``q_value`` is Benjamini-Hochberg adjusted, and ``distinctive`` says it
    is at most ``fdr``. ``summary`` counts the terms that pass on each side and, over
    ``shuffles`` label-shuffled corpora, how many would pass by chance.

    Args:
        background: texts of a background corpus for the prior; ``None``: the table's.
        prior_scale: weight of the prior, as a share of each side's own word count.
        min_count: a term is kept and tested when it occurs at least this often in the two
            sides together (the filter does not look at the labels, so the test stays valid).
        ngram_range: word n-grams counted (words start with a letter), after English stop
            words are removed.
        fdr: the false-discovery rate at which a term is called distinctive.
        shuffles: label-shuffled corpora for the chance counts (0: none; ``None``:
            :func:`chance_shuffles` of the number of rows).
        article_col: the article of each row; without that column, one article.

    Returns:
        ``table``: one row per term, most distinctive for ``target`` first (by ``z``; ties:
        single words before phrases, then alphabetical): ``term``, ``count_<target>``,
        ``count_<reference>``, ``paragraphs_<target>``, ``paragraphs_<reference>``,
        ``log_odds``, ``z``, ``p_value``, ``q_value``, ``distinctive``, ``favours``.
    """
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}")
    if not 0 < fdr < 1:
        raise ValueError(f"fdr must be between 0 and 1, not {fdr}")
    labels = frame[category_col].astype(str).to_numpy()
    keep = np.isin(labels, [target, reference])
    texts = frame[text_col].fillna("").astype(str).to_numpy()[keep]
    in_target = labels[keep] == target
    if not in_target.any() or in_target.all():
        raise ValueError(
            f"distinctive_terms needs rows of both {target!r} and {reference!r} in {category_col!r}"
        )
    vectorizer = term_vectorizer(ngram_range=ngram_range)
    matrix = vectorizer.fit_transform(texts)  # sparse: rows x vocabulary
    totals = np.asarray(matrix.sum(axis=0)).ravel()
    names = vectorizer.get_feature_names_out()
    kept = np.flatnonzero(totals >= min_count)  # label-blind: the test stays valid
    if len(kept) < len(names):  # every term occurs at least once: no copy for min_count 1
        matrix, totals, names = matrix[:, kept], totals[kept], names[kept]
    # Sums by group as products with the labels, not copies of each group's rows.
    counts_a = np.asarray(matrix.T @ in_target.astype(np.int64)).ravel()
    counts_b = totals - counts_a
    n_a, n_b = counts_a.sum(), counts_b.sum()
    shares = _prior_shares(vectorizer, background, kept, len(names))
    delta, _ = log_odds_dirichlet(
        counts_a, counts_b, prior_scale * n_a * shares, prior_scale * n_b * shares
    )
    if article_col in frame:
        articles = pd.factorize(frame.loc[keep, article_col])[0]
    else:  # a table of one article's paragraphs
        articles = np.zeros(int(keep.sum()), dtype=np.int64)
    test = PresenceTest(matrix, articles, in_target)
    del matrix  # the test keeps which paragraphs hold each term, all that is needed now
    q, z = test.adjusted()
    present = test.observed()
    p = test.p_values(present)
    in_b = np.asarray(test.presence.T @ (~in_target).astype(float)).ravel().round()
    table = pd.DataFrame(
        {
            "term": names,
            f"count_{target}": counts_a.astype(int),
            f"count_{reference}": counts_b.astype(int),
            f"paragraphs_{target}": present.astype(int),
            f"paragraphs_{reference}": in_b.astype(int),
            "log_odds": delta,
            "z": z,
            "p_value": p,
            "q_value": q,
            "distinctive": q <= fdr,
        }
    )
    table = _strongest_first(table, target, reference)
    shuffles = chance_shuffles(len(in_target)) if shuffles is None else shuffles
    chance = test.by_chance(fdr=fdr, n=shuffles, seed=seed) if shuffles and len(p) else None
    with_both = test.articles_with_both
    summary = pd.DataFrame(
        [
            {
                "side": side,
                "tested": len(table),
                "passing": int((table["distinctive"] & (table["favours"] == side)).sum()),
                "by_chance": chance.describe(role)[0] if chance else np.nan,
                "by_chance_95": chance.describe(role)[1] if chance else np.nan,
                "fdr": fdr,
                "shuffles": shuffles if chance else 0,
                "articles_with_both": with_both,
                "target_paragraphs": int(in_target.sum()),
            }
            for side, role in ((target, "target"), (reference, "reference"))
        ]
    )
    return DistinctiveTerms(table, summary)


def top_distinctive(table: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The ``n`` strongest distinctive terms (largest log-odds) on each side of a
    :func:`distinctive_terms` table, among those that pass the test only.

    This is the table the diverging bar chart draws, so the two always agree: the first
    side strongest first, then the other side from its weakest to its strongest.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    target, reference = (c.removeprefix("count_") for c in table.columns if c.startswith("count_"))
    passing = table[table["distinctive"]]
    order = ["log_odds", "term"]
    top_target = passing[passing["favours"] == target].sort_values(order, ascending=[False, True])
    top_reference = passing[passing["favours"] == reference].sort_values(order)
    return pd.concat([top_target.head(n), top_reference.head(n)[::-1]]).reset_index(drop=True)


def tied_terms(table: pd.DataFrame, top: pd.DataFrame) -> pd.DataFrame:
    """The distinctive terms not drawn in ``top`` whose log-odds equals that of the weakest
    term drawn on their side: the chart could as well have drawn them.

    ``top`` is :func:`top_distinctive` output; the notebook lists these under the chart and
    the report counts them, so both name the same terms.

    >>> table = pd.DataFrame({"term": ["a", "b", "c", "d"], "count_x": [2, 1, 1, 0],
    ...     "count_y": [0, 0, 0, 3], "log_odds": [2.0, 1.0, 1.0, -2.0], "distinctive": True,
    ...     "favours": ["x", "x", "x", "y"]})
    >>> tied_terms(table, top_distinctive(table, n=2))["term"].tolist()
    ['c']
    """
    if top.empty:
        return table.iloc[0:0]
    rest = table[table["distinctive"] & ~table["term"].isin(top["term"])]
    weakest = top.assign(strength=top["log_odds"].abs()).groupby("favours")["strength"].min()
    return rest[rest["favours"].map(weakest) == rest["log_odds"].abs()]


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
        found = [
            keyword_in_context(frame, t, text_col=text_col, width=width, limit=limit, keep=keep)
            for t in term
        ]
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


def article_terms(
    frame: pd.DataFrame,
    *,
    n: int = 5,
    vocabulary: Sequence[str] | None = None,
    category_col: str = "section",
    target: str = "commentary",
    reference: str = "reporting",
    text_col: str = "text",
    article_col: str = "article_id",
    ngram_range: tuple[int, int] = (1, 2),
) -> pd.Series:
    """Each article's most distinctive ``target`` terms: the ``n`` its ``target`` uses most
    over its own ``reference``, strongest first, as a list per article (empty for an article
    without ``target`` or ``reference`` words).

    Within one article, the log-odds ratio of :func:`log_odds_dirichlet` of each term the
    ``target`` uses, its ``target`` against its ``reference``, each side shrunk toward the
    same small share for every term by as many pseudo-counts as it has words (the prior of
    :func:`distinctive_terms`): the more often the commentary uses a term and the less its
    own reporting does, the higher it ranks, whatever the term's frequency elsewhere (a
    prior from the corpus's own shares would rank a word used once, if rare, above one
    repeated). Terms the reporting uses as much are left out. Ties: single words before
    phrases, then alphabetical. Ranked by the log-odds, not its z-score: within one article
    the z-score ranks the words both sides use often first, whatever the commentary says.
    Descriptive, not tested: a few paragraphs cannot carry a test per article.
    ``vocabulary`` restricts the terms (e.g. to a :func:`distinctive_terms` table's).

    >>> rows = pd.DataFrame({"article_id": ["a", "a", "a", "b", "b"],
    ...     "section": ["reporting", "commentary", "commentary", "reporting", "commentary"],
    ...     "text": ["The minister visited Minsk.", "A reckless, reckless visit.",
    ...              "Reckless diplomacy.", "Talks went on.", "Talks failed again."]})
    >>> article_terms(rows, n=2, ngram_range=(1, 1)).to_dict()
    {'a': ['reckless', 'diplomacy'], 'b': ['failed']}
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    labels = frame[category_col].astype(str).to_numpy()
    keep = np.isin(labels, [target, reference])
    ids, articles = pd.factorize(frame.loc[keep, article_col])
    if (ids < 0).any():
        raise ValueError(
            f"{(ids < 0).sum():,} rows have no {article_col}: give every row its article"
        )
    texts = frame.loc[keep, text_col].fillna("").astype(str)
    in_target = labels[keep] == target
    vectorizer = term_vectorizer(ngram_range=ngram_range, vocabulary=vocabulary)
    try:
        if vocabulary is None:  # the terms are the table's own: counted in one pass
            matrix = vectorizer.fit_transform(texts)
            parts = [(np.arange(len(ids)), matrix)]
        else:  # a fixed vocabulary: a part of the articles at a time, in bounded memory
            vectorizer.fit([""])
            parts = (
                (rows, vectorizer.transform(texts.iloc[rows]))
                for rows in _article_parts(ids, len(articles), ARTICLE_TERMS_ROWS)
            )
        names = vectorizer.get_feature_names_out()
        # Ties: single words before phrases, then alphabetical; ranks per vocabulary term.
        ties = (
            np.array([term.count(" ") for term in names], dtype=np.int64),
            np.argsort(np.argsort(names, kind="stable"), kind="stable"),
        )
        ranked = []
        for rows, matrix in parts:
            ranked += _ranked_terms(matrix, ids[rows], in_target[rows], names, ties, n)
    except ValueError:  # no term at all (empty vocabulary)
        return pd.Series([[] for _ in articles], index=pd.Index(articles, name=article_col))
    lists = dict(ranked)
    return pd.Series(
        [lists.get(i, []) for i in range(len(articles))],
        index=pd.Index(articles, name=article_col),
        dtype=object,
    )


# Rows vectorised at a time when the vocabulary is fixed: whole articles, about this many.
ARTICLE_TERMS_ROWS = 200_000


def _article_parts(ids: np.ndarray, n_articles: int, rows: int) -> Iterator[np.ndarray]:
    """The row positions of consecutive groups of whole articles, about ``rows`` rows each."""
    per_article = np.bincount(ids, minlength=n_articles)
    bounds = np.searchsorted(np.cumsum(per_article), np.arange(rows, per_article.sum(), rows))
    edges = np.unique(np.concatenate([[0], bounds + 1, [n_articles]]))
    order = np.argsort(ids, kind="stable")
    cuts = np.searchsorted(ids[order], edges)
    for start, stop in zip(cuts[:-1], cuts[1:], strict=True):
        if stop > start:
            yield np.sort(order[start:stop])


def _ranked_terms(
    matrix: sp.spmatrix,
    ids: np.ndarray,
    in_target: np.ndarray,
    names: np.ndarray,
    ties: tuple[np.ndarray, np.ndarray],
    n: int,
) -> list[tuple[int, list[str]]]:
    """``(article code, its n strongest target terms)`` for the articles in ``ids``."""
    codes, local = np.unique(ids, return_inverse=True)

    # Articles x terms, each side summed by a sparse product with its rows' articles.
    def by_article(rows: np.ndarray) -> sp.csr_matrix:
        member = sp.csr_matrix(
            (np.ones(rows.sum()), (local[rows], np.flatnonzero(rows))),
            shape=(len(codes), len(ids)),
        )
        return (member @ matrix).tocsr()

    own, other = by_article(in_target), by_article(~in_target)
    shares = np.full(len(names), 1 / max(len(names), 1))  # the same for every term
    n_own = np.asarray(own.sum(axis=1)).ravel()
    n_other = np.asarray(other.sum(axis=1)).ravel()
    rows, cols = own.nonzero()
    y_a = np.asarray(own[rows, cols]).ravel().astype(float)
    y_b = np.asarray(other[rows, cols]).ravel().astype(float)
    # The prior per article and side: its own word count, shared out alike.
    a_a, a_b = n_own[rows] * shares[cols], n_other[rows] * shares[cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_a + a_a) / (2 * n_own[rows] - y_a - a_a)) - np.log(
            (y_b + a_b) / (2 * n_other[rows] - y_b - a_b)
        )
    usable = np.isfinite(delta) & (delta > 0) & (n_other[rows] > 0)
    rows, cols, delta = rows[usable], cols[usable], delta[usable]
    # Strongest first within each article (rounded: equal counts give equal log-odds).
    words, alphabetical = ties
    order = np.lexsort((alphabetical[cols], words[cols], -np.round(delta, 9), rows))
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(len(codes)))
    ends = np.searchsorted(rows, np.arange(len(codes)), side="right")
    return [
        (int(code), names[cols[s : min(e, s + n)]].tolist())
        for code, s, e in zip(codes, starts, ends, strict=True)
    ]
