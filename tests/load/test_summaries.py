"""The loader's summaries: how each paragraph of an article was classified, and rows and
words per section and voice, and counts per outlet, on corpora written here."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load.corpus import NO_OUTLET, load_corpus
from analysis.load.summaries import classification_table, outlet_counts, section_counts


@pytest.fixture
def two_articles(write, tmp_path):
    write(
        "a.txt",
        "Headline\nReporting one two three.\n\nComment: A view   with\nspaces here.\n\n"
        '"We go," Xi said.\n',
    )
    write("b.txt", "Other\nJust reporting here.\n")
    return load_corpus(tmp_path)


def test_classification_table_of_the_first_article_by_default(two_articles):
    table = classification_table(two_articles.paragraphs, width=12)
    assert table.columns.tolist() == [
        "paragraph",
        "section",
        "voice",
        "marker",
        "speaker",
        "quote_share",
        "n_words",
        "reason",
        "text",
    ]
    assert table["paragraph"].tolist() == [0, 1, 2, 3]
    assert table["section"].tolist() == ["title", "reporting", "commentary", "reporting"]
    assert not isinstance(table["section"].dtype, pd.CategoricalDtype)
    assert table["marker"].tolist()[2] == "Comment:" and table["marker"].isna().sum() == 3
    assert table.loc[3, "speaker"] == "Xi"
    # White space collapsed, long texts cut to ``width`` characters with an ellipsis.
    assert table["text"].tolist() == ["Headline", "Reporting o…", "A view with…", '"We go," Xi…']
    assert table["reason"].str.len().gt(0).all()


def test_classification_table_of_a_chosen_article(two_articles):
    table = classification_table(two_articles.paragraphs, article_id="b")
    assert table["text"].tolist() == ["Other", "Just reporting here."]
    assert table.index.tolist() == [0, 1]
    with pytest.raises(ValueError, match="'zzz' is not in the corpus"):
        classification_table(two_articles.paragraphs, article_id="zzz")


def test_section_counts_rows_words_and_shares(two_articles):
    counts = section_counts(two_articles.paragraphs)
    assert counts.index.tolist() == [
        ("title", "title"),
        ("reporting", "narration"),
        ("commentary", "commentary"),
    ]
    assert counts["rows"].tolist() == [2, 3, 1]
    assert counts["words"].tolist() == [2, 11, 5]
    assert counts["share_of_words"].sum() == pytest.approx(1.0)
    assert counts.loc[("commentary", "commentary"), "share_of_words"] == pytest.approx(5 / 18)


def test_section_counts_of_sentences_count_quoted_sentences_apart(write):
    path = write("q.txt", 'Headline\n"We are ready." Talks resume on Monday, officials said.\n')
    counts = section_counts(load_corpus(path).sentences)
    assert counts.loc[("reporting", "quote"), "rows"] == 1
    assert counts.loc[("reporting", "narration"), "words"] == 6


def test_outlet_counts_keep_articles_without_an_outlet(write, tmp_path):
    write("a.txt", "---\noutlet: Daily\n---\nHeadline\nReporting one.\n\nComment: view.\n")
    write("b.txt", "---\noutlet: Daily\n---\nHeadline\nReporting. Two sentences.\n")
    write("c.txt", "Headline\nNo outlet here.\n\nMore.\n")
    counts = outlet_counts(load_corpus(tmp_path).articles)
    assert counts.to_dict("index") == {
        NO_OUTLET: {
            "articles": 1,
            "reporting_paragraphs": 2,
            "commentary_paragraphs": 0,
            "sentences": 3,
        },
        "Daily": {
            "articles": 2,
            "reporting_paragraphs": 2,
            "commentary_paragraphs": 1,
            "sentences": 6,
        },
    }
