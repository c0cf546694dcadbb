"""Benchmark: sentiment scoring against the plain loop a user would write.

Generates a corpus, takes 200,000 distinct sentences (so de-duplication is not what
makes it fast), and times in one process, on the same data:

* the plain loop: ``df.text.apply(lambda t: TextBlob(t).sentiment)`` plus VADER's
  ``polarity_scores``;
* ``score_sentiment`` cold (empty cache: worker processes, scores written to the cache);
* ``score_sentiment`` warm (the same corpus again: scores read back from the cache).

It checks that the values are identical and prints the speed-ups. Targets: at least
1.5x faster cold on 2 cores, at least 20x faster warm.

Then the three engines side by side, each alone in one process on the same texts (the
first ``--engine-sentences`` sentences, and paragraphs of eight of them), cold, repeated
``--repeats`` times in turn, the median printed: the opinion model must cost no more than
the TextBlob scoring it sits beside.

    python benchmarks/bench_sentiment.py [--sentences 200000] [--engine-sentences 40000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis import load_corpus, score_sentiment, score_texts
from analysis.synthetic import write_articles

LEXICONS = ["textblob", "vader"]  # what the plain loop computes


def distinct_sentences(n: int, folder: Path):
    """``n`` distinct reporting and commentary sentences from a generated corpus."""
    write_articles(folder, n // 30 + 200, seed=11)
    sentences = load_corpus(folder, progress=False).sentences
    prose = sentences[sentences["section"].isin(["reporting", "commentary"])]
    prose = prose.drop_duplicates("text")
    if len(prose) < n:
        raise SystemExit(f"only {len(prose):,} distinct sentences; generate more articles")
    return prose.head(n).reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200_000)
    parser.add_argument("--engine-sentences", type=int, default=40_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        frame = distinct_sentences(args.sentences, Path(work) / "corpus")
        assert frame["text"].is_unique
        print(f"{len(frame):,} distinct sentences, {os.cpu_count()} cores")

        start = time.perf_counter()
        blob = frame["text"].apply(lambda t: TextBlob(t).sentiment)
        analyzer = SentimentIntensityAnalyzer()
        vader = frame["text"].apply(analyzer.polarity_scores)
        plain = time.perf_counter() - start

        cache = Path(work) / "cache"
        start = time.perf_counter()
        cold = score_sentiment(frame, engines=LEXICONS, cache=cache, progress=False)
        t_cold = time.perf_counter() - start

        start = time.perf_counter()
        warm = score_sentiment(frame, engines=LEXICONS, cache=cache, progress=False)
        t_warm = time.perf_counter() - start
        engines = engines_side_by_side(frame["text"], args.engine_sentences, args.repeats)

    checks = {
        "tb_polarity": np.array([s.polarity for s in blob]),
        "tb_subjectivity": np.array([s.subjectivity for s in blob]),
        "vader_compound": np.array([v["compound"] for v in vader]),
        "vader_pos": np.array([v["pos"] for v in vader]),
        "vader_neu": np.array([v["neu"] for v in vader]),
        "vader_neg": np.array([v["neg"] for v in vader]),
    }
    for column, expected in checks.items():
        for name, result in (("cold", cold), ("warm", warm)):
            if not np.array_equal(result[column].to_numpy(), expected):
                raise SystemExit(f"{name} {column} differs from the plain loop")
    n = len(frame)
    print("values: identical to the plain loop (TextBlob polarity, subjectivity; VADER all four)")
    print(f"plain loop:  {plain:6.2f} s  ({n / plain:,.0f} sentences/s)")
    print(f"cold:        {t_cold:6.2f} s  ({n / t_cold:,.0f} sentences/s)  "
          f"{plain / t_cold:.1f}x faster (target 1.5x)")  # fmt: skip
    print(f"warm:        {t_warm:6.2f} s  ({n / t_warm:,.0f} sentences/s)  "
          f"{plain / t_warm:.1f}x faster (target 20x)")  # fmt: skip
    print(f"\neach engine alone, one process, cold, median of {args.repeats}:")
    print(engines.to_string(index=False))


def engines_side_by_side(texts: pd.Series, n: int, repeats: int) -> pd.DataFrame:
    """Seconds and texts per second of each engine alone, on sentences and on paragraphs
    of eight sentences; the engines take turns, so a busy spell hits them alike."""
    sentences = texts.head(n).tolist()
    paragraphs = [" ".join(sentences[i : i + 8]) for i in range(0, len(sentences), 8)]
    rows = []
    for unit, batch in (("sentence", sentences), ("paragraph", paragraphs)):
        times: dict[str, list[float]] = {e: [] for e in ("textblob", "vader", "opinion")}
        for _ in range(repeats):
            for engine in times:
                start = time.perf_counter()
                score_texts(batch, engines=[engine], workers=1, cache=False, progress=False)
                times[engine].append(time.perf_counter() - start)
        textblob = float(np.median(times["textblob"]))
        for engine, measured in times.items():
            seconds = float(np.median(measured))
            rows.append(
                {
                    "unit": unit,
                    "engine": engine,
                    "texts": len(batch),
                    "seconds": round(seconds, 2),
                    "texts/s": round(len(batch) / seconds),
                    "time against TextBlob": round(seconds / textblob, 2),
                }
            )
    return pd.DataFrame(rows)


if __name__ == "__main__":
    main()
