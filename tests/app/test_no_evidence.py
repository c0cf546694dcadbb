"""A corpus whose commentary TextBlob cannot read: harsh words its lexicon lacks.

"This is a disgraceful betrayal by greedy port bosses" scores 0.0 with TextBlob: no evidence,
not neutral. The run must say so everywhere a number reaches a reader: the tables mark those
rows, the front page shows the lexicons' coverage and the comparison on rows with evidence,
and the notebook prints the same findings the front page shows.
"""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest

from analysis import score_texts

UNREAD = [  # harsh commentary without a word of TextBlob's lexicon
    "This is a disgraceful betrayal by greedy port bosses.",
    "The offer is an insult to every worker on the docks.",
]
READ = "It is a terrible decision, and a cruel one."
REPORTING = [
    "Dock workers walked out on Monday after talks with port officials broke down.",
    "The union said 400 members had joined the strike at the container terminal.",
    "Port officials said the offer of a 3% rise remained on the table.",
    "Ships were diverted to other harbours, a spokesperson for the port said.",
    "Talks are due to resume next week, the union said.",
]


def test_the_commentary_words_are_missing_from_textblob_and_not_from_vader():
    scored = score_texts([*UNREAD, READ], cache=False)
    assert scored["tb_n_terms"].tolist() == [0, 0, 2]  # "terrible", "cruel"
    assert (scored["vader_compound"] < -0.3).all()


@pytest.fixture(scope="module")
def unread_report(tmp_path_factory, media_bias):
    root = tmp_path_factory.mktemp("unread")
    corpus = root / "corpus"
    corpus.mkdir()
    for number in range(12):
        paragraphs = [f"port strike day {number}", *REPORTING]
        paragraphs.insert(3, f"Comment: {UNREAD[number % 2]}")
        paragraphs.append(f"Comment: {READ}")
        (corpus / f"strike-{number}.txt").write_text("\n\n".join(paragraphs) + "\n")
    done = media_bias(
        "run", "--input", str(corpus), "--name", "unread", "--reports-dir", "reports",
        "--only", "00-load-articles", "--only", "10-sentiment",
        cwd=root, cache=root / "cache",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return root / "reports" / "unread"


@pytest.mark.slow
def test_tables_mark_the_rows_without_evidence(unread_report):
    tables = unread_report / "tables"
    scores = pd.read_parquet(tables / "10-scores-paragraph.parquet")
    paragraphs = pd.read_parquet(tables / "00-paragraphs.parquet")
    assert scores["paragraph_id"].tolist() == paragraphs["paragraph_id"].tolist()
    scores = scores.merge(paragraphs[["paragraph_id", "text"]], on="paragraph_id")
    commentary = scores[scores["section"] == "commentary"]
    unread = commentary["text"].isin(UNREAD)
    assert unread.sum() == 12 and (commentary.loc[unread, "tb_n_terms"] == 0).all()
    coverage = pd.read_parquet(tables / "10-coverage.parquet").set_index("section")
    assert coverage.loc["commentary", "textblob_share"] == 0.5
    assert coverage.loc["commentary", "vader_share"] == 1.0
    within = pd.read_parquet(tables / "10-within-article.parquet")
    assert set(within["rows"]) == {"all rows", "rows with a TextBlob word"}
    polarity = within[(within["measure"] == "tb_polarity") & (within["group"] == "all")]
    by_rows = polarity.set_index("rows")["median_difference"]
    # the zeros of the unread paragraphs pull the commentary towards neutral
    assert by_rows["rows with a TextBlob word"] < by_rows["all rows"] < 0


@pytest.mark.slow
def test_the_front_page_shows_coverage_and_the_evidence_only_comparison(unread_report):
    page = (unread_report / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    text = re.sub(r"\s+", " ", text)
    assert "How often the lexicons find a sentiment word" in text
    assert "commentary 24 50% 100%" in text
    assert "TextBlob finds a sentiment word in 50% of commentary" in text
    assert "Polarity (TextBlob), on paragraphs with a TextBlob word: the commentary is" in text
    assert "scores 0.0: no evidence, not neutral" in text or "not because they are neutral" in text
    summary = json.loads((unread_report / "summary.json").read_text(encoding="utf-8"))
    assert summary["sentiment"]["coverage"][1]["textblob_share"] == 0.5


@pytest.mark.slow
def test_the_notebook_prints_the_front_pages_findings_word_for_word(unread_report):
    executed = nbformat.read(unread_report / "notebooks" / "10-sentiment.ipynb", as_version=4)
    printed = "".join(
        output.get("text", "")
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.get("output_type") == "stream"
    )
    summary = json.loads((unread_report / "summary.json").read_text(encoding="utf-8"))
    assert summary["sentiment"]["headline"], "the findings reach the summary"
    for sentence in summary["sentiment"]["headline"]:
        assert sentence in printed
