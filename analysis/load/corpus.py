"""The corpus as three tidy tables that share one column vocabulary (``data/README.md``):
``load_articles`` one row per article, ``split_paragraphs`` one per paragraph (and title,
byline or caption), ``split_sentences`` one per sentence. ``load_corpus`` runs all three.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError, SkippedInputWarning
from .inputs import load_articles, no_article_error
from .markers import DEFAULT_MARKERS, compile_markers, marker_summary
from .paragraphs import SECTIONS, VOICES, segment_article, voice_of
from .quotes import find_quotes, overlap
from .sentences import sentence_spans
from .speakers import sentence_speaker
from .text import WORD

__all__ = [
    "NO_OUTLET",
    "PROSE",
    "ROW_KEYS",
    "Corpus",
    "UnknownArticleError",
    "choose_article",
    "keyed",
    "load_corpus",
    "outlets",
    "prose",
    "skipped_table",
    "split_corpus",
    "split_paragraphs",
    "split_sentences",
]

# The two sections compared everywhere: titles, bylines, captions and separators are
# neither side's prose.
PROSE = ("reporting", "commentary")
# The columns that name a row and the groups it is compared in: what a per-row result
# table keeps (:func:`keyed`), so it joins back to the paragraph or sentence table on its
# id without repeating the text.
ROW_KEYS = ("article_id", "paragraph_id", "sentence_id", "section", "voice", "outlet")

# How a row without an outlet is labelled wherever outlets are listed.
NO_OUTLET = "(no outlet given)"


def split_paragraphs(
    articles: pd.DataFrame,
    *,
    markers: str | Sequence[str] | None = DEFAULT_MARKERS,
    marker_regex: str | None = None,
    title_line: bool | None = None,
    paragraph_break: str = "blank line",
) -> pd.DataFrame:
    """One row per paragraph (and title, byline or caption), labelled by section and voice.

    >>> paragraphs = load_articles().pipe(split_paragraphs)
    >>> int(paragraphs["section"].value_counts()["commentary"])
    2

    Args:
        markers: literal commentary markers, matched at the start of a paragraph,
            case-insensitively (``Comment :`` and ``**Comment:**`` match ``Comment:``).
            A marker ends where a word ends: ``Comment`` takes the colon after it
            (``Comment:``) and never matches ``Commentators``.
        marker_regex: a regular expression for markers, in addition to ``markers``; a
            leading flag such as ``(?i)`` applies to it, and its groups and
            backreferences work as written.
        title_line: ``True``/``False`` forces whether the first line is a title;
            ``None`` detects it.
        paragraph_break: ``"blank line"`` (paragraphs separated by blank lines) or
            ``"line break"`` (every line is a paragraph, for files without blank lines).

    Returns:
        The paragraph table: offsets ``start``/``end`` index the article's ``text``, and
        between two rows lie only white space and the next row's ``marker``: all that
        its paragraph lost, decoration (``> Comment:``) and a marker standing alone
        before it (``Comment:\n\nComment:``) included.
    """
    if paragraph_break not in ("blank line", "line break"):
        raise ValueError(
            f"paragraph_break must be 'blank line' or 'line break', not {paragraph_break!r}"
        )
    pattern = compile_markers(markers, marker_regex=marker_regex)
    columns = _columns(_PARAGRAPH_COLUMNS, inherited=_FROM_ARTICLE)
    parent: list[int] = []
    rows = zip(articles["text"].tolist(), articles["body_start"].tolist(), strict=True)
    _fill_paragraphs(rows, pattern, title_line, paragraph_break == "line break", columns, parent)
    paragraphs = _frame(columns, _PARAGRAPH_COLUMNS, articles, parent, _FROM_ARTICLE)
    inner = paragraphs["reason"].astype("string").str.contains("starts an inner line", regex=False)
    if inner.any():
        warnings.warn(
            f"{int(inner.sum())} paragraphs hold a commentary marker at the start of an inner "
            f"line (first: {paragraphs.loc[inner, 'paragraph_id'].iloc[0]}) and stay reporting. "
            "If your files separate paragraphs with single line breaks, pass "
            "paragraph_break='line break'.",
            stacklevel=2,
        )
    return paragraphs


def _fill_paragraphs(rows, pattern, title_line, by_line, columns, parent) -> None:
    for position, (text, body_start) in enumerate(rows):
        for seg in segment_article(
            text, body_start=body_start, markers=pattern, title_line=title_line, by_line=by_line
        ):
            length = seg.end - seg.start
            quoted = overlap(seg.quote_spans, seg.start, seg.end)
            parent.append(position)
            columns["paragraph"].append(seg.paragraph)
            columns["section"].append(seg.section)
            columns["voice"].append(voice_of(seg.section, quoted, length))
            columns["marker"].append(seg.marker or None)
            columns["speaker"].append(seg.speaker or None)
            columns["attribution"].append(seg.attribution or None)
            columns["dateline"].append(seg.dateline or None)
            columns["quote_share"].append(quoted / length if length else 0.0)
            columns["quote_continued"].append(seg.quote_continued)
            columns["start"].append(seg.start)
            columns["end"].append(seg.end)
            columns["text"].append(text[seg.start : seg.end])
            columns["reason"].append(seg.reason)


def split_sentences(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of each paragraph row, with its own voice and speaker.

    Titles, bylines and captions stay whole. A sentence's voice is ``quote`` when at
    least half its characters lie inside quotation marks; its speaker is the one
    its own attribution names, else the paragraph's when it quotes.

    >>> sentences = load_articles().pipe(split_paragraphs).pipe(split_sentences)
    >>> sentences.loc[0, ["section", "text"]].tolist()
    ['title', 'xi china belarus lukashenko']
    """
    columns = _columns(_SENTENCE_COLUMNS, inherited=_FROM_PARAGRAPH)
    parent: list[int] = []
    fields = ["section", "speaker", "attribution", "quote_continued", "start", "text"]
    rows = zip(*(paragraphs[name].tolist() for name in fields), strict=True)
    _fill_sentences(rows, columns, parent)
    return _frame(columns, _SENTENCE_COLUMNS, paragraphs, parent, _FROM_PARAGRAPH)


def _fill_sentences(rows, columns, parent) -> None:
    for position, (section, par_speaker, par_attribution, continued, par_start, text) in enumerate(
        rows
    ):
        prose = section in ("reporting", "commentary")
        spans = sentence_spans(text) if prose else ([(0, len(text))] if text else [])
        quotes = find_quotes(text, 0, len(text), continued=continued).spans if prose else []
        for number, (s, e) in enumerate(spans, start=1):
            quoted = overlap(quotes, s, e) if quotes else 0
            speaker = ""
            if prose:
                speaker = sentence_speaker(
                    text,
                    s,
                    e,
                    quotes=quotes,
                    paragraph_speaker=par_speaker,
                    paragraph_attribution=par_attribution,
                    alone=len(spans) == 1,
                )
            parent.append(position)
            columns["sentence"].append(number)
            columns["voice"].append(voice_of(section, quoted, e - s))
            columns["speaker"].append(speaker or None)
            columns["quote_share"].append(quoted / (e - s))
            columns["start"].append(par_start + s)
            columns["end"].append(par_start + e)
            columns["text"].append(text[s:e])


_PARAGRAPH_COLUMNS = (
    "article_id",
    "paragraph_id",
    "paragraph",
    "section",
    "voice",
    "marker",
    "speaker",
    "attribution",
    "dateline",
    "quote_share",
    "quote_continued",
    "start",
    "end",
    "text",
    "n_words",
    "reason",
    "outlet",
    "date",
)


_SENTENCE_COLUMNS = (
    "article_id",
    "paragraph_id",
    "sentence_id",
    "paragraph",
    "sentence",
    "section",
    "voice",
    "speaker",
    "quote_share",
    "start",
    "end",
    "text",
    "n_words",
    "outlet",
    "date",
)


_DERIVED = ("paragraph_id", "sentence_id", "n_words")


_FROM_ARTICLE = ("article_id", "outlet", "date")


_FROM_PARAGRAPH = ("article_id", "paragraph_id", "paragraph", "section", "outlet", "date")


_CATEGORIES = {"section": SECTIONS, "voice": VOICES}


def _columns(order: tuple[str, ...], *, inherited: tuple[str, ...]) -> dict[str, list]:
    """Empty value lists for the columns that are filled row by row."""
    return {name: [] for name in order if name not in _DERIVED + inherited}


def _frame(
    columns: dict[str, list],
    order: tuple[str, ...],
    parents: pd.DataFrame,
    parent: list[int],
    inherited: tuple[str, ...],
) -> pd.DataFrame:
    """Build a level's table: copy the parent rows' columns, derive ids and counts, set types."""
    frame = pd.DataFrame(columns)
    taken = parents[list(inherited)].take(parent).reset_index(drop=True)
    frame = pd.concat([taken, frame], axis=1)
    if "sentence_id" in order:
        number = frame["sentence"].astype("string").str.zfill(2)
        frame["sentence_id"] = frame["paragraph_id"] + ":s" + number
    else:
        number = frame["paragraph"].astype("string").str.zfill(2)
        caption = (frame["section"] == "caption").map({True: "c", False: ""})
        frame["paragraph_id"] = frame["article_id"] + ":p" + number + caption
    # Counted by pyarrow in one pass: much faster than a regex call per row.
    frame["n_words"] = frame["text"].astype("string").str.count(WORD.pattern).astype("int64")
    frame = frame[list(order)]
    for name, categories in _CATEGORIES.items():
        frame[name] = pd.Categorical(frame[name], categories=categories)
    for name in ("paragraph", "sentence", "start", "end"):
        if name in frame:
            frame[name] = frame[name].astype("int64")
    for name in ("marker", "speaker", "attribution", "dateline", "outlet", "date"):
        if name in frame:
            frame[name] = frame[name].astype("string")
    return frame


@dataclass
class Corpus:
    """The three tables of a loaded corpus, plus what was skipped while reading it."""

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    skipped: pd.DataFrame

    def rows(self, table: str) -> int:
        """The number of rows of ``table`` (``"articles"``, ``"paragraphs"``, ...)."""
        return len(getattr(self, table))

    def marker_summary(self) -> dict:
        """What the markers found: :func:`~analysis.load.markers.marker_summary`."""
        return marker_summary(self.paragraphs)

    def columns(self, table: str) -> list[str]:
        """The columns of ``table``, without reading it."""
        return list(getattr(self, table).columns)

    def stored_table(self, table: str, *, drop: Sequence[str] = ()) -> pd.DataFrame:
        """``table`` without ``drop``, as a report saves it (a corpus from the cache gives
        its Parquet parts, which are copied without being loaded)."""
        return getattr(self, table).drop(columns=list(drop))

    def read(
        self,
        table: str,
        columns: Sequence[str] | None = None,
        *,
        articles: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """``table``, with only ``columns`` and only the rows of ``articles`` (ids) if given.

        >>> corpus = load_corpus()
        >>> corpus.read("paragraphs", ["section"], articles=["elsewhere"]).shape
        (0, 1)
        """
        frame = getattr(self, table)
        if articles is not None:
            frame = frame[frame["article_id"].isin(list(articles))].reset_index(drop=True)
        return frame if columns is None else frame[list(columns)]


class UnknownArticleError(ValueError):
    """An ``article_id`` that is not in the corpus."""


def choose_article(table: pd.DataFrame, article_id: str | None = "") -> str:
    """The article to show in detail: ``article_id`` when given, else the first article
    with commentary, else the first one. ``table`` is the article table (its
    ``n_commentary`` says which have commentary) or any table with ``article_id`` and
    ``section`` columns (paragraphs, sentences, scores).

    >>> articles = pd.DataFrame({"article_id": ["a", "b"], "n_commentary": [0, 2]})
    >>> choose_article(articles), choose_article(articles, "a")
    ('b', 'a')
    >>> choose_article(articles, "c")
    Traceback (most recent call last):
    ...
    analysis.load.corpus.UnknownArticleError: 'c' is not in the corpus; its articles include 'a', 'b'
    """  # noqa: E501
    ids = table["article_id"]
    if article_id:
        if article_id not in set(ids):
            listed = ", ".join(repr(a) for a in ids.drop_duplicates().head(8))
            raise UnknownArticleError(
                f"{article_id!r} is not in the corpus; its articles include {listed}"
            )
        return article_id
    if "n_commentary" in table:
        with_commentary = table["n_commentary"] > 0
    elif "section" in table:
        with_commentary = table["section"].astype(str) == "commentary"
    else:
        with_commentary = pd.Series(False, index=table.index)
    return ids[with_commentary].iloc[0] if with_commentary.any() else ids.iloc[0]


def keyed(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``frame``'s keys (the columns of :data:`ROW_KEYS` it has) and ``columns``: a per-row
    result as the report saves it, to be joined to the corpus's tables on its id.

    >>> paragraphs = load_corpus().paragraphs.assign(score=0.5)
    >>> keyed(paragraphs, ["score"]).columns.tolist()
    ['article_id', 'paragraph_id', 'section', 'voice', 'outlet', 'score']
    """
    keys = [c for c in ROW_KEYS if c in frame.columns and c not in columns]
    return frame[keys + list(columns)]


def prose(frame: pd.DataFrame, *, category_col: str = "section") -> pd.DataFrame:
    """The rows of reporting and commentary (a copy): what every comparison compares.

    >>> rows = pd.DataFrame({"section": ["title", "reporting", "caption", "commentary"]})
    >>> prose(rows)["section"].tolist()
    ['reporting', 'commentary']
    """
    return frame[frame[category_col].astype(str).isin(PROSE)].copy()


def outlets(frame: pd.DataFrame, *, outlet_col: str = "outlet") -> list[str]:
    """The outlets a table names, sorted; empty when it has no outlet column or names none.

    >>> outlets(pd.DataFrame({"outlet": ["Daily", None, "Weekly", "Daily"]}))
    ['Daily', 'Weekly']
    """
    if outlet_col not in frame:
        return []
    return sorted(frame[outlet_col].dropna().astype(str).unique())


def load_corpus(
    path: str | Path | None = None,
    *,
    markers: str | Sequence[str] | None = DEFAULT_MARKERS,
    marker_regex: str | None = None,
    title_line: bool | None = None,
    paragraph_break: str = "blank line",
    text_col: str = "text",
    encoding: str = "utf-8",
    on_error: str = "raise",
    progress: bool | None = None,
) -> Corpus:
    """Load articles and split them into paragraphs and sentences in one call.

    Takes the arguments of :func:`load_articles` and :func:`split_paragraphs`, and adds
    per-article counts (``n_reporting``, ``n_commentary``, ``n_sentences``) to the
    article table. An article with neither reporting nor commentary (a file holding only
    ``Comment:``) is bad input, like an empty file: an
    :class:`~analysis.errors.InputError` names it, or ``on_error="skip"`` leaves it out
    and lists it in ``skipped``.

    >>> corpus = load_corpus()
    >>> [int(n) for n in corpus.articles.loc[0, ["n_reporting", "n_commentary"]]]
    [17, 2]
    """
    articles = load_articles(
        path, text_col=text_col, encoding=encoding, on_error=on_error, progress=progress
    )
    skipped = list(articles.attrs.get("skipped", []))
    corpus, without = split_corpus(
        articles,
        markers=markers,
        marker_regex=marker_regex,
        title_line=title_line,
        paragraph_break=paragraph_break,
        on_error=on_error,
    )
    skipped += without
    if corpus is None:
        raise no_article_error(path, skipped)
    if without:
        _warn_without_prose(without, len(corpus.articles))
    corpus.articles.attrs["skipped"] = skipped
    corpus.skipped = skipped_table(skipped)
    return corpus


def split_corpus(
    articles: pd.DataFrame,
    *,
    markers: str | Sequence[str] | None = DEFAULT_MARKERS,
    marker_regex: str | None = None,
    title_line: bool | None = None,
    paragraph_break: str = "blank line",
    on_error: str = "raise",
) -> tuple[Corpus | None, list[dict]]:
    """Split an article table into the corpus (its ``skipped`` table empty) and the
    skipped-input entries of the articles without prose (``on_error="skip"``; else the
    first one raises). The corpus is ``None`` when no article has prose.

    :func:`load_corpus` splits a whole input with it; the corpus dataset splits each
    chunk of files with it, so both give the same rows.
    """
    paragraphs = split_paragraphs(
        articles,
        markers=markers,
        marker_regex=marker_regex,
        title_line=title_line,
        paragraph_break=paragraph_break,
    )
    without = _without_prose(articles, paragraphs, on_error=on_error)
    if without:
        keep = ~articles.index.isin(list(without))
        if not keep.any():
            return None, list(without.values())
        articles = articles[keep].reset_index(drop=True)
        paragraphs = paragraphs[paragraphs["article_id"].isin(articles["article_id"])]
        paragraphs = paragraphs.reset_index(drop=True)
    sentences = split_sentences(paragraphs)
    counts = (
        paragraphs.drop_duplicates(["article_id", "paragraph"])
        .pivot_table(
            index="article_id",
            columns="section",
            values="paragraph",
            aggfunc="count",
            observed=False,
        )
        .reindex(columns=["reporting", "commentary"], fill_value=0)
    )
    articles = articles.assign(
        n_reporting=articles["article_id"].map(counts["reporting"]).fillna(0).astype("int64"),
        n_commentary=articles["article_id"].map(counts["commentary"]).fillna(0).astype("int64"),
        n_sentences=articles["article_id"]
        .map(sentences.groupby("article_id").size())
        .fillna(0)
        .astype("int64"),
    )
    return Corpus(articles, paragraphs, sentences, skipped_table([])), list(without.values())


def skipped_table(skipped: Sequence[dict]) -> pd.DataFrame:
    """The skipped inputs as a table: ``source``, ``line``, ``row``, ``problem``, ``hint``."""
    return pd.DataFrame(list(skipped), columns=["source", "line", "row", "problem", "hint"]).astype(
        {"line": "Int64", "row": "Int64"}
    )


def _without_prose(articles: pd.DataFrame, paragraphs: pd.DataFrame, *, on_error: str) -> dict:
    """The articles with neither reporting nor commentary (a file holding only
    ``Comment:``, or a title and site furniture): nothing to compare, and most likely a
    broken file. Raises an :class:`~analysis.errors.InputError` naming the first one, or
    with ``on_error="skip"`` returns each one's skipped-input entry by its index in
    ``articles``."""
    with_prose = paragraphs.loc[paragraphs["section"].astype(str).isin(PROSE), "article_id"]
    lacking = articles[~articles["article_id"].isin(set(with_prose))]
    found = {}
    for index, article in lacking.iterrows():
        rows = paragraphs[paragraphs["article_id"] == article["article_id"]]
        held = ", ".join(_describe(row) for row in rows.head(3).itertuples())
        problem = f"has no reporting or commentary paragraph (only {held or 'white space'})"
        hint = (
            "Add the article's text (a marker marks the paragraph it starts, or standing "
            "alone the paragraph after it), or remove the article"
        )
        place = {}
        if pd.notna(article["source_row"]):
            lines = str(article["source"]).lower().endswith((".jsonl", ".ndjson"))
            place = {"line" if lines else "row": int(article["source_row"])}
        err = InputError(article["source"], problem, hint, **place)
        if on_error != "skip":
            raise err
        found[index] = {
            "source": err.source,
            "line": err.line,
            "row": err.row,
            "problem": problem,
            "hint": hint,
        }
    return found


_ROW_KINDS = {
    "title": "the title",
    "byline": "a byline",
    "caption": "a caption",
    "other": "a line that is not prose",
}


def _describe(row) -> str:
    """A row of an article without prose, in words: ``the title 'Talks'``."""
    text = row.text if len(row.text) <= 40 else row.text[:37] + "..."
    if row.section == "other" and "nothing after it" in row.reason:
        return f"the marker {text!r} with nothing after it"
    return f"{_ROW_KINDS.get(row.section, row.section)} {text!r}"


def _warn_without_prose(skipped: list[dict], loaded: int) -> None:
    listed = "\n  ".join(
        s["source"]
        + (f":{s['line']}" if s["line"] is not None else "")
        + (f" (row {s['row']})" if s["row"] is not None else "")
        + f": {s['problem']}"
        for s in skipped
    )
    warnings.warn(
        f"skipped {len(skipped)} articles without prose, loaded {loaded} articles:\n  {listed}",
        SkippedInputWarning,
        stacklevel=3,
    )
