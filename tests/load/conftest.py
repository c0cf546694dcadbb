"""Fixtures of the loader's tests: the paragraph and sentence tables of an article written
under ``tmp_path``, and the check that a corpus's offsets rebuild its articles."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.load.corpus import load_corpus


@pytest.fixture
def paragraphs_of(write):
    """``paragraphs_of(text, **options)``: the paragraph table of ``text`` as one article."""

    def _paragraphs(text: str, **kwargs):
        return load_corpus(write("article.txt", text), **kwargs).paragraphs

    return _paragraphs


@pytest.fixture
def sentences_of(write):
    """``sentences_of(text, **options)``: the sentence table of ``text`` as one article."""

    def _sentences(text: str, **kwargs):
        return load_corpus(write("article.txt", text), **kwargs).sentences

    return _sentences


def _assert_rebuilds(articles: pd.DataFrame, paragraphs: pd.DataFrame, sentences: pd.DataFrame):
    """Every character of each article is in a row, a marker, front matter or white space."""
    texts = articles.set_index("article_id")["text"]
    body = articles.set_index("article_id")["body_start"]
    for article_id, rows in paragraphs.groupby("article_id", sort=False):
        text = texts[article_id]
        cursor = body[article_id]
        for row in rows.sort_values("start").itertuples():
            assert text[row.start : row.end] == row.text
            gap = text[cursor : row.start].strip()
            assert gap in ("", row.marker), f"{article_id}: lost {gap!r} before {row.paragraph_id}"
            cursor = row.end
        assert text[cursor:].strip() == ""
    for paragraph_id, rows in sentences.groupby("paragraph_id", sort=False):
        paragraph = paragraphs.set_index("paragraph_id").loc[paragraph_id]
        text = texts[paragraph["article_id"]]
        cursor = paragraph["start"]
        for row in rows.itertuples():
            assert text[row.start : row.end] == row.text
            assert text[cursor : row.start].strip() == "", f"lost text before {row.sentence_id}"
            cursor = row.end
        assert text[cursor : paragraph["end"]].strip() == ""


@pytest.fixture
def assert_rebuilds():
    """``assert_rebuilds(articles, paragraphs, sentences)``: the offsets of the paragraph
    and sentence tables rebuild every article."""
    return _assert_rebuilds
