"""Actors: who is named in reporting and in commentary, how often, and in what light.

Actors and their aliases come from a YAML file the user can edit (default
``data/actors.yml``, which documents the matching rules): whole words; an alias that
starts with a capital matches in that case only ("US" is not "us"); a trailing ``*``
matches any word ending; where aliases overlap, the longest one starting first wins
("Xi Jinping" is one mention, not also "Xi"; "West Bank" is not "the West").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..load.corpus import NO_OUTLET
from ..paths import DATA_DIR
from ..sentiment import NO_EVIDENCE, evidence_column, has_evidence, map_scored, score_columns
from ..stats import MIN_GROUP, cluster_mean_ci
from .lexicons import lower_case_view, read_yaml, trie_pattern

__all__ = [
    "DEFAULT_ACTORS",
    "ActorSet",
    "actor_mentions",
    "actor_sentences",
    "actor_summary",
    "load_actors",
    "sentence_mentions",
    "top_actors_by_outlet",
]

DEFAULT_ACTORS = DATA_DIR / "actors.yml"


@dataclass(frozen=True)
class ActorSet:
    """Actors, their labels, and one pattern that finds every alias."""

    ids: tuple[str, ...]
    labels: dict[str, str]
    patterns: tuple[re.Pattern[str], ...]  # capitalised aliases; the others (any case)
    exact: dict[str, str]  # alias (white space folded; lower case if matched in any case) -> id
    stems: tuple[tuple[str, str], ...]  # (stem of a wildcard alias, id), longest first
    # Per pattern: None for a pattern in its own case, else the any-case pattern's aliases
    # matched in lower case against the lower-cased text (twice as fast).
    lower_patterns: tuple[re.Pattern[str] | None, ...] = ()

    def find(self, text: str) -> list[tuple[str, str]]:
        """``(actor id, alias as written)`` for every mention in ``text``, in order.

        >>> actors = load_actors()
        >>> actors.find("Xi Jinping met Lukashenko in the West Bank, not the West.")
        [('china', 'Xi Jinping'), ('belarus', 'Lukashenko'), ('palestinians', 'West Bank'), ('west', 'West')]
        """  # noqa: E501
        lowered = lower_case_view(text)
        searches = [
            (lower, lowered) if lower is not None and lowered is not None else (p, text)
            for p, lower in zip(self.patterns, self.lower_patterns or [None] * 2, strict=False)
        ]
        found, position = [], 0
        while True:
            spans = [m.span() for m in (p.search(t, position) for p, t in searches) if m]
            if not spans:
                return found
            # Leftmost, then longest, across the two case rules.
            start, end = min(spans, key=lambda span: (span[0], span[0] - span[1]))
            alias = text[start:end]
            found.append((self._owner(alias), alias))
            position = end

    def _owner(self, found: str) -> str:
        folded = " ".join(found.split())
        owner = self.exact.get(folded) or self.exact.get(folded.lower())
        if owner:
            return owner
        for stem, actor in self.stems:  # longest stem first, in the alias's own case rule
            candidate = folded if stem[:1].isupper() else folded.lower()
            if candidate.startswith(stem if stem[:1].isupper() else stem.lower()):
                return actor
        raise LookupError(f"no actor owns {found!r}")  # the pattern only matches aliases


def load_actors(path: str | Path | None = None) -> ActorSet:
    """Read actors from a YAML file (default ``data/actors.yml``).

    The file holds ``actors:``, a list of ``{id, label, aliases}``.

    Raises:
        InputError: a missing or invalid file, an actor without id or aliases, an alias
            given to two actors.
    """
    path = Path(path) if path else DEFAULT_ACTORS
    data = read_yaml(path)
    actors = data.get("actors") if isinstance(data, dict) else None
    if not actors:
        raise InputError(path, "has no 'actors:' list", "See data/actors.yml for the format")
    aliases: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    labels = {}
    for number, actor in enumerate(actors, start=1):
        if not isinstance(actor, dict) or not actor.get("id") or not actor.get("aliases"):
            raise InputError(
                path, f"actor {number} lacks an 'id' or 'aliases'", "Give both for every actor"
            )
        names = actor["aliases"]
        if not isinstance(names, list) or not all(
            isinstance(a, str) and a.rstrip("*").strip() for a in names
        ):
            raise InputError(
                path,
                f"actor {actor['id']!r} has aliases that are not a list of names: {names!r}",
                "Write aliases: [Name, Other name]",
            )
        actor_id = str(actor["id"])
        labels[actor_id] = str(actor.get("label", actor_id))
        for alias in names:
            alias = " ".join(alias.split())
            if alias in seen and seen[alias] != actor_id:
                raise InputError(
                    path,
                    f"alias {alias!r} is given to both {seen[alias]!r} and {actor_id!r}",
                    "Give each alias to one actor",
                )
            seen[alias] = actor_id
            aliases.append((alias, actor_id))
    # Capitalised aliases match in their case, the others in any case: one trie pattern
    # each, and ``find`` takes the leftmost, then longest, match of the two.
    groups = (
        [a for a, _ in aliases if a[:1].isupper()],
        [a.lower() for a, _ in aliases if not a[:1].isupper()],  # any case: one trie path
    )
    bodies = [
        (cased, rf"(?<!\w)(?:{trie_pattern(group)})(?!\w)")
        for cased, group in zip((True, False), groups, strict=True)
        if group
    ]
    patterns = tuple(re.compile(body, 0 if cased else re.IGNORECASE) for cased, body in bodies)
    traps = lower_case_view(" ".join(groups[1])) is None  # any case pairs them otherwise
    lower_patterns = tuple(None if cased or traps else re.compile(body) for cased, body in bodies)
    exact = {}
    for alias, owner in aliases:
        if not alias.endswith("*"):
            folded = " ".join(alias.split())
            exact[folded if alias[:1].isupper() else folded.lower()] = owner
    stems = sorted(
        ((a.rstrip("*"), owner) for a, owner in aliases if a.endswith("*")),
        key=lambda pair: -len(pair[0]),
    )
    return ActorSet(tuple(labels), labels, patterns, exact, tuple(stems), lower_patterns)


def actor_mentions(
    frame: pd.DataFrame, actors: ActorSet, *, text_col: str = "text", keep: Sequence[str] = ()
) -> pd.DataFrame:
    """One row per mention: the row it is in (``row``), ``actor``, ``alias`` as written.
    From 100,000 rows the texts are searched by worker processes, as
    :func:`~analysis.framing.lexicons.count_lexicons` says.

    >>> rows = pd.DataFrame({"text": ["Beijing and Minsk met.", "The EU said no."]})
    >>> actor_mentions(rows, load_actors())[["row", "actor", "alias"]].values.tolist()
    [[0, 'china', 'Beijing'], [0, 'belarus', 'Minsk'], [1, 'eu', 'EU']]
    """
    from ..parallel import map_chunks

    texts = frame[text_col].fillna("").astype(str)  # chunked as it is: no list of every text
    parts = map_chunks(_find_chunk, [texts], extra=(actors,))
    starts = np.cumsum([0] + [part[3] for part in parts[:-1]])
    positions = np.concatenate(
        [part[0] + start for part, start in zip(parts, starts, strict=True)]
    ).astype(np.int64)
    mentions = pd.DataFrame(
        {
            "row": frame.index[positions],
            "actor": pd.Categorical(
                [a for part in parts for a in part[1]], categories=list(actors.ids)
            ),
            "alias": pd.Categorical([a for part in parts for a in part[2]]),
        }
    )
    for column in keep:
        mentions[column] = frame[column].to_numpy()[positions]
    return mentions


def _find_chunk(job) -> tuple[np.ndarray, list[str], list[str], int]:
    """Every mention in a chunk of texts: its text's position in the chunk, the actor, the
    alias; and the chunk's number of texts."""
    (texts,), actors = job
    positions, owners, aliases = [], [], []
    for position, text in enumerate(texts):
        for actor, alias in actors.find(text):
            positions.append(position)
            owners.append(actor)
            aliases.append(alias)
    return np.asarray(positions, dtype=np.int64), owners, aliases, len(texts)


def sentence_mentions(
    sentences: pd.DataFrame,
    actors: ActorSet,
    *,
    measure: str = "tb_polarity",
    category_col: str = "section",
    categories: Sequence[str] = ("reporting", "commentary"),
    article_col: str = "article_id",
) -> pd.DataFrame:
    """One row per scored sentence of ``categories`` and actor it names (however often):
    ``actor``, ``category_col``, ``score`` (the sentence's ``measure``), ``evidence``
    (:func:`~analysis.sentiment.has_evidence`) and ``article``.

    >>> rows = pd.DataFrame({"text": ["Beijing and Beijing.", "Minsk."], "article_id": "a",
    ...     "section": "commentary", "tb_polarity": [0.5, 0.0], "tb_n_terms": [1, 0]})
    >>> sentence_mentions(rows, load_actors())[["actor", "score", "evidence"]].values.tolist()
    [['china', 0.5, True], ['belarus', 0.0, False]]
    """
    prose = sentences[sentences[category_col].astype(str).isin(categories)]
    evidence = has_evidence(prose, measure)
    found = actor_mentions(prose, actors).drop_duplicates(["row", "actor"])
    picked = found["row"]
    return pd.DataFrame(
        {
            "actor": found["actor"].to_numpy(),
            category_col: prose.loc[picked, category_col].astype(str).to_numpy(),
            "score": prose.loc[picked, measure].to_numpy(),
            "evidence": evidence.loc[picked].to_numpy(),
            "article": prose.loc[picked, article_col].to_numpy(),
        }
    )


def actor_sentences(
    corpus,
    actors: ActorSet,
    *,
    measure: str = "tb_polarity",
    category_col: str = "section",
    categories: Sequence[str] = ("reporting", "commentary"),
    article_col: str = "article_id",
    cache: bool | str | Path = True,
) -> pd.DataFrame:
    """:func:`sentence_mentions` of a corpus's scored sentences, found a part at a time by
    worker processes (:func:`~analysis.sentiment.map_scored`): the sentences' text is read
    part by part and never held whole. For :func:`actor_summary`'s ``named_in_sentences``.

    >>> import tempfile
    >>> from analysis import cached_corpus
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     corpus = cached_corpus("", cache=tmp)
    ...     named = actor_sentences(corpus, load_actors(), cache=tmp)
    >>> "china" in set(named["actor"]), sorted(set(named["section"]))
    (True, ['commentary', 'reporting'])
    """
    engine = evidence_column(measure)
    columns = [article_col, category_col, "text"]
    columns += [c for c in score_columns([engine], lists=False) if c not in columns]
    find = functools.partial(
        sentence_mentions,
        measure=measure,
        category_col=category_col,
        categories=tuple(categories),
        article_col=article_col,
    )
    parts = map_scored(
        corpus,
        find,
        columns=columns,
        extra=(actors,),
        cache=cache,
        desc="Finding the actors in the sentences",
    )
    # Parts that name nobody have no rows to set their columns' types: leave them out.
    found = [part for part in parts if len(part)] or parts[:1]
    named = pd.concat(found, ignore_index=True)
    named["actor"] = pd.Categorical(named["actor"], categories=list(actors.ids))
    return named


def actor_summary(
    paragraphs: pd.DataFrame,
    actors: ActorSet,
    *,
    category_col: str = "section",
    categories: Sequence[str] = ("reporting", "commentary"),
    scored_sentences: pd.DataFrame | None = None,
    named_in_sentences: pd.DataFrame | None = None,
    measure: str = "tb_polarity",
    article_col: str = "article_id",
    min_n: int = MIN_GROUP,
) -> pd.DataFrame:
    """Per actor and group: mentions per 1,000 words, share of paragraphs naming it, and
    (with ``scored_sentences``) the mean sentiment of the sentences that name it. For a
    large corpus pass ``named_in_sentences`` instead, the same sentences found by
    :func:`actor_sentences` a part at a time (``measure`` and the groups as here).

    The mean is of the sentences naming the actor that hold a word of the engine's lexicon
    (``measure``'s engine: :func:`~analysis.sentiment.has_evidence`): a sentence without
    one scores 0.0 for want of evidence, not because it is neutral. ``sentences`` counts
    every sentence naming the actor, ``sentences_with_evidence`` those the mean is of; with
    none, ``mean_sentiment`` is missing (not 0.0) and ``note`` says "no sentiment word".
    The mean's 95% interval resamples articles (sentences of one article are not
    independent: :func:`~analysis.stats.cluster_mean_ci`); it needs ``min_n`` sentences with
    a sentiment word in at least 2 articles (``articles`` counts theirs), and ``note`` says
    when there are fewer.

    >>> from analysis import score_texts
    >>> texts = ["Beijing's offer is an insult.", "Beijing made a good offer."]
    >>> sentences = score_texts(texts, engines=["textblob"], cache=False).assign(
    ...     text=texts, section=["commentary", "reporting"], article_id="a")
    >>> paragraphs = sentences.assign(n_words=5)
    >>> table = actor_summary(paragraphs, load_actors(), scored_sentences=sentences)
    >>> china = table[table["actor"] == "china"].set_index("section")
    >>> china[["sentences", "sentences_with_evidence", "mean_sentiment"]].values.tolist()
    [[1.0, 1.0, 0.7], [1.0, 0.0, nan]]
    >>> china.loc["commentary", "note"]
    'no sentiment word in the 1 sentence naming it'

    Raises:
        ValueError: ``scored_sentences`` lacks the columns that tell a sentence without a
            sentiment word from a neutral one (``tb_n_terms`` for TextBlob measures).
    """
    rows = paragraphs[paragraphs[category_col].astype(str).isin(categories)]
    mentions = actor_mentions(rows, actors)
    mentions[category_col] = rows.loc[mentions["row"], category_col].astype(str).to_numpy()
    words = rows.groupby(rows[category_col].astype(str))["n_words"].sum()
    paragraphs_in = rows.groupby(rows[category_col].astype(str)).size()
    if scored_sentences is not None:
        if named_in_sentences is not None:
            raise ValueError("give scored_sentences or named_in_sentences, not both")
        named_in_sentences = sentence_mentions(
            scored_sentences,
            actors,
            measure=measure,
            category_col=category_col,
            categories=categories,
            article_col=article_col,
        )
    table = []
    for actor in actors.ids:
        for group in categories:
            mine = mentions[(mentions["actor"] == actor) & (mentions[category_col] == group)]
            row = {
                "actor": actor,
                "label": actors.labels[actor],
                category_col: group,
                "mentions": len(mine),
                "per_1000_words": 1000 * len(mine) / words.get(group, np.nan),
                "share_of_paragraphs": mine["row"].nunique() / paragraphs_in.get(group, np.nan),
            }
            if named_in_sentences is not None:
                named = named_in_sentences[
                    (named_in_sentences["actor"] == actor)
                    & (named_in_sentences[category_col] == group)
                ].dropna(subset=["score"])
                scored = named[named["evidence"]]  # a 0.0 without a word is no evidence
                scores, articles = scored["score"], scored["article"].nunique()
                note = ""
                if len(named) and not len(scores):
                    note = (
                        f"{NO_EVIDENCE} in the {len(named)} sentence"
                        f"{' naming' if len(named) == 1 else 's naming'} it"
                    )
                elif len(scores) and len(scores) < min_n:
                    note = f"n={len(scores)}: too few for an interval (needs {min_n})"
                elif len(scores) and articles < 2:
                    note = "all in one article: no interval (articles are resampled)"
                low, high = (
                    cluster_mean_ci(scores, scored["article"]) if not note else (np.nan, np.nan)
                )
                row.update(
                    sentences=len(named),
                    sentences_with_evidence=len(scores),
                    articles=articles,
                    mean_sentiment=scores.mean() if len(scores) else np.nan,
                    sentiment_low=low,
                    sentiment_high=high,
                    note=note,
                )
            table.append(row)
    return pd.DataFrame(table)


def top_actors_by_outlet(
    paragraphs: pd.DataFrame,
    actors: ActorSet,
    *,
    category: str = "commentary",
    category_col: str = "section",
    outlet_col: str = "outlet",
    top: int = 5,
) -> pd.DataFrame:
    """The ``top`` actors each outlet's ``category`` paragraphs name most: ``outlet``,
    ``actor``, ``mentions``; paragraphs without an outlet count under ``NO_OUTLET``.

    >>> rows = pd.DataFrame({"text": ["Beijing and Minsk.", "Minsk again.", "The EU."],
    ...     "section": ["commentary"] * 3, "outlet": ["D", "D", None]})
    >>> top_actors_by_outlet(rows, load_actors()).values.tolist()
    [['(no outlet given)', 'eu', 1], ['D', 'belarus', 2], ['D', 'china', 1]]
    """
    rows = paragraphs[paragraphs[category_col].astype(str) == category]
    mentions = actor_mentions(rows, actors, keep=[outlet_col])
    mentions[outlet_col] = mentions[outlet_col].astype("string").fillna(NO_OUTLET)
    mentions["actor"] = mentions["actor"].astype(str)  # ties in alphabetical order
    return (
        mentions.groupby([outlet_col, "actor"])
        .size()
        .rename("mentions")
        .reset_index()
        .sort_values([outlet_col, "mentions", "actor"], ascending=[True, False, True])
        .groupby(outlet_col)
        .head(top)
        .reset_index(drop=True)
    )
