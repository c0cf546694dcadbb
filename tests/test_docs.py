"""The project's Markdown documents: a README a newcomer reads in minutes, column tables in one
place (``docs/columns.md``, checked against a real run in ``tests/app/test_docs.py``), and links
that lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
DOCUMENTS = [README, PROJECT_ROOT / "data" / "README.md", *sorted(PROJECT_ROOT.glob("docs/*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
COLUMN_TABLE = re.compile(r"^\|\s*column\s*\|", re.MULTILINE)


def slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to -."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of ``path``'s headings, outside code blocks."""
    found, in_code = set(), False
    for line in path.read_text().splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


def test_slug_follows_github():
    assert slug(" The report's files, tables and columns") == "the-reports-files-tables-and-columns"
    assert slug("Partial, failed and reports") == "partial-failed-and-reports"
    assert slug("`summary.json`") == "summaryjson"


def test_the_readme_is_short():
    lines = README.read_text().splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines: move details to docs/"


def test_the_readme_states_no_count_that_goes_stale():
    text = " ".join(README.read_text().split())
    stale = re.findall(r"\b\d[\d,]*\s+(?:tests?|lines|test modules)\b", text)
    assert stale == [], "counts of tests or lines go stale: say what, not how many"


@pytest.mark.parametrize("path", [README, PROJECT_ROOT / "data" / "README.md"], ids=str)
def test_column_tables_live_only_in_docs_columns(path):
    assert not COLUMN_TABLE.search(path.read_text()), f"{path.name}: link to docs/columns.md"
    assert "columns.md" in path.read_text()


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_link_between_documents_leads_somewhere(path):
    broken = []
    for target in LINK.findall(path.read_text()):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(target)  # noqa: SIM114 (a missing file has no anchors to read)
    assert broken == []
