"""Dictionaries of news frames, style indicators and actors, and counting their hits.

The dictionaries live in ``data/lexicons/`` and ``data/actors.yml``; each YAML file says
what its list is meant to catch and its known false friends. Matching follows the
files' own rules: whole words, a trailing ``*`` matches any word ending, a phrase
matches with any white space between its words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .errors import InputError
from .paths import DATA_DIR

__all__ = ["Lexicon", "count_lexicons", "load_lexicons"]

LEXICON_DIR = DATA_DIR / "lexicons"
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Lexicon:
    """One dictionary: its name, label, documentation and compiled pattern."""

    name: str
    label: str
    catches: str
    false_friends: tuple[str, ...]
    terms: tuple[str, ...]
    pattern: re.Pattern[str]

    def matches(self, text: str) -> list[str]:
        """The terms found in ``text``, as written, in order.

        A match of three letters or fewer in capitals is an acronym, not the word
        ("US-led" is not the pronoun "us").

        >>> lexicon = compile_lexicon("demo", ["us", "war*", "at odds"])
        >>> lexicon.matches("US-led wars left us at  odds.")
        ['wars', 'us', 'at  odds']
        """
        found = []
        for match in self.pattern.finditer(text):
            word = match.group()
            if len(word) <= 3 and word.isupper() and len(word) > 1:
                continue
            found.append(word)
        return found


def _term_pattern(term: str) -> str:
    wildcard = term.endswith("*")
    words = term.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    return body + (r"\w*" if wildcard else "")


def compile_lexicon(name: str, terms: Sequence[str], **documentation) -> Lexicon:
    """Build a :class:`Lexicon` from its terms (longest first, so phrases win over words)."""
    ordered = sorted(dict.fromkeys(terms), key=lambda t: (-len(t), t))
    alternatives = "|".join(_term_pattern(t) for t in ordered)
    pattern = re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)
    return Lexicon(
        name=name,
        label=documentation.get("label", name),
        catches=documentation.get("catches", ""),
        false_friends=tuple(documentation.get("false_friends", ())),
        terms=tuple(terms),
        pattern=pattern,
    )


def load_lexicons(folder: str | Path | None = None, *, kind: str = "frames") -> list[Lexicon]:
    """Load every ``*.yml`` dictionary in ``folder`` (default: the bundled ``kind``).

    >>> [lexicon.name for lexicon in load_lexicons()][:2]
    ['conflict', 'diplomacy_cooperation']

    Args:
        folder: a folder of YAML dictionaries; ``None`` reads ``data/lexicons/<kind>``.
        kind: ``"frames"`` or ``"style"``, for the bundled dictionaries.

    Raises:
        InputError: a missing folder, a folder without dictionaries, a file that is not
            valid YAML or lacks ``terms``.
    """
    folder = Path(folder) if folder else LEXICON_DIR / kind
    if not folder.is_dir():
        raise InputError(folder, "is not a folder of dictionaries", "Give a folder of .yml files")
    paths = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))
    if not paths:
        raise InputError(folder, "holds no .yml dictionaries", "Add one file per frame or list")
    lexicons = []
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            raise InputError(
                path, f"is not valid YAML ({getattr(err, 'problem', err)})", "Fix the YAML",
                line=mark.line + 1 if mark else None,
            ) from None  # fmt: skip
        terms = data.get("terms") if isinstance(data, dict) else None
        if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise InputError(path, "has no list of 'terms'", "Add 'terms:' with one term a line")
        lexicons.append(
            compile_lexicon(
                path.stem,
                [t.strip().lower() for t in terms],
                label=data.get("label", path.stem),
                catches=data.get("catches", ""),
                false_friends=data.get("false_friends", ()),
            )
        )
    return lexicons


def count_lexicons(
    frame: pd.DataFrame,
    lexicons: Sequence[Lexicon],
    *,
    text_col: str = "text",
    prefix: str = "frame_",
) -> pd.DataFrame:
    """Add, per dictionary, hits per 100 words, the hit count and the words that matched.

    Columns ``<prefix><name>`` (hits per 100 words), ``<prefix><name>_hits`` and
    ``<prefix><name>_terms`` (the matched words, as written). A row without words
    gets a rate of NaN, not 0.

    >>> rows = pd.DataFrame({"text": ["The war and the clashes went on.", ""]})
    >>> conflict = compile_lexicon("conflict", ["war", "clash*"])
    >>> counted = count_lexicons(rows, [conflict])
    >>> counted["frame_conflict"].round(2).tolist(), counted["frame_conflict_hits"].tolist()
    ([28.57, nan], [2, 0])
    """
    texts = frame[text_col].fillna("").astype(str).tolist()
    words = pd.Series([len(_WORD.findall(t)) for t in texts], index=frame.index)
    added = {}
    for lexicon in lexicons:
        found = [lexicon.matches(t) for t in texts]
        hits = pd.Series([len(f) for f in found], index=frame.index)
        added[f"{prefix}{lexicon.name}"] = (100 * hits / words.where(words > 0)).astype(float)
        added[f"{prefix}{lexicon.name}_hits"] = hits
        added[f"{prefix}{lexicon.name}_terms"] = found
    return frame.assign(**added)
