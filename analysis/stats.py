"""Compare groups of scores honestly: intervals, tests, effect sizes, and when not to.

Everything is built on scipy. Small groups get no interval and no test: the table
says so (``note``) instead of printing a number that means nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from .load.corpus import NO_OUTLET

__all__ = [
    "CLUSTER_BOOTSTRAP_LIMIT",
    "MIN_GROUP",
    "SMALLEST_P",
    "article_differences",
    "bootstrap_ci",
    "cliffs_delta",
    "cluster_mean_ci",
    "compare_groups",
    "delta_magnitude",
    "describe_groups",
    "format_number",
    "format_p",
    "holm",
    "mean_ci",
    "mean_by_outlet",
    "median_ci",
    "within_article_differences",
    "within_article_permutation_test",
    "within_article_summary",
    "share_intervals",
    "wilson_interval",
]

MIN_GROUP = 5  # smallest group that gets an interval and a test
# Below this a p-value is beyond what double precision computes reliably: never print 0.
SMALLEST_P = 1e-16
_LARGE = 5000  # above this many values the mean's interval uses the t distribution


def bootstrap_ci(
    values: Sequence[float],
    *,
    statistic=np.mean,
    confidence: float = 0.95,
    seed: int = 0,
    n_resamples: int = 4999,
) -> tuple[float, float]:
    """Bias-corrected and accelerated (BCa) bootstrap interval of ``statistic``.

    Falls back to the percentile interval when BCa is undefined (for example when
    all values are equal, the interval is that value).

    >>> [round(v, 2) for v in bootstrap_ci([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])]
    [2.17, 4.83]
    """
    data = np.asarray(values, dtype=float)
    if len(data) < 2:
        return (np.nan, np.nan)
    if np.all(data == data[0]):
        return (float(data[0]), float(data[0]))
    result = None
    for method in ("BCa", "percentile"):
        result = stats.bootstrap(
            (data,),
            statistic,
            confidence_level=confidence,
            n_resamples=n_resamples,
            method=method,
            rng=np.random.default_rng(seed),
            vectorized=True,
        )
        low, high = result.confidence_interval
        if np.isfinite(low) and np.isfinite(high):
            break
    return (float(low), float(high))


def mean_ci(values: Sequence[float], *, confidence: float = 0.95) -> tuple[float, float]:
    """Interval of the mean: BCa bootstrap, or the t interval for large samples."""
    data = np.asarray(values, dtype=float)
    if len(data) <= _LARGE:
        return bootstrap_ci(data, statistic=np.mean, confidence=confidence)
    if np.all(data == data[0]):
        return (float(data[0]), float(data[0]))
    low, high = stats.t.interval(confidence, len(data) - 1, loc=data.mean(), scale=stats.sem(data))
    return (float(low), float(high))


def median_ci(values: Sequence[float], *, confidence: float = 0.95) -> tuple[float, float]:
    """Distribution-free interval of the median, from order statistics (binomial).

    ``(nan, nan)`` when there are too few values for the asked coverage (5 or fewer for 95%).

    >>> median_ci(range(1, 21))
    (6.0, 15.0)
    """
    data = np.sort(np.asarray(values, dtype=float))
    n = len(data)
    if n < 2:
        return (np.nan, np.nan)
    # The largest k with P(B <= k - 1) <= alpha/2 for B ~ Binomial(n, 1/2).
    alpha = 1 - confidence
    k = int(stats.binom.ppf(alpha / 2, n, 0.5))
    while k > 0 and stats.binom.cdf(k - 1, n, 0.5) > alpha / 2:
        k -= 1
    if k < 1:
        return (np.nan, np.nan)  # even the full range covers less than asked (n <= 5 for 95%)
    return (float(data[k - 1]), float(data[n - k]))


def cliffs_delta(x: Sequence[float], y: Sequence[float]) -> float:
    """Cliff's delta: P(x > y) - P(x < y), from -1 to 1 (0: the groups overlap fully).

    >>> cliffs_delta([3, 4, 5], [1, 2, 3])
    0.8888888888888888
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if not len(x) or not len(y):
        return np.nan
    u = stats.mannwhitneyu(x, y, alternative="two-sided").statistic
    return float(2 * u / (len(x) * len(y)) - 1)


def delta_magnitude(delta: float) -> str:
    """The conventional reading of Cliff's delta (Romano et al. 2006).

    >>> delta_magnitude(0.2), delta_magnitude(-0.5)
    ('small', 'large')
    """
    if not np.isfinite(delta):
        return ""
    size = abs(delta)
    if size < 0.147:
        return "negligible"
    if size < 0.33:
        return "small"
    if size < 0.474:
        return "medium"
    return "large"


def _describe(values: np.ndarray, clusters: np.ndarray, min_n: int) -> dict:
    n = len(values)
    n_articles = len(np.unique(clusters))
    row = {
        "n": n,
        "n_articles": n_articles,
        "mean": values.mean() if n else np.nan,
        "median": float(np.median(values)) if n else np.nan,
    }
    if n < min_n:
        row.update(mean_low=np.nan, mean_high=np.nan)
        row["note"] = f"n={n}: too few for an interval (needs {min_n})"
    elif n_articles >= 2:
        row["mean_low"], row["mean_high"] = cluster_mean_ci(values, clusters)
        row["note"] = ""
    else:
        row["mean_low"], row["mean_high"] = mean_ci(values)
        row["note"] = "one article: the interval is of its rows, not of other articles"
    return row


def _clusters(frame: pd.DataFrame, article_col: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Each row's cluster and stratum codes: its article's, or, with ``article_col=None``,
    its own cluster and one stratum for the whole table."""
    if article_col is None:
        return np.arange(len(frame)), np.zeros(len(frame), dtype=int)
    codes = pd.factorize(frame[article_col])[0]
    return codes, codes


def _categories(frame: pd.DataFrame, category_col: str, categories) -> list[str]:
    if categories is None:
        return list(pd.unique(frame[category_col].astype(str)))
    return list(categories)


def describe_groups(
    frame: pd.DataFrame,
    measures: Sequence[str],
    *,
    category_col: str = "section",
    categories: Sequence[str] | None = None,
    article_col: str | None = "article_id",
    min_n: int = MIN_GROUP,
) -> pd.DataFrame:
    """One row per measure and group: n rows, n articles, the mean with a 95% interval that
    resamples whole articles (:func:`cluster_mean_ci`), and the median.

    Missing values are left out. A group smaller than ``min_n`` gets no interval; a group
    from one article gets the interval of its rows (:func:`mean_ci`); ``note`` says so.
    ``article_col=None`` treats every row as its own article. This is the summary of
    :func:`compare_groups`, and the table the charts draw their means and intervals from.

    >>> frame = pd.DataFrame({"section": ["reporting"] * 6, "score": [0, 1, 0, 1, 0, None],
    ...                       "article_id": ["a", "a", "b", "b", "c", "c"]})
    >>> describe_groups(frame, ["score"])[["group", "n", "n_articles", "mean"]].values.tolist()
    [['reporting', 5, 3, 0.4]]
    """
    categories = _categories(frame, category_col, categories)
    labels = frame[category_col].astype(str).to_numpy()
    clusters, _ = _clusters(frame, article_col)
    rows = []
    for measure in measures:
        column = frame[measure].to_numpy(float)
        for group in categories:
            pick = (labels == group) & np.isfinite(column)
            rows.append(
                {
                    "measure": measure,
                    "group": group,
                    **_describe(column[pick], clusters[pick], min_n),
                }
            )
    return pd.DataFrame(rows, columns=_SUMMARY_COLUMNS)


_SUMMARY_COLUMNS = [
    "measure",
    "group",
    "n",
    "n_articles",
    "mean",
    "median",
    "mean_low",
    "mean_high",
    "note",
]


def compare_groups(
    frame: pd.DataFrame,
    measures: Sequence[str],
    *,
    category_col: str = "section",
    categories: Sequence[str] | None = None,
    article_col: str | None = "article_id",
    min_n: int = MIN_GROUP,
    n_permutations: int = 9999,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Describe each group and test each pair of categories, for every measure, with the
    article as the unit of resampling.

    Rows of one article share its topic and writer, so they are not independent. Returns
    ``(summary, tests)``:

    - ``summary``: one row per measure and group: n rows, n articles, mean with a 95%
      interval that resamples whole articles (:func:`cluster_mean_ci`), median.
    - ``tests``: one row per measure and pair: the difference of means (second group minus
      first) with a 95% article-bootstrap interval, both over the articles holding both
      groups (``n_articles_both``, with ``n_a_both`` and ``n_b_both`` rows: the rows a
      within-article test can use; an article with one group only would turn the
      difference into one between articles); ``p_value`` from a permutation test that
      shuffles the two groups' labels within each article (each article keeps its number
      of rows of each group, :func:`within_article_permutation_test`); Cliff's delta with
      its reading; Holm-adjusted p-values: ``p_holm`` across the pairs of a measure,
      ``p_holm_table`` across every test of the table, the one to read when several
      measures are compared at once.

    ``article_col=None`` treats every row as its own article. With one article only, the
    intervals resample its rows and ``note`` says the result is of that article alone. A
    group smaller than ``min_n`` gets no interval and no test, and ``note`` says why.

    >>> frame = pd.DataFrame({"section": ["reporting"] * 6 + ["commentary"] * 2,
    ...                       "score": [0, 0.1, 0, 0.2, 0.1, 0, -0.5, -1.0]})
    >>> summary, tests = compare_groups(frame, ["score"], article_col=None)
    >>> tests.loc[0, "note"]
    'commentary has n=2: too few for a test (needs 5)'
    """
    categories = _categories(frame, category_col, categories)
    labels = frame[category_col].astype(str).to_numpy()
    clusters, strata = _clusters(frame, article_col)
    test_rows = []
    for measure in measures:
        column = frame[measure].to_numpy(float)
        picks = {g: (labels == g) & np.isfinite(column) for g in categories}
        pairs = [
            {
                "measure": measure,
                **_pair_test(
                    column,
                    picks,
                    (first, second),
                    clusters,
                    strata,
                    min_n=min_n,
                    n_permutations=n_permutations,
                    seed=seed,
                ),
            }
            for first, second in combinations(categories, 2)
        ]
        _holm(pairs, "p_holm")
        test_rows += pairs
    _holm(test_rows, "p_holm_table")
    summary = describe_groups(
        frame,
        measures,
        category_col=category_col,
        categories=categories,
        article_col=article_col,
        min_n=min_n,
    )
    return summary, pd.DataFrame(test_rows, columns=_TEST_COLUMNS)


def _pair_test(column, picks, pair, clusters, strata, *, min_n, n_permutations, seed) -> dict:
    """One row of :func:`compare_groups`'s tests: the second group against the first."""
    first, second = pair
    x, y = column[picks[first]], column[picks[second]]
    row = {"group_a": first, "group_b": second, "n_a": len(x), "n_b": len(y)}
    small = [f"{g} has n={len(v)}" for g, v in ((first, x), (second, y)) if len(v) < min_n]
    both = picks[first] | picks[second]
    # The difference, its interval and Cliff's delta are of the articles holding both
    # groups, the rows the test can use: articles holding one group only would make
    # the difference one between articles, not within them.
    in_second = picks[second][both]
    mixed = _in_mixed_strata(in_second, strata[both])
    values, in_mixed = column[both][mixed], in_second[mixed]
    a, b = values[~in_mixed], values[in_mixed]
    row.update(
        n_articles_both=len(np.unique(strata[both][mixed])),
        n_a_both=len(a),
        n_b_both=len(b),
        difference_of_means=b.mean() - a.mean() if len(a) and len(b) else np.nan,
        difference_low=np.nan,
        difference_high=np.nan,
        p_value=np.nan,
        cliffs_delta=np.nan,
        magnitude="",
    )
    if small:
        row["note"] = " and ".join(small) + f": too few for a test (needs {min_n})"
        return row
    test = within_article_permutation_test(
        column[both], in_second, strata[both], n_permutations=n_permutations, seed=seed
    )
    note = ""
    if len(values):
        low, high, note = _difference_interval(values, in_mixed, clusters[both][mixed], seed)
        delta = cliffs_delta(b, a)
        row.update(
            difference_low=low,
            difference_high=high,
            cliffs_delta=delta,
            magnitude=delta_magnitude(delta),
        )
    row["p_value"] = test["p_value"]
    row["note"] = "; ".join(n for n in (note, test["note"]) if n)
    return row


_TEST_COLUMNS = [
    "measure",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "n_articles_both",
    "n_a_both",
    "n_b_both",
    "difference_of_means",
    "difference_low",
    "difference_high",
    "p_value",
    "p_holm",
    "p_holm_table",
    "cliffs_delta",
    "magnitude",
    "note",
]


def _in_mixed_strata(in_second: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Which rows sit in a stratum (article) that holds rows of both groups."""
    codes = pd.factorize(strata)[0]
    n_codes = int(codes.max()) + 1 if len(codes) else 0
    m = np.bincount(codes[in_second], minlength=n_codes)
    n = np.bincount(codes, minlength=n_codes)
    return ((m > 0) & (m < n))[codes]


def _difference_interval(values, in_second, clusters, seed, n_resamples: int = 4999):
    """95% interval of mean(second) - mean(first): whole articles resampled, or, with one
    article, rows resampled within each group."""
    codes = pd.factorize(clusters)[0]
    n_clusters = int(codes.max()) + 1
    rng = np.random.default_rng(seed)
    parts = []
    for mask in (in_second, ~in_second):
        sums = np.bincount(codes[mask], weights=values[mask], minlength=n_clusters)
        parts.append((sums, np.bincount(codes[mask], minlength=n_clusters).astype(float)))
    if n_clusters > CLUSTER_BOOTSTRAP_LIMIT:
        (s2, c2), (s1, c1) = parts
        r2, r1 = s2.sum() / c2.sum(), s1.sum() / c1.sum()
        influence = (s2 - r2 * c2) / c2.sum() - (s1 - r1 * c1) / c1.sum()
        return (*_normal_interval(r2 - r1, influence, 0.025), "")
    if n_clusters >= 2:
        draws = rng.multinomial(n_clusters, np.full(n_clusters, 1 / n_clusters), n_resamples)
        with np.errstate(invalid="ignore", divide="ignore"):
            (s2, c2), (s1, c1) = parts
            differences = (draws @ s2) / (draws @ c2) - (draws @ s1) / (draws @ c1)
        differences = differences[np.isfinite(differences)]
        note = ""
    else:
        second, first = values[in_second], values[~in_second]
        differences = rng.choice(second, (n_resamples, len(second))).mean(1) - rng.choice(
            first, (n_resamples, len(first))
        ).mean(1)
        note = "one article: the interval is of its rows, not of other articles"
    if len(differences) < n_resamples / 2:
        return (np.nan, np.nan, "too few resamples hold both groups: no interval")
    low, high = np.quantile(differences, [0.025, 0.975])
    return (float(low), float(high), note)


def within_article_permutation_test(
    values: Sequence[float],
    in_second: Sequence[bool],
    articles: Sequence,
    *,
    n_permutations: int = 9999,
    seed: int = 0,
    normal_above: int = 30,
) -> dict:
    """Two-sided test of "the two groups do not differ within articles".

    The statistic is the difference of the pooled means. Under the null, the group labels
    are exchangeable within each article, so they are shuffled there, each article keeping
    its number of rows of each group; articles holding one group only add nothing to test.
    When each group has at least ``normal_above`` rows in the articles holding both, the
    p-value uses the exact mean and variance of that shuffle distribution (a sum over
    articles of draws without replacement) and the normal approximation; below, it counts
    ``n_permutations`` random shuffles (fewer, down to 999, when the articles hold more
    than 2,000 rows, to bound the cost), counting the observed one too (never 0). NaN
    values and rows without an article id are refused (``ValueError``).

    Returns ``p_value``, ``n_articles_both`` and a ``note`` (why there is no p-value).

    >>> rng = np.random.default_rng(0)
    >>> articles = np.repeat(np.arange(20), 6)
    >>> second = np.tile([True, True, False, False, False, False], 20)
    >>> shifted = rng.normal(0, 1, 120) + 0.8 * second
    >>> within_article_permutation_test(shifted, second, articles)["p_value"] < 0.001
    True
    >>> within_article_permutation_test(rng.normal(0, 1, 120), second, articles)["p_value"] > 0.05
    True
    """
    values = np.asarray(values, dtype=float)
    second = np.asarray(in_second, dtype=bool)
    if not np.isfinite(values).all():
        raise ValueError("values hold NaN or infinite numbers: drop those rows before testing")
    codes = pd.factorize(pd.Series(list(articles)))[0]
    if (codes < 0).any():
        raise ValueError("some rows have no article id: give every row its article")
    n_codes = int(codes.max()) + 1 if len(codes) else 0
    m = np.bincount(codes[second], minlength=n_codes)
    n = np.bincount(codes, minlength=n_codes)
    mixed = (m > 0) & (m < n)
    if not mixed.any():
        return {
            "p_value": np.nan,
            "n_articles_both": 0,
            "note": "no article holds both groups: no within-article test",
        }
    rows = mixed[codes]
    values, second, codes = values[rows], second[rows], codes[rows]
    m, n = m[mixed], n[mixed]
    codes = pd.factorize(codes)[0]
    observed = values[second].sum()
    sums = np.bincount(codes, weights=values)
    squares = np.bincount(codes, weights=values**2)
    expected = float((m * sums / n).sum())
    result = {"n_articles_both": int(mixed.sum()), "note": ""}
    lowest = pd.Series(values).groupby(codes).min().to_numpy()
    highest = pd.Series(values).groupby(codes).max().to_numpy()
    if (lowest == highest).all():  # every article's rows are equal: every shuffle gives the
        result["p_value"] = 1.0  # observed sum, and no test can see a difference
        return result
    if min(int(m.sum()), int((n - m).sum())) >= normal_above:
        centred = squares - sums**2 / n  # sum of squared deviations per article
        with np.errstate(invalid="ignore", divide="ignore"):
            variance = np.where(n > 1, m * (n - m) / (n * (n - 1)) * centred, 0.0).sum()
        if variance <= 0:
            result["p_value"] = 1.0
        else:
            z = (observed - expected) / np.sqrt(variance)
            result["p_value"] = max(float(2 * stats.norm.sf(abs(z))), SMALLEST_P / 10)
        return result
    n_permutations = max(min(n_permutations, 999), min(n_permutations, 20_000_000 // len(values)))
    rng = np.random.default_rng(seed)
    order = np.argsort(codes, kind="stable")
    values, codes = values[order], codes[order]
    starts = np.r_[0, np.cumsum(n)[:-1]]
    taken = (np.arange(len(codes)) - starts[codes]) < m[codes]  # the first m of each block
    shuffled = []
    chunk = max(1, 2_000_000 // len(values))
    for done in range(0, n_permutations, chunk):
        size = min(chunk, n_permutations - done)
        keys = rng.random((size, len(values))) + 2 * codes  # shuffled within each article
        picked = values[np.argsort(keys, axis=1)]
        shuffled.append((picked * taken).sum(axis=1))
    distance = np.abs(np.concatenate(shuffled) - expected)
    reached = int((distance >= abs(observed - expected) - 1e-12).sum())
    result["p_value"] = (1 + reached) / (1 + n_permutations)
    return result


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm-adjusted p-values, in the given order; NaN (no test) stays NaN and is not counted.

    >>> holm([0.01, float("nan"), 0.04, 0.03]).round(3).tolist()
    [0.03, nan, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(len(p), np.nan)
    tested = np.flatnonzero(np.isfinite(p))
    order = tested[np.argsort(p[tested], kind="stable")]
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(order) - rank) * p[index]))
        adjusted[index] = running
    return adjusted


def _holm(rows: list[dict], column: str) -> None:
    """Add Holm-adjusted p-values (as ``column``) across the tested rows, in place."""
    for row, adjusted in zip(rows, holm([r["p_value"] for r in rows]), strict=True):
        row[column] = float(adjusted)


def article_differences(
    frame: pd.DataFrame,
    measure: str,
    *,
    article_col: str = "article_id",
    category_col: str = "section",
    target: str = "commentary",
    reference: str = "reporting",
    outlet_col: str | None = None,
) -> pd.DataFrame:
    """Per article, the mean of ``measure`` in ``target`` minus its mean in ``reference``:
    the one per-article difference every table, chart and page shows.

    One row per article holding rows of either group (and per value of ``outlet_col`` when
    given): ``mean_<reference>``, ``n_<reference>``, ``mean_<target>``, ``n_<target>`` and
    ``difference``, missing where a side has no value. Missing values are left out of the
    means: to average a lexicon score over the rows with a word only, blank the others first.

    >>> rows = pd.DataFrame({"article_id": ["a", "a", "a", "b"],
    ...     "section": ["reporting", "commentary", "commentary", "commentary"],
    ...     "score": [0.1, -0.2, -0.4, 0.5]})
    >>> article_differences(rows, "score")[["article_id", "difference"]].round(2).values.tolist()
    [['a', -0.4], ['b', nan]]
    """
    keep = [article_col, category_col, measure] + ([outlet_col] if outlet_col else [])
    rows = frame.loc[frame[category_col].astype(str).isin([reference, target]), keep].copy()
    rows[category_col] = rows[category_col].astype(str)
    index = [article_col] + ([outlet_col] if outlet_col else [])
    means = rows.pivot_table(
        index=index, columns=category_col, values=measure, aggfunc=["mean", "size"], observed=True
    )
    per_article = pd.DataFrame(index=means.index)
    for name in (reference, target):
        per_article[f"mean_{name}"] = means.get(("mean", name))
        per_article[f"n_{name}"] = means.get(("size", name))
    per_article["difference"] = per_article[f"mean_{target}"] - per_article[f"mean_{reference}"]
    return per_article.reset_index()


def within_article_differences(
    frame: pd.DataFrame,
    measure: str,
    *,
    article_col: str = "article_id",
    category_col: str = "section",
    target: str = "commentary",
    reference: str = "reporting",
    outlet_col: str | None = None,
    min_articles: int = 6,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-article difference of means (``target`` minus ``reference``), the article as the unit.

    Returns ``(per_article, summary)``. ``per_article`` has one row per article that
    has both sections: the two means, their row counts and the difference.
    ``summary`` (one row, or one per value of ``outlet_col``, e.g. ``"outlet"``) gives the
    number of articles, how many of them have the target below (``n_lower``) and above
    (``n_higher``) the reference, the median difference with its distribution-free 95%
    interval (the headline: one article counts once, however long), the mean difference
    with a BCa bootstrap interval, and the Wilcoxon signed-rank test of "no difference",
    or a note when there are fewer than ``min_articles`` articles. Articles without one
    of the sections are counted in ``n_without_both``, not silently dropped.
    """
    per_article = article_differences(
        frame,
        measure,
        article_col=article_col,
        category_col=category_col,
        target=target,
        reference=reference,
        outlet_col=outlet_col,
    )
    both = per_article.dropna(subset=["difference"])
    if outlet_col:
        # Every value of ``outlet_col``, also those where no article has both sections.
        keys = sorted(per_article[outlet_col].dropna().unique(), key=str)
        groups = [
            (key, both[both[outlet_col] == key], per_article[per_article[outlet_col] == key])
            for key in keys
        ]
    else:
        groups = [("all", both, per_article)]
    summary_rows = []
    for key, part, everything in groups:
        diffs = part["difference"].to_numpy(float)
        row = {
            "group": key,
            "measure": measure,
            "n_articles": len(diffs),
            "n_without_both": len(everything) - len(diffs),
            "n_lower": int((diffs < 0).sum()),
            "n_higher": int((diffs > 0).sum()),
            "median_difference": float(np.median(diffs)) if len(diffs) else np.nan,
            "median_low": np.nan,
            "median_high": np.nan,
            "mean_difference": diffs.mean() if len(diffs) else np.nan,
        }
        if len(diffs) >= min_articles:
            row["median_low"], row["median_high"] = median_ci(diffs)
            row["low"], row["high"] = mean_ci(diffs)  # BCa, or the t interval when large
            nonzero = diffs[diffs != 0]
            if len(nonzero) >= min_articles:
                test = stats.wilcoxon(nonzero)
                row.update(wilcoxon_w=float(test.statistic), p_value=float(test.pvalue), note="")
            else:
                row.update(
                    wilcoxon_w=np.nan,
                    p_value=np.nan,
                    note=f"only {len(nonzero)} articles differ at all: no test",
                )
        else:
            row.update(
                low=np.nan,
                high=np.nan,
                wilcoxon_w=np.nan,
                p_value=np.nan,
                note=f"{len(diffs)} article{'' if len(diffs) == 1 else 's'} with both sections: "
                f"too few (needs {min_articles})",
            )
        summary_rows.append(row)
    return both.reset_index(drop=True), pd.DataFrame(summary_rows)


def within_article_summary(
    frame: pd.DataFrame,
    measure: str,
    *,
    outlet_col: str = "outlet",
    **options,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`within_article_differences` for all articles, and per outlet when the table
    names two outlets or more: the summary's first row is ``all``, then one per outlet, and
    the per-article table carries each article's outlet.

    >>> rows = pd.DataFrame({"article_id": ["a", "a", "b", "b"], "outlet": ["D", "D", "W", "W"],
    ...     "section": ["reporting", "commentary"] * 2, "score": [0.1, -0.2, 0.0, -0.1]})
    >>> per_article, summary = within_article_summary(rows, "score")
    >>> summary["group"].tolist(), per_article["outlet"].tolist()
    (['all', 'D', 'W'], ['D', 'W'])
    """
    per_article, summary = within_article_differences(frame, measure, **options)
    names = frame[outlet_col].dropna().unique() if outlet_col in frame else []
    if len(names) < 2:
        return per_article, summary
    named = frame.dropna(subset=[outlet_col])
    _, by_outlet = within_article_differences(named, measure, outlet_col=outlet_col, **options)
    article_col = options.get("article_col", "article_id")
    owners = frame.drop_duplicates(article_col).set_index(article_col)[outlet_col]
    per_article = per_article.assign(**{outlet_col: per_article[article_col].map(owners)})
    return per_article, pd.concat([summary, by_outlet], ignore_index=True)


def mean_by_outlet(
    frame: pd.DataFrame,
    measures: Sequence[str],
    *,
    outlet_col: str = "outlet",
    category_col: str = "section",
) -> pd.DataFrame:
    """The mean of each measure per outlet (rows) and category (columns); rows without an
    outlet are shown under ``NO_OUTLET``, not dropped.

    >>> rows = pd.DataFrame({"outlet": ["D", "D", None], "section": ["reporting"] * 3,
    ...                      "score": [0.2, 0.4, 1.0]})
    >>> mean_by_outlet(rows, ["score"])[("score", "reporting")].round(2).to_dict()
    {'(no outlet given)': 1.0, 'D': 0.3}
    """
    outlet = frame[outlet_col].astype("string").fillna(NO_OUTLET)
    return frame.assign(**{outlet_col: outlet}).pivot_table(
        index=outlet_col,
        columns=category_col,
        values=list(measures),
        aggfunc="mean",
        observed=True,
    )


def format_number(value, digits: int = 3) -> str:
    """A number as the page shows it: floats with ``digits`` decimals, "–" when missing.

    >>> format_number(0.04712), format_number(17), format_number(None), format_number(2.0, 1)
    ('0.047', '17', '–', '2.0')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def format_p(value) -> str:
    """A p-value as every table and page shows it: two significant digits, never 0 (a
    p-value below 1e-16 is shown as "< 1e-16", the limit of what is computed reliably),
    "–" when there was no test.

    >>> format_p(0.000123), format_p(0.5), format_p(0.0), format_p(8.4e-273), format_p(None)
    ('0.00012', '0.5', '< 1e-16', '< 1e-16', '–')
    """
    if value is None or value is pd.NA:
        return "–"
    value = float(value)
    if not np.isfinite(value):
        return "–"
    if value < SMALLEST_P:
        return "< 1e-16"
    return f"{value:.2g}"


def cluster_mean_ci(
    values: Sequence[float],
    clusters: Sequence,
    *,
    confidence: float = 0.95,
    n_resamples: int = 4999,
    seed: int = 0,
) -> tuple[float, float]:
    """Interval of the mean of ``values`` that resamples whole ``clusters`` (articles).

    Sentences of one article share its topic and its writer, so they are not independent:
    an interval that resamples sentences is too narrow. This one draws articles with
    replacement (a cluster bootstrap) and takes the mean of all their values, so an article
    with many values weighs as much as it does in the mean itself. Percentile interval;
    above ``CLUSTER_BOOTSTRAP_LIMIT`` clusters, the normal interval with the same
    cluster-robust variance (the bootstrap's limit, at a fraction of its cost);
    ``(nan, nan)`` with fewer than 2 clusters.

    >>> low, high = cluster_mean_ci([1.0, 1.0, 1.0, 0.0, 0.0, 0.0], ["a", "a", "a", "b", "b", "b"])
    >>> float(low), float(high)
    (0.0, 1.0)
    """
    data = np.asarray(values, dtype=float)
    codes, _ = pd.factorize(pd.Series(list(clusters)))
    n_clusters = int(codes.max()) + 1 if len(codes) else 0
    if n_clusters < 2:
        return (np.nan, np.nan)
    sums = np.bincount(codes, weights=data, minlength=n_clusters)
    counts = np.bincount(codes, minlength=n_clusters).astype(float)
    alpha = (1 - confidence) / 2
    if n_clusters > CLUSTER_BOOTSTRAP_LIMIT:
        mean = sums.sum() / counts.sum()
        influence = (sums - mean * counts) / counts.sum()
        return _normal_interval(mean, influence, alpha)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n_clusters, np.full(n_clusters, 1 / n_clusters), size=n_resamples)
    means = (draws @ sums) / (draws @ counts)
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return (float(low), float(high))


# Above this many articles, cluster intervals use the cluster-robust normal interval.
CLUSTER_BOOTSTRAP_LIMIT = 500


def _normal_interval(estimate: float, influence: np.ndarray, alpha: float) -> tuple[float, float]:
    """Normal interval from per-cluster influence values (the linearised estimator)."""
    k = len(influence)
    se = float(np.sqrt(k / (k - 1) * (influence**2).sum()))
    z = stats.norm.ppf(1 - alpha)
    return (float(estimate - z * se), float(estimate + z * se))


def wilson_interval(successes, n, *, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson interval (95% by default) of a share of ``successes`` in ``n``: honest for
    one or two trials, where the plain share (0 or 1) would look certain.

    >>> [round(float(v), 3) for v in wilson_interval(1, 1)]
    [0.207, 1.0]
    """
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.asarray(successes, dtype=float) / n
        centre = (share + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(share * (1 - share) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def share_intervals(
    table: pd.DataFrame, *, share_col: str = "share_opinion", n_col: str = "n"
) -> pd.DataFrame:
    """``table`` with the Wilson 95% interval of each row's share (:func:`wilson_interval`),
    as ``share_low`` and ``share_high``: the intervals a reliability diagram draws. A share
    rounded in a report is first turned back into its whole count of successes.

    >>> bins = pd.DataFrame({"n": [1, 40], "share_opinion": [1.0, 0.5]})
    >>> share_intervals(bins)[["share_low", "share_high"]].round(2).values.tolist()
    [[0.21, 1.0], [0.35, 0.65]]
    """
    n = table[n_col].to_numpy(dtype=float)
    successes = np.rint(table[share_col].to_numpy(dtype=float) * n)
    low, high = wilson_interval(successes, n)
    return table.assign(share_low=low, share_high=high)
