"""The report opened in a real browser (Debian's chromium, driven by Playwright).

The corpus is the sample plus a hostile article whose file name, outlet, title and text
carry markup, scripts, TeX and template syntax. Every page of the report (the front page,
each notebook's HTML, articles.html, terms.html and the article pages) must render, ask for
nothing outside the report, run none of the article's scripts (articles.html and terms.html
run their own, which their Content-Security-Policy allows by hash, and nothing else), and
show the article's markup, TeX and braces as the text they are; every link must lead to a
file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.paths import SAMPLE_DIR
from analysis.report import STATIC_MESSAGE

# Each payload, if it ran, would set window.__pwned; the browser must show it as text.
HOSTILE = """---
outlet: "<script>window.__pwned = 'outlet'</script>"
---
<b>Minister</b> <script>window.__pwned = 'title'</script> visits

MINSK (Reuters) - The minister arrived on Tuesday <img src=x onerror="window.__pwned='img'">.

"We will talk <script>window.__pwned = 'quote'</script>," the minister said.

Comment: A <script>window.__pwned = 'comment'</script> disgraceful and reckless visit.

Comment: The worst <svg onload="window.__pwned='svg'"></svg> diplomacy imaginable.

Comment: A deal costing $5 and $10 a head, $\\alert$ and {{ 7 * 7 }}, is a disgrace.
"""

# What the browser must show as typed: MathJax would typeset the dollars as TeX.
LITERAL = ("costing $5 and $10 a head", "$\\alert$", "{{ 7 * 7 }}")

# Elements an article's markup would have made, or MathJax's typesetting.
INJECTED = (
    "img[src='x'], svg[onload], [onerror], [onload], "
    ".MathJax, .MathJax_Preview, .MathJax_Display, mjx-container, math"
)


# The pages that run a script of their own (the JSON data block counts as one element).
SCRIPTS = {"articles.html": 1, "terms.html": 2}


def _local(url: str, folder: Path) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    shutil.copy(SAMPLE_DIR / "xi-china-belarus-lukashenko.txt", corpus)
    (corpus / "<img src=x onerror=window.__pwned=1>.txt").write_text(HOSTILE, encoding="utf-8")
    workdir = tmp_path_factory.mktemp("browser-run")
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--input", str(corpus), "--name", "hostile",
         "--reports-dir", str(workdir)],
        cwd=workdir, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "MEDIA_BIAS_CACHE": str(workdir / "cache")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return workdir / "hostile"


@pytest.mark.slow
def test_report_renders_links_resolve_and_article_scripts_stay_inert(hostile_report, browser):
    folder = hostile_report
    pages = [folder / "index.html", *sorted((folder / "notebooks").glob("*.html"))]
    pages += [folder / "articles.html", folder / "terms.html"]
    pages += sorted((folder / "articles").glob("*.html"))
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    refused: list[str] = []  # what the Content-Security-Policy blocked
    page.on("console", lambda m: refused.append(m.text) if "Security" in m.text else None)
    for path in pages:
        requests.clear()
        page.goto(path.as_uri(), wait_until="networkidle")
        outside = [u for u in requests if urlparse(u).scheme not in ("file", "data")]
        assert outside == [], f"{path.name} asks for files outside the report"
        assert page.evaluate("() => window.__pwned") is None, f"a script ran in {path}"
        scripts = page.evaluate("() => document.scripts.length")
        assert scripts == SCRIPTS.get(path.name, 0), f"{path.name}: {scripts} scripts"
        assert page.evaluate("() => document.body.innerText.length") > 500, path
        assert page.eval_on_selector_all(INJECTED, "els => els.length") == 0, (
            f"{path.name} renders markup or TeX from the article"
        )
        policy = page.eval_on_selector(
            "meta[http-equiv='Content-Security-Policy']", "m => m.content"
        )
        assert "default-src 'none'" in policy, path.name
        allowed = policy.partition("script-src")[2].partition(";")[0].split()
        if path.name in SCRIPTS:  # its own script, by its hash alone
            assert allowed and all(a.startswith("'sha256-") for a in allowed), path.name
        else:
            assert allowed == [], f"{path.name} allows a script"
        assert refused == [], f"{path.name}: {refused}"
        local = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        files = [_local(u, folder) for u in local if urlparse(u).scheme == "file"]
        gone = [str(t) for t in files if not t.is_file()]  # the web links are cited
        assert gone == [], f"{path.name} links to what is not there"
    assert not dialogs

    page.goto(pages[0].as_uri(), wait_until="load")
    assert page.title() == "Media-bias report: hostile"
    text = page.evaluate("() => document.body.innerText")
    assert "<img src=x onerror=window.__pwned=1>.txt" in text, "file names shown as text"
    assert "What the report finds" in text
    assert page.evaluate("() => document.querySelectorAll('script').length") == 0

    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.src, e.complete && e.naturalWidth > 0])"
    )
    assert len(images) == len(list((folder / "figures").glob("*.png")))
    assert [src for src, loaded in images if not loaded] == [], "images that did not load"

    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    targets = [_local(url, folder) for url in links]
    assert None not in targets, "index.html links outside the report"
    missing = [str(t) for t in targets if not (t.is_file() and t.stat().st_size > 0)]
    assert missing == []
    linked = {t.relative_to(folder).as_posix() for t in targets}
    for sub in ("notebooks", "figures", "tables"):
        for file in (folder / sub).iterdir():
            assert file.relative_to(folder).as_posix() in linked, f"{file} not linked"

    # The hostile article has a page of its own, linked from articles.html, and
    # terms.html shows its commentary's lines as text when a term is picked.
    page.goto((folder / "articles.html").as_uri(), wait_until="load")
    hostile = page.locator("a", has_text="<img src=x onerror=window.__pwned=1>")
    hostile.first.click()
    page.wait_for_load_state("load")
    assert "window.__pwned = 'comment'" in page.evaluate("() => document.body.innerText")
    page.goto((folder / "articles.html").as_uri(), wait_until="load")
    first = page.eval_on_selector("#articles tbody tr td", "td => td.textContent")
    page.click("#articles th button >> nth=0")  # sorts by the article id
    ids = page.eval_on_selector_all(
        "#articles tbody tr td:first-child", "tds => tds.map(td => td.textContent)"
    )
    assert ids == sorted(ids, key=str.lower) and first in ids, "the table sorts"
    page.goto((folder / "terms.html").as_uri(), wait_until="load")
    page.fill("#search", "disgraceful")  # a term of the hostile commentary alone
    assert "window.__pwned = 'comment'" in page.inner_text("#detail")
    assert page.evaluate("() => window.__pwned") is None

    # Where no widget runs, the framing notebook's explorer says where it does.
    page.goto((folder / "notebooks" / "20-framing.html").as_uri(), wait_until="load")
    assert STATIC_MESSAGE in page.evaluate("() => document.body.innerText")

    # The article page of the sentiment notebook shows the hostile text as text.
    page.goto((folder / "notebooks" / "10-sentiment.html").as_uri(), wait_until="load")
    text = page.evaluate("() => document.body.innerText")
    assert "window.__pwned = 'comment'" in text
    for literal in LITERAL:
        assert literal in text, f"{literal!r} shown as typed"
    bold = page.eval_on_selector_all("b", "els => els.map(e => e.textContent)")
    assert "Minister" not in bold, "the title's <b> is text, not bold"
