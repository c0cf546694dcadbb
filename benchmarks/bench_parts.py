"""Loading and scoring in parts: one process against a pool of workers, same corpus.

Writes a corpus with ``analysis.synthetic`` (default 2,700 articles, about 100,000
sentences), then, taking turns so that both see the same machine, loads it into an empty
cache and scores its sentences with TextBlob and VADER (the exact scorers), once with one
process and once with a pool of ``--workers`` processes. Prints each run, the medians and
the speed-up (the medians' ratio).

    python benchmarks/bench_parts.py [--articles 2700] [--workers 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import analysis.parallel as parallel
from analysis.load.cache import cached_corpus
from analysis.sentiment.cache import store_scores
from analysis.synthetic import write_articles

ENGINES = ["textblob", "vader"]


def run(corpus: Path, cache: Path, workers: int) -> dict:
    parallel.usable_cpus = lambda: workers  # the pool map_parts starts
    shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    stored = cached_corpus(corpus, cache=cache)
    loaded = time.perf_counter()
    store_scores(stored, level="sentence", engines=ENGINES)
    scored = time.perf_counter()
    return {
        "load": loaded - start,
        "score": scored - loaded,
        "sentences": stored.rows("sentences"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2700)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-parts-"))
    try:
        write_articles(work / "corpus", args.articles, seed=7)
        runs: dict[int, list[dict]] = {1: [], args.workers: []}
        for repeat in range(args.repeats):
            for workers in (1, args.workers) if repeat % 2 == 0 else (args.workers, 1):
                result = run(work / "corpus", work / "cache", workers)
                runs[workers].append(result)
                rate = result["sentences"] / result["score"]
                print(
                    f"workers {workers}: load {result['load']:6.1f} s, score "
                    f"{result['score']:6.1f} s ({rate:,.0f} sentences/s)",
                    flush=True,
                )
        sentences = runs[1][0]["sentences"]
        print(f"\n{args.articles:,} articles, {sentences:,} sentences, medians of {args.repeats}:")
        for step in ("load", "score"):
            one = statistics.median(r[step] for r in runs[1])
            many = statistics.median(r[step] for r in runs[args.workers])
            print(
                f"  {step:5}: 1 process {one:6.1f} s ({sentences / one:,.0f} sentences/s), "
                f"{args.workers} workers {many:6.1f} s: {one / many:.2f}x"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
