"""The term explorer page: it highlights the bar chart's very terms, embeds a bounded
number of terms and lines of context whatever the corpus, keeps article text as data (the
JSON block cannot be closed by it, the script writes it as text), is drawn from the tables
notebook 20 saves, and works in a real browser (Debian's chromium, driven by Playwright)
without asking for anything outside.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.explore import (
    CONTEXT_LINES,
    OTHER_TERMS,
    plotted_terms,
    term_contexts,
    term_sample,
    term_sides,
)
from analysis.framing import distinctive_terms, top_distinctive
from analysis.load import prose
from analysis.paths import SAMPLE_FILE
from analysis.report import json_for_script, terms_page, write_terms_page
from analysis.synthetic import word_paragraphs, write_articles

# The hostile article: each payload, if it ran, would set window.__pwned. The file name is
# hostile too (it becomes the article id the page shows beside each line).
HOSTILE_NAME = "<img src=x onerror=window.__pwned=3>.txt"
PAYLOADS = (
    "</script><script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
)
HOSTILE = (
    "Minister visits the border\n\n"
    "MINSK (Reuters) - The minister arrived on Tuesday for quixotic talks.\n\n"
    f"Comment: A quixotic {PAYLOADS[0]} plan, and a quixotic {PAYLOADS[1]} ploy.\n\n"
    "Comment: Quixotic \"quotes\" and 'single' ones, a line\u2028separator and\u2029another, "
    "<!-- a comment --> ]]> quixotic.\n"
)
WIDE = 120  # characters of context each side: the hostile lines hold both payloads whole


def page_of(
    paragraphs: pd.DataFrame,
    found,
    top: pd.DataFrame | None = None,
    *,
    others: int = OTHER_TERMS,
    lines: int = CONTEXT_LINES,
    width: int = 40,
) -> str:
    """The page as notebook 20 and the report make it: the lines of context of the plotted
    terms (what 20-term-contexts holds), then the page from the tables."""
    top = top_distinctive(found.table) if top is None else top
    sides = term_sides(found.table)
    shown = plotted_terms(found.table, top, others=others)
    contexts = term_contexts(paragraphs, shown["term"], sections=sides, lines=lines, width=width)
    sample = term_sample(paragraphs, sides)
    return terms_page(found.table, found.summary, top, contexts, sample, others=others, lines=lines)


def _blocks(html: str) -> tuple[str, str]:
    """The JSON data block and the executable script of a page."""
    data = re.search(r'<script type="application/json" id="terms-data">(.*?)</script>', html, re.S)
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    assert data and script, "the page has its data block and its script"
    return data.group(1), script.group(1)


def _data(html: str) -> dict:
    return json.loads(_blocks(html)[0])


def _corpus(folder: Path) -> pd.DataFrame:
    return prose(load_corpus(folder, progress=False).paragraphs)


@pytest.fixture(scope="module")
def sample():
    paragraphs = _corpus(SAMPLE_FILE.parent)
    return paragraphs, distinctive_terms(paragraphs)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    write_articles(folder, 120, seed=7)
    paragraphs = _corpus(folder)
    return paragraphs, distinctive_terms(paragraphs)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[pd.DataFrame, str]:
    folder = tmp_path_factory.mktemp("hostile-corpus")
    shutil.copy(SAMPLE_FILE, folder)
    (folder / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    paragraphs = _corpus(folder)
    return paragraphs, page_of(paragraphs, distinctive_terms(paragraphs), width=WIDE)


def _highlighted_dots(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<circle class="dot k-[tr]"[^>]* data-i="(\d+)"', html)]


@pytest.mark.parametrize("corpus", ["sample", "generated"])
def test_the_highlighted_terms_are_exactly_the_bar_charts(corpus, request):
    paragraphs, found = request.getfixturevalue(corpus)
    top = top_distinctive(found.table)
    if corpus == "generated":
        assert len(top) == 30, "the generated corpus has terms for both sides of the chart"
    shown = plotted_terms(found.table, top)
    assert shown.loc[shown["highlighted"], "term"].tolist() == top["term"].tolist()
    assert not shown["term"].duplicated().any()

    html = page_of(paragraphs, found, top)
    terms = _data(html)["terms"]
    assert [t[0] for t in terms if t[1] in ("t", "r")] == top["term"].tolist()
    target = found.summary["side"].iloc[0]
    favours = {term: "t" if side == target else "r"
               for term, side in zip(top["term"], top["favours"], strict=True)}  # fmt: skip
    assert {t[0]: t[1] for t in terms if t[1] in ("t", "r")} == favours, "coloured by side"
    assert sorted(terms[i][0] for i in _highlighted_dots(html)) == sorted(top["term"])
    if top.empty:
        assert "no term passes the test" in html


def test_a_given_top_is_drawn_as_given_not_selected_again(generated):
    paragraphs, found = generated
    top = top_distinctive(found.table, n=2)
    shown = plotted_terms(found.table, top, others=5)
    assert shown["term"].tolist()[:4] == top["term"].tolist()
    rest = found.table[~found.table["term"].isin(top["term"])]
    rest = rest.assign(total=rest["count_commentary"] + rest["count_reporting"])
    expected = rest.sort_values(["total", "term"], ascending=[False, True])["term"].head(5)
    assert shown["term"].tolist()[4:] == expected.tolist(), "the most frequent others"

    html = page_of(paragraphs, found, top, others=5)
    assert sorted(_data(html)["terms"][i][0] for i in _highlighted_dots(html)) == sorted(
        top["term"]
    )
    assert f"plots 9 of the {len(found.table):,} terms" in html


def test_contexts_are_a_few_lines_of_the_plotted_terms_with_their_sections(generated):
    paragraphs, found = generated
    terms = plotted_terms(found.table, top_distinctive(found.table), others=60)["term"]
    lines = term_contexts(paragraphs, terms, lines=2)
    assert set(lines["term"]) <= set(terms)
    per_side = lines.groupby(["term", "section"], observed=True)["paragraph_id"]
    assert per_side.size().max() <= 2
    assert per_side.nunique().equals(per_side.size()), "each line from its own paragraph"
    section = paragraphs.set_index("paragraph_id")["section"]
    assert (lines["paragraph_id"].map(section) == lines["section"]).all()
    article = paragraphs.set_index("paragraph_id")["article_id"]
    assert (lines["paragraph_id"].map(article) == lines["article_id"]).all()
    for term, line in zip(lines["term"], lines["line"], strict=True):
        bracketed = re.search(r"\[([^\]]+)\]", line).group(1).lower()
        assert all(word in bracketed for word in term.split()), (term, line)
    # Single words used in both sections get their full lines in each.
    both = found.table[
        found.table["term"].isin(terms)
        & ~found.table["term"].str.contains(" ")
        & (found.table["paragraphs_commentary"] >= 2)
        & (found.table["paragraphs_reporting"] >= 2)
    ]
    assert len(both) > 0
    chosen = lines[lines["term"].isin(both["term"])]
    counts = chosen.groupby(["term", "section"], observed=True).size()  # sections with lines
    assert len(counts) == 2 * len(both) and (counts == 2).all()


def test_contexts_are_read_for_the_given_terms_only():
    rows = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "b"],
            "paragraph_id": ["a:1", "a:2", "b:1", "b:2"],
            "section": ["reporting", "commentary", "commentary", "caption"],
            "text": ["War talks.", "A failing war, a failing war.", "Peace.", "war caption"],
        }
    )
    lines = term_contexts(rows, ["war", "absent"], lines=3, width=10)
    assert lines.to_dict("list") == {
        "article_id": ["a", "a"],
        "paragraph_id": ["a:2", "a:1"],
        "section": ["commentary", "reporting"],
        "term": ["war", "war"],
        "line": ["A failing [war], a failin", "[War] talks."],
    }


def test_hostile_text_cannot_close_the_data_block_or_become_markup(hostile):
    paragraphs, html = hostile
    data, script = _blocks(html)
    assert html.count("<script") == 2 and html.lower().count("</script") == 2
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        assert char not in data, f"{char!r} unescaped in the data block"
    lines = [c[4] for c in json.loads(data)["contexts"]]
    for payload in (*PAYLOADS, "\u2028separator", '"quotes"', "<!-- a comment -->"):
        assert any(payload in line for line in lines), f"{payload!r} kept as data"
    assert HOSTILE_NAME.removesuffix(".txt") in json.loads(data)["articles"]
    outside_data = html.replace(data, "")
    assert "pwned" not in outside_data, "article text only in the data block"
    navigation = '<a href="index.html">Back to the report</a>'  # a link, not a load
    assert outside_data.count(navigation) == 1
    rest = outside_data.replace(script, "").replace(navigation, "")
    assert not re.search(r"\b(?:src|href)=|https?:|//", rest), "the page loads nothing"

    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    policy = unescape(policy)  # as the browser reads the attribute
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"'sha256-{digest}'", "only the page's own script"
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert directives["style-src"] == f"'sha256-{digest}'", "only the page's own style sheet"
    assert " style=" not in html.replace(data, ""), "no style attribute (the policy blocks it)"


def test_json_for_script_round_trips_what_it_escapes():
    value = {"line": "</script><!-- & \u2028\u2029 'q' \"d\" ]]>", "n": [1, 2.5, None]}
    text = json_for_script(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value
    with pytest.raises(ValueError):
        json_for_script({"q": float("nan")})  # JSON.parse would reject NaN


def test_the_page_stays_small_whatever_the_number_of_paragraphs():
    sizes, shown = [], []
    for articles in (100, 400):
        paragraphs = word_paragraphs(articles, seed=3)  # a Zipf vocabulary: ever more terms
        found = distinctive_terms(paragraphs, shuffles=0)
        html = page_of(paragraphs, found, others=200, lines=2)
        sizes.append(len(html.encode("utf-8")))
        others = len(_data(html)["terms"]) - len(top_distinctive(found.table))
        shown.append((len(paragraphs), len(found.table), others))
    (small_rows, small_terms, small_shown), (large_rows, large_terms, large_shown) = shown
    assert large_rows > 3.5 * small_rows and large_terms > 2 * small_terms
    assert small_shown == large_shown == 200
    assert sizes[1] < 1.15 * sizes[0], f"the page grows with the corpus: {sizes}"


def test_the_page_keeps_well_under_its_budget_at_the_defaults(tmp_path):
    budget = 3_000_000  # bytes: what benchmarks/bench_terms_page.py holds the page to
    paragraphs = word_paragraphs(100, seed=3)
    found = distinctive_terms(paragraphs, shuffles=0)
    html = page_of(paragraphs, found)
    assert len(_data(html)["terms"]) == 2_000 + len(top_distinctive(found.table))
    assert len(html.encode("utf-8")) < budget / 2

    write_articles(tmp_path, 240, seed=7)
    paragraphs = _corpus(tmp_path)
    assert len(page_of(paragraphs, distinctive_terms(paragraphs)).encode()) < budget / 4


def test_write_terms_page_draws_terms_html_from_the_saved_tables(sample, tmp_path):
    paragraphs, found = sample
    top = top_distinctive(found.table)
    contexts = term_contexts(paragraphs, plotted_terms(found.table, top)["term"])
    folder = tmp_path / "report"
    saved = {
        "20-distinctive-terms": found.table,
        "20-distinctive-summary": found.summary,
        "20-top-distinctive-terms": top,
        "20-term-contexts": contexts,
        "20-term-sample": term_sample(paragraphs),
    }
    (folder / "tables").mkdir(parents=True)
    for name, table in saved.items():
        if name != "20-term-contexts":
            table.to_parquet(folder / "tables" / f"{name}.parquet")
    assert write_terms_page(folder) is None, "no lines of context saved: no page"
    contexts.to_parquet(folder / "tables" / "20-term-contexts.parquet")
    path = write_terms_page(folder)
    assert path == folder / "terms.html"
    assert path.read_text(encoding="utf-8") == page_of(paragraphs, found, top)
    assert _data(path.read_text(encoding="utf-8"))["contexts"], "the saved lines are shown"
    assert '<a href="index.html">Back to the report</a>' in path.read_text(encoding="utf-8")


def test_the_title_states_the_finding_and_the_sample(generated):
    paragraphs, found = generated
    html = page_of(paragraphs, found)
    title = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert unescape(title) == found.headline()
    counts = paragraphs["section"].value_counts()
    assert f"{paragraphs['article_id'].nunique()} articles: " in html
    assert f"{counts['commentary']:,} commentary paragraphs" in html
    assert f"{counts['reporting']:,} reporting paragraphs" in html
    assert "Commentary: uses per 10,000 words (log scale)" in html
    assert "Reporting: uses per 10,000 words (log scale)" in html


# Records what the page's policy blocks (Playwright's init scripts are not the page's, so
# the policy does not apply to this one).
_WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));"""


@pytest.mark.slow
def test_the_page_works_in_a_browser_and_article_text_stays_text(hostile, tmp_path, browser):
    paragraphs, html = hostile
    path = tmp_path / "terms.html"
    path.write_text(html, encoding="utf-8")
    # The same page with its script changed by one character: the policy must stop it,
    # and this test must see that (else it could not see a violation at all).
    tampered = tmp_path / "tampered.html"
    tampered.write_text(html.replace('"use strict";', '"use strict"; '), encoding="utf-8")
    terms = _data(html)["terms"]
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.add_init_script(_WATCH)
    requests, messages, dialogs = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(tampered.as_uri(), wait_until="load")
    assert page.evaluate("() => window.__violations.length") > 0
    assert not page.evaluate("() => document.body.hasAttribute('data-ready')")

    messages.clear()
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("body[data-ready]", timeout=10_000)
    assert page.evaluate("() => window.__violations") == []
    assert messages == [], "no policy violation, error or warning"
    assert [u for u in requests if urlparse(u).scheme not in ("file", "data")] == []
    assert page.evaluate("() => document.querySelectorAll('circle.dot').length") == len(terms)

    page.locator("#search").press_sequentially("quixotic")
    assert page.locator("#detail h2").first.inner_text() == "quixotic"
    shown = page.locator("#contexts").inner_text()
    for payload in PAYLOADS:
        assert payload in shown, f"{payload!r} shown as text"
    assert HOSTILE_NAME.removesuffix(".txt") in shown, "the article id, as text"
    assert "commentary" in shown and "reporting" in shown, "each line's section"

    # A real click on a dot: the one on top where the "talks" dot is drawn.
    dot = page.locator(f'circle.dot[data-i="{[t[0] for t in terms].index("talks")}"]')
    box = dot.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).getAttribute('data-i')", [x, y]
    )
    page.mouse.click(x, y)
    term = terms[int(on_top)][0]
    assert page.locator("#detail h2").first.inner_text() == term
    assert page.locator("#contexts li").count() > 0
    shown = page.locator("#contexts").inner_text().lower()
    assert all(word in shown for word in term.split()), (term, shown)

    assert page.evaluate("() => window.__pwned") is None, "an article's script ran"
    assert page.evaluate("() => document.scripts.length") == 2
    assert page.evaluate("() => document.querySelectorAll('img, [onerror]').length") == 0
    assert page.evaluate("() => window.__violations") == []
    assert messages == [] and dialogs == []
