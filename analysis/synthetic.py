"""Deterministic generator of seed-format articles, for benchmarks and tests.

The articles look like the sample: a keyword line, then paragraphs separated by
blank lines, some of them commentary paragraphs that begin with ``Comment:``. The
prose mixes narration, quotations with attribution, abbreviations and the
occasional trailing caption, so that every step of the loader does real work.
Every sentence carries a serial number, so no two sentences are the same.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["generate_articles", "word_paragraphs", "write_articles"]

_ACTORS = [
    "China",
    "Belarus",
    "Russia",
    "Ukraine",
    "the EU",
    "the U.S.",
    "Beijing",
    "Minsk",
    "Mr. Xi",
    "Mr. Lukashenko",
    "the West",
    "Taiwan",
]
_SPEAKERS = ["Xi", "Lukashenko", "a spokesman", "the ministry", "Dr. Ivanova", "he", "she"]
_VERBS = [
    "pledged to strengthen",
    "discussed",
    "criticised",
    "welcomed",
    "signed",
    "rejected",
    "praised",
    "questioned",
    "expanded",
    "reviewed",
]
_OBJECTS = [
    "strategic coordination",
    "trade links",
    "sanctions",
    "the peace plan",
    "industrial cooperation",
    "cross-border transport",
    "security ties",
    "an investment deal",
    "energy supplies",
    "the trade volume",
]
_WHEN = [
    "on Monday",
    "on Jan. 5",
    "at 9 a.m.",
    "last year",
    "in March",
    "this week",
    "since 1991",
    "on Sept. 12",
]
_OPINIONS = [
    "failing",
    "reckless",
    "shameful",
    "ailing",
    "dangerous",
    "hypocritical",
    "desperate",
    "disastrous",
]
_CAPTIONS = [
    "Leaders shake hands in Beijing",
    "Officials meet at the border",
    "Delegates arrive for talks amid crisis",
]


def _narration(rng: random.Random, serial: int) -> str:
    actor = rng.choice(_ACTORS)
    return (
        f"{actor[0].upper()}{actor[1:]} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} with "
        f"{rng.choice(_ACTORS)} {rng.choice(_WHEN)}, step No. {serial}."
    )


def _quotation(rng: random.Random, serial: int) -> str:
    quote = f"We {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}, in round {serial}"
    if rng.random() < 0.5:
        return f'"{quote}," {rng.choice(_SPEAKERS)} said.'
    return f"“{quote}.” {rng.choice(['Xinhua', 'BelTA'])} quoted {rng.choice(_SPEAKERS)} as saying."


def _commentary(rng: random.Random, serial: int) -> str:
    return (
        f"Comment: It comes amid the West's {rng.choice(_OPINIONS)} war and its "
        f"{rng.choice(_OPINIONS)} attempts to provoke {rng.choice(_ACTORS)}, "
        f"failure No. {serial}."
    )


def generate_articles(
    n_articles: int,
    *,
    commentary_share: float = 0.1,
    paragraphs: tuple[int, int] = (12, 22),
    seed: int = 0,
) -> list[str]:
    """Return ``n_articles`` article texts in the sample format, the same for the same seed.

    >>> first = generate_articles(2, seed=1)
    >>> first == generate_articles(2, seed=1), first[0].splitlines()[0]
    (True, 'china belarus beijing talks')

    Args:
        commentary_share: probability that a paragraph is commentary.
        paragraphs: smallest and largest number of paragraphs per article.
        seed: seed of the random generator.
    """
    rng = random.Random(seed)
    serial = 0
    texts = []
    for _ in range(n_articles):
        title = "china belarus beijing talks"
        blocks = []
        for _ in range(rng.randint(*paragraphs)):
            serial += 1
            if rng.random() < commentary_share:
                blocks.append(_commentary(rng, serial))
                continue
            sentences = []
            for _ in range(rng.randint(1, 3)):
                serial += 1
                make = _quotation if rng.random() < 0.3 else _narration
                sentences.append(make(rng, serial))
            if rng.random() < 0.03:
                sentences.append(rng.choice(_CAPTIONS))
            blocks.append(" ".join(sentences))
        texts.append(title + "\n" + "\n\n".join(blocks) + "\n")
    return texts


def write_articles(
    folder: str | Path, n_articles: int, *, outlets: tuple[str, ...] = (), **kwargs
) -> list[Path]:
    """Write :func:`generate_articles` output as ``article-00001.txt`` ... into ``folder``.

    With ``outlets``, each file gets YAML front matter naming an outlet, in turn.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, text in enumerate(generate_articles(n_articles, **kwargs), start=1):
        if outlets:
            text = f"---\noutlet: {outlets[(number - 1) % len(outlets)]}\n---\n{text}"
        path = folder / f"article-{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def word_paragraphs(
    n_articles: int,
    *,
    paragraphs: tuple[int, int] = (8, 16),
    commentary_share: float = 0.15,
    vocabulary: int = 4000,
    words: tuple[int, int] = (15, 60),
    planted: Mapping[str, float] | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """A paragraph table whose words behave like news vocabulary, for testing statistics.

    Words follow Zipf's law over ``vocabulary`` made-up words, and each article leans on
    its own few topic words (as news does, so terms cluster within articles). Each
    paragraph is commentary with probability ``commentary_share``. Without ``planted``,
    commentary and reporting draw from the same distribution: nothing distinguishes them.
    ``planted`` maps words to the mean number of extra times (Poisson) each commentary
    paragraph uses them: the differences a test should find.

    >>> table = word_paragraphs(3, seed=1)
    >>> sorted(table.columns), table["article_id"].nunique()
    (['article_id', 'paragraph_id', 'section', 'text'], 3)
    """
    rng = np.random.default_rng(seed)
    syllables = "ka lo mi ne ru sa ti vo ze po da fi gu he".split()
    made_up: list[str] = []
    seen: set[str] = set()
    while len(made_up) < vocabulary:
        word = "".join(rng.choice(syllables, size=int(rng.integers(2, 5))))
        if word not in seen:
            seen.add(word)
            made_up.append(word)
    lexicon = np.array(made_up)
    base = 1 / np.arange(1, vocabulary + 1) ** 1.07
    rows = []
    for a in range(n_articles):
        weights = base.copy()
        weights[rng.choice(vocabulary, size=15, replace=False)] *= 40  # the article's topic
        weights /= weights.sum()
        for p in range(int(rng.integers(paragraphs[0], paragraphs[1] + 1))):
            section = "commentary" if rng.random() < commentary_share else "reporting"
            text = list(lexicon[rng.choice(vocabulary, size=int(rng.integers(*words)), p=weights)])
            if section == "commentary":
                for word, rate in (planted or {}).items():
                    text += [word] * int(rng.poisson(rate))
                rng.shuffle(text)
            rows.append(
                {
                    "article_id": f"a{a:05d}",
                    "paragraph_id": f"a{a:05d}:p{p + 1:02d}",
                    "section": section,
                    "text": " ".join(text),
                }
            )
    return pd.DataFrame(rows)
