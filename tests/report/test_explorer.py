"""The explorer's behaviour without a browser: ipywidgets run their callbacks in Python, so
setting a widget's value does what a reader's click does."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_corpus, score_sentiment
from analysis.explore import article_results
from analysis.framing import keyword_in_context
from analysis.load import prose
from analysis.report import STATIC_MESSAGE, Explorer, find_articles
from analysis.synthetic import write_articles


@pytest.fixture(scope="module")
def explorer_inputs(tmp_path_factory):
    """60 generated articles from two outlets: (paragraphs, per-article results)."""
    folder = tmp_path_factory.mktemp("outlets")
    write_articles(folder, 60, outlets=("Daily", "Weekly"), seed=5)
    corpus = load_corpus(folder)
    paragraphs = prose(score_sentiment(corpus.paragraphs, engines=["opinion"]))
    return paragraphs, article_results(paragraphs, ["opinion"], articles=corpus.articles)


def test_it_opens_on_the_article_that_differs_most(explorer_inputs):
    paragraphs, results = explorer_inputs
    explorer = Explorer(paragraphs, results)
    first = results["article_id"].iloc[0]
    assert explorer.choice.value == first
    assert f"{int(results['n_commentary'].iloc[0])} commentary" in explorer.numbers.value
    assert first in explorer.article.value


def test_search_and_outlet_narrow_the_articles(explorer_inputs):
    paragraphs, results = explorer_inputs
    explorer = Explorer(paragraphs, results)
    explorer.outlet.value = "Weekly"
    weekly = set(results.loc[results["outlet"] == "Weekly", "article_id"])
    assert {value for _, value in explorer.choice.options} <= weekly
    assert explorer.choice.value in weekly
    explorer.search.value = "no such article"
    assert explorer.choice.options == () and explorer.numbers.value == ""
    assert "No article matches" in explorer.article.value


def test_a_terms_lines_follow_the_section_filter(explorer_inputs):
    paragraphs, results = explorer_inputs
    explorer = Explorer(paragraphs, results)
    term = "disastrous"
    explorer.term.value = term
    expected = keyword_in_context(paragraphs, term, limit=20)
    assert explorer.lines.value.count("<tr>") == len(expected) + 1 > 1
    explorer.section.value = "commentary"
    in_commentary = expected[expected["section"] == "commentary"]
    assert len(in_commentary) > 0 and explorer.lines.value.count("<tr>") == len(in_commentary) + 1
    # and the article view keeps only that section's paragraphs
    assert " commentary · opinion" in explorer.article.value
    assert " reporting · opinion" not in explorer.article.value


def test_article_text_in_the_widgets_is_escaped(explorer_inputs):
    paragraphs, results = explorer_inputs
    hostile = paragraphs.copy()
    first = hostile["article_id"] == results["article_id"].iloc[0]
    hostile.loc[first, "text"] = "A <script>alert(1)</script> disastrous <b>idea</b>."
    explorer = Explorer(hostile, results)
    explorer.term.value = "disastrous"
    for html in (explorer.article.value, explorer.lines.value):
        assert "<script>" not in html and "<b>idea" not in html
    assert "&lt;script&gt;" in explorer.lines.value


def test_without_a_frontend_it_says_where_it_runs(explorer_inputs):
    paragraphs, results = explorer_inputs
    bundle = Explorer(paragraphs, results)._repr_mimebundle_()
    assert bundle["text/plain"] == STATIC_MESSAGE
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_find_articles_keeps_the_tables_order():
    table = pd.DataFrame({"article_id": ["z", "a", "m"], "title": ["war", "war", "peace"]})
    assert find_articles(table, "WAR") == ["z", "a"]
