"""Text primitives: words, line breaks (CRLF, CR), paragraph blocks, invisible characters."""

from __future__ import annotations

import pytest

from analysis.load.text import (
    INVISIBLE,
    LINE_BREAK,
    WORD,
    ends_like_sentence,
    ends_with_full_stop,
    paragraph_blocks,
)


def test_crlf_hard_wrapped_paragraphs_and_a_marker_on_its_own_line(paragraphs_of):
    text = (
        "Title line\r\nFirst line\r\ncontinues here.\r\n\r\n**Comment:**\r\n"
        "The concession came late.\r\n\r\nEnd.\r\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary", "reporting"]
    assert paragraphs.loc[1, "text"] == "First line\r\ncontinues here."
    assert paragraphs.loc[2, "text"] == "The concession came late."


def test_invisible_characters_make_a_blank_line(paragraphs_of):
    paragraphs = paragraphs_of("Title\nReporting.\n\u200b\nComment: a view.\n")
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary"]


# --- the primitives, directly ------------------------------------------------------------


def test_a_word_keeps_inner_apostrophes_only():
    text = "Don't stop China’s plan: farmers' fields, 3.5 per cent"
    assert WORD.findall(text) == [
        "Don't",
        "stop",
        "China’s",
        "plan",
        "farmers",
        "fields",
        "3",
        "5",
        "per",
        "cent",
    ]


def test_a_crlf_is_one_line_break():
    assert LINE_BREAK.split("a\r\nb\rc\nd") == ["a", "b", "c", "d"]


def test_paragraph_blocks_are_trimmed_offsets_between_blank_lines():
    text = f"  First\r\nline.\r\n\r\nSecond.\n {INVISIBLE[0]}\nThird.\n\n\n"
    blocks = paragraph_blocks(text, 0)
    assert [text[s:e] for s, e in blocks] == ["First\r\nline.", "Second.", "Third."]
    assert blocks[0] == (2, 14)
    by_line = paragraph_blocks(text, 0, by_line=True)
    assert [text[s:e] for s, e in by_line] == ["First", "line.", "Second.", "Third."]
    assert [text[s:e] for s, e in paragraph_blocks(text, text.index("Second"))] == [
        "Second.",
        "Third.",
    ]
    assert paragraph_blocks(" \n\n\u200b\n", 0) == []


@pytest.mark.parametrize(
    ("text", "like_sentence", "full_stop"),
    [
        ('He said "yes."', True, True),
        ("Is it?", True, False),
        ("He said “no!”", True, False),
        ("Key outcomes:", True, True),
        ("Wait…", True, True),
        ("Leaders meet in Beijing", False, False),
        ("”", False, False),
    ],
)
def test_sentence_endings(text, like_sentence, full_stop):
    assert ends_like_sentence(text, 0, len(text)) is like_sentence
    assert ends_with_full_stop(text, 0, len(text)) is full_stop
