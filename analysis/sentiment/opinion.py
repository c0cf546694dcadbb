"""An opinion score learned from news: the probability that a text expresses its writer's
opinion rather than reporting fact.

A logistic regression on word (1-2) and character (2-5, within words) TF-IDF n-grams,
trained on NewsSD-ENG's expert-labelled news sentences (``data/newssd-eng``) by
:mod:`analysis.modeling.opinion_training` and shipped as fitted weights in
``opinion_model.json.gz`` beside this file: nothing is downloaded or trained at import.
Its probability is Platt-calibrated on cross-validated scores of the training sentences
with equal weight on opinion and fact, so 0.5 means "as likely opinion as fact when
both are equally common"; its measured validity on the test split travels with it
(:func:`opinion_validity`).

Scoring does not go through scikit-learn's character analyser, which is the slow part:
a text's character n-grams are the union of its words' n-grams, so each distinct word is
analysed once and its feature indices are reused (a test checks the matrices agree).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..load.sentences import sentence_spans

__all__ = [
    "OPINION_LABEL",
    "MODEL_FILE",
    "OpinionModel",
    "WORDS_CACHED",
    "explain_opinion",
    "explain_opinions",
    "logit",
    "opinion_model",
    "opinion_validity",
    "score_opinion",
    "validity_sentence",
]


MODEL_FILE = Path(__file__).with_name("opinion_model.json.gz")

OPINION_LABEL = "Opinion probability (model trained on news)"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cached helpers key on it
class OpinionModel:
    """The fitted weights; build one with :func:`opinion_model`."""

    word_vocabulary: dict[str, int]
    word_idf: np.ndarray
    word_coef: np.ndarray
    char_vocabulary: dict[str, int]
    char_idf: np.ndarray
    char_coef: np.ndarray
    intercept: float
    platt_slope: float
    platt_intercept: float
    settings: dict
    report: dict

    @classmethod
    def from_dict(cls, data: dict) -> OpinionModel:
        return cls(
            word_vocabulary={t: i for i, t in enumerate(data["word"]["vocabulary"])},
            word_idf=np.asarray(data["word"]["idf"], dtype=float),
            word_coef=np.asarray(data["word"]["coef"], dtype=float),
            char_vocabulary={t: i for i, t in enumerate(data["char"]["vocabulary"])},
            char_idf=np.asarray(data["char"]["idf"], dtype=float),
            char_coef=np.asarray(data["char"]["coef"], dtype=float),
            intercept=float(data["intercept"]),
            platt_slope=float(data["platt"]["slope"]),
            platt_intercept=float(data["platt"]["intercept"]),
            settings=data["settings"],
            report=data.get("report", {}),
        )

    # -- features -------------------------------------------------------------------------

    @property
    def _word_vectorizer(self):
        return _vectorizer(self, "word")

    def _char_indices(self, word: str) -> list[int]:
        return _char_cache(self)(word)

    def word_cache_info(self):
        """How many words' character n-grams are kept (``currsize``, at most ``maxsize``:
        :data:`WORDS_CACHED`), and the hits and misses of that cache."""
        return _char_cache(self).cache_info()

    def word_counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw counts of the word n-grams in the vocabulary, one row per text."""
        return self._word_vectorizer.transform(texts)

    def char_counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw counts of the character n-grams, as scikit-learn's ``char_wb`` analyser
        would count them: per whitespace-separated word, lower-cased, padded with spaces."""
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            for word in text.lower().split():
                indices += self._char_indices(word)
            indptr.append(len(indices))
        data = np.ones(len(indices))
        matrix = sp.csr_matrix(
            (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
            shape=(len(texts), len(self.char_vocabulary)),
        )
        matrix.sum_duplicates()
        return matrix

    def features(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The TF-IDF rows (sublinear term frequency, unit length) of each part."""
        return _tfidf(self.word_counts(texts), self.word_idf), _tfidf(
            self.char_counts(texts), self.char_idf
        )

    # -- scores ---------------------------------------------------------------------------

    def score(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's calibrated probability of opinion, and how many distinct word and
        character n-grams of the model it holds. A text with none (empty, or in a script
        the model never saw) scores the model's prior: no evidence, like a lexicon's 0.0
        without a word."""
        counts = self.word_counts(texts), self.char_counts(texts)
        found = sum(np.diff(matrix.indptr) for matrix in counts)
        words, chars = (
            _tfidf(m, idf) for m, idf in zip(counts, (self.word_idf, self.char_idf), strict=True)
        )
        decision = words @ self.word_coef + chars @ self.char_coef + self.intercept
        return self.calibrate(decision), found

    def calibrate(self, decision: np.ndarray) -> np.ndarray:
        """Platt's calibration of the regression's log-odds."""
        z = self.platt_slope * np.asarray(decision, dtype=float) + self.platt_intercept
        return 1.0 / (1.0 + np.exp(-z))

    def probability(self, texts: Sequence[str]) -> np.ndarray:
        """The calibrated probability that each text is opinion (scored whole)."""
        return self.score(texts)[0]

    def n_features(self, texts: Sequence[str]) -> np.ndarray:
        """How many of the model's n-grams each text holds (see :meth:`score`)."""
        return self.score(texts)[1]


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    weighted = counts.astype(float, copy=True)
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)


@cache
def _vectorizer(model: OpinionModel, part: str):
    from sklearn.feature_extraction.text import CountVectorizer

    settings = model.settings[part]
    return CountVectorizer(
        vocabulary=model.word_vocabulary if part == "word" else model.char_vocabulary,
        analyzer=settings["analyzer"],
        ngram_range=tuple(settings["ngram_range"]),
        lowercase=True,
        dtype=np.int64,
    )


WORDS_CACHED = 50_000  # distinct words whose character n-grams a model keeps


@cache
def _char_cache(model: OpinionModel):
    analyse = _vectorizer(model, "char").build_analyzer()
    vocabulary = model.char_vocabulary

    # One analysis per distinct word (news reuses its words), for the most recent words
    # only: a worker scoring a hundred thousand articles would otherwise keep every name
    # and number it ever met, hundreds of MB.
    @lru_cache(maxsize=WORDS_CACHED)
    def indices(word: str) -> list[int]:
        return [vocabulary[g] for g in analyse(word) if g in vocabulary]

    return indices


@cache
def opinion_model(path: str | Path | None = None) -> OpinionModel:
    """The shipped model (or the weights file at ``path``), loaded once per process."""
    path = MODEL_FILE if path is None else Path(path)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"the opinion model's weights {path} are missing: reinstall the package, or "
            "rebuild them with `python -m analysis.modeling.opinion_training`"
        ) from None
    return OpinionModel.from_dict(data)


def score_opinion(texts: Sequence[str], *, model: OpinionModel | None = None) -> pd.DataFrame:
    """``opinion`` (calibrated probability, 0 to 1) and ``opinion_n_features`` (the model's
    word and character n-grams found; 0 means the score is the model's prior, not
    evidence) for each text.

    A text of several sentences (a paragraph) scores the mean of its sentences'
    probabilities, and its n-grams are summed over them: the model was trained and
    calibrated on single sentences, and a longer text scored whole looks more opinionated
    whatever it says (on NewsSD-ENG's test split, paragraphs of five factual sentences
    scored whole average 0.48, their sentences 0.39).

    >>> scores = score_opinion(["The ministry said on Tuesday that 40 people died.",
    ...                         "This is a disgraceful, cowardly decision."])
    >>> bool(scores["opinion"][1] > scores["opinion"][0])
    True
    >>> both = score_opinion(["The ministry said on Tuesday that 40 people died. This is a "
    ...                       "disgraceful, cowardly decision."])
    >>> bool(abs(both["opinion"][0] - scores["opinion"].mean()) < 1e-12)
    True
    """
    model = opinion_model() if model is None else model
    texts = [t if isinstance(t, str) else "" for t in texts]
    pieces, owners = [], []
    for owner, text in enumerate(texts):
        for start, end in sentence_spans(text) or [(0, len(text))]:
            pieces.append(text[start:end])
            owners.append(owner)
    probability, found = model.score(pieces)
    owners = np.asarray(owners, dtype=np.int64)
    sentences = np.bincount(owners, minlength=len(texts))
    return pd.DataFrame(
        {
            "opinion": np.bincount(owners, weights=probability, minlength=len(texts)) / sentences,
            "opinion_n_features": np.bincount(owners, weights=found, minlength=len(texts))
            .round()
            .astype(np.int64),
        }
    )


def explain_opinion(text: str, *, model: OpinionModel | None = None) -> pd.DataFrame:
    """Each word's share of the text's opinion log-odds, largest push towards opinion first.

    The model is linear, so a sentence's log-odds (before calibration) is the intercept
    plus the sum of its features' contributions; each word gets its unigram's, half of each
    bigram it is in, and its share of every character n-gram it holds. ``contribution`` is
    in log-odds after the calibration's slope, so a sentence's words sum to its calibrated
    log-odds minus the model's prior. A text of several sentences is scored sentence by
    sentence (see :func:`score_opinion`), and each word's contributions are averaged over
    the sentences.

    >>> text = "A shameful and cowardly betrayal, officials said."
    >>> words = explain_opinion(text)
    >>> words.set_index("word").loc[["cowardly", "said"], "contribution"].round(2).tolist()
    [0.07, -1.12]
    >>> p, prior = opinion_model().probability([text, ""])
    >>> bool(abs(words["contribution"].sum() - (logit(p) - logit(prior))) < 1e-9)
    True
    """
    return explain_opinions([text], model=model)[0]


def explain_opinions(
    texts: Sequence[str], *, model: OpinionModel | None = None
) -> list[pd.DataFrame]:
    """:func:`explain_opinion` for each of ``texts``, with the features of all their
    sentences computed at once: an article's paragraphs cost one pass, not one each.

    >>> first, second = explain_opinions(["A shameful betrayal.", "Officials said so."])
    >>> first.equals(explain_opinion("A shameful betrayal.")), second["word"].tolist()[-1]
    (True, 'said')
    """
    model = opinion_model() if model is None else model
    sentences: list[str] = []
    owners: list[int] = []
    for owner, text in enumerate(texts):
        spans = sentence_spans(text) or [(0, len(text))]
        sentences += [text[start:end] for start, end in spans]
        owners += [owner] * len(spans)
    words, chars = model.features(sentences) if sentences else (None, None)
    totals: list[dict[str, float]] = [{} for _ in texts]
    for row, (sentence, owner) in enumerate(zip(sentences, owners, strict=True)):
        total = totals[owner]
        for word, value in _sentence_contributions(sentence, model, words, chars, row).items():
            total[word] = total.get(word, 0.0) + value
    parts = np.bincount(owners, minlength=len(texts))
    frames = []
    scale = model.platt_slope / np.maximum(parts, 1)
    for total, factor in zip(totals, scale.tolist(), strict=True):
        ranked = sorted(total.items(), key=lambda item: item[1], reverse=True)  # stable
        frames.append(
            pd.DataFrame(
                {
                    "word": [word for word, _ in ranked],
                    "contribution": np.array([value for _, value in ranked], dtype=float) * factor,
                }
            )
        )
    return frames


@cache
def _terms(model: OpinionModel) -> dict[int, list[str]]:
    """The words of each word n-gram, by its feature index."""
    return {i: t.split() for t, i in model.word_vocabulary.items()}


def _sentence_contributions(
    text: str, model: OpinionModel, words: sp.csr_matrix, chars: sp.csr_matrix, row: int
) -> dict[str, float]:
    """Each word's share of the log-odds of ``text``, whose TF-IDF features are ``row`` of
    ``words`` and ``chars`` (before the calibration's slope)."""
    contributions: dict[str, float] = {}

    def add(word: str, value: float) -> None:
        contributions[word] = contributions.get(word, 0.0) + value

    terms = _terms(model)
    lo, hi = words.indptr[row], words.indptr[row + 1]
    for index, value in zip(words.indices[lo:hi].tolist(), words.data[lo:hi].tolist(), strict=True):
        term = terms[index]
        for word in term:
            add(word, value * model.word_coef[index] / len(term))
    lo, hi = chars.indptr[row], chars.indptr[row + 1]
    indices = chars.indices[lo:hi]
    char_weights = dict(
        zip(indices.tolist(), (chars.data[lo:hi] * model.char_coef[indices]).tolist(), strict=True)
    )
    # A character n-gram found in several words is shared out by its occurrences.
    tokens = text.lower().split()
    occurrences: dict[int, int] = {}
    for token in tokens:
        for index in model._char_indices(token):
            occurrences[index] = occurrences.get(index, 0) + 1
    for token in tokens:
        for index in model._char_indices(token):
            add(_bare(token), char_weights[index] / occurrences[index])
    return contributions


def logit(p):
    """Log-odds of a probability."""
    return np.log(p / (1 - p))


def _bare(token: str) -> str:
    """A whitespace token without the punctuation around it (``"cowardly,"`` → ``cowardly``)."""
    stripped = token.strip("\"'“”‘’«»()[]{}.,;:!?—–-…")
    return stripped or token


def opinion_validity() -> pd.DataFrame:
    """How well each score tracks opinion in news: ROC-AUC with its 95% bootstrap interval
    on NewsSD-ENG's test split (sentences no model here was trained or tuned on), as the
    training script measured it. 0.5 is chance; 1.0 separates opinion from fact perfectly.
    """
    report = opinion_model().report
    rows = report.get("validity", [])
    if not rows:
        raise ValueError(
            f"{MODEL_FILE} holds no validity table: rebuild it with "
            "`python -m analysis.modeling.opinion_training`"
        )
    columns = ["score", "roc_auc", "low", "high", "minus_textblob_low", "minus_textblob_high"]
    table = pd.DataFrame(rows)
    return table[[*columns, *(c for c in table.columns if c not in columns)]]


def validity_sentence() -> str:
    """The validity table in a sentence, for the findings a reader sees first."""
    table = opinion_validity()
    model = table[table["score"] == "Opinion probability"].iloc[0]
    others = table[table["score"] != "Opinion probability"]
    rest = ", ".join(
        f"{row.score} {row.roc_auc:.2f} ({row.low:.2f} to {row.high:.2f})"
        for row in others.itertuples()
    )
    return (
        "How well each score tracks opinion in news, as ROC-AUC on "
        f"{int(model.n_sentences)} expert-labelled news sentences no score was trained on "
        f"(0.5 is chance, 1 is perfect; 95% intervals, probably too narrow, as sentences of "
        f"one article are resampled apart): the opinion model {model.roc_auc:.2f} "
        f"({model.low:.2f} to {model.high:.2f}), {rest}."
    )
