"""No page is written in Python: every ``<html``, ``<style``, ``<script``, ``<table``, ``<p`` ... of
the package lives in ``analysis/report/templates`` (and its CSS and JavaScript in
``static/``), so someone changing the report's look finds it in one place.

Docstrings are left out: they are documentation, never rendered, and several say which
markup an article may carry and how it is escaped (``<script>`` shown as text). Every
other string literal is read, f-strings' literal parts included, in every ``.py`` file of
``analysis/``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from analysis.paths import PROJECT_ROOT

# The issue names html, style, script and table; any element a page is built of counts.
MARKUP = re.compile(
    r"<\s*(html|head|body|style|script|table|tr|td|th|p|div|span|a|ul|ol|li|svg|meta|link)\b",
    re.IGNORECASE,
)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module and of its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def markup_in_strings(source: str) -> list[tuple[int, str]]:
    """``(line, tag)`` for each markup tag inside a string literal of ``source`` that is not
    a docstring."""
    tree = ast.parse(source)
    skipped = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
        ):
            found += [(node.lineno, m.group(0)) for m in MARKUP.finditer(node.value)]
    return found


def test_the_check_finds_markup_in_strings_and_f_strings_but_not_in_docstrings():
    source = '''"""A module about ``<script>``."""
def page(body):
    """Escapes ``<table>`` text."""
    head = "<!DOCTYPE html><HTML lang='en'>"
    return head + f"<style>{body}</style>" + "< script>"
'''
    assert sorted(markup_in_strings(source)) == [(4, "<HTML"), (5, "< script"), (5, "<style")]


def test_no_html_style_script_or_table_in_the_packages_python_strings():
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {tag}"
        for path in sorted((PROJECT_ROOT / "analysis").rglob("*.py"))
        for line, tag in markup_in_strings(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "markup belongs in analysis/report/templates:\n" + "\n".join(found)


def test_the_pages_templates_and_static_files_are_real_files():
    report = PROJECT_ROOT / "analysis" / "report"
    templates = {p.name for p in Path(report / "templates").rglob("*.j2")}
    assert {"index.html.j2", "articles.html.j2", "article.html.j2", "terms.html.j2",
            "notebook.html.j2"} <= templates  # fmt: skip
    static = {p.name for p in Path(report / "static").iterdir()}
    assert {"index.css", "articles.css", "articles.js", "terms.css", "terms.js"} <= static
