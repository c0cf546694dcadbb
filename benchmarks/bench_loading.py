"""Benchmark: load + paragraph + sentence splitting on a generated corpus.

Writes N seed-format articles (default 10,000) as files into a temporary folder,
then times reading them, splitting paragraphs and splitting sentences, on one core,
best of three runs. Prints articles/s, sentences/s and the process's peak memory.
The target is at least 30,000 sentences/s end to end, so that loading is never the
bottleneck in front of TextBlob (about 8,700 sentences/s). Since a shared machine's speed
drifts, TextBlob is timed in the same run on 20,000 of the sentences, and the ratio of the
two rates is printed too.

    python benchmarks/bench_loading.py [--articles 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from textblob import TextBlob

from analysis import load_articles, split_paragraphs, split_sentences
from analysis.synthetic import write_articles


def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--commentary-share", type=float, default=0.1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        write_articles(folder, args.articles, commentary_share=args.commentary_share)
        runs = []
        for _ in range(args.repeat):
            articles, t_read = _timed(lambda: load_articles(Path(folder), progress=False))
            paragraphs, t_para = _timed(split_paragraphs, articles)
            sentences, t_sent = _timed(split_sentences, paragraphs)
            runs.append((t_read + t_para + t_sent, t_read, t_para, t_sent))
    total, t_read, t_para, t_sent = min(runs)
    n_sentences = len(sentences)
    sample = sentences["text"].head(20_000).tolist()
    start = time.perf_counter()
    for text in sample:
        _ = TextBlob(text).sentiment
    textblob_rate = len(sample) / (time.perf_counter() - start)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    commentary = (paragraphs["section"] == "commentary").mean()
    print(
        f"corpus: {len(articles):,} articles, {len(paragraphs):,} paragraph rows "
        f"({commentary:.1%} commentary), {n_sentences:,} sentences"
    )
    print(
        f"best of {args.repeat}: read {t_read:.2f} s, paragraphs {t_para:.2f} s, "
        f"sentences {t_sent:.2f} s, total {total:.2f} s"
    )
    print(
        f"throughput: {len(articles) / total:,.0f} articles/s, "
        f"{n_sentences / total:,.0f} sentences/s (target: 30,000 sentences/s)"
    )
    print(
        f"TextBlob in the same run: {textblob_rate:,.0f} sentences/s; loading is "
        f"{n_sentences / total / textblob_rate:.1f}x as fast"
    )
    print(f"peak memory (process RSS): {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
