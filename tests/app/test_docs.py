"""The documentation against a real run: ``docs/columns.md`` describes every file, key, table
and column the report on the bundled sample writes, and nothing it does not write; the
README's account of the sample says what that run finds.

A table or column added to (or removed from) a notebook fails here until the page says what it
holds. The run is the session's one run of the sample (``sample_report``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.paths import PROJECT_ROOT

COLUMNS_DOC = PROJECT_ROOT / "docs" / "columns.md"
README = PROJECT_ROOT / "README.md"

TABLE_NAME = re.compile(r"^\d\d-[\w-]+$")
CODE = re.compile(r"`([^`]+)`")


def sections(text: str) -> dict[str, list[str]]:
    """Each ``##`` or ``###`` heading of a Markdown text (with its hashes), with the lines
    under it up to the next heading."""
    found: dict[str, list[str]] = {}
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith(("## ", "### ")):
            lines = found.setdefault(line, [])
        else:
            lines.append(line)
    return found


def first_cells(lines: list[str]) -> set[str]:
    """The code names in the first cell of every row of the Markdown tables in ``lines``."""
    names: set[str] = set()
    for line in lines:
        if line.startswith("| `"):
            names.update(CODE.findall(line.split(" | ", 1)[0]))
    return names


def documented_tables(text: str) -> dict[str, set[str]]:
    """Table name -> its documented columns: a ``###`` heading names one table or several
    (their columns are the same), and the first cells of the table under it name the
    columns. A ``##`` heading names a notebook, whose name looks like a table's."""
    tables: dict[str, set[str]] = {}
    for heading, lines in sections(text).items():
        names = CODE.findall(heading)
        if heading.startswith("### ") and names and all(TABLE_NAME.match(n) for n in names):
            for name in names:
                tables.setdefault(name, set()).update(first_cells(lines))
    return tables


def test_sections_and_tables_are_read_as_written():
    text = "\n".join([
        "## The report folder", "| `index.html` | x |", "## Sentiment (`10-sentiment`)",
        "### `10-a`, `10-b`", "| column |", "|---|", "| `x`, `y` | number | see `z` |",
        "### `summary.json`", "| `corpus.articles` | n |",
        "### `10-c`", "`10-c` has a `rows` column too.", "| `w` | text | |",
    ])  # fmt: skip
    assert documented_tables(text) == {"10-a": {"x", "y"}, "10-b": {"x", "y"}, "10-c": {"w"}}
    assert first_cells(sections(text)["### `summary.json`"]) == {"corpus.articles"}


@pytest.mark.slow
def test_every_table_and_column_of_the_sample_run_is_documented(sample_report):
    _, folder = sample_report
    written = {
        table.stem: set(pd.read_parquet(table).columns)
        for table in sorted((folder / "tables").glob("*.parquet"))
    }
    documented = documented_tables(COLUMNS_DOC.read_text())
    assert written, "the run wrote tables"
    assert sorted(set(written) - set(documented)) == [], "tables written but not documented"
    assert sorted(set(documented) - set(written)) == [], "tables documented but not written"
    undocumented = {t: sorted(c - documented[t]) for t, c in written.items() if c - documented[t]}
    assert undocumented == {}, "columns written but not in docs/columns.md"
    unwritten = {t: sorted(documented[t] - c) for t, c in written.items() if documented[t] - c}
    assert unwritten == {}, "columns in docs/columns.md that the run does not write"


def keys(summary: dict, depth: int = 2) -> set[str]:
    """The keys of ``summary`` as dotted paths, down to ``depth`` levels of objects."""
    found = set()
    for key, value in summary.items():
        if isinstance(value, dict) and value and depth > 1:
            found |= {f"{key}.{inner}" for inner in keys(value, depth - 1)}
        else:
            found.add(key)
    return found


@pytest.mark.slow
def test_every_key_of_the_summary_is_documented(sample_report):
    _, folder = sample_report
    summary = json.loads((folder / "summary.json").read_text())
    documented = first_cells(sections(COLUMNS_DOC.read_text())["## `summary.json`"])
    written = keys(summary)
    assert {"name", "corpus.articles", "provenance.packages"} <= written
    assert sorted(written - documented) == [], "summary keys not in docs/columns.md"
    assert sorted(documented - written) == [], "docs/columns.md names keys the run does not write"


@pytest.mark.slow
def test_every_file_of_the_report_folder_is_documented(sample_report):
    _, folder = sample_report
    documented = first_cells(sections(COLUMNS_DOC.read_text())["## The report folder"])
    written = {p.name + ("/" if p.is_dir() else "") for p in Path(folder).iterdir()}
    assert {"index.html", "tables/"} <= written
    assert written == documented


@pytest.mark.slow
def test_the_readme_says_what_the_sample_run_finds(sample_report):
    """Each claim the README makes about the sample in words, checked against the run."""
    _, folder = sample_report
    summary = json.loads((folder / "summary.json").read_text())
    readme = sections(README.read_text())["## What it finds on the sample"]
    claims = " ".join(" ".join(readme).split()).casefold()  # phrases run over line breaks

    within = {
        row["measure"]: row["median_difference"]
        for row in summary["sentiment"]["within_article"]
        if row["rows"] == "all rows" and row["group"] == "all"
    }
    assert "more negative" in claims and within["tb_polarity"] < 0 > within["vader_compound"]
    assert "more subjective" in claims and within["tb_subjectivity"] > 0
    assert "more likely to be opinion" in claims and within["opinion"] > 0
    ranks = summary["sentiment"]["opinion"]["ranks"]
    assert "ranks both commentary paragraphs above the middle" in claims
    assert len(ranks) == 2 and all(r["rank"] < r["chance_rank"] for r in ranks)
    (commentary,) = [c for c in summary["sentiment"]["coverage"] if c["section"] == "commentary"]
    assert "no textblob word" in claims and commentary["textblob_rows"] < commentary["rows"]
    assert "a single article" in claims and summary["corpus"]["articles"] == 1
    sides = summary["framing"]["distinctive_terms"]["sides"].values()
    assert "no word passes" in claims and all(side["passing"] == 0 for side in sides)
    assert "too few paragraphs" in claims and summary["framing"]["separability"]["n_folds"] == 0
    validity = {row["score"]: row["roc_auc"] for row in summary["sentiment"]["opinion"]["validity"]}
    assert "close to chance" in claims and validity["TextBlob subjectivity"] < 0.6
    assert validity["Opinion probability"] > validity["TextBlob subjectivity"]
