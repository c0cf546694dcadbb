"""Dictionaries of news frames, style indicators and actors, and counting their hits.

The dictionaries live in ``data/lexicons/`` and ``data/actors.yml``; each YAML file says
what its list is meant to catch and its known false friends. Matching follows the
files' own rules: whole words, a trailing ``*`` matches any word ending, a phrase
matches with any white space between its words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..errors import InputError
from ..load.text import WORD
from ..paths import DATA_DIR

__all__ = [
    "LEXICON_DIR",
    "Lexicon",
    "LexiconTally",
    "compile_lexicon",
    "count_lexicons",
    "load_lexicons",
    "lower_case_view",
    "matched_terms",
    "read_yaml",
    "tally_lexicons",
    "trie_pattern",
]

LEXICON_DIR = DATA_DIR / "lexicons"
# Capitalised forms that are acronyms, never the dictionary word they spell.
_ACRONYMS_NOT_WORDS = frozenset({"US"})


def _case_traps() -> re.Pattern[str]:
    """The letters that matching in any case pairs with another letter than their lower
    case does (dotless ı with i, long ſ with s, final ς with σ...): Python's own table."""
    try:
        from re._casefix import _EXTRA_CASES
    except ImportError:  # another Python: treat every non-ASCII letter as a trap
        return re.compile(r"[^\x00-\x7f]")
    letters = {chr(c) for c in _EXTRA_CASES} | {chr(c) for v in _EXTRA_CASES.values() for c in v}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(letters) if not c.isascii()) + "]")


_CASE_TRAPS = _case_traps()


def lower_case_view(text: str) -> str | None:
    """``text.lower()`` when matching lower-case terms against it finds what matching them
    in any case against ``text`` finds, at the same positions; else ``None`` (the lower case
    has another length, or a letter of the text is one that any-case matching pairs
    differently). Worked out once per text for every dictionary or alias list.

    >>> lower_case_view("Crisis, “crisis” — CRISIS"), lower_case_view("a crısıs")
    ('crisis, “crisis” — crisis', None)
    """
    lowered = text.lower()
    if text.isascii():
        return lowered
    return lowered if len(lowered) == len(text) and not _CASE_TRAPS.search(text) else None


_NOT_GIVEN = object()


@dataclass(frozen=True)
class Lexicon:
    """One dictionary: its name, label, documentation and compiled pattern."""

    name: str
    label: str
    catches: str
    false_friends: tuple[str, ...]
    terms: tuple[str, ...]
    pattern: re.Pattern[str]  # any case
    lower_pattern: re.Pattern[str] | None = None  # the same terms, in lower-cased text

    def matches(self, text: str, lowered=_NOT_GIVEN) -> list[str]:
        """The terms found in ``text``, as written, in order.

        "US" in capitals is the country, not the pronoun "us" ("US-led"). ``lowered`` is
        :func:`lower_case_view` of ``text``, when the caller has it for several dictionaries:
        matching lower case against lower case is twice as fast as matching in any case.

        >>> lexicon = compile_lexicon("demo", ["us", "war*", "at odds"])
        >>> lexicon.matches("US-led wars left us at  odds.")
        ['wars', 'us', 'at  odds']
        """
        if lowered is _NOT_GIVEN:
            lowered = lower_case_view(text)
        if self.lower_pattern is not None and lowered is not None:
            return [
                text[m.start() : m.end()]
                for m in self.lower_pattern.finditer(lowered)
                if text[m.start() : m.end()] not in _ACRONYMS_NOT_WORDS
            ]
        return [
            m.group() for m in self.pattern.finditer(text) if m.group() not in _ACRONYMS_NOT_WORDS
        ]


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
    body = rf"(?<![\w])(?:{trie_pattern(terms)})(?![\w])"
    return Lexicon(
        name=name,
        label=documentation.get("label", name),
        catches=documentation.get("catches", ""),
        false_friends=tuple(documentation.get("false_friends", ())),
        terms=tuple(terms),
        pattern=re.compile(body, re.IGNORECASE),
        # Terms with a letter any-case matching pairs otherwise are matched in any case.
        lower_pattern=re.compile(body) if lower_case_view(" ".join(terms)) is not None else None,
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
    terms: bool = True,
) -> pd.DataFrame:
    """Add, per dictionary, hits per 100 words, the hit count and the words that matched.

    Columns ``<prefix><name>`` (hits per 100 words), ``<prefix><name>_hits`` and, with
    ``terms``, ``<prefix><name>_terms`` (the matched words, as written). A row without
    words gets a rate of NaN, not 0. A table of 100,000 rows or more is counted in chunks by
    worker processes (:func:`~analysis.parallel.map_chunks`; a script then needs an
    ``if __name__ == "__main__":`` guard where Python does not fork, as docs/running.md
    says); for a corpus, :func:`tally_lexicons` also counts the matched words per section
    without keeping a list per row.

    >>> rows = pd.DataFrame({"text": ["The war and the clashes went on.", ""]})
    >>> conflict = compile_lexicon("conflict", ["war", "clash*"])
    >>> counted = count_lexicons(rows, [conflict])
    >>> counted["frame_conflict"].round(2).tolist(), counted["frame_conflict_hits"].tolist()
    ([28.57, nan], [2, 0])
    """
    counted, _ = _count(frame, lexicons, text_col, prefix, lists=terms, category_col=None)
    return counted


@dataclass(frozen=True)
class LexiconTally:
    """:func:`tally_lexicons`' result: the rows with their rates and hits (``counted``), and
    how often each dictionary matched each word, per category (``matched``: columns
    ``dictionary``, the category column, ``term`` in lower case, ``count``)."""

    counted: pd.DataFrame
    matched: pd.DataFrame


def tally_lexicons(
    frame: pd.DataFrame,
    lexicons: Sequence[Lexicon],
    *,
    text_col: str = "text",
    prefix: str = "frame_",
    category_col: str = "section",
) -> LexiconTally:
    """:func:`count_lexicons` for a corpus of any size: the rates and hits per row, and the
    matched words counted per ``category_col`` instead of listed per row (a list per
    paragraph of a large corpus holds every matched word as an object). Pass the result to
    :func:`matched_terms`.

    >>> rows = pd.DataFrame({"text": ["War, war and clashes.", "A war."],
    ...                      "section": ["commentary", "reporting"]})
    >>> tally = tally_lexicons(rows, [compile_lexicon("conflict", ["war", "clash*"])])
    >>> tally.counted["frame_conflict_hits"].tolist()
    [3, 1]
    >>> tally.matched.values.tolist()
    [['conflict', 'commentary', 'clashes', 1], ['conflict', 'commentary', 'war', 2], \
['conflict', 'reporting', 'war', 1]]
    """
    counted, matched = _count(
        frame, lexicons, text_col, prefix, lists=False, category_col=category_col
    )
    return LexiconTally(counted, matched)


def _count(frame, lexicons, text_col, prefix, *, lists: bool, category_col: str | None):
    from ..parallel import map_chunks

    texts = frame[text_col].fillna("").astype(str)  # chunked as it is: no list of every text
    columns = [texts]
    if category_col is not None:
        categories = frame[category_col]
        columns.append([c if pd.isna(c) else str(c) for c in categories.tolist()])
    parts = map_chunks(_count_chunk, columns, extra=(tuple(lexicons), lists))
    words = pd.Series(np.concatenate([p[0] for p in parts]), index=frame.index)
    hits = np.concatenate([p[1] for p in parts])
    added = {}
    for j, lexicon in enumerate(lexicons):
        found = pd.Series(hits[:, j], index=frame.index)
        added[f"{prefix}{lexicon.name}"] = (100 * found / words.where(words > 0)).astype(float)
        added[f"{prefix}{lexicon.name}_hits"] = found
        if lists:
            added[f"{prefix}{lexicon.name}_terms"] = [w for p in parts for w in p[2][j]]
    matched = None
    if category_col is not None:
        tally: Counter = Counter()
        for part in parts:
            tally.update(part[3])
        matched = pd.DataFrame(
            [(*key, n) for key, n in sorted(tally.items())],
            columns=["dictionary", category_col, "term", "count"],
        ).astype({"count": "int64"})
        if isinstance(frame[category_col].dtype, pd.CategoricalDtype):  # keep its order
            matched[category_col] = pd.Categorical(
                matched[category_col], categories=frame[category_col].cat.categories.astype(str)
            )
    return frame.assign(**added), matched


def _count_chunk(job) -> tuple:
    """Words, hits per dictionary, the matched words (as lists, or counted per category)."""
    (texts, *categories), lexicons, lists = job
    words = np.fromiter((len(WORD.findall(t)) for t in texts), dtype=np.int64, count=len(texts))
    hits = np.zeros((len(texts), len(lexicons)), dtype=np.int64)
    found_lists = [] if lists else None
    tally: Counter = Counter()
    lowered = [lower_case_view(t) for t in texts]  # once for all the dictionaries
    for j, lexicon in enumerate(lexicons):
        found = [lexicon.matches(t, low) for t, low in zip(texts, lowered, strict=True)]
        hits[:, j] = [len(f) for f in found]
        if lists:
            found_lists.append(found)
        if categories:
            for category, words_found in zip(categories[0], found, strict=True):
                if not isinstance(category, str):  # a row without a category is in none
                    continue
                for word in words_found:
                    tally[(lexicon.name, category, word.lower())] += 1
    return words, hits, found_lists, tally


def matched_terms(
    counted: pd.DataFrame | LexiconTally,
    lexicons: Sequence[Lexicon],
    *,
    prefix: str = "frame_",
    category_col: str = "section",
    top: int = 8,
) -> pd.DataFrame:
    """The words each dictionary matched, per category, most frequent first (``war ×3``):
    what a reader checks before trusting a dictionary's count.

    ``counted`` is :func:`count_lexicons` output with the same ``prefix``, or a
    :func:`tally_lexicons` result. One row per dictionary, one column per category; "–"
    where a dictionary matched nothing.

    >>> conflict = compile_lexicon("conflict", ["war", "clash*"])
    >>> rows = count_lexicons(pd.DataFrame({"text": ["War, war and clashes.", "A war."],
    ...                                     "section": ["commentary", "reporting"]}), [conflict])
    >>> matched_terms(rows, [conflict]).to_dict("index")
    {'conflict': {'commentary': 'war ×2, clashes ×1', 'reporting': 'war ×1'}}
    """
    if isinstance(counted, LexiconTally):
        names = [lexicon.name for lexicon in lexicons]
        matched = counted.matched[counted.matched["dictionary"].isin(names)]
        return _matched_from_tally(matched, category_col, top)
    columns = [f"{prefix}{lexicon.name}_terms" for lexicon in lexicons]
    long = counted.melt(
        id_vars=[category_col], value_vars=columns, var_name="dictionary", value_name="term"
    ).explode("term")
    long = long.dropna(subset=["term"]).assign(
        dictionary=lambda t: t["dictionary"].str.removeprefix(prefix).str.removesuffix("_terms"),
        term=lambda t: t["term"].str.lower(),
    )
    tally = (
        long.groupby(["dictionary", category_col, "term"], observed=True)
        .size()
        .rename("count")
        .reset_index()
    )
    return _matched_from_tally(tally, category_col, top)


def _matched_from_tally(matched: pd.DataFrame, category_col: str, top: int) -> pd.DataFrame:
    ranked = matched.sort_values(
        ["dictionary", category_col, "count", "term"], ascending=[True, True, False, True]
    )
    table = (
        ranked.groupby(["dictionary", category_col], sort=True, observed=True)[["term", "count"]]
        .apply(lambda words: ", ".join(f"{w} ×{n}" for w, n in words.head(top).itertuples(False)))
        .unstack(category_col)
        .fillna("–")
    )
    table.index.name = None
    table.columns.name = None
    return table
