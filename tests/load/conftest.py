"""Fixtures of the loader's tests: the paragraph and sentence tables of an article written
under ``tmp_path``, and the check that a corpus's offsets rebuild its articles."""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest
from hypothesis import settings

from analysis.load.corpus import load_corpus
from analysis.load.text import INVISIBLE


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


# White space, and the invisible characters the loader treats as such (a zero-width space).
_WHITE_ENDS = re.compile(rf"^[\s{INVISIBLE}]+|[\s{INVISIBLE}]+$")


def _strip(text: str) -> str:
    return _WHITE_ENDS.sub("", text)


def _assert_rebuilds(articles: pd.DataFrame, paragraphs: pd.DataFrame, sentences: pd.DataFrame):
    """Every character of each article is in a row, a marker, front matter or white space
    (invisible characters count as white space)."""
    texts = articles.set_index("article_id")["text"]
    body = articles.set_index("article_id")["body_start"]
    for article_id, rows in paragraphs.groupby("article_id", sort=False):
        text = texts[article_id]
        cursor = body[article_id]
        for row in rows.sort_values("start").itertuples():
            assert text[row.start : row.end] == row.text
            gap = _strip(text[cursor : row.start])
            assert gap in ("", row.marker), f"{article_id}: lost {gap!r} before {row.paragraph_id}"
            cursor = row.end
        assert _strip(text[cursor:]) == ""
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


# Hypothesis profiles for tests/load/test_properties.py: "fast" (the default) keeps
# `make test-fast` fast; HYPOTHESIS_PROFILE=thorough runs every property 10,000 times (the
# slow test does so anyway). No example database: it would write .hypothesis/ into the
# working tree; a failure prints the example and the @reproduce_failure blob instead.
settings.register_profile("fast", max_examples=200, deadline=None, database=None, print_blob=True)
settings.register_profile(
    "thorough", max_examples=10_000, deadline=None, database=None, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
