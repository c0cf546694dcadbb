"""The executed notebooks' HTML (``analysis.report.render_notebook_html``): JupyterLab's
page from ``templates/nbconvert/notebook.html.j2``, with nothing loaded from outside and no
script, so article text stays text."""

from __future__ import annotations

import re

import nbformat

from analysis.report import render_notebook_html


def test_the_page_loads_nothing_runs_nothing_and_keeps_article_text_as_typed(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show(article)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="costing $5 and $10, $\\alert$\n"),
        nbformat.v4.new_output(
            "display_data", data={"text/html": "<p>costing $5 and $10 {{ 7 * 7 }}</p>"}
        ),
        nbformat.v4.new_output(
            "display_data", data={"application/javascript": "window.__pwned = 1"}
        ),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# A title\n\nPrices in $ are shown."), cell]
    path = tmp_path / "10-test.ipynb"
    nbformat.write(nb, path)
    written = render_notebook_html(path)
    assert written == tmp_path / "10-test.html"
    html = written.read_text(encoding="utf-8")
    assert "<script" not in html.lower(), "no script at all: the page needs none"
    assert "(JavaScript output, not run in this page)" in html and "__pwned" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), "nothing external"
    meta = re.search(r'<meta[^>]*http-equiv="Content-Security-Policy"[^>]*>', html)
    policy = re.search(r'content="([^"]+)"', meta.group(0)).group(1) if meta else ""
    assert "default-src 'none'" in policy and "script-src" not in policy, "no script allowed"
    assert "costing $5 and $10, $\\alert$" in html and "{{ 7 * 7 }}" in html
    assert html.index("Content-Security-Policy") < html.index("<style"), "before anything loads"
    assert "The executed notebook as HTML" not in html, "the template's comment stays out"
