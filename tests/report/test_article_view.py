"""The marked-up article: drawn from the tables ``explore.article_paragraphs`` and
``explore.article_marks`` compute (nothing in the view scores a text), and article text
never runs as markup."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from analysis import load_corpus
from analysis.explore import article_marks, article_paragraphs
from analysis.plots import base
from analysis.report import article_view, static_text
from analysis.report.article_view import polarity_class
from analysis.sentiment.opinion import score_opinion

HOSTILE = (
    "Markup test\n"
    'Officials said <script>alert("x")</script> was a great success.\n\n'
    "Comment: <img src=x onerror=alert(1)> is a terrible idea & worse.\n"
)


def _view(paragraphs: pd.DataFrame, **options) -> str:
    return article_view(article_paragraphs(paragraphs), article_marks(paragraphs), **options)


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return load_corpus().paragraphs


@pytest.fixture(scope="module")
def page(sample) -> str:
    return _view(sample)


def test_article_text_is_escaped(write):
    page = _view(load_corpus(write("hostile.txt", HOSTILE)).paragraphs)
    assert "<script" not in page and "<img" not in page
    shown = html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", "", page, flags=re.S))
    assert '<script>alert("x")</script>' in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert "is a terrible idea & worse." in shown


def test_sections_quotes_and_words_are_marked(page):
    assert page.count('<p class="av-commentary">') == 2
    assert 'title="worst: polarity -1.00"' in page and 'class="av-w av-n11"' in page
    assert '<span class="av-quote">' in page
    assert "Legend:" in page


def test_the_style_sheet_takes_the_palettes_colours():
    css = static_text("article-view.css")
    assert base.VERMILION == "#D55E00"  # the commentary colour of the charts
    for color in (base.BLUE, base.VERMILION, base.SKY_BLUE, base.ORANGE):
        assert color in css, color
    assert base.tint(base.BLUE, 0.05) in css and base.tint(base.VERMILION, 0.1) in css
    for color in (base.POSITIVE, base.NEGATIVE):  # the words, from weak to ±1
        red, green, blue = (round(255 * c) for c in to_rgb(color))
        assert f"rgba({red},{green},{blue},0.20)" in css
        assert f"rgba({red},{green},{blue},0.75)" in css
    classes = set(re.findall(r"\.(av-[\w-]+)", css))
    used = {polarity_class(p) for p in (-1, -0.5, -0.01, 0, 0.01, 0.5, 1)}
    assert used <= classes, "every class the view gives a word has its style"


def test_each_paragraph_carries_its_opinion_and_the_words_that_pushed_it(sample, page):
    prose = sample[sample["section"].isin(["reporting", "commentary"])]
    scores = score_opinion(prose["text"].tolist())["opinion"]
    top = int(scores.to_numpy().argmax())
    label = f"{prose['paragraph'].iloc[top]} {prose['section'].iloc[top]} · opinion "
    assert f"{label}{scores.iloc[top]:.2f}, rank 1 of {len(prose)}" in page
    assert page.count("towards opinion: +") >= 1
    assert "pushed the paragraph towards opinion" in page  # the legend


def test_the_view_shows_the_saved_scores_and_scores_nothing(sample, monkeypatch):
    """Opinion numbers and word shading come from the tables as they are: changed tables
    change the page, and a view drawn with every scorer broken still renders."""
    paragraphs = article_paragraphs(sample.assign(opinion=0.5))
    marks = article_marks(sample)
    marks.loc[marks["kind"] == "sentiment", "value"] = 0.25
    from analysis.sentiment import opinion, scores

    def broken(*args, **kwargs):
        raise AssertionError("the view scored a text")

    for module, name in ((opinion, "score_opinion"), (opinion, "explain_opinions"),
                         (scores, "score_texts")):  # fmt: skip
        monkeypatch.setattr(module, name, broken)
    page = article_view(paragraphs, marks)
    assert page.count("opinion 0.50, rank 1 of 19") == 19, "ties share the first rank"
    assert 'title="worst: polarity +0.25"' in page


def test_a_table_with_repeated_index_labels_renders(sample, page):
    doubled = sample.set_axis([0] * len(sample))  # as two tables joined carelessly
    assert _view(doubled) == page


def test_a_long_article_shows_a_window_and_says_so(tmp_path):
    paragraphs = [f"Paragraph {i} of the report." for i in range(5000)]
    paragraphs.insert(2500, "Comment: A shameful, cruel decision.")
    (tmp_path / "long.txt").write_text("long article\n\n" + "\n\n".join(paragraphs) + "\n")
    rows = load_corpus(tmp_path / "long.txt").paragraphs
    page = article_view(article_paragraphs(rows), article_marks(rows.iloc[:0]))
    assert page.count("<p class=") <= 302 and "paragraphs 2,352 to 2,651 of 5,002 shown" in page


def test_the_explorers_numbers_and_lines_escape_the_text():
    from analysis.report import page_template

    hostile = "<img src=x onerror=alert(1)> & <script>x</script>"
    lines = page_template("explorer_lines.html.j2").render(
        term=hostile, most=20, columns=["article_id", "line"], lines=[[hostile, hostile]]
    )
    numbers = page_template("explorer_numbers.html.j2").render(
        n_commentary=2, n_reporting=3, numbers=[(hostile, "+0.50")]
    )
    for html_text in (lines, numbers):
        assert "<img" not in html_text and "<script" not in html_text
        assert html.unescape(re.sub(r"<[^>]+>", "", html_text)).count(hostile) >= 1
    assert lines.count("<tr>") == 2 and "1 line of " in lines
