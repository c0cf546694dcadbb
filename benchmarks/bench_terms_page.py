"""Benchmark: the term explorer page (``terms.html``) of a large corpus, its size and the
time Chromium takes to open it.

Generates N seed-format articles (default 3,050: about 56,500 paragraphs, the size at which
scattertext's explorer is a 22 MB page), loads them, computes the distinctive terms and
writes terms.html; then, with the same number of paragraphs, a corpus of made-up words with
a Zipf vocabulary (``word_paragraphs``), whose tens of thousands of terms make the page
plot its most. For each page: its size, and over R openings in Debian's chromium (driven
by Playwright) the median time from navigation to ``load``, to the page's script having run,
and to the first frame drawn after both (the scatter on screen). Targets: at most 3 MB, and
under 2 s to open.

    python benchmarks/bench_terms_page.py [--articles 3050] [--repeats 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis import load_corpus
from analysis.explore import plotted_terms, term_contexts, term_sample, term_sides
from analysis.framing import distinctive_terms, top_distinctive
from analysis.load import prose
from analysis.report import terms_page
from analysis.synthetic import word_paragraphs, write_articles

MAX_BYTES = 3_000_000
MAX_SECONDS = 2.0

# After load: wait for the page's script (it marks "terms-ready"), then for two animation
# frames, the second of which starts once the first, holding the scatter, is on screen.
_TIMES = """async () => {
  await new Promise((done) => {
    if (document.body.hasAttribute("data-ready")) { done(); return; }
    new MutationObserver(done).observe(document.body, {attributes: true});
  });
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const drawn = performance.now();
  const navigation = performance.getEntriesByType("navigation")[0];
  return {load: navigation.loadEventEnd, ready: performance.getEntriesByName("terms-ready")[0]
    .startTime, drawn: drawn, dots: document.querySelectorAll("circle.dot").length};
}"""


def _timed(step, *args, **kwargs):
    start = time.perf_counter()
    result = step(*args, **kwargs)
    return result, time.perf_counter() - start


def open_times(path: Path, repeats: int) -> dict[str, float]:
    """Median milliseconds from navigation to load, to the script run and to the frame drawn."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no chromium on this machine (apt-get install chromium)")
    runs: list[dict[str, float]] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for _ in range(repeats):
                page = browser.new_page(viewport={"width": 1300, "height": 1000})
                start = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load")
                wall = 1000 * (time.perf_counter() - start)
                runs.append({**page.evaluate(_TIMES), "goto": wall})
                page.close()
        finally:
            browser.close()
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def write_terms_page(folder: Path, paragraphs: pd.DataFrame, found, top) -> Path:
    """terms.html as a run makes it: notebook 20's lines of context, then the page."""
    sides = term_sides(found.table)
    contexts = term_contexts(paragraphs, plotted_terms(found.table, top)["term"], sections=sides)
    html = terms_page(found.table, found.summary, top, contexts, term_sample(paragraphs, sides))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "terms.html"
    path.write_text(html, encoding="utf-8")
    return path


def report(name: str, paragraphs: pd.DataFrame, folder: Path, repeats: int) -> None:
    found, seconds_terms = _timed(distinctive_terms, paragraphs)
    top = top_distinctive(found.table)
    path, seconds_page = _timed(write_terms_page, folder, paragraphs, found, top)
    size = path.stat().st_size
    times = open_times(path, repeats)
    sections = paragraphs["section"].value_counts()
    print(f"{name}: {paragraphs['article_id'].nunique():,} articles, {len(paragraphs):,} "
          f"paragraphs ({sections.get('commentary', 0):,} commentary, "
          f"{sections.get('reporting', 0):,} reporting), {len(found.table):,} terms, "
          f"{len(top)} in the bar chart")  # fmt: skip
    print(f"  distinctive_terms {seconds_terms:6.1f} s; write_terms_page {seconds_page:6.1f} s")
    over = "" if size <= MAX_BYTES else "  OVER"
    print(f"  terms.html: {size / 1e6:.2f} MB, {times['dots']:,.0f} dots "
          f"(target: at most {MAX_BYTES / 1e6:.0f} MB){over}")  # fmt: skip
    print(f"  chromium, median of {repeats}: load {times['load']:,.0f} ms, script run "
          f"{times['ready']:,.0f} ms, scatter drawn {times['drawn']:,.0f} ms (goto returned "
          f"after {times['goto']:,.0f} ms; target: under {MAX_SECONDS * 1000:,.0f} ms)"
          f"{'' if times['drawn'] < 1000 * MAX_SECONDS else '  OVER'}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3_050)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="write the pages here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        out = args.keep or scratch
        write_articles(scratch / "articles", args.articles, seed=7)
        corpus, seconds = _timed(load_corpus, scratch / "articles", progress=False)
        paragraphs = prose(corpus.paragraphs)
        print(f"loaded {len(corpus.articles):,} generated articles in {seconds:.1f} s: "
              f"{len(corpus.paragraphs):,} paragraphs, {len(paragraphs):,} of them reporting "
              "or commentary (titles and captions are neither)")  # fmt: skip
        report("generated articles", paragraphs, out / "articles", args.repeats)

        # As many paragraphs again, of made-up words with a Zipf vocabulary.
        zipf = word_paragraphs(round(len(paragraphs) / 12), seed=7)
        report("Zipf vocabulary", zipf, out / "zipf", args.repeats)


if __name__ == "__main__":
    main()
