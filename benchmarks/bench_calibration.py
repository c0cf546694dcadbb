"""Do the distinctive-term counts hold under the null, and find what is planted?

Generated corpora of ``--articles`` articles (Zipf-distributed words, each article with its
own topic words, ``analysis.synthetic.word_paragraphs``): with nothing planted, and with a
few words planted in the commentary. For each, the number of terms that pass on each side
at a 5% false-discovery rate, and how many pass in label-shuffled copies. Run from the
repository root::

    python benchmarks/bench_calibration.py [--articles 300] [--corpora 5]
"""

from __future__ import annotations

import argparse
import time

from analysis.framing.vocabulary import distinctive_terms, log_odds_dirichlet
from analysis.synthetic import word_paragraphs

PLANTED = {"shameful": 0.4, "reckless": 0.3, "vile": 0.2}


def old_rule(table) -> tuple[int, int]:
    """Terms past |z| > 1.96 by the rule this project used before: Monroe et al.'s z with the
    pooled prior scaled to the smaller side's word count."""
    a, b = table["count_commentary"].to_numpy(float), table["count_reporting"].to_numpy(float)
    prior = (a + b) * min(a.sum(), b.sum()) / (a + b).sum()
    _, z = log_odds_dirichlet(a, b, prior)
    return int((z > 1.96).sum()), int((z < -1.96).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--corpora", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.corpora} corpora of {args.articles} articles each; FDR 5%; 200 shuffles")
    print(
        "corpus  planted  paragraphs  terms   commentary  reporting  by chance (c / r)  seconds"
        "  old |z|>1.96 (c / r)"
    )
    for seed in range(args.corpora):
        for planted in (None, PLANTED):
            rows = word_paragraphs(args.articles, planted=planted, seed=100 + seed)
            clock = time.perf_counter()
            result = distinctive_terms(rows, seed=seed)
            seconds = time.perf_counter() - clock
            s = result.summary.set_index("side")
            passing, chance = s["passing"].astype(int), s["by_chance"]
            found = set(result.table.loc[result.table["distinctive"], "term"])
            hits = f"{len(set(PLANTED) & found)}/{len(PLANTED)}" if planted else "-"
            print(
                f"{seed:>6}  {hits:>7}  {len(rows):>10,}  {int(s['tested'].iloc[0]):>6,}  "
                f"{passing['commentary']:>10}  {passing['reporting']:>9}  "
                f"{chance['commentary']:>6.2f} / {chance['reporting']:.2f}  {seconds:>11.1f}  "
                "{:>12} / {}".format(*old_rule(result.table))
            )


if __name__ == "__main__":
    main()
