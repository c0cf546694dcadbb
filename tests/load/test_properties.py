"""Properties of the paragraph and sentence tables on generated articles: the rows, the
markers they lost and white space rebuild the text in order, no character is lost, and every
paragraph that starts with a marker (or follows one standing alone) is commentary.

The articles are built from the pieces real ones are made of: titles, datelines, bylines,
quotations in straight, curly and single quotes (some running over paragraphs), lead-ins
like "He added:", captions and credits, separators and site furniture, hard-wrapped lines,
blank lines holding spaces or zero-width spaces, LF, CRLF and CR line endings, and markers
in every spelling and decoration the loader accepts. ``test_paragraph_rows_rebuild_the_article``
runs the fast profile of ``tests/load/conftest.py``; ``..._thoroughly`` runs 10,000 examples
and is marked slow.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.load.corpus import split_paragraphs, split_sentences
from analysis.load.text import INVISIBLE


def _is_white(ch: str) -> bool:
    return ch.isspace() or ch in INVISIBLE


def _strip_white(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_white(text[start]):
        start += 1
    while end > start and _is_white(text[end - 1]):
        end -= 1
    return text[start:end]


def _black(text: str) -> int:
    return sum(not _is_white(ch) for ch in text)


# --- the pieces of an article -----------------------------------------------------------

_FIRST_WORDS = (
    "The Xi Lukashenko Trade Commentators Officials Talks He China Mr. In Sens. Belarus' It "
    "Comments"
).split()
_WORDS = (
    "talks trade the minister rose fell on Monday in Beijing and of a deal commentators "
    "comment visit ties week said China’s Belarus' partner 2023 U.S. Jan. 5 Mr. Doe "
    "“strategic coordination” ‘an old friend’ (AP) 3.5% e.g. —"
).split()
_ENDS = [".", ".", ".", "!", "?", "…", ""]
_QUOTES = [('"', '"'), ("“", "”"), ("‘", "’"), ("«", "»"), ("``", "''"), ("“", ""), ('"', "")]
_ATTRIBUTIONS = ["", " he said.", ", Xi said.", " said Jane Doe, a minister.", " she added."]
_LEAD_INS = [
    "He added:",
    "He added,",
    "She continued:",
    "Prime Minister Jane Doe said:",
    "The question is:",
]
_TAILS = [
    "Leaders shake hands in Beijing",
    "(AP Photo/Jane Doe)",
    "REUTERS/Florence Lo",
    "Plus the governor is nominating a new director",
    "John Ashcroft, Kit Bond",
    "Xi Jinping, pictured in 2019",
]
_DATELINES = [
    "LONDON (Reuters) - ",
    "MINSK, Belarus (AP) — ",
    "BEIJING, Dec. 4 (Xinhua) -- ",
    "MOSCOW, December 4. /TASS/. ",
]
_STANDALONE = [
    "By Jane Doe",
    "By JANE DOE, staff writer",
    "___",
    "* * *",
    "Advertisement",
    "Read more: China and EU",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Jane Doe is a staff writer at the Daily.",
    "Published: 4 Dec 2023 10:12 GMT",
    "Photo: Reuters",
]
_TITLES = [
    "Leaders meet in Beijing",
    "Is the crisis easing?",
    "xi china belarus lukashenko",
    "China, Belarus pledge closer ties",
]

# Markers as the loader is asked for them, and as articles spell them.
_MARKER_LISTS = {
    "colon": (
        ["Comment:"],
        [
            "Comment:",
            "comment:",
            "COMMENT :",
            "Comment\t:",
            "**Comment:**",
            "**Comment**:",
            "*Comment:*",
            "__Comment:__",
            "Comment：",
        ],
    ),
    "bare": (
        ["Comment"],
        ["Comment:", "Comment", "COMMENT :", "Comment —", "**Comment**:", "Comment -", "comment"],
    ),
    "two": (
        ["Comment:", "Editor's note:"],
        ["Comment:", "Editor's note:", "Editor’s  note :", "EDITOR'S NOTE:"],
    ),
}
_DECORATIONS = [
    "",
    "",
    "> ",
    ">> ",
    "- ",
    "* ",
    "• ",
    "3. ",
    "12) ",
    "## ",
    "“",
    '"',
    "(",
    "[",
    "\u200b",
    "\ufeff",
    "> - ",
    "(“",
]
_BLANKS = ["", "", " ", "\t", "\u200b", " \u200b "]


@dataclass
class _Block:
    kind: str  # "prose", "marked", "lone", "standalone", "title"
    start: int = 0
    end: int = 0


@st.composite
def _sentence(draw) -> str:
    words = [draw(st.sampled_from(_FIRST_WORDS))]
    words += draw(st.lists(st.sampled_from(_WORDS), max_size=10))
    body = " ".join(words)
    if draw(st.booleans()):
        return body + draw(st.sampled_from(_ENDS))
    opening, closing = draw(st.sampled_from(_QUOTES))
    return f"{opening}{body}{draw(st.sampled_from(['.', ',', '?', '']))}{closing}" + draw(
        st.sampled_from(_ATTRIBUTIONS)
    )


@st.composite
def _prose(draw, *, wrap: bool) -> str:
    """A paragraph of reporting (or a commentary's body): sentences, hard-wrapped or not."""
    sentences = draw(st.lists(_sentence(), min_size=1, max_size=4))
    if draw(st.integers(0, 5)) == 0:
        sentences[0] = draw(st.sampled_from(_DATELINES)) + sentences[0]
    tail = draw(st.integers(0, 7))
    if tail == 0:
        sentences.append(draw(st.sampled_from(_LEAD_INS)))
    elif tail == 1:
        sentences.append(draw(st.sampled_from(_TAILS)))
    joins = [draw(st.sampled_from([" ", " ", "  ", "\n" if wrap else " "])) for _ in sentences]
    return "".join(s + j for s, j in zip(sentences, joins, strict=True)).rstrip(" \n")


@st.composite
def articles(draw):
    """``(text, markers, paragraph_break, blocks)``: an article, how to load it, and where
    each of its paragraphs lies with what kind it is."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    by_line = draw(st.integers(0, 4)) == 0
    markers, spellings = _MARKER_LISTS[draw(st.sampled_from(sorted(_MARKER_LISTS)))]
    pieces: list[str] = []
    blocks: list[_Block] = []
    cursor = 0

    def add(piece: str, kind: str | None = None) -> None:
        nonlocal cursor
        piece = piece.replace("\n", newline)
        if kind is not None:
            blocks.append(_Block(kind, cursor, cursor + len(piece)))
        pieces.append(piece)
        cursor += len(piece)

    def paragraph_break() -> None:
        if by_line:
            add("\n" * draw(st.integers(1, 2)))
        else:
            add("\n" + draw(st.sampled_from(_BLANKS)) + "\n" + "\n" * draw(st.integers(0, 2)))

    add(draw(st.sampled_from(["", "", " ", "\n", "\u200b"])))
    if draw(st.booleans()):
        add(draw(st.sampled_from(_TITLES)), "title")
        if by_line or draw(st.booleans()):
            paragraph_break()
        else:
            add("\n")  # the sample's format: the first paragraph on the next line
    for number in range(draw(st.integers(1, 7))):
        if number:
            paragraph_break()
        kind = draw(
            st.sampled_from(["prose", "prose", "prose", "marked", "marked", "lone", "standalone"])
        )
        if kind == "prose":
            add(draw(_prose(wrap=not by_line)), kind)
        elif kind == "standalone":
            add(draw(st.sampled_from(_STANDALONE)), kind)
        else:
            spelling = draw(st.sampled_from(spellings))
            marker = draw(st.sampled_from(_DECORATIONS)) + spelling
            if kind == "lone":
                add(marker, kind)
                continue
            gaps = [" ", "  ", "\t"] + (["", "\u200b "] if spelling[-1] in ":：" else [])
            body = draw(
                st.one_of(
                    _prose(wrap=not by_line),
                    st.sampled_from(["???", "— so it goes.", "“We stay.”", "x.)", "3.5% of it."]),
                )
            )
            add(marker + draw(st.sampled_from(gaps)) + body, kind)
    add(draw(st.sampled_from(["", newline, newline * 2, " "])))
    return "".join(pieces), markers, "line break" if by_line else "blank line", blocks


# --- the properties -----------------------------------------------------------------------


def _tables(text: str, markers: list[str], paragraph_break: str):
    frame = pd.DataFrame(
        {"article_id": ["a"], "text": [text], "body_start": [0], "outlet": [None], "date": [None]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # markers on inner lines: warned about, not tested here
        paragraphs = split_paragraphs(frame, markers=markers, paragraph_break=paragraph_break)
    return paragraphs, split_sentences(paragraphs)


def _commentary_expected(blocks: list[_Block]) -> list[bool | None]:
    """Per block: must its rows be commentary (True), must they not (False); ``None`` for
    markers standing alone, which get no row unless nothing follows them."""
    expected: list[bool | None] = []
    after_lone = False
    for block in blocks:
        if block.kind == "lone":
            expected.append(None)
            after_lone = True
            continue
        expected.append(block.kind == "marked" or after_lone)
        after_lone = False
    return expected


def _check(article) -> None:
    text, markers, paragraph_break, blocks = article
    paragraphs, sentences = _tables(text, markers, paragraph_break)
    # Plain records: the checks below run 10,000 times in the slow test.
    rows = paragraphs[["paragraph_id", "section", "marker", "start", "end", "text"]]
    rows = rows.astype({"section": str, "marker": object}).to_dict("records")
    for row in rows:
        row["marker"] = row["marker"] if isinstance(row["marker"], str) else ""
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows), "in reading order"

    # The text is the rows, each after its marker, and white space between them.
    cursor = 0
    kept = 0
    for row in rows:
        assert cursor <= row["start"] <= row["end"], f"{row['paragraph_id']} overlaps"
        assert text[row["start"] : row["end"]] == row["text"]
        gap = text[cursor : row["start"]]
        assert _strip_white(gap) == row["marker"], f"lost {gap!r} before {row['paragraph_id']}"
        assert row["marker"] == _strip_white(row["marker"]), "a marker has no white space around"
        kept += _black(row["text"]) + _black(row["marker"])
        cursor = row["end"]
    assert _strip_white(text[cursor:]) == "", f"lost {text[cursor:]!r} at the end"
    assert kept == _black(text), "every character that is not white space is in a row"

    # Commentary is what is marked, and every marker is on commentary.
    for row in rows:
        assert bool(row["marker"]) == (row["section"] == "commentary"), row["paragraph_id"]
    for block, commentary in zip(blocks, _commentary_expected(blocks), strict=True):
        if commentary is None:
            continue
        inside = [r["section"] for r in rows if block.start <= r["start"] < block.end]
        shown = text[block.start : block.end]
        if commentary:
            assert inside and set(inside) == {"commentary"}, f"{shown!r} is marked: {inside}"
        else:
            assert "commentary" not in inside, f"{shown!r} is commentary without a marker"
    if blocks and blocks[-1].kind == "lone":
        assert rows[-1]["section"] == "other", "a marker with nothing after it is kept as text"

    # Sentences rebuild their paragraph rows.
    spans = {r["paragraph_id"]: (r["start"], r["end"]) for r in rows}
    cursor, current = 0, None
    for sentence in sentences[["paragraph_id", "start", "end", "text"]].itertuples(index=False):
        paragraph_id, start, end, sentence_text = sentence
        if paragraph_id != current:
            if current is not None:
                assert _strip_white(text[cursor : spans[current][1]]) == ""
            current, cursor = paragraph_id, spans[paragraph_id][0]
        assert text[start:end] == sentence_text
        assert _strip_white(text[cursor:start]) == "", f"lost text in {paragraph_id}"
        cursor = end
    if current is not None:
        assert _strip_white(text[cursor : spans[current][1]]) == ""


@given(articles())
def test_paragraph_rows_rebuild_the_article(article):
    _check(article)


@pytest.mark.slow
@settings(max_examples=10_000)
@given(articles())
def test_paragraph_rows_rebuild_the_article_thoroughly(article):
    _check(article)
