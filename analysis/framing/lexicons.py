"""Dictionaries of news frames, style indicators and actors, and counting their hits.

The dictionaries live in ``data/lexicons/`` and ``data/actors.yml``; each YAML file says
what its list is meant to catch and its known false friends. Matching follows the
files' own rules: whole words, a trailing ``*`` matches any word ending, a phrase
matches with any white space between its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..errors import InputError
from ..load.text import WORD
from ..paths import DATA_DIR

__all__ = [
    "LEXICON_DIR",
    "Lexicon",
    "compile_lexicon",
    "count_lexicons",
    "load_lexicons",
    "matched_terms",
    "read_yaml",
    "trie_pattern",
]

LEXICON_DIR = DATA_DIR / "lexicons"
# Capitalised forms that are acronyms, never the dictionary word they spell.
_ACRONYMS_NOT_WORDS = frozenset({"US"})


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

        "US" in capitals is the country, not the pronoun "us" ("US-led").

        >>> lexicon = compile_lexicon("demo", ["us", "war*", "at odds"])
        >>> lexicon.matches("US-led wars left us at  odds.")
        ['wars', 'us', 'at  odds']
        """
        found = []
        for match in self.pattern.finditer(text):
            word = match.group()
            if word in _ACRONYMS_NOT_WORDS:
                continue
            found.append(word)
        return found


def trie_pattern(terms: Iterable[str]) -> str:
    """One regular expression for many terms, factored by shared prefixes.

    A plain alternation makes the regex engine try every term at every character; the
    trie tries only the terms that start with the character it sees, which makes
    dictionaries of a hundred terms several times faster. Greedy optional branches
    prefer the longest term ("at odds" over "at"). A trailing ``*`` matches any word
    ending, white space inside a term any run of white space.

    >>> print(trie_pattern(["war", "wars", "clash*", "at odds"]))
    (?:at\\s+odds|clash\\w*|war(?:s)?)
    """
    trie: dict = {}
    for term in terms:
        node = trie
        for atom in re.sub(r"\s+", " ", term.rstrip("*").strip()):
            node = node.setdefault(atom, {})
        node["*" if term.endswith("*") else ""] = {}
    return _render(trie)


def _render(node: dict) -> str:
    branches = [
        (r"\s+" if atom == " " else re.escape(atom)) + _render(child)
        for atom, child in sorted(node.items())
        if atom not in ("", "*")
    ]
    if "*" in node:
        branches.append(r"\w*")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node and "*" not in node:
        body = f"(?:{body})?"
    return body


def compile_lexicon(name: str, terms: Sequence[str], **documentation) -> Lexicon:
    """Build a :class:`Lexicon` from its terms: whole words, any case, longest term first."""
    terms = [" ".join(t.lower().split()) for t in terms]
    if not terms or any(not t.rstrip("*").strip() for t in terms):
        raise ValueError(f"lexicon {name!r}: every term needs at least one letter or digit")
    pattern = re.compile(rf"(?<![\w])(?:{trie_pattern(terms)})(?![\w])", re.IGNORECASE)
    return Lexicon(
        name=name,
        label=documentation.get("label", name),
        catches=documentation.get("catches", ""),
        false_friends=tuple(documentation.get("false_friends", ())),
        terms=tuple(terms),
        pattern=pattern,
    )


def read_yaml(path: Path) -> object:
    """Parse a YAML file; a missing or invalid file is an :class:`InputError` with its line."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "does not exist", "Check the path") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(
            path,
            f"is not valid YAML ({getattr(err, 'problem', None) or err})",
            "Fix the YAML",
            line=mark.line + 1 if mark else None,
        ) from None


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
        data = read_yaml(path)
        terms = data.get("terms") if isinstance(data, dict) else None
        if not isinstance(terms, list) or not terms:
            raise InputError(path, "has no list of 'terms'", "Add 'terms:' with one term a line")
        bad = [t for t in terms if not isinstance(t, str) or not t.rstrip("*").strip()]
        if bad:
            raise InputError(
                path, f"has terms that are not words: {bad[:3]}", "Write each term as text"
            )
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
    words = pd.Series([len(WORD.findall(t)) for t in texts], index=frame.index)
    added = {}
    for lexicon in lexicons:
        found = [lexicon.matches(t) for t in texts]
        hits = pd.Series([len(f) for f in found], index=frame.index)
        added[f"{prefix}{lexicon.name}"] = (100 * hits / words.where(words > 0)).astype(float)
        added[f"{prefix}{lexicon.name}_hits"] = hits
        added[f"{prefix}{lexicon.name}_terms"] = found
    return frame.assign(**added)


def matched_terms(
    counted: pd.DataFrame,
    lexicons: Sequence[Lexicon],
    *,
    prefix: str = "frame_",
    category_col: str = "section",
    top: int = 8,
) -> pd.DataFrame:
    """The words each dictionary matched, per category, most frequent first (``war ×3``):
    what a reader checks before trusting a dictionary's count.

    ``counted`` is :func:`count_lexicons` output with the same ``prefix``. One row per
    dictionary, one column per category; "–" where a dictionary matched nothing.

    >>> conflict = compile_lexicon("conflict", ["war", "clash*"])
    >>> rows = count_lexicons(pd.DataFrame({"text": ["War, war and clashes.", "A war."],
    ...                                     "section": ["commentary", "reporting"]}), [conflict])
    >>> matched_terms(rows, [conflict]).to_dict("index")
    {'conflict': {'commentary': 'war ×2, clashes ×1', 'reporting': 'war ×1'}}
    """
    columns = [f"{prefix}{lexicon.name}_terms" for lexicon in lexicons]
    long = counted.melt(
        id_vars=[category_col], value_vars=columns, var_name="dictionary", value_name="term"
    ).explode("term")
    long = long.dropna(subset=["term"]).assign(
        dictionary=lambda t: t["dictionary"].str.removeprefix(prefix).str.removesuffix("_terms"),
        term=lambda t: t["term"].str.lower(),
    )
    table = (
        long.groupby(["dictionary", category_col], observed=True)["term"]
        .agg(
            lambda words: ", ".join(f"{w} ×{n}" for w, n in words.value_counts().head(top).items())
        )
        .unstack(category_col)
        .fillna("–")
    )
    table.index.name = None
    table.columns.name = None
    return table
