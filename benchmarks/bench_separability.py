"""Does the separability classifier hold under the null, and find what is planted?

Generated corpora (``analysis.synthetic.word_paragraphs``: Zipf-distributed words, each
article with its own topic words). With nothing planted, commentary and reporting are the
same: the cross-validated ROC-AUC should sit near 0.5, its 95% interval should include 0.5
in about 95% of corpora, and the permutation test should give p < 0.05 in about 5%. With a
few words planted in the commentary, the test should find them. Run from the repository
root::

    python benchmarks/bench_separability.py [--articles 300] [--corpora 20] [--planted 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from analysis.framing.separability import commentary_separability
from analysis.synthetic import word_paragraphs

PLANTED = {"shameful": 0.4, "reckless": 0.3, "vile": 0.2}


def run(articles: int, planted, seed: int):
    rows = word_paragraphs(articles, planted=planted, seed=1000 + seed)
    clock = time.perf_counter()
    result = commentary_separability(rows, seed=seed)
    return rows, result, time.perf_counter() - clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--corpora", type=int, default=20, help="null corpora")
    parser.add_argument("--planted", type=int, default=5, help="corpora with planted words")
    args = parser.parse_args()
    print(f"{args.articles} articles per corpus; shuffles and resamples refit the model")
    print("corpus  planted  paragraphs    AUC  95% interval     p  holds 0.5  seconds")
    covered, rejected, found, seconds = [], [], [], []
    for seed in range(args.corpora + args.planted):
        planted = PLANTED if seed >= args.corpora else None
        rows, r, took = run(args.articles, planted, seed)
        seconds.append(took)
        holds = r.auc_low <= 0.5 <= r.auc_high
        if planted:
            found.append(r.p_value < 0.05 and not holds)
        else:
            covered.append(holds)
            rejected.append(r.p_value < 0.05)
        print(
            f"{seed:>6}  {'yes' if planted else 'no':>7}  {len(rows):>10,}  {r.auc:.3f}  "
            f"{r.auc_low:.3f} to {r.auc_high:.3f}  {r.p_value:.3f}  {'yes' if holds else 'no':>9}"
            f"  {took:>7.1f}"
        )
    print(
        f"null: interval holds 0.5 in {sum(covered)} of {len(covered)} corpora; "
        f"p < 0.05 in {sum(rejected)} of {len(rejected)}"
    )
    print(f"planted: found in {sum(found)} of {len(found)} corpora")
    print(f"median seconds per corpus: {statistics.median(seconds):.1f}")


if __name__ == "__main__":
    main()
