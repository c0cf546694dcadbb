"""Commentary markers: the variants that match, where they must stand, user markers."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load.corpus import load_corpus
from analysis.load.markers import compile_markers, marker_hints, unlisted_markers
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


# --- a marker ends where its word ends ----------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    ["Commentators said so.", "Comment's value is small.", "Comments: x.", "Comment1 x"],
)
def test_a_marker_without_its_colon_is_no_marker_inside_a_longer_word(paragraph):
    assert compile_markers(["Comment"]).match(paragraph) is None


@pytest.mark.parametrize(
    "paragraph, marker",
    [
        ("Comment: x.", "Comment:"),
        ("COMMENT : x.", "COMMENT :"),
        ("**Comment**: x.", "Comment**:"),
        ("Comment — x.", "Comment —"),
        ("Comment x.", "Comment"),
    ],
)
def test_a_marker_without_its_colon_takes_the_colon_that_follows_it(paragraph, marker):
    found = compile_markers(["Comment"]).match(paragraph)
    assert found is not None
    assert found.group("marker") == marker and paragraph[found.end() :] == "x."


def test_commentators_stay_reporting_and_the_commentary_loses_its_colon(paragraphs_of):
    text = (
        "Title\n\nCommentators said the cut was deep.\n\n"
        "Comment: The bank should have known better.\n"
    )
    paragraphs = paragraphs_of(text, markers=["Comment"])
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary"]
    assert paragraphs.loc[1, "text"] == "Commentators said the cut was deep."
    assert paragraphs.loc[2, ["marker", "text"]].tolist() == [
        "Comment:",
        "The bank should have known better.",
    ]


def test_a_marker_regex_also_ends_at_a_word_end():
    pattern = compile_markers([], marker_regex="op-ed")
    assert pattern.match("Op-eds are rising.") is None
    assert pattern.match("Op-ed: they are.") is not None


# --- marker_regex values that compile alone --------------------------------------------------


@pytest.mark.parametrize(
    "regex, paragraph, marker",
    [
        ("(?i)opinion:", "OPINION: x.", "OPINION:"),
        ("(?s)(?x) opinion :", "Opinion: x.", "Opinion:"),
        ("(?P<marker>view):", "View: x.", "View:"),
        (r"(?P<w>op)(?P=w):", "opop: x.", "opop:"),
        (r"(op)\1:", "opop: x.", "opop:"),
        (r"(\[)?opinion(?(1)\]):", "[Opinion]: x.", "[Opinion]:"),
        (r"[\1]x:", "\x01x: x.", "\x01x:"),  # in a class, \1 is a character
    ],
)
def test_marker_regexes_that_compile_alone_work_as_markers(regex, paragraph, marker):
    found = compile_markers(["Comment:"], marker_regex=regex).match(paragraph)
    assert found is not None
    assert found.group("marker") == marker and paragraph[found.end() :] == "x."


def test_a_marker_regex_with_a_flag_loads(paragraphs_of):
    paragraphs = paragraphs_of(
        "Title\n\nReport.\n\nOPINION: a view.\n", marker_regex="(?i)opinion:"
    )
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary"]


def test_a_marker_regex_that_matches_nothing_at_all_is_explained():
    with pytest.raises(ValueError, match=r"'x\*' matches an empty text"):
        compile_markers([], marker_regex="x*")


# --- hints are not lead-ins to quotations ------------------------------------------------


def test_unlisted_markers_leave_out_lead_ins_to_quotations():
    lead_ins = ["He added:", "He continued:", "The question is:", "She said:", "He told reporters:"]
    texts = [f"{opening} “We will stay.”" for opening in lead_ins]
    texts += [f"{opening} we will stay." for opening in lead_ins]  # even without a quote
    texts += ["Her message: “We stay.”", "Her message: “We go.”"]
    texts += ["Editor's note: a view.", "Editor's note: another."]
    rows = pd.DataFrame({"article_id": [f"a{i % 7}" for i in range(len(texts))], "text": texts})
    assert unlisted_markers(rows, top=10) == [("Editor's note:", 2, 2)]


# --- hints at the markers a user meant ---------------------------------------------------------


def _found(opened=(), openings=None):
    """What the markers found (``marker_summary``): the markers that opened a paragraph and
    the reporting paragraphs' marker-like openings."""
    return {"sections": {}, "markers": list(opened), "openings": openings or {}}


def test_a_list_typed_as_one_text_is_split_into_the_markers_meant():
    hints = marker_hints(["Comment:, Editor's note:", "Op:"], _found())
    assert hints.typed_as_one == ("Comment:, Editor's note:",)
    assert hints.meant == ("Comment:", "Editor's note:", "Op:")


def test_a_marker_holding_a_comma_that_opens_paragraphs_is_kept_whole():
    hints = marker_hints(["Well, actually:"], _found(opened=["well, actually:"]))
    assert hints.typed_as_one == () and hints.meant == ("Well, actually:",)


def test_openings_of_several_articles_are_hinted_unless_meant():
    openings = {
        "analysis:": ["Analysis:", 5, 4],
        "editor's note:": ["Editor's note:", 3, 3],
        "solo:": ["Solo:", 1, 1],  # one article: no hint
    }
    hints = marker_hints(["Comment:, EDITOR'S NOTE:"], _found(openings=openings))
    assert hints.unlisted == (("Analysis:", 5, 4),), "meant markers match in any case"
    assert marker_hints(["Comment:"], _found(openings=openings)).unlisted == (
        ("Analysis:", 5, 4),
        ("Editor's note:", 3, 3),
    )


def test_marker_hints_of_a_loaded_corpus(tmp_path):
    for name in ("x", "y"):
        (tmp_path / f"{name}.txt").write_text("Title\n\nAnalysis: a.\n\nComment: b.\n")
    hints = marker_hints(["Comment:"], load_corpus(tmp_path).marker_summary())
    assert hints.typed_as_one == () and hints.unlisted == (("Analysis:", 2, 2),)
