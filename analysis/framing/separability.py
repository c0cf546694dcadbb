"""Separability: how well a classifier tells commentary from reporting by its words, and
which reporting paragraphs read like commentary.

The ranking of reporting paragraphs ("hidden editorialising": leads for a reader) combines
two signals: the in-corpus classifier's out-of-fold probability, which learns this corpus's
own commentary, and the opinion model trained on news sentences
(:mod:`analysis.sentiment.opinion`), which needs no corpus at all and so ranks a single
article too. Their log-odds are averaged (``editorial_score``); when the classifier cannot
be fitted, or does no better than chance, the opinion probability ranks alone.
``benchmarks/bench_editorial.py`` measured the choice (``docs/benchmarks.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from ..sentiment.opinion import logit, score_opinion
from ..stats import format_p

__all__ = [
    "FIT_ROWS",
    "RANKED_BY",
    "SeparabilityResult",
    "TEST_ROWS",
    "commentary_separability",
    "editorial_score",
    "resample_count",
    "shuffle_within",
]

# What ranked the reporting paragraphs (``SeparabilityResult.ranked_by``): both signals, the
# opinion model alone (no classifier, or one no better than chance), or nothing (no
# reporting to rank).
RANKED_BY = ("classifier+opinion", "opinion", "none")

# Probabilities are kept this far from 0 and 1 before their log-odds are taken: a single
# score of exactly 0 or 1 would otherwise decide the combined ranking by itself.
_CLIP = 1e-3

# The permutation test and the interval refit the classifier hundreds of times. Above this
# many paragraphs they run on a random sample of whole articles holding at most this many
# (the headline says so), so that their cost stops growing with the corpus.
TEST_ROWS = 10_000

# Above this many paragraphs the classifier (and its TF-IDF vocabulary) is fitted on a random
# sample of whole articles holding at most this many: the sample's paragraphs are scored out
# of fold as always, every other paragraph by the mean of the fold models, none of which saw
# its article either. Memory and time then stop growing with the corpus, beyond
# scoring the rest in chunks.
FIT_ROWS = 200_000

# Paragraphs outside the fitted sample are vectorised and scored this many at a time.
_SCORE_CHUNK = 50_000

# The ranking's score and the two signals behind it, as ``scores`` holds them.
_SIGNALS = ("editorial_score", "reads_like_commentary", "opinion")


@dataclass
class SeparabilityResult:
    """How well a classifier tells commentary from reporting, and where it errs.

    ``auc`` is the cross-validated ROC-AUC; ``auc_low`` and ``auc_high`` its 95% interval
    from refitting on resampled articles; ``p_value`` how often a refit on labels shuffled
    within articles did as well (``n_permutations`` shuffles). ``scores`` has one row per
    paragraph with ``reads_like_commentary``, the out-of-fold probability (each paragraph
    scored by a model that never saw its article; missing without a classifier), ``fitted``
    (whether its article was among those the classifier was fitted on: all of them up to
    :data:`FIT_ROWS` paragraphs, else a sample whose fold models score the rest), ``opinion``,
    the opinion model's probability, and ``editorial_score``, the two combined
    (:func:`editorial_score`), which ranks the reporting; ``ranked_by`` says which signals
    that ranking used (one of :data:`RANKED_BY`); ``features`` the most telling terms;
    ``note`` why there is no number.
    """

    auc: float
    auc_low: float
    auc_high: float
    n_folds: int
    scores: pd.DataFrame
    features: pd.DataFrame
    note: str
    p_value: float = np.nan
    n_permutations: int = 0
    n_resamples: int = 0
    chance_auc: float = np.nan
    n_reached: int = 0
    n_articles: int = 0
    ranked_by: str = "none"
    n_tested_articles: int = 0
    n_tested_rows: int = 0
    tested_auc: float = np.nan
    n_fitted_articles: int = 0
    n_fitted_rows: int = 0

    def headline(self) -> str:
        """The result in a sentence, or why there is none.

        >>> SeparabilityResult(0.81, 0.7, 0.9, 5, pd.DataFrame(), pd.DataFrame(), "",
        ...                    p_value=0.005, n_permutations=199, chance_auc=0.5).headline()
        'ROC-AUC 0.810 (95% interval 0.700 to 0.900): the words tell commentary from reporting better than chance. With labels shuffled within articles, refitted models scored 0.500 on average and 0.810 or more in 0 of 199 shuffles (p = 0.005); 5 folds grouped by article.'
        """  # noqa: E501
        if self.note:
            return f"No classifier: {self.note}"
        sampled = 0 < self.n_tested_articles < self.n_articles
        reached = self.tested_auc if sampled else self.auc
        shuffles = (
            f"With labels shuffled within articles, refitted models scored "
            f"{self.chance_auc:.3f} on average and {reached:.3f} or more in {self.n_reached} "
            f"of {self.n_permutations} shuffles (p = {format_p(self.p_value)}); "
            f"{self.n_folds} folds grouped by article."
        )
        if 0 < self.n_fitted_articles < self.n_articles:
            shuffles += (
                f" The classifier was fitted on a random {self.n_fitted_articles:,} of the "
                f"{self.n_articles:,} articles ({self.n_fitted_rows:,} paragraphs, scored out "
                "of fold); the other paragraphs are scored by the mean of the fold models, "
                "which never saw their articles either."
            )
        if sampled:
            shuffles += (
                f" The test and the interval refit on a random {self.n_tested_articles:,} of "
                f"the {self.n_articles:,} articles ({self.n_tested_rows:,} paragraphs, where "
                f"the AUC is {self.tested_auc:.3f}), which keeps their cost bounded; the "
                "interval is that sample's, wider than the whole corpus's would be."
            )
        interval = (
            f"ROC-AUC {self.auc:.3f} (95% interval {self.auc_low:.3f} to {self.auc_high:.3f})"
        )
        if self.p_value < 0.05 and self.auc > self.chance_auc:
            verdict = "the words tell commentary from reporting better than chance"
        else:
            verdict = (
                "no better than models fitted to labels shuffled within articles: no evidence "
                "that the words tell commentary from reporting within an article"
            )
            if self.chance_auc > 0.55:
                verdict += (
                    f" (the shuffles score {self.chance_auc:.3f}, above 0.5, because which "
                    "articles carry commentary can be told from their topic)"
                )
        return f"{interval}: {verdict}. {shuffles}"

    def ranking_headline(self) -> str:
        """Which signals ranked the reporting paragraphs, in a sentence.

        >>> SeparabilityResult(np.nan, np.nan, np.nan, 0, pd.DataFrame(), pd.DataFrame(),
        ...                    "", ranked_by="none").ranking_headline()
        'No reporting paragraphs: nothing to rank.'
        """
        if self.ranked_by == "classifier+opinion":
            return (
                "Reporting paragraphs ranked by two signals together (editorial_score, the "
                "mean of their log-odds): the classifier fitted on this corpus "
                "(reads_like_commentary) and the opinion model trained on news sentences "
                "(opinion). Each is shown: a paragraph high on one only is a weaker lead."
            )
        if self.ranked_by == "opinion":
            why = (
                f"No classifier could be fitted on this corpus: {self.note}."
                if self.note
                else "The classifier fitted on this corpus (reads_like_commentary, shown) did "
                f"no better than chance (p = {format_p(self.p_value)}), so it is left out."
            )
            return (
                "Reporting paragraphs ranked by the opinion model alone (opinion, trained on "
                "news sentences; on held-out ones it tells opinion from fact only moderately "
                f"well). {why}"
            )
        return "No reporting paragraphs: nothing to rank."

    def reads_like_commentary(self, n: int = 10, *, reference: str = "reporting") -> pd.DataFrame:
        """The ``n`` paragraphs of ``reference`` that read most like commentary, by
        ``editorial_score``, with the signals behind it (``reads_like_commentary``,
        ``opinion``) beside it: leads for a reader (editorialising no marker flags), not
        verdicts. :meth:`ranking_headline` says which signals the ranking used."""
        rows = self.scores[self.scores["section"].astype(str) == reference]
        # A result built by hand may lack the combined score: rank by what it has.
        key = "editorial_score" if "editorial_score" in rows else "reads_like_commentary"
        ranked = rows.sort_values(key, ascending=False, kind="stable").head(n)
        # The scores between the article and section and the text, where a reader looks.
        signals = [c for c in _SIGNALS if c in ranked]
        others = [c for c in ranked if c not in signals]
        return ranked[others[:2] + signals + others[2:]]

    def summary(self) -> pd.DataFrame:
        """The headline as a one-row table: AUC, its interval, the permutation test, folds,
        rows, and the note."""
        counts = self.scores["section"].astype(str).value_counts() if len(self.scores) else {}
        return pd.DataFrame(
            [
                {
                    "auc": self.auc,
                    "auc_low": self.auc_low,
                    "auc_high": self.auc_high,
                    "chance_auc": self.chance_auc,
                    "p_value": self.p_value,
                    "n_permutations": self.n_permutations,
                    "n_resamples": self.n_resamples,
                    "n_folds": self.n_folds,
                    "n_reporting": int(counts.get("reporting", 0)),
                    "n_commentary": int(counts.get("commentary", 0)),
                    "n_articles": self.n_articles,
                    "headline": self.headline(),
                    "note": self.note,
                    "ranked_by": self.ranked_by,
                    "n_tested_articles": self.n_tested_articles,
                    "n_tested_rows": self.n_tested_rows,
                    "tested_auc": self.tested_auc,
                    "n_fitted_articles": self.n_fitted_articles,
                    "n_fitted_rows": self.n_fitted_rows,
                }
            ]
        )


def resample_count(n_rows: int, *, most: int = 199, least: int = 99) -> int:
    """How many shuffles and resamples a corpus of ``n_rows`` paragraphs gets: ``most`` up
    to 10,000 paragraphs, then fewer (so the refits cost about the same), never below
    ``least``: below about 99 resamples the bias-corrected interval is too rough (on small
    corpora with nothing to find, 39 resamples held 0.5 in 9 of 12, 99 in 28 of 30).

    >>> resample_count(3_000), resample_count(15_000), resample_count(1_000_000)
    (199, 133, 99)
    """
    return int(max(least, min(most, 2_000_000 // max(n_rows, 1))))


def commentary_separability(
    frame: pd.DataFrame,
    *,
    text_col: str = "text",
    category_col: str = "section",
    article_col: str = "article_id",
    target: str = "commentary",
    reference: str = "reporting",
    n_splits: int = 5,
    min_per_class: int = 10,
    n_features: int = 15,
    n_permutations: int | None = None,
    n_resamples: int | None = None,
    seed: int = 0,
    opinion_col: str = "opinion",
) -> SeparabilityResult:
    """Cross-validated TF-IDF + logistic regression that predicts commentary from the text.

    Folds keep each article's paragraphs together (``GroupKFold``), so a model is never
    tested on an article it learned from; ROC-AUC is computed on the out-of-fold
    probabilities. Two resampling procedures refit the model every time:

    - a **permutation test**: labels are shuffled within each article (each keeps its
      number of commentary paragraphs), the model is refitted on the same folds, and
      ``p_value`` is the share of shuffles whose AUC reaches the observed one, counting
      the observed itself (so it is never 0);
    - a **95% interval**: whole articles are resampled with replacement, the cross
      validation is rerun on the resample (copies of one article stay in one fold), and
      the 2.5th and 97.5th percentiles of those AUCs, moved so that their median is the
      observed AUC, are reported (refits on resamples see fewer distinct articles and
      score lower, so unmoved percentiles would sit below the AUC they describe).

    ``n_permutations`` and ``n_resamples`` default to :func:`resample_count` of the
    number of paragraphs. The TF-IDF weights are fitted once on all paragraphs (they use
    no labels); the classifier is refitted in every fold, shuffle and resample. With fewer
    than ``min_per_class`` paragraphs in a class, or fewer than 2 articles, nothing is
    learned: the result says so in ``note`` and all numbers are NaN.

    Every paragraph also gets the opinion model's probability, ``opinion``: taken from the
    table's ``opinion_col`` when it has one (scores from :mod:`analysis.sentiment` with the
    ``opinion`` engine, at paragraph level), computed with
    :func:`~analysis.sentiment.opinion.score_opinion` where it is missing. The reporting is
    ranked by :func:`editorial_score`, which combines it with ``reads_like_commentary``, unless
    the permutation test found the classifier no better than chance (p of 0.05 or more, or an
    AUC below the shuffles'): then, as without a classifier, the opinion probability ranks
    alone, so even one article gets a ranking. ``ranked_by`` says which.
    """
    labels = frame[category_col].astype(str)
    rows = frame.loc[labels.isin([target, reference])]
    y = (rows[category_col].astype(str) == target).to_numpy()
    groups = pd.factorize(rows[article_col])[0]
    n_pos, n_neg, n_groups = int(y.sum()), int((~y).sum()), int(groups.max(initial=-1) + 1)
    texts = rows[text_col].fillna("").astype(str)
    named = [c for c in (article_col, "paragraph_id", category_col, text_col) if c in rows]
    scores = rows[named].assign(
        reads_like_commentary=np.nan, fitted=False, opinion=_opinion(rows, texts, opinion_col)
    )
    without = "opinion" if n_neg else "none"  # the ranking when no classifier can be fitted
    empty = pd.DataFrame(columns=["term", "weight", "favours"])
    folds = min(n_splits, n_groups)
    splits = None
    if min(n_pos, n_neg) < min_per_class or n_groups < 2:
        note = (
            f"{n_pos} {target} and {n_neg} {reference} paragraphs in {n_groups} "
            f"article{'s' if n_groups != 1 else ''}: too few to learn from (needs "
            f"{min_per_class} of each, in at least 2 articles)"
        )
    else:
        splits = _splits(y, groups, folds)
        note = (
            f"the {n_pos} {target} paragraphs sit in too few of the {n_groups} articles: "
            f"some folds would train without any {target if not y.all() else reference}"
        )
    if splits is None:
        scores["editorial_score"] = scores["opinion"]
        return SeparabilityResult(np.nan, np.nan, np.nan, 0, scores, empty, note, ranked_by=without)
    fitted = _fit_classifier(texts, y, groups, splits, folds, seed)
    probabilities = fitted.probabilities
    scores["reads_like_commentary"] = probabilities
    scores["fitted"] = fitted.fit  # scored out of fold; else by the mean of the fold models
    auc = float(roc_auc_score(y, probabilities))
    rng = np.random.default_rng(seed)
    f_y, f_groups = fitted.y, fitted.groups
    tested = _test_sample(fitted.features, f_y, f_groups, fitted.splits, fitted.auc, folds, rng)
    t_features, t_y, t_groups, t_splits, t_auc = tested
    n_permutations = resample_count(len(t_y)) if n_permutations is None else n_permutations
    n_resamples = resample_count(len(t_y)) if n_resamples is None else n_resamples
    shuffled = _permutation_aucs(t_features, t_y, t_groups, t_splits, n_permutations, rng)
    p_value = (1 + int((shuffled >= t_auc).sum())) / (1 + len(shuffled))
    chance_auc = float(shuffled.mean()) if len(shuffled) else np.nan
    # The classifier joins the ranking unless its own test found it no better than chance
    # (the headline's verdict): mixed in, a classifier with nothing to go on made the
    # ranking worse than the opinion model alone. Without shuffles there is no verdict.
    informative = not len(shuffled) or (p_value < 0.05 and t_auc > chance_auc)
    scores["editorial_score"] = (
        editorial_score(probabilities, scores["opinion"].to_numpy())
        if informative
        else scores["opinion"]
    )
    low, high = _refit_bootstrap_interval(t_features, t_y, t_groups, folds, auc, n_resamples, rng)
    return SeparabilityResult(
        auc,
        low,
        high,
        folds,
        scores,
        _telling_terms(fitted, n_features, target, reference),
        "",
        p_value=p_value,
        n_permutations=len(shuffled),
        n_resamples=n_resamples,
        chance_auc=chance_auc,
        n_reached=int((shuffled >= t_auc).sum()),
        n_articles=n_groups,
        ranked_by="classifier+opinion" if informative else "opinion",
        n_tested_articles=int(t_groups.max() + 1),
        n_tested_rows=len(t_y),
        tested_auc=t_auc,
        n_fitted_articles=int(f_groups.max() + 1),
        n_fitted_rows=len(f_y),
    )


@dataclass
class _Fitted:
    """The classifier as fitted: its vectorizer and model on all the fitted rows, which rows
    those are (``fit``) with their labels, articles, folds and features, every row's
    probability of commentary and the fitted rows' cross-validated AUC."""

    vectorizer: TfidfVectorizer
    regression: LogisticRegression
    fit: np.ndarray
    y: np.ndarray
    groups: np.ndarray
    splits: list
    features: sparse.spmatrix
    probabilities: np.ndarray
    auc: float


def _fit_classifier(texts: pd.Series, y, groups, splits, folds: int, seed: int) -> _Fitted:
    """Fit the TF-IDF weights and the classifier, and give every row its probability of
    commentary: out of fold for the fitted rows, the fold models' mean for the rest."""
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), stop_words="english", sublinear_tf=True, min_df=2
    )
    # Above FIT_ROWS, a sample of articles is fitted (its own generator: the draws after
    # it are the same whether or not one is taken).
    fit, splits = _fit_sample(y, groups, splits, folds, np.random.default_rng([seed, 1]))
    f_y, f_groups = y[fit], pd.factorize(groups[fit])[0]
    features = vectorizer.fit_transform(texts[fit])
    probabilities = np.empty(len(y))
    fold_models: list = []
    probabilities[fit] = _out_of_fold(features, f_y, splits, models=fold_models)
    fitted_auc = float(roc_auc_score(f_y, probabilities[fit]))
    regression = _model().fit(features, f_y)
    rest = np.flatnonzero(~fit)
    for start in range(0, len(rest), _SCORE_CHUNK):
        # The fold models' mean: scored as the sample's paragraphs were, by models fitted on
        # four fifths of it (one fitted on all of it would be more confident, and the two
        # groups would not rank on one scale).
        chunk = rest[start : start + _SCORE_CHUNK]
        vectors = vectorizer.transform(texts.iloc[chunk])
        probabilities[chunk] = np.mean(
            [model.predict_proba(vectors)[:, 1] for model in fold_models], axis=0
        )
    return _Fitted(
        vectorizer, regression, fit, f_y, f_groups, splits, features, probabilities, fitted_auc
    )


def _telling_terms(fitted: _Fitted, n_features: int, target: str, reference: str) -> pd.DataFrame:
    """The ``n_features`` terms that weigh most towards each side in the model fitted on
    every fitted row."""
    weights = pd.DataFrame(
        {
            "term": fitted.vectorizer.get_feature_names_out(),
            "weight": fitted.regression.coef_[0],
        }
    ).sort_values("weight")
    features = pd.concat([weights.tail(n_features)[::-1], weights.head(n_features)])
    features["favours"] = np.where(features["weight"] > 0, target, reference)
    return features.reset_index(drop=True)


def _fit_sample(y, groups, splits, folds, rng) -> tuple[np.ndarray, list]:
    """The rows the classifier is fitted on, as a mask, and their folds: every row, or above
    ``FIT_ROWS`` a random sample of whole articles holding at most that many (with folds
    that hold both classes; else every row)."""
    every = np.ones(len(y), dtype=bool)
    if len(y) <= FIT_ROWS:
        return every, splits
    sizes = np.bincount(groups)
    for _ in range(20):
        order = rng.permutation(len(sizes))
        chosen = order[np.cumsum(sizes[order]) <= FIT_ROWS]
        if len(chosen) < folds:
            break
        keep = np.isin(groups, chosen)
        f_splits = _splits(y[keep], pd.factorize(groups[keep])[0], folds)
        if f_splits is not None:
            return keep, f_splits
    return every, splits


def _test_sample(features, y, groups, splits, auc, folds, rng):
    """The data the test and the interval refit on: all of it, or above ``TEST_ROWS``
    paragraphs a random sample of whole articles holding at most that many (articles
    renumbered from 0), with its own folds and its cross-validated AUC."""
    if len(y) <= TEST_ROWS:
        return features, y, groups, splits, auc
    sizes = np.bincount(groups)
    for _ in range(20):  # a sample whose folds all hold both classes; nearly always the first
        order = rng.permutation(len(sizes))
        chosen = order[np.cumsum(sizes[order]) <= TEST_ROWS]
        if len(chosen) < folds:
            break
        keep = np.isin(groups, chosen)
        t_y, t_groups = y[keep], pd.factorize(groups[keep])[0]
        t_splits = _splits(t_y, t_groups, folds)
        if t_splits is not None:
            t_features = features[keep]
            t_auc = float(roc_auc_score(t_y, _out_of_fold(t_features, t_y, t_splits)))
            return t_features, t_y, t_groups, t_splits, t_auc
    return features, y, groups, splits, auc  # no usable sample: test on everything


def editorial_score(classifier, opinion) -> np.ndarray:
    """The two signals that a paragraph reads like commentary, combined: the mean of the
    classifier's and the opinion model's log-odds, as a probability (0.5 when they cancel).

    Both are probabilities on the same footing (each model weighs commentary and reporting,
    opinion and fact, equally). Adding log-odds is how independent pieces of evidence
    combine; these two read the same text and are not independent, so their sum is halved
    (a mean, not a sum) and the result is a ranking score, not a probability to quote; and
    a signal that knows little (a classifier fitted on a few articles,
    its probabilities near 0.5) moves the sum little. On hand-made corpora with planted
    unmarked commentary (``benchmarks/bench_editorial.py``, ``docs/benchmarks.md``), with a
    talking point the classifier could learn it beat both signals alone (ROC-AUC 0.83
    against 0.80 and 0.71); the mean of the two signals' percentile ranks, which gives a
    weak classifier as much say, did worse: 0.63 against the opinion model's 0.70 alone
    when the classifier had nothing to learn. (:func:`commentary_separability` leaves such a
    classifier out of the ranking altogether.)

    >>> editorial_score([0.5, 0.9], [0.8, 0.5]).round(3).tolist()
    [0.667, 0.75]
    """
    log_odds = [
        logit(np.clip(np.asarray(p, dtype=float), _CLIP, 1 - _CLIP)) for p in (classifier, opinion)
    ]
    return 1.0 / (1.0 + np.exp(-(log_odds[0] + log_odds[1]) / 2))


def _opinion(rows: pd.DataFrame, texts: pd.Series, column: str) -> np.ndarray:
    """The opinion probability of each row: the table's own where it has one, else scored."""
    given = (
        pd.to_numeric(rows[column], errors="coerce").to_numpy(dtype=float, copy=True)
        if column in rows
        else np.full(len(rows), np.nan)
    )
    missing = np.isnan(given)
    if missing.any():
        given[missing] = score_opinion(texts[missing].tolist())["opinion"].to_numpy()
    return given


def _model() -> LogisticRegression:
    # liblinear: the same fit as lbfgs on these sparse problems, eight times faster.
    return LogisticRegression(solver="liblinear", class_weight="balanced", max_iter=2000)


def _splits(y: np.ndarray, groups: np.ndarray, folds: int) -> list | None:
    """Article-grouped folds, or None when some training fold lacks a class."""
    splits = list(GroupKFold(n_splits=folds).split(y, y, groups))
    if any(y[train].all() or not y[train].any() for train, _ in splits):
        return None
    return splits


def _out_of_fold(
    features: sparse.spmatrix, y: np.ndarray, splits: list, *, models: list | None = None
) -> np.ndarray:
    """Each row's probability of commentary from a model fitted without its fold (the
    fitted models are appended to ``models`` when it is given)."""
    probabilities = np.empty(len(y))
    for train, test in splits:
        model = _model().fit(features[train], y[train])
        probabilities[test] = model.predict_proba(features[test])[:, 1]
        if models is not None:
            models.append(model)
    return probabilities


def shuffle_within(groups: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A permutation of row positions that moves each row only within its group.

    >>> groups = np.array([0, 0, 1, 1, 1])
    >>> order = shuffle_within(groups, np.random.default_rng(0))
    >>> bool((groups[order] == groups).all()), sorted(order.tolist())
    (True, [0, 1, 2, 3, 4])
    """
    by_group = np.argsort(groups, kind="stable")
    shuffled = np.lexsort((rng.random(len(groups)), groups))
    order = np.empty(len(groups), dtype=np.intp)
    order[by_group] = shuffled
    return order


def _permutation_aucs(features, y, groups, splits, n_permutations, rng) -> np.ndarray:
    """Cross-validated AUCs of models refitted on labels shuffled within articles."""
    # Each article keeps its labels, and folds keep articles whole: every training fold
    # still holds both classes. The shuffles are drawn here, in order, before any refit.
    labels = [y[shuffle_within(groups, rng)] for _ in range(n_permutations)]
    jobs = [(ys, splits) for ys in labels]
    return np.asarray(_one_thread(_shuffle_aucs, features, jobs))


def _shuffle_aucs(features, jobs) -> list[float]:
    return [roc_auc_score(ys, _out_of_fold(features, ys, splits)) for ys, splits in jobs]


def _one_thread(function, data, jobs: list) -> list:
    """``function(data, jobs)`` with one BLAS and OpenMP thread.

    The refits are many small fits. Threads fighting over the cores made them several times
    slower, and worker processes did not pay: on 2 CPUs, 40 shuffles of 3,611 paragraphs
    took 4.3 s here, 4.7 s over two ``analysis.parallel.map_parts`` workers and 5.7 s with
    joblib's; 20 of 9,688 paragraphs 7.9, 9.7 and 12.4 s (medians of 3)."""
    with threadpool_limits(1):
        return function(data, jobs)


def _resample_aucs(data, jobs) -> list[float | None]:
    features, y, groups = data
    values = []
    for index, folds in jobs:
        resampled_y = y[index]
        splits = _splits(resampled_y, groups[index], folds)
        if splits is None:  # a resample where some fold trains on one class has no AUC
            values.append(None)
            continue
        oof = _out_of_fold(features[index], resampled_y, splits)
        values.append(roc_auc_score(resampled_y, oof))
    return values


def _refit_bootstrap_interval(features, y, groups, folds, auc, n_resamples, rng):
    """95% interval of the cross-validated AUC from article resamples, each rerunning the
    grouped cross validation (a cluster bootstrap that refits), centred on the observed AUC.
    """
    members = pd.Series(np.arange(len(y))).groupby(groups).indices
    articles = np.arange(groups.max() + 1)
    jobs = []
    for _ in range(n_resamples):  # drawn here, in order: the same whoever refits
        picked = rng.choice(articles, size=len(articles), replace=True)
        index = np.concatenate([members[a] for a in picked])
        # Copies of one article share a fold: the original article id stays the group.
        if len(np.unique(groups[index])) >= folds:
            jobs.append((index, folds))
    data = (features, y, groups)
    aucs = _one_thread(_resample_aucs, data, jobs)
    values = [v for v in aucs if v is not None]
    if len(values) < max(10, n_resamples / 2):
        return (np.nan, np.nan)
    values = np.asarray(values)
    # Refits on resamples see fewer distinct articles and score lower, so plain percentiles
    # sit below the AUC they describe. The spread of the resamples, moved to centre on the
    # observed AUC, gives the interval (Efron's bias correction pushes its upper end to
    # the largest of ~100 resamples, which varies from run to run).
    shifted = values - np.median(values) + auc
    low, high = np.clip(np.quantile(shifted, [0.025, 0.975]), 0.0, 1.0)
    return (float(low), float(high))
