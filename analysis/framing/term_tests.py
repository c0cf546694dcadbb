"""Which terms differ between commentary and reporting beyond chance.

Labels are given per paragraph, and paragraphs of one article are not independent, so the
null hypothesis is the design's own: within each article, which paragraphs are commentary
is random (each article keeps its number of commentary paragraphs). For each term the test
statistic is the number of target paragraphs that contain it. Under that null it is a sum
over articles of hypergeometric counts, whose mean and variance are known: the p-value is
exact (the convolution of the articles' distributions) for terms found in few articles,
and from the normal approximation, with a continuity correction, for the rest. The
p-values are adjusted with Benjamini and Hochberg's false-discovery-rate procedure, and
the whole procedure is run again on label-shuffled corpora, so a count of distinctive
terms comes with what chance alone would give: "N terms pass; by chance about M would".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy import stats

__all__ = ["EXACT_VARIANCE", "PresenceTest", "ShuffledCounts"]

# Below this null variance a term's count is too discrete for the normal approximation, and
# its exact distribution is computed (such terms are in few articles, so this is cheap).
EXACT_VARIANCE = 9.0


@dataclass(frozen=True)
class ShuffledCounts:
    """How many terms pass on each side when the labels are shuffled within articles."""

    target: np.ndarray  # one count per shuffle
    reference: np.ndarray

    def describe(self, side: str) -> tuple[float, int]:
        """The mean and the 95th percentile of the counts of one side."""
        counts = self.target if side == "target" else self.reference
        if not len(counts):
            return (np.nan, 0)
        return float(counts.mean()), int(np.percentile(counts, 95))


class PresenceTest:
    """The within-article test of every term at once.

    ``presence`` is a paragraphs x terms matrix (nonzero where the paragraph contains the
    term), ``articles`` the article number of each paragraph (0, 1, ...), ``labels`` True
    for target (commentary) paragraphs.

    >>> presence = sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 1], [1, 1]]))
    >>> test = PresenceTest(presence, np.array([0, 0, 1, 1]), np.array([True, False, True, False]))
    >>> test.expected.tolist(), test.observed().tolist()
    ([1.5, 1.5], [1.0, 1.0])
    """

    def __init__(self, presence: sp.spmatrix, articles: np.ndarray, labels: np.ndarray):
        presence = sp.csr_matrix(presence)
        if (presence.data == 0).any():  # stored zeros are absences
            presence = presence.copy()
            presence.eliminate_zeros()
        # Ones where a count is: the counts' own index arrays, no copy of them.
        self.presence = sp.csr_matrix(
            (np.ones(presence.nnz), presence.indices, presence.indptr), shape=presence.shape
        )
        self.articles = np.asarray(articles)
        self.labels = np.asarray(labels, dtype=bool)
        n_articles = int(self.articles.max()) + 1 if len(self.articles) else 0
        size = np.bincount(self.articles, minlength=n_articles).astype(float)
        chosen = np.bincount(self.articles, weights=self.labels, minlength=n_articles)
        self._size, self._chosen = size, chosen
        # Only articles with both kinds of paragraph carry evidence under this null.
        self.articles_with_both = int(((chosen > 0) & (chosen < size)).sum())
        member = sp.csr_matrix(
            (np.ones(len(self.articles)), (self.articles, np.arange(len(self.articles)))),
            shape=(n_articles, len(self.articles)),
        )
        per_article = (member @ self.presence).tocsc()  # articles x terms: paragraphs with it
        self.expected = np.asarray(per_article.T @ (chosen / np.maximum(size, 1))).ravel()
        # Hypergeometric variance per article, summed: c (N - c) / (N - 1) * k/N * (1 - k/N)
        weight = np.where(size > 1, chosen * (size - chosen) / np.maximum(size - 1, 1), 0.0)
        weight = weight / np.maximum(size, 1) ** 2
        variance = np.asarray(per_article.T @ (weight * size)).ravel()
        variance -= np.asarray(per_article.multiply(per_article).T @ weight).ravel()
        self.variance = np.maximum(variance, 0.0)
        self._exact_tables(per_article)
        self._by_article = np.argsort(self.articles, kind="stable")

    def _exact_tables(self, per_article: sp.csc_matrix) -> None:
        """Exact null distributions of the low-variance terms, as flat tail sums."""
        n_terms = per_article.shape[1]
        random = (self._chosen > 0) & (self._chosen < self._size)
        whole = (self._chosen == self._size) & (self._size > 0)  # articles all target
        fixed = np.asarray(per_article.T @ whole.astype(float)).ravel()
        self.exact = self.variance < EXACT_VARIANCE
        self._low = np.zeros(n_terms, dtype=np.int64)
        self._offset = np.zeros(n_terms, dtype=np.int64)
        self._length = np.ones(n_terms, dtype=np.int64)
        lower, upper, position = [], [], 0
        cache: dict[tuple[int, int, int], tuple[int, np.ndarray]] = {}
        for term in np.flatnonzero(self.exact):
            start, end = per_article.indptr[term], per_article.indptr[term + 1]
            rows = per_article.indices[start:end]
            counts = per_article.data[start:end].astype(int)
            keep = random[rows]
            pmf, low = np.ones(1), int(round(fixed[term]))
            for article, k in zip(rows[keep], counts[keep], strict=True):
                key = (int(self._size[article]), int(k), int(self._chosen[article]))
                if key not in cache:
                    size, containing, drawn = key
                    first = max(0, drawn + containing - size)
                    values = np.arange(first, min(containing, drawn) + 1)
                    cache[key] = (first, stats.hypergeom.pmf(values, size, containing, drawn))
                first, part = cache[key]
                pmf = np.convolve(pmf, part)
                low += first
            cumulative = np.cumsum(pmf)
            lower.append(cumulative)
            upper.append(np.concatenate([[1.0], 1.0 - cumulative[:-1]]))
            self._low[term], self._offset[term], self._length[term] = low, position, len(pmf)
            position += len(pmf)
        self._lower = np.concatenate(lower) if lower else np.zeros(0)
        self._upper = np.concatenate(upper) if upper else np.zeros(0)

    def observed(self, labels: np.ndarray | None = None) -> np.ndarray:
        """Target paragraphs containing each term (for ``labels``, else the real ones)."""
        labels = self.labels if labels is None else labels
        return np.asarray(self.presence.T @ np.asarray(labels, dtype=float)).ravel()

    def z(self, counts: np.ndarray) -> np.ndarray:
        """Standardised counts: positive where the target uses the term more than chance."""
        sd = np.sqrt(self.variance)
        return np.divide(counts - self.expected, sd, out=np.zeros(len(counts)), where=sd > 0)

    def p_values(self, counts: np.ndarray) -> np.ndarray:
        """Two-sided p-values: twice the smaller tail, at most 1."""
        p = np.ones(len(counts))
        sd = np.sqrt(self.variance)
        normal = ~self.exact & (sd > 0)
        distance = np.abs(counts[normal] - self.expected[normal]) - 0.5
        p[normal] = np.minimum(1.0, 2 * stats.norm.sf(np.maximum(distance, 0) / sd[normal]))
        exact = np.flatnonzero(self.exact)
        step = np.rint(counts[exact]).astype(np.int64) - self._low[exact]
        step = np.clip(step, 0, self._length[exact] - 1)
        index = self._offset[exact] + step
        if len(index):
            tails = np.minimum(self._lower[index], self._upper[index])
            p[exact] = np.clip(2 * tails, 0.0, 1.0)
        return p

    def adjusted(self, labels: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(q_values, z)`` for ``labels``: Benjamini-Hochberg adjusted p-values and the
        standardised counts (their sign says which side the term favours)."""
        counts = self.observed(labels)
        q = stats.false_discovery_control(self.p_values(counts)) if len(counts) else counts
        return q, self.z(counts)

    def shuffled(self, rng: np.random.Generator) -> np.ndarray:
        """The labels shuffled within each article: each keeps its number of targets."""
        order = np.lexsort((rng.random(len(self.articles)), self.articles))
        labels = np.empty_like(self.labels)
        labels[self._by_article] = self.labels[order]
        return labels

    def by_chance(self, *, fdr: float = 0.05, n: int = 200, seed: int = 0) -> ShuffledCounts:
        """The number of terms passing on each side in ``n`` label-shuffled corpora."""
        rng = np.random.default_rng(seed)
        target, reference = [], []
        for _ in range(n):
            q, z = self.adjusted(self.shuffled(rng))
            target.append(int(((q <= fdr) & (z > 0)).sum()))
            reference.append(int(((q <= fdr) & (z < 0)).sum()))
        return ShuffledCounts(np.array(target), np.array(reference))
