"""The corpus tables: the sample's counts, offsets that rebuild the text, sentence voices,
paragraph breaks, and the pipe style."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load.corpus import load_corpus, split_paragraphs, split_sentences
from analysis.load.inputs import load_articles
from analysis.paths import SAMPLE_FILE


def test_sample_has_title_19_paragraphs_2_commentary():
    corpus = load_corpus(SAMPLE_FILE)
    paragraphs = corpus.paragraphs
    assert corpus.articles.loc[0, "title"] == "xi china belarus lukashenko"
    numbered = paragraphs[paragraphs["paragraph"] > 0].drop_duplicates("paragraph")
    assert len(numbered) == 19
    assert numbered["section"].value_counts()["commentary"] == 2
    assert numbered["section"].value_counts()["reporting"] == 17
    assert paragraphs.loc[paragraphs["section"] == "commentary", "paragraph"].tolist() == [8, 17]
    assert corpus.articles.loc[0, ["n_reporting", "n_commentary"]].tolist() == [17, 2]


# --- offsets -----------------------------------------------------------------------------


def test_offsets_rebuild_the_sample(assert_rebuilds):
    corpus = load_corpus(SAMPLE_FILE)
    assert_rebuilds(corpus.articles, corpus.paragraphs, corpus.sentences)
    assert corpus.sentences["text"].str.len().sum() > 3200


def test_offsets_rebuild_crlf_front_matter_and_markers(write, assert_rebuilds):
    text = (
        "---\r\ntitle: CRLF story\r\noutlet: Wire\r\n---\r\nHeadline here\r\n"
        'Reporting "with a quote." More.\r\n\r\n  COMMENT :  Opinion here.\r\n\r\nEnd.\r\n'
    )
    corpus = load_corpus(write("crlf.txt", text))
    assert_rebuilds(corpus.articles, corpus.paragraphs, corpus.sentences)
    assert corpus.articles.loc[0, "title"] == "CRLF story"
    assert "CRLF" in corpus.articles.loc[0, "load_notes"]
    assert corpus.paragraphs["marker"].dropna().tolist() == ["COMMENT :"]


# --- sentences and paragraph breaks ------------------------------------------------------


def test_sentence_voice_inside_a_quoted_paragraph(sentences_of):
    text = (
        'Headline\n"We are ready. We have always been ready," said Jane Doe. '
        "Talks resume on Monday.\n"
    )
    sentences = sentences_of(text)
    assert sentences["voice"].tolist() == ["title", "quote", "quote", "narration"]
    assert sentences["speaker"].tolist()[1:3] == ["Jane Doe", "Jane Doe"]
    assert sentences["speaker"].isna().tolist()[3]


def test_line_break_paragraphs_and_the_warning_that_points_to_them(paragraphs_of):
    text = "Title\nReporting here.\nComment: a view.\nMore reporting.\n"
    with pytest.warns(UserWarning, match="paragraph_break='line break'"):
        blank = paragraphs_of(text)
    assert "starts an inner line" in blank.loc[1, "reason"]
    lines = paragraphs_of(text, paragraph_break="line break")
    assert lines["section"].tolist() == ["title", "reporting", "commentary", "reporting"]


# --- pipe style --------------------------------------------------------------------------


def test_pipe_style_matches_load_corpus():
    corpus = load_corpus(SAMPLE_FILE)
    piped = load_articles(SAMPLE_FILE).pipe(split_paragraphs).pipe(split_sentences)
    pd.testing.assert_frame_equal(piped, corpus.sentences)


# --- what every notebook picks from the corpus -----------------------------------------


def test_the_article_shown_is_the_one_asked_for_or_the_first_with_commentary(write, tmp_path):
    from analysis.load.corpus import UnknownArticleError, choose_article

    write("c/a.txt", "Title a\nReporting only.\n")
    write("c/b.txt", "Title b\nReporting.\n\nComment: a view.\n")
    articles = load_corpus(tmp_path / "c").articles
    assert choose_article(articles) == "b"
    assert choose_article(articles, "a") == "a"
    assert choose_article(articles.assign(n_commentary=0)) == "a"
    with pytest.raises(UnknownArticleError, match="'z' is not in the corpus; .*'a', 'b'"):
        choose_article(articles, "z")


def test_prose_keeps_reporting_and_commentary_only():
    from analysis.load.corpus import prose

    paragraphs = load_corpus(SAMPLE_FILE).paragraphs
    kept = prose(paragraphs)
    assert set(kept["section"].astype(str)) == {"reporting", "commentary"}
    assert len(kept) == 19 and len(paragraphs) == 21  # the title and the caption are left out
    kept.loc[kept.index[0], "text"] = "changed"
    assert paragraphs.loc[kept.index[0], "text"] != "changed", "a copy, not a view"


def test_outlets_are_the_named_ones_sorted():
    from analysis.load.corpus import outlets

    frame = pd.DataFrame({"outlet": pd.array(["W", None, "D", "W"], dtype="string")})
    assert outlets(frame) == ["D", "W"]
    assert outlets(frame.drop(columns="outlet")) == []
    assert outlets(load_corpus(SAMPLE_FILE).articles) == []


def test_the_article_shown_from_a_paragraph_table_is_the_first_with_commentary(write, tmp_path):
    from analysis.load.corpus import choose_article

    write("c/a.txt", "Title a\nReporting only.\n")
    write("c/b.txt", "Title b\nReporting.\n\nComment: a view.\n")
    corpus = load_corpus(tmp_path / "c")
    assert choose_article(corpus.paragraphs) == "b"
    assert choose_article(corpus.sentences) == "b"
    assert choose_article(corpus.paragraphs[corpus.paragraphs["article_id"] == "a"]) == "a"


# --- what a marker takes off its paragraph ---------------------------------------------------


@pytest.mark.parametrize(
    "paragraph, marker, rest",
    [
        ("> Comment: China.", "> Comment:", "China."),
        ("(Comment: x.)", "(Comment:", "x.)"),
        ("3. Comment: x", "3. Comment:", "x"),
        ("**Comment:** x.", "**Comment:**", "x."),
        ("\u200b“Comment: x.”", "“Comment:", "x.”"),
        ("Comment:\n\nComment: x is bad.", "Comment:\n\nComment:", "x is bad."),
        ("Comment: ???", "Comment:", "???"),
    ],
)
def test_all_a_marker_takes_off_its_paragraph_is_in_the_marker_column(
    write, assert_rebuilds, paragraph, marker, rest
):
    corpus = load_corpus(write("a.txt", f"Title\n\nReport.\n\n{paragraph}\n\nEnd.\n"))
    assert_rebuilds(corpus.articles, corpus.paragraphs, corpus.sentences)
    paragraphs = corpus.paragraphs
    assert paragraphs["section"].tolist() == ["title", "reporting", "commentary", "reporting"]
    assert paragraphs.loc[2, ["marker", "text"]].tolist() == [marker, rest]


def test_a_marker_with_no_paragraph_after_it_is_kept_as_text(write, assert_rebuilds):
    corpus = load_corpus(write("a.txt", "Title\n\nReport.\n\nComment:\n"))
    assert_rebuilds(corpus.articles, corpus.paragraphs, corpus.sentences)
    last = corpus.paragraphs.iloc[-1]
    assert [last["section"], last["text"]] == ["other", "Comment:"]
    assert pd.isna(last["marker"]) and "nothing after it" in last["reason"]


def test_a_title_line_is_never_taken_from_a_marked_paragraph(paragraphs_of):
    paragraphs = paragraphs_of("Comment: The view\nand more of it.\n\nReport.\n")
    assert paragraphs["section"].tolist() == ["commentary", "reporting"]
    lowercase = paragraphs_of("Leaders meet\ncomment: the view.\n\nReport.\n")
    assert lowercase["section"].tolist() == ["title", "commentary", "reporting"]


# --- an article without prose ------------------------------------------------------------


def test_a_file_of_only_a_marker_is_an_input_error_naming_it(write):
    from analysis.errors import InputError

    path = write("only-marker.txt", "Comment:\n")
    with pytest.raises(InputError, match=r"only-marker\.txt: has no reporting or commentary"):
        load_corpus(path)


def test_in_a_folder_an_article_without_prose_stops_the_load_or_is_skipped(write, tmp_path):
    from analysis.errors import InputError, SkippedInputWarning

    write("c/a.txt", "Comment:\n")
    write("c/b.txt", "Title\n\nReporting here.\n\nComment: a view.\n")
    write("c/t.csv", 'id,text\nt1,"Title\n\nMore reporting."\nt2,"Comment:"\n')
    with pytest.raises(InputError, match=r"a\.txt: has no reporting or commentary"):
        load_corpus(tmp_path / "c")
    with pytest.warns(SkippedInputWarning, match=r"a\.txt"):
        corpus = load_corpus(tmp_path / "c", on_error="skip")
    assert corpus.articles["article_id"].tolist() == ["b", "t1"]
    assert corpus.articles["n_sentences"].tolist() == [3, 2]
    assert set(corpus.paragraphs["article_id"]) == {"b", "t1"}
    assert [source.rsplit("/", 1)[-1] for source in corpus.skipped["source"]] == ["a.txt", "t.csv"]
    assert corpus.skipped["row"].tolist()[1] == 2
    assert corpus.skipped["hint"].str.contains("Add the article's text").all()
    write("c/b.txt", "Comment:\n")
    write("c/t.csv", 'text\n"Comment:"\n')
    with pytest.raises(InputError, match="no article could be read"):
        load_corpus(tmp_path / "c", on_error="skip")


def test_splitting_no_articles_gives_empty_tables():
    articles = load_articles(SAMPLE_FILE).iloc[0:0]
    paragraphs = split_paragraphs(articles)
    assert paragraphs.empty and "reason" in paragraphs
    assert split_sentences(paragraphs).empty
