"""The report's per-article pages, drawn from the tables notebook 20 saves (``20-articles``,
``20-article-paragraphs``, ``20-article-marks``): escaped, with links that resolve, a
script the page's policy allows by its hash alone, and an article's numbers on its page
equal to its row of the per-article table.
"""

from __future__ import annotations

import dataclasses
import math
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_corpus, score_sentiment
from analysis.explore import article_marks, article_paragraphs, article_results, difference_column
from analysis.framing import article_terms
from analysis.load import prose
from analysis.report import article_page_name, articles_page, write_article_pages
from analysis.report.assets import script_hash
from analysis.sentiment import sentiment_measures
from analysis.synthetic import write_articles

MEASURES = sentiment_measures(["textblob", "vader", "opinion"])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """300 generated articles, loaded and scored by paragraph: (corpus, scored prose)."""
    folder = tmp_path_factory.mktemp("generated")
    write_articles(folder, 300, seed=3)
    corpus = load_corpus(folder)
    scored = prose(score_sentiment(corpus.paragraphs, engines=["textblob", "vader", "opinion"]))
    return corpus, scored


def save_pages_tables(folder: Path, results: pd.DataFrame, paragraphs: pd.DataFrame) -> None:
    """Save what notebook 20 saves for the pages: the per-article table, and the paragraphs
    and marks of the articles of ``paragraphs`` (with their saved ``opinion``)."""
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    results.to_parquet(folder / "tables" / "20-articles.parquet")
    article_paragraphs(paragraphs).to_parquet(folder / "tables" / "20-article-paragraphs.parquet")
    article_marks(paragraphs).to_parquet(folder / "tables" / "20-article-marks.parquet")


# -- the pages ----------------------------------------------------------------------------

HOSTILE_ID = '../<img src=x onerror="window.__pwned=1">'
HOSTILE_TEXT = "Comment: A <script>window.__pwned = 2</script> disgraceful visit."


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


class _Text(HTMLParser):
    """The text a browser shows (entities decoded), scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self._skip = False

    def handle_starttag(self, tag, attrs):
        self._skip = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory, generated):
    """The pages of the generated corpus plus a hostile article, written to a folder."""
    corpus, scored = generated
    paragraphs = corpus.paragraphs.copy()
    hostile = paragraphs[paragraphs["article_id"] == paragraphs["article_id"].iloc[0]].copy()
    hostile["article_id"] = HOSTILE_ID
    hostile.loc[hostile["section"] == "commentary", "text"] = HOSTILE_TEXT
    corpus = dataclasses.replace(
        corpus, paragraphs=pd.concat([hostile, paragraphs], ignore_index=True)
    )
    rows = prose(score_sentiment(corpus.paragraphs, engines=["textblob", "vader", "opinion"]))
    results = article_results(rows, MEASURES, terms=article_terms(rows))
    first = results["article_id"] == HOSTILE_ID
    results = pd.concat([results[first], results[~first]], ignore_index=True)
    folder = tmp_path_factory.mktemp("pages")
    (folder / "index.html").write_text("the report's front page, which the runner writes")
    opinion = rows[["paragraph_id", "opinion"]]
    save_pages_tables(folder, results, corpus.paragraphs.merge(opinion, how="left"))
    paths = write_article_pages(folder, source="Source: a test.")
    return folder, results, paths


def test_pages_are_written_for_the_first_articles_and_every_link_resolves(hostile_pages):
    folder, results, paths = hostile_pages
    assert paths[0] == folder / "articles.html" and len(paths) == 1 + len(results)
    assert all(p.parent in (folder, folder / "articles") for p in paths), "nothing leaves it"
    links = _Links()
    links.feed(paths[0].read_text(encoding="utf-8"))
    local = [h for h in links.hrefs if not h.startswith(("http:", "https:"))]
    assert len(local) == len(links.hrefs)
    article_links = [h for h in local if h.startswith("articles/")]
    assert article_links == [f"articles/{article_page_name(a)}" for a in results["article_id"]]
    assert all((folder / h).is_file() for h in local)
    for page in paths[1:]:
        inner = _Links()
        inner.feed(page.read_text(encoding="utf-8"))
        assert all((page.parent / h).resolve().is_file() for h in inner.hrefs), page.name


def test_article_text_and_ids_are_escaped_on_every_page(hostile_pages):
    folder, _, paths = hostile_pages
    for page in paths:
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<script>window" not in html, page.name
    page = _Text()
    page.feed((folder / "articles" / article_page_name(HOSTILE_ID)).read_text(encoding="utf-8"))
    shown = "".join(page.text)
    assert "<script>window.__pwned = 2</script> disgraceful visit" in shown, "shown as text"
    assert HOSTILE_ID in shown
    index = _Text()
    index.feed(paths[0].read_text(encoding="utf-8"))
    assert HOSTILE_ID in "".join(index.text)


def test_the_only_script_is_the_sorting_one_and_the_policy_names_its_hash(hostile_pages):
    _, _, paths = hostile_pages
    html = paths[0].read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(html)
    assert len(parser.scripts) == 1
    policy = unescape(
        re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]+)"', html)[1]
    )
    assert f"script-src {script_hash(parser.scripts[0])}" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "default-src 'none'" in policy
    for page in paths[1:]:
        assert "<script" not in page.read_text(encoding="utf-8"), page.name


def test_a_long_table_says_how_many_rows_it_lists(generated):
    _, scored = generated
    results = article_results(scored, ["opinion"])
    html = articles_page(results, name="x", source="Source: a test.", limit=10)
    assert html.count("<tr>") == 10 + 1  # the header
    assert f"The 10 that differ most of {len(results):,} articles" in html
    assert difference_column("opinion") not in html.split("<tbody>")[1], "headers, not names"


def test_no_per_article_table_writes_nothing(tmp_path):
    assert write_article_pages(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def _shown_numbers(html: str) -> dict[str, str]:
    table = re.search(r'<table id="numbers">(.*?)</table>', html, re.S).group(1)
    cells = re.findall(r"<tr><td>(.*?)</td><td[^>]*>(.*?)</td></tr>", table, re.S)
    return {unescape(label): unescape(value) for label, value in cells}


def test_an_articles_numbers_on_its_page_are_its_row_of_the_per_article_table(hostile_pages):
    folder, _, paths = hostile_pages
    saved = pd.read_parquet(folder / "tables" / "20-articles.parquet")
    assert len(paths) == 1 + len(saved)
    header = articles_page(saved.head(1), name="", source="")
    labels = dict(
        zip(
            re.findall(r'data-column="\d+" title="[^"]*">([^<]*)</button>', header),
            saved.columns,
            strict=True,
        )
    )  # each column's label, as articles.html heads it
    checked = 0
    for _, row in saved.iterrows():
        page = folder / "articles" / article_page_name(str(row["article_id"]))
        shown = _shown_numbers(page.read_text(encoding="utf-8"))
        for label, value in shown.items():
            column = labels.get(unescape(label))
            if column is None:  # the paragraphs' counts and the terms, by their titles
                column = {"commentary paragraphs": "n_commentary",
                          "reporting paragraphs": "n_reporting",
                          "Terms its commentary uses most": "commentary_terms"}[label]  # fmt: skip
            expected = row[column]
            if column == "commentary_terms":
                assert value == expected
            elif column.startswith("n_"):
                assert int(value.replace(",", "")) == expected
            elif value == "–":
                assert math.isnan(expected), (label, expected)
            else:  # two decimals, signed, with a true minus sign
                assert float(value.replace("\N{MINUS SIGN}", "-")) == round(expected, 2)
                assert value == f"{expected:+.2f}".replace("-", "\N{MINUS SIGN}"), (label, value)
            checked += 1
        differences = [c for c in saved.columns if c.endswith("_difference")]
        assert len(shown) >= len(differences) + 2, "every difference and both counts"
    assert checked > 5 * len(saved)


def test_a_changed_row_changes_the_page(hostile_pages, tmp_path):
    """The page reads its numbers from the saved table, not from the text again."""
    folder, results, _ = hostile_pages
    for name in ("20-article-paragraphs", "20-article-marks"):
        (tmp_path / "tables").mkdir(exist_ok=True)
        (tmp_path / "tables" / f"{name}.parquet").write_bytes(
            (folder / "tables" / f"{name}.parquet").read_bytes()
        )
    changed = results.assign(opinion_difference=0.4321)
    changed.to_parquet(tmp_path / "tables" / "20-articles.parquet")
    write_article_pages(tmp_path)
    page = tmp_path / "articles" / article_page_name(str(results["article_id"].iloc[0]))
    assert (
        _shown_numbers(page.read_text(encoding="utf-8"))["opinion probability (model)"] == "+0.43"
    )


@pytest.mark.parametrize("article_id", ["a/b", "a\\b", "..", "a b", "é", "<>", ""])
def test_page_names_stay_in_the_folder_and_differ_for_different_ids(article_id):
    name = article_page_name(article_id)
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.html", name) and Path(name).name == name
    assert name != article_page_name(article_id + "x")


@pytest.mark.slow
def test_in_a_browser_the_table_sorts_every_link_opens_and_nothing_runs(hostile_pages, browser):
    """The 301 articles' table in Debian's chromium: each link leads to a page that opens
    and names its article; sorting by a column orders the rows; no script of an article
    runs and the policy blocks nothing of the page's own."""
    folder, results, paths = hostile_pages
    page = browser.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Security" in m.text else None)
    page.goto(paths[0].as_uri(), wait_until="load")
    assert page.locator("#articles tbody tr").count() == len(results)
    links = page.eval_on_selector_all(
        "#articles a[href]", "els => els.map(e => [e.href, e.textContent])"
    )
    assert [text for _, text in links] == results["article_id"].tolist(), "every row"
    for href, article_id in links:
        page.goto(href, wait_until="load")
        assert article_id in page.evaluate("() => document.body.innerText"), href
        assert page.evaluate("() => window.__pwned") is None, href
    page.goto(paths[0].as_uri(), wait_until="load")
    column = list(results.columns).index("opinion_difference")
    page.click(f"#articles th button[data-column='{column}']")
    values = page.eval_on_selector_all(
        f"#articles tbody tr td:nth-child({column + 1})",
        "tds => tds.map(td => td.getAttribute('data-value'))",
    )
    sizes = [abs(float(v)) for v in values if v]
    assert sizes == sorted(sizes, reverse=True), "largest size first"
    assert page.evaluate("() => window.__pwned") is None and refused == []
