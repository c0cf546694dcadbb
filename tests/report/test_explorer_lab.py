"""The explorer as its users meet it: the framing notebook run in a real JupyterLab, opened in
headless Chromium (Debian's, driven by Playwright), where a reader finds an article, reads
it, types a term and narrows its lines to one section; and the static message it leaves
where no frontend runs widgets (papermill's record of the notebook)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from analysis import load_corpus
from analysis.framing import keyword_in_context
from analysis.load import prose
from analysis.paths import PROJECT_ROOT
from analysis.report import STATIC_MESSAGE

NOTEBOOK = PROJECT_ROOT / "notebooks" / "20-framing.ipynb"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a free port, its root a folder holding the framing notebook;
    yields (base URL, token). Every cell is rendered (no windowing), so widgets below the
    fold exist in the page."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    settings = root / ".settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **{k: v for k, v in os.environ.items() if k != "MPLBACKEND"},
        "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
        "MEDIA_BIAS_CACHE": str(root / ".cache"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         "--allow-root"],  # CI runs as root
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start in 60 s")
        yield url, token
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_the_explorer_finds_an_article_and_a_terms_contexts_in_jupyterlab(lab, browser):
    url, token = lab
    paragraphs = prose(load_corpus().paragraphs)
    expected = keyword_in_context(paragraphs, "sanctions", limit=20)
    in_commentary = expected[expected["section"] == "commentary"]
    assert 0 < len(in_commentary) < len(expected), "the sample has the term on both sides"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/lab/tree/{NOTEBOOK.name}?token={token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " return w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel; }",
        timeout=60_000,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    search = page.locator(".widget-text input[placeholder='id, title or outlet, then Enter']")
    search.wait_for(timeout=240_000)
    search.fill("lukashenko")
    search.press("Enter")
    page.wait_for_function(
        "() => document.querySelectorAll('.widget-select select option').length > 0"
    )
    options = page.eval_on_selector_all(
        ".widget-select select option", "els => els.map(e => e.textContent)"
    )
    assert options and all("lukashenko" in o.lower() for o in options)
    article = page.locator(".widget-html", has_text="opinion 0.").first
    article.wait_for(timeout=30_000)
    assert "Lukashenko" in article.inner_text()

    term = page.locator(".widget-text input[placeholder='a word or two, then Enter']")
    term.fill("sanctions")
    term.press("Enter")
    table = page.locator("table.kwic")
    table.wait_for(timeout=30_000)
    rows = table.locator("tr").all_inner_texts()[1:]
    assert len(rows) == len(expected)
    assert all("[sanctions]" in r.lower() for r in rows)
    assert sorted(r.split("\t")[1] for r in rows) == sorted(expected["section"].astype(str))

    page.locator(".widget-toggle-buttons button", has_text="commentary").first.click()
    page.wait_for_function(
        f"() => document.querySelectorAll('table.kwic tr').length === {len(in_commentary) + 1}",
        timeout=30_000,
    )
    rows = table.locator("tr").all_inner_texts()[1:]
    assert all(r.split("\t")[1] == "commentary" for r in rows)


@pytest.mark.slow
@pytest.mark.notebooks
def test_without_a_frontend_the_explorer_leaves_a_message(tmp_path):
    """papermill runs the notebook with no widget frontend: the executed notebook records
    the explorer's text, which says where it runs, besides the widget's view."""
    out = tmp_path / "out.ipynb"
    env = {**os.environ, "MEDIA_BIAS_CACHE": str(tmp_path / "cache")}
    env.pop("MPLBACKEND", None)
    done = subprocess.run(
        [sys.executable, "-m", "papermill", str(NOTEBOOK), str(out), "--log-level", "ERROR"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    cells = json.loads(out.read_text())["cells"]
    (cell,) = [c for c in cells if "".join(c["source"]).startswith("report.Explorer(")]
    (output,) = cell["outputs"]
    assert "".join(output["data"]["text/plain"]) == STATIC_MESSAGE
    assert "application/vnd.jupyter.widget-view+json" in output["data"]
