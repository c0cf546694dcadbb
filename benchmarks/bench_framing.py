"""Benchmark: the framing steps against TextBlob scoring of the same corpus.

Generates N seed-format articles (default 10,000), loads them, and times on one core:
vectorising and log-odds (``distinctive_terms``), actors (``actor_summary`` without
sentiment), frames (``count_lexicons``) and style (``style_profile``) on the paragraphs;
then TextBlob's sentiment of every sentence, as a plain loop. The target: the framing
steps together take less time than TextBlob scoring.

    python benchmarks/bench_framing.py [--articles 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from textblob import TextBlob

from analysis import load_corpus
from analysis.framing import (
    actor_summary,
    count_lexicons,
    distinctive_terms,
    load_actors,
    load_lexicons,
    style_profile,
)
from analysis.synthetic import write_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        write_articles(Path(folder), args.articles, seed=7)
        corpus = load_corpus(Path(folder), progress=False)
    paragraphs = corpus.paragraphs[corpus.paragraphs["section"].isin(["reporting", "commentary"])]
    actors, frames = load_actors(), load_lexicons()

    steps = {
        "vectorising + log-odds": lambda: distinctive_terms(paragraphs),
        "actors": lambda: actor_summary(corpus.paragraphs, actors),
        "frames": lambda: count_lexicons(paragraphs, frames),
        "style": lambda: style_profile(paragraphs),
    }
    times = {}
    for name, step in steps.items():
        start = time.perf_counter()
        step()
        times[name] = time.perf_counter() - start

    texts = corpus.sentences["text"].tolist()
    start = time.perf_counter()
    for text in texts:
        _ = TextBlob(text).sentiment
    textblob = time.perf_counter() - start

    framing = sum(times.values())
    print(f"corpus: {len(corpus.articles):,} articles, {len(paragraphs):,} paragraphs of "
          f"reporting and commentary, {len(texts):,} sentences")  # fmt: skip
    for name, seconds in times.items():
        print(f"  {name:24s} {seconds:6.2f} s")
    print(f"framing steps together:    {framing:6.2f} s")
    print(f"TextBlob, every sentence:  {textblob:6.2f} s ({len(texts) / textblob:,.0f}/s)")
    print(f"framing takes {framing / textblob:.0%} of TextBlob's time (target: under 100%)")


if __name__ == "__main__":
    main()
