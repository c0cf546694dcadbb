"""Commentary markers: the variants that match, where they must stand, user markers."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load.corpus import load_corpus
from analysis.load.markers import compile_markers, unlisted_markers
from analysis.paths import SAMPLE_FILE


@pytest.mark.parametrize(
    "paragraph",
    [
        "Comment: x.",
        "comment: x.",
        "COMMENT : x.",
        "  Comment:x.",
        "**Comment:** x.",
        "Comment\t: x.",
    ],
)
def test_marker_variants_are_commentary(paragraph):
    found = compile_markers(["Comment:"]).match(paragraph)
    assert found is not None and paragraph[found.end() :] == "x."


@pytest.mark.parametrize("paragraph", ["Commentary: x.", "A Comment: x.", "Comments are closed."])
def test_marker_must_start_the_paragraph(paragraph):
    assert compile_markers(["Comment:"]).match(paragraph) is None


def test_user_markers_and_regex(paragraphs_of):
    text = (
        "Title line\nReporting.\n\nEditor’s note: curly apostrophe.\n\n"
        "[Opinion] bracketed.\n\nComment: not a marker here.\n"
    )
    paragraphs = paragraphs_of(text, markers=["Editor's note:"], marker_regex=r"\[opinion\]")
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary", "commentary",
                                              "reporting"]  # fmt: skip
    assert paragraphs["marker"].dropna().tolist() == ["Editor’s note:", "[Opinion]"]


def test_bad_marker_regex_is_explained():
    with pytest.raises(ValueError, match="not a valid regular expression"):
        compile_markers([], marker_regex="(unclosed")


def test_no_markers_means_all_reporting(paragraphs_of):
    paragraphs = paragraphs_of("T\nA.\n\nComment: b.\n", markers=[])
    assert "commentary" not in set(paragraphs["section"])


def test_bold_marker_with_the_colon_outside():
    assert compile_markers(["Comment:"]).match("**Comment**: text") is not None


# --- scraped pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "\u200bComment: x.",
        "> Comment: x.",
        "- Comment: x.",
        "3. Comment: x.",
        "## Comment: x.",
        "“Comment: x.",
        "*Comment:* x.",
        "Comment： x.",
    ],
)
def test_markers_behind_the_decoration_of_scraped_text(paragraph):
    found = compile_markers(["Comment:"]).match(paragraph)
    assert found is not None and paragraph[found.end() :] == "x."


# --- the sample --------------------------------------------------------------------------


def test_sample_marker_is_removed_but_kept_in_its_own_column():
    paragraphs = load_corpus(SAMPLE_FILE).paragraphs
    commentary = paragraphs[paragraphs["section"] == "commentary"]
    assert commentary["marker"].tolist() == ["Comment:", "Comment:"]
    assert commentary["text"].str.startswith("It comes amidst").iloc[0]
    assert not commentary["text"].str.contains("Comment:").any()
    assert paragraphs.loc[paragraphs["section"] == "reporting", "marker"].isna().all()


# --- markers the user has not listed ---------------------------------------------------


def test_unlisted_markers_are_openings_shared_by_several_articles():
    rows = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "b", "c", "c", "d"],
            "text": [
                "Analysis: one.",
                "Editor's note: x.",
                "Analysis: two.",
                "Editor’s note : y.",  # curly apostrophe, space before the colon: the same
                "Analysis: three.",
                "LONDON: rain.",  # a dateline, not a marker
                "Q: why?",  # an interview's question
            ],
        }
    )
    assert unlisted_markers(rows) == [("Analysis:", 3, 3), ("Editor's note:", 2, 2)]
    assert unlisted_markers(rows, min_articles=3) == [("Analysis:", 3, 3)]
    assert unlisted_markers(rows, top=1) == [("Analysis:", 3, 3)]


def test_unlisted_markers_skip_lowercase_openings_and_single_articles():
    rows = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "text": ["note: a.", "note: b.", "Solo: only here."]}
    )
    assert unlisted_markers(rows) == []
    assert unlisted_markers(rows, min_articles=1) == [("Solo:", 1, 1)]
