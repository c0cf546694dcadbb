"""The HTML article view: marked up, and article text never runs as markup."""

from __future__ import annotations

import html
import re

from analysis import load_corpus
from analysis.plots.article_html import article_html
from analysis.plots.base import VERMILION

HOSTILE = (
    "Markup test\n"
    'Officials said <script>alert("x")</script> was a great success.\n\n'
    "Comment: <img src=x onerror=alert(1)> is a terrible idea & worse.\n"
)


def test_article_text_is_escaped(write):
    page = article_html(load_corpus(write("hostile.txt", HOSTILE)).paragraphs)
    assert "<script" not in page and "<img" not in page
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))  # the text a reader sees
    assert '<script>alert("x")</script>' in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert "is a terrible idea & worse." in shown


def test_sections_quotes_and_words_are_marked():
    page = article_html(load_corpus().paragraphs)
    assert page.count("border-left:4px solid #D55E00") == 2 + 1  # two paragraphs + legend
    assert 'title="worst: polarity -1.00"' in page
    assert "underline dotted" in page
    assert "Legend:" in page


def test_css_colours_are_the_palettes():
    page = article_html(load_corpus().paragraphs)
    assert VERMILION == "#D55E00"  # the commentary colour of the charts
    assert "rgba(204,121,167,0.75)" in page  # "worst", -1.00: reddish purple, fully strong
    assert "rgba(0,158,115," in page  # a positive word: bluish green


def test_each_paragraph_carries_its_opinion_and_the_words_that_pushed_it():
    from analysis.sentiment.opinion import score_opinion

    paragraphs = load_corpus().paragraphs
    page = article_html(paragraphs)
    prose = paragraphs[paragraphs["section"].isin(["reporting", "commentary"])]
    scores = score_opinion(prose["text"].tolist())["opinion"]
    top = int(scores.to_numpy().argmax())
    label = f"{prose['paragraph'].iloc[top]} {prose['section'].iloc[top]} · opinion "
    assert f"{label}{scores.iloc[top]:.2f}, rank 1 of {len(prose)}" in page
    assert page.count("towards opinion: +") >= 1
    assert "pushed the paragraph towards opinion" in page  # the legend


def test_a_table_with_repeated_index_labels_renders(write):
    paragraphs = load_corpus().paragraphs
    doubled = paragraphs.set_axis([0] * len(paragraphs))  # as two tables joined carelessly
    assert article_html(doubled) == article_html(paragraphs)
