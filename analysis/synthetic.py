"""Deterministic generator of seed-format articles, for benchmarks and tests.

The articles look like the sample: a keyword line, then paragraphs separated by
blank lines, some of them commentary paragraphs that begin with ``Comment:``. The
prose mixes narration, quotations with attribution, abbreviations and the
occasional trailing caption, so that every step of the loader does real work.
Every sentence carries a serial number, so no two sentences are the same.
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["generate_articles", "write_articles"]

_ACTORS = ["China", "Belarus", "Russia", "Ukraine", "the EU", "the U.S.", "Beijing", "Minsk",
           "Mr. Xi", "Mr. Lukashenko", "the West", "Taiwan"]  # fmt: skip
_SPEAKERS = ["Xi", "Lukashenko", "a spokesman", "the ministry", "Dr. Ivanova", "he", "she"]
_VERBS = ["pledged to strengthen", "discussed", "criticised", "welcomed", "signed", "rejected",
          "praised", "questioned", "expanded", "reviewed"]  # fmt: skip
_OBJECTS = ["strategic coordination", "trade links", "sanctions", "the peace plan",
            "industrial cooperation", "cross-border transport", "security ties",
            "an investment deal", "energy supplies", "the trade volume"]  # fmt: skip
_WHEN = ["on Monday", "on Jan. 5", "at 9 a.m.", "last year", "in March", "this week",
         "since 1991", "on Sept. 12"]  # fmt: skip
_OPINIONS = ["failing", "reckless", "shameful", "ailing", "dangerous", "hypocritical",
             "desperate", "disastrous"]  # fmt: skip
_CAPTIONS = ["Leaders shake hands in Beijing", "Officials meet at the border",
             "Delegates arrive for talks amid crisis"]  # fmt: skip


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
