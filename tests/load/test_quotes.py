"""Quotations: curly, partial, running over paragraphs, British single quotes, apostrophes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load.quotes import find_quotes, overlap


def test_curly_quotes_and_partial_quotes(paragraphs_of):
    text = (
        "Headline\n“We will never give up,” the minister said.\n\n"
        "He called it a ‘historic’ step and said it was “only the beginning” of talks "
        "that have gone on for years and years without any result at all.\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["voice"].tolist() == ["title", "quote", "narration"]
    assert paragraphs.loc[1, "speaker"] == "the minister"
    assert 0 < paragraphs.loc[2, "quote_share"] < 0.5


def test_quote_running_over_paragraphs_newswire_style(paragraphs_of):
    text = (
        "Headline\n"
        '"This is the first part of a long statement. It goes on,\n\n'
        '"and continues in the next paragraph," Smith said.\n\n'
        "Narration follows here.\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["voice"].tolist() == ["title", "quote", "quote", "narration"]
    assert paragraphs["quote_continued"].tolist() == [False, False, True, False]
    assert paragraphs.loc[1, "quote_share"] == 1.0
    assert paragraphs.loc[1:2, "speaker"].tolist() == ["Smith", "Smith"]
    assert "continues the quotation" in paragraphs.loc[2, "reason"]


def test_unclosed_quote_is_reported_not_carried(paragraphs_of):
    text = 'Headline\nHe said "this never closes.\n\nPlain narration without quotes.\n'
    paragraphs = paragraphs_of(text)
    assert "never closed" in paragraphs.loc[1, "reason"]
    assert paragraphs.loc[2, "voice"] == "narration"
    assert not paragraphs.loc[2, "quote_continued"]


def test_apostrophes_are_not_quotes(paragraphs_of):
    text = "Headline\nBelarus’ role and China’s plan don’t matter to the EU’s members.\n\nEnd.\n"
    assert paragraphs_of(text).loc[1, "quote_share"] == 0.0


def test_british_single_quotes_with_possessives_and_continuation(paragraphs_of):
    text = (
        "Headline\n‘It is always the farmers’ fields that go first,’ she added.\n\n"
        "‘We have waited for years. Nothing has changed,\n\n"
        "‘and nothing will,’ said the mayor.\n\nThe council’s plan is due in May.\n"
    )
    paragraphs = paragraphs_of(text)
    assert paragraphs["voice"].tolist() == ["title", "quote", "quote", "quote", "narration"]
    assert paragraphs.loc[1, "quote_share"] > 0.75
    assert paragraphs["quote_continued"].tolist() == [False, False, False, True, False]
    assert paragraphs.loc[2:3, "speaker"].tolist() == ["the mayor", "the mayor"]
    assert paragraphs.loc[4, "quote_share"] == 0.0


def test_quotes_do_not_run_from_commentary_into_reporting(paragraphs_of):
    text = (
        'Title\nReporting.\n\nComment: As one analyst put it, "the era is over.\n\n'
        '"We are stronger than ever," Lukashenko told reporters.\n'
    )
    paragraphs = paragraphs_of(text)
    assert not paragraphs.loc[3, "quote_continued"]
    assert pd.isna(paragraphs.loc[2, "speaker"])


# --- find_quotes and overlap, directly ---------------------------------------------------


def _quoted(text: str, start: int = 0, end: int | None = None, *, continued: bool = False):
    found = find_quotes(text, start, len(text) if end is None else end, continued=continued)
    return [text[s:e] for s, e in found.spans], found.open_at_end


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said "we are ready" and left.', ['"we are ready"']),
        ("“Yes,” he said, ‘quite’ so.", ["“Yes,”", "‘quite’"]),
        ("« Non », dit-il.", ["« Non »"]),
        ("``Illegal,'' he said.", ["``Illegal,''"]),
        ("China’s plan and the farmers’ fields.", []),
    ],
)
def test_find_quotes_spans(text, quoted):
    assert _quoted(text) == (quoted, False)


def test_find_quotes_left_open_runs_to_the_end_of_the_range():
    assert _quoted('He said "this never closes.') == (['"this never closes.'], True)


def test_find_quotes_continued_starts_inside_and_skips_the_reopening_mark():
    text = '"and continues here," Smith said.'
    assert _quoted(text, continued=True) == (['"and continues here,"'], False)
    assert _quoted('"and on, and on', continued=True) == (['"and on, and on'], True)
    # Without a re-opening mark, the paragraph is quoted from its first character...
    assert _quoted("and so it ends,” she said.", continued=True) == (["and so it ends,”"], False)
    # ...and not continued, the lone closing mark quotes nothing.
    assert _quoted("and so it ends,” she said.") == ([], False)


def test_find_quotes_offsets_index_the_whole_text():
    text = 'x"a"x "b" "c"'
    found = find_quotes(text, 6, len(text), continued=False)
    assert found.spans == [(6, 9), (10, 13)]


def test_overlap_counts_quoted_characters_in_a_range():
    assert overlap([(0, 5), (10, 20)], 3, 12) == 4
    assert overlap([(0, 3)], 5, 9) == 0
    assert overlap([], 0, 5) == 0
